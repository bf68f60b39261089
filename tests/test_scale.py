"""Large indexes: the approximate vector index that takes over above ANN_THRESHOLD, and the
synthetic corpora the scale benchmark is built from, searched through the product's own code."""

from __future__ import annotations

import faiss
import numpy as np

from plansearch.devtools.synth import matched_noise, mean_pair_cosine, synthesize, synthetic_vectors
from plansearch.ingest.pipeline import ingest
from plansearch.knowledge.derive import common_words
from plansearch.search import retrievers
from plansearch.search.searcher import Searcher
from plansearch.store import ann
from plansearch.store import index as index_module
from plansearch.store.ann import build_faiss
from plansearch.store.index import load_index


def real_like(n: int = 400, dim: int = 64, seed: int = 0) -> np.ndarray:
    """Unit vectors sharing a common direction, as sentence embeddings do (mean cosine about 0.8)."""
    rng = np.random.default_rng(seed)
    vectors = rng.normal(size=(n, dim)) + 2.0 * rng.normal(size=dim)
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def test_synthetic_vectors_are_spread_like_the_real_ones():
    base = real_like()
    noise = matched_noise(base)
    data = synthetic_vectors(base, 20_000, noise=noise)
    assert abs(mean_pair_cosine(data) - mean_pair_cosine(base)) < 0.05
    assert np.allclose(np.linalg.norm(data, axis=1), 1.0, atol=1e-4)


def test_above_the_threshold_an_ivf_index_keeps_recall_at_10_over_095():
    base = real_like()
    data = synthetic_vectors(base, ann.ANN_THRESHOLD + 10_000)
    ivf = build_faiss(data)
    assert isinstance(ivf, faiss.IndexIVFFlat) and ivf.ntotal == len(data)
    queries = synthetic_vectors(base, 100, seed=99)
    exact = np.argsort(-(queries @ data.T), axis=1)[:, :10]
    _, found = ivf.search(queries, 10)
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(exact, found, strict=True)])
    assert recall >= 0.95, recall
    assert ivf.nprobe < ivf.nlist / 4  # and it is approximate: most lists are never scanned


def test_a_synthetic_corpus_is_saved_loaded_and_searched_like_a_real_one(
    small_corpus, settings_for, fake_embedder, tmp_path, monkeypatch
):
    settings = settings_for(small_corpus)
    ingest(settings, embedder=fake_embedder)
    base = load_index(settings.index_dir)
    # Thresholds scaled down so that a small corpus takes the large-index paths.
    monkeypatch.setattr(ann, "ANN_THRESHOLD", 500)
    monkeypatch.setattr(index_module, "ANN_THRESHOLD", 500)
    monkeypatch.setattr(retrievers, "EXACT_LIMIT", 300)
    factor = max(2, 1000 // len(base.passages) + 1)
    synthesize(base, factor, tmp_path / "scale")
    big = load_index(tmp_path / "scale")
    assert len(big.passages) == factor * len(base.passages)
    assert len(big.documents) == factor * len(base.documents)
    assert isinstance(big.faiss, faiss.IndexIVFFlat) and big.faiss.nprobe == big.manifest["nprobe"]
    # Copies are varied, not repeated.
    assert len({p.text for p in big.passages}) > 10 * len(base.passages)
    assert big.common_words == common_words(base)

    hits = Searcher(big, fake_embedder).search("teledermatoskopi vårdcentraler", k=5)
    assert "eledermatoskopi" in hits[0].passage.text
    # The approximate path finds what exact scoring over every passage finds.
    monkeypatch.setattr(retrievers, "EXACT_LIMIT", 10**9)
    exact = Searcher(big, fake_embedder).search("teledermatoskopi vårdcentraler", k=5)
    assert hits[0].passage.id == exact[0].passage.id

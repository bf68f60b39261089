"""Find the passages that answer a query."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from plansearch.embed import Embedder
from plansearch.index import Index
from plansearch.models import Hit

RETRIEVERS = ("bm25", "dense", "hybrid")


@dataclass
class Searcher:
    """Holds the loaded index and model; one per process."""

    index: Index
    embedder: Embedder

    def dense(self, query: str, k: int = 10) -> list[Hit]:
        """Passages nearest to the query in the embedding space."""
        if not self.index.passages:
            return []
        vector = self.embedder.embed_query(query).reshape(1, -1).astype(np.float32)
        scores, rows = self.index.faiss.search(vector, min(k, len(self.index.passages)))
        hits = []
        for rank, (row, score) in enumerate(zip(rows[0], scores[0]), 1):
            if row < 0:
                continue
            hits.append(
                Hit(self.index.passages[row], float(score), rank, {"dense": {"rank": rank, "score": round(float(score), 4)}})
            )
        return hits

    def search(self, query: str, k: int = 10, retriever: str = "dense") -> list[Hit]:
        if retriever not in RETRIEVERS:
            raise ValueError(f"retriever must be one of {', '.join(RETRIEVERS)}")
        return self.dense(query, k)


def hit_record(hit: Hit, index: Index) -> dict:
    """The JSON form of a hit, as `plansearch search --json` and /api/search give it."""
    p = hit.passage
    meta = index.meta(p.doc_id)
    return {
        "id": p.id,
        "doc_id": p.doc_id,
        "title": meta.title if meta else p.doc_id,
        "publisher": meta.publisher if meta else "",
        "section": p.section,
        "page": p.page,
        "kind": p.kind,
        "lang": p.lang,
        "start": p.start,
        "end": p.end,
        "text": p.text,
        "score": round(hit.score, 4),
        "rank": hit.rank,
        "retrievers": hit.signals,
    }

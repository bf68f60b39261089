"""The JSON form of a search hit: one shape for `plansearch search --json`, /api/search and /sok."""

from __future__ import annotations

from typing import Any

from plansearch.models import Hit
from plansearch.store.index import Index


def hit_record(hit: Hit, index: Index) -> dict[str, Any]:
    """The JSON form of a hit, with its document's title and each retriever's rank and score."""
    p = hit.passage
    meta = index.meta(p.doc_id)
    return {
        "id": p.id,
        "passage_id": p.id,  # the name citations, feedback and the MCP tools give the same id
        "doc_id": p.doc_id,
        "title": meta.title if meta else p.doc_id,
        "publisher": meta.publisher if meta else "",
        "section": p.section,
        "page": p.page,
        "page_end": p.page_end if p.page_end is not None else p.page,  # last page; = page for one page
        "kind": p.kind,
        "lang": p.lang,
        "start": p.start,
        "end": p.end,
        "text": p.text,
        # A table row's cells under their column names, in order; a glossary entry's term and
        # meaning; [] for running text.
        "fields": [{"name": name, "value": value} for name, value in p.fields],
        "score": round(hit.score, 4),
        "rank": hit.rank,
        "retrievers": {k: v for k, v in hit.signals.items() if k != "also_in"},
        "also_in": sorted(hit.signals.get("also_in", {})),
    }

"""The JSON API of the decision log and the comparison: GET /api/decisions and GET /api/compare."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from plansearch.answer.compare import Side, compare, documents_for
from plansearch.errors import NotFound
from plansearch.knowledge.decision_register import (
    DecisionFilter,
    counts,
    filter_decisions,
    json_row,
    passage_link,
    to_csv,
)
from plansearch.knowledge.decisions import Decision
from plansearch.knowledge.register import json_row as activity_row
from plansearch.search.records import hit_record
from plansearch.server.deps import ServiceDep
from plansearch.server.downloads import csv_response
from plansearch.server.errors import BadRequest
from plansearch.service import Snapshot

MAX_SIDES = 8


def register_routes() -> APIRouter:
    router = APIRouter()

    @router.get(
        "/api/decisions",
        tags=["beslut"],
        responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "JSON, or CSV with format=csv"}},
    )
    def decisions(
        service: ServiceDep,
        meeting: Annotated[str, Query(max_length=200, description="Möte, beslutande organ eller datum, eller del av det")] = "",
        document: Annotated[str, Query(max_length=200, description="Dokumentets id eller del av titeln")] = "",
        q: Annotated[str, Query(max_length=500, description="Ord som alla ska finnas i beslutet")] = "",
        format: Annotated[Literal["json", "csv"], Query(description="json eller csv")] = "json",
    ) -> Any:
        """Every decision in the minutes, filtered, in document order, with counts per meeting and
        body; CSV with Swedish column names."""
        f = DecisionFilter(meeting.strip(), document.strip(), q.strip())
        every = service.snapshot.index.decision_list or []
        check_document(f, every)
        found = filter_decisions(every, f)
        if format == "csv":
            return csv_response(to_csv(found), "beslut.csv")
        return {"filters": asdict(f), "count": len(found), "counts": counts(every, f), "decisions": [json_row(d) for d in found]}

    @router.get("/api/compare", tags=["jämför"])
    def compare_documents(
        service: ServiceDep,
        topic: Annotated[str, Query(min_length=1, max_length=300, description="Ämnet att jämföra")],
        doc: Annotated[list[str], Query(max_length=MAX_SIDES, description="Dokument-id, två eller fler")] = [],  # noqa: B006
        region: Annotated[list[str], Query(max_length=MAX_SIDES, description="Region, alla dess dokument")] = [],  # noqa: B006
    ) -> dict:
        """For each document chosen (by id, or all of a region's): its best passages on the topic,
        its activities and decisions on it, or `relevant: false` ("Inget om detta i dokumentet")."""
        snapshot = service.snapshot
        metas = chosen(snapshot, topic, doc, region)
        sides = compare(snapshot.searcher, topic.strip(), metas, snapshot.engine.settings, snapshot.engine.calibration)
        return {"topic": topic.strip(), "index_version": snapshot.version, "documents": [side_record(s, snapshot) for s in sides]}

    return router


def check_document(f: DecisionFilter, decisions: list[Decision]) -> None:
    """Answer 404, in Swedish, for a document that names no minutes in the decision log."""
    if f.document and not filter_decisions(decisions, DecisionFilter(document=f.document)):
        raise NotFound(f"Inget protokoll i beslutsloggen matchar {f.document!r}.")


def chosen(snapshot: Snapshot, topic: str, doc_ids: list[str], regions: list[str]):
    """The documents to compare (every document when none is chosen), checked: a topic, known ids
    and regions, two to MAX_SIDES documents; else a Swedish 4xx."""
    if not topic.strip():
        raise BadRequest("Ämnet (topic) är tomt.")
    unknown = [d for d in doc_ids if d not in snapshot.index.documents]
    if unknown:
        raise NotFound(f"Okänt dokument: {unknown[0][:80]!r}.")
    every = [d.meta for d in snapshot.index.documents.values()]
    for region in regions:
        if region.strip() and not documents_for(every, [], [region]):
            raise NotFound(f"Ingen region eller inget dokument matchar {region.strip()[:80]!r}.")
    # Nothing chosen: every document, as the page shows them before a choice is made.
    metas = documents_for(every, doc_ids, regions) if doc_ids or any(r.strip() for r in regions) else every
    if len(metas) < 2:
        raise BadRequest("Välj minst två dokument (doc) eller en region med flera dokument (region) att jämföra.")
    if len(metas) > MAX_SIDES:
        raise BadRequest(f"Högst {MAX_SIDES} dokument kan jämföras åt gången.")
    return metas


def side_record(side: Side, snapshot: Snapshot) -> dict[str, Any]:
    """One document's column as JSON."""
    return {
        "doc_id": side.meta.doc_id,
        "title": side.meta.title,
        "region": side.meta.region,
        "relevant": side.relevant,
        "message": "" if side.relevant else "Inget om detta i dokumentet",
        "passages": [hit_record(h, snapshot.index) | {"confidence": round(c, 3)} for h, c in side.hits],
        "activities": [activity_row(a) | {"link": passage_link(a.doc_id, a.passage_id)} for a in side.activities],
        "decisions": [json_row(d) for d in side.decisions],
    }

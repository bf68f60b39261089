"""The JSON API routes: search, ask, glossary, roles, activities, documents, health and reload."""

from __future__ import annotations

import hmac
from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from plansearch.answer.records import AnswerRecord
from plansearch.config import Retriever
from plansearch.errors import NotFound, Unauthorized
from plansearch.knowledge.activities import Activity
from plansearch.knowledge.register import YEAR_LIMITS, ActivityFilter, counts, filter_activities, json_row, to_csv
from plansearch.models import GlossaryEntry, PassageKind
from plansearch.search.filters import Filters
from plansearch.search.records import hit_record
from plansearch.server.deps import ServiceDep, valid_doc_id
from plansearch.server.downloads import csv_response
from plansearch.server.errors import BadRequest
from plansearch.server.schemas import AskRequest
from plansearch.service import Snapshot


def api_routes() -> APIRouter:
    """Every /api route and /healthz."""
    router = APIRouter()

    @router.get("/healthz", tags=["drift"])
    def healthz(service: ServiceDep) -> dict:
        snapshot = service.snapshot
        return {
            "status": "ok",
            "index_version": snapshot.version,
            "documents": len(snapshot.index.documents),
            "passages": len(snapshot.index.passages),
        }

    @router.get("/api/search", tags=["sök"])
    def search(
        service: ServiceDep,
        q: Annotated[str, Query(min_length=1, max_length=500, description="Söktext")],
        k: Annotated[int, Query(ge=1, le=50)] = 10,
        doc: Annotated[str | None, Query(max_length=200)] = None,
        kind: Annotated[PassageKind | None, Query()] = None,
        year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
        retriever: Annotated[Retriever | None, Query()] = None,
    ) -> dict:
        if not q.strip():
            raise BadRequest("Söktexten (q) är tom.")
        if retriever == "sparse" and service.snapshot.index.sparse is None:
            raise BadRequest("Indexet saknar latenta termer; välj en annan sökmetod (retriever).")
        hits, snapshot = service.search(q, k=k, filters=Filters(doc_id=doc, kind=kind, year=year), retriever=retriever)
        return {"query": q, "index_version": snapshot.version, "results": [hit_record(h, snapshot.index) for h in hits]}

    @router.post("/api/ask", response_model=AnswerRecord, tags=["chatt"])
    def ask(request: AskRequest, service: ServiceDep) -> AnswerRecord:
        history = [turn.model_dump() for turn in request.history]
        answer, snapshot = service.ask(request.question, history)
        return snapshot.record(answer)

    @router.post("/api/admin/reload", tags=["drift"])
    def reload(request: Request, service: ServiceDep) -> dict:
        """Load the newest index now. Needs PLANSEARCH_ADMIN_TOKEN; off when it is not set."""
        token = service.settings.admin_token
        if not token:
            raise NotFound("Sidan finns inte.")
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise Unauthorized("Fel eller saknad nyckel (Authorization: Bearer …).")
        changed = service.reload()
        return {"reloaded": changed, "index_version": service.snapshot.version}

    @router.get("/api/glossary", tags=["ordlista"])
    def glossary(service: ServiceDep, q: Annotated[str, Query(max_length=200)] = "") -> dict:
        snapshot = service.snapshot
        entries = snapshot.searcher.glossary.search(q)
        return {"query": q, "entries": [_entry(e, snapshot) for e in entries]}

    @router.get("/api/roles", tags=["roller"])
    def roles(service: ServiceDep, q: Annotated[str, Query(max_length=200)] = "") -> dict:
        snapshot = service.snapshot
        return {"query": q, "roles": [r.to_dict() for r in snapshot.roles.search(q)]}

    @router.get(
        "/api/activities",
        tags=["aktiviteter"],
        responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "JSON, or CSV with format=csv"}},
    )
    def activities(
        service: ServiceDep,
        region: Annotated[str, Query(max_length=200, description="Region eller dokument, eller del av namnet")] = "",
        document: Annotated[str, Query(max_length=200, description="Dokumentets id eller del av titeln")] = "",
        body: Annotated[str, Query(max_length=200, description="Ansvarig eller utförare, vilken namnform som helst")] = "",
        year: Annotated[int | None, Query(ge=YEAR_LIMITS[0], le=YEAR_LIMITS[1], description="År som tidsramen täcker")] = None,
        text: Annotated[str, Query(max_length=500, description="Ord som alla ska finnas i raden")] = "",
        format: Annotated[Literal["json", "csv"], Query(description="json eller csv")] = "json",
    ) -> Any:
        """The activity register filtered, by deadline, with counts per filter; CSV with Swedish column names."""
        f = ActivityFilter(region.strip(), document.strip(), body.strip(), year, text.strip())
        every = service.snapshot.index.activity_list or []
        check_places(f, every)
        found = filter_activities(every, f)
        if format == "csv":
            return csv_response(to_csv(found), "aktiviteter.csv")
        return {"filters": asdict(f), "count": len(found), "counts": counts(every, f), "activities": [json_row(a, year) for a in found]}

    @router.get("/api/documents", tags=["dokument"])
    def documents(service: ServiceDep) -> dict:
        snapshot = service.snapshot
        return {"documents": [d.meta.to_dict() for d in snapshot.index.documents.values()]}

    @router.get("/api/documents/{doc_id}", tags=["dokument"])
    def document(doc_id: Annotated[str, Depends(valid_doc_id)], service: ServiceDep) -> dict:
        doc, passages, _ = service.document(doc_id)
        return {
            "meta": doc.meta.to_dict(),
            "text": doc.text,
            "passages": [
                {"id": p.id, "start": p.start, "end": p.end, "section": p.section, "page": p.page,
                 "page_end": p.page_end if p.page_end is not None else p.page, "kind": p.kind}
                for p in passages
            ],
        }

    return router


def _entry(e: GlossaryEntry, snapshot: Snapshot) -> dict[str, Any]:
    meta = snapshot.index.meta(e.doc_id)
    return {**e.to_dict(), "title": meta.title if meta else e.doc_id}


def check_places(f: ActivityFilter, activities: list[Activity]) -> None:
    """Answer 404, in Swedish, for a region or document that names none in the register: a
    well-formed request for something that is not there."""
    if f.region and not filter_activities(activities, ActivityFilter(region=f.region)):
        regions = ", ".join(sorted({a.region for a in activities}))
        raise NotFound(f"Ingen region eller inget dokument i registret matchar {f.region!r}; välj bland: {regions}.")
    if f.document and not filter_activities(activities, ActivityFilter(document=f.document)):
        raise NotFound(f"Inget dokument i registret matchar {f.document!r}.")

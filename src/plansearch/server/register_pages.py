"""The /beslut and /jamfor pages: server-rendered GET forms that work without JavaScript."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from plansearch.answer.compare import compare, documents_for
from plansearch.knowledge.decision_register import DecisionFilter, counts, filter_decisions
from plansearch.server.register_api import MAX_SIDES


def register_page_routes(templates: Jinja2Templates) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/beslut", response_class=HTMLResponse)
    def decisions(
        request: Request,
        meeting: Annotated[str, Query(max_length=200)] = "",
        q: Annotated[str, Query(max_length=500)] = "",
    ):
        every = request.app.state.service.snapshot.index.decision_list or []
        f = DecisionFilter(meeting.strip(), "", q.strip())
        found = filter_decisions(every, f)
        query = {k: v for k, v in (("meeting", f.meeting), ("q", f.text)) if v}
        links = {fmt: "/api/decisions?" + urlencode({**query, "format": fmt}) for fmt in ("csv", "json")}
        return templates.TemplateResponse(request, "decisions.html", {
            "page": "beslut", "f": f, "found": found, "total": len(every), "counts": counts(every, f), "links": links,
        })

    @router.get("/jamfor", response_class=HTMLResponse)
    def compare_page(
        request: Request,
        topic: Annotated[str, Query(max_length=300)] = "",
        doc: Annotated[list[str], Query(max_length=20)] = [],  # noqa: B006
        region: Annotated[list[str], Query(max_length=20)] = [],  # noqa: B006
    ):
        snapshot = request.app.state.service.snapshot
        metas = [d.meta for d in snapshot.index.documents.values()]
        picked = documents_for(metas, [d for d in doc if d in snapshot.index.documents], region)
        sides, error = [], ""
        asked = "topic" in request.query_params
        if asked and not topic.strip():
            error = "Skriv ett ämne att jämföra."
        elif asked and len(picked) < 2:
            error = "Välj minst två dokument att jämföra."
        elif asked and len(picked) > MAX_SIDES:
            error = f"Välj högst {MAX_SIDES} dokument."
        elif asked:
            sides = compare(snapshot.searcher, topic.strip(), picked, snapshot.engine.settings, snapshot.engine.calibration)
        regions = sorted({m.region for m in metas if m.region})
        return templates.TemplateResponse(request, "compare.html", {
            "page": "jamfor", "topic": topic.strip(), "documents": metas, "picked": {m.doc_id for m in picked},
            "regions": regions, "chosen_regions": set(region), "sides": sides, "error": error,
        })

    return router

"""The /beslut and /jamfor pages: server-rendered GET forms that work without JavaScript."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from plansearch.answer.compare import compare, documents_for
from plansearch.errors import NotFound
from plansearch.knowledge.decision_register import DecisionFilter, counts, filter_decisions
from plansearch.knowledge.decisions import Decision
from plansearch.server.register_api import MAX_SIDES, check_document


def register_page_routes(templates: Jinja2Templates) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/beslut", response_class=HTMLResponse)
    def decisions(
        request: Request,
        meeting: Annotated[str, Query(max_length=200)] = "",
        document: Annotated[str, Query(max_length=200)] = "",
        q: Annotated[str, Query(max_length=500)] = "",
    ):
        every = request.app.state.service.snapshot.index.decision_list or []
        f = DecisionFilter(meeting.strip(), document.strip(), q.strip())
        error, status = "", 200
        try:
            check_document(f, every)  # the API's 404, said on the page
        except NotFound as exc:
            error, status = str(exc), 404
        found = filter_decisions(every, f)
        query = {k: v for k, v in (("meeting", f.meeting), ("document", f.document), ("q", f.text)) if v}
        links = {fmt: "/api/decisions?" + urlencode({**query, "format": fmt}) for fmt in ("csv", "json")}
        return templates.TemplateResponse(request, "decisions.html", {
            "page": "beslut", "f": f, "found": found, "total": len(every), "counts": counts(every, f), "links": links,
            "documents": minutes(every, f), "error": error,
        }, status_code=status)

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
        sides, error, status = [], "", 200
        asked = "topic" in request.query_params
        if asked and not doc and not any(r.strip() for r in region):
            picked = metas  # asked with nothing ticked: every document, as /api/compare does
        unknown = [d for d in doc if d not in snapshot.index.documents]
        # The API's refusals and status codes (register_api.chosen), said on the page.
        if asked and not topic.strip():
            error, status = "Skriv ett ämne att jämföra.", 422
        elif unknown:
            error, status = f"Okänt dokument: ”{unknown[0][:80]}”. Välj bland dokumenten nedan.", 404
        elif asked and len(picked) < 2:
            error, status = "Välj minst två dokument att jämföra.", 400
        elif asked and len(picked) > MAX_SIDES:
            error, status = f"Välj högst {MAX_SIDES} dokument.", 400
        elif asked:
            sides = compare(snapshot.searcher, topic.strip(), picked, snapshot.engine.settings, snapshot.engine.calibration)
        regions = sorted({m.region for m in metas if m.region})
        return templates.TemplateResponse(request, "compare.html", {
            "page": "jamfor", "topic": topic.strip(), "documents": metas, "picked": {m.doc_id for m in picked},
            "regions": regions, "chosen_regions": set(region), "sides": sides, "error": error,
        }, status_code=status)

    return router


def minutes(decisions: list[Decision], f: DecisionFilter) -> list[tuple[str, str, int]]:
    """The documents of the decision log as (doc_id, title, decisions it would give, the other
    filters kept), for the form's choice of document."""
    kept = filter_decisions(decisions, DecisionFilter(f.meeting, "", f.text))
    titles = {d.doc_id: d.document for d in decisions}
    return [(doc_id, title, sum(d.doc_id == doc_id for d in kept)) for doc_id, title in titles.items()]

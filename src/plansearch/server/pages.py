"""The web pages (Swedish): chat, search, glossary, roles, activities, documents with a highlighted passage.

Handlers parse, call the Service, and render; Jinja escapes every document and user text.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from plansearch.errors import NotFound, PlansearchError
from plansearch.knowledge.register import ActivityFilter, filter_activities
from plansearch.search.filters import Filters
from plansearch.search.records import hit_record
from plansearch.server.activities_view import choices, download_links, parse_year, place_problem, timeline
from plansearch.server.deps import DOC_ID
from plansearch.server.document_view import document_view
from plansearch.server.original_view import page_links
from plansearch.server.search_view import results as search_results
from plansearch.server.templating import KIND_NAMES
from plansearch.store.page_images import is_pdf

SHOWN = 20  # hits on the search page


def page_routes(templates: Jinja2Templates) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=status)

    @router.get("/favicon.ico")
    def favicon():
        return Response(status_code=204)

    @router.get("/", response_class=HTMLResponse)
    def chat(request: Request):
        return render(request, "chat.html", page="chat")

    @router.get("/sok", response_class=HTMLResponse)
    def search(
        request: Request,
        q: Annotated[str | None, Query(max_length=500)] = None,
        doc: Annotated[str, Query(max_length=200)] = "",
        kind: Annotated[str, Query(max_length=20)] = "",
    ):
        service = request.app.state.service
        snapshot = service.snapshot
        results, error = [], ""
        if q is not None and not q.strip():
            error = "Skriv ett sökord eller en fråga."  # the form was sent empty
        elif q:
            try:
                filters = Filters(doc_id=doc or None, kind=kind if kind in KIND_NAMES else None)
                hits, snapshot = service.search(q, k=SHOWN, filters=filters)
                records = [hit_record(h, snapshot.index) for h in hits]
                results = search_results(snapshot, snapshot.searcher.analyse(q), hits, records)
            except PlansearchError as exc:
                error = str(exc)
        documents = [d.meta for d in snapshot.index.documents.values()]
        return render(
            request, "search.html", page="sok", q=(q or "").strip(), doc=doc, kind=kind, error=error, documents=documents,
            strong=[r for r in results if r.strong], weak=[r for r in results if not r.strong],
        )

    @router.get("/ordlista", response_class=HTMLResponse)
    def glossary(request: Request, q: Annotated[str, Query(max_length=200)] = ""):
        snapshot = request.app.state.service.snapshot
        entries = snapshot.searcher.glossary.search("")
        titles = {d: doc.meta.title for d, doc in snapshot.index.documents.items()}
        parallel = {e.parallel_passage_id: snapshot.index.passages[snapshot.index.row_of[e.parallel_passage_id]].doc_id
                    for e in entries if e.parallel_passage_id in snapshot.index.row_of}
        return render(request, "glossary.html", page="ordlista", entries=entries, titles=titles, parallel=parallel, q=q)

    @router.get("/roller", response_class=HTMLResponse)
    def roles(request: Request, q: Annotated[str, Query(max_length=200)] = ""):
        snapshot = request.app.state.service.snapshot
        titles = {d: doc.meta.title for d, doc in snapshot.index.documents.items()}
        return render(request, "roles.html", page="roller", roles=snapshot.roles.roles, titles=titles, q=q)

    @router.get("/aktiviteter", response_class=HTMLResponse)
    def activities(
        request: Request,
        region: Annotated[str, Query(max_length=200)] = "",
        body: Annotated[str, Query(max_length=200)] = "",
        year: Annotated[str, Query(max_length=20)] = "",
        text: Annotated[str, Query(max_length=500)] = "",
    ):
        every = request.app.state.service.snapshot.index.activity_list or []
        parsed_year, error = parse_year(year)
        f = ActivityFilter(region.strip(), "", body.strip(), parsed_year, text.strip())
        place_error = place_problem(f, every)
        found = filter_activities(every, f)
        return render(  # with the API's status: 422 for a bad year (checked first), 404 for an unknown region
            request, "activities.html", status=422 if error else 404 if place_error else 200, page="aktiviteter",
            f=f, error=error, place_error=place_error, year_text=year.strip(), found=found, total=len(every),
            groups=timeline(found), choices=choices(every, f), links=download_links(f),
        )

    @router.get("/dokument", response_class=HTMLResponse)
    def documents(request: Request):
        snapshot = request.app.state.service.snapshot
        return render(request, "documents.html", page="dokument", documents=[d.meta for d in snapshot.index.documents.values()])

    @router.get("/dokument/{doc_id}", response_class=HTMLResponse)
    def document(
        request: Request,
        doc_id: str,
        p: Annotated[str, Query(max_length=200)] = "",
        hl: Annotated[str, Query(max_length=30)] = "",
        visa: Annotated[str, Query(max_length=10)] = "",
    ):
        service = request.app.state.service
        try:
            if not DOC_ID.fullmatch(doc_id):
                raise NotFound("Okänt dokument")
            doc, passages, _ = service.document(doc_id)
        except NotFound:
            return render(
                request, "error.html", status=404, page="dokument", heading="Dokumentet finns inte",
                message=f"Det finns inget dokument med id ”{doc_id[:80]}”. Se listan över dokumenten.",
            )
        passage = next((x for x in passages if x.id == p), None)
        # The original pages ("Sida") only for a PDF passage and on request; the text is the default.
        paged = is_pdf(doc.meta) and passage is not None and passage.page is not None
        if paged and visa == "sida":
            try:
                pages, reason = page_links(request, doc, passage, hl), ""
            except NotFound as exc:  # the file gone or changed since the index was built
                pages, reason = [], str(exc)
            return render(
                request, "document.html", page="dokument", meta=doc.meta, passage=passage, pages=pages, reason=reason, paged=True, hl=hl,
            )
        blocks = document_view(doc, passages, passage, _range(hl))
        return render(request, "document.html", page="dokument", meta=doc.meta, blocks=blocks, passage=passage, paged=paged, hl=hl)

    return router


def _range(text: str) -> tuple[int, int] | None:
    match = re.fullmatch(r"(\d{1,6})-(\d{1,6})", text)
    if not match:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    return (start, end) if end > start else None

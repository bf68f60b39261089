"""The web pages (Swedish): chat, search, glossary, roles, documents with a highlighted passage.

Handlers parse, call the Service, and render; Jinja escapes every document and user text.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from plansearch.answer.citations import find
from plansearch.config import Settings
from plansearch.errors import NotFound, PlansearchError
from plansearch.models import Passage, PassageKind
from plansearch.search.filters import Filters
from plansearch.search.records import hit_record
from plansearch.server.deps import DOC_ID

KIND_NAMES: dict[PassageKind, str] = {"paragraph": "Stycke", "table_row": "Tabellrad", "list": "Lista", "glossary": "Ordlista"}


def page_routes(settings: Settings) -> APIRouter:
    templates = Jinja2Templates(directory=str(settings.web_dir / "templates"))
    templates.env.globals["kind_names"] = KIND_NAMES
    router = APIRouter(include_in_schema=False)

    def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=status)

    @router.get("/favicon.ico")
    def favicon():
        from fastapi.responses import Response

        return Response(status_code=204)

    @router.get("/", response_class=HTMLResponse)
    def chat(request: Request):
        return render(request, "chat.html", page="chat")

    @router.get("/sok", response_class=HTMLResponse)
    def search(
        request: Request,
        q: Annotated[str, Query(max_length=500)] = "",
        doc: Annotated[str, Query(max_length=200)] = "",
        kind: Annotated[str, Query(max_length=20)] = "",
    ):
        service = request.app.state.service
        snapshot = service.snapshot
        results, error = [], ""
        if q.strip():
            try:
                filters = Filters(doc_id=doc or None, kind=kind if kind in KIND_NAMES else None)
                hits, snapshot = service.search(q, k=20, filters=filters)
                results = [hit_record(h, snapshot.index) for h in hits]
            except PlansearchError as exc:
                error = str(exc)
        documents = [d.meta for d in snapshot.index.documents.values()]
        return render(request, "search.html", page="sok", q=q, doc=doc, kind=kind, results=results, documents=documents, error=error)

    @router.get("/ordlista", response_class=HTMLResponse)
    def glossary(request: Request, q: Annotated[str, Query(max_length=200)] = ""):
        snapshot = request.app.state.service.snapshot
        entries = snapshot.searcher.glossary.search("")
        titles = {d: doc.meta.title for d, doc in snapshot.index.documents.items()}
        return render(request, "glossary.html", page="ordlista", entries=entries, titles=titles, q=q)

    @router.get("/roller", response_class=HTMLResponse)
    def roles(request: Request, q: Annotated[str, Query(max_length=200)] = ""):
        snapshot = request.app.state.service.snapshot
        titles = {d: doc.meta.title for d, doc in snapshot.index.documents.items()}
        return render(request, "roles.html", page="roller", roles=snapshot.roles.roles, titles=titles, q=q)

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
    ):
        service = request.app.state.service
        try:
            if not DOC_ID.fullmatch(doc_id):
                raise NotFound("Okänt dokument")
            doc, passages, _ = service.document(doc_id)
        except NotFound:
            return render(request, "error.html", status=404, page="dokument", message=f"Dokumentet {doc_id!r} finns inte.")
        passage = next((x for x in passages if x.id == p), None)
        pieces = document_pieces(doc.text, passage, _range(hl))
        return render(request, "document.html", page="dokument", meta=doc.meta, pieces=pieces, passage=passage)

    return router


def _range(text: str) -> tuple[int, int] | None:
    match = re.fullmatch(r"(\d{1,6})-(\d{1,6})", text)
    if not match:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    return (start, end) if end > start else None


def document_pieces(text: str, passage: Passage | None, highlight: tuple[int, int] | None) -> list[tuple[str, str]]:
    """The document text cut into (text, role) pieces: plain, the cited passage, and within it the
    answering part ("hit"), which the page scrolls to."""
    if passage is None:
        return [(text, "")]
    start, end = passage.start, min(passage.end, len(text))
    hit_start, hit_end = start, end
    if highlight:
        snippet = passage.text[highlight[0] : highlight[1]]
        found = find(text[start:end], snippet) if snippet.strip() else (0, end - start)
        if found != (0, end - start) or not snippet.strip():
            hit_start, hit_end = start + found[0], start + found[1]
    pieces = [(text[:start], ""), (text[start:hit_start], "passage"), (text[hit_start:hit_end], "hit"), (text[hit_end:end], "passage"), (text[end:], "")]
    return [(t, role) for t, role in pieces if t or role == "hit"]

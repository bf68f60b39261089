"""The original PDF page as an image, with the cited passage marked:
GET /dokument/<id>/sida/<n>.png?passage=<passage id>&hl=<start>-<end>.

Rendered by the core (store/page_images.py) on first request and kept on disk; the image's name
depends on everything it shows, so it may be cached by the browser for a day. Unknown documents,
pages and passages are 404s with a Swedish reason (the error page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from plansearch.errors import NotFound
from plansearch.models import Document, Passage
from plansearch.server.deps import valid_doc_id
from plansearch.store.page_images import OriginalPage, is_pdf, original_page

PAGE = re.compile(r"\d{1,5}")


@dataclass(frozen=True)
class PageLink:
    """One page of the page view: its number, image address, size and where the marks are."""

    number: int
    src: str
    width: int
    height: int
    mark: tuple[float, float, float, float] | None  # left, top, width, height: shares of the page
    anchor: bool = False  # the page that the view scrolls to: the first with a mark


def range_of(text: str) -> tuple[int, int] | None:
    """"12-40" -> (12, 40); anything else None."""
    match = re.fullmatch(r"(\d{1,6})-(\d{1,6})", text)
    if not match:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    return (start, end) if end > start else None


def render(request: Request, doc: Document, number: int, passage: Passage | None, hl: str) -> OriginalPage:
    settings = request.app.state.settings
    return original_page(
        doc.meta, number, passage, range_of(hl), settings.corpus_dir, settings.index_dir / "pages", settings.page_cache_mb,
    )


def page_links(request: Request, doc: Document, passage: Passage | None, hl: str) -> list[PageLink]:
    """The pages the cited passage stands on, rendered (so the page knows the images' sizes and
    where the marks are); [] for a document that is not a PDF or a passage without pages."""
    if not is_pdf(doc.meta) or passage is None or passage.page is None:
        return []
    links = []
    for number in range(passage.page, (passage.page_end or passage.page) + 1):
        image = render(request, doc, number, passage, hl)
        query = f"?passage={passage.id}" + (f"&hl={hl}" if range_of(hl) else "")
        links.append(PageLink(number, f"/dokument/{doc.meta.doc_id}/sida/{number}.png{query}", image.width, image.height, image.mark_area()))
    first = next((k for k, link in enumerate(links) if link.mark is not None), 0)
    links[first] = replace(links[first], anchor=True)
    return links


def original_routes() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/dokument/{doc_id}/sida/{number}.png")
    async def page_image(
        request: Request,
        doc_id: str,
        number: str,
        passage: Annotated[str, Query(max_length=200)] = "",
        hl: Annotated[str, Query(max_length=30)] = "",
    ):
        service = request.app.state.service
        doc, passages, _ = service.document(valid_doc_id(doc_id))
        if not PAGE.fullmatch(number) or int(number) < 1:
            raise NotFound(f"Sidan ”{number[:20]}” finns inte; sidor numreras från 1.")
        cited = None
        if passage:
            cited = next((p for p in passages if p.id == passage), None)
            if cited is None:
                raise NotFound(f"Avsnittet ”{passage[:80]}” finns inte i dokumentet.")
        image = await run_in_threadpool(render, request, doc, int(number), cited, hl)
        # The address does not name the index: the browser asks again each time (no-cache) and
        # gets a 304 while the rendering it has (its ETag: the hash of what it shows) still holds.
        headers = {"Cache-Control": "no-cache", "ETag": f'"{image.key}"'}
        if request.headers.get("if-none-match") == headers["ETag"]:
            return Response(status_code=304, headers=headers)
        return Response(image.png, media_type="image/png", headers=headers)

    return router

"""The HTTP service: a JSON API (OpenAPI at /docs) and the web pages, over one Service."""

from __future__ import annotations

import hmac
import logging
import threading
import time
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, field_validator
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from plansearch.config import RETRIEVERS, Settings
from plansearch.errors import IndexNotFound, NotFound, PlansearchError, Unauthorized
from plansearch.retrieve import Filters, hit_record
from plansearch.service import Service

log = logging.getLogger("plansearch.api")

MAX_QUESTION = 1000
MAX_HISTORY = 20
MAX_TURN = 2000


# -- request and response records -------------------------------------------------------------


class Turn(BaseModel):
    role: str = Field(pattern="^(user|assistant)$", description="Who said it.")
    content: str = Field(max_length=MAX_TURN)


class AskRequest(BaseModel):
    question: str = Field(min_length=1, max_length=MAX_QUESTION, description="The question, in Swedish or English.")
    history: list[Turn] = Field(default_factory=list, max_length=MAX_HISTORY, description="Earlier turns, oldest first.")

    @field_validator("question")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("frågan är tom")
        return value


class CitationOut(BaseModel):
    n: int
    passage_id: str
    doc_id: str
    title: str
    section: str
    page: int | None
    kind: str
    text: str
    highlight: tuple[int, int]


class AskResponse(BaseModel):
    answer: str
    citations: list[CitationOut]
    abstained: bool
    language: str
    route: str
    note: str = ""
    index_version: str = ""


class ErrorOut(BaseModel):
    ok: bool = False
    error: str


# -- application --------------------------------------------------------------------------------


def create_app(settings: Settings | None = None, service: Service | None = None) -> FastAPI:
    """The web service over the index the settings name (loaded once, in the lifespan)."""
    from fastapi_offline import FastAPIOffline

    settings = settings or Settings.from_env()
    service = service or Service(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        await run_in_threadpool(lambda: service.snapshot)
        stop = threading.Event()
        watcher = None
        if settings.reload_interval > 0:
            watcher = threading.Thread(target=service.watch, args=(stop,), name="index-watcher", daemon=True)
            watcher.start()
        try:
            yield
        finally:
            stop.set()
            if watcher is not None:
                watcher.join(timeout=5)

    app = FastAPIOffline(
        title="plansearch",
        description="Sök och chatt med källhänvisningar i cancervårdens planeringsdokument.",
        version="0.1.0",
        lifespan=lifespan,
        responses={
            code: {"model": ErrorOut} for code in (400, 401, 404, 413, 422, 503)
        },
    )
    app.state.service = service
    app.state.settings = settings
    install_error_handlers(app)
    install_middleware(app, settings)
    app.add_middleware(BodyLimit, limit=settings.max_body_kb * 1024)
    app.include_router(api_routes())
    from plansearch.pages import page_routes

    app.include_router(page_routes(settings))
    app.mount("/static", StaticFiles(directory=settings.web_dir / "static"), name="static")
    return app


def get_service(request: Request) -> Service:
    return request.app.state.service


ServiceDep = Annotated[Service, Depends(get_service)]


def api_routes():
    from fastapi import APIRouter

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
        kind: Annotated[str | None, Query(pattern="^(paragraph|table_row|list|glossary)$")] = None,
        year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
        retriever: Annotated[str | None, Query(pattern=f"^({'|'.join(RETRIEVERS)})$")] = None,
    ) -> dict:
        if not q.strip():
            raise PlansearchError("q är tom")
        hits, snapshot = service.search(q, k=k, filters=Filters(doc_id=doc, kind=kind, year=year), retriever=retriever)
        return {"query": q, "index_version": snapshot.version, "results": [hit_record(h, snapshot.index) for h in hits]}

    @router.post("/api/ask", response_model=AskResponse, tags=["chatt"])
    def ask(request: AskRequest, service: ServiceDep) -> AskResponse:
        history = [turn.model_dump() for turn in request.history]
        answer, snapshot = service.ask(request.question, history)
        return AskResponse(
            answer=answer.text,
            citations=[
                CitationOut(
                    n=c.n,
                    passage_id=c.passage.id,
                    doc_id=c.passage.doc_id,
                    title=c.title,
                    section=c.passage.section,
                    page=c.passage.page,
                    kind=c.passage.kind,
                    text=c.passage.text,
                    highlight=c.highlight,
                )
                for c in answer.citations
            ],
            abstained=answer.abstained,
            language=answer.language,
            route=answer.route,
            note=answer.note,
            index_version=snapshot.version,
        )

    @router.post("/api/admin/reload", tags=["drift"])
    def reload(request: Request, service: ServiceDep) -> dict:
        """Load the newest index now. Needs PLANSEARCH_ADMIN_TOKEN; off when it is not set."""
        token = service.settings.admin_token
        if not token:
            raise NotFound("Sidan finns inte")
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise Unauthorized("Fel eller saknad nyckel (Authorization: Bearer …)")
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
                {"id": p.id, "start": p.start, "end": p.end, "section": p.section, "page": p.page, "kind": p.kind}
                for p in passages
            ],
        }

    return router


def valid_doc_id(doc_id: str) -> str:
    """Document ids are slugs; anything else (dots, slashes, "..") is refused before any lookup."""
    import re

    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,120}", doc_id):
        raise NotFound(f"Okänt dokument: {doc_id[:80]!r}")
    return doc_id


def _entry(e, snapshot) -> dict:
    meta = snapshot.index.meta(e.doc_id)
    return {**e.to_dict(), "title": meta.title if meta else e.doc_id}


# -- errors and middleware ----------------------------------------------------------------------


def install_error_handlers(app: FastAPI) -> None:
    status_of = {NotFound: 404, IndexNotFound: 503, Unauthorized: 401}

    @app.exception_handler(PlansearchError)
    async def plansearch_error(request: Request, exc: PlansearchError):
        status = next((code for cls, code in status_of.items() if isinstance(exc, cls)), 400)
        return JSONResponse({"ok": False, "error": str(exc)}, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        problems = []
        for error in exc.errors():
            where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path") and not isinstance(part, int))
            problems.append(f"{where or 'förfrågan'} {_swedish(error)}")
        return JSONResponse(
            {"ok": False, "error": "Ogiltig förfrågan – " + "; ".join(problems), "details": jsonable_encoder(exc.errors(), exclude={"input", "ctx", "url"})},
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = {404: "Sidan finns inte", 405: "Metoden är inte tillåten här"}.get(exc.status_code, str(exc.detail))
        return JSONResponse({"ok": False, "error": message}, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        # Logged with its traceback for the operator; the user gets a plain message, never a trace.
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse({"ok": False, "error": "Ett internt fel inträffade; försök igen."}, status_code=500)


def _swedish(error: dict) -> str:
    """A validation error in plain Swedish."""
    ctx = error.get("ctx") or {}
    messages = {
        "missing": "saknas",
        "string_too_short": "får inte vara tom" if ctx.get("min_length") == 1 else f"måste ha minst {ctx.get('min_length')} tecken",
        "string_too_long": f"är för lång (högst {ctx.get('max_length')} tecken)",
        "too_long": f"har för många poster (högst {ctx.get('max_length')})",
        "greater_than_equal": f"måste vara minst {ctx.get('ge')}",
        "less_than_equal": f"får vara högst {ctx.get('le')}",
        "int_parsing": "måste vara ett heltal",
        "string_pattern_mismatch": "har ett ogiltigt värde",
        "json_invalid": "är inte giltig JSON",
        "model_attributes_type": "måste vara ett JSON-objekt",
        "dict_type": "måste vara ett JSON-objekt",
        "list_type": "måste vara en lista",
        "string_type": "måste vara text",
        "value_error": str(ctx.get("error", "har ett ogiltigt värde")),
    }
    return messages.get(error.get("type", ""), "har ett ogiltigt värde")


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
)
# Swagger UI initialises itself with an inline script.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; frame-ancestors 'none'; object-src 'none'"
)


class BodyLimit:
    """Refuse request bodies over the limit with 413, whether or not they announce their length."""

    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await self._refuse(send)
        # Read the whole body first (it is small by definition), then hand it to the app.
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return await self.app(scope, _replay([message]), send)
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.limit:
                return await self._refuse(send)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        await self.app(scope, _replay([{"type": "http.request", "body": body, "more_body": False}], receive), send)

    async def _refuse(self, send):
        body = f'{{"ok": false, "error": "Förfrågan är för stor (högst {self.limit // 1024} KB)"}}'.encode()
        await send({"type": "http.response.start", "status": 413, "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def _replay(messages: list[dict], then=None):
    """A receive() that gives the buffered messages first, then waits on the real one."""
    queue = list(messages)

    async def receive():
        if queue:
            return queue.pop(0)
        if then is not None:
            return await then()
        return {"type": "http.disconnect"}

    return receive


def install_middleware(app: FastAPI, settings: Settings) -> None:
    access = logging.getLogger("plansearch.access")

    @app.middleware("http")
    async def headers_and_log(request: Request, call_next):
        start = time.perf_counter()
        try:
            response = await call_next(request)
        except Exception:
            log.exception("unhandled error on %s %s", request.method, request.url.path)
            response = JSONResponse({"ok": False, "error": "Ett internt fel inträffade; försök igen."}, status_code=500)
        docs = request.url.path.startswith(("/docs", "/redoc", "/static-offline-docs"))
        response.headers["Content-Security-Policy"] = DOCS_CSP if docs else CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        # One structured line per request; the question text is not logged.
        access.info(
            "method=%s path=%s status=%s ms=%.1f",
            request.method,
            request.url.path,
            response.status_code,
            (time.perf_counter() - start) * 1000,
        )
        return response

"""plansearch for AI assistants: an MCP server (the official `mcp` SDK) over the same Service as the
web API, so a search or an answer takes one code path whichever edge it came in by.

Tools: search, ask, glossary, roles, activities, decisions (more: EXTRA_TOOLS). Resources: the
document list (plansearch://documents) and each document's cleaned text
(plansearch://documents/{doc_id}). Arguments have the HTTP API's limits, and a refused call is a
tool error (isError) carrying the API's Swedish message.

Transports: `plansearch mcp` runs it over stdio (cli.py); `plansearch serve` mounts it over
streamable HTTP at /mcp when PLANSEARCH_MCP is on (mount()), behind McpGate.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import asdict
from typing import Annotated, Any, Literal

import anyio.to_thread
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError, ToolError, UnexpectedToolError
from mcp_types import CallToolResult, InputRequiredResult, ToolAnnotations
from mcp_types import Resource as MCPResource
from pydantic import BaseModel, Field, ValidationError
from starlette.responses import JSONResponse
from starlette.routing import Route

from plansearch.config import Retriever, Settings
from plansearch.errors import PlansearchError
from plansearch.knowledge.decision_register import DecisionFilter, filter_decisions
from plansearch.knowledge.decision_register import counts as decision_counts
from plansearch.knowledge.decision_register import json_row as decision_row
from plansearch.knowledge.register import YEAR_LIMITS, ActivityFilter, counts, filter_activities, json_row
from plansearch.models import PassageKind
from plansearch.search.filters import Filters
from plansearch.server.api import check_places
from plansearch.server.errors import INTERNAL, problem, user_message
from plansearch.server.schemas import MAX_HISTORY, MAX_QUESTION, MAX_TURN
from plansearch.service import Service

log = logging.getLogger("plansearch.mcp")

DOCUMENTS_URI = "plansearch://documents"
READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)
INSTRUCTIONS = (
    "plansearch searches Swedish regional cancer-care planning documents (handlingsplaner, "
    "regionala cancerplaner). Answer from what its tools return, not from memory, and cite the "
    "document title, section and page of each passage you use. Questions can be in Swedish or "
    "English; the documents are in Swedish."
)


class Turn(BaseModel):
    """One earlier turn of the conversation (as /api/ask takes it)."""

    role: Literal["user", "assistant"] = Field(description="Who said it.")
    content: str = Field(max_length=MAX_TURN)


# A function that adds more tools to the server: (server, service) -> None.
Extra = Callable[[MCPServer, Service], None]

# Tools added after the built-in ones by a deployment or a later register: each a function that
# adds read-only tools over the snapshot, with the HTTP API's limits, like `decisions` below.
EXTRA_TOOLS: tuple[Extra, ...] = ()


class PlansearchMCP(MCPServer):
    """The SDK's server with two changes: refused arguments are reported in Swedish like the API's
    422 ("Ogiltig förfrågan: antalet träffar (k) får vara högst 50."), and resources/list names
    each document of the loaded index (so an assistant can see them without the template)."""

    def __init__(self, service: Service, **kwargs: Any):
        super().__init__(**kwargs)
        self.service = service

    async def call_tool(self, name: str, arguments: dict[str, Any], context: Any = None) -> CallToolResult | InputRequiredResult:
        # The SDK words every failure "Error executing tool <name>: …"; the user reads the message alone.
        try:
            return await super().call_tool(name, arguments, context)
        except UnexpectedToolError as exc:
            raise UnexpectedToolError(INTERNAL) from exc  # logged with its traceback by the SDK
        except ToolError as exc:
            if isinstance(exc.__cause__, ValidationError):
                raise ToolError(invalid(exc.__cause__)) from exc.__cause__
            if isinstance(exc.__cause__, Refused):
                raise Refused(str(exc.__cause__)) from exc.__cause__.__cause__
            raise

    async def list_resources(self) -> list[MCPResource]:
        resources = await super().list_resources()
        snapshot = await anyio.to_thread.run_sync(lambda: self.service.snapshot)
        for meta in (d.meta for d in snapshot.index.documents.values()):
            resources.append(
                MCPResource(
                    uri=f"{DOCUMENTS_URI}/{meta.doc_id}", name=meta.doc_id, title=meta.title,
                    description=", ".join(x for x in (meta.publisher, meta.period) if x) or None,
                    mime_type="text/plain",
                )
            )
        return resources


def invalid(error: ValidationError) -> str:
    """A refused argument as the API words it: "Ogiltig förfrågan: frågan (question) är för lång …"."""
    # Located as the API locates a JSON body's fields, so that problem() reads a tool argument named
    # "query" or "body" as that argument and not as where it came from.
    return "Ogiltig förfrågan: " + "; ".join(problem({**e, "loc": ("body", *e["loc"])}) for e in error.errors()) + "."


class Refused(ToolError):
    """A call the tools refuse, with a Swedish message for the user (the API's 4xx)."""


def refused(exc: PlansearchError) -> Refused:
    """A core error as a tool error, with the message the API would give."""
    return Refused(user_message(exc))


def build_server(service: Service, extras: Sequence[Extra] = EXTRA_TOOLS, watch: bool = False) -> PlansearchMCP:
    """The MCP server over `service`: tools and resources, nothing started yet.

    The index is loaded in the server's lifespan (at the start of a stdio session, or with the web
    server's lifespan over HTTP), as the web server loads it before it answers. With `watch`, the
    lifespan also reloads a newer index as the web server does (for stdio; over HTTP the web
    server's own watcher serves both)."""

    @asynccontextmanager
    async def lifespan(_: MCPServer) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(lambda: service.snapshot)
        stop = threading.Event()
        if watch and service.settings.reload_interval > 0:
            threading.Thread(target=service.watch, args=(stop,), name="index-watcher", daemon=True).start()
        try:
            yield
        finally:
            stop.set()

    server = PlansearchMCP(
        service, name="plansearch", title="plansearch: sök i cancervårdens planeringsdokument",
        instructions=INSTRUCTIONS, version="0.1.0", lifespan=lifespan, log_level="WARNING",
    )
    _add_tools(server, service)
    _add_resources(server, service)
    for extra in extras:
        extra(server, service)
    return server


def _add_tools(server: MCPServer, service: Service) -> None:
    @server.tool(title="Sök i dokumenten", annotations=READ_ONLY)
    def search(
        query: Annotated[str, Field(min_length=1, max_length=500, description="What to look for, e.g. \"teledermatoskopi\" or \"vem ansvarar för screening av livmoderhalscancer\".")],
        k: Annotated[int, Field(ge=1, le=50, description="Number of passages (1-50).")] = 10,
        document: Annotated[str | None, Field(max_length=200, description="Only this document: its id from the resource plansearch://documents, e.g. \"handlingsplan-gavleborg-2025-2027\".")] = None,
        kind: Annotated[PassageKind | None, Field(description="Only this kind of passage: paragraph, table_row (a row of an activity table), list or glossary.")] = None,
        year: Annotated[int | None, Field(ge=1900, le=2100, description="Only documents whose period covers this year, e.g. 2026.")] = None,
        retriever: Annotated[Retriever | None, Field(description="Search method; leave empty for the default (hybrid).")] = None,
    ) -> dict[str, Any]:
        """Find the passages of the planning documents that best match a query, best first.

        Each result gives the passage id, the document (doc_id and title), section, page, kind, text
        and score; cite title, section and page when you use one. Queries work best in Swedish,
        e.g. "väntetider för prostatacancer" or "IPÖ". Use `ask` for a direct answer with citations."""
        if not query.strip():
            raise Refused("Söktexten (query) är tom.")
        try:
            if retriever == "sparse" and service.snapshot.index.sparse is None:
                raise Refused("Indexet saknar latenta termer; välj en annan sökmetod (retriever).")
            hits, snapshot = service.search(query, k=k, filters=Filters(doc_id=document, kind=kind, year=year), retriever=retriever)
        except PlansearchError as exc:
            raise refused(exc) from exc
        results = []
        for hit in hits:
            p = hit.passage
            meta = snapshot.index.meta(p.doc_id)
            results.append({
                "passage_id": p.id, "doc_id": p.doc_id, "title": meta.title if meta else p.doc_id,
                "section": p.section, "page": p.page, "page_end": p.page_end if p.page_end is not None else p.page,
                "kind": p.kind, "text": p.text, "score": round(hit.score, 4), "rank": hit.rank,
                "document_uri": f"{DOCUMENTS_URI}/{p.doc_id}",
            })
        return {"query": query, "index_version": snapshot.version, "results": results}

    @server.tool(title="Fråga dokumenten", annotations=READ_ONLY)
    def ask(
        question: Annotated[str, Field(min_length=1, max_length=MAX_QUESTION, description="The question, in Swedish or English, e.g. \"Vem ansvarar för teledermatoskopi i Gävleborg?\".")],
        history: Annotated[list[Turn], Field(max_length=MAX_HISTORY, description="Earlier turns of this conversation, oldest first, so that a follow-up such as \"och vem följer upp det?\" is understood.")] = [],  # noqa: B006  (pydantic copies defaults)
    ) -> dict[str, Any]:
        """Answer a question from the planning documents, with numbered citations.

        Returns the answer (each claim ends with [n]), the citations (n, passage id, doc_id, title,
        section, page, text and the highlighted character range that answers), and `abstained`:
        true when the documents do not answer it; then say so rather than answering from memory.
        Examples: "Vad står IPÖ för?", "Vilka aktiviteter har Region Gävleborg för 2026?"."""
        if not question.strip():
            raise Refused("Ogiltig förfrågan: frågan (question) är tom.")
        try:
            answer, snapshot = service.ask(question, [turn.model_dump() for turn in history])
        except PlansearchError as exc:
            raise refused(exc) from exc
        return asdict(snapshot.record(answer))

    @server.tool(title="Ordlista", annotations=READ_ONLY)
    def glossary(
        term: Annotated[str, Field(max_length=200, description="An abbreviation or term, or part of one, e.g. \"IPÖ\" or \"SVF\"; empty lists all.")] = "",
    ) -> dict[str, Any]:
        """Abbreviations and terms the documents define, with their meaning and the passage that
        defines them (exact terms first)."""
        snapshot = service.snapshot
        entries = []
        for e in snapshot.searcher.glossary.search(term):
            meta = snapshot.index.meta(e.doc_id)
            entries.append({**e.to_dict(), "title": meta.title if meta else e.doc_id})
        return {"term": term, "entries": entries}

    @server.tool(title="Roller och ansvar", annotations=READ_ONLY)
    def roles(
        query: Annotated[str, Field(max_length=200, description="A role or body, or part of its name, e.g. \"cancersamordnare\" or \"RCC Norr\"; empty lists all.")] = "",
    ) -> dict[str, Any]:
        """The roles and bodies the documents name, with what each is responsible for and the
        passage that says so."""
        return {"query": query, "roles": [r.to_dict() for r in service.snapshot.roles.search(query)]}

    @server.tool(title="Aktivitetsregister", annotations=READ_ONLY)
    def activities(
        region: Annotated[str, Field(max_length=200, description="Region or document, or part of its name, e.g. \"Gävleborg\".")] = "",
        document: Annotated[str, Field(max_length=200, description="Document id, or part of its title.")] = "",
        body: Annotated[str, Field(max_length=200, description="Responsible body or doer, any name variant, e.g. \"RCC Norr\".")] = "",
        year: Annotated[int | None, Field(ge=YEAR_LIMITS[0], le=YEAR_LIMITS[1], description="Only activities whose time frame covers this year (ongoing and unparsed ones are kept, flagged in year_match).")] = None,
        text: Annotated[str, Field(max_length=500, description="Words that must all occur in the row, e.g. \"screening\".")] = "",
        limit: Annotated[int, Field(ge=1, le=500, description="Most rows returned (count gives how many matched).")] = 100,
    ) -> dict[str, Any]:
        """The activity register: every row of the plans' activity and goal tables, by deadline,
        with who is responsible, the time frame, and the passage it comes from; `counts` gives how
        many rows each filter value would keep."""
        f = ActivityFilter(region.strip(), document.strip(), body.strip(), year, text.strip())
        every = service.snapshot.index.activity_list or []
        try:
            check_places(f, every)
        except PlansearchError as exc:
            raise refused(exc) from exc
        found = filter_activities(every, f)
        return {"filters": asdict(f), "count": len(found), "counts": counts(every, f), "activities": [json_row(a, year) for a in found[:limit]]}

    @server.tool(title="Beslutslogg", annotations=READ_ONLY)
    def decisions(
        meeting: Annotated[str, Field(max_length=200, description="Meeting, deciding body or date, or part of it, e.g. \"RPO Cancer\" or \"2025-02-04\".")] = "",
        document: Annotated[str, Field(max_length=200, description="Document id, or part of its title.")] = "",
        q: Annotated[str, Field(max_length=500, description="Words that must all occur in the decision, e.g. \"vårdprogram\".")] = "",
        limit: Annotated[int, Field(ge=1, le=500, description="Most decisions returned (count gives how many matched).")] = 100,
    ) -> dict[str, Any]:
        """The decision log: every decision in the minutes ("RPO Cancer beslutade att …"), with the
        deciding body, meeting, date, agenda item and the passage it comes from; `counts` gives how
        many each filter value would keep. Example: q="nationella vårdprogram"."""
        f = DecisionFilter(meeting.strip(), document.strip(), q.strip())
        every = service.snapshot.index.decision_list or []
        if f.document and not filter_decisions(every, DecisionFilter(document=f.document)):
            raise Refused(f"Inget protokoll i beslutsloggen matchar {f.document!r}.")
        found = filter_decisions(every, f)
        return {"filters": asdict(f), "count": len(found), "counts": decision_counts(every, f),
                "decisions": [decision_row(d) for d in found[:limit]]}


def _add_resources(server: MCPServer, service: Service) -> None:
    @server.resource(DOCUMENTS_URI, name="documents", title="Dokumenten", mime_type="application/json")
    def documents() -> str:
        """Every indexed document: id, title, publisher, period, and the URI of its text."""
        docs = [d.meta.to_dict() | {"uri": f"{DOCUMENTS_URI}/{d.meta.doc_id}"} for d in service.snapshot.index.documents.values()]
        return json.dumps({"documents": docs}, ensure_ascii=False)

    @server.resource(DOCUMENTS_URI + "/{doc_id}", name="document", title="Dokumentets text", mime_type="text/plain")
    def document(doc_id: str) -> str:
        """A document's cleaned text, as it was indexed (passages cite ranges of it)."""
        try:
            doc, _, _ = service.document(doc_id)
        except PlansearchError as exc:
            raise ResourceNotFoundError(user_message(exc)) from exc
        return doc.text


# -- over HTTP, inside `plansearch serve` ------------------------------------------------------------


def is_loopback(host: str) -> bool:
    """True when the server only listens on this machine (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class McpGate:
    """Who may use /mcp. On a loopback address, anyone on this machine (as the web chat). Bound to
    any other address it is token-protected like POST /api/admin/reload: 404 without
    PLANSEARCH_ADMIN_TOKEN, 401 without `Authorization: Bearer <that token>`."""

    def __init__(self, app: Any, settings: Settings):
        self.app = app
        self.open = is_loopback(settings.host)
        self.token = settings.admin_token.encode()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if not self.open:
            headers = dict(scope.get("headers") or [])
            given = headers.get(b"authorization", b"").removeprefix(b"Bearer ").strip()
            if not self.token:
                response = JSONResponse({"ok": False, "error": "Sidan finns inte."}, status_code=404)
                return await response(scope, receive, send)
            if not hmac.compare_digest(given, self.token):
                response = JSONResponse(
                    {"ok": False, "error": "Fel eller saknad nyckel (Authorization: Bearer …)."},
                    status_code=401, headers={"WWW-Authenticate": "Bearer"},
                )
                return await response(scope, receive, send)
        if scope.get("method") not in ("POST", "DELETE"):
            # Stateless with JSON responses, the server never pushes: a GET (a browser, curl) would
            # open an event stream that stays silent until the client gives up.
            response = JSONResponse(
                {"ok": False, "error": "Använd POST: /mcp är MCP över streamable HTTP för AI-assistenter (se README)."},
                status_code=405, headers={"Allow": "POST"},
            )
            return await response(scope, receive, send)
        await self.app(scope, receive, send)


def mount(app: Any, service: Service) -> Callable[[], AbstractAsyncContextManager[None]]:
    """Add the route /mcp (streamable HTTP) to the web app; returns what its lifespan must enter.

    Stateless, with JSON responses: each call is one POST answered in one response, so it passes
    the app's middleware (body limit, headers, access log) like any API call and needs no session
    kept across index reloads."""
    settings = service.settings
    server = build_server(service)
    inner = server.streamable_http_app(
        streamable_http_path="/mcp", stateless_http=True, json_response=True, host=settings.host,
        max_request_body_size=settings.max_body_kb * 1024,
    )
    for route in inner.routes:
        if isinstance(route, Route):
            app.router.routes.append(Route(route.path, endpoint=McpGate(route.app, settings)))
    if not is_loopback(settings.host) and not settings.admin_token:
        log.warning("PLANSEARCH_MCP is on but the server is not on loopback and has no PLANSEARCH_ADMIN_TOKEN: /mcp answers 404")
    return server.session_manager.run

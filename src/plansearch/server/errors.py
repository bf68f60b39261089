"""Errors in plain Swedish, never a trace: {"ok": false, "error": "…"} with a status per kind on the
API, and the styled error page on every other path (an unknown page, a bad link)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from plansearch.errors import IndexNotFound, NotFound, PlansearchError, Unauthorized

log = logging.getLogger("plansearch.api")

# Paths whose errors are JSON; every other path is a page and gets the error page.
API_PATHS = ("/api/", "/healthz", "/openapi.json", "/docs", "/redoc", "/static", "/mcp")
INTERNAL = "Ett internt fel inträffade; försök igen."


class BadRequest(PlansearchError):
    """A request the web layer refuses, with a Swedish message for the user."""


# Errors whose message is written for the user (in Swedish); any other PlansearchError comes from
# the core, in English for the operator: it is logged and the user gets a Swedish message.
SHOWN = (NotFound, Unauthorized, BadRequest)
STATUS = {NotFound: 404, Unauthorized: 401, IndexNotFound: 503}
HTTP_MESSAGES = {
    400: "Ogiltig förfrågan.",
    401: "Fel eller saknad nyckel.",
    403: "Åtkomst nekad.",
    404: "Sidan finns inte.",
    405: "Metoden är inte tillåten här.",
    413: "Förfrågan är för stor.",
    415: "Fel innehållstyp.",
}
HEADINGS = {404: "Sidan finns inte", 422: "Ogiltig förfrågan", 500: "Något gick fel"}
# How a request field reads in a Swedish message; its own name follows in parentheses.
FIELD_NAMES = {
    "question": "frågan", "history": "historiken", "role": "rollen i historiken",
    "content": "ett inlägg i historiken", "q": "söktexten", "k": "antalet träffar", "doc": "dokumentet",
    "kind": "typen av avsnitt", "year": "året", "retriever": "sökmetoden", "p": "avsnittet", "hl": "markeringen",
    "region": "regionen", "document": "dokumentet", "body": "organisationen", "text": "texten", "format": "formatet",
    "query": "söktexten", "term": "termen", "limit": "antalet rader",  # the MCP tools' own names
    "answer": "svaret", "citations": "källorna", "index_version": "indexversionen", "verdict": "omdömet",
    "comment": "kommentaren",
    "passage": "avsnittet", "visa": "visningen",
    "topic": "ämnet", "meeting": "mötet",  # the register API's and its pages' own names
}


def user_message(exc: PlansearchError) -> str:
    """What the user is told, in Swedish: the message itself for the errors written for users
    (SHOWN), a plain sentence for the core's English ones (the MCP tools say the same)."""
    if isinstance(exc, SHOWN):
        return str(exc)
    if isinstance(exc, IndexNotFound):
        return "Det finns inget index än. Bygg det med plansearch ingest och försök igen."
    return "Förfrågan kunde inte besvaras med det här indexet."


def is_page(request: Request) -> bool:
    """True for the paths of the web pages (and unknown paths), False for the API's."""
    return not request.url.path.startswith(API_PATHS)


def install_error_handlers(app: FastAPI, templates: Jinja2Templates) -> None:
    def respond(request: Request, status: int, message: str, extra: dict[str, Any] | None = None, headers=None) -> Response:
        if is_page(request):
            heading = HEADINGS.get(status, "Något gick fel")
            return templates.TemplateResponse(
                request, "error.html", {"heading": heading, "message": message, "page": ""}, status_code=status, headers=headers,
            )
        return JSONResponse({"ok": False, "error": message, **(extra or {})}, status_code=status, headers=headers)

    @app.exception_handler(PlansearchError)
    async def plansearch_error(request: Request, exc: PlansearchError):
        status = next((code for cls, code in STATUS.items() if isinstance(exc, cls)), 400)
        if not isinstance(exc, SHOWN):
            log.warning("%s on %s %s: %s", type(exc).__name__, request.method, request.url.path, exc)
        return respond(request, status, user_message(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        details = [{"loc": list(e.get("loc", ())), "type": e.get("type", ""), "msg": problem(e)} for e in exc.errors()]
        message = "Ogiltig förfrågan: " + "; ".join(d["msg"] for d in details) + "."
        return respond(request, 422, message, {"details": details})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = HTTP_MESSAGES.get(exc.status_code, f"Förfrågan kunde inte hanteras (status {exc.status_code}).")
        if exc.status_code == 404 and is_page(request):
            message = "Det finns ingen sida på den här adressen. Kontrollera länken, eller gå vidare härifrån."
        return respond(request, exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        # Logged with its traceback for the operator; the user gets a plain message, never a trace.
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return respond(request, 500, INTERNAL)


def problem(error: dict) -> str:
    """One validation error as a Swedish phrase: "frågan (question) får inte vara tom"."""
    loc = list(error.get("loc", ()))
    if loc and loc[0] in ("body", "query", "path"):
        loc = loc[1:]  # where it came from; a query parameter may itself be named "body"
    names = [str(part) for part in loc if not isinstance(part, int)]
    name = names[-1] if names else ""
    where = f"{FIELD_NAMES[name]} ({name})" if name in FIELD_NAMES else (name or "förfrågan")
    # An adjective agrees with the field: "frågan … tom", "ämnet … tomt" (a definite neuter ends in -et).
    neuter = FIELD_NAMES.get(name, "").endswith("et")
    return f"{where} {_swedish(error, neuter)}"


def _swedish(error: dict, neuter: bool = False) -> str:
    """What is wrong, in plain Swedish; `neuter` for a field named by a neuter noun ("ämnet")."""
    ctx = error.get("ctx") or {}
    kind = error.get("type", "")
    t = "t" if neuter else ""
    if kind == "string_too_short":
        return f"får inte vara tom{t}" if ctx.get("min_length") == 1 else f"måste ha minst {ctx.get('min_length')} tecken"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", " eller ")
        return f"måste vara något av {expected}"
    messages = {
        "missing": "saknas",
        "string_too_long": f"är för lång{t} (högst {ctx.get('max_length')} tecken)",
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
    return messages.get(kind, "har ett ogiltigt värde")

"""Errors as plain Swedish JSON: {"ok": false, "error": "…"} with a status per kind; never a trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from plansearch.errors import IndexNotFound, NotFound, PlansearchError, Unauthorized

log = logging.getLogger("plansearch.api")

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
        "literal_error": f"måste vara något av {ctx.get('expected', '')}".replace("'", "").replace(" or ", " eller "),
        "json_invalid": "är inte giltig JSON",
        "model_attributes_type": "måste vara ett JSON-objekt",
        "dict_type": "måste vara ett JSON-objekt",
        "list_type": "måste vara en lista",
        "string_type": "måste vara text",
        "value_error": str(ctx.get("error", "har ett ogiltigt värde")),
    }
    return messages.get(error.get("type", ""), "har ett ogiltigt värde")

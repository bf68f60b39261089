"""Readers' verdicts on answers: POST /api/feedback stores one; GET /feedback shows them to an
administrator (the admin token, as a Bearer header or as the password of the browser's login)."""

from __future__ import annotations

import base64
import binascii
import hmac
import logging
from typing import Annotated

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from plansearch.feedback.store import FeedbackError, FeedbackStore, Verdict
from plansearch.server.schemas import MAX_HISTORY, MAX_QUESTION, NonBlank

log = logging.getLogger("plansearch.api")

MAX_ANSWER = 8000  # characters; the chat sends at most this much of an answer
MAX_COMMENT = 2000
MAX_CITATIONS = 20
PASSAGE_ID = r"^[a-z0-9][a-z0-9-]{0,120}:[0-9]{1,7}$"  # "<doc_id>:<n>" (models.Passage.id)
LATEST_BAD = 50  # bad verdicts listed on /feedback
NOT_SAVED = "Omdömet kunde inte sparas just nu; försök igen om en stund."


class FeedbackRequest(BaseModel):
    """A reader's verdict on one answer of the chat."""

    question: NonBlank = Field(min_length=1, max_length=MAX_QUESTION, description="The question that was answered.")
    answer: str = Field(max_length=MAX_ANSWER, description="The answer as it was shown.")
    citations: list[Annotated[str, Field(pattern=PASSAGE_ID, max_length=140)]] = Field(
        default_factory=list, max_length=MAX_CITATIONS, description="The cited passages' ids, in the answer's order."
    )
    index_version: str = Field(default="", max_length=100, pattern=r"^[A-Za-z0-9._-]*$", description="index_version of the answer.")
    verdict: Verdict = Field(description='"good" (Bra svar) or "bad" (Fel svar).')
    comment: str = Field(default="", max_length=MAX_COMMENT, description="What was missing (optional).")
    history: list[Annotated[str, Field(max_length=MAX_QUESTION)]] = Field(
        default_factory=list, max_length=MAX_HISTORY, description="The reader's earlier questions in the conversation, oldest first."
    )


class FeedbackOut(BaseModel):
    """The stored verdict's number."""

    ok: bool = True
    id: int


def get_feedback(request: Request) -> FeedbackStore:
    """The app's feedback store (app.state.feedback), opened at its first use."""
    store = getattr(request.app.state, "feedback", None)
    if store is None:
        store = FeedbackStore.for_settings(request.app.state.settings)
        request.app.state.feedback = store
    return store


def open_at_start(app: FastAPI) -> None:
    """Open the store when the server starts (which deletes verdicts past the retention); a store
    that cannot be opened is logged and tried again at the first verdict."""
    try:
        app.state.feedback = FeedbackStore.for_settings(app.state.settings)
    except FeedbackError as exc:
        log.error("feedback store not opened: %s", exc)


def feedback_routes(templates: Jinja2Templates) -> APIRouter:
    router = APIRouter()

    @router.post("/api/feedback", status_code=201, response_model=FeedbackOut, tags=["chatt"])
    def give_feedback(body: FeedbackRequest, request: Request):
        """Store a verdict ("Bra svar" / "Fel svar") on an answer. Nothing about the reader is kept
        but what the request holds."""
        try:
            saved = get_feedback(request).add(
                body.verdict, body.question, body.answer, body.citations, body.index_version, body.comment.strip(), body.history,
            )
        except FeedbackError as exc:
            log.error("feedback not stored: %s", exc)
            return JSONResponse({"ok": False, "error": NOT_SAVED}, status_code=503)
        return FeedbackOut(id=saved.id)

    @router.get("/feedback", response_class=HTMLResponse, include_in_schema=False)
    def feedback_page(request: Request):
        check_admin(request)
        try:
            store = get_feedback(request)
            days = store.per_day()
            bad = store.entries(verdict="bad", limit=LATEST_BAD)
        except FeedbackError as exc:
            log.error("feedback not read: %s", exc)
            return templates.TemplateResponse(
                request, "error.html", {"heading": "Omdömena kan inte visas", "page": "",
                                        "message": "Filen med omdömen går inte att läsa just nu; se serverns logg."}, status_code=503,
            )
        response = templates.TemplateResponse(
            request, "feedback.html",
            {"page": "feedback", "days": days, "bad": bad,
             "good_total": sum(d[1] for d in days), "bad_total": sum(d[2] for d in days),
             "retention": store.retention_days},
        )
        response.headers["Cache-Control"] = "no-store"
        return response

    return router


def check_admin(request: Request) -> None:
    """Let the request through only with PLANSEARCH_ADMIN_TOKEN, as `Authorization: Bearer <token>`
    or as the password of HTTP Basic (what a browser's login box sends; any user name). Without a
    token set, the page does not exist (404); with a wrong or missing one, 401 and the login box."""
    token = request.app.state.settings.admin_token
    if not token:
        raise StarletteHTTPException(404)
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    given = ""
    if scheme.lower() == "bearer":
        given = value.strip()
    elif scheme.lower() == "basic":
        try:
            given = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")[2]
        except (binascii.Error, UnicodeDecodeError):
            given = ""
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise StarletteHTTPException(401, headers={"WWW-Authenticate": 'Basic realm="plansearch", charset="UTF-8"'})

"""Request and response records of the JSON API, with their limits (OpenAPI at /docs)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

MAX_QUESTION = 1000  # characters
MAX_HISTORY = 20  # turns
MAX_TURN = 2000  # characters


class Turn(BaseModel):
    """One earlier turn of the conversation."""

    role: str = Field(pattern="^(user|assistant)$", description="Who said it.")
    content: str = Field(max_length=MAX_TURN)


def not_blank(value: str) -> str:
    """Refuses text of white space only, in the API's Swedish words ("frågan (question) är tom")."""
    if not value.strip():
        raise ValueError("är tom")
    return value


NonBlank = Annotated[str, AfterValidator(not_blank)]  # a question for /api/ask or /api/feedback


class AskRequest(BaseModel):
    """A question for /api/ask, with the conversation so far."""

    question: NonBlank = Field(min_length=1, max_length=MAX_QUESTION, description="The question, in Swedish or English.")
    history: list[Turn] = Field(default_factory=list, max_length=MAX_HISTORY, description="Earlier turns, oldest first.")


class ErrorOut(BaseModel):
    """Every error response: a plain Swedish message."""

    ok: bool = False
    error: str

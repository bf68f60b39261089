"""Request and response records of the JSON API, with their limits (OpenAPI at /docs)."""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator

MAX_QUESTION = 1000  # characters
MAX_HISTORY = 20  # turns
MAX_TURN = 2000  # characters


class Turn(BaseModel):
    """One earlier turn of the conversation."""

    role: str = Field(pattern="^(user|assistant)$", description="Who said it.")
    content: str = Field(max_length=MAX_TURN)


class AskRequest(BaseModel):
    """A question for /api/ask, with the conversation so far."""

    question: str = Field(min_length=1, max_length=MAX_QUESTION, description="The question, in Swedish or English.")
    history: list[Turn] = Field(default_factory=list, max_length=MAX_HISTORY, description="Earlier turns, oldest first.")

    @field_validator("question")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("är tom")
        return value


class ErrorOut(BaseModel):
    """Every error response: a plain Swedish message."""

    ok: bool = False
    error: str

"""Follow-up questions: "och vem följer upp det?" borrows the topic of the question before it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from plansearch.text.normalise import words

FOLLOW_UP = re.compile(
    r"^\s*(och|men|samt|också|även|and|what about|how about)\b|\b(det|den|dem|detta|dessa|denna|de|där|it|they|them|that|this|those)\b\s*\??\s*$",
    re.IGNORECASE,
)
# Words that ask about the topic without naming it ("vem ansvarar?", "när sker det?").
TOPICLESS = {"följer", "ansvarar", "ansvarig", "sker", "gäller"}


def previous_questions(history: Sequence[dict[str, Any]]) -> list[str]:
    """The user's earlier turns, oldest first."""
    return [str(turn.get("content", "")) for turn in history if turn.get("role") == "user" and turn.get("content")]


def is_follow_up(question: str, history: Sequence[dict[str, Any]]) -> bool:
    """True when the question leans on the previous one: it opens with "och …", ends with a
    pronoun ("… det?"), or names at most one topic word of its own."""
    if not previous_questions(history):
        return False
    content = [w for w in words(question) if len(w) > 3 and w not in TOPICLESS]
    return bool(FOLLOW_UP.search(question)) or len(content) <= 1


def resolve(question: str, history: Sequence[dict[str, Any]]) -> str:
    """The text to search: a follow-up with the previous question after it, else the question."""
    if is_follow_up(question, history):
        return f"{question} {previous_questions(history)[-1]}"
    return question

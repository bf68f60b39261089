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
# A pronoun that always points back, wherever it stands ("Vem leder dem?", "Ska alla ha sådana?",
# "When does it start?").
BACK = re.compile(r"\b(dem|sådan|sådana|sådant|it|they|them|such)\b", re.IGNORECASE)
# "den", "denna", "dessa", "detta" point back when a verb follows ("Ska den erbjudas alla?", "När
# ska den vara klar?"), not when they open a noun phrase ("den nationella planen", "den 4 februari").
DEMONSTRATIVE = re.compile(r"\b(?:den|denna|dessa|detta)\s+([^\W\d_]+)", re.IGNORECASE)
VERBS_AFTER = {
    "vara", "bli", "ha", "få", "göra", "gå", "finnas", "starta", "börja", "sluta", "gälla", "införa", "ske", "kosta",
    "är", "var", "blir", "har", "hade", "ska", "skall", "kan", "bör", "får", "måste", "finns", "gäller", "sker",
    "startar", "börjar", "kostar", "leds", "införs", "erbjuds", "också", "även", "redan", "fortfarande", "inte",
}


def _points_back(question: str) -> bool:
    """Whether a pronoun inside the question stands for something named before."""
    if BACK.search(question):
        return True
    for m in DEMONSTRATIVE.finditer(question):
        following = m.group(1).lower()
        # A passive infinitive or present ("erbjudas", "införs") or a verb or adverb of the list.
        if following in VERBS_AFTER or (len(following) > 5 and following.endswith("as")):
            return True
    return False


def previous_questions(history: Sequence[dict[str, Any]]) -> list[str]:
    """The user's earlier turns, oldest first."""
    return [str(turn.get("content", "")) for turn in history if turn.get("role") == "user" and turn.get("content")]


def is_follow_up(question: str, history: Sequence[dict[str, Any]]) -> bool:
    """True when the question leans on the previous one: it opens with "och …", ends with a
    pronoun ("… det?"), has a pronoun that points back inside it ("Ska den erbjudas alla?",
    "Vem leder dem?"), or names at most one topic word of its own."""
    if not previous_questions(history):
        return False
    content = [w for w in words(question) if len(w) > 3 and w not in TOPICLESS]
    return bool(FOLLOW_UP.search(question)) or len(content) <= 1 or _points_back(question)


def resolve(question: str, history: Sequence[dict[str, Any]]) -> str:
    """The text to search: a follow-up with the previous question after it, else the question."""
    if is_follow_up(question, history):
        return f"{question} {previous_questions(history)[-1]}"
    return question

"""Answer routes: each takes the analysed question and the context, and returns an Answer or None
(not mine). The engine tries them in ROUTES order; the last one always answers."""

from __future__ import annotations

from collections.abc import Callable

from plansearch.answer.context import Context
from plansearch.answer.records import Answer
from plansearch.answer.routes import abstain, comparison, glossary, listing, regions, register, roles, sentences, table
from plansearch.search.query import Question

Route = Callable[[Question, Context], Answer | None]

ROUTES: tuple[Route, ...] = (
    glossary.answer, register.answer, roles.answer, regions.answer, abstain.answer, comparison.answer, listing.answer, table.answer, sentences.answer,
)

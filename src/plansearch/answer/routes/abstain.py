"""Route: say that the documents do not answer, and show the closest passages.

Taken when nothing was found, when the best passage is not close enough (context.confidence <= 1),
or when the question names a region no passage found is about."""

from __future__ import annotations

from plansearch.answer.answerability import verdict
from plansearch.answer.citations import word_range
from plansearch.answer.context import Context
from plansearch.answer.phrasing import abstention, topic
from plansearch.answer.records import Answer, Citation
from plansearch.answer.routes.comparison import sides
from plansearch.answer.units import best_unit
from plansearch.models import Hit
from plansearch.search.query import Question

SHOWN = 3  # closest passages shown under an abstention


def answer(question: Question, ctx: Context) -> Answer | None:
    hits = ctx.hits
    # A comparison is judged side by side by its own route, which says which side has nothing.
    if hits and (len(sides(question, ctx)) >= 2 or verdict(question, ctx, ctx.units).answerable):
        return None
    return abstention_answer(question, ctx)


def abstention_answer(question: Question, ctx: Context) -> Answer:
    """ "Jag hittar inget i dokumenten om …", with the closest passages."""
    hits = ctx.hits
    citations = tuple(
        Citation(n, h.passage, ctx.title(h.passage), closest_part(question, ctx, h)) for n, h in enumerate(hits[:SHOWN], 1)
    )
    text = abstention(topic(question.asked), question.language, bool(citations))
    return Answer(
        question.asked, text, citations, True, question.language, question.intent, "none", ctx.confidence,
        question.text, hits=tuple(hits),
    )


def closest_part(question: Question, ctx: Context, hit: Hit) -> tuple[int, int]:
    """The passage's sentence closest to the question (a table row or glossary entry whole), in
    whole words: what the highlight of a closest passage shows."""
    unit = best_unit(ctx.searcher, question, hit, ctx.calibration.window_gain)
    return word_range(hit.passage.text, unit.start, unit.end)

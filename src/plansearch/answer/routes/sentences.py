"""Route: the sentence of the best passage that covers the question best, and one from the next
passages when it covers the question nearly as well. It always answers (the last route)."""

from __future__ import annotations

from plansearch.answer.context import Context
from plansearch.answer.phrasing import sentence_case
from plansearch.answer.records import Answer, Citation
from plansearch.answer.units import best_unit
from plansearch.search.query import Question
from plansearch.text.sentences import shorten

LONGEST = 500  # characters of one quoted sentence


def answer(question: Question, ctx: Context) -> Answer:
    # The best-ranked passage speaks first: measured on the QA set, letting the sentence test
    # reorder the passages picked the wrong one more often than the right one.
    hits = ctx.hits
    gain = ctx.calibration.window_gain
    units = [best_unit(ctx.searcher, question, hit, gain) for hit in hits[: ctx.settings.answer_passages]]
    chosen = [units[0]]
    for other in units[1:]:
        if len(chosen) < 2 and other.score >= ctx.settings.second_ratio * units[0].score and other.text != units[0].text:
            chosen.append(other)
    citations: list[Citation] = []
    sentences = []
    for unit in chosen:
        n = len(citations) + 1
        citations.append(Citation(n, unit.hit.passage, ctx.title(unit.hit.passage), (unit.start, unit.end)))
        sentences.append(f"{sentence_case(shorten(unit.text, LONGEST))} [{n}]")  # a list item quoted starts like a sentence
    prefix = "According to the documents: " if question.language == "en" else ""
    return Answer(
        question.asked, prefix + " ".join(sentences), tuple(citations), False, question.language, question.intent,
        "text", ctx.confidence, question.text, hits=tuple(hits),
    )

"""Route: the unit that answers best (answer/ranking.py), and one more from another passage only
when the first lacks the kind of fact asked for and the second has it, or when, for a question
without a type, it scores nearly as well. It always answers (the last route)."""

from __future__ import annotations

from plansearch.answer.candidates import Unit
from plansearch.answer.context import Context
from plansearch.answer.phrasing import sentence_case
from plansearch.answer.records import Answer, Citation
from plansearch.search.intent import AMOUNT, DATE
from plansearch.search.query import Question
from plansearch.text.sentences import shorten

LONGEST = 500  # characters of one quoted sentence
SHAPES = {"date": DATE, "amount": AMOUNT}


def answer(question: Question, ctx: Context) -> Answer:
    ranked = ctx.units
    chosen = [ranked[0][1]] if ranked else []
    if ranked:
        chosen += _second(question, ranked, ctx.settings.second_ratio)
    citations: list[Citation] = []
    sentences = []
    for unit in chosen:
        n = len(citations) + 1
        citations.append(Citation(n, unit.passage, ctx.title(unit.passage), (unit.start, unit.end)))
        sentences.append(f"{sentence_case(shorten(unit.quoted, LONGEST))} [{n}]")
    prefix = "According to the documents: " if question.language == "en" else ""
    return Answer(
        question.asked, prefix + " ".join(sentences), tuple(citations), False, question.language, question.intent,
        "text", ctx.confidence, question.text, hits=tuple(ctx.hits),
    )


def _second(question: Question, ranked: list[tuple[float, Unit]], ratio: float) -> list[Unit]:
    best_score, best = ranked[0]
    shape = SHAPES.get(question.answer_type)
    for score, unit in ranked[1:6]:
        if unit.passage.id == best.passage.id or unit.text == best.text:
            continue
        if shape is not None:
            if not shape.search(best.text) and shape.search(unit.text) and score >= 0.5 * best_score:
                return [unit]
            continue
        if question.answer_type == "text" and score >= ratio * best_score:
            return [unit]
    return []


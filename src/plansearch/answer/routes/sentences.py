"""Route: the unit that answers best (answer/ranking.py), and one more from another passage only
when the first lacks the kind of fact asked for and the second has it, or when, for a question
without a type, it scores nearly as well. It always answers (the last route)."""

from __future__ import annotations

import re
from dataclasses import replace

from plansearch.answer.candidates import NEIGHBOUR_SUBJECT, Unit, overlaps, with_neighbour
from plansearch.answer.context import Context
from plansearch.answer.kinds import asked_kind, holds_asked_kind
from plansearch.answer.phrasing import COLUMN_LABELS_EN, sentence_case
from plansearch.answer.ranking import holds_subject
from plansearch.answer.records import Answer, Citation
from plansearch.search.intent import AMOUNT, BY_INTENT, DATE
from plansearch.search.query import Question
from plansearch.text.lexicons import english_to_swedish
from plansearch.text.normalise import fold
from plansearch.text.sentences import shorten

LONGEST = 500  # characters of one quoted sentence
SHAPES = {"date": DATE, "amount": AMOUNT}


def answer(question: Question, ctx: Context) -> Answer:
    ranked = ctx.units
    chosen = [ranked[0][1]] if ranked else []
    if ranked:
        chosen += _second(question, ranked, ctx.settings.second_ratio)
    if len(chosen) == 1:
        # A sentence that points back is quoted with the one it points to ("Det innefattar …");
        # "Vad säger planen om X?" gets the sentence before or after that goes on about X too.
        general = question.answer_type == "text" and question.intent == "general"
        about = holds_subject(ctx.searcher, question, NEIGHBOUR_SUBJECT) if general else (lambda u: False)
        joined = with_neighbour(chosen[0], about)
        chosen = [joined] if joined is not None else chosen
    citations: list[Citation] = []
    sentences = []
    english = question.language == "en"
    for unit in chosen:
        n = len(citations) + 1
        citations.append(Citation(n, unit.passage, ctx.title(unit.passage), (unit.start, unit.end)))
        if english and unit.kind == "cell" and unit.lead:
            # A cell under an English label, its row's activity quoted: "Time frame: 2022–2024 (“NUS ska …”)".
            label = COLUMN_LABELS_EN.get(unit.column, unit.column.rstrip("?").lower())
            sentences.append(f"{sentence_case(label)}: {unit.text} (“{shorten(unit.lead, 160)}”) [{n}]")
            continue
        said = sentence_case(shorten(unit.quoted, LONGEST))
        sentences.append(f"“{said}” [{n}]" if english else f"{said} [{n}]")
    text = " ".join(sentences)
    if english and not all(u.kind == "cell" and u.lead for u in chosen):
        text = f"{english_frame(question, chosen)} {text}"
    return Answer(
        question.asked, text, tuple(citations), False, question.language, question.intent,
        "text", ctx.confidence, question.text, hits=tuple(ctx.hits),
    )


def english_frame(question: Question, chosen: list[Unit]) -> str:
    """The English words around Swedish evidence: the asked date or amount first when the quoted
    sentence holds one ("The documents give 8 april 2025:"), else that the quote is Swedish."""
    shape = SHAPES.get(question.answer_type)
    fact = next((_with_year(u.text, m) for u in chosen if shape and (m := _nearest(shape, u.text, question))), "")
    if fact and question.answer_type == "date" and re.fullmatch(r"(?:19|20)\d\d", fact):
        fact = ""  # a bare year is seldom the date asked for; the sentence says more
    return f"The documents give {fact} (in Swedish):" if fact else "The documents say (in Swedish):"


COMPARED_RATIO = 0.3  # of the best unit's score, for the other side of a comparison
COMPARED_WITHIN = 10  # best units looked through for it


def _second(question: Question, ranked: list[tuple[float, Unit]], ratio: float) -> list[Unit]:
    best_score, best = ranked[0]
    if question.answer_type == "comparison":
        # A comparison whose other side is no region or document ("Mellansveriges täckningsgrad
        # jämfört med den nationella målnivån") left to this route: the next good unit, from the
        # same passage too, gives the other side.
        # When the first gives a figure or a date, the other side is one that gives one too.
        like = next((p for p in (AMOUNT, DATE) if p.search(best.text)), None)
        others = [(score, unit) for score, unit in ranked[1:COMPARED_WITHIN]
                  if not overlaps(unit, best)
                  and unit.text not in best.text and best.text not in unit.text]
        each = replace(question, answer_type=BY_INTENT[question.intent])
        if asked_kind(each):
            # "Hur många barn …?": the other side's count of the same things ("Cirka 350 barn i
            # Sverige …" against "Omkring sextio barn … i Mellansverige").
            shaped = [unit for _, unit in others if holds_asked_kind(each, unit)]
            if shaped:
                return shaped[:1]
        if like is not None:
            return [unit for _, unit in others if like.search(unit.text)][:1]
        return [unit for score, unit in others if score >= COMPARED_RATIO * best_score][:1]
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



def _nearest(shape: re.Pattern[str], text: str, question: Question) -> re.Match[str] | None:
    """The date or amount in the text nearest after a word of the question's subject (in the
    lexicon's Swedish): "hjärntumörer står för cirka 25 procent", not the "30 procent" of
    leukaemias before it. The first one when the text has one, or names none of the words."""
    found = list(shape.finditer(text))
    if len(found) < 2:
        return found[0] if found else None
    lowered = fold(text.lower())
    places = [m.start() for w in fold(english_to_swedish(question.subject).lower()).split() if len(w) >= 5
              for m in re.finditer(re.escape(w[: max(5, len(w) - 2)]), lowered)]
    if not places:
        return found[0]
    # The figure after the word first: a Swedish sentence names the thing, then its figure
    # ("hjärntumörer står för cirka 25 procent").
    return min(found, key=lambda m: min((m.start() < p, abs(m.start() - p)) for p in places))


def _with_year(text: str, match: re.Match[str]) -> str:
    """The matched date or amount, with the year that follows a day and month ("8 april 2025")."""
    # The whole last word: the shape ends at "miljon" in "5,125 miljoner kr", which quoted alone
    # is no word of the document's; and the unit that follows ("miljoner kr").
    rest = re.match(r"\w*(?:\s+(?:kr|kronor)\b)?", text[match.end():])
    end = match.end() + (len(rest.group(0)) if rest else 0)
    year = re.match(r"\s+(?:19|20)\d\d\b", text[end:])
    return (text[match.start():end] + (year.group(0) if year else "")).strip()

"""Route: say that the documents do not answer, and show the closest passages.

Taken when nothing was found, when the best passage is not close enough (context.confidence <= 1),
or when the question names a region no passage found is about."""

from __future__ import annotations

import re

from plansearch.answer.after import asks_the_one_after
from plansearch.answer.answerability import verdict
from plansearch.answer.citations import word_range
from plansearch.answer.constraints import (
    ABBREVIATION,
    CANCER_TYPE,
    MEETING,
    MEETING_DAY,
    PROPER,
    TUMOUR_TYPE,
    unknown_names,
)
from plansearch.answer.context import Context
from plansearch.answer.kinds import asked_kind
from plansearch.answer.phrasing import abstention, missing_sentence, subject_topic, topic
from plansearch.answer.records import Answer, Citation
from plansearch.answer.routes.comparison import sides
from plansearch.answer.units import best_unit
from plansearch.models import Hit
from plansearch.search.query import Question
from plansearch.search.scope import base_form, places_in

SHOWN = 3  # closest passages shown under an abstention


def answer(question: Question, ctx: Context) -> Answer | None:
    hits = ctx.hits
    # A comparison is judged side by side by its own route, which says which side has nothing.
    if hits and len(sides(question, ctx)) >= 2:
        return None
    judged = verdict(question, ctx, ctx.units) if hits else None
    if judged is not None and judged.answerable:
        return None
    return abstention_answer(question, ctx, judged.missing if judged else "")


def abstention_answer(question: Question, ctx: Context, missing: str = "") -> Answer:
    """ "Jag hittar inget i dokumenten om …", or what was found and what is missing ("Dokumenten tar
    upp teledermatoskopi, men säger inget om Region Skåne."), with the closest passages."""
    hits = ctx.hits
    citations = tuple(
        Citation(n, h.passage, ctx.title(h.passage), closest_part(question, ctx, h)) for n, h in enumerate(hits[:SHOWN], 1)
    )
    lacking = ""
    if missing and hits:
        about = subject_topic(question.subject)
        kind = (asked_kind(question) or missing) if missing == "amount" else missing
        named = named_lacking(question, kind) or (" ".join(unknown_names(question, ctx)) if kind == "body" else "")
        if kind == "document":
            named = " och ".join(base_form(n) for n in ctx.searcher.scope.unknown_documents(question.asked))
        if kind == "region" and _has_own_document(question, ctx):
            named = ""  # "säger inget om Region Gävleborg" is untrue when Gävleborg has a plan
        lacking = missing_sentence(kind, f"”{about}”" if _discussed(about, ctx) else "", named, question.language)
    if asks_the_one_after(question.asked, question.carried):
        # "och mötet efter det?": the documents name nothing later than the answer before.
        lacking = ("The documents name nothing later than the answer to the previous question."
                   if question.language == "en" else "Dokumenten nämner inget senare än svaret på förra frågan.")
    text = abstention(topic(question.asked), question.language, bool(citations), lacking)
    return Answer(
        question.asked, text, citations, True, question.language, question.intent, "none", ctx.confidence,
        question.text, hits=tuple(hits),
    )


def closest_part(question: Question, ctx: Context, hit: Hit) -> tuple[int, int]:
    """The passage's sentence closest to the question (a table row or glossary entry whole), in
    whole words: what the highlight of a closest passage shows."""
    unit = best_unit(ctx.searcher, question, hit, ctx.calibration.window_gain)
    return word_range(hit.passage.text, unit.start, unit.end)


def named_lacking(question: Question, missing: str) -> str:
    """What the question names that a failed constraint did not find, as the question words it."""
    asked = question.asked
    if missing == "abbreviation":
        return " ".join(dict.fromkeys(ABBREVIATION.findall(question.subject)))
    if missing in {"year", "amount", "count", "frequency", "date"}:
        return " och ".join(str(y) for y in question.years)
    if missing == "region":
        words = re.findall(r"(?:Region |region )?[A-ZÅÄÖ][\wåäö-]+", asked)
        return next((base_form(w) for w in words if places_in(w)), "")
    if missing == "month":
        day = MEETING_DAY.search(asked)
        if day and MEETING.search(asked):
            year = re.match(r"\s*(?:19|20)\d\d\b", asked[day.end():])
            return f"{day.group(0)}{year.group(0) if year else ''}"
        return ""
    if missing == "body":
        return " ".join(PROPER.findall(question.subject))
    if missing == "cancer_type":
        return " ".join(m.group(0) for pattern in (CANCER_TYPE, TUMOUR_TYPE) for m in pattern.finditer(question.subject))
    return ""


def _discussed(about: str, ctx: Context) -> bool:
    """Whether the closest passages hold every content word of the topic (so "Dokumenten tar upp
    …" is true)."""
    analyzer = ctx.index.lexical.analyzer
    wanted = set(analyzer.terms(about))
    if not wanted:
        return False
    found: set[str] = set()
    for hit in ctx.hits[:SHOWN]:
        found |= set(analyzer.terms(f"{hit.passage.heading} {hit.passage.text}"))
    return wanted <= found


def _has_own_document(question: Question, ctx: Context) -> bool:
    """Whether a region the question names has a document of its own among the documents."""
    metas = [d.meta for d in ctx.index.documents.values()]
    return any(set(question.places) & places_in(f"{m.title} {m.region}") for m in metas)

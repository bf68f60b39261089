"""Route: "Vilka regioner ingår i norra sjukvårdsregionen?" answered from the line that lists them.

Such a line (a row of a table the reader could not rule, a parenthesis after "de sju regionerna")
shares few words with the question, so retrieval seldom ranks it; this route looks for it over the
whole index instead, before the abstention route judges the passages retrieval found.
"""

from __future__ import annotations

import re

from plansearch.answer.candidates import Unit, units_of
from plansearch.answer.context import Context
from plansearch.answer.records import Answer, Citation
from plansearch.models import Hit
from plansearch.search.query import Question
from plansearch.search.scope import places_in
from plansearch.text.sentences import shorten

MIN_REGIONS = 3  # regions a line must name to enumerate a healthcare region's
REGION_LIST = re.compile(r"\bvilka\s+(?:regioner|län|landsting)\b|\bwhich\s+(?:regions|counties)\b", re.IGNORECASE)
# Asks what the healthcare region is made of, not which of its regions did something ("Vilka
# regioner i Mellansverige har infört OPT?" is for retrieval).
MEMBERSHIP = re.compile(
    r"\b(?:ingår|består|tillhör|omfattar|utgör|hör till|stöttar|stödjer|samverkar|part of|belong\w*|make up|makes up|"
    r"comprise\w*|form\w*|support\w*|served by|covered by)\b",
    re.IGNORECASE,
)


def answer(question: Question, ctx: Context) -> Answer | None:
    unit = enumeration(question, ctx)
    if unit is None:
        return None
    passage = unit.passage
    said = shorten(unit.text, 400)
    if question.language == "en":
        text = f"{ctx.short(passage)} lists: {said} [1]"
    else:
        text = f"Enligt {ctx.short(passage)}: {said} [1]"
    citation = Citation(1, passage, ctx.title(passage), (unit.start, unit.end))
    return Answer(
        question.asked, text, (citation,), False, question.language, question.intent, "list",
        ctx.confidence, question.text, hits=tuple(ctx.hits),
    )


def enumeration(question: Question, ctx: Context) -> Unit | None:
    """For "Vilka regioner ingår i norra sjukvårdsregionen?": the regions, from the line or sentence
    of any document that names three or more regions next to the healthcare region asked about
    ("Norr Norrbotten, Västerbotten, Västernorrland och Jämtland Härjedalen" in a table the
    reader could not rule), searched over the whole index since such a line shares few words with
    the question. The one that opens with the name asked about comes first."""
    if not (REGION_LIST.search(question.asked) and MEMBERSHIP.search(question.asked)):
        return None
    names = ctx.searcher.scope.names_in(question.asked) - set(question.places) | set(question.places)
    if not names:
        return None
    analyzer = ctx.index.lexical.analyzer
    found: list[tuple[int, Unit]] = []
    for passage in ctx.index.passages:
        if len(places_in(passage.text)) < MIN_REGIONS:
            continue
        for unit in units_of(Hit(passage, 0.0, 1)):
            listed = places_in(unit.text) - names
            terms = analyzer.terms(unit.text)
            if len(listed) >= MIN_REGIONS and names & set(terms):
                found.append((0 if terms and terms[0] in names else 1, unit))
    if not found:
        return None
    return min(found, key=lambda f: f[0])[1]



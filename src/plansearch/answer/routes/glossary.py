"""Route: "vad står X för?" and "vad är X?" answered from the glossary the documents define."""

from __future__ import annotations

import re

from plansearch.answer.candidates import Unit, continues, units_of, with_next
from plansearch.answer.context import Context
from plansearch.answer.phrasing import glossary_sentence, sentence_case
from plansearch.answer.records import Answer, Citation
from plansearch.knowledge.roles import role_key
from plansearch.models import GlossaryEntry
from plansearch.search.query import Question
from plansearch.text.normalise import fold, words
from plansearch.text.sentences import shorten

# Words of a question that asks only what a term means or stands for.
TERM_QUESTION_WORDS = {
    "vad", "ar", "betyder", "betyd", "innebar", "menas", "med", "star", "for", "forkortning", "forkortningen", "forkortas",
    "hur", "vilken", "vilket", "det", "den", "en", "ett", "i", "dokumenten", "dokumentet", "planen", "cancerplanen",
    "what", "is", "the", "a", "an", "means", "mean", "does", "do", "stand", "stands", "abbreviation", "of",
}
STANDS_FOR = re.compile(r"\bst[aå]r\s+(\S+(?:\s\S+){0,2}?)\s+f[oö]r\b", re.IGNORECASE)


def answer(question: Question, ctx: Context) -> Answer | None:
    """The entries for the abbreviation or term the question asks about (at most two meanings)."""
    if question.intent not in ("abbreviation", "definition"):
        return None
    glossary = ctx.searcher.glossary
    text = question.repaired
    # The abbreviations of the subject: "i RCC Mellansveriges cancerplan" only scopes "Vad står
    # VPG för …?", and RCC is not asked about.
    entries = glossary.abbreviations_in(question.subject) or glossary.abbreviations_in(text)
    reverse = False
    if not entries and question.intent == "abbreviation":
        entries, reverse = glossary.long_forms_in(text), True
    if not entries and question.intent == "definition":
        entries = glossary.definitions_in(text) or [e for e in glossary.abbreviations_in(text) if e.kind == "abbreviation"]
    if not entries:
        return None
    term = entries[0].meaning if reverse else entries[0].term
    asked = STANDS_FOR.search(question.asked)
    if not (asked and asked.group(1).lower() == term.lower()) and not only_term(question.subject, term):
        return None  # "Vad är syftet med IPÖ?" asks more than what IPÖ stands for
    entries = sorted(entries, key=lambda e: e.doc_id not in question.documents)  # the named document first
    citations: list[Citation] = []
    parts: list[str] = []
    for entry in distinct_meanings(entries)[:2]:
        passage = ctx.passage(entry.passage_id)
        if passage is None:
            continue
        n = len(citations) + 1
        citations.append(ctx.cite(n, passage, entry.term if entry.kind == "abbreviation" else entry.meaning))
        marks = f"[{n}]"
        if entry.parallel_passage_id and (other := ctx.passage(entry.parallel_passage_id)):
            citations.append(ctx.cite(n + 1, other, entry.meaning))
            marks += f"[{n + 1}]"
        parts.append(glossary_sentence(entry, reverse, question.language, marks))
    if not citations:
        return None
    if question.intent == "definition" and not reverse and entries[0].kind == "abbreviation":
        # "Vad är IPÖ?" asks what it is, not only what the letters stand for: the documents' own
        # sentence about it follows, when one of the best units describes it.
        unit = describing_unit(ctx, entries[0])
        if unit is not None:
            n = len(citations) + 1
            citations.append(Citation(n, unit.passage, ctx.title(unit.passage), (unit.start, unit.end)))
            said = sentence_case(shorten(unit.text, DESCRIBED_LONGEST))
            parts.append(f"The documents describe it (in Swedish): “{said}” [{n}]" if question.language == "en" else f"{said} [{n}]")
    return Answer(
        question.asked, " ".join(parts), tuple(citations), False, question.language, question.intent, "glossary",
        1.0, question.text,
    )


DESCRIBED_LONGEST = 300  # characters of the describing sentence
DESCRIBED_WITHIN = 4  # best units looked through for it
DESCRIBES = re.compile(r"\binnebär\b|\bavses\b|\bdefinieras\b|\bär (?:en|ett)\b|\bbeskriver\b|\bsyftar\b", re.IGNORECASE)


def describing_unit(ctx: Context, entry: GlossaryEntry) -> Unit | None:
    """A sentence among the question's best units that names the term (or what it stands for) and
    says what it is ("Individuell patientöversikt (IPÖ) är ett digitalt system …"); not the
    glossary line itself."""
    names = [fold(entry.term.lower()), fold(entry.meaning.lower())]

    def names_it(unit: Unit) -> bool:
        return any(n in fold(unit.text.lower()) for n in names)

    for _, unit in ctx.units[:DESCRIBED_WITHIN]:
        if unit.kind == "sentence" and names_it(unit) and DESCRIBES.search(unit.text):
            # The sentence after it that names the term too says more of what it is ("… (MDK) är
            # ett viktigt inslag …" then "Under en MDK diskuterar flera specialiteter …").
            return with_next(unit, units_of(unit.hit), lambda u: names_it(u) or continues(u.text)) or unit
    return None


def only_term(question: str, term: str) -> bool:
    """True when the question (its subject: the phrases that scope it, "i Gävleborgs plan", are
    gone) holds nothing besides `term` but question words: "Vad är syftet med IPÖ?" asks more."""
    rest = fold(question.lower()).replace(fold(term.lower()), " ")
    content = [w for w in words(rest) if fold(w) not in TERM_QUESTION_WORDS]
    return not content


def distinct_meanings(entries: list[GlossaryEntry]) -> list[GlossaryEntry]:
    """One entry per meaning: "individuell patientöversikt" and "individuella patientöversikter",
    "multidisciplinär konferens" and "multidisciplinära konferenser" are one."""
    out: list[GlossaryEntry] = []
    for e in entries:
        if not any(e.term.lower() == o.term.lower() and same_words(e.meaning, o.meaning) for o in out):
            out.append(e)
    return out


def same_words(a: str, b: str) -> bool:
    """Whether two phrases are the same words inflected otherwise: word by word, one stem begins
    the other ("konferens" stems to "konfer", "konferenser" to "konferens")."""
    x, y = role_key(a).split(), role_key(b).split()
    return len(x) == len(y) and all(u.startswith(v) or v.startswith(u) for u, v in zip(x, y, strict=True))

"""Route: "vad står X för?" and "vad är X?" answered from the glossary the documents define."""

from __future__ import annotations

import re

from plansearch.answer.context import Context
from plansearch.answer.phrasing import glossary_sentence
from plansearch.answer.records import Answer, Citation
from plansearch.knowledge.roles import role_key
from plansearch.models import GlossaryEntry
from plansearch.search.query import Question
from plansearch.text.normalise import fold, words

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
    entries = glossary.abbreviations_in(text)
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
    return Answer(
        question.asked, " ".join(parts), tuple(citations), False, question.language, question.intent, "glossary",
        1.0, question.text,
    )


def only_term(question: str, term: str) -> bool:
    """True when the question (its subject: the phrases that scope it, "i Gävleborgs plan", are
    gone) holds nothing besides `term` but question words: "Vad är syftet med IPÖ?" asks more."""
    rest = fold(question.lower()).replace(fold(term.lower()), " ")
    content = [w for w in words(rest) if fold(w) not in TERM_QUESTION_WORDS]
    return not content


def distinct_meanings(entries: list[GlossaryEntry]) -> list[GlossaryEntry]:
    """One entry per meaning: "individuell patientöversikt" and "individuella patientöversikter" are one."""
    seen, out = set(), []
    for e in entries:
        key = (e.term.lower(), role_key(e.meaning))
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out

"""The words around the evidence: glossary sentences, lists of bodies, the topic of an abstention
and the labels of table columns, in Swedish and English."""

from __future__ import annotations

import re

from plansearch.models import GlossaryEntry
from plansearch.text.language import Language

# How a table column reads in an answer ("ansvarig för …", "utförs av …").
COLUMN_LABELS = {
    "Ansvarig": "ansvarig", "Ansvariga": "ansvariga", "Vem?": "utförs av", "Uppföljning": "uppföljning",
    "Tidsram": "tidsram", "När?": "när", "Hur?": "hur",
}
SECOND_COLUMN_LABELS = {"Vem?": "utförs av", "Ansvarig": "ansvarig"}
# How a role's duty reads in a list of duties, by the column or minutes phrase it came from.
DUTY_LABELS = {
    "sv": {"Vem?": "utför", "Beslut": "beslut", "Roll": "roll"},
    "en": {"Vem?": "carries out", "Beslut": "decision", "Roll": "role"},
}
DUTY_DEFAULT = {"sv": "ansvarig", "en": "responsible"}


def join_items(cell: str) -> str:
    """ "- Regionerna - RCC Mellansverige" -> "Regionerna och RCC Mellansverige"."""
    parts = [p.strip() for p in re.split(r"\s+-\s*|^-\s*", cell) if p.strip()]
    if len(parts) <= 1:
        return cell.strip(" -")
    return ", ".join(parts[:-1]) + " och " + parts[-1]


def topic(question: str) -> str:
    """The question without its question words, quoted: "Vad kostar parkeringen?" -> ”parkeringen”."""
    text = re.sub(
        r"^\s*(vad|vem|vilka|vilken|vilket|när|hur|var|varför|finns det|kan man|what|who|which|when|how|where|why|is there)\b"
        r"(\s+(är|kostar|gäller|ska|finns|mycket|många|står|ansvarar för|is|are|does|do|much|many))*\s*",
        "",
        question.strip().rstrip("?").strip(),
        flags=re.IGNORECASE,
    )
    return f"”{text or question.strip().rstrip('?')}”"


def glossary_sentence(entry: GlossaryEntry, reverse: bool, language: Language, marks: str) -> str:
    """One glossary entry as a sentence ending with its citation marks."""
    english = language == "en"
    if entry.kind == "definition":
        meaning = entry.meaning
        if not meaning.lower().startswith(entry.term.lower()):
            meaning = f"{entry.term}: {meaning}"
        return f"{meaning.rstrip('.')} {marks}" if english else f"{meaning.rstrip('.')}. {marks}"
    if entry.parallel_passage_id:
        if english:
            return (
                f"{entry.term} stands for {entry.meaning} {marks}: one plan writes {entry.term} where the other "
                f"writes “{entry.meaning}” in the same sentence."
            )
        return (
            f"{entry.term} står för {entry.meaning} {marks}: ett dokument skriver {entry.term} där ett annat "
            f"skriver ”{entry.meaning}” i samma mening."
        )
    if reverse:
        return f"{entry.meaning} is abbreviated {entry.term} {marks}." if english else f"{entry.meaning} förkortas {entry.term} {marks}."
    return f"{entry.term} stands for {entry.meaning} {marks}." if english else f"{entry.term} står för {entry.meaning} {marks}."


def abstention(topic_text: str, language: Language, has_passages: bool) -> str:
    """ "Jag hittar inget i dokumenten om …", with a pointer to the closest passages when shown."""
    if language == "en":
        text = f"I find nothing in the documents about {topic_text}."
        return text + (" The closest passages are shown below." if has_passages else "")
    text = f"Jag hittar inget i dokumenten om {topic_text}."
    return text + (" De närmaste avsnitten visas nedan." if has_passages else "")

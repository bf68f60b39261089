"""The words around the evidence: glossary sentences, lists of bodies, counts, the topic of an
abstention and the labels of table columns, in Swedish and English."""

from __future__ import annotations

import re

from plansearch.knowledge.roles import _split_capitals
from plansearch.models import GlossaryEntry
from plansearch.search.topic import subject_topic  # noqa: F401  (re-exported: the routes' import)
from plansearch.text.language import Language

# How a table column reads in an answer ("ansvarig för …", "utförs av …").
COLUMN_LABELS = {
    "Ansvarig": "ansvarig", "Ansvariga": "ansvariga", "Vem?": "utförs av", "Uppföljning": "uppföljning",
    "Tidsram": "tidsram", "När?": "när", "Hur?": "hur",
}
SECOND_COLUMN_LABELS = {"Vem?": "utförs av", "Ansvarig": "ansvarig", "Ansvariga": "ansvariga", "Tidsram": "tidsram",
                        "När?": "när", "Tidplan": "tidplan"}
# The same in an English answer, whose frame is English even though the cells are Swedish.
COLUMN_LABELS_EN = {
    "Ansvarig": "responsible", "Ansvariga": "responsible", "Vem?": "carried out by", "Uppföljning": "follow-up",
    "Tidsram": "time frame", "När?": "when", "Hur?": "how",
}
SECOND_COLUMN_LABELS_EN = {"Vem?": "carried out by", "Ansvarig": "responsible", "Ansvariga": "responsible",
                           "Tidsram": "time frame", "När?": "when", "Tidplan": "time frame"}
# How a role's duty reads in a list of duties, by the column or minutes phrase it came from.
DUTY_LABELS = {
    "sv": {"Vem?": "utför", "Beslut": "beslut", "Roll": "roll"},
    "en": {"Vem?": "carries out", "Beslut": "decision", "Roll": "role"},
}
DUTY_DEFAULT = {"sv": "ansvarig", "en": "responsible"}


def join_items(cell: str, language: Language = "sv", names: bool = True) -> str:
    """The bodies of a cell as a list in running text: "- Regionerna - RCC Mellansverige" ->
    "Regionerna och RCC Mellansverige", "Primärvården Specialistsjukvården" -> "Primärvården och
    Specialistsjukvården" (names split where the roles directory splits them: knowledge/roles.py).
    Without `names` (a cell of text, "Vid varje LPO cancersjukdomars styrgruppsmöte") only dash
    items are split."""
    parts = [p.strip() for p in re.split(r"\s+-\s*|^-\s*", cell) if p.strip()]
    if len(parts) <= 1 and names:
        parts = [name.strip(" ,;") for name in _split_capitals(cell.strip(" -"))] or [cell.strip(" -")]
    return join_list([part for part in parts if part], language)


def join_list(items: list[str], language: Language = "sv") -> str:
    """ "A", "A och B", "A, B och C" ("and" in English)."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" and " if language == "en" else " och ") + items[-1]


def plural(count: int, one: str, many: str) -> str:
    """ "1 aktivitet", "5 aktiviteter"."""
    return f"{count} {one if count == 1 else many}"


def sentence_case(text: str) -> str:
    """The first letter upper-case, the rest untouched: a fragment quoted as a sentence starts
    like one ("fastställa minnesanteckningen …" -> "Fastställa minnesanteckningen …")."""
    return text[:1].upper() + text[1:]


def topic(question: str) -> str:
    """The question without its question words, quoted: "Vad kostar parkeringen?" -> ”parkeringen”."""
    text = re.sub(
        r"^\s*(vad|vem|vilka|vilken|vilket|när|hur|var|varför|finns det|kan man|what|who|which|when|how|where|why|is there)\b"
        r"(\s+(är|kostar|gäller|ska|finns|mycket|många|står|ansvarar för|det om|något om|nåt om|is|are|does|do|much|many))*\s*",
        "",
        question.strip().rstrip("?").strip(),
        flags=re.IGNORECASE,
    )
    return f"”{text or question.strip().rstrip('?')}”"


def glossary_sentence(entry: GlossaryEntry, reverse: bool, language: Language, marks: str) -> str:
    """One glossary entry as a sentence ending with its citation marks."""
    return sentence_case(_glossary_sentence(entry, reverse, language, marks))


def _glossary_sentence(entry: GlossaryEntry, reverse: bool, language: Language, marks: str) -> str:
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


def abstention(topic_text: str, language: Language, has_passages: bool, lacking: str = "") -> str:
    """ "Jag hittar inget i dokumenten om …", or, when `lacking` says what the documents lack
    (missing_sentence), that; with a pointer to the closest passages when shown."""
    if language == "en":
        text = lacking or f"I find nothing in the documents about {topic_text}."
        return text + (" The closest passages are shown below." if has_passages else "")
    text = lacking or f"Jag hittar inget i dokumenten om {topic_text}."
    return text + (" De närmaste avsnitten visas nedan." if has_passages else "")


# What the documents do not give, for a question whose asked kind of fact no unit holds
# (answer/kinds.py) or whose decision or person is missing (answer/constraints.py).
GIVES = {
    "amount": ("give no amount", "anger inget belopp"), "count": ("give no number", "anger inget antal"),
    "frequency": ("do not say how often", "säger inte hur ofta"), "date": ("give no date", "anger inget datum"),
    "clock": ("give no time of day", "anger inget klockslag"),
    "decision": ("record no decision on it", "redovisar inget beslut om det"),
    "person": ("name no person", "nämner ingen person"),
    "contact": ("give no contact details", "anger inga kontaktuppgifter"),
    "title": ("give no title", "anger ingen titel"),
    "decider": ("do not say who decided it", "säger inte vem som beslutade det"),
}


def missing_sentence(missing: str, about: str, named: str, language: Language) -> str:
    """What was found and what is missing, for a failed constraint (answer/constraints.py):
    `missing` its name, `about` the question's topic, `named` what the question names that the
    documents lack ("GEP-NET", "2027", "Region Skåne"). "" when there is nothing specific to say."""
    english = language == "en"
    if missing == "abbreviation" and named:
        if english:
            return f"The documents use {named} but never spell out what it stands for."
        return f"Dokumenten använder {named} men skriver aldrig ut vad förkortningen står för."
    if missing == "month" and named:
        if english:
            return f"The documents have no minutes of the meeting on {named}."
        return f"Dokumenten har inga minnesanteckningar från mötet den {named}."
    if missing == "agenda":
        if english:
            return "The documents say when the meeting is held, but not what it will take up."
        return "Dokumenten anger när mötet hålls, men inte vad som ska tas upp på det."
    if missing == "document" and named:
        if english:
            return f"The documents include no plan or report from {named}."
        return f"Bland dokumenten finns ingen plan eller rapport från {named}."
    if not about or not named and missing not in GIVES:
        return ""
    lacks = {
        "year": ("nothing for", "inget för"),
        "region": ("nothing about", "inget om"), "body": ("nothing about", "inget om"),
        "cancer_type": ("nothing about", "inget om"),
    }
    if missing in lacks and named:
        words = lacks[missing][0 if english else 1]
        if english:
            return f"The documents discuss {about}, but say {words} {named}."
        return f"Dokumenten tar upp {about}, men säger {words} {named}."
    if missing in GIVES:
        what = GIVES[missing][0 if english else 1]
        if english:
            return f"The documents discuss {about}, but {what}{f' for {named}' if named else ''}."
        return f"Dokumenten tar upp {about}, men {what}{f' för {named}' if named else ''}."
    return ""

"""What a question asks for that the answering unit must meet, each check on its own.

A near miss is a question the documents almost answer: another region, year, month, body, cancer
type, document, an amount where the text has none, or an abbreviation they use but never spell
out. Each check returns True when the unit (or its passage, or its document) meets the
constraint, so that the answerability step can say what is missing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from plansearch.answer.candidates import Unit
from plansearch.answer.confidence import idf
from plansearch.answer.context import Context
from plansearch.answer.kinds import (
    DECIDED,
    DECISION_ASKED,
    TITLE_WORDS,
    asked_kind,
    holds_asked_kind,
    holds_purpose,
    purpose_terms,
)
from plansearch.answer.ranking import share
from plansearch.search.filters import covers
from plansearch.search.query import Question
from plansearch.search.scope import places_in
from plansearch.text.lexicons import english_to_swedish
from plansearch.text.normalise import fold, words
from plansearch.text.swedish import STOPWORDS

MONTHS = {
    "januari": "jan", "februari": "feb", "mars": "mar", "april": "apr", "maj": "maj", "juni": "jun", "juli": "jul",
    "augusti": "aug", "september": "sep", "oktober": "okt", "november": "nov", "december": "dec",
    "january": "jan", "february": "feb", "march": "mar", "may": "maj", "june": "jun", "july": "jul",
    "august": "aug", "october": "okt",
}
ABBREVIATED_MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b", re.IGNORECASE)
MEETING_DAY = re.compile(r"\b(\d{1,2})(?:e|:e|st|nd|rd|th)?\s+(" + "|".join(MONTHS) + r")\b", re.IGNORECASE)
MEETING = re.compile(r"\b(?:möte\w*|\w+mötet|sammanträde\w*|workshop\w*|seminari\w*|meetings?)\b", re.IGNORECASE)
# What a meeting takes up, asked ("vad ska tas upp", "vad diskuteras", "what is on the agenda"), and
# a line that only gives a meeting's time and form.
AGENDA_ASKED = re.compile(
    r"\b(?:tas upp|tar upp|diskuteras|diskutera|behandlas|avhandlas|dagordning\w*|agenda\w*|punkter\w*"
    r"|discussed|discuss|taken up|on the agenda)\b",
    re.IGNORECASE,
)
MEETING_TIME = re.compile(
    r"(?:\w+\s+)?(?:möte|mötet|meeting)\b[^.]{0,80}?\b\d{1,2}\s+\w+\s+\d{4}(?:,?\s*kl\.?\s*[\d.:–-]+)?\.?",
    re.IGNORECASE,
)
FUTURE = re.compile(r"\b(?:ska|skall|kommer|planeras|planerad|will|shall|planned|going to)\b", re.IGNORECASE)
# "Bukspottkörtelcancer": the organ before "cancer" names the type.
CANCER_TYPE = re.compile(r"\b(\w{3,}?)s?-?cancer\w*", re.IGNORECASE)
TUMOUR_TYPE = re.compile(r"\b\w*(?:sarkom|lymfom|melanom|myelom|blastom|gliom|karcinom|leukemi)\w*", re.IGNORECASE)
ORGAN_TUMOUR = re.compile(r"\b(\w{3,}?)tumör\w*", re.IGNORECASE)  # "njurtumörer", "hjärntumör"
# "kidney tumours", not "the regional tumour registry", "diagnosed cancer tumours" or "treating tumours".
ENGLISH_TUMOURS = re.compile(
    r"\b(?!(?:regional|national|cancer|diagnosed|solid|malignant|benign|other|childhood|all|new|the|of)\b)"
    r"(?![a-z]*(?:ing|ed)\b)[a-z]{3,}"  # "treating tumours" names no organ
    r"\s+tumou?rs?\b(?!\s+regist)",
    re.IGNORECASE,
)
ENGLISH_TUMOUR_TYPE = re.compile(
    r"\b((?:neuro|retino|nephro)?blastomas?|sarcomas?|lymphomas?|melanomas?|myelomas?|gliomas?|leuka?emias?|carcinomas?)\b",
    re.IGNORECASE,
)
ENGLISH_CANCER = re.compile(r"\b[a-z]{4,}(?:\s+and\s+[a-z]{4,})?\s+cancers?\b", re.IGNORECASE)
GENERIC_CANCERS = {"barn", "vuxen", "barn- och ungdoms", "ungdoms", "ovanlig", "all"}
# The words around the subject of "vad betyder/är/innebär X?" that are not part of it.
DEFINITION_FRAME = r"\b(?:vad|betyder|är|innebär|menas|med|avses|står|för|what|does|is|mean|means|stand|for|i|in|the|enligt)\b"
ABBREVIATION = re.compile(r"\b([A-ZÅÄÖ][A-ZÅÄÖ0-9]{1,7}(?:[ -][A-ZÅÄÖ0-9]{2,7})?)\b")
# A proper name the question asks about: a capitalised word that does not open the question.
PROPER = re.compile(r"(?<=\s)([A-ZÅÄÖ][a-zåäöé]{3,}(?:myndigheten|verket|fonden|inspektionen|rådet|förbundet)\w*)")


def where(unit: Unit, ctx: Context) -> str:
    """The unit, its passage and its document's title and region, as one text."""
    meta = ctx.index.meta(unit.passage.doc_id)
    return " ".join([unit.context, unit.passage.text, unit.passage.section, *([meta.title, meta.region] if meta else [])])


REGION_SUBJECT_SHARE = 0.25  # of the subject's idf weight (a compound counts with its parts), for a region named by the passage alone


def region(question: Question, unit: Unit, ctx: Context) -> bool:
    """Every region the question names is named by the unit, its passage or its document, and
    (Swedish questions, documents not of that region) so is a quarter of the subject's idf
    weight: a passage that names the region in passing about another topic ("OPT har påbörjats i
    Regionerna Skåne …" for "teledermatoskopi i Region Skåne") does not answer for it. English
    subjects are in English words, so only the region."""
    if not question.places:
        return True
    text = where(unit, ctx)
    if not set(question.places) <= places_in(text):
        return False
    meta = ctx.index.meta(unit.passage.doc_id)
    if question.language == "en" or (meta and set(question.places) <= places_in(f"{meta.title} {meta.region}")):
        return True  # the document is the region's own
    analyzer = ctx.index.lexical.analyzer
    subject = [t for t in analyzer.terms(question.subject) if t not in STOPWORDS and not places_in(t)]
    if not subject:
        return True
    weights = {t: idf(ctx.index, t) for t in subject}
    return share(weights, set(analyzer.terms(f"{text} {unit.passage.heading}"))) >= REGION_SUBJECT_SHARE


def year(question: Question, unit: Unit, ctx: Context) -> bool:
    """Every year asked is in the passage, or in its document's period."""
    meta = ctx.index.meta(unit.passage.doc_id)
    text = where(unit, ctx)
    if not all(str(y) in text or (meta is not None and covers(meta.period, meta.year, y)) for y in question.years):
        return False
    # The unit dates its own fact to another year ("en nedgång … under 2020" for "… under 2021?"):
    # the passage naming the asked year elsewhere does not make it the answer.
    if not question.years or not all(str(y) in question.asked for y in question.years):
        return True  # a year the question did not write itself (a follow-up's, a document's) scopes only
    own = list(POINT_YEAR.finditer(unit.text))
    return not own or any(int(m.group(1)) in question.years for m in own) or bool(
        RANGE_YEARS.search(unit.text) and all(covers(unit.text, None, y) for y in question.years))


# A year a fact is dated to ("under 2020", "år 2023", "i 2024"), not one that opens or closes a period.
POINT_YEAR = re.compile(r"\b(?:under|år|i|in|during)\s+((?:19|20)\d\d)\b(?!\s*[–-])", re.IGNORECASE)
RANGE_YEARS = re.compile(r"\b(?:19|20)\d\d\s*[–-]\s*(?:19|20)?\d\d\b")


def month(question: Question, unit: Unit, ctx: Context) -> bool:
    """A month the question names ("mötet i mars 2025") is named by the passage or is its
    document's month (minutes dated 2025-02-04 are February's). A meeting the question dates to
    the day and asks about in the past or present ("Vad beslutade RPO Cancer på mötet den 12
    november 2024?", "Vilka deltar på mötet den 8 april?") is answered only by minutes of that
    day: other minutes only mention it (the last meeting's notes approved, the next one's date)."""
    asked = {MONTHS[m.lower()] for m in MONTH.findall(question.asked)}
    if not asked:
        return True
    meta = ctx.index.meta(unit.passage.doc_id)
    day = MEETING_DAY.search(question.asked)
    if day and MEETING.search(question.asked) and not FUTURE.search(question.asked):
        dated_day = re.search(r"(?:19|20)\d\d-(\d\d)-(\d\d)", meta.period if meta else "")
        wanted = (ABBREVIATED_MONTHS.index(MONTHS[day.group(2).lower()]) + 1, int(day.group(1)))
        return dated_day is not None and (int(dated_day.group(1)), int(dated_day.group(2))) == wanted
    dated = re.search(r"(?:19|20)\d\d-(\d\d)", meta.period if meta else "")
    own = {ABBREVIATED_MONTHS[int(dated.group(1)) - 1]} if dated else set()
    text = fold(unit.passage.text.lower())
    return all(m in own or re.search(rf"\b{fold(m)}", text) for m in asked)


NEXT_MEETING = re.compile(r"\b(?:nästa|kommande|senaste|förra|föregående|next|last|previous)\s+(?:möte\w*|sammanträde\w*|meeting)", re.IGNORECASE)


# A meeting of a body ("mötet", "RPO-mötet", "styrgruppsmötet"), not a patient's or a care
# meeting ("patientmötet", "vårdmötet"), which the compound "\w+mötet" of MEETING also takes.
OWN_MEETING = re.compile(
    r"\b(?:möte[nt]?|mötes\w*|sammanträde\w*|workshop\w*|meetings?)\b|\b\w+(?<!patient)(?<!vård)(?<!samtals)-?mötet\b",
    re.IGNORECASE,
)


def agenda(question: Question, unit: Unit, ctx: Context) -> bool:
    """What a meeting will take up ("Vad ska tas upp på mötet i april?") is not told by the line
    that only says when and where it is ("Digitalt möte via Teams tisdag 8 april 2025, kl. 15-17")."""
    return not (AGENDA_ASKED.search(question.asked) and MEETING_TIME.fullmatch(" ".join(unit.text.split())))


def meeting(question: Question, unit: Unit, ctx: Context) -> bool:
    """"Nästa/senaste möte …" is answered by minutes, or by a unit that speaks of a meeting: a
    plan's sentence about something else that happens to hold a date does not tell it."""
    if not NEXT_MEETING.search(question.asked):
        return True
    meta = ctx.index.meta(unit.passage.doc_id)
    return (meta is not None and meta.kind == "minnesanteckningar") or bool(OWN_MEETING.search(unit.context))


def money_purpose(question: Question, unit: Unit, ctx: Context) -> bool:
    """For money asked for a purpose ("Hur mycket pengar kan sökas för strålbehandling?"), the
    unit or its passage holds the purpose (kinds.purpose_terms): money for pathology does not
    answer for radiotherapy. Swedish questions only: an English purpose is not in the documents'
    words."""
    analyzer = ctx.index.lexical.analyzer
    wanted = purpose_terms(question, analyzer, lambda term: idf(ctx.index, term))
    if not wanted:
        return True
    return holds_purpose(wanted, set(analyzer.terms(f"{unit.context} {unit.passage.text} {unit.passage.heading}")))


def kind_of_fact(question: Question, unit: Unit, ctx: Context) -> bool:
    """The unit holds the kind of fact asked for (answer/kinds.py). A place only orders the units
    (context.shaped_first): the documents name where in too many ways ("på BMM/Ungdomsmottagning",
    "hemma") for its absence to mean they do not answer."""
    if asked_kind(question) == "place" and not VENUE_ASKED.search(question.asked):
        return True
    return holds_asked_kind(question, unit)


# Where an event is held ("Var hålls cancerdagarna?", "Where will … be held?"): a meeting or an
# event names its venue, so a unit without one ("Anmälan till cancerdagarna 7–8 maj öppen") does
# not answer.
VENUE_ASKED = re.compile(r"\b(?:hålls|hölls|äger\s+rum|ägde\s+rum|arrangeras|be\s+held|is\s+held|are\s+held|was\s+held|"
                         r"were\s+held|take\s+place|takes\s+place|took\s+place)\b", re.IGNORECASE)


def cancer_type(question: Question, unit: Unit, ctx: Context) -> bool:
    """A cancer type the question names ("bukspottkörtelcancer", "prostate cancer") is named by the
    passage: its organ part, in any inflection."""
    text = fold(where(unit, ctx).lower())
    if question.language == "en":
        # "prostate cancer" -> "prostatacancer" by the lexicon; its renderings are alternatives
        # ("tjock- och ändtarmscancer kolorektalcancer"), so one of them is enough.
        swedish = english_to_swedish(" ".join(m.group(0) for m in ENGLISH_CANCER.finditer(question.subject)))
        organs = {fold(t.lower()) for t in CANCER_TYPE.findall(swedish)} - GENERIC_CANCERS
        named = {_swedish_tumour(m.group(1)) for m in ENGLISH_TUMOUR_TYPE.finditer(question.subject)}
        for m in ENGLISH_TUMOURS.finditer(question.subject):
            # "brain tumours" is the lexicon's "hjärntumörer"; an organ it has no word for
            # ("bone tumours" gives only "tumör") is one the documents never name.
            rendered = {fold(t.lower()) for t in ORGAN_TUMOUR.findall(english_to_swedish(m.group(0)))}
            if not rendered:
                return False
            organs |= rendered
        # Inside a compound too: "uterine sarcoma" is the documents' "uterussarkom".
        return (not organs or any(organ[: max(4, len(organ) - 1)] in text for organ in organs)) and all(
            kind[: max(5, len(kind) - 2)] in text for kind in named)
    organs = {fold(t.lower()) for t in CANCER_TYPE.findall(question.subject)} - GENERIC_CANCERS
    organs |= {fold(t.lower()) for t in ORGAN_TUMOUR.findall(question.subject)}  # "njurtumörer"
    # Types named without "cancer" ("sarkom", "neuroblastom", "akut lymfatisk leukemi").
    named = {fold(t.lower()) for t in TUMOUR_TYPE.findall(question.subject)}
    return all(organ[: max(4, len(organ) - 1)] in text for organ in organs) and all(
        re.search(rf"\b{re.escape(kind[: max(5, len(kind) - 2)])}", text) for kind in named)


def _swedish_tumour(english: str) -> str:
    """The Swedish spelling of an English tumour type ("neuroblastoma" -> "neuroblastom",
    "sarcoma" -> "sarkom", "leukaemia" -> "leukemi")."""
    word = english.lower().removesuffix("s")
    if word.startswith("leuk"):
        return "leukemi"
    return fold(word.replace("ph", "f").replace("c", "k").removesuffix("a"))


def body(question: Question, unit: Unit, ctx: Context) -> bool:
    """An agency or fund the question names ("Folkhälsomyndigheten", "Cancerfonden") is named by the
    passage, and no abbreviation it names is unknown to the documents."""
    if unknown_names(question, ctx):
        return False
    text = fold(where(unit, ctx).lower())
    return all(fold(name.lower())[:-2] in text for name in PROPER.findall(question.subject))


# The title asked for and the unit it heads: "verksamhetschef för onkologkliniken", "ordförande i
# styrgruppen", "head of the oncology clinic".
TITLE_OF = re.compile(
    r"\b(?:" + TITLE_WORDS + r"|head|chair\w*|director)"
    r"\s+(?:för|vid|på|i|inom|över|of|for|at)\s+(?:den\s+|det\s+|de\s+|the\s+)?([^\W\d_][\w-]{3,})",
    re.IGNORECASE,
)


def titled_unit(question: Question, unit: Unit, ctx: Context) -> bool:
    """For "vem är verksamhetschef för onkologkliniken?" (a person asked by a title): the unit
    names what the title heads, not another clinic's new head. A region, a publisher or an
    English word (not in the Swedish text) is left to the other checks."""
    if asked_kind(question) != "person" or question.language == "en":
        return True
    match = TITLE_OF.search(question.asked)
    if match is None:
        return True
    head = fold(match.group(1).lower())
    if ctx.searcher.scope.names_in(head) or head in {"region", "regionen", "rcc"}:
        return True  # a region or a publisher scopes the question ("projektledare för Socialstyrelsens analys")
    return _word_in(head, unit.context)


def _word_in(word: str, text: str) -> bool:
    """Whether the text holds the word in some inflection or compound: its first letters, all but
    the last three, at least five ("onkologklinik" of "onkologkliniken", "mötest" of "mötestider")."""
    folded = fold(word.lower())
    return folded[: max(5, len(folded) - 3)] in fold(text.lower())


def unknown_names(question: Question, ctx: Context) -> list[str]:
    """Abbreviations the question names ("IVO") that no document uses in any form: whatever the
    nearest passage says, it is not about them. None for a question typed in capitals."""
    letters = [c for c in question.asked if c.isalpha()]
    if sum(c.isupper() for c in letters) > len(letters) / 2:
        return []
    analyzer = ctx.index.lexical.analyzer

    def known(name: str) -> bool:
        # The index splits "PET-DT" at its hyphen: each part must be known.
        return all(analyzer.knows(part) for part in re.split(r"[-/]", name) if part)

    return [name for name in dict.fromkeys(ABBREVIATION.findall(question.subject))
            if " " not in name and not ctx.searcher.glossary.abbreviations_in(name) and not known(name)
            # An English question's "PET-CT" is the documents' "PET-DT" (text/lexicons).
            and not (question.language == "en" and any(known(w) for w in english_to_swedish(name).split()))]


def abbreviation(question: Question, unit: Unit, ctx: Context) -> bool:
    """For "vad står X för?" (or "vad betyder X?" of an abbreviation): the documents spell X out
    (the glossary knows it, or the passage writes "(X)", "X (långform)", "X – långform" or
    "X: långform"). A hyphen that opens the next list item ("-LAG HFS -LPO …") spells nothing."""
    if question.intent == "definition":
        # "Vad betyder GEP-NET?": a subject that is only an abbreviation asks what it stands for.
        names = ABBREVIATION.findall(question.subject)
        rest = ABBREVIATION.sub(" ", question.subject)
        if not names or re.search(r"\b[a-zåäö]{4,}\b", re.sub(DEFINITION_FRAME, " ", rest, flags=re.IGNORECASE)):
            return True
    elif question.intent != "abbreviation":
        return True
    glossary = ctx.searcher.glossary
    # Spelled out in any passage found, not only the answering one: "Comprehensive Cancer
    # Center (CCC)" may stand a page before the sentence that answers "vad är CCC?".
    text = "\n".join([unit.passage.text, *(h.passage.text for h in ctx.hits)])
    for name in ABBREVIATION.findall(question.subject):
        n = re.escape(name)
        spelled = re.search(rf"\({n}(?:\)|[,;]\s)|\b{n}\s*\(\s*[a-zåäöA-ZÅÄÖ]{{3}}|\b{n}\s+[–—-]\s+[a-zåäöA-ZÅÄÖ]|\b{n}:\s+[a-zåäö]", text)
        if not (glossary.abbreviations_in(name) or glossary.long_forms_in(name) or spelled):
            return False
    return True


# What a decision asked for is about: "Vad beslutade RPO Cancer om nationella vårdprogram …?".
DECIDED_ON = re.compile(r"\bbesl(?:utade?s?|öt)\b.{0,40}?\bom\s+(?:sina\s+|sin\s+|sitt\s+|de\s+|den\s+|det\s+)?([^\W\d_]{4,})",
                        re.IGNORECASE)


# "Vad beslutade RCC i samverkan om …?": the body that decided, named after the verb.
DECIDER_NAMED = re.compile(r"\b[Vv]ad\s+(?:beslutade|beslöt)\s+((?:[A-ZÅÄÖ][\wÅÄÖåäö-]*\s*){1,3}?(?:i samverkan)?)\s*(?:om|kring|på|vid|när|angående|\?|$)")


def decision(question: Question, unit: Unit, ctx: Context) -> bool:
    """For "vad beslutade …?": the unit, or the passage it stands in, records a decision, about
    what was asked ("… om sina mötestider?" is not answered by a decision on a vision), and made by
    the body the question names ("Vad beslutade RCC i samverkan …?" is not answered by "RPO Cancer
    beslutade att …"): that body stands in the unit, or in its document's title or publisher."""
    if not DECISION_ASKED.search(question.asked):
        return True
    where = f"{unit.context} {unit.passage.text} {unit.passage.section}"
    if not DECIDED.search(where):
        return False
    named = DECIDER_NAMED.search(question.asked)
    if named:
        meta = ctx.index.meta(unit.passage.doc_id)
        own = fold(f"{unit.context} {meta.title if meta else ''} {meta.publisher if meta else ''}".lower())
        if not all(fold(w.lower()) in own for w in named.group(1).split()):
            return False
    on = DECIDED_ON.search(question.asked)
    if on is None or question.language == "en":
        return True
    return _word_in(on.group(1), where)


def document(question: Question, unit: Unit, ctx: Context) -> bool:
    """A document the question names by its kind ("Region Uppsalas handlingsplan") is one of the
    documents (scope.unknown_documents finds names that match none)."""
    return not ctx.searcher.scope.unknown_documents(question.asked)


def topic_words(question: Question, unit: Unit, ctx: Context) -> bool:
    """A Swedish question whose topic has a word the documents never use ("parkera"), with no
    passage close in meaning either (context.confidence < 1), asks about something they lack."""
    if question.language == "en" or ctx.confidence >= 1.0:
        return True
    analyzer = ctx.index.lexical.analyzer
    content = [w for w in words(question.subject) if len(w) >= 4 and not w.isdigit() and w not in STOPWORDS]
    return all(analyzer.knows(w) for w in content)


CHECKS: tuple[tuple[str, Callable[[Question, Unit, Context], bool]], ...] = (
    ("region", region), ("year", year), ("month", month), ("document", document), ("abbreviation", abbreviation),
    ("amount", kind_of_fact), ("person", titled_unit), ("topic", money_purpose), ("cancer_type", cancer_type), ("body", body), ("decision", decision), ("agenda", agenda), ("meeting", meeting),
    ("topic", topic_words),
)
# A comparison names its sides' regions and documents; the comparison route answers each side.
NOT_FOR_COMPARISONS = {"region", "document"}


# What each side of a comparison must meet on its own: the sides name their own regions and
# documents, and a sentence's words are judged for the whole question.
FOR_EACH_SIDE = {"amount", "topic", "cancer_type", "body", "decision"}


def side_missing(question: Question, unit: Unit, ctx: Context) -> str:
    """The first constraint a comparison side's unit fails, or "". `question` is the side's
    question with its single answer type ("hur mycket …" on each side wants an amount); the topic
    check is money's purpose only (the topic's words are the whole comparison's)."""
    for name, check in CHECKS:
        if name in FOR_EACH_SIDE and check is not topic_words and not check(question, unit, ctx):
            return name
    return ""


def missing(question: Question, unit: Unit, ctx: Context) -> str:
    """The first constraint the unit fails ("region", "year", …), or ""."""
    for name, check in CHECKS:
        if question.answer_type == "comparison" and name in NOT_FOR_COMPARISONS:
            continue
        if not check(question, unit, ctx):
            return name
    return ""

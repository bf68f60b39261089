"""What kind of answer a question wants: an abbreviation, a definition, a person or body, a date
or an amount. Swedish and English, and forgiving of missing å/ä/ö."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from plansearch.models import Passage
from plansearch.text.normalise import fold
from plansearch.text.swedish import RESPONSIBLE_COLUMNS

Intent = Literal["abbreviation", "definition", "role", "date", "amount", "general"]
# The shape of answer a question expects (what the answer routes compose).
AnswerType = Literal["definition", "body", "date", "amount", "list", "comparison", "yesno", "text"]

PATTERNS: list[tuple[Intent, str]] = [
    ("abbreviation", r"\bst[aå]r\s+(\S+\s+){1,4}f[oö]r(\s+(i|inom|hos|enligt)\s.*)?\s*\??\s*$|\bf[oö]rkortning|\bf[oö]rkortas|\bf[oö]rkortat|stands? for|abbreviat|acronym"),
    ("definition", r"^\s*(vad (ar|är|innebar|innebär|menas med|betyder|avses med)|what (is|are|does .* mean)|define|definition|vad ar)\b"),
    (
        "role",
        r"\bvem\b|\bvilka (ansvarar|står|ska|leder|deltar|är|var|har ansvar)\b|\bvilken (roll|instans|aktor|aktör|organisation|funktion|grupp|arbetsgrupp|enhet|myndighet|nämnd)\b"
        r"|\bansvarar\b|\bansvarig|\bwho\b|\bwhom\b|responsib",
    ),
    # "när det gäller X" is "as for X", no question of when.
    ("date", r"\b((?:nar|när)(?!\s+det\s+g[aä]ller\b)|datum|deadline|sista (dag|svarsdag|ansokningsdag|ansökningsdag)|when|vilket ar|vilket år|tidsram|tidplan)\b"),
    ("amount", r"\bhur (mycket|manga|många|stor|stora|stort)\b|\bbelopp|\bvilken summa\b|\bflest\b|\bfärre?st\b|\bantal|\bprocent|\bandel|\bkronor|\bmkr\b|miljon|how (much|many)|percent|share of|funding"),
]
COMPILED = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in PATTERNS]
# A measure asked for in the words of a definition or a general question ("Vad är täckningsgraden
# …?", "Vad kostar …?", "Hur ofta …?", "What is the budget of …?") wants a number, not a definition.
MEASURE = re.compile(
    r"^\s*(?:vad (?:är|ar|var|blir) (?:den |det )?|what (?:is|are|was|were) (?:the )?)(?:\w+ )?"
    r"(?:budget\w*|kostnad\w*|täckningsgrad\w*|tackningsgrad\w*|andel\w*|antal\w*|summa\w*|belopp\w*|"
    r"procent\w*|budget|cost|costs|share|number|amount|coverage|rate|percentage)\b"
    r"|\bvad kostar\b|\bhur ofta\b|\bhow often\b|\bhow frequently\b|\bwhat does .{3,60} cost\b"
    # A question typed as the measure's name alone ("täckningsgraden i palliativregistret 2023?").
    r"|^\s*(?:täckningsgrad\w*|tackningsgrad\w*|andel\w*|antal\w*|kostnad\w*|budget\w*|befolkning\w*|folkmängd\w*)\b",
    re.IGNORECASE,
)


# "Vilka är/var …" followed by things rather than people or bodies ("Vilka är den nationella
# cancerstrategins övergripande mål?", "Vilka var förslagen?").
THINGS_ASKED = re.compile(
    r"\bvilka (?:är|var)\s+(?:\S+\s+){0,5}?(?:mål|målen|målsättning\w*|aktivitet\w*|område\w*|förslag\w*|insats\w*|"
    r"delar\w*|steg\w*|diagnos\w*|regioner\w*|program\w*|vårdprogram\w*|punkt\w*|prioritering\w*|utmaning\w*|"
    r"beslut\w*|åtgärd\w*|frågor\w*|frågorna|kriteri\w*|syfte\w*|uppdrag\w*|uppgift\w*|skillnad\w*|risk\w*)\b",
    re.IGNORECASE,
)


# "PPKC – vad är det?", "Nivåstrukturering, vad betyder det?", "IPÖ: what is it?": the term first.
TERM_FIRST = re.compile(
    r"^\s*(\S.{0,60}?)\s*[–—:,-]\s*(?:vad (?:är|ar|betyder|innebär|innebar) (?:det|det där|den|dom|de)(?: för (?:något|någonting|en förkortning|förkortning|ord))?"
    r"|what (?:is|are|does) (?:it|that|this|they)(?: mean)?)\s*\??\s*$",
    re.IGNORECASE,
)


def question_intent(question: str) -> Intent:
    """One of abbreviation, definition, role, date, amount, general."""
    text = question.strip()
    if re.fullmatch(r"[A-ZÅÄÖ][A-ZÅÄÖ0-9-]{1,8}\??", text):
        return "abbreviation"
    term = TERM_FIRST.match(text)
    if term:
        return "abbreviation" if re.fullmatch(r"[A-ZÅÄÖ][A-ZÅÄÖ0-9-]{1,8}", term.group(1)) else "definition"
    if MEASURE.search(text) or MEASURE.search(fold(text)):
        return "amount"
    for name, pattern in COMPILED:
        # "Vilka är strategins mål?" asks for things, not who: only the rest may ask who.
        asked = THINGS_ASKED.sub(" ", text) if name == "role" else text
        if pattern.search(asked) or pattern.search(fold(asked)):
            return name
    return "general"


DATE = re.compile(
    r"\b(\d{1,2}(?:\s*[–-]\s*\d{1,2})? (jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)\w*|(januari|februari|mars|april|maj|juni|juli|augusti|"
    r"september|oktober|november|december)\b|vecka \d|\d{4}-\d{2}-\d{2}|(19|20)\d\d)",
    re.IGNORECASE,
)
AMOUNT = re.compile(r"\d[\d  ,.]*\s*(%|procent|kr\b|kronor|mkr|miljon|miljard|tkr|st\b|personer|invånare)", re.IGNORECASE)


def _has_responsible(passage: Passage) -> bool:
    return passage.kind == "table_row" and any(name in RESPONSIBLE_COLUMNS and value for name, value in passage.fields)


# The passages that hold the kind of answer an intent asks for.
ANSWER_SHAPES: dict[Intent, Callable[[Passage], bool]] = {
    "role": _has_responsible,
    "date": lambda p: bool(DATE.search(p.text)),
    "amount": lambda p: bool(AMOUNT.search(p.text)),
}


COMPARISON = re.compile(
    r"\bjämfört med\b|\bjämför|\brespektive\b|\bresp\b\.?|\bskiljer sig\b|\bskillnad|\bsamma sak\b|\bbåda\b|\bvardera\b"
    r"|\bpå samma sätt som\b|\bnågot motsvarande\b"
    r"|\böverens\b"
    r"|\bcompared? (to|with)\b|\bdiffer|\bdifference|\bversus\b|\bvs\.?\b|\bboth\b|\bin each\b",
    re.IGNORECASE,
)
# "Which body steers …?" asks for one body: a verb in -s after "which" is not a plural noun.
ENGLISH_VERBS = (
    r"(?:leads|steers|runs|decides|owns|governs|coordinates|handles|funds|pays|chairs|manages|takes|makes|gives|"
    r"holds|heads|does|has|is|was|needs|plans|offers|performs|carries|follows|reports|sets|sends|writes)"
)
LIST = re.compile(
    r"^\s*(?:[^,?]{1,60},\s*)?(?:(?:för|på|inom|i|av|med|från|till) )?vilka\b|\bvilka (?:är|var) (?:de|alla)\b|^\s*(?:nämn|lista|räkna upp)\b"
    r"|^\s*which (?:\w+ ){0,2}(?!" + ENGLISH_VERBS + r"\b)\w+s\b(?! (?:is|was|has)\b)|^\s*what (?:are|were) the\b|^\s*list\b|^\s*name the\b",
    re.IGNORECASE,
)
YES_NO = re.compile(
    r"^\s*(?:finns det|står det|har|är|ska|kan|får|gäller|does|do|did|is|are|was|were|can|has|have|will)\b", re.IGNORECASE
)
# A date is asked for by a question that opens with "när"/"when" or names a date word; "när" later in
# a sentence is a conjunction ("Hur många … när de var små?").
DATE_QUESTION = re.compile(  # after a scoping lead-in too ("Norrs cancerplan: till när …?")
    r"^\s*(?:[^:?–]{1,60}[:–]\s*)?(?:\S+\s+)?(?:(?:när|nar)(?!\s+det\s+g[aä]ller\b)|when)\b|\b(?:datum|deadline|tidsram|tidplan|vilket år|vilket ar|which year|what date"
    r"|sista (?:dag|svarsdag|ansökningsdag|ansokningsdag))\b",
    re.IGNORECASE,
)
AMOUNT_QUESTION = re.compile(r"^\s*(?:\S+\s+)?(?:hur (?:många|manga|mycket|stor)|how (?:many|much))\b", re.IGNORECASE)
# "och" joining two named things; not the "och" of a compound cut short ("Barn- och ungdomscentrum").
CONJUNCTION = re.compile(r"(?<!- )\b(?:och|eller|and|or)\b", re.IGNORECASE)
# "Stämmer antalet … i Mellansveriges plan med Socialstyrelsens rapport?": two named sides held
# against each other.
AGREES = re.compile(r"\bstämmer\b|\bmatch(?:es)?\b|\bagree", re.IGNORECASE)
BY_INTENT: dict[Intent, AnswerType] = {
    "abbreviation": "definition", "definition": "definition", "role": "body", "date": "date", "amount": "amount",
    "general": "text",
}


def answer_type(question: str, intent: Intent, named: int) -> AnswerType:
    """What the answer must be: a comparison when the question compares (or names two or more
    documents or regions, `named`, side by side), a list for "vilka …?" (unless it asks who),
    yes/no for "finns det …?", else what the intent asks for."""
    text = question.strip()
    if COMPARISON.search(text) or (named >= 2 and (CONJUNCTION.search(text) or AGREES.search(text))):
        return "comparison"
    if LIST.search(text) and intent != "role":
        return "list"
    if intent == "general" and YES_NO.search(text):
        return "yesno"
    if intent == "date" and not DATE_QUESTION.search(text):
        return "amount" if AMOUNT_QUESTION.search(text) else "text"
    return BY_INTENT[intent]

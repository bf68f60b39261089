"""Whether a unit holds the kind of fact a question asks for: money for "hur mycket pengar …?", a
frequency for "hur ofta …?", a number of the things counted for "hur många intervjuer …?", a date,
time frame or length for "när / hur länge …?", a person's name for "vem är verksamhetschef …?", a
recorded decision for "vad beslutade …?"; and which table columns a question names.

The answer quotes the unit, so the fact must stand in the unit itself (a table cell: in the cell
or its row's activity), not somewhere else in its passage.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from plansearch.answer.candidates import Unit
from plansearch.search.intent import AMOUNT, BY_INTENT, DATE
from plansearch.search.query import Question
from plansearch.search.scope import places_in
from plansearch.text.lexicons import english_to_swedish
from plansearch.text.normalise import fold, words
from plansearch.text.swedish import RESPONSIBLE_COLUMNS, STOPWORDS, TIME_COLUMNS, stem

SHARE = re.compile(r"\b(?:hälften|halva|\w*tredjedel\w*|\w*fjärdedel\w*|\w*femtedel\w*|majoritet\w*|minoritet\w*)\b",
                   re.IGNORECASE)
# "Vad beslutade …?", "What did … decide?": a decision recorded ("beslutade att", "fastställa").
DECISION_ASKED = re.compile(
    r"\b(?:vad|vilket|vilka|vilken)\s+(?:\w+\s+){0,3}(?:beslutat|beslutade?s?|beslöt|beslut(?:et|en)?)\b"
    r"|\bwhat (?:did|has|have) .{2,60}\bdecide|\bwhat (?:was|were) (?:the )?decisions?\b",
    re.IGNORECASE,
)
DECIDED = re.compile(r"\bbeslu[td]|\bbeslöt|\bfastställ|\bgodkän|\btillstyrk", re.IGNORECASE)
# A decision recorded in the unit itself: "beslutade att", "beslöt", "Beslut: …", "fastställa";
# not the noun alone ("tar beslut i enlighet med …" says how a body works, not what it decided).
RECORDED = re.compile(r"\bbeslutade?s?\b|\bbeslutat\b|\bbeslöt|\bbeslut:|\bfastställ\w*|\bgodkän\w*|\btillstyrk\w*",
                      re.IGNORECASE)
# A number that counts: "en"/"ett"/"alla" are articles and quantifiers far more often than counts.
COUNT = re.compile(  # "(kapitel 4e)" is a reference: a number glued to a letter counts nothing
    r"(?<![\d-])\d+(?:[  ]\d{3})*(?![\d-]|[^\W\d_])|\b(?:två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tretton|fjorton|"
    r"femton|sexton|sjutton|arton|nitton|tjugo\w*|trettio\w*|fyrtio\w*|femtio\w*|sextio\w*|sjuttio\w*|åttio\w*|"
    r"nittio\w*|hundra\w*|tusen\w*|dussin)\b",
    re.IGNORECASE,
)
MONEY_ASKED = re.compile(r"\b(?:pengar|medel|kronor|kostar|sökas|söka|ansöka|kostnad\w*|budget\w*|anslag\w*|belopp\w*|summa\w*|money|cost\w*|funds?|funding)\b",
                         re.IGNORECASE)
# "Hur mycket kan Mellansverige få av satsningen …?": money received.
MONEY_RECEIVED = re.compile(r"\bhur mycket\b.*\b(?:få|får|fick|tilldelas|tilldelades|erhålla|erhåller|erhöll)\b",
                            re.IGNORECASE)
# "… pengar kan sökas för strålbehandling", "… avsatts till barncancervården": what money is for;
# with "på" too ("satsningen på rehabilitering") where the purpose only orders the units.
# The greedy ".*" takes the last such phrase, which names the purpose most narrowly: "för
# satsningen på rehabilitering", "för förbättringsarbete inom strålbehandling".
PURPOSE_PHRASE = r".*\b(?:{})\s+((?:[\wåäöé-]+\s*){{1,4}})"
PURPOSE = re.compile(PURPOSE_PHRASE.format("för|till|inom"), re.IGNORECASE)
PURPOSE_ON = re.compile(PURPOSE_PHRASE.format("för|till|inom|på"), re.IGNORECASE)
MONEY = re.compile(r"\d[\d  ,.]*\s*(?:kr\b|kronor|mkr|tkr|miljon\w*|miljard\w*|msek|sek)|\b(?:miljoner|miljarder)\b",
                   re.IGNORECASE)
RATE_ASKED = re.compile(r"\b(?:ök\w*|minsk\w*|andel\w*|procent\w*|grow\w*|grew|increas\w*|ris\w*|fall\w*|"
                        r"decreas\w*|share|percent\w*)\b", re.IGNORECASE)
TIME = re.compile(r"\b(?:våren|hösten|sommaren|vintern|årsskiftet|kvartal|månad|vecka|veckor)\b",
                  re.IGNORECASE)
HOW_LONG = re.compile(r"\b(?:hur länge|hur lange|hur lång tid|hur lang tid|how long)\b", re.IGNORECASE)
# "Hur länge …?": a length of time ("i tre år", "under fem månader", "fram till 2026").
DURATION = re.compile(
    r"\b(?:\d+|ett|en|två|tre|fyra|fem|sex|sju|åtta|nio|tio|tolv)\s+(?:år|månader|månad|veckor|vecka|dagar|dygn|timmar)\b"
    r"|\bfram till\b|\btill och med\b|\bt\.o\.m\.|\bpågå\w*\b",
    re.IGNORECASE,
)
# "Hur länge varar/pågår/håller … på?", "how long does … last": how long something lasts, not since when.
LASTS = re.compile(r"\bhur län?ge\s+(?:varar|pågår|håller|tar|dröjer|räcker)\b|\bhow long (?:does|do|will|is)\b.*\b(?:last|take)",
                   re.IGNORECASE)
WHOLE_PERIOD = re.compile(r"\bunder (?:hela|resten av)\b|\bhela (?:året|perioden)\b", re.IGNORECASE)
# "Hur många intervjuer …?", "How many children …?": the noun whose number is asked.
COUNTED = re.compile(r"\b(?:hur många|hur manga|how many|flest|färre?st)\s+(?:fler\s+|nya\s+|olika\s+)?([a-zåäöé-]{3,})", re.IGNORECASE)
PERCENT = re.compile(r"procent\w*|percent\w*|procentenheter", re.IGNORECASE)
# "Vilken region har flest kontaktsjuksköterskor?" asks for counts as much as "hur många".
HOW_MANY = re.compile(r"\b(?:hur många|hur manga|how many|flest|färre?st)\b", re.IGNORECASE)
# "Hur ofta …?": a frequency.
HOW_OFTEN = re.compile(
    r"\b(?:hur ofta|how often|how frequently)\b"
    r"|\b(?:hur många gånger|how many times)\s+(?:per|om|i|varje|a|an|each|every)\s+(?:år|året|månad\w*|vecka\w*|"
    r"termin\w*|year|month|week|term)\b",
    re.IGNORECASE,
)
FREQUENCY = re.compile(
    r"\b(?:\d+|en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|några|flera) (?:gång(?:er)?|ggr)\b"
    r"|\b(?:varje|per|en gång i|en gång per|varannan|var fjärde|var tredje|var sjätte) "
    r"(?:år|månad|vecka|kvartal|termin|halvår|vår|höst)\b|\bvartannat år\b"
    r"|\b(?:årligen|månatligen|veckovis|kvartalsvis|halvårsvis|månadsvis)\b",
    re.IGNORECASE,
)
# A number of people or things with its own unit ("2,15 miljoner", "1 200 personer"); not a share.
HEADCOUNT = re.compile(
    r"\d[\d  ,.]*\s*(?:miljon|miljoner|tusen)\b(?!\s*(?:kr\b|kronor|mkr|sek))|\d[\d  ,.]*\s*(?:personer|invånare|patienter|st\b|stycken)",
    re.IGNORECASE,
)
COMMON_VERBS = {"är", "var", "har", "hade", "ska", "skall", "kan", "kunde", "bor", "får", "fick", "deltog", "deltar",
                "finns", "fanns", "blir", "blev", "behöver", "gick", "går", "kommer", "kom", "vill", "ingår", "ingick"}
# Titles that head something ("verksamhetschef", "ordförande", "processledare"), Swedish.
TITLE_WORDS = r"\w*chef\w*|ordförande\w*|\w*ledare\w*|\w*samordnare\w*|direktör\w*|sekreterare\w*"
PERSON_ASKED = re.compile(
    r"^\s*(?:vem|vilka)\s+(?:är|var|blir|blev)\s+(?:\w+\s+)?(?:" + TITLE_WORDS + r"|"
    r"kontaktperson\w*|representant\w*|talesperson\w*)\b"
    r"|^\s*who (?:is|was|were|are) (?:the )?(?:\w+\s+)?(?:head|chair\w*|director|leaders?|managers?|"
    r"coordinators?|secretary|representatives?|contact person)\b|^\s*who (?:chairs|will chair|chaired)\b",
    re.IGNORECASE,
)
# A person's title asked for ("vilken titel har hon?", "vad har han för befattning?", "what is her
# title?"), and titles and professions in a text. "Roll" is not one: "vilken roll har RCC?" asks
# what a body does.
TITLE_ASKED = re.compile(
    r"\b(?:vilken|vilka)\s+(?:titel|titlar|befattning\w*|yrkestitel|tjänstetitel)\b"
    r"|\bför\s+(?:titel|befattning|tjänst)\b|\b(?:vad|what)\s+(?:arbetar|jobbar)\s+(?:hon|han|hen)\b"
    r"|\bwhat\s+(?:is|was)\s+(?:her|his|their)\s+(?:job\s+)?(?:title|position)\b",
    re.IGNORECASE,
)
TITLE = re.compile(
    r"\b(?:" + TITLE_WORDS + r"|\w*läkare\w*|\w*sjuksköterska\w*|professor\w*|kurator\w*|\w*koordinator\w*"
    r"|\w*handläggare\w*|\w*strateg\w*|controller\w*|\w*specialist\w*|generaldirektör\w*|\w*sakkunnig\w*)\b",
    re.IGNORECASE,
)
# Who made a decision ("vem beslutade om förstudien?", "vilka fattade beslutet?", "who decided …?"):
# a unit that records a decision and names a body. The present "vem beslutar om …?" asks who has
# the mandate, which a table of deciding parties gives without the word.
DECIDER_ASKED = re.compile(
    r"^\s*(?:och\s+)?(?:vem|vilka|vilken\s+\w+)\s+(?:har\s+|hade\s+)?(?:beslutade?|beslutat|beslöt|fattade|fastställde"
    r"|godkände|tog beslut\w*)\b|^\s*(?:and\s+)?who\s+(?:has\s+|had\s+)?(?:decided|approved|adopted)\b",
    re.IGNORECASE,
)
# A time of day asked for ("vilken tid börjar webbinariet?", "hur dags?", "what time …?") and its
# shapes in a text ("kl. 15-17", "12.00", "13:30").
CLOCK_ASKED = re.compile(r"\b(?:vilken tid|vilket klockslag|hur dags|när på dagen|what time|at what hour)\b",
                         re.IGNORECASE)
CLOCK = re.compile(r"\bkl(?:\.|ockan)?\s*\d{1,2}\b|\b(?:[01]?\d|2[0-3])[.:][0-5]\d\b|\b\d{1,2}\s*(?:am|pm)\b",
                   re.IGNORECASE)
# Contact details asked for ("vilket telefonnummer …", "what e-mail address …", "vilken länk …")
# and their shapes in a text.
CONTACT_ASKED = re.compile(
    r"\b(?:telefonnummer\w*|telefon|e-post\w*|epost\w*|mejladress\w*|mailadress\w*|webbadress\w*|länk(?:en|ar|arna)?"
    r"|phone\w*|e-?mail\w*|website|web address)\b",
    re.IGNORECASE,
)
CONTACT = re.compile(r"\+46|\b0\d{1,3}[-–  ]?\d{2,3}[  -]?\d{2}[  -]?\d{2}\b|\S+@\S+\.\w+|https?://|\bwww\.|\b\w+\.se/")
# "Var finns …?", "var i landet …", "på vilka orter …", "where …": a place is asked for. "Var" is
# also the past of "vara": "Var det …?", "Var den …?" ask whether, and "Hur stor var …" is no
# question word at all (it must open the question).
WHERE_ASKED = re.compile(
    r"^\s*(?:och\s+|men\s+)?var\s+(?!det\b|den\b|de\b|detta\b|dessa\b|han\b|hon\b|hen\b)[a-zåäö]"
    r"|\bvilk(?:en|a|et)\s+(?:ort|orter|stad|städer|sjukhus|kommun|kommuner)\b"
    r"|^\s*(?:and\s+)?where\b|\bwhich\s+(?:city|cities|town|towns|hospitals?)\b",
    re.IGNORECASE,
)
# A place in the unit: a region, or a capitalised name after "i"/"vid"/"på" ("vid
# universitetssjukhusen i Umeå", "på Akademiska"), or a hospital or clinic.
AT_PLACE = re.compile(
    r"\b(?:i|vid|på|in|at)\s+(?!Sverige\b|Sweden\b)[A-ZÅÄÖ][a-zåäöé]{2,}|sjukhus|mottagning|klinik|hospital|clinic"
    # a meeting held online is held somewhere too ("Digitalt möte via Teams")
    r"|\b(?:[Dd]igital\w*|via\s+(?:Teams|Zoom|Skype)|online|på\s+plats)\b")
# "Roger Brännström", "Anna-Karin Lundqvist": two capitalised words, the first a given name's shape.
PERSON = re.compile(r"\b[A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?\s+[A-ZÅÄÖ][a-zåäöéü]{2,}(?:-[A-ZÅÄÖ][a-zåäöéü]+)?\b")


# "Hur stor är X?", "hur omfattande …", "how big/large …": the size of a thing, which a number of
# things gives ("500 utskick"), not only a figure with a unit.
SIZE_ASKED = re.compile(r"\bhur (?:stor|stort|omfattande)\s+(?:är|var|blir|blev)\b|\bhow (?:big|large|extensive)\b",
                        re.IGNORECASE)
SIZED = re.compile(r"(?<![\d,.-])\d{2,}(?:[  ]\d{3})*\s+[a-zåäö]{3,}")
# A number written in groups of thousands ("900 000", "2 200 000") is a quantity: a population, a
# sum in a table whose unit stands in its header; never a year or a date.
GROUPED = re.compile(r"(?<![\d,.])\d{1,3}(?:[  ]\d{3})+(?![\d,])")
YEARS = re.compile(r"\b(?:19|20)\d\d(?:-\d\d){0,2}\b")


def fact_text(unit: Unit) -> str:
    """Where the asked fact must stand for the unit to answer: the sentence, item or table cell
    itself with its lead (a cell's row activity), since that is what the answer quotes; not the
    rest of its passage ("Ansvarig: RCC …" does not say when, though its row has a time frame)."""
    return unit.context


def holds_asked_kind(question: Question, unit: Unit, text: str | None = None) -> bool:
    """Whether the unit holds the kind of fact asked for (see asked_kind):
    - "hur mycket pengar …?" money (a share too when a rate is asked, "hur mycket ökade …?");
    - "hur ofta …?" a frequency;
    - "hur många X …?" a number within a few words before X (English X through the lexicon;
      any number when it has no Swedish word); "hur många procent …?" a share;
    - another amount: a figure with its unit, a headcount or a share;
    - "vilken tid …?", "what time …?" a time of day ("kl. 15-17");
    - "när …?" a date or time frame, "hur länge …?" also a length of time;
    - "vem är verksamhetschef …?" (a title asked, not a body) a person's name;
    - "vilket telefonnummer / vilken e-post / vilken länk …?" a phone number, address or link;
    - "vilken titel har hon?" a title or profession ("verksamhetschef", "överläkare");
    - "vem beslutade om …?" a decision recorded with a body or person ("enligt beslut i
      Samverkansnämndens ledningsgrupp");
    - "var finns …?", "where …?" a place (a region, a name after "i"/"vid", a hospital or clinic);
    - "vad beslutade …?" a decision recorded ("beslutade att").
    True for other questions. `text`: where the fact must stand; by default fact_text(unit), or
    a who/when cell's own value."""
    kind = _kind(question)
    if text is None:
        # A "who" or "when" cell is quoted as that column: its row's activity holding a figure
        # ("Från 2023 ska 90 % …") does not make "Ansvarig: Regionerna" an answer to "hur stor andel".
        own = unit.kind == "cell" and unit.column in RESPONSIBLE_COLUMNS + TIME_COLUMNS
        text = unit.text if own else fact_text(unit)
    if kind == "money":
        # "Hur mycket har kostnaden ökat?" asks a rate; "Vad kostar …?" money.
        return bool(MONEY.search(text) or (RATE_ASKED.search(question.asked) and AMOUNT.search(text)))
    if kind == "frequency":
        return bool(FREQUENCY.search(text))
    if kind in ("count", "amount"):
        bare = DATE.sub(" ", YEARS.sub(" ", text))  # "15 februari", "2022-23" count nothing
        counted = COUNTED.search(question.asked)
        if counted and PERCENT.fullmatch(counted.group(1)):
            # "Hur många procent …?" asks a share: "8,9 %" as much as "70 procent".
            return bool(AMOUNT.search(text) or SHARE.search(bare))
        if counted and question.language == "sv" and not _verb(counted.group(1)):
            # A flattened table's row gives the number alone, its noun in the header ("Väst …
            # 2 000 000" under "Befolkning"): a number in groups of thousands counts too.
            # Only under a header that counts the same things: the population column ("900 000"
            # under "Folkmängd") does not count nurses ("flest kontaktsjuksköterskor").
            return _counts(bare, counted.group(1)) or bool(
                GROUPED.search(bare) and _header_counts(unit.lead, counted.group(1)))
        if counted and question.language == "en" and (swedish := english_to_swedish(counted.group(1)).split()):
            # "How many children …?": the lexicon's Swedish word ("barn") is what the documents count.
            return any(_counts(bare, noun) for noun in swedish)
        if kind == "count":
            # "Hur många bor …?": a number of things or people; "55%" is a share of them.
            return any(not _a_share(bare, m) for m in COUNT.finditer(bare)) or bool(HEADCOUNT.search(bare))
        # A figure with its unit, a headcount or a share: "en"/"ett" are no amount ("Sedan 2019
        # pågår en statlig satsning" does not say how large), nor "10 år" a population.
        # "Hur stor är pilotfasen?": a number of things is its size ("500 utskick per region").
        return bool(AMOUNT.search(text) or HEADCOUNT.search(bare) or SHARE.search(bare) or MONEY.search(text)
                    or GROUPED.search(bare) or (SIZE_ASKED.search(question.asked) and SIZED.search(bare)))
    if kind == "clock":
        return bool(CLOCK.search(text))
    if kind == "date":
        if LASTS.search(question.asked):
            # "Hur länge varar behandlingen?" asks a length ("3–6 veckor", "under hela 2025"); the
            # year something began ("sedan 2015 finns Skandionkliniken") does not say it.
            return bool(DURATION.search(text) or WHOLE_PERIOD.search(text)) or unit.column in TIME_COLUMNS
        return bool(DATE.search(text) or TIME.search(text) or DURATION.search(text)) or unit.column in TIME_COLUMNS
    if kind == "person":
        return names_person(text)
    if kind == "contact":
        return bool(CONTACT.search(text))
    if kind == "title":
        return bool(TITLE.search(text))
    if kind == "decider":
        return bool(DECIDED.search(text)) and (bool(BODY.search(text)) or names_person(text))
    if kind == "place":
        # Who is responsible ("Regionerna - RCC Mellansverige") is not where.
        return unit.column not in RESPONSIBLE_COLUMNS and bool(places_in(text) or AT_PLACE.search(text))
    if kind == "decision":
        return bool(RECORDED.search(text))
    return True


# A body or role that can do or decide something: "RCC Mellansverige", "Regionerna", "VO
# paramedicin", "Sjukvårdsregionala arbetsgruppen", "Precisionsmedicinskt centrum", "styrgruppen",
# "verksamhetschefen"; not an area ("sjukvårdsregionen", "länet").
BODY = re.compile(
    r"\b(?:RCC|RPO|NPO|LPO|NAG|RAG|VPG|VO|BCC|SKR|HSD|PNR|SUSSA|CCC|NUS)\b|\bRegion(?:en|erna)?\b|\bregion(?:en|erna)\b"
    r"|\blandsting\w*|\bSocialstyrelsen\b|\bkommuner(?:na)?\b|\bprimärvården\b|\bspecialistvården\b"
    r"|\b\w*(?:grupp|gruppen|grupper|grupperna|centrum|centret|centrumet|kansli|kansliet|nämnd|nämnden|rådet|"
    r"ledningen|ledare|ledaren|ledarna|samordnare|samordnaren|samordnarna|chef|chefen|cheferna|direktör\w*|"
    r"myndighet\w*|styrelse\w*|förbund\w*|sjukhus\w*|klinik\w*|mottagning\w*|ordförande\w*|"
    r"kontaktsjukskötersk\w*|koordinator\w*|företrädare|representant\w*|föreningar\w*|organisation\w*|"
    r"universitet\w*|enhet\w*|verksamhet\w*)\b",
)


# "Vem ska leda förstudien …?", "Vilka ska manifestera den?": the verb whose doer is asked.
DOER_ASKED = re.compile(
    r"^\s*(?:vem|vilka|vilken\s+\w+)\s+(?:ska|skall|kommer\s+att|har|hade|bör|får|kan|skulle)\s+([a-zåäö]{4,})\b"
    r"|^\s*who\s+(?:will|shall|should|is\s+to|is\s+going\s+to|must|has\s+to)\s+([a-z]{3,})\b",
    re.IGNORECASE,
)


def names_agent(question: Question, unit: Unit) -> bool:
    """For "vem ska <verb> …?" asking a body or role: whether the unit says who does it, a form of
    the verb with a body, a role or a person in it ("Förstudien ska ledas … av RCC Mellansverige"
    for "Vem ska leda förstudien?"), or a responsible cell. True for other questions: a sentence
    naming some body near the subject ("enligt beslut i Samverkansnämndens ledningsgrupp") does
    not say who does what was asked."""
    doer = DOER_ASKED.search(question.asked) if question.answer_type == "body" and not _kind(question) else None
    if doer is None or (doer.group(1) or "").lower() in COMMON_VERBS:
        return True
    if unit.column in RESPONSIBLE_COLUMNS:
        return True
    # An English verb is read in the lexicon's Swedish ("lead": "leda"); one it lacks checks nothing.
    verbs = {stem(doer.group(1).lower())} if doer.group(1) else {stem(w) for w in english_to_swedish(doer.group(2)).split()}
    if not verbs:
        return True
    text = unit.context
    return any(stem(w) in verbs for w in words(text)) and (
        bool(BODY.search(text)) or names_person(text))


def purpose_terms(question: Question, analyzer: Any, weight: Callable[[str], float], on: bool = False) -> list[str]:
    """For money asked for a purpose (Swedish questions), the index terms of the purpose's rarest
    word the documents use: its stem, then its compound parts ("rehabilitering"); [] otherwise.
    `analyzer` is the index's (text/analyzer.py), `weight` a term's idf; with `on`, a purpose
    after "på" counts too (PURPOSE_ON)."""
    if question.answer_type != "amount" or question.language == "en" or _kind(question) != "money":
        return []
    purpose = (PURPOSE_ON if on else PURPOSE).match(question.subject)
    if not purpose:
        return []
    content = sorted({w for w in words(purpose.group(1)) if len(w) >= 5 and not w.isdigit() and w not in STOPWORDS
                      and not places_in(w) and analyzer.knows(w)})
    forms = {w: analyzer.terms(w) for w in content if analyzer.terms(w)}
    if not forms:
        return []
    return list(forms[max(forms, key=lambda w: weight(forms[w][0]))])


def holds_purpose(wanted: list[str], have: set[str]) -> bool:
    """Whether terms `have` hold the purpose (purpose_terms): its stem, a term it begins
    ("cancerrehab" is short for "cancerrehabilitering"), or every compound part."""
    stem_, *parts = wanted
    return stem_ in have or any(t.startswith(stem_) for t in have) or bool(parts) and set(parts) <= have


def names_person(text: str) -> bool:
    """Whether the text names a person ("Sofia Johansson"), not a place or a body ("Region Västerbotten")."""
    return any(not places_in(m.group(0)) and not m.group(0).startswith(("Region", "Regionalt", "Sveriges"))
               for m in PERSON.finditer(text))


def asked_kind(question: Question) -> str:
    """What a failed check of holds_asked_kind lacks, for the abstention's words: "amount"
    (money or another amount), "count", "frequency", "clock", "date", "contact", "title", "decider", "person", "place" or "decision"; "" for other
    questions."""
    kind = _kind(question)
    return "amount" if kind == "money" else kind


def _kind(question: Question) -> str:
    """The one kind of fact the question asks for, in the order holds_asked_kind checks them:
    "money", "frequency", "count", "amount", "clock", "date", "contact", "title", "decider", "person", "place", "decision"
    or ""."""
    # A comparison asks each side's kind of fact ("hur många barn … i Mellansverige jämfört med
    # hela landet?" a count on each side).
    answer_type = question.answer_type
    if answer_type == "comparison":
        answer_type = BY_INTENT[question.intent]
    if answer_type == "amount":
        if MONEY_ASKED.search(question.asked) or MONEY_RECEIVED.search(question.asked):
            return "money"
        if HOW_OFTEN.search(question.asked):
            return "frequency"
        return "count" if HOW_MANY.search(question.asked) else "amount"
    if CLOCK_ASKED.search(question.asked):
        return "clock"
    if answer_type == "date" or HOW_LONG.search(question.asked):
        return "date"
    if CONTACT_ASKED.search(question.asked):
        return "contact"
    if TITLE_ASKED.search(question.asked):
        return "title"
    if DECIDER_ASKED.search(question.asked):
        return "decider"
    if PERSON_ASKED.search(question.asked):
        return "person"
    if WHERE_ASKED.search(question.asked):
        return "place"
    return "decision" if DECISION_ASKED.search(question.asked) else ""


def _verb(word: str) -> bool:
    """Whether the word after "hur många" is a verb ("Hur många bodde …?"), not the thing counted."""
    word = word.lower()
    # A passive ("drabbas", "behandlas", "screenades") is never a plural noun.
    return word in COMMON_VERBS or word in PEOPLE_VERBS or (
        len(word) > 4 and word.endswith(("dde", "tte", "ade", "ades", "des", "tes", "as")))


# What people do that a count asks of ("hur många sitter i rådet?"); their "-er"/"-ar" is also a
# plural noun's ending, so they are listed.
PEOPLE_VERBS = {"sitter", "satt", "arbetar", "jobbar", "insjuknar", "insjuknade", "dör", "dog", "avlider", "medverkar",
                "svarar", "svarade", "söker", "sökte", "väntar", "väntade"}  # "deltar", "ingår", "bodde": COMMON_VERBS, "-dde"


POPULATION = re.compile(r"befolk\w*|folkmängd\w*|invånar\w*", re.IGNORECASE)
PEOPLE = {"invånare", "personer", "människor", "svenskar", "innevånare"}


def _header_counts(header: str, noun: str) -> bool:
    """Whether a flattened table's header counts the noun's things: it names the noun, or its
    population for people ("Folkmängd" for "invånare")."""
    if noun.lower() in PEOPLE:
        # Without a header line (the reader may lose it), a number of people is the population.
        return not header or bool(POPULATION.search(header))
    if not header:
        return False  # a sentence's number in groups of thousands counts what its own words say
    return _noun_stem(noun) in fold(header.lower())


def _noun_stem(noun: str) -> str:
    """The noun's first letters, all but the last three and at least four ("kontaktsjuksköt" of
    "kontaktsjuksköterskor"), folded: what its inflections and compounds share."""
    return fold(noun.lower())[: max(4, len(noun) - 3)]


def _a_share(text: str, number: re.Match[str]) -> bool:
    """Whether the number found in the text is a percentage ("55%", "10 procent")."""
    return bool(re.match(r"\s*(?:%|procent|procentenheter)", text[number.end():], re.IGNORECASE))


def _counts(text: str, noun: str) -> bool:
    """A number within three words before a word that shares the noun's first letters ("43
    intervjuer", "sex RCC:er", "fyra av regionerna", "2,15 miljoner invånare"); a sum elsewhere in
    the text counts nothing ("54 miljoner fördelades … sex barncancercentrum" has no children)."""
    stem = _noun_stem(noun)
    folded = fold(text.lower())
    # "Dessa företrädare (ca 30) utgör …": the number in brackets right after the noun.
    if re.search(rf"\b{re.escape(stem)}\w*\s*\((?:ca|cirka|omkring|drygt|knappt|runt)?\.?\s*\d", folded):
        return True
    lowered = text.lower()
    for number in COUNT.finditer(lowered):  # unfolded: "två" and "åtta" fold to no number word
        if _a_share(lowered, number):
            continue  # "10 procent av alla barncancerfall" is a share, not a count of children
        after = fold(lowered[number.end():]).split()[:4]
        if any(w.strip(".,;:()").startswith(stem) for w in after):
            return True
    return False


# A question naming a column asks for that column's cell: "uppföljning", "Hur följs det upp?",
# "Vem följer upp …?", "How is it followed up?", "tidsram", "… hur?".
COLUMN_CUES = (
    (re.compile(r"\buppföljning\w*|\bfölj(?:er|s|as|a|des)\b(?:\s+\S+){0,7}?\s+upp\b|\bfollow(?:ed|s|ing)?[ -]up\b",
                re.IGNORECASE), ("Uppföljning", "Uppföljning?")),  # one flattened table writes it as a question
    (re.compile(r"\btidsram\w*", re.IGNORECASE), TIME_COLUMNS),
    (re.compile(r"\bhur\?", re.IGNORECASE), ("Hur?",)),
)


def columns_asked(question: str) -> tuple[str, ...]:
    """The table columns a question asks about by name (first cue that matches), or ()."""
    return next((columns for cue, columns in COLUMN_CUES if cue.search(question)), ())

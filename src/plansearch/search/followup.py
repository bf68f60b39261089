"""Follow-up questions: "och vem följer upp det?" borrows the topic of the question before it."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from plansearch.text.normalise import words
from plansearch.text.swedish import HEDGE_WORDS, STOPWORDS

Spans = Callable[[str], list[tuple[int, int]]]
# Adverbs that may follow the pronoun at the end ("hur många sitter i det ungefär?").
TRAILING = r"(?:\s+(?:" + "|".join((
    *HEDGE_WORDS, "då", "nu", "idag", "också", "även", "totalt", "sammanlagt", "nationellt", "regionalt", "lokalt", "now",
    "then", "nationally")) + r"))*"
FOLLOW_UP = re.compile(
    r"^\s*(och|men|samt|också|även|hur är det|hur ser det ut|and|what about|how about)\b|\b(det|den|dem|detta|dessa|denna|de|där|därefter|därpå|it|they|them|that|this|those)\b"
    + TRAILING + r"\s*\??\s*$",
    re.IGNORECASE,
)
# Words that ask about the topic without naming it ("vem ansvarar?", "när sker det?").
TOPICLESS = {"följer", "ansvarar", "ansvarig", "sker", "gäller",
             # when and how it is done, not what ("när måste man ha sökt senast?")
             "senast", "tidigast", "måste", "söka", "sökt", "ansöka", "ansökt", "börjar", "startar", "slutar", "klart",
             "avses", "avser", "omfattas"}  # what is meant by it ("vilken åldersgrupp avses?")
# A pronoun that always points back, wherever it stands ("Vem leder dem?", "Ska alla ha sådana?",
# "When does it start?").
# A person's pronoun stands for the person or role asked about before ("från vilket datum
# tillträder hon?" after "Vem blir ny verksamhetschef …?").
PERSONAL = ("hon", "han", "hen", "henne", "honom", "hennes", "hans", "she", "he", "her", "him", "his")
BACK = re.compile(r"\b(dem|sådan|sådana|sådant|it|they|them|such|" + "|".join(PERSONAL) + r")\b", re.IGNORECASE)
# "där" points back to the place named before when nothing follows it but a particle ("hur länge
# håller en behandling där på?", "vem leder arbetet där nu?"); not as a relative ("regioner där …").
THERE = re.compile(r"\bdär\b(?=\s*(?:på|nu|idag|i dag|då|också|även)?\s*\??\s*$)", re.IGNORECASE)
# "dess" points back unless what it belongs to stands just before it ("RCC och dess uppdrag").
DESS = re.compile(r"(?<!\boch )(?<!\bsamt )(?<!\bmed )\bdess\b", re.IGNORECASE)
# "det" after an inverted verb points back when a verb follows it ("När ska det vara klart?", "Sedan
# när är det bemannat?"), not as the empty subject of "Finns det …?" or "Är det regionerna som …?".
INVERTED_DET = re.compile(r"\b(?:ska|skall|skulle|kan|kunde|bör|borde|måste|kommer|har|hade|är|var|blir|blev)\s+det\s+([^\W\d_]+)", re.IGNORECASE)
# "den"/"dem" as the subject after a verb, before a preposition or the end ("Var genomförs den i
# norr?", "Gäller den för alla?").
INVERTED_DEN = re.compile(
    r"\b([^\W\d_]+)\s+(?:den|denna|dessa|dem|det)\s+(?:i|på|för|inom|under|efter|till|av|med|vid|nu|idag|också|även)\b",
    re.IGNORECASE,
)
PREPOSITIONS = {"för", "under", "efter", "över", "om", "av", "i", "på", "till", "med", "vid", "inom", "mellan", "sedan", "är", "var"}
PARTICIPLES = {"klart", "klar", "färdigt", "färdig", "infört", "gjort", "genomfört", "startat", "beslutat", "tänkt"}
# "den", "denna", "dessa", "detta" point back when a verb follows ("Ska den erbjudas alla?", "När
# ska den vara klar?"), not when they open a noun phrase ("den nationella planen", "den 4 februari").
DEMONSTRATIVE = re.compile(r"\b(?:den|denna|dessa|detta)\s+([^\W\d_]+)", re.IGNORECASE)
VERBS_AFTER = {
    "vara", "bli", "ha", "få", "göra", "gå", "finnas", "starta", "börja", "sluta", "gälla", "införa", "ske", "kosta",
    "är", "var", "blir", "har", "hade", "ska", "skall", "kan", "bör", "får", "måste", "finns", "gäller", "sker",
    "startar", "börjar", "kostar", "leds", "införs", "erbjuds", "också", "även", "redan", "fortfarande", "inte",
}


# A definite noun that names no topic of its own stands for the one named before ("vilka män får
# erbjudandet?" after a question on prostate cancer testing, "när startade projektet?"), unless
# the words after it say which ("arbetet med screening", "satsningen på barncancer").
GENERIC_DEFINITE = {  # not a topic's name ("screeningen", "ackrediteringen" name one)
    "erbjudandet", "projektet", "projekten", "satsningen", "satsningarna", "arbetet", "studien", "förstudien",
    "kansliet", "gruppen", "arbetsgruppen", "planen", "programmet", "införandet", "uppdraget", "beslutet",
    "insatsen", "insatserna", "åtgärden", "åtgärderna", "aktiviteten", "aktiviteterna", "målet", "målen",
    "pengarna", "medlen", "summan", "beloppet", "utredningen", "piloten", "pilotfasen", "systemet", "verktyget",
    "tjänsten", "nätverket", "samarbetet", "implementeringen", "modellen", "metoden", "verksamheten",
    "förslaget", "utskicket", "utskicken", "dokumentet", "rapporten", "analysen", "strategin", "rådet",
    "centret", "centrumet", "mottagningen", "mottagningarna", "kliniken", "registret", "enheten", "funktionen",
}
SPECIFIED = re.compile(r"^\s*(?:med|för|på|om|inom|kring|av|till|mot)\s+\w{4,}", re.IGNORECASE)
OTHERS_ALLOWED = 2  # content words besides the noun: a verb and a qualifier ("när startade projektet i norr?")


def _generic_head(question: str) -> bool:
    """Whether a definite noun of GENERIC_DEFINITE stands unspecified in a short question."""
    found = [m for m in re.finditer(r"[^\W\d_]+", question) if m.group(0).lower() in GENERIC_DEFINITE]
    if not found or any(SPECIFIED.match(question[m.end():]) for m in found):
        return False
    heads = {m.group(0).lower() for m in found}
    others = [w for w in words(question) if len(w) > 3 and w not in heads and w not in STOPWORDS
              and not QUESTION_WORD.fullmatch(w)]
    return len(others) <= OTHERS_ALLOWED


# "de uppgifterna", "det projektet", "den rapporten": a demonstrative before a definite noun
# points at the one named before ("när förs de uppgifterna vidare?"), unless words after it say
# which ("det arbetet med screening").
DETERMINED = re.compile(
    r"\b(?:de|dessa|dom)\s+[^\W\d_]{3,}(?:erna|arna|orna)\b|\b(?:den|det|denna|detta)\s+[^\W\d_]{3,}(?:en|et)\b",
    re.IGNORECASE,
)


def _points_back(question: str) -> bool:
    """Whether a pronoun inside the question stands for something named before, or a definite
    noun that names nothing of its own ("erbjudandet")."""
    if BACK.search(question) or DESS.search(question) or THERE.search(question) or _generic_head(question):
        return True
    if any(not SPECIFIED.match(question[m.end():]) for m in DETERMINED.finditer(question)):
        return True
    inverted = VERB_SUBJECT.match(question)
    if inverted and inverted.group(1).lower() in FINITE_VERBS and not (
            inverted.group(2).lower() == "det" and inverted.group(1).lower() in EXISTENTIAL):
        return True  # "hålls det på plats?", "gäller den alla?"; not "finns det en plan …?"
    for m in INVERTED_DEN.finditer(question):
        before = m.group(1).lower()
        # "ger det till personalen?" as "gäller den för alla?"; not the empty "det" of "finns det
        # i Norr …", "går det till".
        if m.group(0).split()[1].lower() == "det" and before in EXISTENTIAL | {"går", "gick"}:
            continue
        if before not in PREPOSITIONS and (before in VERBS_AFTER or before.endswith(("r", "s"))):
            return True
    for m in INVERTED_DET.finditer(question):
        following = m.group(1).lower()
        if following in VERBS_AFTER or following in PARTICIPLES or (len(following) > 5 and following.endswith(("as", "at", "ts"))):
            return True
    for m in DEMONSTRATIVE.finditer(question):
        following = m.group(1).lower()
        # A passive infinitive or present ("erbjudas", "införs") or a verb or adverb of the list.
        if following in VERBS_AFTER or (len(following) > 5 and following.endswith("as")):
            return True
    return False


# A question word of the turn's own: it asks its own kind of thing, whatever the turn before asked.
QUESTION_WORD = re.compile(
    r"^\s*(?:och\s+|men\s+|and\s+)?var\b|\b(vad|vem|vilka|vilken|vilket|när|hur|varför|vart|what|who|whom|which|when|how|where|why)\b",
    re.IGNORECASE,
)


# A yes/no question opens with its finite verb ("hålls det på plats?", "Finns det en plan för
# det?", "Is it held online?"): it asks its own thing, as a question word does. With "det",
# "den" or "de" right after it, that pronoun is its subject and points back, except the empty
# "det" of "finns det …?" and "är det … som …?".
FINITE_VERBS = {
    "ska", "skall", "kan", "kommer", "får", "finns", "fanns", "gäller", "sker", "är", "blir", "blev", "har", "hade",
    "behövs", "krävs", "ingår", "måste", "bör", "brukar", "fick", "gick", "går", "hålls", "erbjuds", "införs", "leds",
    "planeras", "genomförs", "skulle", "kunde", "borde", "is", "are", "was", "were", "does", "do", "did", "will",
    "can", "has", "have", "should", "could", "would",
}
VERB_SUBJECT = re.compile(r"^\s*(?:och\s+|men\s+)?([^\W\d_]+)\s+(det|den|de|dessa|detta)\b", re.IGNORECASE)
EXISTENTIAL = {"finns", "fanns", "är", "var"}
VERB_FIRST = re.compile(r"^\s*(?:(?:och|men|and|but|så|so)\s+)?([^\W\d_]+)", re.IGNORECASE)


def verb_first(question: str) -> bool:
    """Whether the turn opens (after "och"/"men") with a finite verb ("hålls det på plats eller?")."""
    m = VERB_FIRST.match(question)
    return m is not None and m.group(1).lower() in FINITE_VERBS


def asks_itself(question: str) -> bool:
    """Whether the turn has a question word of its own ("Vad gör man under en sådan?"), not only
    an ellipsis ("och i Norr?", "och dem?")."""
    return bool(QUESTION_WORD.search(question))


def previous_questions(history: Sequence[dict[str, Any]]) -> list[str]:
    """The user's earlier turns, oldest first."""
    return [str(turn.get("content", "")) for turn in history if turn.get("role") == "user" and turn.get("content")]


def earlier_turns(history: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The conversation before the user's last turn (what that turn was asked after)."""
    turns = list(history)
    last = max((k for k, t in enumerate(turns) if t.get("role") == "user" and t.get("content")), default=0)
    return turns[:last]


# A pronoun that may stand for the topic before: "det", "den" and the rest only when no noun
# follows them ("den nationella målnivån" names its own).
PRONOUN = re.compile(
    r"\b(det|den|dem|de|detta|dessa|denna|sådan|sådana|sådant|dess|it|they|them|that|this|those|its|"
    + "|".join(PERSONAL) + r")\b(\s+[^\W\d_]+)?",
    re.IGNORECASE,
)
ALWAYS_BACK = {"dem", "sådan", "sådana", "sådant", "dess", "it", "they", "them", "its", *PERSONAL}
CONTINUING = {"och", "eller", "då", "nu", "idag", "sen", "sedan", "nationellt", "regionalt", "lokalt", "and", "or",
              "then", "now"}


def resolve(question: str, topic: str) -> str | None:
    """The follow-up with its first pronoun that points back replaced by `topic` ("hur stor är
    pilotfasen för det i Mellansverige?" -> "hur stor är pilotfasen för OPT i Mellansverige?"); with
    the topic added when it asks its own thing and has no such pronoun ("och vad är den nationella
    målnivån?"); None for an ellipsis without a question word ("och i Norr?")."""
    for m in PRONOUN.finditer(question):
        word, after = m.group(1).lower(), (m.group(2) or "").strip().lower()
        if word in ALWAYS_BACK or not after or after in VERBS_AFTER or after in PARTICIPLES or after in PREPOSITIONS \
                or after in CONTINUING or (len(after) > 5 and after.endswith(("as", "ts"))):
            return question[: m.start(1)] + topic + question[m.end(1):]
    if not asks_itself(question):
        return None
    return f"{question.rstrip().rstrip('?').rstrip()} {topic}?"


def is_follow_up(question: str, history: Sequence[dict[str, Any]], scoping: Spans | None = None) -> bool:
    """True when the question leans on the previous one: it opens with "och …", ends with a
    pronoun ("… det?"), has a pronoun that points back inside it ("Ska den erbjudas alla?",
    "Vem leder dem?"), or names at most one topic word of its own. With `scoping` (the spans of
    a text's scoping phrases), the pronoun may also end the question before them ("Vem ansvarar
    för det enligt Norrs cancerplan?")."""
    if not previous_questions(history):
        return False
    # Short abbreviations are topics too ("Vad gör RPO?" names one).
    if FOLLOW_UP.search(question) or len(topic_words(question)) <= 1 or _points_back(question):
        return True
    own = scoping(question) if scoping else []
    return bool(own) and bool(FOLLOW_UP.search(_cut(question, own).rstrip(" ?") + "?"))


def topic_words(question: str) -> list[str]:
    """The words that may name a topic: not a stop word, a question word or a word that asks
    about the topic without naming it ("från vilket år?" has none, "Vad gör RPO?" has "RPO")."""
    return [w for w in words(question) if (len(w) > 3 or w.upper() in abbreviations(question)) and w not in TOPICLESS
            and w not in STOPWORDS and not QUESTION_WORD.fullmatch(w)]


def abbreviations(question: str) -> set[str]:
    """The words of two or three capitals in the question ("RPO", "MDK", "IPÖ")."""
    return set(re.findall(r"\b[A-ZÅÄÖ]{2,3}\b", question))


# Words an ellipsis is made of besides what it scopes: "Och i Norr?", "Hur är det 2026?",
# "What about Gävleborg?".
ELLIPSIS_WORDS = {
    "och", "men", "hur", "är", "ser", "det", "ut", "då", "också", "även", "samma", "gäller", "sen", "sedan",
    "and", "what", "about", "how", "is", "it", "then", "also", "same",
}
YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def swap_scope(question: str, previous: str, scoping: Spans) -> str | None:
    """The previous question with one constraint changed, for an ellipsis that only names a new
    year, region or document ("Och 2024?", "Och i Mellansverige?", "Hur är det i Norrs
    cancerplan?"): its year replaced by the turn's, or its place or document phrases by the turn's
    phrase (added before the question mark when it had none). None when the turn asks more than
    that ("Och för patologi?"): then the previous question is only added to it (search/query.py).

    `scoping` gives the character spans of a text's scoping phrases (search/scope.py qualifiers)."""
    own = scoping(question)
    if not own:
        return None
    rest = _cut(question, own)
    if any(w not in ELLIPSIS_WORDS for w in words(rest)):
        return None
    phrases = [question[s:e].strip() for s, e in own]
    years = [y for p in phrases for y in YEAR.findall(p)]
    asks_year = len(years) == len(phrases) and all(YEAR.search(p) for p in phrases)
    before = [(s, e) for s, e in scoping(previous) if bool(YEAR.search(previous[s:e])) == asks_year]
    if asks_year:
        if not before:
            return _append(previous, phrases[0])
        s, e = before[0]
        return previous[:s] + YEAR.sub(years[0], previous[s:e], count=1) + previous[e:]
    phrase = " ".join(p for p in phrases if not YEAR.fullmatch(p))
    if not before:
        return _append(previous, phrase)
    first, *others = before
    text = previous
    for s, e in reversed(others):
        text = text[:s] + text[e:]
    text = text[: first[0]] + phrase + text[first[1]:]
    return " ".join(text.split()).replace(" ?", "?")


# "Och året innan?", "förra året då?", "and the year after?": the previous question a year earlier
# or later.
RELATIVE_YEAR = re.compile(
    r"^\s*(?:(?:och|men|and|what about|hur (?:var|är|blir) det)\s+)?(?:(?:för|under|i|for|in)\s+)?"
    r"(?P<when>året innan|året före|föregående år|förra året|året dessförinnan|året efter|året därpå|nästa år"
    r"|the year before|the previous year|the year after|the following year|the next year)(?:\s+(?:då|then))?\s*\??\s*$",
    re.IGNORECASE,
)
LATER = ("efter", "därpå", "nästa", "after", "following", "next")


def swap_relative_year(question: str, previous: str) -> str | None:
    """The previous question a year earlier or later ("och året innan?" after "… 2023?" asks it
    about 2022), or None when the turn is not such an ellipsis or the previous question names no
    year."""
    m = RELATIVE_YEAR.match(question)
    year = YEAR.search(previous)
    if not m or not year:
        return None
    step = 1 if any(w in m.group("when").lower() for w in LATER) else -1
    return previous[: year.start()] + str(int(year.group(0)) + step) + previous[year.end():]


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    for s, e in sorted(spans, reverse=True):
        text = text[:s] + " " + text[e:]
    return text


def _append(previous: str, phrase: str) -> str:
    body = previous.rstrip().rstrip("?").rstrip()
    return f"{body} {phrase}?"


# "Och för rehabilitering då?", "and for pathology?": the same question about another topic.
TOPIC_ELLIPSIS = re.compile(
    r"^\s*(?:och|men|and|what about|how about)\s+(?:för|på|inom|om|kring|gällande|avseende|for|about|on)\s+(.+?)"
    r"(?:\s+(?:då|then))?\s*\??\s*$",
    re.IGNORECASE,
)
COUNTED_NOUN = re.compile(r"\b(?:hur många|hur manga|how many)\s+([^\W\d_]{3,})", re.IGNORECASE)
TOPIC_PREPOSITION = re.compile(r"\b(?:för|på|inom|om|kring|gällande|avseende|av|for|about|on|of)\s+", re.IGNORECASE)


# "och prevalens då?" after "Vad menas med prehabilitering?": another term to define.
BARE_ELLIPSIS = re.compile(
    r"^\s*(?:och|men|and|what about|how about)\s+([^\W\d_][\w-]*(?:\s+[^\W\d_][\w-]*){0,2}?)(?:\s+(?:då|then))?\s*\??\s*$",
    re.IGNORECASE,
)
DEFINED = re.compile(
    r"^\s*((?:vad\s+(?:menas\s+med|avses\s+med|är|betyder|innebär|står)|what\s+(?:is|are|does))\s+)(.+?)"
    r"(\s+(?:för(?:\s+något|\s+nåt)?|mean|stand\s+for))?\s*\?*\s*$",
    re.IGNORECASE,
)


POINTING = {"det", "den", "dem", "de", "dessa", "detta", "it", "they", "them", "that", "this", "in", "for", "on", "at"}


def _bare_topic(question: str) -> str | None:
    """The noun phrase of a turn that is "och <noun phrase>?" and nothing else (no question word,
    pronoun or preposition), else None."""
    m = BARE_ELLIPSIS.match(question)
    if m is None or QUESTION_WORD.search(m.group(1)) or m.group(1).split()[0].lower() in PREPOSITIONS | POINTING:
        return None
    return m.group(1)


def _swap_defined(question: str, previous: str) -> str | None:
    """The previous definition question about the turn's term ("Vad menas med prevalens?" for "och
    prevalens då?" after "Vad menas med prehabilitering?"), else None."""
    term, asked = _bare_topic(question), DEFINED.match(previous)
    if term is None or asked is None:
        return None
    return f"{asked.group(1)}{term}{asked.group(3) or ''}?"


def swap_topic(question: str, previous: str, scoping: Spans) -> str | None:
    """The previous question about the turn's topic, for an ellipsis that names only a new topic
    ("Och för rehabilitering och palliativ vård då?" after "Hur mycket kan Mellansverige få av
    satsningen på patologi och bilddiagnostik?"): the phrase after the previous question's last
    topic preposition, up to its scoping phrases or its end, is replaced by the turn's topic.
    None for other turns, or when the previous question has no such phrase."""
    if scoping(question):
        return None
    m = TOPIC_ELLIPSIS.match(question)
    if m:
        topic = m.group(1).strip()
    else:
        defined = _swap_defined(question, previous)
        # "och äggstockscancer?" after "… om gentestning av trippelnegativ bröstcancer?": the
        # previous question's last topic phrase is the one replaced.
        bare = _bare_topic(question) if defined is None else None
        if bare is None:
            return defined
        topic = bare.strip()
    body = previous.rstrip().rstrip("?").rstrip()
    counted = COUNTED_NOUN.search(body)
    if not m and counted and not topic[:1].isupper():
        # "och unga vuxna?" after "Hur många barn får cancer …?": the same count of other things
        # (a name, "and Jämtland Härjedalen?", is a place or body for swap_scope, not a thing counted).
        return f"{body[: counted.start(1)]}{topic}{body[counted.end(1):]}?"
    spans = scoping(body)
    last = None
    for p in TOPIC_PREPOSITION.finditer(body):
        if not any(s <= p.start() < e for s, e in spans):
            last = p
    if last is None:
        return None
    end = min([s for s, _ in spans if s >= last.end()], default=len(body))
    if end <= last.end():
        return None
    return " ".join(f"{body[: last.end()]}{topic} {body[end:]}".split()) + "?"

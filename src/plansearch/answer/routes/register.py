"""Route: list and timeline questions answered from the register, with a link to the filtered page.

"vad ska vara klart 2025 i Gävleborg?", "vilka aktiviteter ansvarar RCC Norr för?" (the activity
register, /aktiviteter) and "vad beslutades om nationella vårdprogram?" (the decision log,
/beslut). Conservative: the question must ask for activities or decisions in so many words (or
for what is due by a year in a region), name a filter the register can apply, and the register
must hold matching rows; anything else falls through to the other routes.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from plansearch.answer.constraints import ABBREVIATED_MONTHS, MEETING_DAY, MONTHS
from plansearch.answer.context import Context
from plansearch.answer.list_sources import DUE_WORDS
from plansearch.answer.phrasing import plural, sentence_case
from plansearch.answer.records import Answer, Citation
from plansearch.knowledge.activities import Activity
from plansearch.knowledge.decisions import Decision
from plansearch.knowledge.register import ActivityFilter, body_matches, filter_activities
from plansearch.search.query import Question
from plansearch.search.scope import places_in
from plansearch.text.normalise import fold
from plansearch.text.sentences import shorten

SHOWN = 6
MONTH_NUMBERS = {m: f"{k:02d}" for k, m in enumerate(ABBREVIATED_MONTHS, 1)}
QUESTION = re.compile(r"^\s*(?:vad|vilka|vilket|vilken|lista|visa|räkna upp)\b", re.IGNORECASE)
DECISIONS = re.compile(r"\b(?:beslut|besluten|beslutade|beslutades|beslutat|beslöt|beslöts)\b", re.IGNORECASE)
ACTIVITIES = re.compile(r"\baktivitet(?:er|erna)?\b", re.IGNORECASE)
# "vad ska vara klart 2025", "vad ska vara genomfört senast 2026": a deadline question.
DUE = re.compile(rf"\b(?:{DUE_WORDS})\b", re.IGNORECASE)
# Words that only say what is asked for; what is left (stemmed) is the topic.
FILLER = (
    "vad vilka vilket vilken lista visa räkna upp beslut besluten beslutade beslutades beslutat beslöt beslöts fattades "
    "fattade togs tog om kring gällande angående på mötet möte mötena protokollet minnesanteckningarna aktivitet "
    "aktiviteter aktiviteterna ansvarar ansvarig ansvariga för ska skall vara " + DUE_WORDS.replace("|", " ") + " "
    "senast under år året till i och har det som de en ett finns "
    "planen planerna plan region regionen inom kring sitt sin senaste den "
    "göra göras görs genomföra genomföras genomförs driva drivas drivs utföra utföras utförs " + " ".join(MONTHS)
)


def answer(question: Question, ctx: Context) -> Answer | None:
    """A list of register rows, or None when the question is not clearly a register question."""
    if question.language != "sv" or not QUESTION.search(question.asked):
        return None
    if DECISIONS.search(question.asked):
        return _decisions(question, ctx)
    if ACTIVITIES.search(question.asked) or (DUE.search(question.asked) and question.years and question.places):
        return _activities(question, ctx)
    return None


def _topic(question: Question, ctx: Context, names: list[str]) -> set[str]:
    """The stemmed words of the question's subject (without the phrases that scope it, "i Norrs
    cancerplan", search/query.py) that are neither filler nor a name it filters by."""
    analyzer = ctx.index.lexical.analyzer
    dropped = set(analyzer.terms(FILLER + " " + " ".join(names)))
    return {t for t in analyzer.terms(question.subject or question.asked) if t not in dropped and not t.isdigit()}


def _holds(ctx: Context, topic: set[str], text: str) -> bool:
    return topic <= set(ctx.index.lexical.analyzer.terms(text))


def _decisions(question: Question, ctx: Context) -> Answer | None:
    every = ctx.index.decision_list or []
    bodies = sorted({d.body for d in every if fold(d.body.lower()) in fold(question.asked.lower())}, key=len, reverse=True)
    body = bodies[0] if bodies else ""
    if not body and question.bodies:
        return None  # it names a body that decided nothing in the log ("RCC Norrs styrgrupp")
    topic = _topic(question, ctx, [body, *(d.meeting for d in every if body)])
    found = [
        d for d in every
        if (not body or d.body == body) and _held_on(d, question.years, question.asked) and _holds(ctx, topic, f"{d.text} {d.item}")
    ]
    if not found or (not topic and not body):
        return None  # "vad beslutades?" alone, or nothing in the log: the other routes decide
    words = _query_words(question, topic)
    link = "/beslut?" + urlencode({k: v for k, v in (("meeting", body), ("q", words)) if v})
    head = f"Enligt beslutsloggen finns {plural(len(found), 'beslut', 'beslut')}" + (f" om {words}" if words else "")
    head += f" av {body}" if body else ""
    return _answer(question, ctx, head, [(d.passage_id, _decision_item(d), d.text) for d in found], link)


def _activities(question: Question, ctx: Context) -> Answer | None:
    every = ctx.index.activity_list or []
    region = next(iter(sorted(question.places)), "")
    role = question.bodies[0] if question.bodies else None
    if role and region in places_in(" ".join([role.name, *role.variants])):
        region = ""  # "RCC Norr" names a body, not a region to filter by as well
    planned = question.documents & {a.doc_id for a in every}
    if not region and not role and len(planned) == 1:
        # "i Norrs cancerplan": the register filters by document id too. Not when a body is named:
        # "RCC Norr" names Norr's documents as well, and the body filter is the one asked for.
        region = next(iter(planned))
    year = question.years[0] if question.years else None
    f = ActivityFilter(region=region, body=role.name if role else "", year=year)
    if not (f.region or f.body or f.year):
        return None  # "vilka aktiviteter finns?": too wide for a list answer
    names = [region, *(role.variants if role else [])]
    topic = _topic(question, ctx, names)
    found = [
        a for a in filter_activities(every, f)
        if (a.time_frame.status == "dated" or year is None) and _holds(ctx, topic, _activity_text(a))
    ]
    if role:
        found = [a for a in found if any(body_matches(b, role.name) for b in a.bodies)] or found
    due = year is not None and DUE.search(question.asked) is not None
    ending = [a for a in found if a.time_frame.end == year] if due else found
    if not found:
        return None
    words = _query_words(question, topic)
    query = {"region": _region_name(found, region), "body": role.name if role else "", "year": year or "", "text": words}
    link = "/aktiviteter?" + urlencode({k: v for k, v in query.items() if v})
    # A document filtered by reads as its short name ("i Gävleborgs handlingsplan"), not its id.
    place = ctx.short_name(region) if region in ctx.index.documents else query["region"]
    where = (f" om {words}" if words else "") + (f" i {place}" if region else "")
    if due and ending:
        ready = "klar" if len(ending) == 1 else "klara"
        head = f"Enligt aktivitetsregistret ska {plural(len(ending), 'aktivitet', 'aktiviteter')}{where} vara {ready} {year}"
        found = ending
    elif due:
        # Nothing has the year as its deadline: say so, and list what runs through it instead.
        head = (f"Enligt aktivitetsregistret har ingen aktivitet{where} {year} som sista år, men "
                f"{plural(len(found), 'aktivitet', 'aktiviteter')} pågår under {year}")
    elif role:
        head = f"Enligt aktivitetsregistret ansvarar {role.name} för {plural(len(found), 'aktivitet', 'aktiviteter')}{where}"
    else:
        head = f"Enligt aktivitetsregistret finns {plural(len(found), 'aktivitet', 'aktiviteter')}{where}"
        head += f" under {year}" if year else ""
    return _answer(question, ctx, head, [(a.passage_id, _activity_item(a), a.text) for a in found], link)


def _answer(question: Question, ctx: Context, head: str, rows: list[tuple[str, str, str]], link: str) -> Answer | None:
    """The head, up to SHOWN rows each with its citation, and the link to the whole list."""
    citations: list[Citation] = []
    items = []
    for passage_id, line, snippet in rows:
        passage = ctx.passage(passage_id)
        if passage is None:
            continue
        n = len(citations) + 1
        citations.append(ctx.cite(n, passage, snippet))
        items.append(f"• {line} [{n}]")
        if n == SHOWN:
            break
    if not citations:
        return None
    more = len(rows) - len(items)
    text = head + (", bland annat:" if more > 0 else ":") + "\n" + "\n".join(items)
    text += f"\n({more} till i hela listan.)" if more > 0 else ""
    return Answer(
        question.asked, text, tuple(citations), False, question.language, question.intent, "register", 1.0,
        question.text, link=link,
    )


def _held_on(d: Decision, years: tuple[int, ...], asked: str = "") -> bool:
    """Whether the meeting was held in the years and on the day the question names ("på mötet den
    12 november 2024" is another meeting than 4 February 2025, whatever its decisions mention)."""
    day = MEETING_DAY.search(asked)
    if day and d.date[5:10] != f"{MONTH_NUMBERS[MONTHS[day.group(2).lower()]]}-{int(day.group(1)):02d}":
        return False
    return not years or d.date[:4] in {str(y) for y in years}


def _decision_item(d: Decision) -> str:
    return f"{sentence_case(shorten(d.text, 160))} ({d.body}, {d.date}, punkt {d.item_number or '–'})"


def _activity_item(a: Activity) -> str:
    responsible = ", ".join(b.name for b in a.bodies) or a.responsible or "–"
    return f"{sentence_case(shorten(a.text, 140))} (Ansvarig: {responsible}; Tidsram: {a.time_frame.raw or '–'})"


def _activity_text(a: Activity) -> str:
    return " ".join((a.text, a.how, a.who, a.responsible, a.follow_up, a.goal_area))


def _region_name(found: list[Activity], region: str) -> str:
    """The register's own name of the region asked for ("gävleborg" -> "Region Gävleborg"); a
    document id stays as it is."""
    return next((a.region for a in found if region and fold(region) in fold(a.region.lower())), region)


def _query_words(question: Question, topic: set[str]) -> str:
    """The question's own words whose stems are the topic: the page's free-text filter."""
    analyzer_words = [w.strip("?.,!:;") for w in question.asked.split()]
    return " ".join(w for w in analyzer_words if w and fold(w.lower()) and any(_stem_of(w, t) for t in topic))


def _stem_of(word: str, term: str) -> bool:
    return fold(word.lower()).startswith(fold(term.lower())[: max(4, len(term) - 1)])

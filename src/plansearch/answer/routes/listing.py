"""Route: "vilka …?" answered with every item, not one sentence.

The items come from where the best unit stands: a bulleted list (every item under the same
lead, also where the list goes on in the next passage), a table (the rows of its section, or,
when the question names a year, every row of the document whose time frame covers it: "Vilka
aktiviteter ska vara klara 2025 i Gävleborg?"), or a sentence that enumerates them itself.
Past LIMIT items the answer says how many more there are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlencode

from plansearch.answer import list_sources as sources
from plansearch.answer.candidates import OPEN_END, Unit, clean, units_of
from plansearch.answer.context import Context
from plansearch.answer.phrasing import sentence_case
from plansearch.answer.records import Answer, Citation
from plansearch.knowledge.timeframes import TimeFrame, parse_timeframe
from plansearch.models import Hit, Passage
from plansearch.search.query import Question
from plansearch.text.normalise import fold
from plansearch.text.sentences import shorten
from plansearch.text.swedish import RESPONSIBLE_COLUMNS, TIME_COLUMNS

LIMIT = 12  # items shown; the rest are counted
TIMELINE_UNITS = 20  # best units looked through for a table row to seed a timeline
ENUMERATION = re.compile(r"(?:[^,]+,){2,}[^,]+\boch\b|\([^)]*,[^)]*\)|:\s*$")
YEARS = re.compile(r"((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)?\d\d))?")


def answer(question: Question, ctx: Context) -> Answer | None:
    if question.answer_type != "list" or not ctx.units:
        return None
    best = ctx.units[0][1]
    if best.kind == "cell" and not sources.asks_rows(question):
        # "På vilka orter …", "Vilka sitter i styrgruppen …": the items stand inside one cell of
        # the row found, not in the rows of its section.
        inside = sources.in_cell(question, ctx, best)
        if inside is not None:
            return _found(question, ctx, inside)
    if best.kind == "item" or (best.kind == "sentence" and best.text.rstrip().endswith(":")):
        items = _list_items(best, ctx)
        if len(items) >= 2:
            return _compose(question, ctx, items, best.lead or best.text)
    if best.kind == "cell" and not sources.asks_rows(question):
        return None  # the row found answers itself (the table route quotes its cell)
    seed = best if best.kind == "cell" else (_timeline_seed(question, ctx) or _section_seed(question, ctx, best))
    if seed is not None:
        rows = _table_rows(seed.passage, question, ctx)
        if len(rows) >= 2:
            return _compose(question, ctx, [(_row_unit(row), row) for row in rows], "")
    if best.kind != "sentence":
        return None
    continued = sources.goes_on(ctx, best)
    if len(continued) > 1 or sources.MEMBERS.match(best.text):
        # "I NAG barncancer ingår …" answers "Vilka ingår i …?" even alone: a lower sentence
        # that enumerates something else does not.
        return _quote(question, ctx, continued)
    if ENUMERATION.search(best.text) or sources.enumerates(best.text):
        colon = sources.colon_list(ctx)
        # The sentence lists them itself: the sentences route quotes it, unless a lower one lists
        # them after a colon.
        return _found(question, ctx, colon) if colon is not None else None
    lower = sources.lower_in_ranking(ctx)
    return _found(question, ctx, lower) if lower is not None else None


def _found(question: Question, ctx: Context, found: sources.Found) -> Answer | None:
    """The answer from a list found elsewhere than the best unit: a list's items, or sentences."""
    if found.quoted:
        return _quote(question, ctx, sources.goes_on(ctx, found.quoted[0]) + found.quoted[1:])
    if len(found.items) == 1:
        items = _list_items(found.items[0], ctx)
        return _compose(question, ctx, items, found.lead) if len(items) >= 2 else None
    return _compose(question, ctx, [(u, u.passage) for u in found.items], found.lead)


def _quote(question: Question, ctx: Context, units: tuple[Unit, ...]) -> Answer:
    """Sentences that enumerate the items themselves, quoted as they stand with their citations."""
    english = question.language == "en"
    citations: list[Citation] = []
    number: dict[str, int] = {}
    said = []
    for unit in units:
        passage = unit.passage
        if passage.id not in number:
            number[passage.id] = len(citations) + 1
            citations.append(Citation(number[passage.id], passage, ctx.title(passage), (unit.start, unit.end)))
        text = sentence_case(shorten(unit.text, 400))
        said.append(f"“{text}” [{number[passage.id]}]" if english else f"{text} [{number[passage.id]}]")
    first = units[0]
    where = ctx.short(first.passage)
    about = f" ({first.column.rstrip('?')}, ”{shorten(first.lead, 100)}”)" if first.column and first.lead else ""
    if english:
        text = f"{where}{about} lists (in Swedish): " + " ".join(said)
    else:
        text = f"Enligt {where}{about}: " + " ".join(said)
    return Answer(
        question.asked, text, tuple(citations), False, question.language, question.intent, "list",
        ctx.confidence, question.text, hits=tuple(ctx.hits),
    )


def _timeline_seed(question: Question, ctx: Context) -> Unit | None:
    """For a list question with a year ("Vilka mål ska vara klara 2023?"), the best table cell among
    the units found, from a document the question names when it names one: its table's rows are
    the timeline, whichever sentence ranked first."""
    if not question.years:
        return None
    cells = [u for _, u in ctx.units[:TIMELINE_UNITS] if u.kind == "cell"]
    # A question that names its documents is answered from their tables alone: another
    # document's timeline is no answer to "Vilka vårdprogram var ute på remiss inför RPO-mötet 2025?".
    found = [u for u in cells if u.passage.doc_id in question.documents] if question.documents else cells
    return found[0] if found else None


def _section_seed(question: Question, ctx: Context, best: Unit) -> Unit | None:
    """For "Vilka mål har … inom forskning och innovation?" whose best unit is the section's prose,
    a table cell of the same document and section among the best units: the goals are its
    table's rows, not the sentence that introduces them."""
    if not sources.asks_rows(question):
        return None
    return next((u for _, u in ctx.units[:TIMELINE_UNITS] if u.kind == "cell" and u.passage.doc_id == best.passage.doc_id
                 and u.passage.section == best.passage.section), None)


def _list_items(best: Unit, ctx: Context) -> list[tuple[Unit, Passage]]:
    """Every item of the list the best unit belongs to (the list may go on in the next passages)."""
    index = ctx.index
    row = index.row_of[best.passage.id]
    lead = best.lead if best.kind == "item" else clean(best.text)
    items: list[tuple[Unit, Passage]] = []
    for passage in _run(index.passages, row, lambda p: p.kind == "list" or p.id == best.passage.id):
        for unit in units_of(Hit(passage, 0.0, 1)):
            if unit.kind == "item" and (unit.lead == lead or passage.id != best.passage.id):
                items.append((unit, passage))
    return items


def _run(passages: list[Passage], row: int, same: Callable[[Passage], bool]) -> list[Passage]:
    """The passage at `row` and its neighbours in the same document and section that pass `same`."""
    test = same
    first = passages[row]
    out = [first]
    for step in (-1, 1):
        k = row + step
        while 0 <= k < len(passages) and passages[k].doc_id == first.doc_id and passages[k].section == first.section \
                and test(passages[k]):
            out.append(passages[k])
            k += step
    return sorted(out, key=lambda p: p.n)


def _table_rows(seed: Passage, question: Question, ctx: Context) -> list[Passage]:
    """Rows answering a list question: those of the seed row's section; with a year asked, every
    row of the document whose time frame covers it."""
    passages = ctx.index.passages
    if question.years:
        rows = [p for p in passages if p.doc_id == seed.doc_id and p.kind == "table_row"]
        meta = ctx.index.meta(seed.doc_id)
        frames = {p.id: parse_timeframe(_time_frame(p), meta.period if meta else "") for p in rows}
        wanted = _year_relation(question.asked)
        timely = [p for p in rows if any(_matches(frames[p.id], _time_frame(p), year, wanted) for year in question.years)]
        return _in_section_asked(timely, question, ctx)
    responsible = _by_body(seed, question, ctx)
    if len(responsible) >= 2:
        return responsible
    return _run(passages, ctx.index.row_of[seed.id], lambda p: p.kind == "table_row")


def _in_section_asked(rows: list[Passage], question: Question, ctx: Context) -> list[Passage]:
    """The rows under the section the question names ("Vilka mål för kompetensförsörjning …"),
    when it names one of theirs; all of them otherwise."""
    analyzer = ctx.index.lexical.analyzer
    asked = set(analyzer.terms(question.subject or question.asked))
    within = [p for p in rows if asked & set(analyzer.terms(p.section.split("›")[-1]))]
    return within if within and len(within) < len(rows) else rows


def _by_body(seed: Passage, question: Question, ctx: Context) -> list[Passage]:
    """For "Vilka mål har Barn- och ungdomscentrum ansvar för?": the rows of the seed's document
    whose responsible column names the body the question names and the seed row names (the
    fewest such rows, so that a body every row names does not win); none when no body fits."""
    responsible = fold(_responsible(seed).lower())
    best: list[Passage] = []
    rows = [p for p in ctx.index.passages if p.doc_id == seed.doc_id and p.kind == "table_row"]
    for role in question.bodies:
        names = [fold(v.lower()) for v in (role.name, *role.variants) if v]
        if not any(n in responsible for n in names):
            continue
        found = [p for p in rows if any(n in fold(_responsible(p).lower()) for n in names)]
        if 2 <= len(found) < len(rows) and (not best or len(found) < len(best)):
            best = found
    return best


def _responsible(passage: Passage) -> str:
    return " ".join(value for column, value in passage.fields if column in RESPONSIBLE_COLUMNS)


# "ska vara klara 2025", "senast 2025", "due by 2025": the row ends that year; "har tidsramen 2022",
# "med tidsram 2022": the row's time frame is that year alone; otherwise a frame that covers it.
DUE = re.compile(r"\b(?:klar[at]?|färdig\w*|slutför\w*|senast|avslutas|due|completed?|finished|by)\b", re.IGNORECASE)
EXACT = re.compile(r"\btidsram(?:en)?\s+(?:är\s+)?(?:bara\s+|endast\s+|enbart\s+)?(?:19|20)\d\d\b"
                   r"|\btime ?frame (?:is |of )?(?:only\s+|just\s+)?(?:19|20)\d\d\b|\bonly (?:in )?(?:19|20)\d\d\b",
                   re.IGNORECASE)


def _year_relation(asked: str) -> str:
    """How a list question relates its year to a row's time frame: "exact", "due" or "covers"."""
    if EXACT.search(asked):
        return "exact"
    return "due" if DUE.search(asked) else "covers"


def _matches(frame: TimeFrame, raw: str, year: int, wanted: str) -> bool:
    """Whether a row's parsed time frame meets the question's year; an unparsed frame is read as
    text ("2025-27" covers 2025)."""
    if frame.start is None or frame.end is None:
        return wanted == "covers" and _covers(raw, year)
    if wanted == "exact":
        return frame.start == frame.end == year
    if wanted == "due":
        return frame.end == year
    return frame.start <= year <= frame.end


def _time_frame(passage: Passage) -> str:
    return next((value for column, value in passage.fields if column in TIME_COLUMNS), "")


def _covers(frame: str, year: int) -> bool:
    """Whether a time frame ("2025", "2025-27", "2022–2024") includes `year`."""
    for match in YEARS.finditer(frame):
        first = int(match.group(1))
        last = match.group(2)
        end = int(last if len(last or "") == 4 else f"{str(first)[:2]}{last}") if last else first
        if first <= year <= end:
            return True
    return False


def _row_unit(passage: Passage) -> Unit:
    """A row as an item: its first cell (the activity or goal)."""
    units = units_of(Hit(passage, 0.0, 1))
    first = next((u for u in units if u.kind == "cell" and u.column not in RESPONSIBLE_COLUMNS), units[0])
    return first


def _compose(question: Question, ctx: Context, items: list[tuple[Unit, Passage]], lead: str) -> Answer:
    english = question.language == "en"
    citations: list[Citation] = []
    number: dict[str, int] = {}
    lines = []
    for unit, passage in items[:LIMIT]:
        if passage.id not in number:
            number[passage.id] = len(citations) + 1
            citations.append(Citation(number[passage.id], passage, ctx.title(passage), (unit.start, unit.end)))
        lines.append(f"• {sentence_case(shorten(unit.text, 200))} [{number[passage.id]}]")
    more = len(items) - LIMIT
    count = len(items)
    head = shorten(lead.rstrip(":"), 200) if lead else ""
    if english:
        intro = _with_count(head, f"{count} items") if head else f"{count} items in {ctx.short(items[0][1])}"
        tail = f"\nand {more} more." if more > 0 else ""
    else:
        intro = _with_count(head, f"{count} punkter") if head else f"{count} st. i {ctx.short(items[0][1])}"
        tail = f"\noch {more} till." if more > 0 else ""
    text = sentence_case(intro) + ":\n" + "\n".join(lines) + tail
    return Answer(
        question.asked, text, tuple(citations), False, question.language, question.intent, "list",
        ctx.confidence, question.text, hits=tuple(ctx.hits), link=register_link(question, ctx, [p for _, p in items]),
    )


def _with_count(lead: str, count: str) -> str:
    """The list's lead with its count: "Strategin har fem övergripande mål (5 punkter)", not
    "…mål: 5 punkter"; a lead that stops mid-clause keeps its end next to the items ("5 punkter –
    Remissrunda pågår för de reviderade nationella vårdprogrammen för")."""
    return f"{count} – {lead}" if OPEN_END.search(lead) else f"{lead} ({count})"


def register_link(question: Question, ctx: Context, passages: list[Passage]) -> str:
    """The /aktiviteter page filtered to the list, when every item is a row of the activity
    register from one document ("" otherwise): the chat shows it as "Visa hela listan"."""
    rows = {a.passage_id: a for a in ctx.index.activity_list or []}
    if not passages or any(p.id not in rows for p in passages) or len({p.doc_id for p in passages}) != 1:
        return ""
    first = rows[passages[0].id]
    query = {"region": first.region or first.doc_id, "year": question.years[0] if question.years else ""}
    return "/aktiviteter?" + urlencode({k: v for k, v in query.items() if v})

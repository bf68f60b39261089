"""Route: two or more documents, publishers or regions side by side ("Hur skiljer sig Norrs och
Mellansveriges planer när det gäller prehabilitering?", "enligt RPO-minnesanteckningarna och
enligt Socialstyrelsen").

Each side the question names (search/sides.py) gets a search of its own documents and one line:
its best unit, or plainly that it has nothing on the topic; a list question ("Vilka mål …") gets
up to LIST_ITEMS items a side, then how many more. When the sides give the same figure, a first
line says so ("Båda anger 5–10 procent"), citing each. Nothing is dropped silently; when no side
has anything, the abstention route's words are used.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from plansearch.answer.candidates import (
    NEIGHBOUR_SUBJECT,
    Unit,
    continues,
    overlaps,
    units_of,
    with_neighbour,
    with_next,
)
from plansearch.answer.constraints import side_missing
from plansearch.answer.context import Context
from plansearch.answer.flat_table import in_header, names_row, row_units
from plansearch.answer.kinds import BODY, asked_kind, columns_asked, holds_asked_kind
from plansearch.answer.phrasing import COLUMN_LABELS, COLUMN_LABELS_EN, sentence_case, subject_topic
from plansearch.answer.ranking import holds_subject, score_units
from plansearch.answer.records import Answer, Citation
from plansearch.models import Hit
from plansearch.search.filters import Filters
from plansearch.search.intent import BY_INTENT, LIST
from plansearch.search.query import Question
from plansearch.search.scope import KIND_WORDS, PLACES, Scope, places_in
from plansearch.search.sides import Side, side_mentions
from plansearch.text.sentences import shorten
from plansearch.text.swedish import RESPONSIBLE_COLUMNS, TIME_COLUMNS

KINDS = re.compile(
    r"\b(?:" + "|".join(sorted({re.escape(w) for words in KIND_WORDS.values() for w in words}, key=len, reverse=True))
    + r")(?:s|na|en|et)?\b",
    re.IGNORECASE,
)


def _side_question(question: Question, ctx: Context, name: str = "") -> Question:
    """The question each side is searched with: its subject alone, since the other sides' names
    would pull their documents' words into every side's ranking (with the side's `name` when the
    sides share their documents)."""
    if not question.subject or (question.subject == question.text and not name):
        return question
    subject = _side_subject(question.subject)
    side = ctx.searcher.analyser.analyse(" ".join(f"{subject.rstrip(' ?')} {name}".split()))
    return replace(side, asked=question.asked, language=question.language, answer_type=question.answer_type)


def _side_subject(subject: str) -> str:
    """The subject without the words that frame a comparison: "action plan" (left by the
    qualifiers, which cut one-word kinds), "Stämmer … överens om X?" and "Hur skiljer sig … när det
    gäller X?", which are both about X."""
    return " ".join(AGREEING.sub(" ", KINDS.sub(" ", subject)).split())


AGREEING = re.compile(
    r"\b(?:stämmer|överens|överensstämmer|jämfört med|compared (?:to|with)|skiljer sig(?: åt)?|skiljer|skillnad(?:en|erna)?"
    r"|när det gäller|differ|difference)\b",
    re.IGNORECASE,
)
PLACE_NAMES = set(PLACES)  # a side that names one of them is a region's side
PER_SIDE = 4  # passages searched in each side's documents
DEEPER = 3  # times PER_SIDE passages searched for a side whose best ones lack the fact asked
LIST_ITEMS = 4  # items shown per side of a list comparison ("Vilka mål …"), then "och N till"
OWN_SUBJECT = 0.3  # share of the subject a unit's own words hold, for the figure or date asked for
SECOND_WITHIN = 3  # a side's units looked through for a second one about the subject
SHAPED_TOP = 6  # a side's best units looked through for the asked kind when none about the subject holds it
MIN_SUBJECT = 0.5  # share of the subject's weighted terms a side's unit must hold to count as about it


def answer(question: Question, ctx: Context) -> Answer | None:
    if question.answer_type != "comparison":
        return None
    named = sides(question, ctx)
    if ctx.searcher.scope.unknown_documents(question.asked):
        # "Hur skiljer sig Norrs och Sydösts cancerplaner …?": one of the plans compared is not
        # among the documents, so there is nothing to compare it by.
        from plansearch.answer.routes.abstain import abstention_answer

        return abstention_answer(question, ctx, "document")
    if len(named) < 2:
        return None
    english = question.language == "en"
    citations: list[Citation] = []
    lines: list[str] = []
    chosen: list[Unit] = []
    quoted: list[Citation] = []  # the citation of each side's first unit, as joined with its neighbours
    about = subject_topic(_side_subject(question.subject))
    side_question = _side_question(question, ctx)
    shared = len({tuple(docs) for _, docs in named}) == 1  # the sides compared within one publisher's documents
    listing = bool(LIST.search(question.asked)) and question.intent != "role"
    each = replace(question, answer_type=BY_INTENT[question.intent])
    scope = ctx.searcher.scope
    lacks: list[str] = []
    ranked = []
    searched: list[Callable[[list[str]], list[Unit]]] = []  # each side's units in given documents, naming it
    for side, doc_ids in named:
        own = _names_of(side, ctx)
        # What the other sides are called by the question ("Norr", "Mellansverige"), not the cues
        # of their documents: the minutes being Norr's does not make Socialstyrelsen's sentence on
        # "Norrlands universitetssjukhus" about the minutes.
        others = set().union(*(set(o.names) for o, _ in named if o is not side)) - own
        # A region held against the whole country is searched with its name: its plan says "i
        # Mellansverige" where the national report says "i Sverige".
        against_country = bool(side.names) and any(o.documents == scope.national and not o.names for o, _ in named)
        asked = _side_question(question, ctx, side.label) if shared or side.borrowed or against_country else side_question
        # The rows of a flattened table a side is read from: its own name's, or, for a side that
        # is a publisher, the region the question asks about ("befolkningen i Mellansverige
        # enligt … Socialstyrelsens analys").
        # A region's side reads no other side's region rows ("RCC Norr respektive RCC
        # Mellansverige": Mellansverige's side is not the Norr row).
        places = set(question.places) - others if set(side.names) & PLACE_NAMES else set(question.places)
        rows = set(side.names) if shared or side.borrowed else set(side.names) | places
        # A region's side is read in its own documents and in any other passage that names it
        # ("Norr: VC RCC och medicinsk chef BCC" in Socialstyrelsen's table).
        elsewhere = None if shared or side.borrowed or side.according or not side.names else _side_question(
            question, ctx, side.label)
        # Sides read from the same documents, or from others', are told apart by naming them.
        units = _ranked((asked, question), ctx, doc_ids, own, others, rows, listing, named=shared or side.borrowed,
                        anywhere=side.borrowed, elsewhere=elsewhere)
        if not listing and asked_kind(each) and (not units or side_missing(each, units[0], ctx)):
            # The side's best passages lack the figure or date asked: it may stand in a long
            # passage further down ("Omkring sextio barn drabbas årligen i Mellansverige" in a
            # background section on children's cancer care), so the side is searched deeper.
            deeper = _ranked((asked, question), ctx, doc_ids, own, others, rows, named=shared or side.borrowed,
                             anywhere=side.borrowed, elsewhere=elsewhere, per_doc=DEEPER * PER_SIDE)
            if deeper and not side_missing(each, deeper[0], ctx):
                units = deeper
        ranked.append((side, doc_ids, own, units))
        if not listing:
            searched.append(partial(_named_in, (asked, question), ctx, own=own, others=others, rows=rows))
    if not listing:
        _parallel(ranked, searched, ctx)
        if asked_kind(each) in FIGURES:
            _one_figure_for_all(ranked)
            for side, _docs, _own, units in ranked:
                while units and _group_figure(units[0], side):
                    units.pop(0)
    for side, doc_ids, own, units in ranked:
        label = side.label if shared or side.borrowed else ctx.short_name(doc_ids[0])
        said_before = next((c.n for c in quoted if units and _quoted(units[0], c)), None)
        if said_before is not None and not listing:
            if _names_side(units[0], own | set(side.names), scope):
                # One sentence speaks of both sides ("… vid Norrlands universitetssjukhus … pågår i
                # Uppsala"): it is quoted once, and this side points at it.
                label = side.label if shared or side.borrowed else ctx.short(units[0].passage)
                if not any(line.startswith(f"• {label}:") for line in lines):  # not the same document twice
                    lines.append(f"• {label}: {'the same passage as above' if english else 'samma ställe som ovan'} [{said_before}].")
                continue
            # The other side's sentence is not this side's answer: its next one, or nothing.
            units = [u for u in units if not any(_quoted(u, c) for c in quoted)]
        if not units:
            nothing = f"nothing on ”{about}”" if english else f"inget om ”{about}”"
            lines.append(f"• {label}: {nothing}.")
            continue
        label = label if shared or side.borrowed else ctx.short(units[0].passage)
        lacking = "" if listing else side_missing(each, units[0], ctx)
        if lacking:
            lacking = asked_kind(each) if lacking == "amount" else lacking
            # The side's best unit lacks what was asked (no figure for "hur mycket", another cancer
            # type, money for another purpose): the side has nothing, said plainly.
            lacks.append(lacking)
            lines.append(f"• {label}: {_nothing(lacking, about, english)}.")
            continue
        shown = units[:LIST_ITEMS] if listing else units[:1]
        first_n = len(citations) + 1
        said = []
        for unit in shown:
            n = len(citations) + 1
            citations.append(Citation(n, unit.passage, ctx.title(unit.passage), (unit.start, unit.end)))
            text = row_line(unit, question) if unit.kind == "cell" else shorten(unit.quoted, 400)
            said.append(f"{sentence_case(text)} [{n}]")
        second = None
        joined = None
        if not listing and question.intent == "general":
            # The sentence next to the side's first that goes on about the subject before another
            # one further off: "… kunnat ansluta sig till registret … Ekonomiskt bidrag från RCC
            # till de regioner som ansluter sig …".
            joined = with_neighbour(shown[0], holds_subject(ctx.searcher, question, NEIGHBOUR_SUBJECT))
            if joined is not None:
                n = len(citations)
                citations[-1] = Citation(n, joined.passage, ctx.title(joined.passage), (joined.start, joined.end))
                said[0] = f"{sentence_case(shorten(joined.quoted, 500))} [{n}]"
        if not listing and joined is None:
            second = _second(units, question)
        if second is not None:
            # "Vad säger … om X?" asks what each says: a second unit about X, cited, when the side
            # has one (a plan's goal row and its sentence on how, a sentence and the one on cost).
            n = len(citations) + 1
            citations.append(Citation(n, second.passage, ctx.title(second.passage), (second.start, second.end)))
            text = row_line(second, question) if second.kind == "cell" else shorten(second.quoted, 400)
            said[0] = f"{said[0]} {sentence_case(text)} [{n}]"
        chosen.append(shown[0])
        quoted.append(citations[first_n - 1])
        if len(shown) > 1:
            more = len(units) - len(shown)
            tail = [f"  {'and' if english else 'och'} {more} {'more' if english else 'till'}."] if more else []
            lines.append("\n".join([f"• {label}:", *(f"  – {s}" for s in said), *tail]))
        else:
            lines.append(f"• {label}: {said[0]}")
    if not chosen:
        from plansearch.answer.routes.abstain import abstention_answer

        return abstention_answer(question, ctx, lacks[0] if lacks else "")
    if not listing and len(chosen) == len(named):
        same = same_figure([u.text for u in chosen])
        if same:
            marks = "".join(f"[{c.n}]" for c in citations)
            both = ("Both give" if english else "Båda anger") if len(chosen) == 2 else ("All give" if english else "Alla anger")
            lines.insert(0, f"{both} {same} {marks}.")
    return Answer(
        question.asked, "\n".join(lines), tuple(citations), False, question.language, question.intent, "comparison",
        ctx.confidence, question.text, hits=tuple(ctx.hits),
    )


def _parallel(
    ranked: list[tuple[Side, list[str], set[str], list[Unit]]], searched: list[Callable[[list[str]], list[Unit]]],
    ctx: Context,
) -> None:
    """When a side is answered from another publisher's document that names it (Socialstyrelsen's
    table of the six RCCs for "RCC Norr"), the other sides are answered from the same document
    where it speaks of them too: the like-for-like fact, not a sentence of their own plan on
    something near it. `searched[k]` ranks side k's units in given documents, naming the side.
    Puts that unit first in each side's units, in place."""
    scope = ctx.searcher.scope
    sources = sorted({
        units[0].passage.doc_id for _side, doc_ids, own, units in ranked
        if units and units[0].passage.doc_id not in doc_ids and _names_side(units[0], own, scope)
    })
    if not sources:
        return
    for (_side, _doc_ids, _own, units), search in zip(ranked, searched, strict=True):
        if units and units[0].passage.doc_id in sources:
            continue
        there = search(sources)
        if there:
            units.insert(0, there[0])


def _named_in(
    questions: tuple[Question, ...], ctx: Context, sources: list[str], own: set[str], others: set[str], rows: set[str],
) -> list[Unit]:
    """A side's units in the `sources` documents that name it, best first (_ranked)."""
    return _ranked(questions, ctx, sources, own, others, rows, named=True)


def _names_side(unit: Unit, own: set[str], scope: Scope) -> bool:
    """Whether the unit names the side: in its words, or as the row label it opens with ("Mellan …")."""
    return bool(scope.names_in(unit.context) & own) or names_row(unit, own)


SIDE_LACKS = {  # a side's line when its best unit lacks the kind of fact asked (answer/kinds.py)
    "amount": ("no amount for", "inget belopp för"), "count": ("no number for", "inget antal för"),
    "frequency": ("nothing on how often for", "inget om hur ofta för"), "date": ("no date for", "inget datum för"),
    "clock": ("no time of day for", "inget klockslag för"),
    "decision": ("no decision on", "inget beslut om"), "person": ("no person named for", "ingen person för"),
    "contact": ("no contact details for", "inga kontaktuppgifter för"),
    "title": ("no title for", "ingen titel för"),
    "decider": ("nothing on who decided", "inget om vem som beslutade"),
}


def _second(units: list[Unit], question: Question) -> Unit | None:
    """For a comparison that asks what each side says (no date, figure or body asked), the side's
    next unit about the subject from another sentence or row, else None."""
    if question.intent != "general" or len(units) < 2:
        return None
    first = units[0]
    for unit in units[1:SECOND_WITHIN]:
        same_row = unit.passage.id == first.passage.id and (unit.kind == "cell" or first.kind == "cell")
        if not same_row and not overlaps(unit, first) and unit.text not in first.text:
            return unit
    return None


FIGURES = {"amount", "count", "frequency"}  # kinds of fact that are each side's own figure
NUMBER = re.compile(r"\d+(?:[  ]\d{3})*(?:[,.]\d+)?")


def _one_figure_for_all(ranked: list[tuple[Side, list[str], set[str], list[Unit]]]) -> None:
    """A figure asked of each side ("Hur många invånare har Jämtland Härjedalen jämfört med
    Norrbotten?") is not answered for two sides by one unit: a row that lists both with one figure
    ("Norr Norrbotten, …, Jämtland Härjedalen 900 000") gives their sum, not each side's. Such a
    unit leaves every side it was first for, in place."""
    firsts = [units[0] for _side, _docs, _own, units in ranked if units]
    shared = [u for k, u in enumerate(firsts) if any(overlaps(u, o) for o in firsts[:k] + firsts[k + 1:])
              and len(NUMBER.findall(u.text)) == 1]  # "Gävleborg 286 000, Dalarna 287 000" gives each its own
    for _side, _docs, _own, units in ranked:
        while units and any(overlaps(units[0], u) for u in shared):
            units.pop(0)


def _group_figure(unit: Unit, side: Side) -> bool:
    """Whether the unit gives one figure for a group of places the side is one of ("Sydöst Kalmar
    län, Jönköpings län och Östergötland 1 100 000" for Kalmar): the group's figure, not the
    side's. A row the side's own name opens ("Sydöst …" for Sydöst) is the side's."""
    side_places = set(side.names) & PLACE_NAMES
    named = places_in(unit.text)
    return bool(side_places & named) and len(named - side_places) >= 2 and len(NUMBER.findall(unit.text)) == 1 \
        and not names_row(unit, side_places)


def _quoted(unit: Unit, citation: Citation) -> bool:
    """Whether a unit is part of what a citation quotes (its passage and highlighted range)."""
    start, end = citation.highlight
    return unit.passage.id == citation.passage.id and unit.start < end and start < unit.end


def _nothing(lacking: str, about: str, english: bool) -> str:
    """A side's line when its best unit lacks what was asked ("inget belopp för ”X”", "inget om
    ”X”"): `lacking` is asked_kind's name for the kind, or the failed constraint's."""
    words = SIDE_LACKS.get(lacking, ("nothing on", "inget om"))[0 if english else 1]
    return f"{words} ”{about}”"


def sides(question: Question, ctx: Context) -> list[tuple[Side, list[str]]]:
    """Each region, publisher or kind of document the question names (search/sides.py), with the
    documents it is answered from, in the order the question names them (none for a question
    that is not a comparison). A publisher named with "enligt"/"according to" while two or more
    others are compared is where they are compared, not a side ("folkmängden i RCC Norrs område
    jämfört med RCC Mellansveriges enligt Socialstyrelsen"): each side is then that publisher's
    documents, searched for the side's name."""
    if question.answer_type != "comparison":
        return []
    mentioned = [
        (s, tuple(d for d in s.documents if d in ctx.index.documents))
        for s in side_mentions(question.asked, ctx.searcher.scope)
    ]
    # A side whose documents are not indexed is dropped; a region with none of its own is kept
    # and answered from every document, or from the one the comparison is made in.
    named = [replace(s, documents=docs) for s, docs in mentioned if docs or not s.documents]
    own = [s for s in named if s.documents]
    if len(own) < len(named):
        if len(own) == 1 and own[0].according:
            return [(s, list(own[0].documents)) for s in named if s is not own[0]]
        every = sorted(ctx.index.documents)
        named = [s if s.documents else replace(s, documents=tuple(every), borrowed=True) for s in named]
    within = None
    if len(named) >= 3:
        within = next(
            # A region searched in every document (borrowed) shares them all with the publisher.
            (s for s in named if s.according and s.names and not any(
                set(s.documents) & set(o.documents) for o in named if o is not s and not o.borrowed)),
            None,
        )
    if within is not None:
        return [(s, list(within.documents)) for s in named if s is not within]
    return [(s, list(s.documents)) for s in named]


def _names_of(side: Side, ctx: Context) -> set[str]:
    """The names a side goes by: its own, and the cues of its documents (a side named "the
    minutes" is Norr's as much as the side named Norr)."""
    if side.borrowed:
        return set(side.names)  # every document is searched for it: their cues are not its names
    cues = ctx.searcher.scope.cues
    return set(side.names).union(*(cues.get(d, set()) for d in side.documents))


FIGURE = re.compile(
    r"(\d+(?:[,.]\d+)?(?:\s*[–-]\s*\d+(?:[,.]\d+)?)?)\s*(%|(?:procent|miljoner kronor|miljoner kr|mkr|miljarder kronor|miljoner|kronor|kr)\b)",
    re.IGNORECASE,
)
UNIT_FORMS = {"procent": "%", "miljoner kronor": "mkr", "miljoner kr": "mkr", "miljoner": "mkr", "kronor": "kr"}


def same_figure(texts: list[str]) -> str:
    """The figure every text gives, as the first text writes it ("5–10 procent" and "5–10 %"),
    or "" when they give none in common."""
    def figures(text: str) -> dict[tuple[str, str], str]:
        found: dict[tuple[str, str], str] = {}
        for m in FIGURE.finditer(text):
            number = re.sub(r"\s", "", m.group(1)).replace("–", "-").replace(",", ".")
            unit = m.group(2).lower()
            found.setdefault((number, UNIT_FORMS.get(unit, unit)), m.group(0))
        return found

    each = [figures(t) for t in texts]
    common = set(each[0]).intersection(*each[1:]) if each else set()
    first = next((k for k in each[0] if k in common), None)
    return each[0][first] if first else ""


def _ranked(
    questions: tuple[Question, ...], ctx: Context, doc_ids: list[str], own: set[str], others: set[str],
    rows: set[str], listing: bool = False, named: bool = False, anywhere: bool = False,
    elsewhere: Question | None = None, per_doc: int = 0,
) -> list[Unit]:
    """The side's units that answer, best first: one a passage for a list, else the best units.

    The side is searched with its subject alone and with the whole question: the subject keeps the
    other sides' names out, the whole question keeps the words the subject lost with them. With
    `named`, only units that name the side count; with `anywhere` (a region without documents of
    its own) all documents are searched at once; with `elsewhere` (a region's side, searched with
    its name), other documents' units count too where they name the side."""
    question = questions[0]
    per_doc = per_doc or (2 * PER_SIDE if listing or anywhere else PER_SIDE)
    best_hit: dict[str, Hit] = {}
    for q in questions if questions[0] is not questions[1] else questions[:1]:
        for doc_id in [None] if anywhere else doc_ids:
            for h in ctx.searcher.search(q, k=per_doc, filters=Filters(doc_id=doc_id)):
                if h.passage.id not in best_hit or h.score > best_hit[h.passage.id].score:
                    best_hit[h.passage.id] = h
    if elsewhere is not None:
        for h in ctx.searcher.search(elsewhere, k=per_doc):
            if h.passage.doc_id not in doc_ids and h.passage.id not in best_hit:
                best_hit[h.passage.id] = h
    hits = sorted(best_hit.values(), key=lambda h: -h.score)[: 2 * per_doc]
    hits = [Hit(h.passage, h.score, rank, h.signals) for rank, h in enumerate(hits, 1)]
    scope = ctx.searcher.scope
    # A unit that names another side and not this one is about the other side ("Norra
    # sjukvårdsregionen har …" in Mellansverige's plan). A flattened table's header is never an
    # answer; its rows are units of their own (answer/flat_table.py), the side's own row first.
    units = [
        u for h in hits for u in units_of(h) + row_units(h)
        if not (scope.names_in(u.context) & others and not scope.names_in(u.context) & own) and not in_header(u)
        and (not named or scope.names_in(u.context) & own)
        and (u.passage.doc_id in doc_ids or anywhere or scope.names_in(u.context) & own)
    ]
    table_rows = [u for h in _with_tables(hits[:PER_SIDE], ctx) for u in row_units(h) if rows and names_row(u, rows)]
    if not units:
        return []
    scored, scores = score_units(ctx.searcher, question, units, ctx.calibration.window_gain)
    order = sorted(range(len(units)), key=lambda k: -scores[k])
    # "Hur mycket …"/"När …" on each side: a unit that holds the kind of fact asked for first,
    # checked as for a single answer (answer/kinds.py).
    intent = questions[-1].intent
    # Each side is one answer of the intent's shape (a date for "När … enligt A och enligt B?").
    each = replace(questions[-1], answer_type=BY_INTENT[intent])
    kind = asked_kind(each)

    def shaped(unit: Unit) -> bool:
        if kind:
            # In the unit's own words: a cell's row activity holding another figure ("Från 2023
            # ska 90 % …") is not the side's "5–10 procent av all cancer".
            return holds_asked_kind(each, unit, unit.text)
        # "Vem ansvarar …" on each side: a table row that names who is responsible first.
        if intent == "role":
            return unit.passage.kind == "table_row" and any(dict(unit.passage.fields).get(c) for c in RESPONSIBLE_COLUMNS)
        return True

    about = [k for k in order if scored[k][0] >= MIN_SUBJECT]
    if listing:
        # One item a passage: a table row by its goal or activity.
        seen: set[str] = set()
        items = []
        for k in about:
            if units[k].passage.id not in seen:
                seen.add(units[k].passage.id)
                items.append(_row_item(units[k]))
        return items
    if table_rows:
        return table_rows[:1]
    # The best unit that is about the subject (scored[k][0] is subject_in_context): a side's top
    # unit may be a neighbouring sentence that holds none of the subject's words while the one
    # that does ranks a little lower.
    # Among those that fit, one that holds the subject itself before one that holds it only
    # through its heading ("Den preliminära tidsplanen är … CCC-ackreditering i mitten av 2026"
    # before "Ove och Sara informerar om … vecka 15" under "Arbete för CCC-ackreditering").
    # A unit that holds the figure asked for and a good part of the subject itself counts too,
    # even when its heading does not hold the rest ("Den preliminära tidsplanen är … en
    # CCC-ackreditering i mitten av 2026" for "När väntas CCC-ackrediteringen av Nus vara klar").
    own_words = [k for k in order if kind and scored[k][1] >= OWN_SUBJECT and k not in about]
    # A column the question names ("vilken tidsram har den i …") is read from a table row that has it.
    wanted = columns_asked(question.asked)

    def lacks_column(unit: Unit) -> bool:
        return bool(wanted) and not any(dict(unit.passage.fields).get(c) for c in wanted)

    fitting = sorted(
        (k for k in about + own_words if shaped(units[k])),
        key=lambda k: (lacks_column(units[k]), scored[k][1] < OWN_SUBJECT, order.index(k)),
    )

    def going_on(keys: list[int]) -> Unit | None:
        """The first of these units joined with its next sentence, when that one goes on about it
        and holds the kind of fact asked."""
        joined = (with_next(units[k], units, lambda u: continues(u.text) and shaped(u)) for k in keys)
        return next((j for j in joined if j is not None), None)

    if not fitting and kind:
        # The figure may stand in the sentence after the one that names the subject ("…
        # satsningar på rehabilitering och palliativ vård … Det rör sig om anslag från en total
        # pott på 100 Mkr (varav cirka 21 Mkr till Mellansverige)"): the two together.
        first = going_on(about)
        if first is not None:
            return [first] + [units[k] for k in about]
    if not fitting and kind:
        # None about the subject holds the date or figure: the best-ranked unit that does, among
        # the few the ranker puts first ("Screeningen beräknas vara fullt utbyggd i hela
        # Mellansverige 2026" under "Tjock- och ändtarmscancer" for "när ska tarmcancerscreeningen
        # vara införd?"), rather than one that says nothing of what was asked.
        fitting = [k for k in order[:SHAPED_TOP] if scored[k][0] > 0 and shaped(units[k])][:1]
    if not fitting and kind:
        # Failing that, one of those few that holds the subject only in part, the same way (the
        # sentence above names "rehabilitering och palliativ vård" for "cancerrehabilitering").
        first = going_on([k for k in order[:SHAPED_TOP] if k not in about and scored[k][0] > 0])
        if first is not None:
            return [first] + [units[k] for k in about]
    if fitting or about:
        return [units[k] for k in fitting + [k for k in about if k not in fitting]]
    # A document the question names by itself may word the subject otherwise ("satsningen på
    # barncancervården" for "barncancersatsningen"): its best unit holding any of the subject counts.
    # So may another publisher's passage that names the side (Socialstyrelsen's table of who
    # decides on each RCC's money, for "vem beslutar om barncancermedlen i RCC Norr …"), and for
    # "vem" a body named in a sentence is as much an answer as a table's responsible cell.
    documents = questions[-1].documents
    loose = [k for k in order[:PER_SIDE] if scored[k][0] > 0 and (
        units[k].passage.doc_id in documents or named or units[k].passage.doc_id not in doc_ids)]
    shaped_loose = [k for k in loose if shaped(units[k]) or (
        intent == "role" and units[k].passage.kind != "table_row" and BODY.search(units[k].text))]
    return [units[k] for k in shaped_loose + [k for k in loose if k not in shaped_loose]]


TABLE_POINTER = re.compile(r"\b(?:tabell|table)\s+\d", re.IGNORECASE)


def _with_tables(hits: list[Hit], ctx: Context) -> list[Hit]:
    """The hits, each followed by the passage after it when it points at a table ("Tabell 1
    beskriver … befolkningsmängden …"): the table itself is then the next passage."""
    passages = ctx.index.passages
    out = []
    for hit in hits:
        out.append(hit)
        row = ctx.index.row_of.get(hit.passage.id)
        if row is not None and row + 1 < len(passages) and TABLE_POINTER.search(hit.passage.text):
            following = passages[row + 1]
            if following.doc_id == hit.passage.doc_id:
                out.append(Hit(following, hit.score, hit.rank, hit.signals))
    return out


def _row_item(unit: Unit) -> Unit:
    """A table row as an item of a list: its first cell (the goal or activity), whichever of its
    cells matched."""
    if unit.kind != "cell" or not unit.passage.fields or unit.column == unit.passage.fields[0][0]:
        return unit
    first = next((u for u in units_of(unit.hit) if u.column == unit.passage.fields[0][0]), None)
    return first or unit


def row_line(unit: Unit, question: Question) -> str:
    """A table cell as one line of a comparison: the cell that answers (the row's activity or goal
    when the cell only says who or when), then who is responsible and when ("Norra
    sjukvårdsregionen ska genomföra en förstudie … (ansvarig: Regionerna RCC Norr; tidsram: 2024)")."""
    passage = unit.passage
    fields = dict(passage.fields)
    english = question.language == "en"
    labels = COLUMN_LABELS_EN if english else COLUMN_LABELS
    said = unit.text if unit.column not in RESPONSIBLE_COLUMNS + TIME_COLUMNS else passage.fields[0][1]
    activity = shorten(said, 300)
    who = next((c for c in RESPONSIBLE_COLUMNS if fields.get(c, "").strip(" -")), None)
    when = next((c for c in TIME_COLUMNS if fields.get(c, "").strip(" -")), None)
    extra = [f"{labels.get(c, c.lower().rstrip('?'))}: {fields[c].strip(' -')}" for c in (who, when) if c]
    return f"{activity.rstrip('.')} ({'; '.join(extra)})" if extra else activity


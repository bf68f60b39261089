"""Where a list answer's items stand, when the best unit is not itself a bulleted list or a table
row (issue 16): a run of items inside a table cell ("Styrgrupp: - Biträdande HSD - VC
Kvinnosjukvård …"), an enumerating sentence inside a cell ("Ljusdal, Hudiksvall, … och Gävle"),
a list or an enumerating sentence a little lower in the ranking than a sentence that only names
the topic, and the sentences that continue an enumeration ("… Vad säger forskningen …? Intervju
med … och Alkohol och cancer i primärvården").

Each function looks only at the units already found for the question (no further search).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plansearch.answer.candidates import Unit, clean, units_of
from plansearch.answer.context import Context
from plansearch.models import Hit
from plansearch.search.query import Question
from plansearch.text.sentences import sentence_spans

# "A, B, C och D", "(A, B och C)", "… tre vårdprogram: ett om A, ett om B och ett om C".
ENUMERATION = re.compile(r"(?:[^,]+,){2,}[^,]+\b(?:och|samt|and)\b|\([^)]*,[^)]*\)|:\s*[^:,]+,[^,]+\b(?:och|samt)\b")
# A run of dash items in one cell: a dash with a space before it ("- Biträdande HSD - VC …"),
# not the hyphen of a compound cut short ("Barn- och familjehälsa").
DASH_ITEM = re.compile(r"(?:^|(?<=\s))-\s+")
# "Vilka mål …", "Vilka aktiviteter …": the question asks for what table rows are, so a table
# answers with its rows, not with a list inside one cell.
ROW_THINGS = re.compile(r"\b(?:mål(?:en)?|aktivitet\w*|åtgärd\w*|insatser\w*|goals?|activit\w+|actions?|targets?)\b",
                        re.IGNORECASE)
# A sentence that goes on with the same enumeration ("Därutöver ingår …", "Dessutom …").
GOES_ON = re.compile(r"^(?:därutöver|dessutom|vidare|därtill|även|utöver (?:detta|dessa|det)|också|samt|"
                     r"intervju med|in addition|also)\b", re.IGNORECASE)
# "I NAG barncancer ingår …", "Styrgruppen består av …": who belongs to a group.
MEMBERS = re.compile(r"^I (?P<group>.{3,60}?) ingår\b|^(?P<subject>.{3,60}?) består av\b")
TOP = 15  # best units looked through for a list lower in the ranking
LIST_SHARE = 0.3  # a list's summed unit scores must reach this share of the best unit's score
ENUMERATION_SHARE = 0.5  # an enumerating sentence's score must reach this share
WIDER_SHARE = 0.25  # … or this share when it holds as many of the question's words as the best unit
ENUMERATION_WITHIN = 5  # and stand among this many best units
COLON_SHARED = 2  # question words an enumeration after a colon must hold
GOES_ON_MAX = 2  # sentences added after the one that enumerates


@dataclass(frozen=True)
class Found:
    """Where the items are: `items` (one unit per item, with their lead) or `quoted` (sentences
    that enumerate them, quoted as they stand)."""

    items: tuple[Unit, ...] = ()
    lead: str = ""
    quoted: tuple[Unit, ...] = ()


def enumerates(text: str) -> bool:
    """Whether a sentence names the items itself."""
    return ENUMERATION.search(text) is not None


# "Vilka ska vara klara 2025?": what is due by a year is a table's rows too (the Swedish words are
# the register route's too, routes/register.py).
DUE_WORDS = "klar|klart|klara|färdig|färdigt|färdiga|genomförd|genomfört|genomförda|slutförd|slutfört"
DUE = re.compile(rf"\b(?:{DUE_WORDS}|done|completed|finished|due)\b", re.IGNORECASE)


def asks_rows(question: Question) -> bool:
    """Whether a list question asks for table rows: goals, activities, or what is due by a year;
    not "Vilka patienter ska gentestas från 2024?", whose answer stands inside one row."""
    return ROW_THINGS.search(question.subject or question.asked) is not None or (
        bool(question.years) and DUE.search(question.asked) is not None)


def in_cell(question: Question, ctx: Context, best: Unit) -> Found | None:
    """For a best unit that is a table cell, the run of items or the enumerating sentence of its
    row that shares most words with the question, else the first of the best cell's own (none
    when no cell of the row enumerates)."""
    terms = _terms(ctx, question.subject or question.asked)
    found: list[tuple[int, int, Found]] = []
    for cell in units_of(best.hit):
        if cell.kind != "cell":
            continue
        for order, (found_here, context) in enumerate(_segments(cell)):
            shared = len(terms & _terms(ctx, context))
            if shared or cell.column == best.column:
                # The cell that ranked best may enumerate in words the question does not use
                # ("I vilka kommuner …" for a run of town names): its first enumeration counts.
                found.append((shared, -order, found_here))
    if not found:
        return None
    return max(found, key=lambda f: (f[0], f[1]))[2]


def _segments(cell: Unit) -> list[tuple[Found, str]]:
    """The enumerations of one cell, each with the words that say what it lists: a dash run with
    the label before it, an enumerating sentence with the sentence before it."""
    passage = cell.passage
    text = passage.text
    out: list[tuple[Found, str]] = []
    spans = sentence_spans(text, cell.start, cell.end)
    previous = ""
    for s, e in spans:
        sentence = text[s:e]
        dashes = list(DASH_ITEM.finditer(sentence))
        if len(dashes) >= 2:
            before = clean(sentence[:dashes[0].start()]).rstrip()
            # "Kvinnosjukvården ägare Styrgrupp: - …": the word before the colon names the run.
            label = before.rstrip(":").split()[-1] if before.endswith(":") and before.rstrip(":").split() else before
            items = []
            for k, dash in enumerate(dashes):
                start = s + dash.end()
                end = s + (dashes[k + 1].start() if k + 1 < len(dashes) else len(sentence))
                item = clean(text[start:end]).strip(" -")
                if item:
                    items.append(Unit(cell.hit, start, end, item, "item", k, lead=label))
            if len(items) >= 2:
                out.append((Found(items=tuple(items), lead=label), f"{label} {cell.column}"))
        elif ENUMERATION.search(sentence):
            unit = Unit(cell.hit, s, e, clean(sentence), "sentence", 0, cell.column, cell.lead)
            out.append((Found(quoted=(unit,)), f"{previous} {sentence}"))
        previous = sentence
    return out


# "I Sverige finns fem ackrediterade CCC: Karolinska CCC, …, Linköping CCC och Uppsala CCC": a
# lead and a colon before the items, the surest sign a sentence is the list asked for.
COLON_ENUMERATION = re.compile(r":\s*[^:,]+,[^,]+(?:,[^,]+)*\b(?:och|samt|and)\b")


def _from_named(ctx: Context, unit: Unit) -> bool:
    """Whether the unit comes from a document the question names (True when it names none)."""
    question = ctx.question
    if not question.documents or not ctx.searcher.scope.names_document(question.asked):
        return True
    return unit.passage.doc_id in question.documents


def colon_list(ctx: Context) -> Found | None:
    """An enumeration after a colon among the best units that holds COLON_SHARED of the question's
    words (or as many as the best unit holds, when that is fewer): it wins over a best sentence
    that enumerates only in passing ("… genom multiprofessionellt arbete, sammanhängande
    vårdprocesser, … och …")."""
    ranked = ctx.units[:ENUMERATION_WITHIN]
    if not ranked or COLON_ENUMERATION.search(ranked[0][1].text):
        return None
    asked = _terms(ctx, ctx.question.subject or ctx.question.asked)
    covered = len(asked & _terms(ctx, ranked[0][1].context))
    for _, unit in [r for r in ranked[1:] if _from_named(ctx, r[1])]:
        # Two of the question's words are enough: the items' own names ("CCC") may stand for
        # the question's long form ("Comprehensive Cancer Centres").
        if unit.kind == "sentence" and COLON_ENUMERATION.search(unit.text) and len(
                asked & _terms(ctx, unit.text)) >= min(COLON_SHARED, covered):
            return Found(quoted=(unit,))
    return None


def lower_in_ranking(ctx: Context) -> Found | None:
    """A bulleted list whose items (and lead) rank among the best units, or an enumerating
    sentence just behind a best sentence that does not enumerate."""
    ranked = ctx.units[:TOP]
    if not ranked or ranked[0][0] <= 0:
        return None
    best_score = ranked[0][0]
    # A question that names its documents ("enligt Socialstyrelsen") is answered from their lists,
    # not from another document's list that ranks near.
    ranked = [(score, unit) for score, unit in ranked if _from_named(ctx, unit)]
    lists: dict[tuple[str, str], float] = {}
    seeds: dict[tuple[str, str], Unit] = {}
    for score, unit in ranked:
        if unit.kind == "item" or (unit.kind == "sentence" and unit.text.rstrip().endswith(":")):
            key = (unit.passage.id, unit.lead if unit.kind == "item" else clean(unit.text))
            lists[key] = lists.get(key, 0.0) + score
            seeds.setdefault(key, unit)
    # A list counts when its lead says what the question asks for ("Strategin har fem
    # övergripande mål:" for "Vilka övergripande mål …?"), not a list that only ranks near it.
    asked = _terms(ctx, ctx.question.subject or ctx.question.asked)
    lists = {k: v for k, v in lists.items() if asked & _terms(ctx, k[1])}
    if lists:
        key = max(lists, key=lambda k: lists[k])
        if lists[key] >= LIST_SHARE * best_score:
            seed = seeds[key]
            return Found(items=(seed,), lead=key[1])  # the caller gathers the rest of the list
    covered = len(asked & _terms(ctx, ranked[0][1].context))
    for score, unit in ranked[1:ENUMERATION_WITHIN]:
        if unit.kind != "sentence" or not ENUMERATION.search(unit.text) or unit.text.rstrip().endswith(":"):
            continue
        # Nearly as good, or further behind but holding as many of the question's words as the
        # best sentence ("Även munhålecancer, … är tumörer som ofta orsakas av HPV infektion").
        wider = len(asked & _terms(ctx, unit.text)) >= covered
        if score >= ENUMERATION_SHARE * best_score or (wider and score >= WIDER_SHARE * best_score):
            return Found(quoted=(unit,))
    return None


def goes_on(ctx: Context, unit: Unit) -> tuple[Unit, ...]:
    """The sentence and those after it in its passage that continue the enumeration: after a
    title that ends in "?" ("Vad säger forskningen …?") or one that opens with "Därutöver",
    "Dessutom" …; and, for "I X ingår …", the other sentences found that say who else is in X."""
    out = [unit]
    if unit.kind != "sentence" or unit.column:
        return tuple(out)
    after = [u for u in units_of(unit.hit) if u.kind == "sentence" and u.start >= unit.end]
    last = unit
    for nxt in after[:GOES_ON_MAX]:
        if last.text.rstrip().endswith(("?", ":")) or GOES_ON.match(nxt.text):
            out.append(nxt)
            last = nxt
        else:
            break
    member = MEMBERS.match(unit.text)
    name = (member.group("group") or member.group("subject")) if member else ""
    if name:
        # The group's other member sentences, among the units found or, failing them, in its
        # document ("I NAG barncancer ingår en patientföreträdare …" pages after the first).
        found = [u for _, u in ctx.units[:TOP]]
        # Read, not searched: the phrase is exact, and a search ranks it among many "ingår".
        phrase = re.compile(rf"(?:^|[.\n]\s*)(?:I {re.escape(name)} ingår|{re.escape(name)} består av)\b")
        named = [Hit(p, 0.0, 0) for p in ctx.index.passages if p.doc_id == unit.passage.doc_id and phrase.search(p.text)]
        for other in found + [u for h in named for u in units_of(h)]:
            same = MEMBERS.match(other.text)
            if same and (same.group("group") or same.group("subject")) == name and other.text != unit.text \
                    and all(other.text != u.text for u in out):
                out.append(other)
    return tuple(out)


def _terms(ctx: Context, text: str) -> set[str]:
    return set(ctx.index.lexical.analyzer.terms(text))

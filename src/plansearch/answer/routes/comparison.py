"""Route: two or more documents or regions side by side ("Hur skiljer sig Norrs och
Mellansveriges planer när det gäller prehabilitering?").

Each side the question names gets a search of its own documents and one line: its best unit, or
plainly that it has nothing on the topic. Nothing is dropped silently; when no side has anything,
the abstention route's words are used.
"""

from __future__ import annotations

import re
from dataclasses import replace

from plansearch.answer.candidates import Unit, units_of
from plansearch.answer.context import Context
from plansearch.answer.phrasing import COLUMN_LABELS, COLUMN_LABELS_EN, sentence_case, subject_topic
from plansearch.answer.ranking import score_units
from plansearch.answer.records import Answer, Citation
from plansearch.models import Hit
from plansearch.search.filters import Filters
from plansearch.search.intent import AMOUNT, DATE
from plansearch.search.query import Question
from plansearch.search.scope import KIND_WORDS, Scope
from plansearch.text.sentences import shorten
from plansearch.text.swedish import RESPONSIBLE_COLUMNS, TIME_COLUMNS

PER_SIDE = 4  # passages searched in each side's documents
MIN_SUBJECT = 0.5  # share of the subject's weighted terms a side's unit must hold to count as about it


def answer(question: Question, ctx: Context) -> Answer | None:
    if question.answer_type != "comparison":
        return None
    named = sides(question, ctx)
    if len(named) < 2:
        return None
    english = question.language == "en"
    citations: list[Citation] = []
    lines = []
    found = 0
    about = subject_topic(question.subject)
    side_question = _side_question(question, ctx)
    shared = len({tuple(docs) for _, docs in named}) == 1  # the sides compared within one publisher's documents
    for name, doc_ids in named:
        others = {other for other, _ in named if other != name}
        asked = _side_question(question, ctx, name) if shared else side_question
        unit = _best((asked, question), ctx, doc_ids, name, others)
        label = ctx.short_name(doc_ids[0]) if not shared else name.title()
        if unit is None:
            nothing = f"nothing on ”{about}”" if english else f"inget om ”{about}”"
            lines.append(f"• {label}: {nothing}.")
            continue
        found += 1
        n = len(citations) + 1
        citations.append(Citation(n, unit.passage, ctx.title(unit.passage), (unit.start, unit.end)))
        said = row_line(unit, question) if unit.kind == "cell" else shorten(unit.quoted, 400)
        lines.append(f"• {label if shared else ctx.short(unit.passage)}: {sentence_case(said)} [{n}]")
    if not found:
        from plansearch.answer.routes.abstain import abstention_answer

        return abstention_answer(question, ctx)
    return Answer(
        question.asked, "\n".join(lines), tuple(citations), False, question.language, question.intent, "comparison",
        ctx.confidence, question.text, hits=tuple(ctx.hits),
    )


def sides(question: Question, ctx: Context) -> list[tuple[str, list[str]]]:
    """Each named region or publisher with its documents, in the order the question names them
    (none for a question that is not a comparison). A publisher named with "enligt"/"according
    to" while two or more others are compared is where they are compared, not a side ("folkmängden
    i RCC Norrs område jämfört med RCC Mellansveriges enligt Socialstyrelsen"): each side is then
    that publisher's documents, searched for the side's name."""
    if question.answer_type != "comparison":
        return []
    scope = ctx.searcher.scope
    asked = question.asked
    names = sorted(scope.names_in(asked), key=lambda n: (_position(asked, n), -len(n)))  # "mellansverige" before its stem
    within = _according_to(asked, names, scope) if len(names) >= 3 else None
    sides: list[tuple[str, list[str]]] = []
    own: list[set[str]] = []  # each side's own documents: two names of one region are one side
    for name in names:
        if name == within:
            continue
        mine = {d for d in _documents_of(name, scope) if d in ctx.index.documents}
        docs = [d for d in _documents_of(within, scope) if d in ctx.index.documents] if within else sorted(mine)
        if docs and (within or mine) and mine not in own:
            sides.append((name, docs))
            own.append(mine)
    return sides


def _documents_of(name: str, scope: Scope) -> list[str]:
    return sorted(d for d, cues in scope.cues.items() if name in cues) or sorted(scope.documents_in(name))


def _according_to(asked: str, names: list[str], scope: Scope) -> str | None:
    """The name that "enligt …"/"according to …" introduces, when it names a publisher whose
    documents are not about one of the other names' regions."""
    from plansearch.text.normalise import fold

    text = fold(asked.lower())
    for name in names:
        if re.search(rf"\b(?:enligt|according to)\s+(?:\w+\s+){{0,2}}{re.escape(name[:5])}", text):
            others = [_documents_of(other, scope) for other in names if other != name]
            if not any(set(_documents_of(name, scope)) & set(docs) for docs in others):
                return name
    return None

KINDS = re.compile(
    r"\b(?:" + "|".join(sorted({re.escape(w) for words in KIND_WORDS.values() for w in words}, key=len, reverse=True))
    + r")s?\b",
    re.IGNORECASE,
)


def _side_question(question: Question, ctx: Context, name: str = "") -> Question:
    """The question each side is searched with: its subject alone, since the other sides' names
    would pull their documents' words into every side's ranking (with the side's `name` when the
    sides share their documents)."""
    if not question.subject or (question.subject == question.text and not name):
        return question
    subject = KINDS.sub(" ", question.subject)  # "action plan" is left by the qualifiers, which cut one-word kinds
    side = ctx.searcher.analyser.analyse(" ".join(f"{subject.rstrip(' ?')} {name}".split()))
    return replace(side, asked=question.asked, language=question.language, answer_type=question.answer_type)


def _position(text: str, name: str) -> int:
    from plansearch.text.normalise import fold

    found = fold(text.lower()).find(name[:5])
    return found if found >= 0 else len(text)


def _best(questions: tuple[Question, ...], ctx: Context, doc_ids: list[str], name: str, others: set[str]) -> Unit | None:
    """The best unit of the side's documents, if it is about the question's subject.

    The side is searched with its subject alone and with the whole question: the subject keeps the
    other sides' names out, the whole question keeps the words the subject lost with them."""
    question = questions[0]
    best_hit: dict[str, Hit] = {}
    for q in questions if questions[0] is not questions[1] else questions[:1]:
        for doc_id in doc_ids:
            for h in ctx.searcher.search(q, k=PER_SIDE, filters=Filters(doc_id=doc_id)):
                if h.passage.id not in best_hit or h.score > best_hit[h.passage.id].score:
                    best_hit[h.passage.id] = h
    hits = sorted(best_hit.values(), key=lambda h: -h.score)[: 2 * PER_SIDE]
    hits = [Hit(h.passage, h.score, rank, h.signals) for rank, h in enumerate(hits, 1)]
    scope = ctx.searcher.scope
    # A unit that names another side and not this one is about the other side ("Norra
    # sjukvårdsregionen har …" in Mellansverige's plan).
    units = [
        u for h in hits for u in units_of(h)
        if not (scope.names_in(u.context) & others and name not in scope.names_in(u.context))
    ]
    if not units:
        return None
    rows, scores = score_units(ctx.searcher, question, units, ctx.calibration.window_gain)
    # The best unit that is about the subject (rows[k][0] is subject_in_context): a side's top unit
    # may be a neighbouring sentence that holds none of the subject's words while the one that
    # does ranks a little lower.
    order = sorted(range(len(units)), key=lambda k: -scores[k])
    # "Hur stor …"/"När …" on each side: a unit that holds an amount or a date first.
    intent = questions[-1].intent
    shape = {"amount": AMOUNT, "date": DATE}.get(intent)

    def shaped(unit: Unit) -> bool:
        # "Vem ansvarar …" on each side: a table row that names who is responsible first.
        if intent == "role":
            return unit.passage.kind == "table_row" and any(dict(unit.passage.fields).get(c) for c in RESPONSIBLE_COLUMNS)
        return shape is None or bool(shape.search(unit.text))

    for k in order:
        if rows[k][0] >= MIN_SUBJECT and shaped(units[k]):
            return units[k]
    for k in order:
        if rows[k][0] >= MIN_SUBJECT:
            return units[k]
    # A document the question names by itself may word the subject otherwise ("satsningen på
    # barncancervården" for "barncancersatsningen"): its best unit holding any of the subject counts.
    named = questions[-1].documents
    loose = [k for k in order[:PER_SIDE] if rows[k][0] > 0 and units[k].passage.doc_id in named]
    fitting = [k for k in loose if shaped(units[k])]
    return units[(fitting or loose)[0]] if loose else None


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


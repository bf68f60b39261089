"""Route: two or more documents or regions side by side ("Hur skiljer sig Norrs och
Mellansveriges planer när det gäller prehabilitering?").

Each side the question names gets a search of its own documents and one line: its best unit, or
plainly that it has nothing on the topic. Nothing is dropped silently; when no side has anything,
the abstention route's words are used.
"""

from __future__ import annotations

from plansearch.answer.candidates import Unit, units_of
from plansearch.answer.context import Context
from plansearch.answer.phrasing import sentence_case, topic
from plansearch.answer.ranking import features, hand_scores, load_ranker
from plansearch.answer.records import Answer, Citation
from plansearch.models import Hit
from plansearch.search.filters import Filters
from plansearch.search.query import Question
from plansearch.text.sentences import shorten

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
    for _name, doc_ids in named:
        unit = _best(question, ctx, doc_ids)
        label = ctx.short_name(doc_ids[0])
        if unit is None:
            nothing = f"nothing on {topic(question.subject)}" if english else f"inget om {topic(question.subject)}"
            lines.append(f"• {label}: {nothing}.")
            continue
        found += 1
        n = len(citations) + 1
        citations.append(Citation(n, unit.passage, ctx.title(unit.passage), (unit.start, unit.end)))
        lines.append(f"• {ctx.short(unit.passage)}: {sentence_case(shorten(unit.quoted, 400))} [{n}]")
    if not found:
        from plansearch.answer.routes.abstain import abstention_answer

        return abstention_answer(question, ctx)
    return Answer(
        question.asked, "\n".join(lines), tuple(citations), False, question.language, question.intent, "comparison",
        ctx.confidence, question.text, hits=tuple(ctx.hits),
    )


def sides(question: Question, ctx: Context) -> list[tuple[str, list[str]]]:
    """Each named region or publisher with its documents, in the order the question names them
    (none for a question that is not a comparison)."""
    if question.answer_type != "comparison":
        return []
    scope = ctx.searcher.scope
    asked = question.asked
    sides: list[tuple[str, list[str]]] = []
    for name in sorted(scope.names_in(asked), key=lambda n: _position(asked, n)):
        docs = sorted(d for d, cues in scope.cues.items() if name in cues) or sorted(scope.documents_in(name))
        docs = [d for d in docs if d in ctx.index.documents]
        if docs and all(set(docs) != set(other) for _, other in sides):
            sides.append((name, docs))
    return sides


def _position(text: str, name: str) -> int:
    from plansearch.text.normalise import fold

    found = fold(text.lower()).find(name[:5])
    return found if found >= 0 else len(text)


def _best(question: Question, ctx: Context, doc_ids: list[str]) -> Unit | None:
    """The best unit of the side's documents, if it is about the question's subject."""
    hits: list[Hit] = []
    for doc_id in doc_ids:
        hits += ctx.searcher.search(question, k=PER_SIDE, filters=Filters(doc_id=doc_id))
    hits = sorted(hits, key=lambda h: -h.score)[:PER_SIDE]
    hits = [Hit(h.passage, h.score, rank, h.signals) for rank, h in enumerate(hits, 1)]
    units = [u for h in hits for u in units_of(h)]
    if not units:
        return None
    rows = features(ctx.searcher, question, units, ctx.calibration.window_gain)
    ranker = load_ranker()
    scores = ranker.scores(rows) if ranker is not None else hand_scores(rows, units)
    best = units[int(scores.argmax())]
    subject = rows[int(scores.argmax())][0]  # subject_in_context
    return best if subject >= MIN_SUBJECT or best.passage.doc_id in question.documents and subject > 0 else None


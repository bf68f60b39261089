"""Adjustments after fusion, as plain functions over {passage row: fused score}, and the final
ranking that collapses near-duplicate passages into one hit."""

from __future__ import annotations

import numpy as np

from plansearch.knowledge.glossary import Glossary
from plansearch.models import GlossaryEntry, Hit, Passage
from plansearch.search.intent import ANSWER_SHAPES, Intent
from plansearch.search.query import Question
from plansearch.search.scope import CUE_ANALYZER, Scope
from plansearch.store.index import Index

Scores = dict[int, float]


def lift_by_neighbours(fused: Scores, passages: list[Passage], weight: float) -> Scores:
    """A passage next to a better-scoring one in the same document moves `weight` of the way
    towards it: a section's question words often sit in the passage before its answer."""
    lifted = dict(fused)
    for row, score in fused.items():
        doc_id = passages[row].doc_id
        near = [fused[r] for r in (row - 1, row + 1) if r in fused and passages[r].doc_id == doc_id]
        if near and max(near) > score:
            lifted[row] = score + weight * (max(near) - score)
    return lifted


def boost_documents(fused: Scores, passages: list[Passage], named: frozenset[str], boost: float) -> None:
    """Passages of the documents a question names ("i Gävleborg") gain `boost`, in place."""
    for row in fused:
        if passages[row].doc_id in named:
            fused[row] += boost


def boost_answer_type(fused: Scores, passages: list[Passage], intent: Intent, boost: float) -> None:
    """ "Vem …?" favours table rows with a responsible body; "När …?" dates; "Hur mycket …?"
    amounts: passages of the asked shape gain `boost`, in place."""
    shape = ANSWER_SHAPES.get(intent)
    if shape is None:
        return
    for row in fused:
        if shape(passages[row]):
            fused[row] += boost


def boost_glossary(
    fused: Scores,
    index: Index,
    glossary: Glossary,
    scope: Scope,
    question: Question,
    allowed: np.ndarray | None,
    boost: float,
) -> None:
    """An abbreviation or definition question goes first to the glossary entry it names: the entry
    gets the best score plus `boost`, in place. `allowed` is the filter mask or None."""
    if question.intent not in ("abbreviation", "definition"):
        return
    text = question.repaired
    entries = glossary.abbreviations_in(text) + glossary.long_forms_in(text)
    if question.intent == "definition":
        entries += glossary.definitions_in(text)
        # "Vad är IPÖ?" asks about IPÖ; "What is the vision of RCC Norr?" asks about a vision.
        entries = [e for e in entries if asks_only_about(text, e, scope)]
    top = max(fused.values(), default=0.0)
    for entry in entries:
        row = index.row_of.get(entry.passage_id)
        if row is None or (allowed is not None and not allowed[row]):
            continue
        if index.passages[row].kind == "glossary":
            fused[row] = max(fused.get(row, 0.0), top) + boost


def asks_only_about(question: str, entry: GlossaryEntry, scope: Scope) -> bool:
    """True when every topic word of the question belongs to the entry or names a document."""
    asked = set(CUE_ANALYZER.terms(question))
    named = set(CUE_ANALYZER.terms(f"{entry.term} {entry.meaning}"))
    return not asked - named - scope.cue_terms


def ranked_hits(
    passages: list[Passage], lists: dict[str, Scores], fused: Scores, k: int, dedupe: bool = True
) -> list[Hit]:
    """The k best rows as hits, each with every retriever's rank and score; with `dedupe`, a passage
    whose text nearly repeats a better one (the same text in two documents) is folded into it and
    listed in its `also_in` signal."""
    ranks = {name: {row: r for r, row in enumerate(sorted(s, key=lambda x: -s[x]), 1)} for name, s in lists.items()}
    ordered = sorted(fused, key=lambda row: -fused[row])
    hits: list[Hit] = []
    kept: list[tuple[set[str], Hit]] = []
    for row in ordered:
        passage = passages[row]
        shingles = _shingles(passage.text) if dedupe else set()
        if dedupe:
            twin = next((h for s, h in kept if _similar(s, shingles)), None)
            if twin is not None:
                twin.signals.setdefault("also_in", {})[passage.id] = round(fused[row], 4)
                continue
        signals = {
            name: {"rank": ranks[name][row], "score": round(lists[name][row], 4)} for name in lists if row in lists[name]
        }
        hit = Hit(passage, float(fused[row]), len(hits) + 1, signals)
        if dedupe:
            kept.append((shingles, hit))
        hits.append(hit)
        if len(hits) >= k:
            break
    return hits


def _shingles(text: str, size: int = 4) -> set[str]:
    words = text.lower().split()
    return {" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}


def _similar(a: set[str], b: set[str]) -> bool:
    """Near-duplicates: most of the shorter passage's word 4-grams occur in the other."""
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= 0.8 and min(len(a), len(b)) / max(len(a), len(b)) >= 0.5

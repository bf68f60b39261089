"""Derive the glossary, the roles and the corpus's common words from an index's passages, once,
at ingest; they are then kept with the index."""

from __future__ import annotations

from collections import Counter

from plansearch.knowledge.activities import extract_activities
from plansearch.knowledge.decisions import extract_decisions
from plansearch.knowledge.glossary import extract_glossary, parallel_abbreviations
from plansearch.knowledge.roles import extract_roles
from plansearch.store.index import Index


def derive(index: Index) -> Index:
    """Fill in whatever of the glossary, roles, activity register, decision log and common words the index lacks; returns it."""
    if index.glossary_entries is None:
        entries = extract_glossary(index.passages)
        known = {e.term for e in entries}
        entries += parallel_abbreviations(index.passages, index.lexical, known)
        index.glossary_entries = sorted(entries, key=lambda e: (e.term.lower(), e.kind, e.doc_id))
    if index.role_list is None:
        minutes = {d for d, doc in index.documents.items() if doc.meta.kind == "minnesanteckningar"}
        index.role_list = extract_roles(index.passages, minutes)
    if index.activity_list is None:
        metas = {d: doc.meta for d, doc in index.documents.items()}
        index.activity_list = extract_activities(index.passages, metas, index.role_list)
    if index.decision_list is None:
        index.decision_list = extract_decisions(list(index.documents.values()), index.passages)
    if index.common_words is None:
        index.common_words = common_words(index)
    return index


def common_words(index: Index) -> set[str]:
    """Words, upper-cased, in more than 3 % of the passages: an abbreviation this common (RCC,
    SVF) is not expanded with its long form. Counted at ingest and kept with the index; counting at
    start-up took 11 s on 190,000 passages."""
    counts: Counter[str] = Counter()
    for p in index.passages:
        counts.update({token.strip(".,:;()") for token in p.text.upper().split()})
    limit = 0.03 * len(index.passages)
    return {t for t, n in counts.items() if n > limit}

"""Filters and outputs of the decision log: by meeting or body, document and free text; counts per
meeting; CSV under Swedish column names and JSON rows. The decisions keep document order."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from plansearch.knowledge.decisions import Decision
from plansearch.knowledge.register import csv_text
from plansearch.text.normalise import fold

CSV_COLUMNS = ("Beslut", "Inledning", "Beslutande", "Möte", "Datum", "Punkt", "Dokument", "Avsnitt-id")


@dataclass(frozen=True)
class DecisionFilter:
    """What to keep; "" means no filter. `meeting` matches the meeting (body and date), the body
    that decided or the date, any part, folded ("rpo cancer", "2025-02"); `document` a doc_id or
    part of a title; `text` words that must all occur in the decision, its lead or agenda item."""

    meeting: str = ""
    document: str = ""
    text: str = ""


def filter_decisions(decisions: list[Decision], f: DecisionFilter) -> list[Decision]:
    """The decisions that pass every filter, in the order they were read."""
    return [d for d in decisions if _matches(d, f)]


def _matches(d: Decision, f: DecisionFilter) -> bool:
    if f.meeting and not _contains(f.meeting, d.meeting, d.body, d.date):
        return False
    if f.document and f.document != d.doc_id and not _contains(f.document, d.document):
        return False
    if f.text:
        haystack = _fold(" ".join((d.text, d.lead, d.item)))
        return all(_fold(word) in haystack for word in f.text.split())
    return True


def _fold(text: str) -> str:
    return fold(" ".join(text.split()).lower())


def _contains(needle: str, *values: str) -> bool:
    n = _fold(needle)
    return any(n in _fold(v) for v in values)


def counts(decisions: list[Decision], f: DecisionFilter) -> dict[str, dict[str, int]]:
    """How many decisions each meeting and each deciding body would give, the other filters kept:
    {"meeting": {"RPO Cancer, norra sjukvårdsregionen 2025-02-04": 4}, "body": {"RPO Cancer": 2, …}}."""
    kept = [d for d in decisions if _matches(d, DecisionFilter("", f.document, f.text))]
    meetings = Counter(d.meeting for d in kept)
    bodies = Counter(d.body for d in kept)
    return {"meeting": dict(meetings.most_common()), "body": dict(bodies.most_common())}


def csv_row(d: Decision) -> dict[str, str]:
    """One decision under the CSV's Swedish column names."""
    return dict(zip(CSV_COLUMNS, (d.text, d.lead, d.body, d.meeting, d.date, d.item, d.document, d.passage_id), strict=True))


def to_csv(decisions: list[Decision]) -> str:
    """The decisions as CSV text (comma-separated, a header row, quoted where needed)."""
    return csv_text(CSV_COLUMNS, (csv_row(d) for d in decisions))


def json_row(d: Decision) -> dict[str, Any]:
    """A decision as JSON, with the link to its passage in the document page."""
    return d.to_dict() | {"link": passage_link(d.doc_id, d.passage_id)}


def passage_link(doc_id: str, passage_id: str) -> str:
    """The document page opened at the passage: "/dokument/<id>?p=<passage>#hit"."""
    from urllib.parse import quote

    return f"/dokument/{doc_id}?p={quote(passage_id, safe='')}#hit" if passage_id else f"/dokument/{doc_id}"

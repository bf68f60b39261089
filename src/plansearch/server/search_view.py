"""The search page's results: how strong each hit is, and the query's words marked in it.

Which hits are strong. The searcher ranks every query's 20 best passages, relevant or not, and its
fused score only orders them: it is scaled within each query's candidate lists, so 0.9 means
different things for different queries. What does mean the same for every query is the bar the
chat uses to decide whether a passage is close enough to answer from (answer/confidence.py):
the passage holds 60 % of the query's IDF-weighted terms (the BM25 vocabulary's weights), or the
model's cosine between query and passage (the hit's dense signal: its score, raised towards its
best sentence window) reaches the threshold calibrated for the model (store/calibration.py: 0.865
for Swedish, 0.875 for English, which reads the Swedish text only by meaning). Those thresholds
were chosen on evaluation/qa.jsonl against 60 questions the documents do not answer
(evaluation/report.md, "Answers"), so a strong hit here is one the chat would answer from.

On the shipped corpus, "teledermatoskopi" has six strong hits, exactly the passages that contain
the word or a compound of it; the next hits reach a cosine of 0.857 at most. A query about
something the documents do not cover ("parkering") has none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from plansearch.answer.confidence import confidence, coverage
from plansearch.models import Hit, Passage
from plansearch.search.query import Question
from plansearch.server.terms import Pieces, TermMarker
from plansearch.service import Snapshot

STRONG = 1.0  # the chat answers from a passage whose confidence reaches 1 (answer/routes/abstain.py)


@dataclass(frozen=True)
class Result:
    """One hit as the search page shows it."""

    record: dict[str, Any]  # the API's record of the hit (search/records.py)
    strong: bool
    strength: str  # what the strength means, in Swedish
    pieces: Pieces  # the passage text with the query's words marked
    fields: list[tuple[str, Pieces]] = field(default_factory=list)  # a table row's cells, marked likewise


def strength(snapshot: Snapshot, question: Question, hit: Hit) -> tuple[bool, str]:
    """(strong, why) for one hit, by the chat's own bar for answering from a passage."""
    engine = snapshot.engine
    value = confidence(snapshot.searcher, question, hit, engine.settings, engine.calibration)
    if value < STRONG:
        return False, "Svag träff"
    by_words = question.language != "en" and coverage(snapshot.index, question, hit.passage.text) >= engine.settings.min_coverage
    return True, "Stark träff – innehåller sökorden" if by_words else "Stark träff – nära frågan i betydelse"


def results(snapshot: Snapshot, question: Question, hits: list[Hit], records: list[dict[str, Any]]) -> list[Result]:
    """The hits with their strength and the query's words marked."""
    marker = TermMarker(snapshot.index.lexical.analyzer, question.repaired)
    shown = []
    for hit, record in zip(hits, records, strict=True):
        strong, why = strength(snapshot, question, hit)
        cells = row_cells(hit.passage)
        shown.append(
            Result(record, strong, why, marker.pieces(hit.passage.text), [(name, marker.pieces(value)) for name, value in cells])
        )
    return shown


def row_cells(passage: Passage) -> list[tuple[str, str]]:
    """A table row's non-empty cells (column, value); [] for other passages."""
    if passage.kind != "table_row":
        return []
    return [(name, value) for name, value in passage.fields if value.strip()]

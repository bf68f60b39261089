"""What the answer stage produces: an answer with numbered citations, and its one JSON shape
(`plansearch ask --json` and /api/ask)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from plansearch.models import Hit, Passage
from plansearch.search.intent import Intent
from plansearch.text.language import Language

Route = Literal["glossary", "roles", "register", "table", "list", "comparison", "text", "none", "llm"]  # "none": abstained


@dataclass(frozen=True)
class Citation:
    """A numbered passage behind an answer, with the part of it that answers."""

    n: int
    passage: Passage
    title: str  # the document's title
    highlight: tuple[int, int]  # character range of the answering part within passage.text


@dataclass(frozen=True)
class Answer:
    """A short answer whose every claim ends with the number of its citation."""

    question: str
    text: str
    citations: tuple[Citation, ...]
    abstained: bool
    language: Language
    intent: Intent
    route: Route
    confidence: float = 0.0  # > 1 when the best passage is close enough to answer from
    query: str = ""  # what was searched (a follow-up carries the previous question)
    note: str = ""
    hits: tuple[Hit, ...] = field(default_factory=tuple)
    link: str = ""  # a register page filtered to the whole list ("/aktiviteter?region=…"), or ""


@dataclass(frozen=True)
class AnswerSettings:
    """Thresholds of the extractive engine that do not depend on the model (chosen on the QA sets;
    the model-dependent cosines are in store/calibration.py)."""

    # Share of the question's IDF-weighted terms the best passage must hold, when the cosine does
    # not reach the calibrated threshold (evaluation/report.md, "Answers").
    min_coverage: float = 0.60
    candidates: int = 6
    row_ratio: float = 0.75  # a table row answers "vem …?" when it scores this share of the best hit
    second_ratio: float = 0.8  # a later passage's sentence joins when it covers this share of the first's
    # Whether the learned answerability score decides (data/answerability.json); without it, the
    # rule before it: the best passage holds min_coverage of the words or reaches the cosine.
    answerability: bool = True


@dataclass(frozen=True)
class CitationRecord:
    """A citation as JSON gives it."""

    n: int
    passage_id: str
    doc_id: str
    title: str
    section: str
    page: int | None
    kind: str
    text: str
    highlight: tuple[int, int]  # character range of the answering part within `text`
    # A table row's cells as (column, value) pairs, in order; `text` renders them "column: value | …".
    fields: tuple[tuple[str, str], ...] = ()
    page_end: int | None = None  # the passage's last page (= page when it is on one)
    answer_page: int | None = None  # the page the highlighted answering part stands on


@dataclass(frozen=True)
class AnswerRecord:
    """An answer as JSON gives it: the response of /api/ask and of `plansearch ask --json`."""

    answer: str
    citations: list[CitationRecord]
    abstained: bool
    language: Language
    route: Route
    note: str = ""
    index_version: str = ""
    link: str = ""  # the filtered register page with the whole list, for a register answer


def answer_record(
    answer: Answer, index_version: str = "", pages: Callable[[Citation], int | None] | None = None
) -> AnswerRecord:
    """The one JSON shape of an answer; `pages` gives each citation's answering page (the
    passage's first page without it)."""
    return AnswerRecord(
        answer=answer.text,
        citations=[
            CitationRecord(
                c.n, c.passage.id, c.passage.doc_id, c.title, c.passage.section, c.passage.page, c.passage.kind,
                c.passage.text, c.highlight, c.passage.fields if c.passage.kind == "table_row" else (),
                c.passage.page_end if c.passage.page_end is not None else c.passage.page,
                pages(c) if pages else c.passage.page,
            )
            for c in answer.citations
        ],
        abstained=answer.abstained,
        language=answer.language,
        route=answer.route,
        note=answer.note,
        index_version=index_version,
        link=answer.link,
    )

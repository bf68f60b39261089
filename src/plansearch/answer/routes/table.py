"""Route: "vem ansvarar för …?" (or a question about a column: uppföljning, tidsram) answered from
the cells of the matching table rows, one row per document."""

from __future__ import annotations

import re

from plansearch.answer.context import Context
from plansearch.answer.kinds import columns_asked
from plansearch.answer.phrasing import (
    COLUMN_LABELS,
    COLUMN_LABELS_EN,
    SECOND_COLUMN_LABELS,
    SECOND_COLUMN_LABELS_EN,
    join_items,
)
from plansearch.answer.records import Answer, Citation
from plansearch.models import Hit
from plansearch.search.query import Question
from plansearch.text.sentences import shorten
from plansearch.text.swedish import RESPONSIBLE_COLUMNS, TIME_COLUMNS

ROWS = 5  # the best hits looked at for rows
WHO_TOO = re.compile(r"\b(?:vem|vilka|who|ansvar\w*|responsible)\b", re.IGNORECASE)
DOES = re.compile(r"\b(?:arbetar|jobbar|genomför\w*|utför\w*|works?|working|carr(?:y|ies) out)\b", re.IGNORECASE)
WHEN_TOO = re.compile(r"\b(?:när|tidsram\w*|when|deadline|time ?frame)\b", re.IGNORECASE)


def answer(question: Question, ctx: Context) -> Answer | None:
    """When the best hits are table rows with the asked cells: those cells, with the row's activity."""
    asked_columns = columns_asked(question.asked)
    if question.intent != "role" and not asked_columns:
        return None
    columns = primary = asked_columns or RESPONSIBLE_COLUMNS
    # "vem ansvarar för det och vilken tidsram gäller?", "by when …, and who is responsible?": the
    # cells of both, the one asked by name first.
    also: list[tuple[str, ...]] = [
        group for group, asked in ((RESPONSIBLE_COLUMNS, WHO_TOO), (TIME_COLUMNS, WHEN_TOO))
        if asked.search(question.asked) and not set(group) & set(columns)
    ]
    if DOES.search(question.asked):
        # "who works on …", "vem genomför …": the row's doer ("Vem?") before who is responsible.
        also = [tuple(sorted(group, key=lambda c: c != "Vem?")) for group in also]
    for group in also:
        columns = columns + group
    hits = ctx.hits
    rows: list[Hit] = []
    for hit in hits[:ROWS]:
        p = hit.passage
        if (
            p.kind == "table_row"
            and any(dict(p.fields).get(c) for c in primary)  # a row answers by the column asked first
            and p.doc_id not in {r.passage.doc_id for r in rows}
            and hit.score >= ctx.settings.row_ratio * hits[0].score
        ):
            rows.append(hit)
    if not rows:
        return None
    if rows[0] is not hits[0]:
        # A paragraph ranked first: rows answer only if they hold the question's words as well.
        if question.language == "en" or ctx.coverage(rows[0].passage.text) < ctx.coverage(hits[0].passage.text):
            return None
    citations: list[Citation] = []
    sentences = []
    for hit in rows:
        p = hit.passage
        fields = dict(p.fields)
        n = len(citations) + 1
        cells = [(c, fields[c]) for c in columns if fields.get(c)]
        main = cells[0][1].strip(" -")
        citations.append(ctx.cite(n, p, cells[0][1]))
        activity = shorten(p.fields[0][1], 160)
        title = ctx.short(p)
        bodies = join_items(main, question.language, names=cells[0][0] in RESPONSIBLE_COLUMNS)
        english = question.language == "en"
        if english:
            label = _label(COLUMN_LABELS_EN, cells[0][0])
            text = f"{title}: {label} for “{activity}”: {bodies}"
        else:
            label = _label(COLUMN_LABELS, cells[0][0])
            text = f"{title}: {label} för ”{activity}” är {bodies}"
        for column, value in _one_each(cells, also) if also else cells[1:2]:
            if value.strip(" -") != main:
                extra = _label(SECOND_COLUMN_LABELS_EN if english else SECOND_COLUMN_LABELS, column)
                text += f" ({extra}: {join_items(value.strip(' -'), question.language, names=column in RESPONSIBLE_COLUMNS)})"
        sentences.append(f"{text} [{n}].")
    return Answer(
        question.asked, " ".join(sentences), tuple(citations), False, question.language, question.intent, "table",
        ctx.confidence, question.text, hits=tuple(hits),
    )


def _one_each(cells: list[tuple[str, str]], groups: list[tuple[str, ...]]) -> list[tuple[str, str]]:
    """The first filled cell of each group of columns, after the row's first cell."""
    return [next(cell for cell in cells[1:] if cell[0] in group) for group in groups
            if any(cell[0] in group for cell in cells[1:])]


def _label(labels: dict[str, str], column: str) -> str:
    """A column's label in the answer; a column some table writes as a question ("Uppföljning?")
    is labelled as the others write it."""
    return labels.get(column) or labels.get(column.rstrip("?")) or column.rstrip("?").lower()

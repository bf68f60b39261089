"""A document as its page shows it: running text, and its tables as HTML tables, with the cited
passage and its answering part marked.

Each table row is a passage whose fields are its cells (ingest/tables.py), and whose text renders
them as "Aktivitet: … | Ansvarig: …". Consecutive rows with the same columns, with nothing but
blank lines between them, form one table; the header line just before them (the column names,
tab- or space-separated, or a Markdown header row and its rule) gives way to the table's own header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plansearch.answer.citations import find, word_range
from plansearch.ingest.tables import PIPE_RULE
from plansearch.models import Document, Passage

# A piece of text and its role: "" plain, "passage" the cited passage, "hit" the answering part
# (the one element the page scrolls to), "more" a further marked part of the same answer.
Pieces = list[tuple[str, str]]


@dataclass(frozen=True)
class TextBlock:
    pieces: Pieces
    kind: str = "text"


@dataclass(frozen=True)
class Row:
    cells: list[Pieces]  # one per column
    cited: bool = False  # the cited passage
    whole: bool = False  # the whole row is the answering part (no narrower range was given)


@dataclass(frozen=True)
class TableBlock:
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    kind: str = "table"


Block = TextBlock | TableBlock


def document_view(doc: Document, passages: list[Passage], cited: Passage | None, highlight: tuple[int, int] | None) -> list[Block]:
    """The document's text and tables in order, with `cited` marked; `highlight` is the answering
    part's range within cited.text (None: the whole passage answers)."""
    text = doc.text
    runs = table_runs(text, passages)
    if cited is not None and any(cited in rows for rows in runs):
        row_cited, cited = cited, None  # marked in its table, not in the running text
    else:
        row_cited = None
    blocks: list[Block] = []
    at = 0
    for rows in runs:
        columns = [name for name, _ in rows[0].fields]
        begin = _header_start(text, at, rows[0].start, columns, passages)
        blocks.append(TextBlock(_trim(text_pieces(text, at, begin, cited, highlight))))
        blocks.append(TableBlock(columns, [table_row(p, row_cited, highlight) for p in rows]))
        at = rows[-1].end
    blocks.append(TextBlock(_trim(text_pieces(text, at, len(text), cited, highlight))))
    return [b for b in blocks if not isinstance(b, TextBlock) or b.pieces]


def _trim(pieces: Pieces) -> Pieces:
    """Without the blank lines at the edges of a stretch of text (a table stands there)."""
    if pieces and pieces[0][1] == "":
        pieces[0] = (pieces[0][0].lstrip("\n"), "")
    if pieces and pieces[-1][1] == "":
        pieces[-1] = (pieces[-1][0].rstrip(), "")
    return [(t, role) for t, role in pieces if t or role == "hit"]


def table_runs(text: str, passages: list[Passage]) -> list[list[Passage]]:
    """Runs of consecutive table rows with the same columns and only blank lines between them."""
    runs: list[list[Passage]] = []
    for p in sorted(passages, key=lambda x: x.start):
        if p.kind != "table_row" or not p.fields or p.end > len(text):
            continue
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and [n for n, _ in last.fields] == [n for n, _ in p.fields]
            and last.end <= p.start
            and not text[last.end : p.start].strip()
        ):
            runs[-1].append(p)
        else:
            runs.append([p])
    return runs


def _header_start(text: str, at: int, start: int, columns: list[str], passages: list[Passage]) -> int:
    """Where the text before a table ends: before its header line, when the last line before the
    table names exactly its columns and belongs to no passage."""
    before = text[at:start].rstrip()
    line_start = at + (before.rfind("\n") + 1)
    line = text[line_start : at + len(before)]
    if "|" in line and PIPE_RULE.match(line):
        # A Markdown table (or a Word or web table written as one): its header row and the rule
        # under it are markup; the table shows its own header.
        above = text[at:line_start].rstrip()
        header_start = at + (above.rfind("\n") + 1)
        if "|" in text[header_start : at + len(above)] and not any(p.start < line_start and p.end > header_start for p in passages):
            return header_start
        return start
    names = [c.rstrip(":") for c in columns]
    cells = [c.strip().rstrip(":") for c in (line.split("\t") if "\t" in line else line.split())]
    if not line.strip() or cells != names:
        return start
    if any(p.start < at + len(before) and p.end > line_start for p in passages):
        return start
    return line_start


def _hit_range(text: str, cited: Passage, highlight: tuple[int, int] | None) -> tuple[int, int]:
    """The answering part's range in the document text (the whole passage when none is given or
    it cannot be found)."""
    start, end = cited.start, min(cited.end, len(text))
    if not highlight:
        return start, end
    snippet = cited.text[slice(*word_range(cited.text, *highlight))]
    if not snippet.strip():
        return start, end
    # Whole words first: "Regionerna" should not be found inside "Regionernas".
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(part) for part in snippet.split()) + r"(?!\w)"
    match = re.search(pattern, text[start:end], re.IGNORECASE)
    found = (match.start(), match.end()) if match else find(text[start:end], snippet)  # else the whole passage
    return start + found[0], start + found[1]


def text_pieces(text: str, begin: int, end: int, cited: Passage | None, highlight: tuple[int, int] | None) -> Pieces:
    """text[begin:end] cut into pieces by the cited passage (when it is running text) and its hit."""
    if begin >= end:
        return []
    if cited is None or not (begin <= cited.start < end or begin < cited.end <= end):
        return [(text[begin:end], "")]
    start, stop = max(begin, cited.start), min(end, cited.end)
    hit_start, hit_end = _hit_range(text, cited, highlight)
    pieces = [
        (text[begin:start], ""),
        (text[start:hit_start], "passage"),
        (text[hit_start:hit_end], "hit"),
        (text[hit_end:stop], "passage"),
        (text[stop:end], ""),
    ]
    return [(t, role) for t, role in pieces if t or role == "hit"]


def cell_offsets(passage: Passage) -> list[tuple[int, int]] | None:
    """Where each field's value stands in passage.text (None when the text is not the rendering
    of the fields that ingest/tables.py gives; an empty value gets an empty range)."""
    offsets: list[tuple[int, int]] = []
    at = 0
    first = True
    for name, value in passage.fields:
        if not value:
            offsets.append((at, at))
            continue
        head = ("" if first else " | ") + f"{name}: "
        if passage.text[at : at + len(head)] != head or passage.text[at + len(head) : at + len(head) + len(value)] != value:
            return None
        start = at + len(head)
        offsets.append((start, start + len(value)))
        at = start + len(value)
        first = False
    return offsets if at == len(passage.text) else None


def table_row(passage: Passage, cited: Passage | None, highlight: tuple[int, int] | None) -> Row:
    """A row's cells, with the answering part marked in the cells it covers."""
    values = [value for _, value in passage.fields]
    if cited is None or passage.id != cited.id:
        return Row([[(v, "")] if v else [] for v in values])
    offsets = cell_offsets(passage)
    if highlight is None or offsets is None:
        return Row([[(v, "")] if v else [] for v in values], cited=True, whole=True)
    start, end = word_range(passage.text, *highlight)
    cells: list[Pieces] = []
    marked = False
    for value, (v_start, v_end) in zip(values, offsets, strict=True):
        lo, hi = max(start, v_start) - v_start, min(end, v_end) - v_start
        if hi <= lo:
            cells.append([(value, "")] if value else [])
            continue
        cells.append([(t, r) for t, r in ((value[:lo], ""), (value[lo:hi], "more" if marked else "hit"), (value[hi:], "")) if t])
        marked = True
    if not marked:  # the range lies only on column names or separators
        return Row([[(v, "")] if v else [] for v in values], cited=True, whole=True)
    return Row(cells, cited=True)

"""Ruled tables on a PDF page: cell boxes from pdfplumber's table finder (lines strategy), cell
text from our own characters (so that accents are joined as everywhere else).

A table comes out as tab-separated lines, a header line first, which is the form that
ingest/tables.py turns into `table_row` passages with their column names. Boxes that are not
tables are refused: figure frames (one column), chart grids (no words in the first column) and
empty grids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from plansearch.ingest.pdf_layout import Char, _lines, _row

NUMBERISH = re.compile(r"^[\d\s,.%+−–-]*$")


@dataclass
class Table:
    """A table found on a page: its box, the lines of text it replaces, and its column count."""

    x0: float
    x1: float
    top: float
    bottom: float
    caption_lines: list[str]  # rows spanning the whole table before it ("REKOMMENDERADE LÄKEMEDEL")
    header: list[str] | None
    rows: list[list[str] | str]  # cells, or the label of a group of rows ("ICS")


def find_tables(plumber_page: Any, chars: list[Char]) -> list[Table]:
    """Ruled tables of one page (pdfplumber.page.Page) filled from `chars`; [] when none."""
    tables: list[Table] = []
    for found in plumber_page.find_tables():
        grid = [[_cell_text(cell, chars) if cell else None for cell in row.cells] for row in found.rows]
        table = _table(found.bbox, grid)
        if table is not None:
            tables.append(table)
    return tables


def _cell_text(box: tuple[float, float, float, float], chars: list[Char]) -> str:
    x0, top, x1, bottom = box
    inside = [c for c in chars if x0 <= (c.x0 + c.x1) / 2 <= x1 and top <= c.mid <= bottom]
    if not inside:
        return ""
    text = " ".join(_row(line).text for line in _lines(inside))
    return re.sub(r"(\w)- (\w)", r"\1\2", text) if "- " in text else text


def _table(bbox: tuple[float, float, float, float], grid: list[list[str | None]]) -> Table | None:
    columns = max((len(r) for r in grid), default=0)
    captions: list[str] = []
    body: list[list[str] | str] = []
    for row in grid:
        filled = [c for c in row if c]
        if not filled:
            continue
        if sum(c is not None for c in row) == 1 or len(filled) == 1 and columns > 2 and row[0]:
            if not body:
                captions.append(filled[0])  # a spanning title row before the table
            else:
                body.append(filled[0])  # a group label ("ICS") inside it
            continue
        body.append([c or "" for c in row] + [""] * (columns - len(row)))
    cells = [r for r in body if isinstance(r, list)]
    wide = [r for r in cells if sum(1 for c in r if c) >= 2]
    if columns < 2 or len(wide) < 2:
        return None  # a frame round a figure or a box of text
    labels = [r[0] for r in cells if r[0]]
    if not labels or sum(1 for c in labels if not NUMBERISH.match(c)) < 0.5 * len(labels):
        return None  # a chart's grid with its data labels
    header = None
    first = body[0]
    if isinstance(first, list) and all(first) and all(len(c.split()) <= 4 and not c.endswith(".") for c in first) and not all(
        NUMBERISH.match(c) for c in first[1:]
    ) and any(NUMBERISH.match(c) or len(c) > 25 for r in cells[1:] for c in r[1:]):
        header, body = first, body[1:]
    x0, top, x1, bottom = bbox
    return Table(x0, x1, top, bottom, captions, header, body)


def table_lines(table: Table, header: list[str] | None) -> list[str]:
    """The table as text lines: captions, then a tab-separated header and rows.

    `header` is the header to use when the table has none of its own (the same table's header
    from an earlier page); without either, the columns get positional names."""
    width = max(len(r) for r in table.rows if isinstance(r, list))
    names = table.header or (header if header and len(header) == width else None)
    names = names or [f"Kolumn {n}" for n in range(1, width + 1)]
    lines = list(table.caption_lines)
    lines.append("\t".join(names))
    for row in table.rows:
        if isinstance(row, str):
            # A group label is a heading of its own; the rows after it repeat the column names.
            lines.extend(["", row, "", "\t".join(names)])
        else:
            lines.append("\t".join(c.replace("\t", " ") for c in row))
    return lines

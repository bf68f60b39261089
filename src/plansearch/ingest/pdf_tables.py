"""Ruled tables on a PDF page: the page's rules read from pdfium's path objects, cell boxes from
them by pdfplumber's table algorithm (its lines strategy: Nurminen's intersections), cell text
from our own characters (so that accents are joined as everywhere else).

Why not pdfplumber's own page: it parses the page again with pdfminer, 100-400 ms a page with
rules; the rules from pdfium cost about 1 ms.

A table comes out as tab-separated lines, a header line first, which is the form that
ingest/tables.py turns into `table_row` passages with their column names. Boxes that are not
tables are refused: figure frames (one column), chart grids (no words in the first column) and
empty grids.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from plansearch.ingest.pdf_layout import Char, _lines, _row

BROKEN_WORD = re.compile(r"(\w)- (?!(?:och|eller|samt|resp|respektive|till|som)\b)([a-zåäö])")
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


def find_tables(page: Any, to: Callable[[float, float], tuple[float, float]], chars: list[Char]) -> list[Table]:
    """Ruled tables of one pdfium page (pypdfium2.PdfPage) filled from `chars`; [] when none.
    `to` maps page space to the page as shown (pdf.display)."""
    from pdfplumber.table import Table as Grid
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    edges = page_edges(page, to)
    if len(edges) < 4:
        return []
    # pdfplumber's defaults: snap and join within 3 pt, edges of 3 pt or more, crossings within 3 pt.
    edges = [e for e in merge_edges(edges, 3, 3, 3, 3) if e["width" if e["orientation"] == "h" else "height"] >= 3]
    cells = intersections_to_cells(edges_to_intersections(edges, 3, 3))
    tables: list[Table] = []
    for group in cells_to_tables(cells):
        found = Grid(None, group)  # type: ignore[arg-type]  # rows and bbox need no page
        inside = [c for c in chars if _in_box(c, found.bbox)]  # fewer characters to look at per cell
        grid = [[_cell_text(cell, inside) if cell else None for cell in row.cells] for row in found.rows]
        first = found.rows[0].cells if found.rows else []
        bold = [c for cell in first if cell for c in inside if _in_box(c, cell) and c.text.strip()]
        table = _table(found.bbox, _merge_columns(grid), sum(c.bold for c in bold) > 0.6 * len(bold) if bold else False)
        if table is not None:
            tables.append(table)
    return tables


def page_edges(page: Any, to: Callable[[float, float], tuple[float, float]]) -> list[dict[str, Any]]:
    """Horizontal and vertical edges of the lines and rectangles a page draws, in pdfplumber's
    form (x0, x1, top, bottom, width, height, orientation; points from the top left)."""
    import ctypes

    import pypdfium2.raw as raw

    x, y = ctypes.c_float(), ctypes.c_float()
    edges: list[dict[str, Any]] = []
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,), max_depth=1):
        a, b, c, d, e, f = obj.get_matrix().get()
        points: list[tuple[float, float]] = []
        start: tuple[float, float] | None = None
        count = raw.FPDFPath_CountSegments(obj.raw)
        if count > 64:
            continue  # a curve of a chart or a logo, not a rule
        for k in range(count):
            segment = raw.FPDFPath_GetPathSegment(obj.raw, k)
            raw.FPDFPathSegment_GetPoint(segment, x, y)
            point = to(a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            if raw.FPDFPathSegment_GetType(segment) == raw.FPDF_SEGMENT_MOVETO or not points:
                start = point
            else:
                _add_edge(edges, points[-1], point)
            points.append(point)
            if raw.FPDFPathSegment_GetClose(segment) and start is not None:
                _add_edge(edges, point, start)
    return edges


def _add_edge(edges: list[dict[str, Any]], p: tuple[float, float], q: tuple[float, float]) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) < 0.5 and abs(x0 - x1) >= 1:
        top = (y0 + y1) / 2
        edges.append({"x0": min(x0, x1), "x1": max(x0, x1), "top": top, "bottom": top, "width": abs(x1 - x0), "height": 0, "orientation": "h"})
    elif abs(x0 - x1) < 0.5 and abs(y0 - y1) >= 1:
        left = (x0 + x1) / 2
        edges.append({"x0": left, "x1": left, "top": min(y0, y1), "bottom": max(y0, y1), "width": 0, "height": abs(y1 - y0), "orientation": "v"})


def _in_box(char: Char, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return x0 <= (char.x0 + char.x1) / 2 <= x1 and top <= char.mid <= bottom


def _merge_columns(grid: list[list[str | None]]) -> list[list[str | None]]:
    """Drop grid columns that are empty in every row and join neighbours that are never both
    filled in one row: the finder cuts a column wherever any rule or box edge is, so a header
    cell and the values under it can sit in neighbouring grid columns."""
    width = max((len(r) for r in grid), default=0)
    rows = [list(r) + [None] * (width - len(r)) for r in grid]
    keep = [k for k in range(width) if any(r[k] for r in rows)]
    rows = [[r[k] for k in keep] for r in rows]
    k = 0
    while rows and k + 1 < len(rows[0]):
        if not any(r[k] and r[k + 1] for r in rows):
            rows = [r[:k] + [r[k] or r[k + 1] or (None if r[k] is None and r[k + 1] is None else "")] + r[k + 2 :] for r in rows]
        else:
            k += 1
    return rows


def _cell_text(box: tuple[float, float, float, float], chars: list[Char]) -> str:
    inside = [c for c in chars if _in_box(c, box)]
    if not inside:
        return ""
    text = " ".join(_row(line).text for line in _lines(inside))
    # A word broken over a line of the cell is joined; "utvecklings- och förbättringsarbeten" is not.
    return BROKEN_WORD.sub(r"\1\2", text) if "- " in text else text


def _table(bbox: tuple[float, float, float, float], grid: list[list[str | None]], bold_first: bool = False) -> Table | None:
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
    # A header row: short names in every cell, set in bold, standing over numbers, or with an
    # empty corner over a column of row names.
    # Column names are capitalised ("Årskurs", "Järnbrist"); a first row of data in bold for
    # emphasis, as a drug list's first choice ("alginsyra"), is not.
    if (
        isinstance(first, list) and all(first[1:]) and all(len(c.split()) <= 4 and not c.endswith(".") for c in first)
        and not any(NUMBERISH.match(c) for c in first[1:]) and all(c[0].isupper() or c[0].isdigit() for c in first if c)
    ):
        corner = not first[0] and len(cells) > 1 and all(r[0] for r in cells[1:])
        if corner or first[0] and (bold_first or any(c and NUMBERISH.match(c) for r in cells[1:] for c in r[1:])):
            header = [name or f"Kolumn {k}" for k, name in enumerate(first, 1)]
            body = body[1:]
    x0, top, x1, bottom = bbox
    return Table(x0, x1, top, bottom, captions, header, body)


def table_lines(table: Table, header: list[str] | None) -> list[str]:
    """The table as text lines: captions, then a tab-separated header and rows.

    `header` is the header to use when the table has none of its own (the same table's header
    from an earlier page); without either, the columns get positional names."""
    width = max(len(r) for r in table.rows if isinstance(r, list))
    names = table.header or (header if header and len(header) == width else None)
    names = names or [f"Kolumn {n}" for n in range(1, width + 1)]
    # Each spanning line before the rows ("TABELL 2.1", "Anemi", a running "REKOMMENDERADE
    # LÄKEMEDEL") is a block of its own: a heading for the rows, or a running line to drop.
    lines = [text for caption in table.caption_lines for text in (caption, "")]
    lines.append("\t".join(names))
    for row in table.rows:
        if isinstance(row, str):
            # A group label is a heading of its own; the rows after it repeat the column names.
            lines.extend(["", row, "", "\t".join(names)])
        else:
            lines.append("\t".join(c.replace("\t", " ") for c in row))
    return lines

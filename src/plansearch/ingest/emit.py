"""Write what a structured reader (Word, web page) finds as the lines that cleaning and
ingest/structure.py already understand, so that every format shares one structure reader:

- a heading of level n      -> "#"*n + " " + text, between blank lines (a Markdown heading);
- a title                   -> the text alone between blank lines (an unnumbered heading);
- a paragraph               -> its lines, between blank lines;
- a list item               -> "- text" or "3) text", consecutive items without blank lines;
- a table                   -> a Markdown pipe table with the column names in its header row
                               (ingest/tables.py turns each row into a `table_row` passage).
"""

from __future__ import annotations

import re

from plansearch.models import Line

WORDS = re.compile(r"\w+")
# A cell that is a date, number or amount is a value, never a column name.
VALUE_LIKE = re.compile(r"^[\d\s.,:/%–-]+(?:kr|st|tkr|mnkr)?$", re.IGNORECASE)


def flat(text: str) -> str:
    """One line: whitespace runs (line breaks, tabs, no-break spaces) become one space."""
    return re.sub(r"\s+", " ", text).strip()


class Emitter:
    """Collects blocks in reading order; `lines()` gives them as Line records (no page numbers:
    Word and web documents have none)."""

    def __init__(self) -> None:
        self._out: list[str] = []
        self._last = ""  # kind of the last block: "", "block" or "item"
        self.first_title = ""  # the first title, else the first heading of the highest level
        self._title_level = 99

    def _open(self, kind: str) -> None:
        # Items of one list stay together (one group of lines is one list block); everything
        # else stands between blank lines.
        if self._out and not (kind == "item" and self._last == "item"):
            self._out.append("")
        self._last = kind

    def heading(self, text: str, level: int) -> None:
        text = flat(text)
        if text:
            self._open("block")
            self._out.append(f"{'#' * max(1, min(level, 6))} {text}")
            self._note_title(text, level)

    def title(self, text: str) -> None:
        self.paragraph(flat(text))
        self._note_title(flat(text), 0)

    def _note_title(self, text: str, level: int) -> None:
        if level < self._title_level and text:
            self.first_title, self._title_level = text, level

    def paragraph(self, text: str) -> None:
        """A paragraph; its own line breaks (Shift+Enter, <br>) are kept as lines."""
        lines = [flat(part) for part in text.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            self._open("block")
            self._out.extend(lines)

    def item(self, text: str, number: int | None = None) -> None:
        """A list item: bulleted, or numbered when `number` is given."""
        text = flat(text)
        if text:
            self._open("item")
            self._out.append(f"{number}) {text}" if number is not None else f"- {text}")

    def end_list(self) -> None:
        self._last = ""

    def table(self, grid: list[list[str]], header_rows: int | None = None) -> None:
        """A table given as rows of cell texts (merged cells already repeated).

        header_rows: how many leading rows the format marks as the header (<th>, Word's "repeat
        as header row"), or None to decide from the first row's look.
        """
        grid = _tidy(grid)
        if not grid:
            return
        width = len(grid[0])
        if width == 1 or len(grid) == 1:
            # A one-column or one-row table is a box around text, not a table of values.
            for row in grid:
                self.paragraph("\n".join(cell for cell in row if cell))
            return
        if header_rows is None and width == 2 and all(len(WORDS.findall(row[0])) <= 5 for row in grid):
            # "Datum | 2025-02-04", "Ordförande | Anna Berg": a form of labels and values, whose
            # first row looks as much like column names as any other.
            # One block, so that no single short line of it is taken for a heading.
            self.paragraph("\n".join(f"{label.rstrip(':')}: {value}" if label and value else label or value for label, value in grid))
            return
        if header_rows is None:
            header_rows = 1 if looks_like_header(grid[0]) else 0
        header = _header(grid[:header_rows], width)
        header, rows = _merge_spanned_columns(header, grid[header_rows:])
        self._open("block")
        self._out.append(_pipe_row(header))
        self._out.append(_pipe_row(["---"] * len(header)))
        self._out.extend(_pipe_row(row) for row in rows if row != header)
        self._last = "block"

    def lines(self) -> list[Line]:
        return [Line(text) for text in self._out]


def looks_like_header(cells: list[str]) -> bool:
    """Column names are short labels, not sentences, dates or numbers."""
    named = [c for c in cells if c]
    return len(named) >= 2 and all(
        len(WORDS.findall(c)) <= 6 and not c.endswith(".") and not VALUE_LIKE.match(c) for c in named
    )


def _tidy(grid: list[list[str]]) -> list[list[str]]:
    """Rows padded to one width, with empty rows and empty columns dropped."""
    rows = [[flat(cell) for cell in row] for row in grid]
    rows = [row for row in rows if any(row)]
    if not rows:
        return []
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    keep = [k for k in range(width) if any(row[k] for row in rows)]
    return [[row[k] for k in keep] for row in rows]


def _header(rows: list[list[str]], width: int) -> list[str]:
    """Column names: the header row, or the header rows' distinct texts joined ("Tid / Start");
    empty when there is no header (the table reader then names the columns by position)."""
    if not rows:
        return [""] * width
    names = []
    for k in range(width):
        parts: list[str] = []
        for row in rows:
            if row[k] and row[k] not in parts:
                parts.append(row[k])
        names.append(" / ".join(parts))
    return names


def _merge_spanned_columns(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """A header cell merged over several columns names them all: they become one column whose
    value is the columns' distinct texts."""
    spans: list[list[int]] = []
    for k, name in enumerate(header):
        if spans and name and header[spans[-1][0]] == name:
            spans[-1].append(k)
        else:
            spans.append([k])
    merged_rows = []
    for row in rows:
        merged = []
        for span in spans:
            parts: list[str] = []
            for k in span:
                if row[k] and row[k] not in parts:
                    parts.append(row[k])
            merged.append(" ".join(parts))
        merged_rows.append(merged)
    return [header[span[0]] for span in spans], merged_rows


def _pipe_row(cells: list[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

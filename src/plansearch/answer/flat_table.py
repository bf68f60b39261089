"""Rows of an unruled table the reader flattened into a paragraph.

A table without rules comes out of the PDF as lines: its header row ("Regioner Folkmängd Aktör
som styr RCC i sakfrågor"), then each row as a line that names it ("Norr Norrbotten,
Västerbotten, …") followed by a line that starts with its figure ("900 000 Förbundsdirektionen i
Norra sjukvårdsregionförbundet"). The header is never an answer; a row is its name line and its
figure line together, with the header as what it stands under (so that "folkmängden" in a
question finds the row through "Folkmängd").

This is done on the passage's text when an answer is composed rather than when it is read,
because only a paragraph with two or more such row pairs is taken for a table: a plain
paragraph whose line happens to start with a number stays a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plansearch.answer.candidates import Unit, clean
from plansearch.models import Hit
from plansearch.search.scope import PLACES
from plansearch.text.normalise import fold

FIGURE_LINE = re.compile(r"^\s*\d{1,3}(?:[  ]\d{3})+\b|^\s*\d+(?:[,.]\d+)?\s")  # "900 000 …", "12 …"
MIN_ROWS = 2


@dataclass(frozen=True)
class FlatTable:
    """The header lines' span and each row's span, as offsets into the passage text."""

    header: tuple[int, int]
    header_text: str
    rows: tuple[tuple[int, int], ...]


def flat_table(text: str) -> FlatTable | None:
    """The table in a passage's text, or None when it is not one."""
    lines: list[tuple[int, int, str]] = []
    offset = 0
    for line in text.split("\n"):
        lines.append((offset, offset + len(line), line))
        offset += len(line) + 1
    rows = []
    for k in range(1, len(lines)):
        name, figure = lines[k - 1], lines[k]
        if FIGURE_LINE.match(figure[2]) and name[2].strip() and not FIGURE_LINE.match(name[2]):
            rows.append((name[0], figure[1]))
    if len(rows) < MIN_ROWS:
        return None
    first = rows[0][0]
    # The header: the lines before the first row that hold no figure (the passage's first line is
    # its heading, which units already leave out).
    before = [(s, e, t) for s, e, t in lines if e <= first and t.strip() and not re.search(r"\d", t)]
    header_lines = before[1:] if len(before) > 1 else before
    if not header_lines:
        return FlatTable((first, first), "", tuple(rows))
    header = (header_lines[0][0], header_lines[-1][1])
    return FlatTable(header, " ".join(t.strip() for _, _, t in header_lines), tuple(rows))


def row_units(hit: Hit) -> list[Unit]:
    """The rows of a flattened table in the hit's passage as units (none when it is not one)."""
    table = flat_table(hit.passage.text)
    if table is None:
        return []
    text = hit.passage.text
    return [
        Unit(hit, start, end, clean(text[start:end]), "sentence", n, lead=table.header_text)
        for n, (start, end) in enumerate(table.rows)
    ]


def in_header(unit: Unit) -> bool:
    """Whether the unit lies in its passage's flattened table header."""
    table = flat_table(unit.passage.text)
    return table is not None and unit.start < table.header[1] and unit.end > table.header[0]


def names_row(unit: Unit, names: frozenset[str] | set[str]) -> bool:
    """Whether a row unit starts with one of the names ("Mellan …" for mellansverige, "Norr …")."""
    first = fold(unit.text.split(" ", 1)[0].lower()).strip(",:")
    # A row label that is a place of its own is no other place's row: "Sydöst" is not "Syd"'s,
    # "Norrbotten" not "Norr"'s.
    return first in names or len(first) >= 4 and any(n.startswith(first) or (first.startswith(n) and first not in PLACES) for n in names)

"""Characters with positions -> text lines in reading order, with paragraph breaks and headings.

Input: the characters of one page as `Char` records (PDF points, origin top left). Output:
`Row`s, one per visual line of one column, in reading order, each with its font size and a
`gap_before` flag where a vertical gap (or a change of font) starts a new paragraph.

Why geometry rather than the extractor's own text: the content stream's order is not the reading
order on two-column pages, and LaTeX writes "ö" as a spacing "¨" before or above an "o" that
only their positions join again.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from statistics import median

# Spacing accents that LaTeX fonts draw over a letter, and the combining mark each stands for.
ACCENTS = {
    "\u00a8": "\u0308", "\u02da": "\u030a", "\u00b4": "\u0301", "`": "\u0300",
    "\u02c6": "\u0302", "\u02dc": "\u0303", "\u02c7": "\u030c", "^": "\u0302", "~": "\u0303",
}
LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
BULLETS = {"•", "◦", "▪", "●", "■", "–", "-", "*", "·", "", "o"}
WORD_GAP = 0.1  # a gap wider than this share of the line height separates words
SEGMENT_GAP = 1.0  # ... and wider than this, columns or table cells


@dataclass
class Char:
    """One glyph: its text, box (x0, x1, top, bottom in points from the top left), size and weight."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False
    ink: tuple[float, float, float, float] | None = None  # the drawn glyph's x0, x1, top, bottom

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Row:
    """One line of one column: its text, box and typical font size."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    gap_before: bool = False


def merge_accents(chars: list[Char]) -> list[Char]:
    """Join spacing accents to the letter under them: ("¨", "o") -> "ö", by the glyphs' drawn
    boxes (`ink`). Accents with no letter under them (a real "^" in running text) stay."""
    accents = [(c, c.ink) for c in chars if c.text in ACCENTS and c.ink]
    if not accents:
        return chars
    letters = [(c, c.ink) for c in chars if c.text.isalpha() and c.ink]
    used: set[int] = set()
    for accent, (ax0, ax1, _, abottom) in accents:
        cx = (ax0 + ax1) / 2
        best, best_cost = None, 1e9
        for letter, (lx0, lx1, ltop, _) in letters:
            slack = 0.25 * (lx1 - lx0) + 0.5
            above = ltop - abottom  # the accent's bottom above the letter's top
            if not (lx0 - slack <= cx <= lx1 + slack) or not (-0.15 * letter.size <= above <= 0.5 * letter.size):
                continue
            cost = abs((lx0 + lx1) / 2 - cx) + abs(above)
            if cost < best_cost:
                best, best_cost = letter, cost
        if best is not None:
            best.text = unicodedata.normalize("NFC", best.text + ACCENTS[accent.text])
            used.add(id(accent))
    return [c for c in chars if id(c) not in used]


def page_rows(chars: list[Char], width: float, boxes: list[Row] | None = None) -> list[Row]:
    """The rows of a page in reading order: full-width rows top to bottom, and where the text
    runs in two columns, the left column before the right one. `boxes` (a table's box as a row)
    take their place in that order like rows: a heading in the right column above a table that
    spans both comes before the table."""
    rows = _segments(_lines(merge_accents(chars)))
    return _reading_order(rows + list(boxes or ()), width)


def _lines(chars: list[Char]) -> list[list[Char]]:
    """Chars grouped into visual lines (by vertical middle), each sorted left to right."""
    out: list[list[Char]] = []
    for char in sorted(chars, key=lambda c: (round(c.mid, 0), c.x0)):
        if out:
            line = out[-1]
            ref = line[0]
            if abs(char.mid - ref.mid) <= 0.45 * max(ref.size, char.size):
                line.append(char)
                continue
        out.append([char])
    return [sorted(line, key=lambda c: c.x0) for line in out]


def _segments(lines: list[list[Char]]) -> list[Row]:
    """Each line cut at wide horizontal gaps (a column gutter, a table's cell gap)."""
    rows: list[Row] = []
    for line in lines:
        size = median(c.size for c in line)
        current: list[Char] = []
        for char in line:
            # The gap is measured in the smaller type of the two sides: a chapter tab ("4") in the
            # page margin beside a heading in 30 pt type is a line of its own, not "4 Kapitel 4".
            gap = SEGMENT_GAP * min(size, char.size, current[-1].size) if current else 0.0
            if current and char.x0 - current[-1].x1 > gap and char.text != " ":
                if "".join(c.text for c in current).strip() not in BULLETS:  # a bullet and its item stay one line
                    rows.append(_row(current))
                    current = []
            current.append(char)
        if current:
            rows.append(_row(current))
    return [r for r in rows if r.text]


def _row(chars: list[Char]) -> Row:
    body = [c for c in chars if c.text.strip()] or chars
    size = median(c.size for c in body)
    parts: list[str] = []
    prev: Char | None = None
    for char in chars:
        if char.text == " ":
            parts.append(" ")
        else:
            if prev is not None and char.x0 - prev.x1 > WORD_GAP * size:
                parts.append(" ")
            elif prev is not None and _superscript(char, prev, size) and not _superscript(prev, char, size):
                parts.append(" ")  # a footnote number after a word: "elever1" -> "elever 1"
            parts.append(LIGATURES.get(char.text, char.text))
        prev = char if char.text != " " else prev
    text = re.sub(r" {2,}", " ", "".join(parts)).strip()
    # Bold when most letters are ("1. *Bakgrund- info om byggblock metadata* (Ulrika, Digg)").
    letters = [c for c in body if c.text.isalpha()] or body
    bold = sum(c.bold for c in letters) >= 0.5 * len(letters)
    return Row(
        unicodedata.normalize("NFC", text), min(c.x0 for c in body), max(c.x1 for c in body),
        min(c.top for c in body), max(c.bottom for c in body), size, bold,
    )


def _superscript(char: Char, prev: Char, size: float) -> bool:
    return char.text.isdigit() and char.size < 0.8 * size and char.bottom < prev.bottom - 0.2 * size


def _reading_order(rows: list[Row], width: float) -> list[Row]:
    """Top to bottom; on a two-column page, between rows that span the gutter (a full-width
    heading, a caption), the left column before the right one."""
    rows.sort(key=lambda r: (r.top, r.x0))
    gutter = _gutter(rows, width)
    if gutter is None:
        return rows
    ordered: list[Row] = []
    left: list[Row] = []
    right: list[Row] = []
    for row in rows:
        if row.x0 < gutter < row.x1:
            ordered.extend(left + right + [row])
            left, right = [], []
        elif row.x1 <= gutter:
            left.append(row)
        else:
            right.append(row)
    return ordered + left + right


def _gutter(rows: list[Row], width: float) -> float | None:
    """The x of a free vertical strip near the middle of the page with a column of text on each
    side of it, or None for a one-column page."""
    best: tuple[int, float, float] | None = None
    for step in range(30, 71):
        x = width * step / 100
        crossing = sum(1 for r in rows if r.x0 < x < r.x1)
        key = (crossing, abs(step - 50), x)
        if best is None or key < best:
            best = key
    if best is None:
        return None
    crossing, _, x = best
    left = [r for r in rows if r.x1 <= x]
    right = [r for r in rows if r.x0 >= x]
    if len(left) < 3 or len(right) < 3 or crossing > 0.25 * len(rows):
        return None
    # Columns of text are wide; a label beside its text or a narrow list is not a column.
    widest_left, widest_right = max(r.x1 - r.x0 for r in left), max(r.x1 - r.x0 for r in right)
    if min(widest_left, widest_right) < 0.15 * width or max(widest_left, widest_right) < 0.3 * width:
        return None
    return x


def mark_paragraphs(rows: list[Row]) -> None:
    """Set `gap_before` where a row starts a new block: a vertical gap wider than the usual line
    spacing of its type size, a change of font size or weight, or a jump back up (the next column)."""
    steps: dict[float, list[float]] = {}
    for a, b in zip(rows, rows[1:], strict=False):
        if 0 < b.top - a.top < 3 * a.size and abs(a.size - b.size) <= 0.12 * a.size:
            steps.setdefault(round(a.size), []).append(b.top - a.top)
    # The usual spacing per type size: a chart's tightly set labels do not make prose look spaced.
    spacing = {size: median(found) for size, found in steps.items()}
    widths = sorted(r.x1 - r.x0 for r in rows)
    full = widths[int(0.8 * (len(widths) - 1))] if widths else 0.0
    for a, b in zip(rows, rows[1:], strict=False):
        step = b.top - a.top
        if step <= 0.3 * a.size:
            continue  # cells of one table line, side by side
        normal = spacing.get(round(a.size)) or 1.25 * a.size
        resized = abs(a.size - b.size) > 0.12 * a.size
        # Bold words inside a sentence ("… i form av *enskild undervisning* eller …") fill a line
        # that goes on: a change of weight starts a block only after a short or finished line.
        reweighted = a.bold != b.bold and (a.x1 - a.x0 < 0.9 * full or a.text.endswith(tuple(".:?!")))
        b.gap_before = step > normal * 1.35 or step < 0 or resized or reweighted

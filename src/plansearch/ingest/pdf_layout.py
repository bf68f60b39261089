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
from dataclasses import dataclass, field
from statistics import median

# Spacing accents that LaTeX fonts draw over a letter, and the combining mark each stands for.
ACCENTS = {
    "\u00a8": "\u0308", "\u02da": "\u030a", "\u00b4": "\u0301", "`": "\u0300",
    "\u02c6": "\u0302", "\u02dc": "\u0303", "\u02c7": "\u030c", "^": "\u0302", "~": "\u0303",
}
LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
WORD_GAP = 0.18  # a gap wider than this share of the font size separates words
SEGMENT_GAP = 1.2  # ... and wider than this, columns or table cells


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
    chars: list[Char] = field(default_factory=list, repr=False)


def merge_accents(chars: list[Char]) -> list[Char]:
    """Join spacing accents to the letter under them: ("¨", "o") -> "ö". Accents with no letter
    under them (a real "^" in running text) stay as they are."""
    accents = [c for c in chars if c.text in ACCENTS]
    if not accents:
        return chars
    letters = [c for c in chars if c.text.isalpha()]
    used: set[int] = set()
    for accent in accents:
        best, best_cost = None, 1e9
        cx = (accent.x0 + accent.x1) / 2
        for letter in letters:
            width = max(letter.x1 - letter.x0, 0.3 * letter.size)
            dx = abs((letter.x0 + letter.x1) / 2 - cx)
            # The accent sits on the letter: horizontally over it, vertically above its middle.
            if dx > 0.75 * width or not (letter.top - 0.8 * letter.size <= accent.mid <= letter.mid):
                continue
            cost = dx + abs(accent.bottom - letter.top)
            if cost < best_cost:
                best, best_cost = letter, cost
        if best is not None:
            best.text = unicodedata.normalize("NFC", best.text + ACCENTS[accent.text])
            used.add(id(accent))
    return [c for c in chars if id(c) not in used]


def page_rows(chars: list[Char], width: float) -> list[Row]:
    """The rows of a page in reading order: full-width rows top to bottom, and where the text
    runs in two columns, the left column before the right one."""
    rows = _segments(_lines(merge_accents(chars)))
    return _reading_order(rows, width)


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
            if current and char.x0 - current[-1].x1 > SEGMENT_GAP * size and char.text != " ":
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
    bold = sum(c.bold for c in body) > 0.6 * len(body)
    return Row(
        unicodedata.normalize("NFC", text), min(c.x0 for c in body), max(c.x1 for c in body),
        min(c.top for c in body), max(c.bottom for c in body), size, bold, chars=chars,
    )


def _superscript(char: Char, prev: Char, size: float) -> bool:
    return char.text.isdigit() and char.size < 0.8 * size and char.bottom < prev.bottom - 0.2 * size


def _reading_order(rows: list[Row], width: float) -> list[Row]:
    """Bands of rows that overlap vertically; consecutive bands split by the same gutter form a
    two-column region read left column first."""
    rows.sort(key=lambda r: (r.top, r.x0))
    bands: list[list[Row]] = []
    bottom = -1e9
    for row in rows:
        if bands and row.top < bottom - 0.1 * row.size:
            bands[-1].append(row)
            bottom = max(bottom, row.bottom)
        else:
            bands.append([row])
            bottom = row.bottom
    ordered: list[Row] = []
    region: list[Row] = []
    gutter: tuple[float, float] | None = None
    for band in bands:
        found = _gutter(band, width)
        if gutter is not None and (found is None or found[0] > gutter[1] or found[1] < gutter[0]):
            # The band crosses the gutter: a caption or a full-width heading ends the region.
            if found is None and all(r.x1 <= gutter[0] or r.x0 >= gutter[1] for r in band):
                region.extend(band)  # a band on one side only (the other column's gap) continues it
                continue
            ordered.extend(_columns(region, gutter))
            region, gutter = [], None
        if found is not None:
            gutter = found if gutter is None else (max(gutter[0], found[0]), min(gutter[1], found[1]))
            region.extend(band)
        else:
            ordered.extend(sorted(band, key=lambda r: (r.top, r.x0)))
    if region and gutter is not None:
        ordered.extend(_columns(region, gutter))
    return ordered


def _gutter(band: list[Row], width: float) -> tuple[float, float] | None:
    """A free vertical strip near the middle of the page with prose on both sides of it."""
    left = [r for r in band if r.x1 <= width * 0.6]
    right = [r for r in band if r.x0 >= width * 0.4]
    if not left or not right or len(left) + len(right) < len(band):
        return None
    lo, hi = max(r.x1 for r in left), min(r.x0 for r in right)
    if hi - lo < 0.5 * median(r.size for r in band):
        return None
    # Columns of prose are wide; a table's cells or a label beside its text are not.
    if max(r.x1 - r.x0 for r in left) < 0.28 * width or max(r.x1 - r.x0 for r in right) < 0.28 * width:
        return None
    return lo, hi


def _columns(region: list[Row], gutter: tuple[float, float]) -> list[Row]:
    left = sorted((r for r in region if r.x1 <= gutter[1]), key=lambda r: (r.top, r.x0))
    right = sorted((r for r in region if r.x1 > gutter[1]), key=lambda r: (r.top, r.x0))
    return left + right


def mark_paragraphs(rows: list[Row]) -> None:
    """Set `gap_before` where a row starts a new block: a vertical gap wider than the usual line
    spacing, a change of font size or weight, or a jump back up (the next column)."""
    steps = [b.top - a.top for a, b in zip(rows, rows[1:], strict=False) if 0 < b.top - a.top < 3 * a.size]
    spacing = median(steps) if steps else 0.0
    for a, b in zip(rows, rows[1:], strict=False):
        step = b.top - a.top
        same_font = abs(a.size - b.size) <= 0.12 * a.size and a.bold == b.bold
        if step <= 0.3 * a.size:
            continue  # cells of one table line, side by side
        normal = spacing if spacing and abs(spacing - 1.2 * a.size) < 0.6 * a.size else 1.25 * a.size
        b.gap_before = step > normal * 1.35 or step < 0 or not same_font

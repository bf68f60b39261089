"""What a reader skips on a PDF page: running headers and footers, page numbers, contents pages
and a chart's number labels. Works on the rows of every page at once (pages: list of rows)."""

from __future__ import annotations

import re
from collections import Counter

from plansearch.ingest.pdf_layout import Row

MARGIN = 0.075  # share of the page height at the top and the bottom where running lines sit
# A contents line: a dot leader, then the page number (and an anchor that some tools print).
TOC_ROW = re.compile(r"(?:(?:\.\s?){4,}|…)\s*\d{0,4}(?:\s*\(#[\d.]+\))?$")
CONTENTS = re.compile(r"^(?:innehåll|innehållsförteckning|contents)\b", re.IGNORECASE)
NUMBER = re.compile(r"^[-−–]?\d[\d\s]*(?:[,.]\d+)?\s?%?$")


def _shape(text: str) -> str:
    """A running line with its numbers removed: "34 Kapitel 3 · Allergi" and "Kapitel 3 · Allergi 35"
    are the same footer."""
    return " ".join(re.sub(r"\d+", " ", text.lower()).split())


def drop_running_lines(pages: list[list[Row]], heights: list[float]) -> None:
    """Remove running headers and footers (top or bottom margin, repeated on three pages or more
    with digits ignored, or a bare page number) and table-of-contents rows."""
    margin: list[list[Row]] = []
    for rows, height in zip(pages, heights, strict=True):
        margin.append([r for r in rows if r.text and (r.bottom <= MARGIN * height or r.top >= (1 - MARGIN) * height)])
    counts = Counter(_shape(r.text) for rows in margin for r in {_shape(r.text): r for r in rows}.values())
    need = 3 if len(pages) > 3 else 2
    for k, rows in enumerate(pages):
        drop = {id(r) for r in margin[k] if counts[_shape(r.text)] >= need or not _shape(r.text).strip("()/· -")}
        drop |= _chart_labels(rows)
        toc = [i for i, r in enumerate(rows) if TOC_ROW.search(r.text)]
        # A contents page: its list and what follows on the page go, a cover title above it stays.
        cut = toc[0] if len(toc) >= 3 and len(toc) >= 0.3 * len(rows) else len(rows)
        cut = next((i for i, r in enumerate(rows[:cut]) if CONTENTS.match(r.text)), cut) if cut < len(rows) else cut
        pages[k] = [
            r for i, r in enumerate(rows[:cut])
            if id(r) not in drop and not TOC_ROW.search(r.text) and not _bare_number(r)
        ]


def _chart_labels(rows: list[Row]) -> set[int]:
    """Numbers with no words on their line ("8,1", "7,6", "45 %"), four or more on a page: a chart's
    data labels or axis, which say nothing without the chart. A number in a table's line has words
    beside it (its row's name)."""
    numbers = [r for r in rows if not hasattr(r, "table") and len(r.text) <= 12 and NUMBER.match(r.text)]
    words = [r for r in rows if not NUMBER.match(r.text)]
    alone = [r for r in numbers if not any(o.top < r.bottom and r.top < o.bottom for o in words)]
    return {id(r) for r in alone} if len(alone) >= 4 else set()


def _bare_number(row: Row) -> bool:
    """A page number or a chapter tab ("3") on a line of its own."""
    return not hasattr(row, "table") and len(row.text) <= 3 and row.text.isdigit()

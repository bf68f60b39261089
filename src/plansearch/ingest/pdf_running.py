"""What a reader skips on a PDF page: running headers and footers, page numbers, contents pages
and a chart's number labels. Works on the rows of every page at once (pages: list of rows)."""

from __future__ import annotations

import re
from collections import Counter

from plansearch.ingest.pdf_layout import Row
from plansearch.ingest.pdf_title import body_size

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
    with digits ignored, or repeating a heading of the document, or a bare page number), lines
    that stand where a running header stands on three pages or more, and table-of-contents rows."""
    margin: list[list[Row]] = []
    for rows, height in zip(pages, heights, strict=True):
        margin.append([r for r in rows if r.text and (r.bottom <= MARGIN * height or r.top >= (1 - MARGIN) * height)])
    counts = Counter(_shape(r.text) for rows in margin for r in {_shape(r.text): r for r in rows}.values())
    need = 3 if len(pages) > 3 else 2
    titles = _heading_shapes(pages, margin)
    placed = _placed_running(pages, heights)
    body = body_size(pages)
    for k, rows in enumerate(pages):
        drop = {
            id(r) for r in margin[k]
            if counts[_shape(r.text)] >= need or _shape(r.text) in titles or not _shape(r.text).strip("()/· -")
        }
        # Not a heading in large type that a footer repeats ("Kapitel 2 · Anemi" over its chapter).
        drop |= {id(r) for r in rows if r.text in placed and r.size < 1.15 * body and not hasattr(r, "table")}
        for r in rows:
            table = getattr(r, "table", None)
            if table is not None:  # a running header is no table's caption
                table.caption_lines = [c for c in table.caption_lines if c not in placed]
        toc = [i for i, r in enumerate(rows) if TOC_ROW.search(r.text)]
        # A contents page: its list and what follows on the page go, a cover title above it stays.
        # Its page and section numbers, each a row of its own, do not count as lines of text.
        texts = sum(1 for r in rows if not _bare_number(r))
        cut = toc[0] if len(toc) >= 3 and len(toc) >= 0.3 * texts else len(rows)
        cut = next((i for i, r in enumerate(rows[:cut]) if CONTENTS.match(r.text)), cut) if cut < len(rows) else cut
        drop |= _chart_labels(rows)
        pages[k] = [
            r for i, r in enumerate(rows[:cut])
            if id(r) not in drop and not TOC_ROW.search(r.text) and not _bare_number(r)
        ]


def _heading_shapes(pages: list[list[Row]], margin: list[list[Row]]) -> set[str]:
    """The texts (numbers left out) of the lines in heading type outside the margins. A margin
    line that repeats one ("4 RESULTAT" over the pages of section 4 "Resultat", a chapter's footer
    on its only page) is a running line however few pages the section has."""
    body = body_size(pages)
    in_margin = {id(r) for rows in margin for r in rows}
    return {
        _shape(r.text) for rows in pages for r in rows
        if r.size >= 1.15 * body and id(r) not in in_margin and any(ch.isalpha() for ch in r.text)
    }


def _placed_running(pages: list[list[Row]], heights: list[float]) -> set[str]:
    """Texts that stand at the same height in the top or bottom quarter of three pages or more
    (a list's running header "REKOMMENDERADE LÄKEMEDEL" just below the margin), in the type of
    the text, not of headings: running headers wherever else they are printed too. A heading
    that recurs ("Behandling") stands at a different height on each page. A ruled list's first
    caption counts at the height of its box."""
    body = body_size(pages)
    seen: dict[tuple[str, int], set[int]] = {}
    for k, (rows, height) in enumerate(zip(pages, heights, strict=True)):
        for r in rows:
            table = getattr(r, "table", None)
            # A table's box runs down the page; its caption stands at its top.
            band = (r.top if table is not None else r.bottom) <= 0.25 * height or r.top >= 0.75 * height
            # A ruled list's running header is drawn inside its box, as the table's first caption.
            text = (table.caption_lines[:1] or [""])[0] if table is not None else r.text
            if band and (table is not None or r.size < 1.15 * body) and sum(ch.isalpha() for ch in text) >= 4:
                seen.setdefault((text, round(r.top / 2)), set()).add(k)
    return {text for (text, _), found in seen.items() if len(found) >= 3}


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

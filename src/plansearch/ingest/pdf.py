"""Read a PDF into lines with page numbers: pdfium's characters laid out in reading order
(pdf_layout.py), ruled tables as tab-separated rows (pdf_tables.py), scanned pages through OCR
(ocr.py), running headers and footers and tables of contents left out, headings marked.

Why pdfium: measured on ../shared/pdfs/ it reads 1-6 ms a page against 10-144 ms for pypdf and
46-230 ms for pdfplumber, and it never emits glyph names ("/two.pnum") or ligatures; its
per-character boxes let us join LaTeX's spacing accents to their letters. Ruled tables come from
pdfium's path objects through pdfplumber's table algorithm (pdf_tables.py).

Output: `PdfLines`, a list of `Line` with the document's `title` (metadata or first large
heading, or an OCR'd first page's first heading line, "" when none is a real title), `ocr_pages`
and `ocr_seconds`, and `unread` naming the
scanned pages left out when tesseract is not installed (the ingest reports them and exits with 3).
Errors: UnreadableFile for encrypted, damaged, too long or textless PDFs, for PDFs whose only
text is on scanned pages when tesseract is not installed (naming the pages), and for scans in
which OCR found no text (saying so, not asking for OCR).
"""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

from plansearch.errors import UnreadableFile
from plansearch.ingest import ocr
from plansearch.ingest.blocks import BULLET
from plansearch.ingest.pdf_chars import display, has_images, page_chars
from plansearch.ingest.pdf_layout import Char, Row, mark_paragraphs, page_rows
from plansearch.ingest.pdf_running import drop_running_lines
from plansearch.ingest.pdf_tables import Table, find_tables, table_lines
from plansearch.ingest.pdf_title import body_size, ocr_title, pdf_title
from plansearch.models import Line
from plansearch.text.swedish import FUNCTION_WORDS

ITEM = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+\S")
MARKDOWN = re.compile(r"^(#{1,6}) \S")


class PdfLines(list[Line]):
    """The lines of a PDF, with what the reader learnt about it."""

    title: str = ""
    ocr_pages: tuple[int, ...] = ()
    ocr_seconds: float = 0.0
    unread: str = ""  # "pages 2–3 not indexed: …" when scanned pages could not be OCR'd


def read_pdf(path: Path, max_pages: int) -> PdfLines:
    """Lines of a PDF in reading order. Raises UnreadableFile with the reason."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise UnreadableFile(path, "encrypted PDF (password protected); save an unprotected copy") from None
        raise UnreadableFile(path, f"corrupt PDF ({exc})") from None
    try:
        if len(doc) > max_pages:
            raise UnreadableFile(path, f"too many pages ({len(doc)}; the limit is {max_pages}, PLANSEARCH_MAX_PDF_PAGES)")
        return _read(path, doc)
    finally:
        doc.close()


def _read(path: Path, doc: Any) -> PdfLines:
    pages: list[list[Row]] = []
    heights: list[float] = []
    scanned: list[int] = []
    for number in range(1, len(doc) + 1):
        page = doc[number - 1]
        width, height = page.get_size()
        heights.append(height)
        chars = page_chars(page)
        if not any(c.text.strip() for c in chars):
            if has_images(page):
                scanned.append(number)
            pages.append([])
        else:
            tables = _tables(page, chars)
            chars = [c for c in chars if not any(_inside(c, t) for t in tables)]
            rows = page_rows(chars, width, [_table_row(t) for t in tables])
            mark_paragraphs(rows)
            pages.append(rows)
        page.close()  # a long PDF's pages are not kept in memory until the document closes
    ocr_text: dict[int, str] = {}
    seconds = 0.0
    unread = ""
    if scanned and not ocr.available():
        unread = unread_note(scanned)
        if not any(rows for rows in pages):
            raise UnreadableFile(path, unread.replace(" not indexed:", ":"))
    elif scanned:
        start = time.perf_counter()
        for number in scanned:
            try:
                ocr_text[number] = ocr.ocr_page(doc[number - 1])
            except Exception as exc:  # tesseract failing on one page must name the page
                raise UnreadableFile(path, f"OCR of page {number} failed ({type(exc).__name__}: {exc})") from None
        seconds = time.perf_counter() - start
    had_text = any(rows for rows in pages)
    drop_running_lines(pages, heights)
    if had_text and not ocr_text and not any(rows for rows in pages):
        raise UnreadableFile(path, "no text left after cleaning (only running headers, page numbers or links)")
    lines = PdfLines(_emit(pages, ocr_text))
    lines.title = pdf_title(doc, pages)
    first_page = min((n for n, rows in enumerate(pages, 1) if rows or n in ocr_text), default=0)
    if not lines.title and ocr_text and min(ocr_text) == first_page:
        # A scanned first page has no type sizes to find its heading by; its first line that
        # stands as a heading (short, no full stop, a blank line after it) is the title.
        lines.title = ocr_title([ocr_text[n] for n in sorted(ocr_text)])
    lines.ocr_pages = tuple(sorted(ocr_text))
    lines.ocr_seconds = seconds
    lines.unread = unread
    if not any(line.text.strip() for line in lines):
        if ocr_text:  # OCR ran and read nothing: blank or unreadable scans, not a missing OCR step
            raise UnreadableFile(path, f"no text found: OCR read {page_list(sorted(ocr_text))} and found no text (blank or unreadable scan)")
        raise UnreadableFile(path, "PDF has no text layer (scanned?); run OCR on it first")
    return lines


def _tables(page: Any, chars: list[Char]) -> list[Table]:
    try:
        return find_tables(page, display(page), chars)
    except Exception:  # the table finder failing on one page costs that page its tables only
        return []


def _inside(char: Char, table: Table) -> bool:
    x = (char.x0 + char.x1) / 2
    return table.x0 <= x <= table.x1 and table.top <= char.mid <= table.bottom


def _table_row(table: Table) -> Row:
    row = Row("", table.x0, table.x1, table.top, table.bottom, 0.0, False, gap_before=True)
    row.table = table  # type: ignore[attr-defined]
    return row


def _emit(pages: list[list[Row]], ocr_text: dict[int, str]) -> list[Line]:
    """Lines with blank lines between blocks; large-type lines as Markdown headings by size."""
    sizes: Counter[float] = Counter()
    for rows in pages:
        for row in rows:
            sizes[round(row.size * 2) / 2] += len(row.text)
    body = body_size(pages)
    # A heading size is one that heads two blocks or more; a size used once is a cover or a stray.
    rows_of = Counter(round(r.size * 2) / 2 for rows in pages for r in rows if r.text)
    heading_sizes = sorted({s for s in sizes if s >= 1.15 * body and rows_of[s] >= 2}, reverse=True)[:3]
    out: list[Line] = []
    header: list[str] | None = None  # the column names of the last table, while it may go on
    last_table_page = 0
    for number, rows in enumerate(pages, 1):
        if last_table_page < number - 1:
            header = None  # a page without a table between: the next table is another one
        if number in ocr_text:
            out.append(Line("", number))
            out.extend(Line(t, number) for t in ocr_text[number].replace("\f", "").split("\n"))
            continue
        for block in _blocks(rows, heading_sizes):
            table = getattr(block[0], "table", None)
            if table is not None:
                # Only the first table of a page can go on from the page before.
                carried = header if last_table_page == number - 1 else None
                out.append(Line("", number))
                out.extend(Line(t, number) for t in table_lines(table, carried))
                out.append(Line("", number))
                header, last_table_page = table.header or carried, number
                continue
            out.append(Line("", number))
            level = _heading_level(block, heading_sizes, body)
            if level:
                # Large type in a short block: a heading, marked so that structure.py nests it.
                words = _once(" ".join(dict.fromkeys(r.text for r in block)))  # a heading drawn twice, once
                out.extend([Line(f"{'#' * level} {words}", number), Line("", number)])
            else:
                out.extend(Line(r.text, number) for r in block)
    return _agenda_levels(out)


def _once(title: str) -> str:
    """A heading whose label comes twice ("Kapitel 7 · Kapitel 7 - Enures"), as a generator joins a
    chapter's label and its title that already begins with it: the title alone ("Kapitel 7 - Enures")."""
    for sep in (" · ", " | ", ": "):
        label, found, rest = title.partition(sep)
        if found and label and rest.startswith(label) and rest != label:
            return rest
    return title


AGENDA = re.compile(r"^(#{1,4}) (\d{1,2})\. \S")


def _agenda_levels(lines: list[Line]) -> list[Line]:
    """Numbered headings that count 1, 2, 3 … ("1. Bakgrund", "5. Nästa möte", a meeting's agenda
    items, set in body type and bold) are siblings at one level: the level of the heading just
    before the first of them ("Deltagare"), never below it, and one below the document's title. A
    heading between two of them (a line set large in the notes of item 4) goes inside the item
    before it, so that it does not become the parent of the items after it."""
    heads = [(i, len(m.group(1)), int(m.group(2))) for i, line in enumerate(lines) if (m := AGENDA.match(line.text))]
    items: list[tuple[int, int]] = []
    for i, level, num in heads:
        if num == len(items) + 1:
            items.append((i, level))
    if len(items) < 3:
        return lines
    first, last = items[0][0], items[-1][0]
    levels = [(i, len(m.group(1))) for i, line in enumerate(lines) if (m := MARKDOWN.match(line.text))]
    before = [lv for i, lv in levels if i < first]
    top = min(before, default=1)
    # One level below a title that stands alone at the top; otherwise the level of the heading before.
    level = max(top + 1, before[-1]) if before and before.count(top) == 1 else (before[-1] if before else items[0][1])
    level = min(level, items[0][1], 4)
    numbered = {i for i, _ in items}
    out = list(lines)
    for i, lv in levels:
        text = lines[i].text.lstrip("#").lstrip()
        if i in numbered:
            out[i] = Line(f"{'#' * level} {text}", lines[i].page)
        elif first < i < last and lv <= level:
            out[i] = Line(f"{'#' * min(level + 1, 6)} {text}", lines[i].page)
    return out


def _blocks(rows: list[Row], heading_sizes: list[float] | None = None) -> list[list[Row]]:
    """Rows split where a new block starts; a table is a block of its own."""
    blocks: list[list[Row]] = []
    sizes = set(heading_sizes or ())
    for row in rows:
        # A line in heading type and the next line in other type are two blocks, also where a
        # dropped line stood between them and hid the change (a chapter tab "8" in the margin
        # between "Kapitel 8 · Gynekologi" and "Vulvovaginiter").
        before = blocks[-1][-1] if blocks else None
        resized = bool(
            before is not None and abs(before.size - row.size) > 0.12 * max(before.size, row.size)
            and sizes & {round(before.size * 2) / 2, round(row.size * 2) / 2}
        )
        # A bold numbered line ("3. Presentation av deltagare") starts an item of its own.
        item = row.bold and ITEM.match(row.text)
        # ... and its notes, when they start a new sentence in regular weight under it, are not part
        # of its line: "4. Konceptuell genomgång (Matthias)" / "Diskussioner:". A wrapped item goes
        # on in lower case ("1. Utredning av symtom, tänkbara" / "orsaker och …").
        after_item = bool(
            blocks and len(blocks[-1]) == 1 and blocks[-1][0].bold and ITEM.match(blocks[-1][0].text)
            and not row.bold and row.text[:1].isupper()
        )
        if not blocks or row.gap_before or item or after_item or resized or hasattr(row, "table") or hasattr(blocks[-1][-1], "table"):
            blocks.append([row])
        else:
            blocks[-1].append(row)
    return blocks


def _heading_level(block: list[Row], heading_sizes: list[float], body: float) -> int | None:
    """1-3 for a block of one or two short lines in large type, the next level for a short bold
    line in body type ("Kalciumantagonister (amlodipin)"), else None."""
    if len(block) > 2 or sum(len(r.text) for r in block) > 150 or not any(ch.isalpha() for r in block for ch in r.text):
        return None
    size = min(round(r.size * 2) / 2 for r in block)
    # Only the sizes that head blocks; a larger size used once (a cover, a stray label) is not one.
    if size in heading_sizes:
        return heading_sizes.index(size) + 1
    text = " ".join(r.text for r in block)
    # Bold words that end a sentence or lead into a list ("OBS! …!", "Hälso- och sjukvården bör:")
    # are emphasis, not headings.
    if (
        all(r.bold for r in block) and abs(size - body) <= 1 and len(text) <= 120
        and not text.endswith(tuple(".!:;,-")) and not BULLET.match(text)
        and text.rsplit(" ", 1)[-1].lower() not in FUNCTION_WORDS  # "… under 24 timmar ger" goes on
    ):
        return min(len(heading_sizes) + 1, 4)
    return None


def unread_note(scanned: list[int]) -> str:
    """What the ingest says about scanned pages it cannot read."""
    return (
        f"{page_list(scanned)} not indexed: no text layer (scanned) and tesseract with its Swedish model "
        "(Debian: tesseract-ocr, tesseract-ocr-swe) is not installed"
    )


def unread_pages(path: Path) -> str:
    """The note on a PDF's scanned pages when tesseract is missing, "" otherwise: a quick look at
    each page's text and images, for a PDF that the ingest keeps from the last index unread (so
    that it is named on every ingest, not only the first)."""
    import pypdfium2 as pdfium

    if ocr.available():
        return ""
    scanned: list[int] = []
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return ""
    try:
        for number in range(1, len(doc) + 1):
            page = doc[number - 1]
            textpage = page.get_textpage()
            if not textpage.get_text_range().strip() and has_images(page):
                scanned.append(number)
            textpage.close()
            page.close()
    finally:
        doc.close()
    return unread_note(scanned) if scanned else ""


def page_list(pages: list[int] | tuple[int, ...]) -> str:
    """[2, 3, 7] -> "pages 2–3, 7"."""
    spans: list[list[int]] = []
    for p in pages:
        if spans and p == spans[-1][-1] + 1:
            spans[-1].append(p)
        else:
            spans.append([p])
    text = ", ".join(f"{s[0]}–{s[-1]}" if len(s) > 1 else str(s[0]) for s in spans)
    return f"page{'s' if len(pages) > 1 else ''} {text}"

"""Read a PDF into lines with page numbers: pdfium's characters laid out in reading order
(pdf_layout.py), ruled tables as tab-separated rows (pdf_tables.py), scanned pages through OCR
(ocr.py), running headers and footers and tables of contents left out, headings marked.

Why pdfium: measured on ../shared/pdfs/ it reads 1-6 ms a page against 10-144 ms for pypdf and
46-230 ms for pdfplumber, and it never emits glyph names ("/two.pnum") or ligatures; its
per-character boxes let us join LaTeX's spacing accents to their letters. pdfplumber is used only
for the cell boxes of ruled tables, on pages that draw lines.

Output: `PdfLines`, a list of `Line` with the document's `title` (metadata or first large
heading, "" when neither is a real title) and `ocr_pages`, `ocr_seconds`.
Errors: UnreadableFile for encrypted, damaged, too long or textless PDFs, and for PDFs with
scanned pages when tesseract is not installed (naming the pages).
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from pathlib import Path
from statistics import median
from typing import Any

from plansearch.errors import UnreadableFile
from plansearch.ingest import ocr
from plansearch.ingest.pdf_layout import Char, Row, mark_paragraphs, page_rows
from plansearch.ingest.pdf_tables import Table, find_tables, table_lines
from plansearch.models import Line

logging.getLogger("pdfminer").setLevel(logging.ERROR)

MARGIN = 0.075  # share of the page height at the top and the bottom where running lines sit
TOC_ROW = re.compile(r"(?:\.\s?){3,}\s*\d{1,4}$|…\s*\d{1,4}$")
ENDS_IN_NUMBER = re.compile(r"\s\d{1,4}$")
NOT_TITLES = re.compile(r"^(?:innehåll|innehållsförteckning|contents|sida \d|untitled|microsoft word)", re.IGNORECASE)
URLISH = re.compile(r"(?:https?://|www\.|\.(?:se|com|org|nu|net)\b)", re.IGNORECASE)
MIN_RULES = 4  # path objects on a page before it is worth looking for ruled tables


class PdfLines(list[Line]):
    """The lines of a PDF, with what the reader learnt about it."""

    title: str = ""
    ocr_pages: tuple[int, ...] = ()
    ocr_seconds: float = 0.0


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
    plumber = _Plumber(path)
    for number in range(1, len(doc) + 1):
        page = doc[number - 1]
        width, height = page.get_size()
        chars = _chars(page, height)
        if not any(c.text.strip() for c in chars):
            if _has_images(page):
                scanned.append(number)
            pages.append([])
            heights.append(height)
            continue
        tables = plumber.tables(number, chars) if _path_count(page) >= MIN_RULES else []
        chars = [c for c in chars if not any(_inside(c, t) for t in tables)]
        rows = page_rows(chars, width)
        rows = _place_tables(rows, tables)
        mark_paragraphs(rows)
        pages.append(rows)
        heights.append(height)
    plumber.close()
    ocr_text: dict[int, str] = {}
    seconds = 0.0
    if scanned:
        if not ocr.available():
            raise UnreadableFile(path, f"{_page_list(scanned)} {'has' if len(scanned) == 1 else 'have'} no text layer (scanned) and tesseract with Swedish (tesseract-ocr, tesseract-ocr-swe) is not installed to read {'it' if len(scanned) == 1 else 'them'}")
        start = time.perf_counter()
        for number in scanned:
            try:
                ocr_text[number] = ocr.ocr_page(doc[number - 1])
            except Exception as exc:  # tesseract failing on one page must name the page
                raise UnreadableFile(path, f"OCR of page {number} failed ({type(exc).__name__}: {exc})") from None
        seconds = time.perf_counter() - start
    _drop_running_lines(pages, heights)
    lines = PdfLines(_emit(pages, ocr_text))
    lines.title = _title(doc, pages)
    lines.ocr_pages = tuple(scanned)
    lines.ocr_seconds = seconds
    if not any(line.text.strip() for line in lines):
        raise UnreadableFile(path, "PDF has no text layer (scanned?); run OCR on it first")
    return lines


def _chars(page: Any, height: float) -> list[Char]:
    """Every character drawn on the page with its box; pdfium's generated line breaks dropped."""
    import ctypes

    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    handle = textpage.raw
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    out: list[Char] = []
    for k in range(raw.FPDFText_CountChars(handle)):
        code = raw.FPDFText_GetUnicode(handle, k)
        if code in (0, 0xFFFE, 0xFFFF) or code in (10, 13) or raw.FPDFText_IsGenerated(handle, k) == 1 and code != 32:
            continue
        text = chr(code)
        if code < 32 or 0x7F <= code < 0xA0:
            text = "•" if code not in (9, 32) else " "  # LaTeX bullets come as control codes
        raw.FPDFText_GetLooseCharBox(handle, k, ctypes.byref(_rect := raw.FS_RECTF()))
        raw.FPDFText_GetCharBox(handle, k, left, right, bottom, top)
        size = _rect.top - _rect.bottom
        if size <= 0:
            size = raw.FPDFText_GetFontSize(handle, k) or 10.0
        bold = raw.FPDFText_GetFontWeight(handle, k) >= 600
        x0, x1 = (left.value, right.value) if right.value > left.value else (_rect.left, _rect.right)
        out.append(Char(text, x0, x1, height - _rect.top, height - _rect.bottom, size, bold))
    textpage.close()
    return out


def _has_images(page: Any) -> bool:
    import pypdfium2.raw as raw

    return any(True for _ in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2))


def _path_count(page: Any) -> int:
    import pypdfium2.raw as raw

    return sum(1 for _ in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,), max_depth=1))


def _inside(char: Char, table: Table) -> bool:
    x = (char.x0 + char.x1) / 2
    return table.x0 <= x <= table.x1 and table.top <= char.mid <= table.bottom


class _Plumber:
    """pdfplumber opened once per file, only when a page draws enough lines for a table."""

    def __init__(self, path: Path):
        self.path = path
        self.pdf: Any = None
        self.header: list[str] | None = None  # the last table's column names, for its next page

    def tables(self, number: int, chars: list[Char]) -> list[Table]:
        try:
            if self.pdf is None:
                import pdfplumber

                self.pdf = pdfplumber.open(self.path)
            found = find_tables(self.pdf.pages[number - 1], chars)
        except Exception:  # a table finder failing on one page costs that page its tables only
            return []
        return found

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()


def _place_tables(rows: list[Row], tables: list[Table]) -> list[Row]:
    """Tables go in as rows of their own (text with line breaks) before the first row below them."""
    if not tables:
        return rows
    out: list[Row] = []
    pending = sorted(tables, key=lambda t: t.top)
    for row in rows:
        while pending and pending[0].top <= row.top and row.x1 > pending[0].x0 and row.x0 < pending[0].x1:
            out.append(_table_row(pending.pop(0)))
        out.append(row)
    out.extend(_table_row(t) for t in pending)
    return out


def _table_row(table: Table) -> Row:
    row = Row("", table.x0, table.x1, table.top, table.bottom, 0.0, False, gap_before=True)
    row.table = table  # type: ignore[attr-defined]
    return row


def _shape(text: str) -> str:
    """A running line with its numbers removed: "34 Kapitel 3 · Allergi" and "Kapitel 3 · Allergi 35"
    are the same footer."""
    return " ".join(re.sub(r"\d+", " ", text.lower()).split())


def _drop_running_lines(pages: list[list[Row]], heights: list[float]) -> None:
    """Remove running headers and footers (top or bottom margin, repeated on three pages or more
    with digits ignored, or a bare page number) and table-of-contents rows."""
    margin: list[list[Row]] = []
    for rows, height in zip(pages, heights, strict=True):
        margin.append([r for r in rows if r.text and (r.bottom <= MARGIN * height or r.top >= (1 - MARGIN) * height)])
    counts = Counter(_shape(r.text) for rows in margin for r in {_shape(r.text): r for r in rows}.values())
    need = 3 if len(pages) > 3 else 2
    for k, rows in enumerate(pages):
        drop = {id(r) for r in margin[k] if counts[_shape(r.text)] >= need or not _shape(r.text).strip("()/· -")}
        toc = sum(1 for r in rows if TOC_ROW.search(r.text) or ENDS_IN_NUMBER.search(r.text))
        toc_page = toc >= 5 and toc >= 0.4 * len(rows) and any(r.text.lower().startswith("innehåll") for r in rows[:8])
        pages[k] = [r for r in rows if id(r) not in drop and not TOC_ROW.search(r.text) and not toc_page]


def _emit(pages: list[list[Row]], ocr_text: dict[int, str]) -> list[Line]:
    """Lines with blank lines between blocks; large-type lines as Markdown headings by size."""
    sizes = Counter(round(r.size * 2) / 2 for rows in pages for r in rows for _ in range(len(r.text)) if r.text)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    heading_sizes = sorted({s for s in sizes if s >= 1.15 * body and sizes[s] >= 8}, reverse=True)[:3]
    out: list[Line] = []
    header: list[str] | None = None
    for number, rows in enumerate(pages, 1):
        if number in ocr_text:
            out.append(Line("", number))
            out.extend(Line(t, number) for t in ocr_text[number].replace("\f", "").split("\n"))
            continue
        for k, row in enumerate(rows):
            table = getattr(row, "table", None)
            if table is not None:
                lines = table_lines(table, header)
                header = table.header or header
                out.append(Line("", number))
                out.extend(Line(t, number) for t in lines)
                out.append(Line("", number))
                continue
            level = next((i + 1 for i, s in enumerate(heading_sizes) if round(row.size * 2) / 2 >= s), None)
            if level is not None and len(row.text) <= 150 and any(ch.isalpha() for ch in row.text):
                joined = k > 0 and not row.gap_before and out and out[-1].text.startswith("#")
                if joined:
                    out[-1] = Line(f"{out[-1].text} {row.text}", number)
                else:
                    out.extend([Line("", number), Line(f"{'#' * level} {row.text}", number), Line("", number)])
                continue
            if row.gap_before or k == 0:
                out.append(Line("", number))
            out.append(Line(row.text, number))
    return out


def _title(doc: Any, pages: list[list[Row]]) -> str:
    """The metadata title when it is a real title, else the largest line of the first pages."""
    try:
        meta = (doc.get_metadata_value("Title") or "").strip()
    except Exception:
        meta = ""
    if _real_title(meta):
        return meta
    rows = [r for rows in pages[:3] for r in rows if r.text and _real_title(r.text)]
    if not rows:
        return ""
    top = max(r.size for r in rows)
    if top < 1.15 * median(r.size for r in rows):
        return ""
    big = [r for r in rows if r.size >= top - 0.5]
    first = big[0]
    # A title set over two lines of the same size.
    parts = [first.text] + [r.text for r in big[1:3] if r.top - first.bottom < 2 * first.size and r.top > first.top]
    return " ".join(parts)[:200]


def _real_title(text: str) -> bool:
    """Not empty, not a file name, a URL, a product name in capitals or a table-of-contents head."""
    text = text.strip()
    if len(text) < 4 or len(text) > 200 or NOT_TITLES.match(text) or URLISH.search(text):
        return False
    if re.search(r"\.(?:docx?|pdf|indd|pptx?|tex)$", text, re.IGNORECASE) or text.isupper() and len(text.split()) == 1:
        return False
    return sum(ch.isalpha() for ch in text) >= 4


def _page_list(pages: list[int]) -> str:
    """[2, 3, 7] -> "pages 2–3, 7"."""
    spans: list[list[int]] = []
    for p in pages:
        if spans and p == spans[-1][-1] + 1:
            spans[-1].append(p)
        else:
            spans.append([p])
    text = ", ".join(f"{s[0]}–{s[-1]}" if len(s) > 1 else str(s[0]) for s in spans)
    return f"page{'s' if len(pages) > 1 else ''} {text}"

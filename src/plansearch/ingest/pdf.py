"""Read a PDF into lines with page numbers: pdfium's characters laid out in reading order
(pdf_layout.py), ruled tables as tab-separated rows (pdf_tables.py), scanned pages through OCR
(ocr.py), running headers and footers and tables of contents left out, headings marked.

Why pdfium: measured on ../shared/pdfs/ it reads 1-6 ms a page against 10-144 ms for pypdf and
46-230 ms for pdfplumber, and it never emits glyph names ("/two.pnum") or ligatures; its
per-character boxes let us join LaTeX's spacing accents to their letters. Ruled tables come from
pdfium's path objects through pdfplumber's table algorithm (pdf_tables.py).

Output: `PdfLines`, a list of `Line` with the document's `title` (metadata or first large
heading, "" when neither is a real title), `ocr_pages` and `ocr_seconds`, and `unread` naming the
scanned pages left out when tesseract is not installed (the ingest reports them and exits with 3).
Errors: UnreadableFile for encrypted, damaged, too long or textless PDFs, and for PDFs whose only
text is on scanned pages when tesseract is not installed (naming the pages).
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from plansearch.errors import UnreadableFile
from plansearch.ingest import ocr
from plansearch.ingest.blocks import BULLET
from plansearch.ingest.pdf_layout import ACCENTS, Char, Row, mark_paragraphs, page_rows
from plansearch.ingest.pdf_tables import Table, find_tables, table_lines
from plansearch.models import Line
from plansearch.text.swedish import FUNCTION_WORDS

MARGIN = 0.075  # share of the page height at the top and the bottom where running lines sit
# A contents line: a dot leader, then the page number (and an anchor that some tools print).
TOC_ROW = re.compile(r"(?:(?:\.\s?){4,}|…)\s*\d{0,4}(?:\s*\(#[\d.]+\))?$")
NOT_TITLES = re.compile(r"^(?:innehåll|innehållsförteckning|contents|sida \d|untitled|microsoft word)", re.IGNORECASE)
ITEM = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+\S")
NUMBER = re.compile(r"^[-−–]?\d[\d\s]*(?:[,.]\d+)?\s?%?$")
URLISH = re.compile(r"(?:https?://|www\.|\.(?:se|com|org|nu|net)\b)", re.IGNORECASE)


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
        chars = _chars(page)
        if not any(c.text.strip() for c in chars):
            if _has_images(page):
                scanned.append(number)
            pages.append([])
        else:
            tables = _tables(page, chars)
            chars = [c for c in chars if not any(_inside(c, t) for t in tables)]
            rows = _place_tables(page_rows(chars, width), tables)
            mark_paragraphs(rows)
            pages.append(rows)
        page.close()  # a long PDF's pages are not kept in memory until the document closes
    ocr_text: dict[int, str] = {}
    seconds = 0.0
    unread = ""
    if scanned and not ocr.available():
        unread = (
            f"{page_list(scanned)} not indexed: no text layer (scanned) and tesseract with its Swedish model "
            "(Debian: tesseract-ocr, tesseract-ocr-swe) is not installed"
        )
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
    _drop_running_lines(pages, heights)
    if had_text and not ocr_text and not any(rows for rows in pages):
        raise UnreadableFile(path, "no text left after cleaning (only running headers, page numbers or links)")
    lines = PdfLines(_emit(pages, ocr_text))
    lines.title = _title(doc, pages)
    lines.ocr_pages = tuple(sorted(ocr_text))
    lines.ocr_seconds = seconds
    lines.unread = unread
    if not any(line.text.strip() for line in lines):
        raise UnreadableFile(path, "PDF has no text layer (scanned?); run OCR on it first")
    return lines


def display(page: Any) -> Callable[[float, float], tuple[float, float]]:
    """Page space (points, y up, before /Rotate) -> the page as shown (points from the top left).

    A landscape table is often a portrait page whose text runs up the page, turned by /Rotate."""
    rotation = page.get_rotation() % 360
    width, height = page.get_size()  # as shown
    if rotation == 90:
        return lambda x, y: (y, x)
    if rotation == 180:
        return lambda x, y: (width - x, y)
    if rotation == 270:
        return lambda x, y: (width - y, height - x)
    return lambda x, y: (x, height - y)


def _box(to: Callable[[float, float], tuple[float, float]], left: float, right: float, bottom: float, top: float) -> tuple[float, float, float, float]:
    """A page-space box as (x0, x1, top, bottom) on the page as shown."""
    (ax, ay), (bx, by) = to(left, bottom), to(right, top)
    return min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)


def _chars(page: Any) -> list[Char]:
    """Every character drawn on the page with its box; pdfium's generated line breaks dropped."""
    import ctypes

    import pypdfium2.raw as raw

    to = display(page)
    turned = page.get_rotation() % 180 == 90
    textpage = page.get_textpage()
    handle = textpage.raw
    rect = raw.FS_RECTF()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    out: list[Char] = []
    indexes: list[int] = []
    last_object, bold_font = None, False
    fonts: dict[int, bool] = {}
    for k in range(raw.FPDFText_CountChars(handle)):
        if raw.FPDFText_IsGenerated(handle, k) == 1:
            continue  # pdfium's guessed spaces and line breaks; the layout finds its own
        code = raw.FPDFText_GetUnicode(handle, k)
        if code in (0, 10, 13, 0xFFFE, 0xFFFF):
            continue
        if unicodedata.combining(chr(code)) and out:
            # A decomposed letter ("a" + combining ring) drawn as two glyphs: one letter again.
            out[-1].text = unicodedata.normalize("NFC", out[-1].text + chr(code))
            continue
        if code == 2:
            text = "-"  # pdfium's mark for a hyphen at a line end
        elif code < 32 or 0x7F <= code < 0xA0:
            text = " " if code == 9 else "•"  # bullets drawn from a symbol font come as control codes
        elif 0xE000 <= code <= 0xF8FF:
            # Symbol and Wingdings glyphs without a Unicode name (Word's bullets are U+F0B7, U+F0A7,
            # U+F0D8): a bullet at worst, never a character no one can type or search for.
            text = "•"
        elif code == 0xFFFD:
            continue  # a glyph the PDF gives no text for
        else:
            text = chr(code)
        # The loose box spans the glyph's advance, so letters of a word touch and spaces show.
        raw.FPDFText_GetLooseCharBox(handle, k, ctypes.byref(rect))
        size = (rect.right - rect.left) if turned else (rect.top - rect.bottom)
        if size <= 0:
            continue
        text_object = raw.FPDFText_GetTextObject(handle, k)
        address = ctypes.cast(text_object, ctypes.c_void_p).value
        if address != last_object:
            last_object, bold_font = address, _bold_font(text_object, fonts)
        bold = bold_font or raw.FPDFText_GetFontWeight(handle, k) >= 600
        out.append(Char(text, *_box(to, rect.left, rect.right, rect.bottom, rect.top), size, bold))
        indexes.append(k)
    if any(c.text in ACCENTS for c in out):
        # Spacing accents (LaTeX): their drawn boxes and their letters' say which letter each is on.
        for char, k in zip(out, indexes, strict=True):
            if char.text in ACCENTS or char.text.isalpha():
                raw.FPDFText_GetCharBox(handle, k, left, right, bottom, top)
                char.ink = _box(to, left.value, right.value, bottom.value, top.value)
    textpage.close()
    return out


BOLD_NAME = re.compile(r"bold|semibold|demi|black|heavy", re.IGNORECASE)


def _bold_font(text_object: Any, known: dict[int, bool]) -> bool:
    """Whether a text object's font is a bold cut by its name ("SourceSansPro-SemiBold",
    "TimesNewRomanPS-BoldMT"): many PDFs give no weight (pdfium reads 0). `known` caches the
    answers for one page (font handles are only valid while the page is open)."""
    import ctypes

    import pypdfium2.raw as raw

    font = raw.FPDFTextObj_GetFont(text_object) if text_object else None
    key = ctypes.cast(font, ctypes.c_void_p).value or 0 if font else 0
    if key not in known:
        buffer = ctypes.create_string_buffer(256)
        size = raw.FPDFFont_GetBaseFontName(font, buffer, 256) if font else 0
        known[key] = bool(size) and bool(BOLD_NAME.search(buffer.value.decode("latin-1", "replace")))
    return known[key]


def _has_images(page: Any) -> bool:
    import pypdfium2.raw as raw

    return any(True for _ in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2))


def _tables(page: Any, chars: list[Char]) -> list[Table]:
    try:
        return find_tables(page, display(page), chars)
    except Exception:  # the table finder failing on one page costs that page its tables only
        return []


def _inside(char: Char, table: Table) -> bool:
    x = (char.x0 + char.x1) / 2
    return table.x0 <= x <= table.x1 and table.top <= char.mid <= table.bottom


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
        drop |= _chart_labels(rows)
        toc = [i for i, r in enumerate(rows) if TOC_ROW.search(r.text)]
        # A contents page: its list and what follows on the page go, a cover title above it stays.
        cut = toc[0] if len(toc) >= 3 and len(toc) >= 0.3 * len(rows) else len(rows)
        cut = next((i for i, r in enumerate(rows[:cut]) if NOT_TITLES.match(r.text)), cut) if cut < len(rows) else cut
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


def _emit(pages: list[list[Row]], ocr_text: dict[int, str]) -> list[Line]:
    """Lines with blank lines between blocks; large-type lines as Markdown headings by size."""
    sizes: Counter[float] = Counter()
    for rows in pages:
        for row in rows:
            sizes[round(row.size * 2) / 2] += len(row.text)
    body = _body_size(pages)
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
        for block in _blocks(rows):
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
                words = " ".join(dict.fromkeys(r.text for r in block))  # a heading drawn twice, once
                out.extend([Line(f"{'#' * level} {words}", number), Line("", number)])
            else:
                out.extend(Line(r.text, number) for r in block)
    return out


def _blocks(rows: list[Row]) -> list[list[Row]]:
    """Rows split where a new block starts; a table is a block of its own."""
    blocks: list[list[Row]] = []
    for row in rows:
        # A bold numbered line ("3. Presentation av deltagare") starts an item of its own.
        item = row.bold and ITEM.match(row.text)
        if not blocks or row.gap_before or item or hasattr(row, "table") or hasattr(blocks[-1][-1], "table"):
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


def _title(doc: Any, pages: list[list[Row]]) -> str:
    """The document's title: the metadata title when page 1 bears it out, else the largest type
    on page 1 (a cover), else a real metadata title, else "" (the caller names it by its file)."""
    try:
        meta = (doc.get_metadata_value("Title") or "").strip()
    except Exception:
        meta = ""
    cover = _cover_heading(pages[0] if pages else [], _body_size(pages))
    if _real_title(meta):
        page_words = {w.lower() for r in (pages[0] if pages else []) for w in re.findall(r"\w+", r.text)}
        meta_words = [w.lower() for w in re.findall(r"\w+", meta)]
        if not cover or sum(w in page_words for w in meta_words) >= 0.8 * len(meta_words):
            return meta
    return cover


def _body_size(pages: list[list[Row]]) -> float:
    """The size of most of the text, weighted by characters."""
    sizes: Counter[float] = Counter()
    for rows in pages:
        for row in rows:
            sizes[round(row.size * 2) / 2] += len(row.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _cover_heading(rows: list[Row], body: float) -> str:
    """The largest line of a page (with the next line when the title wraps), if it is larger
    than the text around it and a real title."""
    rows = [r for r in rows if r.text and not hasattr(r, "table")]
    if len(rows) < 1:
        return ""
    top = max(r.size for r in rows)
    if top < 1.3 * body:
        return ""
    big = [r for r in rows if r.size >= top - 0.5]
    first = big[0]
    parts = [first.text]
    for row in big[1:3]:
        if 0 < row.top - first.top < 2.6 * first.size * len(parts):  # the next line of the title
            parts.append(row.text)
    title = " ".join(parts)[:200]
    return title if _real_title(title) else ""


def _real_title(text: str) -> bool:
    """Not empty, not a file name, a URL, a product name in capitals or a table-of-contents head."""
    text = text.strip()
    if len(text) < 4 or len(text) > 200 or NOT_TITLES.match(text) or URLISH.search(text):
        return False
    if re.search(r"\.(?:docx?|pdf|indd|pptx?|tex)$", text, re.IGNORECASE) or text.isupper() and len(text.split()) == 1:
        return False
    return sum(ch.isalpha() for ch in text) >= 4


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

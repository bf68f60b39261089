"""Characters of a pdfium page with their boxes on the page as shown: the input of pdf_layout.py.

Boxes are pdfium's loose boxes (the glyph's advance, so the letters of a word touch), turned with
the page's /Rotate; bold comes from the font's name as well as its weight, and the drawn ("ink")
boxes are fetched only on pages with LaTeX's spacing accents, which need them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from plansearch.ingest.pdf_layout import ACCENTS, Char

BOLD_NAME = re.compile(r"bold|semibold|demi|black|heavy", re.IGNORECASE)


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


def page_chars(page: Any) -> list[Char]:
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


def has_images(page: Any) -> bool:
    import pypdfium2.raw as raw

    return any(True for _ in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2))

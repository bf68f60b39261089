"""A PDF page as an image with a passage marked: where the passage's text stands on the page,
as boxes drawn over pdfium's rendering.

Finding the passage: the cleaned passage text and the page's characters (pdf_chars.page_chars,
the ingest's own reading) are both reduced to their letters and digits, case-folded and in NFKC
(ligatures, LaTeX accents, hyphens at line ends, spaces, bullets and column order no longer
matter), and the passage's letters are found on the page piece by piece: a run of the passage is
looked for from where the last run ended, then anywhere on the page. Only chains of runs that
follow each other on the page as in the passage are marked, and only long ones (_chains): a page
that merely shares a few phrases with the passage gets no mark. The marked characters are merged
into one rectangle per line.

Units: boxes are in PDF points on the page as shown (origin top left, /Rotate applied), the
image's pixels are points times `scale`.
"""

from __future__ import annotations

import bisect
import io
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plansearch.ingest.pdf_chars import page_chars
from plansearch.ingest.pdf_layout import LIGATURES, Char, merge_accents

ANCHOR = 10  # letters of the passage looked up at once
SKIP = 15  # letters of the passage a chain of runs may skip (a word the page spells otherwise) ...
PAGE_SKIP = 400  # ... and of the page (a running footer and header, a figure between columns)
ENOUGH = 50  # letters in one chain that make the page the passage's (or 60 % of a short passage)
PASSAGE_FILL = (255, 213, 0, 70)  # the cited passage: light yellow, the text shows through
HIT_FILL = (255, 140, 0, 110)  # the answering sentence: stronger, with an outline
HIT_LINE = (200, 80, 0, 255)
# pdfium may not be called from two threads at once, not even for two documents (pypdfium2's
# documentation), and a server renders pages in its worker threads: one at a time.
PDFIUM = threading.Lock()


@dataclass(frozen=True)
class Box:
    """One marked line: x0, top, x1, bottom in points; `hit` for the answering part."""

    x0: float
    top: float
    x1: float
    bottom: float
    hit: bool = False


@dataclass(frozen=True)
class PageImage:
    """A rendered page: PNG bytes, its size in pixels, the boxes drawn (points) and the page's
    size in points."""

    png: bytes
    width: int
    height: int
    boxes: tuple[Box, ...]
    page_width: float
    page_height: float


def _key(text: str) -> str:
    """Letters and digits only, case-folded, NFKC."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def _page_key(chars: list[Char]) -> tuple[str, list[int]]:
    """The page's letters as one string, and the character each letter belongs to."""
    parts: list[str] = []
    owner: list[int] = []
    for k, char in enumerate(chars):
        letters = _key(LIGATURES.get(char.text, char.text))
        parts.append(letters)
        owner.extend([k] * len(letters))
    return "".join(parts), owner


def _passage_key(text: str) -> tuple[str, list[int], list[int]]:
    """The passage's letters, the offset in `text` of each, and the letters that start a word."""
    letters: list[str] = []
    offsets: list[int] = []
    starts: list[int] = []
    for match in re.finditer(r"\w+", text):
        starts.append(len(letters))
        for k, ch in enumerate(match.group()):
            for folded in _key(ch):
                letters.append(folded)
                offsets.append(match.start() + k)
    return "".join(letters), offsets, starts


def match_letters(page: str, passage: str, word_starts: list[int]) -> list[tuple[int, int, int]]:
    """Runs (passage position, page position, length) of the passage's letters found on the page,
    in passage order, each as long as it goes on matching."""
    runs: list[tuple[int, int, int]] = []
    i, after = 0, 0
    while i < len(passage):
        anchor = passage[i : i + ANCHOR]
        j = page.find(anchor, after)
        if j < 0:
            j = page.find(anchor)
        if j < 0 or len(anchor) < 3:
            k = bisect.bisect_right(word_starts, i)  # on at the next word
            i = word_starts[k] if k < len(word_starts) else len(passage)
            continue
        n = len(anchor)
        while i + n < len(passage) and j + n < len(page) and passage[i + n] == page[j + n]:
            n += 1
        runs.append((i, j, n))
        i, after = i + n, j + n
    # A short run found at the first place it occurs ("Diagnostik", a heading that the page has
    # three times) moves to where it stands just before the run that follows it in the passage.
    for k in range(len(runs) - 1, 0, -1):
        (i0, j0, n0), (i1, j1, _) = runs[k - 1], runs[k]
        if 0 <= i1 - (i0 + n0) <= SKIP and not 0 <= j1 - (j0 + n0) <= PAGE_SKIP:
            j = page.rfind(passage[i0 : i0 + n0], max(0, j1 - PAGE_SKIP - n0), j1)
            if j >= 0:
                runs[k - 1] = (i0, j, n0)
    return _chains(runs, len(passage))


def _chains(runs: list[tuple[int, int, int]], letters: int) -> list[tuple[int, int, int]]:
    """The runs that stand in chains long enough to be the passage itself: runs that follow each
    other on the page as in the passage (the next starts at most SKIP letters further on in both,
    a dropped footer or a skipped word between), together at least min(ENOUGH, 60 %) of its
    letters. A page that only shares phrases with the passage has short, scattered chains."""
    chains: list[list[tuple[int, int, int]]] = []
    for run in runs:
        last = chains[-1][-1] if chains else None
        if last is not None and 0 <= run[0] - (last[0] + last[2]) <= SKIP and 0 <= run[1] - (last[1] + last[2]) <= PAGE_SKIP:
            chains[-1].append(run)
        else:
            chains.append([run])
    need = min(ENOUGH, 0.6 * letters)
    return [run for chain in chains if sum(n for _, _, n in chain) >= need for run in chain]


def values_only(text: str, fields: tuple[tuple[str, str], ...]) -> str:
    """A table row's text ("Aktivitet: … | Ansvarig: …") with everything but its cells' values
    blanked out, offsets kept: the column names are not on the row's line of the page."""
    if not fields:
        return text
    out = [" "] * len(text)
    at = 0
    for _, value in fields:
        found = text.find(value, at) if value else -1
        if found >= 0:
            out[found : found + len(value)] = value
            at = found + len(value)
    return "".join(out) if at else text


def mark_boxes(chars: list[Char], text: str, hit: tuple[int, int] | None = None) -> list[Box]:
    """The line boxes of `text` (a passage) on a page of `chars`; those of text[hit[0]:hit[1]]
    (the answering part) come as boxes with hit=True. [] when the text is not on the page."""
    page, owner = _page_key(chars)
    passage, offsets, starts = _passage_key(text)
    if not page or not passage:
        return []
    marked: dict[int, bool] = {}  # char index -> inside the answering part
    for i, j, n in match_letters(page, passage, starts):
        for k in range(n):
            inside = hit is not None and hit[0] <= offsets[i + k] < hit[1]
            c = owner[j + k]
            marked[c] = marked.get(c, False) or inside
    boxes = _lines([chars[c] for c in sorted(marked)], [marked[c] for c in sorted(marked)])
    return boxes


def _lines(chars: list[Char], hits: list[bool]) -> list[Box]:
    """Marked characters (in the page's order) merged into one box per line and kind: a new box
    where the next character stands on another line, far to the right, or back to the left."""
    boxes: list[list[float]] = []  # x0, top, x1, bottom, hit, size
    for char, hit in zip(chars, hits, strict=True):
        last = boxes[-1] if boxes else None
        size = char.bottom - char.top
        if (
            last is not None and bool(last[4]) == hit
            and last[1] - 0.3 * size <= char.mid <= last[3] + 0.3 * size
            and last[0] - size <= char.x0 <= last[2] + 1.5 * max(size, last[5])
        ):
            last[0], last[1] = min(last[0], char.x0), min(last[1], char.top)
            last[2], last[3] = max(last[2], char.x1), max(last[3], char.bottom)
            continue
        boxes.append([char.x0, char.top, char.x1, char.bottom, float(hit), size])
    return [Box(b[0], b[1], b[2], b[3], bool(b[4])) for b in boxes]


def page_count(path: Path) -> int:
    """Pages of a PDF. Raises pypdfium2.PdfiumError for a file pdfium cannot open."""
    import pypdfium2 as pdfium

    with PDFIUM:
        doc = pdfium.PdfDocument(str(path))
        try:
            return len(doc)
        finally:
            doc.close()


def render_marked(path: Path, number: int, text: str = "", hit: tuple[int, int] | None = None, scale: float = 1.5) -> PageImage:
    """Page `number` (1-based) of the PDF at `path` as a PNG, with `text` marked (see mark_boxes).
    Raises IndexError for a page the PDF does not have, pypdfium2.PdfiumError for a file pdfium
    cannot open."""
    import pypdfium2 as pdfium

    with PDFIUM:
        doc = pdfium.PdfDocument(str(path))
        try:
            if not 1 <= number <= len(doc):
                raise IndexError(f"page {number} of {len(doc)}")
            page = doc[number - 1]
            try:
                chars = merge_accents(page_chars(page)) if text else []
                width, height = page.get_size()
                bitmap = page.render(scale=scale)
                image = bitmap.to_pil().copy()  # pdfium's buffer freed here, inside the lock
                bitmap.close()
            finally:
                page.close()
        finally:
            doc.close()
    boxes = mark_boxes(chars, text, hit) if text else []
    png = _draw(image, boxes, scale)  # outside the lock: Pillow's work runs beside another render
    return PageImage(png, image.width, image.height, tuple(boxes), width, height)


def _draw(image: Any, boxes: list[Box], scale: float) -> bytes:
    """The boxes drawn half-transparent over the page (a pad of 1.5 points round the letters)."""
    from PIL import Image, ImageDraw

    base = image.convert("RGBA")
    if boxes:
        overlay = Image.new("RGBA", base.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        pad = 1.5
        for box in sorted(boxes, key=lambda b: b.hit):  # the answering part on top
            shape = [(box.x0 - pad) * scale, (box.top - pad) * scale, (box.x1 + pad) * scale, (box.bottom + pad) * scale]
            if box.hit:
                draw.rectangle(shape, fill=HIT_FILL, outline=HIT_LINE, width=max(1, round(scale)))
            else:
                draw.rectangle(shape, fill=PASSAGE_FILL)
        base = Image.alpha_composite(base, overlay)
    out = io.BytesIO()
    # Level 1: measured on 20 pages of the shared PDFs, 40 ms and 195 kB at the median against
    # 60 ms and 217 kB for Pillow's default level 6.
    base.convert("RGB").save(out, format="PNG", compress_level=1)
    return out.getvalue()

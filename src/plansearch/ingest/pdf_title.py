"""The title of a PDF: its metadata title when page 1 bears it out, else the largest type on
page 1, else "" (the catalogue then names it by its file). Never a running footer, a URL, a
product name in capitals or a contents heading."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from plansearch.ingest.pdf_layout import Row

NOT_TITLES = re.compile(r"^(?:innehåll|innehållsförteckning|contents|sida \d|untitled|microsoft word)", re.IGNORECASE)
URLISH = re.compile(r"(?:https?://|www\.|\.(?:se|com|org|nu|net)\b)", re.IGNORECASE)


def pdf_title(doc: Any, pages: list[list[Row]]) -> str:
    """The document's title: the metadata title when page 1 bears it out, else the largest type
    on page 1 (a cover), else a real metadata title, else "" (the caller names it by its file)."""
    try:
        meta = (doc.get_metadata_value("Title") or "").strip()
    except Exception:
        meta = ""
    cover = _cover_heading(pages[0] if pages else [], body_size(pages))
    if _real_title(meta):
        page_words = {w.lower() for r in (pages[0] if pages else []) for w in re.findall(r"\w+", r.text)}
        meta_words = [w.lower() for w in re.findall(r"\w+", meta)]
        if not cover or sum(w in page_words for w in meta_words) >= 0.8 * len(meta_words):
            return meta
    return cover


def ocr_title(pages: list[str]) -> str:
    """The title of an OCR'd document from the text of its OCR'd pages, first page first: the
    first page's first line that stands as a heading (a few words, no full stop, a blank line or
    the end after it) and is a real title; "" if its first blocks hold none. A line that the other
    pages repeat is their running header, not the title. Only the first three blocks count: a
    title stands at the top."""
    if not pages:
        return ""
    running = {line.strip() for text in pages[1:] for line in text.split("\n") if line.strip()}
    blocks = [b.strip() for b in pages[0].replace("\f", "").split("\n\n") if b.strip()]
    blocks = [b for b in blocks if b not in running]
    for block in blocks[:3]:
        lines = block.split("\n")
        first = " ".join(line.strip() for line in lines) if len(lines) <= 2 else ""
        if first and len(first.split()) <= 14 and not first.endswith((".", ",", ";", ":")) and _real_title(first):
            return first
    return ""


def body_size(pages: list[list[Row]]) -> float:
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

"""Running headers and footers, page marks and lone page numbers: lines that repeat on every page
and say nothing about the document's content."""

from __future__ import annotations

import re
from collections import Counter

from plansearch.models import Line
from plansearch.text.sentences import CLOSING_MARKS

# Document-management stamps that some regions print on every page.
BOILERPLATE = [
    re.compile(r"^Kopians giltighet garanteras endast\b", re.IGNORECASE),
    re.compile(r"^Utskriftsdatum:?\s*\d{4}-\d{2}-\d{2}$", re.IGNORECASE),
]


PAGE_OF = re.compile(r"^(?:sida\s+)?\d{1,4}\s*(?:\(\s*\d{1,4}\s*\)|av\s+\d{1,4}|/\s*\d{1,4})$", re.IGNORECASE)


LONE_NUMBER = re.compile(r"^\d{1,3}$")


DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def drop_boilerplate(lines: list[Line]) -> list[Line]:
    """Running headers and footers, "7(7)" page marks and lone page numbers."""
    texts = [line.text for line in lines]
    drop = set()
    for i, text in enumerate(texts):
        if any(p.match(text) for p in BOILERPLATE):
            drop.add(i)
        elif PAGE_OF.match(text) and _standalone(texts, i):
            drop.add(i)
            # A footer such as "Minnesanteckningar / 2025-02-04 / 7(7)" comes as lone short lines.
            j = i
            for _ in range(2):
                before = _previous_nonblank(texts, j)
                if before is None or not _standalone(texts, before) or not _footer_like(texts[before]):
                    break
                drop.add(before)
                j = before
        elif LONE_NUMBER.match(text) and _standalone(texts, i):
            drop.add(i)
    drop |= _repeated_standalone(texts)
    if any(line.page is not None for line in lines):
        drop |= _page_margins(lines)
    return [line for i, line in enumerate(lines) if i not in drop]


def _standalone(texts: list[str], i: int) -> bool:
    before = texts[i - 1].strip() if i > 0 else ""
    after = texts[i + 1].strip() if i + 1 < len(texts) else ""
    return not before and not after


def _previous_nonblank(texts: list[str], i: int) -> int | None:
    for j in range(i - 1, -1, -1):
        if texts[j].strip():
            return j
    return None


def _footer_like(text: str) -> bool:
    return bool(DATE.match(text)) or (len(text.split()) <= 3 and not text.endswith(CLOSING_MARKS) and "\t" not in text)


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def _repeated_standalone(texts: list[str]) -> set[int]:
    """Lines of four words or more that stand alone three times or more are running headers."""
    positions: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
        if 4 <= len(words) <= 15 and text[:1] not in "-–•*" and "\t" not in text and not text.endswith(CLOSING_MARKS) and _standalone(texts, i):
            positions.setdefault(_shape(text), []).append(i)
    return {i for found in positions.values() if len(found) >= 3 for i in found}


def _page_margins(lines: list[Line]) -> set[int]:
    """In paged files: lines repeated at the top or bottom of many pages, and page numbers there."""
    pages: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if line.page is not None and line.text.strip():
            pages.setdefault(line.page, []).append(i)
    # Table rows are never running lines: a table's column names start many pages of a drug list.
    margins = {page: [i for i in idx[:2] + idx[-2:] if "\t" not in lines[i].text] for page, idx in pages.items()}
    counts = Counter(_shape(lines[i].text) for idx in margins.values() for i in set(idx))
    threshold = max(3, int(0.4 * len(pages)))
    drop = set()
    for idx in margins.values():
        for i in idx:
            text = lines[i].text.strip()
            if counts[_shape(text)] >= threshold or LONE_NUMBER.match(text) or PAGE_OF.match(text):
                drop.add(i)
    return drop

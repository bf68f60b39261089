"""Reassemble tables: tab-separated rows (with rows cut by page breaks merged back) and the
"loose-line" tables whose grid the PDF extraction lost ("Aktivitet Ansvarig Tidsram" followed by
the activity text, the responsible bodies and the time frame on lines of their own).

Each row becomes one passage that names its columns: "Aktivitet: … | Ansvarig: … | Tidsram: …".
"""

from __future__ import annotations

import re

from plansearch.ingest.blocks import CAPTION, CHAPTER, NUMBERED, TIDSRAM, Span
from plansearch.ingest.headings import numbered_heading
from plansearch.text.normalise import URL_LINE
from plansearch.text.swedish import COLUMN_WORDS

TIDSRAM_THEN_END = re.compile(r"^(?P<before>.*?)\s*(?P<tidsram>" + TIDSRAM.pattern + r")$")

Row = tuple[list[Span], str, tuple[tuple[str, str], ...]]


def tab_cells(text: str) -> list[str]:
    """Cells of a tab-separated line, empty cells kept in place."""
    return [cell.strip() for cell in text.split("\t")]


def render(fields: tuple[tuple[str, str], ...]) -> str:
    """The passage text of a row: every non-empty cell after its column name."""
    return " | ".join(f"{name}: {value}" for name, value in fields if value)


def tab_rows(lines: list[Span]) -> list[Row]:
    """Rows of a tab table. A row whose first cell is empty, or most of whose cells are empty,
    continues the row before it (the PDF broke it over a page)."""
    header = tab_cells(lines[0].text)
    body = lines[1:]
    if not _looks_like_header(header):
        header = [f"Kolumn {n}" for n in range(1, len(header) + 1)]
        body = lines
    rows: list[tuple[list[Span], list[str]]] = []
    for line in body:
        cells = tab_cells(line.text)
        if cells == header:
            continue  # the header repeated after a page break
        cells += [""] * (len(header) - len(cells))
        filled = sum(1 for c in cells if c)
        if rows and (not cells[0] or filled <= len(header) // 2):
            spans, prev = rows[-1]
            for k, cell in enumerate(cells[: len(prev)]):
                if cell:
                    prev[k] = f"{prev[k]} {cell}".strip()
            spans.append(line)
        elif filled:
            rows.append(([line], cells[: len(header)]))
    result: list[Row] = []
    for spans, cells in rows:
        fields = tuple(zip(header, cells, strict=False))
        result.append((spans, render(fields), fields))
    return result


def _looks_like_header(cells: list[str]) -> bool:
    named = [c for c in cells if c]
    return len(named) >= 2 and all(len(c.split()) <= 4 and not c.endswith(".") for c in named)


class LooseTable:
    """A table whose cells came out as loose lines.

    Rows end at a time frame ("2025-27"). Within a row the responsible bodies are the lines that
    start with "-" (Mellansverige plan), or the blank-separated block(s) after the first one
    (Norr plan), or what follows the last full stop on the time-frame line.
    """

    def __init__(self, columns: list[str]):
        self.columns = [c if c.endswith("?") else c.rstrip(":") for c in columns]
        self._lines: list[tuple[Span, int]] = []  # (line, block number)
        self._block = 0

    def add_group(self, group: list[Span]) -> None:
        self._block += 1
        self._lines.extend((span, self._block) for span in group)

    def complete(self) -> bool:
        """True when the table has rows and every line so far belongs to one of them."""
        rows, rest = _parse_rows(self._lines, self.columns)
        return bool(rows) and not rest

    def rows(self) -> list[Row]:
        rows, self._rest = _parse_rows(self._lines, self.columns)
        return rows

    def leftovers(self) -> list[list[Span]]:
        """Lines after the last complete row, grouped by block: they are not table rows."""
        groups: dict[int, list[Span]] = {}
        for span, block in getattr(self, "_rest", []):
            groups.setdefault(block, []).append(span)
        return list(groups.values())


def _parse_rows(lines: list[tuple[Span, int]], columns: list[str]) -> tuple[list[Row], list]:
    rows: list[Row] = []
    current: list[tuple[Span, int]] = []
    for span, block in lines:
        current.append((span, block))
        match = TIDSRAM_THEN_END.match(span.text.strip())
        if not match or not _responsible_like(match.group("before")):
            continue
        first_cell, responsible = _split_row(current[:-1], match.group("before"), block)
        if first_cell:
            fields = (
                (columns[0], first_cell),
                (_column(columns, "Ansvarig", 1), responsible),
                (_column(columns, "Tidsram", 2), match.group("tidsram")),
            )
            rows.append(([s for s, _ in current], render(fields), fields))
        current = []
    return rows, current


def _column(columns: list[str], wanted: str, position: int) -> str:
    return wanted if wanted in columns else (columns[position] if position < len(columns) else wanted)


def _responsible_like(text: str) -> bool:
    text = text.strip()
    if not text:
        return True
    if ". " in text:
        text = text.rsplit(". ", 1)[1]
    return (text[:1] == "-" or text[:1].isupper()) and len(text.split()) <= 8


def _split_row(lines: list[tuple[Span, int]], before: str, last_block: int) -> tuple[str, str]:
    """(first column, responsible) from the lines of one row and the text before its time frame."""
    texts = [(s.text.strip(), b) for s, b in lines]
    before = before.strip()
    if before:
        texts.append((before, last_block))
    if not texts:
        return "", ""
    # "- Regionerna" starts the responsible bodies; "- inklusion i SVF" is a list inside the activity.
    dash = next((k for k, (t, _) in enumerate(texts) if k > 0 and re.match(r"^-\s*[A-ZÅÄÖ]", t)), None)
    if dash is not None:
        return _join(texts[:dash]), _join(texts[dash:])
    blocks = sorted({b for _, b in texts})
    if len(blocks) >= 2:
        k = next(k for k, (_, b) in enumerate(texts) if b != blocks[0])
        return _join(texts[:k]), _join(texts[k:])
    last = texts[-1][0]
    if ". " in last and before:
        head, tail = last.rsplit(". ", 1)
        return _join(texts[:-1] + [(head + ".", 0)]), tail
    ends = [k for k, (t, _) in enumerate(texts) if t.endswith(".")]
    if ends and ends[-1] < len(texts) - 1:
        return _join(texts[: ends[-1] + 1]), _join(texts[ends[-1] + 1 :])
    return _join(texts), ""


def _join(texts: list[tuple[str, int]]) -> str:
    return " ".join(t for t, _ in texts).strip()
def is_toc_row(text: str) -> bool:
    cells = tab_cells(text)
    return len(cells) >= 2 and bool(re.fullmatch(r"\d{1,3}", cells[-1])) and bool(re.match(r"^\d[\d.]*$", cells[0]))


def read_tab_table(groups: list[list[Span]], i: int) -> tuple[list, int]:
    """Rows of a tab-separated table; rows cut by a page break are merged back."""
    lines: list[Span] = []
    while i < len(groups) and "\t" in groups[i][0].text:
        lines.extend(groups[i])
        i += 1
    return tab_rows(lines), i


def loose_table_header(text: str) -> list[str] | None:
    if "\t" in text:
        return None
    words = text.split()
    if 2 <= len(words) <= 7 and all(w.strip("?:") in COLUMN_WORDS for w in words) and (
        "Ansvarig" in text or "Tidsram" in text
    ):
        return [w for w in words]
    return None


def ends_loose_table(group: list[Span], width: int, complete: bool) -> bool:
    first = group[0].text.strip()
    if CHAPTER.match(first) or CAPTION.match(first):
        return True
    if complete and len(group) == 1 and len(first.split()) <= 6 and not first.startswith("-") and not URL_LINE.match(first):
        if not TIDSRAM.search(first) and not first.endswith((".", ",")):
            return True  # a heading after the table
    numbered = NUMBERED.match(first)
    if numbered and numbered_heading(group, numbered, width):
        return True
    return False

"""Reassemble tables: tab-separated rows (with rows cut by page breaks merged back), Markdown
pipe tables (which the Word and web readers also write for their native tables), and the
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


def tab_rows(lines: list[Span], carried: list[str] | None = None) -> list[Row]:
    """Rows of a tab table. A row whose first cell is empty, or most of whose cells are empty,
    continues the row before it (the PDF broke it over a page). `carried`: the column names of
    the table this one continues after a page break, for when its first line names none."""
    header = tab_cells(lines[0].text)
    body = lines[1:]
    # Carried names win: structure.py carries them only when the first line is no header of its own.
    if carried or not _looks_like_header(header):
        header = carried or [f"Kolumn {n}" for n in range(1, len(header) + 1)]
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


# A Markdown table's delimiter row: "| --- | :---: |" or "---|---".
PIPE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$|^\s*\|\s*:?-+:?\s*\|\s*$")
# Inline Markdown in a cell: **bold**, __bold__, *em*, _em_, `code`, ~~struck~~.
INLINE_MARKUP = re.compile(r"(\*\*|__|~~|`)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\3(?![\w*])")


def pipe_cells(text: str) -> list[str]:
    """Cells of a Markdown table line: "| a | b \\| c |" -> ["a", "b | c"], inline markup removed."""
    text = text.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    cells = re.split(r"(?<!\\)\|", text)
    return [plain_cell(cell.replace("\\|", "|")) for cell in cells]


def plain_cell(text: str) -> str:
    """A cell's text without inline Markdown emphasis or code marks."""
    return re.sub(r"\s+", " ", strip_emphasis(text)).strip()


def strip_emphasis(text: str) -> str:
    """Text without inline Markdown emphasis or code marks: "**fet** och *kursiv*" -> "fet och kursiv"."""
    previous = None
    while previous != text:  # nested marks: ***fet kursiv***
        previous = text
        text = INLINE_MARKUP.sub(lambda m: m.group(2) if m.group(2) is not None else m.group(4), text)
    return text


def starts_pipe_table(group: list[Span]) -> bool:
    """A header line with pipes followed by a delimiter row with as many columns."""
    if len(group) < 2 or "|" not in group[0].text or not PIPE_RULE.match(group[1].text):
        return False
    return len(pipe_cells(group[0].text)) == len(pipe_cells(group[1].text))


def split_before_pipe_tables(group: list[Span]) -> list[list[Span]]:
    """A Markdown table may follow its lead-in line without a blank line between them."""
    for k in range(1, len(group) - 1):
        if "|" not in group[k - 1].text and starts_pipe_table(group[k : k + 2]):
            return [group[:k], *split_before_pipe_tables(group[k:])]
    return [group]


def split_before_tab_table(group: list[Span]) -> list[list[Span]]:
    """Lines without tabs that run straight into a tab table (a running header kept above the rows
    that go on after a page break, or a lead-in line) are a group of their own, so that the table
    is read as one."""
    for k in range(1, len(group)):
        if "\t" in group[k].text and "\t" not in group[k - 1].text:
            if all("\t" in span.text for span in group[k:]) and not any("\t" in span.text for span in group[:k]):
                return [group[:k], group[k:]]
            return [group]
    return [group]


def read_pipe_table(groups: list[list[Span]], i: int) -> tuple[list[Row], int]:
    """Rows of the Markdown table that opens groups[i]; the table ends at the first line without
    a pipe (the rest of the group is left for the next reader)."""
    group = groups[i]
    header = pipe_cells(group[0].text)
    if not any(header):
        header = [""] * len(header)
    end = 2
    while end < len(group) and "|" in group[end].text:
        end += 1
    rows: list[Row] = []
    for line in group[2:end]:
        cells = pipe_cells(line.text)
        if not any(cells):
            continue  # an empty row says nothing
        names = [name or f"Kolumn {k}" for k, name in enumerate(header, 1)]
        names += [f"Kolumn {k}" for k in range(len(names) + 1, len(cells) + 1)]
        cells += [""] * (len(names) - len(cells))
        fields = tuple(zip(names, cells, strict=True))
        rows.append(([line], render(fields), fields))
    rest = group[end:]
    if rest:
        groups[i] = rest
        return rows, i
    return rows, i + 1


def _looks_like_header(cells: list[str]) -> bool:
    named = [c for c in cells if c]
    # Year columns ("Region 2023 2024") are named by numbers, but a row of numbers alone is data.
    return (
        len(named) >= 2
        and all(len(c.split()) <= 4 and not c.endswith(".") for c in named)
        and any(ch.isalpha() for c in named for ch in c)
    )


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


def read_tab_table(groups: list[list[Span]], i: int, carried: list[str] | None = None) -> tuple[list, int]:
    """Rows of a tab-separated table; rows cut by a page break are merged back."""
    lines: list[Span] = []
    while i < len(groups) and "\t" in groups[i][0].text:
        lines.extend(groups[i])
        i += 1
    return tab_rows(lines, carried), i


def continues_table(columns: list[str], between: str, first: str, page_break: bool) -> bool:
    """Whether a tab table whose first line names no columns goes on with the table before it
    (whose column names are `columns`): as many cells, a page break since, and nothing between
    them but a few short lines (a running header or footer)."""
    cells = tab_cells(first)
    # After a page break and nothing but running lines, a line of as many cells goes on with the
    # table unless it names columns as plans do ("Aktivitet", "Ansvarig", "Tidsram"): short cells
    # alone ("Följa upp ledtider", "Kvalitetsrådet", "Löpande") are as often a row as a header.
    header = all(c.strip("?:") in COLUMN_WORDS for c in cells if c) and any(cells)
    if not page_break or len(cells) != len(columns) or header:
        return False
    lines = [line.strip() for line in between.split("\n") if line.strip()]
    return len(lines) <= 3 and all(len(line) <= 60 and "\t" not in line for line in lines)


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

"""Find the structure of a cleaned document: headings, tables, glossaries, lists and paragraphs.

The result is a list of blocks, each with its section path and its offsets in the cleaned text.
`chunk.py` turns the blocks into passages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plansearch.tables import COLUMN_WORDS, TIDSRAM, TIDSRAM_AT_END, LooseTable, tab_cells

BULLET = re.compile(r"^(?:[•◦▪●*·]|[-–](?=\s|[A-ZÅÄÖa-zåäö]))\s*")
NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}\.|\d{1,2}[a-h]|\d{1,2})\s+(?P<title>[A-ZÅÄÖÉ\"”(].*)$")
CHAPTER = re.compile(r"^(?:KAPITEL|Kapitel)\s+(\d{1,2})$")
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")
CAPTION = re.compile(r"^(?:Figur|Bild|Tabell|Diagram|Källa|Karta)\b", re.IGNORECASE)
URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$")
GLOSSARY_HEADINGS = {"ordlista", "begreppslista", "definitioner", "begrepp", "ord och begrepp"}
ABBREVIATION = re.compile(r"^(?P<term>[A-ZÅÄÖ][\wÅÄÖåäö:/&\-]*(?:\s+[\wåäö]+){0,2})\s+[–-]\s+(?P<meaning>\S.*)$")
SENTENCE_END = tuple(".!?:;,")
# A heading line ending with one of these words goes on on the next line.
CONTINUING = {"och", "i", "med", "av", "för", "till", "om", "på", "inom", "mellan", "samt", "eller", "kan", "att", "som", "en", "ett", "de", "den", "det"}
HEADING_END = tuple(".!:;,")  # a heading may be a question: "Var är vi?"


@dataclass
class Span:
    """A line of the cleaned text with its offsets."""

    start: int
    end: int
    text: str


@dataclass
class Block:
    """A structural unit of a document, before it is cut into passages."""

    kind: str  # paragraph | list | table_row | glossary | heading
    lines: list[Span]
    section: tuple[str, ...] = ()
    text: str = ""  # rendered text where it differs from the lines (table rows, glossary)
    fields: tuple[tuple[str, str], ...] = ()

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end


@dataclass
class _Sections:
    """The current section path: numbered headings nest by level, one unnumbered heading below.

    Where the numbering is only local (a report whose chapters are unnumbered but whose goal
    areas are "1." to "9."), an unnumbered heading that occurs once closes the numbered ones;
    recurring ones ("Resultat", "Förslag") stay below them.
    """

    numbered: list[tuple[int, str]] = field(default_factory=list)
    minor: str = ""
    local_numbering: bool = False
    recurring: set[str] = field(default_factory=set)

    def enter(self, title: str, level: int | None) -> None:
        if level is None:
            if self.local_numbering and title not in self.recurring:
                self.numbered = []
            self.minor = title
            return
        self.numbered = [(lv, t) for lv, t in self.numbered if lv < level] + [(level, title)]
        self.minor = ""

    def path(self) -> tuple[str, ...]:
        return tuple(t for _, t in self.numbered) + ((self.minor,) if self.minor else ())


def split_lines(text: str) -> list[Span]:
    spans, offset = [], 0
    for line in text.split("\n"):
        spans.append(Span(offset, offset + len(line), line))
        offset += len(line) + 1
    return spans


def groups_of(lines: list[Span]) -> list[list[Span]]:
    """Runs of non-blank lines."""
    groups: list[list[Span]] = []
    current: list[Span] = []
    for line in lines:
        if line.text.strip():
            current.append(line)
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def parse_blocks(text: str) -> list[Block]:
    """Blocks of a cleaned document, in reading order, with section paths."""
    groups = groups_of(split_lines(text))
    width = _prose_width(groups)
    groups = [part for group in groups for part in _split_at_headings(group, width)]
    sections = _section_style(groups, width, len(text))
    blocks: list[Block] = []
    i = 0
    while i < len(groups):
        group = groups[i]
        first = group[0].text

        chapter = CHAPTER.match(first)
        if chapter:
            title_line, rest, i = _chapter_title(groups, i)
            title = f"Kapitel {chapter.group(1)}" + (f": {title_line}" if title_line else "")
            sections.enter(title, 1)
            if rest:
                groups[i:i] = [rest]
            continue

        if first.strip().lower().rstrip(":") in GLOSSARY_HEADINGS and len(group) == 1:
            sections.enter(first.strip(), None)
            entries, i = _glossary(groups, i + 1, width)
            blocks.extend(Block("glossary", g, sections.path(), text=t, fields=f) for g, t, f in entries)
            continue

        if _is_abbreviation_list(groups, i):
            entries, i = _abbreviations(groups, i)
            blocks.extend(Block("glossary", [s], sections.path(), text=t, fields=f) for s, t, f in entries)
            continue

        if _loose_table_header(first):
            table = LooseTable(_loose_table_header(first))
            if len(group) > 1:
                table.add_group(group[1:])
            i += 1
            while i < len(groups) and not _ends_loose_table(groups[i], width, table.complete()):
                if not all(URL_LINE.match(s.text.strip()) for s in groups[i]):
                    table.add_group(groups[i])
                i += 1
            for g, t, f in table.rows():
                blocks.append(Block("table_row", g, sections.path(), text=t, fields=f))
            for leftover in table.leftovers():
                blocks.append(Block("paragraph", leftover, sections.path()))
            continue

        heading = _heading(group, width)
        if heading:
            title, level, used = heading
            sections.enter(title, level)
            blocks.append(Block("heading", group[:used], sections.path(), text=title))
            rest = group[used:]
            if rest:
                groups[i] = rest
            else:
                i += 1
            continue

        if "\t" in first and _is_toc_row(first):
            i += 1  # a table of contents repeats the headings; it answers nothing
            continue

        if "\t" in first and len(tab_cells(first)) >= 2:
            rows, i = _tab_table(groups, i)
            blocks.extend(Block("table_row", g, sections.path(), text=t, fields=f) for g, t, f in rows)
            continue

        blocks.extend(_prose_blocks(group, sections.path()))
        i += 1
    return blocks


def _section_style(groups: list[list[Span]], width: int, length: int) -> _Sections:
    """Decide whether numbered headings are the document's skeleton or only local."""
    first_numbered = None
    titles: list[str] = []
    for group in groups:
        found = _heading(group, width)
        if not found and not CHAPTER.match(group[0].text.strip()):
            continue
        if CHAPTER.match(group[0].text.strip()) or (found and found[1] is not None):
            if first_numbered is None:
                first_numbered = group[0].start
        elif found:
            titles.append(found[0])
    local = first_numbered is not None and first_numbered > 0.15 * length
    recurring = {t for t in titles if titles.count(t) > 1}
    return _Sections(local_numbering=local, recurring=recurring)


def _split_at_headings(group: list[Span], width: int) -> list[list[Span]]:
    """A page break can glue a heading to the line before it ("2022–2024" / "6. Ledning och styrning")."""
    parts: list[list[Span]] = [[]]
    for k, span in enumerate(group):
        text = span.text.strip()
        prev = group[k - 1].text.strip() if k > 0 else ""
        numbered = NUMBERED.match(text)
        strong = bool(CHAPTER.match(text)) or bool(
            numbered
            and not numbered.group("num").isdigit()
            and len(text) <= 0.7 * width
            and not text.endswith(SENTENCE_END)
            and (prev.endswith((".", "?", "!")) or TIDSRAM_AT_END.search(prev))
        )
        # An unnumbered heading after a page break: " Inledning" between two paragraphs.
        plain = (
            k > 0
            and k + 1 < len(group)
            and prev.endswith((".", "?", "!"))
            and len(text) <= 0.5 * width
            and text[:1].isupper()
            and not text.endswith(HEADING_END)
            and not BULLET.match(text)
            and "\t" not in text
            and len(group[k + 1].text) >= 0.7 * width
        )
        if k > 0 and (strong or plain):
            parts.append([])
        parts[-1].append(span)
    return [p for p in parts if p]


def _chapter_title(groups: list[list[Span]], i: int) -> tuple[str, list[Span], int]:
    """The title line after "KAPITEL 3", and what is left of its group."""
    group = groups[i]
    if len(group) > 1:
        return "", group[1:], i + 1
    if i + 1 < len(groups) and len(groups[i + 1][0].text) <= 60 and not groups[i + 1][0].text.endswith(SENTENCE_END):
        nxt = groups[i + 1]
        return nxt[0].text.strip(), nxt[1:], i + 2
    return "", [], i + 1


def _heading(group: list[Span], width: int) -> tuple[str, int | None, int] | None:
    """(title, level or None for unnumbered, number of lines used) if the group starts with a heading."""
    first = group[0].text.strip()
    if len(group) == 1 and re.match(r"^Tabell\s+\d", first) and len(first) <= 100:
        return first, None, 1  # a table's caption names what its rows are about
    if "\t" in first or URL_LINE.match(first) or BULLET.match(first) or CAPTION.match(first):
        return None
    md = MARKDOWN_HEADING.match(first)
    if md:
        return md.group(2), len(md.group(1)), 1
    numbered = NUMBERED.match(first)
    if numbered:
        return _numbered_heading(group, numbered, width)
    return _plain_heading(group, width)


def _numbered_heading(group: list[Span], match: re.Match[str], width: int) -> tuple[str, int | None, int] | None:
    num = match.group("num")
    first = group[0].text.strip()
    if first.endswith((".", ",", ";")) or len(first) > 100 or ". " in match.group("title"):
        return None
    plain_integer = num.isdigit()  # "1 I Sverige finns ..." is a footnote unless it is short
    if plain_integer and (len(first) > 0.6 * width or len(group) > 1):
        return None
    used = 1
    title = first
    # A long heading wraps onto a second short line: "4. Överenskommelsen ... med" / "kortare väntetider 2025".
    if len(group) >= 2 and not plain_integer:
        second = group[1].text.strip()
        if len(second) <= 0.7 * width and not second.endswith(SENTENCE_END) and (len(group) == 2 or _lowerish(second)):
            title, used = f"{first} {second}", 2
    if len(group) > used and not plain_integer and used == 1 and len(group[1].text) > 0.7 * width:
        pass  # heading directly followed by body text (the body stays in the group)
    level = num.rstrip(".").count(".") + 1
    if re.match(r"^\d{1,2}[a-h]$", num):
        level = 2
    return title, level, used


def _lowerish(text: str) -> bool:
    return text[:1].islower()


def _plain_heading(group: list[Span], width: int) -> tuple[str, int | None, int] | None:
    """Unnumbered headings: a short line of its own, or short lines opening a block of prose."""
    first = group[0].text.strip()
    if not (first[:1].isupper() or first[:1].isdigit()) or first.endswith(HEADING_END):
        return None
    if len(group) == 1:
        words = first.split()
        if len(words) <= 14 and not TIDSRAM.fullmatch(first) and not first[:1].isdigit():
            return first, None, 1
        return None
    heads: list[str] = []
    for k, line in enumerate(group[:3]):
        text = line.text.strip()
        limit = 0.85 if k == 0 else 0.62
        if len(text) > limit * width or text.endswith(HEADING_END) or BULLET.match(text) or "\t" in text:
            break
        if heads and not (text[:1].islower() or _last_word(heads[-1]) in CONTINUING):
            return None  # separate short lines (a signature, a table fragment), not one heading
        heads.append(text)
    if not heads or len(heads) == len(group) or len(heads) > 3:
        return None
    body = group[len(heads)].text.strip()
    if len(body) < 0.7 * width or not body[:1].isupper() or _last_word(heads[-1]) in CONTINUING:
        return None
    if len(heads) == 1 and len(heads[0]) > 0.62 * width and len(heads[0].split()) > 14:
        return None
    return " ".join(heads), None, len(heads)


def _last_word(text: str) -> str:
    return text.rsplit(" ", 1)[-1].lower()


def _prose_width(groups: list[list[Span]]) -> int:
    lengths = sorted(len(s.text) for g in groups for s in g if len(s.text) > 30 and "\t" not in s.text)
    return lengths[int(0.8 * (len(lengths) - 1))] if lengths else 80


def _prose_blocks(group: list[Span], section: tuple[str, ...]) -> list[Block]:
    """A group of lines as a paragraph, or as a list when its lines start with bullets."""
    lines = [s for s in group if not URL_LINE.match(s.text.strip())]
    if not lines:
        return []
    if any(BULLET.match(s.text) for s in lines):
        return [Block("list", lines, section)]
    return [Block("paragraph", lines, section)]


def _glossary(groups: list[list[Span]], i: int, width: int) -> tuple[list, int]:
    """Term / definition pairs after an "Ordlista" heading."""
    entries = []
    while i + 1 < len(groups):
        term_group, definition = groups[i], groups[i + 1]
        term = term_group[0].text.strip()
        if (
            len(term_group) != 1
            or len(term.split()) > 6
            or term.endswith(SENTENCE_END)
            or URL_LINE.match(term)
            or len(definition[0].text) < 20
            or _loose_table_header(term)
        ):
            break
        body = " ".join(s.text.strip() for s in definition)
        # The text keeps the document's own words and order: the term, then its definition.
        entries.append((term_group + definition, f"{term}\n{body}", (("term", term), ("definition", body))))
        i += 2
    return entries, i


def _abbreviation_match(text: str) -> re.Match[str] | None:
    text = BULLET.sub("", text.strip(), count=1)
    match = ABBREVIATION.match(text)
    if not match or len(match.group("term")) > 24:
        return None
    term = match.group("term")
    if sum(ch.isupper() for ch in term) < 2:
        return None
    return match


def _is_abbreviation_list(groups: list[list[Span]], i: int) -> bool:
    """Three or more consecutive "X – meaning" lines."""
    count = 0
    for group in groups[i : i + 6]:
        for span in group:
            if not _abbreviation_match(span.text):
                return count >= 3
            count += 1
    return count >= 3


def _abbreviations(groups: list[list[Span]], i: int) -> tuple[list, int]:
    entries = []
    while i < len(groups) and all(_abbreviation_match(s.text) for s in groups[i]):
        for span in groups[i]:
            match = _abbreviation_match(span.text)
            assert match is not None
            term, meaning = match.group("term"), match.group("meaning").strip()
            line = BULLET.sub("", span.text.strip(), count=1)  # as written: "VCG - verksamhetschefsgrupp"
            entries.append((span, line, (("term", term), ("definition", meaning))))
        i += 1
    return entries, i


def _is_toc_row(text: str) -> bool:
    cells = tab_cells(text)
    return len(cells) >= 2 and bool(re.fullmatch(r"\d{1,3}", cells[-1])) and bool(re.match(r"^\d[\d.]*$", cells[0]))


def _tab_table(groups: list[list[Span]], i: int) -> tuple[list, int]:
    """Rows of a tab-separated table; rows cut by a page break are merged back."""
    from plansearch.tables import tab_rows

    lines: list[Span] = []
    while i < len(groups) and "\t" in groups[i][0].text:
        lines.extend(groups[i])
        i += 1
    return tab_rows(lines), i


def _loose_table_header(text: str) -> list[str] | None:
    if "\t" in text:
        return None
    words = text.split()
    if 2 <= len(words) <= 7 and all(w.strip("?:") in COLUMN_WORDS for w in words) and (
        "Ansvarig" in text or "Tidsram" in text
    ):
        return [w for w in words]
    return None


def _ends_loose_table(group: list[Span], width: int, complete: bool) -> bool:
    first = group[0].text.strip()
    if CHAPTER.match(first) or CAPTION.match(first):
        return True
    if complete and len(group) == 1 and len(first.split()) <= 6 and not first.startswith("-") and not URL_LINE.match(first):
        if not TIDSRAM.search(first) and not first.endswith((".", ",")):
            return True  # a heading after the table
    numbered = NUMBERED.match(first)
    if numbered and _numbered_heading(group, numbered, width):
        return True
    return False

"""Find the structure of a cleaned document: headings, tables, glossaries, lists and paragraphs.

The result is a list of blocks, each with its section path and its offsets in the cleaned text.
ingest/chunk.py turns the blocks into passages; headings.py, tables.py and termlists.py read
the parts.
"""

from __future__ import annotations

from collections.abc import Callable

from plansearch.ingest.blocks import BULLET, CHAPTER, Block, Span, groups_of, marks_headings, prose_width, split_lines
from plansearch.ingest.headings import (
    chapter_title,
    heading_of,
    numbered_are_items,
    section_style,
    split_at_headings,
)
from plansearch.ingest.tables import (
    LooseTable,
    continues_table,
    ends_loose_table,
    is_toc_row,
    loose_table_header,
    read_pipe_table,
    read_tab_table,
    split_before_pipe_tables,
    split_before_tab_table,
    starts_pipe_table,
    tab_cells,
)
from plansearch.ingest.termlists import GLOSSARY_HEADINGS, is_abbreviation_list, read_abbreviations, read_glossary
from plansearch.text.normalise import URL_LINE


def parse_blocks(
    text: str, page_at: Callable[[int], int | None] | None = None, headings_marked: bool = False
) -> list[Block]:
    """Blocks of a cleaned document, in reading order, with section paths. page_at(offset) gives
    the page of a character, where the format has pages (Document.page_at). headings_marked: the
    reader marks every heading it knows ("# …": Word, web, Markdown), so that in a document with
    any, no other line is guessed to be one; a PDF marks those in large type, and then its numbered
    lines are list items while other headings may still be guessed."""
    lines = split_lines(text)
    marked = headings_marked and marks_headings(s.text for s in lines)
    groups = groups_of(lines)
    numbered = not numbered_are_items(groups)
    width = prose_width([s.text for g in groups for s in g])
    groups = [part for group in groups for part in split_before_pipe_tables(group)]
    groups = [part for group in groups for part in split_before_tab_table(group)]
    groups = [part for group in groups for part in split_at_headings(group, width, marked, numbered)]
    sections = section_style(groups, width, len(text), marked, numbered)
    blocks: list[Block] = []
    last_table: Block | None = None  # the last tab-table row, for a table continued on the next page
    i = 0
    while i < len(groups):
        group = groups[i]
        first = group[0].text

        chapter = CHAPTER.match(first)
        if chapter:
            title_line, rest, i = chapter_title(groups, i)
            title = f"Kapitel {chapter.group(1)}" + (f": {title_line}" if title_line else "")
            sections.enter(title, 1)
            if rest:
                groups[i:i] = [rest]
            continue

        if starts_pipe_table(group):
            rows, i = read_pipe_table(groups, i)
            blocks.extend(Block("table_row", g, sections.path(), text=t, fields=f) for g, t, f in rows)
            continue

        if first.strip().lower().rstrip(":") in GLOSSARY_HEADINGS and len(group) == 1:
            sections.enter(first.strip(), None)
            entries, i = read_glossary(groups, i + 1, width)
            blocks.extend(Block("glossary", g, sections.path(), text=t, fields=f) for g, t, f in entries)
            continue

        if is_abbreviation_list(groups, i):
            entries, i = read_abbreviations(groups, i)
            blocks.extend(Block("glossary", [s], sections.path(), text=t, fields=f) for s, t, f in entries)
            continue

        header = loose_table_header(first)
        if header:
            table = LooseTable(header)
            if len(group) > 1:
                table.add_group(group[1:])
            i += 1
            while i < len(groups) and not ends_loose_table(groups[i], width, table.complete()):
                if not all(URL_LINE.match(s.text.strip()) for s in groups[i]):
                    table.add_group(groups[i])
                i += 1
            for g, t, f in table.rows():
                blocks.append(Block("table_row", g, sections.path(), text=t, fields=f))
            for leftover in table.leftovers():
                blocks.append(Block("paragraph", leftover, sections.path()))
            continue

        heading = heading_of(group, width, marked, numbered)
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

        if "\t" in first and is_toc_row(first):
            i += 1  # a table of contents repeats the headings; it answers nothing
            continue

        if "\t" in first and len(tab_cells(first)) >= 2:
            carried = _carried_table(last_table, group[0], text, page_at)
            rows, i = read_tab_table(groups, i, [n for n, _ in carried.fields] if carried else None)
            # Rows continued after a page break stay in their table's section, whatever running
            # header the break left between them.
            section = carried.section if carried else sections.path()
            blocks.extend(Block("table_row", g, section, text=t, fields=f) for g, t, f in rows)
            last_table = blocks[-1] if rows else last_table
            continue

        blocks.extend(_prose_blocks(group, sections.path()))
        i += 1
    return blocks


def _carried_table(last: Block | None, first: Span, text: str, page_at: Callable[[int], int | None] | None) -> Block | None:
    """The last row of the table that the tab table starting at `first` continues, if it does."""
    if last is None or page_at is None:
        return None
    before, after = page_at(last.end), page_at(first.start)
    page_break = before is not None and after is not None and after > before
    columns = [name for name, _ in last.fields]
    return last if continues_table(columns, text[last.end : first.start], first.text, page_break) else None


def _prose_blocks(group: list[Span], section: tuple[str, ...]) -> list[Block]:
    """A group of lines as a paragraph, or as a list when its lines start with bullets."""
    lines = [s for s in group if not URL_LINE.match(s.text.strip())]
    if not lines:
        return []
    if any(BULLET.match(s.text) for s in lines):
        return [Block("list", lines, section)]
    return [Block("paragraph", lines, section)]



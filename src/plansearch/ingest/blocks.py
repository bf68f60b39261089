"""Lines with offsets, the blocks that structure finds in them, and the line patterns that the
readers of structure (headings, tables, termlists) share."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["paragraph", "list", "table_row", "glossary", "heading"]

# "3) text" is how the Word and web readers write a numbered list item (ingest/emit.py); "3. text"
# would read as a numbered heading.
BULLET = re.compile(r"^(?:[•◦▪●*·]|[-–](?=\s|[A-ZÅÄÖa-zåäö])|\d{1,3}\)(?=\s))\s*")
NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}\.|\d{1,2}[a-h]|\d{1,2})\s+(?P<title>[A-ZÅÄÖÉ\"”(].*)$")
CHAPTER = re.compile(r"^(?:KAPITEL|Kapitel)\s+(\d{1,2})$")
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")


def marks_headings(texts: Iterable[str]) -> bool:
    """Whether a document marks its headings ("# Mål", as Markdown and the Word and web readers
    write them): then no other line is guessed to be one."""
    return any(MARKDOWN_HEADING.match(text) for text in texts)
CAPTION = re.compile(r"^(?:Figur|Bild|Tabell|Diagram|Källa|Karta)\b", re.IGNORECASE)
SENTENCE_END = tuple(".!?:;,")
HEADING_END = tuple(".!:;,")  # a heading may be a question: "Var är vi?"
# A time frame: "2025–2027", "2025-27", "2024".
TIDSRAM = re.compile(r"20\d\d(?:\s*[-–]\s*(?:20)?\d\d)?")
TIDSRAM_AT_END = re.compile(r"(?:^|\s)" + TIDSRAM.pattern + r"$")


@dataclass
class Span:
    """A line of the cleaned text with its offsets."""

    start: int
    end: int
    text: str


@dataclass
class Block:
    """A structural unit of a document, before it is cut into passages."""

    kind: BlockKind
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


def split_lines(text: str) -> list[Span]:
    """Every line of `text` with its offsets."""
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


def prose_width(texts: list[str]) -> int:
    """Typical length of a full line of running text: the 80th percentile of the lines over 30
    characters outside tables (80 when there are none)."""
    lengths = sorted(len(t) for t in texts if len(t) > 30 and "\t" not in t)
    return lengths[int(0.8 * (len(lengths) - 1))] if lengths else 80

"""Headings and the section path: numbered, "KAPITEL n", Markdown and plain short-line headings,
and headings that a page break glued to the line before them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plansearch.ingest.blocks import (
    BULLET,
    CAPTION,
    CHAPTER,
    HEADING_END,
    MARKDOWN_HEADING,
    NUMBERED,
    SENTENCE_END,
    TIDSRAM,
    TIDSRAM_AT_END,
    Span,
)
from plansearch.text.normalise import URL_LINE
from plansearch.text.swedish import FUNCTION_WORDS


@dataclass
class Sections:
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


def numbered_are_items(groups: list[list[Span]]) -> bool:
    """True when the document marks several headings ("## Anemi", as the PDF reader writes the lines
    in large type): its numbered lines are then list items, not sections."""
    return sum(1 for g in groups if MARKDOWN_HEADING.match(g[0].text.strip())) >= 3


def section_style(
    groups: list[list[Span]], width: int, length: int, marked: bool = False, numbered: bool = True
) -> Sections:
    """Decide whether numbered headings are the document's skeleton or only local."""
    first_numbered = None
    titles: list[str] = []
    for group in groups:
        found = heading_of(group, width, marked, numbered)
        if not found and not CHAPTER.match(group[0].text.strip()):
            continue
        if CHAPTER.match(group[0].text.strip()) or (found and found[1] is not None):
            if first_numbered is None:
                first_numbered = group[0].start
        elif found:
            titles.append(found[0])
    local = first_numbered is not None and first_numbered > 0.15 * length
    recurring = {t for t in titles if titles.count(t) > 1}
    return Sections(local_numbering=local, recurring=recurring)


def split_at_headings(group: list[Span], width: int, marked: bool = False, numbered: bool = True) -> list[list[Span]]:
    """A page break can glue a heading to the line before it ("2022–2024" / "6. Ledning och styrning").
    In a document that marks its headings, only a marked heading starts a new group; where numbered
    lines are list items (`numbered` False), none does."""
    if not numbered and not marked:
        return [group]
    if marked:
        cuts = [k for k, span in enumerate(group) if k > 0 and MARKDOWN_HEADING.match(span.text)]
        return [group[a:b] for a, b in zip([0, *cuts], [*cuts, len(group)], strict=True)]
    parts: list[list[Span]] = [[]]
    for k, span in enumerate(group):
        text = span.text.strip()
        prev = group[k - 1].text.strip() if k > 0 else ""
        number = NUMBERED.match(text)
        strong = bool(CHAPTER.match(text)) or bool(
            number
            and not number.group("num").isdigit()
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


def chapter_title(groups: list[list[Span]], i: int) -> tuple[str, list[Span], int]:
    """The title line after "KAPITEL 3", and what is left of its group."""
    group = groups[i]
    if len(group) > 1:
        return "", group[1:], i + 1
    if i + 1 < len(groups) and len(groups[i + 1][0].text) <= 60 and not groups[i + 1][0].text.endswith(SENTENCE_END):
        nxt = groups[i + 1]
        return nxt[0].text.strip(), nxt[1:], i + 2
    return "", [], i + 1


def heading_of(
    group: list[Span], width: int, marked: bool = False, numbered: bool = True
) -> tuple[str, int | None, int] | None:
    """(title, level or None for unnumbered, number of lines used) if the group starts with a heading.
    marked: the reader marks every heading (Word, web, Markdown), so only marked ones count;
    numbered False: a numbered line ("5. Ordna snar uppföljning") is a list item, never a heading."""
    first = group[0].text.strip()
    if len(group) == 1 and re.match(r"^Tabell\s+\d", first) and len(first) <= 100:
        return first, None, 1  # a table's caption names what its rows are about
    if "\t" in first or URL_LINE.match(first) or BULLET.match(first) or CAPTION.match(first):
        return None
    md = MARKDOWN_HEADING.match(first)
    if md:
        return md.group(2), len(md.group(1)), 1
    if marked:
        return None
    number = NUMBERED.match(first)
    if number:
        return numbered_heading(group, number, width) if numbered else None
    return _plain_heading(group, width)


def numbered_heading(group: list[Span], match: re.Match[str], width: int) -> tuple[str, int | None, int] | None:
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
        if heads and not (text[:1].islower() or _last_word(heads[-1]) in FUNCTION_WORDS):
            return None  # separate short lines (a signature, a table fragment), not one heading
        heads.append(text)
    if not heads or len(heads) == len(group) or len(heads) > 3:
        return None
    body = group[len(heads)].text.strip()
    if len(body) < 0.7 * width or not body[:1].isupper() or _last_word(heads[-1]) in FUNCTION_WORDS:
        return None
    if len(heads) == 1 and len(heads[0]) > 0.62 * width and len(heads[0].split()) > 14:
        return None
    return " ".join(heads), None, len(heads)


def _last_word(text: str) -> str:
    return text.rsplit(" ", 1)[-1].lower()

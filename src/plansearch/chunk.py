"""Cut a cleaned document into passages: paragraphs packed up to a size limit at sentence
boundaries with a small overlap, lists, table rows and glossary entries.

Every passage keeps its section path, page and character offsets into the cleaned text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plansearch.models import Document, Passage
from plansearch.structure import Block, parse_blocks

# Words that end with a full stop without ending the sentence.
ABBREVIATIONS = {
    "t.ex", "bl.a", "bl", "a", "dvs", "d.v.s", "m.m", "mm", "ca", "kl", "nr", "s", "resp", "inkl", "exkl",
    "jfr", "osv", "o.s.v", "fr.o.m", "t.o.m", "f.d", "p.g.a", "pga", "etc", "prop", "bet", "kap", "st", "t",
    "fig", "tab", "ff", "m.fl", "mfl", "e.g", "i.e", "dr", "prof", "vs", "jan", "feb", "mar", "apr", "aug",
    "sep", "sept", "okt", "nov", "dec", "bild", "figur", "tabell", "ex",
}
SENTENCE_BREAK = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"”(\[]?[A-ZÅÄÖÉ0-9])")


@dataclass(frozen=True)
class ChunkSettings:
    max_chars: int = 1200
    target_chars: int = 800
    overlap_chars: int = 250
    window_chars: int = 350  # sentence windows inside long passages, embedded on their own
    window_min_chars: int = 500  # passages shorter than this get no windows


def chunk_document(doc: Document, settings: ChunkSettings = ChunkSettings()) -> list[Passage]:
    """Passages of one cleaned document, in reading order."""
    return _Chunker(doc, settings).run(parse_blocks(doc.text))


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences in text[start:end]."""
    spans = []
    begin = start
    for match in SENTENCE_BREAK.finditer(text, start, end):
        stop = match.start() + 1
        before = text[begin:stop].rsplit(None, 1)[-1].lower().rstrip(".").lstrip("(\"”")
        if before in ABBREVIATIONS or (len(before) == 1 and before.isalpha()):
            continue
        spans.append((begin, match.end() - len(match.group(0)) + len(match.group(0).rstrip())))
        begin = match.end()
    if begin < end and text[begin:end].strip():
        spans.append((begin, end))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def sentence_windows(passage: Passage, settings: ChunkSettings = ChunkSettings()) -> list[str]:
    """Runs of whole sentences, about `window_chars` long, covering a long prose passage.

    The model sees a long passage as one blurred average; a question about one sentence of it is
    matched better against a window around that sentence."""
    if passage.kind not in ("paragraph", "list") or len(passage.text) < settings.window_min_chars:
        return []
    windows: list[str] = []
    current = ""
    for start, end in sentence_spans(passage.text, 0, len(passage.text)):
        sentence = flat(passage.text[start:end])
        if current and len(current) + len(sentence) > settings.window_chars:
            windows.append(current)
            current = ""
        current = f"{current} {sentence}".strip()
    if current:
        windows.append(current)
    return windows if len(windows) > 1 else []


def flat(text: str) -> str:
    """Lines of one block joined with spaces."""
    return re.sub(r"[ \t]*\n[ \t]*", " ", text).strip()


class _Chunker:
    def __init__(self, doc: Document, settings: ChunkSettings):
        self.doc = doc
        self.settings = settings
        self.passages: list[Passage] = []
        self.heading: Block | None = None  # a heading whose text no passage carries yet

    def run(self, blocks: list[Block]) -> list[Passage]:
        run: list[Block] = []
        k = 0
        while k < len(blocks):
            block = blocks[k]
            if block.kind == "paragraph" and (not run or run[-1].section == block.section):
                lead_in = _is_lead_in(block) and k + 1 < len(blocks) and blocks[k + 1].kind == "list"
                if not lead_in:
                    run.append(block)
                    k += 1
                    continue
            self._paragraphs(run)
            run = []
            if block.kind == "paragraph":
                if _is_lead_in(block) and k + 1 < len(blocks) and blocks[k + 1].kind == "list":
                    k = self._list(blocks, k + 1, lead_in=block)
                else:
                    run.append(block)
                    k += 1
            elif block.kind == "heading":
                self._heading(block)
                k += 1
            elif block.kind == "list":
                k = self._list(blocks, k, lead_in=None)
            else:
                self._single(block)
                k += 1
        self._paragraphs(run)
        if self.heading is not None:
            self._heading_alone(self.heading)
        return self.passages

    # -- emitters -------------------------------------------------------------------------------

    def _add(self, text: str, start: int, end: int, section: tuple[str, ...], kind: str, fields=()) -> None:
        n = len(self.passages)
        self.passages.append(
            Passage(
                id=f"{self.doc.meta.doc_id}:{n}",
                doc_id=self.doc.meta.doc_id,
                n=n,
                text=text,
                section=" › ".join(section),
                page=self.doc.page_at(start),
                kind=kind,
                start=start,
                end=end,
                fields=tuple(fields),
            )
        )

    def _take_heading(self) -> tuple[str, int] | None:
        """The pending heading's text and start, to open the next passage with."""
        if self.heading is None:
            return None
        heading, self.heading = self.heading, None
        return flat(heading.text), heading.start

    def _heading(self, block: Block) -> None:
        if self.heading is not None:
            self._heading_alone(self.heading)
        self.heading = block

    def _heading_alone(self, block: Block) -> None:
        # A heading with nothing under it still says something ("Anmälan till cancerdagarna 7–8 maj
        # öppen"); keep it searchable.
        self.heading = None
        if len(block.text.split()) >= 3:
            self._add(flat(block.text), block.start, block.end, block.section, "paragraph")

    def _single(self, block: Block) -> None:
        # A table caption or glossary heading lives on in the rows' section path.
        self.heading = None
        self._add(block.text, block.start, block.end, block.section, block.kind, block.fields)

    def _list(self, blocks: list[Block], k: int, lead_in: Block | None) -> int:
        """Consecutive list blocks of one section become one or more list passages."""
        section = blocks[k].section
        items: list[tuple[int, int]] = []
        while k < len(blocks) and blocks[k].kind == "list" and blocks[k].section == section:
            items.extend(_items(blocks[k], self.doc.text))
            k += 1
        head = self._take_heading()
        intro = []
        if head:
            intro.append(head)
        if lead_in is not None:
            intro.append((flat(self.doc.text[lead_in.start : lead_in.end]), lead_in.start))
        intro_text = "\n".join(t for t, _ in intro)
        budget = max(self.settings.max_chars - len(intro_text), self.settings.target_chars // 2)
        chunk: list[tuple[int, int]] = []
        size = 0
        for item in items:
            length = item[1] - item[0]
            if chunk and size + length > budget:
                self._emit_list(intro, intro_text, chunk, section)
                chunk, size = [], 0
            chunk.append(item)
            size += length + 1
        if chunk:
            self._emit_list(intro, intro_text, chunk, section)
        return k

    def _emit_list(self, intro, intro_text: str, chunk: list[tuple[int, int]], section) -> None:
        lines = [flat(self.doc.text[s:e]) for s, e in chunk]
        text = "\n".join(([intro_text] if intro_text else []) + lines)
        start = min([s for _, s in intro] + [chunk[0][0]])
        self._add(text, start, chunk[-1][1], section, "list")

    def _paragraphs(self, run: list[Block]) -> None:
        """Pack the sentences of consecutive paragraphs into passages near the target size."""
        if not run:
            return
        max_chars, target, overlap = self.settings.max_chars, self.settings.target_chars, self.settings.overlap_chars
        units: list[tuple[int, int, int]] = []  # (start, end, paragraph number)
        for number, block in enumerate(run):
            for s, e in sentence_spans(self.doc.text, block.start, block.end):
                units.extend((a, b, number) for a, b in _split_long(self.doc.text, s, e, max_chars // 2))
        head = self._take_heading()
        groups: list[list[tuple[int, int, int]]] = []
        current: list[tuple[int, int, int]] = []
        size = len(head[0]) + 1 if head else 0
        for unit in units:
            length = unit[1] - unit[0] + 1
            new_paragraph = bool(current) and unit[2] != current[-1][2]
            if current and (
                size + length > max_chars
                or (size >= target and new_paragraph)
                or size + length > (target + max_chars) // 2
            ):
                groups.append(current)
                carry = current[-1]
                current, size = [], 0
                if carry[1] - carry[0] <= overlap and carry[1] - carry[0] + length <= max_chars:
                    current, size = [carry], carry[1] - carry[0] + 1
            current.append(unit)
            size += length
        if current:
            # A short tail joins the passage before it when both fit.
            if groups and size < target // 3 and _length(groups[-1] + current) <= max_chars:
                groups[-1] = groups[-1] + [u for u in current if u not in groups[-1]]
            else:
                groups.append(current)
        for g, units_ in enumerate(groups):
            text = self._render_units(units_)
            start = units_[0][0]
            if g == 0 and head:
                text = head[0] + "\n" + text
                start = head[1]
            self._add(text, start, units_[-1][1], run[0].section, "paragraph")

    def _render_units(self, units: list[tuple[int, int, int]]) -> str:
        parts: list[str] = []
        for k, (s, e, number) in enumerate(units):
            sentence = flat(self.doc.text[s:e])
            if k and number != units[k - 1][2]:
                parts.append("\n" + sentence)
            elif k:
                parts.append(" " + sentence)
            else:
                parts.append(sentence)
        return "".join(parts)


def _length(units: list[tuple[int, int, int]]) -> int:
    return sum(e - s + 1 for s, e, _ in units)


def _is_lead_in(block: Block) -> bool:
    return block.end - block.start <= 300 and block.lines[-1].text.rstrip().endswith(":")


def _items(block: Block, text: str) -> list[tuple[int, int]]:
    """(start, end) of each item of a list block; a line without a bullet continues the item."""
    from plansearch.structure import BULLET

    items: list[tuple[int, int]] = []
    for line in block.lines:
        if BULLET.match(line.text) or not items:
            items.append((line.start, line.end))
        else:
            items[-1] = (items[-1][0], line.end)
    return items


def _split_long(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Cut a sentence longer than `limit` at a semicolon, comma or space near the limit."""
    pieces = []
    while end - start > limit * 2:
        window = text[start + limit // 2 : start + limit * 2]
        cut = max(window.rfind("; "), window.rfind(", "))
        if cut < 0:
            cut = window.rfind(" ")
        if cut < 0:
            break
        stop = start + limit // 2 + cut + 1
        pieces.append((start, stop))
        start = stop + 1
    pieces.append((start, end))
    return pieces

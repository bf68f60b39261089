"""Cut a cleaned document into passages: paragraphs packed up to a size limit at sentence
boundaries with a small overlap, lists, table rows and glossary entries.

Every passage keeps its section path, page and character offsets into the cleaned text.
"""

from __future__ import annotations

from dataclasses import dataclass

from plansearch.config import Settings
from plansearch.ingest.blocks import BULLET, Block
from plansearch.ingest.structure import parse_blocks
from plansearch.models import Document, Passage, PassageKind
from plansearch.text.sentences import flat, sentence_spans

Unit = tuple[int, int, int]  # a sentence: (start, end, number of its paragraph in the run)


@dataclass(frozen=True)
class ChunkSettings:
    """Passage and sentence-window sizes, in characters (their defaults and help: config.Settings)."""

    max_chars: int
    target_chars: int
    overlap_chars: int
    window_chars: int  # sentence windows inside long passages, embedded on their own
    window_min_chars: int  # passages shorter than this get no windows

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> ChunkSettings:
        """The chunking part of the settings (the defaults when None)."""
        s = settings or Settings()
        return cls(s.chunk_max_chars, s.chunk_target_chars, s.chunk_overlap_chars, s.window_chars, s.window_min_chars)


def chunk_document(doc: Document, settings: ChunkSettings | None = None) -> list[Passage]:
    """Passages of one cleaned document, in reading order."""
    return _Chunker(doc, settings or ChunkSettings.from_settings()).run(parse_blocks(doc.text, doc.page_at, doc.headings_marked))


def sentence_windows(passage: Passage, settings: ChunkSettings | None = None) -> list[str]:
    """Runs of whole sentences, about `window_chars` long, covering a long prose passage.

    The model sees a long passage as one blurred average; a question about one sentence of it is
    matched better against a window around that sentence."""
    settings = settings or ChunkSettings.from_settings()
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

    def _add(
        self,
        text: str,
        start: int,
        end: int,
        section: tuple[str, ...],
        kind: PassageKind,
        fields: tuple[tuple[str, str], ...] = (),
    ) -> None:
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
                page_end=self.doc.page_at(_last_char(self.doc.text, start, end)),
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
        kind: PassageKind = "glossary" if block.kind == "glossary" else "table_row"  # the only blocks left
        # A row of long cells over the cap becomes several passages, each with the row's columns.
        for s, e in _split_long(block.text, 0, len(block.text), self.settings.max_chars):
            self._add(block.text[s:e], block.start, block.end, block.section, kind, block.fields)

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
        budget = max(self.settings.max_chars - len(intro_text) - 1, self.settings.target_chars // 4)
        # An item longer than a passage is cut at word boundaries (a list of one long paragraph).
        items = [piece for s, e in items for piece in _split_long(self.doc.text, s, e, budget)]
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
        head = self._take_heading()
        # A sentence longer than a passage (text without full stops) is cut into pieces that fit,
        # with the heading, into one.
        longest = self.settings.max_chars - (len(head[0]) + 1 if head else 0)
        units: list[Unit] = []
        for number, block in enumerate(run):
            for s, e in sentence_spans(self.doc.text, block.start, block.end):
                units.extend((a, b, number) for a, b in _split_long(self.doc.text, s, e, longest))
        groups = pack(units, len(head[0]) + 1 if head else 0, self.settings)
        for g, group in enumerate(groups):
            text = render_units(self.doc.text, group)
            start = group[0][0]
            if g == 0 and head:
                text = head[0] + "\n" + text
                start = head[1]
            self._add(text, start, group[-1][1], run[0].section, "paragraph")



def pack(units: list[Unit], first_size: int, settings: ChunkSettings) -> list[list[Unit]]:
    """Sentences packed into passages near the target size, never over the maximum: a passage
    closes at a paragraph break once it reaches the target, and a short last sentence of one
    passage opens the next too (the overlap). `first_size` is what the first passage already holds
    (its heading)."""
    max_chars, target, overlap = settings.max_chars, settings.target_chars, settings.overlap_chars
    groups: list[list[Unit]] = []
    current: list[Unit] = []
    size = first_size
    for unit in units:
        length = unit[1] - unit[0] + 1
        new_paragraph = bool(current) and unit[2] != current[-1][2]
        if current and (
            size + length > max_chars or (size >= target and new_paragraph) or size + length > (target + max_chars) // 2
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
    return groups


def render_units(text: str, units: list[Unit]) -> str:
    """The sentences on one line each paragraph, paragraphs on lines of their own."""
    parts: list[str] = []
    for k, (s, e, number) in enumerate(units):
        sentence = flat(text[s:e])
        if k and number != units[k - 1][2]:
            parts.append("\n" + sentence)
        elif k:
            parts.append(" " + sentence)
        else:
            parts.append(sentence)
    return "".join(parts)


def _length(units: list[Unit]) -> int:
    return sum(e - s + 1 for s, e, _ in units)


def _is_lead_in(block: Block) -> bool:
    return block.end - block.start <= 300 and block.lines[-1].text.rstrip().endswith(":")


def _items(block: Block, text: str) -> list[tuple[int, int]]:
    """(start, end) of each item of a list block; a line without a bullet continues the item."""
    items: list[tuple[int, int]] = []
    for line in block.lines:
        if BULLET.match(line.text) or not items:
            items.append((line.start, line.end))
        else:
            items[-1] = (items[-1][0], line.end)
    return items


def _split_long(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """(start, end) pieces of text[start:end], none longer than `limit`: cut after the last
    semicolon or comma in the second half of the allowed length, else at the last blank, else (one
    word longer than the limit) at the limit. Only the blanks at a cut lie outside the pieces."""
    pieces = []
    limit = max(limit, 2)
    while end - start > limit:
        low, high = start + limit // 2, start + limit
        window = text[low:high]
        cut = max(window.rfind("; "), window.rfind(", "))
        if cut >= 0:
            stop = low + cut + 1  # just after the punctuation
        else:
            blank = max(text.rfind(ch, start + 1, high + 1) for ch in " \n\t")
            stop = blank if blank > start else high
        pieces.append((start, stop))
        start = stop
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces


def _last_char(text: str, start: int, end: int) -> int:
    """Offset of the last non-blank character of text[start:end] (`start` when it is all blank)."""
    k = min(end, len(text)) - 1
    while k > start and text[k].isspace():
        k -= 1
    return max(k, start)

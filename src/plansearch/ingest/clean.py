"""Remove the noise of PDF extraction: headers, footers, page numbers, repeated links, broken words.

The rules live in boilerplate.py (headers, footers, page numbers) and rejoin.py (links, words
and sentences broken by the layout); this module has the character and markup rules and the order.

Every rule works on lines (with their page numbers) and keeps the line structure, because the
chunker needs it to find tables. `clean_document` runs the rules in order and joins the lines
into the text that passage offsets point into.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import PurePath

from plansearch.ingest.blocks import marks_headings
from plansearch.ingest.boilerplate import drop_boilerplate
from plansearch.ingest.read import MARKS_HEADINGS
from plansearch.ingest.rejoin import dedupe_urls, dehyphenate, join_broken_paragraphs, rejoin_urls, squeeze_blank_lines
from plansearch.ingest.tables import PIPE_RULE, strip_emphasis
from plansearch.models import Document, DocumentMeta, Line
from plansearch.text.normalise import URL_START
from plansearch.text.unicode import normalise, rejoin_split_letters

TABLE_RULE = re.compile(r"^[\s|:+-]*-{2,}[\s|:+-]*$")
HTML_TAG = re.compile(
    r"</?(?:p|i|b|u|em|strong|span|div|br|sup|sub|small|font|td|tr|th|li|ul|ol|a)\b[^<>]*?/?>",
    re.IGNORECASE,
)
HTML_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
MD_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]*)\)")
AUTOLINK = re.compile(rf"<({URL_START}[^<>\s]+)>")


def clean_document(meta: DocumentMeta, lines: list[Line]) -> Document:
    """Apply every cleaning rule and return the document with its cleaned text and page map."""
    if PurePath(meta.source).suffix.lower() == ".md":
        lines = markdown_inline(lines)
    for rule in RULES:
        lines = rule(lines)
    return assemble(meta, lines)


ORDERED_ITEM = re.compile(r"^(\s*)(\d{1,3})\.(\s+\S)")


def markdown_inline(lines: list[Line]) -> list[Line]:
    """A Markdown file's emphasis and code marks go ("**Min vårdplan**" -> "Min vårdplan"); in a file
    that marks its headings with #, an ordered item "1. …" is written "1) …", as the Word reader
    writes them, so that it stays a list item and is never taken for a numbered heading."""
    marked = marks_headings(line.text for line in lines)
    out = []
    for line in lines:
        text = line.text
        if not text.lstrip().startswith("|"):  # a pipe table's cells are cleaned with their table
            text = strip_emphasis(text)
        if marked:
            text = ORDERED_ITEM.sub(r"\1\2)\3", text)
        out.append(Line(text, line.page))
    return out


def assemble(meta: DocumentMeta, lines: list[Line]) -> Document:
    """Join cleaned lines into the document text, recording where each page starts."""
    parts: list[str] = []
    page_starts: list[tuple[int, int]] = []
    offset = 0
    last_page = None
    for line in lines:
        if line.page is not None and line.page != last_page:
            page_starts.append((offset, line.page))
            last_page = line.page
        parts.append(line.text)
        offset += len(line.text) + 1
    marked = PurePath(meta.source).suffix.lower() in MARKS_HEADINGS
    return Document(meta=meta, text="\n".join(parts).strip("\n") + "\n", page_starts=tuple(page_starts), headings_marked=marked)


def normalize_characters(lines: list[Line]) -> list[Line]:
    """Characters in the one form (text/unicode.py: letters split at a diacritic rejoined, then
    ligatures, invisible characters, spaces, glyph names, NFC), control characters dropped, line ends trimmed."""
    out = []
    texts = rejoin_split_letters([line.text for line in lines])
    for line, raw in zip(lines, texts, strict=True):
        text = normalise(raw)
        text = "".join(ch for ch in text if ch == "\t" or ord(ch) >= 32)
        # Tabs separate table cells; other runs of spaces carry no meaning.
        text = re.sub(r" {2,}", " ", text).rstrip()
        text = text.lstrip(" ")
        out.append(Line(text, line.page))
    return out


def strip_markup(lines: list[Line]) -> list[Line]:
    """HTML tags in table cells, HTML entities, markdown links and <autolinks> become plain text."""
    out = []
    for line in lines:
        text = line.text
        if "<" in text:
            text = HTML_TAG.sub(" ", text)
            text = AUTOLINK.sub(r"\1", text)
        if "&" in text:
            text = HTML_ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
        if "](" in text:
            text = MD_LINK.sub(_markdown_link, text)
        if text != line.text:
            text = "\t".join(re.sub(r" {2,}", " ", cell).strip() for cell in text.split("\t")).rstrip()
        out.append(Line(text, line.page))
    return out


def _markdown_link(match: re.Match[str]) -> str:
    label, target = match.group(1), match.group(2)
    if not target or target.startswith("#") or target == label:
        return label
    return f"{label} ({target})"


def drop_table_rules(lines: list[Line]) -> list[Line]:
    """Table separator rows ("---\\t---\\t--") carry no text. The delimiter row under a Markdown
    table's header ("| --- | --- |") stays: it is what says that the line above names the columns."""
    out: list[Line] = []
    for line in lines:
        rule = TABLE_RULE.match(line.text) and "-" in line.text
        if rule and not (out and "|" in out[-1].text and PIPE_RULE.match(line.text)):
            continue
        out.append(line)
    return out


RULES: list[Callable[[list[Line]], list[Line]]] = [
    normalize_characters,
    strip_markup,
    drop_table_rules,
    drop_boilerplate,
    rejoin_urls,
    dedupe_urls,
    dehyphenate,
    join_broken_paragraphs,
    squeeze_blank_lines,
]

"""Read a web page (.html, .htm) into lines: headings, paragraphs, lists and tables of its main
content; scripts, styles, navigation, site header and footer and asides dropped.

read_web(path) -> (lines, title): lines as ingest/emit.py writes them; title from <title> (or the
first <h1> when <title> only adds the site's name to it). Raises UnreadableFile when the bytes
cannot be decoded or parsed.

The parser is lxml.html (libxml2), which python-docx already brings: on HTML as CMSes write it
(unclosed <p>, <li>, <td>; tables without <tbody>; markup inside <script>) it built the right tree
in 10 of 10 cases, as selectolax did, where the standard library's tokenizer with a tree of our
own got 7 (unclosed cells nest without end); benchmarks/html_parsers.py has the measurement.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from plansearch.errors import UnreadableFile
from plansearch.ingest.emit import Emitter, flat
from plansearch.models import Line

# Never content: code, styling, forms and the site's own chrome.
DROPPED = {
    "script", "style", "noscript", "template", "head", "nav", "aside", "form", "button", "select",
    "svg", "iframe", "object", "canvas", "dialog", "menu",
}
CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Elements that hold blocks; their inline text between blocks is a paragraph of its own.
CONTAINERS = {
    "html", "body", "main", "article", "section", "div", "blockquote", "figure", "details", "center",
    "header", "footer", "address", "fieldset", "li", "dd", "td", "th",
}
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def read_web(path: Path) -> tuple[list[Line], str]:
    """(lines, title) of an HTML file."""
    import lxml.html
    from lxml.etree import ParserError

    text = _decode(path)
    try:
        # lxml refuses a str that still declares an encoding: the text is decoded already.
        root = lxml.html.document_fromstring(XML_DECLARATION.sub("", text))
    except (ParserError, ValueError) as exc:
        raise UnreadableFile(path, f"not a readable web page ({exc})") from None
    title = flat(root.findtext(".//title") or "")
    body = _content_root(root)
    out = Emitter()
    _Walker(out).blocks(body)
    return out.lines(), _title(title, out.first_title)


def _decode(path: Path) -> str:
    """The page's text: a byte-order mark wins, then <meta charset>, then UTF-8, then Windows-1252
    (which every byte sequence decodes as)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(path, f"cannot open: {exc.strerror or exc}") from None
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if b"\x00" in data[:1_000_000]:
        raise UnreadableFile(path, "binary data (NUL bytes), not a web page")
    declared = CHARSET.search(data[:4096])
    encodings = [declared.group(1).decode("ascii").lower()] if declared else []
    for encoding in [*encodings, "utf-8", "cp1252"]:
        if encoding in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
            encoding = "cp1252"  # what browsers do with these labels
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", errors="replace")


def _content_root(root: Any) -> Any:
    """<main> (or role="main") when the page has one with text, else <body>."""
    for found in root.iter("main"):
        if flat(found.text_content()):
            return found
    for found in root.iter():
        if isinstance(found.tag, str) and found.get("role") == "main" and flat(found.text_content()):
            return found
    body = root.find("body")
    return body if body is not None else root


def _title(title: str, first_heading: str) -> str:
    """<title>, unless it is the first heading with the site's name added ("Mål | Region X")."""
    if first_heading and (not title or (first_heading in title and len(first_heading) < len(title))):
        return first_heading
    return title


class _Walker:
    def __init__(self, out: Emitter):
        self.out = out

    def blocks(self, element: Any) -> None:
        """Write the blocks inside `element`; runs of inline text between them are paragraphs."""
        inline: list[str] = [element.text or ""]
        for child in element:
            if not isinstance(child.tag, str) or _dropped(child):
                inline.append(child.tail or "")  # a comment or dropped element: keep the text after it
                continue
            tag = child.tag.lower()
            if tag in HEADINGS or tag in ("p", "pre", "ul", "ol", "dl", "table", "hr") or tag in CONTAINERS:
                self._flush(inline)
                inline = []
                self.block(child, tag)
            else:
                inline.append(inline_text(child))
            inline.append(child.tail or "")
        self._flush(inline)

    def _flush(self, inline: list[str]) -> None:
        self.out.paragraph("".join(inline))

    def block(self, element: Any, tag: str) -> None:
        if tag in HEADINGS:
            self.out.end_list()
            self.out.heading(inline_text(element), HEADINGS[tag])
        elif tag in ("p", "pre"):
            self.out.end_list()
            self.out.paragraph(inline_text(element))
        elif tag in ("ul", "ol"):
            self.list(element, tag == "ol")
            self.out.end_list()
        elif tag == "dl":
            self.definitions(element)
        elif tag == "table" and _layout_table(element):
            for cell in element.iter("td", "th"):
                if _owner(cell) is element:
                    self.blocks(cell)  # a page laid out in a grid: each cell is a column of text
        elif tag == "table":
            self.out.end_list()
            grid, header_rows = table_grid(element)
            self.out.table(grid, header_rows)
        elif tag != "hr":
            self.blocks(element)

    def list(self, element: Any, ordered: bool) -> None:
        """Each item one line; a nested list's items follow their parent item's line."""
        number = _start(element)
        for item in element:
            if not isinstance(item.tag, str) or item.tag.lower() != "li" or _dropped(item):
                continue
            nested = [c for c in item if isinstance(c.tag, str) and c.tag.lower() in ("ul", "ol")]
            self.out.item(inline_text(item, skip=set(nested)), number if ordered else None)
            number += 1
            for sub in nested:
                self.list(sub, sub.tag.lower() == "ol")

    def definitions(self, element: Any) -> None:
        """<dt>KSSK</dt><dd>Kontaktsjuksköterska</dd> -> "KSSK: Kontaktsjuksköterska"."""
        term = ""
        for child in element:
            if not isinstance(child.tag, str):
                continue
            if child.tag.lower() == "dt":
                if term:
                    self.out.paragraph(term)
                term = inline_text(child)
            elif child.tag.lower() == "dd":
                text = inline_text(child)
                self.out.paragraph(f"{term}: {text}" if term else text)
                term = ""
        if term:
            self.out.paragraph(term)


def _dropped(element: Any) -> bool:
    tag = element.tag.lower()
    if tag in DROPPED or element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if element.get("role") in CHROME_ROLES:
        return True
    # The site's header and footer; a <header> inside an article holds the article's own title.
    if tag in ("header", "footer"):
        return not any(a.tag in ("article", "main", "section") for a in element.iterancestors())
    return False


def _start(element: Any) -> int:
    try:
        return int(element.get("start", "1"))
    except ValueError:
        return 1


def inline_text(element: Any, skip: set | None = None) -> str:
    """The text of an element as one paragraph: <br> breaks the line, dropped elements vanish,
    block children (a <p> inside an <li>) are joined with spaces."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if child in (skip or ()):
            parts.append(child.tail or "")
            continue
        if isinstance(child.tag, str) and not _dropped(child):
            tag = child.tag.lower()
            if tag == "br":
                parts.append("\n")
            else:
                inner = inline_text(child)
                parts.append(f" {inner} " if tag in HEADINGS or tag in ("p", "div", "li", "tr", "td", "th", "table") else inner)
        parts.append(child.tail or "")
    return "\n".join(re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in "".join(parts).split("\n")).strip()


def table_grid(table: Any) -> tuple[list[list[str]], int | None]:
    """Rows of cell texts with colspan and rowspan cells repeated, and the number of header rows
    (<thead> rows, or leading rows of <th> cells; None when the table marks none)."""
    rows = [tr for tr in table.iter("tr") if _owner(tr) is table]
    grid: list[list[str]] = []
    pending: dict[int, tuple[str, int]] = {}  # column -> (text, rows still covered) from a rowspan
    header_rows = 0
    counting = True
    for tr in rows:
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
        is_header = bool(cells) and (tr.getparent().tag == "thead" or all(c.tag.lower() == "th" for c in cells))
        if counting and is_header:
            header_rows += 1
        else:
            counting = False
        row: list[str] = []
        col = 0
        queue = list(cells)
        while queue or any(k >= col for k in pending):
            if col in pending:
                text, left = pending[col]
                row.append(text)
                pending[col] = (text, left - 1)
                if left - 1 == 0:
                    del pending[col]
                col += 1
                continue
            if not queue:
                break
            cell = queue.pop(0)
            text = flat(inline_text(cell))
            span, down = _span(cell, "colspan"), _span(cell, "rowspan")
            for _ in range(span):
                if down > 1:
                    pending[col] = (text, down - 1)
                row.append(text)
                col += 1
        grid.append(row)
    return grid, header_rows or None


def _layout_table(table: Any) -> bool:
    """A table that lays out a page (headings or tables in its cells) rather than holding data."""
    return any(True for _ in table.iter("h1", "h2", "h3", "h4", "h5", "h6")) or any(
        True for inner in table.iter("table") if inner is not table
    )


def _owner(tr: Any) -> Any:
    """The table a row or cell belongs to (not a table nested in one of its cells)."""
    for ancestor in tr.iterancestors():
        if ancestor.tag == "table":
            return ancestor
    return None


def _span(cell: Any, name: str) -> int:
    try:
        return max(1, min(int(cell.get(name, "1")), 50))
    except ValueError:
        return 1

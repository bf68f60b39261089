"""Read a Word file (.docx) into lines: body in document order, headings from paragraph styles,
native tables, numbered and bulleted lists, and the title from the file's properties.

read_word(path, max_bytes) -> (lines, title): lines as ingest/emit.py writes them; title is the
core-properties title when it is a real one, else the first Title-styled paragraph, else the
first top-level heading, else "". Raises UnreadableFile for a damaged,
password-protected or legacy (.doc) file.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from plansearch.errors import UnreadableFile
from plansearch.ingest.blocks import HEADING_END
from plansearch.ingest.catalog import real_title
from plansearch.ingest.emit import Emitter, flat
from plansearch.models import Line

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Word's built-in names ("heading 1", shown as "Rubrik 1" in Swedish Word) and Swedish templates'
# own ("Rubrik 1").
HEADING_STYLE = re.compile(r"^(?:heading|rubrik)\s*(\d)$", re.IGNORECASE)
TITLE_STYLES = {"title", "rubrik"}
TOC_STYLE = re.compile(r"^(?:toc|innehåll|innehållsförteckning)\s*\d*$|^toc heading$", re.IGNORECASE)
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: encrypted OOXML or a .doc
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
BULLET_FORMATS = {"bullet", "none"}


def read_word(path: Path, max_bytes: int) -> tuple[list[Line], str]:
    """(lines, metadata title) of a .docx file."""
    document = _open(path, max_bytes)
    reader = _Body(document)
    try:
        reader.blocks(document.element.body)
    except (KeyError, ValueError, AttributeError) as exc:  # a part or attribute that python-docx expects is missing
        raise UnreadableFile(path, f"damaged Word file ({type(exc).__name__}: {exc})") from None
    title = flat(document.core_properties.title or "")
    return reader.out.lines(), title if real_title(title) else reader.out.first_title


def _open(path: Path, max_bytes: int) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    with path.open("rb") as handle:
        head = handle.read(8)
    if head == CFB_MAGIC:
        data = path.read_bytes()
        if ENCRYPTED_MARK in data:
            raise UnreadableFile(path, "password-protected Word file; save a copy without a password")
        raise UnreadableFile(path, "an old Word file (.doc) named .docx; save it as .docx in Word")
    try:
        with zipfile.ZipFile(path) as archive:
            # A zip bomb would fill the memory before python-docx saw a single paragraph.
            inflated = sum(info.file_size for info in archive.infolist() if info.filename.endswith(".xml"))
        if inflated > max_bytes * 10:
            raise UnreadableFile(path, f"too much text ({inflated / 2**20:.0f} MB of XML unpacked)")
        return docx.Document(str(path))
    except UnreadableFile:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError, XMLSyntaxError, KeyError, ValueError, OSError, EOFError) as exc:
        reason = "not a Word package (not a valid zip file)" if isinstance(exc, zipfile.BadZipFile) else f"{type(exc).__name__}: {exc}"
        raise UnreadableFile(path, f"damaged Word file ({reason})") from None


class _Body:
    """Walks the body's XML children in order, writing each block to an Emitter."""

    def __init__(self, document: Any):
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        self.document = document
        self.Paragraph, self.Table = Paragraph, Table
        self.out = Emitter()
        self.counters: dict[tuple[str, int], int] = {}  # (numId, level) -> last number given
        self.formats = _number_formats(document)
        self.level = 0  # level of the last styled heading: a bold line is one level below it
        # python-docx looks a paragraph's style up anew each time (a scan of every style for the
        # default one): 1 s for a 25-page plan. A document has few styles; each is looked up once.
        self._styles: dict[str | None, _Style] = {}

    def style(self, paragraph: Any) -> _Style:
        p_pr = paragraph._p.pPr
        style_id = p_pr.style if p_pr is not None else None
        if style_id not in self._styles:
            self._styles[style_id] = _Style(paragraph.style)
        return self._styles[style_id]

    def blocks(self, parent: Any) -> None:
        for child in parent.iterchildren():
            if child.tag == W + "p":
                self.paragraph(self.Paragraph(child, self.document))
            elif child.tag == W + "tbl":
                self.out.end_list()
                self.out.table(self.grid(self.Table(child, self.document)), _header_rows(child))
            elif child.tag in (W + "sdt", W + "customXml", W + "sdtContent"):
                # Content controls and custom XML wrap ordinary paragraphs and tables.
                content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
                if content is not None:
                    self.blocks(content)

    def paragraph(self, paragraph: Any) -> None:
        # Tabs in running text align, they do not separate table cells ("Plats:<tab>Teams").
        text = paragraph_text(paragraph._p).replace("\t", " ")
        if not text.strip():
            return
        style = self.style(paragraph)
        level = _heading_level(paragraph, style.names)
        if any(TOC_STYLE.match(name) for name in style.names):
            return  # the table of contents repeats the headings and answers nothing
        if any(name.lower() in TITLE_STYLES for name in style.names):
            self.out.end_list()
            self.out.title(text)
        elif level:
            self.out.end_list()
            self.out.heading(text, level)
            self.level = level
        elif (numbering := _numbering(paragraph, style)) is not None:
            self.out.item(text, self.number(*numbering))
        elif _bold_line(paragraph, text, style.bold):
            # Many minutes make their headings bold by hand ("§ 4 Ekonomi") instead of by style.
            self.out.end_list()
            self.out.heading(text, min(self.level + 1, 6))
        else:
            self.out.end_list()
            self.out.paragraph(text)

    def number(self, num_id: str, level: int) -> int | None:
        """The item's number in its list, or None for a bullet."""
        if self.formats.get((num_id, level), "decimal") in BULLET_FORMATS:
            return None
        for key in [k for k in self.counters if k[0] == num_id and k[1] > level]:
            del self.counters[key]  # a deeper list starts again under each item
        self.counters[(num_id, level)] = self.counters.get((num_id, level), 0) + 1
        return self.counters[(num_id, level)]

    def grid(self, table: Any) -> list[list[str]]:
        """The table's rows of cell texts, merged cells repeated, nested tables flattened."""
        rows = []
        for row in table.rows:
            cells = [""] * row.grid_cols_before + [self.cell_text(cell) for cell in row.cells] + [""] * row.grid_cols_after
            rows.append(cells)
        return rows

    def cell_text(self, cell: Any) -> str:
        parts = []
        for child in cell._tc.iterchildren():
            if child.tag == W + "p":
                paragraph = self.Paragraph(child, cell)
                text = flat(paragraph_text(child))
                if text:
                    # A list inside a cell reads as the corpus writes it: "- Regionerna - RCC".
                    item = _numbering(paragraph, self.style(paragraph)) is not None
                    parts.append(f"- {text}" if item and not text.startswith("-") else text)
            elif child.tag == W + "tbl":
                inner = self.Table(child, cell)
                parts.extend(" ".join(c for c in row if c) for row in self.grid(inner))
        return " ".join(p for p in parts if p)


def paragraph_text(p: Any) -> str:
    """A paragraph's text as it reads with tracked changes accepted: inserted runs in, deleted
    runs out (python-docx's Paragraph.text leaves out both), line breaks as "\\n". Text boxes
    anchored in the paragraph are left out: Word stores each twice (drawing and fallback)."""
    parts: list[str] = []
    for node in p.iter(W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen"):
        if _inside(node, p, (W + "del", W + "txbxContent", W + "moveFrom")):
            continue
        tag = node.tag
        parts.append(node.text or "" if tag == W + "t" else "\t" if tag == W + "tab" else "-" if tag == W + "noBreakHyphen" else "\n")
    return "".join(parts)


def _inside(node: Any, stop: Any, tags: tuple[str, ...]) -> bool:
    for ancestor in node.iterancestors():
        if ancestor is stop:
            return False
        if ancestor.tag in tags:
            return True
    return False


class _Style:
    """What the reader needs of a paragraph style: its names up the chain of styles it is based
    on (nearest first), its list numbering and whether it sets bold type."""

    def __init__(self, style: Any):
        self.names: list[str] = []
        self.num_pr = None
        self.bold = bool(style is not None and style.font.bold)
        while style is not None and len(self.names) < 10:
            self.names.append(style.name or "")
            s_pr = style.element.pPr
            if self.num_pr is None and s_pr is not None:
                self.num_pr = s_pr.numPr
            style = style.base_style


def _bold_line(paragraph: Any, text: str, style_bold: bool) -> bool:
    """A short line in bold type that does not end like a sentence or a lead-in."""
    if len(text.split()) > 12 or text.rstrip().endswith(HEADING_END):
        return False
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold or (run.bold is None and style_bold) for run in runs)


def _heading_level(paragraph: Any, styles: list[str]) -> int | None:
    for name in styles:
        match = HEADING_STYLE.match(name)
        if match:
            return int(match.group(1))
    # A custom style may make a heading only by its outline level (0 is the top level; 9 is body text).
    p_pr = paragraph._p.pPr
    outline = p_pr.find(W + "outlineLvl") if p_pr is not None else None
    if outline is not None:
        value = int(outline.get(W + "val", "9"))
        return value + 1 if value < 9 else None
    return None


def _numbering(paragraph: Any, style: _Style) -> tuple[str, int] | None:
    """(numId, level) when the paragraph is a list item, from itself or its style."""
    p_pr = paragraph._p.pPr
    num_pr = p_pr.numPr if p_pr is not None else None
    if num_pr is None:
        num_pr = style.num_pr
    if num_pr is None or num_pr.numId is None:
        return None
    num_id = str(num_pr.numId.val)
    if num_id == "0":
        return None  # numbering switched off for this paragraph
    level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    return num_id, int(level)


def _number_formats(document: Any) -> dict[tuple[str, int], str]:
    """(numId, level) -> number format ("bullet", "decimal", ...) from the numbering part."""
    try:
        numbering = document.part.numbering_part.element
    except Exception:  # no numbering part (python-docx would try to create one): no numbered lists
        return {}
    abstract: dict[str, dict[int, str]] = {}
    for node in numbering.findall(W + "abstractNum"):
        levels = {}
        for lvl in node.findall(W + "lvl"):
            fmt = lvl.find(W + "numFmt")
            levels[int(lvl.get(W + "ilvl", "0"))] = fmt.get(W + "val") if fmt is not None else "decimal"
        abstract[node.get(W + "abstractNumId", "")] = levels
    formats = {}
    for num in numbering.findall(W + "num"):
        ref = num.find(W + "abstractNumId")
        levels = abstract.get(ref.get(W + "val", "") if ref is not None else "", {})
        for level, fmt in levels.items():
            formats[(num.get(W + "numId", ""), level)] = fmt
    return formats


def _header_rows(tbl: Any) -> int | None:
    """Rows that Word repeats at the top of each page ("repeat as header row"), else 1 when only
    the first row is set in bold; None when nothing marks a header."""
    rows = tbl.findall(W + "tr")
    count = 0
    for tr in rows:
        tr_pr = tr.find(W + "trPr")
        if tr_pr is None or tr_pr.find(W + "tblHeader") is None:
            break
        count += 1
    if count:
        return count
    if len(rows) >= 2 and _bold_row(rows[0]) and not _bold_row(rows[1]):
        return 1
    return None


def _bold_row(tr: Any) -> bool:
    """Every run with text in the row is bold (direct formatting)."""
    runs = [r for r in tr.iter(W + "r") if "".join(t.text or "" for t in r.iter(W + "t")).strip()]
    return bool(runs) and all(_run_bold(r) for r in runs)


def _run_bold(run: Any) -> bool:
    r_pr = run.find(W + "rPr")
    bold = r_pr.find(W + "b") if r_pr is not None else None
    return bold is not None and bold.get(W + "val", "true") not in ("0", "false", "off")

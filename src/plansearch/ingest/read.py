"""Read source files into lines with page numbers; refuse, with a reason, what cannot be read."""

from __future__ import annotations

import logging
from pathlib import Path

from plansearch.errors import UnreadableFile
from plansearch.models import Line

SUPPORTED = (".txt", ".md", ".pdf")
MAX_MB = 20.0  # a planning document is a few hundred KB of text; tens of MB is not one document
MAX_PAGES = 1500

# pypdf logs every malformed object at WARNING; the reason we report is enough.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def read_lines(path: Path, max_mb: float = MAX_MB, max_pages: int = MAX_PAGES) -> list[Line]:
    """Lines of a .txt, .md or .pdf file; raise UnreadableFile with the reason otherwise."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnreadableFile(path, f"unsupported file type {suffix or '(none)'}; use .txt, .md or .pdf")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFile(path, f"cannot open: {exc.strerror or exc}") from None
    if size == 0:
        raise UnreadableFile(path, "empty file (0 bytes)")
    limit = int(max_mb * 2**20)
    if suffix != ".pdf" and size > limit:
        raise UnreadableFile(path, f"too large ({size / 2**20:.0f} MB; the limit is {max_mb:g} MB, PLANSEARCH_MAX_DOCUMENT_MB)")
    lines = _read_pdf(path, max_pages) if suffix == ".pdf" else _read_text(path)
    text_size = sum(len(line.text) + 1 for line in lines)
    if text_size > limit:
        raise UnreadableFile(path, f"too much text ({text_size / 2**20:.0f} MB; the limit is {max_mb:g} MB, PLANSEARCH_MAX_DOCUMENT_MB)")
    if not any(line.text.strip() for line in lines):
        raise UnreadableFile(path, "no text in the file")
    return lines


def _read_text(path: Path) -> list[Line]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(path, f"cannot open: {exc.strerror or exc}") from None
    if b"\x00" in data[:1_000_000]:
        raise UnreadableFile(path, "binary data (NUL bytes), not a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint = ""
        try:
            data.decode("cp1252")
            hint = "; it looks like Windows-1252: convert it with `iconv -f cp1252 -t utf-8`"
        except UnicodeDecodeError:
            pass
        raise UnreadableFile(path, f"not UTF-8 (invalid byte at position {exc.start}){hint}") from None
    controls = sum(1 for ch in text[:100_000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.01 * min(len(text), 100_000):
        raise UnreadableFile(path, "binary data (control characters), not a text file")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = text.split("\f")
    if len(pages) == 1:
        return [Line(line) for line in text.split("\n")]
    # Form feeds (as pdftotext writes them) separate pages.
    return [Line(line, number) for number, page in enumerate(pages, 1) for line in page.split("\n")]


def _read_pdf(path: Path, max_pages: int = MAX_PAGES) -> list[Line]:
    from plansearch.ingest.pdf import read_pdf

    try:
        return read_pdf(path, max_pages)
    except UnreadableFile:
        raise
    except Exception as exc:  # pdfium and pdfplumber raise many kinds on damaged files
        raise UnreadableFile(path, f"corrupt PDF ({type(exc).__name__}: {exc})") from None

"""Read source files into lines with page numbers; refuse, with a reason, what cannot be read.

Text, Markdown and PDF are read here; Word files in ingest/word.py and web pages in
ingest/web.py, which write their headings, lists and tables as Markdown lines (ingest/emit.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from plansearch.errors import UnreadableFile
from plansearch.models import Line

SUPPORTED = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")
SUPPORTED_NAMES = ".txt, .md, .pdf, .docx, .html or .htm"
# Formats whose headings are all marked ("# …", by the author or by ingest/word.py and web.py).
MARKS_HEADINGS = (".md", ".docx", ".html", ".htm")
# Container formats: their size on disk (images, compression) says little about their text.
PACKED = (".pdf", ".docx")
MAX_MB = 20.0  # a planning document is a few hundred KB of text; tens of MB is not one document
MAX_PAGES = 1500
BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
PUNCTUATION = set(".,;:!?-()[]{}/\\\"'%&+=*#<>|@$_~^`")
# What Windows-1252 text in Swedish (or another Western language) has above ASCII.
WESTERN = set("åäöÅÄÖéÉèÈüÜæÆøØáÁàÀâêëïîôûçÇñÑíóúß–—’‘”“„€•…°§½¼¾«»´¨±×²³µ©®™")



@dataclass(frozen=True)
class Source:
    """What a reader got from a file: its lines, and the title its metadata gives ("" if none;
    ingest/catalog.py decides whether it is a real title)."""

    lines: list[Line]
    title: str = ""


def read_lines(path: Path, max_mb: float = MAX_MB, max_pages: int = MAX_PAGES) -> list[Line]:
    """Lines of a supported file; raise UnreadableFile with the reason otherwise."""
    return read_source(path, max_mb, max_pages).lines


def read_source(path: Path, max_mb: float = MAX_MB, max_pages: int = MAX_PAGES) -> Source:
    """Lines and metadata title of a .txt, .md, .pdf, .docx or .html file; raise UnreadableFile
    with the reason when it cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnreadableFile(path, f"unsupported file type {suffix or '(none)'}; use {SUPPORTED_NAMES}")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFile(path, f"cannot open: {exc.strerror or exc}") from None
    if size == 0:
        raise UnreadableFile(path, "empty file (0 bytes)")
    limit = int(max_mb * 2**20)
    if suffix not in PACKED and size > limit:
        raise UnreadableFile(path, f"too large ({size / 2**20:.0f} MB; the limit is {max_mb:g} MB, PLANSEARCH_MAX_DOCUMENT_MB)")
    title = ""
    if suffix == ".pdf":
        lines = _read_pdf(path, max_pages)
        title = getattr(lines, "title", "")  # PdfLines: ingest/pdf.py's choice
    elif suffix == ".docx":
        from plansearch.ingest.word import read_word

        lines, title = read_word(path, limit)
    elif suffix in (".html", ".htm"):
        from plansearch.ingest.web import read_web

        lines, title = read_web(path)
    else:
        lines = _read_text(path)
    text_size = sum(len(line.text) + 1 for line in lines)
    if text_size > limit:
        raise UnreadableFile(path, f"too much text ({text_size / 2**20:.0f} MB; the limit is {max_mb:g} MB, PLANSEARCH_MAX_DOCUMENT_MB)")
    if not any(line.text.strip() for line in lines):
        raise UnreadableFile(path, "no text in the file")
    return Source(lines, title)


def _read_text(path: Path) -> list[Line]:
    """Lines of a text file in UTF-8 (with or without a byte-order mark), UTF-16 or UTF-32 with a
    byte-order mark, or Windows-1252; CRLF, CR and LF line ends; form feeds separate pages."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(path, f"cannot open: {exc.strerror or exc}") from None
    text = _decode(path, data)
    controls = sum(1 for ch in text[:100_000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.01 * min(len(text), 100_000):
        raise UnreadableFile(path, "binary data (control characters), not a text file")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = text.split("\f")
    if len(pages) == 1:
        return [Line(line) for line in text.split("\n")]
    # Form feeds (as pdftotext writes them) separate pages.
    return [Line(line, number) for number, page in enumerate(pages, 1) for line in page.split("\n")]


def _decode(path: Path, data: bytes) -> str:
    """The text of `data`; UnreadableFile when it is no text in an encoding we know."""
    # UTF-32's marks begin with UTF-16's, so they are tried first.
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise UnreadableFile(path, f"not valid {encoding.upper()} (invalid bytes at position {exc.start + len(bom)})") from None
    if b"\x00" in data[:1_000_000]:
        raise UnreadableFile(path, "binary data (NUL bytes), not a text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    # Not UTF-8: Windows-1252 (what Notepad and Excel wrote for years) when every byte is defined
    # there and the result reads as text, not as a binary file that happens to decode.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise UnreadableFile(path, f"not UTF-8 (invalid byte at position {utf8_error}) nor Windows-1252") from None
    sample = text[:100_000]
    plain = sum(1 for ch in sample if ch.isascii() and (ch.isalnum() or ch.isspace() or ch in PUNCTUATION))
    western = sum(1 for ch in sample if ch in WESTERN)
    # Bytes above 127 must read as the letters and typography of Western text ("ÿþ" from stray
    # bytes in a UTF-8 file does not), and the rest as ordinary text.
    if western < 0.9 * (len(sample) - sum(1 for ch in sample if ch.isascii())) or plain + western < 0.9 * len(sample):
        raise UnreadableFile(path, f"not UTF-8 (invalid byte at position {utf8_error}) and not text in Windows-1252 either")
    return text


def _read_pdf(path: Path, max_pages: int = MAX_PAGES) -> list[Line]:
    from plansearch.ingest.pdf import read_pdf

    try:
        return read_pdf(path, max_pages)
    except UnreadableFile:
        raise
    except Exception as exc:  # pdfium and pdfplumber raise many kinds on damaged files
        raise UnreadableFile(path, f"corrupt PDF ({type(exc).__name__}: {exc})") from None

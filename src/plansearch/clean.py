"""Remove the noise of PDF extraction: headers, footers, page numbers, repeated links, broken words.

Every rule works on lines (with their page numbers) and keeps the line structure, because the
chunker needs it to find tables. `clean_document` runs the rules in order and joins the lines
into the text that passage offsets point into.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable

from plansearch.models import Document, DocumentMeta, Line

URL_TOKEN = re.compile(r"^(?:https?://|www\.)\S+$")
URL_ANYWHERE = re.compile(r"(?:https?://|www\.)[^\s<>\"”]+")
# Document-management stamps that some regions print on every page.
BOILERPLATE = [
    re.compile(r"^Kopians giltighet garanteras endast\b", re.IGNORECASE),
    re.compile(r"^Utskriftsdatum:?\s*\d{4}-\d{2}-\d{2}$", re.IGNORECASE),
]
PAGE_OF = re.compile(r"^(?:sida\s+)?\d{1,4}\s*(?:\(\s*\d{1,4}\s*\)|av\s+\d{1,4}|/\s*\d{1,4})$", re.IGNORECASE)
LONE_NUMBER = re.compile(r"^\d{1,3}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TABLE_RULE = re.compile(r"^[\s|:+-]*-{2,}[\s|:+-]*$")
HTML_TAG = re.compile(
    r"</?(?:p|i|b|u|em|strong|span|div|br|sup|sub|small|font|td|tr|th|li|ul|ol|a)\b[^<>]*?/?>",
    re.IGNORECASE,
)
HTML_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
MD_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]*)\)")
AUTOLINK = re.compile(r"<((?:https?://|www\.)[^<>\s]+)>")
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u2009\u202f\u3000"), " ")
# Words after which a line-end hyphen is a real one: "hälso- och sjukvård", "bröst- respektive".
HYPHEN_KEEPERS = {"och", "eller", "samt", "respektive", "resp.", "resp", "till", "som", "men", "&", "/", "and", "or"}
# A line that ends with one of these words stops in the middle of a sentence.
FUNCTION_WORDS = {
    "i", "och", "att", "av", "för", "på", "som", "en", "ett", "den", "det", "de", "med", "till", "från",
    "om", "vid", "är", "har", "inom", "mellan", "samt", "eller", "efter", "under", "genom", "hos", "ska",
}
# Prefixes that always keep their hyphen: "icke-onkologiska".
HYPHEN_PREFIXES = {"icke", "non", "anti", "e", "x"}
SENTENCE_END = tuple(".!?:;”\"»)")


def clean_document(meta: DocumentMeta, lines: list[Line]) -> Document:
    """Apply every cleaning rule and return the document with its cleaned text and page map."""
    for rule in RULES:
        lines = rule(lines)
    return assemble(meta, lines)


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
    return Document(meta=meta, text="\n".join(parts).strip("\n") + "\n", page_starts=tuple(page_starts))


def normalize_characters(lines: list[Line]) -> list[Line]:
    """Unify spaces, drop soft hyphens and control characters, trim line ends."""
    out = []
    for line in lines:
        text = line.text.translate(INVISIBLE).translate(SPACES)
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
    """Markdown table separator rows ("---\\t---\\t--") carry no text."""
    return [line for line in lines if not (TABLE_RULE.match(line.text) and "-" in line.text)]


def drop_boilerplate(lines: list[Line]) -> list[Line]:
    """Running headers and footers, "7(7)" page marks and lone page numbers."""
    texts = [line.text for line in lines]
    drop = set()
    for i, text in enumerate(texts):
        if any(p.match(text) for p in BOILERPLATE):
            drop.add(i)
        elif PAGE_OF.match(text) and _standalone(texts, i):
            drop.add(i)
            # A footer such as "Minnesanteckningar / 2025-02-04 / 7(7)" comes as lone short lines.
            j = i
            for _ in range(2):
                j = _previous_nonblank(texts, j)
                if j is None or not _standalone(texts, j) or not _footer_like(texts[j]):
                    break
                drop.add(j)
        elif LONE_NUMBER.match(text) and _standalone(texts, i):
            drop.add(i)
    drop |= _repeated_standalone(texts)
    if any(line.page is not None for line in lines):
        drop |= _page_margins(lines)
    return [line for i, line in enumerate(lines) if i not in drop]


def _standalone(texts: list[str], i: int) -> bool:
    before = texts[i - 1].strip() if i > 0 else ""
    after = texts[i + 1].strip() if i + 1 < len(texts) else ""
    return not before and not after


def _previous_nonblank(texts: list[str], i: int) -> int | None:
    for j in range(i - 1, -1, -1):
        if texts[j].strip():
            return j
    return None


def _footer_like(text: str) -> bool:
    return bool(DATE.match(text)) or (len(text.split()) <= 3 and not text.endswith(SENTENCE_END) and "\t" not in text)


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def _repeated_standalone(texts: list[str]) -> set[int]:
    """Lines of four words or more that stand alone three times or more are running headers."""
    positions: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
        if 4 <= len(words) <= 15 and text[:1] not in "-–•*" and "\t" not in text and not text.endswith(SENTENCE_END) and _standalone(texts, i):
            positions.setdefault(_shape(text), []).append(i)
    return {i for found in positions.values() if len(found) >= 3 for i in found}


def _page_margins(lines: list[Line]) -> set[int]:
    """In paged files: lines repeated at the top or bottom of many pages, and page numbers there."""
    pages: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if line.page is not None and line.text.strip():
            pages.setdefault(line.page, []).append(i)
    margins = {page: idx[:2] + idx[-2:] for page, idx in pages.items()}
    counts = Counter(_shape(lines[i].text) for idx in margins.values() for i in set(idx))
    threshold = max(3, int(0.4 * len(pages)))
    drop = set()
    for idx in margins.values():
        for i in idx:
            text = lines[i].text.strip()
            if counts[_shape(text)] >= threshold or LONE_NUMBER.match(text) or PAGE_OF.match(text):
                drop.add(i)
    return drop


def rejoin_urls(lines: list[Line]) -> list[Line]:
    """Join link addresses that the PDF broke over two or three lines."""
    out: list[Line] = []
    for line in lines:
        if out and _url_continues(out[-1].text, line.text):
            prev = out.pop()
            head, _, rest = line.text.partition(" ")
            out.append(Line(prev.text + head + (" " + rest if rest else ""), prev.page))
        else:
            out.append(line)
    return out


def _url_continues(prev: str, text: str) -> bool:
    if not prev or not text or "\t" in prev:
        return False
    last = prev.split()[-1]
    if not URL_TOKEN.match(last) or not last.endswith(("-", "/", "_", "=", "?", "&")):
        return False
    head = text.split()[0]
    return bool(re.match(r"^[a-z0-9][\w\-./?=&%#~+]*$", head)) and ("/" in head or re.search(r"\.\w{2,4}$", head) is not None)


def dedupe_urls(lines: list[Line]) -> list[Line]:
    """Keep one copy of each link address; PDFs repeat them in lists at page ends."""
    inline = set()
    for line in lines:
        if not URL_TOKEN.match(line.text):
            inline.update(_url_key(u) for u in URL_ANYWHERE.findall(line.text))
    seen = set()
    out = []
    for line in lines:
        if URL_TOKEN.match(line.text):
            key = _url_key(line.text)
            if key in inline or key in seen:
                continue
            seen.add(key)
        out.append(line)
    return out


def _url_key(url: str) -> str:
    return url.rstrip("/.,;:)").lower()


def dehyphenate(lines: list[Line]) -> list[Line]:
    """Rejoin words split over a line end: "ackrediterings-" + "arbetet" -> "ackrediteringsarbetet"."""
    out: list[Line] = []
    i = 0
    current: Line | None = None  # the line being built; a joined line may be joined again
    while i < len(lines) or current is not None:
        line = current if current is not None else lines[i]
        start = i if current is not None else i + 1
        current = None
        j = start
        # Blank lines (a page break, or an extraction that puts one after every line) may stand
        # between the two halves of the word.
        while j < len(lines) and not lines[j].text.strip() and j - start < 12:
            j += 1
        if j < len(lines) and (joined := _join_hyphenated(line.text, lines[j].text)) is not None:
            current = Line(joined, line.page)
            i = j + 1
            continue
        out.append(line)
        i = start
    return out


def _join_hyphenated(text: str, nxt: str) -> str | None:
    if "\t" in text or "\t" in nxt or not nxt:
        return None
    m = re.search(r"(\S*?)([A-Za-zÅÄÖåäöÉéÜü0-9])([-–])$", text)
    if not m or URL_TOKEN.match(text.split()[-1]):
        return None
    before, last_char, dash = m.group(1), m.group(2), m.group(3)
    first_word = nxt.split()[0]
    if dash == "–":
        # A number range broken after the dash: "1994–" + "1999."
        return text + nxt if last_char.isdigit() and first_word[0].isdigit() else None
    if first_word.lower().strip(",.") in HYPHEN_KEEPERS or first_word[0] in "-–•":
        return None
    if not first_word[0].isalnum() or first_word.endswith("-"):
        return None  # an enumeration: "öron-" + "näsa- halssjukdomar"
    word = before + last_char
    if (
        last_char.isupper()
        or last_char.isdigit()
        or before[-1:].isupper()
        or first_word[0].isupper()
        or "-" in word
        or word.lower() in HYPHEN_PREFIXES
    ):
        return text + nxt  # "IT-" + "plattform" and "peer-to-" + "peer" keep their hyphen
    return text[:-1] + nxt


def join_broken_paragraphs(lines: list[Line]) -> list[Line]:
    """Rejoin a sentence that a page break or stray blank lines cut in two.

    The next part continues the sentence when it starts in lower case, or when both lines are
    full-width prose and a page break (several blank lines or a link list) lies between them.
    Link lists that the page break left inside the sentence move to after its paragraph.
    """
    width = _prose_width(lines)
    out: list[Line] = []
    pending: list[Line] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        i += 1
        if not line.text.strip():
            if pending:
                out.append(Line("", line.page))
                out.extend(pending)
                pending = []
            out.append(line)
            continue
        out.append(line)
        text = line.text
        if "\t" in text or URL_TOKEN.match(text) or text.endswith(SENTENCE_END):
            continue
        j = i
        between: list[Line] = []
        while j < n and (not lines[j].text.strip() or URL_TOKEN.match(lines[j].text)):
            if lines[j].text.strip():
                between.append(lines[j])
            j += 1
        if j == i or j >= n or not _prose(lines[j].text):
            continue
        nxt = lines[j].text
        page_break = (j - i) >= 3 or bool(between)
        full_width = len(text) >= 0.8 * width and len(nxt) >= 0.6 * width
        mid_sentence = text.rsplit(" ", 1)[-1].lower() in FUNCTION_WORDS
        if nxt[:1].islower() or (page_break and full_width) or (mid_sentence and full_width):
            pending.extend(between)
            i = j
    if pending:
        out.append(Line("", None))
        out.extend(pending)
    return out


def _prose_width(lines: list[Line]) -> int:
    """Typical length of a full line of running text in this document."""
    lengths = sorted(len(line.text) for line in lines if len(line.text) > 30 and "\t" not in line.text)
    return lengths[int(0.8 * (len(lengths) - 1))] if lengths else 80


def _prose(text: str) -> bool:
    return bool(text.strip()) and "\t" not in text and not URL_TOKEN.match(text) and text[:1] not in "•-–*"


def squeeze_blank_lines(lines: list[Line]) -> list[Line]:
    """At most one blank line between blocks."""
    out: list[Line] = []
    for line in lines:
        if not line.text.strip():
            if out and out[-1].text:
                out.append(Line("", line.page))
            continue
        out.append(line)
    while out and not out[-1].text:
        out.pop()
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

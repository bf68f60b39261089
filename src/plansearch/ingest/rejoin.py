"""Put back together what the page layout broke: link addresses over two lines, words hyphenated
at a line end, sentences cut by a page break; and drop repeated link lists and blank lines."""

from __future__ import annotations

import re

from plansearch.ingest.blocks import BULLET, prose_width
from plansearch.models import Line
from plansearch.text.normalise import URL_IN_TEXT, URL_LINE
from plansearch.text.sentences import CLOSING_MARKS
from plansearch.text.swedish import FUNCTION_WORDS

# Words after which a line-end hyphen is a real one: "hälso- och sjukvård", "bröst- respektive".
HYPHEN_KEEPERS = {"och", "eller", "samt", "respektive", "resp.", "resp", "till", "som", "men", "&", "/", "and", "or"}


# A line that ends with one of these words stops in the middle of a sentence.



# Prefixes that always keep their hyphen: "icke-onkologiska".
HYPHEN_PREFIXES = {"icke", "non", "anti", "e", "x"}


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
    if not URL_LINE.match(last) or not last.endswith(("-", "/", "_", "=", "?", "&")):
        return False
    head = text.split()[0]
    return bool(re.match(r"^[a-z0-9][\w\-./?=&%#~+]*$", head)) and ("/" in head or re.search(r"\.\w{2,4}$", head) is not None)


def dedupe_urls(lines: list[Line]) -> list[Line]:
    """Keep one copy of each link address; PDFs repeat them in lists at page ends."""
    inline: set[str] = set()
    for line in lines:
        if not URL_LINE.match(line.text):
            inline.update(_url_key(u) for u in URL_IN_TEXT.findall(line.text))
    seen = set()
    out = []
    for line in lines:
        if URL_LINE.match(line.text):
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
    if not m or URL_LINE.match(text.split()[-1]):
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
    width = prose_width([line.text for line in lines])
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
        if "\t" in text or URL_LINE.match(text) or text.endswith(CLOSING_MARKS) or text.startswith(("|", "#")):
            continue
        j = i
        between: list[Line] = []
        while j < n and (not lines[j].text.strip() or URL_LINE.match(lines[j].text)):
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


def _prose(text: str) -> bool:
    # Table rows (tabs, pipes) and Markdown headings are never the rest of a sentence.
    return (
        bool(text.strip()) and "\t" not in text and not URL_LINE.match(text) and text[:1] not in "•-–*|#" and not BULLET.match(text)
    )


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

"""Characters in the one form every stage uses: documents, questions, file names and catalogue entries.

`normalise(text)` works on any string and changes no line structure:
- glyph names that PDF extractors emit ("/two.pnum/zero.pnum" -> "20", "/uni00E5" -> "å", "/f_i" -> "fi");
- ligatures expanded ("ﬁ" -> "fi"); soft hyphens, zero-width characters and word joiners removed;
  no-break and other fixed-width spaces made plain spaces;
- spacing diacritics recombined with their letter, in either order ("h¨ogerklickar p˚a" as LaTeX
  PDFs write it, "ha¨lso" as others do) -> "högerklickar på", "hälso";
- bullets written as control or private-use characters (Word's Symbol-font bullet) -> "•";
  other control characters removed;
- NFC last, so "a" + combining ring and "å" are one character.

`rejoin_split_letters(lines)` works on a whole document: extractors that write a letter decomposed
often put a space after it ("Hä lso- och sjukvå rden bö r"). Whether a space next to a diacritic is a
word boundary is decided by the document's own words, so "på en" stays two words.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from plansearch.text.normalise import URL

LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
INVISIBLE = "\u00ad\u034f\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
FIXED_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
# A spacing diacritic and the combining mark it stands for.
SPACING_MARKS = {
    "\u00a8": "\u0308",  # ¨ diaeresis
    "\u02da": "\u030a",  # ˚ ring
    "\u00b4": "\u0301",  # ´ acute
    "\u02cb": "\u0300",  # ˋ grave (the modifier letter; a backquote is markup, not a diacritic)
    "\u02c6": "\u0302",  # ˆ circumflex
    "\u02dc": "\u0303",  # ˜ tilde
    "\u00b8": "\u0327",  # ¸ cedilla
    "\u02c7": "\u030c",  # ˇ caron
    "\u02d8": "\u0306",  # ˘ breve
    "\u02dd": "\u030b",  # ˝ double acute
    "\u02d9": "\u0307",  # ˙ dot above
}
# Word's Symbol and Wingdings bullets (private use area) and the Windows-1252 bullet read as Latin-1.
BULLET_CHARS = "\uf0b7\uf0a7\uf0d8\uf0fc\uf076\uf06e\uf0a8\uf02d\u0095\u2219"
_TABLE: dict[int, str | None] = {ord(k): v for k, v in LIGATURES.items()}
_TABLE.update(dict.fromkeys(map(ord, INVISIBLE), None))
_TABLE.update(dict.fromkeys(map(ord, FIXED_SPACES), " "))
_TABLE.update(dict.fromkeys(map(ord, BULLET_CHARS), "•"))

GLYPH_NAMES = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "period": ".", "comma": ",", "hyphen": "-", "endash": "–", "emdash": "—",
    "colon": ":", "semicolon": ";", "percent": "%", "parenleft": "(", "parenright": ")", "slash": "/",
    "space": " ", "plus": "+", "equal": "=", "bullet": "•", "quoteright": "’", "quotedblright": "”",
    "aring": "å", "adieresis": "ä", "odieresis": "ö", "Aring": "Å", "Adieresis": "Ä", "Odieresis": "Ö",
    "eacute": "é", "fi": "fi", "fl": "fl", "ff": "ff", "ffi": "ffi", "ffl": "ffl",
}
# A glyph name counts only in a form no running text has: with a font-feature suffix
# ("/two.pnum"), as /uniXXXX, as a ligature of letters ("/f_i"), or two names in a row ("/two/zero");
# a bare "/one" is more likely a path in a link.
# The name may run straight into the next word ("/uni00E5rlig", "/f_inansiering").
_NAME = r"(?:uni[0-9A-F]{4}|[A-Za-z](?:_[A-Za-z])+|[A-Za-z]+)"
_SUFFIXED = rf"/{_NAME}\.[a-z]{{2,5}}"
GLYPH_RUN = re.compile(rf"(?:{_SUFFIXED}|/(?:uni[0-9A-F]{{4}}|[A-Za-z](?:_[A-Za-z])+)|(?:/[A-Za-z]+){{2,}}\b)+")
GLYPH = re.compile(rf"/({_NAME})(?:\.[a-z]{{2,5}})?")

_MARK_CLASS = "[" + "".join(SPACING_MARKS) + "]"
_SPACING_MARK = re.compile(_MARK_CLASS)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_LEAD_CONTROL = re.compile(r"^(\s*)[\x01-\x08\x0e-\x1f\x7f-\x9f](?=\s)")


def normalise(text: str) -> str:
    """`text` with its characters in the one form (see the module docstring); newlines, tabs and
    form feeds are kept, so it can run on whole files or single lines."""
    if text.isascii() and "/" not in text and not _CONTROL.search(text):
        return text
    if "/" in text:
        # A link's path may look like glyph names ("/pxweb/sv", "/a_b"); it is left as written.
        links = [m.span() for m in URL.finditer(text)] if "://" in text or "www." in text else []
        text = GLYPH_RUN.sub(lambda m: m.group(0) if any(a <= m.start() < b for a, b in links) else _glyph_run(m), text)
    text = text.translate(_TABLE)
    if _SPACING_MARK.search(text):
        text = _recombine(text)
    if _CONTROL.search(text):
        # A control character where a list item starts is the bullet a font had no character for.
        text = "\n".join(_LEAD_CONTROL.sub(r"\1•", line) for line in text.split("\n"))
        text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def _glyph_run(match: re.Match[str]) -> str:
    out = []
    for name in GLYPH.findall(match.group(0)):
        if name.startswith("uni") and len(name) > 3 and all(c in "0123456789ABCDEF" for c in name[3:]):
            out.append(chr(int(name[3:], 16)))
        elif "_" in name:
            out.append(name.replace("_", ""))
        elif name in GLYPH_NAMES:
            out.append(GLYPH_NAMES[name])
        else:
            return match.group(0)  # not a run of glyph names after all: leave the text as it was
    return "".join(out)


def _recombine(text: str) -> str:
    """Spacing diacritics joined to the letter they belong to: the letter after (LaTeX's order)
    when the two compose into one character, else the letter before; a mark that composes with
    neither is left alone."""
    chars = list(text)
    out: list[str] = []
    k = 0
    while k < len(chars):
        ch = chars[k]
        mark = SPACING_MARKS.get(ch)
        if mark is None:
            out.append(ch)
            k += 1
            continue
        after = chars[k + 1] if k + 1 < len(chars) else ""
        before = out[-1] if out else ""
        if after and _composes(after, mark):
            out.append(after + mark)
            k += 2
        elif before and _composes(before, mark):
            out[-1] = before + mark
            k += 1
        else:
            out.append(ch)
            k += 1
    return "".join(out)


def _composes(letter: str, mark: str) -> bool:
    return letter.isalpha() and len(unicodedata.normalize("NFC", letter + mark)) == 1


# -- a document's letters split by a space ---------------------------------------------------------

_SENTINEL = "\ue000"  # marks a suspect space through NFC (a private-use character no text has here)
# An upper-case word split before a spacing mark ("F \u00a8OR"); in lower case such a space is a word
# boundary ("dokumentet \u00a8ar" in the same PDF), so only capitals count.
_CAPS_SPLIT = re.compile(rf"(?<=[A-Z]) (?={_MARK_CLASS}[A-Z])")
_AFTER_DECOMPOSED = re.compile(r"(?<=[\u0300-\u036f]) (?=[^\W\d_])")
_DECOMPOSED_NEXT = re.compile(r"[\u0300-\u036f](.)")
_SITE = re.compile(_SENTINEL)
_WORD = re.compile(r"[^\W\d_]+")
_LAST_WORD = re.compile(r"[^\W\d_]+$")
_FIRST_WORD = re.compile(r"^[^\W\d_]+")


def rejoin_split_letters(lines: list[str]) -> list[str]:
    """The document's lines, composed (as `normalise` does), with spaces removed where an extractor
    split a word at a letter with a diacritic ("Ha\u0308 lso- och sjukva\u030a rden bo\u0308 r",
    "F \u00a8OR ANV \u00a8ANDANDE").

    A space after a decomposed letter is suspect only in a document that has the habit: most of its
    decomposed letters are followed by a space (a text file saved decomposed has them inside words).
    A suspect space is dropped only when the two parts together make a word the document uses
    elsewhere, or neither part is a word of its own: a word is a Swedish function word, "i", or one
    the document uses more often away from suspect spaces than at them; so "hä", "lso", "bö" and "r"
    join, "på en" stays apart. A line that ends in a decomposed letter continues on the next one
    the same way (" r fö renliga" after "... ä"). The line count is unchanged.
    """
    raw = [_CAPS_SPLIT.sub(_SENTINEL, line.translate(_TABLE)) for line in lines]
    habit = _has_split_habit(raw)
    if habit:
        raw = [_AFTER_DECOMPOSED.sub(_SENTINEL, line) for line in raw]
    ends = [habit and bool(line) and "\u0300" <= line[-1] <= "\u036f" for line in raw]
    composed = [_nfc(_recombine(line) if _SPACING_MARK.search(line) else line) for line in raw]
    if not any(ends) and not any(_SENTINEL in line for line in composed):
        return composed
    words, suspects = _word_counts(composed, ends)
    out = composed
    for k, line in enumerate(out):
        line = _SITE.sub(lambda m: _join(m, words, suspects), line)
        if k + 1 < len(out) and ends[k] and out[k + 1][:1] == " ":
            head = _LAST_WORD.search(line)
            nxt = out[k + 1]
            tail = _FIRST_WORD.search(nxt[1:])
            if head and tail and _glue(head.group(0), tail.group(0), words, suspects):
                line = line + tail.group(0)
                out[k + 1] = nxt[1 + tail.end() :]
        out[k] = line
    return out


def _has_split_habit(lines: list[str]) -> bool:
    followers = [m.group(1) for line in lines for m in _DECOMPOSED_NEXT.finditer(line)]
    spaces = sum(1 for ch in followers if ch == " ")
    return spaces > 0 and spaces >= 0.5 * len(followers)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _word_counts(lines: list[str], ends: list[bool]) -> tuple[Counter[str], Counter[str]]:
    """Lower-cased words of the document away from suspect spaces, and those next to one."""
    words: Counter[str] = Counter()
    suspects: Counter[str] = Counter()
    for k, line in enumerate(lines):
        tokens: list[list[str]] = [_WORD.findall(piece.lower()) for piece in _SITE.split(line)]
        if k and ends[k - 1] and line[:1] == " " and tokens[0]:
            suspects[tokens[0].pop(0)] += 1
        if ends[k] and tokens[-1]:
            suspects[tokens[-1].pop()] += 1
        for n, piece in enumerate(tokens):
            if n > 0 and piece:
                suspects[piece.pop(0)] += 1
            if n < len(tokens) - 1 and piece:
                suspects[piece.pop()] += 1
            words.update(piece)
    return words, suspects


def _is_word(fragment: str, words: Counter[str], suspects: Counter[str]) -> bool:
    from plansearch.text.swedish import STOPWORDS  # swedish.py needs normalise.py, which needs nothing

    fragment = fragment.lower()
    if len(fragment) == 1:
        return fragment == "i"
    return fragment in STOPWORDS or words[fragment] > suspects[fragment]


def _join(match: re.Match[str], words: Counter[str], suspects: Counter[str]) -> str:
    text = match.string
    before = _LAST_WORD.search(text[: match.start()].replace(_SENTINEL, " "))
    after = _FIRST_WORD.search(text[match.end() :].replace(_SENTINEL, " "))
    return "" if before and after and _glue(before.group(0), after.group(0), words, suspects) else " "


def _glue(before: str, after: str, words: Counter[str], suspects: Counter[str]) -> bool:
    """Whether a suspect space between two fragments is no word boundary: together they make a word
    the document uses ("undernä ring" -> "undernäring", "så väl" -> "såväl" where it writes that),
    or neither is a word of its own ("bö r" -> "bör")."""
    if words[(before + after).lower()] > 0:
        return True
    return not _is_word(after, words, suspects) and not _is_word(before, words, suspects)

"""Sentence boundaries that know Swedish abbreviations, and sentence shortening."""

from __future__ import annotations

import re

# Words that end with a full stop without ending the sentence.
ABBREVIATIONS = {
    "t.ex", "bl.a", "bl", "a", "dvs", "d.v.s", "m.m", "mm", "ca", "kl", "nr", "s", "resp", "inkl", "exkl",
    "jfr", "osv", "o.s.v", "fr.o.m", "t.o.m", "f.d", "p.g.a", "pga", "etc", "prop", "bet", "kap", "st", "t",
    "fig", "tab", "ff", "m.fl", "mfl", "e.g", "i.e", "dr", "prof", "vs", "jan", "feb", "mar", "apr", "aug",
    "sep", "sept", "okt", "nov", "dec", "bild", "figur", "tabell", "ex",
}
# What ends a sentence or a clause at the end of a line; a line that ends otherwise goes on.
CLOSING_MARKS = tuple(".!?:;”\"»)")
# Abbreviations that close a list and so often end a sentence: before a capitalised word that is
# not an acronym ("… RCC Norr m.fl. Mötet leddes …") they end it.
CLOSING_ABBREVIATIONS = {"m.fl", "mfl", "m.m", "mm", "etc", "osv", "o.s.v"}
SENTENCE_BREAK = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"”(\[]?[A-ZÅÄÖÉ0-9])")


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences in text[start:end]."""
    spans = []
    begin = start
    for match in SENTENCE_BREAK.finditer(text, start, end):
        stop = match.start() + 1
        before = text[begin:stop].rsplit(None, 1)[-1].lower().rstrip(".").lstrip("(\"”")
        if before in ABBREVIATIONS or (len(before) == 1 and before.isalpha()):
            following = text[match.end() : match.end() + 40].split(None, 1)
            word = following[0].strip("\"”(") if following else ""
            if not (before in CLOSING_ABBREVIATIONS and word[:1].isupper() and not word.isupper()):
                continue
        spans.append((begin, match.end() - len(match.group(0)) + len(match.group(0).rstrip())))
        begin = match.end()
    if begin < end and text[begin:end].strip():
        spans.append((begin, end))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def flat(text: str) -> str:
    """Lines of one block joined with spaces."""
    return re.sub(r"[ \t]*\n[ \t]*", " ", text).strip()


def shorten(text: str, limit: int) -> str:
    """`text` on one line, cut at a word boundary with "…" when longer than `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"

"""The query's words marked in a text, matched by the index's own analyser (text/analyzer.py): the
same lower-casing, stop words, Swedish stems, å/ä/ö folding and compound parts that lexical search
uses, so "teledermatoskopiverksamheten" is marked for "teledermatoskopi".

The Snowball stemmer leaves some inflections apart ("teledermatoskopin" keeps its "-n"), so a stem
that is another plus a Swedish inflection ending also counts as the same word.
"""

from __future__ import annotations

import re

from plansearch.text.analyzer import Analyzer

WORD = re.compile(r"[^\W_]+")
# Endings the stemmer leaves on: definite "-n", "-t", "-na", genitive "-s" and their combinations.
ENDINGS = frozenset({"n", "en", "na", "t", "et", "s", "ns", "ts", "ens", "ets", "nas", "r", "ar", "er", "or"})
MIN_STEM = 5  # a shorter stem with an ending is too often another word ("vård" + "en" is right, "rad" + "er" is not)

Pieces = list[tuple[str, bool]]  # the text in order, True where a query word stands


def same_word(a: str, b: str) -> bool:
    """Two analysed terms are the same word: equal, or one is the other plus an inflection ending."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= MIN_STEM and long.startswith(short) and long[len(short) :] in ENDINGS


class TermMarker:
    """Marks the words of texts that match a query's terms."""

    def __init__(self, analyzer: Analyzer, query: str):
        self.analyzer = analyzer
        self.terms = set(analyzer.terms(query))
        self._known: dict[str, bool] = {}

    def matches(self, word: str) -> bool:
        """Whether `word` is one of the query's words (or a compound or inflection of one)."""
        key = word.lower()
        if key not in self._known:
            found = self.analyzer.terms(key)
            self._known[key] = any(same_word(t, q) for t in found for q in self.terms)
        return self._known[key]

    def pieces(self, text: str) -> Pieces:
        """`text` cut into plain and marked pieces; marks cover whole words only."""
        if not self.terms:
            return [(text, False)] if text else []
        out: Pieces = []
        at = 0
        for match in WORD.finditer(text):
            if self.matches(match.group(0)):
                if match.start() > at:
                    out.append((text[at : match.start()], False))
                out.append((match.group(0), True))
                at = match.end()
        if at < len(text):
            out.append((text[at:], False))
        return out

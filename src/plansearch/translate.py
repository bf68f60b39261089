"""English questions, Swedish documents: the Swedish words of an English question's topic.

The model meets an English question across languages, but BM25 meets it only through names and
acronyms. data/en_sv.tsv is an English→Swedish lexicon of the corpus's own vocabulary, written by
hand from the corpus's word list and independently of the QA sets ("contact nurse" →
"kontaktsjuksköterska", "survival" → "överlevnad"). An English question's words are stemmed
(Snowball English), matched longest phrase first, and their Swedish renderings are added to the
lexical query.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from plansearch.analyze import STOPWORDS, fold, words

LEXICON = Path(__file__).parent / "data" / "en_sv.tsv"


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(_stemmer().stemWord(w) for w in words(phrase))


class Lexicon:
    """English phrases (as stem tuples) → Swedish words."""

    def __init__(self, entries: dict[tuple[str, ...], tuple[str, ...]]):
        self.entries = entries
        self.longest = max((len(k) for k in entries), default=0)

    @classmethod
    def parse(cls, lines) -> "Lexicon":
        entries: dict[tuple[str, ...], tuple[str, ...]] = {}
        for line in lines:
            if not line.strip() or line.startswith("#") or "\t" not in line:
                continue
            english, swedish = line.rstrip("\n").split("\t", 1)
            key = _key(english)
            renderings = [s.strip() for s in swedish.split(",") if s.strip()]
            if key and renderings:
                entries[key] = _distinct(list(entries.get(key, ())) + renderings)
        return cls(entries)

    def swedish(self, question: str) -> str:
        """The Swedish words for the question's English words and phrases ("" when none are known)."""
        tokens = words(question)
        stems = [_stemmer().stemWord(t) for t in tokens]
        out: list[str] = []
        i = 0
        while i < len(stems):
            step = 1
            for n in range(min(self.longest, len(stems) - i), 0, -1):
                if n == 1 and tokens[i] in STOPWORDS:
                    break  # "who", "the": a function word on its own brings no topic
                found = self.entries.get(tuple(stems[i : i + n]))
                if found:
                    out.extend(found)
                    step = n
                    break
            i += step
        return " ".join(out)


def _distinct(renderings: list[str]) -> tuple[str, ...]:
    """One rendering per Swedish stem: "region, regionen, regioner" would count "region" thrice in BM25."""
    from plansearch.analyze import _stemmer as swedish_stemmer

    seen, out = set(), []
    for rendering in renderings:
        stems = tuple(fold(swedish_stemmer().stemWord(w)) for w in words(rendering))
        if stems not in seen:
            seen.add(stems)
            out.append(rendering)
    return tuple(out)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped lexicon; empty when the data file is missing."""
    try:
        return Lexicon.parse(LEXICON.read_text(encoding="utf-8").splitlines())
    except OSError:
        return Lexicon({})


@lru_cache(maxsize=4096)
def english_to_swedish(question: str) -> str:
    return lexicon().swedish(question)

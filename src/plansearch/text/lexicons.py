"""The corpus's own words for a question's topic, when the question uses other words.

English questions, Swedish documents: the model meets an English question across languages, but
BM25 meets it only through names and acronyms. data/en_sv.tsv is an English→Swedish lexicon of the
corpus's own vocabulary, written by hand from the corpus's word list and independently of the QA
sets ("contact nurse" → "kontaktsjuksköterska", "survival" → "överlevnad"). Swedish questions use
everyday words where the documents use terms of their own: data/sv_synonyms.tsv, written the same
way, maps them ("vårdcentral" → "primärvården", "snabbspår" → "standardiserade vårdförlopp").
A question's words are stemmed (Snowball), matched longest phrase first, and the corpus words they
stand for are added to what the model reads and, for English, to the lexical query (search/query.py).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from plansearch.text.normalise import fold, words
from plansearch.text.swedish import STOPWORDS, stemmer

DATA = Path(__file__).resolve().parents[1] / "data"
ENGLISH_LEXICON = DATA / "en_sv.tsv"
SWEDISH_SYNONYMS = DATA / "sv_synonyms.tsv"
COMPOUND_PART = 4  # letters of the shortest part of a compound read by its last part


class Lexicon:
    """Phrases of the asking language (as stem tuples) → corpus words."""

    def __init__(self, entries: dict[tuple[str, ...], tuple[str, ...]], language: str = "english"):
        self.entries = entries
        self.language = language
        self.longest = max((len(k) for k in entries), default=0)

    @classmethod
    def parse(cls, lines, language: str = "english") -> Lexicon:
        entries: dict[tuple[str, ...], tuple[str, ...]] = {}
        for line in lines:
            if not line.strip() or line.startswith("#") or "\t" not in line:
                continue
            phrase, corpus_words = line.rstrip("\n").split("\t", 1)
            key = tuple(stemmer(language).stemWord(w) for w in words(phrase))
            renderings = [s.strip() for s in corpus_words.split(",") if s.strip()]
            if key and renderings:
                entries[key] = _distinct(list(entries.get(key, ())) + renderings)
        return cls(entries, language)

    def corpus_words(self, question: str) -> str:
        """The corpus words for the question's words and phrases ("" when none are known)."""
        tokens = words(question)
        stems = [stemmer(self.language).stemWord(t) for t in tokens]
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
            else:
                out.extend(self._compound(tokens[i]))
            i += step
        return " ".join(out)

    def _compound(self, token: str) -> list[str]:
        """A Swedish compound the lexicon does not hold, read by its longest known last part:
        "barncancerpengarna" is "barncancer" and "pengar", so "barncancer medel"."""
        if self.language != "swedish" or len(token) < 2 * COMPOUND_PART:
            return []
        for cut in range(COMPOUND_PART, len(token) - COMPOUND_PART + 1):
            found = self.entries.get((stemmer(self.language).stemWord(token[cut:]),))
            if found:
                if any(token in words(rendering) for rendering in found):
                    return []  # "teledermatoskopi" is itself the corpus word for its last part
                return [f"{token[:cut]} {rendering}" for rendering in found]
        return []


def _distinct(renderings: list[str]) -> tuple[str, ...]:
    """One rendering per Swedish stem: "region, regionen, regioner" would count "region" thrice in BM25."""
    seen, out = set(), []
    for rendering in renderings:
        stems = tuple(fold(stemmer("swedish").stemWord(w)) for w in words(rendering))
        if stems not in seen:
            seen.add(stems)
            out.append(rendering)
    return tuple(out)


@lru_cache(maxsize=2)
def lexicon(path: Path = ENGLISH_LEXICON, language: str = "english") -> Lexicon:
    """A shipped lexicon; empty when its data file is missing."""
    try:
        return Lexicon.parse(path.read_text(encoding="utf-8").splitlines(), language)
    except OSError:
        return Lexicon({}, language)


@lru_cache(maxsize=4096)
def english_to_swedish(question: str) -> str:
    return lexicon().corpus_words(question)


@lru_cache(maxsize=4096)
def swedish_synonyms(question: str) -> str:
    return lexicon(SWEDISH_SYNONYMS, "swedish").corpus_words(question)


@lru_cache(maxsize=1)
def _english_stems() -> frozenset[str]:
    return frozenset(stem for key in lexicon().entries for stem in key)


def is_english_word(word: str) -> bool:
    """Whether the English lexicon knows the word (as a stem of one of its phrases)."""
    return stemmer("english").stemWord(word.lower()) in _english_stems()

"""The Swedish analyser that lexical search uses for documents and queries alike.

lowercase -> drop stop words -> Snowball Swedish stem -> fold å/ä/ö (so "for" meets "för" and
"vardprogram" meets "vårdprogram"), plus the parts of compounds that the corpus itself knows
("teledermatoskopiverksamheten" also gives "teledermatoskopi" and "verksamheten").

`Speller` repairs query words that do not occur in the corpus: missing å/ä/ö first, then one
typing error ("mellansverge" -> "mellansverige").
"""

from __future__ import annotations

from collections import Counter

from plansearch.text.normalise import TOKEN, fold, words
from plansearch.text.swedish import FOLDED_STOPWORDS, STOPWORDS
from plansearch.text.swedish import stem as stem_word

MIN_PART = 4  # shortest compound part that counts ("cancer", "vård" but not "en")
MIN_COMPOUND = 9
DEFINITE_BASE = 5  # letters a noun keeps without its definite ending ("utskick-et")


class Analyzer:
    """Turns text into index terms; built from the corpus vocabulary so that it splits compounds
    into parts the corpus also uses on their own."""

    def __init__(self, vocabulary: Counter[str] | None = None, decompound: bool = True):
        self.vocabulary = vocabulary or Counter()
        self.decompound = decompound
        self._known = {fold(w) for w, n in self.vocabulary.items() if len(w) >= MIN_PART and not w.isdigit()}
        self._splits: dict[str, list[str]] = {}
        self._stems: set[str] | None = None

    @classmethod
    def from_texts(cls, texts: list[str], decompound: bool = True) -> Analyzer:
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(words(text))
        return cls(counts, decompound)

    def terms(self, text: str) -> list[str]:
        """Index terms of `text`: stems of its words and of their compound parts."""
        out: list[str] = []
        for word in words(text):
            if word in STOPWORDS or fold(word) in FOLDED_STOPWORDS or (len(word) == 1 and not word.isdigit()):
                continue
            out.append(fold(stem_word(word)))
            if self.decompound and len(word) >= MIN_COMPOUND:
                out.extend(fold(stem_word(part)) for part in self.split(fold(word)))
        return out

    def knows(self, word: str) -> bool:
        """Whether the corpus uses the word in some inflection ("projekten": "projekt"), or a compound
        of words it uses ("lungcancerscreening")."""
        word = word.lower()
        if self._knows(word):
            return True
        # A definite form Snowball keeps whole ("brevutskicket", "kontaktsjuksköterskan",
        # "strategin"): known when its noun is.
        return any(word.endswith(ending) and len(word) - len(ending) >= DEFINITE_BASE and self._knows(word[: -len(ending)])
                   for ending in ("et", "n"))

    def _knows(self, word: str) -> bool:
        if word in self.vocabulary or fold(word) in self._known:
            return True
        if self._stems is None:
            self._stems = {fold(stem_word(w)) for w in self.vocabulary if not w.isdigit()}
        return fold(stem_word(word)) in self._stems or bool(self.split(fold(word)))

    def split(self, word: str) -> list[str]:
        """Known parts of a compound (folded form), longest known head first; [] if none."""
        if word in self._splits:
            return self._splits[word]
        parts: list[str] = []
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            if head not in self._known:
                continue
            # Swedish joins with an "s": "sjukvård-s-region".
            for rest in (tail, tail[1:] if tail.startswith("s") and len(tail) > MIN_PART else None):
                if rest and (rest in self._known or self._stem_known(rest)):
                    parts = [head, rest] + (self.split(rest) if len(rest) >= MIN_COMPOUND else [])
                    break
            if parts:
                break
        self._splits[word] = parts
        return parts

    def _stem_known(self, word: str) -> bool:
        stem = fold(stem_word(word))
        return len(stem) >= MIN_PART and stem in self._known


class Speller:
    """Replaces query words unknown to the corpus with the corpus's own spelling."""

    def __init__(self, vocabulary: Counter[str]):
        self.vocabulary = vocabulary
        self._by_fold: dict[str, str] = {}
        for word, _ in sorted(vocabulary.items(), key=lambda item: -item[1]):
            self._by_fold.setdefault(fold(word), word)
        self._deletes: dict[str, list[str]] | None = None

    def _delete_index(self) -> dict[str, list[str]]:
        if self._deletes is None:
            index: dict[str, list[str]] = {}
            for folded, word in self._by_fold.items():
                if len(folded) >= 6 and not folded.isdigit():
                    for variant in _deletes(folded):
                        index.setdefault(variant, []).append(word)
            self._deletes = index
        return self._deletes

    def correct_word(self, word: str) -> str:
        lower = word.lower()
        if lower in self.vocabulary or len(lower) < 3 or lower.isdigit():
            return word
        folded = fold(lower)
        if folded != lower:
            return word  # typed with å/ä/ö: an inflection the corpus lacks, not a misspelling
        if folded in self._by_fold:
            return _same_case(word, self._by_fold[folded])
        if len(folded) < 7:
            return word
        index = self._delete_index()
        candidates: Counter[str] = Counter()
        for variant in _deletes(folded):
            for candidate in index.get(variant, ()):
                candidates[candidate] = self.vocabulary[candidate]
        if not candidates:
            return word
        best = max(candidates.items(), key=lambda item: (item[1], -abs(len(item[0]) - len(lower))))[0]
        return _same_case(word, best)

    def correct(self, text: str) -> str:
        """`text` with unknown words replaced; punctuation and known words untouched."""
        return TOKEN.sub(lambda m: "-".join(self.correct_word(p) for p in m.group(0).split("-")), text)


def _deletes(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _same_case(original: str, replacement: str) -> str:
    if original.isupper():
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement

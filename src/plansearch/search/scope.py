"""Which documents a question points at: "i Gävleborg", "enligt rapporten", "at the RPO Cancer
meeting", "in the northern region". Cues come from each document's catalogue entry (title,
region, publisher, kind); the matching documents get a small boost in the ranking, never a filter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plansearch.models import DocumentMeta
from plansearch.text.analyzer import Analyzer
from plansearch.text.normalise import fold

# Words for the kinds of documents, in Swedish and English, and English names of regions.
KIND_WORDS = {
    "cancerplan": ["cancerplan", "cancerplanen", "cancer plan"],
    "handlingsplan": ["handlingsplan", "handlingsplanen", "action plan"],
    "minnesanteckningar": ["minnesanteckning", "minnesanteckningar", "mötet", "möte", "meeting", "minutes", "protokoll"],
    "analysrapport": ["rapport", "rapporten", "analysen", "report"],
}
ENGLISH_PLACES = {"northern": "norra", "north": "norra", "norrland": "norra", "norrländsk": "norra", "central sweden": "mellansverige"}
# Sweden's 21 regions and the healthcare regions with names of their own, folded: a question
# that names one asks about that region ("Hur många kontaktsjuksköterskor finns i Norrbotten?").
PLACES = (
    "stockholm", "uppsala", "sormland", "sodermanland", "ostergotland", "jonkoping", "kronoberg", "kalmar",
    "gotland", "blekinge", "skane", "halland", "vastra gotaland", "varmland", "orebro", "vastmanland",
    "dalarna", "gavleborg", "vasternorrland", "jamtland", "harjedalen", "vasterbotten", "norrbotten",
    "mellansverige", "sydost",
)
PLACE_PATTERN = re.compile(r"\b(" + "|".join(PLACES) + r")s?\b")  # "Norrbottens" too
CUE_ANALYZER = Analyzer(decompound=False)
GENERIC = {"region", "sjukvårdsregion", "sjukvardsregion", "nationell", "regional", "cancer", "cancercentrum", "rcc",
           "plan", "program", "programområd", "programomrad", "regionalt"}


@dataclass
class Scope:
    """Cue terms per document, and the documents a question names."""

    cues: dict[str, set[str]]
    phrases: dict[str, list[str]]

    @classmethod
    def build(cls, metas: list[DocumentMeta]) -> Scope:
        analyzer = Analyzer(decompound=False)
        cues: dict[str, set[str]] = {}
        phrases: dict[str, list[str]] = {}
        for meta in metas:
            text = " ".join([meta.region, meta.publisher])
            cues[meta.doc_id] = {t for t in analyzer.terms(text) if t not in GENERIC and not t.isdigit() and len(t) >= 3}
            phrases[meta.doc_id] = [fold(w) for w in KIND_WORDS.get(meta.kind, [])]
        # A cue that every document shares tells nothing apart.
        shared = set.intersection(*cues.values()) if len(cues) > 1 else set()
        return cls({d: c - shared for d, c in cues.items()}, phrases)

    @property
    def cue_terms(self) -> set[str]:
        """Every term that points at a document rather than at a topic."""
        if not hasattr(self, "_cue_terms"):
            kinds = " ".join(p for phrases in self.phrases.values() for p in phrases)
            self._cue_terms = set().union(*self.cues.values(), CUE_ANALYZER.terms(kinds), GENERIC)
        return self._cue_terms

    def names_in(self, question: str) -> set[str]:
        """The regions and publishers a question names (cue terms and places): two or more side by
        side make it a comparison."""
        text = fold(question.lower())
        for english, swedish in ENGLISH_PLACES.items():
            text = re.sub(rf"\b{english}\w*", swedish, text)
        terms = set(CUE_ANALYZER.terms(text))
        return (terms & set().union(*self.cues.values())) | places_in(text) if self.cues else places_in(text)

    def documents_in(self, question: str) -> set[str]:
        """Documents whose region, publisher or kind the question mentions."""
        text = fold(question.lower())
        for english, swedish in ENGLISH_PLACES.items():
            text = re.sub(rf"\b{english}\w*", swedish, text)
        terms = set(CUE_ANALYZER.terms(text))
        kinds = {phrases for phrases, pattern in self._patterns().items() if pattern.search(text)}
        found = {doc_id for doc_id, cues in self.cues.items() if cues & terms or tuple(self.phrases.get(doc_id, ())) in kinds}
        return found if len(found) < len(self.cues) else set()

    def _patterns(self) -> dict[tuple[str, ...], re.Pattern[str]]:
        """One compiled pattern per kind of document (a corpus has a handful of kinds, many documents)."""
        if not hasattr(self, "_compiled"):
            self._compiled = {
                tuple(p): re.compile(r"\b(?:" + "|".join(re.escape(x) for x in p) + r")\b")
                for p in {tuple(v) for v in self.phrases.values()}
                if p
            }
        return self._compiled


PREPOSITIONS = {"i", "enligt", "inom", "hos", "på", "från", "för", "vid", "in", "according", "to", "at", "from", "of"}
# Words that may stand inside a qualifier without being a cue themselves ("i RCC Mellansveriges
# cancerplan", "för norra sjukvårdsregionen", "in the northern region's plan").
FILLERS = {
    "rcc", "region", "regionen", "regionens", "regional", "regionala", "norra", "södra", "sjukvårdsregion",
    "sjukvårdsregionen", "sjukvårdsregionens", "regionalt", "cancercentrum", "den", "det", "de", "nya", "senaste",
    "plan", "planen", "planens", "the", "region's", "regions", "healthcare", "cancer", "rpo", "mötet", "möte", "to",
}
WORD_SPAN = re.compile(r"[\wÅÄÖåäö'’:-]+")
YEAR = re.compile(r"^(?:19|20)\d\d(?:[–-](?:19|20)?\d\d)?$")


def qualifiers(question: str, scope: Scope) -> list[tuple[int, int]]:
    """Character spans of the phrases that only scope a question: a preposition followed by words
    that name a document, region, publisher or kind of document ("i RCC Mellansveriges cancerplan",
    "enligt Socialstyrelsen", "på mötet"), and years. What is left is what the question asks about."""
    words = [(m.start(), m.end(), m.group(0)) for m in WORD_SPAN.finditer(question)]
    cues = set().union(*scope.cues.values()) if scope.cues else set()
    kinds = set(CUE_ANALYZER.terms(" ".join(p for phrases in scope.phrases.values() for p in phrases)))

    def is_cue(word: str) -> bool:
        terms = set(CUE_ANALYZER.terms(word))
        english_place = word.lower().rstrip("’'s") in ENGLISH_PLACES or word.lower() in ENGLISH_PLACES
        return bool(terms & (cues | kinds)) or bool(places_in(word)) or bool(YEAR.match(word)) or english_place

    spans: list[tuple[int, int]] = []
    k = 0
    while k < len(words):
        start, _, word = words[k]
        if YEAR.match(word):
            spans.append((start, words[k][1]))
        if word.lower() in PREPOSITIONS:
            run, found = k + 1, False
            while run < len(words) and (is_cue(words[run][2]) or words[run][2].lower().strip("’'") in FILLERS
                                        or (words[run][2][:1].isupper() and run > k + 1)):
                found = found or is_cue(words[run][2])
                run += 1
            if found:
                spans.append((start, words[run - 1][1]))
                k = run
                continue
        k += 1
    return spans


def places_in(text: str) -> set[str]:
    """The regions a text names ("Region Norrbottens" → norrbotten)."""
    return set(PLACE_PATTERN.findall(fold(text.lower())))

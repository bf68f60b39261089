"""Language of a passage or question, with langdetect made deterministic."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Literal

Language = Literal["sv", "en"]  # the languages questions are answered in

# langdetect guesses Norwegian or Danish for many short Swedish texts; a prior towards the
# languages these documents and their readers use keeps it honest without ruling others out.
PRIORS = {"sv": 0.5, "en": 0.3, "no": 0.04, "da": 0.04, "de": 0.04, "fi": 0.04, "fr": 0.02, "es": 0.02}
SWEDISH_LETTERS = re.compile(r"[åäöÅÄÖ]")
ENGLISH_WORDS = re.compile(
    r"\b(the|what|who|which|when|where|why|how|is|are|was|were|does|do|did|of|and|responsible|mean|stands?|much|many|"
    r"since|should|can|have|has|according|there)\b",
    re.IGNORECASE,
)
WORD = re.compile(r"[^\W\d_]{3,}")
SWEDISH_WORDS = re.compile(
    r"\b(och|att|vad|vem|vilka|vilken|när|hur|mycket|för|som|är|det|den|ska|står|ansvarar|av|på|om|med|till)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _factory():
    from langdetect import DetectorFactory
    from langdetect.detector_factory import init_factory

    DetectorFactory.seed = 0
    init_factory()
    from langdetect import detector_factory

    return detector_factory._factory


def detect_language(text: str, default: str = "sv") -> str:
    """ISO 639-1 code of `text`; `default` when the text is too short to tell."""
    sample = text[:300]  # enough to tell; langdetect's time grows with the text
    letters = sum(ch.isalpha() for ch in sample)
    if letters < 12:
        return default
    try:
        detector = _factory().create()
        detector.set_prior_map(PRIORS)
        detector.append(sample)
        return detector.detect()
    except Exception:  # langdetect raises on text without features (numbers, URLs)
        return default


def question_language(text: str, known: Callable[[str], bool] | None = None) -> Language:
    """Language of a short question: Swedish or English word cues first (names like "Örebro" or
    "IPÖ" carry å/ä/ö into English questions too); then, with `known` (is a word one the Swedish
    corpus uses?), its words against the English lexicon's; then langdetect, which takes most
    one-word Swedish terms ("Lungcancerscreening") for English."""
    sv, en = len(SWEDISH_WORDS.findall(text)), len(ENGLISH_WORDS.findall(text))
    if sv != en:
        return "sv" if sv > en else "en"
    if SWEDISH_LETTERS.search(text):
        return "sv"
    if known is not None:
        by_words = by_vocabulary(text, known)
        if by_words is not None:
            return by_words
    return _detected(text)


def by_vocabulary(text: str, known: Callable[[str], bool]) -> Language | None:
    """ "sv" when more of the words are the corpus's only than the English lexicon's only, "en" for
    the reverse; a word both know ("patient", "screening") counts for neither, except that words
    all of which Swedish uses too are Swedish; None when the words do not tell."""
    from plansearch.text.lexicons import is_english_word

    swedish = english = shared = 0
    for word in WORD.findall(text.lower()):
        corpus, lexicon = known(word), is_english_word(word)
        swedish += corpus and not lexicon
        english += lexicon and not corpus
        shared += corpus and lexicon
    if swedish == english:
        # Words both languages use ("HPV-vaccination"), and nothing only English: the documents'
        # language, which is most users' too.
        return "sv" if shared and not english else None
    return "sv" if swedish > english else "en"


@lru_cache(maxsize=4096)  # langdetect takes about a millisecond
def _detected(text: str) -> Language:
    return "en" if detect_language(text, default="sv") == "en" else "sv"

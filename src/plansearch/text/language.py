"""Language of a passage or question, with langdetect made deterministic."""

from __future__ import annotations

import re
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


@lru_cache(maxsize=4096)  # asked several times per search; langdetect takes about a millisecond
def question_language(text: str) -> Language:
    """Language of a short question: Swedish or English word cues first (names like "Örebro" or
    "IPÖ" carry å/ä/ö into English questions too), then langdetect."""
    sv, en = len(SWEDISH_WORDS.findall(text)), len(ENGLISH_WORDS.findall(text))
    if sv != en:
        return "sv" if sv > en else "en"
    if SWEDISH_LETTERS.search(text):
        return "sv"
    return "en" if detect_language(text, default="sv") == "en" else "sv"

"""The language of a question, short ones too: the answer is written in it."""

from __future__ import annotations

import pytest

from conftest import CORPUS
from plansearch.text.analyzer import Analyzer
from plansearch.text.language import question_language


@pytest.fixture(scope="module")
def knows():
    """Does the shipped corpus use a word? (the analyser the index builds, from the documents' text)"""
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    return Analyzer.from_texts(texts).knows


@pytest.mark.parametrize(
    "question, language",
    [
        # One or two words, no question word: the corpus's vocabulary tells Swedish terms.
        ("Lungcancerscreening", "sv"),
        ("cancerrehabilitering", "sv"),
        ("Prehabilitering", "sv"),
        ("Teledermatoskopi", "sv"),
        ("Mammografi", "sv"),
        ("HPV-vaccination", "sv"),
        ("Palliativ vård", "sv"),
        ("KSSK", "sv"),
        ("RCC Norr", "sv"),
        # English terms the documents do not use.
        ("Survival", "en"),
        ("Mammography", "en"),
        ("teledermatoscopy", "en"),
        ("Smoking cessation", "en"),
        ("Contact nurse", "en"),
        ("Lung cancer screening", "en"),
        ("palliative care", "en"),
        # Whole questions: the word cues decide.
        ("Vem ansvarar för teledermatoskopi?", "sv"),
        ("vem ansvarar for teledermatoskopi", "sv"),
        ("Who is responsible for teledermatoscopy?", "en"),
        ("Since when does Universitetssjukhuset Örebro have a cancer centre?", "en"),
    ],
)
def test_short_questions_get_their_language(knows, question, language):
    assert question_language(question, knows) == language


"""The compound rule of the comparison (answer/topic_words.py) on a small hand index: a topic word
inside a compound counts, a word that merely begins with it or ends it does not."""

from __future__ import annotations

import pytest

from plansearch.answer.topic_words import coverage, topic_words
from plansearch.store.index import Index


class Lexical:
    def __init__(self, texts: list[str]):
        from plansearch.text.analyzer import Analyzer

        self.analyzer = Analyzer.from_texts(texts)
        self.bm25 = None


class Bare:
    """Just what topic_words needs: the analyser, and IDF weights of 1."""

    def __init__(self, texts: list[str]):
        self.lexical = Lexical(texts)


@pytest.fixture
def index(monkeypatch):
    import plansearch.answer.topic_words as tw

    monkeypatch.setattr(tw, "idf", lambda index, term: 1.0)
    # The words a corpus would use on their own; none of them is "screening" in a compound.
    return Bare(["lungcancer screening studie cervix cancer program vaccination vaccinering dag HPV kost vård och"])


def share(index: Index, topic: str, text: str) -> float:
    return coverage(index, topic_words(index, topic), text)


@pytest.mark.parametrize(
    ("topic", "text", "expected"),
    [
        ("screening", "Den lungcancerscreeningstudie som pågår", 1.0),  # in the middle
        ("screening", "deltagandet i screeningprogrammet", 1.0),  # at the start, a part after it
        ("screening", "riktlinjer för cervixcancerscreening", 1.0),  # at the end
        ("screening", "screeningens resultat", 1.0),  # an ending the stemmer strips
        ("HPV-vaccination", "Idag pågår HPV-vaccinering av så väl pojkar som flickor", 1.0),
        ("HPV-vaccination", "HPV-vaccinationsprogrammet", 1.0),
        ("vaccination", "en vaccinationsdag i Ljusdal", 1.0),  # a joining "s", a short known part
        ("HPV-vaccination", "vaccinering av flickor", 0.5),  # one of two words
        ("kost", "kostnaden för läkemedel", 0.0),  # "naden" starts no known word and is no ending
        ("vård", "god omvårdnad", 0.0),
        ("screening", "ochscreening", 0.0),  # a stop word is no part
        ("parkering", "Lungcancerscreeningstudie", 0.0),
        ("hpv", "shpvx", 0.0),  # shorter than a part: only as a word
    ],
)
def test_a_topic_word_counts_inside_a_compound_only(index, topic, text, expected):
    assert share(index, topic, text) == pytest.approx(expected)

"""The lexicons that give a question the corpus's own words: English→Swedish, and Swedish
everyday words → the documents' terms."""

from __future__ import annotations

from dataclasses import replace

import pytest

from conftest import ROOT
from plansearch.text.analyzer import Analyzer
from plansearch.text.lexicons import SWEDISH_SYNONYMS, Lexicon, english_to_swedish, lexicon

LINES = [
    "# a comment",
    "nurse\tsjuksköterska",
    "contact nurse\tkontaktsjuksköterska, kontaktsjuksköterskor, kssk",
    "survival\töverlevnad",
    "who\tvem",
    "programme\tprogram",
    "program\tprogram",
]


def test_the_longest_phrase_wins_and_inflections_are_matched():
    lex = Lexicon.parse(LINES)
    assert lex.corpus_words("Contact nurses and survival") == "kontaktsjuksköterska kssk överlevnad"
    assert lex.corpus_words("a nurse") == "sjuksköterska"
    assert lex.corpus_words("programmes") == lex.corpus_words("program") == "program"


def test_a_function_word_alone_brings_nothing():
    assert Lexicon.parse(LINES).corpus_words("Who?") == ""


def test_renderings_with_one_swedish_stem_count_once():
    # "kontaktsjuksköterskor" stems like "kontaktsjuksköterska": BM25 would weigh the concept twice.
    assert Lexicon.parse(LINES).entries[("contact", "nurs")] == ("kontaktsjuksköterska", "kssk")


@pytest.mark.parametrize("lex", [lexicon(), lexicon(SWEDISH_SYNONYMS, "swedish")], ids=["english", "swedish"])
def test_the_shipped_lexicons_speak_the_corpus_words(lex):
    assert len(lex.entries) > 500
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "corpus").glob("*.txt")]
    analyzer = Analyzer.from_texts(texts)
    known = {t for text in texts for t in analyzer.terms(text)}
    renderings = [r for values in lex.entries.values() for r in values]
    found = sum(all(t in known for t in analyzer.terms(r)) for r in renderings)
    assert found / len(renderings) > 0.98


def test_swedish_everyday_words_get_the_corpus_terms():
    synonyms = lexicon(SWEDISH_SYNONYMS, "swedish")
    found = synonyms.corpus_words("Vilka vårdcentraler har allmänläkare?")
    assert found == "primärvården primärvårdsläkare allmänmedicin"
    assert synonyms.corpus_words("Vad står i planen?") == ""


def test_english_phrases_of_time_and_illness_get_the_corpus_words():
    # "each" alone is "respektive"; "each year" is a phrase of its own.
    assert lexicon().corpus_words("children who get cancer each year") == "barn drabbas av cancer insjuknar varje år årligen"


def test_a_swedish_compound_is_read_by_its_known_last_part():
    lines = ["pengar\tmedel", "dermatoskopi\tteledermatoskopi"]
    synonyms = Lexicon.parse(lines, "swedish")
    assert synonyms.corpus_words("Vem bestämmer över barncancerpengarna?") == "barncancer medel"
    # A word the lexicon renders as itself is already the corpus's word; short parts are no compound.
    assert synonyms.corpus_words("teledermatoskopi") == ""
    assert synonyms.corpus_words("pengar") == "medel"
    assert Lexicon.parse(lines).corpus_words("barncancerpengarna") == ""  # English: no compounds


@pytest.mark.slow
def test_bm25_finds_an_english_question_in_swedish_text(real_searcher):
    question = "Who is responsible for teledermatoscopy?"  # "Who" is not WHO, Världshälsoorganisationen
    with_words = real_searcher.search(question, k=3, retriever="bm25")
    without = replace(real_searcher, config=replace(real_searcher.config, translate=False))
    assert "teledermatoskopi" in with_words[0].passage.text.lower()
    found = without.search(question, k=3, retriever="bm25")
    assert not any("teledermatoskopi" in h.passage.text.lower() for h in found)


def test_a_share_of_something_is_andel_not_the_verb_or_shared():
    # "share" alone stems like "shared" ("gemensam"); "share of" is always the noun.
    found = english_to_swedish("What share of all cancer is hereditary?").split()
    assert "andel" in found and "gemensam" not in found and "dela" not in found

"""The Swedish analyser: stemming, stop words, å/ä/ö folding, compounds, spelling repair."""

from __future__ import annotations

from collections import Counter

import pytest

from plansearch.text.analyzer import Analyzer, Speller
from plansearch.text.normalise import words

CORPUS_TEXT = [
    "Teledermatoskopi har införts i samtliga regioner för att teledermatoskopiverksamheten ska fungera.",
    "Verksamheten och verksamheterna i regionerna. Hälso- och sjukvård.",
    "Cancerrehabilitering och rehabilitering av cancer. Sjukvårdsregionen och regionen.",
    "Vem ansvarar för vårdprogrammet i Mellansverige? Kontaktsjuksköterskor och kontaktsjuksköterskan.",
    "Övergångsmottagning för tonåringar. Molekylärpatologi och patologi.",
]


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer.from_texts(CORPUS_TEXT)


def overlap(analyzer: Analyzer, query: str, text: str) -> set[str]:
    return set(analyzer.terms(query)) & set(analyzer.terms(text))


def test_stop_words_and_question_words_are_dropped(analyzer):
    assert analyzer.terms("Vem ansvarar för vad i planen?") == [analyzer.terms("planen")[0]]


def test_inflections_meet_through_the_swedish_stemmer(analyzer):
    assert overlap(analyzer, "regionerna", "regionen")
    assert overlap(analyzer, "kontaktsjuksköterskor", "kontaktsjuksköterska")
    assert overlap(analyzer, "verksamheterna", "verksamheten")


def test_missing_swedish_letters_still_match(analyzer):
    assert overlap(analyzer, "vardprogrammet", "vårdprogrammet")
    assert overlap(analyzer, "overgangsmottagning", "Övergångsmottagning")
    # "for" is the stop word "för" typed without its ö, not a term
    assert analyzer.terms("vem ansvarar for teledermatoskopi") == analyzer.terms("teledermatoskopi")


def test_a_compound_reaches_its_parts_and_back(analyzer):
    assert overlap(analyzer, "teledermatoskopi", "teledermatoskopiverksamheten")
    assert overlap(analyzer, "cancerrehabilitering", "rehabilitering av cancer") >= set(analyzer.terms("rehabilitering"))
    assert "region" in " ".join(analyzer.split("sjukvardsregionen"))


def test_compounds_split_only_into_known_parts(analyzer):
    assert analyzer.split("xyzzyplugh") == []
    assert Analyzer.from_texts(CORPUS_TEXT, decompound=False).terms("teledermatoskopiverksamheten") == [
        analyzer.terms("teledermatoskopiverksamheten")[0]
    ]


def test_links_and_hyphenated_forms_are_tokenised_sensibly():
    assert words("PROM/PREM-enkäter och RCC:s arbete https://cancercentrum.se/for-x/") == [
        "prom", "prem", "enkäter", "och", "rcc", "s", "arbete",
    ]


def test_speller_restores_swedish_letters_and_fixes_one_typo():
    speller = Speller(Counter({"mellansverige": 40, "molekylärpatologi": 3, "kontaktsjuksköterskor": 9, "för": 100}))
    assert speller.correct("vad ar molekylarpatologi") == "vad ar molekylärpatologi"
    assert speller.correct("RCC Mellansverge") == "RCC Mellansverige"
    assert speller.correct("kontaktsjukskoterskor") == "kontaktsjuksköterskor"
    # Words typed with å/ä/ö are inflections the corpus lacks, not misspellings.
    assert speller.correct("mätas") == "mätas"
    assert speller.correct("okänt ord") == "okänt ord"


def test_regions_a_text_names():
    from plansearch.search.scope import places_in

    named = places_in("Hur många finns i Region Norrbottens län och i RCC Uppsala-Örebro?")
    assert named == {"norrbotten", "uppsala", "orebro"}
    assert places_in("Vastra Gotaland, Jönköpings län") == {"vastra gotaland", "jonkoping"}
    # "sydöstra" is a direction, "RCC Sydöst" a region
    assert places_in("i sydöstra delen") == set() and places_in("RCC Sydöst") == {"sydost"}
    # English names of the healthcare regions; a direction alone names none.
    assert places_in("in the northern healthcare region") == {"norr"} and places_in("RCC West decides") == {"vast"}
    assert places_in("the Central Sweden region") == {"mellansverige"}
    assert places_in("the northern plan") == set() and places_in("west of the river") == set()


def test_a_definite_form_snowball_keeps_whole_is_known_when_its_noun_is():
    analyzer = Analyzer.from_texts(["Första brevutskick gjordes i januari. Strategi för patologi och en kontaktsjuksköterska."])
    assert analyzer.knows("brevutskicket")  # neuter "-et"
    assert analyzer.knows("strategin") and analyzer.knows("kontaktsjuksköterskan")  # "-n"
    assert not analyzer.knows("parkeringen")  # its noun is not in the text either

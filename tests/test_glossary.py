"""Glossary extraction from the documents' own words, and query expansion with it."""

from __future__ import annotations

from plansearch.knowledge.glossary import Glossary, extract_glossary
from plansearch.models import Passage


def passage(text: str, kind: str = "paragraph", fields=(), n: int = 0) -> Passage:
    return Passage(f"d:{n}", "d", n, text, "", None, kind, 0, len(text), "sv", tuple(fields))


PASSAGES = [
    passage("IPÖ - Individuell patientöversikt", "glossary", (("term", "IPÖ"), ("definition", "Individuell patientöversikt")), 0),
    passage("Prehabilitering\nSammanhängande vårdprocess mellan diagnos och behandlingsstart.", "glossary",
            (("term", "Prehabilitering"), ("definition", "Sammanhängande vårdprocess mellan diagnos och behandlingsstart.")), 1),
    passage("Visionen beslutades av Norra sjukvårdsregionförbundet (NRF) vid inrättandet av RCC Norr 2011.", n=2),
    passage("Ansökan till Comprehensive Cancer Center (CCC) enligt europeisk standard.", n=3),
    passage("Pediatriskt palliativt kompetenscentrum – PPKC\nEtt kompetenscentrum invigdes 3 februari.", n=4),
    passage("Myndigheten för ungdoms- och civilsamhällesfrågors (MUCF:s) uppdrag.", n=5),
    passage("Tjänstedesign innebär kortfattat att tjänster utformas tillsammans med användarna.", n=6),
    passage("Med utvärdering avser vi här att insatsers värde bedöms utifrån mätbara utfall.", n=7),
    passage("Det är en viktig fråga. Målbilden är en sammanhållen molekylärpatologi.", n=8),
]


def test_entries_come_from_lists_glossaries_and_inline_definitions():
    found = {(e.term, e.meaning) for e in extract_glossary(PASSAGES)}
    assert ("IPÖ", "Individuell patientöversikt") in found
    assert ("NRF", "Norra sjukvårdsregionförbundet") in found
    assert ("CCC", "Comprehensive Cancer Center") in found  # not just "Cancer Center"
    assert ("PPKC", "Pediatriskt palliativt kompetenscentrum") in found
    assert ("MUCF", "Myndigheten för ungdoms- och civilsamhällesfrågors") in found
    terms = {e.term for e in extract_glossary(PASSAGES) if e.kind == "definition"}
    assert {"Prehabilitering", "Tjänstedesign", "utvärdering"} <= terms
    assert not terms & {"Det", "Målbilden"}


def test_every_entry_points_to_its_source_passage():
    entries = {e.term: e for e in extract_glossary(PASSAGES)}
    assert entries["NRF"].passage_id == "d:2"
    assert entries["IPÖ"].passage_id == "d:0"


def test_queries_are_expanded_both_ways():
    glossary = Glossary(extract_glossary(PASSAGES))
    assert glossary.expansion("Vad står IPÖ för?") == "Individuell patientöversikt"
    assert glossary.expansion("vad är en individuell patientöversikt") == "IPÖ"
    assert glossary.expansion("Hur arbetar nrf?") == "Norra sjukvårdsregionförbundet"
    assert glossary.expansion("Vem leder RCC?") == ""
    assert glossary.expansion("Vad står IPÖ för?", common={"IPÖ"}) == ""


def test_search_finds_by_term_and_meaning_without_swedish_letters():
    glossary = Glossary(extract_glossary(PASSAGES))
    assert glossary.search("ipo")[0].term == "IPÖ"
    assert [e.term for e in glossary.search("patientoversikt")] == ["IPÖ"]
    assert len(glossary.search("")) == len(glossary.entries)


def test_glossary_of_the_real_corpus(real_searcher):
    glossary = real_searcher.glossary
    meanings: dict[str, set[str]] = {}
    for e in glossary.entries:
        if e.kind == "abbreviation":
            meanings.setdefault(e.term, set()).add(e.meaning)
    assert "Individuell patientöversikt" in meanings["IPÖ"]
    assert "regionalt programområde" in meanings["RPO"]
    assert meanings["NRF"] == {"Norra sjukvårdsregionförbundet"}
    assert "Prehabilitering" in {e.term for e in glossary.entries}
    assert len(glossary.entries) >= 80

"""Structure-aware chunking on the real documents: tables, glossaries, lists, sections, offsets."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

import pytest

from conftest import CORPUS
from plansearch.ingest.catalog import describe
from plansearch.ingest.chunk import ChunkSettings, chunk_document
from plansearch.ingest.clean import clean_document
from plansearch.ingest.read import read_lines
from plansearch.models import Document, Line
from plansearch.text.sentences import flat, sentence_spans

MEL = "cancerplan-mellansverige-2025-2027"
NORR = "cancerplan-norr-2022-2024"
GAV = "handlingsplan-gavleborg-2025-2027"
MIN = "minnesanteckningar-rpo-cancer-norr-2025-02-04"
ANA = "socialstyrelsen-analys-rcc-2025"


@cache
def document(doc_id: str) -> Document:
    path = CORPUS / f"{doc_id}.txt"
    lines = read_lines(path)
    return clean_document(describe(path, "", None, lines), lines)


@cache
def passages(doc_id: str):
    return chunk_document(document(doc_id))


def rows(doc_id: str):
    return [p for p in passages(doc_id) if p.kind == "table_row"]


def row_with(doc_id: str, text: str):
    found = [p for p in rows(doc_id) if text in p.text]
    assert len(found) == 1, f"{len(found)} rows contain {text!r}"
    return found[0]


def test_tab_table_row_carries_its_column_headers():
    row = row_with(GAV, "Kvalitetssäkring av hela vårdkedjan kring teledermatoskopi")
    fields = dict(row.fields)
    assert list(fields) == ["Aktivitet", "Hur?", "Vem?", "När?", "Ansvarig", "Uppföljning", "Tidsram"]
    assert fields["Vem?"] == "Primärvården Specialistsjukvården"
    assert fields["Ansvarig"] == "VO Företrädare i RG"
    assert row.text.startswith("Aktivitet: Kvalitetssäkring av hela vårdkedjan")
    assert "| Vem?: Primärvården Specialistsjukvården |" in row.text
    assert row.section.endswith("2.3 Tidig upptäckt i primärvård")


def test_tab_table_row_continued_after_page_break_is_merged():
    row = row_with(GAV, "Kvalitetssäkring av hela vårdkedjan kring teledermatoskopi")
    # The Hur? cell went on after the page break: "...inklusion i SVF utifrån" + "regeringens satta mål. ..."
    assert dict(row.fields)["Hur?"].endswith(
        "Följa ledtider samt inklusion i SVF utifrån regeringens satta mål. I vårdprocessgruppen för melanom "
        "delta i arbetet gällande tidig upptäckt av hudcancer hos äldre."
    )
    assert not any(p.text.startswith("regeringens satta mål") for p in passages(GAV))
    row = row_with(GAV, "Genom regelbunden analys och kvalitetssäkring av data")
    assert dict(row.fields)["Aktivitet"].endswith("- Tydliga kontaktvägar mellan vårdgivare samt mellan patient och vårdgivare inom och mellan olika regioner")
    assert dict(row.fields)["Hur?"].endswith("skapa forum för utveckling")


def test_html_row_of_the_gavleborg_plan_becomes_a_clean_row():
    row = row_with(GAV, "Utrotningsprojektet för livmoderhalscancer")
    assert "<p>" not in row.text
    assert dict(row.fields)["När?"] == "Inkludering fortsätter under hela 2025."


def test_table_of_contents_is_not_indexed():
    assert not any(re.search(r"Grundläggande information\.{3,}", p.text) for p in passages(GAV))


def test_loose_table_of_the_mellansverige_plan_is_reassembled():
    row = row_with(MEL, "Kvalitetssäkring av hela vårdkedjan kring teledermatoskopi bör prioriteras")
    assert row.fields == (
        ("Aktivitet", "Kvalitetssäkring av hela vårdkedjan kring teledermatoskopi bör prioriteras. "
                      "Även tidig upptäckt av hudcancer hos äldre bör främjas."),
        ("Ansvarig", "- Regionerna"),
        ("Tidsram", "2025-27"),
    )
    assert row.section.endswith("Tabell 3b Tidig diagnostik i primärvård")
    row = row_with(MEL, "Genomföra projekt för lokal stödverksamhet")
    assert dict(row.fields)["Ansvarig"] == "- Patientföreningar med stöd av RCC Mellansverige"
    # A dash list inside the activity stays in the activity.
    row = row_with(MEL, "Genom regelbunden analys och kvalitetssäkring av data")
    assert dict(row.fields)["Aktivitet"].endswith("- tydliga kontaktvägar mellan vårdgivare samt mellan patient och vårdgivare inom och mellan olika regioner")
    assert dict(row.fields)["Ansvarig"].startswith("- VPG med stöd av RCC Mellansverige")


def test_loose_table_row_without_dashes_is_split_by_blocks():
    row = row_with(MEL, "Att utveckla en diagnosoberoende IPÖ-lösning")
    assert dict(row.fields)["Ansvarig"] == "RCC Mellansverige tillsammans med INCA-plattformen"
    assert dict(row.fields)["Tidsram"] == "2025–27"


def test_every_table_of_the_mellansverige_plan_has_rows():
    captions = {p.section.split(" › ")[-1] for p in rows(MEL)}
    for number in ("2.", "3a", "3b", "3c", "3d", "3e", "4a", "4b", "4c", "4d", "4e", "4f", "4g", "4h", "4i", "5", "6", "7", "8"):
        assert any(c.startswith(f"Tabell {number}") for c in captions), number


def test_loose_goal_table_of_the_norr_plan_is_reassembled():
    row = row_with(NORR, "Det ska finnas en ökad kännedom om och användning")
    fields = dict(row.fields)
    assert list(fields) == ["Mål", "Ansvarig", "Tidsram"]
    assert fields["Ansvarig"] == "Regionerna RCC Norrs processledare för ärftlig cancer"
    assert fields["Tidsram"] == "2023–2024"
    # Goal, responsible body and time frame on one line.
    row = row_with(NORR, "Onkologisk specialistkompetens ska finnas i alla regioner.")
    assert dict(row.fields) == {"Mål": "Onkologisk specialistkompetens ska finnas i alla regioner.", "Ansvarig": "Regionerna", "Tidsram": "2024"}
    # Time frame of one row on the same line block as the next goal.
    row = row_with(NORR, "Regionerna ska följa gällande vårdprogram för livmoderhalscancerprevention")
    assert dict(row.fields)["Tidsram"] == "2024"
    # A goal without a full stop, responsible bodies wrapped over lines.
    row = row_with(NORR, "NUS ska fortsätta arbetet för en ackreditering som CCC")
    assert dict(row.fields)["Ansvarig"] == "Region Västerbotten RCC Norr"
    assert len(rows(NORR)) >= 40


def test_glossary_and_abbreviation_entries_are_passages_of_their_own():
    glossary = {dict(p.fields)["term"]: p for p in passages(MEL) if p.kind == "glossary"}
    assert glossary["IPÖ"].text == "IPÖ – Individuell patientöversikt"
    assert glossary["RCC i sam"].text.startswith("RCC i sam – Regionala cancercentrum i samverkan")
    assert glossary["Prehabilitering"].text.startswith("Prehabilitering\nSammanhängande vårdprocess mellan diagnos")
    assert glossary["VCG"].text == "VCG - verksamhetschefsgrupp"  # the document's own hyphen
    assert glossary["Prehabilitering"].section == "Ordlista"
    assert len(glossary) >= 35


def test_passages_stay_readable_and_never_cut_a_word():
    for doc_id in (MEL, NORR, GAV, MIN, ANA):
        text = document(doc_id).text
        for p in passages(doc_id):
            assert len(p.text) <= 1250, (p.id, len(p.text))
            assert not text[p.end : p.end + 1].isalnum(), (p.id, text[p.end - 20 : p.end + 5])
            assert not text[p.start - 1 : p.start].isalnum() if p.start else True, p.id


def test_long_paragraphs_are_cut_at_sentence_boundaries_with_overlap():
    paragraphs = [p for p in passages(ANA) if p.kind == "paragraph"]
    overlapping = 0
    for a, b in zip(paragraphs, paragraphs[1:], strict=False):
        if a.section == b.section and b.start < a.end:
            overlapping += 1
            shared = flat(document(ANA).text[b.start : a.end])
            # The carried-over part is the whole last sentence of one passage and opens the next.
            assert a.text.endswith(shared)
            assert b.text.startswith(shared) or b.text.split("\n", 1)[-1].startswith(shared)
            assert len(shared) <= 250
    assert overlapping >= 20


def test_offsets_point_into_the_cleaned_text():
    for doc_id in (MEL, GAV, MIN):
        doc = document(doc_id)
        for p in passages(doc_id):
            span = " ".join(doc.text[p.start : p.end].split())
            if p.kind in ("paragraph", "list"):
                last_words = " ".join(p.text.split()[-3:])
                assert last_words in span, p.id
            elif p.kind == "table_row":
                first_cell = p.fields[0][1]
                assert first_cell.split()[0] in span, p.id


def test_section_paths_follow_the_numbering():
    p = next(p for p in passages(GAV) if "samordna, driva och följa upp förbättrings" in p.text)
    assert p.section == "1. Grundläggande information › 1.1 Syfte"
    p = next(p for p in passages(MEL) if "Teledermatoskopi har införts i samtliga regioner" in p.text)
    assert p.section == "Kapitel 3: Prevention och tidig upptäckt › 3b Tidig upptäckt i primärvård › Var är vi?"
    p = next(p for p in passages(MIN) if "Digitalt möte via Teams tisdag 8 april 2025" in p.text)
    assert p.section == "9. Nästa möte"


def test_lists_keep_their_lead_in():
    p = next(p for p in passages(MIN) if p.kind == "list" and "Testikelcancer (SVF)" in p.text)
    assert p.text.split("\n")[:2] == [
        "3. Nationella vårdprogram (NVP) på remiss",
        "Remissrunda pågår för de reviderade nationella vårdprogrammen för:",
    ]
    assert "Melanom (NVP och SVF)" in p.text


def test_heading_without_text_under_it_is_still_searchable():
    assert any("Anmälan till sjukvårdsregionala cancerdagarna 7–8 maj öppen" in p.text for p in passages(MIN))


def test_swedish_abbreviations_do_not_end_sentences():
    text = "Detta gäller bl.a. screening, t.ex. OPT. Nästa mening börjar här. Kl. 15 startar mötet."
    spans = [text[s:e] for s, e in sentence_spans(text, 0, len(text))]
    assert spans == ["Detta gäller bl.a. screening, t.ex. OPT.", "Nästa mening börjar här.", "Kl. 15 startar mötet."]


@pytest.mark.parametrize("max_chars", [400, 800])
def test_smaller_limits_are_respected(max_chars):
    settings = replace(ChunkSettings.from_settings(), max_chars=max_chars, target_chars=max_chars * 2 // 3, overlap_chars=150)
    for p in chunk_document(document(ANA), settings):
        if p.kind == "paragraph":
            assert len(p.text) <= max_chars + 120, (p.id, len(p.text))  # a heading line may open it


def test_document_without_structure_still_chunks():
    text = "Ett enda stycke utan rubriker. " * 100
    doc = clean_document(describe(CORPUS / "x.txt", "", None, None), [Line(text)])
    out = chunk_document(doc)
    assert out and all(len(p.text) <= 1200 for p in out)

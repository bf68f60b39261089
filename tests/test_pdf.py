"""PDF reading: real Swedish PDFs (../shared/pdfs/) and PDFs made here from the shipped corpus.

Letters intact, no glyph names, ligatures or control characters, table rows with their column
names, two columns in reading order, running lines dropped, scanned pages OCR'd or named."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from pdfs import (
    HEADER,
    PAGES,
    action_plan_rows,
    make_partly_scanned_pdf,
    make_pdf,
    make_table_pdf,
    make_two_column_pdf,
    turn_pages,
)
from plansearch.errors import UnreadableFile
from plansearch.ingest import ocr
from plansearch.ingest.catalog import describe
from plansearch.ingest.chunk import chunk_document
from plansearch.ingest.clean import clean_document
from plansearch.ingest.read import read_lines

SHARED = Path(__file__).resolve().parents[2] / "shared" / "pdfs"
NAMES = [
    "rcc_tolkningsmanual_shinyrapporter.pdf",
    "halland_rek_lakemedel_2018.pdf",
    "halland_terapirekommendationer_2018_utkast.pdf",
    "skolverket_sarskilt_stod_2024_25.pdf",
    "digg_motesanteckningar_pid_1.pdf",
]
GLYPH_NAME = re.compile(r"/(?:zero|one|two|three|four|five|six|seven|eight|nine|[a-z]+)\.(?:pnum|onum|lnum|tnum|sc|alt)\b")
BROKEN = re.compile(r"[\ufb00-\ufb06\u00a8\u02da\u02c6\u02dc\u02c7]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_read: dict[str, tuple] = {}


def shared(name: str) -> Path:
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"{path} is missing: the shared test PDFs live in ../shared/pdfs/ beside the repository")
    return path


def ingest(path: Path):
    """(meta, document, passages) of one file, as the ingest makes them."""
    if str(path) not in _read:
        lines = read_lines(path)
        meta = describe(path, "", None, lines)
        doc = clean_document(meta, lines)
        _read[str(path)] = (meta, doc, chunk_document(doc))
    return _read[str(path)]


def reference_text(path: Path) -> str:
    """pdftotext's text in NFC without the lines that repeat on three pages or more (running
    headers and footers, which the reader drops on purpose) and contents lines."""
    text = unicodedata.normalize("NFC", subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout)
    pages = [page.splitlines() for page in text.split("\f")]
    shape = lambda line: re.sub(r"\d+", "", line).strip()  # noqa: E731
    counts: dict[str, int] = {}
    for page in pages:
        for key in {shape(line) for line in page}:
            counts[key] = counts.get(key, 0) + 1
    return "\n".join(line for page in pages for line in page if counts[shape(line)] < 3 and "....." not in line)


def swedish_words(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", text) if re.search("[åäöÅÄÖ]", w)]


@pytest.mark.parametrize("name", NAMES)
def test_shared_pdfs_keep_swedish_letters_and_passage_sizes(name):
    path = shared(name)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is missing: it gives the reference text")
    meta, doc, passages = ingest(path)
    reference = reference_text(path)
    # Words split over a line end are joined by the cleaning, so compare against the whole text.
    ours = set(swedish_words(re.sub(r"-\n", "", doc.text)))
    wanted = swedish_words(reference)
    intact = sum(1 for w in wanted if w in ours) / len(wanted)
    assert intact >= 0.97, f"{name}: {intact:.1%} of the words with å/ä/ö intact"
    assert not GLYPH_NAME.search(doc.text)
    assert not BROKEN.search(doc.text), BROKEN.search(doc.text)
    assert max(len(p.text) for p in passages) <= 1500
    assert meta.title and meta.title.lower() not in {"innehållsförteckning", "innehåll", "digg.se", "entryscape"}


def test_latex_accents_and_title():
    meta, doc, _ = ingest(shared("rcc_tolkningsmanual_shinyrapporter.pdf"))
    assert "Om du högerklickar på en figur" in doc.text
    assert "november 2019" in doc.text
    assert meta.title == "Tolkningsmanual för interaktiva Shinyrapporter"


def test_two_column_page_is_read_column_by_column_and_footers_go():
    _, doc, passages = ingest(shared("halland_terapirekommendationer_2018_utkast.pdf"))
    flat = " ".join(doc.text.split())
    assert "Att undvika rökning är den mest hälsofrämjande åtgärden som en person kan göra." in flat
    assert "Hälso- och sjukvården bör" in flat and "Hä lso" not in flat
    # The chapter's running line ("34 Kapitel 3 · Kapitel 3 - Allergi, astma och KOL" on every
    # page of the chapter) is left at most once, as the chapter's heading.
    assert doc.text.count("Kapitel 3 · Kapitel 3 - Allergi") <= 1
    # The contents pages answer nothing.
    assert not any("..........." in p.text for p in passages)
    answer = next(p for p in passages if "hälsofrämjande åtgärden" in " ".join(p.text.split()))
    assert answer.page == 3


def test_ruled_statistics_table_becomes_rows_with_column_names():
    _, _, passages = ingest(shared("skolverket_sarskilt_stod_2024_25.pdf"))
    rows = [p for p in passages if p.kind == "table_row"]
    first = next(p for p in rows if "Årskurs 1" in p.text)
    assert dict(first.fields) == {"Årskurs": "Årskurs 1", "Totalt": "117 604", "Flickor": "57 444", "Pojkar": "60 160"}
    assert first.page == 8
    # The charts' grids are not tables.
    assert all("%" not in p.text for p in rows)


def test_ruled_table_with_an_empty_corner_gets_its_column_names():
    _, _, passages = ingest(shared("halland_terapirekommendationer_2018_utkast.pdf"))
    row = next(p for p in passages if p.kind == "table_row" and "S-Ferritin" in p.text)
    assert dict(row.fields) == {
        "Kolumn 1": "S-Ferritin",
        "Järnbrist": "Lågt",
        "Sekundäranemi med funktionell järnbrist": "Normalt eller högt",
        "Sekundäranemi utan funktionell järnbrist": "Normalt eller högt",
    }
    assert row.page == 11 and "Diagnostik av järnbristanemi" in row.section
    # Column names do not leak from one table into another one pages later.
    # ("5 år", "10 år", "15 år" head the amputation table of page 110 and no drug list after it.)
    assert {p.page for p in passages if p.kind == "table_row" and "5 år" in dict(p.fields)} == {110}


def test_chart_labels_do_not_leak_into_the_text():
    _, doc, _ = ingest(shared("skolverket_sarskilt_stod_2024_25.pdf"))
    # Diagram 1 on page 10 labels its points "8,1", "7,6", … one number a line.
    assert not re.search(r"^\d+,\d$", doc.text, re.MULTILINE)
    flat = " ".join(doc.text.split())
    assert "Diagram 1. Andel elever (procent) med åtgärdsprogram läsåren 2015/16–2024/25." in flat


def test_footnote_numbers_stand_apart_from_the_words_before_them():
    _, doc, _ = ingest(shared("skolverket_sarskilt_stod_2024_25.pdf"))
    flat = " ".join(doc.text.split())
    assert "elever i grundskolan. 11 Av samtliga elever" in flat
    # pypdf gave "utvärderas.1", "grupp.2", "variabler.10": a superscript glued to the word.
    assert not re.search(r"[a-zåäö][.,]\d{1,2}\b", doc.text)


def test_drug_lists_without_header_rows_become_rows():
    _, _, passages = ingest(shared("halland_rek_lakemedel_2018.pdf"))
    rows = [p for p in passages if p.kind == "table_row"]
    assert len(rows) >= 400
    row = next(p for p in rows if "Eporatio" in p.text)
    assert dict(row.fields) == {"Kolumn 1": "epoetin theta", "Kolumn 2": "Eporatio", "Kolumn 3": "1:a handsval, upphandlat"}
    assert row.page == 2 and row.section.endswith("Erytropoesstimulerande läkemedel")
    # A first choice set in bold heads no table: it is a row, and no row is named after it.
    first_choice = [p for p in rows if p.page == 30 and "Gaviscon" in p.text]
    assert first_choice and dict(first_choice[0].fields)["Kolumn 1"] == "alginsyra"
    assert not any("alginsyra" in name for p in rows for name, _ in p.fields)
    # The running page header printed inside every table is not a section or a passage.
    assert not any("REKOMMENDERADE LÄKEMEDEL" in p.text + p.section for p in passages)


def test_minutes_title_agenda_items_and_page_marks():
    meta, doc, passages = ingest(shared("digg_motesanteckningar_pid_1.pdf"))
    assert meta.title == "Mötesanteckningar referensgrupp beständiga identifierare, möte 1"
    # The page marks "1(2)" and "2 (2)" are not text; the bold agenda item is a section.
    assert not re.search(r"^\d\s?\(2\)$", doc.text, re.MULTILINE)
    last = next(p for p in passages if "Doodle kommer att skickas ut" in p.text)
    assert last.heading == "5. Nästa möte" and last.page == 2


def test_chapter_starts_are_found_and_named_once():
    _, doc, passages = ingest(shared("halland_terapirekommendationer_2018_utkast.pdf"))
    # Each chapter opens a page with "Kapitel 8 · Kapitel 8 - Gynekologi" in 30 pt type, a chapter
    # tab ("8") in the outer margin beside or just below it. Every chapter is the top of its
    # passages' sections, named once, without the tab's number.
    chapters = {p.section.split(" › ")[0] for p in passages if p.section}
    assert {c for c in chapters if c.startswith("Kapitel")} == {
        "Kapitel 1 - Sjukdomsförebyggande metoder/levnadsvanor", "Kapitel 2 - Anemi",
        "Kapitel 3 - Allergi, astma och KOL", "Kapitel 4 - Demenssjukdomar", "Kapitel 5 - Diabetes",
        "Kapitel 6 - Endokrinologi", "Kapitel 7 - Enures - Sängvätning", "Kapitel 8 - Gynekologi",
        "Kapitel 9 - Hjärt- och kärlsjukdomar",
    }
    assert not any(re.match(r"\d", p.section) for p in passages)
    # Chapter 8 (pp. 60-74) is not filed under chapter 7, whose one page comes before it.
    dysmenorre = [p for p in passages if "Dysmenorré" in p.section]
    assert dysmenorre and all(p.section.startswith("Kapitel 8 - Gynekologi › ") for p in dysmenorre)
    assert any(p.section.startswith("Kapitel 8 - Gynekologi › Dysmenorré") for p in dysmenorre)
    assert {p.section.split(" › ")[0] for p in passages if p.page is not None and 60 <= p.page <= 74} == {"Kapitel 8 - Gynekologi"}
    # The one-page chapter's footer is no line of its text.
    assert "Kapitel 7 · Kapitel 7" not in doc.text


def test_running_header_inside_lists_is_no_heading_caption_or_passage():
    _, doc, passages = ingest(shared("halland_terapirekommendationer_2018_utkast.pdf"))
    # "REKOMMENDERADE LÄKEMEDEL" heads the drug list on every page of it (inside the list's box,
    # just below the margin), and once in the middle of a page of chapter 4.
    assert "REKOMMENDERADE LÄKEMEDEL" not in doc.text
    assert not any("REKOMMENDERADE LÄKEMEDEL" in p.text + p.section for p in passages)
    donepezil = next(p for p in passages if p.kind == "table_row" and "donepezil" in dict(p.fields).values())
    # The list's heading stands in the right column above the list's box, which spans both
    # columns: it is read before the list.
    assert donepezil.section == "Kapitel 4 - Demenssjukdomar › Rekommenderade läkemedel › Alzheimers demens"


def test_latex_running_headers_and_contents_page_leave_nothing():
    _, doc, passages = ingest(shared("rcc_tolkningsmanual_shinyrapporter.pdf"))
    # LaTeX heads each page with the section's number and title in capitals ("4 RESULTAT"), on
    # two pages only; the contents page's entries stand apart from their dot leaders.
    assert "4 RESULTAT" not in doc.text and "INSTRUKTIONER FÖR" not in doc.text
    assert not any(p.page == 2 for p in passages)
    assert all(p.text.strip() != "Resultat" for p in passages)


def test_running_section_header_and_chapter_tab_made_here(tmp_path):
    """The rules by position and type size, on a PDF made here: a section's number and title in
    capitals over its next two pages ("1 BAKGRUND", as LaTeX sets it), and a chapter tab ("2") in
    the outer margin on the line of a heading that names its label twice."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    body = [line for page in PAGES for line in page if not line[:1].isdigit()]

    def text(size: float, x: float, y: float, words: str, style: str = "") -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.set_xy(x, y)
        pdf.cell(0, 10 if size >= 10 else 4, words)

    pages = [("2", "Uppföljning", "1 Bakgrund", None), ("", "", "", "1 BAKGRUND"),
             ("", "", "2 Resultat", "1 BAKGRUND"), ("3", "Avslut", "Sammanfattning", None)]
    for k, (tab, chapter, head, running) in enumerate(pages):
        pdf.add_page()
        if running:
            text(7, 150, 8, running)
        y = 30.0
        if chapter:
            text(10, 8, 22, tab, "B")  # a tab at the page's edge, on the heading's line
            text(20, 15, 22, f"Kapitel {tab} · Kapitel {tab} - {chapter}", "B")
            y = 36
        if head:
            text(14, 15, y, head, "B")
            y += 12
        for line in body[5 * k : 5 * k + 5]:
            text(10, 15, y, line)
            y += 7
    pdf.output(str(tmp_path / "kapitel.pdf"))
    _, doc, passages = ingest(tmp_path / "kapitel.pdf")
    assert "BAKGRUND" not in doc.text and "· Kapitel" not in doc.text
    assert {p.section.split(" › ")[0] for p in passages} == {"Kapitel 2 - Uppföljning", "Kapitel 3 - Avslut"}
    second = next(p for p in passages if body[5] in " ".join(p.text.split()))
    assert second.section == "Kapitel 2 - Uppföljning › 1 Bakgrund"


def test_minutes_agenda_items_are_siblings():
    meta, _, passages = ingest(shared("digg_motesanteckningar_pid_1.pdf"))
    items = {p.section.split(" › ")[1] for p in passages if re.match(r"\d\. ", p.section.split(" › ")[-1])}
    assert {i[:2] for i in items} == {"1.", "2.", "3.", "4.", "5."}
    for p in passages:
        parts = p.section.split(" › ")
        assert parts[0] == meta.title
        # No agenda item under "Deltagare" or under a line of an item's notes.
        assert not any(re.match(r"\d\. ", part) for part in parts[2:]), p.section
    notes = next(p for p in passages if "Diskussioner" in p.text)
    assert notes.heading.startswith("4. Konceptuell genomgång")
    last = next(p for p in passages if "Doodle kommer att skickas ut" in p.text)
    assert last.section == f"{meta.title} › 5. Nästa möte"


def test_blank_scan_says_that_ocr_found_no_text(tmp_path, monkeypatch):
    path = make_partly_scanned_pdf(tmp_path / "tom skanning.pdf", [[" "], [" "]], scanned={1, 2})
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "ocr_page", lambda page: "\n\f")
    with pytest.raises(UnreadableFile) as caught:
        read_lines(path)
    assert "OCR" in caught.value.reason and "found no text" in caught.value.reason
    assert "run OCR" not in caught.value.reason


def test_ocr_title_is_the_first_heading_line(tmp_path, monkeypatch):
    path = make_partly_scanned_pdf(tmp_path / "skannad_plan_2024.pdf", PAGES[:2], scanned={1, 2})
    # Each scanned page bears the running header, which is not the title.
    text = {1: f"{HEADER}\n\nRegional cancerplan 2024\n\nDet övergripande målet är att primärvården, genom god kännedom.\n",
            2: f"{HEADER}\n\nKvalitetssäkring av hela vårdkedjan kring teledermatoskopi.\n"}
    pages = iter([1, 2])
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "ocr_page", lambda page: text[next(pages)])
    lines = read_lines(path)
    assert lines.title == "Regional cancerplan 2024"  # type: ignore[attr-defined]
    meta = describe(path, "", None, lines)
    assert meta.title == "Regional cancerplan 2024"


def test_ruled_action_plan_table_over_a_page_break_keeps_its_column_names(tmp_path):
    rows = action_plan_rows(14)
    path = make_table_pdf(tmp_path / "handlingsplan.pdf", rows)
    meta, doc, passages = ingest(path)
    found = [p for p in passages if p.kind == "table_row"]
    assert {p.page for p in found} == {1, 2}, "the table must run over the page break"
    header = rows[0]
    assert all([name for name, _ in p.fields] == header for p in found)
    by_activity = {dict(p.fields)["Aktivitet"]: p for p in found}
    for row in rows[1:]:
        assert dict(by_activity[row[0]].fields) == dict(zip(header, row, strict=True))
    assert "Region Gävleborg - Handlingsplan" not in doc.text
    assert meta.title == "Handlingsplan för cancervården"


def test_running_footers_that_change_with_the_page_are_one_footer(tmp_path):
    def footer(number: int) -> str:  # "34 Kapitel 3 · Allergi" on even pages, "Kapitel 3 · Allergi 35" on odd
        return f"{number + 33} Kapitel 3 · Allergi" if number % 2 == 0 else f"Kapitel 3 · Allergi {number + 33}"

    path = make_pdf(tmp_path / "kapitel.pdf", PAGES + PAGES, footer=footer)
    _, doc, _ = ingest(path)
    assert "Allergi" not in doc.text and "Region Gävleborg" not in doc.text
    assert not re.search(r"^\d+$", doc.text, re.MULTILINE)
    assert doc.page_at(doc.text.index("Primärvården och Specialistsjukvården ansvarar")) == 2
    assert doc.page_at(doc.text.index("2.19 Barn och unga", doc.text.index("2.19 Barn och unga") + 1)) == 8


def test_turned_landscape_pages_are_read_as_shown(tmp_path):
    rows = action_plan_rows(14)
    path = turn_pages(tmp_path / "liggande.pdf", make_table_pdf(tmp_path / "stående.pdf", rows))
    _, _, passages = ingest(path)
    found = {dict(p.fields)["Aktivitet"]: p for p in passages if p.kind == "table_row"}
    assert set(found) == {row[0] for row in rows[1:]}
    assert dict(found[rows[1][0]].fields) == dict(zip(rows[0], rows[1], strict=True))


def test_two_columns_made_here_are_read_left_then_right(tmp_path):
    left = [line for page in PAGES[:2] for line in page][:6]
    right = [line for page in PAGES[2:] for line in page]
    path = make_two_column_pdf(tmp_path / "spalter.pdf", [x[:55] for x in left], [x[:55] for x in right], "Två spalter")
    lines = [line.text for line in read_lines(path) if line.text.strip()]
    assert lines.index(left[-1][:55].strip()) < lines.index(right[0][:55].strip())
    assert [t for t in lines if t in {x[:55].strip() for x in left}] == [x[:55].strip() for x in left]


def test_scanned_pages_are_named_when_tesseract_is_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    path = make_partly_scanned_pdf(tmp_path / "skannad.pdf", PAGES, scanned={2, 3})
    lines = read_lines(path)
    assert lines.unread.startswith("pages 2–3 not indexed: no text layer (scanned)")  # type: ignore[attr-defined]
    assert "tesseract" in lines.unread  # type: ignore[attr-defined]
    assert {line.page for line in lines if line.text.strip()} == {1, 4}
    # Only scanned pages: nothing to index, and the reason names them.
    path = make_partly_scanned_pdf(tmp_path / "helt.pdf", PAGES[:2], scanned={1, 2})
    with pytest.raises(UnreadableFile) as caught:
        read_lines(path)
    assert caught.value.reason.startswith("pages 1–2: no text layer (scanned)")


@pytest.mark.skipif(not ocr.available(), reason="tesseract with its Swedish model is not installed")
def test_scanned_pages_are_read_by_ocr(tmp_path):
    path = make_partly_scanned_pdf(tmp_path / "skannad.pdf", PAGES, scanned={2, 3})
    lines = read_lines(path)
    assert lines.ocr_pages == (2, 3)  # type: ignore[attr-defined]
    text = {line.page: "" for line in lines}
    for line in lines:
        text[line.page] += line.text + " "
    assert "Primärvården och Specialistsjukvården ansvarar" in text[2]
    assert "Individuell patientöversikt" in text[3]
    assert "Det övergripande målet" in text[1]


def test_ingest_indexes_the_text_pages_and_names_the_scanned_ones(tmp_path, monkeypatch, fake_embedder):
    from plansearch.config import Settings
    from plansearch.ingest.pipeline import ingest as run_ingest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_partly_scanned_pdf(corpus / "skannad.pdf", PAGES, scanned={2, 3})
    (corpus / "skannad.text.pdf").unlink()
    monkeypatch.setattr(ocr, "available", lambda: False)
    settings = Settings.from_env(environ={}, corpus_dir=corpus, index_dir=tmp_path / "index")
    for run in range(2):  # and again when the document is kept from the last index unread
        report = run_ingest(settings, embedder=fake_embedder)
        assert report.up_to_date == (run == 1)
        assert report.documents == 1
        [skipped] = report.skipped
        assert skipped.path.endswith("skannad.pdf") and skipped.reason.startswith("pages 2–3 not indexed")

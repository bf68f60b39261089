"""Word, web and Markdown documents (issue 17): headings become sections, every table row a
table_row passage with its column names, lists stay lists, page chrome is dropped, titles are
right, and a file that cannot be read is skipped with its reason while the rest is indexed."""

from __future__ import annotations

import json

import docx
import pytest
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement, parse_xml

from conftest import CORPUS
from plansearch.errors import UnreadableFile
from plansearch.ingest.catalog import describe
from plansearch.ingest.chunk import chunk_document
from plansearch.ingest.clean import clean_document
from plansearch.ingest.discover import collect_files
from plansearch.ingest.pipeline import ingest
from plansearch.ingest.read import read_source
from plansearch.ingest.tables import tab_cells
from plansearch.server.document_view import TableBlock, TextBlock, document_view
from plansearch.store.index import load_index

GAVLEBORG = CORPUS / "handlingsplan-gavleborg-2025-2027.txt"


def action_plan_table(rows: int = 3) -> list[list[str]]:
    """Gävleborg's seven-column action-plan table as the shipped text has it: header and rows."""
    lines = GAVLEBORG.read_text(encoding="utf-8").splitlines()
    start = lines.index("Aktivitet\tHur?\tVem?\tNär?\tAnsvarig\tUppföljning\tTidsram")
    table = [tab_cells(lines[start])]
    for line in lines[start + 1 :]:
        cells = tab_cells(line)
        if len(cells) != 7 or not cells[0]:
            break
        table.append(cells)
    assert len(table) > rows
    return table[: rows + 1]


def passages_of(path):
    """The passages of one file, read, cleaned and chunked as the ingest does."""
    source = read_source(path)
    meta = describe(path, "", None, source.lines, source.title)
    document = clean_document(meta, source.lines)
    return meta, document, chunk_document(document)


def make_minutes(path, title="Minnesanteckningar RPO cancer 2025-02-04"):
    """Minutes as a secretary writes them in Word: a title, a form table, headings, a numbered
    decision list, a bulleted list and the action-plan table (with a merged cell and an empty row)."""
    document = docx.Document()
    document.core_properties.title = title
    document.add_paragraph("Minnesanteckningar RPO cancer", style="Title")
    form = document.add_table(rows=2, cols=2)
    for row, (label, value) in zip(form.rows, [("Datum", "2025-02-04"), ("Plats", "Teams")], strict=True):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_heading("Mötets öppnande", level=1)
    document.add_paragraph("Ordföranden hälsade alla välkomna")  # short and without a full stop
    document.add_heading("Beslut", level=1)
    document.add_paragraph("Mötet beslutade:")
    for text in ["att anta dagordningen", "att godkänna handlingsplanen för 2025", "att utse Anna Berg till justerare"]:
        document.add_paragraph(text, style="List Number")
    document.add_heading("Handlingsplan", level=2)
    document.add_paragraph("Närvarande regioner:")
    for text in ["Region Gävleborg", "Region Uppsala"]:
        document.add_paragraph(text, style="List Bullet")
    grid = action_plan_table()
    table = document.add_table(rows=len(grid) + 1, cols=7)
    for r, cells in enumerate(grid):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
    # The time frame is merged over the last two rows, as Word tables often have it.
    table.cell(len(grid) - 2, 6).merge(table.cell(len(grid) - 1, 6))
    table.cell(len(grid) - 2, 6).text = "2025–2027"
    last = document.add_paragraph("Nästa möte hålls den ")
    # Unaccepted tracked changes: the inserted date is read, the deleted one is not.
    last._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="S"><w:r><w:delText>3 mars</w:delText></w:r></w:del>'))
    last._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="S"><w:r><w:t>4 mars</w:t></w:r></w:ins>'))
    last.add_run(".")
    document.save(path)
    return grid


def test_word_minutes_become_sections_lists_and_table_rows(tmp_path):
    path = tmp_path / "minnesanteckningar.docx"
    grid = make_minutes(path)
    meta, document, passages = passages_of(path)
    assert meta.title == "Minnesanteckningar RPO cancer 2025-02-04"
    sections = {p.section for p in passages}
    assert {"Mötets öppnande", "Beslut", "Beslut › Handlingsplan"} <= sections
    # A short paragraph under a styled heading is text, not a heading of its own.
    opening = next(p for p in passages if "hälsade" in p.text)
    assert opening.section == "Mötets öppnande" and opening.kind == "paragraph"
    decisions = next(p for p in passages if "dagordningen" in p.text)
    assert decisions.kind == "list" and decisions.section == "Beslut"
    assert decisions.text.splitlines() == [
        "Beslut",  # a passage opens with the heading it stands under
        "Mötet beslutade:",
        "1) att anta dagordningen",
        "2) att godkänna handlingsplanen för 2025",
        "3) att utse Anna Berg till justerare",
    ]
    regions = next(p for p in passages if "Region Uppsala" in p.text)
    assert regions.kind == "list" and "- Region Gävleborg" in regions.text
    # The form table at the top is labels and values, not a table with "Datum" and "2025-02-04" as columns.
    assert passages[0].text == "Minnesanteckningar RPO cancer\nDatum: 2025-02-04 Plats: Teams"
    rows = [p for p in passages if p.kind == "table_row"]
    assert len(rows) == len(grid) - 1
    columns = grid[0]
    for row, cells in zip(rows, grid[1:], strict=True):
        assert [name for name, _ in row.fields] == columns
        assert row.section == "Beslut › Handlingsplan"
        assert row.text.startswith(f"Aktivitet: {cells[0]} | Hur?: {cells[1]}")
        assert "| Tidsram: 2025–2027" in row.text  # the merged cell in each row it covers
    assert passages[-1].text == "Nästa möte hålls den 4 mars."


def test_word_title_from_the_title_style_when_the_properties_hold_a_placeholder(tmp_path):
    path = tmp_path / "protokoll.docx"
    make_minutes(path, title="Dokument1")
    meta, _, _ = passages_of(path)
    assert meta.title == "Minnesanteckningar RPO cancer"


def test_word_file_opening_with_a_table_takes_no_title_from_it(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for r, cells in enumerate([("Aktivitet", "Ansvarig", "Tidsram"), ("Utbilda", "RCC", "2025")]):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
    document.add_paragraph("Uppföljning av handlingsplanen")
    path = tmp_path / "uppfoljning.docx"
    document.save(path)
    assert passages_of(path)[0].title == "Uppföljning av handlingsplanen"


def test_word_headings_from_swedish_styles_outline_levels_and_bold_lines(tmp_path):
    document = docx.Document()
    styles = document.styles
    rubrik = styles.add_style("Rubrik 2", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    rubrik.base_style = styles["Normal"]
    styles.add_style("toc 1", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Inledning\t3", style="toc 1")  # a table of contents, as Word writes one
    document.add_heading("Inledning", level=1)
    document.add_paragraph("Kapitlet beskriver planen.")
    document.add_paragraph("Bakgrund", style="Rubrik 2")
    document.add_paragraph("Cancervården har förändrats.")
    outlined = document.add_paragraph("Syfte")
    p_pr = outlined._p.get_or_add_pPr()
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), "1")
    p_pr.append(level)
    document.add_paragraph("Syftet är att samordna.")
    bold = document.add_paragraph()
    bold.add_run("§ 4 Ekonomi").bold = True
    document.add_paragraph("Budgeten hålls.")
    path = tmp_path / "rubriker.docx"
    document.save(path)
    _, _, passages = passages_of(path)
    by_text = {p.text.splitlines()[-1]: p.section for p in passages}
    assert by_text["Kapitlet beskriver planen."] == "Inledning"
    assert by_text["Cancervården har förändrats."] == "Inledning › Bakgrund"
    assert by_text["Syftet är att samordna."] == "Inledning › Syfte"
    # A bold line is one level below the last styled heading.
    assert by_text["Budgeten hålls."] == "Inledning › Syfte › § 4 Ekonomi"
    assert not any("Inledning 3" in p.text or "Inledning\t3" in p.text for p in passages)


def test_word_table_with_a_merged_header_and_no_header_row(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "Område"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Ansvarig"
    for r, cells in enumerate([["Screening", "RCC", "Regionerna"], ["Rehabilitering", "Regionerna", "Regionerna"]], 1):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
    numbers = document.add_table(rows=2, cols=3)
    for r, cells in enumerate([["2023", "412", "15 %"], ["2024", "430", "17 %"]]):
        for c, value in enumerate(cells):
            numbers.cell(r, c).text = value
    path = tmp_path / "tabeller.docx"
    document.save(path)
    _, _, passages = passages_of(path)
    rows = [p for p in passages if p.kind == "table_row"]
    assert [r.text for r in rows] == [
        "Område: Screening | Ansvarig: RCC Regionerna",
        "Område: Rehabilitering | Ansvarig: Regionerna",
        "Kolumn 1: 2023 | Kolumn 2: 412 | Kolumn 3: 15 %",
        "Kolumn 1: 2024 | Kolumn 2: 430 | Kolumn 3: 17 %",
    ]


def test_word_two_column_tables_form_or_table_by_their_bold_header(tmp_path):
    document = docx.Document()
    form = document.add_table(rows=2, cols=2)
    for row, cells in zip(form.rows, [("Ordförande", "Anna Berg"), ("Sekreterare", "Per Ek")], strict=True):
        row.cells[0].text, row.cells[1].text = cells
    table = document.add_table(rows=3, cols=2)
    for r, cells in enumerate([("Mål", "Mått"), ("Kortare väntetider", "Ledtid i SVF"), ("Fler i screening", "Täckningsgrad")]):
        for c, value in enumerate(cells):
            table.cell(r, c).paragraphs[0].add_run(value).bold = r == 0
    path = tmp_path / "tva.docx"
    document.save(path)
    _, _, passages = passages_of(path)
    assert passages[0].text == "Ordförande: Anna Berg Sekreterare: Per Ek"
    assert [p.text for p in passages if p.kind == "table_row"] == [
        "Mål: Kortare väntetider | Mått: Ledtid i SVF",
        "Mål: Fler i screening | Mått: Täckningsgrad",
    ]


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"PK\x03\x04 trasig zip", "damaged Word file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64, "password-protected"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\x00" * 64, "old Word file (.doc)"),
        (None, "no text in the file"),
    ],
)
def test_unreadable_word_files_name_the_reason(tmp_path, content, reason):
    path = tmp_path / "trasig.docx"
    if content is None:
        docx.Document().save(path)  # a new, empty document
    else:
        path.write_bytes(content)
    with pytest.raises(UnreadableFile) as caught:
        read_source(path)
    assert reason in caught.value.reason


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"<p>abc\x00def</p>" + bytes(range(256)), "binary data"),
        (b"<html><head><title>Tom</title><script>var x = 1;</script></head><body></body></html>", "no text"),
    ],
)
def test_unreadable_web_pages_name_the_reason(tmp_path, content, reason):
    path = tmp_path / "sida.html"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile) as caught:
        read_source(path)
    assert reason in caught.value.reason


def test_a_broken_word_file_is_skipped_and_the_rest_indexed(tmp_path, settings_for, fake_embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_minutes(corpus / "minnen.docx")
    (corpus / "trasig.docx").write_bytes(b"PK\x03\x04 inte en hel fil")
    (corpus / "~$minnen.docx").write_bytes(b"\x00lock")  # Word's lock file beside an open document
    (corpus / "sida.html").write_text("<title>Sida</title><p>Screening av tjocktarmscancer.</p>", encoding="utf-8")
    report = ingest(settings_for(corpus), embedder=fake_embedder)
    assert report.documents == 2
    assert [(s.path.rsplit("/", 1)[-1], "damaged Word file" in s.reason) for s in report.skipped] == [("trasig.docx", True)]
    index = load_index(settings_for(corpus).index_dir)
    assert any(p.kind == "table_row" and p.doc_id == "minnen" for p in index.passages)
    assert any("tjocktarmscancer" in p.text for p in index.passages)


def test_collect_files_finds_word_and_web_files(tmp_path):
    for name in ["a.docx", "b.html", "c.HTM", "d.txt", "e.doc", "~$a.docx"]:
        (tmp_path / name).write_bytes(b"x")
    files, _ = collect_files([tmp_path])
    assert sorted(f.name for f in files) == ["a.docx", "b.html", "c.HTM", "d.txt"]


def test_unsupported_type_names_the_formats(tmp_path):
    path = tmp_path / "gammal.doc"
    path.write_bytes(b"x")
    with pytest.raises(UnreadableFile, match=r"use \.txt, \.md, \.pdf, \.docx, \.html or \.htm"):
        read_source(path)


PAGE = """<!DOCTYPE html>
<html lang="sv"><head><meta charset="windows-1252">
<title>Handlingsplan för cancervården | Region Gävleborg</title>
<style>p { color: red }</style><script>var meny = "<p>Skriptets text</p>";</script></head>
<body>
<header><nav><ul><li><a href="/">Startsida</a><li>Kontakta oss</ul></nav><p>Sök på webbplatsen</p></header>
<main><article><header><h1>Handlingsplan för cancervården</h1></header>
<p>Region Gävleborg arbetar med <strong>cancervården</strong> i hela länet.<br>Planen gäller 2025–2027.
<h2>Aktiviteter</h2>
<p>Planen omfattar följande:
<ol><li>Utbildning av kontaktsjuksköterskor<li>Uppföljning i kvalitetsregister</ol>
<table><thead><tr><th>Aktivitet<th>Ansvarig<th>Tidsram</thead>
<tr><td>Utbilda personal i samtal om levnadsvanor<td rowspan=2>RCC Mellansverige<td>2025
<tr><td>Följa upp täckningsgraden i registret<td>2026
<tr><td><td><td>
</table>
<aside>Läs också om screening</aside>
<h2>Ordlista</h2>
<dl><dt>KSSK<dd>Kontaktsjuksköterska</dl>
</article></main>
<footer><p>Region Gävleborg, 801 88 Gävle</p></footer>
</body></html>
"""


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig", "utf-8"])
def test_web_page_keeps_content_and_drops_chrome(tmp_path, encoding):
    path = tmp_path / "handlingsplan.html"
    text = PAGE if encoding == "cp1252" else PAGE.replace('<meta charset="windows-1252">', "")
    path.write_bytes(text.encode(encoding))
    meta, document, passages = passages_of(path)
    assert meta.title == "Handlingsplan för cancervården"
    for chrome in ["Startsida", "Kontakta oss", "Sök på webbplatsen", "Skriptets text", "color", "Läs också", "801 88"]:
        assert chrome not in document.text
    intro = passages[0]
    assert intro.section == "Handlingsplan för cancervården"
    assert "Region Gävleborg arbetar med cancervården i hela länet." in intro.text
    assert document.text.count("länet.\nPlanen gäller") == 1  # <br> keeps its line break
    listing = next(p for p in passages if p.kind == "list")
    assert listing.section == "Handlingsplan för cancervården › Aktiviteter"
    assert listing.text.splitlines()[-2:] == ["1) Utbildning av kontaktsjuksköterskor", "2) Uppföljning i kvalitetsregister"]
    rows = [p for p in passages if p.kind == "table_row"]
    assert [r.text for r in rows] == [
        "Aktivitet: Utbilda personal i samtal om levnadsvanor | Ansvarig: RCC Mellansverige | Tidsram: 2025",
        "Aktivitet: Följa upp täckningsgraden i registret | Ansvarig: RCC Mellansverige | Tidsram: 2026",
    ]
    assert any(p.text.endswith("KSSK: Kontaktsjuksköterska") and p.section.endswith("Ordlista") for p in passages)


def test_web_layout_table_is_read_as_text_not_as_rows(tmp_path):
    path = tmp_path / "gammal.html"
    path.write_text(
        "<table><tr><td><h1>Cancerplan</h1><p>Planen beskriver målen.</p></td>"
        "<td><h2>Kontakt</h2><p>Ring växeln.</p></td></tr>"
        "<tr><td><table><tr><th>Mål<th>Mått<tr><td>Väntetider<td>Ledtid</table></td><td></td></tr></table>",
        encoding="utf-8",
    )
    _, _, passages = passages_of(path)
    assert [(p.kind, p.section, p.text) for p in passages] == [
        ("paragraph", "Cancerplan", "Cancerplan\nPlanen beskriver målen."),
        ("paragraph", "Cancerplan › Kontakt", "Kontakt\nRing växeln."),
        ("table_row", "Cancerplan › Kontakt", "Mål: Väntetider | Mått: Ledtid"),
    ]


def test_web_page_title_from_title_element_and_first_heading(tmp_path):
    path = tmp_path / "a.html"
    path.write_text("<html><head><title>Cancerplan 2025</title></head><body><p>Text om planen.</p></body></html>", encoding="utf-8")
    assert passages_of(path)[0].title == "Cancerplan 2025"
    path.write_text("<html><body><div><h1>Vårdprogram</h1><p>Text.</p></div></body></html>", encoding="utf-8")
    assert passages_of(path)[0].title == "Vårdprogram"


MARKDOWN = """# Handlingsplan

Inledande text om planen.

## Screening
Aktiviteter för screening:
| Aktivitet | Ansvarig | Tidsram |
|:----------|:--------:|--------:|
| Öka **täckningsgraden** i screeningprogrammen | *RCC Mellansverige* | 2025–2027 |
| Utbilda i `NOGA` \\| ärftlig cancer | [Regionerna](https://example.se/regioner) | Fortlöpande |
|  |  |  |

Text efter tabellen.

Mål | Mått
---|---
Kortare väntetider | Ledtid i SVF
"""


def test_markdown_emphasis_goes_and_an_ordered_list_stays_a_list(tmp_path):
    path = tmp_path / "riktlinje.md"
    path.write_text(
        "# Riktlinje för kontaktsjuksköterskor\n\n## Uppgifter\n\nKontaktsjuksköterskan ska:\n\n"
        "1. Genomföra bedömning med *Hälsoskattning* vid första besöket.\n"
        "2. Upprätta **Min vårdplan** tillsammans med patienten.\n"
        "3. Vara tillgänglig för `frågor` under behandlingen.\n",
        encoding="utf-8",
    )
    _, document, passages = passages_of(path)
    assert "*" not in document.text and "`" not in document.text
    assert "Genomföra bedömning med Hälsoskattning vid första besöket." in document.text
    listed = [p for p in passages if "Min vårdplan" in p.text]
    assert listed and listed[0].kind == "list" and listed[0].section == "Riktlinje för kontaktsjuksköterskor › Uppgifter"
    assert all(f"{n})" in listed[0].text for n in (1, 2, 3))


def test_a_continued_tab_table_keeps_its_names_when_its_first_row_looks_like_a_header(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(
        "Handlingsplan Region Test 2025\n\nÅtgärder\n\nAktivitet\tAnsvarig\tTidsram\n"
        "Införa digital remiss\tPrimärvården\t2025\nUtbilda personal i SVF\tRCC Mitt\t2026\n"
        "\fHandlingsplan Region Test 2025\nFölja upp ledtider\tKvalitetsrådet\tLöpande\nRevidera planen\tStyrgruppen\t2027\n",
        encoding="utf-8",
    )
    _, _, passages = passages_of(path)
    rows = [p for p in passages if p.kind == "table_row"]
    assert [dict(p.fields).get("Aktivitet") for p in rows] == [
        "Införa digital remiss", "Utbilda personal i SVF", "Följa upp ledtider", "Revidera planen"]
    assert all([n for n, _ in p.fields] == ["Aktivitet", "Ansvarig", "Tidsram"] for p in rows)


def test_markdown_pipe_tables_become_rows_with_their_column_names(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    _, document, passages = passages_of(path)
    rows = [p for p in passages if p.kind == "table_row"]
    assert [r.text for r in rows] == [
        "Aktivitet: Öka täckningsgraden i screeningprogrammen | Ansvarig: RCC Mellansverige | Tidsram: 2025–2027",
        "Aktivitet: Utbilda i NOGA | ärftlig cancer | Ansvarig: Regionerna (https://example.se/regioner) | Tidsram: Fortlöpande",
        "Mål: Kortare väntetider | Mått: Ledtid i SVF",
    ]
    assert all(r.section == "Handlingsplan › Screening" for r in rows)
    assert not any("|---" in p.text or "| Aktivitet" in p.text for p in passages)
    # The table is shown as a table: its Markdown header and rule are not shown as text.
    blocks = document_view(document, passages, None, None)
    tables = [b for b in blocks if isinstance(b, TableBlock)]
    assert [t.columns for t in tables] == [["Aktivitet", "Ansvarig", "Tidsram"], ["Mål", "Mått"]]
    shown = "".join(t for b in blocks if isinstance(b, TextBlock) for t, _ in b.pieces)
    assert "| Aktivitet" not in shown and "---" not in shown


def test_tab_table_after_a_page_break_keeps_its_column_names(tmp_path):
    def rows(numbers, who):
        return "\n".join(f"Aktivitet {k} om {who}\t{who}\t2025–2027" for k in numbers)

    first = (
        "2.1 Patienter och närstående\n\nDet övergripande målet är en personcentrerad cancervård.\n\n"
        "Aktivitet\tAnsvarig\tTidsram\n" + rows([1, 2], "RCC") + "\n\nRegion Gävleborg\n1"
    )
    repeated = "Handlingsplan 2025–2027\n\nAktivitet\tAnsvarig\tTidsram\n" + rows([3], "Regionerna") + "\n\nRegion Gävleborg\n2"
    bare = "Handlingsplan 2025–2027\n\n" + rows([4, 5], "Kommunerna") + "\n\n2.2 Screening\n\nScreening erbjuds alla.\n"
    path = tmp_path / "plan.txt"
    path.write_text(first + "\f" + repeated + "\f" + bare, encoding="utf-8")
    _, _, passages = passages_of(path)
    table = [p for p in passages if p.kind == "table_row"]
    assert [p.text.split(" | ")[0] for p in table] == [f"Aktivitet: Aktivitet {k} om {w}" for k, w in
                                                       [(1, "RCC"), (2, "RCC"), (3, "Regionerna"), (4, "Kommunerna"), (5, "Kommunerna")]]
    assert all([n for n, _ in p.fields] == ["Aktivitet", "Ansvarig", "Tidsram"] for p in table)
    assert all(p.section == "2.1 Patienter och närstående" for p in table)
    assert [p.page for p in table] == [1, 1, 2, 3, 3]


def test_a_headerless_tab_table_on_the_same_page_is_not_given_another_tables_names(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(
        "Aktivitet\tAnsvarig\tTidsram\nUtbilda\tRCC\t2025\n\nMellan tabellerna.\n\n2023\t412\t15 %\n2024\t430\t17 %\n",
        encoding="utf-8",
    )
    _, _, passages = passages_of(path)
    assert [p.text for p in passages if p.kind == "table_row"][1:] == [
        "Kolumn 1: 2023 | Kolumn 2: 412 | Kolumn 3: 15 %",
        "Kolumn 1: 2024 | Kolumn 2: 430 | Kolumn 3: 17 %",
    ]


@pytest.mark.slow
def test_word_web_and_markdown_files_are_searchable_from_the_command_line(tmp_path):
    """End to end with the bundled model: ingest a tiny corpus with a broken file, then search."""
    from click.testing import CliRunner

    from plansearch.cli import EXIT_SKIPPED, cli

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_minutes(corpus / "minnesanteckningar.docx")
    (corpus / "handlingsplan.html").write_bytes(PAGE.encode("cp1252"))
    (corpus / "plan.md").write_text(MARKDOWN, encoding="utf-8")
    (corpus / "trasig.docx").write_bytes(b"PK\x03\x04 inte en hel fil")
    index = str(tmp_path / "index")
    runner = CliRunner()
    result = runner.invoke(cli, ["--index", index, "--corpus", str(corpus), "ingest"], catch_exceptions=False)
    assert result.exit_code == EXIT_SKIPPED
    assert "trasig.docx" in result.stderr and "damaged Word file" in result.stderr
    result = runner.invoke(
        cli, ["--index", index, "search", "Vem följer upp täckningsgraden i registret?", "-k", "3", "--json"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    hits = hits.get("results", hits) if isinstance(hits, dict) else hits
    top = hits[0]
    assert top["kind"] == "table_row" and "Ansvarig: RCC Mellansverige" in top["text"]
    assert top["title"] == "Handlingsplan för cancervården"

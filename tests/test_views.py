"""What the pages make of passages, without a server: query words marked by the analyser, tables
as tables with the cited cell marked, highlights in whole words."""

from __future__ import annotations

import pytest

from plansearch.answer.citations import cite, word_range
from plansearch.ingest.tables import render
from plansearch.models import Document, DocumentMeta, Passage
from plansearch.server.document_view import TableBlock, TextBlock, cell_offsets, document_view
from plansearch.server.terms import TermMarker, same_word
from plansearch.text.analyzer import Analyzer

CORPUS_WORDS = [
    "Teledermatoskopi har införts. Teledermatoskopiverksamheten ska fungera.",
    "Verksamheten och vårdcentralerna följer upp planen.",
]


def marked(pieces) -> list[str]:
    return [text for text, is_marked in pieces if is_marked]


@pytest.mark.parametrize(
    "query, text, expected",
    [
        ("teledermatoskopi", "Teledermatoskopin används; teledermatoskopiverksamheten växer.",
         ["Teledermatoskopin", "teledermatoskopiverksamheten"]),
        ("teledermatoskopin", "Teledermatoskopi har införts.", ["Teledermatoskopi"]),  # and the other way round
        ("Vem ansvarar för planen?", "Planen och planerna, men inte planering.", ["Planen", "planerna"]),
        ("vårdcentralerna", "Vardcentralen i byn", ["Vardcentralen"]),  # å/ä/ö folded
        ("för och av", "för och av", []),  # stop words mark nothing
    ],
)
def test_the_query_words_are_marked_whole_with_inflections_and_compounds(query, text, expected):
    marker = TermMarker(Analyzer.from_texts(CORPUS_WORDS), query)
    pieces = marker.pieces(text)
    assert "".join(t for t, _ in pieces) == text
    assert marked(pieces) == expected


def test_an_inflection_ending_makes_the_same_word_only_after_a_long_enough_stem():
    assert same_word("teledermatoskopi", "teledermatoskopin")
    assert same_word("region", "regionens")
    assert not same_word("rad", "rader")  # too short to tell
    assert not same_word("cancer", "cancerplan")  # a compound is not an inflection


# -- documents ----------------------------------------------------------------------------------

HEADER = "Aktivitet\tAnsvarig\tTidsram"
LINES = [
    ("Införa teledermatoskopi", "Primärvården", "2025"),
    ("Utbilda personal i bedömning", "Verksamhetschefen", "2026"),
]


def table_document() -> tuple[Document, list[Passage]]:
    """A paragraph, a tab table of two rows under its header line, and a paragraph after it."""
    intro = "Planen gäller vårdcentralerna. Den följs upp varje år."
    after = "Efter tabellen kommer mer text om uppföljningen."
    rows = ["\t".join(cells) for cells in LINES]
    text = f"{intro}\n\n{HEADER}\n{rows[0]}\n{rows[1]}\n\n{after}"
    meta = DocumentMeta("plan", "Planen", "plan.txt")
    passages = [Passage("plan:0", "plan", 0, intro, "", None, "paragraph", 0, len(intro))]
    at = text.index(rows[0])
    for n, (line, cells) in enumerate(zip(rows, LINES, strict=True), 1):
        fields = tuple(zip(("Aktivitet", "Ansvarig", "Tidsram"), cells, strict=True))
        passages.append(Passage(f"plan:{n}", "plan", n, render(fields), "", None, "table_row", at, at + len(line), "sv", fields))
        at += len(line) + 1
    start = text.index(after)
    passages.append(Passage("plan:3", "plan", 3, after, "", None, "paragraph", start, start + len(after)))
    return Document(meta, text), passages


def test_table_rows_become_one_table_and_the_header_line_gives_way_to_its_header():
    doc, passages = table_document()
    blocks = document_view(doc, passages, None, None)
    assert [type(b) for b in blocks] == [TextBlock, TableBlock, TextBlock]
    table = blocks[1]
    assert table.columns == ["Aktivitet", "Ansvarig", "Tidsram"]
    assert [[t for cell in row.cells for t, _ in cell] for row in table.rows] == [list(cells) for cells in LINES]
    shown = "".join(t for b in blocks if isinstance(b, TextBlock) for t, _ in b.pieces)
    assert HEADER not in shown and "\t" not in shown
    assert shown.startswith("Planen gäller") and shown.endswith("uppföljningen.")


def test_the_cited_cell_is_marked_and_nothing_else():
    doc, passages = table_document()
    row = passages[2]
    start = row.text.index("Verksamhetschefen")
    table = document_view(doc, passages, row, (start, start + len("Verksamhetschefen")))[1]
    assert isinstance(table, TableBlock)
    first, second = table.rows
    assert not first.cited and all(role == "" for cell in first.cells for _, role in cell)
    assert second.cited and not second.whole
    assert second.cells[1] == [("Verksamhetschefen", "hit")]
    assert [role for cell in (second.cells[0], second.cells[2]) for _, role in cell] == ["", ""]


def test_a_row_cited_without_a_range_is_marked_whole():
    doc, passages = table_document()
    table = document_view(doc, passages, passages[1], None)[1]
    assert table.rows[0].cited and table.rows[0].whole


def test_a_range_that_cuts_a_word_marks_the_whole_word_in_a_cell_and_in_running_text():
    doc, passages = table_document()
    row = passages[2]
    start = row.text.index("personal") + 2  # "rsonal i bedö"
    table = document_view(doc, passages, row, (start, start + 12))[1]
    assert [t for t, role in table.rows[1].cells[0] if role == "hit"] == ["personal i bedömning"]
    paragraph = passages[0]
    pieces = document_view(doc, passages, paragraph, (3, 9))[0].pieces  # "nen gä"
    assert [t for t, role in pieces if role == "hit"] == ["Planen gäller"]


def test_cell_offsets_follow_the_rendering_of_ingest_and_refuse_another_text():
    fields = (("Aktivitet", "Införa"), ("Vem?", ""), ("Ansvarig", "Regionerna"))
    passage = Passage("p:1", "p", 1, render(fields), "", None, "table_row", 0, 10, "sv", fields)
    offsets = cell_offsets(passage)
    assert offsets is not None
    assert [passage.text[a:b] for a, b in offsets] == ["Införa", "", "Regionerna"]
    other = Passage("p:1", "p", 1, "Aktivitet: Införa; Ansvarig: Regionerna", "", None, "table_row", 0, 10, "sv", fields)
    assert cell_offsets(other) is None


@pytest.mark.parametrize(
    "text, start, end, expected",
    [
        ("inom prisförhandlingar och avtal", 5, 8, "prisförhandlingar"),
        ("inom prisförhandlingar och avtal", 0, 7, "inom prisförhandlingar"),
        ("Cancersamordnaren ansvarar", 0, 16, "Cancersamordnaren"),
        ("Regionerna, RCC", 0, 10, "Regionerna"),  # already whole
        ("(IPÖ) är", 1, 4, "IPÖ"),
    ],
)
def test_a_highlight_is_widened_to_whole_words(text, start, end, expected):
    a, b = word_range(text, start, end)
    assert text[a:b] == expected


def test_a_cited_role_name_found_inside_a_longer_word_is_highlighted_whole():
    passage = Passage("p:0", "p", 0, "Ansvarig: cancersamordnaren i regionen", "", None, "table_row", 0, 38)
    citation = cite(1, passage, "Planen", "Cancersamordnare")
    start, end = citation.highlight
    assert passage.text[start:end] == "cancersamordnaren"


def test_a_row_without_cells_is_marked_in_the_running_text():
    doc, passages = table_document()
    bare = Passage("plan:9", "plan", 9, passages[0].text, "", None, "table_row", 0, len(passages[0].text))
    pieces = document_view(doc, [bare, *passages[1:]], bare, None)[0].pieces
    assert [t for t, role in pieces if role == "hit"] == [passages[0].text]

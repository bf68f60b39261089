"""Readers: text, markdown and PDF with page numbers; unreadable files refused with a reason."""

from __future__ import annotations

import pytest

from pdfs import HEADER, make_blank_pdf, make_encrypted_pdf, make_pdf
from plansearch.errors import UnreadableFile
from plansearch.ingest.clean import clean_document
from plansearch.ingest.read import read_lines
from plansearch.models import DocumentMeta

META = DocumentMeta(doc_id="test", title="Test", source="test")


def test_text_file_keeps_swedish_letters_and_tabs(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("Åtgärd\tVem?\nÖka täckningsgraden\tRegionerna\n", encoding="utf-8")
    lines = read_lines(path)
    assert lines[0].text == "Åtgärd\tVem?"
    assert lines[1].text == "Öka täckningsgraden\tRegionerna"
    assert all(line.page is None for line in lines)


def test_form_feeds_in_text_give_page_numbers(tmp_path):
    path = tmp_path / "paged.txt"
    path.write_text("sida ett\n\fsida två\n\fsida tre", encoding="utf-8")
    pages = {line.text: line.page for line in read_lines(path) if line.text}
    assert pages == {"sida ett": 1, "sida två": 2, "sida tre": 3}


def test_pdf_keeps_page_numbers_and_cleaning_removes_header_and_page_numbers(tmp_path):
    pdf = make_pdf(tmp_path / "handlingsplan.pdf")
    lines = read_lines(pdf)
    assert {line.page for line in lines} == {1, 2, 3, 4}
    # The PDF reader drops the running header (by position and repetition) as it reads.
    assert not any(line.text.strip() == HEADER for line in lines)

    doc = clean_document(META, lines)
    assert HEADER not in doc.text
    assert not any(line.strip() in {"1", "2", "3", "4"} for line in doc.text.splitlines())
    # The word split over a line end is joined again, and text keeps its page.
    assert "ackrediteringsarbetet" in doc.text
    offset = doc.text.index("Primärvården och Specialistsjukvården")
    assert doc.page_at(offset) == 2
    assert doc.page_at(doc.text.index("2.19 Barn och unga")) == 4


def test_markdown_is_read_as_text(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# Rubrik\n\nText med **fetstil**.\n", encoding="utf-8")
    assert [line.text for line in read_lines(path)][0] == "# Rubrik"


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("tom.txt", b"", "empty file"),
        ("tom.pdf", b"", "empty file"),
        ("skrap.txt", bytes(range(256)) * 40, "binary data"),
        ("nul.txt", b"Text med NUL\x00 mitt i", "NUL"),
        ("latin.txt", b"Giltig text och sedan \xff\xfe ogiltiga byte", "not UTF-8"),  # no Windows-1252 text either
        ("odefinierad.txt", b"V\xe5rdprogram \x81\x8d f\xf6r", "nor Windows-1252"),  # bytes 1252 does not define
        ("utf16.txt", b"\xff\xfe" + " \n\t\n".encode("utf-16-le"), "no text"),
        ("trasig.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrailer garbage", "corrupt PDF"),
        ("bild.png", b"\x89PNG\r\n", "unsupported file type"),
        ("blanksteg.txt", b"   \n\n  \t\n", "no text"),
    ],
)
def test_unreadable_files_name_the_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFile) as caught:
        read_lines(path)
    assert reason in caught.value.reason
    assert name in str(caught.value)


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "utf-32", "cp1252"],
)
def test_text_files_in_every_common_encoding_are_read(tmp_path, encoding):
    text = "Ansvarig: Regionerna – Tidsram 2025–2027\n\nVårdförloppet för Gävleborg, “säkert” • 15 %"
    path = tmp_path / "plan.txt"
    if encoding.endswith("-bom"):
        codec = encoding.removesuffix("-bom")
        path.write_bytes("\ufeff".encode(codec) + text.encode(codec))
    else:
        path.write_bytes(text.encode(encoding))  # Python's utf-16 and utf-32 write a byte-order mark
    assert "\n".join(line.text for line in read_lines(path)) == text


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_crlf_cr_and_lf_line_ends_give_the_same_lines(tmp_path, newline):
    path = tmp_path / "plan.txt"
    path.write_bytes(newline.join(["# Rubrik", "", "Första stycket.", "Andra raden."]).encode())
    assert [line.text for line in read_lines(path)] == ["# Rubrik", "", "Första stycket.", "Andra raden."]


def test_encrypted_pdf_is_refused(tmp_path):
    source = make_pdf(tmp_path / "plan.pdf")
    encrypted = make_encrypted_pdf(tmp_path / "låst plan.pdf", source)
    with pytest.raises(UnreadableFile, match="encrypted"):
        read_lines(encrypted)


def test_scanned_pdf_without_text_layer_is_refused(tmp_path):
    with pytest.raises(UnreadableFile, match="no text layer"):
        read_lines(make_blank_pdf(tmp_path / "skannad.pdf"))


def test_pdf_encrypted_only_for_printing_is_read(tmp_path):
    from pypdf import PdfReader, PdfWriter

    source = make_pdf(tmp_path / "plan.pdf")
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password="", owner_password="ägare", algorithm="RC4-128")
    path = tmp_path / "skyddad.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    assert any("teledermatoskopi" in line.text for line in read_lines(path))


def test_a_file_of_invisible_characters_only_is_skipped_with_a_reason(tmp_path, settings_for, fake_embedder):
    from plansearch.ingest.pipeline import ingest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "osynlig.txt").write_text("\u00ad\u200b\u2060\n\ufeff\n", encoding="utf-8")
    (corpus / "bra.txt").write_text("# Rubrik\n\nEn riktig text om screening i regionen.\n", encoding="utf-8")
    report = ingest(settings_for(corpus), embedder=fake_embedder)
    (skipped,) = report.skipped
    assert skipped.path.endswith("osynlig.txt") and "invisible characters" in skipped.reason

"""Characters in one form (text/unicode.py) for documents, questions, file names and catalogue entries."""

from __future__ import annotations

import unicodedata

import pytest

from plansearch.ingest.pipeline import ingest
from plansearch.search.searcher import Searcher
from plansearch.store.index import load_index
from plansearch.text.normalise import fold
from plansearch.text.unicode import normalise, rejoin_split_letters

NFD = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (NFD("Vårdförloppet"), "Vårdförloppet"),
        ("Om du h\u00a8ogerklickar p\u02daa en \ufb01gur", "Om du högerklickar på en figur"),  # LaTeX: mark first
        ("ha\u00a8lso- och sjukva\u02dard", "hälso- och sjukvård"),  # mark after its letter
        ("november /two.pnum/zero.pnum/one.pnum/nine.pnum", "november 2019"),
        ("/uni00E5rlig /f_inansiering", "årlig finansiering"),
        ("cancercentrum.se/samverkan/vara-uppdrag", "cancercentrum.se/samverkan/vara-uppdrag"),  # a path, not glyphs
        ("https://example.se/one/two/f_i.html", "https://example.se/one/two/f_i.html"),  # a link's path stays
        ("kon\u00adtakt\u200bsjuk\u2060sköterska\ufeff", "kontaktsjuksköterska"),
        ("e\ufb00ekt, \ufb02öde, e\ufb03cient, ba\ufb04e", "effekt, flöde, efficient, baffle"),
        ("10\u00a0000\u202fkr", "10 000 kr"),
        ("\uf0b7 Screening\n\x07 Uppföljning", "• Screening\n• Uppföljning"),
        ("text\x01med\x1fstyrtecken", "textmedstyrtecken"),
        ("Sverige\tÅr\n", "Sverige\tÅr\n"),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


def test_letters_split_by_a_stray_space_are_joined_only_where_no_word_is_split():
    # As pypdf reads Region Halland's PDF: every decomposed letter followed by a space, a real word
    # boundary after one is two spaces.
    lines = [
        "Ha\u0308 lso- och sjukva\u030a rden bo\u0308 r:",
        "• Erbjuda ra\u030a dgivande samtal till personer som ro\u0308 ker",
        "och ska genomga\u030a  en operation. Rekommendationer a\u0308",
        " r fo\u0308 renliga med riktlinjer. Sjukdomar ho\u0308 r till. Det a\u0308 r bra.",
    ]
    assert rejoin_split_letters(lines) == [
        "Hälso- och sjukvården bör:",
        "• Erbjuda rådgivande samtal till personer som röker",
        "och ska genomgå  en operation. Rekommendationer är",
        " förenliga med riktlinjer. Sjukdomar hör till. Det är bra.",
    ]


def test_a_decomposed_text_file_keeps_its_word_boundaries():
    # Saved decomposed (as macOS may): letters inside words, spaces are real.
    lines = [NFD("Vården ska erbjudas på en gång, två år i följd. Då går det.")]
    assert rejoin_split_letters(lines) == ["Vården ska erbjudas på en gång, två år i följd. Då går det."]


def test_upper_case_words_split_before_a_spacing_mark_are_joined_lower_case_words_are_not():
    lines = ["1 INSTRUKTIONER F \u00a8OR ANV \u00a8ANDANDE", "Instruktioner f\u00a8or anv\u00a8andande", "dokumentet \u00a8ar t\u00a8ankt"]
    assert rejoin_split_letters(lines) == ["1 INSTRUKTIONER FÖR ANVÄNDANDE", "Instruktioner för användande", "dokumentet är tänkt"]


def test_norwegian_and_danish_letters_fold_like_swedish():
    assert fold("før") == fold("för") == "for"
    assert fold("væg") == fold("väg") == "vag"


TEXT = (
    "# Psykosocialt stöd\n\n"
    "Kontaktsjuksköterskan erbjuder patienten rehabiliteringsplan och uppföljning efter behandlingen. "
    "Alla patienter ska få en aktuell vårdplan.\n\n"
    "# Övrigt\n\n"
    "Regionen finansierar screening för tjocktarmscancer från 2026.\n"
)


def _ingest(tmp_path, settings_for, fake_embedder, name: str, data: bytes, catalog: str = "") -> Searcher:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / name).write_bytes(data)
    if catalog:
        (corpus / "catalog.toml").write_text(catalog, encoding="utf-8")
    settings = settings_for(corpus, sparse=False)
    report = ingest(settings, embedder=fake_embedder)
    assert not report.skipped, report.skipped
    return Searcher(load_index(settings.index_dir), fake_embedder)


def _found(searcher: Searcher, question: str, needle: str) -> bool:
    return any(needle in hit.passage.text for hit in searcher.search(question, k=3, retriever="bm25"))


def test_a_decomposed_document_is_found_by_composed_decomposed_soft_hyphened_and_ligature_questions(
    tmp_path, settings_for, fake_embedder
):
    searcher = _ingest(tmp_path, settings_for, fake_embedder, "plan.txt", NFD(TEXT).encode())
    passages = searcher.index.passages
    assert all(p.text == unicodedata.normalize("NFC", p.text) for p in passages)
    asked = [
        ("Vem erbjuder rehabiliteringsplan?", "Kontaktsjuksköterskan"),  # composed
        (NFD("Vem erbjuder rehabiliteringsplan och uppföljning?"), "Kontaktsjuksköterskan"),  # decomposed
        ("Vad gör kontakt\u00adsjuksköterskan?", "Kontaktsjuksköterskan"),  # soft hyphen
        ("Vem \ufb01nansierar screening?", "finansierar"),  # ligature
    ]
    for question, needle in asked:
        assert _found(searcher, question, needle), question
    assert _found(searcher, NFD("tjocktarmscancer från 2026"), "tjocktarmscancer")


def test_soft_hyphens_and_ligatures_inside_document_words_are_found(tmp_path, settings_for, fake_embedder):
    text = TEXT.replace("rehabiliteringsplan", "rehabiliterings\u00adplan").replace("finansierar", "\ufb01nansierar")
    searcher = _ingest(tmp_path, settings_for, fake_embedder, "plan.md", text.encode())
    assert _found(searcher, "rehabiliteringsplan", "rehabiliteringsplan")
    assert _found(searcher, "vem finansierar screening", "finansierar screening")


def test_a_composed_catalogue_entry_matches_a_file_named_decomposed(tmp_path, settings_for, fake_embedder):
    catalog = '[[document]]\nfile = "vårdplan-jämtland.txt"\ntitle = "Vårdplan för Jämtland"\nkind = "cancerplan"\n'
    searcher = _ingest(tmp_path, settings_for, fake_embedder, NFD("vårdplan-jämtland.txt"), TEXT.encode(), catalog)
    (doc,) = searcher.index.documents.values()
    assert doc.meta.title == "Vårdplan för Jämtland"
    assert doc.meta.kind == "cancerplan"


def test_the_cli_finds_a_decomposed_document_by_a_question_with_a_soft_hyphen_or_a_ligature(tmp_path):
    import json

    from click.testing import CliRunner

    from plansearch.cli import cli

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / NFD("vårdplan.txt")).write_bytes(NFD(TEXT).encode())
    base = ["--index", str(tmp_path / "index"), "--corpus", str(corpus)]
    env = {"PLANSEARCH_SPARSE": "false"}
    assert CliRunner().invoke(cli, [*base, "ingest"], env=env).exit_code == 0
    asked = [
        (NFD("uppföljning efter behandlingen"), "uppföljning efter behandlingen"),
        ("rehabiliterings\u00adplan", "rehabiliteringsplan"),
        ("\ufb01nansierar", "finansierar"),
    ]
    for question, needle in asked:
        result = CliRunner().invoke(cli, [*base, "search", "--json", "--retriever", "bm25", "-k", "1", question], env=env)
        (record,) = json.loads(result.stdout)
        assert needle in record["text"], (question, record["text"])

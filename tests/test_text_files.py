"""Text files as regions save them (UTF-16 with a byte-order mark, Windows-1252, old Mac line ends)
go through the real ingest and are found by the real `plansearch search`."""

from __future__ import annotations

import json

from click.testing import CliRunner

from plansearch.cli import cli
from plansearch.ingest.pipeline import ingest
from plansearch.search.searcher import Searcher
from plansearch.store.index import load_index

TEXT = (
    "# Handlingsplan för Jämtland\r\n\r\n"
    "Regionen inför teledermatoskopi på alla vårdcentraler under 2026.\r\n"
    "Ansvarig är hälso- och sjukvårdsdirektören – uppföljning sker årligen.\r\n"
)


def _files() -> dict[str, bytes]:
    return {
        "utf16.txt": TEXT.replace("Jämtland", "Härjedalen").replace("teledermatoskopi", "lungcancerscreening").encode("utf-16"),
        "windows.txt": TEXT.replace("Jämtland", "Västernorrland").replace("teledermatoskopi", "prehabilitering").encode("cp1252"),
        "mac.txt": TEXT.replace("Jämtland", "Gotland").replace("teledermatoskopi", "egenmonitorering").replace("\r\n", "\r").encode(),
    }


def test_utf16_windows_1252_and_cr_files_are_ingested_with_their_letters_and_lines(tmp_path, settings_for, fake_embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, data in _files().items():
        (corpus / name).write_bytes(data)
    settings = settings_for(corpus, sparse=False)
    report = ingest(settings, embedder=fake_embedder)
    assert not report.skipped, report.skipped
    index = load_index(settings.index_dir)
    titles = {d.meta.source: d.meta.title for d in index.documents.values()}
    assert titles == {
        "utf16.txt": "Handlingsplan för Härjedalen",
        "windows.txt": "Handlingsplan för Västernorrland",
        "mac.txt": "Handlingsplan för Gotland",
    }
    assert all("\r" not in p.text and "\ufeff" not in p.text for p in index.passages)
    searcher = Searcher(index, fake_embedder)
    for word, source in (("lungcancerscreening", "utf16.txt"), ("prehabilitering", "windows.txt"), ("egenmonitorering", "mac.txt")):
        hit = searcher.search(f"Var införs {word}?", k=1, retriever="bm25")[0]
        assert index.documents[hit.passage.doc_id].meta.source == source
        assert "hälso- och sjukvårdsdirektören" in index.documents[hit.passage.doc_id].text


def test_the_cli_ingests_and_finds_them(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, data in _files().items():
        (corpus / name).write_bytes(data)
    runner = CliRunner()
    base = ["--index", str(tmp_path / "index"), "--corpus", str(corpus)]
    env = {"PLANSEARCH_SPARSE": "false"}
    result = runner.invoke(cli, [*base, "ingest"], env=env)
    assert result.exit_code == 0, result.output
    assert "Indexed 3 documents" in result.stderr
    result = runner.invoke(cli, [*base, "search", "--json", "--retriever", "bm25", "-k", "1", "prehabilitering"], env=env)
    (record,) = json.loads(result.stdout)
    assert record["title"] == "Handlingsplan för Västernorrland" and "årligen" in record["text"]

"""The command line on the real corpus with the real model."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from plansearch.cli import EXIT_SKIPPED, cli

pytestmark = pytest.mark.slow


def run(*args, env=None):
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result


def search_json(index_dir, query, k=5, *extra):
    result = run("--index", str(index_dir), "search", query, "-k", str(k), "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_search_json_has_the_documented_fields(real_index_dir):
    records = search_json(real_index_dir, "Vad står IPÖ för?")
    assert len(records) == 5
    for record in records:
        assert {"id", "doc_id", "title", "section", "page", "kind", "text", "score"} <= set(record)
        assert record["title"] and not record["title"].endswith(".txt")


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Vem ansvarar för kvalitetssäkringen av teledermatoskopi i Gävleborg?", "Primärvården Specialistsjukvården"),
        ("Vad står IPÖ för?", "Individuell patientöversikt"),
    ],
)
def test_search_finds_the_answer_in_the_top_five(real_index_dir, query, expected):
    assert any(expected in r["text"] for r in search_json(real_index_dir, query))


def test_search_prints_title_section_and_text(real_index_dir):
    result = run("--index", str(real_index_dir), "search", "När är nästa möte i RPO Cancer?", "-k", "3")
    assert result.exit_code == 0
    assert "Minnesanteckningar RPO Cancer" in result.stdout
    assert "9. Nästa möte" in result.stdout
    assert "8 april 2025" in result.stdout


def test_ingest_exit_status_tells_that_files_were_skipped(small_corpus, tmp_path):
    (small_corpus / "trasig.pdf").write_bytes(b"%PDF-1.4 broken")
    result = run("--index", str(tmp_path / "idx"), "--corpus", str(small_corpus), "ingest")
    assert result.exit_code == EXIT_SKIPPED
    assert "skipped:" in result.stderr and "trasig.pdf" in result.stderr and "corrupt PDF" in result.stderr
    assert "Indexed 2 documents" in result.stderr
    again = run("--index", str(tmp_path / "idx"), "--corpus", str(small_corpus), "ingest", str(small_corpus / "kort-plan.txt"))
    assert again.exit_code == 0


def test_search_without_index_builds_it_first(small_corpus, tmp_path):
    result = run("--index", str(tmp_path / "new"), "--corpus", str(small_corpus), "search", "teledermatoskopi")
    assert result.exit_code == 0
    assert "No index yet" in result.stderr
    assert "teledermatoskopi" in result.stdout


def test_errors_are_one_clear_line(tmp_path):
    result = run("--index", str(tmp_path / "none"), "--corpus", str(tmp_path / "missing"), "search", "x")
    assert result.exit_code == 1
    assert "Error: No index in" in result.stderr and "Traceback" not in result.stderr

"""The command line on the real corpus with the real model."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from conftest import ROOT
from plansearch.cli import EXIT_SKIPPED, cli
from servers import free_port

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
    assert "Det finns inget sökindex än; det byggs nu från" in result.stderr
    assert "Sökindexet är klart: 2 dokument" in result.stderr
    assert "teledermatoskopi" in result.stdout


def test_errors_are_one_clear_line(tmp_path):
    result = run("--index", str(tmp_path / "none"), "--corpus", str(tmp_path / "missing"), "search", "x")
    assert result.exit_code == 1
    assert "Error: No index in" in result.stderr and "Traceback" not in result.stderr


# -- issue 20: a first start that a non-developer can follow --------------------------------------


def test_ingest_off_a_terminal_prints_plain_swedish_progress_with_one_count(small_corpus, tmp_path, monkeypatch):
    monkeypatch.setattr("plansearch.progress.PLAIN_EVERY", 0.0)  # a line for every step, not every 5 s
    result = run("--index", str(tmp_path / "idx"), "--corpus", str(small_corpus), "ingest")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    passages = int(re.search(r"Indexed 2 documents, (\d+) passages", result.stderr).group(1))
    label = f"Förbereder sökning i {passages} avsnitt"
    assert lines[0] == "Läser 2 dokument…"
    assert lines[1] == label + "…"
    steps = [line for line in lines if re.match(rf"{label}: \d", line)]
    assert steps and all(re.fullmatch(rf"{label}: \d{{1,3}} %(, cirka .+ kvar)?\.", line) for line in steps)
    assert re.fullmatch(rf"{label}: klart efter .+ s\.", lines[lines.index(steps[-1]) + 1])
    assert "Sparar sökindexet…" in lines
    assert "\r" not in result.stderr and "Embedding" not in result.stderr and "embedded" not in result.stderr
    # One count a reader knows: the documents and the passages, nothing else (no model batches).
    progress = [line for line in lines if line.startswith(("Läser", "Förbereder"))]
    counts = {int(n) for line in progress for n in re.findall(r"\b(\d+) (?:dokument|avsnitt)", line)}
    assert counts == {2, passages}


def test_serve_builds_the_index_in_swedish_and_ends_with_the_url(small_corpus, tmp_path):
    port = free_port()
    command = [str(Path(sys.executable).parent / "plansearch"), "--index", str(tmp_path / "idx"),
               "--corpus", str(small_corpus), "serve", "--port", str(port)]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in server.stderr:
            lines.append(line.rstrip("\n"))
            if "plansearch är igång" in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        assert ready.wait(600), lines  # a bound for a loaded machine, not a speed requirement
        url = f"http://127.0.0.1:{port}/"
        assert lines[0].startswith("Det finns inget sökindex än; det byggs nu från")
        assert "Läser 2 dokument…" in lines
        said = [line for line in lines if not re.match(r"\d{4}-\d\d-\d\d ", line)]  # without log records
        assert said[-1] == f"plansearch är igång: öppna {url} i webbläsaren. Avsluta med Ctrl+C."
        assert said[-2] == "Startar servern…" and said[-3].startswith("Sökindexet är klart: 2 dokument, ")
        assert httpx.get(url).status_code == 200  # it does answer there
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_documents_without_a_catalogue_entry_print_no_empty_brackets(small_corpus, tmp_path):
    result = run("--index", str(tmp_path / "idx"), "--corpus", str(small_corpus), "documents")
    assert result.exit_code == 0
    assert "kort-plan" in result.stdout
    assert "(, )" not in result.stdout and "()" not in result.stdout


def test_eval_rewrites_the_report_only_when_asked(real_index_dir, tmp_path, monkeypatch):
    (tmp_path / "evaluation").mkdir()
    report = tmp_path / "evaluation" / "report.md"
    shutil.copy(ROOT / "evaluation" / "report.md", report)
    before = report.read_text(encoding="utf-8")
    qa = tmp_path / "qa.jsonl"
    qa.write_text(json.dumps({"id": "a", "question": "Vad står IPÖ för?", "evidence": ["Individuell patientöversikt"],
                              "category": "abbreviation"}, ensure_ascii=False) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    plain = run("--index", str(real_index_dir), "eval", "--qa", str(qa), "--retriever", "bm25")
    assert plain.exit_code == 0 and "| bm25 |" in plain.stdout
    assert report.read_text(encoding="utf-8") == before and "Updated" not in plain.stderr
    written = run("--index", str(real_index_dir), "eval", "--qa", str(qa), "--retriever", "bm25", "--write-report")
    assert written.exit_code == 0 and "Updated evaluation/report.md" in written.stderr
    after = report.read_text(encoding="utf-8")
    assert after != before and f"`plansearch eval --qa {qa}` (1 questions" in after

"""A corpus with nothing usable: one clear message and exit status 3, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import ROOT
from pdfs import make_blank_pdf
from plansearch.cli import EXIT_SKIPPED, cli


@pytest.fixture(params=["empty", "scanned"])
def unusable_corpus(request, tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    if request.param == "scanned":
        make_blank_pdf(folder / "skannad.pdf")
    return folder


@pytest.mark.parametrize(
    "command, words",
    [
        (["ingest"], ("No documents to index", "No usable documents")),
        (["search", "vårdplan"], ("Det finns inga dokument att söka i", "gick att använda")),
        (["serve", "--port", "1"], ("Det finns inga dokument att söka i", "gick att använda")),
        (["ask", "Vem ansvarar?"], ("Det finns inga dokument att söka i", "gick att använda")),
    ],
)
def test_each_command_exits_3_with_one_message(unusable_corpus, tmp_path, command, words):
    index = tmp_path / "index"
    result = CliRunner().invoke(cli, ["--index", str(index), "--corpus", str(unusable_corpus), *command])
    assert result.exit_code == EXIT_SKIPPED, result.output
    assert isinstance(result.exception, SystemExit)  # not an exception escaping the command
    messages = [line for line in result.stderr.splitlines() if any(w in line for w in words)]
    assert len(messages) == 1, result.stderr
    if (unusable_corpus / "skannad.pdf").exists():
        assert "skannad.pdf" in messages[0] and "no text layer" in messages[0]
    assert not index.exists() or not any(index.glob("v-*"))  # no index of nothing


def test_the_real_command_says_it_in_one_line_without_a_traceback(tmp_path):
    (tmp_path / "corpus").mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "plansearch.cli", "--corpus", str(tmp_path / "corpus"), "--index", str(tmp_path / "index"),
         "search", "vårdplan"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert done.returncode == EXIT_SKIPPED
    assert "Traceback" not in done.stderr
    assert "Det finns inga dokument att söka i" in done.stderr


def test_the_message_names_every_format_and_an_office_file_is_named_with_what_to_do(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "protokoll.doc").write_bytes(b"\xd0\xcf\x11\xe0 old Word")
    result = CliRunner().invoke(cli, ["--index", str(tmp_path / "index"), "--corpus", str(folder), "ingest"])
    assert result.exit_code == EXIT_SKIPPED
    assert "protokoll.doc: unsupported file type .doc; save it as .docx" in result.stderr
    (folder / "protokoll.doc").unlink()
    empty = CliRunner().invoke(cli, ["--index", str(tmp_path / "index"), "--corpus", str(folder), "search", "plan"])
    assert ".docx" in empty.stderr and ".html" in empty.stderr

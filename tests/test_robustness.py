"""Bad documents, killed and concurrent ingests, a full or read-only disk: nothing is lost."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import CORPUS
from pdfs import make_blank_pdf, make_encrypted_pdf, make_pdf
from plansearch.cli import EXIT_SKIPPED, cli
from plansearch.errors import IndexBusy, PlansearchError
from plansearch.ingest.pipeline import ingest
from plansearch.store.index import load_index
from plansearch.store.versions import current_version

HERE = Path(__file__).resolve().parent


def many_pages_pdf(path: Path, pages: int, line: str = "Samma rad på varje sida") -> Path:
    """A PDF of `pages` identical pages (one page object repeated, so it is quick to make)."""
    from pypdf import PdfReader, PdfWriter

    one = make_pdf(path.with_suffix(".one.pdf"), pages=[[line]], header=line, numbers=False)
    page = PdfReader(one).pages[0]
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_page(page)
    with open(path, "wb") as handle:
        writer.write(handle)
    one.unlink()
    return path


def bad_corpus(folder: Path) -> dict[str, str]:
    """Every kind of bad file next to three good ones; returns file name -> expected reason."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(CORPUS / "minnesanteckningar-rpo-cancer-norr-2025-02-04.txt", folder / "bra möte.txt")
    make_pdf(folder / "Gävleborg plan med å ä ö.pdf")
    (folder / "trasig.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF")
    make_encrypted_pdf(folder / "låst.pdf", make_pdf(folder / "tmp-source.pdf"))
    (folder / "tmp-source.pdf").unlink()
    make_blank_pdf(folder / "skannad.pdf")
    (folder / "tom.txt").write_bytes(b"")
    (folder / "noll.pdf").write_bytes(b"")
    (folder / "skräp.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "windows.txt").write_bytes("Handlingsplan för Region Gävleborg, ansvarig: Regionerna".encode("cp1252"))  # good
    with open(folder / "enorm.txt", "wb") as handle:
        line = ("Cancervården i regionen utvecklas vidare enligt planen. " * 20 + "\n").encode()
        for _ in range((50 * 2**20) // len(line) + 1):
            handle.write(line)
    (folder / "nul.txt").write_bytes(b"Text med ett NUL-tecken \x00 mitt i")
    (folder / "ogiltig.txt").write_bytes(b"Giltig text och sedan \xff\xfe ogiltiga byte")
    many_pages_pdf(folder / "tusen sidor.pdf", 3000)
    many_pages_pdf(folder / "samma rad.pdf", 600)
    return {
        "trasig.pdf": "corrupt PDF",
        "låst.pdf": "encrypted PDF",
        "skannad.pdf": "no text layer",
        "tom.txt": "empty file",
        "noll.pdf": "empty file",
        "skräp.txt": "binary data",
        "enorm.txt": "too large",
        "nul.txt": "NUL",
        "ogiltig.txt": "not UTF-8",
        "tusen sidor.pdf": "too many pages",
        "samma rad.pdf": "no text left after cleaning",
    }


def test_every_bad_file_gets_a_one_line_reason_and_the_good_ones_are_indexed(tmp_path, fake_embedder):
    expected = bad_corpus(tmp_path / "corpus")
    settings_index = tmp_path / "index"
    from plansearch.config import Settings

    settings = Settings.from_env(environ={}, corpus_dir=tmp_path / "corpus", index_dir=settings_index)
    report = ingest(settings, embedder=fake_embedder)
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert set(reasons) == set(expected)
    for name, words in expected.items():
        assert words in reasons[name], (name, reasons[name])
        assert "\n" not in reasons[name]
    index = load_index(settings_index)
    assert set(index.documents) == {"bra-mote", "gavleborg-plan-med-a-a-o", "windows"}


@pytest.mark.slow
def test_cli_names_each_bad_file_and_exits_with_status_3(tmp_path):
    expected = bad_corpus(tmp_path / "corpus")
    result = CliRunner().invoke(cli, ["--index", str(tmp_path / "index"), "--corpus", str(tmp_path / "corpus"), "ingest"])
    assert result.exit_code == EXIT_SKIPPED
    lines = [line for line in result.stderr.splitlines() if line.startswith("skipped:")]
    assert len(lines) == len(expected)
    for name in expected:
        assert any(name in line for line in lines), name
    assert "Indexed 3 documents" in result.stderr


def stopped_ingest(corpus: Path, index: Path, stage: str) -> subprocess.Popen:
    """A real ingest process, paused at `stage` (see slow_ingest.py)."""
    process = subprocess.Popen(
        [sys.executable, str(HERE / "slow_ingest.py"), str(corpus), str(index), stage],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert process.stdout.readline().strip() == "started"
    line = process.stdout.readline().strip()
    assert line == f"at {stage}", (line, process.stderr.read() if process.poll() is not None else "")
    return process


def passages_of(index_dir: Path) -> list[tuple[str, str]]:
    return [(p.id, p.text) for p in load_index(index_dir).passages]


@pytest.mark.parametrize("stage", ["read", "embed", "write", "switch", "prune"])
def test_ingest_killed_at_any_stage_leaves_a_complete_index(stage, small_corpus, settings_for, fake_embedder):
    settings = settings_for(small_corpus)
    ingest(settings, embedder=fake_embedder)
    before = passages_of(settings.index_dir)
    documents = len(load_index(settings.index_dir).documents)
    version = current_version(settings.index_dir)
    (small_corpus / "ny plan.txt").write_text(
        "Ny plan\n\n" + "Regionerna ska följa upp cancervården varje år. " * 40 + "\n", encoding="utf-8"
    )
    process = stopped_ingest(small_corpus, settings.index_dir, stage)
    process.kill()  # SIGKILL: no cleanup runs
    process.wait()
    index = load_index(settings.index_dir)
    if stage == "prune":  # CURRENT had moved: the new version is the one in use, and it is whole
        assert current_version(settings.index_dir) != version
        assert "ny-plan" in index.documents
        assert set(before) < {(p.id, p.text) for p in index.passages}
    else:
        assert current_version(settings.index_dir) == version
        assert passages_of(settings.index_dir) == before
    assert len(index.passages) == index.vectors.shape[0] == index.faiss.ntotal
    # The next ingest finishes, removes what the killed one left behind and sees every document.
    report = ingest(settings, embedder=fake_embedder)
    assert "ny-plan" in load_index(settings.index_dir).documents
    assert report.documents == documents + 1
    assert not list(settings.index_dir.glob(".tmp-*"))
    assert len(list(settings.index_dir.glob("v-*"))) <= 2


def test_an_ingest_keeps_the_version_it_replaced_and_removes_versions_never_in_use(small_corpus, settings_for, fake_embedder):
    """Names made in the same second sort at random; what CURRENT named decides what is kept."""
    settings = settings_for(small_corpus)
    ingest(settings, embedder=fake_embedder)
    first = current_version(settings.index_dir).name
    # a version a killed run wrote but never switched to, whose name sorts after any new one
    orphan = settings.index_dir / "v-99991231T235959-ffffff"
    shutil.copytree(settings.index_dir / first, orphan)
    (small_corpus / "ny plan.txt").write_text("Ny plan\n\nRegionerna följer upp cancervården.\n", encoding="utf-8")
    ingest(settings, embedder=fake_embedder)
    second = current_version(settings.index_dir).name
    assert sorted(p.name for p in settings.index_dir.glob("v-*")) == sorted({first, second})


def test_a_second_ingest_is_told_to_wait_and_the_lock_dies_with_its_holder(small_corpus, settings_for, fake_embedder):
    settings = settings_for(small_corpus)
    (small_corpus / "lång.txt").write_text("Lång plan\n\n" + "Mening om cancervård. " * 400, encoding="utf-8")
    process = stopped_ingest(small_corpus, settings.index_dir, "embed")
    try:
        with pytest.raises(IndexBusy, match=rf"Another ingest is already updating .*\(pid {process.pid}\)"):
            ingest(settings, embedder=fake_embedder)
        result = CliRunner().invoke(
            cli, ["--index", str(settings.index_dir), "--corpus", str(small_corpus), "ingest"]
        )
        assert result.exit_code != 0 and "Another ingest is already updating" in result.stderr
        assert "Traceback" not in result.stderr
    finally:
        process.kill()
        process.wait()
    ingest(settings, embedder=fake_embedder)
    assert "lang" in load_index(settings.index_dir).documents


@pytest.fixture
def small_mount(tmp_path):
    mount = tmp_path / "mnt"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_disk_full_is_reported_and_the_old_index_stays(small_mount, small_corpus, fake_embedder):
    from plansearch.config import Settings

    settings = Settings.from_env(environ={}, corpus_dir=small_corpus, index_dir=small_mount / "index")
    ingest(settings, embedder=fake_embedder)
    before = passages_of(settings.index_dir)
    (small_corpus / "stor.txt").write_text("Stor plan\n\n" + "Regionerna ansvarar för uppföljningen. " * 20000, encoding="utf-8")
    with pytest.raises(PlansearchError, match="No space left on device.*the current index is unchanged"):
        ingest(settings, embedder=fake_embedder)
    assert passages_of(settings.index_dir) == before
    assert not list(settings.index_dir.glob(".tmp-*"))


def test_read_only_index_folder_is_reported(small_mount, small_corpus, fake_embedder):
    from plansearch.config import Settings

    settings = Settings.from_env(environ={}, corpus_dir=small_corpus, index_dir=small_mount / "index")
    ingest(settings, embedder=fake_embedder)
    before = passages_of(settings.index_dir)
    subprocess.run(["mount", "-o", "remount,ro", str(small_mount)], check=True)
    (small_corpus / "ny.txt").write_text("Ny\n\nEn ny text om uppföljning.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--index", str(settings.index_dir), "--corpus", str(small_corpus), "ingest"])
    assert result.exit_code == 1
    assert "Read-only file system" in result.stderr and "the current index is unchanged" in result.stderr
    assert "Traceback" not in result.stderr
    assert passages_of(settings.index_dir) == before

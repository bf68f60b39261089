"""Readers' verdicts on answers: the SQLite store, POST /api/feedback on a real server, the admin
page, a SIGKILL of the server while verdicts are written, the CLI, and the buttons in Chromium."""

from __future__ import annotations

import base64
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
from click.testing import CliRunner

from conftest import ROOT
from plansearch.cli import cli
from plansearch.config import Settings
from plansearch.evaluate.qa import load_qa
from plansearch.feedback.drafts import qa_draft, write_drafts
from plansearch.feedback.store import SCHEMA_VERSION, FeedbackError, FeedbackStore, feedback_path
from servers import free_port, running
from tiny import GAV, PLAN_METAS, hand_index, plans

TOKEN = "feedback-admin-token-1234"


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


# -- the store ------------------------------------------------------------------------------------


def test_a_new_file_has_the_schema_version_and_wal(tmp_path):
    store = FeedbackStore(tmp_path / "fb" / "feedback.sqlite3")
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 1
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        columns = {row[1] for row in conn.execute("PRAGMA table_info(feedback)")}
    # What the reader typed or was shown, and when: nothing that names the reader.
    assert columns == {"id", "created", "verdict", "question", "answer", "citations", "index_version", "comment", "history"}


def test_reopening_keeps_the_verdicts_and_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "feedback.sqlite3"
    first = FeedbackStore(path).add("bad", "Vem ansvarar?", "RCC Norr [1]", ["plan-a:3"], "v-1", "Fel region", ["Och Gävleborg?"])
    again = FeedbackStore(path).entries()
    assert again == [first] and again[0].history == ("Och Gävleborg?",)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(FeedbackError, match="newer"):
        FeedbackStore(path)


def test_retention_is_applied_on_open_and_on_write(tmp_path):
    path = tmp_path / "feedback.sqlite3"
    now = datetime.now(UTC)
    store = FeedbackStore(path, retention_days=30)
    store.add("bad", "gammal", "svar", now=now - timedelta(days=40))
    store.add("good", "nyare", "svar", now=now - timedelta(days=20))
    # The write at 40 days ago pruned nothing then; the next write (now) prunes the 40-day-old one.
    store.add("good", "ny", "svar", now=now)
    assert [f.question for f in store.entries()] == ["ny", "nyare"]
    # A shorter retention applies when the store opens.
    assert [f.question for f in FeedbackStore(path, retention_days=10).entries()] == ["ny"]
    with pytest.raises(FeedbackError):
        FeedbackStore(path, retention_days=0)


def test_listing_filters_and_counts_per_day(tmp_path):
    store = FeedbackStore(tmp_path / "feedback.sqlite3", retention_days=100_000)
    store.add("good", "q1", "a", now=at("2025-03-01T08:00:00"))
    store.add("bad", "q2", "a", now=at("2025-03-01T09:00:00"))
    store.add("bad", "q3", "a", now=at("2025-03-02T10:00:00"))
    store.add("good", "q4", "a", now=at("2025-03-03T23:59:59"))
    assert [f.question for f in store.entries()] == ["q4", "q3", "q2", "q1"]  # newest first
    assert [f.question for f in store.entries(verdict="bad")] == ["q3", "q2"]
    assert [f.question for f in store.entries(since=date(2025, 3, 2))] == ["q4", "q3"]
    assert [f.question for f in store.entries(since=date(2025, 3, 2), verdict="good")] == ["q4"]
    assert [f.question for f in store.entries(limit=1)] == ["q4"]
    assert store.per_day() == [("2025-03-03", 1, 0), ("2025-03-02", 0, 1), ("2025-03-01", 1, 1)]
    with pytest.raises(ValueError):
        store.add("maybe", "q", "a")  # type: ignore[arg-type]


def test_feedback_file_lies_beside_the_index_unless_set():
    assert feedback_path(Settings.from_env(environ={}, index_dir=Path("/srv/ps/index"))) == Path("/srv/ps/feedback/feedback.sqlite3")
    env = {"PLANSEARCH_FEEDBACK_DIR": "/var/lib/ps", "PLANSEARCH_FEEDBACK_RETENTION_DAYS": "90"}
    settings = Settings.from_env(environ=env)
    assert feedback_path(settings) == Path("/var/lib/ps/feedback.sqlite3") and settings.feedback_retention_days == 90


def test_export_writes_qa_drafts_that_the_qa_reader_reads(tmp_path):
    index = hand_index(plans(), PLAN_METAS)
    cited = f"{GAV}:1"
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    store.add("bad", "Vem inför teledermatoskopi?", "Verksamhetschefen [1]", [cited, "borttagen:9"], "v-1", "Fel person", ["Och i Gävleborg?"])
    store.add("good", "Vem utbildar personalen?", "Verksamhetschefen [1]", [f"{GAV}:2"], "v-1")
    out = tmp_path / "drafts.jsonl"
    assert write_drafts(out, reversed(store.entries()), index) == 2
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    bad, good = rows
    assert bad["draft"] is True and bad["question"] == "Vem inför teledermatoskopi?" and bad["note"] == "Fel person"
    assert bad["evidence"] == [index.passages[index.row_of[cited]].text] and bad["doc"] == GAV
    assert bad["missing_passages"] == ["borttagen:9"] and bad["answer"] == "" and bad["given_answer"] == "Verksamhetschefen [1]"
    assert bad["history"] == ["Och i Gävleborg?"]
    assert good["answer"] == "Verksamhetschefen [1]" and "missing_passages" not in good
    cases = load_qa(out)
    assert [c.id for c in cases] == [bad["id"], good["id"]] and cases[0].history == ("Och i Gävleborg?",)
    assert all(c.category == "feedback" for c in cases) and cases[0].evidence[0].startswith("Aktivitet: Införa teledermatoskopi")
    # Without an index the draft still holds the question and the comment.
    assert qa_draft(store.entries(verdict="bad")[0], None)["evidence"] == []


# -- the API and the admin page on a real server ----------------------------------------------------

@pytest.fixture(scope="module")
def served(real_settings, tmp_path_factory):
    from plansearch.server.app import create_app

    folder = tmp_path_factory.mktemp("feedback")
    settings = real_settings.replace(feedback_dir=folder, admin_token=TOKEN, reload_interval=0)
    with running(create_app(settings)) as url:
        yield url, FeedbackStore.for_settings(settings)


@pytest.mark.slow
def test_a_verdict_is_stored_as_sent_and_nothing_else(served):
    url, store = served
    answer = httpx.post(f"{url}/api/ask", json={"question": "vem ansvarar för teledermatoskopi?"}, timeout=60).json()
    sent = {
        "question": "vem ansvarar för teledermatoskopi?", "answer": answer["answer"], "verdict": "bad",
        "citations": [c["passage_id"] for c in answer["citations"]], "index_version": answer["index_version"],
        "comment": "  Ansvarig i Region Gävleborg saknades  ", "history": [],
    }
    response = httpx.post(f"{url}/api/feedback", json=sent, headers={"User-Agent": "sparbar-webblasare/1.0"}, timeout=30)
    assert response.status_code == 201, response.text
    saved = next(f for f in store.entries() if f.id == response.json()["id"])
    assert saved.question == sent["question"] and saved.answer == answer["answer"] and saved.verdict == "bad"
    assert list(saved.citations) == sent["citations"] and saved.citations and saved.index_version.startswith("v-")
    assert saved.comment == "Ansvarig i Region Gävleborg saknades"
    raw = store.path.read_bytes() + (store.path.with_name(store.path.name + "-wal").read_bytes()
                                     if store.path.with_name(store.path.name + "-wal").exists() else b"")
    assert b"127.0.0.1" not in raw and b"sparbar-webblasare" not in raw


@pytest.mark.slow
@pytest.mark.parametrize(
    "change, reason",
    [
        ({"question": "   "}, "frågan (question) är tom"),
        ({"question": ""}, "frågan (question) får inte vara tom"),
        ({"verdict": "kanske"}, "omdömet (verdict) måste vara något av"),
        ({"comment": "x" * 2001}, "kommentaren (comment) är för lång (högst 2000 tecken)"),
        ({"answer": "x" * 8001}, "svaret (answer) är för långt"),
        ({"citations": ["../../etc/passwd"]}, "källorna (citations) har ett ogiltigt värde"),
        ({"citations": [f"a:{n}" for n in range(21)]}, "källorna (citations) har för många poster"),
        ({"verdict": None}, "omdömet (verdict)"),
    ],
)
def test_bad_input_is_refused_with_a_swedish_reason(served, change, reason):
    url, store = served
    before = len(store.entries())
    body = {"question": "Vem?", "answer": "Någon [1]", "verdict": "good", **change}
    response = httpx.post(f"{url}/api/feedback", json={k: v for k, v in body.items() if v is not None}, timeout=30)
    assert response.status_code == 422 and reason in response.json()["error"], response.text
    assert len(store.entries()) == before


@pytest.mark.slow
def test_not_json_is_refused(served):
    url, _ = served
    response = httpx.post(f"{url}/api/feedback", content=b"Bra svar", headers={"Content-Type": "application/json"}, timeout=30)
    assert response.status_code == 422 and "giltig JSON" in response.json()["error"]


@pytest.mark.slow
def test_the_admin_page_needs_the_token(served):
    url, _ = served
    httpx.post(f"{url}/api/feedback", json={"question": "Vad kostar <b>patologin</b>?", "answer": "Inget svar.", "verdict": "bad",
                                           "comment": "Beloppet 5 miljoner kr saknades"}, timeout=30).raise_for_status()
    for headers in ({}, {"Authorization": "Bearer fel"}, {"Authorization": "Basic " + base64.b64encode(b"admin:fel").decode()}):
        response = httpx.get(f"{url}/feedback", headers=headers, timeout=30)
        assert response.status_code == 401 and "Beloppet" not in response.text
        assert response.headers["www-authenticate"].startswith("Basic")
    for headers in ({"Authorization": f"Bearer {TOKEN}"}, {"Authorization": "Basic " + base64.b64encode(f"vem-som-helst:{TOKEN}".encode()).decode()}):
        response = httpx.get(f"{url}/feedback", headers=headers, timeout=30)
        assert response.status_code == 200 and "Beloppet 5 miljoner kr saknades" in response.text
        assert "Vad kostar &lt;b&gt;patologin&lt;/b&gt;?" in response.text  # escaped
        assert response.headers["cache-control"] == "no-store"
    today = datetime.now(UTC).date().isoformat()
    assert f"<th scope=\"row\">{today}</th>" in response.text


def test_without_an_admin_token_the_page_does_not_exist(tmp_path, small_corpus, settings_for, fake_embedder):
    from fastapi.testclient import TestClient

    from plansearch.ingest.pipeline import ingest
    from plansearch.server.app import create_app
    from plansearch.service import Service

    settings = settings_for(small_corpus, feedback_dir=tmp_path / "fb", reload_interval=0)
    ingest(settings, embedder=fake_embedder)
    with TestClient(create_app(settings, Service(settings, embedder=fake_embedder))) as client:
        assert client.get("/feedback", headers={"Authorization": "Bearer x"}).status_code == 404
        assert client.post("/api/feedback", json={"question": "Vem?", "answer": "", "verdict": "good"}).status_code == 201
    assert (tmp_path / "fb" / "feedback.sqlite3").exists()


# -- SIGKILL while verdicts are written -------------------------------------------------------------


@pytest.mark.slow
def test_every_acknowledged_verdict_survives_a_sigkill_of_the_server(real_index_dir, tmp_path):
    folder = tmp_path / "fb"
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PLANSEARCH_FEEDBACK_DIR": str(folder), "PLANSEARCH_RELOAD_INTERVAL": "0"}
    server = subprocess.Popen(
        [sys.executable, "-m", "plansearch.cli", "--index", str(real_index_dir), "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 180
        while True:
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
            try:
                if httpx.get(f"{base}/healthz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.time() < deadline, "the server did not start"
            time.sleep(0.2)

        acknowledged: dict[int, str] = {}  # id -> question
        attempted = [0]
        failed: list[str] = []
        lock = threading.Lock()
        stop = threading.Event()

        def post_verdicts(worker: int) -> None:
            with httpx.Client(timeout=10) as client:
                for n in range(100_000):
                    if stop.is_set():
                        return
                    question = f"Fråga {worker}-{n}: vem ansvarar för teledermatoskopi?"
                    with lock:
                        attempted[0] += 1
                    try:
                        response = client.post(f"{base}/api/feedback", json={
                            "question": question, "answer": "Svar [1]", "verdict": "bad" if n % 2 else "good",
                            "citations": ["handlingsplan-gavleborg-2025-2027:12"], "comment": "ö" * (n % 50),
                        })
                    except httpx.TransportError:
                        with lock:
                            failed.append(question)
                        if server.poll() is not None:
                            return
                        continue
                    if 200 <= response.status_code < 300:
                        with lock:
                            acknowledged[response.json()["id"]] = question

        workers = [threading.Thread(target=post_verdicts, args=(w,)) for w in range(4)]
        for w in workers:
            w.start()
        while len(acknowledged) < 200:  # well into the stream, with all four writers busy
            assert all(w.is_alive() for w in workers) and server.poll() is None
            time.sleep(0.01)
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
        stop.set()
        for w in workers:
            w.join(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()

    assert failed, "requests sent after the kill should have failed"
    path = folder / "feedback.sqlite3"
    with sqlite3.connect(path) as conn:  # the first open after the kill replays the WAL
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = dict(conn.execute("SELECT id, question FROM feedback").fetchall())
    missing = {i: q for i, q in acknowledged.items() if rows.get(i) != q}
    assert not missing, f"{len(missing)} acknowledged verdicts lost, e.g. {list(missing.items())[:3]}"
    print(f"\nSIGKILL: {len(acknowledged)} acknowledged of {attempted[0]} sent, {len(rows)} in the file, all acknowledged kept")


# -- the command line -------------------------------------------------------------------------------


@pytest.mark.slow
def test_cli_lists_exports_and_rechecks(real_settings, tmp_path):
    from plansearch.service import Service

    folder = tmp_path / "fb"
    settings = real_settings.replace(feedback_dir=folder)
    answer, snapshot = Service(settings).ask("vem ansvarar för teledermatoskopi?")
    store = FeedbackStore.for_settings(settings)
    ids = [c.passage.id for c in answer.citations]
    same = store.add("bad", answer.question, answer.text, ids, snapshot.version, "Saknade tidsramen")
    changed = store.add("bad", answer.question, "Ett annat svar som indexet inte ger [1]", ids, snapshot.version)
    store.add("good", "Vad står IPÖ för?", "Individuell patientöversikt [1]", [], snapshot.version)

    env = {"PLANSEARCH_FEEDBACK_DIR": str(folder), "PLANSEARCH_INDEX_DIR": str(settings.index_dir)}
    runner = CliRunner()
    listed = runner.invoke(cli, ["feedback", "--verdict", "bad", "--json"], env=env)
    assert listed.exit_code == 0, listed.output
    assert [row["id"] for row in json.loads(listed.stdout)] == [changed.id, same.id]
    text = runner.invoke(cli, ["feedback", "--since", date.today().isoformat()], env=env)
    assert text.exit_code == 0 and "Saknade tidsramen" in text.output and "Bra svar" in text.output
    assert runner.invoke(cli, ["feedback", "--since", "igår"], env=env).exit_code == 2

    out = tmp_path / "drafts.jsonl"
    exported = runner.invoke(cli, ["feedback", "export", "--qa", str(out), "--verdict", "bad"], env=env)
    assert exported.exit_code == 0, exported.output
    cases = load_qa(out)
    assert [c.id for c in cases] == [f"fb-{same.id:06d}", f"fb-{changed.id:06d}"]
    assert cases[0].evidence and cases[0].evidence[0] == answer.citations[0].passage.text

    rechecked = runner.invoke(cli, ["feedback", "recheck", "--json"], env=env)
    assert rechecked.exit_code == 0, rechecked.output
    status = {row["id"]: row["status"] for row in json.loads(rechecked.stdout)}
    assert status == {same.id: "same", changed.id: "changed"}
    via_eval = runner.invoke(cli, ["eval", "--answers", "--feedback", "--json"], env=env)
    assert via_eval.exit_code == 0, via_eval.output
    assert {row["id"]: row["status"] for row in json.loads(via_eval.stdout)} == status
    assert runner.invoke(cli, ["eval", "--feedback"], env=env).exit_code == 2


# -- the buttons in Chromium ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    from test_browser import ARGS, CHROMIUM

    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/test.sh installs it)")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.mark.slow
@pytest.mark.parametrize("width", [1100, 390])
def test_fel_svar_with_a_comment_from_the_keyboard_reaches_the_store(served, browser, width):
    url, store = served
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="sv-SE")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(url + "/")
        question = f"vem ansvarar för teledermatoskopi? ({width})"
        page.get_by_label("Din fråga").fill(question)
        page.get_by_label("Din fråga").press("Enter")
        answer = page.locator("article.msg.bot").first
        answer.wait_for(timeout=30_000)
        shown_ids = [unquote(href.split("p=")[1].split("&")[0])
                     for href in answer.locator("a.open-doc").evaluate_all("els => els.map(e => e.getAttribute('href'))")]
        bad = answer.get_by_role("button", name="Fel svar")
        assert answer.get_by_role("button", name="Bra svar").is_visible() and bad.is_visible()
        bad.focus()
        page.keyboard.press("Enter")  # a real button: the keyboard opens the comment
        comment = answer.get_by_label("Vad saknades? (frivilligt)")
        comment.wait_for()
        assert comment.evaluate("el => document.activeElement === el")
        page.keyboard.type("Tidsramen för införandet saknades")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skicka"
        page.keyboard.press("Enter")
        status = answer.get_by_role("status")
        status.filter(has_text="Tack för ditt svar").wait_for(timeout=10_000)
        assert status.get_attribute("aria-live") == "polite"
        # The pressed button is disabled: the focus goes to the reply, not to <body>.
        focused = page.evaluate("[document.activeElement.tagName, document.activeElement.textContent,"
                                " document.activeElement.getAttribute('tabindex')]")
        assert focused == ["P", "Tack för ditt svar", "-1"]
        page.keyboard.press("Shift+Tab")  # the keyboard goes on from the answer's place, not the page's top
        assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        saved = next(f for f in store.entries(verdict="bad") if f.question == question)
        assert saved.comment == "Tidsramen för införandet saknades" and saved.answer.strip()
        assert list(saved.citations) == shown_ids and saved.index_version.startswith("v-")
        assert bad.get_attribute("aria-pressed") == "true" and bad.is_disabled()
        if width == 390:
            (ROOT / "evaluation" / "screenshots").mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ROOT / "evaluation" / "screenshots" / "feedback-phone.png"), full_page=False)
        assert errors == []
    finally:
        context.close()

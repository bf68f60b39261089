"""A running server picks up a new index under continuous load, without a failed request and
without an answer that mixes passages of the old and the new index."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from conftest import CORPUS
from plansearch.config import Settings
from plansearch.ingest.pipeline import ingest
from plansearch.server.app import create_app
from plansearch.service import Service
from plansearch.store.versions import current_version, read_jsonl
from servers import running

QUESTIONS = [
    "vem ansvarar för teledermatoskopi?",
    "Vad står IPÖ för?",
    "provtagningsrobotar i Sandviken",  # answered only by the paragraph the re-ingest adds
    "hur mycket pengar fick RCC?",
]
ADDED = (
    "\nProvtagningsrobotar i Sandviken\n\nRegion Gävleborg inför provtagningsrobotar på vårdcentralen "
    "i Sandviken under 2026 för att korta ledtiderna till cancerutredning (NYMARKÖR).\n"
)


def wait_until(condition, limit: float = 600) -> None:
    """Wait for `condition`; the limit only keeps a broken server from hanging the suite (the
    test checks what happens, never how fast)."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.1)


@pytest.mark.slow
def test_reindex_under_load_fails_nothing_and_mixes_nothing(real_index_dir, tmp_path):
    """The shipped corpus, the real model, a real server with the watcher on, and `plansearch
    ingest` run as its own process while eight clients keep asking."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    index_dir = tmp_path / "index"
    shutil.copytree(real_index_dir, index_dir)
    settings = Settings.from_env(environ={}, corpus_dir=corpus, index_dir=index_dir, reload_interval=0.2)
    old_version = current_version(index_dir).name
    responses: list[tuple[str, str, list[str]]] = []  # (endpoint, index version, passage texts)
    failures: list[str] = []
    stop = threading.Event()

    def client(number: int, base: str) -> None:
        with httpx.Client(base_url=base, timeout=30) as http:
            i = number
            while not stop.is_set():
                question = QUESTIONS[i % len(QUESTIONS)]
                i += 1
                endpoint = "search" if i % 2 else "ask"
                try:
                    if endpoint == "search":
                        r = http.get("/api/search", params={"q": question, "k": 5})
                    else:
                        r = http.post("/api/ask", json={"question": question})
                    if r.status_code != 200:
                        failures.append(f"{r.status_code} {r.text[:200]}")
                        continue
                    data = r.json()
                    rows = data["results"] if endpoint == "search" else data["citations"]
                    responses.append((endpoint, data["index_version"], [x["text"] for x in rows]))
                except httpx.HTTPError as exc:
                    failures.append(repr(exc))

    with running(create_app(settings, Service(settings))) as base:
        threads = [threading.Thread(target=client, args=(n, base)) for n in range(8)]
        for t in threads:
            t.start()
        try:
            wait_until(lambda: len(responses) >= 16)  # answers from the old index first
            plan = corpus / "handlingsplan-gavleborg-2025-2027.txt"
            plan.write_text(plan.read_text(encoding="utf-8") + ADDED, encoding="utf-8")
            done = subprocess.run(
                [str(Path(sys.executable).parent / "plansearch"), "--index", str(index_dir), "--corpus", str(corpus), "ingest"],
                capture_output=True, text=True, timeout=600,
            )
            assert done.returncode == 0, done.stderr
            new_version = current_version(index_dir).name
            # Until the new index has answered with the added paragraph, and a few more answers after it.
            wait_until(lambda: any("NYMARKÖR" in t for _, v, texts in list(responses) if v == new_version for t in texts))
            seen = len(responses)
            wait_until(lambda: len(responses) >= seen + 16)
        finally:  # the clients stop whatever happened, so that a failure cannot leave them running
            stop.set()
            for t in threads:
                t.join()

    assert not failures, failures[:5]
    assert new_version != old_version
    versions = {v for _, v, _ in responses}
    assert versions == {old_version, new_version}
    passages = {
        version: {row["text"] for row in read_jsonl(index_dir / version / "passages.jsonl")}
        for version in versions
    }
    for endpoint, version, texts in responses:
        assert set(texts) <= passages[version], (endpoint, version)
    assert any("NYMARKÖR" in t for _, v, texts in responses if v == new_version for t in texts)
    print(f"\n{len(responses)} answers during the re-index, {len(failures)} failed")


def test_reload_endpoint_needs_the_token_and_is_off_without_one(small_corpus, settings_for, fake_embedder):
    from fastapi.testclient import TestClient

    ingest(settings_for(small_corpus), embedder=fake_embedder)
    off = settings_for(small_corpus, reload_interval=0)
    with TestClient(create_app(off, Service(off, embedder=fake_embedder))) as client:
        assert client.post("/api/admin/reload").status_code == 404
    on = settings_for(small_corpus, reload_interval=0, admin_token="hemlig-token-123")
    with TestClient(create_app(on, Service(on, embedder=fake_embedder))) as client:
        assert client.post("/api/admin/reload").status_code == 401
        assert client.post("/api/admin/reload", headers={"Authorization": "Bearer fel"}).status_code == 401
        ok = client.post("/api/admin/reload", headers={"Authorization": "Bearer hemlig-token-123"})
        assert ok.status_code == 200 and ok.json()["reloaded"] is False
        (small_corpus / "ny.txt").write_text("Ny\n\nEn ny plan om screening.\n", encoding="utf-8")
        ingest(on, embedder=fake_embedder)
        again = client.post("/api/admin/reload", headers={"Authorization": "Bearer hemlig-token-123"})
        assert again.json() == {"reloaded": True, "index_version": current_version(on.index_dir).name}
        assert "hemlig-token-123" not in client.get("/healthz").text


def test_a_broken_new_index_keeps_the_old_one_serving(small_corpus, settings_for, fake_embedder):
    settings = settings_for(small_corpus, reload_interval=0)
    ingest(settings, embedder=fake_embedder)
    service = Service(settings, embedder=fake_embedder)
    old = service.snapshot.version
    broken = settings.index_dir / "v-99999999T000000-broken"
    broken.mkdir()
    (broken / "manifest.json").write_text("{not json", encoding="utf-8")
    (settings.index_dir / "CURRENT").write_text(broken.name + "\n", encoding="utf-8")
    assert service.reload() is False
    assert service.snapshot.version == old
    assert service.search("teledermatoskopi")[0]

"""API and web hardening: schemathesis finds no 5xx and no schema violation; limits; headers;
static files only from web/; loopback by default; one log line per request without the question."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from plansearch.config import Settings
from plansearch.ingest.pipeline import ingest
from plansearch.server.app import create_app
from plansearch.service import Service
from servers import running


@pytest.fixture(scope="module")
def small_app(tmp_path_factory):
    import shutil

    from conftest import DATA, FakeEmbedder

    root = tmp_path_factory.mktemp("hard")
    corpus = root / "corpus"
    shutil.copytree(DATA, corpus, ignore=shutil.ignore_patterns("*.pdf"))
    settings = Settings.from_env(environ={}, corpus_dir=corpus, index_dir=root / "index", reload_interval=0)
    embedder = FakeEmbedder()
    ingest(settings, embedder=embedder)
    return create_app(settings, Service(settings, embedder=embedder))


@pytest.mark.slow
@pytest.mark.parametrize("token", [None, "fuzz-token-123456"], ids=["no-token", "token"])
def test_schemathesis_finds_no_server_error_and_no_schema_violation(real_settings, tmp_path, token):
    """Schemathesis' own command line, every check, against a real server on loopback that
    serves the shipped corpus with the real model; once with the admin endpoint off and once on
    (and the fuzzer holding the token, so that reload is exercised past its 401)."""
    settings = replace(real_settings, reload_interval=0, admin_token=token or "")
    # One worker: two threads describing hypothesis' lambdas at once hit CPython 3.11's
    # "AST constructor recursion depth mismatch" (an interpreter bug, not the API's).
    command = [
        str(Path(sys.executable).parent / "schemathesis"), "run", "--checks", "all", "--max-examples", "60",
        "--seed", "20261122", "--workers", "1", "--generation-database", "none", "--no-color",
        "--report", "junit", "--report-junit-path", str(tmp_path / "junit.xml"),
    ]
    if token:
        command += ["--header", f"Authorization: Bearer {token}"]
    app = create_app(settings, Service(settings))
    operations = sum(len(methods) for methods in app.openapi()["paths"].values())
    with running(app) as base:
        done = subprocess.run([*command, f"{base}/openapi.json"], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    summary = done.stdout[-3000:]
    assert done.returncode == 0, summary
    tested = re.search(r"(\d+) generated, (\d+) passed", done.stdout)
    assert tested and tested.group(1) == tested.group(2) and int(tested.group(1)) > 300, summary
    assert f"Tested: {operations}" in done.stdout, summary  # every operation of the schema was reached
    print(f"\nschemathesis ({'token' if token else 'no token'}): {tested.group(0)}")


@given(q=st.text(max_size=300), doc=st.text(min_size=1, max_size=80))
@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
def test_web_pages_answer_any_input_without_a_server_error(small_app, q, doc):
    with TestClient(small_app, raise_server_exceptions=False) as client:
        for path, params in (("/sok", {"q": q}), ("/ordlista", {"q": q}), ("/roller", {"q": q}), ("/", {})):
            response = client.get(path, params=params)
            assert response.status_code < 500 and "Traceback" not in response.text, (path, q)
        response = client.get(f"/dokument/{quote(doc, safe='')}", params={"p": q[:40]})
        assert response.status_code < 500 and "Traceback" not in response.text, doc


@pytest.fixture
def client(small_app):
    with TestClient(small_app, raise_server_exceptions=False) as c:
        yield c


def test_oversized_body_is_refused_with_413(client):
    big = {"question": "x", "history": [{"role": "user", "content": "a" * 1900}] * 40}
    response = client.post("/api/ask", json=big)
    assert response.status_code == 413 and "för stor" in response.json()["error"]


def test_body_without_declared_length_is_counted_too(client):
    def chunks():
        for _ in range(100):
            yield b"x" * 1024

    response = client.post("/api/ask", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413


@pytest.mark.parametrize(
    "path",
    ["/static/../src/plansearch/config.py", "/static/..%2f..%2fpyproject.toml", "/static/%2e%2e/%2e%2e/README.md", "/static/../../etc/passwd"],
)
def test_static_files_come_only_from_web(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "PLANSEARCH" not in response.text and "root:" not in response.text


def test_static_files_are_served(client):
    assert client.get("/static/chat.js").status_code == 200


def test_security_headers_on_every_response(client):
    for path in ("/", "/api/documents", "/static/style.css", "/finns-inte"):
        headers = client.get(path).headers
        assert "default-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"


def test_the_server_binds_to_loopback_unless_told_otherwise():
    assert Settings.from_env(environ={}).host == "127.0.0.1"
    assert Settings.from_env(environ={"PLANSEARCH_HOST": "0.0.0.0"}).host == "0.0.0.0"


def test_one_log_line_per_request_without_the_question(client, caplog):
    with caplog.at_level(logging.INFO, logger="plansearch.access"):
        client.post("/api/ask", json={"question": "Hemlig fråga om teledermatoskopi"})
    lines = [r.getMessage() for r in caplog.records if r.name == "plansearch.access"]
    assert len(lines) == 1
    assert lines[0].startswith("method=POST path=/api/ask status=200 ms=")
    assert "Hemlig" not in caplog.text


def test_ingest_logs_one_line_per_file(small_corpus, settings_for, fake_embedder, caplog):
    (small_corpus / "trasig.pdf").write_bytes(b"%PDF broken")
    with caplog.at_level(logging.INFO, logger="plansearch.ingest"):
        ingest(settings_for(small_corpus), embedder=fake_embedder)
    lines = [r.getMessage() for r in caplog.records if r.name == "plansearch.ingest"]
    assert any(l.startswith("file=") and "kort-plan.txt status=read passages=" in l for l in lines)
    assert any("trasig.pdf status=skipped reason=corrupt PDF" in l for l in lines)

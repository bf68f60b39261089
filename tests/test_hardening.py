"""API and web hardening: schemathesis finds no 5xx and no schema violation; limits; headers;
static files only from web/; loopback by default; one log line per request without the question."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from plansearch.api import create_app
from plansearch.config import Settings
from plansearch.ingest import ingest
from plansearch.service import Service

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings as hypothesis_settings  # noqa: E402


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


@pytest.fixture(scope="module")
def api_schema(small_app):
    return schemathesis.openapi.from_asgi("/openapi.json", small_app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_has_no_server_errors_and_keeps_its_schema(case):
    case.call_and_validate()


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

"""The MCP server, driven by the `mcp` SDK's own client: over stdio (`plansearch mcp` in a child
process) and over streamable HTTP (/mcp of a real server on loopback), against the real index."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import anyio
import httpx2
import pytest
from fastapi.testclient import TestClient
from mcp.client import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError

from conftest import ROOT
from plansearch.ingest.pipeline import ingest
from plansearch.server.app import create_app
from plansearch.server.mcp_server import build_server, is_loopback
from plansearch.service import Service
from servers import running

pytestmark = pytest.mark.slow

TOOLS = {"search", "ask", "glossary", "roles", "activities", "decisions"}
INITIALIZE = {
    "jsonrpc": "2.0", "id": 1, "method": "initialize",
    "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "0"}},
}
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


def data(result: Any) -> dict[str, Any]:
    """A successful call's structured result (the same JSON is in its text content)."""
    assert not result.is_error, result.content
    assert json.loads(result.content[0].text) == result.structured_content
    return result.structured_content


def error(result: Any) -> str:
    """A refused call's message."""
    assert result.is_error
    return result.content[0].text


async def exercise(client: Client, index: Any) -> None:
    """Every tool and resource, checked against the index the server was given."""
    passages = {p.id: p for p in index.passages}
    tools = {t.name: t for t in (await client.list_tools()).tools}
    assert set(tools) >= TOOLS
    assert tools["search"].input_schema["properties"]["k"]["maximum"] == 50
    assert tools["ask"].input_schema["properties"]["question"]["maxLength"] == 1000
    assert all(t.annotations and t.annotations.read_only_hint for t in tools.values())

    found = data(await client.call_tool("search", {"query": "teledermatoskopi", "k": 3}))
    assert len(found["results"]) == 3 and found["index_version"]
    for r in found["results"]:
        passage = passages[r["passage_id"]]  # a real passage, and its fields as the index has them
        assert (r["doc_id"], r["text"], r["page"], r["section"]) == (passage.doc_id, passage.text, passage.page, passage.section)
        assert r["title"] == index.meta(r["doc_id"]).title
    assert "teledermatoskop" in found["results"][0]["text"].lower()
    doc = "handlingsplan-gavleborg-2025-2027"
    only = data(await client.call_tool("search", {"query": "screening", "document": doc, "kind": "table_row", "k": 5}))
    assert only["results"] and {(r["doc_id"], r["kind"]) for r in only["results"]} == {(doc, "table_row")}

    answer = data(await client.call_tool("ask", {"question": "Vem ansvarar för teledermatoskopi?"}))
    assert answer["abstained"] is False and answer["citations"] and "[1]" in answer["answer"]
    for c in answer["citations"]:
        assert passages[c["passage_id"]].text == c["text"] and c["doc_id"] == passages[c["passage_id"]].doc_id
        start, end = c["highlight"]
        assert 0 <= start < end <= len(c["text"])
    history = [{"role": "user", "content": "Hur kvalitetssäkras teledermatoskopin i Gävleborg?"}]
    follow = data(await client.call_tool("ask", {"question": "och vem följer upp det?", "history": history}))
    assert "Nationell registeruppföljning saknas" in follow["answer"]
    nothing = data(await client.call_tool("ask", {"question": "Vilken färg har en zebra?"}))
    assert nothing["abstained"] is True and "[1]" not in nothing["answer"]  # its citations are the closest passages

    entries = data(await client.call_tool("glossary", {"term": "IPÖ"}))["entries"]
    assert entries[0]["term"] == "IPÖ" and entries[0]["passage_id"] in passages
    roles = data(await client.call_tool("roles", {"query": "cancersamordnare"}))["roles"]
    assert roles[0]["name"] == "Cancersamordnare" and all(d["passage_id"] in passages for d in roles[0]["duties"])
    register = data(await client.call_tool("activities", {"region": "Gävleborg", "limit": 3}))
    assert register["count"] > 3 and len(register["activities"]) == 3
    assert all("Gävleborg" in a["region"] and a["passage_id"] in passages for a in register["activities"])
    decided = data(await client.call_tool("decisions", {"meeting": "RPO Cancer", "q": "vårdprogram"}))
    assert decided["count"] >= 1 and all(d["passage_id"] in passages for d in decided["decisions"])
    assert all("vårdprogram" in d["text"].lower() for d in decided["decisions"])

    # The HTTP API's limits and its Swedish messages, as tool errors.
    too_long = error(await client.call_tool("ask", {"question": "x" * 1001}))
    assert too_long == "Ogiltig förfrågan: frågan (question) är för lång (högst 1000 tecken)."
    assert "antalet träffar (k) får vara högst 50" in error(await client.call_tool("search", {"query": "cancer", "k": 51}))
    assert "antalet träffar (k) måste vara minst 1" in error(await client.call_tool("search", {"query": "cancer", "k": 0}))
    assert "söktexten (query) får inte vara tom" in error(await client.call_tool("search", {"query": ""}))
    assert error(await client.call_tool("ask", {"question": "   "})) == "Ogiltig förfrågan: frågan (question) är tom."
    assert "historiken (history) har för många poster (högst 20)" in error(
        await client.call_tool("ask", {"question": "Vad är SVF?", "history": [{"role": "user", "content": "hej"}] * 21})
    )
    assert error(await client.call_tool("search", {"query": "cancer", "document": "finns-inte"})) == "Okänt dokument: finns-inte"
    assert error(await client.call_tool("decisions", {"document": "Atlantis"})).startswith("Inget protokoll i beslutsloggen")
    assert "Ingen region eller inget dokument i registret matchar 'Atlantis'" in error(
        await client.call_tool("activities", {"region": "Atlantis"})
    )

    listed = {str(r.uri) for r in (await client.list_resources()).resources}
    assert listed == {"plansearch://documents"} | {f"plansearch://documents/{d}" for d in index.documents}
    documents = json.loads((await client.read_resource("plansearch://documents")).contents[0].text)["documents"]
    assert {d["doc_id"] for d in documents} == set(index.documents)
    text = (await client.read_resource(f"plansearch://documents/{doc}")).contents[0].text
    assert text == index.documents[doc].text
    with pytest.raises(MCPError, match="Okänt dokument: finns-inte"):
        await client.read_resource("plansearch://documents/finns-inte")


def test_stdio(real_settings, real_searcher):
    """`plansearch mcp` as an assistant starts it: a child process speaking on stdin/stdout."""
    env = {
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
        "PLANSEARCH_INDEX_DIR": str(real_settings.index_dir), "PLANSEARCH_CORPUS_DIR": str(real_settings.corpus_dir),
        "PLANSEARCH_RELOAD_INTERVAL": "0", "HF_HUB_OFFLINE": "1",
    }
    params = StdioServerParameters(command=sys.executable, args=["-m", "plansearch.cli", "mcp"], env=env, cwd=str(ROOT))

    async def main() -> None:
        async with Client(params, read_timeout_seconds=120) as client:
            await exercise(client, real_searcher.index)

    anyio.run(main)


@pytest.fixture(scope="module")
def mcp_url(real_settings):
    with running(create_app(real_settings.replace(mcp=True))) as url:
        yield url


def test_streamable_http(mcp_url, real_searcher):
    """/mcp of `plansearch serve` with PLANSEARCH_MCP=true, on loopback: no token needed."""

    async def main() -> None:
        async with Client(f"{mcp_url}/mcp") as client:
            await exercise(client, real_searcher.index)

    anyio.run(main)


def test_http_the_rest_of_the_server_is_unchanged(mcp_url):
    with httpx2.Client() as http:
        assert http.get(f"{mcp_url}/healthz").json()["status"] == "ok"
        # A request from another site's page (DNS rebinding) is refused on loopback.
        refused = http.post(f"{mcp_url}/mcp", json=INITIALIZE, headers={**MCP_HEADERS, "Host": "evil.example"})
        assert refused.status_code in (400, 403, 421)
        # A browser's GET gets an answer at once, not an event stream that never speaks.
        browsed = http.get(f"{mcp_url}/mcp", timeout=10)
        assert browsed.status_code == 405 and "Använd POST" in browsed.json()["error"]


@pytest.fixture
def small_app(small_corpus, settings_for, fake_embedder):
    """A server over the small test corpus (fake embedder); make(**settings) builds one."""
    settings = settings_for(small_corpus)
    ingest(settings, embedder=fake_embedder)

    def make(**changes: Any) -> TestClient:
        changed = settings.replace(**changes)
        return TestClient(create_app(changed, Service(changed, embedder=fake_embedder)), base_url="http://127.0.0.1:8000")

    return make


def test_mcp_is_off_unless_the_setting_is_on(small_app):
    with small_app() as client:
        response = client.post("/mcp", json=INITIALIZE, headers=MCP_HEADERS)
        assert response.status_code == 404 and response.json() == {"ok": False, "error": "Sidan finns inte."}
    with small_app(mcp=True) as client:
        response = client.post("/mcp", json=INITIALIZE, headers=MCP_HEADERS)
        assert response.status_code == 200 and response.json()["result"]["serverInfo"]["name"] == "plansearch"


def test_off_loopback_it_needs_the_admin_token(small_app):
    with small_app(mcp=True, host="0.0.0.0", admin_token="hemlig-nyckel") as client:
        for headers in ({}, {"Authorization": "Bearer fel"}, {"Authorization": "hemlig"}):
            response = client.post("/mcp", json=INITIALIZE, headers=MCP_HEADERS | headers)
            assert response.status_code == 401 and "Fel eller saknad nyckel" in response.json()["error"]
        response = client.post("/mcp", json=INITIALIZE, headers=MCP_HEADERS | {"Authorization": "Bearer hemlig-nyckel"})
        assert response.status_code == 200 and response.json()["result"]["serverInfo"]["name"] == "plansearch"
    # No token set: as the admin endpoint, the route is not there at all.
    with small_app(mcp=True, host="0.0.0.0") as client:
        assert client.post("/mcp", json=INITIALIZE, headers=MCP_HEADERS).status_code == 404


def test_the_sdk_client_with_a_token(small_corpus, settings_for, fake_embedder):
    """An assistant configured with the token header reaches the tools over real HTTP."""
    settings = settings_for(small_corpus, mcp=True, host="::", admin_token="hemlig-nyckel")
    ingest(settings, embedder=fake_embedder)

    async def call(url: str, token: str) -> Any:
        async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"}) as http:
            async with Client(streamable_http_client(url, http_client=http)) as client:
                return await client.call_tool("glossary", {"term": ""})

    with running(create_app(settings, Service(settings, embedder=fake_embedder))) as url:
        assert data(anyio.run(call, f"{url}/mcp", "hemlig-nyckel"))["entries"]
        with pytest.raises(ExceptionGroup) as refused:  # the SDK client's task groups around its error
            anyio.run(call, f"{url}/mcp", "fel")
        assert refused.group_contains(MCPError, match="Server returned an error response", depth=2)


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("localhost", True),
                                            ("0.0.0.0", False), ("::", False), ("10.1.2.3", False), ("plansearch.example", False)])
def test_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_a_crash_is_a_plain_message_and_no_trace(small_corpus, settings_for, fake_embedder, monkeypatch):
    settings = settings_for(small_corpus)
    ingest(settings, embedder=fake_embedder)
    service = Service(settings, embedder=fake_embedder)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("/secret/path in a traceback")

    monkeypatch.setattr(service, "search", broken)

    async def main() -> str:
        async with Client(build_server(service)) as client:
            assert data(await client.call_tool("glossary", {"term": ""}))["entries"]
            return error(await client.call_tool("search", {"query": "cancer"}))

    assert anyio.run(main) == "Ett internt fel inträffade; försök igen."


def test_stdio_without_an_index_says_why_on_stderr_only(tmp_path):
    """No index and no corpus to build one from: one line on stderr, and stdout (the protocol) stays empty."""
    env = os.environ | {"PYTHONPATH": str(ROOT / "src"), "PLANSEARCH_INDEX_DIR": str(tmp_path / "index"),
                        "PLANSEARCH_CORPUS_DIR": str(tmp_path / "ingen-korpus")}
    done = subprocess.run([sys.executable, "-m", "plansearch.cli", "mcp"], env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=120)
    assert done.returncode == 1 and done.stdout == ""
    assert "index" in done.stderr.lower() and "Traceback" not in done.stderr

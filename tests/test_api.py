"""The HTTP API and pages: shapes, 4xx with reasons for bad input, escaping, security headers."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from plansearch.answer.citations import word_range
from plansearch.ingest.pipeline import ingest
from plansearch.server.app import create_app
from plansearch.service import Service


@pytest.fixture(scope="module")
def client(real_settings):
    with TestClient(create_app(real_settings), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def small_client(small_corpus, settings_for, fake_embedder):
    (small_corpus / "elak.txt").write_text(
        "Elak plan\n\nText med <script>alert(1)</script> och <img src=x onerror=alert(2)> i en mening om teledermatoskopi.\n",
        encoding="utf-8",
    )
    settings = settings_for(small_corpus)
    ingest(settings, embedder=fake_embedder)
    with TestClient(create_app(settings, Service(settings, embedder=fake_embedder)), raise_server_exceptions=False) as c:
        yield c


pytestmark = pytest.mark.slow


def test_health(client):
    data = client.get("/healthz").json()
    assert data["status"] == "ok" and data["documents"] == 5 and data["passages"] > 500


def test_search_returns_the_cli_records_under_results(client):
    data = client.get("/api/search", params={"q": "Vad står IPÖ för?", "k": 3}).json()
    assert len(data["results"]) == 3
    assert {"id", "doc_id", "title", "section", "page", "kind", "text", "score", "retrievers"} <= set(data["results"][0])
    # Named as citations and the MCP tools name it, too.
    assert all(r["passage_id"] == r["id"] for r in data["results"])
    filtered = client.get("/api/search", params={"q": "teledermatoskopi", "doc": "handlingsplan-gavleborg-2025-2027", "kind": "table_row"}).json()
    assert filtered["results"] and {r["doc_id"] for r in filtered["results"]} == {"handlingsplan-gavleborg-2025-2027"}


def test_ask_returns_answer_citations_and_highlights(client):
    data = client.post("/api/ask", json={"question": "vem ansvarar för teledermatoskopi?"}).json()
    assert set(data) >= {"answer", "citations", "abstained", "language"}
    assert data["abstained"] is False and data["language"] == "sv"
    for c in data["citations"]:
        assert {"n", "doc_id", "title", "section", "page", "text", "highlight"} <= set(c)
        start, end = c["highlight"]
        assert 0 <= start < end <= len(c["text"])
    history = [{"role": "user", "content": "Hur kvalitetssäkras teledermatoskopin i Gävleborg?"}]
    follow = client.post("/api/ask", json={"question": "och vem följer upp det?", "history": history}).json()
    assert "Nationell registeruppföljning saknas" in follow["answer"]


def test_glossary_roles_and_documents(client):
    entries = client.get("/api/glossary", params={"q": "IPÖ"}).json()["entries"]
    assert entries[0]["term"] == "IPÖ" and entries[0]["passage_id"]
    roles = client.get("/api/roles", params={"q": "cancersamordnare"}).json()["roles"]
    assert roles[0]["name"] == "Cancersamordnare" and len(roles[0]["duties"]) >= 5
    docs = client.get("/api/documents").json()["documents"]
    assert len(docs) == 5 and all(d["title"] for d in docs)
    doc = client.get("/api/documents/handlingsplan-gavleborg-2025-2027").json()
    assert doc["meta"]["publisher"] == "Region Gävleborg"
    assert all(0 <= p["start"] < p["end"] <= len(doc["text"]) for p in doc["passages"])


@pytest.mark.parametrize(
    "method, url, body, status, words",
    [
        ("post", "/api/ask", {"question": ""}, 422, "får inte vara tom"),
        ("post", "/api/ask", {"question": "   "}, 422, "frågan (question) är tom"),
        ("post", "/api/ask", {"question": "x" * 1001}, 422, "högst 1000 tecken"),
        ("post", "/api/ask", {"question": "ok?", "history": [{"role": "user", "content": "a"}] * 21}, 422, "för många poster"),
        ("post", "/api/ask", {"question": "ok?", "history": [{"role": "hacker", "content": "a"}]}, 422, "ogiltigt värde"),
        ("post", "/api/ask", {}, 422, "saknas"),
        ("get", "/api/search?q=&k=5", None, 422, "får inte vara tom"),
        ("get", "/api/search?q=cancer&k=0", None, 422, "minst 1"),
        ("get", "/api/search?q=cancer&k=51", None, 422, "högst 50"),
        ("get", "/api/search?q=cancer&doc=finns-inte", None, 404, "Okänt dokument"),
        ("get", "/api/documents/finns-inte", None, 404, "Okänt dokument"),
        ("get", "/api/documents/..%2F..%2Fetc%2Fpasswd", None, 404, ""),
        ("get", "/api/documents/%2e%2e", None, 404, ""),
        ("get", "/api/nothing", None, 404, "finns inte"),
    ],
)
def test_bad_input_gets_a_4xx_with_a_reason(client, method, url, body, status, words):
    response = client.post(url, json=body) if method == "post" else client.get(url)
    assert response.status_code == status
    assert response.json()["ok"] is False and words in response.json()["error"]


def test_malformed_json_is_a_4xx(client):
    response = client.post("/api/ask", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 422 and "JSON" in response.json()["error"]


def test_pages_render_in_swedish_with_security_headers(client):
    for path in ("/", "/sok?q=teledermatoskopi", "/ordlista", "/roller", "/aktiviteter", "/dokument", "/dokument/cancerplan-norr-2022-2024"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<html lang="sv">' in response.text
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
    assert "Ordlista och förkortningar" in client.get("/ordlista").text
    assert client.get("/dokument/finns-inte").status_code == 404
    assert client.get("/docs").status_code == 200
    assert client.get("/openapi.json").json()["paths"]["/api/ask"]


def marked(page: str) -> str:
    """The text of the page's one highlight, unescaped."""
    found = re.findall(r'<mark id="hit" class="hit" tabindex="-1">(.*?)</mark>', page, re.DOTALL)
    assert len(found) == 1, found
    return html.unescape(found[0])


def test_document_page_highlights_exactly_the_cited_part(client):
    answer = client.post("/api/ask", json={"question": "vem ansvarar för teledermatoskopi?"}).json()
    for citation in answer["citations"]:
        start, end = citation["highlight"]
        url = f"/dokument/{citation['doc_id']}?p={citation['passage_id']}&hl={start}-{end}"
        assert " ".join(marked(client.get(url).text).split()) == " ".join(citation["text"][start:end].split())
    # In a paragraph, another range marks another text; without a range the whole passage is marked.
    sentence = client.post("/api/ask", json={"question": "När är nästa möte i RPO Cancer?"}).json()["citations"][0]
    assert sentence["kind"] == "paragraph"
    doc, passage, text = sentence["doc_id"], sentence["passage_id"], sentence["text"]
    start, end = word_range(text, 0, 10)  # a range that cuts a word marks the whole word
    assert " ".join(marked(client.get(f"/dokument/{doc}?p={passage}&hl=0-10").text).split()) == " ".join(text[start:end].split())
    assert " ".join(marked(client.get(f"/dokument/{doc}?p={passage}").text).split()) == " ".join(text.split())


def test_document_text_is_always_escaped(small_client):
    page = small_client.get("/dokument/elak").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(2)&gt;" in page
    results = small_client.get("/sok", params={"q": "teledermatoskopi <script>"}).text
    assert "<script>alert" not in results and "teledermatoskopi &lt;script&gt;" in results


# -- issue 20 -----------------------------------------------------------------------------------


def test_errors_are_swedish_in_error_and_in_details(client):
    data = client.post("/api/ask", json={"question": "", "history": [{"role": "robot", "content": "x"}]}).json()
    assert data["error"].startswith("Ogiltig förfrågan: ")
    assert "frågan (question) får inte vara tom" in data["error"] and "rollen i historiken (role)" in data["error"]
    assert [d["msg"] for d in data["details"]] == [
        "frågan (question) får inte vara tom", "rollen i historiken (role) har ett ogiltigt värde",
    ]
    assert all(d["loc"] and d["type"] for d in data["details"])
    assert "should" not in str(data).lower() and "field required" not in str(data).lower()
    for url in ("/api/search?q=%20", "/api/search?q=x&kind=tabell", "/api/search?q=x&k=abc"):
        error = client.get(url).json()["error"]
        assert error.startswith(("Ogiltig förfrågan: ", "Söktexten")) and error.endswith("."), error


def test_an_unknown_page_is_the_styled_swedish_page_and_an_unknown_api_path_json(client):
    page = client.get("/finns-inte")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert '<html lang="sv">' in page.text and "<h1>Sidan finns inte</h1>" in page.text
    assert '<link rel="stylesheet" href="/static/style.css">' in page.text
    document = client.get("/dokument/finns-inte")
    assert document.status_code == 404 and "<h1>Dokumentet finns inte</h1>" in document.text
    api = client.get("/api/finns-inte")
    assert api.status_code == 404 and api.json() == {"ok": False, "error": "Sidan finns inte."}
    assert client.post("/sok").status_code == 405 and "<h1>" in client.post("/sok").text


@pytest.mark.parametrize("path", ["/", "/sok?q=teledermatoskopi", "/ordlista", "/dokument", "/healthz", "/api/documents"])
def test_head_answers_like_get_without_a_body(client, path):
    head, get = client.head(path), client.get(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert "script-src 'self'" in head.headers["content-security-policy"]


def test_a_cited_table_row_carries_its_cells(client):
    data = client.post("/api/ask", json={"question": "vem ansvarar för teledermatoskopi?"}).json()
    rows = [c for c in data["citations"] if c["kind"] == "table_row"]
    assert rows
    for c in rows:
        assert c["fields"] and c["text"] == " | ".join(f"{name}: {value}" for name, value in c["fields"] if value)
        start, end = c["highlight"]
        assert any(c["text"][start:end] in value for _, value in c["fields"])  # the highlight lies in one cell
    assert all(c["fields"] == [] for c in data["citations"] if c["kind"] != "table_row")


def test_search_page_counts_the_strong_hits_on_the_real_corpus(client):
    page = client.get("/sok", params={"q": "teledermatoskopi"}).text
    assert "6 starka träffar för ”teledermatoskopi”" in page
    strong, weak = page.split('id="weak-heading"', 1)
    strong = strong.split('id="results-heading"', 1)[1]
    assert strong.count('class="card result"') == 6 and strong.count("Stark träff") == 6
    assert "teledermatoskop" not in weak.lower().split("</h2>", 1)[1]
    assert '<mark class="term">teledermatoskopiverksamheten</mark>' in strong
    nothing = client.get("/sok", params={"q": "parkering"}).text
    assert "Inga starka träffar för ”parkering”" in nothing
    empty = client.get("/sok", params={"q": ""}).text
    assert "Skriv ett sökord eller en fråga." in empty and 'aria-invalid="true"' in empty


def test_roles_are_found_by_name_before_duty(client):
    roles = client.get("/api/roles", params={"q": "regionerna"}).json()["roles"]
    names = [r["name"] for r in roles]
    assert names[0] == "Regionerna"
    named = [i for i, r in enumerate(roles) if any("regionerna" in v.lower() for v in [r["name"], *r["variants"]])]
    assert named == list(range(len(named)))  # every role whose name holds it before the others…
    assert "RCC Mellansverige" in names[len(named):]  # …which only mention it in their duties
    assert client.get("/api/roles", params={"q": "cancersamordnare"}).json()["roles"][0]["name"] == "Cancersamordnare"


def test_glossary_page_explains_a_meaning_read_off_two_versions(client):
    page = client.get("/ordlista").text
    assert "utläst ur två versioner" not in page
    assert "Förkortningen förklaras av samma mening i" in page

"""The original page over HTTP and in the browser: a real server on loopback over an index (the
bundled model) of a folder with one of the shared PDFs (the minutes, two pages) and one text file.

GET /dokument/<id>/sida/<n>.png gives the page as a PNG with cache headers, a 304 for the
rendering the browser has, and 404s with Swedish reasons; the document view has a Text/Sida
toggle only for PDFs, and in Chromium a citation opened from the chat shows its page with the mark.
"""

from __future__ import annotations

import re
import shutil

import httpx
import pytest
import test_browser
from test_pdf import SHARED

from conftest import DATA
from servers import running

pytestmark = pytest.mark.slow
browser = test_browser.browser  # Debian's Chromium with the flags of the other browser tests
SCREENSHOTS = test_browser.SCREENSHOTS

MINUTES = "digg_motesanteckningar_pid_1.pdf"
DOC = "digg-motesanteckningar-pid-1"


@pytest.fixture(scope="module")
def pdf_url(tmp_path_factory):
    from plansearch.config import Settings
    from plansearch.ingest.pipeline import ingest
    from plansearch.server.app import create_app

    if not (SHARED / MINUTES).exists():
        pytest.skip(f"{SHARED / MINUTES} is missing: the shared test PDFs live in ../shared/pdfs/")
    root = tmp_path_factory.mktemp("original")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(SHARED / MINUTES, corpus / MINUTES)
    shutil.copy(DATA / "kort-plan.txt", corpus / "kort-plan.txt")
    settings = Settings.from_env(environ={}, corpus_dir=corpus, index_dir=root / "index", reload_interval=0)
    report = ingest(settings)
    assert report.documents == 2, report.skipped
    with running(create_app(settings)) as url:
        yield url, root / "index" / "pages"


def cited(client: httpx.Client) -> dict:
    answer = client.post("/api/ask", json={"question": "När är nästa möte?"}).json()
    return next(c for c in answer["citations"] if c["doc_id"] == DOC)


def reason(page: str) -> str:
    return " ".join(re.findall(r"<p class=\"error\"[^>]*>([^<]*)</p>", page))


def test_the_page_image_its_cache_headers_and_swedish_404s(pdf_url):
    url, cache = pdf_url
    with httpx.Client(base_url=url, timeout=60) as client:
        c = cited(client)
        assert c["page"] == 2
        address = f"/dokument/{DOC}/sida/{c['page']}.png?passage={c['passage_id']}&hl={c['highlight'][0]}-{c['highlight'][1]}"
        first = client.get(address)
        assert first.status_code == 200 and first.headers["content-type"] == "image/png"
        assert first.content.startswith(b"\x89PNG\r\n\x1a\n") and len(first.content) > 10_000
        assert first.headers["cache-control"] == "no-cache" and first.headers["etag"]
        assert len(list(cache.glob("*.png"))) == 1  # kept on disk beside the index
        again = client.get(address, headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304 and not again.content
        other = client.get(f"/dokument/{DOC}/sida/{c['page']}.png?passage={c['passage_id']}")
        assert other.status_code == 200 and other.headers["etag"] != first.headers["etag"]  # no answering part marked

        for bad, why in [
            (f"/dokument/{DOC}/sida/3.png", "Sidan 3 finns inte; dokumentet har 2 sidor"),
            (f"/dokument/{DOC}/sida/0.png", "finns inte"),
            (f"/dokument/{DOC}/sida/två.png", "finns inte"),
            (f"/dokument/{DOC}/sida/1.png?passage={DOC}:999", "Avsnittet"),
            ("/dokument/finns-inte/sida/1.png", "Okänt dokument"),
            ("/dokument/kort-plan/sida/1.png", "inte en PDF"),
        ]:
            response = client.get(bad)
            assert response.status_code == 404, bad
            assert why in reason(response.text), (bad, reason(response.text))
            assert "Traceback" not in response.text


def test_the_document_view_toggles_between_text_and_page_for_pdfs_only(pdf_url):
    url, _ = pdf_url
    with httpx.Client(base_url=url, timeout=60) as client:
        c = cited(client)
        link = f"/dokument/{DOC}?p={c['passage_id']}&hl={c['highlight'][0]}-{c['highlight'][1]}"
        text = client.get(link).text
        assert '<mark id="hit"' in text and "<img" not in text  # the text view is the default
        assert re.search(r'<a href="[^"]*visa=sida#hit">Sida</a>', text)
        page = client.get(link + "&visa=sida").text
        image = re.search(r'<img src="([^"]+)"[^>]*alt="([^"]+)"', page)
        assert image and image.group(2) == "Sida 2 i originalet, med det citerade avsnittet markerat"
        assert client.get(image.group(1).replace("&amp;", "&")).headers["content-type"] == "image/png"
        assert "Arbete med issues på Github" in page  # the passage stays there as text
        assert 'id="hit"' in page and re.search(r'<a href="[^"]*#hit" *>Text</a>', page)
        plain = client.get("/dokument/kort-plan?p=kort-plan:0&visa=sida").text
        assert "Sida</a>" not in plain and "<img" not in plain


def test_a_citation_opens_on_its_original_page_with_the_mark_in_view(pdf_url, browser):
    url, _ = pdf_url
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(60_000)  # a bound for a loaded machine, not a speed requirement
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(url + "/")
        box = page.get_by_label("Din fråga")
        box.fill("När är nästa möte?")
        box.press("Enter")
        answer = page.locator("article.msg.bot").first
        answer.wait_for()
        answer.locator(".citations li").filter(has_text="Mötesanteckningar").first.locator("a.open-doc").click()
        page.wait_for_url(f"**/dokument/{DOC}**")
        page.locator("mark#hit").wait_for()
        page.get_by_role("link", name="Sida", exact=True).click()
        page.wait_for_url("**visa=sida**")
        image = page.get_by_role("img", name="Sida 2 i originalet, med det citerade avsnittet markerat")
        image.wait_for()
        page.wait_for_function("() => document.querySelector('figure img').complete")
        assert image.evaluate("img => img.naturalWidth") > 500
        assert page.get_by_role("link", name="Sida", exact=True).get_attribute("aria-current") == "page"
        # The view lands on the mark: the anchor placed over the marked lines is on the screen.
        mark = page.locator("#hit")
        top = mark.evaluate("el => el.getBoundingClientRect().top")
        assert 0 <= top <= 900 and mark.evaluate("el => document.activeElement === el")
        left, top_share, width, height = (float(v) for v in mark.get_attribute("data-area").split())
        assert 0.2 < top_share < 0.8 and 0 < height < 0.05 and 0.3 < width < 0.9  # one line, most of the text width
        shown, pic = mark.bounding_box(), image.bounding_box()
        assert abs(shown["y"] - (pic["y"] + top_share * pic["height"])) < 3  # laid over the image where the mark is
        assert "Arbete med issues på Github" in page.locator("blockquote").inner_text()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "original-page.png"))
        page.screenshot(path=str(SCREENSHOTS / "original-page-full.png"), full_page=True)
        assert errors == []
    finally:
        context.close()


def test_a_documents_title_is_never_the_answer(pdf_url):
    # A new user asked about the PDF minutes and got their title back as the answer.
    url, _ = pdf_url
    with httpx.Client(base_url=url, timeout=60) as client:
        answer = client.post(
            "/api/ask", json={"question": "Vad ska göras inför nästa möte i referensgruppen för beständiga identifierare?"}
        ).json()
        title = client.get(f"/api/documents/{DOC}").json()["meta"]["title"]
    assert title.split(",")[0] not in answer["answer"].split("[")[0] or answer["abstained"]

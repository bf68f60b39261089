"""The web chat in a real browser: Debian's Chromium driven by Playwright, against a real server."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from servers import running

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
SCREENSHOTS = ROOT / "evaluation" / "screenshots"


@pytest.fixture(scope="module")
def base_url(real_settings):
    from plansearch.server.app import create_app

    with running(create_app(real_settings)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (scripts/test.sh installs it)")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="sv-SE")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()


def test_question_answer_citation_and_highlight(page, base_url):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(base_url + "/")
    question = page.get_by_label("Din fråga")
    question.fill("vem ansvarar för teledermatoskopi?")
    question.press("Enter")  # the keyboard alone is enough
    answer = page.locator("article.msg.bot").first
    answer.wait_for(timeout=20_000)
    assert page.locator("#conversation").get_attribute("aria-live") == "polite"
    text = answer.locator(".answer-text").inner_text()
    assert "[1]" in text and "VO Företrädare i RG" in text
    cards = answer.locator(".citations li")
    titles = " ".join(cards.locator("h3").all_inner_texts())
    assert "Region Gävleborg" in titles and "Mellansverige" in titles
    assert answer.locator(".citations mark").first.inner_text().strip()
    page.screenshot(path=str(SCREENSHOTS / "chat.png"), full_page=True)

    gav = cards.filter(has_text="Region Gävleborg").first
    gav.locator("a.open-doc").click()
    page.wait_for_url("**/dokument/handlingsplan-gavleborg-2025-2027**")
    hit = page.locator("mark#hit")
    hit.wait_for()
    assert hit.inner_text() == "VO Företrädare i RG"
    assert hit.is_visible() and hit.evaluate("el => document.activeElement === el")
    page.screenshot(path=str(SCREENSHOTS / "document.png"))
    assert page.console_errors == []


def test_follow_up_and_abstention_in_the_chat(page, base_url):
    page.goto(base_url + "/")
    box = page.get_by_label("Din fråga")
    box.fill("Hur kvalitetssäkras teledermatoskopin i Gävleborg?")
    box.press("Enter")
    page.locator("article.msg.bot").nth(0).wait_for()
    box.fill("och vem följer upp det?")
    page.get_by_role("button", name="Fråga").click()
    second = page.locator("article.msg.bot").nth(1)
    second.wait_for()
    assert "Nationell registeruppföljning saknas" in second.inner_text()
    box.fill("Var kan man parkera vid Akademiska sjukhuset?")
    box.press("Enter")
    third = page.locator("article.msg.bot").nth(2)
    third.wait_for()
    assert "Jag hittar inget i dokumenten om" in third.inner_text()
    assert "Närmaste avsnitten" in third.inner_text()


def test_glossary_search_as_you_type_and_roles_page(page, base_url):
    page.goto(base_url + "/ordlista")
    page.get_by_label("Filtrera").fill("ipo")
    visible = page.locator("#glossary tbody tr:not([hidden])")
    assert 1 <= visible.count() <= 5
    assert "Individuell patientöversikt" in visible.first.inner_text()
    visible.first.get_by_role("link").click()
    page.locator("mark#hit").wait_for()
    page.goto(base_url + "/roller")
    page.get_by_label("Filtrera").fill("cancersamordnare")
    role = page.locator("#roles > li:not([hidden])").first
    role.locator("summary").click()
    assert "Cancersamordnare" in role.inner_text()
    assert role.locator("a").count() >= 5


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    """A server over a corpus with a document full of markup that must show as text."""
    import shutil

    from conftest import DATA, FakeEmbedder
    from plansearch.config import Settings
    from plansearch.ingest.pipeline import ingest
    from plansearch.server.app import create_app
    from plansearch.service import Service

    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    shutil.copytree(DATA, corpus, ignore=shutil.ignore_patterns("*.pdf"))
    (corpus / "elak.txt").write_text(
        "Elak plan <script>alert(1)</script>\n\n"
        "Teledermatoskopi enligt <script>alert(2)</script> och <img src=x onerror=alert(3)> i samma mening.\n",
        encoding="utf-8",
    )
    settings = Settings.from_env(environ={}, corpus_dir=corpus, index_dir=root / "index", reload_interval=0)
    embedder = FakeEmbedder()
    ingest(settings, embedder=embedder)
    with running(create_app(settings, Service(settings, embedder=embedder))) as url:
        yield url


def test_markup_in_documents_and_questions_shows_as_text(page, hostile_url):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(hostile_url + "/dokument/elak")
    assert "<script>alert(2)</script>" in page.locator("article.doc").inner_text()
    assert page.locator("article.doc img").count() == 0
    page.goto(hostile_url + "/sok?q=teledermatoskopi <script>alert(4)</script>")
    assert "<script>alert(4)</script>" in page.locator("h2").inner_text()
    page.goto(hostile_url + "/")
    box = page.get_by_label("Din fråga")
    box.fill("teledermatoskopi <img src=x onerror=alert(5)>")
    box.press("Enter")
    page.locator("article.msg.bot").wait_for()
    shown = page.locator("#conversation").inner_text()
    assert "<img src=x onerror=alert(5)>" in shown
    assert page.locator("#conversation img").count() == 0
    page.wait_for_timeout(500)
    assert dialogs == []

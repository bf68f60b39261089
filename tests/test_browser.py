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
    assert "<script>alert(4)</script>" in page.locator("#results-heading").inner_text()
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


# -- issue 20: the chat and pages as staff use them, on a laptop and on a phone -------------------

SCREENS = [pytest.param((1280, 900), id="laptop"), pytest.param((390, 844), id="phone")]


@pytest.fixture
def screen(browser, request):
    """A page at the test's screen size; `screen.shot(name)` saves a screenshot named after it."""
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(60_000)  # a bound for a loaded machine, not a speed requirement
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.shot = lambda name, **kw: page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), **kw)
    yield page
    context.close()


def in_viewport(page, locator) -> bool:
    """Whether the element's top edge is on the screen."""
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] < page.viewport_size["height"]


def fully_in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


def no_sideways_scrolling(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def ask(page, question: str, n: int, mouse: bool = False):
    """Ask `question` as the n-th (0-based) of the conversation; returns its answer."""
    box = page.get_by_label("Din fråga")
    box.fill(question)
    if mouse:
        page.get_by_role("button", name="Fråga").click()
    else:
        box.press("Enter")
    answer = page.locator("article.msg.bot").nth(n)
    answer.wait_for()
    return answer


@pytest.mark.parametrize("screen", SCREENS, indirect=True)
def test_item1_a_new_answer_is_brought_into_view_and_the_question_box_stays_at_hand(screen, base_url):
    page = screen
    page.goto(base_url + "/")
    box = page.get_by_label("Din fråga")
    questions = [
        ("vem ansvarar för teledermatoskopi?", False),
        ("Hur kvalitetssäkras teledermatoskopin i Gävleborg?", False),  # a second one sent with Enter
        ("och vem följer upp det?", True),  # and one sent with the mouse
    ]
    for n, (question, mouse) in enumerate(questions):
        answer = ask(page, question, n, mouse)
        assert in_viewport(page, answer), (question, answer.bounding_box())
        assert in_viewport(page, answer.locator(".answer-text")), question
        assert fully_in_viewport(page, box), question  # the next question can be typed at once…
        assert box.evaluate("el => document.activeElement === el"), question  # …and the focus is there
        assert page.locator("#status").inner_text() == "Svaret är klart."
        # The live region announces the answer: it is added inside it.
        assert page.locator("#conversation[aria-live='polite'] article.msg.bot").count() == n + 1
    assert "Nationell registeruppföljning saknas" in answer.inner_text()
    page.shot("item1-third-answer-in-view")
    assert no_sideways_scrolling(page)
    assert page.console_errors == []


PAGES = [
    "/", "/sok?q=teledermatoskopi", "/sok?q=vem+ansvarar+f%C3%B6r+teledermatoskopi%3F", "/ordlista", "/roller", "/aktiviteter", "/beslut",
    "/jamfor?topic=screening&doc=handlingsplan-gavleborg-2025-2027&doc=cancerplan-norr-2022-2024&doc=cancerplan-mellansverige-2025-2027",
    "/dokument", "/dokument/cancerplan-mellansverige-2025-2027", "/dokument/handlingsplan-gavleborg-2025-2027",
    "/dokument/cancerplan-norr-2022-2024", "/dokument/socialstyrelsen-analys-rcc-2025",
    "/dokument/minnesanteckningar-rpo-cancer-norr-2025-02-04", "/finns-inte",
]


# The right edge of the text that starts with `start` in the document: a long link wraps.
LINK_RIGHT_EDGE = """start => {
  const walker = document.createTreeWalker(document.querySelector("article.doc"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.textContent.indexOf(start);
    if (at < 0) continue;
    const end = node.textContent.slice(at).search(/\\s|$/);
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + end);
    return Math.max(...Array.from(range.getClientRects()).map(r => r.right));
  }
  return -1;
}"""


@pytest.mark.parametrize("screen", SCREENS, indirect=True)
def test_item2_every_page_fits_the_screen_and_tables_stack_on_a_phone(screen, base_url):
    page = screen
    width = page.viewport_size["width"]
    for size in ([(width, 844), (360, 740)] if width < 500 else [(width, 900)]):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        for path in PAGES:
            page.goto(base_url + path)
            assert no_sideways_scrolling(page), (size, path, page.evaluate("document.documentElement.scrollWidth"))
        # A conversation with citation cards too.
        page.goto(base_url + "/")
        ask(page, "vem ansvarar för teledermatoskopi?", 0)
        assert no_sideways_scrolling(page), (size, "chat")
    page.set_viewport_size({"width": width, "height": 844 if width < 500 else 900})
    # The glossary: every column of a row on the screen, meaning and source alike.
    page.goto(base_url + "/ordlista")
    page.get_by_label("Filtrera").fill("ipö")
    row = page.locator("#glossary tbody tr:not([hidden])").first
    for cell in (row.locator("th"), row.locator("td").nth(0), row.locator("td").nth(1).get_by_role("link").first):
        box = cell.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, cell
    page.shot("item2-glossary")
    # A long link in a document wraps inside the page.
    page.goto(base_url + "/dokument/cancerplan-mellansverige-2025-2027")
    right = page.evaluate(LINK_RIGHT_EDGE, "https://www.regeringen.se/contentassets/")
    assert 0 < right <= width
    page.goto(base_url + "/sok?q=teledermatoskopi")
    page.shot("item2-search")
    assert [e for e in page.console_errors if "404" not in e] == []  # /finns-inte is one of the pages


@pytest.mark.parametrize("screen", SCREENS, indirect=True)
def test_item3_search_says_how_many_hits_are_strong_and_marks_the_query_words(screen, base_url):
    page = screen
    page.goto(base_url + "/sok")
    page.get_by_label("Sökord eller fråga").fill("teledermatoskopi")
    page.get_by_label("Sökord eller fråga").press("Enter")
    heading = page.locator("#results-heading")
    assert heading.inner_text() == "6 starka träffar för ”teledermatoskopi”"
    strong = page.locator("ol.results:not(.weak) > li")
    weak = page.locator("ol.results.weak > li")
    assert strong.count() == 6 and weak.count() >= 1
    # Strong: exactly the hits that hold the word or a compound of it, each with it marked.
    for card in strong.all():
        assert "teledermatoskop" in card.inner_text().lower()
        assert card.locator(".strength").inner_text().startswith("Stark träff")
        assert card.locator("mark.term").count() >= 1
    for card in weak.all():
        assert "teledermatoskop" not in card.inner_text().lower()
        assert card.locator(".strength").inner_text() == "Svag träff"
    marks = page.locator("mark.term").all_inner_texts()
    assert marks and all(m.lower().startswith("teledermatoskopi") for m in marks)
    assert "teledermatoskopiverksamheten" in [m.lower() for m in marks]  # a compound, marked whole
    page.shot("item3-strong-hits")
    # An inflected query marks the same words; a topic the documents lack has no strong hit.
    page.goto(base_url + "/sok?q=teledermatoskopin")
    assert page.locator("#results-heading").inner_text() == "6 starka träffar för ”teledermatoskopin”"
    assert page.locator("mark.term").count() == len(marks)
    page.goto(base_url + "/sok?q=parkering")
    assert page.locator("#results-heading").inner_text().startswith("Inga starka träffar")
    assert page.console_errors == []


@pytest.mark.parametrize("screen", SCREENS, indirect=True)
def test_item4_a_table_row_is_a_list_in_the_card_and_a_table_in_the_document(screen, base_url):
    page = screen
    page.goto(base_url + "/")
    answer = ask(page, "vem ansvarar för teledermatoskopi?", 0)
    card = answer.locator(".citations > li").filter(has_text="Region Gävleborg").first
    fields = card.locator("dl.row-fields")
    assert fields.count() == 1 and " | " not in card.inner_text()
    terms = fields.locator("dt").all_inner_texts()
    assert terms[:2] == ["Aktivitet", "Hur?"] and "Ansvarig" in terms
    marked = fields.locator("div", has=page.locator("mark"))
    assert marked.count() == 1 and marked.locator("dt").inner_text() == "Ansvarig"
    assert marked.locator("mark").inner_text() == "VO Företrädare i RG"
    marked.evaluate("el => el.scrollIntoView({block: 'center'})")
    page.shot("item4-card-as-list")
    card.get_by_role("link", name="Öppna i dokumentet").click()
    page.wait_for_url("**/dokument/handlingsplan-gavleborg-2025-2027**")
    hit = page.locator("mark#hit")
    hit.wait_for()
    assert hit.inner_text() == "VO Företrädare i RG"
    cell = page.locator("td", has=hit)
    assert cell.get_attribute("data-label") == "Ansvarig"
    row = page.locator("tr.cited", has=hit)
    assert "Kvalitetssäkring av hela vårdkedjan kring teledermatoskopi" in row.inner_text()
    table = page.locator("table.rows", has=hit)
    assert table.locator("thead th").all_inner_texts()[:3] == ["Aktivitet", "Hur?", "Vem?"]
    running_text = "".join(page.locator(".doc-text").all_text_contents())
    assert "VO Företrädare i RG" not in running_text  # the rows are in the table, not as raw tab-separated text
    assert hit.evaluate("el => document.activeElement === el") and in_viewport(page, hit)
    page.shot("item4-document-table")
    assert no_sideways_scrolling(page)


WORD_BOUNDARIES = """marks => marks.map(mark => {
  const before = mark.previousSibling ? mark.previousSibling.textContent : "";
  const after = mark.nextSibling ? mark.nextSibling.textContent : "";
  return [before.slice(-1), mark.textContent, after.slice(0, 1)];
}).filter(([b, text, a]) => /[\\p{L}\\p{N}]/u.test(b) && /^[\\p{L}\\p{N}]/u.test(text)
                          || /[\\p{L}\\p{N}]/u.test(a) && /[\\p{L}\\p{N}]$/u.test(text))"""


@pytest.mark.parametrize("screen", SCREENS, indirect=True)
def test_item5_highlights_start_and_end_at_word_boundaries(screen, base_url):
    page = screen
    page.goto(base_url + "/")
    answer = ask(page, "Hur går prisförhandlingar om läkemedel till i Norrbotten?", 0)
    assert "Jag hittar inget i dokumenten om" in answer.inner_text()
    marks = answer.locator(".citations mark")
    assert marks.count() >= 1
    assert marks.evaluate_all(WORD_BOUNDARIES) == []
    answer = ask(page, "Var kan man parkera vid Akademiska sjukhuset?", 1)
    assert answer.locator(".citations mark").evaluate_all(WORD_BOUNDARIES) == []
    answer.locator(".citations").scroll_into_view_if_needed()
    page.shot("item5-closest-passages")
    # In the document too, and in the cards of an answer that names a role.
    answer = ask(page, "Vad ansvarar cancersamordnaren för?", 2)
    assert answer.locator(".citations mark").count() >= 1
    assert answer.locator(".citations mark").evaluate_all(WORD_BOUNDARIES) == []
    answer.locator(".open-doc").first.click()
    page.locator("#hit").wait_for()
    assert page.locator("mark.hit").evaluate_all(WORD_BOUNDARIES) == []


@pytest.mark.parametrize("screen", SCREENS, indirect=True)
def test_item6_validation_and_errors_are_swedish_pages(screen, base_url):
    page = screen
    page.goto(base_url + "/")
    ask(page, "Vad står IPÖ för?", 0)
    assert page.locator("#status").inner_text() == "Svaret är klart."
    box = page.get_by_label("Din fråga")
    box.fill("   ")
    page.get_by_role("button", name="Fråga").click()
    problem = page.locator("#question-error")
    assert problem.is_visible() and problem.inner_text() == "Skriv en fråga först."
    assert page.locator("#status").inner_text() != "Svaret är klart."
    assert box.get_attribute("aria-invalid") == "true"
    assert box.evaluate("el => document.activeElement === el")
    assert page.locator("article.msg.bot").count() == 1  # nothing was sent
    assert "Please" not in page.locator("body").inner_text()
    page.shot("item6-empty-question")
    box.fill("Vad står KSSK för?")  # typing clears the message
    assert problem.is_hidden() and box.get_attribute("aria-invalid") is None
    # The search form, sent empty, answers in Swedish too.
    page.goto(base_url + "/sok")
    page.get_by_role("button", name="Sök").click()
    assert page.locator("#search-error").inner_text() == "Skriv ett sökord eller en fråga."
    # An unknown page is the styled Swedish page, like an unknown document.
    response = page.goto(base_url + "/finns-inte")
    assert response.status == 404 and "text/html" in response.headers["content-type"]
    assert page.locator("h1").inner_text() == "Sidan finns inte"
    assert page.locator("header.top nav").is_visible()  # the site's own frame and style
    assert page.locator("a", has_text="Till chatten").count() == 1
    page.shot("item6-unknown-page")
    response = page.goto(base_url + "/dokument/finns-inte")
    assert response.status == 404 and page.locator("h1").inner_text() == "Dokumentet finns inte"
    # HEAD answers like GET, without a body.
    head = page.request.fetch(base_url + "/", method="HEAD")
    get = page.request.get(base_url + "/")
    assert head.status == 200 and head.body() == b"" and head.headers["content-type"] == get.headers["content-type"]


def test_activities_page_filters_and_downloads_without_javascript(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE", java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.goto(base_url + "/aktiviteter")
    page.get_by_label("Region eller dokument").select_option(label="Region Gävleborg (41)")
    page.get_by_label("År").select_option("2024")
    page.get_by_role("button", name="Visa").click()  # a GET form: the filters are in the address
    page.wait_for_url("**/aktiviteter?region=Region+G%C3%A4vleborg*year=2024*")
    assert page.locator("#count").inner_text().startswith("1 aktivitet av ")
    assert page.locator("section.timeline h3").all_inner_texts() == ["Klart 2024 (1)"]
    assert "Beslut klart under 2024." in page.locator("section.timeline").inner_text()
    assert no_sideways_scrolling(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    # A byte-order mark first, so that a spreadsheet reads å/ä/ö as UTF-8.
    assert text.startswith("\ufeffAktivitet,Hur,Vem,När,Ansvarig,") and "Beslut klart under 2024." in text
    page.screenshot(path=str(SCREENSHOTS / "activities.png"), full_page=True)
    context.close()


def test_decisions_page_filters_and_downloads_without_javascript(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE", java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.goto(base_url + "/beslut")
    assert page.locator("#count").inner_text() == "4 beslut av 4"
    page.get_by_label("Möte eller beslutande").select_option(label="Beslutat av RCC i samverkan (2)")
    page.get_by_label("Fritext").fill("pilotprojekt")
    page.get_by_role("button", name="Visa").click()  # a GET form: the filters are in the address
    page.wait_for_url("**/beslut?meeting=RCC+i+samverkan*q=pilotprojekt")  # and document= (all)
    assert page.locator("#count").inner_text() == "1 beslut av 4"
    card = page.locator("ol.results > li")
    assert "Genomföra ett pilotprojekt för MVP bröstcancer" in card.inner_text() and "7. Aktuellt från RCC i samverkan" in card.inner_text()
    assert no_sideways_scrolling(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("\ufeffBeslut,Inledning,Beslutande,") and text.count("\n") == 2
    card.get_by_role("link").first.click()  # the decision's link opens the minutes at its passage
    assert "RCC i samverkan har beslutat att genomföra" in page.locator("#hit").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "decisions.png"), full_page=True)
    context.close()


@pytest.mark.parametrize(
    ("path", "status", "field", "value", "reason"),
    [
        ("/aktiviteter?year=3000", 422, "År", "3000", "Året ”3000” är inte ett år mellan 1900 och 2100"),
        ("/aktiviteter?year=abc", 422, "År", "abc", "Året ”abc” är inte ett år"),
        ("/aktiviteter?region=Atlantis", 404, "Region eller dokument", "Atlantis", "Ingen region eller inget dokument i registret matchar"),
        ("/beslut?document=nope", 404, "Protokoll", "nope", "Inget protokoll i beslutsloggen matchar"),
    ],
)
def test_register_pages_say_which_filter_is_wrong(browser, base_url, path, status, field, value, reason):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    response = page.goto(base_url + path)
    assert response.status == status  # what the API answers for the same filter
    alert = page.get_by_role("alert")
    assert alert.is_visible() and reason in alert.inner_text()
    assert page.get_by_label(field).input_value() == value  # the form keeps what was asked
    assert page.get_by_label(field).get_attribute("aria-invalid") == "true"
    # Next to the form: the alert is the element right after it.
    assert page.evaluate("document.querySelector('form.search').nextElementSibling.getAttribute('role')") == "alert"
    assert no_sideways_scrolling(page)
    context.close()


@pytest.mark.parametrize("width", [1280, 390], ids=["laptop", "phone"])
def test_compare_page_side_by_side_and_stacked_without_javascript(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(60_000)  # a bound for a loaded machine, not a speed requirement
    page.goto(base_url + "/jamfor")
    page.get_by_label("Ämne").fill("lungcancerscreening")
    page.get_by_label("Handlingsplan 2025–2027, Programområde Cancersjukdomar, Region Gävleborg").check()
    page.get_by_label("Cancerplan för norra sjukvårdsregionen 2022–2024").check()
    page.get_by_label("Analys av verksamheten vid regionala cancercentrum 2025").check()
    page.get_by_role("button", name="Jämför").click()
    page.wait_for_url("**/jamfor?topic=lungcancerscreening*")
    sides = page.locator("section.compare-side")
    assert sides.count() == 3
    boxes = [sides.nth(n).bounding_box() for n in range(3)]
    if width > 1000:
        assert boxes[0]["y"] == boxes[1]["y"] == boxes[2]["y"]  # side by side
    else:
        assert boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"] and boxes[0]["x"] == boxes[1]["x"]  # stacked
    norr = sides.filter(has_text="Cancerplan för norra sjukvårdsregionen").inner_text()
    analysis = sides.filter(has_text="Analys av verksamheten vid regionala cancercentrum").inner_text()
    # Norr's plan has passages and a goal on lung cancer screening; the analysis has nothing above the bar.
    assert "Avsnitt" in norr and "Aktiviteter (1)" in norr and "Inget om detta i dokumentet." in analysis
    assert no_sideways_scrolling(page)
    page.screenshot(path=str(SCREENSHOTS / f"compare-{width}.png"), full_page=True)
    context.close()

"""The original PDF page with a passage marked (ingest/pdf_page.py, store/page_images.py), on the
real Swedish PDFs of ../shared/pdfs/: the boxes lie on the page over the passage's own words,
the answering sentence has boxes of its own, a page the passage is not on gets none, and the
renderings are cached under names that change with what they show."""

from __future__ import annotations

import io
import os
import re
import shutil
import unicodedata
from dataclasses import replace

import pytest
from test_pdf import ingest, shared

from plansearch.errors import NotFound
from plansearch.ingest.pdf_chars import page_chars
from plansearch.ingest.pdf_layout import merge_accents
from plansearch.ingest.pdf_page import mark_boxes, render_marked, values_only
from plansearch.store.page_images import original_page, trim

TERAPI = "halland_terapirekommendationer_2018_utkast.pdf"  # two columns, chapter footers, tables
SKOLVERKET = "skolverket_sarskilt_stod_2024_25.pdf"  # a ruled table, charts
MINUTES = "digg_motesanteckningar_pid_1.pdf"  # two pages of numbered items


def letters(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def words(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", text) if len(w) >= 2]


def one_page_passages(name: str, count: int = 12):
    """Passages that begin and end on one page, spread over the document."""
    _, _, passages = ingest(shared(name))
    alone = [p for p in passages if p.page is not None and p.page == (p.page_end or p.page) and len(words(values_only(p.text, p.fields))) >= 4]
    step = max(1, len(alone) // count)
    return alone[::step][:count]


def text_in(pdf, number: int, boxes) -> str:
    """The text pdfium finds inside the boxes (with a point of slack round each)."""
    page = pdf[number - 1]
    textpage = page.get_textpage()
    height = page.get_height()
    found = [textpage.get_text_bounded(left=b.x0 - 1, bottom=height - b.bottom - 1, right=b.x1 + 1, top=height - b.top + 1) for b in boxes]
    textpage.close()
    page.close()
    return " ".join(found)


@pytest.mark.parametrize("name", [TERAPI, SKOLVERKET, MINUTES])
def test_the_boxes_lie_on_the_page_over_the_passages_first_and_last_words(name):
    import pypdfium2 as pdfium

    path = shared(name)
    pdf = pdfium.PdfDocument(str(path))
    try:
        checked = 0
        for passage in one_page_passages(name):
            text = values_only(passage.text, passage.fields)
            image = render_marked(path, passage.page, text)
            assert image.boxes, f"{passage.id} on page {passage.page}: no mark"
            for box in image.boxes:
                assert 0 <= box.x0 < box.x1 <= image.page_width and 0 <= box.top < box.bottom <= image.page_height, (passage.id, box)
            inside = letters(text_in(pdf, passage.page, image.boxes))
            first, last = words(text)[0], words(text)[-1]
            assert letters(first) in inside and letters(last) in inside, (passage.id, first, last, inside[:200])
            assert len(inside) <= 1.3 * len(letters(text)) + 40, (passage.id, "more marked than the passage")
            checked += 1
        assert checked >= 3
    finally:
        pdf.close()


def test_a_page_the_passage_is_not_on_gets_no_box():
    import pypdfium2 as pdfium

    path = shared(TERAPI)
    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = len(pdf)
        for passage in one_page_passages(TERAPI):
            far = (passage.page - 1 + pages // 2) % pages + 1  # half the document away
            chars = merge_accents(page_chars(pdf[far - 1]))
            assert mark_boxes(chars, values_only(passage.text, passage.fields)) == [], (passage.id, far)
    finally:
        pdf.close()


def test_the_answering_sentence_has_boxes_of_its_own_inside_the_passages():
    import pypdfium2 as pdfium

    path = shared(MINUTES)
    _, _, passages = ingest(path)
    passage = next(p for p in passages if "Nästa möte" in p.text and "augusti" in p.text)
    start = passage.text.index("Arbete")
    end = passage.text.index("augusti") + len("augusti")
    image = render_marked(path, passage.page, passage.text, (start, end))
    hits = [b for b in image.boxes if b.hit]
    others = [b for b in image.boxes if not b.hit]
    assert hits and others  # the heading and "Doodle …" are the passage's, not the answer's
    pdf = pdfium.PdfDocument(str(path))
    try:
        answer = letters(text_in(pdf, passage.page, hits))
        assert letters("Arbete med issues") in answer and "augusti" in answer and "doodle" not in answer
    finally:
        pdf.close()
    # The marks are drawn: the pixels under a hit box differ from the same page without marks.
    from PIL import Image

    plain = Image.open(io.BytesIO(render_marked(path, passage.page).png)).convert("RGB")
    marked = Image.open(io.BytesIO(image.png)).convert("RGB")
    assert marked.size == plain.size == (image.width, image.height)
    box = hits[0]
    x, y = int((box.x0 + 2) * 1.5), int((box.top + box.bottom) / 2 * 1.5)
    assert marked.getpixel((x - 3, y)) != plain.getpixel((x - 3, y)) or marked.getpixel((x, y)) != plain.getpixel((x, y))


def test_renderings_are_cached_by_what_they_show_and_errors_are_swedish(tmp_path):
    path = shared(MINUTES)
    meta, _, passages = ingest(path)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(path, corpus / path.name)
    import hashlib

    meta = replace(meta, source=path.name, sha256=hashlib.sha256(path.read_bytes()).hexdigest())
    cache = tmp_path / "pages"
    passage = next(p for p in passages if p.page == 2)
    first = original_page(meta, 2, passage, None, corpus, cache)
    again = original_page(meta, 2, passage, None, corpus, cache)
    assert not first.cached and again.cached and again.png == first.png and again.boxes == first.boxes and first.boxes
    # Another text for the same passage id (a rebuilt index) is another rendering, never the old one.
    changed = original_page(meta, 2, replace(passage, text=passage.text + " Doodle"), None, corpus, cache)
    assert not changed.cached and changed.key != first.key
    # Pages the passage is not on are shown without marks.
    assert original_page(meta, 1, passage, None, corpus, cache).boxes == ()
    with pytest.raises(NotFound, match="Sidan 3 finns inte; dokumentet har 2 sidor"):
        original_page(meta, 3, passage, None, corpus, cache)
    with pytest.raises(NotFound, match="inte en PDF"):
        original_page(replace(meta, source="plan.txt"), 1, None, None, corpus, cache)
    with pytest.raises(NotFound, match="har ändrats sedan indexet byggdes"):
        original_page(replace(meta, sha256="0" * 64), 1, None, None, corpus, cache)
    # The folder is kept under its limit: the least recently used renderings go first.
    pngs = sorted(cache.glob("*.png"))
    assert len(pngs) == 3
    for age, png in enumerate(pngs):
        os.utime(png, (1_000_000 + age, 1_000_000 + age))
    newest = pngs[1:]
    trim(cache, sum(p.stat().st_size for p in newest) / 0.8 / 2**20 + 1e-6)
    assert sorted(cache.glob("*.png")) == newest and not pngs[0].with_suffix(".json").exists()


def test_marks_on_a_turned_page_stand_where_the_page_shows_the_words(tmp_path):
    """A landscape page written as a portrait page turned by /Rotate gets the same marks, drawn
    over the rendered words (the boxes are in the page as shown, as pdfium renders it)."""
    from PIL import Image

    from pdfs import action_plan_rows, make_table_pdf, turn_pages

    plain = make_table_pdf(tmp_path / "plan.pdf", action_plan_rows(6))
    turned = turn_pages(tmp_path / "turned.pdf", plain)
    text = "Tabellen visar aktiviteterna inom patient- och närståendemedverkan, vem som ansvarar och när de följs upp."
    a, b = render_marked(plain, 1, text), render_marked(turned, 1, text)
    assert a.boxes and len(a.boxes) == len(b.boxes)
    assert (b.width, b.height) == (a.width, a.height) and b.width > b.height  # landscape, as shown
    for x, y in zip(a.boxes, b.boxes, strict=True):
        assert max(abs(x.x0 - y.x0), abs(x.top - y.top), abs(x.x1 - y.x1), abs(x.bottom - y.bottom)) < 0.5
    box = b.boxes[0]
    marked = Image.open(io.BytesIO(b.png)).convert("RGB")
    unmarked = Image.open(io.BytesIO(render_marked(turned, 1).png)).convert("RGB")
    inside = (int(box.x0 * 1.5) + 2, int(box.top * 1.5) + 2)
    assert marked.getpixel(inside) != unmarked.getpixel(inside)

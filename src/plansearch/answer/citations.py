"""Where the answering part stands in a passage."""

from __future__ import annotations

import re

from plansearch.answer.records import Citation
from plansearch.models import Document, Passage

PAGE_WORDS = 8  # words of the answering part looked for in the document, to find its page


def find(text: str, snippet: str) -> tuple[int, int]:
    """Where `snippet` stands in `text`, ignoring differences in spaces and case; the whole text if absent."""
    snippet = " ".join(snippet.split())
    if snippet:
        pattern = r"\s+".join(re.escape(part) for part in snippet.split(" "))
        match = re.search(pattern, text, re.IGNORECASE)
        if match:
            return match.start(), match.end()
    return 0, len(text)


def word_range(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) widened to whole words: a highlight never starts or ends inside a word
    ("Cancersamordnare" found in "cancersamordnaren" marks the whole word)."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def cite(n: int, passage: Passage, title: str, snippet: str) -> Citation:
    """Citation number `n` of `passage`, highlighting where `snippet` stands in it (whole words)."""
    return Citation(n, passage, title, word_range(passage.text, *find(passage.text, snippet)))


def answer_page(document: Document | None, passage: Passage, highlight: tuple[int, int]) -> int | None:
    """The page the answering part of a passage stands on (a passage may run over two pages and
    answer on the second): its first words found in the document's text of the passage, whose
    offsets carry the pages. The passage's first page when the document has no pages or the words
    are not found (the passage's text is the document's with spaces and headings tidied)."""
    if document is None or not document.page_starts or passage.page is None:
        return passage.page
    words = passage.text[highlight[0]:highlight[1]].split()[:PAGE_WORDS]
    if not words:
        return passage.page
    pattern = r"\W+".join(re.escape(w) for w in words)
    window = document.text[passage.start:passage.end + 200]  # the reader's text may be a little longer
    match = re.search(pattern, window)
    return document.page_at(passage.start + match.start()) if match else passage.page

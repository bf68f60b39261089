"""Where the answering part stands in a passage."""

from __future__ import annotations

import re

from plansearch.answer.records import Citation
from plansearch.models import Passage


def find(text: str, snippet: str) -> tuple[int, int]:
    """Where `snippet` stands in `text`, ignoring differences in spaces and case; the whole text if absent."""
    snippet = " ".join(snippet.split())
    if snippet:
        pattern = r"\s+".join(re.escape(part) for part in snippet.split(" "))
        match = re.search(pattern, text, re.IGNORECASE)
        if match:
            return match.start(), match.end()
    return 0, len(text)


def cite(n: int, passage: Passage, title: str, snippet: str) -> Citation:
    """Citation number `n` of `passage`, highlighting where `snippet` stands in it."""
    return Citation(n, passage, title, find(passage.text, snippet))

"""Termlists: a glossary under an "Ordlista" heading (term, then its definition) and
abbreviation lists ("IPÖ – Individuell patientöversikt"), as glossary blocks."""

from __future__ import annotations

import re

from plansearch.ingest.blocks import BULLET, SENTENCE_END, Span
from plansearch.ingest.tables import loose_table_header
from plansearch.text.normalise import URL_LINE

GLOSSARY_HEADINGS = {"ordlista", "begreppslista", "definitioner", "begrepp", "ord och begrepp"}
ABBREVIATION = re.compile(r"^(?P<term>[A-ZÅÄÖ][\wÅÄÖåäö:/&\-]*(?:\s+[\wåäö]+){0,2})\s+[–-]\s+(?P<meaning>\S.*)$")


def read_glossary(groups: list[list[Span]], i: int, width: int) -> tuple[list, int]:
    """Term / definition pairs after an "Ordlista" heading."""
    entries = []
    while i + 1 < len(groups):
        term_group, definition = groups[i], groups[i + 1]
        term = term_group[0].text.strip()
        if (
            len(term_group) != 1
            or len(term.split()) > 6
            or term.endswith(SENTENCE_END)
            or URL_LINE.match(term)
            or len(definition[0].text) < 20
            or loose_table_header(term)
        ):
            break
        body = " ".join(s.text.strip() for s in definition)
        # The text keeps the document's own words and order: the term, then its definition.
        entries.append((term_group + definition, f"{term}\n{body}", (("term", term), ("definition", body))))
        i += 2
    return entries, i


def abbreviation_match(text: str) -> re.Match[str] | None:
    text = BULLET.sub("", text.strip(), count=1)
    match = ABBREVIATION.match(text)
    if not match or len(match.group("term")) > 24:
        return None
    term = match.group("term")
    if sum(ch.isupper() for ch in term) < 2:
        return None
    return match


def is_abbreviation_list(groups: list[list[Span]], i: int) -> bool:
    """Three or more consecutive "X – meaning" lines."""
    count = 0
    for group in groups[i : i + 6]:
        for span in group:
            if not abbreviation_match(span.text):
                return count >= 3
            count += 1
    return count >= 3


def read_abbreviations(groups: list[list[Span]], i: int) -> tuple[list, int]:
    entries = []
    while i < len(groups) and all(abbreviation_match(s.text) for s in groups[i]):
        for span in groups[i]:
            match = abbreviation_match(span.text)
            assert match is not None
            term, meaning = match.group("term"), match.group("meaning").strip()
            line = BULLET.sub("", span.text.strip(), count=1)  # as written: "VCG - verksamhetschefsgrupp"
            entries.append((span, line, (("term", term), ("definition", meaning))))
        i += 1
    return entries, i

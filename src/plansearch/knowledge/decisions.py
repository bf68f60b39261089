"""The decision log: every decision in the minutes, read from their structure.

A decision starts at a lead, in any of the forms minutes use: a verb ("RPO Cancer beslutade att",
"beslutar att", "beslöt", "Det beslutades att", "har beslutat att", "beslutade RPO Cancer att")
or a noun opening a line ("Beslut:", "Beslut att …"). Its text is what follows the lead on the
same line, or, when the lead ends its line, the next paragraph; a list right after the lead
(bullets, dashes, numbers) is the decision's items. A word that only contains "beslut"
("beslutsunderlag", "beslutet om" in running text) is no lead.

Each decision keeps the meeting (its body and date), the agenda item it stands under (the
passage's top heading, "2. Fastställande av minnesanteckningar"), the document and the passage
holding the lead. Built at ingest (knowledge/derive.py), kept with the index as decisions.jsonl.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from plansearch.models import Document, Passage

VERB = r"(?i:(?:(?:har|hade)\s+)?(?:beslutade|beslutat|beslutar|beslöt|beslutades|beslutats|beslöts|beslutas))"
NAME = r"[A-ZÅÄÖ][\w-]*(?:\s+(?:i|för)\s+[\w-]+|\s+[A-ZÅÄÖ][\w-]*){0,3}"  # "RPO Cancer", "RCC i samverkan"
ADVERB = r"(?:\s+(?:därför|därmed|också|även|enhälligt|vidare|slutligen))?"
# The verb, an optional name after it ("beslutade RPO Cancer att"), then "att"/"om", a colon, or
# the line's end when a list follows ("Styrgruppen beslutade" / "• att …").
VERB_LEAD = re.compile(rf"\b(?P<verb>{VERB})(?:\s+(?P<after>{NAME}))?{ADVERB}(?:\s+(?:att|om)\b\s*:?|\s*:|(?P<eol>\s*$))\s*")
# A line that opens with the noun: "Beslut:", "Beslut att …" ("Beslutet om medel dröjer" reports).
NOUN_LEAD = re.compile(r"^(?:§\s*\d+\s*)?(?P<verb>Beslut)(?:\s*:|\s+att\b)\s*")
# Who decides when the sentence names no one: the meeting itself.
IMPERSONAL = {"", "det", "man", "mötet", "vi", "gruppen", "följande"}
REPORTED_FROM = re.compile(rf"\b(?:[Aa]ktuellt|[Ii]nformation|[Rr]apport|[Nn]ytt)\s+från\s+({NAME})")
LIST_ITEM = re.compile(r"^\s*(?:[•●▪◦·*\-–—]|\d{1,2}[.)]|[a-z][.)])\s+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")
ISO_DATE = re.compile(r"\b((?:19|20)\d\d-[01]\d-[0-3]\d)\b")
MINUTES_TITLE = re.compile(r"\b(?:minnesanteckning\w*|mötesanteckning\w*|protokoll\w*)\b", re.IGNORECASE)
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")
TITLE_DATE = re.compile(rf",?\s*\b(\d{{1,2}})\s+({'|'.join(MONTHS)})\s+((?:19|20)\d\d)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Decision:
    """One decision. `text` is the decision without its lead ("fastställa minnesanteckningen …"),
    its list items joined with "; " (`items` keeps them apart); `lead` as written ("RPO Cancer
    beslutade att"); `body` who decided ("RPO Cancer", the meeting's body when the lead names no
    one, or the body an agenda item reports from, "Aktuellt från RCC i samverkan"); `meeting` body and date ("RPO Cancer, norra sjukvårdsregionen 2025-02-04"); `date` ISO
    or ""; `item` the agenda item's heading, `item_number` its number ("2") or ""; `start`/`end`
    character offsets in the document of the lead and the end of the paragraph or list read."""

    text: str
    lead: str
    body: str
    meeting: str
    date: str
    item: str
    item_number: str
    doc_id: str
    document: str
    passage_id: str
    start: int
    end: int
    items: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Decision:
        return cls(**{**data, "items": tuple(data.get("items", ()))})


def is_minutes(doc: Document) -> bool:
    """Minutes by the catalogue's kind, or by a title or file name that says so."""
    meta = doc.meta
    return meta.kind == "minnesanteckningar" or bool(MINUTES_TITLE.search(f"{meta.title} {meta.source}"))


def extract_decisions(documents: list[Document], passages: list[Passage]) -> list[Decision]:
    """Every decision of every minutes document, in document order."""
    by_doc: dict[str, list[Passage]] = {}
    for p in passages:
        by_doc.setdefault(p.doc_id, []).append(p)
    out: list[Decision] = []
    for doc in documents:
        if is_minutes(doc):
            out += read_decisions(doc, by_doc.get(doc.meta.doc_id, []))
    return out


def read_decisions(doc: Document, passages: list[Passage]) -> list[Decision]:
    """The decisions of one minutes document; `passages` (in order) give the agenda item and the link."""
    lines = _lines(doc.text)
    body, meeting, date = meeting_of(doc)
    out: list[Decision] = []
    n = 0
    while n < len(lines):
        start, line = lines[n]
        lead = _lead(line, next(((t for _, t in lines[n + 1:] if t.strip())), ""))
        if lead is None:
            n += 1
            continue
        lead_start, lead_end, named = lead
        rest = line[lead_end:].strip()
        items, text_end, n = _decision_text(lines, n, rest)
        if not items:
            n += 1
            continue
        offset = start + lead_start
        passage = _passage_at(passages, offset)
        headings = [h.lstrip("# ").strip() for h in passage.section.split(" › ")] if passage else []
        item = headings[0] if headings else ""
        number = re.match(r"(?:§\s*)?(\d{1,3})\b", item)
        out.append(Decision(
            text="; ".join(items),
            lead=" ".join(line[:lead_end].split()).strip(" :"),
            body=named or reporter(headings) or body,
            meeting=f"{meeting} {date}".strip(),
            date=date,
            item=item,
            item_number=number.group(1) if number else "",
            doc_id=doc.meta.doc_id,
            document=doc.meta.title,
            passage_id=passage.id if passage else "",
            start=offset,
            end=text_end,
            items=tuple(items) if len(items) > 1 else (),
        ))
    return out


def reporter(headings: list[str]) -> str:
    """The body an agenda item reports from ("7. Aktuellt från RCC i samverkan (information)" ->
    "RCC i samverkan"), innermost heading first: a decision it reports without naming who
    decided ("Beslut att …") is that body's, not the meeting's."""
    for heading in reversed(headings):
        if m := REPORTED_FROM.search(heading):
            return m.group(1)
    return ""


def meeting_of(doc: Document) -> tuple[str, str, str]:
    """(body, meeting, ISO date) of a minutes document: "Minnesanteckningar RPO Cancer, norra
    sjukvårdsregionen, 4 februari 2025" gives ("RPO Cancer", "RPO Cancer, norra
    sjukvårdsregionen", "2025-02-04"). The date comes from the catalogue's period, else the
    title, else the first ISO date in the text."""
    meta = doc.meta
    date = ""
    if m := ISO_DATE.search(meta.period):
        date = m.group(1)
    elif m2 := TITLE_DATE.search(meta.title):
        date = f"{m2.group(3)}-{MONTHS.index(m2.group(2).lower()) + 1:02d}-{int(m2.group(1)):02d}"
    elif m3 := ISO_DATE.search(doc.text):
        date = m3.group(1)
    meeting = TITLE_DATE.sub("", MINUTES_TITLE.sub("", meta.title)).strip(" ,:–-") or meta.title
    return meeting.split(",")[0].strip(), meeting, date


def _lines(text: str) -> list[tuple[int, str]]:
    out, offset = [], 0
    for line in text.split("\n"):
        out.append((offset, line))
        offset += len(line) + 1
    return out


def _lead(line: str, next_line: str = "-") -> tuple[int, int, str] | None:
    """(start, end, body named) of the line's lead, or None. The body is the sentence's subject
    before the verb ("RPO Cancer"), or a name right after it ("beslutade RPO Cancer att")."""
    stripped = line.lstrip()
    indent = len(line) - len(stripped)
    if m := NOUN_LEAD.match(stripped):
        return indent, indent + m.end(), ""
    m = VERB_LEAD.search(line)
    if m is None or (m.group("eol") is not None and not LIST_ITEM.match(next_line)):
        return None  # a verb ending a line of prose ("… som styrgruppen beslutade") leads only a list
    sentence_start = max(line.rfind(". ", 0, m.start()) + 2, 0) if ". " in line[: m.start()] else indent
    subject = line[sentence_start:m.start()].strip()
    named = m.group("after") or ""
    if not named and subject.lower() not in IMPERSONAL:
        words = subject.split()
        if len(words) > 6 or not subject[:1].isupper():
            # A long preamble ("Efter diskussion i gruppen beslutade …"): its last capitalised name, if any.
            found = re.findall(NAME + r"$", subject)
            subject = found[-1] if found else ""
        named = subject
    if named.lower() in IMPERSONAL:
        named = ""
    return sentence_start, m.end(), named


def _decision_text(lines: list[tuple[int, str]], n: int, rest: str) -> tuple[list[str], int, int]:
    """The decision after the lead on line n: (items, end offset, next line to read). With text on
    the lead's line, that paragraph's first sentence; else the next paragraph's first sentence, or
    the list that follows (blank lines between items allowed)."""
    para: list[str] = [rest] if rest else []
    end = lines[n][0] + len(lines[n][1])
    k = n + 1
    if not rest:
        while k < len(lines) and not lines[k][1].strip():  # blank lines before the decision
            k += 1
        if k < len(lines) and LIST_ITEM.match(lines[k][1]):
            items: list[str] = []
            while k < len(lines) and (LIST_ITEM.match(lines[k][1]) or not lines[k][1].strip()):
                if lines[k][1].strip():
                    items.append(" ".join(LIST_ITEM.sub("", lines[k][1]).split()))
                    end = lines[k][0] + len(lines[k][1])
                k += 1
            return items, end, k
    while k < len(lines) and lines[k][1].strip() and not LIST_ITEM.match(lines[k][1]):
        if para and _lead(lines[k][1]) is not None:
            break  # the next decision's lead
        para.append(lines[k][1].strip())
        end = lines[k][0] + len(lines[k][1])
        k += 1
    text = _join(para)
    first = SENTENCE_END.split(text, maxsplit=1)[0].strip() if text else ""
    return ([first.rstrip(".")] if first else []), end, k


def _join(lines: list[str]) -> str:
    """Lines of a paragraph as one text; a word broken over a line end ("ackrediterings-/arbetet") joined."""
    text = ""
    for line in lines:
        if text.endswith("-") and line[:1].islower() and not text.endswith(" -"):
            text = text[:-1] + line
        else:
            text = f"{text} {line}".strip()
    return " ".join(text.split())


def _passage_at(passages: list[Passage], offset: int) -> Passage | None:
    """The passage holding the offset, else the last one starting before it."""
    best = None
    for p in passages:
        if p.start <= offset < p.end:
            return p
        if p.start <= offset:
            best = p
    return best

"""The units an answer is made of, cut out of the passages found: sentences, table cells (with
their row and column), list items (with the sentence that leads into the list) and glossary
entries. A heading, a running header or a footnote number is never part of a unit's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from plansearch.ingest.blocks import BULLET
from plansearch.models import Hit, Passage
from plansearch.text.sentences import flat, sentence_spans, shorten

UnitKind = Literal["sentence", "cell", "item", "entry"]

# A footnote number glued to a sentence's end ("… i varje sjukvårdsregion.1 Staten …") or to a
# word ("hälsolitteracitet8", "Utvärdering10"): kept in the passage, dropped from what is quoted.
FOOTNOTE = re.compile(r"(?<=[.!?”)])\d{1,2}(?=\s|$)|(?<=[a-zåäö]{4})\d{1,2}(?=[\s,.;:)]|$)")


NUMBERED = re.compile(r"^\d+(?:\.\d+)*\.?\s+\S")  # "2. Region …", "2.11 Kontaktsjuksköterska …"
# A line that stops mid-clause ("RPO Cancer beslutade att:", "… ska:"), with the clause going on in
# the next paragraph: minutes set a decision's lead apart from what was decided.
OPEN_END = re.compile(r"\b(?:att|och|samt|eller|som|för|med|om|av|till|på|ska|skall|är)\s*:?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Unit:
    """A candidate answer: a span of one passage found for the question."""

    hit: Hit
    start: int  # offsets into hit.passage.text
    end: int
    text: str  # the span on one line, footnote numbers dropped
    kind: UnitKind
    position: int  # the unit's number within its passage
    column: str = ""  # a cell's column name ("Ansvarig", "Tidsram")
    lead: str = ""  # what the unit stands under: a list item's lead sentence, a cell's row activity

    @property
    def passage(self) -> Passage:
        return self.hit.passage

    @property
    def quoted(self) -> str:
        """The unit as an answer quotes it: a cell with its column and its row's activity, an item
        with its lead, a sentence as it stands."""
        if self.kind == "cell" and self.lead:
            return f"{self.column.rstrip('?')}: {self.text} (”{shorten(self.lead, 160)}”)"
        if self.kind == "item" and self.lead:
            return f"{self.lead} {self.text}"
        return self.text

    @property
    def context(self) -> str:
        """The unit with what it stands under, for matching the question's words."""
        return f"{self.lead} {self.text}".strip()


def clean(text: str) -> str:
    """One line, without footnote numbers."""
    return FOOTNOTE.sub("", flat(text))


def units_of(hit: Hit) -> list[Unit]:
    """Every unit of the hit's passage, in reading order (none for a passage that is only a
    numbered heading)."""
    passage = hit.passage
    if passage.kind == "glossary":
        return [Unit(hit, 0, len(passage.text), clean(passage.text), "entry", 0)]
    if passage.kind == "table_row":
        return _cells(hit)
    return _lines(hit)


def _cells(hit: Hit) -> list[Unit]:
    passage = hit.passage
    activity = passage.fields[0][1] if passage.fields else ""
    units: list[Unit] = []
    offset = 0
    for column, value in passage.fields:
        if not value:
            continue
        label = f"{column}: {value}"
        start = passage.text.find(label, offset)
        if start < 0:
            continue
        start += len(column) + 2
        end = start + len(value)
        offset = end
        lead = "" if value == activity else activity
        units.append(Unit(hit, start, end, clean(value.strip(" -")), "cell", len(units), column, lead))
    return units or [Unit(hit, 0, len(passage.text), clean(passage.text), "sentence", 0)]


def _lines(hit: Hit) -> list[Unit]:
    passage = hit.passage
    heading = passage.heading.strip()
    units: list[Unit] = []
    lead = ""
    opened: int | None = None  # the unit whose clause the last line left open
    offset = 0
    for number, line in enumerate(passage.text.split("\n")):
        start, end = offset, offset + len(line)
        offset = end + 1
        stripped = line.strip()
        if not stripped or (number == 0 and stripped == heading):
            continue  # the passage's own heading answers nothing
        if BULLET.match(stripped):
            bullet = BULLET.match(stripped)
            skip = line.index(stripped) + (bullet.end() if bullet else 0)
            text = clean(line[skip:])
            if text:
                units.append(Unit(hit, start + skip, end, text, "item", len(units), lead=lead))
            continue
        for s, e in sentence_spans(passage.text, start, end):
            text = clean(passage.text[s:e])
            if not text:
                continue
            if opened is not None and opened == len(units) - 1:
                # The clause left open goes on here: one unit, never the lead cut from what it leads to.
                first = units[opened]
                units[opened] = Unit(hit, first.start, e, clean(" ".join(passage.text[first.start:e].split())), "sentence", opened)
                opened = None
                continue
            units.append(Unit(hit, s, e, text, "sentence", len(units)))
        opened = len(units) - 1 if units and units[-1].kind == "sentence" and OPEN_END.search(stripped) else None
        if stripped.endswith(":"):
            lead = clean(stripped)
    if not units and passage.text.strip() == heading and NUMBERED.match(heading):
        # A passage that is only a numbered section heading ("2. Region Gävleborgs utvecklingsplan")
        # answers nothing; an unnumbered one may be a notice that does ("Anmälan till
        # cancerdagarna 7–8 maj öppen").
        return []
    return units or [Unit(hit, 0, len(passage.text), clean(passage.text), "sentence", 0)]


def with_next(unit: Unit, units: list[Unit], holds: Callable[[Unit], bool]) -> Unit | None:
    """The unit with the next sentence of its passage when that one `holds` what is asked ("…
    satsningar på rehabilitering och palliativ vård …" with "Det rör sig om anslag … (varav cirka
    21 Mkr till Mellansverige)"), else None."""
    if unit.kind != "sentence":
        return None
    after = next((u for u in units if u.passage.id == unit.passage.id and u.position == unit.position + 1), None)
    if after is None or after.kind != "sentence" or after.lead or unit.lead or not holds(after):
        return None
    return replace(unit, end=after.end, text=f"{unit.text} {after.text}")


NEIGHBOUR_SUBJECT = 0.3  # share of the subject a neighbouring sentence's own words hold to be about it


def with_neighbour(unit: Unit, about: Callable[[Unit], bool]) -> Unit | None:
    """The sentence joined with the one before it when it points back to that one ("Det
    innefattar …", "Kansliet är …" after "… ett OPT-kansli"), else with the one after or before it
    when that one goes on about the subject (it points back, or is `about` it); else None."""
    if unit.kind != "sentence" or unit.lead:
        return None
    around = {u.position: u for u in units_of(unit.hit) if u.kind == "sentence" and not u.lead}
    before, after = around.get(unit.position - 1), around.get(unit.position + 1)
    if after is not None and overlaps(after, unit):
        return None  # already joined with the sentence after it (with_next): it answers as it is
    if before is not None and points_back(unit.text, before.text):
        return _joined(unit, before, unit)
    if after is not None and (points_back(after.text, unit.text) or about(after)):
        return _joined(unit, unit, after)
    if before is not None and about(before):
        return _joined(unit, before, unit)
    return None


def overlaps(a: Unit, b: Unit) -> bool:
    """Whether two units share characters of one passage."""
    return a.passage.id == b.passage.id and a.start < b.end and b.start < a.end


def _joined(unit: Unit, first: Unit, last: Unit) -> Unit:
    return replace(unit, start=first.start, end=last.end, text=f"{first.text} {last.text}")


STEM_LETTERS = 6  # shortest stem of an opening noun looked for in the sentence before
DEFINITE_OPENING = re.compile(r"([A-ZÅÄÖ][a-zåäö]{3,}?)(?:et|en|na|erna|arna|orna)\b")


def points_back(text: str, before: str) -> bool:
    """Whether a sentence opens by pointing back to the sentence `before` it: with a pronoun and
    its verb (GOES_ON), or with the definite form of a noun that sentence names ("Kansliet …"
    after "… ett sjukvårdsregionalt OPT-kansli …")."""
    if continues(text):
        return True
    opening = DEFINITE_OPENING.match(text)
    if opening is None:
        return False
    # The noun's stem, as the sentence before may name it by its verb ("Behandlingen varar …"
    # after "… som behandlar tumörer …").
    noun = opening.group(1).lower()
    return noun[: max(STEM_LETTERS, len(noun) - 3)] in before.lower()


# A sentence that goes on about the one before it: it opens with a pronoun and its verb ("Det rör
# sig om …", "Detta är …"), or a word pointing back ("Varav", "Beloppet"); not with an article
# ("Den särskilda satsningen …", "De flesta …").
GOES_ON = re.compile(
    r"(?:Det|Den|De|Dessa|Detta|Denna)\s+(?:\w+[rs]|var|ska|skall|kan|bör|blev|fick|gick)\b"
    r"|(?:Där|Här|Därav|Varav|Av dessa|Av detta|Beloppet|Summan)\b"
)


def continues(text: str) -> bool:
    """Whether a sentence goes on about the one before it (GOES_ON)."""
    return bool(GOES_ON.match(text))

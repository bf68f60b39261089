"""Typed records that flow between the stages: read -> clean -> chunk -> embed -> index -> retrieve,
and the vocabularies they use."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from dataclasses import fields as dataclass_fields
from typing import Any, Literal, get_args

PassageKind = Literal["paragraph", "table_row", "list", "glossary"]
PASSAGE_KINDS: tuple[PassageKind, ...] = get_args(PassageKind)
DocumentKind = Literal["cancerplan", "handlingsplan", "minnesanteckningar", "analysrapport", "övrigt"]
DOCUMENT_KINDS: tuple[DocumentKind, ...] = get_args(DocumentKind)
TermKind = Literal["abbreviation", "definition"]
# What a role does with an activity: the table column that names it, or what the minutes say.
DutyKind = Literal["Ansvarig", "Ansvariga", "Vem?", "Beslut", "Roll", "Rapport", "Nämns"]


@dataclass(frozen=True)
class DocumentMeta:
    """What a document is: from the catalogue, or guessed from the file."""

    doc_id: str
    title: str
    source: str  # file name inside the corpus folder
    publisher: str = ""
    kind: str = ""  # a DocumentKind
    region: str = ""
    period: str = ""  # "2025–2027" or a date
    year: int | None = None  # first year of the period, for filtering
    sha256: str = ""
    short: str = ""  # a short name for running text: "Gävleborgs handlingsplan"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Line:
    """One line of a document as read, with its page number where the format tells it."""

    text: str
    page: int | None = None


@dataclass(frozen=True)
class Document:
    """A cleaned document: the text every passage offset points into."""

    meta: DocumentMeta
    text: str
    page_starts: tuple[tuple[int, int], ...] = ()  # (offset, page), ascending offsets
    # The reader marks every heading ("# …": Word, web pages, Markdown): no other line is guessed.
    headings_marked: bool = False

    def page_at(self, offset: int) -> int | None:
        """Page number of the character at `offset`, if pages are known."""
        page = None
        for start, number in self.page_starts:
            if start > offset:
                break
            page = number
        return page


@dataclass(frozen=True)
class Passage:
    """A retrievable unit: a paragraph group, table row, list or glossary entry."""

    id: str  # "<doc_id>:<n>"
    doc_id: str
    n: int
    text: str
    section: str
    page: int | None
    kind: PassageKind
    start: int  # offsets into Document.text
    end: int
    lang: str = ""
    fields: tuple[tuple[str, str], ...] = ()  # table columns, or (term, definition)
    page_end: int | None = None  # page of its last character (`page` is that of its first)

    @property
    def pages(self) -> str:
        """"10" or "10–11" (the pages it spans), or "" when the format has no pages."""
        if self.page is None:
            return ""
        if self.page_end is None or self.page_end == self.page:
            return str(self.page)
        return f"{self.page}–{self.page_end}"

    @property
    def heading(self) -> str:
        """The innermost heading of the passage's section ("Var är vi?"), or ""."""
        return self.section.split(" › ")[-1] if self.section else ""

    def to_dict(self) -> dict[str, Any]:
        # Shallow on purpose: asdict() deep-copies every field, which was a sixth of the time to
        # write a 64,000-passage index.
        data = {f.name: getattr(self, f.name) for f in dataclass_fields(self)}
        data["fields"] = [list(pair) for pair in self.fields]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Passage:
        data = dict(data)
        data["fields"] = tuple(tuple(pair) for pair in data.get("fields", ()))
        return cls(**data)


@dataclass(frozen=True)
class Hit:
    """A passage found for a query, with each retriever's rank and score for debugging."""

    passage: Passage
    score: float
    rank: int
    signals: dict[str, dict[str, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class Skipped:
    """A file the ingest could not use, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class GlossaryEntry:
    """An abbreviation or term that a document defines, with the passage that defines it."""

    term: str
    meaning: str
    kind: TermKind
    doc_id: str
    passage_id: str
    # For an abbreviation read off two versions of the same text ("utbildning som KSSK" in one
    # document, "utbildning som kontaktsjuksköterska" in the other): the passage with the long form.
    parallel_passage_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Duty:
    """One thing a role does, with the passage that says so."""

    activity: str
    column: DutyKind
    passage_id: str
    doc_id: str
    support: bool = False  # named after "med stöd av": helps rather than leads


@dataclass
class Role:
    """A body or role ("Cancersamordnare", "RCC Norr") with its name variants and duties."""

    key: str  # stems of the name, folded (knowledge/roles.py: role_key)
    name: str
    variants: list[str] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "variants": self.variants, "duties": [asdict(d) for d in self.duties]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Role:
        return cls(data["key"], data["name"], data["variants"], [Duty(**d) for d in data["duties"]])

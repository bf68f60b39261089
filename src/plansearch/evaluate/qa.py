"""QA files (JSON Lines: id, question, evidence, answer, category, lang, doc) and the hit rule: a
text answers a case when, after whitespace normalisation, it contains one of its evidence spans."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plansearch.errors import PlansearchError

REQUIRED = ("id", "question", "evidence", "category")


MISSING = "__no_passage_contains_the_evidence__"


@dataclass(frozen=True)
class QACase:
    """One question with what answers it: exact evidence spans and, for answer evaluation, the key
    facts a correct answer must state (as the documents word them)."""

    id: str
    question: str
    evidence: tuple[str, ...]
    answer: str = ""
    category: str = ""
    lang: str = ""
    doc: str = ""
    keyfacts: tuple[str, ...] = ()
    history: tuple[str, ...] = ()  # earlier user turns of a follow-up, oldest first
    miss: str = ""  # for an unanswerable near miss: what the documents lack (region, year, …)

    def turns(self) -> list[dict[str, str]]:
        """The history as chat turns ({"role": "user", "content": …})."""
        return [{"role": "user", "content": text} for text in self.history]


def load_qa(path: Path) -> list[QACase]:
    """Cases of a JSON Lines QA file; a malformed line stops with its line number."""
    cases = []
    for number, row in jsonl_rows(path, "QA file"):
        missing = [f for f in REQUIRED if f not in row]
        if missing:
            raise PlansearchError(f"{path}:{number}: missing field(s) {', '.join(missing)}")
        evidence = row["evidence"]
        if isinstance(evidence, str):
            evidence = [evidence]
        cases.append(
            QACase(
                id=str(row["id"]),
                question=row["question"],
                evidence=tuple(evidence),
                answer=row.get("answer", ""),
                category=row.get("category", ""),
                lang=row.get("lang", ""),
                doc=row.get("doc", ""),
                keyfacts=tuple(row.get("keyfacts", ())),
                history=tuple(row.get("history", ())),
                miss=row.get("miss", ""),
            )
        )
    if not cases:
        raise PlansearchError(f"{path} holds no cases")
    return cases


def jsonl_rows(path: Path, what: str = "file") -> Iterator[tuple[int, Any]]:
    """(line number, parsed JSON) for each non-blank line of a JSON Lines file.

    Raises PlansearchError naming the file (unreadable) or the file and line (not valid JSON)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise PlansearchError(f"Cannot read the {what} {path}: {exc.strerror}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            raise PlansearchError(f"{path}:{number}: not valid JSON ({exc.msg})") from None


def normalize(text: str) -> str:
    return " ".join(text.split())


def fact_form(text: str) -> str:
    """How key facts are compared: Unicode NFC, case-folded, soft hyphens dropped, dashes as "-",
    every run of whitespace one space."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    return " ".join(re.sub(r"[‐‑‒–—]", "-", text).casefold().split())


def has_keyfacts(text: str, case: QACase) -> bool:
    """The answer rule: the text states every key fact of the case (False for a case without any)."""
    flat = fact_form(text)
    return bool(case.keyfacts) and all(fact_form(fact) in flat for fact in case.keyfacts)


def contains_evidence(text: str, case: QACase) -> bool:
    """The hit rule: the passage contains any evidence span, whitespace normalised."""
    flat = normalize(text)
    return any(normalize(span) in flat for span in case.evidence if span.strip())

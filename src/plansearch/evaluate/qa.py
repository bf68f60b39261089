"""QA files (JSON Lines: id, question, evidence, answer, category, lang, doc) and the hit rule: a
text answers a case when, after whitespace normalisation, it contains one of its evidence spans."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from plansearch.errors import PlansearchError

REQUIRED = ("id", "question", "evidence", "category")


MISSING = "__no_passage_contains_the_evidence__"


@dataclass(frozen=True)
class QACase:
    id: str
    question: str
    evidence: tuple[str, ...]
    answer: str = ""
    category: str = ""
    lang: str = ""
    doc: str = ""


def load_qa(path: Path) -> list[QACase]:
    """Cases of a JSON Lines QA file; a malformed line stops with its line number."""
    cases = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise PlansearchError(f"Cannot read the QA file {path}: {exc.strerror}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PlansearchError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
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
            )
        )
    if not cases:
        raise PlansearchError(f"{path} holds no cases")
    return cases


def normalize(text: str) -> str:
    return " ".join(text.split())


def contains_evidence(text: str, case: QACase) -> bool:
    """The hit rule: the passage contains any evidence span, whitespace normalised."""
    flat = normalize(text)
    return any(normalize(span) in flat for span in case.evidence if span.strip())

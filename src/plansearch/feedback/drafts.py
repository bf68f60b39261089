"""Verdicts turned into work for a person: QA drafts in the evaluation sets' format, and the
questions of bad verdicts asked again against today's index."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plansearch.answer.records import Answer
from plansearch.feedback.store import Feedback
from plansearch.store.index import Index

DRAFT_PREFIX = "fb-"  # ids of drafts: "fb-000042" for the verdict with id 42


def qa_draft(feedback: Feedback, index: Index | None) -> dict[str, Any]:
    """One verdict as a QA case to be checked (evaluate/qa.py reads it as it is).

    evidence: the cited passages' texts, as candidate spans a person cuts down to the exact words
    that answer (or replaces, for a bad answer); passages no longer in `index` are left out and
    named in `missing_passages`. answer: the given answer when the reader called it good, else
    empty. note: the reader's comment. draft: true until a person has checked it."""
    evidence, docs, missing = [], [], []
    for passage_id in feedback.citations:
        row = index.row_of.get(passage_id) if index is not None else None
        if index is None or row is None:
            missing.append(passage_id)
            continue
        evidence.append(index.passages[row].text)
        docs.append(index.passages[row].doc_id)
    draft: dict[str, Any] = {
        "id": f"{DRAFT_PREFIX}{feedback.id:06d}",
        "question": feedback.question,
        "evidence": evidence,
        "answer": feedback.answer if feedback.verdict == "good" else "",
        "category": "feedback",
        "lang": "",
        "doc": docs[0] if docs else "",
        "draft": True,
        "note": feedback.comment,
        "verdict": feedback.verdict,
        "given_answer": feedback.answer,
        "citations": list(feedback.citations),
        "index_version": feedback.index_version,
        "created": feedback.created,
    }
    if feedback.history:
        draft["history"] = list(feedback.history)
    if missing:
        draft["missing_passages"] = missing
    return draft


def write_drafts(path: Path, feedbacks: Iterable[Feedback], index: Index | None) -> int:
    """Write the drafts as JSON Lines (UTF-8, one case per line); returns how many."""
    lines = [json.dumps(qa_draft(f, index), ensure_ascii=False) for f in feedbacks]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return len(lines)


@dataclass(frozen=True)
class Recheck:
    """A verdict's question asked again: "changed" when the answer's text or its cited passages
    differ from the stored ones, "same" otherwise. A change is not a fix; a person reads it."""

    feedback: Feedback
    status: str  # "changed" or "same"
    answer: str
    citations: tuple[str, ...]
    abstained: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.feedback.id, "question": self.feedback.question, "status": self.status,
            "old_answer": self.feedback.answer, "old_citations": list(self.feedback.citations),
            "old_index_version": self.feedback.index_version, "comment": self.feedback.comment,
            "answer": self.answer, "citations": list(self.citations), "abstained": self.abstained,
        }


AskFunction = Callable[[str, Sequence[dict[str, str]]], Answer]


def recheck(feedbacks: Iterable[Feedback], ask: AskFunction) -> list[Recheck]:
    """Ask each verdict's question again (with its earlier questions as the conversation) and
    compare with what the reader saw."""
    results = []
    for f in feedbacks:
        answer = ask(f.question, [{"role": "user", "content": q} for q in f.history])
        citations = tuple(c.passage.id for c in answer.citations)
        same = " ".join(answer.text.split()) == " ".join(f.answer.split()) and citations == f.citations
        results.append(Recheck(f, "same" if same else "changed", answer.text, citations, answer.abstained))
    return results

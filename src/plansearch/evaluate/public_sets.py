"""Converters from two public Swedish data sets to retrieval sets (evaluate/beir.py).

- SweQUAD-MC (Kalpakchi & Boye; CC BY 4.0): multiple-choice reading comprehension on texts from
  Swedish authorities' websites. As retrieval, the corpus is every distinct context of the file,
  a question's one relevant document is its own context, and the correct choice's exact span
  (offsets counting the context's "\\r\\n" as two characters) is its evidence.
- SweFAQ v2 (Språkbanken Text, SuperLim 2; CC BY 4.0): questions from authorities' FAQ pages with
  the answers of their category. As retrieval (the Scandinavian Embedding Benchmark's protocol),
  the corpus is every distinct answer of the split and a question's relevant document is its own
  answer.

Ids are derived from the text (a hash), so a document shared by two splits keeps its id.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from plansearch.errors import PlansearchError
from plansearch.evaluate.beir import RetrievalSet
from plansearch.evaluate.qa import jsonl_rows


def _id(prefix: str, text: str) -> str:
    return f"{prefix}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:12]}"


def swequad(path: Path, distractors: Sequence[Path] = ()) -> RetrievalSet:
    """A SweQUAD-MC split (training.json, dev.json, test.json) as a retrieval set; the contexts of
    the `distractors` files join the corpus (their questions are not asked), so that a split's
    questions are searched among every text of the data set rather than its own few."""
    data = _swequad_items(path)
    corpus: dict[str, tuple[str, str]] = {}
    queries: dict[str, str] = {}
    qrels: dict[str, dict[str, int]] = {}
    evidence: dict[str, list[str]] = {}
    stem = Path(path).stem
    for number, item in enumerate(data, 1):
        try:
            context, question = item["context"], item["question"]
            correct = [c for c in item["choices"] if c.get("type") == "Correct answer"]
        except (KeyError, TypeError):
            raise PlansearchError(f"{path}: item {number} lacks context, question or choices") from None
        did = _id("sq", context)
        corpus[did] = ("", context)
        qid = f"{stem}-{number}"
        queries[qid] = question
        qrels[qid] = {did: 1}
        # The span as the context holds it; the choice's own text where the offsets disagree.
        evidence[qid] = [context[c["start"]:c["end"]] or c["text"] for c in correct]
    for other in distractors:
        for item in _swequad_items(other):
            corpus.setdefault(_id("sq", item["context"]), ("", item["context"]))
    name = f"swequad-mc-{stem}" + "".join(f"+{Path(p).stem}" for p in distractors)
    return RetrievalSet(name, corpus, queries, qrels, evidence)


def _swequad_items(path: Path) -> list[dict]:
    try:
        items = json.loads(Path(path).read_text(encoding="utf-8"))["data"]
        if not all(isinstance(item.get("context"), str) for item in items):
            raise ValueError("an item without a context")
        return items
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise PlansearchError(f"{path}: not a SweQUAD-MC file ({type(exc).__name__}: {exc})") from None


def swefaq(path: Path) -> RetrievalSet:
    """A SweFAQ v2 split (swefaq_dev.jsonl, swefaq_test.jsonl) as a retrieval set."""
    corpus: dict[str, tuple[str, str]] = {}
    queries: dict[str, str] = {}
    qrels: dict[str, dict[str, int]] = {}
    stem = Path(path).stem
    for number, row in jsonl_rows(path, "SweFAQ file"):
        try:
            answers, label, question = row["candidate_answers"], int(row["label"]), row["question"]
            right = answers[label]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise PlansearchError(f"{path}:{number}: not a SweFAQ line ({type(exc).__name__}: {exc})") from None
        for answer in answers:
            corpus.setdefault(_id("faq", answer), ("", answer))
        qid = f"{stem}-{number}"
        queries[qid] = question
        qrels[qid] = {_id("faq", right): 1}
    if not queries:
        raise PlansearchError(f"{path} holds no questions")
    return RetrievalSet(f"swefaq-{stem}", corpus, queries, qrels)

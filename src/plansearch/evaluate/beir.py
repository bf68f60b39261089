"""BEIR-format retrieval sets: a folder with corpus.jsonl, queries.jsonl and qrels/<split>.tsv.

The format (Thakur et al., BEIR, NeurIPS 2021 datasets track) is what most public retrieval
benchmarks are shared in: corpus lines {"_id", "title", "text"}, query lines {"_id", "text"}, and
tab-separated qrels with a header line "query-id  corpus-id  score". `load_beir` reads one split
into a `RetrievalSet`; `write_beir` writes one, which is how the converters of public_sets.py save
theirs.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plansearch.errors import PlansearchError
from plansearch.evaluate.qa import jsonl_rows


@dataclass
class RetrievalSet:
    """Documents, questions and which documents answer each question (graded, > 0 relevant)."""

    name: str
    corpus: dict[str, tuple[str, str]]  # document id -> (title, text)
    queries: dict[str, str]  # question id -> question
    qrels: dict[str, dict[str, int]]  # question id -> {document id: grade}
    # Optional exact answer spans per question, for passage-level and answer figures.
    evidence: dict[str, list[str]] = field(default_factory=dict)

    def judged(self) -> list[str]:
        """Ids of the questions that have at least one relevant document, in file order."""
        return [q for q in self.queries if any(g > 0 for g in self.qrels.get(q, {}).values())]


def load_beir(folder: Path, split: str = "test") -> RetrievalSet:
    """Read a BEIR folder; qrels from qrels/<split>.tsv.

    Raises PlansearchError naming the file and line for a missing file or a malformed line."""
    folder = Path(folder)
    qrels_path = folder / "qrels" / f"{split}.tsv"
    if not qrels_path.exists():
        found = sorted(p.stem for p in (folder / "qrels").glob("*.tsv")) if (folder / "qrels").is_dir() else []
        hint = f"; this folder has the splits {', '.join(found)} (--split)" if found else ""
        raise PlansearchError(f"{qrels_path} does not exist{hint}")
    corpus = {}
    for number, row in _jsonl(folder / "corpus.jsonl"):
        try:
            corpus[str(row["_id"])] = (str(row.get("title") or ""), str(row["text"]))
        except KeyError as exc:
            raise PlansearchError(f"{folder / 'corpus.jsonl'}:{number}: missing field {exc}") from None
    queries = {}
    for number, row in _jsonl(folder / "queries.jsonl"):
        try:
            queries[str(row["_id"])] = str(row["text"])
        except KeyError as exc:
            raise PlansearchError(f"{folder / 'queries.jsonl'}:{number}: missing field {exc}") from None
    qrels: dict[str, dict[str, int]] = {}
    with qrels_path.open(encoding="utf-8", newline="") as handle:
        for number, cells in enumerate(csv.reader(handle, delimiter="\t"), 1):
            if not cells or (number == 1 and not cells[-1].strip().lstrip("-").isdigit()):
                continue  # blank line, or the header
            if len(cells) < 3:
                raise PlansearchError(f"{qrels_path}:{number}: expected query-id, corpus-id and score")
            qid, did, grade = cells[0], cells[1], cells[-1]
            if did not in corpus:
                raise PlansearchError(f"{qrels_path}:{number}: document {did!r} is not in corpus.jsonl")
            qrels.setdefault(qid, {})[did] = int(grade)
    evidence = {}
    for _, row in _jsonl(folder / "evidence.jsonl", required=False):
        evidence[str(row["_id"])] = [str(s) for s in row.get("spans", [])]
    # Only the split's questions: BEIR folders keep every split's questions in one file.
    queries = {q: text for q, text in queries.items() if q in qrels}
    if not queries:
        raise PlansearchError(f"{qrels_path} names no question of queries.jsonl")
    return RetrievalSet(folder.name, corpus, queries, qrels, evidence)


def write_beir(dataset: RetrievalSet, folder: Path, split: str = "test") -> Path:
    """Write the set as a BEIR folder (plus evidence.jsonl when it has answer spans)."""
    folder = Path(folder)
    (folder / "qrels").mkdir(parents=True, exist_ok=True)
    with (folder / "corpus.jsonl").open("w", encoding="utf-8") as out:
        for did, (title, text) in dataset.corpus.items():
            out.write(json.dumps({"_id": did, "title": title, "text": text}, ensure_ascii=False) + "\n")
    with (folder / "queries.jsonl").open("w", encoding="utf-8") as out:
        for qid, text in dataset.queries.items():
            out.write(json.dumps({"_id": qid, "text": text}, ensure_ascii=False) + "\n")
    with (folder / "qrels" / f"{split}.tsv").open("w", encoding="utf-8") as out:
        out.write("query-id\tcorpus-id\tscore\n")
        for qid, docs in dataset.qrels.items():
            for did, grade in docs.items():
                out.write(f"{qid}\t{did}\t{grade}\n")
    if dataset.evidence:
        with (folder / "evidence.jsonl").open("w", encoding="utf-8") as out:
            for qid, spans in dataset.evidence.items():
                out.write(json.dumps({"_id": qid, "spans": spans}, ensure_ascii=False) + "\n")
    return folder


def _jsonl(path: Path, required: bool = True) -> Iterator[tuple[int, Any]]:
    if not path.exists():
        if required:
            raise PlansearchError(f"{path} does not exist (a BEIR folder has corpus.jsonl, queries.jsonl and qrels/)")
        return
    yield from jsonl_rows(path)

"""Score the product's retrieval on any document set: a BEIR folder or a folder of documents.

A set's documents are written as text files into a folder of their own and go through the same
ingest as the shipped corpus (reading, cleaning, chunking, the configured model, BM25, latent
terms); its index is kept under the evaluation cache (settings.eval_cache_dir), keyed by the
documents' content, so a second run only searches. A passage hit counts for its document: a
question's document ranking is the order in which its documents first appear among the best
`DEPTH` passages (a passage folded into a hit as a near-duplicate counts for its own document too).

Figures per system (a retriever, or the hybrid with other knobs): nDCG@10, R@1 and R@10 (share of
questions with a relevant document among the first 1 and 10) and MRR@10, each with its
per-question values, a bootstrap interval for nDCG@10, and a paired test of every system against
the default hybrid (evaluate/stats.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from dataclasses import dataclass, field
from typing import Any

from plansearch.config import Retriever, Settings
from plansearch.errors import IndexNotFound, PlansearchError
from plansearch.evaluate.beir import RetrievalSet
from plansearch.evaluate.stats import Comparison, against_baseline, bootstrap_interval, paired_test
from plansearch.evaluate.systems import System
from plansearch.search.searcher import Searcher

DEPTH = 100  # passages searched per question to rank documents
METRICS = {"nDCG@10": "ndcg@10", "R@1": "hit_rate@1", "R@10": "hit_rate@10", "MRR@10": "mrr@10"}
MAIN = "nDCG@10"


@dataclass
class SystemRun:
    """One system's figures on one set: means, nDCG@10's interval, and per-question values."""

    name: str
    means: dict[str, float]
    interval: tuple[float, float]
    per_query: dict[str, dict[str, float]]  # metric -> {question id: value}
    seconds: float


@dataclass
class BenchmarkResult:
    dataset: str
    questions: int
    documents: int
    passages: int
    systems: list[SystemRun] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "questions": self.questions,
            "documents": self.documents,
            "passages": self.passages,
            "systems": {
                s.name: {
                    "means": {k: round(v, 4) for k, v in s.means.items()},
                    f"{MAIN} 95% interval": [round(x, 4) for x in s.interval],
                    "seconds": round(s.seconds, 2),
                    "per_query": {m: {q: round(v, 4) for q, v in vals.items()} for m, vals in s.per_query.items()},
                }
                for s in self.systems
            },
            "comparisons": [dataclasses.asdict(c) | {"within_noise": c.within_noise} for c in self.comparisons],
        }


def prepare(dataset: RetrievalSet, settings: Settings, progress=None) -> tuple[Searcher, dict[str, str]]:
    """A searcher over the set's own index (built or brought up to date first) and the map from
    the index's document ids to the set's."""
    digest = hashlib.sha256()
    for did, (title, text) in sorted(dataset.corpus.items()):
        digest.update(f"{did}\x00{title}\x00{text}\x01".encode())
    # Keyed by the documents alone: two sets over the same documents share one index.
    folder = settings.eval_cache_dir / f"corpus-{digest.hexdigest()[:12]}"
    corpus = folder / "corpus"
    mapping_path = folder / "documents.json"
    if not mapping_path.exists():
        corpus.mkdir(parents=True, exist_ok=True)
        mapping = {}
        for number, (did, (title, text)) in enumerate(sorted(dataset.corpus.items()), 1):
            stem = f"d{number:06d}"
            mapping[stem] = did
            (corpus / f"{stem}.txt").write_text(f"{title}\n\n{text}" if title else text, encoding="utf-8")
        # Written last: its presence says the corpus folder is complete.
        mapping_path.write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    mapping = json.loads(mapping_path.read_text(encoding="utf-8"))
    return open_folder(settings.replace(corpus_dir=corpus, index_dir=folder / "index"), progress), mapping


def open_folder(settings: Settings, progress=None) -> Searcher:
    """A searcher over settings.corpus_dir's index in settings.index_dir, ingesting first (an
    unchanged corpus is checked, not read again)."""
    from plansearch.ingest.pipeline import ingest
    from plansearch.store.engines import get_embedder
    from plansearch.store.index import load_for

    ingest(settings, progress=progress)
    try:
        index = load_for(settings)
    except IndexNotFound:
        raise PlansearchError(f"No document of {settings.corpus_dir} could be indexed") from None
    return Searcher(index, get_embedder(settings))


def run(
    searcher: Searcher, dataset: RetrievalSet, mapping: dict[str, str], systems: list[System], baseline: str = "hybrid",
) -> BenchmarkResult:
    """Score each system on the set's judged questions; compare each with `baseline` when it is run."""
    from ranx import Qrels, Run
    from ranx import evaluate as ranx_evaluate

    ids = dataset.judged()
    qrels = Qrels({q: {d: g for d, g in dataset.qrels[q].items() if g > 0} for q in ids})
    result = BenchmarkResult(dataset.name, len(ids), len(dataset.corpus), len(searcher.index.passages))
    for system in systems:
        searcher_for = system.searcher(searcher)
        start = time.perf_counter()
        ranking = {q: _documents(searcher_for, dataset.queries[q], system.retriever, mapping) for q in ids}
        seconds = time.perf_counter() - start
        # A question with no hit still counts (as 0): ranx needs one entry in each run.
        run_ = Run({q: ranking[q] or {"__nothing__": 0.0} for q in ids})
        ranx_evaluate(qrels, run_, list(METRICS.values()), make_comparable=True)
        # ranx keeps each question's value in the run, keyed by its id.
        per_query = {label: {q: float(run_.scores[metric][q]) for q in ids} for label, metric in METRICS.items()}
        means = {label: sum(v.values()) / len(ids) for label, v in per_query.items()}
        interval = bootstrap_interval(list(per_query[MAIN].values()))
        result.systems.append(SystemRun(system.name, means, interval, per_query, seconds))
    result.comparisons = against_baseline(baseline, {s.name: s.per_query[MAIN] for s in result.systems})
    return result


def compare_saved(current: BenchmarkResult, saved: dict[str, Any]) -> list[Comparison]:
    """Each system of `current` against the same system of a saved run (`--json` output) of the
    same set, over the questions both scored."""
    out = []
    for s in current.systems:
        old = saved.get("systems", {}).get(s.name, {}).get("per_query", {}).get(MAIN)
        if not old:
            continue
        common = [q for q in s.per_query[MAIN] if q in old]
        out.append(paired_test(f"{s.name} (saved)", [old[q] for q in common], s.name, [s.per_query[MAIN][q] for q in common]))
    return out


def format_result(result: BenchmarkResult, against: list[Comparison] | None = None) -> str:
    """Markdown: each system's figures with nDCG@10's 95 % interval, then the paired tests."""
    lines = [
        f"{result.dataset}: {result.questions} questions, {result.documents} documents in {result.passages} passages",
        "",
        f"| system | {MAIN} [95 % interval] | " + " | ".join(m for m in METRICS if m != MAIN) + " | s/question |",
        "|---" * (len(METRICS) + 2) + "|",
    ]
    for s in result.systems:
        low, high = s.interval
        cells = " | ".join(f"{s.means[m]:.3f}" for m in METRICS if m != MAIN)
        lines.append(f"| {s.name} | {s.means[MAIN]:.3f} [{low:.3f}, {high:.3f}] | {cells} | {s.seconds / max(result.questions, 1):.3f} |")
    tests = result.comparisons + (against or [])
    if tests:
        lines += ["", f"Paired differences in {MAIN} (Fisher randomisation test; p ≥ 0.05 is within noise):"]
        lines += [f"- {c.describe()}" for c in tests]
    return "\n".join(lines)


def _documents(searcher: Searcher, question: str, retriever: Retriever, mapping: dict[str, str]) -> dict[str, float]:
    """The set's documents in the order their passages first appear among the DEPTH best.

    A hit's near-duplicates (its `also_in` signal: the same text in other documents, folded into
    it for display) bring their documents right after the hit's own: the passage was found in
    each of them. Without this a set whose texts repeat each other (SweQUAD-MC) lost the question's
    own text whenever its twin scored a hair higher (report row 42)."""
    index = searcher.index
    ranked: dict[str, float] = {}
    for hit in searcher.search(question, k=DEPTH, retriever=retriever):
        twins = [index.passages[index.row_of[pid]].doc_id for pid in hit.signals.get("also_in", {}) if pid in index.row_of]
        for doc_id in (hit.passage.doc_id, *twins):
            did = mapping.get(doc_id, doc_id)
            if did not in ranked:
                ranked[did] = 1.0 / (1 + len(ranked))  # decreasing: ranx orders by score
    return ranked

"""Retrieval evaluation on a question–answer set.

A passage answers a case when, after whitespace normalisation, it contains any of the case's
evidence spans. Recall@k is the share of questions with such a passage among the first k
results; MRR@10 and nDCG@10 (binary relevance) come from ranx.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from plansearch.config import Retriever
from plansearch.evaluate.qa import MISSING, QACase, contains_evidence, normalize
from plansearch.evaluate.stats import Comparison, against_baseline, bootstrap_interval
from plansearch.evaluate.systems import System
from plansearch.search.searcher import Searcher

METRICS = {
    "R@1": "hit_rate@1",
    "R@3": "hit_rate@3",
    "R@5": "hit_rate@5",
    "R@10": "hit_rate@10",
    "MRR@10": "mrr@10",
    "nDCG@10": "ndcg@10",
}


@dataclass
class RetrieverResult:
    name: str
    overall: dict[str, float]
    by_category: dict[str, dict[str, float]]
    mean_chars: float
    max_chars: int
    seconds: float
    first_hit: dict[str, int | None] = field(default_factory=dict)  # case id -> rank of first answering passage
    count: int = 0
    per_query: dict[str, float] = field(default_factory=dict)  # case id -> nDCG@10, for intervals and paired tests


def evaluate(
    searcher: Searcher, cases: list[QACase], retrievers: Sequence[Retriever | System], k: int = 10
) -> list[RetrieverResult]:
    """Run every case through each retriever (or System: the hybrid with other settings) and
    score the rankings."""
    from ranx import Qrels, Run
    from ranx import evaluate as ranx_evaluate

    relevant = _relevant_passages(searcher.index.passages, cases)
    results = []
    for chosen in retrievers:
        system = chosen if isinstance(chosen, System) else System.parse(chosen)
        name, searcher_for = system.name, system.searcher(searcher)
        start = time.perf_counter()
        run: dict[str, dict[str, float]] = {}
        qrels: dict[str, dict[str, int]] = {c.id: dict(relevant[c.id]) for c in cases}
        first_hit: dict[str, int | None] = {}
        lengths: list[int] = []
        for case in cases:
            hits = searcher_for.search(case.question, k=k, retriever=system.retriever)
            run[case.id] = {}
            first_hit[case.id] = None
            for hit in hits:
                key = hit.passage.id
                # Scores must order the run as the retriever did.
                run[case.id][key] = float(k - hit.rank + 1)
                lengths.append(len(hit.passage.text))
                if contains_evidence(hit.passage.text, case):
                    qrels[case.id][key] = 1
                    if first_hit[case.id] is None:
                        first_hit[case.id] = hit.rank
            if not qrels[case.id]:
                qrels[case.id][MISSING] = 1
            if not run[case.id]:
                run[case.id][MISSING + "-none"] = 0.0
        seconds = time.perf_counter() - start
        scored = Run(run)
        overall = _scores(ranx_evaluate, Qrels(qrels), scored, [c.id for c in cases])
        # ranx keeps each question's value in the run it scored, keyed by its id.
        per_query = {c.id: float(scored.scores["ndcg@10"][c.id]) for c in cases}
        by_category = {}
        for category in sorted({c.category for c in cases}):
            ids = [c.id for c in cases if c.category == category]
            sub_q = Qrels({i: qrels[i] for i in ids})
            sub_r = Run({i: run[i] for i in ids})
            by_category[category] = _scores(ranx_evaluate, sub_q, sub_r, ids)
        results.append(
            RetrieverResult(
                name=name,
                overall=overall,
                by_category=by_category,
                mean_chars=sum(lengths) / len(lengths) if lengths else 0.0,
                max_chars=max(lengths) if lengths else 0,
                seconds=seconds,
                first_hit=first_hit,
                count=len(cases),
                per_query=per_query,
            )
        )
    return results


def _scores(ranx_evaluate, qrels, run, ids) -> dict[str, float]:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        values = ranx_evaluate(qrels, run, list(METRICS.values()), make_comparable=True)
    return {label: float(values[metric]) for label, metric in METRICS.items()}


def comparisons(results: list[RetrieverResult], baseline: str = "hybrid") -> list[Comparison]:
    """Paired tests of each retriever's nDCG@10 against the baseline's, over the same questions."""
    scores = {r.name: r.per_query for r in results}
    return against_baseline(baseline, scores, sorted(scores.get(baseline, {})))


def _relevant_passages(passages, cases: list[QACase]) -> dict[str, dict[str, int]]:
    """Every indexed passage that satisfies the hit rule, per case (the ideal ranking for nDCG)."""
    flat = [(p.id, normalize(p.text)) for p in passages]
    relevant: dict[str, dict[str, int]] = defaultdict(dict)
    for case in cases:
        spans = [normalize(s) for s in case.evidence if s.strip()]
        for pid, text in flat:
            if any(span in text for span in spans):
                relevant[case.id][pid] = 1
    return relevant


def answerable_share(passages, cases: list[QACase]) -> float:
    """Share of cases whose evidence lies whole inside at least one passage (the ceiling)."""
    relevant = _relevant_passages(passages, cases)
    return sum(1 for c in cases if relevant.get(c.id)) / len(cases)


def format_table(results: list[RetrieverResult]) -> str:
    """Markdown: overall metrics side by side, then Recall@5 per category."""
    lines = ["| retriever | " + " | ".join(METRICS) + " | nDCG@10 95 % interval | mean chars | max chars | s/query |"]
    lines.append("|---" * (len(METRICS) + 5) + "|")
    for r in results:
        cells = [f"{r.overall[m]:.3f}" for m in METRICS]
        per_query = r.seconds / max(r.count, 1)
        low, high = bootstrap_interval(list(r.per_query.values()))
        lines.append(
            f"| {r.name} | " + " | ".join(cells) + f" | [{low:.3f}, {high:.3f}] | {r.mean_chars:.0f} | {r.max_chars} | {per_query:.3f} |"
        )
    tests = comparisons(results)
    if tests:
        lines += ["", "Paired differences in nDCG@10 (Fisher randomisation test; p ≥ 0.05 is within noise):", ""]
        lines += [f"- {c.describe()}" for c in tests]
    categories = sorted({c for r in results for c in r.by_category})
    lines.append("")
    lines.append("Recall@5 (R@1) by category:")
    lines.append("")
    lines.append("| retriever | " + " | ".join(categories) + " |")
    lines.append("|---" * (len(categories) + 1) + "|")
    for r in results:
        cells = [f"{r.by_category[c]['R@5']:.3f} ({r.by_category[c]['R@1']:.2f})" for c in categories]
        lines.append(f"| {r.name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def results_json(results: list[RetrieverResult], qa_path: Path, ceiling: float) -> dict:
    return {
        "qa": str(qa_path),
        "questions": results[0].count if results else 0,
        "ceiling": round(ceiling, 4),
        "retrievers": {
            r.name: {
                "overall": {k: round(v, 4) for k, v in r.overall.items()},
                "by_category": {c: {k: round(v, 4) for k, v in m.items()} for c, m in r.by_category.items()},
                "mean_chars": round(r.mean_chars, 1),
                "max_chars": r.max_chars,
                "seconds": round(r.seconds, 2),
                "missed_at_5": [cid for cid, rank in r.first_hit.items() if rank is None or rank > 5],
                "nDCG@10 95% interval": [round(x, 4) for x in bootstrap_interval(list(r.per_query.values()))],
                "per_query": {"nDCG@10": {q: round(v, 4) for q, v in r.per_query.items()}},
            }
            for r in results
        },
        "comparisons": [asdict(c) | {"within_noise": c.within_noise} for c in comparisons(results)],
    }

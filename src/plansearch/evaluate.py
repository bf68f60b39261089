"""Retrieval evaluation on a question–answer set.

A passage answers a case when, after whitespace normalisation, it contains any of the case's
evidence spans. Recall@k is the share of questions with such a passage among the first k
results; MRR@10 and nDCG@10 (binary relevance) come from ranx.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from plansearch.errors import PlansearchError

METRICS = {
    "R@1": "hit_rate@1",
    "R@3": "hit_rate@3",
    "R@5": "hit_rate@5",
    "R@10": "hit_rate@10",
    "MRR@10": "mrr@10",
    "nDCG@10": "ndcg@10",
}
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


def evaluate(searcher, cases: list[QACase], retrievers: list[str], k: int = 10) -> list[RetrieverResult]:
    """Run every case through each retriever and score the rankings."""
    from ranx import Qrels, Run, evaluate as ranx_evaluate

    relevant = _relevant_passages(searcher.index.passages, cases)
    results = []
    for name in retrievers:
        start = time.perf_counter()
        run: dict[str, dict[str, float]] = {}
        qrels: dict[str, dict[str, int]] = {c.id: dict(relevant[c.id]) for c in cases}
        first_hit: dict[str, int | None] = {}
        lengths: list[int] = []
        for case in cases:
            hits = searcher.search(case.question, k=k, retriever=name)
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
        overall = _scores(ranx_evaluate, Qrels(qrels), Run(run), [c.id for c in cases])
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
            )
        )
    return results


def _scores(ranx_evaluate, qrels, run, ids) -> dict[str, float]:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        values = ranx_evaluate(qrels, run, list(METRICS.values()), make_comparable=True)
    return {label: float(values[metric]) for label, metric in METRICS.items()}


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
    lines = ["| retriever | " + " | ".join(METRICS) + " | mean chars | max chars | s/query |"]
    lines.append("|---" * (len(METRICS) + 4) + "|")
    for r in results:
        cells = [f"{r.overall[m]:.3f}" for m in METRICS]
        per_query = r.seconds / max(r.count, 1)
        lines.append(f"| {r.name} | " + " | ".join(cells) + f" | {r.mean_chars:.0f} | {r.max_chars} | {per_query:.3f} |")
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
            }
            for r in results
        },
    }


START, END = "<!-- plansearch eval: start -->", "<!-- plansearch eval: end -->"


def update_report(path: Path, results: list[RetrieverResult], qa_path: Path, ceiling: float) -> None:
    """Replace the generated block of the report, keeping what was written around it."""
    block = "\n".join(
        [
            START,
            f"Latest run: `plansearch eval --qa {qa_path}` ({results[0].count if results else 0} questions, "
            f"{time.strftime('%Y-%m-%d %H:%M')}). Evidence lies inside some passage for {ceiling:.1%} of them.",
            "",
            format_table(results),
            END,
        ]
    )
    old = path.read_text(encoding="utf-8") if path.exists() else "# Retrieval evaluation\n\n"
    if START in old and END in old:
        new = old[: old.index(START)] + block + old[old.index(END) + len(END) :]
    else:
        new = old.rstrip() + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new, encoding="utf-8")


@dataclass
class AnswerResult:
    answerable: int
    correct: float  # answer text or first citation holds the evidence
    wrongly_abstained: float
    unanswerable: int
    wrongly_answered: float
    p50_ms: float
    p95_ms: float
    by_category: dict[str, float] = field(default_factory=dict)
    by_route: dict[str, int] = field(default_factory=dict)
    # language -> {"answerable", "correct", "wrongly_abstained", "unanswerable", "wrongly_answered"}:
    # cross-lingual similarities run lower, so English questions need their own threshold.
    by_language: dict[str, dict[str, float]] = field(default_factory=dict)


def evaluate_answers(ask, cases: list[QACase], unanswerable: list[QACase]) -> AnswerResult:
    """Score an `ask(question) -> Answer` function: evidence in the answer or its first citation,
    and how often it abstains wrongly (answerable) or answers wrongly (unanswerable)."""
    import statistics

    timings: list[float] = []
    correct: dict[str, list[bool]] = defaultdict(list)
    abstained = 0
    routes: dict[str, int] = defaultdict(int)
    per_language: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for case in cases:
        start = time.perf_counter()
        answer = ask(case.question)
        timings.append((time.perf_counter() - start) * 1000)
        routes[answer.route] += 1
        first = answer.citations[0].passage.text if answer.citations else ""
        ok = contains_evidence(answer.text, case) or contains_evidence(first, case)
        correct[case.category].append(ok)
        abstained += answer.abstained
        per_language[answer.language]["correct"].append(ok)
        per_language[answer.language]["wrongly_abstained"].append(answer.abstained)
    answered = 0
    for case in unanswerable:
        start = time.perf_counter()
        answer = ask(case.question)
        answered += not answer.abstained
        timings.append((time.perf_counter() - start) * 1000)
        per_language[answer.language]["wrongly_answered"].append(not answer.abstained)
    timings.sort()
    flat = [ok for values in correct.values() for ok in values]
    return AnswerResult(
        answerable=len(cases),
        correct=sum(flat) / len(flat) if flat else 0.0,
        wrongly_abstained=abstained / len(cases) if cases else 0.0,
        unanswerable=len(unanswerable),
        wrongly_answered=answered / len(unanswerable) if unanswerable else 0.0,
        p50_ms=statistics.median(timings) if timings else 0.0,
        p95_ms=timings[int(0.95 * (len(timings) - 1))] if timings else 0.0,
        by_category={c: sum(v) / len(v) for c, v in sorted(correct.items())},
        by_route=dict(routes),
        by_language={lang: _language_figures(values) for lang, values in sorted(per_language.items())},
    )


def _language_figures(values: dict[str, list[bool]]) -> dict[str, float]:
    def share(key: str) -> float:
        return sum(values[key]) / len(values[key]) if values[key] else 0.0

    return {
        "answerable": len(values["correct"]),
        "correct": share("correct"),
        "wrongly_abstained": share("wrongly_abstained"),
        "unanswerable": len(values["wrongly_answered"]),
        "wrongly_answered": share("wrongly_answered"),
    }


def format_answers(result: AnswerResult) -> str:
    lines = [
        "| answerable | evidence in answer or first citation | wrongly abstained | unanswerable | wrongly answered | p50 ms | p95 ms |",
        "|---|---|---|---|---|---|---|",
        f"| {result.answerable} | {result.correct:.3f} | {result.wrongly_abstained:.3f} | {result.unanswerable} | "
        f"{result.wrongly_answered:.3f} | {result.p50_ms:.0f} | {result.p95_ms:.0f} |",
        "",
        "By category: " + ", ".join(f"{c} {v:.2f}" for c, v in result.by_category.items()),
        "Routes: " + ", ".join(f"{r} {n}" for r, n in sorted(result.by_route.items())),
        "By language: " + "; ".join(
            f"{lang}: {int(v['answerable'])} answerable, {v['correct']:.3f} evidence, "
            f"{v['wrongly_abstained']:.3f} wrongly abstained, {int(v['unanswerable'])} unanswerable, "
            f"{v['wrongly_answered']:.3f} wrongly answered"
            for lang, v in result.by_language.items()
        ),
    ]
    return "\n".join(lines)

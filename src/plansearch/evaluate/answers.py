"""Answer evaluation: does the answer (or its first citation) hold the evidence, how often does the
chat abstain on answerable questions and answer unanswerable ones, and how fast."""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field

from plansearch.evaluate.qa import QACase, contains_evidence


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

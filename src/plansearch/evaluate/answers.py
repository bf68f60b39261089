"""Answer evaluation: does the answer hold the asked facts, how often does the chat abstain on
answerable questions and answer unanswerable ones, how long are its answers, and how fast.

Two rules for an answerable case: "keyfacts", the answer TEXT states every key fact of the case
(evaluate/qa.py: has_keyfacts; only cases that list key facts); and "evidence", the older and
looser rule, the answer text or its first citation holds one of the evidence spans. An abstention
fails both.
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from plansearch.answer.records import Answer
from plansearch.evaluate.qa import QACase, contains_evidence, has_keyfacts

Ask = Callable[[str, Sequence[dict[str, Any]]], Answer]


@dataclass
class CategoryFigures:
    """The figures of one category of answerable questions."""

    cases: int
    evidence: float  # share whose answer or first citation holds an evidence span
    keyfacts: float | None  # share whose answer states every key fact (None: no case lists any)
    wrongly_abstained: float
    median_chars: float  # of the answer text


@dataclass
class AnswerResult:
    answerable: int
    correct: float  # answer text or first citation holds the evidence
    wrongly_abstained: float
    unanswerable: int
    wrongly_answered: float
    p50_ms: float
    p95_ms: float
    keyfacts: float | None = None  # share of the cases with key facts whose answer states them all
    by_category: dict[str, CategoryFigures] = field(default_factory=dict)
    by_route: dict[str, int] = field(default_factory=dict)
    # language -> {"answerable", "correct", "keyfacts", "wrongly_abstained", "unanswerable", "wrongly_answered"}:
    # cross-lingual similarities run lower, so English questions need their own threshold.
    by_language: dict[str, dict[str, float]] = field(default_factory=dict)
    by_miss: dict[str, float] = field(default_factory=dict)  # what a near miss lacks -> wrongly answered
    failures: list[str] = field(default_factory=list)  # ids of answerable cases missing a key fact


def evaluate_answers(ask: Ask, cases: list[QACase], unanswerable: list[QACase]) -> AnswerResult:
    """Score `ask(question, history) -> Answer` on answerable and unanswerable cases."""
    timings: list[float] = []
    rows: dict[str, list[tuple[bool, bool | None, bool, int]]] = defaultdict(list)
    routes: dict[str, int] = defaultdict(int)
    per_language: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    failures = []

    def timed(case: QACase) -> Answer:
        start = time.perf_counter()
        answer = ask(case.question, case.turns())
        timings.append((time.perf_counter() - start) * 1000)
        return answer

    for case in cases:
        answer = timed(case)
        routes[answer.route] += 1
        first = answer.citations[0].passage.text if answer.citations else ""
        # The older rule, kept as it was so that its figures stay comparable: it also counts the
        # closest passage shown under an abstention.
        evidence = contains_evidence(answer.text, case) or contains_evidence(first, case)
        facts = (not answer.abstained and has_keyfacts(answer.text, case)) if case.keyfacts else None
        if facts is False:
            failures.append(case.id)
        rows[case.category].append((evidence, facts, answer.abstained, len(answer.text)))
        language = per_language[answer.language]
        language["correct"].append(evidence)
        language["wrongly_abstained"].append(answer.abstained)
        if facts is not None:
            language["keyfacts"].append(facts)
    answered_by_miss: dict[str, list[bool]] = defaultdict(list)
    for case in unanswerable:
        answer = timed(case)
        answered_by_miss[case.miss or "unspecified"].append(not answer.abstained)
        per_language[answer.language]["wrongly_answered"].append(not answer.abstained)
    timings.sort()
    every = [row for values in rows.values() for row in values]
    answered = [a for values in answered_by_miss.values() for a in values]
    return AnswerResult(
        answerable=len(cases),
        correct=_share([r[0] for r in every]),
        wrongly_abstained=_share([r[2] for r in every]),
        unanswerable=len(unanswerable),
        wrongly_answered=_share(answered),
        p50_ms=statistics.median(timings) if timings else 0.0,
        p95_ms=timings[int(0.95 * (len(timings) - 1))] if timings else 0.0,
        keyfacts=_share_or_none([r[1] for r in every if r[1] is not None]),
        by_category={c: _category(values) for c, values in sorted(rows.items())},
        by_route=dict(routes),
        by_language={lang: _language_figures(values) for lang, values in sorted(per_language.items())},
        by_miss={miss: _share(values) for miss, values in sorted(answered_by_miss.items())},
        failures=failures,
    )


def _share(values: Sequence[bool]) -> float:
    return sum(values) / len(values) if values else 0.0


def _share_or_none(values: Sequence[bool]) -> float | None:
    return sum(values) / len(values) if values else None


def _category(rows: list[tuple[bool, bool | None, bool, int]]) -> CategoryFigures:
    return CategoryFigures(
        cases=len(rows),
        evidence=_share([r[0] for r in rows]),
        keyfacts=_share_or_none([r[1] for r in rows if r[1] is not None]),
        wrongly_abstained=_share([r[2] for r in rows]),
        median_chars=float(statistics.median(r[3] for r in rows)),
    )


def _language_figures(values: dict[str, list[bool]]) -> dict[str, float]:
    figures = {
        "answerable": float(len(values["correct"])),
        "correct": _share(values["correct"]),
        "wrongly_abstained": _share(values["wrongly_abstained"]),
        "unanswerable": float(len(values["wrongly_answered"])),
        "wrongly_answered": _share(values["wrongly_answered"]),
    }
    if values["keyfacts"]:
        figures["keyfacts"] = _share(values["keyfacts"])
    return figures


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def format_answers(result: AnswerResult) -> str:
    """Markdown: the overall row, then one row per category, languages, routes and near misses."""
    lines = [
        "| answerable | every key fact | evidence in answer or first citation | wrongly abstained | unanswerable "
        "| wrongly answered | p50 ms | p95 ms |",
        "|---|---|---|---|---|---|---|---|",
        f"| {result.answerable} | {_pct(result.keyfacts)} | {result.correct:.3f} | {result.wrongly_abstained:.3f} | "
        f"{result.unanswerable} | {result.wrongly_answered:.3f} | {result.p50_ms:.0f} | {result.p95_ms:.0f} |",
        "",
        "| category | cases | every key fact | evidence | wrongly abstained | median answer chars |",
        "|---|---|---|---|---|---|",
    ]
    for category, c in result.by_category.items():
        lines.append(
            f"| {category} | {c.cases} | {_pct(c.keyfacts)} | {c.evidence:.3f} | {c.wrongly_abstained:.3f} | "
            f"{c.median_chars:.0f} |"
        )
    lines += [
        "",
        "Routes: " + ", ".join(f"{r} {n}" for r, n in sorted(result.by_route.items())),
        "By language: "
        + "; ".join(
            f"{lang}: {int(v['answerable'])} answerable, {_pct(v.get('keyfacts'))} every key fact, "
            f"{v['correct']:.3f} evidence, {v['wrongly_abstained']:.3f} wrongly abstained, "
            f"{int(v['unanswerable'])} unanswerable, {v['wrongly_answered']:.3f} wrongly answered"
            for lang, v in result.by_language.items()
        ),
    ]
    if result.by_miss and set(result.by_miss) != {"unspecified"}:
        lines.append("Unanswerable, wrongly answered by what they lack: " + ", ".join(
            f"{miss} {share:.2f}" for miss, share in result.by_miss.items()
        ))
    return "\n".join(lines)

"""`plansearch train`: learn which unit answers and whether the documents answer at all, from the
tuning QA sets (never the holdouts).

For each question, the units of the passages the chat would answer from are labelled: a unit
answers when it holds a key fact of the case (qa_answers.jsonl) or one of its evidence spans
(qa.jsonl, qa_english.jsonl). A LightGBM model over answer/ranking.py's features is
cross-validated by question (5 folds; top-1: the best-scored unit of a question is one that
answers), against the hand-written rule it replaces (the best sentence of the first passage, by
words and meaning), then fitted on every question and written to data/unit_ranker.txt.

Then answerability (answer/answerability.py): a logistic model over its features, from the tuning
questions (answerable), the written unanswerable ones and near misses made from the answerable ones,
with the threshold read off its cross-validated precision-recall points, written to
data/answerability.json.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from plansearch.answer.candidates import Unit, units_of
from plansearch.answer.context import Context
from plansearch.answer.ranking import MODEL, MODEL_FEATURES, features, hand_scores, with_relative
from plansearch.answer.records import AnswerSettings
from plansearch.evaluate.qa import QACase, fact_form, load_qa, normalize
from plansearch.search.searcher import Searcher
from plansearch.store.calibration import from_manifest

TUNING = ("qa.jsonl", "qa_english.jsonl", "qa_answers.jsonl")  # never the *_holdout files


@dataclass
class Dataset:
    rows: np.ndarray  # (units, MODEL_FEATURES)
    labels: np.ndarray  # (units,) 1 when the unit answers
    groups: np.ndarray  # (units,) the question's number
    hand: np.ndarray  # (units,) the hand-written rule's score


def answers(unit: Unit, case: QACase) -> bool:
    """Whether the unit holds a key fact or an evidence span of the case."""
    text = fact_form(unit.context)
    if case.keyfacts:
        return any(fact_form(f) in text for f in case.keyfacts)
    flat = normalize(unit.text)
    return any(
        normalize(span) in normalize(unit.context) or (len(flat) >= 15 and flat in normalize(span))
        for span in case.evidence if span.strip()
    )


def build(searcher: Searcher, cases: list[QACase]) -> Dataset:
    """Candidate units, their features and labels, for every case whose evidence was found."""
    calibration = from_manifest(searcher.index.manifest)
    rows: list[np.ndarray] = []
    labels: list[bool] = []
    groups: list[int] = []
    hand: list[float] = []
    for number, case in enumerate(cases):
        question = searcher.analyse(case.question, case.turns())
        hits = Context(question, searcher, AnswerSettings(), calibration).hits
        units = [u for h in hits for u in units_of(h)]
        if not units:
            continue
        found = [answers(u, case) for u in units]
        if not any(found):
            continue  # nothing to choose from: a retrieval miss, not the ranker's
        x = features(searcher, question, units, calibration.window_gain)
        rows.append(with_relative(x))
        labels.extend(found)
        groups.extend([number] * len(units))
        hand.extend(hand_scores(x, units).tolist())
    return Dataset(np.vstack(rows), np.asarray(labels, dtype=int), np.asarray(groups), np.asarray(hand))


def top1(scores: np.ndarray, data: Dataset, mask: np.ndarray | None = None) -> float:
    """Share of questions whose best-scored unit answers."""
    right = total = 0
    for group in np.unique(data.groups if mask is None else data.groups[mask]):
        rows = np.flatnonzero(data.groups == group)
        right += int(data.labels[rows[np.argmax(scores[rows])]])
        total += 1
    return right / total if total else 0.0


PARAMS = {
    "objective": "binary", "num_leaves": 15, "learning_rate": 0.05, "min_data_in_leaf": 20, "feature_fraction": 0.9,
    "seed": 1, "deterministic": True, "num_threads": 1, "verbose": -1,
}


def folds(groups: np.ndarray, k: int = 5) -> list[tuple[np.ndarray, np.ndarray]]:
    """(train rows, test rows) with every question's units in one fold."""
    questions = np.unique(groups)
    fold_of = {q: n % k for n, q in enumerate(questions)}
    which = np.asarray([fold_of[g] for g in groups])
    return [(np.flatnonzero(which != f), np.flatnonzero(which == f)) for f in range(k)]


def fit(rows: np.ndarray, labels: np.ndarray, rounds: int) -> Any:
    import lightgbm

    data = lightgbm.Dataset(rows, labels, feature_name=list(MODEL_FEATURES), free_raw_data=False)
    return lightgbm.train(PARAMS, data, num_boost_round=rounds)


def cross_validate(data: Dataset, rounds: int) -> float:
    """Top-1 of the model in held-out folds, by question."""
    predicted = np.zeros(len(data.labels))
    for train, test in folds(data.groups):
        predicted[test] = fit(data.rows[train], data.labels[train], rounds).predict(data.rows[test], num_threads=1)
    return top1(predicted, data)


def train(searcher: Searcher, evaluation: Path, out: Path = MODEL, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Build the data from the tuning sets, cross-validate, fit and write the model."""
    cases = [case for name in TUNING if (evaluation / name).exists() for case in load_qa(evaluation / name)]
    data = build(searcher, cases)
    questions = len(np.unique(data.groups))
    log(f"{len(cases)} questions, {questions} with an answering unit among {len(data.labels)} units")
    scores = {rounds: cross_validate(data, rounds) for rounds in (100, 200, 400)}
    rounds = max(scores, key=lambda r: scores[r])
    hand = top1(data.hand, data)
    booster = fit(data.rows, data.labels, rounds)
    out.write_text(booster.model_to_string(), encoding="utf-8")
    log(
        f"trained on {', '.join(TUNING)}: {questions} questions; cross-validated top-1 {scores[rounds]:.3f} "
        f"({rounds} rounds) against {hand:.3f} for the hand-written rule"
    )
    return {"questions": questions, "units": len(data.labels), "cross_validated_top1": scores, "rounds": rounds,
            "hand_rule_top1": hand}


# -- answerability ---------------------------------------------------------------------------------

UNANSWERABLE = ("qa_unanswerable.jsonl", "qa_nearmiss.jsonl")  # never the *_holdout files
OTHER_REGIONS = ("Skåne", "Halland", "Kalmar", "Blekinge", "Kronoberg", "Stockholm", "Västra Götaland", "Jönköping")
OTHER_TOPICS = ("skelettcancer", "ögoncancer", "hjärtsvikt", "tandvård", "diabetes", "astma", "fotvård", "hörselvård")
OTHER_YEAR = "2031"
# The share of the answerable questions (that pass the constraints) the threshold must keep: with
# the constraints' own refusals, about 95 % of all answerable questions are answered.
KEEP = 0.975


def near_misses(cases: list[QACase], corpus_text: str) -> list[QACase]:
    """Unanswerable questions made from answerable ones: a region, year or topic word swapped for
    one the documents never mention (checked against their text)."""
    import re

    from plansearch.search.scope import PLACE_PATTERN
    from plansearch.text.normalise import fold

    absent = [r for r in OTHER_REGIONS if fold(r.lower()) not in corpus_text]
    topics = [t for t in OTHER_TOPICS if t not in corpus_text]
    made: list[QACase] = []
    for n, case in enumerate(cases):
        question = case.question
        place = PLACE_PATTERN.search(fold(question.lower()))
        year = re.search(r"\b(?:19|20)\d\d\b", question)
        if place and absent:
            start, end = place.span(2) if place.group(2) else place.span()
            made.append(_swapped(case, question[:start] + absent[n % len(absent)] + question[end:], "region"))
        elif year and OTHER_YEAR not in corpus_text:
            made.append(_swapped(case, question[: year.start()] + OTHER_YEAR + question[year.end() :], "year"))
        elif topics and n % 3 == 0:
            words = [w for w in re.findall(r"[A-Za-zÅÄÖåäö]{9,}", question) if w.lower() not in ("ansvarar",)]
            if words:
                longest = max(words, key=len)
                made.append(_swapped(case, question.replace(longest, topics[n % len(topics)], 1), "cancer_type"))
    return made


def _swapped(case: QACase, question: str, miss: str) -> QACase:
    return QACase(f"{case.id}-swap", question, (), category="unanswerable", lang=case.lang, miss=miss)


def answerability_data(
    searcher: Searcher, answerable: list[QACase], unanswerable: list[QACase]
) -> tuple[np.ndarray, np.ndarray, dict[int, int]]:
    """Rows of answer/answerability.py's features and labels (1: answerable), and the share of
    questions a constraint already turns away, per label."""
    from plansearch.answer.answerability import constraint_missing
    from plansearch.answer.answerability import features as question_features

    calibration = from_manifest(searcher.index.manifest)
    rows, labels, refused = [], [], {0: 0, 1: 0}
    for label, cases in ((1, answerable), (0, unanswerable)):
        for case in cases:
            question = searcher.analyse(case.question, case.turns())
            ctx = Context(question, searcher, AnswerSettings(), calibration)
            if not ctx.hits:
                refused[label] += 1
                continue
            if constraint_missing(question, ctx, ctx.units):
                refused[label] += 1
                continue
            rows.append(question_features(ctx, question, ctx.units))
            labels.append(label)
    return np.vstack(rows), np.asarray(labels), refused


def train_answerability(searcher: Searcher, evaluation: Path, out: Path, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Cross-validated probabilities, the threshold that keeps 95 % of the answerable questions,
    the precision-recall points, and the fitted model written to `out`."""
    import json

    from sklearn.linear_model import LogisticRegression

    from plansearch.answer.answerability import FEATURES as ANSWER_FEATURES
    from plansearch.text.normalise import fold

    answerable = [case for name in TUNING if (evaluation / name).exists() for case in load_qa(evaluation / name)]
    written = [case for name in UNANSWERABLE if (evaluation / name).exists() for case in load_qa(evaluation / name)]
    corpus = fold(" ".join(d.text for d in searcher.index.documents.values()).lower())
    made = near_misses(answerable, corpus)
    rows, labels, refused = answerability_data(searcher, answerable, written + made)
    groups = np.arange(len(labels))
    probability = np.zeros(len(labels))
    for train, test in folds(groups):
        model = LogisticRegression(C=1.0, max_iter=3000, fit_intercept=False).fit(rows[train], labels[train])
        probability[test] = model.predict_proba(rows[test])[:, 1]
    points = []
    for threshold in np.linspace(0.05, 0.95, 91):
        kept = probability >= threshold
        points.append({
            "threshold": round(float(threshold), 2),
            "answerable_kept": round(float(kept[labels == 1].mean()), 3),
            "unanswerable_refused": round(float((~kept)[labels == 0].mean()), 3),
        })
    # The highest threshold that still answers KEEP of the answerable questions the constraints pass.
    chosen = max((p for p in points if p["answerable_kept"] >= KEEP), key=lambda p: p["threshold"],
                 default=points[0])
    model = LogisticRegression(C=1.0, max_iter=3000, fit_intercept=False).fit(rows, labels)
    source = (
        f"trained on {', '.join(TUNING + UNANSWERABLE)} and {len(made)} made near misses; cross-validated at the "
        f"threshold: {chosen['answerable_kept']:.3f} of answerable kept, {chosen['unanswerable_refused']:.3f} of "
        f"unanswerable refused (after the constraints refused {refused[0]} unanswerable and {refused[1]} answerable)"
    )
    out.write_text(json.dumps({
        "features": list(ANSWER_FEATURES), "weights": [round(float(w), 6) for w in model.coef_[0]],
        "threshold": chosen["threshold"], "source": source, "precision_recall": points,
    }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    log(source)
    return {"threshold": chosen, "points": points, "refused_by_constraints": refused, "made": len(made)}

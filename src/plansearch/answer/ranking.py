"""Which unit answers: features a reader can explain, and a gradient-boosted model over them
(LightGBM) learned from the QA sets' evidence spans and key facts (devtools/train_ranker.py,
`plansearch train-ranker`), kept as text in data/unit_ranker.txt.

Features per (question, unit), each in a small range; the first four are also given relative to
the best of the question's units (how far behind the best candidate a unit is):

- words: the IDF-weighted share of the question's subject terms in the unit (with its lead or
  row), in the unit alone, and of the whole question;
- meaning: how much closer to the question the unit's sentence window is than its passage;
- the passage: its rank, its fused score against the best one, its cosine;
- the unit: its position in the passage, its length, whether it looks like a heading;
- the answer type: a date, an amount, a responsible cell, a time-frame cell, a definition, a list
  item, where the question asks for one;
- constraints: the years and regions the question names, met by the unit or its passage.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from plansearch.answer.candidates import Unit
from plansearch.answer.confidence import idf
from plansearch.answer.kinds import columns_asked
from plansearch.answer.units import window_closeness
from plansearch.search.intent import AMOUNT, DATE
from plansearch.search.query import Question
from plansearch.search.scope import places_in
from plansearch.search.searcher import Searcher
from plansearch.text.lexicons import english_to_swedish
from plansearch.text.swedish import RESPONSIBLE_COLUMNS, TIME_COLUMNS

MODEL = Path(__file__).resolve().parents[1] / "data" / "unit_ranker.txt"
FEATURES = (
    "subject_in_context", "subject_in_unit", "question_in_context", "meaning", "passage_rank", "passage_score",
    "passage_cosine", "first_unit", "position", "length", "heading_like", "is_cell", "is_item", "is_entry",
    "date_asked_and_present", "amount_asked_and_present", "body_asked_and_responsible_cell",
    "date_asked_and_time_cell", "definition_asked_and_defines", "list_asked_and_item", "asked_column",
    "years_met", "places_met", "decision_asked_and_decided", "subject_in_heading",
)
RELATIVE = 4  # the first features, also as the difference to the question's best unit
MODEL_FEATURES = FEATURES + tuple(f"{name}_behind_best" for name in FEATURES[:RELATIVE])
DEFINES = re.compile(
    r"\binnebär\b|\bavses\b|\bdefinieras\b|\bstår för\b|\bär en\b|\bär ett\b|\(|\bdet vill säga\b|\bdvs\b|\bd\.v\.s\."
    r"|\bmenas\b|\bbetyder\b|\bsyftar på\b",
    re.IGNORECASE,
)
DECIDED = re.compile(r"\bbeslut", re.IGNORECASE)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
CARRIED = 0.5  # weight of a follow-up's words taken from the question before it, against its own


@dataclass
class Terms:
    """The question's weighted terms, computed once for all its units."""

    subject: dict[str, float]
    question: dict[str, float]


def question_terms(searcher: Searcher, question: Question) -> Terms:
    analyzer = searcher.index.lexical.analyzer
    subject = question.subject
    text = question.repaired
    if question.language == "en":  # the units are Swedish: their words are the lexicon's
        subject = f"{subject} {english_to_swedish(subject)}"
        text = f"{text} {english_to_swedish(text)}"
    weigh = {t: idf(searcher.index, t) for t in set(analyzer.terms(subject)) | set(analyzer.terms(text))}
    if question.carried:
        # A follow-up's own words say what it asks ("Vem ska leda förstudien om dem?"); the previous
        # question's only say what about, and would pick the sentence that answered that one again.
        own = set(analyzer.terms(question.asked))
        if question.language == "en":
            own |= set(analyzer.terms(english_to_swedish(question.asked)))
        if own & set(weigh):
            weigh = {t: w if t in own else CARRIED * w for t, w in weigh.items()}
    return Terms(
        {t: weigh[t] for t in set(analyzer.terms(subject))},
        {t: weigh[t] for t in set(analyzer.terms(text))},
    )


def share(weights: dict[str, float], present: AbstractSet[str]) -> float:
    """The part of the terms' weight that `present` holds (0 without weight)."""
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in present) / total if total else 0.0


def holds_subject(searcher: Searcher, question: Question, least: float) -> Callable[[Unit], bool]:
    """Whether a unit's own words hold at least `least` of the question's weighted subject terms
    (the feature subject_in_unit, without the rest of a feature row or the ranker)."""
    subject = question_terms(searcher, question).subject
    analyzer = searcher.index.lexical.analyzer
    return lambda unit: share(subject, terms_of(analyzer, unit.text)) >= least


def features(searcher: Searcher, question: Question, units: list[Unit], gain: float = 20.0) -> np.ndarray:
    """One row of FEATURES per unit."""
    analyzer = searcher.index.lexical.analyzer
    terms = question_terms(searcher, question)
    top = max((u.hit.score for u in units), default=1.0) or 1.0
    closeness: dict[str, list[tuple[str, float]]] = {}
    asked_years = {str(y) for y in question.years}
    asked = question.asked.lower()
    wanted_columns = columns_asked(asked)
    rows = []
    for unit in units:
        passage = unit.passage
        if passage.id not in closeness:
            closeness[passage.id] = window_closeness(searcher, question, passage, gain)
        in_unit = terms_of(analyzer, unit.text)
        heading = terms_of(analyzer, passage.heading)
        in_context = in_unit | terms_of(analyzer, unit.lead) | heading
        meaning = max((c for window, c in closeness[passage.id] if _overlaps(unit.text, window)), default=0.0)
        text = unit.text
        years_there, places_there = passage_facts(searcher, passage.id)
        kind = question.answer_type
        rows.append([
            share(terms.subject, in_context),
            share(terms.subject, in_unit),
            share(terms.question, in_context),
            min(meaning, 2.0),
            1.0 / unit.hit.rank,
            unit.hit.score / top,
            float(unit.hit.signals.get("dense", {}).get("score", 0.0)),
            float(unit.position == 0),
            1.0 / (1 + unit.position),
            math.log1p(len(text)) / 6.0,
            float(len(text) < 40 and not text.endswith((".", "!", "?")) and unit.kind == "sentence"),
            float(unit.kind == "cell"),
            float(unit.kind == "item"),
            float(unit.kind == "entry"),
            float(kind == "date" and bool(DATE.search(text))),
            float(kind == "amount" and bool(AMOUNT.search(text))),
            float(kind == "body" and unit.column in RESPONSIBLE_COLUMNS),
            float(kind == "date" and unit.column in TIME_COLUMNS),
            float(kind == "definition" and (unit.kind == "entry" or bool(DEFINES.search(text)))),
            float(kind == "list" and unit.kind == "item"),
            float(bool(wanted_columns) and unit.column in wanted_columns),
            _met(asked_years, set(YEAR.findall(unit.context)), years_there) if asked_years else 0.5,
            _met(set(question.places), places_in(unit.context), places_there) if question.places else 0.5,
            float("beslut" in asked or "decide" in asked) * float(bool(DECIDED.search(unit.context))),
            share(terms.subject, heading),  # a passage under "Nästa möte"
        ])
    return np.asarray(rows, dtype=np.float64).reshape(len(units), len(FEATURES))


@lru_cache(maxsize=65536)
def terms_of(analyzer: object, text: str) -> frozenset[str]:
    """The analyser's terms of a text, cached: the same passages answer many questions."""
    return frozenset(analyzer.terms(text)) if text else frozenset()  # type: ignore[attr-defined]


def passage_facts(searcher: Searcher, passage_id: str) -> tuple[set[str], set[str]]:
    """The years and regions a passage (with its heading and document) names, computed once per
    passage and kept with the loaded index."""
    index = searcher.index
    facts: dict[str, tuple[set[str], set[str]]] = index.__dict__.setdefault("_answer_facts", {})
    if passage_id not in facts:
        passage = index.passages[index.row_of[passage_id]]
        meta = index.meta(passage.doc_id)
        where = " ".join([passage.text, passage.heading, *([meta.title, meta.region] if meta else [])])
        facts[passage_id] = (set(YEAR.findall(where)), places_in(where))
    return facts[passage_id]


def _met(asked: set[str], in_unit: set[str], in_passage: set[str]) -> float:
    """1 when the unit meets every asked constraint, 0.5 when only its passage or document does,
    0 when neither does; 0.5 when nothing is asked (neutral)."""
    if not asked:
        return 0.5
    if asked <= in_unit:
        return 1.0
    return 0.5 if asked <= in_passage else 0.0


def _overlaps(sentence: str, window: str) -> bool:
    return sentence[:60] in window or window[:60] in sentence


def hand_scores(rows: np.ndarray, units: list[Unit]) -> np.ndarray:
    """The rule before the model: the first passage speaks; in it, words + meaning - position, with
    0.3 more for a date or amount asked for and 1 less for a heading-like line."""
    col = {name: k for k, name in enumerate(FEATURES)}
    first = units[0].passage.id if units else ""
    scores = []
    for row, unit in zip(rows, units, strict=True):
        score = row[col["question_in_context"]] + row[col["meaning"]] - 0.01 * unit.position
        score += 0.3 * (row[col["date_asked_and_present"]] + row[col["amount_asked_and_present"]])
        score -= row[col["heading_like"]]
        scores.append(score if unit.passage.id == first else score - 10.0)
    return np.asarray(scores)


def score_units(searcher: Searcher, question: Question, units: list[Unit], gain: float) -> tuple[np.ndarray, np.ndarray]:
    """(features, scores) of the question's units: the shipped ranker's scores, or the hand rule's
    when no model is installed; higher answers better. `units` must not be empty."""
    rows = features(searcher, question, units, gain)
    ranker = load_ranker()
    return rows, ranker.scores(rows) if ranker is not None else hand_scores(rows, units)


def with_relative(rows: np.ndarray) -> np.ndarray:
    """The features of one question's units, and the first RELATIVE of them minus their best."""
    if not len(rows):
        return np.zeros((0, len(MODEL_FEATURES)))
    return np.hstack([rows, rows[:, :RELATIVE] - rows[:, :RELATIVE].max(axis=0)])


@dataclass(frozen=True)
class UnitRanker:
    """A LightGBM model over MODEL_FEATURES (from data/unit_ranker.txt)."""

    booster: Any  # lightgbm.Booster

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """How likely each of one question's units answers it, in [0, 1]."""
        if not len(rows):
            return np.zeros(0)
        # One thread: the model's OpenMP team is not to compete with the embedding model's.
        return np.asarray(self.booster.predict(with_relative(rows), num_threads=1), dtype=np.float64)


@lru_cache(maxsize=4)
def load_ranker(path: Path = MODEL) -> UnitRanker | None:
    """The shipped model; None when it is missing or was trained on other features."""
    try:
        import lightgbm

        booster = lightgbm.Booster(model_file=str(path))
    except (ImportError, OSError, ValueError, Exception):  # lightgbm raises its own error on a broken file
        return None
    if tuple(booster.feature_name()) != MODEL_FEATURES:
        return None
    return UnitRanker(booster)

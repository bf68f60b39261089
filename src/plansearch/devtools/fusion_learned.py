"""Learned fusions for the fusion comparison (devtools/fusion_options.py): a model scores each
candidate passage from the retrievers' scaled scores and ranks and from what the question is like.

Features of one candidate (FEATURES): each retriever's score scaled within its list as the product
scales it (mean ± 3σ; a candidate outside a list gets its filled-in score, floored at 0, or 0),
1/√rank in each list (0 outside it), the share of the question's known terms that BM25's best
passage holds, the log number of those terms, whether the question is English, and the share and
the log number of terms times the dense and BM25 scores. Labels: the candidate counts for the
question as the set scores it (holds an evidence span, or belongs to a relevant document).

Two models, both trained only on tuning sets: scikit-learn's logistic regression (standardised
features; its probability is the fused score) and LightGBM's lambdarank (100 trees; its scores
min-max scaled per question, so the product's boosts keep their size). A tuning set's figures come
from 5-fold cross-validation by question text (a question never scores with a model that saw its
text); a held-out set is scored by the model trained on all tuning questions.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from plansearch.search.fuse import FITS
from plansearch.search.query import Question
from plansearch.search.searcher import Candidates, Searcher

FEATURES = (
    "dense", "bm25", "sparse", "dense_rank", "bm25_rank", "sparse_rank",
    "share", "terms", "english", "share_dense", "share_bm25", "terms_dense", "terms_bm25",
)
FOLDS = 5
TREES = 100


def term_share(searcher: Searcher, question: Question, pool: Candidates) -> tuple[float, int]:
    """(share of the question's known terms that BM25's best passage holds, number of known
    terms); (0, n) when BM25 found nothing. Row 40's rule is share == 1."""
    from plansearch.store.lexical import lexical_text

    lexical = searcher.index.lexical
    vocabulary = lexical.bm25.vocab_dict
    terms = {t for t in lexical.analyzer.terms(question.lexical) if t in vocabulary}
    if not terms or pool.best_bm25 is None:
        return 0.0, len(terms)
    held = set(lexical.analyzer.terms(lexical_text(searcher.index.passages[pool.best_bm25])))
    return len(terms & held) / len(terms), len(terms)


def features(searcher: Searcher, question: Question, pool: Candidates) -> tuple[list[int], np.ndarray]:
    """(candidate rows, one feature row per candidate in FEATURES order)."""
    rows = sorted(set().union(*pool.lists.values()))
    fit = FITS[searcher.config.normalize]
    share, count = term_share(searcher, question, pool)
    terms = math.log1p(count)
    columns: dict[str, list[float]] = {}
    for name in ("dense", "bm25", "sparse"):
        scores = pool.lists.get(name, {})
        filled = (pool.filled or {}).get(name, {})
        scale = fit(list(scores.values())) if scores else (lambda value: 0.0)
        ranks = {row: r for r, row in enumerate(sorted(scores, key=lambda x: -scores[x]), 1)}
        columns[name] = [
            scale(scores[row]) if row in scores else max(0.0, scale(filled[row])) if row in filled else 0.0 for row in rows
        ]
        columns[f"{name}_rank"] = [1 / math.sqrt(ranks[row]) if row in ranks else 0.0 for row in rows]
    english = 1.0 if question.language == "en" else 0.0
    table = np.column_stack([
        columns["dense"], columns["bm25"], columns["sparse"],
        columns["dense_rank"], columns["bm25_rank"], columns["sparse_rank"],
        np.full(len(rows), share), np.full(len(rows), terms), np.full(len(rows), english),
        share * np.asarray(columns["dense"]), share * np.asarray(columns["bm25"]),
        terms * np.asarray(columns["dense"]), terms * np.asarray(columns["bm25"]),
    ]) if rows else np.zeros((0, len(FEATURES)))
    return rows, table


def fold_of(text: str) -> int:
    """A question's fold, from its text: the same question asked twice lands in one fold."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % FOLDS


@dataclass
class TrainingData:
    """Candidates of the tuning questions: features, labels, each row's question (text)."""

    rows: list[np.ndarray] = field(default_factory=list)
    labels: list[np.ndarray] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def add(self, text: str, table: np.ndarray, labels: np.ndarray) -> None:
        if len(table):
            self.rows.append(table)
            self.labels.append(labels)
            self.texts.append(text)


Scorer = Callable[[np.ndarray], np.ndarray]


def _logistic(data: TrainingData, keep: list[int]) -> Scorer:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    model.fit(np.vstack([data.rows[i] for i in keep]), np.concatenate([data.labels[i] for i in keep]))
    return lambda table: model.predict_proba(table)[:, 1]


def _lambdarank(data: TrainingData, keep: list[int]) -> Scorer:
    import lightgbm

    params = {
        "objective": "lambdarank", "metric": "ndcg", "eval_at": [10], "learning_rate": 0.05, "num_leaves": 15,
        "min_data_in_leaf": 20, "num_threads": 1, "verbose": -1, "seed": 0, "deterministic": True,
    }
    train = lightgbm.Dataset(
        np.vstack([data.rows[i] for i in keep]), np.concatenate([data.labels[i] for i in keep]),
        group=[len(data.rows[i]) for i in keep], feature_name=list(FEATURES),
    )
    model = lightgbm.train(params, train, num_boost_round=TREES)

    def score(table: np.ndarray) -> np.ndarray:
        raw = np.asarray(model.predict(table, num_threads=1), dtype=np.float64)
        spread = raw.max() - raw.min() if len(raw) else 0.0
        return (raw - raw.min()) / spread if spread > 1e-12 else np.ones_like(raw)

    return score


TRAINERS: dict[str, Callable[[TrainingData, list[int]], Scorer]] = {
    "logistic regression": _logistic,
    "LightGBM lambdarank": _lambdarank,
}


@dataclass
class LearnedFusion:
    """One learned fusion: a model per cross-validation fold and one on all tuning questions.
    `cross_validated` picks which scores the set at hand (True for a tuning set)."""

    name: str
    folds: list[Scorer]
    full: Scorer
    cross_validated: bool = False

    @classmethod
    def train(cls, name: str, data: TrainingData) -> LearnedFusion:
        """Raises ValueError when the tuning data lack a relevant or an irrelevant candidate."""
        labels = np.concatenate(data.labels) if data.labels else np.zeros(0)
        if not len(labels) or labels.min() == labels.max():
            raise ValueError("the tuning sets need both relevant and irrelevant candidates to train a fusion")
        trainer = TRAINERS[name]
        which = [fold_of(t) for t in data.texts]
        folds = []
        for f in range(FOLDS):
            keep = [i for i, w in enumerate(which) if w != f]
            # A fold whose training part has one label only (tiny sets) falls back to all data.
            kept = np.concatenate([data.labels[i] for i in keep]) if keep else np.zeros(0)
            folds.append(trainer(data, keep) if len(kept) and kept.min() != kept.max() else None)
        full = trainer(data, list(range(len(data.rows))))
        return cls(name, [f or full for f in folds], full)

    def __call__(self, searcher: Searcher, question: Question, pool: Candidates) -> dict[int, float]:
        rows, table = features(searcher, question, pool)
        if not rows:
            return {}
        model = self.folds[fold_of(question.asked)] if self.cross_validated else self.full
        return dict(zip(rows, (float(v) for v in model(table)), strict=True))

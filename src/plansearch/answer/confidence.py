"""Whether the best passage can answer: by the question's words it holds, or by meaning.

confidence() > 1 answers. A Swedish question is answered when its best passage holds
`min_coverage` of its IDF-weighted terms or reaches the calibrated cosine; an English one meets
the Swedish text in other words, so it is judged by the cosine alone, with its own threshold.
"""

from __future__ import annotations

import math

from plansearch.answer.records import AnswerSettings
from plansearch.models import Hit
from plansearch.search.query import Question
from plansearch.search.searcher import Searcher
from plansearch.store.calibration import Calibration
from plansearch.store.index import Index


def confidence(
    searcher: Searcher, question: Question, top: Hit, settings: AnswerSettings, calibration: Calibration
) -> float:
    """The best of words and meaning, each as a multiple of its threshold."""
    dense = top.signals.get("dense", {}).get("score")
    if dense is None:
        row = searcher.index.row_of[top.passage.id]
        dense = float(searcher.index.vectors[row] @ searcher.query_vector(question))
    if question.language == "en":
        return dense / calibration.min_dense_english
    by_meaning = dense / calibration.min_dense
    by_words = coverage(searcher.index, question, top.passage.text) / settings.min_coverage
    return max(by_words, by_meaning)


def coverage(index: Index, question: Question, text: str) -> float:
    """IDF-weighted share of the question's terms that occur in `text`, in [0, 1]."""
    analyzer = index.lexical.analyzer
    terms = set(analyzer.terms(question.repaired))
    if not terms:
        return 0.0
    present = set(analyzer.terms(text))
    weights = {t: idf(index, t) for t in terms}
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in present) / total if total else 0.0


def idf(index: Index, term: str) -> float:
    """log((N + 1) / (df + 0.5)) over the passages; a term no passage has weighs log(N + 1), the
    most: the documents lack the topic."""
    bm25 = index.lexical.bm25
    n = bm25.scores["num_docs"]
    token = bm25.vocab_dict.get(term)
    if token is None:
        return math.log(n + 1)
    indptr = bm25.scores["indptr"]
    df = int(indptr[token + 1] - indptr[token])
    return math.log((n + 1) / (df + 0.5))

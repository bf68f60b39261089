"""Whether the documents answer the question at all, or only come near it.

A near miss names something the documents do not cover (another region, year, body, cancer type,
an abbreviation they never spell out) and retrieval still finds the passage nearest in topic.
Two checks, both explainable:

1. constraints: a year the question names that neither the answering unit, its passage nor its
   document's period covers; a region no passage found is about (context.about_place); a
   document the question names that no good unit comes from; an amount or a date asked for that
   the answering unit does not hold.
2. a calibrated score: a logistic model (data/answerability.json, trained with the unit ranker
   by `plansearch train-ranker` on the tuning QA sets, their written unanswerable questions and
   near misses made by swapping a question's region, year or topic word for one the documents
   do not have) over the features below; below its threshold, chosen from the precision-recall
   curve, the chat abstains.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from plansearch.answer import constraints
from plansearch.answer.candidates import Unit
from plansearch.answer.confidence import idf
from plansearch.answer.context import Context
from plansearch.answer.ranking import terms_of
from plansearch.search.filters import covers
from plansearch.search.query import Question
from plansearch.text.lexicons import english_to_swedish, is_english_word, swedish_synonyms
from plansearch.text.normalise import fold, words

MODEL = Path(__file__).resolve().parents[1] / "data" / "answerability.json"
FEATURES = (
    "unit_score", "subject_in_unit", "subject_in_passage", "rarest_in_passage", "unknown_subject_terms",
    "cosine", "english", "type_present", "years_met", "document_met", "words_or_meaning", "entities_missing",
    "has_entities", "bias",
)
# What a question names rather than describes: a capitalised word that does not open it, an
# abbreviation, a number. A paraphrase may word its topic otherwise than the documents; a near
# miss names something they do not have ("IVO", "Cancerfonden", "Region Skåne", "2027").
# A capitalised word that opens a sentence is no name either: a follow-up's subject carries the
# previous question after its own ("Hur följs det upp? Vad gör Gävleborg …").
ENTITY = re.compile(r"(?<![.?!:]\s)(?<=\s)[A-ZÅÄÖ][\wÅÄÖåäö-]+|\b[A-ZÅÄÖ]{2,}[\wÅÄÖ-]*|\b\d[\d-]*\b")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(frozen=True)
class Verdict:
    """Why the chat answers or not."""

    answerable: bool
    score: float  # the model's probability that the question is answered (1.0 without a model)
    missing: str = ""  # what a constraint lacks: "year", "region", "document", "amount", "date", or ""


def features(ctx: Context, question: Question, scored: list[tuple[float, Unit]]) -> np.ndarray:
    """One row of FEATURES for the question and its best units."""
    index = ctx.index
    analyzer = index.lexical.analyzer
    # Sorted: the rarest term below is the first of equal weight, the same in every process
    # (a set's order follows the per-process string hash).
    subject = {t: idf(index, t) for t in sorted(set(analyzer.terms(_subject_text(question))))}
    total = sum(subject.values()) or 1.0
    vocabulary = index.lexical.bm25.vocab_dict
    if not scored:
        return np.asarray([0.0, 0.0, 0.0, 0.0, _unknown(subject, vocabulary), 0.0, float(question.language == "en"),
                           0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0])
    score, unit = scored[0]
    in_unit = terms_of(analyzer, unit.context)
    passage = unit.passage
    in_passage = in_unit | terms_of(analyzer, passage.text) | terms_of(analyzer, passage.heading)
    dense = float(ctx.hits[0].signals.get("dense", {}).get("score", 0.0)) if ctx.hits else 0.0
    threshold = ctx.calibration.min_dense_english if question.language == "en" else ctx.calibration.min_dense
    return np.asarray([
        score,
        sum(w for t, w in subject.items() if t in in_unit) / total,
        sum(w for t, w in subject.items() if t in in_passage) / total,
        float(_holds_rarest(question, subject, in_passage, ctx)),
        _unknown(subject, vocabulary),
        dense / threshold,
        float(question.language == "en"),
        float(constraints.kind_of_fact(question, unit, ctx)),
        _years_met(question, unit, ctx),
        _document_met(question, scored, ctx),
        min(ctx.confidence, 2.0),  # the rule before the model: words or meaning of the best passage
        *_entities(question, unit, ctx),
        1.0,
    ])


def _holds_rarest(question: Question, subject: dict[str, float], in_passage: frozenset[str], ctx: Context) -> bool:
    """Whether the passage's terms hold the subject's rarest term (the feature rarest_in_passage),
    or the documents' own word for it."""
    analyzer = ctx.index.lexical.analyzer
    vocabulary = ctx.index.lexical.bm25.vocab_dict
    # Sorted first: between terms of equal weight, the set's order (which the hash seed sets) chose,
    # and the same question was answered in one process and refused in the next.
    # An English word the documents never use is foreign, not rare: the rarest is the corpus's.
    known = [t for t in sorted(subject) if question.language != "en" or t in vocabulary] or sorted(subject)
    if question.language == "en":
        # An English word the lexicon translates is asked through its Swedish words, which the
        # subject holds too: "Sweden" is in the vocabulary by a reference's title, "Sverige" is
        # what the documents say.
        translated = {t for w in words(question.asked) if is_english_word(w) for t in analyzer.terms(w)}
        known = [t for t in known if t not in translated] or known
    rarest = max(known, key=lambda t: subject[t]) if subject else ""
    return not rarest or rarest in in_passage or _inside_a_term(rarest, in_passage) or bool(
        # The documents' own word for an everyday one ("drabbas årligen" for "får cancer varje år").
        question.language == "sv" and set(analyzer.terms(swedish_synonyms(_subject_text(question)))) & in_passage)


def _inside_a_term(term: str, terms: frozenset[str]) -> bool:
    """Whether a stem stands inside one of the terms: the verb "kvalitetssäkra" (parts
    "kvalitet", "sakr") and the noun "kvalitetssäkring" (one term: "säkring" is no word of the
    corpus on its own) are one topic, which the stemmer and the compound splitter keep apart."""
    return len(term) >= 4 and any(term in t for t in terms)


def _entities(question: Question, unit: Unit, ctx: Context) -> tuple[float, float]:
    """(share of the subject's named things missing from the unit's passage and document, whether
    it names any)."""
    names = {e.strip("-") for e in ENTITY.findall(question.subject)} - {"RCC", "NPO", "RPO", "LPO"}
    if not names:
        return 0.0, 0.0
    meta = ctx.index.meta(unit.passage.doc_id)
    text = fold(" ".join([unit.passage.text, unit.passage.section, meta.title if meta else ""]).lower())
    missing = [n for n in names if fold(n.lower()).removesuffix("s")[:8] not in text]
    return len(missing) / len(names), 1.0


def _subject_text(question: Question) -> str:
    # The English subject with its Swedish rendering, as the shipped model was trained on; reading
    # it in the corpus's words only (dropping the English) needs a model retrained on that.
    if question.language == "en":
        return f"{question.subject} {english_to_swedish(question.subject)}"
    return question.subject


def _unknown(subject: dict[str, float], vocabulary: dict[str, int]) -> float:
    """Share of the subject's terms that no passage has: the documents lack the topic."""
    return sum(1 for t in subject if t not in vocabulary) / len(subject) if subject else 0.0


def _years_met(question: Question, unit: Unit, ctx: Context) -> float:
    """1 when every year asked is in the unit, 0.5 in its passage or its document's period, else 0;
    1 when no year is asked."""
    if not question.years:
        return 1.0
    if all(str(y) in unit.context for y in question.years):
        return 1.0
    meta = ctx.index.meta(unit.passage.doc_id)
    passage = unit.passage.text
    ok = all(str(y) in passage or (meta and covers(meta.period, meta.year, y)) for y in question.years)
    return 0.5 if ok else 0.0


def _document_met(question: Question, scored: list[tuple[float, Unit]], ctx: Context) -> float:
    """1 when no document is named or the best units come from one of those named. A question
    that names only a region ("… i RCC Mellansverige?") names no document: the region constraint
    checks the place, and another publisher's passage about it answers as well."""
    if not question.documents or not ctx.searcher.scope.names_document(question.asked):
        return 1.0
    return float(any(unit.passage.doc_id in question.documents for _, unit in scored[:3]))


def constraint_missing(question: Question, ctx: Context, scored: list[tuple[float, Unit]]) -> str:
    """The first constraint the best unit fails ("region", "year", …; answer/constraints.py), or ""."""
    if not ctx.about_place and question.answer_type != "comparison":
        return "region"
    if not scored:
        return "topic"
    return constraints.missing(question, scored[0][1], ctx)


@dataclass(frozen=True)
class AnswerabilityModel:
    weights: np.ndarray
    threshold: float
    source: str = ""

    def probability(self, row: np.ndarray) -> float:
        return 1.0 / (1.0 + math.exp(-float(row @ self.weights)))


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL) -> AnswerabilityModel | None:
    """The shipped model; None when it is missing or was trained on other features."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if tuple(data.get("features", ())) != FEATURES:
        return None
    return AnswerabilityModel(np.asarray(data["weights"], dtype=np.float64), float(data["threshold"]),
                              data.get("source", ""))


BARELY_ABOUT = 0.1  # share of the subject's weighted terms in the passage below which it is not about it


def verdict(question: Question, ctx: Context, scored: list[tuple[float, Unit]]) -> Verdict:
    """Answer or abstain, and why: a failed constraint, then the learned score (or, without a
    model, the rule: words or meaning of the best passage, context.confidence >= 1)."""
    missing = constraint_missing(question, ctx, scored)
    if missing:
        return Verdict(False, 0.0, missing)
    model = load_model() if ctx.settings.answerability else None
    if model is None:
        return Verdict(ctx.confidence >= 1.0, min(ctx.confidence, 1.0), "" if ctx.confidence >= 1.0 else "topic")
    row = features(ctx, question, scored)
    rarest, about, unknown = (row[FEATURES.index(name)] for name in (
        "rarest_in_passage", "subject_in_passage", "unknown_subject_terms"))
    if question.language == "sv" and question.answer_type == "text" and question.intent == "general" and not rarest \
            and about < BARELY_ABOUT and not unknown:
        # "Vad står det om teledermatoskopi i Norrs cancerplan?": a passage that holds neither the
        # subject's rarest word nor much else of it says nothing on it, however close its meaning.
        # (English subjects are read through the lexicon, which misses too many of their words; a
        # subject word the index does not know, "teledermatoskopin", is a failure of the words.)
        return Verdict(False, 0.0, "topic")
    probability = model.probability(row)
    return Verdict(probability >= model.threshold, probability, "" if probability >= model.threshold else "topic")

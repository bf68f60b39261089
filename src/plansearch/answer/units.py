"""The answering unit of a passage: the sentence (or table row, or glossary entry) that holds most
of the question, by its words and, where the passage has sentence windows, by meaning."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from plansearch.answer.confidence import idf
from plansearch.models import Hit, Passage
from plansearch.search.intent import AMOUNT, DATE
from plansearch.search.query import Question
from plansearch.search.searcher import Searcher
from plansearch.text.sentences import flat, sentence_spans


@dataclass(frozen=True)
class Unit:
    """A candidate answer inside a passage."""

    score: float
    start: int  # offsets into hit.passage.text
    end: int
    text: str  # the unit on one line
    hit: Hit


def units_of(passage: Passage) -> list[tuple[int, int, str]]:
    """Sentences of a passage (a heading or list item on its own line is a unit of its own), or
    the whole of a table row, with their offsets."""
    if passage.kind in ("table_row", "glossary"):
        return [(0, len(passage.text), flat(passage.text))]
    units = []
    offset = 0
    for line in passage.text.split("\n"):
        for s, e in sentence_spans(passage.text, offset, offset + len(line)):
            units.append((s, e, flat(passage.text[s:e])))
        offset += len(line) + 1
    return units or [(0, len(passage.text), flat(passage.text))]


def best_unit(searcher: Searcher, question: Question, hit: Hit, window_gain: float) -> Unit:
    """The passage's unit that holds most of the question, with a bonus for a date ("när …?") or
    an amount ("hur mycket …?") where one is asked for, and a penalty for headings."""
    index = searcher.index
    analyzer = index.lexical.analyzer
    weights = {t: idf(index, t) for t in set(analyzer.terms(question.repaired))}
    total = sum(weights.values()) or 1.0
    english = question.language == "en"
    closeness = window_closeness(searcher, question, hit.passage, window_gain)
    best: Unit | None = None
    for position, (start, end, sentence) in enumerate(units_of(hit.passage)):
        present = set(analyzer.terms(sentence))
        by_words = 0.0 if english else sum(w for t, w in weights.items() if t in present) / total
        by_meaning = max((c for window, c in closeness if _overlaps(sentence, window)), default=0.0)
        score = by_words + by_meaning - 0.01 * position
        if question.intent == "date" and DATE.search(sentence):
            score += 0.3
        if question.intent == "amount" and AMOUNT.search(sentence):
            score += 0.3
        if _is_heading(sentence, hit.passage) or len(sentence.split()) < 3:
            score -= 1.0  # "Var är vi?", "9." answer nothing
        elif len(sentence) < 40 and not sentence.endswith((".", "!", "?")):
            score -= 0.5  # a heading answers little
        if best is None or score > best.score:
            best = Unit(score, start, end, sentence, hit)
    assert best is not None  # units_of never returns an empty list
    return best


def window_closeness(searcher: Searcher, question: Question, passage: Passage, gain: float) -> list[tuple[str, float]]:
    """(window text, how much closer than the passage it is to the question) for each window."""
    index = searcher.index
    row = index.row_of[passage.id]
    windows = index.windows_of_rows(np.asarray([row]))
    if not len(windows):
        return []
    vector = searcher.query_vector(question)
    base = float(index.vectors[row] @ vector)
    scores = index.window_vectors[windows] @ vector
    # A window `1 / gain` closer than its passage counts like a fully covered question.
    return [
        (index.window_texts[w].split("\n", 1)[-1], max(0.0, (float(c) - base) * gain + 0.5 * (float(c) >= scores.max())))
        for w, c in zip(windows, scores, strict=True)
    ]


def _is_heading(sentence: str, passage: Passage) -> bool:
    """The line that repeats the passage's own section heading."""
    heading = passage.heading.strip()
    return bool(heading) and sentence.strip() == heading


def _overlaps(sentence: str, window: str) -> bool:
    return sentence[:60] in window or window[:60] in sentence

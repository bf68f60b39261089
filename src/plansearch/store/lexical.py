"""BM25 over the passages (bm25s), with the Swedish analyser for documents and queries alike."""

from __future__ import annotations

import json
import logging
from collections import Counter
from pathlib import Path

import numpy as np

from plansearch.models import Passage
from plansearch.text.analyzer import Analyzer, Speller

logging.getLogger("bm25s").setLevel(logging.WARNING)


def lexical_text(passage: Passage) -> str:
    """What BM25 indexes for a passage: its heading, then its text."""
    section = passage.heading
    return f"{section}\n{passage.text}" if section else passage.text


class LexicalIndex:
    """BM25 scores for every passage, plus the analyser and speller built from the same corpus."""

    def __init__(self, analyzer: Analyzer, bm25) -> None:
        self.analyzer = analyzer
        self.bm25 = bm25
        self.speller = Speller(analyzer.vocabulary)

    @classmethod
    def build(cls, texts: list[str], documents: list[str]) -> LexicalIndex:
        """Index `texts` (one per passage); the vocabulary comes from the whole `documents`."""
        import bm25s

        analyzer = Analyzer.from_texts(documents)
        corpus_terms = [analyzer.terms(t) or ["∅"] for t in texts]
        bm25 = bm25s.BM25()
        bm25.index(corpus_terms, show_progress=False)
        return cls(analyzer, bm25)

    def scores(self, query: str, extra_terms: list[str] | None = None) -> np.ndarray:
        """BM25 score of every passage for the query (zeros when no term is known)."""
        terms = self.analyzer.terms(query) + list(extra_terms or [])
        known = [t for t in terms if t in self.bm25.vocab_dict]
        if not known:
            return np.zeros(self.bm25.scores["num_docs"], dtype=np.float32)
        return self.bm25.get_scores(known)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.bm25.save(str(folder))
        (folder / "vocabulary.json").write_text(
            json.dumps(dict(self.analyzer.vocabulary), ensure_ascii=False), encoding="utf-8"
        )

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        import bm25s

        bm25 = bm25s.BM25.load(str(folder))
        vocabulary = Counter(json.loads((folder / "vocabulary.json").read_text(encoding="utf-8")))
        return cls(Analyzer(vocabulary), bm25)

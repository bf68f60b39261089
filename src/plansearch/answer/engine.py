"""Short answers with numbered citations, taken from the documents themselves.

The question is analysed once (search/query.py), then the routes are tried in order
(answer/routes/): the glossary ("vad står X för?"), the roles ("vad ansvarar X för?"), the
abstention (nothing close enough, or nothing about the region asked for), the table cells ("vem
ansvarar för …?") and, last, the sentences that best cover the question. Every sentence of an
answer ends with the number of the passage it comes from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from plansearch.answer.context import Context
from plansearch.answer.records import Answer, AnswerSettings, Citation
from plansearch.answer.routes import ROUTES, Route
from plansearch.models import Passage
from plansearch.search.searcher import Searcher
from plansearch.store.calibration import Calibration, from_manifest


class AnswerEngine:
    """Runs the answer routes over a Searcher's index."""

    def __init__(
        self,
        searcher: Searcher,
        settings: AnswerSettings | None = None,
        calibration: Calibration | None = None,
        routes: Sequence[Route] = ROUTES,
    ):
        self.searcher = searcher
        self.settings = settings or AnswerSettings()
        self.calibration = calibration or from_manifest(searcher.index.manifest)
        self.routes = tuple(routes)

    def answer(self, question: str, history: Sequence[dict[str, Any]] = ()) -> Answer:
        """The answer of the first route that takes the question; `history` is the conversation so far."""
        analysed = self.searcher.analyse(question, history)
        ctx = Context(analysed, self.searcher, self.settings, self.calibration)
        for route in self.routes:
            found = route(analysed, ctx)
            if found is not None:
                return found
        raise AssertionError("the last route always answers")

    def context(self, answer: Answer, limit: int = 6) -> list[Citation]:
        """The numbered passages behind an answer (its citations first, then the other hits), as a
        language model is given them."""
        passages: list[Passage] = [c.passage for c in answer.citations]
        for hit in answer.hits:
            if hit.passage not in passages:
                passages.append(hit.passage)
        highlights = {c.passage.id: c.highlight for c in answer.citations}
        index = self.searcher.index
        titles = {p.id: (m.title if (m := index.meta(p.doc_id)) else p.doc_id) for p in passages}
        return [Citation(n, p, titles[p.id], highlights.get(p.id, (0, len(p.text)))) for n, p in enumerate(passages[:limit], 1)]

"""One object that answers, searches and looks things up: what the CLI and the web service share.

It holds an immutable snapshot (index, searcher, answer engine, roles). A reload builds a new
snapshot aside and swaps the reference in one assignment, so a request that started on the old
index finishes on it and never sees passages of two versions.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from plansearch.answer.citations import answer_page
from plansearch.answer.engine import AnswerEngine
from plansearch.answer.records import Answer, AnswerRecord, answer_record
from plansearch.config import Retriever, Settings
from plansearch.errors import NotFound
from plansearch.knowledge.roles import RoleDirectory
from plansearch.models import Document, Hit, Passage
from plansearch.search.filters import Filters
from plansearch.search.searcher import Searcher
from plansearch.store.embed import Embedder
from plansearch.store.engines import get_embedder
from plansearch.store.index import Index, load_for, load_index
from plansearch.store.versions import current_version

log = logging.getLogger("plansearch.service")


@dataclass(frozen=True)
class Snapshot:
    """One index version with everything built over it."""

    index: Index
    searcher: Searcher
    engine: AnswerEngine
    roles: RoleDirectory
    version: str

    def record(self, answer: Answer) -> AnswerRecord:
        """The answer as JSON gives it, each citation with the page its answering part stands on."""
        documents = self.index.documents
        return answer_record(
            answer, self.version, pages=lambda c: answer_page(documents.get(c.passage.doc_id), c.passage, c.highlight)
        )


class Service:
    """The loaded snapshot, reloads, and what users ask for."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None):
        self.settings = settings
        self._embedder = embedder
        self._lock = threading.Lock()
        self._reload_lock = threading.Lock()
        self._snapshot: Snapshot | None = None

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder(self.settings)
        return self._embedder

    @property
    def snapshot(self) -> Snapshot:
        snapshot = self._snapshot
        if snapshot is None:
            with self._lock:
                if self._snapshot is None:
                    self._snapshot = self._load()
                snapshot = self._snapshot
        return snapshot

    def _load(self) -> Snapshot:
        if self._embedder is not None:
            index = load_index(self.settings.index_dir, self._embedder.name)
        else:
            index = load_for(self.settings)
        searcher = Searcher(index, self.embedder)
        engine = AnswerEngine(searcher)
        # searcher.roles builds the query analyser (speller, glossary, scope) now, not at the first question.
        return Snapshot(index, searcher, engine, searcher.roles, index.folder.name if index.folder else "")

    def reload(self) -> bool:
        """Load the index version CURRENT names, if it is another one; True when it changed.

        The new snapshot is built while requests go on using the old one, then swapped in with
        one assignment. A broken new version is logged and the old one kept."""
        with self._reload_lock:
            try:
                latest = current_version(self.settings.index_dir).name
                if self._snapshot is not None and self._snapshot.version == latest:
                    return False
                fresh = self._load()
            except Exception:
                log.exception("reload failed; still serving index %s", self._snapshot.version if self._snapshot else "-")
                return False
            with self._lock:
                self._snapshot = fresh
            log.info("reloaded index=%s passages=%d", fresh.version, len(fresh.index.passages))
            return True

    def watch(self, stop: threading.Event) -> None:
        """Reload whenever CURRENT names another version (run in a background thread)."""
        pointer = self.settings.index_dir / "CURRENT"
        seen = None
        while not stop.wait(self.settings.reload_interval):
            try:
                name = pointer.read_text(encoding="utf-8").strip()
            except OSError:
                continue
            if name != seen:
                seen = name
                if self._snapshot is not None and name != self._snapshot.version:
                    self.reload()

    # -- what users ask for --------------------------------------------------------------------

    def ask(self, question: str, history: Sequence[dict[str, Any]] | None = None) -> tuple[Answer, Snapshot]:
        """An answer with citations; with PLANSEARCH_LLM_URL set, phrased by the language model."""
        snapshot = self.snapshot
        answer = snapshot.engine.answer(question, history or [])
        if self.settings.llm_url and answer.route not in ("glossary", "roles"):
            from plansearch.answer.llm import generate

            answer = generate(answer, snapshot.engine.context(answer), self.settings)
        return answer, snapshot

    def search(
        self, query: str, k: int = 10, filters: Filters | None = None, retriever: Retriever | None = None
    ) -> tuple[list[Hit], Snapshot]:
        """The k best passages, with the snapshot that found them."""
        snapshot = self.snapshot
        if filters and filters.doc_id and filters.doc_id not in snapshot.index.documents:
            raise NotFound(f"Okänt dokument: {filters.doc_id}")
        hits = snapshot.searcher.search(query, k=k, retriever=retriever or self.settings.retriever, filters=filters)
        return hits, snapshot

    def document(self, doc_id: str) -> tuple[Document, list[Passage], Snapshot]:
        """A document, its passages in order, and the snapshot; NotFound for an unknown id."""
        snapshot = self.snapshot
        doc = snapshot.index.documents.get(doc_id)
        if doc is None:
            raise NotFound(f"Okänt dokument: {doc_id}")
        passages = [p for p in snapshot.index.passages if p.doc_id == doc_id]
        return doc, passages, snapshot

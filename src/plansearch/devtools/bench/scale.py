"""The question embedding alone, synthetic corpora 10×–1,000× the shipped one, and vector search on a million vectors."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import numpy as np

from plansearch.config import Settings
from plansearch.devtools.bench.common import folder_mb, percentiles, questions
from plansearch.devtools.bench.server import ServerProcess, load_test, warm_up


def measure_query_embedding(settings: Settings, texts: list[str]) -> dict[str, Any]:
    """The floor of every request: the model's work on a new question (its vector, and its latent
    terms when the settings use them), uncached."""
    from plansearch.store.embed import LatentEmbedder, sparse_dim
    from plansearch.store.engines import get_embedder

    embedder = get_embedder(settings)
    sparse = settings.sparse and sparse_dim(embedder) > 0

    def embed(text: str) -> None:
        if not sparse:
            embedder.embed_query(text)
        elif getattr(embedder, "embed_question", lambda _: None)(text) is None:
            embedder.embed_query(text)
            cast(LatentEmbedder, embedder).sparse_query(text)

    embed("uppvärmning")
    times = []
    for text in texts:
        start = time.perf_counter()
        embed(text)
        times.append((time.perf_counter() - start) * 1000)
    return percentiles(times)


def measure_scale(
    settings: Settings, work: Path, texts: list[str], factors: tuple[int, ...], seconds: float, log: Callable[[str], None]
) -> dict[str, Any]:
    """Query figures on synthetic corpora 10×, 100×, 1,000× the shipped one."""
    from plansearch.devtools.synth import synthesize
    from plansearch.store.index import load_index

    base = load_index(settings.index_dir)
    results: dict[str, Any] = {}
    for factor in factors:
        log(f"scale: building {factor}× ({factor * len(base.passages):,} passages)")
        folder = work / f"scale-{factor}"
        start = time.perf_counter()
        # At 1,000× the sentence windows (2.5 vectors a passage) would need another 2.5 GB and the
        # latent terms another 1.3 GB; the figures there are for passage vectors and BM25 alone.
        synthesize(base, factor, folder, windows=factor < 1000, sparse=factor < 1000)
        built = time.perf_counter() - start
        server = ServerProcess(folder, settings.corpus_dir)
        try:
            startup = server.wait_for_answer(timeout=900)
            warm_up(server.url, texts)
            log(f"scale: {factor}× search load")
            search = load_test(server.url, "search", texts, 1, seconds)
            search8 = load_test(server.url, "search", texts, 8, seconds)
            search_new = load_test(server.url, "search", texts, 1, seconds, fresh=True)
            results[str(factor)] = {
                "passages": factor * len(base.passages),
                "windows": factor < 1000,
                "sparse": factor < 1000 and base.sparse is not None,
                "build_s": round(built, 1),
                "startup_s": startup,
                "search": search,
                "search_c8": search8,
                "search_new": search_new,
                "server_rss_mb": server.rss(),
                "index_size_mb": folder_mb(folder),
            }
        finally:
            server.stop()
            shutil.rmtree(folder, ignore_errors=True)
    return results


def measure_vectors(settings: Settings, n: int, log: Callable[[str], None], queries: int = 200) -> dict[str, Any]:
    """Vector search alone: exact against the automatic approximate index, on n synthetic vectors."""
    import faiss

    from plansearch.devtools.synth import matched_noise, mean_pair_cosine, synthetic_vectors
    from plansearch.store.ann import ANN_THRESHOLD, build_faiss
    from plansearch.store.engines import get_embedder
    from plansearch.store.index import load_index

    base = load_index(settings.index_dir)
    real = np.vstack([base.vectors, base.window_vectors]) if len(base.window_vectors) else base.vectors
    log(f"vectors: generating {n:,}")
    noise = matched_noise(real)
    data = synthetic_vectors(real, n, noise=noise)
    embedder = get_embedder(settings)
    texts = questions(settings)[:queries]
    q = np.vstack([embedder.embed_query(t) for t in texts]).astype(np.float32)

    def timed(index, k=10, rows=q):
        times, found = [], []
        for row in rows:
            start = time.perf_counter()
            _, ids = index.search(row.reshape(1, -1), k)
            times.append((time.perf_counter() - start) * 1000)
            found.append(ids[0])
        return percentiles(times), np.vstack(found)

    sweep = {}
    for size in (50_000, 100_000, 200_000, 500_000):
        if size < n:
            flat = faiss.IndexFlatIP(data.shape[1])
            flat.add(data[:size])
            sweep[str(size)] = timed(flat, rows=q[:100])[0]  # half the questions: the sweep only places the threshold
    log("vectors: exact search")
    flat = faiss.IndexFlatIP(data.shape[1])
    flat.add(data)
    exact_times, exact = timed(flat)
    log("vectors: building the approximate index")
    start = time.perf_counter()
    ann = build_faiss(data)
    build_s = time.perf_counter() - start
    ann_times, approx = timed(ann)
    recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(exact, approx, strict=True)]))
    return {
        "n": n,
        "noise": noise,
        "pair_cosine": {"real": round(mean_pair_cosine(real), 3), "synthetic": round(mean_pair_cosine(data), 3)},
        "exact": {**exact_times, "by_size": sweep},
        "approximate": {
            **ann_times,
            "kind": type(ann).__name__,
            "nlist": int(getattr(ann, "nlist", 0)),
            "nprobe": int(getattr(ann, "nprobe", 0)),
            "build_s": round(build_s, 1),
            "recall_at_10": round(recall, 4),
            "threshold": ANN_THRESHOLD,
        },
    }

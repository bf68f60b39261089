"""The same figures on a machine that is not idle: with one and two other processes busy-looping
on a core, and while a `plansearch ingest` runs beside the server.

A hospital's server shares its cores with backups, scans and other services. Each condition
starts its load (bounded in time, stopped by the bench), then measures a new question's bare
embedding, /api/search and /api/ask at concurrency 1 and /api/search requests/s at concurrency 8,
every question new, against one real server.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from plansearch.config import Settings
from plansearch.devtools.bench.common import percentiles
from plansearch.devtools.bench.server import ServerProcess, load_test, warm_up
from plansearch.store.embed import Embedder

CONDITIONS = ("idle", "1 busy core", "2 busy cores", "during ingest")
BUSY_LOOP = "import sys, time\nend = time.monotonic() + float(sys.argv[1])\nwhile time.monotonic() < end:\n    pass\n"


def busy_loop(seconds: float) -> subprocess.Popen[bytes]:
    """A process that keeps one core busy for at most `seconds` (a Python loop, like a stray job)."""
    return subprocess.Popen([sys.executable, "-c", BUSY_LOOP, str(seconds)])


@contextmanager
def load(condition: str, seconds: float, corpus: Path, work: Path) -> Iterator[None]:
    """Run the condition's other processes for the block, then stop them."""
    others: list[subprocess.Popen[bytes]] = []
    if condition.endswith("busy core") or condition.endswith("busy cores"):
        others = [busy_loop(seconds) for _ in range(int(condition.split()[0]))]
    elif condition == "during ingest":
        # A cold ingest of a copy of the corpus, as the command runs it (at its lower priority).
        index = work / "contention-index"
        shutil.rmtree(index, ignore_errors=True)
        env = {**os.environ, "PLANSEARCH_INDEX_DIR": str(index), "PLANSEARCH_CORPUS_DIR": str(corpus)}
        others = [
            subprocess.Popen(
                [sys.executable, "-m", "plansearch.cli", "ingest"], env=env,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
        ]
    time.sleep(1.0 if others else 0.0)  # let the load start (and the server's measure of it catch up)
    try:
        yield
    finally:
        for process in others:
            process.kill()
            process.wait()


def question_embedding(embedder: Embedder, texts: list[str], run: str) -> dict[str, float]:
    """A new question's vector and latent terms in this process, uncached."""
    one_pass = getattr(embedder, "embed_question", None)
    times = []
    for n, text in enumerate(texts):
        start = time.perf_counter()
        if one_pass is None or one_pass(f"{text} ({run}-{n})", None) is None:
            embedder.embed_query(f"{text} ({run}-{n})")
        times.append((time.perf_counter() - start) * 1000)
    return percentiles(times)


def measure_contention(
    settings: Settings, index_dir: Path, corpus: Path, work: Path, texts: list[str], seconds: float,
    log: Callable[[str], None],
) -> dict[str, Any]:
    """Every condition's figures, against one server (started once, warmed up)."""
    from plansearch.store.engines import get_embedder

    embedder = get_embedder(settings)  # loaded once: its measure of the other processes' load runs on
    server = ServerProcess(index_dir, corpus)
    results: dict[str, Any] = {}
    try:
        server.wait_for_answer()
        warm_up(server.url, texts[:20])
        for condition in CONDITIONS:
            log(f"contention: {condition}")
            with load(condition, 4 * seconds + 30, corpus, work):
                results[condition] = {
                    "embedding": question_embedding(embedder, texts[:60], condition.replace(" ", "-")),
                    "search": load_test(server.url, "search", texts, 1, seconds, fresh=True),
                    "ask": load_test(server.url, "ask", texts, 1, seconds, fresh=True),
                    "search_c8": load_test(server.url, "search", texts, 8, seconds, fresh=True),
                }
    finally:
        server.stop()
    idle = results["idle"]
    for figures in results.values():
        figures["search_p95_vs_idle"] = round(figures["search"]["p95_ms"] / max(idle["search"]["p95_ms"], 1e-9), 2)
        figures["rps_c8_vs_idle"] = round(figures["search_c8"]["rps"] / max(idle["search_c8"]["rps"], 1e-9), 2)
    return results

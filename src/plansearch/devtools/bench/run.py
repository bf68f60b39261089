"""`plansearch bench`: ingest, query latency under load, memory, start-up, scale and ANN figures.

Everything is measured, nothing asserted: the result goes to a JSON file and a markdown table with
each target marked met or missed. The server runs as a real process on loopback and is driven by a
concurrent HTTP client (httpx) over the QA questions for a fixed time.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from plansearch.config import Settings
from plansearch.devtools.bench.common import machine, questions
from plansearch.devtools.bench.contention import measure_contention
from plansearch.devtools.bench.ingest import measure_ingest
from plansearch.devtools.bench.pages import measure_pages
from plansearch.devtools.bench.pdf import measure_pdf
from plansearch.devtools.bench.register import measure_register
from plansearch.devtools.bench.report import check_targets, to_markdown
from plansearch.devtools.bench.scale import measure_query_embedding, measure_scale, measure_vectors
from plansearch.devtools.bench.server import measure_server, measure_startup


def run(
    settings: Settings,
    out_dir: Path,
    seconds: float = 5.0,
    factors: tuple[int, ...] = (10, 100, 1000),
    vectors: int = 1_000_000,
    log: Callable[[str], None] = print,
    contention: bool = True,
) -> dict[str, Any]:
    """Every measurement; the results go to out_dir/bench.json and bench.md."""
    started = time.perf_counter()
    say = log

    def timed(message: str) -> None:  # elapsed time on every line: where the ten minutes go
        say(f"[{time.perf_counter() - started:5.0f} s] {message}")

    log = timed

    texts = questions(settings)
    result: dict[str, Any] = {"machine": machine(), "settings": {"seconds_per_load": seconds}}
    with tempfile.TemporaryDirectory(prefix="plansearch-bench-") as tmp:
        work = Path(tmp)
        result["ingest"] = measure_ingest(settings, work, log)
        pdf = measure_pdf(log)
        if pdf:
            result["pdf"] = pdf
        pages = measure_pages(log)
        if pages:
            result["pages"] = pages
        index_dir = work / "index"
        served = measure_server(index_dir, work / "corpus", texts, seconds, (1, 8, 32), log)
        result.update({k: v for k, v in served.items() if k != "startup"})
        log("start-up")
        result["startup"] = measure_startup(index_dir, work / "corpus")
        result["register"] = measure_register(index_dir, work / "corpus", log)
        result["memory"]["ingest_peak_mb"] = result["ingest"]["cold"]["peak_rss_mb"]
        result["memory"]["index_size_mb"] = result["ingest"]["index_size_mb"]
        result["query_embedding"] = measure_query_embedding(settings, texts)
        if contention:
            result["contention"] = measure_contention(settings, index_dir, work / "corpus", work, texts, seconds, log)
        scale_settings = replace(settings, index_dir=index_dir, corpus_dir=work / "corpus")
        if factors:
            result["scale"] = measure_scale(scale_settings, work, texts, factors, min(seconds, 3.0), log)
        if vectors:
            result["vectors"] = measure_vectors(scale_settings, vectors, log)
    result["targets"] = check_targets(result)
    result["total_s"] = round(time.perf_counter() - started, 1)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "bench.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    (out_dir / "bench.md").write_text(to_markdown(result), encoding="utf-8")
    return result



"""`plansearch soak`: mixed /api/search and /api/ask load for minutes, memory sampled."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from plansearch.config import Settings
from plansearch.devtools.bench.common import percentiles, questions
from plansearch.devtools.bench.server import ServerProcess, warm_up


async def _mixed(url: str, texts: list[str], concurrency: int, seconds: float, sample: Callable[[], None]) -> dict[str, Any]:
    import httpx

    latencies: list[float] = []
    errors: list[str] = []
    counter = 0
    deadline = time.perf_counter() + seconds

    async with httpx.AsyncClient(base_url=url, timeout=60, limits=httpx.Limits(max_connections=concurrency)) as client:

        async def worker() -> None:
            nonlocal counter
            while time.perf_counter() < deadline:
                text = texts[counter % len(texts)]
                counter += 1
                if counter % 4 == 0:  # a stream of new questions too, so that caches fill past their bound
                    text = f"{text} {counter}"
                start = time.perf_counter()
                try:
                    if counter % 2:
                        response = await client.get("/api/search", params={"q": text, "k": 10})
                    else:
                        response = await client.post("/api/ask", json={"question": text})
                    if response.status_code != 200:
                        errors.append(str(response.status_code))
                except httpx.HTTPError as exc:
                    errors.append(type(exc).__name__)
                latencies.append((time.perf_counter() - start) * 1000)

        async def sampler() -> None:
            while time.perf_counter() < deadline:
                sample()
                await asyncio.sleep(min(15.0, max(1.0, seconds / 40)))

        began = time.perf_counter()
        await asyncio.gather(sampler(), *(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    return {"requests": len(latencies), "errors": len(errors), "error_kinds": sorted(set(errors)),
            "rps": round(len(latencies) / elapsed, 1), **percentiles(latencies)}


def soak(settings: Settings, minutes: float, concurrency: int, out_dir: Path, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Mixed /api/search and /api/ask at the given concurrency for `minutes`, then stop; memory sampled."""
    texts = questions(settings)
    server = ServerProcess(settings.index_dir, settings.corpus_dir)
    samples: list[tuple[float, float]] = []
    try:
        server.wait_for_answer()
        warm_up(server.url, texts)
        start = time.perf_counter()

        def sample() -> None:
            samples.append((round(time.perf_counter() - start, 1), server.rss()))

        log(f"soak: {minutes} min at concurrency {concurrency}")
        result = asyncio.run(_mixed(server.url, texts, concurrency, minutes * 60, sample))
        sample()
    finally:
        server.stop()
    half = [s for s in samples if s[0] >= samples[-1][0] / 2]
    slope = float(np.polyfit([t for t, _ in half], [m for _, m in half], 1)[0] * 60) if len(half) >= 3 else 0.0
    result.update(
        minutes=minutes,
        concurrency=concurrency,
        rss_samples=samples,
        rss_start_mb=samples[0][1] if samples else 0,
        rss_end_mb=samples[-1][1] if samples else 0,
        rss_max_mb=max(m for _, m in samples) if samples else 0,
        rss_slope_second_half_mb_per_min=round(slope, 2),
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "soak.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    lines = [
        f"# plansearch soak ({time.strftime('%Y-%m-%d %H:%M')}): {minutes} min of mixed /api/search and /api/ask at concurrency {concurrency}",
        "",
        "| requests | errors | req/s | p50 ms | p95 ms | p99 ms | RSS start MB | RSS max MB | RSS end MB | RSS slope, 2nd half, MB/min |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {result['requests']} | {result['errors']} | {result['rps']} | {result['p50_ms']} | {result['p95_ms']} | {result['p99_ms']} | "
        f"{result['rss_start_mb']} | {result['rss_max_mb']} | {result['rss_end_mb']} | {result['rss_slope_second_half_mb_per_min']} |",
        "",
        "RSS samples (s, MB): " + ", ".join(f"{t:.0f}: {m:.0f}" for t, m in samples),
    ]
    (out_dir / "soak.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return result

"""The plans as data over HTTP (issue 18): /api/activities and /api/decisions for every value of each
filter the register offers (each region, body, year, meeting, and a few words of text), and
/api/compare for two documents on a few topics, one request at a time against a real server."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from plansearch.devtools.bench.common import percentiles
from plansearch.devtools.bench.server import ServerProcess

TOPICS = ("screening", "palliativ vård", "kontaktsjuksköterska", "prehabilitering", "teledermatoskopi")
WORDS = ("screening", "vårdprogram", "utbildning", "cancer")


def measure_register(index_dir: Path, corpus_dir: Path, log: Callable[[str], None]) -> dict[str, Any]:
    """{"activities": {p50_ms, p95_ms, p99_ms, requests}, "decisions": {…}, "compare": {…}}."""
    import httpx

    log("register: activities, decisions and compare over HTTP")
    server = ServerProcess(index_dir, corpus_dir)
    try:
        server.wait_for_answer()
        with httpx.Client(base_url=server.url, timeout=60) as client:
            every = client.get("/api/activities").json()
            choices: list[dict[str, str]] = [{}] + [{"region": r} for r in every["counts"]["region"]]
            choices += [{"body": b} for b in every["counts"]["body"]]
            choices += [{"year": y} for y in every["counts"]["year"] if y.isdigit()]
            choices += [{"text": w} for w in WORDS]
            decisions = client.get("/api/decisions").json()
            meetings = [{"meeting": m} for values in decisions["counts"].values() for m in values]
            docs = sorted(client.get("/api/documents").json()["documents"], key=lambda d: d["doc_id"])[:2]
            pair = [("doc", d["doc_id"]) for d in docs]
            return {
                "activities": _timed(client, "/api/activities", choices),
                "decisions": _timed(client, "/api/decisions", [{}, *meetings, *({"q": w} for w in WORDS)]),
                "compare": _timed(client, "/api/compare", [[("topic", t), *pair] for t in TOPICS]),
            }
    finally:
        server.stop()


def _timed(client: Any, path: str, params: list[Any]) -> dict[str, Any]:
    """Each request twice (the first may fill a cache); the figures are of the second."""
    times: list[float] = []
    for p in params:
        client.get(path, params=p).raise_for_status()
        start = time.perf_counter()
        client.get(path, params=p).raise_for_status()
        times.append(1000 * (time.perf_counter() - start))
    return percentiles(times) | {"requests": len(times)}


def register_markdown(register: dict[str, Any]) -> list[str]:
    lines = ["", "## The plans as data (one request at a time, every filter value)", "",
             "| endpoint | requests | p50 ms | p95 ms | p99 ms |", "|---|---|---|---|---|"]
    for name in ("activities", "decisions", "compare"):
        r = register[name]
        lines.append(f"| /api/{name} | {r['requests']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} |")
    return lines

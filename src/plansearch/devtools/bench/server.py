"""A real `plansearch serve` on loopback, driven by a concurrent HTTP client for a fixed time."""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from plansearch.devtools.bench.common import free_port, percentiles, rss_mb


class ServerProcess:
    """`plansearch serve` as a child process on a free loopback port."""

    def __init__(self, index_dir: Path, corpus_dir: Path, extra_env: dict[str, str] | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PLANSEARCH_INDEX_DIR": str(index_dir), "PLANSEARCH_CORPUS_DIR": str(corpus_dir)}
        env.update(extra_env or {})
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "plansearch.cli", "serve", "--port", str(self.port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def wait_for_answer(self, timeout: float = 600) -> float:
        """Seconds from process start to the first successful /api/ask."""
        import httpx

        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("plansearch serve exited")
            try:
                response = httpx.post(self.url + "/api/ask", json={"question": "Vad står IPÖ för?"}, timeout=30)
                if response.status_code == 200:
                    return round(time.perf_counter() - self.started, 3)
            except httpx.HTTPError:
                pass
            time.sleep(0.02)
        raise RuntimeError("plansearch serve did not answer in time")

    def rss(self, field: str = "VmRSS") -> float:
        return rss_mb(self.process.pid, field)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


async def _load(url: str, endpoint: str, texts: list[str], concurrency: int, seconds: float, fresh: bool = False) -> dict[str, Any]:
    import httpx

    latencies: list[float] = []
    errors = 0
    counter = 0
    run = uuid.uuid4().hex[:6]
    deadline = time.perf_counter() + seconds

    async with httpx.AsyncClient(
        base_url=url, timeout=30, limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    ) as client:

        async def worker() -> None:
            nonlocal counter, errors
            while time.perf_counter() < deadline:
                text = texts[counter % len(texts)]
                counter += 1
                if fresh:  # a question the server has not seen (in this run or an earlier one)
                    text = f"{text} ({run}-{counter})"
                start = time.perf_counter()
                try:
                    if endpoint == "search":
                        response = await client.get("/api/search", params={"q": text, "k": 10})
                    else:
                        response = await client.post("/api/ask", json={"question": text})
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append((time.perf_counter() - start) * 1000)
                errors += not ok

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    return {"requests": len(latencies), "errors": errors, "rps": round(len(latencies) / elapsed, 1), **percentiles(latencies)}


def load_test(url: str, endpoint: str, texts: list[str], concurrency: int, seconds: float, fresh: bool = False) -> dict[str, Any]:
    return asyncio.run(_load(url, endpoint, texts, concurrency, seconds, fresh))


def warm_up(url: str, texts: list[str]) -> None:
    """Every question once, so that the figures are of a running service that has seen them."""
    import httpx

    with httpx.Client(base_url=url, timeout=60) as client:
        for text in texts:
            client.get("/api/search", params={"q": text, "k": 10})


def measure_server(
    index_dir: Path, corpus_dir: Path, texts: list[str], seconds: float, concurrencies: tuple[int, ...],
    log: Callable[[str], None], endpoints: tuple[str, ...] = ("search", "ask"),
) -> dict[str, Any]:
    server = ServerProcess(index_dir, corpus_dir)
    try:
        startup = server.wait_for_answer()
        warm_up(server.url, texts)
        after_warmup = server.rss()
        query: dict[str, Any] = {}
        for endpoint in endpoints:
            query[endpoint] = {}
            for concurrency in concurrencies:
                log(f"load: {endpoint} at concurrency {concurrency}")
                query[endpoint][str(concurrency)] = load_test(server.url, endpoint, texts, concurrency, seconds)
            log(f"load: {endpoint} at concurrency 1, every question new")
            query[endpoint]["1 new"] = load_test(server.url, endpoint, texts, 1, seconds, fresh=True)
        return {
            "startup": {"seconds": startup},
            "query": query,
            "memory": {"server_after_warmup_mb": after_warmup, "server_after_load_mb": server.rss(), "server_peak_mb": server.rss("VmHWM")},
        }
    finally:
        server.stop()


def measure_startup(index_dir: Path, corpus_dir: Path, runs: int = 3) -> dict[str, Any]:
    """Start-up to first answer with an existing index, best and median of a few starts."""
    times = []
    for _ in range(runs):
        server = ServerProcess(index_dir, corpus_dir)
        try:
            times.append(server.wait_for_answer())
        finally:
            server.stop()
    return {"seconds": round(statistics.median(times), 3), "runs": times}

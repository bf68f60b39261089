"""Small helpers of the bench: percentiles, memory, ports, the questions it asks."""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path
from typing import Any

from plansearch.config import Settings


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
        path = Path(__file__).resolve().parents[4] / "evaluation" / "qa.jsonl"
    return [c.question for c in load_qa(path)]


def machine() -> dict[str, Any]:
    import platform

    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(), "date": time.strftime("%Y-%m-%d %H:%M")}

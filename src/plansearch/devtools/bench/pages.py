"""Original PDF pages with a passage marked (store/page_images.py): the time to render one on first
request (cold: pdfium's characters, the marks, the rendering and the PNG, written to the cache)
and to serve it again from the cache, over passages spread through the PDFs of ../shared/pdfs/
(the same folder as bench/pdf.py; without it the figures are left out)."""

from __future__ import annotations

import hashlib
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from plansearch.devtools.bench.common import percentiles
from plansearch.devtools.bench.pdf import pdf_folder

PER_FILE = 8  # passages a PDF


def measure_pages(log: Callable[[str], None], folder: Path | None = None) -> dict[str, Any]:
    """{"cold": {p50_ms, p95_ms, p99_ms}, "cached": {...}, "pages": n, "png_kb_p50": float}; {}
    without PDFs."""
    from plansearch.ingest.catalog import describe
    from plansearch.ingest.chunk import chunk_document
    from plansearch.ingest.clean import clean_document
    from plansearch.ingest.read import read_lines
    from plansearch.store.page_images import original_page, source_path

    folder = folder or pdf_folder()
    paths = sorted(folder.glob("*.pdf")) if folder.is_dir() else []
    if not paths:
        return {}
    log(f"pages: original pages of {len(paths)} PDFs")
    cold: list[float] = []
    cached: list[float] = []
    sizes: list[int] = []
    with tempfile.TemporaryDirectory(prefix="plansearch-pages-") as tmp:
        cache = Path(tmp) / "pages"
        for path in paths:
            lines = read_lines(path)
            meta = describe(path, hashlib.sha256(path.read_bytes()).hexdigest(), None, lines)
            meta = replace(meta, source=path.name)
            passages = [p for p in chunk_document(clean_document(meta, lines)) if p.page is not None]
            source_path(meta, folder)  # the file's hash, taken once a file by a running server
            step = max(1, len(passages) // PER_FILE)
            for passage in passages[::step][:PER_FILE]:
                assert passage.page is not None
                start = time.perf_counter()
                page = original_page(meta, passage.page, passage, (0, min(80, len(passage.text))), folder, cache)
                cold.append(1000 * (time.perf_counter() - start))
                start = time.perf_counter()
                original_page(meta, passage.page, passage, (0, min(80, len(passage.text))), folder, cache)
                cached.append(1000 * (time.perf_counter() - start))
                sizes.append(len(page.png))
    sizes.sort()
    return {"cold": percentiles(cold), "cached": percentiles(cached), "pages": len(cold), "png_kb_p50": round(sizes[len(sizes) // 2] / 1024, 1)}


def pages_markdown(pages: dict[str, Any]) -> list[str]:
    cold, cached = pages["cold"], pages["cached"]
    return [
        "",
        "## Original PDF pages with the passage marked",
        "",
        f"{pages['pages']} passages of the shared PDFs, each page rendered at 1.5 pixels a point "
        f"(PNG {pages['png_kb_p50']} kB at the median):",
        "",
        "| | p50 ms | p95 ms | p99 ms |",
        "|---|---|---|---|",
        f"| cold (render, mark, PNG, write to the cache) | {cold['p50_ms']} | {cold['p95_ms']} | {cold['p99_ms']} |",
        f"| from the cache | {cached['p50_ms']} | {cached['p95_ms']} | {cached['p99_ms']} |",
    ]

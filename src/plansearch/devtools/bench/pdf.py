"""PDF reading speed: reading, cleaning and chunking per page of real PDFs, and OCR per page.

The PDFs are ../shared/pdfs/*.pdf beside the repository (PLANSEARCH_BENCH_PDFS names another
folder); without them the figures are left out ("not measured"). OCR is timed on two pages of the
first PDF, rendered and read by tesseract as a scanned page would be, when tesseract is installed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

OCR_PAGES = 2


def pdf_folder() -> Path:
    return Path(os.environ.get("PLANSEARCH_BENCH_PDFS") or Path.cwd().parent / "shared" / "pdfs")


def measure_pdf(log: Callable[[str], None], folder: Path | None = None) -> dict[str, Any]:
    """{"files": {name: {pages, ms_per_page, table_rows, longest}}, "ms_per_page": all pages,
    "ocr_s_per_page": float | None}; {} when there are no PDFs."""
    from plansearch.ingest.catalog import describe
    from plansearch.ingest.chunk import chunk_document
    from plansearch.ingest.clean import clean_document
    from plansearch.ingest.read import read_lines

    folder = folder or pdf_folder()
    paths = sorted(folder.glob("*.pdf")) if folder.is_dir() else []
    if not paths:
        return {}
    log(f"pdf: {len(paths)} files in {folder}")
    read_lines(paths[0])  # imports and pdfium's start, which a long ingest pays once
    files: dict[str, Any] = {}
    pages = seconds = 0.0
    for path in paths:
        start = time.perf_counter()
        lines = read_lines(path)
        doc = clean_document(describe(path, "", None, lines), lines)
        passages = chunk_document(doc)
        took = time.perf_counter() - start
        count = max((line.page or 0) for line in lines) or 1
        files[path.name] = {
            "pages": count,
            "ms_per_page": round(1000 * took / count, 1),
            "table_rows": sum(1 for p in passages if p.kind == "table_row"),
            "longest": max(len(p.text) for p in passages),
        }
        pages += count
        seconds += took
    return {"files": files, "ms_per_page": round(1000 * seconds / pages, 1), "ocr_s_per_page": _ocr_seconds(paths[0], log)}


def _ocr_seconds(path: Path, log: Callable[[str], None]) -> float | None:
    import pypdfium2 as pdfium

    from plansearch.ingest import ocr

    if not ocr.available():
        return None
    log("pdf: OCR")
    doc = pdfium.PdfDocument(str(path))
    try:
        count = min(OCR_PAGES, len(doc))
        start = time.perf_counter()
        for number in range(count):
            ocr.ocr_page(doc[number])
        return round((time.perf_counter() - start) / count, 2)
    finally:
        doc.close()


def pdf_markdown(pdf: dict[str, Any]) -> list[str]:
    lines = [
        "",
        "## PDF reading (reading, cleaning and chunking, without OCR)",
        "",
        "| file | pages | ms/page | table rows | longest passage |",
        "|---|---|---|---|---|",
    ]
    for name, r in pdf["files"].items():
        lines.append(f"| {name} | {r['pages']} | {r['ms_per_page']} | {r['table_rows']} | {r['longest']} |")
    ocr = pdf["ocr_s_per_page"]
    lines += ["", f"All pages: {pdf['ms_per_page']} ms a page. OCR: " + (f"{ocr} s a page." if ocr is not None else "tesseract is not installed.")]
    return lines

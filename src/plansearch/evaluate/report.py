"""The generated block of evaluation/report.md, replaced in place; what is written around it stays."""

from __future__ import annotations

import time
from pathlib import Path

from plansearch.evaluate.retrieval import RetrieverResult, format_table

START, END = "<!-- plansearch eval: start -->", "<!-- plansearch eval: end -->"


def update_report(path: Path, results: list[RetrieverResult], qa_path: Path, ceiling: float) -> None:
    """Replace the generated block of the report, keeping what was written around it."""
    block = "\n".join(
        [
            START,
            f"Latest run: `plansearch eval --qa {qa_path}` ({results[0].count if results else 0} questions, "
            f"{time.strftime('%Y-%m-%d %H:%M')}). Evidence lies inside some passage for {ceiling:.1%} of them.",
            "",
            format_table(results),
            END,
        ]
    )
    old = path.read_text(encoding="utf-8") if path.exists() else "# Retrieval evaluation\n\n"
    if START in old and END in old:
        new = old[: old.index(START)] + block + old[old.index(END) + len(END) :]
    else:
        new = old.rstrip() + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new, encoding="utf-8")



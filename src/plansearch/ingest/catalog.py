"""The corpus catalogue (corpus/catalog.toml): title, publisher, kind, region and period of each file."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

from plansearch.errors import ConfigError
from plansearch.models import DOCUMENT_KINDS, DocumentMeta, Line

CATALOG_FILE = "catalog.toml"


def load_catalog(corpus_dir: Path) -> dict[str, dict[str, Any]]:
    """Catalogue entries keyed by file name; empty when there is no catalogue."""
    path = corpus_dir / CATALOG_FILE
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix it or remove it") from None
    entries = {}
    for entry in data.get("document", []):
        if "file" not in entry:
            raise ConfigError(f"{path}: every [[document]] needs a file = \"...\" line")
        kind = entry.get("kind", "övrigt")
        if kind not in DOCUMENT_KINDS:
            raise ConfigError(
                f"{path}: {entry['file']} has kind = {kind!r}; use one of {', '.join(DOCUMENT_KINDS)}"
            )
        entries[entry["file"]] = entry
    return entries


def slug(text: str) -> str:
    """A readable, URL-safe id: "Cancerplan Norr 2022–2024" -> "cancerplan-norr-2022-2024"."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "dokument"


def describe(path: Path, sha256: str, entry: dict[str, Any] | None, lines: list[Line] | None) -> DocumentMeta:
    """Metadata of one file: its catalogue entry, or a title guessed from its first heading."""
    entry = entry or {}
    # A PDF's reader knows its real title (metadata or the largest type), never a running footer.
    if hasattr(lines, "title"):  # a PDF: never its first line, which may be a footer or a contents head
        title = entry.get("title") or getattr(lines, "title", "") or _title_from_name(path)
    else:
        title = entry.get("title") or (_first_heading(lines) if lines else None) or _title_from_name(path)
    period = str(entry.get("period") or entry.get("date") or "")
    year_match = re.search(r"(19|20)\d\d", period) or re.search(r"(19|20)\d\d", path.stem)
    return DocumentMeta(
        doc_id=slug(path.stem),
        title=title,
        source=path.name,
        publisher=entry.get("publisher", ""),
        kind=entry.get("kind", "övrigt"),
        region=entry.get("region", ""),
        period=period,
        year=int(year_match.group(0)) if year_match else None,
        sha256=sha256,
        short=entry.get("short", ""),
    )


def _first_heading(lines: list[Line]) -> str | None:
    for line in lines[:60]:
        text = line.text.strip().lstrip("#").strip()
        if 3 <= len(text) <= 120 and any(ch.isalpha() for ch in text):
            return text
    return None


def _title_from_name(path: Path) -> str:
    return re.sub(r"[_-]+", " ", path.stem).strip().capitalize() or path.name

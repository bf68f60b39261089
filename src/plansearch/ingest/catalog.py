"""The corpus catalogue (corpus/catalog.toml): title, publisher, kind, region and period of each file."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

from plansearch.errors import ConfigError
from plansearch.models import DOCUMENT_KINDS, DocumentMeta, Line
from plansearch.text.unicode import normalise

CATALOG_FILE = "catalog.toml"


def load_catalog(corpus_dir: Path) -> dict[str, dict[str, Any]]:
    """Catalogue entries keyed by file name (text/unicode.py `normalise`d: look names up with
    `catalog_entry`); empty when there is no catalogue."""
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
        # Keyed by the normalised name: a name written composed meets a file named decomposed (macOS).
        entries[normalise(entry["file"])] = entry
    return entries


def catalog_entry(catalog: dict[str, dict[str, Any]], path: Path) -> dict[str, Any] | None:
    """The catalogue entry for the file at `path`, its name and the entry's compared normalised."""
    return catalog.get(normalise(path.name))


def slug(text: str) -> str:
    """A readable, URL-safe id: "Cancerplan Norr 2022–2024" -> "cancerplan-norr-2022-2024"."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "dokument"


def describe(
    path: Path, sha256: str, entry: dict[str, Any] | None, lines: list[Line] | None, file_title: str = ""
) -> DocumentMeta:
    """Metadata of one file: its catalogue entry, else the title its metadata gives when that is a
    real title (`file_title`: a Word file's properties, a web page's <title>), else a title guessed
    from its first heading."""
    entry = entry or {}
    if path.suffix.lower() == ".pdf":
        # The PDF reader chose the title (metadata borne out by page 1, or the largest type), never a
        # running footer or a contents heading, which a PDF's first line may be.
        guessed = file_title or getattr(lines, "title", "") or None
    else:
        guessed = (file_title if real_title(file_title) else None) or (_first_heading(lines) if lines else None)
    title = normalise(entry.get("title") or guessed or _title_from_name(path))
    period = str(entry.get("period") or entry.get("date") or "")
    year_match = re.search(r"(19|20)\d\d", period) or re.search(r"(19|20)\d\d", path.stem)
    return DocumentMeta(
        doc_id=slug(path.stem),
        title=title,
        source=path.name,
        publisher=normalise(entry.get("publisher", "")),
        kind=entry.get("kind", "övrigt"),
        region=normalise(entry.get("region", "")),
        period=period,
        year=int(year_match.group(0)) if year_match else None,
        sha256=sha256,
        short=normalise(entry.get("short", "")),
    )


# What authoring tools leave in the title field when nobody wrote a title there.
PLACEHOLDER_TITLE = re.compile(
    r"^(?:microsoft (?:word|powerpoint) - .*|(?:dokument|document|presentation|namnlös|untitled)\s*\d*"
    r"|titel|title|rubrik|mall|template|innehållsförteckning|innehåll|contents|slide \d+|powerpoint-presentation)$",
    re.IGNORECASE,
)
FILE_NAME = re.compile(r"\.(?:docx?|dotx?|pdf|txt|html?|indd|pptx?|odt|rtf)$", re.IGNORECASE)


def real_title(text: str) -> bool:
    """Whether a metadata title names the document: not empty, a file name, a web address, a
    template's placeholder or a number."""
    text = text.strip()
    if not 3 <= len(text) <= 200 or sum(ch.isalpha() for ch in text) < 3:
        return False
    if FILE_NAME.search(text) or re.match(r"^(?:https?://|www\.)|^\S+\.(?:se|com|org|nu|net)$", text, re.IGNORECASE):
        return False
    return not PLACEHOLDER_TITLE.match(text)


def _first_heading(lines: list[Line]) -> str | None:
    for line in lines[:60]:
        text = line.text.strip().lstrip("#").strip()
        if text.startswith("|"):
            continue  # a table row (Markdown, or a Word or web table) names no document
        if 3 <= len(text) <= 120 and any(ch.isalpha() for ch in text):
            return text
    return None


def _title_from_name(path: Path) -> str:
    return re.sub(r"[_-]+", " ", path.stem).strip().capitalize() or path.name

"""Which files of the given files and folders an ingest reads, and which it names as unusable."""

from __future__ import annotations

from pathlib import Path

from plansearch.ingest.read import SUPPORTED
from plansearch.models import Skipped

# What to do with a document format that plansearch does not read.
CONVERT = {
    ".doc": "save it as .docx (Word: Spara som > Word-dokument)",
    ".rtf": "save it as .docx",
    ".odt": "save it as .docx",
    ".pages": "export it as .docx or .pdf",
    ".ppt": "save it as .pdf",
    ".pptx": "save it as .pdf",
    ".xls": "save the table as .docx or .pdf, or paste it into a .md pipe table",
    ".xlsx": "save the table as .docx or .pdf, or paste it into a .md pipe table",
}


def collect_files(paths: list[Path]) -> tuple[list[Path], list[Skipped]]:
    """Supported files under the given files and folders, and what could not be used."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    for path in paths:
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                # Hidden files and folders inside the corpus are skipped, not the folders above it
                # (a corpus under ~/.cache is still read); so is the lock file Word keeps beside a
                # file it has open.
                if not p.is_file() or any(part.startswith(".") for part in p.relative_to(path).parts) or p.name.startswith("~$"):
                    continue
                suffix = p.suffix.lower()
                if suffix in SUPPORTED and p.name.lower() != "readme.md":
                    files.append(p)
                elif suffix in CONVERT:  # office and layout formats it cannot read are named, not passed over
                    skipped.append(Skipped(str(p), f"unsupported file type {suffix}; {CONVERT[suffix]}"))
        elif path.is_file():
            files.append(path)
        else:
            skipped.append(Skipped(str(path), "no such file or folder"))
    return files, skipped

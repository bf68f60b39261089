"""Scanned PDF pages at ingest: what to report for them, and what keeps a reused document honest.

A PDF's lines (ingest/pdf.py `PdfLines`) say which pages were read by OCR and which were left out;
the ingest reports both. A document reused from the last index is not read again, so its note on
left-out pages is looked up without reading its text; and whether tesseract is installed is part
of a PDF's key, so that installing it reads the scanned pages of an unchanged file.
"""

from __future__ import annotations

from pathlib import Path


def notes(lines: list) -> tuple[str, str]:
    """(the reason some pages were left out, the note on pages read by OCR); "" where none."""
    unread = getattr(lines, "unread", "")
    pages = getattr(lines, "ocr_pages", ())
    if not pages:
        return unread, ""
    from plansearch.ingest.pdf import page_list

    seconds = getattr(lines, "ocr_seconds", 0.0)
    return unread, f"{page_list(pages)} read by OCR in {seconds:.1f} s ({seconds / len(pages):.1f} s a page)"


class _Unread(list):
    """No lines, only the note on scanned pages of a PDF kept from the last index."""

    def __init__(self, unread: str):
        super().__init__()
        self.unread = unread


def kept(path: Path) -> list:
    """For a PDF reused from the last index: no lines, with the note on the pages left out."""
    from plansearch.ingest.pdf import unread_pages

    return _Unread(unread_pages(path) if path.suffix.lower() == ".pdf" else "")


def ocr_key(path: Path) -> list[bool]:
    """For a PDF, whether tesseract is installed: installing it reads its scanned pages again."""
    if path.suffix.lower() != ".pdf":
        return []
    from plansearch.ingest import ocr

    return [ocr.available()]

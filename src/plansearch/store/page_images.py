"""Original PDF pages with a passage marked, rendered on demand and kept on disk.

The source file is found where the index was built from (DocumentMeta.source, relative to the
corpus folder) and must still have the content the index read (its SHA-256): a changed file
would put marks in the wrong places. Renderings are kept in `<index folder>/pages/`, named by a
hash of everything the image depends on (this code's RENDER_VERSION, the file's SHA-256, the page,
the passage's id and text, the marked range, the scale): a new index whose passages or files
changed asks for other names and never gets a stale image. The folder is kept under a size
limit by removing the least recently used renderings.

Errors: NotFound with a Swedish reason (not a PDF, file gone or changed, no such page).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from plansearch.answer.citations import word_range
from plansearch.errors import NotFound
from plansearch.ingest.pdf_page import Box, page_count, render_marked, values_only
from plansearch.models import DocumentMeta, Passage

RENDER_VERSION = 1  # raise when the marks or the rendering change
SCALE = 1.5  # pixels per point: an A4 page is 893 pixels wide
_hashes: dict[tuple[str, int, int], str] = {}  # (path, size, mtime) -> SHA-256, for the files' checks
_lock = threading.Lock()


@dataclass(frozen=True)
class OriginalPage:
    """A rendered page: the PNG, its size in pixels, and the marked boxes (points) with the page's
    size in points, so that a page can place things over the marks."""

    png: bytes
    width: int
    height: int
    page_width: float
    page_height: float
    boxes: tuple[Box, ...]
    cached: bool  # False when this call rendered it
    key: str = ""  # names what the image shows (an ETag)

    def mark_area(self) -> tuple[float, float, float, float] | None:
        """The box round the answering part's marks (or else the passage's) as shares of the page:
        (left, top, width, height); None without marks."""
        marks = [b for b in self.boxes if b.hit] or list(self.boxes)
        if not marks or not self.page_width or not self.page_height:
            return None
        x0, x1 = min(b.x0 for b in marks), max(b.x1 for b in marks)
        top, bottom = min(b.top for b in marks), max(b.bottom for b in marks)
        w, h = self.page_width, self.page_height
        return x0 / w, top / h, (x1 - x0) / w, (bottom - top) / h


def is_pdf(meta: DocumentMeta) -> bool:
    return meta.source.lower().endswith(".pdf")


def source_path(meta: DocumentMeta, corpus_dir: Path) -> Path:
    """The PDF the document was read from, checked against the index's SHA-256 of it."""
    if not is_pdf(meta):
        raise NotFound("Dokumentet är inte en PDF; det finns ingen originalsida att visa.")
    path = Path(meta.source)
    if not path.is_absolute():
        path = corpus_dir / path
    try:
        stat = path.stat()
    except OSError:
        raise NotFound("Originalfilen finns inte längre där indexet byggdes; sidan kan inte visas.") from None
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _hashes:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        with _lock:
            _hashes[key] = digest
    if meta.sha256 and _hashes[key] != meta.sha256:
        raise NotFound("Originalfilen har ändrats sedan indexet byggdes; bygg om indexet för att se sidan.")
    return path


def original_page(
    meta: DocumentMeta,
    number: int,
    passage: Passage | None,
    highlight: tuple[int, int] | None,
    corpus_dir: Path,
    cache_dir: Path,
    max_mb: float = 200.0,
    scale: float = SCALE,
) -> OriginalPage:
    """Page `number` of the document's PDF with `passage` marked, and within it the answering part
    `highlight` (a character range in passage.text, widened to whole words). Pages outside the
    passage's pages get no mark. Read from cache_dir when it was rendered before."""
    path = source_path(meta, corpus_dir)
    text, hit = "", None
    if passage is not None and passage.page is not None and passage.page <= number <= (passage.page_end or passage.page):
        text = values_only(passage.text, passage.fields)
        hit = word_range(passage.text, *highlight) if highlight else None
    parts = [RENDER_VERSION, meta.sha256 or str(path), number, passage.id if passage else "", text, hit, scale]
    name = hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:32]
    png, about = cache_dir / f"{name}.png", cache_dir / f"{name}.json"
    try:
        data = json.loads(about.read_text(encoding="utf-8"))
        kept = png.read_bytes()
        os.utime(png)  # recently used: the last to be removed
        boxes = tuple(Box(**b) for b in data.pop("boxes"))
        return OriginalPage(kept, boxes=boxes, cached=True, key=name, **data)
    except (OSError, ValueError, TypeError, KeyError):
        pass
    import pypdfium2 as pdfium

    try:
        image = render_marked(path, number, text, hit, scale)
    except IndexError:
        count = page_count(path)
        raise NotFound(f"Sidan {number} finns inte; dokumentet har {count} sidor.") from None
    except pdfium.PdfiumError:
        raise NotFound("Originalfilen går inte att öppna; sidan kan inte visas.") from None
    data = {"width": image.width, "height": image.height, "page_width": image.page_width, "page_height": image.page_height}
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        _write(png, image.png)
        _write(about, json.dumps({**data, "boxes": [asdict(b) for b in image.boxes]}).encode())
        trim(cache_dir, max_mb)
    except OSError:
        pass  # a read-only index folder: the page is shown all the same, rendered again next time
    return OriginalPage(image.png, boxes=image.boxes, cached=False, key=name, **data)


def _write(path: Path, data: bytes) -> None:
    """Whole or not at all: a reader never sees half an image."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def trim(cache_dir: Path, max_mb: float) -> None:
    """Remove the least recently used renderings until the folder is under 80 % of max_mb."""
    files = []
    for png in cache_dir.glob("*.png"):
        try:
            stat = png.stat()
        except OSError:
            continue
        files.append((stat.st_mtime, stat.st_size, png))
    total = sum(size for _, size, _ in files)
    if total <= max_mb * 2**20:
        return
    for _, size, png in sorted(files, key=lambda f: f[0]):
        png.unlink(missing_ok=True)
        png.with_suffix(".json").unlink(missing_ok=True)
        total -= size
        if total <= 0.8 * max_mb * 2**20:
            break

"""OCR of a scanned PDF page with the `tesseract` binary (Debian: tesseract-ocr, tesseract-ocr-swe).

The page is rendered by pdfium to a greyscale PGM file, which tesseract reads without Pillow.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

DPI = 300  # tesseract's models are trained on text of about 10 pt at 300 dpi
TIMEOUT_S = 120


@lru_cache(maxsize=1)
def available() -> bool:
    """True when `tesseract` is on the PATH and has the Swedish model."""
    binary = shutil.which("tesseract")
    if binary is None:
        return False
    try:
        langs = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "swe" in langs.split()


def ocr_page(page: Any) -> str:
    """Text of a pdfium page (pypdfium2.PdfPage) read by tesseract in Swedish.

    Raises OSError or subprocess.SubprocessError when tesseract fails or times out."""
    bitmap = page.render(scale=DPI / 72, grayscale=True)
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    data = bytes(bitmap.buffer)
    with tempfile.TemporaryDirectory(prefix="plansearch-ocr-") as folder:
        image = Path(folder) / "page.pgm"
        with open(image, "wb") as handle:
            handle.write(f"P5\n{width} {height}\n255\n".encode())
            if stride == width:
                handle.write(data[: width * height])
            else:
                for y in range(height):
                    handle.write(data[y * stride : y * stride + width])
        # One thread: on two shared cores tesseract's OpenMP threads spin against each other and
        # the rest of the machine (measured: 6.5 s a page with one, 45 s with two).
        done = subprocess.run(
            ["tesseract", str(image), "stdout", "-l", "swe", "--dpi", str(DPI)],
            capture_output=True, text=True, timeout=TIMEOUT_S, check=True,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    return done.stdout

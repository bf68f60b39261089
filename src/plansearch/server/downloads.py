"""CSV downloads of the register: UTF-8 with a byte-order mark, so that a spreadsheet (Excel with
Swedish settings) reads å/ä/ö right instead of guessing a legacy encoding."""

from __future__ import annotations

from fastapi import Response

BOM = "\ufeff"


def csv_response(text: str, filename: str) -> Response:
    """`text` (CSV) as a download named `filename`."""
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(BOM + text, media_type="text/csv; charset=utf-8", headers=headers)

"""What route handlers are given: the Service, and a checked document id."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, Request

from plansearch.errors import NotFound
from plansearch.service import Service

DOC_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,120}")  # document ids are slugs (ingest/catalog.py: slug)

def get_service(request: Request) -> Service:
    """The app's Service (app.state.service)."""
    return request.app.state.service


ServiceDep = Annotated[Service, Depends(get_service)]


def valid_doc_id(doc_id: str) -> str:
    """Document ids are slugs; anything else (dots, slashes, "..") is refused before any lookup."""
    if not DOC_ID.fullmatch(doc_id):
        raise NotFound(f"Okänt dokument: {doc_id[:80]!r}")
    return doc_id

"""Restrictions a user puts on a search: one document, one kind of passage, one year."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from plansearch.models import PassageKind
from plansearch.store.index import Index


@dataclass(frozen=True)
class Filters:
    """Optional restrictions; None means any."""

    doc_id: str | None = None
    kind: PassageKind | None = None
    year: int | None = None  # documents whose period covers this year

    def active(self) -> bool:
        return any(v is not None for v in (self.doc_id, self.kind, self.year))


def allowed_rows(index: Index, filters: Filters | None) -> np.ndarray | None:
    """A boolean mask over the index's passages (None when nothing is filtered)."""
    if filters is None or not filters.active():
        return None
    mask = np.ones(len(index.passages), dtype=bool)
    for row, p in enumerate(index.passages):
        meta = index.meta(p.doc_id)
        if filters.doc_id and p.doc_id != filters.doc_id:
            mask[row] = False
        elif filters.kind and p.kind != filters.kind:
            mask[row] = False
        elif filters.year and (meta is None or not covers(meta.period, meta.year, filters.year)):
            mask[row] = False
    return mask


def covers(period: str, first_year: int | None, year: int) -> bool:
    """Whether a document's period ("2025–2027") or, without a range, its first year is `year`."""
    years = [int(y) for y in re.findall(r"(?:19|20)\d\d", period)]
    if len(years) >= 2:
        return years[0] <= year <= years[-1]
    return first_year == year

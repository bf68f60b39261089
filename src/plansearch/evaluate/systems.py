"""What an evaluation compares: a retriever, or the hybrid with some of its settings changed."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, cast, get_args, get_type_hints

from plansearch.config import RETRIEVERS, Retriever
from plansearch.errors import PlansearchError
from plansearch.search.searcher import RetrievalConfig, Searcher

DEFAULT_SYSTEMS = ("bm25", "dense", "sparse", "hybrid")


@dataclass(frozen=True)
class System:
    """A retriever, with RetrievalConfig changes for the hybrid: "hybrid:bm25_weight=0.5"."""

    name: str
    retriever: Retriever
    changes: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def parse(cls, spec: str) -> System:
        """ "bm25", "hybrid", or "hybrid:normalize=minmax,dense_weight=0.5,bm25_weight=0.5".

        Raises PlansearchError for an unknown retriever, knob or value."""
        base, _, rest = spec.partition(":")
        base = cast(Retriever, base)
        if base not in RETRIEVERS:
            raise PlansearchError(f"{spec!r}: the retriever must be one of {', '.join(RETRIEVERS)}")
        knobs = {f.name: f for f in dataclasses.fields(RetrievalConfig)}
        changes = []
        for item in filter(None, (part.strip() for part in rest.split(","))):
            key, _, raw = item.partition("=")
            if key not in knobs:
                raise PlansearchError(f"{spec!r}: {key!r} is not a retrieval setting ({', '.join(knobs)})")
            changes.append((key, _value(knobs[key], raw, spec)))
        return cls(spec, base, tuple(changes))

    def searcher(self, base: Searcher) -> Searcher:
        if not self.changes:
            return base
        return dataclasses.replace(base, config=dataclasses.replace(base.config, **dict(self.changes)))


def _value(f: dataclasses.Field[Any], raw: str, spec: str) -> Any:
    kind: Any = type(f.default)
    try:
        if kind is bool:
            if raw.lower() not in ("true", "false", "1", "0"):
                raise ValueError(raw)
            return raw.lower() in ("true", "1")
        if kind is str:
            allowed = get_args(get_type_hints(RetrievalConfig)[f.name])
            if allowed and raw not in allowed:
                raise ValueError(raw)
            return raw
        return kind(raw)
    except ValueError:
        raise PlansearchError(f"{spec!r}: {f.name}={raw!r} is not a valid {kind.__name__}") from None

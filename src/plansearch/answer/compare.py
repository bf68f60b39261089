"""Documents side by side on one topic: for each, its best passages, its activities and decisions
on the topic from the register, or plainly nothing.

Whether a document says anything about the topic is decided by the rule the chat answers by
(answer/confidence.py): a passage counts when its confidence is > 1, that is when it holds
`AnswerSettings.min_coverage` of the topic's IDF-weighted words or its cosine with the topic
reaches the model's calibrated threshold (store/calibration.py). No score is invented here: a
document whose best passages stay below that bar has nothing the chat would answer from, and
whose register rows do not hold the topic's words has no activity on it; then the side says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from plansearch.answer.confidence import confidence
from plansearch.answer.records import AnswerSettings
from plansearch.knowledge.activities import Activity
from plansearch.knowledge.decisions import Decision
from plansearch.models import DocumentMeta, Hit
from plansearch.search.filters import Filters
from plansearch.search.searcher import Searcher
from plansearch.store.calibration import Calibration, from_manifest
from plansearch.text.normalise import fold

PASSAGES = 3  # best passages shown per document
SEARCHED = 6  # passages searched per document, of which those above the bar are kept


@dataclass(frozen=True)
class Side:
    """One document's column. `relevant` is False when it has no passage above the bar, no
    activity and no decision on the topic: "Inget om detta i dokumentet"."""

    meta: DocumentMeta
    hits: tuple[tuple[Hit, float], ...]  # (passage, its confidence), best first
    activities: tuple[Activity, ...]
    decisions: tuple[Decision, ...]

    @property
    def relevant(self) -> bool:
        return bool(self.hits or self.activities or self.decisions)


def documents_for(metas: list[DocumentMeta], doc_ids: list[str], regions: list[str]) -> list[DocumentMeta]:
    """The documents chosen by id, then those of each region named (its name, any part, folded),
    in the index's order, each once."""
    wanted_regions = [fold(r.strip().lower()) for r in regions if r.strip()]
    chosen = set(doc_ids)
    return [
        m for m in metas
        if m.doc_id in chosen or any(r in fold(m.region.lower()) or r in fold(m.title.lower()) for r in wanted_regions)
    ]


def compare(
    searcher: Searcher,
    topic: str,
    metas: list[DocumentMeta],
    settings: AnswerSettings | None = None,
    calibration: Calibration | None = None,
) -> list[Side]:
    """A Side for each document, in the order given. Raises nothing for an empty topic: every
    side is then empty."""
    settings = settings or AnswerSettings()
    calibration = calibration or from_manifest(searcher.index.manifest)
    question = searcher.analyse(topic)
    index = searcher.index
    terms = set(index.lexical.analyzer.terms(topic))
    sides = []
    for meta in metas:
        hits: list[tuple[Hit, float]] = []
        if terms:
            for hit in searcher.search(question, k=SEARCHED, filters=Filters(doc_id=meta.doc_id)):
                score = confidence(searcher, question, hit, settings, calibration)
                if score > 1:
                    hits.append((hit, score))
        activities = [a for a in index.activity_list or [] if a.doc_id == meta.doc_id and _about(searcher, terms, _activity_text(a))]
        decisions = [d for d in index.decision_list or [] if d.doc_id == meta.doc_id and _about(searcher, terms, f"{d.text} {d.item}")]
        sides.append(Side(meta, tuple(hits[:PASSAGES]), tuple(activities), tuple(decisions)))
    return sides


def _activity_text(a: Activity) -> str:
    return " ".join((a.text, a.how, a.who, a.responsible, a.follow_up, a.goal_area))


def _about(searcher: Searcher, terms: set[str], text: str) -> bool:
    """Whether a register row holds every word of the topic (as the search stems them)."""
    return bool(terms) and terms <= set(searcher.index.lexical.analyzer.terms(text))

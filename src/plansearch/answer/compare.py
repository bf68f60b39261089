"""Documents side by side on one topic: for each, its best passages, its activities and decisions
on the topic from the register, or plainly nothing.

Whether a document says anything about the topic is decided by the rule the chat answers by
(answer/confidence.py): a passage counts when its confidence is > 1, that is when it holds
`AnswerSettings.min_coverage` of the topic's IDF-weighted words or its cosine with the topic
reaches the model's calibrated threshold (store/calibration.py). No score is invented here: a
document whose best passages stay below that bar has nothing the chat would answer from, and
whose register rows do not hold the topic's words has no activity on it; then the side says so.

One widening of that rule, for Swedish compounds (answer/topic_words.py): a topic word also counts
as present in a passage or a register row when the text holds it as a part of a compound
("screening" in "Lungcancerscreeningstudie"), or in the other noun of its verb ("vaccinering" for
"vaccination"). The passage's confidence by words is then that widened coverage over
`min_coverage`, the same bar as the chat's; measured on the shipped corpus, topics no document
takes up ("parkering", "lönesättning", "fotbollsturnering") still find nothing in any document.
When the search's passages do not give PASSAGES that count, the document's other passages are
read with the widened rule too, so that a passage the search ranks low is not missed.

A passage that is the source of an activity or a decision listed for the document is not listed
again among its passages: the row already shows it and links to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from plansearch.answer.confidence import confidence
from plansearch.answer.records import AnswerSettings
from plansearch.answer.topic_words import TopicWord, coverage, topic_words
from plansearch.knowledge.activities import Activity
from plansearch.knowledge.decisions import Decision
from plansearch.models import DocumentMeta, Hit
from plansearch.search.filters import Filters
from plansearch.search.searcher import Searcher
from plansearch.store.calibration import Calibration, from_manifest
from plansearch.store.index import Index
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
    words = topic_words(index, question.repaired)
    sides = []
    for meta in metas:
        activities = [a for a in index.activity_list or [] if a.doc_id == meta.doc_id and _about(index, terms, words, _activity_text(a))]
        decisions = [d for d in index.decision_list or [] if d.doc_id == meta.doc_id and _about(index, terms, words, f"{d.text} {d.item}")]
        shown = {a.passage_id for a in activities} | {d.passage_id for d in decisions}  # listed with their row
        hits: list[tuple[Hit, float]] = []
        if terms:
            searched = searcher.search(question, k=SEARCHED, filters=Filters(doc_id=meta.doc_id))
            for hit in searched:
                by_compounds = coverage(index, words, hit.passage.text) / settings.min_coverage
                score = max(confidence(searcher, question, hit, settings, calibration), by_compounds)
                if score > 1 and hit.passage.id not in shown:
                    hits.append((hit, score))
            if len(hits) < PASSAGES:
                hits += _read_the_rest(index, meta.doc_id, words, settings, shown | {h.passage.id for h in searched})
        sides.append(Side(meta, tuple(hits[:PASSAGES]), tuple(activities), tuple(decisions)))
    return sides


def _read_the_rest(
    index: Index, doc_id: str, words: list[TopicWord], settings: AnswerSettings, skipped: set[str]
) -> list[tuple[Hit, float]]:
    """The document's passages outside `skipped` whose widened word coverage reaches the bar, in
    document order (rank after the searched ones; score 0: no retriever found them)."""
    found: list[tuple[Hit, float]] = []
    for p in index.passages:
        if p.doc_id != doc_id or p.id in skipped:
            continue
        score = coverage(index, words, p.text) / settings.min_coverage
        if score > 1:
            found.append((Hit(p, 0.0, SEARCHED + len(found) + 1), score))
            if len(found) == PASSAGES:
                break
    return found


def _activity_text(a: Activity) -> str:
    return " ".join((a.text, a.how, a.who, a.responsible, a.follow_up, a.goal_area))


def _about(index: Index, terms: set[str], words: list[TopicWord], text: str) -> bool:
    """Whether a register row holds every word of the topic: as the search stems them, or as
    parts of its compounds (topic_words)."""
    if not terms:
        return False
    present = set(index.lexical.analyzer.terms(text))
    return terms <= present or coverage(index, words, text, present) == 1.0

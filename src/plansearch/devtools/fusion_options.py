"""Compare the hybrid's fusion options on every evaluation set, reproducibly (issue 22; report
rows 42 and 43).

    python -m plansearch.devtools.fusion_options [--sets qa,swefaq-dev,…] [--beir DIR] [--learned]
                                                 [--out FILE] [--json FILE]

Each question is retrieved once by each retriever (Searcher.candidates: the dense, BM25 and
latent-term candidates with their filled-in scores); the candidate lists are kept in memory and
fused in each way of OPTIONS offline, then adjusted and cut exactly as the product does
(Searcher.finish: neighbour lift, boosts, near-duplicates folded). Scoring goes through the code
of `plansearch eval`: evaluate/retrieval.py for the QA files (passages, k = 10) and
evaluate/benchmark.py for document sets (passages mapped to documents). The product's hybrid
(Searcher.hybrid, computed afresh) and the single retrievers are run too; the "default" option must
score every question exactly as the product's hybrid does, else the run fails (exit status 1).

Figures per option: nDCG@10 with its 95 % bootstrap interval and the paired randomisation test
against the product's hybrid (evaluate/stats.py; p ≥ 0.05 is within noise), and for each set
whether the hybrid is at least the better single retriever (issue 22's done rule).

Sets (SETS): our QA files over the shipped corpus (its index must exist: `plansearch ingest`),
SweQUAD-MC and SweFAQ from --benchmarks (default ../shared/benchmarks), and any BEIR folder
(--beir, never a tuning set). Only the tuning sets (qa, qa_english, swequad-training) may choose an
option; the learned fusions (--learned, devtools/fusion_learned.py) are trained on the tuning sets
among --sets and cross-validated on them. The rest are held out: measured, never tuned on.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from plansearch.config import Settings
from plansearch.errors import IndexNotFound, PlansearchError
from plansearch.evaluate.stats import Comparison, against_baseline, bootstrap_interval
from plansearch.evaluate.systems import System
from plansearch.models import Hit
from plansearch.search.fuse import rrf, weighted
from plansearch.search.query import Question
from plansearch.search.searcher import Candidates, Searcher

RRF_K = 60
BASELINE = "hybrid"  # the product's own hybrid, as `plansearch eval` runs it
DEFAULT = "default (row 40 rule)"
Fuse = Callable[[Searcher, Question, Candidates], dict[int, float]]


@dataclass(frozen=True)
class Option:
    """One way to fuse a question's candidates: {passage row: fused score}."""

    name: str
    fuse: Fuse
    about: str = ""


@dataclass
class OptionSearcher(Searcher):
    """A searcher whose hybrid fuses cached candidates by `option`; with option None it is the
    product's hybrid, computed afresh."""

    option: Option | None = None
    pools: dict[tuple[str, str, str], Candidates] = field(default_factory=dict, init=False, repr=False)

    def pool(self, question: Question) -> Candidates:
        """The question's candidates, retrieved on first use and kept."""
        key = (question.lexical, question.dense, question.repaired)
        if key not in self.pools:
            self.pools[key] = self.candidates(question)
        return self.pools[key]

    def hybrid(self, question: Question, k: int, allowed: np.ndarray | None = None) -> list[Hit]:
        if self.option is None or allowed is not None:
            return super().hybrid(question, k, allowed)
        pool = self.pool(question)
        return self.finish(question, self.option.fuse(self, question, pool), pool, k)


# -- the options -------------------------------------------------------------------------------


def _with_latent(searcher: Searcher, pool: Candidates, dense: float, bm25: float) -> dict[str, float]:
    weights = {"dense": dense, "bm25": bm25}
    if "sparse" in pool.lists:
        weights["sparse"] = searcher.config.sparse_weight
    return weights


def fixed(dense: float, bm25: float) -> Fuse:
    """The same weights for every question (mean ± 3σ scaling, latent terms as configured)."""
    def fuse(searcher: Searcher, question: Question, pool: Candidates) -> dict[int, float]:
        return weighted(pool.lists, _with_latent(searcher, pool, dense, bm25), searcher.config.normalize, pool.filled)
    return fuse


def by_share(power: float) -> Fuse:
    """Weights moved continuously from the uncovered pair (0.6 / 0.4) to the covered one (0.3 / 0.7)
    by share**power, share being the part of the question's known terms BM25's best passage holds."""
    from plansearch.devtools.fusion_learned import term_share

    def fuse(searcher: Searcher, question: Question, pool: Candidates) -> dict[int, float]:
        cfg = searcher.config
        t = term_share(searcher, question, pool)[0] ** power
        dense = cfg.dense_weight + (cfg.covered_dense_weight - cfg.dense_weight) * t
        bm25 = cfg.bm25_weight + (cfg.covered_bm25_weight - cfg.bm25_weight) * t
        return weighted(pool.lists, _with_latent(searcher, pool, dense, bm25), cfg.normalize, pool.filled)
    return fuse


def scaled(normalize: str) -> Fuse:
    """Row 40's weights with another score scaling (minmax, zscore)."""
    def fuse(searcher: Searcher, question: Question, pool: Candidates) -> dict[int, float]:
        return weighted(pool.lists, searcher.weights(pool), normalize, pool.filled)
    return fuse


def reciprocal(weighted_lists: bool) -> Fuse:
    """Reciprocal rank fusion (k = 60), weighted by the uncovered weights or not, rescaled so that
    a passage first in every list scores the sum of the weights (weighted) or 1 (unweighted): the
    product's boosts, sized for scaled scores, then keep their size."""
    def fuse(searcher: Searcher, question: Question, pool: Candidates) -> dict[int, float]:
        cfg = searcher.config
        if weighted_lists:
            fused = rrf(pool.lists, _with_latent(searcher, pool, cfg.dense_weight, cfg.bm25_weight), RRF_K)
            factor = float(RRF_K + 1)
        else:
            fused = rrf(pool.lists, None, RRF_K)
            factor = (RRF_K + 1) / max(1, len(pool.lists))
        return {row: value * factor for row, value in fused.items()}
    return fuse


def _rule(searcher: Searcher, question: Question, pool: Candidates) -> dict[int, float]:
    return searcher.fuse(pool)


OPTIONS = [
    Option(DEFAULT, _rule, "the configured fusion: dense 0.3 / BM25 0.7 when BM25's best passage holds every known term, else 0.6 / 0.4; mean ± 3σ; latent terms 0.25"),
    Option("fixed 0.5 / 0.5", fixed(0.5, 0.5), "dense 0.5 / BM25 0.5 for every question"),
    Option("fixed 0.4 / 0.6", fixed(0.4, 0.6), "dense 0.4 / BM25 0.6 for every question"),
    Option("share", by_share(1), "dense weight 0.6 → 0.3 linearly in the share of known terms BM25's best passage holds"),
    Option("share²", by_share(2), "the same, by share²"),
    Option("share⁴", by_share(4), "the same, by share⁴"),
    Option("min-max", scaled("minmax"), "row 40's weights, scores scaled by min-max"),
    Option("z-score", scaled("zscore"), "row 40's weights, scores as z-scores"),
    Option("RRF weighted", reciprocal(True), "reciprocal rank fusion, k = 60, weights 0.6 / 0.4 / 0.25"),
    Option("RRF unweighted", reciprocal(False), "reciprocal rank fusion, k = 60, equal weights"),
]


# -- the sets ----------------------------------------------------------------------------------


@dataclass
class LoadedSet:
    """One set ready to score: `score(system)` gives {question id: nDCG@10} as `plansearch eval`
    computes it; `relevant(question id, passage row)` is the set's own hit rule."""

    name: str
    tuning: bool
    size: str
    searcher: OptionSearcher
    questions: list[tuple[str, str]]  # (id, question)
    order: list[str]  # the question order `plansearch eval` pairs its tests in
    score: Callable[[System], dict[str, float]]
    relevant: Callable[[str, int], bool]


SETS: dict[str, tuple[bool, str]] = {
    "qa": (True, "evaluation/qa.jsonl over the shipped corpus, passages"),
    "qa_english": (True, "evaluation/qa_english.jsonl over the shipped corpus, passages"),
    "qa_holdout": (False, "evaluation/qa_holdout.jsonl over the shipped corpus, passages"),
    "swequad-training": (True, "SweQUAD-MC training among training + dev texts, documents"),
    "swequad-dev": (False, "SweQUAD-MC dev among dev + training texts, documents"),
    "swequad-dev-own": (False, "SweQUAD-MC dev among its own texts only, documents"),
    "swefaq-dev": (False, "SweFAQ v2 dev, documents"),
}


def qa_set(name: str, path: Path, searcher: OptionSearcher, tuning: bool) -> LoadedSet:
    """A QA file over the searcher's index, scored by passages as `plansearch eval --qa` does."""
    from plansearch.evaluate.qa import contains_evidence, load_qa
    from plansearch.evaluate.retrieval import evaluate

    cases = load_qa(path)
    by_id = {c.id: c for c in cases}

    def score(system: System) -> dict[str, float]:
        return evaluate(searcher, cases, [system], k=10)[0].per_query

    def relevant(qid: str, row: int) -> bool:
        return contains_evidence(searcher.index.passages[row].text, by_id[qid])

    size = f"{len(cases)} → {len(searcher.index.documents)} ({len(searcher.index.passages)})"
    return LoadedSet(name, tuning, size, searcher, [(c.id, c.question) for c in cases], sorted(by_id), score, relevant)


def document_set(dataset: Any, settings: Settings, tuning: bool, name: str | None = None) -> LoadedSet:
    """A retrieval set (evaluate/beir.py) over its own index, scored by documents as
    `plansearch eval --beir/--swequad/--swefaq` does."""
    from plansearch.evaluate import benchmark
    from plansearch.progress import IngestProgress

    base, mapping = benchmark.prepare(dataset, settings, IngestProgress())
    searcher = OptionSearcher(base.index, base.embedder)
    ids = dataset.judged()

    def score(system: System) -> dict[str, float]:
        return benchmark.run(searcher, dataset, mapping, [system]).systems[0].per_query[benchmark.MAIN]

    def relevant(qid: str, row: int) -> bool:
        doc = searcher.index.passages[row].doc_id
        return dataset.qrels[qid].get(mapping.get(doc, doc), 0) > 0

    size = f"{len(ids)} → {len(dataset.corpus)} ({len(searcher.index.passages)})"
    return LoadedSet(name or dataset.name, tuning, size, searcher, [(q, dataset.queries[q]) for q in ids], ids, score, relevant)


def load_sets(names: list[str], beir: list[Path], split: str, settings: Settings, benchmarks: Path, evaluation: Path) -> list[LoadedSet]:
    """The named sets (SETS) and BEIR folders, each with its searcher.

    Raises PlansearchError for an unknown name, a missing file or a missing shipped index."""
    from plansearch.evaluate import public_sets
    from plansearch.evaluate.beir import load_beir

    unknown = [n for n in names if n not in SETS]
    if unknown:
        raise PlansearchError(f"unknown set(s) {', '.join(unknown)}; the sets are {', '.join(SETS)}")
    shipped: OptionSearcher | None = None
    swequad, swefaq = benchmarks / "swequad-mc", benchmarks / "swefaq" / "swefaq_dev.jsonl"
    loaded = []
    for name in names:
        tuning = SETS[name][0]
        if name.startswith("qa"):
            if shipped is None:
                shipped = _shipped(settings)
            searcher = OptionSearcher(shipped.index, shipped.embedder)  # its own candidate cache
            loaded.append(qa_set(name, evaluation / f"{name}.jsonl", searcher, tuning))
        elif name == "swequad-training":
            loaded.append(document_set(public_sets.swequad(swequad / "training.json", [swequad / "dev.json"]), settings, tuning, name))
        elif name == "swequad-dev":
            loaded.append(document_set(public_sets.swequad(swequad / "dev.json", [swequad / "training.json"]), settings, tuning, name))
        elif name == "swequad-dev-own":
            loaded.append(document_set(public_sets.swequad(swequad / "dev.json"), settings, tuning, name))
        else:
            loaded.append(document_set(public_sets.swefaq(swefaq), settings, tuning, name))
    for folder in beir:
        loaded.append(document_set(load_beir(folder, split), settings, False))
    return loaded


def _shipped(settings: Settings) -> OptionSearcher:
    from plansearch.store.engines import get_embedder
    from plansearch.store.index import load_for

    try:
        index = load_for(settings)
    except IndexNotFound:
        raise PlansearchError(f"No index in {settings.index_dir}: run `plansearch ingest` first") from None
    return OptionSearcher(index, get_embedder(settings))


# -- running and reporting ----------------------------------------------------------------------


@dataclass
class SetResult:
    name: str
    tuning: bool
    size: str
    order: list[str]
    scores: dict[str, dict[str, float]] = field(default_factory=dict)  # system -> {question id: nDCG@10}
    singles: list[str] = field(default_factory=list)

    def mean(self, system: str) -> float:
        values = self.scores[system]
        return sum(values.values()) / max(1, len(values))

    def comparisons(self) -> dict[str, Comparison]:
        return {c.b: c for c in against_baseline(BASELINE, self.scores, self.order)}

    def agrees(self) -> bool:
        """Whether the default option scored every question as the product's hybrid did."""
        return DEFAULT not in self.scores or self.scores[DEFAULT] == self.scores[BASELINE]

    def best_single(self) -> str:
        return max(self.singles, key=self.mean)

    def meets_rule(self) -> bool:
        """Issue 22: the hybrid at least the better single retriever, within noise."""
        single = self.comparisons()[self.best_single()]
        return single.difference <= 0 or single.within_noise


def score_set(
    loaded: LoadedSet, options: list[Option], log: Callable[[str], None] = print, result: SetResult | None = None,
) -> SetResult:
    """The single retrievers, the product's hybrid and each option on one set (adds to `result`)."""
    searcher = loaded.searcher
    if result is None:
        result = SetResult(loaded.name, loaded.tuning, loaded.size, loaded.order)
        singles = ["bm25", "dense"] + (["sparse"] if searcher.index.sparse is not None else [])
        searcher.option = None
        for name in [*singles, BASELINE]:
            result.scores[name] = loaded.score(System(name, name))  # type: ignore[arg-type]
        result.singles = singles
    for option in options:
        searcher.option = option
        result.scores[option.name] = loaded.score(System(option.name, "hybrid"))
        log(f"{loaded.name}: {option.name} {result.mean(option.name):.3f}")
    searcher.option = None
    return result


def learned_options(sets: list[LoadedSet], log: Callable[[str], None] = print) -> list[Any]:
    """The learned fusions, trained on the candidates of the tuning sets among `sets` (their pools
    are reused when the hand options already filled them)."""
    from plansearch.devtools.fusion_learned import TRAINERS, LearnedFusion, TrainingData, features

    data = TrainingData()
    for loaded in sets:
        if not loaded.tuning:
            continue
        for qid, text in loaded.questions:
            question = loaded.searcher.analyse(text)
            if not question.asked:
                continue
            pool = loaded.searcher.pool(question)
            rows, table = features(loaded.searcher, question, pool)
            data.add(question.asked, table, np.asarray([1.0 if loaded.relevant(qid, r) else 0.0 for r in rows]))
    log(f"learned fusions: {sum(len(r) for r in data.rows)} candidates of {len(data.rows)} tuning questions")
    return [LearnedFusion.train(name, data) for name in TRAINERS]


def compare(sets: list[LoadedSet], learned: bool = False, log: Callable[[str], None] = print) -> list[SetResult]:
    """Every option on every set; with `learned`, the learned fusions too (cross-validated on the
    tuning sets, trained on all tuning questions for the others)."""
    results = [score_set(s, OPTIONS, log) for s in sets]
    if learned:
        if not any(s.tuning for s in sets):
            raise PlansearchError("--learned needs a tuning set (qa, qa_english or swequad-training) among --sets")
        fusions = learned_options(sets, log)
        for loaded, result in zip(sets, results, strict=True):
            for fusion in fusions:
                fusion.cross_validated = loaded.tuning
            tag = "cross-validated" if loaded.tuning else "trained on the tuning sets"
            options = [Option(f.name, f, tag) for f in fusions]
            score_set(loaded, options, log, result)
    return results


def _interval(values: dict[str, float]) -> str:
    low, high = bootstrap_interval(list(values.values()))
    return f"[{low:.3f}, {high:.3f}]"


def _p(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def format_results(results: list[SetResult]) -> str:
    """Markdown: an overview (option × set), then per set each system's nDCG@10 with its interval
    and paired test against the product's hybrid, the done rule and the agreement check."""
    systems = list(dict.fromkeys(name for r in results for name in r.scores))
    lines = [
        "nDCG@10 per set (tuning sets marked *); ▲/▼: better/worse than the product's hybrid (p < 0.05), else within noise.",
        "",
        "| system | " + " | ".join(f"{r.name}{' *' if r.tuning else ''}" for r in results) + " |",
        "|---" * (len(results) + 1) + "|",
    ]
    for name in systems:
        cells = []
        for r in results:
            if name not in r.scores:
                cells.append("")
                continue
            c = r.comparisons().get(name)
            mark = "" if c is None or c.within_noise else ("▲" if c.difference > 0 else "▼")
            cells.append(f"{r.mean(name):.3f}{mark}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    for r in results:
        tests = r.comparisons()
        lines += ["", f"### {r.name} ({'tuning' if r.tuning else 'held out'}; questions → documents (passages): {r.size})", "",
                  "| system | nDCG@10 [95 % interval] | − hybrid | p | verdict |", "|---|---|---|---|---|"]
        for name, values in r.scores.items():
            c = tests.get(name)
            verdict = "" if c is None else "within noise" if c.within_noise else "better" if c.difference > 0 else "worse"
            diff = "" if c is None else f"{c.difference:+.3f}"
            p = "" if c is None else _p(c.p_value)
            lines.append(f"| {name} | {r.mean(name):.3f} {_interval(values)} | {diff} | {p} | {verdict} |")
        single = tests[r.best_single()]
        lines += ["", f"Done rule (hybrid ≥ better single retriever, within noise): {'met' if r.meets_rule() else 'NOT met'} "
                  f"({single.describe()}). Default option = product hybrid on every question: {'yes' if r.agrees() else 'NO'}."]
    lines += ["", "Options that beat the hybrid on a tuning set (p < 0.05) without losing on any: " + (", ".join(winners(results)) or "none") + "."]
    return "\n".join(lines)


def winners(results: list[SetResult]) -> list[str]:
    """Options better than the hybrid on at least one tuning set and worse on none (p < 0.05)."""
    tuning = [r for r in results if r.tuning]
    out = []
    for name in dict.fromkeys(n for r in tuning for n in r.scores):
        if name in (BASELINE, DEFAULT) or any(name in r.singles for r in tuning):
            continue
        tests = [r.comparisons().get(name) for r in tuning if name in r.scores]
        if tests and all(t is not None for t in tests):
            wins = any(t.difference > 0 and not t.within_noise for t in tests if t)
            loses = any(t.difference < 0 and not t.within_noise for t in tests if t)
            if wins and not loses:
                out.append(name)
    return out


def to_json(results: list[SetResult]) -> dict[str, Any]:
    return {
        r.name: {
            "tuning": r.tuning, "size": r.size, "meets_rule": r.meets_rule(), "default_agrees": r.agrees(),
            "systems": {
                name: {"nDCG@10": round(r.mean(name), 4), "interval": [round(x, 4) for x in bootstrap_interval(list(v.values()))],
                       "per_query": {q: round(x, 4) for q, x in v.items()}}
                for name, v in r.scores.items()
            },
            "comparisons": {c.b: {"difference": round(c.difference, 4), "p": c.p_value, "within_noise": c.within_noise}
                            for c in r.comparisons().values()},
        }
        for r in results
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m plansearch.devtools.fusion_options", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default=",".join(SETS), help=f"comma-separated, of: {', '.join(SETS)} (default all)")
    parser.add_argument("--beir", type=Path, action="append", default=[], help="a BEIR folder (held out; repeatable)")
    parser.add_argument("--split", default="test", help="the qrels split of --beir")
    parser.add_argument("--learned", action="store_true", help="also the learned fusions (scikit-learn, LightGBM)")
    parser.add_argument("--benchmarks", type=Path, default=Path("../shared/benchmarks"), help="folder of swequad-mc/ and swefaq/")
    parser.add_argument("--evaluation", type=Path, default=Path("evaluation"), help="folder of the QA files")
    parser.add_argument("--out", type=Path, default=None, help="write the Markdown tables here (default: print them)")
    parser.add_argument("--json", type=Path, default=None, help="write every question's scores here")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.sets.split(",") if n.strip()]
    try:
        sets = load_sets(names, args.beir, args.split, Settings.from_env(), args.benchmarks, args.evaluation)
        results = compare(sets, args.learned, log=lambda line: print(line, file=sys.stderr))
    except PlansearchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    text = format_results(results)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    if args.json:
        args.json.write_text(json.dumps(to_json(results), ensure_ascii=False, indent=1), encoding="utf-8")
    if not all(r.agrees() for r in results):
        print("error: the default option did not score every question as the product's hybrid", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

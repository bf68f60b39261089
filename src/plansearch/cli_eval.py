"""`plansearch eval`: retrieval and answers on QA files, and retrieval on other document sets."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, cast

import click

from plansearch.cli_common import _settings, handle_errors, open_searcher, open_service
from plansearch.config import RETRIEVERS, Retriever, Settings
from plansearch.progress import IngestProgress

REPORT = Path("evaluation/report.md")  # where `plansearch eval --write-report` writes its figures


@click.command("eval")
@click.option("--qa", "qa_path", type=click.Path(path_type=Path), default=None, help="QA file (JSON Lines); default evaluation/qa.jsonl.")
@click.option(
    "--retriever", type=click.Choice([*RETRIEVERS, "all"]), default="all", show_default=True,
)
@click.option("-k", "k", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON (with per-question scores for a document set).")
@click.option("--write-report", is_flag=True, help=f"Update the generated block of {REPORT}.")
@click.option("--report", type=click.Path(path_type=Path), default=None, help="Update the generated block of this Markdown file instead ('-': none, the default).")
@click.option("--answers", is_flag=True, help="Score the chat's answers instead: evidence found, abstentions, latency.")
@click.option(
    "--unanswerable", type=click.Path(path_type=Path), default=None,
    help="Questions no document answers, for --answers (default evaluation/qa_unanswerable.jsonl).",
)
@click.option("--feedback", "from_feedback", is_flag=True,
              help="With --answers: ask the readers' bad verdicts' questions again instead (plansearch feedback recheck).")
@click.option("--corpus", "other_corpus", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Score --qa over this folder of documents, with an index of its own (kept in PLANSEARCH_EVAL_CACHE_DIR).")
@click.option("--beir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Score a BEIR-format folder (corpus.jsonl, queries.jsonl, qrels/SPLIT.tsv) by documents.")
@click.option("--split", default="test", show_default=True, help="The qrels split of --beir.")
@click.option("--swequad", type=click.Path(path_type=Path, dir_okay=False), default=None, help="Score a SweQUAD-MC file (dev.json, …).")
@click.option("--distractors", type=click.Path(path_type=Path, dir_okay=False), multiple=True,
              help="With --swequad: other SweQUAD-MC files whose texts join the corpus (their questions are not asked).")
@click.option("--swefaq", type=click.Path(path_type=Path, dir_okay=False), default=None, help="Score a SweFAQ v2 file (swefaq_dev.jsonl, …).")
@click.option("--system", "systems", multiple=True,
              help="A retriever, or the hybrid with other settings, e.g. "
                   "'hybrid:normalize=minmax,dense_weight=0.5,bm25_weight=0.5' (repeatable; default bm25, dense, sparse, hybrid).")
@click.option("--save", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="With a document set: write the figures with every question's scores to this JSON file.")
@click.option("--against", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              help="With a document set: a file written by --save; each system is tested against its saved scores.")
@click.pass_context
@handle_errors
def evaluate_cmd(
    ctx: click.Context, qa_path: Path | None, retriever: str, k: int, as_json: bool, write_report: bool,
    report: Path | None, answers: bool, unanswerable: Path | None, from_feedback: bool, other_corpus: Path | None, beir: Path | None,
    split: str, swequad: Path | None, distractors: tuple[Path, ...], swefaq: Path | None, systems: tuple[str, ...], save: Path | None, against: Path | None,
) -> None:
    """Score retrieval on a QA set: Recall@1/3/5/10, MRR@10, nDCG@10, per category; or, with
    --beir, --swequad or --swefaq, on a public document set (nDCG@10 with a 95 % interval, and
    paired tests against the hybrid).

    Prints the figures; the tracked report is rewritten only with --write-report."""
    from plansearch.evaluate import answerable_share, evaluate, format_table, load_qa, results_json, update_report
    from plansearch.evaluate.systems import System

    settings = _settings(ctx)
    if sum(x is not None for x in (beir, swequad, swefaq)) > 1:
        raise click.UsageError("Give one of --beir, --swequad and --swefaq.")
    if beir or swequad or swefaq:
        run_benchmark(settings, beir, split, swequad, distractors, swefaq, systems, as_json, save, against)
        return
    if from_feedback:
        if not answers:
            raise click.UsageError("--feedback goes with --answers.")
        from plansearch.cli_feedback import recheck_cmd

        ctx.invoke(recheck_cmd, since=None, verdict="bad", as_json=as_json)
        return
    qa_path = qa_path or Path("evaluation/qa.jsonl")
    cases = load_qa(qa_path)
    if answers:
        run_answer_eval(settings, cases, unanswerable or Path("evaluation/qa_unanswerable.jsonl"), as_json)
        return
    if other_corpus is not None:
        from plansearch.evaluate.benchmark import open_folder

        folder_key = hashlib.sha256(str(other_corpus.resolve()).encode()).hexdigest()[:12]
        index_dir = settings.eval_cache_dir / f"folder-{other_corpus.resolve().name}-{folder_key}" / "index"
        searcher = open_folder(settings.replace(corpus_dir=other_corpus, index_dir=index_dir), IngestProgress())
    else:
        searcher = open_searcher(settings)
    every = [r for r in RETRIEVERS if r != "sparse" or searcher.index.sparse is not None]
    names: list[Any] = every if retriever == "all" else [cast(Retriever, retriever)]
    if systems:
        names = [System.parse(spec) for spec in systems]
    results = evaluate(searcher, cases, names, k=k)
    ceiling = answerable_share(searcher.index.passages, cases)
    if as_json:
        click.echo(json.dumps(results_json(results, qa_path, ceiling), ensure_ascii=False, indent=2))
    else:
        click.echo(f"{len(cases)} questions from {qa_path}; evidence inside some passage for {ceiling:.1%} of them\n")
        click.echo(format_table(results))
    target = REPORT if write_report else report
    if target is not None and str(target) != "-":
        update_report(target, results, qa_path, ceiling)
        click.echo(f"\nUpdated {target}", err=True)


def run_benchmark(
    settings: Settings, beir: Path | None, split: str, swequad: Path | None, distractors: tuple[Path, ...],
    swefaq: Path | None, systems: tuple[str, ...], as_json: bool, save: Path | None, against: Path | None,
) -> None:
    """`plansearch eval` on a document set: build (or reuse) its index, score each system."""
    from plansearch.evaluate import benchmark, public_sets
    from plansearch.evaluate.beir import load_beir
    from plansearch.evaluate.systems import DEFAULT_SYSTEMS, System

    chosen = [System.parse(spec) for spec in systems or DEFAULT_SYSTEMS]
    if swequad:
        dataset = public_sets.swequad(swequad, distractors)
    elif swefaq:
        dataset = public_sets.swefaq(swefaq)
    else:
        assert beir is not None
        dataset = load_beir(beir, split)
    searcher, mapping = benchmark.prepare(dataset, settings, IngestProgress())
    if searcher.index.sparse is None:
        chosen = [s for s in chosen if s.retriever != "sparse"]
    result = benchmark.run(searcher, dataset, mapping, chosen)
    saved = json.loads(against.read_text(encoding="utf-8")) if against else None
    tests = benchmark.compare_saved(result, saved) if saved else []
    data = result.to_dict()
    if save:
        save.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        click.echo(f"Saved every question's scores in {save}", err=True)
    if as_json:
        click.echo(json.dumps(data | {"against": [c.describe() for c in tests]}, ensure_ascii=False, indent=2))
    else:
        click.echo(benchmark.format_result(result, tests))


def run_answer_eval(settings: Settings, cases, unanswerable_path: Path, as_json: bool) -> None:
    from dataclasses import asdict

    from plansearch.evaluate import evaluate_answers, format_answers, load_qa

    service = open_service(settings)
    unanswerable = load_qa(unanswerable_path) if unanswerable_path.exists() else []
    result = evaluate_answers(lambda q, history: service.ask(q, history)[0], cases, unanswerable)
    if as_json:
        click.echo(json.dumps(asdict(result), ensure_ascii=False, indent=2))
    else:
        click.echo(format_answers(result))

"""The `plansearch` command: thin wrappers that parse options, call the library and print."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, cast

import click

from plansearch.cli_common import (  # noqa: F401  (EXIT_SKIPPED and run_ingest are part of this module's API)
    EXIT_SKIPPED,
    _settings,
    handle_errors,
    open_index,
    open_searcher,
    open_service,
    run_ingest,
)
from plansearch.cli_eval import evaluate_cmd
from plansearch.cli_feedback import feedback_cmd
from plansearch.cli_register import decisions_cmd
from plansearch.config import RETRIEVERS, Settings, describe
from plansearch.errors import PlansearchError
from plansearch.knowledge.register import YEAR_LIMITS
from plansearch.models import PASSAGE_KINDS, PassageKind


@click.group(
    epilog="Settings: every option has a PLANSEARCH_* environment variable; see `plansearch settings`."
)
@click.option("--index", "index_dir", type=click.Path(path_type=Path), help="Index folder (PLANSEARCH_INDEX_DIR).")
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path), help="Corpus folder (PLANSEARCH_CORPUS_DIR).")
@click.version_option(package_name="plansearch")
@click.pass_context
def cli(ctx: click.Context, index_dir: Path | None, corpus_dir: Path | None) -> None:
    """Semantic search and chat over Swedish cancer-care planning documents."""
    try:
        ctx.obj = Settings.from_env(index_dir=index_dir, corpus_dir=corpus_dir)
    except PlansearchError as exc:
        raise click.ClickException(str(exc)) from None


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.pass_context
@handle_errors
def ingest(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Build or update the index from PATHS (files or folders; default: the corpus folder).

    The index then holds exactly the documents found under PATHS. Exit status 3 means that
    some files could not be read; they are listed with the reason.
    """
    settings = _settings(ctx)
    # PLANSEARCH_INGEST_NICE can lower its priority (default 0: see config.py for what was measured).
    os.nice(max(0, min(19, settings.ingest_nice)))
    report = run_ingest(settings, list(paths) or None)
    if report.skipped:
        ctx.exit(EXIT_SKIPPED)


@cli.command()
@click.argument("query")
@click.option("-k", "k", default=10, show_default=True, type=click.IntRange(1, 100), help="Number of passages.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of text.")
@click.option(
    "--retriever", type=click.Choice(RETRIEVERS), default=None, help="Override PLANSEARCH_RETRIEVER."
)
@click.option("--doc", "doc_id", help="Only this document (its id, see `plansearch documents`).")
@click.option("--kind", type=click.Choice(PASSAGE_KINDS), help="Only this kind of passage.")
@click.option("--year", type=int, help="Only documents whose period covers this year.")
@click.pass_context
@handle_errors
def search(
    ctx: click.Context, query: str, k: int, as_json: bool, retriever: str | None, doc_id: str | None,
    kind: str | None, year: int | None,
) -> None:
    """Print the passages that best match QUERY."""
    from plansearch.search.filters import Filters
    from plansearch.search.records import hit_record

    settings = _settings(ctx)
    if not query.strip():
        raise click.UsageError("QUERY is empty")
    searcher = open_searcher(settings)
    if doc_id and doc_id not in searcher.index.documents:
        raise click.UsageError(f"No document {doc_id!r}; see `plansearch documents`")
    filters = Filters(doc_id=doc_id, kind=cast(PassageKind | None, kind), year=year)
    hits = searcher.search(query, k=k, retriever=retriever or settings.retriever, filters=filters)
    records = [hit_record(hit, searcher.index) for hit in hits]
    if as_json:
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    if not records:
        click.echo("Inga träffar.")
    for r in records:
        where = ", ".join(x for x in (r["section"], f"s. {r['page']}" + (f"–{r['page_end']}" if r["page_end"] != r["page"] else "") if r["page"] else "") if x)
        click.secho(f"{r['rank']}. {r['title']}", bold=True)
        click.echo(f"   {where}  [{r['kind']}, score {r['score']:.3f}]")
        click.echo("   " + r["text"].replace("\n", "\n   "))
        click.echo()


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@handle_errors
def documents(ctx: click.Context, as_json: bool) -> None:
    """List the indexed documents with their ids."""
    searcher = open_searcher(_settings(ctx))
    metas = [d.meta for d in searcher.index.documents.values()]
    if as_json:
        click.echo(json.dumps([m.to_dict() for m in metas], ensure_ascii=False, indent=2))
        return
    for m in metas:
        about = ", ".join(x for x in (m.publisher, m.period) if x)
        click.echo(f"{m.doc_id}\n    {m.title}" + (f" ({about})" if about else ""))


@cli.command()
@click.argument("term", required=False, default="")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@handle_errors
def glossary(ctx: click.Context, term: str, as_json: bool) -> None:
    """Abbreviations and terms the documents define; with TERM, only those matching it."""
    searcher = open_searcher(_settings(ctx))
    entries = searcher.glossary.search(term)
    if as_json:
        click.echo(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=2))
        return
    if not entries:
        click.echo(f"Inget i ordlistan matchar {term!r}.")
    for e in entries:
        meta = searcher.index.meta(e.doc_id)
        click.secho(e.term, bold=True, nl=False)
        click.echo(f" – {e.meaning}")
        click.echo(f"    {meta.title if meta else e.doc_id} [{e.passage_id}]")


@cli.command()
@click.option("--region", default="", help="Region or document, or part of its name (\"Gävleborg\").")
@click.option("--document", "document", default="", help="Document id, or part of its title.")
@click.option("--body", default="", help="Responsible body or doer, any name variant (\"RCC Norr\").")
@click.option("--year", type=click.IntRange(*YEAR_LIMITS), help="Only activities whose time frame covers YEAR (ongoing and unparsed ones are kept, flagged).")
@click.option("--text", default="", help="Words that must all occur in the activity's cells.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV with Swedish column names.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@handle_errors
def activities(
    ctx: click.Context, region: str, document: str, body: str, year: int | None, text: str, as_csv: bool, as_json: bool
) -> None:
    """The activity register: every row of the plans' activity and goal tables, by deadline."""
    from plansearch.knowledge.derive import derive
    from plansearch.knowledge.register import ActivityFilter, filter_activities, json_row, to_csv

    if as_csv and as_json:
        raise click.UsageError("Välj --csv eller --json, inte båda.")
    index = derive(open_index(_settings(ctx)))
    found = filter_activities(index.activity_list or [], ActivityFilter(region, document, body, year, text))
    if as_csv:
        click.echo(to_csv(found), nl=False)
    elif as_json:
        click.echo(json.dumps([json_row(a, year) for a in found], ensure_ascii=False, indent=2))
    else:
        for a in found:
            tf = a.time_frame
            when = tf.raw if tf.label() in (tf.raw, "ej tolkad") else f"{tf.raw} ({tf.label()})"
            click.secho(f"{when or 'ingen tidsram'}", bold=True, nl=False)
            click.echo(f"  {a.text}")
            click.echo(f"    Ansvarig: {a.responsible or '–'}; {a.goal_area}; {a.document} [{a.passage_id}]")
        click.echo(f"{len(found)} aktiviteter.", err=True)


@cli.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON (as /api/ask gives it).")
@click.pass_context
@handle_errors
def ask(ctx: click.Context, question: str, as_json: bool) -> None:
    """Answer QUESTION from the documents, with numbered citations."""
    if not question.strip():
        raise click.UsageError("QUESTION is empty")
    service = open_service(_settings(ctx))
    answer, snapshot = service.ask(question)
    if as_json:
        from dataclasses import asdict

        click.echo(json.dumps(asdict(snapshot.record(answer)), ensure_ascii=False, indent=2))
        return
    click.echo(answer.text)
    if answer.note:
        click.echo(f"({answer.note})")
    if answer.citations:
        click.echo()
    for c in answer.citations:
        where = ", ".join(x for x in (c.passage.section, f"s. {c.passage.pages}" if c.passage.page else "") if x)
        click.secho(f"[{c.n}] {c.title}", bold=True)
        if where:
            click.echo(f"    {where}")
        start, end = c.highlight
        click.echo("    " + " ".join(c.passage.text[start:end].split())[:400])


@cli.command()
@click.option("--host", help="Address to bind to (PLANSEARCH_HOST, default 127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), help="Port (PLANSEARCH_PORT, default 8000).")
@click.pass_context
@handle_errors
def serve(ctx: click.Context, host: str | None, port: int | None) -> None:
    """Start the web chat and API; builds the index from the corpus first if there is none."""
    import logging

    from plansearch.server.app import create_app

    settings = _settings(ctx).replace(host=host, port=port)
    open_searcher(settings)  # build the index now, with progress, rather than inside the server
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    click.echo("Startar servern…", err=True)
    url = f"http://{settings.host}:{settings.port}/"
    _announcing_server(create_app(settings), settings.host, settings.port, url).run()


@cli.command()
@click.pass_context
@handle_errors
def mcp(ctx: click.Context) -> None:
    """Answer an AI assistant over MCP on stdin and stdout (see README, From an AI assistant).

    Builds the index from the corpus first if there is none; progress and logs go to stderr, since
    stdout carries the protocol."""
    import logging
    import sys

    from plansearch.server.mcp_server import build_server
    from plansearch.service import Service

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = _settings(ctx)
    open_index(settings)  # build the index now, with progress on stderr, as `serve` does
    build_server(Service(settings), watch=True).run("stdio")  # a newer index is loaded as `serve` loads it


def _announcing_server(app: Any, host: str, port: int, url: str) -> Any:
    """A uvicorn server that says where to open the chat once it answers (the last line a
    first-time user needs)."""
    import uvicorn

    class Server(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets=sockets)
            if self.started:
                click.echo(f"plansearch är igång: öppna {url} i webbläsaren. Avsluta med Ctrl+C.", err=True)

    return Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))


@cli.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("benchmarks/results"), show_default=True, help="Folder for bench.json and bench.md.")
@click.option("--seconds", type=click.FloatRange(1, 120), default=5.0, show_default=True, help="Length of each load test.")
@click.option("--quick", is_flag=True, help="Skip the 1,000× corpus and use 200,000 vectors instead of 1 million.")
@click.pass_context
@handle_errors
def bench(ctx: click.Context, out: Path, seconds: float, quick: bool) -> None:
    """Measure ingest, query latency under load, memory, start-up, scale and vector search."""
    from plansearch.devtools import bench as benchmark

    settings = _settings(ctx)
    open_searcher(settings)
    factors = (10, 100) if quick else (10, 100, 1000)
    result = benchmark.run(
        settings, out, seconds=seconds, factors=factors, vectors=200_000 if quick else 1_000_000,
        log=lambda message: click.echo(message, err=True),
    )
    click.echo((out / "bench.md").read_text(encoding="utf-8"))
    missed = [row for row in result["targets"] if row["status"] == "missed"]
    click.echo(f"{len(result['targets']) - len(missed)} of {len(result['targets'])} targets met.", err=True)


@cli.command()
@click.option("--minutes", type=click.FloatRange(0.05, 240), default=10.0, show_default=True)
@click.option("--concurrency", type=click.IntRange(1, 256), default=16, show_default=True)
@click.option("--out", type=click.Path(path_type=Path), default=Path("benchmarks/results"), show_default=True)
@click.pass_context
@handle_errors
def soak(ctx: click.Context, minutes: float, concurrency: int, out: Path) -> None:
    """Mixed search and ask load on a real server for MINUTES, then stop: errors and memory over time."""
    from plansearch.devtools import bench as benchmark

    settings = _settings(ctx)
    open_searcher(settings)
    benchmark.soak(settings, minutes, concurrency, out, log=lambda message: click.echo(message, err=True))
    click.echo((out / "soak.md").read_text(encoding="utf-8"))


@cli.command()
@click.option("--evaluation", type=click.Path(path_type=Path), default=Path("evaluation"), show_default=True,
              help="Folder of the QA files (only the tuning files are read, never the *_holdout ones).")
@click.pass_context
@handle_errors
def train(ctx: click.Context, evaluation: Path) -> None:
    """Retrain the answer models from the tuning QA sets: which unit answers (LightGBM) and whether
    the documents answer at all; writes them into the package's data/ folder."""
    try:
        import sklearn  # noqa: F401
    except ImportError:
        raise click.ClickException("plansearch train needs scikit-learn: pip install -e '.[test]'") from None
    from plansearch.answer.answerability import MODEL as ANSWERABILITY
    from plansearch.answer.answerability import load_model
    from plansearch.answer.ranking import load_ranker
    from plansearch.devtools.train import train as train_ranker
    from plansearch.devtools.train import train_answerability

    searcher = open_searcher(_settings(ctx))
    say = lambda message: click.echo(message, err=True)  # noqa: E731
    train_ranker(searcher, evaluation, log=say)
    load_ranker.cache_clear()  # the answerability data is built with the new ranker
    train_answerability(searcher, evaluation, ANSWERABILITY, log=say)
    load_model.cache_clear()


@cli.command("settings")
def show_settings() -> None:
    """List every setting with its environment variable and default."""
    for name, default, help_text in describe():
        click.echo(f"{name} (default: {default})\n    {help_text}")


cli.add_command(evaluate_cmd)
cli.add_command(feedback_cmd)
cli.add_command(decisions_cmd)


def main() -> None:
    cli(prog_name="plansearch")


if __name__ == "__main__":
    main()

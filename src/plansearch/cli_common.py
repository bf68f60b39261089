"""What the command line's commands share: settings from the context, errors as one line, and
opening the index (built from the corpus on first use, with progress) and the model."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from plansearch.config import Settings
from plansearch.errors import IndexNotFound, NothingToIndex, PlansearchError
from plansearch.progress import IngestProgress

EXIT_SKIPPED = 3  # ingest finished, but some files could not be used; or no file could be used at all


def _settings(ctx: click.Context) -> Settings:
    return ctx.obj


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Show a PlansearchError as one clear line; PLANSEARCH_DEBUG=1 shows the traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NothingToIndex as exc:
            if click.get_current_context().obj and click.get_current_context().obj.debug:
                raise
            # Like skipped files (status 3), but nothing was indexed: one message, no traceback.
            click.echo(exc.shown or f"Error: {exc}", err=True)
            click.get_current_context().exit(EXIT_SKIPPED)
        except PlansearchError as exc:
            if click.get_current_context().obj and click.get_current_context().obj.debug:
                raise
            raise click.ClickException(str(exc)) from None

    return wrapper


def run_ingest(settings: Settings, paths: list[Path] | None = None, first_start: bool = False):
    """Ingest with progress and a summary on stderr: in Swedish on the first start (`serve`,
    `search` or `ask` without an index), for whoever starts the chat; in English for `ingest`."""
    from plansearch.ingest.pipeline import ingest as do_ingest

    try:
        report = do_ingest(settings, paths, progress=IngestProgress())
    except NothingToIndex as exc:
        if first_start:
            exc.shown = exc.swedish()  # handle_errors prints it
        raise
    for skipped in report.skipped:
        click.echo(f"skipped: {skipped.path}: {skipped.reason}", err=True)
    for note in report.ocr:
        click.echo(f"ocr: {note}", err=True)
    if first_start:
        click.echo(f"Sökindexet är klart: {report.documents} dokument, {report.passages} avsnitt.", err=True)
    elif report.up_to_date:
        click.echo(f"Index up to date: {report.documents} documents, {report.passages} passages ({settings.index_dir}/)", err=True)
    else:
        changed = report.passages - report.reused
        click.echo(
            f"Indexed {report.documents} documents, {report.passages} passages in {settings.index_dir}/ "
            f"({changed} of them new or changed)",
            err=True,
        )
    return report


def open_searcher(settings: Settings, build_if_missing: bool = True):
    """Load the index (building it from the corpus first if there is none) and the model."""
    from plansearch.search.searcher import Searcher
    from plansearch.store.engines import get_embedder

    return Searcher(open_index(settings, build_if_missing), get_embedder(settings))


def open_index(settings: Settings, build_if_missing: bool = True):
    """Load the index, building it from the corpus first if there is none; no model is loaded."""
    from plansearch.store.index import load_for

    try:
        index = load_for(settings)
    except IndexNotFound:
        if not build_if_missing or not settings.corpus_dir.is_dir():
            raise
        click.echo(
            f"Det finns inget sökindex än; det byggs nu från {settings.corpus_dir}/ (första gången tar det några minuter).",
            err=True,
        )
        run_ingest(settings, first_start=True)
        index = load_for(settings)
    return index


def open_service(settings: Settings):
    """A Service over the index, building the index from the corpus first if there is none."""
    from plansearch.service import Service

    open_searcher(settings)  # builds the index when it is missing
    return Service(settings)

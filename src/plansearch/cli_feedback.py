"""`plansearch feedback`: the readers' verdicts listed, exported as QA drafts, and asked again."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import cast

import click

from plansearch.cli_common import _settings, handle_errors, open_index, open_service
from plansearch.feedback.store import VERDICTS, Feedback, FeedbackStore, Verdict


def _since(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint="--since") from None


def _chosen(ctx: click.Context, since: str | None, verdict: str | None) -> list[Feedback]:
    store = FeedbackStore.for_settings(_settings(ctx))
    return store.entries(since=_since(since), verdict=cast(Verdict | None, verdict))


since_option = click.option("--since", metavar="YYYY-MM-DD", help="Only verdicts given on or after this day (UTC).")


@click.group("feedback", invoke_without_command=True)
@since_option
@click.option("--verdict", type=click.Choice(VERDICTS), help="Only good or only bad verdicts.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@handle_errors
def feedback_cmd(ctx: click.Context, since: str | None, verdict: str | None, as_json: bool) -> None:
    """List the readers' verdicts on the chat's answers, newest first (PLANSEARCH_FEEDBACK_DIR)."""
    if ctx.invoked_subcommand is not None:
        return
    found = _chosen(ctx, since, verdict)
    if as_json:
        click.echo(json.dumps([f.to_dict() for f in found], ensure_ascii=False, indent=2))
        return
    for f in found:
        click.secho(f"#{f.id} {f.created} {'Bra svar' if f.verdict == 'good' else 'Fel svar'}", bold=True)
        click.echo(f"  Fråga: {f.question}")
        click.echo("  Svar: " + " ".join(f.answer.split())[:300])
        if f.comment:
            click.echo(f"  Kommentar: {f.comment}")
        if f.citations:
            click.echo(f"  Källor: {', '.join(f.citations)} (index {f.index_version or '?'})")
    click.echo(f"{len(found)} omdömen.", err=True)


@feedback_cmd.command("export")
@click.option("--qa", "qa_path", type=click.Path(path_type=Path, dir_okay=False), required=True, help="JSON Lines file to write.")
@since_option
@click.option("--verdict", type=click.Choice(VERDICTS), help="Only good or only bad verdicts (default: both).")
@click.pass_context
@handle_errors
def export_cmd(ctx: click.Context, qa_path: Path, since: str | None, verdict: str | None) -> None:
    """Write the verdicts as QA drafts (draft: true) for a person to check before they join an
    evaluation set: the question, the cited passages as candidate evidence, the comment as a note."""
    from plansearch.errors import IndexNotFound
    from plansearch.feedback.drafts import write_drafts

    found = _chosen(ctx, since, verdict)
    try:
        index = open_index(_settings(ctx), build_if_missing=False)
    except IndexNotFound:
        index = None  # the drafts are written without the passages' texts
        click.echo("No index: the drafts have no evidence; build it with `plansearch ingest`.", err=True)
    count = write_drafts(qa_path, reversed(found), index)  # oldest first, like the QA files
    click.echo(f"Wrote {count} drafts to {qa_path}", err=True)


@feedback_cmd.command("recheck")
@since_option
@click.option("--verdict", type=click.Choice(VERDICTS), default="bad", show_default=True, help="Which verdicts to ask again.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@handle_errors
def recheck_cmd(ctx: click.Context, since: str | None, verdict: str, as_json: bool) -> None:
    """Ask the verdicts' questions again against today's index: "changed" when the answer or its
    citations differ from what the reader saw, "same" when not. A change still needs a person."""
    from plansearch.feedback.drafts import recheck

    found = _chosen(ctx, since, verdict)
    service = open_service(_settings(ctx))
    results = recheck(reversed(found), lambda q, history: service.ask(q, history)[0])
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2))
        return
    for r in results:
        click.secho(f"#{r.feedback.id} {r.status}: {r.feedback.question}", bold=True)
        if r.status == "changed":
            click.echo("  Förr: " + " ".join(r.feedback.answer.split())[:300])
            click.echo("  Nu:   " + " ".join(r.answer.split())[:300])
    changed = sum(r.status == "changed" for r in results)
    click.echo(f"{changed} of {len(results)} answers changed.", err=True)

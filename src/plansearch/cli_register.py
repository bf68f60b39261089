"""`plansearch decisions`: the decision log of the minutes, filtered, as text, CSV or JSON."""

from __future__ import annotations

import json

import click

from plansearch.cli_common import _settings, handle_errors, open_index


@click.command("decisions")
@click.option("--body", "meeting", default="", help="Meeting, deciding body or date, or part of it (\"RPO Cancer\", \"2025-02\").")
@click.option("--document", default="", help="Document id, or part of its title.")
@click.option("--q", "text", default="", help="Words that must all occur in the decision.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV with Swedish column names.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@handle_errors
def decisions_cmd(ctx: click.Context, meeting: str, document: str, text: str, as_csv: bool, as_json: bool) -> None:
    """The decision log: every decision in the minutes, with meeting, date and agenda item."""
    from plansearch.knowledge.decision_register import DecisionFilter, filter_decisions, json_row, to_csv
    from plansearch.knowledge.derive import derive

    if as_csv and as_json:
        raise click.UsageError("Välj --csv eller --json, inte båda.")
    index = derive(open_index(_settings(ctx)))
    found = filter_decisions(index.decision_list or [], DecisionFilter(meeting.strip(), document.strip(), text.strip()))
    if as_csv:
        click.echo(to_csv(found), nl=False)
    elif as_json:
        click.echo(json.dumps([json_row(d) for d in found], ensure_ascii=False, indent=2))
    else:
        for d in found:
            click.secho(f"{d.date or 'odaterat'}  {d.body}", bold=True, nl=False)
            click.echo(f"  {d.text}")
            click.echo(f"    {d.item or 'ingen punkt'}; {d.document} [{d.passage_id}]")
        click.echo(f"{len(found)} beslut.", err=True)

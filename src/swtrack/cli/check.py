"""Commands that gate data: validate."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from swtrack.cli.app import (
    EXIT_FINDINGS,
    FindingsFormat,
    State,
    app,
    console,
    guard,
    load,
    parse_date,
)


@app.command()
def validate(
    ctx: typer.Context,
    fmt: Annotated[
        FindingsFormat,
        typer.Option("--format", help="rich for people, json for machines, github for workflow annotations."),
    ] = (FindingsFormat.rich),
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    today: Annotated[
        str | None, typer.Option("--today", help="The date 'future' is judged against (default: today).")
    ] = None,
) -> None:
    """Check plans, measures, areas and snapshots; exit 1 on any error.

    Example:

        swtrack validate --strict --format json
    """
    state: State = ctx.obj
    with guard(state):
        from swtrack.validate import validate as run_checks

        tracker, report = load(state)
        report.extend(run_checks(tracker, today=parse_date(today, "--today")))
        if fmt is FindingsFormat.json:
            payload = {
                "valid": report.ok(strict=strict),
                "errors": len(report.errors),
                "warnings": len(report.warnings),
                "findings": [f.as_dict() for f in report.sorted()],
            }
            typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        elif fmt is FindingsFormat.github:
            from swtrack.render.github import workflow_annotations

            sys.stdout.write(workflow_annotations(report, tracker.root))
        else:
            from swtrack.render.console import findings_table

            console().print(findings_table(report))
        from swtrack.render.github import append_summary, findings_summary

        append_summary(findings_summary(report, strict=strict))
    if not report.ok(strict=strict):
        raise typer.Exit(EXIT_FINDINGS)

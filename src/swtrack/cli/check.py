"""Commands that gate data: validate."""

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from swtrack.cli.app import (
    EXIT_FINDINGS,
    AsOfOpt,
    FindingsFormat,
    LangOpt,
    Method,
    MethodOpt,
    State,
    app,
    console,
    guard,
    language,
    load,
    parse_date,
    plain_output,
    warn_load,
)
from swtrack.findings import SwtrackError


@app.command()
def validate(
    ctx: typer.Context,
    fmt: Annotated[
        FindingsFormat,
        typer.Option("--format", help="rich for people, json for machines, github for workflow annotations."),
    ] = (FindingsFormat.rich),
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    errors_only: Annotated[
        bool,
        typer.Option(
            "--errors-only", "-q", help="List only errors (and, with --strict, warnings); the count stays whole."
        ),
    ] = False,
    today: Annotated[
        str | None, typer.Option("--today", help="The date 'future' is judged against (default: today).")
    ] = None,
    lang: LangOpt = None,
) -> None:
    """Check plans, measures, areas and snapshots; exit 1 on any error.

    Example:

        swtrack validate --strict --format json

        swtrack validate -q    # only what fails the run: for pre-commit and CI logs

    JSON carries each finding in both languages (message, hint; message_zh, hint_zh).
    """
    state: State = ctx.obj
    with guard(state):
        from swtrack.check.validate import validate as run_checks
        from swtrack.cli.progress import progress

        with progress() as step:
            tracker, report = load(state, step)
            step("checking")
            report.extend(run_checks(tracker, today=parse_date(today, "--today")))
            # Read with the intervals the verdicts use (assess/), hence here and not in check/.
            from swtrack.assess.breaks import findings as series_breaks

            report.extend(series_breaks(tracker))
        # Under --strict a warning fails the run, so it is shown like an error.
        quiet = errors_only and not strict
        lang_code = language(tracker, None, lang)
        if fmt is FindingsFormat.json:
            from swtrack.findings import Severity

            # A root cause first, with how many findings follow from it; those kept, each naming it.
            shown: list[dict[str, object]] = []
            for f, rest in report.folded():
                if quiet and f.severity is not Severity.ERROR:
                    continue
                shown.append(f.as_dict() | ({"followers": len(rest)} if rest else {}))
                shown.extend(r.as_dict() for r in rest if not quiet or r.severity is Severity.ERROR)
            payload = {
                "valid": report.ok(strict=strict),
                "errors": len(report.errors),
                "warnings": len(report.warnings),
                "findings": shown,
            }
            typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        elif fmt is FindingsFormat.github:
            from swtrack.render.github import workflow_annotations

            sys.stdout.write(workflow_annotations(report, tracker.root, errors_only=quiet, lang=lang_code))
        elif plain_output():
            from swtrack.render.text import findings_lines

            sys.stdout.write("".join(f"{line}\n" for line in findings_lines(report, lang_code, errors_only=quiet)))
        else:
            from swtrack.render.console import findings_table

            console().print(findings_table(report, lang_code, errors_only=quiet))
        from swtrack.render.github import append_summary, findings_summary

        append_summary(lambda: findings_summary(report, strict=strict, lang=lang_code))
    if not report.ok(strict=strict):
        raise typer.Exit(EXIT_FINDINGS)


class DiffFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command()
def diff(
    ctx: typer.Context,
    roots: Annotated[
        list[Path] | None, typer.Argument(help="OLD_ROOT NEW_ROOT: two tracker folders to compare.")
    ] = None,
    base: Annotated[
        str | None, typer.Option("--base", help="Compare the tracker at this git revision with the work tree.")
    ] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", help="text, markdown or json.")] = DiffFormat.text,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    method: MethodOpt = Method.linear,
) -> None:
    """What a change to the data did: rows added, changed and removed, and targets whose status,
    value or gap moved.

    Example:

        swtrack diff --base origin/main --format markdown
    """
    state: State = ctx.obj
    with guard(state):
        import tempfile

        from swtrack.exchange.diff import checkout, diff_trackers
        from swtrack.load.tracker import load_tracker, root_from
        from swtrack.render.diff import to_markdown, to_text
        from swtrack.render.github import append_summary

        paths = roots or []
        if base is not None and paths:
            raise SwtrackError("give either --base REV or OLD_ROOT NEW_ROOT, not both")
        if base is None and len(paths) != 2:
            raise SwtrackError("give --base REV, or two tracker folders OLD_ROOT NEW_ROOT")
        with tempfile.TemporaryDirectory(prefix="swtrack-diff-") as tmp:
            if base is not None:
                new_root = root_from(state.root)
                old_root = checkout(new_root, base, Path(tmp))
            else:
                old_root, new_root = paths
            old, _ = load_tracker(old_root)
            new, new_report = load_tracker(new_root)
            lang_code = language(new, None, lang)
            warn_load(new_report, lang_code)
            result = diff_trackers(old, new, method=method.value, as_of=parse_date(as_of, "--as-of"))
        if fmt is DiffFormat.json:
            typer.echo(result.model_dump_json(indent=2))
        elif fmt is DiffFormat.markdown:
            sys.stdout.write(to_markdown(result, lang_code))
        else:
            sys.stdout.write(to_text(result, lang_code))
        append_summary(lambda: to_markdown(result, lang_code))

"""The swtrack command line: options in, core calls, a renderer out, an exit code."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from swtrack import __version__
from swtrack.findings import SwtrackError

if TYPE_CHECKING:
    from swtrack.assess.model import StatusReport
    from swtrack.findings import Report
    from swtrack.tracker import Tracker

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    help=(
        "Hold local social-work talent plans to their own numbers.\n\n"
        "Example:\n\n    swtrack validate && swtrack status --plan beijing_2011 --lang en"
    ),
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class StatusFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class FindingsFormat(StrEnum):
    rich = "rich"
    json = "json"


class Charts(StrEnum):
    mermaid = "mermaid"
    svg = "svg"
    none = "none"


class Method(StrEnum):
    linear = "linear"
    cagr = "cagr"


@dataclass
class State:
    root: Path | None = None
    debug: bool = False


def _version(value: bool) -> None:
    if value:
        typer.echo(f"swtrack {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    root: Annotated[
        Path | None,
        typer.Option("--root", envvar="SWTRACK_ROOT", help="Tracker folder (default: nearest folder with targets/)."),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    ctx.obj = State(root=root, debug=debug)


def _fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    typer.secho(f"error: {message}", fg="red", err=True)
    raise typer.Exit(code)


@contextmanager
def _guard(state: State) -> Iterator[None]:
    """One place where failures become a red line and an exit code (tracebacks only with --debug)."""
    try:
        yield
    except SwtrackError as exc:
        if state.debug:
            raise
        _fail(str(exc))
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:
        if state.debug:
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", EXIT_FINDINGS)


def _load(state: State) -> tuple[Tracker, Report]:
    from swtrack.tracker import load_tracker, root_from

    return load_tracker(root_from(state.root))


def _console() -> object:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def _parse_date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    from swtrack.dates import DateError, PartialDate

    try:
        return PartialDate.parse(text).end
    except DateError as exc:
        raise SwtrackError(f"{option}: {exc}. {exc.hint}") from None


@app.command()
def validate(
    ctx: typer.Context,
    fmt: Annotated[FindingsFormat, typer.Option("--format", help="rich for people, json for machines.")] = (
        FindingsFormat.rich
    ),
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
    with _guard(state):
        from swtrack.validate import validate as run_checks

        tracker, report = _load(state)
        report.extend(run_checks(tracker, today=_parse_date(today, "--today")))
        if fmt is FindingsFormat.json:
            payload = {
                "valid": report.ok(strict=strict),
                "errors": len(report.errors),
                "warnings": len(report.warnings),
                "findings": [f.as_dict() for f in report.sorted()],
            }
            typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            from swtrack.render.console import findings_table

            _console().print(findings_table(report))  # type: ignore[attr-defined]
    if not report.ok(strict=strict):
        raise typer.Exit(EXIT_FINDINGS)


def _assess(
    state: State,
    tracker: Tracker,
    *,
    plan: str | None,
    as_of: str | None,
    area: str | None,
    method: Method,
) -> StatusReport:
    from swtrack.assess import assess, latest_data_date

    when = _parse_date(as_of, "--as-of")
    area_obj = None
    if area is not None:
        probe = when or latest_data_date(tracker) or date.today()
        res = tracker.areas.resolve(area, probe)
        if res.area is None:
            raise SwtrackError(f"--area: {res.message}. {res.hint or ''}".strip())
        area_obj = res.area
    return assess(tracker, as_of=when, method=method.value, plan_id=plan, area=area_obj)


def _lang(tracker: Tracker, plan: str | None, lang: Lang | None) -> str:
    if lang is not None:
        return lang.value
    plans = [tracker.plan(plan)] if plan else tracker.plans
    return plans[0].language if plans else "en"


def _warn_load(report: Report) -> None:
    if report.errors:
        typer.secho(
            f"warning: the data has {len(report.errors)} errors; rows with errors were left out (run swtrack validate)",
            fg="yellow",
            err=True,
        )


PlanOpt = Annotated[str | None, typer.Option("--plan", help="Only this plan (its id, e.g. beijing_2011).")]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="Judge as the tracker stood then: data dated on or before it.")
]
LangOpt = Annotated[Lang | None, typer.Option("--lang", help="zh or en (default: the plan's language).")]
MethodOpt = Annotated[Method, typer.Option("--method", help="linear (default) or cagr paces.")]


@app.command()
def status(
    ctx: typer.Context,
    plan: PlanOpt = None,
    as_of: AsOfOpt = None,
    area: Annotated[str | None, typer.Option("--area", help="Judge district-scoped targets for one area.")] = None,
    only: Annotated[
        str | None, typer.Option("--status", help="Only targets with these statuses (comma-separated).")
    ] = None,
    lang: LangOpt = None,
    fmt: Annotated[StatusFormat, typer.Option("--format", help="table, json, csv or markdown.")] = StatusFormat.table,
    method: MethodOpt = Method.linear,
    fail_on: Annotated[
        str | None, typer.Option("--fail-on", help="Exit 1 when any of these statuses occur (comma-separated).")
    ] = None,
) -> None:
    """Where every target stands, how far it is, and whether it will be met.

    Example:

        swtrack status --plan beijing_2011 --as-of 2013-12-31 --lang en
    """
    state: State = ctx.obj
    with _guard(state):
        from swtrack.assess.model import Status

        def statuses(text: str | None, option: str) -> set[Status]:
            if text is None:
                return set()
            out = set()
            for part in (p.strip() for p in text.split(",") if p.strip()):
                try:
                    out.add(Status(part))
                except ValueError:
                    raise SwtrackError(
                        f"{option}: unknown status '{part}'; use {', '.join(s.value for s in Status)}"
                    ) from None
            return out

        wanted, failing = statuses(only, "--status"), statuses(fail_on, "--fail-on")
        tracker, load_report = _load(state)
        _warn_load(load_report)
        report = _assess(state, tracker, plan=plan, as_of=as_of, area=area, method=method)
        if wanted:
            report = report.model_copy(update={"assessments": [a for a in report.assessments if a.status in wanted]})
        language = _lang(tracker, plan, lang)
        if fmt is StatusFormat.json:
            typer.echo(report.model_dump_json(indent=2))
        elif fmt is StatusFormat.csv:
            from swtrack.render.status import to_csv

            sys.stdout.write(to_csv(report, tracker, language))
        elif fmt is StatusFormat.markdown:
            from swtrack.render.status import to_markdown

            sys.stdout.write(to_markdown(report, tracker, language))
        else:
            from swtrack.render.console import status_table

            _console().print(status_table(report, tracker, language))  # type: ignore[attr-defined]
        hit = sorted({a.status.value for a in report.assessments if a.status in failing})
    if hit:
        typer.secho(f"--fail-on: {', '.join(hit)} present", fg="red", err=True)
        raise typer.Exit(EXIT_FINDINGS)


@app.command()
def explain(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="A target id, e.g. BJ-02 or BJ-15a.")],
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    method: MethodOpt = Method.linear,
    as_json: Annotated[bool, typer.Option("--json", help="Print the assessment as JSON.")] = False,
) -> None:
    """The clause, its wording, the figures used and every number behind one target's status.

    Example:

        swtrack explain BJ-02 --as-of 2013-12-31 --lang en
    """
    state: State = ctx.obj
    with _guard(state):
        tracker, load_report = _load(state)
        _warn_load(load_report)
        ids = {t.id: p.id for p, t in tracker.targets()}
        wanted = ref.strip()
        if wanted not in ids:
            matches = [i for i in ids if i.startswith(wanted)]
            if not matches:
                from swtrack.modelerrors import did_you_mean

                guess = did_you_mean(wanted, ids)
                raise SwtrackError(f"no target '{ref}'" + (f"; did you mean {guess}?" if guess else ""))
        report = _assess(state, tracker, plan=None, as_of=as_of, area=None, method=method)
        chosen = [a for a in report.assessments if a.target == wanted or a.ref == wanted]
        language = _lang(tracker, chosen[0].plan, lang)
        if as_json:
            typer.echo(json.dumps([a.model_dump(mode="json") for a in chosen], ensure_ascii=False, indent=2))
            return
        from swtrack.render.console import explain as render

        console = _console()
        for a in chosen:
            console.print(render(a, language))  # type: ignore[attr-defined]


@app.command()
def brief(
    ctx: typer.Context,
    output: Annotated[str, typer.Option("-o", "--output", help="The brief's path; - for standard output.")] = "-",
    plan: PlanOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    method: MethodOpt = Method.linear,
    charts: Annotated[
        Charts, typer.Option("--charts", help="mermaid blocks (default), svg files beside the brief, or none.")
    ] = Charts.mermaid,
    stamp: Annotated[
        bool, typer.Option("--stamp", help="Add the time of writing (the brief is no longer reproducible).")
    ] = False,
) -> None:
    """Write the markdown progress brief: summary, phases, all targets, charts, gaps, sources.

    Example:

        swtrack brief -o briefs/2015-q4.md --as-of 2015-12-31 --lang zh
    """
    state: State = ctx.obj
    with _guard(state):
        from swtrack.atomic import write_atomic
        from swtrack.render.brief import render_brief

        to_stdout = output == "-"
        if to_stdout and charts is Charts.svg:
            raise SwtrackError("--charts svg writes files beside the brief: give -o PATH, not -o -")
        tracker, load_report = _load(state)
        _warn_load(load_report)
        report = _assess(state, tracker, plan=plan, as_of=as_of, area=None, method=method)
        when = None
        if stamp:
            from datetime import UTC, datetime

            when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        path = Path(output)
        result = render_brief(
            report,
            tracker,
            _lang(tracker, plan, lang),
            charts=charts.value,
            chart_prefix=path.stem if not to_stdout else "chart",
            stamp=when,
        )
        if to_stdout:
            sys.stdout.write(result.markdown)
            return
        for name, content in sorted(result.files.items()):
            write_atomic(path.parent / name, content)
        write_atomic(path, result.markdown)
        typer.echo(f"wrote {path}" + (f" and {len(result.files)} charts" if result.files else ""), err=True)


def _terminate(signum: int, frame: object) -> None:
    # Turn SIGTERM into an exception so that atomic writes clean up their temporary file.
    raise KeyboardInterrupt


def main() -> None:
    """The console-script entry point."""
    import signal

    signal.signal(signal.SIGTERM, _terminate)
    app()

"""The typer app and what every command shares: options, the error guard, loading, assessing."""

from __future__ import annotations

import os
import sys
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from swtrack import __version__
from swtrack.atomic import WriteError
from swtrack.findings import SwtrackError

if TYPE_CHECKING:
    from rich.console import Console

    from swtrack.assess.model import StatusReport
    from swtrack.cli.progress import Step
    from swtrack.findings import Report
    from swtrack.load.tracker import Tracker

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


class ExplainFormat(StrEnum):
    text = "text"
    json = "json"


class StatusFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class FindingsFormat(StrEnum):
    rich = "rich"
    json = "json"
    github = "github"


class Charts(StrEnum):
    auto = "auto"
    svg = "svg"
    inline = "inline"
    none = "none"


class BriefFormat(StrEnum):
    markdown = "markdown"
    html = "html"


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


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    typer.secho(f"error: {message}", fg="red", err=True)
    raise typer.Exit(code)


@contextmanager
def guard(state: State) -> Iterator[None]:
    """One place where failures become a red line and an exit code (tracebacks only with --debug)."""
    try:
        yield
    except (SwtrackError, WriteError) as exc:
        if state.debug:
            raise
        fail(str(exc))
    except (typer.Exit, typer.Abort):
        raise
    except BrokenPipeError:
        # The reader stopped reading (`swtrack status | head`): nothing of ours failed. Standard
        # output goes to /dev/null so that Python's last flush stays quiet; exit 1, as Python does.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1) from None
    except Exception as exc:
        if state.debug:
            raise
        fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", EXIT_FINDINGS)


def load(state: State, step: Step | None = None, *, marks: bool = True) -> tuple[Tracker, Report]:
    """The tracker and what loading found; step, when given, hears how far reading has got.
    marks=False: the command never points a finding into the YAML (load_tracker)."""
    from swtrack.load.tracker import load_tracker, root_from

    def reading(done: int, total: int) -> None:
        if step is not None:
            step("reading", done, total)

    return load_tracker(root_from(state.root), reading if step is not None else None, marks=marks)


def plain_output() -> bool:
    """Whether standard output is a pipe or a log that rich would print to without colour or
    wrapping (no terminal, none forced): plain text then says the same, without loading rich."""
    forced = os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE") or os.environ.get("TTY_INTERACTIVE")
    return not sys.stdout.isatty() and not forced


def console() -> Console:
    """Standard output: wrapped at the terminal's width for people; never hard-wrapped into a
    pipe or a log, so that each message stays on one line for grep."""
    from rich.console import Console

    out = Console(highlight=False, soft_wrap=False)
    out.soft_wrap = not out.is_terminal
    return out


def parse_date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    from swtrack.model.dates import DateError, PartialDate

    try:
        return PartialDate.parse(text).end
    except DateError as exc:
        raise SwtrackError(f"{option}: {exc}. {exc.hint}") from None


def assess_report(
    state: State,
    tracker: Tracker,
    *,
    plan: str | None,
    as_of: str | None,
    area: str | None,
    method: Method,
    unit_limit: int | None = None,
    refs: Collection[str] | None = None,
) -> StatusReport:
    from swtrack.assess import assess, latest_data_date

    when = parse_date(as_of, "--as-of")
    area_obj = None
    if area is not None:
        probe = when or latest_data_date(tracker) or date.today()
        res = tracker.areas.resolve(area, probe)
        if res.area is None:
            raise SwtrackError(f"--area: {res.message}. {res.hint or ''}".strip())
        area_obj = res.area
    return assess(
        tracker, as_of=when, method=method.value, plan_id=plan, area=area_obj, unit_limit=unit_limit, refs=refs
    )


def language(tracker: Tracker, plan: str | None, lang: Lang | None) -> str:
    """--lang, else the plan's language, else Chinese: a tracker whose plans all failed to load
    (validate's case) has no language of its own, and zh is swtrack's first."""
    if lang is not None:
        return lang.value
    plans = [tracker.plan(plan)] if plan else tracker.plans
    return plans[0].language if plans else "zh"


def warn_load(report: Report, lang: str) -> None:
    """One line on stderr when the data has errors (the rest was read): validate lists them."""
    if report.errors:
        from swtrack.render.text import counted, word

        said = word("load_errors", lang).format(errors=counted("errors", len(report.errors), lang))
        typer.secho(said, fg="yellow", err=True)


PlanOpt = Annotated[str | None, typer.Option("--plan", help="Only this plan (its id, e.g. beijing_2011).")]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="Judge as the tracker stood then: data dated on or before it.")
]
LangOpt = Annotated[Lang | None, typer.Option("--lang", help="zh or en (default: the plan's language).")]
MethodOpt = Annotated[Method, typer.Option("--method", help="linear (default) or cagr paces.")]

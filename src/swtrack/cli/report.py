"""Commands that report progress: status, explain, brief."""

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from swtrack.cli.app import (
    EXIT_FINDINGS,
    AsOfOpt,
    BriefFormat,
    Charts,
    ExplainFormat,
    LangOpt,
    Method,
    MethodOpt,
    PlanOpt,
    State,
    StatusFormat,
    app,
    assess_report,
    console,
    guard,
    language,
    load,
    warn_load,
)
from swtrack.findings import SwtrackError


def _write_bytes(chunks: Iterable[bytes]) -> None:
    """Bytes straight to standard output, a piece at a time: a national report is a 100 MB
    document, not worth holding whole or decoding to a str and encoding back."""
    sys.stdout.flush()
    for chunk in chunks:
        sys.stdout.buffer.write(chunk)
    sys.stdout.buffer.flush()


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
    wide: Annotated[
        bool, typer.Option("--wide", help="Every column at full width, however wide the terminal (table only).")
    ] = False,
) -> None:
    """Where every target stands, how far it is, and whether it will be met.

    The table fits the terminal (COLUMNS, or 80 when piped): one line per target, the label cut
    with … and columns added as the width allows.

    Example:

        swtrack status --plan beijing_2011 --as-of 2013-12-31 --lang en
    """
    state: State = ctx.obj
    with guard(state):
        from swtrack.assess.model import UNIT_LIST_LIMIT, Status

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

        from swtrack.cli.progress import progress

        wanted, failing = statuses(only, "--status"), statuses(fail_on, "--fail-on")
        with progress() as step:
            tracker, load_report = load(state, step, marks=False)
            step("assessing")
            # status names at most UNIT_LIST_LIMIT units per target; explain names every one.
            report = assess_report(
                state, tracker, plan=plan, as_of=as_of, area=area, method=method, unit_limit=UNIT_LIST_LIMIT
            )
        warn_load(load_report, language(tracker, None, lang))
        if wanted:
            report = report.model_copy(update={"assessments": [a for a in report.assessments if a.status in wanted]})
        lang_code = language(tracker, plan, lang)
        if fmt is StatusFormat.json:
            from swtrack.render.status import json_chunks

            _write_bytes(json_chunks(report))  # already summarised: assessed with unit_limit above
        elif fmt is StatusFormat.csv:
            from swtrack.render.status import to_csv

            sys.stdout.write(to_csv(report, tracker, lang_code))
        elif fmt is StatusFormat.markdown:
            from swtrack.render.status import to_markdown

            sys.stdout.write(to_markdown(report, tracker, lang_code))
        else:
            from swtrack.render.console import status_table

            out = console()
            # Every line is cut to the width already (or, with --wide, must not be cut at all).
            out.print(status_table(report, tracker, lang_code, out.width, wide=wide), soft_wrap=True)
        from swtrack.render.github import append_summary
        from swtrack.render.status import to_markdown as summary

        append_summary(lambda: summary(report, tracker, lang_code))
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
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the assessment as JSON, every unit listed (as --format json).")
    ] = False,
    fmt: Annotated[ExplainFormat, typer.Option("--format", help="text, or json (every unit listed).")] = (
        ExplainFormat.text
    ),
) -> None:
    """The clause, its wording, the figures used and every number behind one target's status.

    Example:

        swtrack explain BJ-02 --as-of 2013-12-31 --lang en
    """
    state: State = ctx.obj
    with guard(state):
        tracker, load_report = load(state, marks=False)
        warn_load(load_report, language(tracker, None, lang))
        ids = [t.id for _, t in tracker.targets()]
        wanted = ref.strip()
        if wanted not in ids and wanted not in {t.ref for _, t in tracker.targets()}:
            matches = [i for i in ids if i.startswith(wanted)]
            if matches:
                more = f" (and {len(matches) - 5} more)" if len(matches) > 5 else ""
                raise SwtrackError(f"no target '{ref}'; targets that begin so: {', '.join(matches[:5])}{more}")
            from swtrack.load.modelerrors import did_you_mean

            guess = did_you_mean(wanted, ids)
            raise SwtrackError(f"no target '{ref}'" + (f"; did you mean {guess}?" if guess else ""))
        report = assess_report(state, tracker, plan=None, as_of=as_of, area=None, method=method, refs={wanted})
        chosen = report.assessments
        lang_code = language(tracker, chosen[0].plan, lang)
        if as_json or fmt is ExplainFormat.json:
            from swtrack.render.status import json_list_chunks

            _write_bytes(json_list_chunks(chosen))
            return
        from rich.console import Group

        from swtrack.model.areas import level_words
        from swtrack.model.plan import CoverageTarget, RangeTarget
        from swtrack.render.explain import explain_lines

        out = console()
        over = {t.id: t.units.areas for _, t in tracker.targets() if isinstance(t, (CoverageTarget, RangeTarget))}
        for a in chosen:
            level = over.get(a.target)
            words = level_words(level, lang_code) if level else ""
            # Every line is wrapped to the width already; a footnote's long URL must stay whole.
            out.print(Group(*explain_lines(a, tracker, lang_code, out.width, words)), soft_wrap=True)


@app.command()
def brief(
    ctx: typer.Context,
    output: Annotated[str, typer.Option("-o", "--output", help="The brief's path; - for standard output.")] = "-",
    plan: PlanOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    method: MethodOpt = Method.linear,
    fmt: Annotated[
        BriefFormat | None,
        typer.Option(
            "--format",
            help="markdown, or html: one self-contained page that prints on A4 (default: html for -o *.html or "
            "*.htm, else markdown).",
        ),
    ] = None,
    charts: Annotated[
        Charts,
        typer.Option(
            "--charts",
            help="svg files beside the brief, inline SVG in the text, or none; auto: svg with -o PATH, none on "
            "standard output (HTML always inlines them).",
        ),
    ] = Charts.auto,
    stamp: Annotated[
        bool, typer.Option("--stamp", help="Add the time of writing (the brief is no longer reproducible).")
    ] = False,
) -> None:
    """Write the progress brief: where each plan stands, what needs attention, what is unknown, then
    every phase and target with charts, and the sources.

    Example:

        swtrack brief -o briefs/2015-q4.md --as-of 2015-12-31 --lang zh
        swtrack brief -o briefs/2015-q4.html    # html: the file's suffix says so
    """
    state: State = ctx.obj
    with guard(state):
        from swtrack.atomic import check_target, write_files
        from swtrack.render.brief import render_brief

        to_stdout = output == "-"
        path = Path(output)
        if fmt is None:
            # The file's name says what it holds: -o brief.html is a page, not markdown named .html.
            fmt = BriefFormat.html if path.suffix.lower() in (".html", ".htm") else BriefFormat.markdown
        if not output.strip():
            raise SwtrackError("-o '': give the brief's file path, or - for standard output")
        if not to_stdout and (output.endswith(("/", "\\")) or path.is_dir()):
            raise SwtrackError(f"-o {output}: a folder; give the brief's file path, such as {path / 'brief.md'}")
        if not to_stdout:
            check_target(path)  # before the work: a device, FIFO or link is never replaced
        if charts is Charts.svg and fmt is BriefFormat.html:
            raise SwtrackError("--format html puts its charts inline: use --charts inline, auto or none")
        if to_stdout and charts is Charts.svg:
            raise SwtrackError("--charts svg writes files beside the brief: give -o PATH, not -o -")
        mode = charts.value
        if charts is Charts.auto:
            mode = "inline" if fmt is BriefFormat.html else ("none" if to_stdout else "svg")
        tracker, load_report = load(state, marks=False)
        warn_load(load_report, language(tracker, None, lang))
        report = assess_report(state, tracker, plan=plan, as_of=as_of, area=None, method=method)
        when = None
        if stamp:
            from datetime import UTC, datetime

            when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        result = render_brief(
            report,
            tracker,
            language(tracker, plan, lang),
            charts=mode,
            chart_prefix=path.stem if not to_stdout else "chart",
            stamp=when,
            fmt=fmt.value,
        )
        if to_stdout:
            sys.stdout.write(result.markdown)
            return
        # One set: every chart and the brief to temporary files, then renamed, the brief (which names
        # the charts) last; a failure leaves the previous brief and charts as they were.
        files: dict[Path, str | bytes] = {path.parent / name: content for name, content in sorted(result.files.items())}
        files[path] = result.markdown
        write_files(files)
        typer.echo(f"wrote {path}" + (f" and {len(result.files)} charts" if result.files else ""), err=True)


@app.command()
def gaps(
    ctx: typer.Context,
    plan: PlanOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the gaps as JSON.")] = False,
) -> None:
    """The commitments the data cannot judge (no data, stale or inconclusive), per plan, with the
    measures, the areas and the figures that would settle each: what to ask the districts for.

    Example:

        swtrack gaps --plan beijing_2011 --lang en
    """
    state: State = ctx.obj
    with guard(state):
        tracker, load_report = load(state, marks=False)
        warn_load(load_report, language(tracker, None, lang))
        report = assess_report(state, tracker, plan=plan, as_of=as_of, area=None, method=Method.linear)
        from swtrack.render.gaps import as_dicts, as_text
        from swtrack.render.gaps import gaps as find

        lang_code = language(tracker, plan, lang)
        found = find(report, tracker, lang_code)
        if as_json:
            typer.echo(json.dumps(as_dicts(found), ensure_ascii=False, indent=2))
            return
        from swtrack.cli.app import console

        sys.stdout.write(as_text(found, report, lang_code, console().width, tracker))

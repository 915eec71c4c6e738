"""Figures to and from the offices that hold them: request (what is missing) and import (what came back)."""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from swtrack.cli.app import EXIT_FINDINGS, LangOpt, State, app, guard, language, load, parse_date, warn_load
from swtrack.cli.progress import Step, progress
from swtrack.findings import Report, SwtrackError

if TYPE_CHECKING:
    from swtrack.exchange.importcheck import Merge
    from swtrack.exchange.importer import Imported


class RequestFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"


class UnitLevel(StrEnum):
    province = "province"
    prefecture = "prefecture"
    county_level = "county_level"
    township = "township"
    community = "community"


@app.command()
def request(
    ctx: typer.Context,
    plan: Annotated[str, typer.Option("--plan", help="The plan whose targets the figures are for.")],
    as_of: Annotated[str, typer.Option("--as-of", help="The date the figures are asked for.")],
    output: Annotated[
        Path,
        typer.Option("-o", "--output", help="A folder (a file per area), or one .xlsx (a sheet per area) or .csv."),
    ],
    area: Annotated[
        str | None, typer.Option("--area", help="Only this area and the areas under it (name, code or id).")
    ] = None,
    level: Annotated[
        UnitLevel | None,
        typer.Option(
            "--level",
            help="Who is asked: a file per unit of this level, holding the rows of the areas under it "
            "(province, prefecture, county_level, township, community; default: the jurisdiction's "
            "direct children, so a province asks its prefecture-level cities).",
        ),
    ] = None,
    fmt: Annotated[RequestFormat, typer.Option("--format", help="xlsx (default) or csv.")] = RequestFormat.xlsx,
    grade: Annotated[str, typer.Option("--grade", help="The grade the returned figures get (A: official).")] = "A",
    lang: LangOpt = None,
) -> None:
    """Write what a plan's targets need at a date and the data lacks, as sheets the offices fill in.

    One row per area and measure with no figure dated at --as-of: the measure's names in Chinese and
    English, its unit, the clauses that need it, the last known figure and its date; the office fills
    in value, qualifier, source and note. A filled request comes back with `swtrack import FILE`.

    Each file goes to one office at --level (by default the jurisdiction's direct children: a
    province's prefecture-level cities, a city's districts and counties, a county's townships) and
    holds a sheet for it and for each area under it that a target needs; the jurisdiction's own
    figures are asked in a file of their own.

    Example:

        swtrack request --plan beijing_2011 --as-of 2020-12-31 -o requests/

        swtrack request --plan jiangsu_plan --as-of 2025-12-31 --level county_level -o requests/
    """
    state: State = ctx.obj
    with guard(state):
        from swtrack.atomic import write_files
        from swtrack.exchange.request import addressed, csv_text, find_gaps, workbook_bytes
        from swtrack.load.snapshots import GRADES
        from swtrack.model.areas import level_words
        from swtrack.safe import file_name

        other = {".xlsx", ".csv"} - {f".{fmt.value}"}
        if output.suffix.lower() in other:
            raise SwtrackError(f"-o {output}: a {output.suffix} file, but --format is {fmt.value}")
        when = parse_date(as_of, "--as-of")
        assert when is not None
        if grade not in GRADES:
            raise SwtrackError(f"--grade: '{grade}' is not one of {', '.join(GRADES)}")
        tracker, load_report = load(state)
        warn_load(load_report, language(tracker, None, lang))
        the_plan = tracker.plan(plan)
        only = None
        if area is not None:
            res = tracker.areas.resolve(area, when)
            if res.area is None:
                raise SwtrackError(f"--area: {res.message}. {res.hint or ''}".strip())
            only = res.area
        lang_code = language(tracker, plan, lang)
        gaps = find_gaps(tracker, the_plan, when, only)
        if not gaps:
            said = (
                f"无需征集：{plan} 的目标在 {when} 所需的数字数据中都已有"
                if lang_code == "zh"
                else f"nothing to ask: the data holds every figure {plan}'s targets read at {when}"
            )
            typer.echo(said, err=True)
            return
        asked = level.value if level is not None else tracker.areas.child_level(the_plan.jurisdiction, when)
        offices = addressed(tracker, gaps, asked, when)
        groups = [group for _, sheets in offices for group in sheets]
        suffix = f".{fmt.value}"
        files: dict[Path, str | bytes] = {}
        if output.suffix.lower() == suffix:
            whole = (
                workbook_bytes(groups, plan=the_plan, as_of=when, lang=lang_code, grade=grade)
                if fmt is RequestFormat.xlsx
                else csv_text(gaps, as_of=when, lang=lang_code, grade=grade)
            )
            files[output] = whole
        else:
            for office, sheets in offices:
                # An office's name is data: one safe file name inside the folder, whatever it holds.
                path = output / file_name(f"{office.name}-{when.isoformat()}", suffix)
                if path in files:
                    raise SwtrackError(f"two areas would write {path}: nothing written; write one area with --area")
                rows = [gap for _, mine in sheets for gap in mine]
                one = (
                    workbook_bytes(sheets, plan=the_plan, as_of=when, lang=lang_code, grade=grade)
                    if fmt is RequestFormat.xlsx
                    else csv_text(rows, as_of=when, lang=lang_code, grade=grade)
                )
                files[path] = one
        write_files(files)
        per_office = asked is not None and len(offices) < len(groups)
        if lang_code == "zh":
            said = f"已写入 {len(files)} 个文件：{len(groups)} 个地区的 {len(gaps)} 个数字"
            if per_office and asked is not None:
                said += f"，每个{level_words(asked, 'zh')}一个文件（--level {asked}）"
        else:
            said = f"wrote {_n(len(files), 'file')}: {_n(len(gaps), 'figure')} for {_n(len(groups), 'area')}"
            if per_office and asked is not None:
                said += f", a file per {level_words(asked, 'en').removesuffix('s')} (--level {asked})"
        typer.echo(said, err=True)
        for path in files:
            typer.echo(str(path))


@app.command("import")
def import_table(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="An .xlsx workbook or a CSV (UTF-8, UTF-8 with BOM, GB18030/GBK).")],
    table: Annotated[str, typer.Option("--table", help="observations (default), units or events.")] = "observations",
    as_of: Annotated[str | None, typer.Option("--as-of", help="The date of the figures, for rows without one.")] = None,
    maps: Annotated[
        list[str] | None,
        typer.Option("--map", help="COLUMN=FIELD, or COLUMN=MEASURE for a column of one measure's figures."),
    ] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="A column to leave out (repeatable).")] = None,
    header_row: Annotated[
        int | None, typer.Option("--header-row", min=1, help="The header's row number (default: found).")
    ] = None,
    source: Annotated[str | None, typer.Option("--source", help="source_url for rows without one.")] = None,
    grade: Annotated[str | None, typer.Option("--grade", help="grade for rows without one (A, A/B, B, C).")] = None,
    measure: Annotated[str | None, typer.Option("--measure", help="measure for rows without one.")] = None,
    register: Annotated[str | None, typer.Option("--register", help="register for unit rows without one.")] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="Only this sheet (default: every sheet).")] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="The file name under data/<table>/ (default: the input's stem).")
    ] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Replace rows of the file that differ.")] = False,
    no_total_check: Annotated[
        bool, typer.Option("--no-total-check", help="Do not check 合计/总计 rows against the rows they sum.")
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Import figures from a spreadsheet or a CSV into data/, normalised and validated.

    The header row is found below title and blank rows; Chinese headers (区县, 人数, 机构名称 …) map
    to fields, a measure's name as a header (机构数（个）, with its unit) makes a column of that
    measure, 序号 columns are left out, and 合计 rows are checked against the rows they sum. Numbers
    written 1,234 / １２３４ / 4万 / 约1000 and dates written 2015/12/31 or 2015年12月31日 are
    normalised. Every finding names its cell (Sheet1!C7). Nothing is written unless every row
    validates; the source file is never changed. A filled `swtrack request` imports with no options.

    Example:

        swtrack import 区县.xlsx --as-of 2015-12-31 --measure sw_agencies --grade A --source https://…
    """
    state: State = ctx.obj
    with guard(state):
        from swtrack.exchange.importcheck import check_import, merge_existing
        from swtrack.exchange.importer import Layout, table_spec
        from swtrack.exchange.importrows import build_import
        from swtrack.exchange.sheets import read_sheets
        from swtrack.safe import file_name

        spec = table_spec(table)
        if name is not None and file_name(name) != name:
            raise SwtrackError(
                f"--name {name!r}: not a plain file name (a name under data/{spec.name}/, without / or \\, "
                f"control characters or a leading dot); for example --name {file_name(name)}"
            )
        if as_of is not None:
            parse_date(as_of, "--as-of")
        mapping: dict[str, str] = {}
        for item in maps or []:
            column, sep, target = item.partition("=")
            if not sep or not column.strip() or not target.strip():
                raise SwtrackError(f"--map {item}: write it as COLUMN=FIELD")
            mapping[column.strip()] = target.strip()
        if not file.is_file():
            raise SwtrackError(f"{file} is not a file")
        fill = {"date": as_of or "", "source_url": source or "", "grade": grade or "", "measure": measure or ""}
        fill["register"] = register or ""
        with _tracker_locked(state):
            with progress() as step:
                tracker, _ = load(state, step)
                step("reading the sheets")
                layout = Layout(spec, mapping, set(ignore or []), tracker.measures, header_row)
                imported = build_import(
                    read_sheets(file, Report()),
                    layout,
                    fill=fill,
                    source=file.name,
                    sheet=sheet,
                    check_totals=not no_total_check,
                    progress=_counted(step),
                )
                display = f"data/{spec.name}/{name or file_name(file.stem)}.csv"
                destination = tracker.root / display
                step("checking")
                merge = merge_existing(imported, destination, display, replace=replace)
                report = check_import(tracker, merge.imported, display) if replace or not merge.differing else None
            _report_and_write(
                imported, merge, report, file.name, display, destination, fill, language(tracker, None, lang)
            )


def _report_and_write(
    imported: "Imported",
    merge: "Merge",
    report: Report | None,
    source: str,
    display: str,
    destination: Path,
    fill: dict[str, str],
    lang: str,
) -> None:
    """The import's findings (in lang), notes and normalised cells on stderr; the file written when
    nothing is wrong."""
    from swtrack.atomic import write_atomic
    from swtrack.exchange.importcheck import locate
    from swtrack.render.text import counted

    zh = lang == "zh"
    if not imported.rows and not imported.problems:
        _notes(imported, lang)
        typer.echo(f"无可写入：{source} 中没有数字" if zh else f"nothing to write: {source} holds no figures", err=True)
        return
    if report is None:
        for diff in merge.differing:
            typer.echo(f"{source} {diff.text(display)}", err=True)
        n = len(merge.differing)
        said = (
            f"未写入：{n} 行与 {display} 中的不同；加 --replace 以替换"
            if zh
            else f"nothing written: {n} rows differ from {display}; give --replace to replace them"
        )
        typer.secho(said, fg="red", err=True)
        raise typer.Exit(EXIT_FINDINGS)
    problems = imported.problems + locate(report, merge.imported, display, fill, imported.problems)
    for problem in problems:
        typer.echo(problem.text(source, lang), err=True)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        many = counted("errors", len(errors), lang)
        said = f"未写入：导入的行中有 {many}" if lang == "zh" else f"nothing written: {many} in the imported rows"
        typer.secho(said, fg="red", err=True)
        raise typer.Exit(EXIT_FINDINGS)
    _notes(imported, lang)
    for change in imported.changes:
        typer.echo(f"已规范：{change.zh()}" if zh else f"normalised: {change}", err=True)
    n, rows = len(imported.changes), len(imported.rows)
    if zh:
        normalised = f"{n} 个单元格已规范" + ("（见上）" if n else "")
    else:
        normalised = f"{n} {'cell' if n == 1 else 'cells'} normalised" + (" (listed above)" if n else "")
    if not destination.exists():
        write_atomic(destination, merge.imported.csv_text())
        typer.echo(
            f"已写入 {display}：{rows} 行，{normalised}" if zh else f"wrote {display}: {rows} rows, {normalised}",
            err=True,
        )
    elif merge.added or merge.replaced:
        write_atomic(destination, merge.imported.csv_text())
        if zh:
            counts = f"新增 {merge.added}、替换 {merge.replaced}、不变 {merge.unchanged}"
            said = f"已写入 {display}：{rows} 行（{counts}），{normalised}"
        else:
            counts = f"{merge.added} added, {merge.replaced} replaced, {merge.unchanged} unchanged"
            said = f"wrote {display}: {rows} rows ({counts}), {normalised}"
        typer.echo(said, err=True)
    else:
        said = (
            f"无可写入：{display} 已有这 {merge.unchanged} 行"
            if zh
            else f"nothing to write: {display} already holds these {merge.unchanged} rows"
        )
        typer.echo(said, err=True)


def _n(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _notes(imported: "Imported", lang: str) -> None:
    """What the import read and how (a unit, a total row checked), each in the output's language."""
    for note in imported.notes:
        typer.echo(f"说明：{note.zh}" if lang == "zh" else f"note: {note.en}", err=True)


@contextmanager
def _tracker_locked(state: State) -> Iterator[None]:
    """The tracker locked from reading it to writing the import, so that two imports at once (into the
    same file, or rows that clash across files) run one after the other, each merging into what the
    other wrote."""
    from swtrack.atomic import locked
    from swtrack.load.tracker import root_from

    root = root_from(state.root)
    if not root.is_dir():
        yield  # loading says what is wrong with the folder
        return
    with locked(root, lambda: typer.echo(f"waiting: another swtrack import is writing to {root}", err=True)):
        yield


def _counted(step: Step) -> Callable[[list[tuple[int, list[str]]]], Iterable[tuple[int, list[str]]]]:
    """The rows of a sheet, counted on the progress bar (shown only while a person watches)."""

    def rows(sheet: list[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
        for done, row in enumerate(sheet):
            if done % 1000 == 0:
                step("importing", done, len(sheet))
            yield row

    return rows

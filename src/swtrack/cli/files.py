"""Commands that write files: schema, init, import."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from rich.console import Console

from swtrack.cli.app import EXIT_FINDINGS, State, app, guard, load
from swtrack.findings import SwtrackError


class SchemaKind(StrEnum):
    plan = "plan"
    measures = "measures"
    areas = "areas"


@app.command()
def schema(
    ctx: typer.Context,
    kind: Annotated[SchemaKind, typer.Option("--kind", help="plan, measures or areas.")] = SchemaKind.plan,
    output: Annotated[str, typer.Option("-o", "--output", help="Where to write it; - for standard output.")] = "-",
) -> None:
    """Write the JSON Schema of the plan format (or the measure catalogue, or an area registry).

    Editors that read `# yaml-language-server: $schema=…` lines validate and complete plan files with it.

    Example:

        swtrack schema --kind plan -o schema/plan.schema.json
    """
    state: State = ctx.obj
    with guard(state):
        from swtrack.atomic import write_atomic
        from swtrack.schema import json_schema

        text = json_schema(kind.value)
        if output == "-":
            sys.stdout.write(text)
        else:
            write_atomic(Path(output), text)


@app.command("import")
def import_table(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="An .xlsx workbook or a CSV (UTF-8, UTF-8 with BOM, GB18030/GBK).")],
    table: Annotated[str, typer.Option("--table", help="observations, units or events.")],
    as_of: Annotated[str, typer.Option("--as-of", help="The date of the figures, for rows without a date.")],
    maps: Annotated[
        list[str] | None, typer.Option("--map", help="COLUMN=FIELD for a header the built-in map does not know.")
    ] = None,
    source: Annotated[str | None, typer.Option("--source", help="source_url for rows without one.")] = None,
    grade: Annotated[str | None, typer.Option("--grade", help="grade for rows without one (A, A/B, B, C).")] = None,
    measure: Annotated[str | None, typer.Option("--measure", help="measure for rows without one.")] = None,
    register: Annotated[str | None, typer.Option("--register", help="register for unit rows without one.")] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="The workbook sheet (default: the first).")] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="The file name under data/<table>/ (default: the input's stem).")
    ] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Replace an existing snapshot file.")] = False,
) -> None:
    """Import figures from a spreadsheet or a CSV into data/, normalised and validated.

    Chinese headers (区县, 人数, 机构名称 …) are mapped to snapshot fields; numbers written
    1,234 / １２３４ / 4万 / 约1000 and dates written 2015/12/31 or 2015年12月31日 are normalised.
    Nothing is written unless every imported row validates.

    Example:

        swtrack import 区县.xlsx --table observations --as-of 2015-12-31 --measure sw_agencies --grade A
    """
    state: State = ctx.obj
    with guard(state):
        from swtrack.atomic import write_atomic
        from swtrack.dates import DateError, PartialDate
        from swtrack.findings import Report
        from swtrack.importer import build_table, check_import, read_cells, table_spec

        spec = table_spec(table)
        try:
            PartialDate.parse(as_of)
        except DateError as exc:
            raise SwtrackError(f"--as-of: {exc}. {exc.hint}") from None
        mapping: dict[str, str] = {}
        for item in maps or []:
            column, sep, target = item.partition("=")
            if not sep or not column.strip() or not target.strip():
                raise SwtrackError(f"--map {item}: write it as COLUMN=FIELD")
            mapping[column.strip()] = target.strip()
        if not file.is_file():
            raise SwtrackError(f"{file} is not a file")
        tracker, _ = load(state)
        cells = read_cells(file, sheet, Report())
        fill = {"date": as_of, "source_url": source or "", "grade": grade or "", "measure": measure or ""}
        fill["register"] = register or ""
        imported = build_table(cells, spec, mapping=mapping, fill=fill, progress=_progress(len(cells)))
        display = f"data/{spec.name}/{name or file.stem}.csv"
        destination = tracker.root / display
        if destination.exists() and not replace:
            raise SwtrackError(f"{display} exists; give --replace to replace it")
        report, count = check_import(tracker, imported, display)
        if report.errors:
            from swtrack.render.console import findings_table

            console_err().print(findings_table(report))
            typer.secho(f"nothing written: {len(report.errors)} errors in the imported rows", fg="red", err=True)
            raise typer.Exit(EXIT_FINDINGS)
        write_atomic(destination, imported.csv_text())
        typer.echo(f"wrote {display}: {count} rows, {len(imported.changes)} values normalised", err=True)


def _progress(total: int) -> Callable[[Iterable[list[str]]], Iterable[list[str]]]:
    """A progress bar on stderr for files over a few thousand rows."""

    def track(rows: Iterable[list[str]]) -> Iterable[list[str]]:
        if total <= 5000:
            return rows
        from rich.progress import track as rich_track

        return rich_track(rows, description="importing", total=total - 1, console=console_err())

    return track


def console_err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


@app.command()
def init(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="The new tracker folder (created; must be empty if it exists).")],
) -> None:
    """Make a new tracker folder with both plans, the area registries, an empty data layout and a README.

    Example:

        swtrack init my-tracker && swtrack --root my-tracker validate
    """
    state: State = ctx.obj
    with guard(state):
        from importlib.resources import files as resources

        from swtrack.atomic import write_atomic
        from swtrack.snapshots import TABLES

        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            raise SwtrackError(f"{folder} exists and is not an empty folder")
        templates = resources("swtrack") / "templates"
        written = 0

        def copy(node: Traversable, dest: Path) -> None:
            nonlocal written
            for child in sorted(node.iterdir(), key=lambda c: c.name):
                if child.is_dir():
                    copy(child, dest / child.name)
                elif not child.name.startswith("."):
                    write_atomic(dest / child.name, child.read_bytes())
                    written += 1

        copy(templates, folder)
        for spec in TABLES.values():
            write_atomic(folder / "data" / f"{spec.name}.csv", ",".join(spec.columns) + "\n")
            written += 1
        typer.echo(f"made {folder}: {written} files; next: swtrack --root {folder} validate", err=True)

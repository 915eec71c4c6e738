"""Commands that write files: schema, init."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


from swtrack.cli.app import State, app, guard
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
        from swtrack.model.schema import json_schema

        text = json_schema(kind.value)
        if output == "-":
            sys.stdout.write(text)
        else:
            write_atomic(Path(output), text)


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
        from swtrack.load.snapshots import TABLES

        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            raise SwtrackError(f"{folder} exists and is not an empty folder")
        templates = resources("swtrack") / "templates"
        written = 0

        def copy(node: "Traversable", dest: Path) -> None:
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

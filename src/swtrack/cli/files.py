"""Commands that write files: schema, init, import."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from swtrack.cli.app import State, app, guard


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

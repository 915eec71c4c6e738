"""Commands that write files: schema, init."""

import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


from swtrack.cli.app import State, app, guard
from swtrack.findings import SwtrackError

AREAS_README = """\
# Area registries

One file per jurisdiction: `<id>.yaml`, or `<id>.csv` (columns id, name, en, level, code, parent,
valid_from, valid_to, predecessors, note, source). `swtrack init DIR --jurisdiction 江苏省` writes one
from the GB/T 2260 list swtrack ships. Townships (level `township`) and communities (`community`)
are not in that list: add a row for each, with its parent's id, to judge or ask at those levels.
"""


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
    jurisdiction: Annotated[
        str | None,
        typer.Option(
            "--jurisdiction",
            help="A province, prefecture or county-level unit (江苏省, 320000, 南京市/鼓楼区) or 全国: "
            "its registry down to county level and an empty plan for it.",
        ),
    ] = None,
    jid: Annotated[
        str | None, typer.Option("--id", help="The jurisdiction's id (default: from its English name).")
    ] = None,
    shipped: Annotated[
        bool,
        typer.Option(
            "--with-shipped-plans",
            help="Also copy the plans swtrack ships (Beijing 2011, Shenzhen 2007, national 2011), "
            "their registries and texts.",
        ),
    ] = False,
) -> None:
    """Make a new tracker folder: the measure catalogue, the JSON Schemas, empty data tables and a README.

    With --jurisdiction, also that jurisdiction's area registry (itself and every prefecture and
    county-level unit under it, with their GB/T 2260 codes, from the list swtrack ships), an empty
    plan for it (targets/<id>-plan.yaml) and a file for the plan's text. No shipped plan is copied
    unless --with-shipped-plans is given.

    Example:

        swtrack init my-province --jurisdiction 江苏省 && swtrack --root my-province validate

        swtrack init my-county --jurisdiction 南京市/江宁区

        swtrack init demo --with-shipped-plans
    """
    state: State = ctx.obj
    with guard(state):
        from importlib.resources import files as resources

        from swtrack.atomic import write_files
        from swtrack.load.snapshots import TABLES

        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            raise SwtrackError(f"{folder} exists and is not an empty folder")
        if jid is not None and not re.fullmatch(r"[a-z][a-z0-9_]*", jid):
            raise SwtrackError(f"--id: '{jid}' is not an id (lower-case letters, digits and _, a letter first)")
        files: dict[Path, bytes | str] = {}
        if jurisdiction is not None:
            files.update({folder / path: data for path, data in _jurisdiction_files(jurisdiction, jid).items()})
        templates = resources("swtrack") / "templates"

        def copy(node: "Traversable", dest: Path) -> None:
            for child in sorted(node.iterdir(), key=lambda c: c.name):
                if child.is_dir():
                    copy(child, dest / child.name)
                elif not child.name.startswith("."):
                    files[dest / child.name] = child.read_bytes()

        copy(templates / "schema", folder / "schema")
        files[folder / "README.md"] = (templates / "README.md").read_bytes()
        files[folder / "targets" / "measures.yaml"] = (templates / "targets" / "measures.yaml").read_bytes()
        files[folder / "targets" / "areas" / "README.md"] = AREAS_README
        if shipped:
            copy(templates / "targets", folder / "targets")
            copy(templates / "sources", folder / "sources")
        for spec in TABLES.values():
            # The optional Chinese columns (note_zh, evidence_zh) are left for a tracker to add.
            base = [c for c in spec.columns if not c.endswith("_zh")]
            files[folder / "data" / f"{spec.name}.csv"] = ",".join(base) + "\n"
        write_files(dict(sorted(files.items())))  # as one set: a full disk leaves no file of a half-made tracker
        plans = [p.name for p in sorted(files) if p.parent == folder / "targets" and p.name != "measures.yaml"]
        made = f"made {folder}: {len(files)} files; plans: {', '.join(plans) or 'none'}"
        typer.echo(f"{made}; next: swtrack --root {folder} validate", err=True)


def _jurisdiction_files(query: str, jid: str | None) -> dict[Path, bytes | str]:
    """The registry, the plan skeleton and the plan's text file for a jurisdiction (paths relative
    to the tracker folder)."""
    from swtrack.cli.scaffold import plan_skeleton, registry_csv, slug, source_placeholder
    from swtrack.load.gb2260 import below, find, read_list
    from swtrack.model.areas import UNIT_LEVEL_NAMES, level_words, unit_level_of

    units = read_list()
    top = find(query, units)
    mine = below(top, units)
    name = jid or (slug(top.en, top.code) if top else "china")
    counts: dict[str, int] = {}
    for u in mine:
        if u is not top:
            level = unit_level_of(u.level) or u.level
            counts[level] = counts.get(level, 0) + 1
    counts = {level: counts[level] for level in UNIT_LEVEL_NAMES if level in counts}  # top down
    child = next(iter(counts), "township")
    own = top.name if top else "全国"
    said = "、".join(f"{n} 个{level_words(level, 'zh')}" for level, n in counts.items())
    if said:
        said = f"{own}及其下 {said}"
    else:
        # No list swtrack ships goes below county level: the user adds townships by hand.
        said = f"{own}；乡镇（街道）请逐个加在此文件中 / add your townships to it (docs/your-own-plan.md)"
    text = f"sources/{name}-plan.md"
    return {
        Path("targets") / "areas" / f"{name}.csv": registry_csv(name, top, mine),
        Path("targets") / f"{name}-plan.yaml": plan_skeleton(
            f"{name}_plan", name, top, counts=said, source_text=text, level=child
        ),
        Path(text): source_placeholder(top, child),
    }

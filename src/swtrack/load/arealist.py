"""Area registries written as CSV (national hierarchies of 40,000 areas): one row per area, the
file name is the jurisdiction, predecessors are written `id:how;id:how`.

A plain file (fastcsv's test) is cut into columns and checked once per distinct value of each
column; its areas are built straight from the columns, with no model per row. Any file that is
not plain, or holds a value the quick checks do not accept, is read row by row and validated
by the pydantic model, which names each bad row's line and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from swtrack.findings import Report, Say
from swtrack.load.fastcsv import plain_columns
from swtrack.load.modelerrors import error_said
from swtrack.load.snapshots import Row, TableSpec, read_table
from swtrack.load.textfile import too_large
from swtrack.model.areas import HOWS, LEVELS, Area, AreaLink, AreaSpec, Registry
from swtrack.model.base import ID_PATTERN
from swtrack.model.dates import PartialDate

AREAS = TableSpec(
    "areas",
    ("id", "name", "en", "level"),
    ("code", "parent", "valid_from", "valid_to", "predecessors", "note", "source"),
)
_ID = re.compile(ID_PATTERN)
_SPECS = TypeAdapter(list[AreaSpec])


def read_area_csv(path: Path, display: str, report: Report) -> Registry | None:
    """The registry in a CSV file; None (with a finding) when its name is not a jurisdiction id
    or the file cannot be read. Rows that are not valid areas are reported and left out."""
    if too_large(path, display, "areas_csv", report):
        return None
    areas = _quick(path)
    if areas is None:
        areas = _exact(path, display, report)
    if areas is None:
        return None
    if not _ID.fullmatch(path.stem):
        report.add(
            "invalid-value",
            Say(
                f"'{path.stem}' is not a jurisdiction id (lower-case letters, digits, _)",
                f"'{path.stem}' 不是辖区编号（小写字母、数字、_）",
            ),
            file=display,
            line=1,
            hint=Say("Rename the file.", "给文件改名。"),
        )
        return None
    return Registry(path.stem, areas)


def _links(text: str) -> list[dict[str, str]]:
    return [
        {"id": link.partition(":")[0].strip(), "how": link.partition(":")[2].strip() or "renamed"}
        for link in text.split(";")
        if link.strip()
    ]


def _exact(path: Path, display: str, report: Report) -> list[Area] | None:
    rows = read_table(path, display, AREAS, report)
    if rows is None:
        return None
    datas: list[dict[str, object]] = []
    for row in rows:
        data: dict[str, object] = {k: v.strip() for k, v in row.fields.items() if v.strip()}
        links = str(data.pop("predecessors", ""))
        if links:
            data["predecessors"] = _links(links)
        datas.append(data)
    try:
        # One call for the whole registry; row by row only when something is wrong, to name
        # each row's line.
        return [Area.of(a) for a in _SPECS.validate_python(datas)]
    except ValidationError:
        return [a for row, data in zip(rows, datas, strict=True) if (a := _one(row, data, display, report))]


def _one(row: Row, data: dict[str, object], display: str, report: Report) -> Area | None:
    try:
        return Area.of(AreaSpec.model_validate(data))
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            column = str(err["loc"][0]) if err["loc"] else None
            said = error_said(err)
            msg = Say(f"{column}: {said.en}", f"{column}：{said.zh}")
            report.add("invalid-value", msg, file=display, line=row.line, column=column)
        return None


def _predecessors(text: str) -> tuple[AreaLink, ...]:
    links = _links(text)
    if any(link["how"] not in HOWS for link in links):
        raise ValueError(text)
    return tuple(AreaLink(id=link["id"], how=link["how"]) for link in links)  # type: ignore[arg-type]


def _id(text: str) -> str:
    if not _ID.fullmatch(text):
        raise ValueError(text)
    return text


def _level(text: str) -> str:
    if text not in LEVELS:
        raise ValueError(text)
    return text


# How each column's (stripped, non-blank) value becomes an area's field; a value it refuses
# sends the file to the exact path. A blank cell is None, and a required column never blank.
_FIELDS: dict[str, Callable[[str], object]] = {
    "id": _id,
    "name": str,
    "en": str,
    "level": _level,
    "code": str,
    "parent": str,
    "valid_from": PartialDate.parse,
    "valid_to": PartialDate.parse,
    "predecessors": _predecessors,
    "note": str,
    "source": str,
}


def _quick(path: Path) -> list[Area] | None:
    """The areas of a plain file whose every value passes the quick checks, else None."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    plain = plain_columns(raw, AREAS)
    del raw
    if plain is None:
        return None
    names, found = plain
    n = len(found[names[0]].codes)
    fields: dict[str, list[object]] = {}
    for name in _FIELDS:
        col = found.get(name)
        if col is None:
            continue
        convert = _FIELDS[name]
        values: list[object] = []
        for text in col.stripped():
            if not text:
                if name in AREAS.required:
                    return None
                values.append(() if name == "predecessors" else None)
                continue
            try:
                values.append(convert(text))
            except ValueError:  # a DateError and pydantic's ValidationError are ValueErrors
                return None
        fields[name] = [values[c] for c in col.codes.tolist()]
    empty: list[object] = [None] * n
    order = [fields.get(name, [()] * n if name == "predecessors" else empty) for name in Area._fields]
    return list(map(Area._make, zip(*order, strict=True)))

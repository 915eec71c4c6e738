"""Importing a spreadsheet (.xlsx) or a CSV in UTF-8 / GB18030 into a snapshot table."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from swtrack.dates import iso_spelling
from swtrack.findings import Report, SwtrackError
from swtrack.snapshots import TABLES, TableSpec
from swtrack.textfile import read_text
from swtrack.tracker import Tracker

# Chinese (and common English) headers of figures as offices send them, and the field each fills.
HEADER_MAP: dict[str, str] = {
    "日期": "date",
    "时间": "date",
    "统计日期": "date",
    "截至日期": "date",
    "年份": "date",
    "区县": "area",
    "区": "area",
    "地区": "area",
    "区域": "area",
    "行政区": "area",
    "行政区划": "area",
    "指标": "measure",
    "测量项": "measure",
    "人数": "value",
    "数量": "value",
    "数值": "value",
    "值": "value",
    "机构名称": "unit",
    "单位名称": "unit",
    "社区名称": "unit",
    "名称": "unit",
    "名录": "register",
    "类别": "register",
    "来源": "source_url",
    "来源链接": "source_url",
    "网址": "source_url",
    "等级": "grade",
    "可信度": "grade",
    "备注": "note",
    "说明": "note",
    "限定": "qualifier",
    "编号": "ref",
    "状态": "status",
    "证据": "evidence",
}


@dataclass
class Imported:
    """The normalised table as CSV text, with what was changed on the way."""

    spec: TableSpec
    rows: list[dict[str, str]]
    changes: list[str] = field(default_factory=list)

    def csv_text(self) -> str:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(self.spec.columns), lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        for row in self.rows:
            writer.writerow({c: row.get(c, "") for c in self.spec.columns})
        return buf.getvalue()


def read_cells(path: Path, sheet: str | None, report: Report) -> list[list[str]]:
    """The cells of the first (or named) sheet of an .xlsx, or of a CSV, as text."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on a damaged file
            raise SwtrackError(f"cannot read {path} as an Excel workbook: {exc}") from None
        if sheet is not None and sheet not in book.sheetnames:
            raise SwtrackError(f"{path} has no sheet '{sheet}'; sheets: {', '.join(book.sheetnames)}")
        ws = book[sheet] if sheet else book.worksheets[0]
        rows = [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        book.close()
        return [r for r in rows if any(c for c in r)]
    text = read_text(path, str(path), report)
    if text is None:
        raise SwtrackError(f"cannot read {path}: {report.errors[-1].message if report.errors else 'unknown'}")
    try:
        return [r for r in csv.reader(io.StringIO(text, newline=""), strict=True) if any(c.strip() for c in r)]
    except csv.Error as exc:
        raise SwtrackError(f"{path} is not a readable CSV: {exc}") from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_WAN = re.compile(r"^(-?[0-9.]+)\s*(万|亿)$")


def normalise_number(text: str) -> tuple[str, str]:
    """(plain number, qualifier) from 1,234 / １２３４ / 4万 / 约1000 / 1000余; unknown shapes pass through."""
    raw = unicodedata.normalize("NFKC", text).strip().replace(",", "").replace("，", "")
    qualifier = ""
    for prefix, meaning in (("约", "about"), ("~", "about"), ("近", "nearly")):
        if raw.startswith(prefix):
            raw, qualifier = raw[len(prefix) :].strip(), meaning
    if raw.endswith("左右"):
        raw, qualifier = raw[:-2].strip(), "about"
    for suffix in ("余", "多", "+"):
        if raw.endswith(suffix):
            raw, qualifier = raw[: -len(suffix)].strip(), "more_than"
    m = _WAN.match(raw)
    if m:
        value = float(m.group(1)) * (10_000 if m.group(2) == "万" else 100_000_000)
        raw = f"{value:.10g}" if not value.is_integer() else str(int(value))
    return raw, qualifier


def normalise_date(text: str) -> str:
    raw = unicodedata.normalize("NFKC", text).strip()
    return iso_spelling(raw) or raw


def build_table(
    cells: list[list[str]],
    spec: TableSpec,
    *,
    mapping: dict[str, str],
    fill: dict[str, str],
    progress: Callable[[Iterable[list[str]]], Iterable[list[str]]] = lambda rows: rows,
) -> Imported:
    """Map headers to fields, fill constant fields, normalise numbers and dates."""
    if not cells:
        raise SwtrackError("the file holds no rows")
    header = [h.strip() for h in cells[0]]
    fields: list[str | None] = []
    unknown = []
    for name in header:
        target = mapping.get(name) or (name if name in spec.columns else None) or HEADER_MAP.get(name)
        if target is None and name:
            unknown.append(name)
        if target is not None and target not in spec.columns:
            raise SwtrackError(f"--map {name}={target}: the {spec.name} table has no field '{target}'")
        fields.append(target)
    if unknown:
        raise SwtrackError(
            f"no field for column(s) {', '.join(repr(u) for u in unknown)}: map each with --map COLUMN=FIELD "
            f"(fields: {', '.join(spec.columns)})"
        )
    present = {f for f in fields if f} | {k for k, v in fill.items() if v}
    missing = [c for c in spec.required if c not in present]
    if missing:
        raise SwtrackError(
            f"the {spec.name} table needs {', '.join(missing)}: add the column(s) or give them with "
            "--as-of / --source / --grade / --measure / --register"
        )
    out = Imported(spec=spec, rows=[])
    for line, record in enumerate(progress(cells[1:]), start=2):
        row = {c: v for c, v in fill.items() if v}
        for target, value in zip(fields, record, strict=False):
            if target is not None and value.strip():
                row[target] = value.strip()
        if "value" in row:
            number, qualifier = normalise_number(row["value"])
            if number != row["value"]:
                out.changes.append(f"row {line}: value '{row['value']}' → {number}")
                row["value"] = number
            if qualifier and not row.get("qualifier"):
                row["qualifier"] = qualifier
        if "date" in row:
            iso = normalise_date(row["date"])
            if iso != row["date"]:
                out.changes.append(f"row {line}: date '{row['date']}' → {iso}")
                row["date"] = iso
        out.rows.append(row)
    return out


def table_spec(name: str) -> TableSpec:
    if name not in TABLES:
        raise SwtrackError(f"--table: no table '{name}'; tables: {', '.join(TABLES)}")
    return TABLES[name]


def check_import(tracker: Tracker, imported: Imported, display: str) -> tuple[Report, int]:
    """Findings for the imported rows as if they stood at `display` in the tracker (which replaces
    whatever was there); returns the findings and the number of rows read."""
    import dataclasses

    from swtrack.columns import RowTable
    from swtrack.snapshots import EVENTS, OBSERVATIONS, parse_table
    from swtrack.tracker import RowReader
    from swtrack.validate import validate

    report = Report()
    rows = parse_table(imported.csv_text(), display, imported.spec, report) or []
    reader = RowReader(tracker, report)
    keep_obs = list(tracker.observations.without_file(display))
    keep_units = list(tracker.unit_rows.without_file(display))
    keep_events = [e for e in tracker.events if e.file != display]
    if imported.spec is EVENTS:
        keep_events += [e for r in rows if (e := reader.event(r, display)) is not None]
    elif imported.spec is OBSERVATIONS:
        keep_obs += [o for r in rows if (o := reader.observation(r, display, imported.spec)) is not None]
    else:
        keep_units += [o for r in rows if (o := reader.observation(r, display, imported.spec)) is not None]
    combined = dataclasses.replace(
        tracker, observations=RowTable.of(keep_obs), unit_rows=RowTable.of(keep_units), events=keep_events
    )
    for finding in validate(combined).findings:
        if finding.file == display:
            report.findings.append(finding)
    return report, len(rows)

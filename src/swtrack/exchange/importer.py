"""Spreadsheets and CSVs as offices send them, turned into snapshot rows that remember their cells."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from swtrack.exchange.request_text import REQUEST
from swtrack.exchange.sheets import Sheet, cell_ref, clean_header, find_header, header_key
from swtrack.findings import SwtrackError
from swtrack.load.snapshots import TABLES, TableSpec
from swtrack.model.dates import iso_spelling
from swtrack.model.measures import Measure

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
    "区县名称": "area",
    "指标": "measure",
    "测量项": "measure",
    "人数": "value",
    "数量": "value",
    "数值": "value",
    "值": "value",
    "机构数": "value",
    "个数": "value",
    "总数": "value",
    "数目": "value",
    "机构名称": "unit",
    "单位名称": "unit",
    "社区名称": "unit",
    "名称": "unit",
    "名录": "register",
    "类别": "register",
    "来源": "source_url",
    "来源链接": "source_url",
    "网址": "source_url",
    "source": "source_url",
    "等级": "grade",
    "可信度": "grade",
    "备注": "note",
    "说明": "note",
    "限定": "qualifier",
    "编号": "ref",
    "状态": "status",
    "证据": "evidence",
}
# Row numbers, not data.
INDEX_HEADERS = ("序号", "序", "行号", "no", "no.", "#")
# What the request workbook shows beside each gap, for the office's eyes only.
REFERENCE_HEADERS = {
    header_key(REQUEST[lang][k])
    for lang in REQUEST
    for k in ("label_zh", "label_en", "unit", "clause", "last_value", "last_date")
}
TOTAL_WORDS = ("合计", "总计", "共计")
QUALIFIER_WORDS = {
    "约": "about",
    "左右": "about",
    "大约": "about",
    "余": "odd",
    "多": "odd",
    "超过": "more_than",
    "至少": "at_least",
    "不少于": "at_least",
    "近": "nearly",
    "将近": "nearly",
    "接近": "nearly",
    "不足": "less_than",
    "少于": "less_than",
    "不到": "less_than",
}
SCALES = {"万": 10_000, "亿": 100_000_000, "千": 1_000}


@dataclass(frozen=True)
class Column:
    """A source column: where it is, what its header said, and what it fills."""

    index: int
    header: str
    unit: str
    role: str  # "field", "measure" or "ignored"
    target: str  # the field or the measure id; for an ignored column, why


@dataclass(frozen=True)
class Problem:
    """Something wrong in the source, at a cell as Excel names it."""

    cell: str
    code: str
    message: str
    hint: str
    severity: str = "error"
    file: str = ""

    def text(self, source: str) -> str:
        """One finding as the terminal shows it: the file, the cell, what is wrong, how to fix it."""
        where = " ".join(p for p in (self.file or source, self.cell) if p)
        return f"{where}: {self.severity} [{self.code}] {self.message}\n    hint: {self.hint}"


@dataclass(frozen=True)
class Origin:
    """Where an output row came from: the sheet, the row, and each field's column."""

    sheet: str
    row: int
    cells: dict[str, int]
    written: dict[str, str] = field(default_factory=dict)  # a normalised field's text as the cell had it

    def ref(self, name: str | None = None) -> str:
        return cell_ref(self.sheet, self.row, self.cells.get(name) if name else None)


@dataclass
class Imported:
    """The normalised rows, each with the cells it came from, and what happened on the way."""

    spec: TableSpec
    rows: list[dict[str, str]]
    origins: list[Origin | None]
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def csv_lines(self) -> tuple[str, list[int]]:
        """The table as CSV text, and the line each row starts on (a note may hold line breaks)."""
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(self.spec.columns), lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        starts = []
        for row in self.rows:
            starts.append(buf.getvalue().count("\n") + 1)
            writer.writerow({c: row.get(c, "") for c in self.spec.columns})
        return buf.getvalue(), starts

    def csv_text(self) -> str:
        return self.csv_lines()[0]


def table_spec(name: str) -> TableSpec:
    if name not in TABLES:
        raise SwtrackError(f"--table: no table '{name}'; tables: {', '.join(TABLES)}")
    return TABLES[name]


_WAN = re.compile(r"^(-?[0-9.]+)\s*(万|亿)$")


def normalise_number(text: str, unit: str = "") -> tuple[str, str]:
    """(plain number, qualifier) from 1,234 / １２３４ / 4万 / 约1000 / 1000余 / 120人 (in a column of 人);
    unknown shapes pass through."""
    raw = unicodedata.normalize("NFKC", text).strip().replace(",", "").replace("，", "")
    qualifier = ""
    if unit and raw.endswith(unit) and raw != unit:
        raw = raw[: -len(unit)].strip()
    for prefix in ("约", "~", "近", "不足", "至少"):
        if raw.startswith(prefix):
            raw, qualifier = raw[len(prefix) :].strip(), QUALIFIER_WORDS.get(prefix, "about")
    if raw.endswith("左右"):
        raw, qualifier = raw[:-2].strip(), "about"
    for suffix in ("余", "多", "+"):
        if raw.endswith(suffix):
            raw, qualifier = raw[: -len(suffix)].strip(), QUALIFIER_WORDS.get(suffix, "more_than")
    # 20余万: 余 before the unit, the step that of the digit before it (200,000 to 300,000).
    odd = re.match(r"^([\d.]+)\s*(余|多)\s*(万|亿)$", raw)
    if odd:
        raw, qualifier = odd.group(1) + odd.group(3), "odd"
    m = _WAN.match(raw)
    if m:
        value = float(m.group(1)) * (10_000 if m.group(2) == "万" else 100_000_000)
        raw = plain_number(value)
    return raw, qualifier


def plain_number(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:.10g}"


def normalise_date(text: str) -> str:
    raw = unicodedata.normalize("NFKC", text).strip()
    return iso_spelling(raw) or raw


def _measure_names(measures: dict[str, Measure]) -> dict[str, str]:
    names: dict[str, str] = {}
    for m in measures.values():
        for key in (m.id, clean_header(m.label.zh)[0], clean_header(m.label.en)[0].casefold()):
            names.setdefault(key, m.id)
    return names


@dataclass
class Layout:
    """How a sheet's header reads: the options, the table and the measures it is read against."""

    spec: TableSpec
    mapping: dict[str, str]
    ignore: set[str]
    measures: dict[str, Measure]
    header_row: int | None = None

    def __post_init__(self) -> None:
        self.measure_names = _measure_names(self.measures) if {"measure", "value"} <= set(self.spec.columns) else {}
        self.ignore = {header_key(i) for i in self.ignore}
        self.mapping = {header_key(k): v for k, v in self.mapping.items()}

    def classify(self, index: int, header: str) -> Column | str:
        """The column under a header cell, or why no column fits it."""
        raw = header_key(header)
        name, unit = clean_header(header)
        for key in dict.fromkeys((raw, name)):
            if key in self.ignore:
                return Column(index, header, unit, "ignored", "--ignore")
            if key in self.mapping:
                target = self.mapping[key]
                if target in self.spec.columns:
                    return Column(index, header, unit, "field", target)
                if target in self.measure_names.values():
                    return Column(index, header, unit, "measure", target)
                spec = self.spec.name
                return f"--map {key}={target}: the {spec} table has no field '{target}' and no measure '{target}'"
        for key in dict.fromkeys((raw, name)):
            if key.casefold() in INDEX_HEADERS:
                return Column(index, header, unit, "ignored", "row numbers")
            if key in REFERENCE_HEADERS:
                return Column(index, header, unit, "ignored", "request reference")
            field_name = key if key in self.spec.columns else HEADER_MAP.get(key) or HEADER_MAP.get(key.casefold())
            if field_name is not None and field_name in self.spec.columns:
                return Column(index, header, unit, "field", field_name)
            found = self.measure_names.get(key) or self.measure_names.get(key.casefold())
            if found is not None:
                return Column(index, header, unit, "measure", found)
        return ""

    def known(self, header: str) -> bool:
        return isinstance(self.classify(0, header), Column)


def read_header(sheet: Sheet, layout: Layout, source: str) -> tuple[int, list[Column]] | None:
    """(position of the header row in sheet.rows, its columns); None when the sheet has no header row."""
    at = find_header(sheet, layout.known, layout.header_row)
    if at is None:
        return None
    row, cells = sheet.rows[at]
    columns: list[Column] = []
    errors: list[str] = []
    unknown: list[str] = []
    taken: dict[str, int] = {}
    for i, header in enumerate(cells):
        if not header:
            continue
        found = layout.classify(i, header)
        where = f"{source} {cell_ref(sheet.name, row, i)}"
        if isinstance(found, str):
            errors.append(f"{where}: {found or f'no field or measure for the column {header!r}'}")
            unknown += [] if found else [clean_header(header)[0]]
            continue
        key = f"{found.role}:{found.target}"
        if found.role != "ignored" and key in taken:
            first = cell_ref(sheet.name, row, taken[key])
            errors.append(
                f"{where}: the column '{header}' fills {found.target}, as {first} does; leave one out with --ignore"
            )
            continue
        taken[key] = i
        columns.append(found)
    if not errors:
        return at, columns
    hint = ""
    if unknown:
        hint = (
            f"\n    hint: map each with --map '{unknown[0]}=FIELD' (fields: {', '.join(layout.spec.columns)}) or "
            f"--map '{unknown[0]}=MEASURE' (a measure id), or leave it out with --ignore '{unknown[0]}'"
        )
    raise SwtrackError("\nerror: ".join(errors) + hint)

"""Spreadsheets and CSVs as offices send them, turned into snapshot rows that remember their cells."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field

from swtrack.exchange.cellnumbers import qualifier_words
from swtrack.exchange.request_text import REQUEST
from swtrack.exchange.sheets import Sheet, cell_ref, clean_header, find_header, header_key
from swtrack.findings import Say, SwtrackError
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
    """Something wrong in the source, at a cell as Excel names it; said in en and zh."""

    cell: str
    code: str
    message: Say
    hint: Say
    severity: str = "error"
    file: str = ""
    header: str = ""  # the header of the cell's column, as the sheet writes it

    def text(self, source: str, lang: str = "en") -> str:
        """One finding as the terminal shows it: the file, the cell and its header, what is wrong, how to fix it."""
        where = " ".join(p for p in (self.file or source, self.cell, f"'{self.header}'" if self.header else "") if p)
        if lang == "zh":
            severity = "错误" if self.severity == "error" else "警告"
            return f"{where}: {severity} [{self.code}] {self.message.zh}\n    提示：{self.hint.zh}"
        return f"{where}: {self.severity} [{self.code}] {self.message.en}\n    hint: {self.hint.en}"


@dataclass(frozen=True)
class Change:
    """A cell whose text was normalised: where, under which header, from what, to what."""

    cell: str
    header: str
    original: str
    normalised: str
    qualifier: str = ""  # the code the cell's words were read as (about), said beside the number

    def __str__(self) -> str:
        return f"{self.cell} '{self.header}': '{self.original}' → {self.normalised}" + (
            f" (qualifier {self.qualifier})" if self.qualifier else ""
        )

    def zh(self) -> str:
        """In Chinese, the qualifier as a Chinese sheet writes it (约, not about)."""
        word = qualifier_words("zh", (self.qualifier,)).get(self.qualifier)
        return f"{self.cell} '{self.header}'：'{self.original}' → {self.normalised}" + (
            f"（限定 {word}）" if word else ""
        )


@dataclass(frozen=True)
class Origin:
    """Where an output row came from: the sheet, the row, and each field's column."""

    sheet: str
    row: int
    cells: dict[str, int]  # the column of each field the sheet has a column for, filled or not
    written: dict[str, str] = field(default_factory=dict)  # a normalised field's text as the cell had it
    headers: dict[str, str] = field(default_factory=dict)  # each field's header, as the sheet writes it
    given: frozenset[str] = frozenset()  # the fields an option (--as-of, --source …) filled

    def ref(self, name: str | None = None) -> str:
        return cell_ref(self.sheet, self.row, self.cells.get(name) if name else None)


@dataclass
class Imported:
    """The normalised rows, each with the cells it came from, and what happened on the way."""

    spec: TableSpec
    rows: list[dict[str, str]]
    origins: list[Origin | None]
    changes: list[Change] = field(default_factory=list)
    notes: list[Say] = field(default_factory=list)  # in both languages, as findings are
    problems: list[Problem] = field(default_factory=list)

    def csv_lines(self) -> tuple[str, list[int]]:
        """The table as CSV text, and the line each row starts on (a note may hold line breaks)."""
        pieces = _Pieces()
        # The Chinese columns (note_zh, evidence_zh) are optional: kept where the file or the
        # import has them, not added to a tracker that does not use them.
        names = [c for c in self.spec.columns if not c.endswith("_zh") or any(c in row for row in self.rows)]
        writer = csv.DictWriter(pieces, fieldnames=names, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        line = 1 + line_breaks(pieces[-1])
        starts = []
        for row in self.rows:
            starts.append(line)
            writer.writerow({c: row.get(c, "") for c in names})
            # Only the record just written is scanned: counting the whole text so far made it quadratic.
            line += line_breaks(pieces[-1])
        return "".join(pieces), starts

    def csv_text(self) -> str:
        return self.csv_lines()[0]


class _Pieces(list[str]):
    """What a csv writer writes, one record a piece."""

    def write(self, text: str) -> int:
        self.append(text)
        return len(text)


def line_breaks(text: str) -> int:
    return text.count("\n")


def table_spec(name: str) -> TableSpec:
    if name not in TABLES:
        raise SwtrackError(f"--table: no table '{name}'; tables: {', '.join(TABLES)}")
    return TABLES[name]


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


_AS_OF = re.compile(r"(?:截至|as of )\s*([0-9]{4}-[0-9]{2}-[0-9]{2})")
_FILE_DATE = re.compile(r"-([0-9]{4}-[0-9]{2}-[0-9]{2})$")


def request_date(sheet: Sheet, at: int, columns: list[Column], stem: str) -> str | None:
    """The date a filled `swtrack request` asked for (from its title row, else its file name's
    '<area>-<date>'; '' when neither says); None when the sheet is not a request (it has none of the
    request's reference columns)."""
    if not any(c.role == "ignored" and c.target == "request reference" for c in columns):
        return None
    for _, cells in sheet.rows[:at]:
        for cell in cells:
            if found := _AS_OF.search(header_key(cell)):
                return found.group(1)
    found = _FILE_DATE.search(stem)
    return found.group(1) if found else ""


def request_source(asked: str, area: str, file: str) -> str:
    """The source of an office's own return to a request: request:<date asked>/<area>/<file>
    (docs/data-format.md)."""
    return f"request:{asked}/{area}/{file}"

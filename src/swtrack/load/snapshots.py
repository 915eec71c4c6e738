"""Snapshot tables in data/: their columns, and CSV reading that keeps line numbers."""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from swtrack.findings import Report, Say
from swtrack.load.modelerrors import did_you_mean
from swtrack.load.textfile import read_text


@dataclass(frozen=True)
class TableSpec:
    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


OBSERVATIONS = TableSpec(
    "observations",
    ("date", "area", "measure", "value", "source_url", "grade"),
    ("qualifier", "note", "note_zh"),
)
UNITS = TableSpec(
    "units",
    ("date", "register", "unit", "area", "measure", "value", "source_url", "grade"),
    ("qualifier", "note", "note_zh"),
)
EVENTS = TableSpec(
    "events",
    ("ref", "date", "status", "evidence", "source_url", "grade"),
    ("note", "evidence_zh", "note_zh"),
)
TABLES = {spec.name: spec for spec in (OBSERVATIONS, UNITS, EVENTS)}

GRADES = ("A", "A/B", "B", "C", "synthetic")
QUALIFIERS = ("", "more_than", "at_least", "about", "nearly", "less_than", "odd")
# substitute: something else was done in place of what the plan names; the evidence says what.
MILESTONE_STATUSES = ("done", "done_by", "in_progress", "not_done", "substitute")
RECURRING_STATUSES = ("held", "not_held")
EVENT_STATUSES = MILESTONE_STATUSES + RECURRING_STATUSES
PLAUSIBLE_MAX = 1e9


@dataclass(frozen=True, slots=True)
class Row:
    """One CSV record: its fields by column and the physical line it starts on."""

    line: int
    fields: dict[str, str]


def read_table(path: Path, display: str, spec: TableSpec, report: Report) -> list[Row] | None:
    """Read a CSV table, reporting structural problems; None when nothing can be read."""
    text = read_text(path, display, report)
    if text is None:
        return None
    return parse_table(text, display, spec, report)


def parse_table(text: str, display: str, spec: TableSpec, report: Report) -> list[Row] | None:
    if not text.strip():
        report.add(
            "csv-empty",
            Say("the file is empty; it needs at least a header line", "文件为空；至少需要一行表头"),
            file=display,
            line=1,
        )
        return None
    records = _records(text, display, report)
    try:
        first = next(records)
    except StopIteration:
        report.add("csv-empty", Say("the file holds no header line", "文件中没有表头行"), file=display, line=1)
        return None
    header_line, header = first
    names = [h.strip() for h in header]
    ok = True
    seen: dict[str, int] = {}
    for i, name in enumerate(names, start=1):
        if not name:
            report.add(
                "csv-header",
                Say(f"column {i} has no name", f"第 {i} 列没有名称"),
                file=display,
                line=header_line,
                column=i,
            )
            ok = False
        elif name in seen:
            report.add(
                "csv-header",
                Say(
                    f"column '{name}' appears twice (columns {seen[name]} and {i})",
                    f"列 '{name}' 出现两次（第 {seen[name]} 列和第 {i} 列）",
                ),
                file=display,
                line=header_line,
                column=i,
            )
            ok = False
        else:
            seen[name] = i
            if name != header[i - 1]:
                report.warn(
                    "csv-header",
                    Say(
                        f"column name '{header[i - 1]}' has spaces around it",
                        f"列名 '{header[i - 1]}' 前后有空格",
                    ),
                    file=display,
                    line=header_line,
                    column=i,
                    hint=Say(f"Write it as '{name}'.", f"写作 '{name}'。"),
                )
    for missing in (c for c in spec.required if c not in seen):
        report.add(
            "missing-column",
            Say(f"required column '{missing}' is missing", f"缺少必需的列 '{missing}'"),
            file=display,
            line=header_line,
            hint=Say(
                f"The {spec.name} table needs: {', '.join(spec.required)}.",
                f"{spec.name} 表需要这些列：{'、'.join(spec.required)}。",
            ),
        )
        ok = False
    for name, col in seen.items():
        if name not in spec.columns:
            guess = did_you_mean(name, spec.columns)
            report.add(
                "unknown-column",
                Say(
                    f"unknown column '{name}'" + (f": did you mean {guess}?" if guess else ""),
                    f"未知的列 '{name}'" + (f"：是否指 {guess}？" if guess else ""),
                ),
                file=display,
                line=header_line,
                column=col,
            )
            ok = False
    if not ok:
        return None
    rows: list[Row] = []
    width = len(names)
    for line, record in records:
        if not record or (len(record) == 1 and not record[0].strip()):
            blank, delete = Say("a blank line", "空行"), Say("Delete the blank line.", "删除空行。")
            report.warn("csv-blank-line", blank, file=display, line=line, hint=delete)
            continue
        if len(record) != width:
            report.add(
                "ragged-row",
                Say(
                    f"{len(record)} fields where the header has {width}", f"有 {len(record)} 个字段，表头有 {width} 列"
                ),
                file=display,
                line=line,
            )
            continue
        rows.append(Row(line, dict(zip(names, record, strict=True))))
    if not rows and not report.errors_in(display):
        report.warn(
            "csv-no-rows",
            Say("the table has a header but no rows", "表格只有表头，没有数据行"),
            file=display,
            line=header_line,
            hint=Say(
                "Add rows, or leave the header alone as a template if nothing is recorded yet.",
                "添加数据行；如果还没有记录，也可只留表头作为模板。",
            ),
        )
    return rows


def _records(text: str, display: str, report: Report) -> Iterator[tuple[int, list[str]]]:
    """CSV records with the physical line each starts on; a parse error ends the file."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            report.add(
                "csv-syntax",
                _csv_error(exc),
                file=display,
                line=start,
            )
            return
        yield start, record
        start = reader.line_num + 1


_FULLWIDTH = str.maketrans("０１２３４５６７８９．－，", "0123456789.-,")
_PLAIN = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
# Thousands separators: groups of three after a first group of one to three that does not start with 0.
_GROUPED = r"-?[1-9][0-9]{0,2}(,[0-9]{3})+(\.[0-9]+)?"


class NumberError(ValueError):
    """A value that is not a plain number; `hint` says how to write it (each in en and zh)."""

    def __init__(self, message: Say, hint: Say) -> None:
        super().__init__(message.en)
        self.said, self.hint_said = message, hint
        self.hint = hint.en


def _in_value(core: str, qualifier: str) -> Say:
    return Say(
        f"Write '{core}' in value and '{qualifier}' in the qualifier column.",
        f"在 value 列写 '{core}'，在 qualifier 列写 '{qualifier}'。",
    )


def parse_number(text: str) -> float:
    """A plain decimal number; anything else raises NumberError with a hint."""
    raw = text.strip()
    if _PLAIN.match(raw):
        return float(raw)
    if not raw:
        raise NumberError(
            Say("the value is empty", "值为空"), Say("Write the number, e.g. 40000.", "写出数字，如 40000。")
        )
    fixed = unicodedata.normalize("NFKC", raw).translate(_FULLWIDTH)
    if fixed.startswith("约") or fixed.endswith("左右") or fixed.startswith("~"):
        core = fixed.removeprefix("约").removesuffix("左右").removeprefix("~").strip()
        raise NumberError(Say(f"'{text}' is an approximate number", f"'{text}' 是约数"), _in_value(core, "about"))
    if fixed.endswith(("余", "多")):
        core = fixed.rstrip("余多").strip()
        said = Say(f"'{text}' is a figure a little above {core}", f"'{text}' 是略多于 {core} 的数")
        raise NumberError(said, _in_value(core, "odd"))
    if fixed.endswith("+"):
        core = fixed.rstrip("+").strip()
        raise NumberError(Say(f"'{text}' is a lower bound", f"'{text}' 是下限"), _in_value(core, "more_than"))
    m = re.match(r"^(-?[\d.]+)\s*(万|亿)$", fixed)
    if m:
        scale = 10_000 if m.group(2) == "万" else 100_000_000
        digits = f"{float(m.group(1)) * scale:.0f}"
        raise NumberError(
            Say(f"'{text}' uses a Chinese unit", f"'{text}' 用了中文数量单位"),
            Say(f"Write it in digits: {digits}.", f"用数字写出：{digits}。"),
        )
    if re.fullmatch(r"-?[0-9][0-9,]*(\.[0-9]+)?", fixed) and not re.fullmatch(_GROUPED, fixed):
        # 1,5 and 12,34 are a decimal comma to some readers and a separator to others: no one reading.
        bare = fixed.replace(",", "")
        point = fixed.replace(",", ".") if fixed.count(",") == 1 and "." not in fixed else None
        raise NumberError(
            Say(
                f"'{text}' is ambiguous: a comma that does not separate groups of three digits",
                f"'{text}' 有歧义：逗号没有按三位一组分隔",
            ),
            Say(
                "Write the number as it is meant, with a point for a fraction and no commas: "
                f"{'' if point is None else point + ' or '}{bare}.",
                f"按本意写出数字，小数用小数点，不用逗号：{'' if point is None else point + ' 或 '}{bare}。",
            ),
        )
    if re.fullmatch(_GROUPED, fixed):
        bare = fixed.replace(",", "")
        raise NumberError(
            Say(f"'{text}' has thousands separators", f"'{text}' 带有千位分隔符"),
            Say(f"Write it without commas: {bare}.", f"去掉逗号写作：{bare}。"),
        )
    if fixed != raw and _PLAIN.match(fixed):
        raise NumberError(
            Say(f"'{text}' uses full-width digits", f"'{text}' 用了全角数字"),
            Say(f"Write it in ASCII digits: {fixed}.", f"用半角数字写作：{fixed}。"),
        )
    low = raw.casefold()
    if low in ("nan", "inf", "-inf", "infinity", "-infinity"):
        raise NumberError(
            Say(f"'{text}' is not a finite number", f"'{text}' 不是有限的数"),
            Say("Leave the row out until the figure is known.", "在数字已知之前不要写这一行。"),
        )
    raise NumberError(
        Say(f"'{text}' is not a number", f"'{text}' 不是数字"),
        Say("Write digits only, e.g. 40000 or 0.25.", "只写数字，如 40000 或 0.25。"),
    )


def check_count(value: float) -> Say | None:
    """What is wrong with a count (negative, fractional), in en and zh; None when it is a count."""
    if value < 0:
        return Say("is negative", "为负数")
    if not math.isclose(value, round(value)):
        return Say("is not a whole number", "不是整数")
    return None


# What Python's csv reader says, in Chinese; anything else is quoted as it says it.
_CSV_ERRORS_ZH = {
    "unexpected end of data": "数据意外结束（引号没有闭合）",
    "line contains NUL": "行中有 NUL 字节",
}


def _csv_error(exc: csv.Error) -> Say:
    said = str(exc)
    zh = _CSV_ERRORS_ZH.get(said)
    return Say(
        f"cannot parse the record: {said}", f"无法解析这条记录：{zh}" if zh else f"无法解析这条记录〔原文：{said}〕"
    )

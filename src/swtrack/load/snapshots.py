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

from swtrack.findings import Report
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
            "the file is empty; it needs at least a header line",
            file=display,
            line=1,
        )
        return None
    records = _records(text, display, report)
    try:
        first = next(records)
    except StopIteration:
        report.add("csv-empty", "the file holds no header line", file=display, line=1)
        return None
    header_line, header = first
    names = [h.strip() for h in header]
    ok = True
    seen: dict[str, int] = {}
    for i, name in enumerate(names, start=1):
        if not name:
            report.add(
                "csv-header",
                f"column {i} has no name",
                file=display,
                line=header_line,
                column=i,
            )
            ok = False
        elif name in seen:
            report.add(
                "csv-header",
                f"column '{name}' appears twice (columns {seen[name]} and {i})",
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
                    f"column name '{header[i - 1]}' has spaces around it",
                    file=display,
                    line=header_line,
                    column=i,
                    hint=f"Write it as '{name}'.",
                )
    for missing in (c for c in spec.required if c not in seen):
        report.add(
            "missing-column",
            f"required column '{missing}' is missing",
            file=display,
            line=header_line,
            hint=f"The {spec.name} table needs: {', '.join(spec.required)}.",
        )
        ok = False
    for name, col in seen.items():
        if name not in spec.columns:
            guess = did_you_mean(name, spec.columns)
            report.add(
                "unknown-column",
                f"unknown column '{name}'" + (f": did you mean {guess}?" if guess else ""),
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
            report.warn("csv-blank-line", "a blank line", file=display, line=line, hint="Delete the blank line.")
            continue
        if len(record) != width:
            report.add(
                "ragged-row",
                f"{len(record)} fields where the header has {width}",
                file=display,
                line=line,
            )
            continue
        rows.append(Row(line, dict(zip(names, record, strict=True))))
    if not rows and not report.errors_in(display):
        report.warn(
            "csv-no-rows",
            "the table has a header but no rows",
            file=display,
            line=header_line,
            hint="Add rows, or leave the header alone as a template if nothing is recorded yet.",
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
                f"cannot parse the record: {exc}",
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
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def parse_number(text: str) -> float:
    """A plain decimal number; anything else raises NumberError with a hint."""
    raw = text.strip()
    if _PLAIN.match(raw):
        return float(raw)
    if not raw:
        raise NumberError("the value is empty", "Write the number, e.g. 40000.")
    fixed = unicodedata.normalize("NFKC", raw).translate(_FULLWIDTH)
    if fixed.startswith("约") or fixed.endswith("左右") or fixed.startswith("~"):
        core = fixed.removeprefix("约").removesuffix("左右").removeprefix("~").strip()
        raise NumberError(
            f"'{text}' is an approximate number",
            f"Write '{core}' in value and 'about' in the qualifier column.",
        )
    if fixed.endswith(("余", "多")):
        core = fixed.rstrip("余多").strip()
        raise NumberError(
            f"'{text}' is a figure a little above {core}",
            f"Write '{core}' in value and 'odd' in the qualifier column.",
        )
    if fixed.endswith("+"):
        core = fixed.rstrip("+").strip()
        raise NumberError(
            f"'{text}' is a lower bound",
            f"Write '{core}' in value and 'more_than' in the qualifier column.",
        )
    m = re.match(r"^(-?[\d.]+)\s*(万|亿)$", fixed)
    if m:
        scale = 10_000 if m.group(2) == "万" else 100_000_000
        return_value = float(m.group(1)) * scale
        raise NumberError(f"'{text}' uses a Chinese unit", f"Write it in digits: {return_value:.0f}.")
    if re.fullmatch(r"-?[0-9][0-9,]*(\.[0-9]+)?", fixed) and not re.fullmatch(_GROUPED, fixed):
        # 1,5 and 12,34 are a decimal comma to some readers and a separator to others: no one reading.
        point = f"{fixed.replace(',', '.')} or " if fixed.count(",") == 1 and "." not in fixed else ""
        raise NumberError(
            f"'{text}' is ambiguous: a comma that does not separate groups of three digits",
            f"Write the number as it is meant, with a point for a fraction and no commas: {point}"
            f"{fixed.replace(',', '')}.",
        )
    if re.fullmatch(_GROUPED, fixed):
        raise NumberError(
            f"'{text}' has thousands separators",
            f"Write it without commas: {fixed.replace(',', '')}.",
        )
    if fixed != raw and _PLAIN.match(fixed):
        raise NumberError(f"'{text}' uses full-width digits", f"Write it in ASCII digits: {fixed}.")
    low = raw.casefold()
    if low in ("nan", "inf", "-inf", "infinity", "-infinity"):
        raise NumberError(
            f"'{text}' is not a finite number",
            "Leave the row out until the figure is known.",
        )
    raise NumberError(f"'{text}' is not a number", "Write digits only, e.g. 40000 or 0.25.")


def check_count(value: float) -> str | None:
    if value < 0:
        return "is negative"
    if not math.isclose(value, round(value)):
        return "is not a whole number"
    return None

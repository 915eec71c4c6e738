"""Spreadsheets and CSVs as offices send them: sheets, cells named as Excel names them, header rows."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from swtrack.findings import Report, SwtrackError
from swtrack.load.textfile import read_text
from swtrack.safe import csv_cell_read

# How far down a sheet the header row is looked for (title, unit and date lines sit above it).
HEADER_SCAN = 30
# Sheets of instructions that travel with a workbook (the request writes one) and hold no figures.
INSTRUCTION_SHEETS = ("填表说明", "说明", "instructions", "readme")
_PLAIN_SHEET = re.compile(r"^[^\W\d]\w*$")


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name and its non-blank rows, each with the row number Excel shows."""

    name: str
    rows: list[tuple[int, list[str]]]
    hidden: bool = False


def column_letter(index: int) -> str:
    """Excel's letters for a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    n = index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(ref: str) -> int:
    """The 0-based column of a cell reference (Sheet1!C7 → 2; a whole row → -1)."""
    letters = re.match(r"[A-Z]*", ref.rpartition("!")[2]).group(0)  # type: ignore[union-attr]
    n = 0
    for letter in letters:
        n = n * 26 + ord(letter) - 64
    return n - 1


def cell_ref(sheet: str, row: int, column: int | None = None) -> str:
    """A cell (Sheet1!C7), or a whole row (Sheet1!7:7), as Excel writes references."""
    name = sheet if _PLAIN_SHEET.match(sheet) else "'" + sheet.replace("'", "''") + "'"
    return f"{name}!{column_letter(column)}{row}" if column is not None else f"{name}!{row}:{row}"


def cell_text(value: object) -> str:
    """A cell's value as the text a person reads in it: dates as ISO, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    return str(value).strip()


def read_sheets(path: Path, report: Report) -> list[Sheet]:
    """Every sheet of an .xlsx workbook, or a CSV as one sheet named after the file (as Excel does)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _workbook(path)
    text = read_text(path, str(path), report)
    if text is None:
        raise SwtrackError(f"cannot read {path}: {report.errors[-1].message if report.errors else 'unknown'}")
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise SwtrackError(f"{path} is not a readable CSV: {exc}") from None
    # A request CSV marks text that looks like a formula with a leading ' (csv_cell): read it as written.
    rows = [
        (n, [csv_cell_read(c.strip()) for c in r]) for n, r in enumerate(records, start=1) if any(c.strip() for c in r)
    ]
    return [Sheet(path.stem, rows)]


def _workbook(path: Path) -> list[Sheet]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise SwtrackError(f"cannot read {path} as an Excel workbook: {exc}") from None
    try:
        sheets = []
        for ws in book.worksheets:
            rows = []
            for n, values in enumerate(ws.iter_rows(min_row=1, min_col=1, values_only=True), start=1):
                cells = [cell_text(v) for v in values]
                if any(cells):
                    rows.append((n, cells))
            sheets.append(Sheet(ws.title, rows, hidden=ws.sheet_state != "visible"))
        return sheets
    finally:
        book.close()


def header_key(text: str) -> str:
    """A header as it is compared: full-width forms folded, runs of spaces and line breaks made one
    space, and spaces next to Chinese characters dropped (区 县 → 区县; 'last value' stays)."""
    key = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()
    return re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", key)


def clean_header(text: str) -> tuple[str, str]:
    """(name, unit) of a header cell: its key with a unit in brackets at the end taken off
    (机构数（个） → 机构数, 个)."""
    key = header_key(text)
    m = re.match(r"^(.+?) ?\(([^()]*)\)$", key)
    if m and m.group(2).strip():
        return m.group(1), m.group(2).strip()
    return key, ""


def is_instructions(sheet: Sheet) -> bool:
    return clean_header(sheet.name)[0].casefold() in INSTRUCTION_SHEETS


def find_header(sheet: Sheet, known: Callable[[str], bool], header_row: int | None) -> int | None:
    """The position in sheet.rows of the header row: the one given, else the first of the top rows
    with two or more cells of which one names a known column (a title over merged cells is one cell)."""
    if header_row is not None:
        for i, (n, _) in enumerate(sheet.rows):
            if n == header_row:
                return i
        raise SwtrackError(f"--header-row {header_row}: row {header_row} of sheet '{sheet.name}' is blank")
    for i, (_, cells) in enumerate(sheet.rows[:HEADER_SCAN]):
        filled = [c for c in cells if c]
        if len(filled) >= 2 and any(known(c) for c in filled):
            return i
    return None

"""Data requests: the figures a plan's targets need at a date and the tracker lacks, as sheets to fill in."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from swtrack.assess.context import Context
from swtrack.exchange.cellnumbers import AFTER, QUALIFIER_WORDS, qualifier_words
from swtrack.exchange.request_text import REQUEST, REQUEST_HELP, UNIT_ZH
from swtrack.load.columns import Observation
from swtrack.load.snapshots import QUALIFIERS
from swtrack.load.tracker import Tracker
from swtrack.model.areas import UNIT_LEVELS, Area
from swtrack.model.measures import Measure
from swtrack.model.plan import (
    ApproxTarget,
    CompositionTarget,
    CoverageTarget,
    IncreaseTarget,
    Plan,
    RangeTarget,
    RatioTarget,
    ThresholdTarget,
)
from swtrack.safe import csv_cell, xlsx_cell

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

# The columns of a request, in order: what the office reads, what it fills, what swtrack reads back.
COLUMNS = (
    "index",
    "area",
    "label_zh",
    "label_en",
    "unit",
    "clause",
    "last_value",
    "last_date",
    "date",
    "value",
    "qualifier",
    "source",
    "note",
    "measure",
    "grade",
)
FILLED_IN = ("date", "value", "qualifier", "source", "note")
WIDTHS = {
    "index": 6,
    "area": 10,
    "label_zh": 20,
    "label_en": 22,
    "unit": 10,
    "clause": 18,
    "last_value": 14,
    "last_date": 12,
    "date": 12,
    "value": 12,
    "qualifier": 10,
    "source": 22,
    "note": 22,
    "measure": 18,
    "grade": 6,
}


@dataclass(frozen=True)
class Gap:
    """A figure a target needs (an area, a measure, at the request's date) that the data lacks."""

    area: Area
    measure: Measure
    needed_by: tuple[str, ...]
    last: Observation | None
    last_value: float | None
    last_area: str = ""


def find_gaps(tracker: Tracker, plan: Plan, as_of: date, area: Area | None = None) -> list[Gap]:
    """Every (area, measure) a judged target of the plan reads from area figures, for which the data
    holds no figure dated at `as_of`; in registry order of the areas, then in the plan's order.
    Targets over unit registers (communities, agencies …) and events are not asked for here.
    With `area`, only that area and the areas under it (by `parent`)."""
    ctx = Context(tracker, as_of)
    needs: dict[tuple[str, str], list[str]] = {}
    for target in plan.targets:
        if not target.judged:
            continue
        if isinstance(target, (ThresholdTarget, ApproxTarget, CompositionTarget, RatioTarget, IncreaseTarget)):
            areas = [ctx.scope_id(plan, target)]
        elif isinstance(target, (CoverageTarget, RangeTarget)) and target.units.areas is not None:
            units = ctx.unit_areas(plan, target.units.areas, as_of, include_city=target.units.include_city)
            areas = [a.id for a in units]
        else:
            continue
        for area_id in areas:
            if area is not None and not _under(tracker, area_id, area, as_of):
                continue
            for measure in target.measures():
                needs.setdefault((area_id, measure), []).append(f"{target.id} {target.clause}")
    order = {a: i for i, a in enumerate(tracker.areas.by_id)}
    gaps = []
    for (area_id, measure_id), refs in sorted(needs.items(), key=lambda kv: order.get(kv[0][0], len(order))):
        known = tracker.measures.get(measure_id)
        if area_id not in tracker.areas.by_id or known is None:
            continue  # validate reports the unknown name
        found = ctx.area_value(area_id, measure_id, as_of)
        if found is not None and found[2].area == area_id and found[2].date.start <= as_of <= found[2].date.end:
            continue
        gaps.append(
            Gap(
                tracker.areas.by_id[area_id],
                known,
                tuple(dict.fromkeys(refs)),
                found[2] if found else None,
                found[0] if found else None,
                _name(tracker, found[2].area) if found else "",
            )
        )
    return gaps


def _under(tracker: Tracker, area_id: str, above: Area, when: date) -> bool:
    """Whether an area is `above` or lies under it by `parent`."""
    area = tracker.areas.by_id.get(area_id)
    if area is None:
        return area_id == above.id
    return tracker.areas.ancestor_at(area, (above.level,), when) == above if area != above else True


def addressed(
    tracker: Tracker, gaps: list[Gap], level: str | None, when: date
) -> list[tuple[Area, list[tuple[Area, list[Gap]]]]]:
    """The gaps grouped by the office each request goes to: for every area, the area above it (or
    itself) at the unit level (a prefecture's request holds its counties' rows); an area above the
    level, or with no such area above it, is asked on its own. Each office's areas keep their order."""
    levels = UNIT_LEVELS.get(level or "", ())
    offices: dict[str, tuple[Area, list[tuple[Area, list[Gap]]]]] = {}
    for area, mine in by_area(gaps):
        office = tracker.areas.ancestor_at(area, levels, when) if levels else None
        office = office or area
        offices.setdefault(office.id, (office, []))[1].append((area, mine))
    return list(offices.values())


def _name(tracker: Tracker, area_id: str) -> str:
    area = tracker.areas.by_id.get(area_id)
    return area.name if area else area_id


def by_area(gaps: list[Gap]) -> list[tuple[Area, list[Gap]]]:
    groups: dict[str, tuple[Area, list[Gap]]] = {}
    for gap in gaps:
        groups.setdefault(gap.area.id, (gap.area, []))[1].append(gap)
    return list(groups.values())


def _cells(gap: Gap, index: int, as_of: date, lang: str, grade: str) -> dict[str, object]:
    words = REQUEST[lang]
    last_date = ""
    if gap.last is not None:
        last_date = gap.last.date.text
        if gap.last.unit:
            last_date += f" ({words['from_register']})"
        elif gap.last.area != gap.area.id:
            last_date += f" ({words['from_area'].format(area=gap.last_area)})"
    last: object = ""
    if gap.last_value is not None:
        last = int(gap.last_value) if gap.last_value.is_integer() else gap.last_value
        if gap.last is not None and gap.last.qualifier:
            word = qualifier_words(lang, QUALIFIERS).get(gap.last.qualifier, gap.last.qualifier)
            # 超过300000 and 120余 in zh, as Chinese writes them; 300000 (more_than) in en.
            before, after = (f"{word}", "") if word not in AFTER else ("", word)
            last = f"{before}{last}{after}" if lang == "zh" else f"{last} ({word})"
    unit = gap.measure.unit
    return {
        "index": index,
        "area": gap.area.name,
        "label_zh": gap.measure.label.zh,
        "label_en": gap.measure.label.en,
        "unit": UNIT_ZH.get(unit, unit) if lang == "zh" else unit,
        "clause": "; ".join(gap.needed_by),
        "last_value": last,
        "last_date": last_date,
        "date": as_of,
        "value": None,
        "qualifier": None,
        "source": None,
        "note": None,
        "measure": gap.measure.id,
        "grade": grade,
    }


def csv_text(gaps: list[Gap], *, as_of: date, lang: str, grade: str) -> str:
    """The request as a CSV (UTF-8 with a byte-order mark, which Excel and WPS need to show Chinese)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([REQUEST[lang][c] for c in COLUMNS])
    for i, gap in enumerate(gaps, start=1):
        cells = _cells(gap, i, as_of, lang, grade)
        writer.writerow(
            [csv_cell("" if v is None else v.isoformat() if isinstance(v, date) else v) for v in cells.values()]
        )
    return "\ufeff" + buf.getvalue()


def workbook_bytes(sheets: list[tuple[Area, list[Gap]]], *, plan: Plan, as_of: date, lang: str, grade: str) -> bytes:
    """An .xlsx with a sheet per area and an instructions sheet; the same inputs give the same bytes."""
    from openpyxl import Workbook

    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    for area, gaps in sheets:
        _area_sheet(
            book.create_sheet(_sheet_name(area.name)), area, gaps, plan=plan, as_of=as_of, lang=lang, grade=grade
        )
    _instructions(book.create_sheet(REQUEST[lang]["instructions"]), plan, as_of, lang)
    stamp = datetime(as_of.year, as_of.month, as_of.day)
    book.properties.creator = "swtrack"
    book.properties.created = stamp
    buf = io.BytesIO()
    book.save(buf)
    return _fixed_times(buf.getvalue(), stamp)


def _sheet_name(name: str) -> str:
    """A sheet's name as Excel allows it: no []:*?/\\ or control character, no ' at either end, 31 characters."""
    return re.sub(r"[\[\]:*?/\\\x00-\x1f\x7f]", "_", name)[:31].strip("'") or "_"


def _area_sheet(ws: Worksheet, area: Area, gaps: list[Gap], *, plan: Plan, as_of: date, lang: str, grade: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    words = REQUEST[lang]
    last_col = get_column_letter(len(COLUMNS))
    _row(ws, 1, [words["title"].format(area=area.name, as_of=as_of.isoformat(), plan=plan.title.get(lang))])
    ws.merge_cells(f"A1:{last_col}1")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    _row(ws, 2, [words[c] for c in COLUMNS])
    grey = PatternFill("solid", start_color="FFE7E6E6")
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = grey
    for i, gap in enumerate(gaps, start=1):
        _row(ws, i + 2, list(_cells(gap, i, as_of, lang, grade).values()))
    last_row = len(gaps) + 2
    for j, name in enumerate(COLUMNS, start=1):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = WIDTHS.get(name, 12)
        for row in range(3, last_row + 1):
            cell = ws[f"{letter}{row}"]
            if name in FILLED_IN:
                cell.protection = Protection(locked=False)
            else:
                cell.fill = grey
            if name == "date":
                cell.number_format = "yyyy-mm-dd"
    col = {name: get_column_letter(j) for j, name in enumerate(COLUMNS, start=1)}
    checks = [
        DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", error=words["value_error"]),
        # The qualifiers in the sheet's language (约, 超过 … in zh) from the one table of codes: a new one
        # appears by itself. The import reads the words and the codes back.
        DataValidation(
            type="list",
            formula1=f'"{",".join(qualifier_words(lang, QUALIFIERS).values())}"',
            error=words["qualifier_error"],
        ),
        DataValidation(type="date", operator="greaterThan", formula1="1", error=words["date_error"]),
    ]
    for check, name in zip(checks, ("value", "qualifier", "date"), strict=True):
        # A warning, not a stop: an office may still type 约100 or 1,234, which the import reads.
        check.errorStyle = "warning"
        check.showErrorMessage = True
        check.allow_blank = True
        check.add(f"{col[name]}3:{col[name]}{max(last_row, 3)}")
        ws.add_data_validation(check)
    _print_setup(ws, last_row)
    ws.freeze_panes = "A3"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.insertRows = False


def _print_setup(ws: Worksheet, last_row: int) -> None:
    """A4 landscape, every column on one page's width, the title and header rows on every page, and
    long text wrapped in its cell rather than cut (300000 (more_t …)."""
    from openpyxl.styles import Alignment
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:2"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    for n, row in enumerate(ws.iter_rows(min_row=2, max_row=last_row), start=2):
        lines = 1
        for j, cell in enumerate(row):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            lines = max(lines, _lines(cell.value, WIDTHS[COLUMNS[j]]))
        if lines > 1:
            # Set, not left to the spreadsheet: LibreOffice prints a wrapped cell over the rows below it.
            ws.row_dimensions[n].height = 15 * lines


def _lines(value: object, width: int) -> int:
    """How many lines a cell's text takes in a column `width` characters wide (a Chinese character is two)."""
    if not isinstance(value, str):
        return 1
    wide = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in value)
    return max(1, -(-wide // max(1, width - 1)))


def _instructions(ws: Worksheet, plan: Plan, as_of: date, lang: str) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.properties import PageSetupProperties

    _row(ws, 1, [REQUEST[lang]["instructions"]])
    ws["A1"].font = Font(bold=True, size=14)
    other = "en" if lang == "zh" else "zh"
    n = 1
    for code in (lang, other):
        n += 1  # a blank row before each language
        for i, line in enumerate(REQUEST_HELP[code], start=1):
            n += 1
            text = line.format(plan=plan.title.get(code), as_of=as_of.isoformat(), qualifiers=_qualifier_help(code))
            _row(ws, n, [f"{i}. " + text])
    ws.column_dimensions["A"].width = 100
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    for n, row in enumerate(ws.iter_rows(min_row=2), start=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
        if (lines := _lines(row[0].value, 100)) > 1:
            ws.row_dimensions[n].height = 15 * lines


def _qualifier_help(lang: str) -> str:
    """The qualifiers as the instructions list them: 约、超过 … in zh; about (约, 左右), … in en."""
    if lang == "zh":
        return "、".join(qualifier_words("zh", QUALIFIERS).values())
    words: dict[str, list[str]] = {}
    for word, code in QUALIFIER_WORDS.items():
        words.setdefault(code, []).append(word)
    return ", ".join(f"{code} ({', '.join(words.get(code, []))})" for code in QUALIFIERS if code)


def _row(ws: Worksheet, row: int, values: list[object]) -> None:
    """One row of cells, each set through xlsx_cell: text from the data is never a formula."""
    for j, value in enumerate(values, start=1):
        if value is not None:
            xlsx_cell(ws.cell(row=row, column=j), value)


def _fixed_times(data: bytes, stamp: datetime) -> bytes:
    """The workbook with every time in it set to the request's date, so the bytes are reproducible."""
    out = io.BytesIO()
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            payload = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + when.encode(), payload)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), payload, zipfile.ZIP_DEFLATED)
    return out.getvalue()

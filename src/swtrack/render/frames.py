"""A tracker's figures, unit rows, events and verdicts as pandas DataFrames, for analysts' notebooks.

pandas is imported here and nowhere else, so no command pays for it; install it with
`pip install 'swtrack[notebook]'`. Every frame keeps each row's file and line, so a figure found
in a notebook can be traced back to the CSV line it came from.
"""

from __future__ import annotations

from typing import Any

from swtrack.assess.model import StatusReport
from swtrack.findings import SwtrackError
from swtrack.load.columns import Observation, RowTable
from swtrack.load.tracker import Tracker
from swtrack.model.status import GROUP_OF

# pandas.DataFrame; named as Any so that type-checking swtrack needs neither pandas nor its stubs.
DataFrame = Any

FIGURE_COLUMNS = [
    "date",
    "date_end",
    "area",
    "area_name",
    "measure",
    "value",
    "qualifier",
    "source_url",
    "grade",
    "note",
    "file",
    "line",
]
UNIT_COLUMNS = ["register", "unit", *FIGURE_COLUMNS]
EVENT_COLUMNS = ["ref", "date", "date_end", "status", "evidence", "source_url", "grade", "note", "file", "line"]
VERDICT_COLUMNS = [
    "plan",
    "target",
    "label_zh",
    "label_en",
    "kind",
    "status",
    "group",
    "value",
    "comparator",
    "target_value",
    "gap",
    "lower",
    "upper",
    "deadline",
    "as_of",
    "ratio",
    "projected",
    "latest_date",
    "latest_source_url",
    "latest_grade",
    "evidence",
    "freshest",
    "rule",
]


def _pandas() -> Any:
    try:
        import pandas  # type: ignore[import-untyped,unused-ignore]
    except ImportError:  # pragma: no cover - the test extra installs pandas
        raise SwtrackError("the DataFrames need pandas: pip install 'swtrack[notebook]'") from None
    return pandas


def _figure(o: Observation, names: dict[str, str]) -> list[Any]:
    return [
        o.date.text,
        o.date.end,
        o.area,
        names.get(o.area, o.area),
        o.measure,
        o.value,
        o.qualifier,
        o.source_url,
        o.grade,
        o.note,
        o.file,
        o.line,
    ]


def _table(tracker: Tracker, table: RowTable, columns: list[str], *, units: bool) -> DataFrame:
    rows = table.rows(range(len(table))) if len(table) else []
    names = {area_id: area.name for area_id, area in tracker.areas.by_id.items()}
    data = [([o.register, o.unit] if units else []) + _figure(o, names) for o in rows]
    frame = _pandas().DataFrame(data, columns=columns)
    frame["date_end"] = _pandas().to_datetime(frame["date_end"])
    return frame


def figures(tracker: Tracker) -> DataFrame:
    """Every published figure of data/observations.csv (and other observation tables), one row each.
    `date` is the date as published (a year, a month or a day); `date_end` the last day it covers;
    `area` the registry's id and `area_name` its name."""
    return _table(tracker, tracker.observations, FIGURE_COLUMNS, units=False)


def units(tracker: Tracker) -> DataFrame:
    """Every row of the unit registers (data/units.csv): a figure for one unit of a register."""
    return _table(tracker, tracker.unit_rows, UNIT_COLUMNS, units=True)


def events(tracker: Tracker) -> DataFrame:
    """Every row of data/events.csv: evidence that a milestone or a year's event happened or not."""
    data = [
        [e.ref, e.date.text, e.date.end, e.status, e.evidence, e.source_url, e.grade, e.note, e.file, e.line]
        for e in tracker.events
    ]
    frame = _pandas().DataFrame(data, columns=EVENT_COLUMNS)
    frame["date_end"] = _pandas().to_datetime(frame["date_end"])
    return frame


def verdicts(report: StatusReport) -> DataFrame:
    """One row per assessed target: its status and group, the figure it was judged on, the gap,
    the interval the figure allows (`lower`, `upper`: empty for an open side) and the pace."""
    data = []
    for a in report.assessments:
        latest = a.judged_on or a.latest
        lower, upper = a.bounds if a.bounds is not None else (a.value, a.value)
        data.append(
            [
                a.plan,
                a.target,
                a.label.get("zh", ""),
                a.label.get("en", ""),
                a.kind,
                a.status.value,
                GROUP_OF[a.status].value,
                a.value,
                a.comparator,
                a.target_value,
                a.gap,
                lower,
                upper,
                a.deadline,
                a.as_of,
                a.pace.ratio if a.pace is not None else None,
                a.pace.projected_at_deadline if a.pace is not None else None,
                latest.date if latest is not None else None,
                latest.source_url if latest is not None else None,
                latest.grade if latest is not None else None,
                a.evidence,
                a.freshest,
                a.rule,
            ]
        )
    return _pandas().DataFrame(data, columns=VERDICT_COLUMNS)

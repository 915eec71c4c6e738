"""Snapshot rows into typed records (`Observation`, `Event`), each bad cell a finding with its column."""

from __future__ import annotations

from dataclasses import dataclass

from swtrack.findings import Report
from swtrack.load.columns import Observation
from swtrack.load.modelerrors import did_you_mean
from swtrack.load.snapshots import (
    EVENT_STATUSES,
    GRADES,
    PLAUSIBLE_MAX,
    QUALIFIERS,
    UNITS,
    NumberError,
    Row,
    TableSpec,
    check_count,
    parse_number,
)
from swtrack.model.areas import AreaIndex
from swtrack.model.dates import DateError, PartialDate
from swtrack.model.measures import Catalogue

KEY_COLUMNS = ("date", "area", "measure", "register", "unit", "value")


@dataclass(frozen=True, slots=True)
class Event:
    """Evidence for a milestone or one year of a recurring target."""

    ref: str
    date: PartialDate
    status: str
    evidence: str
    source_url: str
    grade: str
    note: str
    file: str
    line: int


class RowReader:
    """Turns CSV rows into typed records, reporting each bad cell with its column."""

    def __init__(self, catalogue: Catalogue, areas: AreaIndex, report: Report) -> None:
        self.areas = areas
        self.report = report
        self.measures = {m.id: m for m in catalogue.measures}
        self.registers = {r.id for r in catalogue.registers}

    def _present(self, row: Row, display: str, column: str) -> bool:
        """Whether a required cell holds something; an empty one is a missing-value finding."""
        if row.fields.get(column, "").strip():
            return True
        self.report.add("missing-value", f"'{column}' is empty", file=display, line=row.line, column=column)
        return False

    def _date(self, row: Row, display: str) -> PartialDate | None:
        text = row.fields["date"]
        try:
            return PartialDate.parse(text)
        except DateError as exc:
            self.report.add(
                "bad-date",
                str(exc),
                file=display,
                line=row.line,
                column="date",
                hint=exc.hint,
            )
            return None

    def _common(self, row: Row, display: str) -> bool:
        ok = True
        for name in ("source_url", "grade"):
            if not row.fields.get(name, "").strip():
                self.report.add(
                    "missing-value",
                    f"'{name}' is empty: every value needs its source",
                    file=display,
                    line=row.line,
                    column=name,
                )
                ok = False
        grade = row.fields.get("grade", "").strip()
        if grade and grade not in GRADES:
            self.report.add(
                "bad-choice",
                f"grade '{grade}' is not one of {', '.join(GRADES)}",
                file=display,
                line=row.line,
                column="grade",
            )
            ok = False
        return ok

    def _whitespace(self, row: Row, display: str, columns: tuple[str, ...]) -> None:
        for name in columns:
            value = row.fields.get(name, "")
            if value != value.strip():
                self.report.warn(
                    "cell-whitespace",
                    f"'{value}' has spaces around it; read as '{value.strip()}'",
                    file=display,
                    line=row.line,
                    column=name,
                )

    def observation(self, row: Row, display: str, spec: TableSpec) -> Observation | None:
        f = row.fields
        self._whitespace(row, display, KEY_COLUMNS)
        ok = self._common(row, display)
        when = self._date(row, display)
        measure_id = f["measure"].strip()
        measure = self.measures.get(measure_id)
        if measure is None:
            guess = did_you_mean(measure_id, self.measures)
            self.report.add(
                "unknown-measure",
                f"unknown measure '{measure_id}'" + (f": did you mean {guess}?" if guess else ""),
                file=display,
                line=row.line,
                column="measure",
            )
            ok = False
        register = f.get("register", "").strip()
        if spec is UNITS:
            if register not in self.registers:
                guess = did_you_mean(register, self.registers)
                self.report.add(
                    "unknown-register",
                    f"unknown register '{register}'" + (f": did you mean {guess}?" if guess else ""),
                    file=display,
                    line=row.line,
                    column="register",
                )
                ok = False
            ok &= self._present(row, display, "unit")
        qualifier = f.get("qualifier", "").strip()
        if qualifier not in QUALIFIERS:
            self.report.add(
                "bad-choice",
                f"qualifier '{qualifier}' is not one of {', '.join(q for q in QUALIFIERS if q)} (or empty)",
                file=display,
                line=row.line,
                column="qualifier",
            )
            ok = False
        value: float | None = None
        try:
            value = parse_number(f["value"])
        except NumberError as exc:
            self.report.add(
                "bad-number",
                str(exc),
                file=display,
                line=row.line,
                column="value",
                hint=exc.hint,
            )
            ok = False
        if value is not None:
            if abs(value) > PLAUSIBLE_MAX:
                self.report.add(
                    "implausible-value",
                    f"{f['value']} is beyond any plausible size (over {PLAUSIBLE_MAX:.0e})",
                    file=display,
                    line=row.line,
                    column="value",
                )
                ok = False
            elif measure is not None and measure.count and (problem := check_count(value)):
                self.report.add(
                    "bad-count",
                    f"count {f['value']} {problem}",
                    file=display,
                    line=row.line,
                    column="value",
                )
                ok = False
        area_id = ""
        if when is not None:
            res = self.areas.resolve(f["area"].strip(), when.end)
            if res.area is None:
                code = "unknown-area" if res.problem == "unknown" else "area-not-valid"
                self.report.add(
                    code,
                    res.message,
                    file=display,
                    line=row.line,
                    column="area",
                    hint=res.hint,
                )
                ok = False
            else:
                area_id = res.area.id
        if not ok or when is None or value is None:
            return None
        return Observation(
            date=when,
            area=area_id,
            measure=measure_id,
            value=value,
            qualifier=qualifier,
            source_url=f["source_url"].strip(),
            grade=f["grade"].strip(),
            note=f.get("note", "").strip(),
            file=display,
            line=row.line,
            register=register,
            unit=f.get("unit", "").strip(),
        )

    def event(self, row: Row, display: str) -> Event | None:
        f = row.fields
        self._whitespace(row, display, ("ref", "date", "status"))
        ok = self._common(row, display)
        when = self._date(row, display)
        status = f["status"].strip()
        if status not in EVENT_STATUSES:
            self.report.add(
                "bad-choice",
                f"status '{status}' is not one of {', '.join(EVENT_STATUSES)}",
                file=display,
                line=row.line,
                column="status",
            )
            ok = False
        ok &= self._present(row, display, "evidence")
        if not ok or when is None:
            return None
        return Event(
            ref=f["ref"].strip(),
            date=when,
            status=status,
            evidence=f["evidence"].strip(),
            source_url=f["source_url"].strip(),
            grade=f["grade"].strip(),
            note=f.get("note", "").strip(),
            file=display,
            line=row.line,
        )

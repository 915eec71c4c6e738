"""Snapshot rows into typed records (`Observation`, `Event`), each bad cell a finding with its column."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from swtrack.findings import Report, Say
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
_WHAT_ZH = {"measure": "指标", "register": "名册"}


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
    evidence_zh: str = ""  # the Chinese columns (data-format.md); empty where the tracker has none
    note_zh: str = ""


class RowReader:
    """Turns CSV rows into typed records, reporting each bad cell with its column."""

    def __init__(
        self,
        catalogue: Catalogue,
        areas: AreaIndex,
        report: Report,
        follows: Callable[[str, str], str | None] | None = None,
    ) -> None:
        self.areas = areas
        self.report = report
        # Where a missing measure, register or area follows from a file that failed to load.
        self.follows = follows or (lambda kind, key: None)
        self.measures = {m.id: m for m in catalogue.measures}
        self.registers = {r.id for r in catalogue.registers}

    def _bad(
        self,
        row: Row,
        display: str,
        code: str,
        message: Say,
        column: str,
        hint: Say | None = None,
        follows: str | None = None,
    ) -> None:
        """A finding on one cell of a row."""
        self.report.add(code, message, file=display, line=row.line, column=column, hint=hint, follows=follows)

    def _known(self, row: Row, display: str, code: str, what: str, value: str, known: Collection[str]) -> bool:
        """Whether a cell names a known id (column `what`); else a finding with the nearest id."""
        if value in known:
            return True
        root = self.follows(what, value)
        guess = did_you_mean(value, known) if root is None else None
        message = f"unknown {what} '{value}'" + (f": did you mean {guess}?" if guess else "")
        zh = f"未知{_WHAT_ZH[what]} '{value}'" + (f"：是否指 {guess}？" if guess else "")
        if root is not None:
            message += f" (not loaded: see {root})"
            zh += f"（未能载入：见 {root}）"
        self._bad(row, display, code, Say(message, zh), what, follows=root)
        return False

    def _present(self, row: Row, display: str, column: str) -> bool:
        """Whether a required cell holds something; an empty one is a missing-value finding."""
        if row.fields.get(column, "").strip():
            return True
        self._bad(row, display, "missing-value", Say(f"'{column}' is empty", f"'{column}' 为空"), column)
        return False

    def _date(self, row: Row, display: str) -> PartialDate | None:
        text = row.fields["date"]
        try:
            return PartialDate.parse(text)
        except DateError as exc:
            self._bad(row, display, "bad-date", exc.said, "date", exc.hint_said)
            return None

    def _common(self, row: Row, display: str) -> bool:
        ok = True
        for name in ("source_url", "grade"):
            if not row.fields.get(name, "").strip():
                said = Say(f"'{name}' is empty: every value needs its source", f"'{name}' 为空：每个值都要有出处")
                self._bad(row, display, "missing-value", said, name)
                ok = False
        grade = row.fields.get("grade", "").strip()
        if grade and grade not in GRADES:
            said = Say(
                f"grade '{grade}' is not one of {', '.join(GRADES)}", f"grade '{grade}' 不是 {'、'.join(GRADES)} 之一"
            )
            self._bad(row, display, "bad-choice", said, "grade")
            ok = False
        return ok

    def _whitespace(self, row: Row, display: str, columns: tuple[str, ...]) -> None:
        for name in columns:
            value = row.fields.get(name, "")
            if value != value.strip():
                self.report.warn(
                    "cell-whitespace",
                    Say(
                        f"'{value}' has spaces around it; read as '{value.strip()}'",
                        f"'{value}' 前后有空格；按 '{value.strip()}' 读取",
                    ),
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
        ok &= self._known(row, display, "unknown-measure", "measure", measure_id, self.measures)
        register = f.get("register", "").strip()
        if spec is UNITS:
            ok &= self._known(row, display, "unknown-register", "register", register, self.registers)
            ok &= self._present(row, display, "unit")
        qualifier = f.get("qualifier", "").strip()
        if qualifier not in QUALIFIERS:
            allowed = ", ".join(q for q in QUALIFIERS if q)
            message = f"qualifier '{qualifier}' is not one of {allowed} (or empty)"
            zh = f"qualifier '{qualifier}' 不是 {allowed.replace(', ', '、')} 之一（也可为空）"
            self._bad(row, display, "bad-choice", Say(message, zh), "qualifier")
            ok = False
        value: float | None = None
        try:
            value = parse_number(f["value"])
        except NumberError as exc:
            self._bad(row, display, "bad-number", exc.said, "value", exc.hint_said)
            ok = False
        if value is not None:
            if abs(value) > PLAUSIBLE_MAX:
                message = f"{f['value']} is beyond any plausible size (over {PLAUSIBLE_MAX:.0e})"
                zh = f"{f['value']} 超出任何合理的大小（超过 {PLAUSIBLE_MAX:,.0f}）"
                self._bad(row, display, "implausible-value", Say(message, zh), "value")
                ok = False
            elif measure is not None and measure.count and (problem := check_count(value)):
                said = Say(f"count {f['value']} {problem.en}", f"计数 {f['value']} {problem.zh}")
                self._bad(row, display, "bad-count", said, "value")
                ok = False
        area_id = ""
        if when is not None:
            res = self.areas.resolve(f["area"].strip(), when.end)
            if res.area is None:
                code = "unknown-area" if res.problem == "unknown" else "area-not-valid"
                root = self.follows("area", f["area"].strip())
                self._bad(row, display, code, res.said, "area", res.hint_said, follows=root)
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
            note_zh=f.get("note_zh", "").strip(),
        )

    def event(self, row: Row, display: str) -> Event | None:
        f = row.fields
        self._whitespace(row, display, ("ref", "date", "status"))
        ok = self._common(row, display)
        when = self._date(row, display)
        status = f["status"].strip()
        if status not in EVENT_STATUSES:
            message = f"status '{status}' is not one of {', '.join(EVENT_STATUSES)}"
            zh = f"status '{status}' 不是 {'、'.join(EVENT_STATUSES)} 之一"
            self._bad(row, display, "bad-choice", Say(message, zh), "status")
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
            evidence_zh=f.get("evidence_zh", "").strip(),
            note_zh=f.get("note_zh", "").strip(),
        )

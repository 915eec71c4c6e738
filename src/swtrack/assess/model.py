"""The assessment of one target at one date: every number, its inputs and its status."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict


class Status(StrEnum):
    MET = "met"
    OVERSHOOT = "overshoot"
    ON_TRACK = "on_track"
    NEEDS_ACCELERATION = "needs_acceleration"
    OFF_TRACK = "off_track"
    MOVING_AWAY = "moving_away"
    MISSED = "missed"
    MET_LATE = "met_late"
    OVERDUE = "overdue"
    NOT_JUDGED_YET = "not_judged_yet"
    TRACKED = "tracked"
    NO_DATA = "no_data"


# Worst first: the order summaries and the brief use to rank targets.
SEVERITY_ORDER = [
    Status.MISSED,
    Status.MOVING_AWAY,
    Status.OFF_TRACK,
    Status.OVERDUE,
    Status.NEEDS_ACCELERATION,
    Status.NO_DATA,
    Status.NOT_JUDGED_YET,
    Status.TRACKED,
    Status.ON_TRACK,
    Status.MET_LATE,
    Status.OVERSHOOT,
    Status.MET,
]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True)


# Used and UnitResult are plain frozen dataclasses, not models: a national tracker's status
# holds hundreds of thousands of them, built from typed rows, and pydantic serializes them the
# same way without validating each one again.
@dataclass(frozen=True, slots=True)
class Used:
    """An observation an assessment used, with where it came from."""

    date: str
    value: float
    qualifier: str
    measure: str
    area: str
    proxy: bool
    source_url: str
    grade: str
    file: str
    line: int
    unit: str = ""
    note: str = ""


class Baseline(Model):
    date: str
    value: float
    origin: Literal["plan", "observation_at_baseline", "first_observation"]
    source: str


class Pace(Model):
    method: Literal["linear", "cagr"]
    required: float
    achieved: float
    ratio: float
    required_from_now: float | None
    projected_at_deadline: float
    reach_date: str | None


class PhaseCheck(Model):
    phase: str
    end: str
    expected: float
    observed: float | None
    observed_date: str | None
    met: bool | None


@dataclass(frozen=True, slots=True)
class UnitResult:
    """One unit of a coverage, range or per-person target: its value and whether it meets it."""

    unit: str
    area: str
    value: float | None
    state: Literal["ok", "short", "over", "no_data"]
    date: str | None = None
    derived: str = ""


class ShareResult(Model):
    label: dict[str, str]
    measure: str
    value: float | None
    share: float | None
    target: float
    tolerance: float
    inside: bool | None


class YearResult(Model):
    year: int
    state: Literal["held", "missed", "no_data", "pending"]
    evidence: str = ""


class Assessment(Model):
    plan: str
    target: str
    ref: str
    kind: str
    label: dict[str, str]
    clause: str
    wording: str
    phase: str | None
    deadline: str | None
    deadline_inferred: bool
    as_of: str
    method: str
    status: Status
    rule: str
    comparator: str | None = None
    target_value: float | None = None
    band: tuple[float, float] | None = None
    latest: Used | None = None
    judged_on: Used | None = None
    value: float | None = None
    gap: float | None = None
    share_achieved: float | None = None
    expected_now: float | None = None
    baseline: Baseline | None = None
    pace: Pace | None = None
    phases: list[PhaseCheck] = []
    units_total: int | None = None
    units_met: int | None = None
    units: list[UnitResult] = []
    shares: list[ShareResult] = []
    years: list[YearResult] = []
    used: list[Used] = []
    notes: list[str] = []


class PlanSummary(Model):
    plan: str
    title: dict[str, str]
    counts: dict[str, int]


class StatusReport(Model):
    """What `swtrack status --format json` prints: the assessments and their context."""

    as_of: str
    method: str
    area: str | None
    plans: list[PlanSummary]
    assessments: list[Assessment]
    oldest_used: str | None
    newest_used: str | None

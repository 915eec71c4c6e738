"""The assessment of one target at one date: every number, its inputs and its status."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

# Re-exported: the verdict models have always been where callers find the statuses.
from swtrack.model.status import SEVERITY_ORDER as SEVERITY_ORDER
from swtrack.model.status import Status as Status


class Model(BaseModel):
    model_config = ConfigDict(frozen=True)


# How many units `status` names per target (those short or unknown); `explain` names all.
UNIT_LIST_LIMIT = 50
# The unit states that meet a coverage or range target.
MEETS = ("ok", "over")


# Used and UnitResult are plain dataclasses, not models: a national tracker's status holds
# hundreds of thousands of them, built from typed rows, and pydantic serializes them the same
# way without validating each one again.
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
    note_zh: str = ""
    # For a proxy: whether it understates ("lower"), overstates ("upper") the plan's measure,
    # or "unknown".
    direction: str = ""


@dataclass(frozen=True, slots=True)
class UsedEvent:
    """A row of data/events.csv a milestone or recurring verdict rests on."""

    date: str
    status: str
    evidence: str
    source_url: str
    grade: str
    file: str
    line: int
    evidence_zh: str = ""


class Baseline(Model):
    date: str
    value: float
    qualifier: str = ""
    origin: Literal["plan", "observation_at_baseline", "first_observation", "period_start"]
    source: str
    note: str = ""
    note_zh: str = ""


class Pace(Model):
    method: Literal["linear", "cagr"]
    required: float
    achieved: float
    ratio: float
    required_from_now: float | None
    projected_at_deadline: float
    reach_date: str | None
    # R read at the ends of the figures' intervals (equal to ratio for exact figures).
    ratio_low: float | None = None
    ratio_high: float | None = None
    fallback: str | None = None


class SeriesBreak(Model):
    """Two consecutive figures of the plan's own measure that the series' own pace cannot explain."""

    before: Used
    after: Used
    # The least relative change the two figures allow (0.52: +52%), and the months between them.
    change: float
    months: int


class PhaseCheck(Model):
    phase: str
    end: str
    expected: float
    # "plan": an interim value the plan states; "assumed_line": read off the straight (or
    # geometric) line from the baseline to the target, an assumption of the tracker's.
    expected_from: Literal["plan", "assumed_line"] = "assumed_line"
    observed: float | None
    observed_qualifier: str = ""
    observed_date: str | None
    met: bool | None


# Not frozen: a frozen dataclass's __init__ costs three times as much, and `explain` of a
# national register target builds one for each of 100,000 communities.
@dataclass(slots=True)
class UnitResult:
    """One unit of a coverage, range or per-person target: its value and whether it meets it."""

    unit: str
    area: str
    value: float | None
    state: Literal["ok", "short", "over", "no_data", "unknown"]
    date: str | None = None
    derived: str = ""
    qualifier: str = ""


def named_indices(states: list[str], limit: int) -> list[int]:
    """Which units a summary names: those short or unknown, up to limit, in order."""
    return [i for i, s in enumerate(states) if s not in MEETS][:limit]


class ShareResult(Model):
    label: dict[str, str]
    measure: str
    value: float | None
    share: float | None
    target: float
    tolerance: float
    inside: bool | None
    share_low: float | None = None
    share_high: float | None = None
    band: tuple[float, float] | None = None


class YearResult(Model):
    year: int
    state: Literal["held", "missed", "no_data", "pending"]
    evidence: str = ""
    evidence_zh: str = ""


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
    # Why it is judged at that date: "option" (--as-of), "newest_read" (the newest figure its plan
    # reads) or "today" (its plan reads no figure yet).
    as_of_basis: str = "option"
    method: str
    status: Status
    rule: str
    comparator: str | None = None
    target_value: float | None = None
    band: tuple[float, float] | None = None
    latest: Used | None = None
    judged_on: Used | None = None
    # The figure the verdict reads at judged_on, where it is not that row's value: a ratio's quotient.
    judged_value: float | None = None
    value: float | None = None
    # The interval the judged figure allows for the plan's own measure (None: unbounded side).
    bounds: tuple[float | None, float | None] | None = None
    gap: float | None = None
    share_achieved: float | None = None
    expected_now: float | None = None
    baseline: Baseline | None = None
    pace: Pace | None = None
    phases: list[PhaseCheck] = []
    units_total: int | None = None
    units_met: int | None = None
    units_short: int | None = None
    units_unknown: int | None = None
    # True when the units are those an open register lists and how many there are in all is not
    # known: the counts then say nothing of the units the register does not hold.
    units_open: bool = False
    units: list[UnitResult] = []
    # How many units (and their figures) a summary leaves out: `status --format json` lists the
    # units that fall short or are unknown, up to a limit; `explain REF --format json` lists all.
    units_omitted: int = 0
    shares: list[ShareResult] = []
    years: list[YearResult] = []
    used: list[Used] = []
    # The event rows a milestone or recurring verdict rests on (its figures are in `used`); each
    # output shows their evidence in its own language, and `rule` does not repeat it.
    events: list[UsedEvent] = []
    notes: list[str] = []
    # The plan's own note on the target (its `note`), kept apart from the rule's notes.
    note: str | None = None
    note_zh: str | None = None
    # Consecutive figures of the plan's own measure that break its series (docs/method.md).
    breaks: list[SeriesBreak] = []
    # For met_by_substitute: what was done in place of what the plan names, as the evidence says.
    substitute: str | None = None
    substitute_zh: str | None = None  # the same in Chinese (evidence_zh), where the row has it
    # How many figures or events bear on the target, and the newest date among them.
    evidence: int = 0
    freshest: str | None = None


class NewestRead(Model):
    """The newest figure or event a plan reads up to its as-of date, and where it is."""

    date: str
    file: str
    line: int


class PlanSummary(Model):
    plan: str
    title: dict[str, str]
    counts: dict[str, int]
    # The date this plan is judged at, and why (as Assessment.as_of_basis).
    as_of: str = ""
    as_of_basis: str = "option"
    newest_read: NewestRead | None = None


class StatusReport(Model):
    """What `swtrack status --format json` prints: the assessments and their context.

    Each plan has its own as-of date (plans[].as_of); `as_of` is the latest of them."""

    as_of: str
    method: str
    area: str | None
    plans: list[PlanSummary]
    assessments: list[Assessment]
    oldest_used: str | None
    newest_used: str | None

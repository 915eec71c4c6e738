"""The plan format: plans, phases and targets of every kind."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from swtrack.model.areas import UnitLevel
from swtrack.model.base import Id, Strict, Text
from swtrack.model.dates import PartialDate

Comparator = Literal[">=", ">", "<=", "<"]


class Phase(Strict):
    id: Id
    name: Text
    end: PartialDate


class Baseline(Strict):
    """A baseline the plan itself states."""

    date: PartialDate
    value: float
    # As for a figure in data/: "近20万" is value 200000 with qualifier "nearly".
    qualifier: Literal["", "more_than", "at_least", "about", "nearly", "less_than", "odd"] = ""
    source: str
    # How the baseline was read (a date the plan does not give, say), in each language.
    note: str = ""
    note_zh: str = ""


class Interim(Strict):
    """An interim value the plan states for a phase; it overrides the straight line."""

    phase: str
    value: float


class UnitSet(Strict):
    """The units a target is judged over: every area of a level (every prefecture, county-level
    unit, township …), or the units of a register."""

    areas: UnitLevel | None = None
    register_id: str | None = Field(default=None, alias="register")
    names: list[str] | None = None
    within: list[str] | None = None
    include_city: bool = False

    @model_validator(mode="after")
    def _one_source(self) -> UnitSet:
        if (self.areas is None) == (self.register_id is None):
            raise ValueError("give exactly one of 'areas' or 'register'")
        return self


class TargetBase(Strict):
    ref: Annotated[str, Field(pattern=r"^[A-Z]{2,3}-\d{2,5}$")]
    part: Annotated[str, Field(pattern=r"^[a-z]$")] | None = None
    clause: str
    wording: str
    label: Text
    # A label short enough for a terminal table (about 22 cells), shown where the label is cut.
    short: Text | None = None
    deadline: PartialDate | None = None
    phase: str | None = None
    deadline_inferred: bool = False
    area: str | None = None
    note: str | None = None
    # The note in Chinese: zh outputs show it (the note itself, marked 〔原文〕, where it is missing).
    note_zh: str | None = None

    @property
    def id(self) -> str:
        return self.ref + (self.part or "")

    @property
    def judged(self) -> bool:
        return True

    def measures(self) -> list[str]:
        return []


class ThresholdTarget(TargetBase):
    kind: Literal["threshold"]
    measure: str
    comparator: Comparator = ">="
    value: float
    baseline: Baseline | None = None
    # pydantic copies a default per instance; ruff cannot see that Strict, imported, is a BaseModel.
    interim: list[Interim] = []  # noqa: RUF012

    def measures(self) -> list[str]:
        return [self.measure]


class ApproxTarget(TargetBase):
    kind: Literal["approx"]
    measure: str
    value: float
    tolerance: Annotated[float, Field(gt=0, lt=1)] = 0.1
    baseline: Baseline | None = None

    def measures(self) -> list[str]:
        return [self.measure]


class Share(Strict):
    measure: str
    label: Text
    share: Annotated[float, Field(ge=0, le=1)]
    tolerance: Annotated[float, Field(ge=0, le=1)] = 0.05


class CompositionTarget(TargetBase):
    kind: Literal["composition"]
    parts: Annotated[list[Share], Field(min_length=2)]

    def measures(self) -> list[str]:
        return [p.measure for p in self.parts]


class CoverageTarget(TargetBase):
    kind: Literal["coverage"]
    measure: str
    minimum: float = 1
    units: UnitSet

    def measures(self) -> list[str]:
        return [self.measure]


class RangeTarget(TargetBase):
    kind: Literal["range"]
    measure: str
    minimum: float
    maximum: float
    units: UnitSet

    def measures(self) -> list[str]:
        return [self.measure]


class RatioTarget(TargetBase):
    """One measure against a benchmark measure; no value means tracked, not judged.

    `per` scales the quotient: a density of 每万人口 12 名社工 is social workers over population,
    `per: 10000`, `value: 12`; 占人口 3‰ is `per: 1000`, `value: 3`.
    """

    kind: Literal["ratio"]
    numerator: str
    denominator: str
    comparator: Comparator = ">="
    value: float | None = None
    per: Annotated[float, Field(gt=0)] = 1

    @property
    def judged(self) -> bool:
        return self.value is not None

    def measures(self) -> list[str]:
        return [self.numerator, self.denominator]


class IncreaseTarget(TargetBase):
    """An increase over a period (新增 / 累计培养 N): from the stock at the period's start to its
    stock at the deadline, or the yearly flows in between, whichever the measure is."""

    kind: Literal["increase"]
    measure: str
    comparator: Comparator = ">="
    value: float
    # The period's first day is the day after `start`; by default the plan's baseline date.
    start: PartialDate | None = None

    def measures(self) -> list[str]:
        return [self.measure]


class PerCapitaTarget(TargetBase):
    """Each person (a unit of a register) must reach a yearly minimum."""

    kind: Literal["per_capita"]
    measure: str
    minimum: float
    register_id: str = Field(alias="register")

    def measures(self) -> list[str]:
        return [self.measure]


class MilestoneTarget(TargetBase):
    kind: Literal["milestone"]


class RecurringTarget(TargetBase):
    """Something due every calendar year from `first_year` on."""

    kind: Literal["recurring"]
    first_year: int
    last_year: int | None = None


class TaxonomyTarget(TargetBase):
    """The levels the data must use (tracked, not judged): their latest counts are shown."""

    kind: Literal["taxonomy"]
    levels: Annotated[list[str], Field(min_length=1)]

    @property
    def judged(self) -> bool:
        return False

    def measures(self) -> list[str]:
        return list(self.levels)


Target = Annotated[
    ThresholdTarget
    | ApproxTarget
    | CompositionTarget
    | CoverageTarget
    | RangeTarget
    | RatioTarget
    | IncreaseTarget
    | PerCapitaTarget
    | MilestoneTarget
    | RecurringTarget
    | TaxonomyTarget,
    Field(discriminator="kind"),
]

KINDS = (
    "threshold",
    "approx",
    "composition",
    "coverage",
    "range",
    "ratio",
    "increase",
    "per_capita",
    "milestone",
    "recurring",
    "taxonomy",
)


class Plan(Strict):
    id: Id
    title: Text
    issuer: Text
    document_number: str | None = None
    issued: PartialDate
    jurisdiction: str
    language: Literal["zh", "en"] = "zh"
    baseline_date: PartialDate
    horizon: PartialDate
    source_text: str
    phases: Annotated[list[Phase], Field(min_length=1)]
    targets: list[Target]

    def phase(self, phase_id: str) -> Phase | None:
        return next((p for p in self.phases if p.id == phase_id), None)

    def deadline_of(self, target: TargetBase) -> PartialDate | None:
        """The date a target is judged at: its own, its phase's, or none (yearly kinds)."""
        if target.deadline is not None:
            return target.deadline
        if target.phase is not None:
            phase = self.phase(target.phase)
            return phase.end if phase else None
        return None

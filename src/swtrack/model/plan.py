"""The plan format: plans, phases, targets of every kind, measures and registers."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from swtrack.model.dates import PartialDate


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Text(Strict):
    """A label in Chinese and English."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
Comparator = Literal[">=", ">", "<=", "<"]


class Measure(Strict):
    id: Id
    label: Text
    unit: str
    count: bool = True
    definition: str
    proxy_for: str | None = None
    # How a proxy's figures stand to the measure it stands in for: "lower" (a narrower count,
    # so the measure is at least the proxy's value), "upper" (a wider count) or "unknown".
    proxy_direction: Literal["lower", "upper", "unknown"] = "unknown"
    proxy_note: str | None = None
    component_of: str | None = None


class Register(Strict):
    id: Id
    label: Text
    definition: str


class Catalogue(Strict):
    """targets/measures.yaml: every measure and unit register a plan or a snapshot may name."""

    measures: list[Measure]
    registers: list[Register]


class Phase(Strict):
    id: Id
    name: Text
    end: PartialDate


class Baseline(Strict):
    """A baseline the plan itself states."""

    date: PartialDate
    value: float
    # As for a figure in data/: "近20万" is value 200000 with qualifier "nearly".
    qualifier: Literal["", "more_than", "at_least", "about", "nearly", "less_than"] = ""
    source: str


class Interim(Strict):
    """An interim value the plan states for a phase; it overrides the straight line."""

    phase: str
    value: float


class UnitSet(Strict):
    """The units a target is judged over: every county-level area, or the units of a register."""

    areas: Literal["county_level", "township"] | None = None
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
    deadline: PartialDate | None = None
    phase: str | None = None
    deadline_inferred: bool = False
    area: str | None = None
    note: str | None = None

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
    interim: list[Interim] = []

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
    """One measure against a benchmark measure; no value means tracked, not judged."""

    kind: Literal["ratio"]
    numerator: str
    denominator: str
    comparator: Comparator = ">="
    value: float | None = None

    @property
    def judged(self) -> bool:
        return self.value is not None

    def measures(self) -> list[str]:
        return [self.numerator, self.denominator]


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


class AreaLink(Strict):
    id: str
    how: Literal["renamed", "merged", "split"]


class Area(Strict):
    id: Id
    name: str
    en: str
    code: str | None = None
    level: Literal["country", "province", "prefecture", "city", "district", "county", "new_district", "township"]
    parent: str | None = None
    valid_from: PartialDate | None = None
    valid_to: PartialDate | None = None
    predecessors: list[AreaLink] = []
    note: str | None = None
    source: str | None = None


class AreaRegistry(Strict):
    """targets/areas/<jurisdiction>.yaml: the units of one jurisdiction through time."""

    jurisdiction: Id
    areas: list[Area]

"""Area registries: the units of a jurisdiction, their names and codes through time, and their succession."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from typing import Literal, NamedTuple, get_args

from pydantic import Field

from swtrack.findings import Say
from swtrack.model.base import Id, Strict
from swtrack.model.dates import PartialDate

How = Literal["renamed", "merged", "split"]
HOWS: tuple[str, ...] = get_args(How)
Level = Literal[
    "country", "province", "prefecture", "city", "district", "county", "new_district", "township", "community"
]
LEVELS: tuple[str, ...] = get_args(Level)
# The levels a coverage target is judged over and a request is addressed to, as Chinese statistics
# count them: 省级, 地级, 县级, 乡级 and 村级 (communities and villages).
UnitLevel = Literal["province", "prefecture", "county_level", "township", "community"]
UNIT_LEVEL_NAMES: tuple[str, ...] = get_args(UnitLevel)


class AreaLink(Strict):
    id: str
    how: How


# An area as a registry file writes it; loading turns it into an `Area`.
class AreaSpec(Strict):
    """One area of a registry: its names, code, level, parent, validity and predecessors."""

    id: Id
    name: str
    en: str
    code: str | None = None
    level: Level
    parent: str | None = None
    valid_from: PartialDate | None = None
    valid_to: PartialDate | None = None
    # A factory, not a [] default: pydantic deep-copies a default for each area.
    predecessors: list[AreaLink] = Field(default_factory=list)
    note: str | None = None
    source: str | None = None


class AreaRegistry(Strict):
    """targets/areas/<jurisdiction>.yaml: the units of one jurisdiction through time."""

    jurisdiction: Id
    areas: list[AreaSpec]


# What the end of a Chinese name says an area is, the longer ends first (自治区 before 区).
_NAME_ENDS = (
    ("自治区", "province"),
    ("省", "province"),
    ("街道", "township"),
    ("镇", "township"),
    ("乡", "township"),
    ("苏木", "township"),
    ("区", "county"),
    ("县", "county"),
    ("旗", "county"),
    ("市", "city"),
)


def name_kind(name: str) -> str | None:
    """The kind of area a name's ending says it is (景山街道: township; 石景山区: county), or None."""
    return next((kind for end, kind in _NAME_ENDS if name.endswith(end)), None)


class Area(NamedTuple):
    """An area once loaded: a tuple, not a model, as a national registry holds 40,000 of them
    (a pydantic model of an area took 1.6 kB with its field set; this takes a tenth of that)."""

    id: str
    name: str
    en: str
    level: str
    code: str | None = None
    parent: str | None = None
    valid_from: PartialDate | None = None
    valid_to: PartialDate | None = None
    predecessors: tuple[AreaLink, ...] = ()
    note: str | None = None
    source: str | None = None

    @classmethod
    def of(cls, spec: AreaSpec) -> Area:
        return cls(
            spec.id,
            spec.name,
            spec.en,
            spec.level,
            spec.code,
            spec.parent,
            spec.valid_from,
            spec.valid_to,
            tuple(spec.predecessors),
            spec.note,
            spec.source,
        )


@dataclass(frozen=True, slots=True)
class Registry:
    """The areas of one jurisdiction, loaded."""

    jurisdiction: str
    areas: list[Area]

    @classmethod
    def of(cls, spec: AreaRegistry) -> Registry:
        return cls(spec.jurisdiction, [Area.of(a) for a in spec.areas])


COUNTY_LEVEL = ("district", "county", "new_district")
# The area levels of each unit level, top down. A `city` is a prefecture-level unit below a
# province, or (as Beijing and Shenzhen are written) the jurisdiction itself; the jurisdiction's own
# area is never one of its units.
UNIT_LEVELS: dict[str, tuple[str, ...]] = {
    "province": ("province",),
    "prefecture": ("prefecture", "city"),
    "county_level": COUNTY_LEVEL,
    "township": ("township",),
    "community": ("community",),
}
# How far down each area level sits: the country 0, a province 1 … a community 5.
TIER = {"country": 0, **{level: i for i, name in enumerate(UNIT_LEVEL_NAMES, 1) for level in UNIT_LEVELS[name]}}


# The unit levels' names, as Chinese statistics name them, and in English: the one vocabulary every
# output uses for them (the request's words, explain, init).
LEVEL_WORDS: dict[str, dict[str, str]] = {
    "zh": {"province": "省级", "prefecture": "地级", "county_level": "县级", "township": "乡级", "community": "村级"},
    "en": {
        "province": "province-level",
        "prefecture": "prefecture-level",
        "county_level": "county-level",
        "township": "township-level",
        "community": "community-level",
    },
}


def level_words(level: str, lang: str) -> str:
    """A unit level's name: 地级单位 / prefecture-level units."""
    name = LEVEL_WORDS["zh" if lang == "zh" else "en"].get(level, level)
    return f"{name}单位" if lang == "zh" else f"{name} units"


def unit_level_of(level: str) -> str | None:
    """The unit level (county_level …) an area level (county …) belongs to; None for the country."""
    return next((name for name, levels in UNIT_LEVELS.items() if level in levels), None)


@dataclass(frozen=True, slots=True)
class Resolution:
    area: Area | None
    problem: str | None = None  # "unknown" or "not-valid"
    message: str = ""
    hint: str | None = None
    message_zh: str = ""
    hint_zh: str | None = None

    @property
    def said(self) -> Say:
        return Say(self.message, self.message_zh)

    @property
    def hint_said(self) -> Say | None:
        return None if self.hint is None else Say(self.hint, self.hint_zh or "")


def _span(area: Area) -> tuple[date, date]:
    """The first and last day an area exists."""
    return (
        area.valid_from.start if area.valid_from else date.min,
        area.valid_to.end if area.valid_to else date.max,
    )


def valid_at(area: Area, when: date) -> bool:
    start, end = _span(area)
    return start <= when <= end


class AreaIndex:
    """Every area of every registry, looked up by name, code or id at a date."""

    def __init__(self, registries: list[Registry]) -> None:
        self.registries = registries
        self.by_id: dict[str, Area] = {}
        # Tuples, not lists: a national registry gives 160,000 keys, nearly all meaning one area.
        self._by_key: dict[str, tuple[Area, ...]] = {}
        self.successors: dict[str, list[tuple[str, str]]] = {}
        self._cache: dict[tuple[str, date], Resolution] = {}
        self._tops: dict[str, Area | None] = {}
        by_key = self._by_key
        for reg in registries:
            for area in reg.areas:
                self.by_id[area.id] = area
                for key in {area.name, area.id, area.en.casefold(), area.code or ""} - {""}:
                    by_key[key] = (*by_key[key], area) if key in by_key else (area,)
                for link in area.predecessors:
                    self.successors.setdefault(link.id, []).append((area.id, link.how))
        # For tables of millions of rows: ids, first and last give each area's id and the first
        # and last day (proleptic ordinals) of its validity, in the order of by_id.
        self.ids = list(self.by_id)
        spans = [_span(a) for a in self.by_id.values()]
        self.first = [s.toordinal() for s, _ in spans]
        self.last = [e.toordinal() for _, e in spans]
        self._place = {a: i for i, a in enumerate(self.ids)}

    def single(self, key: str) -> int:
        """The place in ids of the one area a key means, or -1 when it means none or several
        (a key meaning one area is resolved by that area's span alone)."""
        found = self._by_key.get(key, ())
        return self._place[found[0].id] if len(found) == 1 else -1

    def id_at(self, key: str, when: date) -> str | None:
        """The id of the area a name, code or id means on a date; None when it names none then.
        The quick form of resolve(), with no explanation, for tables of millions of rows."""
        for area in self._by_key.get(key, ()):
            if valid_at(area, when):
                return area.id
        return None

    def names(self) -> list[str]:
        return sorted({a.name for a in self.by_id.values()})

    def resolve(self, key: str, when: date) -> Resolution:
        cached = self._cache.get((key, when))
        if cached is None:
            cached = self._cache[(key, when)] = self._resolve(key, when)
        return cached

    def _resolve(self, key: str, when: date) -> Resolution:
        found = list(self._by_key.get(key) or self._by_key.get(key.casefold()) or ())
        if not found:
            guess = self._guess(key)
            return Resolution(None, "unknown", f"unknown area '{key}'", guess.en, f"未知地区 '{key}'", guess.zh)
        for area in found:
            if valid_at(area, when):
                return Resolution(area)
        area = found[0]
        start, end = (str(d) if d else "…" for d in (area.valid_from, area.valid_to))
        hint = self._neighbour_hint(found, when)
        return Resolution(
            None,
            "not-valid",
            f"area '{key}' did not exist on {when.isoformat()} ({self.span(area)})",
            None if hint is None else hint.en,
            f"地区 '{key}' 在 {when.isoformat()} 不存在（有效期 {start} 至 {end}）",
            None if hint is None else hint.zh,
        )

    def span(self, area: Area) -> str:
        start = str(area.valid_from) if area.valid_from else "…"
        end = str(area.valid_to) if area.valid_to else "…"
        return f"valid {start} to {end}"

    def _guess(self, key: str) -> Say:
        # Only names of the same kind: a street (景山街道) is never offered a district (石景山区).
        kind = name_kind(key)
        names = [n for n in self.names() if kind is None or name_kind(n) in (kind, None)]
        prefixed = [n for n in names if n.startswith(key) or key.startswith(n)]
        guess = prefixed[0] if len(prefixed) == 1 else None
        if guess is None:
            close = difflib.get_close_matches(key, names, n=1, cutoff=0.5)
            guess = close[0] if close else None
        if guess:
            return Say(f"Did you mean '{guess}'?", f"是否指 '{guess}'？")
        return Say("Use a name from targets/areas/.", "使用 targets/areas/ 中的名称。")

    def _neighbour_hint(self, found: list[Area], when: date) -> Say | None:
        for area in found:
            if area.valid_to is not None and when > area.valid_to.end:
                nxt = [self.by_id[s] for s, _ in self.successors.get(area.id, []) if s in self.by_id]
                live = [a.name for a in nxt if valid_at(a, when)]
                if live:
                    names = "/".join(sorted(set(live)))
                    return Say(f"On that date it was {names} (its successor).", f"该日期时为 {names}（其后继）。")
            if area.valid_from is not None and when < area.valid_from.start:
                before = [self.by_id[p.id] for p in area.predecessors if p.id in self.by_id]
                live = [a.name for a in before if valid_at(a, when)]
                if live:
                    names = "/".join(sorted(set(live)))
                    return Say(f"On that date it was {names} (its predecessor).", f"该日期时为 {names}（其前身）。")
        return None

    def registry(self, jurisdiction: str) -> Registry | None:
        return next((reg for reg in self.registries if reg.jurisdiction == jurisdiction), None)

    def units(self, jurisdiction: str, levels: tuple[str, ...], when: date) -> list[Area]:
        """The areas of a jurisdiction at the given levels that exist on a date, in registry order
        (the jurisdiction's own area is not one of its units)."""
        reg = self.registry(jurisdiction)
        if reg is None:
            return []
        top = self.top(jurisdiction)
        return [a for a in reg.areas if a.level in levels and valid_at(a, when) and a is not top]

    def top(self, jurisdiction: str) -> Area | None:
        """The area a jurisdiction's own (province-, city-, county- or country-wide) figures are
        given for: the area of its registry whose id is the jurisdiction's, else the first area of
        the highest level in it."""
        if jurisdiction not in self._tops:
            reg = self.registry(jurisdiction)
            found = None
            if reg is not None and reg.areas:
                same = next((a for a in reg.areas if a.id == jurisdiction), None)
                found = same or min(reg.areas, key=lambda a: TIER.get(a.level, len(TIER)))
            self._tops[jurisdiction] = found
        return self._tops[jurisdiction]

    def child_level(self, jurisdiction: str, when: date) -> str | None:
        """The unit level of a jurisdiction's direct children on a date: the first level below its
        own that has units in its registry (a province's prefectures, a county's townships)."""
        top = self.top(jurisdiction)
        if top is None:
            return None
        below = UNIT_LEVEL_NAMES[TIER.get(top.level, 0) :]
        return next((name for name in below if self.units(jurisdiction, UNIT_LEVELS[name], when)), None)

    def ancestor_at(self, area: Area, levels: tuple[str, ...], when: date) -> Area | None:
        """The area itself, or the nearest area above it by `parent`, at one of the levels."""
        seen: set[str] = set()
        at: Area | None = area
        while at is not None and at.id not in seen:
            if at.level in levels:
                return at
            seen.add(at.id)
            at = self.resolve(at.parent, when).area if at.parent else None
        return None

    def carried_from(self, area_id: str) -> list[str]:
        """Predecessors whose figures continue into this area (renamed or merged, not split)."""
        area = self.by_id.get(area_id)
        if area is None:
            return []
        return [p.id for p in area.predecessors if p.how in ("renamed", "merged")]

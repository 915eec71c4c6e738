"""The measure catalogue (targets/measures.yaml): measures, proxies and unit registers."""

from __future__ import annotations

from typing import Literal

from swtrack.model.base import Id, Strict, Text


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
    # The same note in Chinese, which zh reports show in its place.
    proxy_note_zh: str | None = None
    component_of: str | None = None
    # How the measure moves over time: "stock" (a level at a date, free to fall), "non_decreasing"
    # (a stock that never falls, such as certificates issued to date: its last figure is a lower
    # bound at every later date) or "flow" (a count within the year a figure is dated, such as
    # agencies founded that year: an increase over a period is the sum of its years).
    change: Literal["stock", "non_decreasing", "flow"] = "stock"


class Register(Strict):
    id: Id
    label: Text
    definition: str
    # A count measure whose figure for a plan's area says how many units of this register there
    # are in all. Without one, a target over the register is judged on the listed units only and
    # can never read "met": one listed hospital is not every hospital.
    universe: Id | None = None


class Catalogue(Strict):
    """targets/measures.yaml: every measure and unit register a plan or a snapshot may name."""

    measures: list[Measure]
    registers: list[Register]

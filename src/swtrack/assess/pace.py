"""Pace maths: required and achieved progress, their ratio, projections and bands (pure)."""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Callable
from datetime import date, timedelta

from swtrack.assess.model import Pace, Status
from swtrack.model.dates import years_between

# Open SDG's bands on R = achieved / required (docs/method.md).
ON_TRACK = 0.95
NEEDS_ACCELERATION = 0.60

COMPARE: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
}


def meets(value: float, comparator: str, target: float) -> bool:
    return COMPARE[comparator](value, target)


def band(ratio: float) -> Status:
    if ratio >= ON_TRACK:
        return Status.ON_TRACK
    if ratio >= NEEDS_ACCELERATION:
        return Status.NEEDS_ACCELERATION
    if ratio >= 0:
        return Status.OFF_TRACK
    return Status.MOVING_AWAY


def _add_years(start: date, years: float) -> date | None:
    days = years * 365.2425
    if not math.isfinite(days) or abs(days) > 365.2425 * 500:
        return None
    return start + timedelta(days=round(days))


def pace(
    baseline: tuple[date, float],
    latest: tuple[date, float],
    deadline: tuple[date, float],
    method: str = "linear",
    *,
    direction: int,
) -> Pace | None:
    """R and its companions, or None where the method cannot say (no time, no distance, bad logs).

    direction is +1 where higher is better (">=", ">") and -1 where lower is (Open SDG's
    direction factor): R is the achieved pace in that direction over the size of the required
    pace, so a series that moves away from the target reads R < 0 even where the baseline had
    already met it (and the required pace points the other way). Where the baseline is short of
    the target, this is achieved / required exactly.
    """
    (b, vb), (t, vt), (due, target) = baseline, latest, deadline
    span_done = years_between(b, t)
    span_all = years_between(b, due)
    span_left = years_between(t, due)
    if span_done <= 0 or span_all <= 0:
        return None
    if method == "cagr":
        if vb <= 0 or vt <= 0 or target <= 0:
            return None
        required = (target / vb) ** (1 / span_all) - 1
        achieved = (vt / vb) ** (1 / span_done) - 1
        if required == 0:
            return None
        projected = vt * (1 + achieved) ** span_left
        from_now = (target / vt) ** (1 / span_left) - 1 if span_left > 0 else None
        reach: date | None = None
        if achieved != 0 and (target / vt) > 0:
            years = math.log(target / vt) / math.log(1 + achieved)
            reach = _add_years(t, years) if years >= 0 else None
    else:
        required = (target - vb) / span_all
        achieved = (vt - vb) / span_done
        if required == 0:
            return None
        projected = vt + achieved * span_left
        from_now = (target - vt) / span_left if span_left > 0 else None
        reach = None
        if achieved != 0:
            years = (target - vt) / achieved
            reach = _add_years(t, years) if years >= 0 else None
    # + 0.0 turns a negative zero (0 times a negative direction) into 0: nothing prints "-0.00".
    return Pace(
        method="cagr" if method == "cagr" else "linear",
        required=required + 0.0,
        achieved=achieved + 0.0,
        ratio=direction * achieved / abs(required) + 0.0,
        required_from_now=from_now + 0.0 if from_now is not None else None,
        projected_at_deadline=projected + 0.0,
        reach_date=reach.isoformat() if reach else None,
    )


def expected_at(knots: list[tuple[date, float]], when: date, method: str = "linear") -> float:
    """The value expected on a date on the path through the knots (clamped at both ends)."""
    if when <= knots[0][0]:
        return knots[0][1]
    for (d0, v0), (d1, v1) in itertools.pairwise(knots):
        if when <= d1:
            frac = years_between(d0, when) / years_between(d0, d1) if d1 > d0 else 1.0
            if method == "cagr" and v0 > 0 and v1 > 0:
                return float(v0 * (v1 / v0) ** frac)
            return v0 + (v1 - v0) * frac
    return knots[-1][1]

"""Breaks in a series: two consecutive figures of one measure and area that its own pace cannot
explain, more likely two definitions than growth (docs/method.md)."""

from __future__ import annotations

import math
from datetime import date

from swtrack.assess.interval import Interval

# A change between consecutive figures breaks the series when every value their intervals allow
# changes by at least a quarter (up 25%, or down 20%), at an annual pace both above 50% a year
# and three times the series' own pace from its first figure to its last.
MIN_CHANGE = math.log(1.25)
MIN_PACE = math.log(1.5)
TIMES_OWN_PACE = 3.0
# Figures closer than a month are read a month apart: a pace is not read off a few days.
MIN_YEARS = 1 / 12


def _years(a: date, b: date) -> float:
    return max((b - a).days / 365.2425, MIN_YEARS)


def least_change(a: Interval, b: Interval) -> float:
    """The smallest |ln(b / a)| any two values of the intervals allow (0 where they overlap or a
    value may be 0 or below)."""
    if a.lo <= 0 or b.lo <= 0:
        return 0.0
    if b.lo >= a.hi:
        return math.log(b.lo / a.hi)
    if a.lo >= b.hi:
        return math.log(a.lo / b.hi)
    return 0.0


def breaks(series: list[tuple[date, Interval]]) -> list[int]:
    """The positions i where series[i - 1] → series[i] breaks the series (series in date order)."""
    if len(series) < 3:
        # Two figures are the whole series: their pace is the series' own, nothing to set it against.
        return []
    first, last = series[0], series[-1]
    own = least_change(first[1], last[1]) / _years(first[0], last[0]) if last[0] > first[0] else 0.0
    bound = max(MIN_PACE, TIMES_OWN_PACE * own)
    out = []
    for i in range(1, len(series)):
        (d0, a), (d1, b) = series[i - 1], series[i]
        if d1 <= d0:
            continue
        change = least_change(a, b)
        if change >= MIN_CHANGE and change / _years(d0, d1) >= bound:
            out.append(i)
    return out


def change_of(a: tuple[date, Interval], b: tuple[date, Interval]) -> tuple[float, int]:
    """The least relative change the two figures allow (+0.52) and the whole months between them."""
    change = least_change(a[1], b[1])
    pct = math.exp(change) - 1 if b[1].lo >= a[1].hi else math.exp(-change) - 1
    return pct, round((b[0] - a[0]).days / 30.44)


def describe(pct: float, months: int) -> str:
    """+52% in 8 months."""
    return f"{pct:+.0%} in {months} months"

"""What a figure can mean: every value read as an interval, and verdicts that hold on all of it.

A source rarely gives an exact number. "超过30万" says only that the true value lies above
300,000; "约100" that it lies near 100; "近50万" that it lies just under 500,000. A proxy
measure adds its own direction: a count of certificate holders is a lower bound on the
wider count of professionals. A verdict is met or missed only when every value in the
interval agrees; otherwise it is inconclusive (docs/method.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

# The band the tracker reads into 约 / 左右 (about N): N ± 5%. 近 (nearly N) is the lower half
# of it: from 95% of N up to, not including, N.
ABOUT_BAND = 0.05

# The mark each qualifier puts before a figure wherever one is printed: >300,000, ≲500,000,
# ≳120 (120余: a little above 120, below 130).
MARK = {"more_than": ">", "at_least": "≥", "about": "~", "nearly": "≲", "less_than": "<", "odd": "≳"}
# The marks as Chinese writes them: before the figure (超过30万), or after it (120余).
MARK_ZH = {">": "超过", "≥": "不少于", "~": "约", "≲": "近", "<": "不足"}
AFTER_ZH = {"≳": "余"}

Verdict = Literal["meets", "fails", "unknown"]
Direction = Literal["lower", "upper", "unknown"]


@dataclass(frozen=True, slots=True)
class Interval:
    """The values a figure allows: lo..hi, each end open or closed (±inf for no bound)."""

    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False

    @property
    def exact(self) -> bool:
        return self.lo == self.hi and not (self.lo_open or self.hi_open)

    @property
    def bounded(self) -> bool:
        return math.isfinite(self.lo) and math.isfinite(self.hi)

    def contains(self, x: float) -> bool:
        above = x > self.lo if self.lo_open else x >= self.lo
        below = x < self.hi if self.hi_open else x <= self.hi
        return above and below

    def json(self) -> tuple[float | None, float | None]:
        """The ends as JSON can hold them (None for an open-ended side)."""
        return (self.lo if math.isfinite(self.lo) else None, self.hi if math.isfinite(self.hi) else None)


def odd_step(value: float) -> float:
    """The step of a figure's last significant digit: what 余 and 多 stay below. 120 → 10,
    1000 → 1000, 12000 (1.2万) → 1000, 2.5 → 0.1. The value as the data writes it keeps the
    written digits (docs/data-format.md), so its last non-zero digit is the last one written."""
    return float(_step(value))


def _step(value: float) -> Decimal:
    exponent = Decimal(repr(abs(value))).normalize().as_tuple().exponent
    return Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)


def of(value: float, qualifier: str) -> Interval:
    """The interval a published figure allows, from its qualifier."""
    if qualifier == "odd" and value > 0 and math.isfinite(value):
        # 120余 / 120多: above 120 and below the next step of its last significant digit (130).
        # Summed in decimal, so that 0.3余 stays below 0.4, not 0.30000000000000004 + 0.1.
        return Interval(value, float(Decimal(repr(value)) + _step(value)), lo_open=True, hi_open=True)
    if qualifier in ("more_than", "odd"):
        return Interval(value, math.inf, lo_open=True)
    if qualifier == "at_least":
        return Interval(value, math.inf)
    if qualifier == "less_than":
        return Interval(-math.inf, value, hi_open=True)
    if qualifier == "about":
        half = abs(value) * ABOUT_BAND
        return Interval(value - half, value + half)
    if qualifier == "nearly" and value:
        return Interval(value - abs(value) * ABOUT_BAND, value, hi_open=True)
    return Interval(value, value)


def through_proxy(iv: Interval, direction: Direction) -> Interval:
    """What a proxy's figure says of the plan's own measure.

    A lower-bound proxy (a narrower count) says the measure is at least its low end; an
    upper-bound proxy (a wider count) that it is at most its high end; a proxy of unknown
    direction says nothing that could decide a verdict.
    """
    if direction == "lower":
        return Interval(iv.lo, math.inf, lo_open=iv.lo_open)
    if direction == "upper":
        return Interval(-math.inf, iv.hi, hi_open=iv.hi_open)
    return Interval(-math.inf, math.inf)


def _all_at_least(iv: Interval, t: float, strict: bool) -> bool:
    if strict:
        return iv.lo > t or (iv.lo == t and iv.lo_open)
    return iv.lo >= t


def _all_at_most(iv: Interval, t: float, strict: bool) -> bool:
    if strict:
        return iv.hi < t or (iv.hi == t and iv.hi_open)
    return iv.hi <= t


def judge(iv: Interval, comparator: str, target: float) -> Verdict:
    """meets when every value of the interval meets `value comparator target`, fails when none
    does, unknown otherwise."""
    if comparator in (">=", ">"):
        strict = comparator == ">"
        if _all_at_least(iv, target, strict):
            return "meets"
        # No value meets ">= t" when all are < t; none meets "> t" when all are <= t.
        return "fails" if _all_at_most(iv, target, not strict) else "unknown"
    strict = comparator == "<"
    if _all_at_most(iv, target, strict):
        return "meets"
    return "fails" if _all_at_least(iv, target, not strict) else "unknown"


def above(iv: Interval, limit: float) -> bool:
    """Every value of the interval lies above limit (an "about" band's overshoot)."""
    return _all_at_least(iv, limit, strict=True)


def width_text(iv: Interval) -> str:
    """The interval in words for a rule: "between 350,000 and ∞"."""
    return f"between {_end(iv.lo)} and {_end(iv.hi)}"


def fmt(v: float) -> str:
    """A figure in a rule: whole above 100 (400,000), four significant digits below (0.92)."""
    v += 0.0  # never "-0"
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.4g}"


def ratio_text(v: float, places: int = 2) -> str:
    """R as rules and tables print it: two decimals, ∞ beyond any band. Never "-0.00": zero is
    0.00, and an R too small for the decimals keeps its sign in two significant digits
    (-0.0031), as its band (moving away) does."""
    if abs(v) >= 1e6:
        return "∞" if v > 0 else "−∞"
    if 0 < abs(v) < 0.5 * 10**-places:
        return f"{v:.2g}"
    return f"{v + 0.0:.{places}f}"


def _end(v: float) -> str:
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    return fmt(v)

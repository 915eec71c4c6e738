"""Composition targets ("70/25/5 左右"): each part's share against its band.

A part's band is its share ± the tolerance, with the low end held at half the share: "左右"
allows a mix to drift, not a level to vanish, so 0% for a part the plan sets at 5% is never
inside (docs/method.md). Shares are read from the parts' intervals, so a part given as
"more than N" gives a range of shares, and the mix is judged inside or outside only when the
whole range is.
"""

from __future__ import annotations

import math
from datetime import date

from swtrack.assess.context import Context
from swtrack.assess.interval import Interval, of
from swtrack.assess.level import Fields, Goal, Point, judge_level
from swtrack.assess.model import ShareResult, Status
from swtrack.load.columns import Observation
from swtrack.model.plan import CompositionTarget, Plan, Share


def share_band(part: Share) -> tuple[float, float]:
    return max(part.share - part.tolerance, part.share / 2), part.share + part.tolerance


def _share_range(i: int, ivs: list[Interval]) -> tuple[float, float]:
    """The least and greatest share part i can have, given every part's interval (counts ≥ 0)."""
    lo = [max(0.0, iv.lo) for iv in ivs]
    hi = [iv.hi for iv in ivs]
    others_hi = sum(h for j, h in enumerate(hi) if j != i)
    others_lo = sum(v for j, v in enumerate(lo) if j != i)
    least = 0.0 if math.isinf(others_hi) else (lo[i] / (lo[i] + others_hi) if lo[i] + others_hi else 0.0)
    most = 1.0 if math.isinf(hi[i]) else (hi[i] / (hi[i] + others_lo) if hi[i] + others_lo else 0.0)
    return least, most


def _shares(target: CompositionTarget, got: dict[str, Observation]) -> tuple[list[ShareResult], Interval]:
    """Each part's share and whether it is inside its band, and the mix's distance outside the
    bands as an interval (0 when every share is inside)."""
    ivs = [of(got[p.measure].value, got[p.measure].qualifier) for p in target.parts]
    total = sum(got[p.measure].value for p in target.parts)
    results: list[ShareResult] = []
    least_out = most_out = 0.0
    for i, part in enumerate(target.parts):
        low, high = share_band(part)
        s_lo, s_hi = _share_range(i, ivs)
        # How far outside the band the share is at least, and at most.
        least_out += max(0.0, low - s_hi, s_lo - high)
        most_out += max(0.0, low - s_lo, s_hi - high)
        inside = True if low <= s_lo and s_hi <= high else False if s_hi < low or s_lo > high else None
        value = got[part.measure].value
        results.append(
            ShareResult(
                label={"zh": part.label.zh, "en": part.label.en},
                measure=part.measure,
                value=value,
                share=value / total if total else None,
                target=part.share,
                tolerance=part.tolerance,
                inside=inside,
                share_low=s_lo,
                share_high=s_hi,
                band=(low, high),
            )
        )
    return results, Interval(least_out, most_out)


def composition(ctx: Context, plan: Plan, target: CompositionTarget) -> Fields:
    area = ctx.scope_id(plan, target)
    by_day: dict[date, dict[str, Observation]] = {}
    for part in target.parts:
        for o, _ in ctx.series(area, part.measure):
            by_day.setdefault(o.date.end, {})[part.measure] = o
    needed = {p.measure for p in target.parts}
    complete = sorted(d for d, got in by_day.items() if set(got) == needed)
    if not complete:
        return _incomplete(ctx, target, by_day)
    points: list[Point] = []
    shares_at: dict[date, list[ShareResult]] = {}
    for day in complete:
        got = by_day[day]
        results, distance = _shares(target, got)
        shares_at[day] = results
        first = got[target.parts[0].measure]
        used = ctx.used(first)
        points.append(Point(day, distance.lo if distance.exact else (distance.lo + distance.hi) / 2, used, distance))
    # The mix is judged as its distance outside the bands, which must fall to 0.
    out = judge_level(ctx, plan, target, points, Goal(0.0, "<="))
    out.pop("share_achieved", None)
    out.pop("bounds", None)
    latest_day = points[-1].when
    if out["status"] is Status.MET:
        out["rule"] = f"every share is inside its band on {points[-1].used.date}"
    out["shares"] = shares_at[latest_day]
    out["used"] = [ctx.used(o) for o in by_day[latest_day].values()]
    worst = max(shares_at[latest_day], key=_outside)
    assert worst.band is not None
    out["notes"] = [
        f"worst share: {worst.label['en']} {100 * (worst.share or 0):.1f}% against {100 * worst.target:.0f}% "
        f"(band {100 * worst.band[0]:.1f}%–{100 * worst.band[1]:.1f}%)"
    ]
    return out


def _outside(r: ShareResult) -> float:
    low, high = r.band or (r.target, r.target)
    share = r.share or 0.0
    return max(low - share, share - high)


def _incomplete(ctx: Context, target: CompositionTarget, by_day: dict[date, dict[str, Observation]]) -> Fields:
    partial = sorted(by_day.items())
    have = partial[-1][1] if partial else {}
    missing = [p.measure for p in target.parts if p.measure not in have]
    shares = [
        ShareResult(
            label={"zh": p.label.zh, "en": p.label.en},
            measure=p.measure,
            value=have[p.measure].value if p.measure in have else None,
            share=None,
            target=p.share,
            tolerance=p.tolerance,
            inside=None,
            band=share_band(p),
        )
        for p in target.parts
    ]
    status = Status.INCONCLUSIVE if have else Status.NO_DATA
    rule = "no date with a figure for every part of the mix"
    if have:
        rule += f": the figures of {', '.join(sorted(have))} cannot show the mix without {', '.join(missing)}"
    return {
        "status": status,
        "rule": rule,
        "shares": shares,
        "used": [ctx.used(o) for o in have.values()],
        "notes": [f"missing: {', '.join(missing)}"] if missing else [],
    }

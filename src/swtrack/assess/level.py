"""The rule for anything judged as one number against a target: thresholds, "about N", ratios, mixes.

Every figure is an interval (assess/interval.py); a verdict is met or missed only when the
whole interval agrees. Proxy figures decide the level only through their direction and never
enter a pace, which is read on the plan's own measure alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from swtrack.assess.breaks import breaks, change_of, describe
from swtrack.assess.context import STALE_DAYS, Context
from swtrack.assess.interval import MARK, Interval, Verdict, above, fmt, judge, of, ratio_text, width_text
from swtrack.assess.model import Baseline, Pace, PhaseCheck, SeriesBreak, Status, Used
from swtrack.assess.pace import band, expected_at, pace
from swtrack.model.dates import PartialDate
from swtrack.model.plan import Plan, TargetBase

Fields = dict[str, Any]

# Stand-ins for an open end when R is read at the ends of an interval: far beyond any count
# the tracker accepts (PLAUSIBLE_MAX is 1e9), so R comes out beyond every band.
_FAR = 1e15


@dataclass(frozen=True)
class Point:
    """A dated figure on a series the level rule judges, and what it says of the plan's measure."""

    when: date
    value: float
    used: Used
    iv: Interval

    @property
    def proxy(self) -> bool:
        return self.used.proxy


@dataclass(frozen=True)
class Goal:
    """What the rule judges against: `comparator target`, or an "about" band lo..hi (met inside,
    overshoot above)."""

    target: float
    comparator: str
    lo: float | None = None
    hi: float | None = None

    def verdict(self, iv: Interval) -> Verdict:
        if self.lo is not None:
            return judge(iv, ">=", self.lo)
        return judge(iv, self.comparator, self.target)

    def met_status(self, iv: Interval) -> Status:
        return Status.OVERSHOOT if self.hi is not None and above(iv, self.hi) else Status.MET

    def gap(self, value: float) -> float:
        return (self.target - value) if self.comparator in (">=", ">") else (value - self.target)


def shown(p: Point) -> str:
    """A figure as the rules quote it: its date and its value with the qualifier's mark."""
    mark = MARK.get(p.used.qualifier, "")
    proxy = " (proxy)" if p.proxy else ""
    return f"{mark}{fmt(p.value)} on {p.used.date}{proxy}"


def baseline_of(
    plan: Plan, target: TargetBase, own: list[Point], deadline: date | None = None
) -> tuple[Baseline, Interval] | None:
    """The plan's stated baseline, else the plan measure's figure at (or first after) the plan's
    start; a figure from after the deadline is never a baseline."""
    stated = getattr(target, "baseline", None)
    if stated is not None:
        said = stated.model_dump(include={"value", "qualifier", "source", "note", "note_zh"})
        base = Baseline(date=stated.date.text, origin="plan", **said)
        return base, of(stated.value, stated.qualifier)
    start = plan.baseline_date.end
    before = [p for p in own if start - timedelta(days=STALE_DAYS) <= p.when <= start]
    after = [p for p in own if p.when > start and (deadline is None or p.when < deadline)]
    if not before and not after:
        return None
    p = before[-1] if before else after[0]
    origin = "observation_at_baseline" if before else "first_observation"
    source = f"{p.used.file}:{p.used.line}"
    base = Baseline(date=p.used.date, value=p.value, qualifier=p.used.qualifier, origin=origin, source=source)
    return base, p.iv


def pace_on_intervals(
    base: tuple[date, Interval, float],
    last: tuple[date, Interval, float],
    due: tuple[date, float],
    method: str,
    direction: int,
) -> Pace | None:
    """The pace at the nominal figures, with R read at every pair of interval ends.

    CAGR is undefined where a value is zero or negative (a new programme's first year): the
    linear pace takes its place and says so, naming the value. An open end of an interval gives
    R = ±∞ at that end (JSON null), never a large stand-in number.
    """
    (b, b_iv, vb), (t, t_iv, vt), (deadline, target) = base, last, due
    fallback = None
    if method == "cagr" and min(vb, vt, target) <= 0:
        name, v = next((n, x) for n, x in (("baseline", vb), ("latest figure", vt), ("target", target)) if x <= 0)
        fallback = f"CAGR is undefined with a zero or negative {name} ({fmt(v)}); the linear pace is used"
        method = "linear"
    nominal = pace((b, vb), (t, vt), (deadline, target), method, direction=direction)
    if nominal is None:
        return None
    ratios: list[float] = []
    for x in _ends(b_iv):
        for y in _ends(t_iv):
            p = pace((b, x), (t, y), (deadline, target), method, direction=direction)
            if p is None or not math.isfinite(p.ratio):
                continue
            # An end at _FAR stands for an open end: R there is unbounded, whatever its size.
            far = abs(x) >= _FAR or abs(y) >= _FAR
            ratios.append(math.copysign(math.inf, p.ratio) if far and p.ratio != 0 else p.ratio)
    low, high = (min(ratios), max(ratios)) if ratios else (nominal.ratio, nominal.ratio)
    return nominal.model_copy(update={"ratio_low": low, "ratio_high": high, "fallback": fallback})


def _ends(iv: Interval) -> list[float]:
    ends = [max(-_FAR, min(_FAR, iv.lo)), max(-_FAR, min(_FAR, iv.hi))]
    return ends[:1] if ends[0] == ends[1] else ends


def banded(p: Pace) -> tuple[Status, str]:
    """The band of R, or inconclusive where the ends of the figures put R in different bands."""
    low = p.ratio_low if p.ratio_low is not None else p.ratio
    high = p.ratio_high if p.ratio_high is not None else p.ratio
    if band(low) == band(high):
        spread = (
            "" if low == high else f" (R between {ratio_text(low)} and {ratio_text(high)} over the figures' ranges)"
        )
        return band(low), f"R = {ratio_text(p.ratio)} (bands 0.95 / 0.60 / 0){spread}"
    return Status.INCONCLUSIVE, (
        f"R lies between {ratio_text(low)} and {ratio_text(high)} over the figures' ranges, "
        "which spans more than one band"
    )


def judge_level(
    ctx: Context,
    plan: Plan,
    target: TargetBase,
    points: list[Point],
    goal: Goal,
    interim: list[tuple[date, float]] | None = None,
    stated_baseline: tuple[Baseline, Interval] | None = None,
) -> Fields:
    out: Fields = {"comparator": goal.comparator, "target_value": goal.target}
    if goal.lo is not None and goal.hi is not None:
        out["band"] = (goal.lo, goal.hi)
    if not points:
        return out | {"status": Status.NO_DATA, "rule": "no figure on or before the as-of date"}
    latest = points[-1]
    out |= {"latest": latest.used, "value": latest.value}
    own = [p for p in points if not p.proxy]
    due = plan.deadline_of(target)
    found = stated_baseline or baseline_of(plan, target, own, due.end if due else None)
    out["baseline"] = found[0] if found else None
    if due is None:
        return out | _yearly(ctx, latest, goal)
    deadline = due.end
    knots: list[tuple[date, float]] = []
    stated = sorted(interim or [])
    pace_from: list[Point] = []
    if found is not None:
        base, base_iv = found
        base_day = PartialDate.parse(base.date).end
        knots = [(base_day, base.value), *stated, (deadline, goal.target)]
        out["expected_now"] = expected_at(knots, min(ctx.as_of, deadline), ctx.method)
        out["phases"] = phase_checks(ctx, plan, points, knots, {d for d, _ in stated}, goal, base_day, deadline)
        # The pace is read on the plan's own measure, from its latest figure (after the
        # deadline: its figure at the deadline).
        window = deadline - timedelta(days=STALE_DAYS)
        pace_from = [p for p in own if base_day < p.when <= deadline and (ctx.as_of < deadline or p.when >= window)]
        if pace_from:
            last = pace_from[-1]
            out["pace"] = pace_on_intervals(
                (base_day, base_iv, base.value),
                (last.when, last.iv, last.value),
                (deadline, goal.target),
                ctx.method,
                1 if goal.comparator in (">=", ">") else -1,
            )
    if ctx.as_of >= deadline:
        return out | _broken(own, after_deadline(points, deadline, goal))
    out |= _gap(goal, latest)
    verdict = goal.verdict(latest.iv)
    if verdict == "meets":
        return out | {
            "status": goal.met_status(latest.iv),
            "rule": f"the latest figure ({shown(latest)}) meets the target",
            "judged_on": latest.used,
        }
    now: Pace | None = out.get("pace")
    if now is None:
        if verdict == "unknown":
            return out | {
                "status": Status.INCONCLUSIVE,
                "rule": f"the latest figure ({shown(latest)}) allows values {width_text(latest.iv)}: it may or may "
                f"not meet {fmt(goal.target)}, and no pace can be read on the plan's own measure",
                "judged_on": latest.used,
            }
        return out | _no_pace(goal, own, found, pace_from, latest)
    status, rule = banded(now)
    if now.fallback:
        rule += f"; {now.fallback}"
    last = pace_from[-1]
    base_point = Point(base_day, base.value, last.used, base_iv) if found else last
    return out | _broken(own, {"status": status, "rule": rule, "judged_on": latest.used, "_across": (base_point, last)})


def _broken(own: list[Point], fields: Fields) -> Fields:
    """The breaks in the plan's own series, and the verdict downgraded to inconclusive where it
    compares two figures across one (met late: short, then met; a pace: baseline to latest)."""
    start, end = fields.pop("_across", (None, None))
    series = [(p.when, p.iv) for p in own]
    found = [(i, *change_of(series[i - 1], series[i])) for i in breaks(series)]
    out = fields | {
        "breaks": [SeriesBreak(before=own[i - 1].used, after=own[i].used, change=c, months=m) for i, c, m in found]
    }
    cut = [
        (i, c, m) for i, c, m in found if start and end and start.when <= own[i - 1].when and own[i].when <= end.when
    ]
    if not cut:
        return out
    i, c, m = cut[0]
    why = (
        f"{shown(own[i])} breaks the series after {shown(own[i - 1])} ({describe(c, m)}, beyond what the series' own "
        f"pace explains): the two may count different things, so the verdict that compares them "
        f"({out['status'].value}: {out['rule']}) cannot stand"
    )
    return out | {"status": Status.INCONCLUSIVE, "rule": why}


def _no_pace(
    goal: Goal, own: list[Point], found: tuple[Baseline, Interval] | None, since: list[Point], latest: Point
) -> Fields:
    """The latest figure falls short and no R can be read: say why, truly. A baseline that stood
    at the target needs no pace (the required pace is zero): falling short of it since is moving
    away, wherever every value the figures allow agrees."""
    if not own:
        why = "the plan's own measure has no figure, and a proxy gives no pace"
    elif found is None:
        why = "no baseline to read a pace from"
    elif not since:
        why = "the baseline is the only figure on the plan's own measure, and no pace can be read from one point"
    elif goal.verdict(of(found[0].value, "")) == "meets":
        base, base_iv = found
        last = since[-1]
        higher = goal.comparator in (">=", ">")
        away = judge(last.iv, "<", base_iv.lo) if higher else judge(last.iv, ">", base_iv.hi)
        stood = f"the baseline ({fmt(base.value)} on {base.date}) stood at the target, so no pace was required"
        if away == "meets":
            rule = f"{stood}; the latest figure ({shown(last)}) has fallen short of it since: moving away"
            return {"status": Status.MOVING_AWAY, "rule": rule, "judged_on": last.used}
        rule = f"{stood}; whether the latest figure ({shown(last)}) lies below the baseline its range cannot say"
        return {"status": Status.INCONCLUSIVE, "rule": rule, "judged_on": last.used}
    else:
        why = "no pace can be read between the baseline and the deadline"
    return {"status": Status.NOT_JUDGED_YET, "rule": f"not met yet; {why}", "judged_on": latest.used}


def _gap(goal: Goal, p: Point) -> Fields:
    out: Fields = {"gap": goal.gap(p.value), "bounds": p.iv.json()}
    if goal.target:
        ahead = goal.comparator in (">=", ">")
        out["share_achieved"] = p.value / goal.target if ahead else (goal.target / p.value if p.value else None)
    return out


def _yearly(ctx: Context, latest: Point, goal: Goal) -> Fields:
    """A yearly standard (no deadline): each year is judged on its own figure."""
    out = _gap(goal, latest)
    if latest.when < ctx.as_of - timedelta(days=STALE_DAYS):
        verdict = {"meets": "met", "fails": "fell short of", "unknown": "could not decide"}[goal.verdict(latest.iv)]
        return out | {
            "status": Status.STALE,
            "rule": f"the latest figure ({shown(latest)}) {verdict} the standard; it says nothing of the years since",
            "judged_on": latest.used,
        }
    verdict = goal.verdict(latest.iv)
    if verdict == "meets":
        rule = f"the latest figure ({shown(latest)}) meets the standard"
        return out | {"status": goal.met_status(latest.iv), "rule": rule, "judged_on": latest.used}
    if verdict == "fails":
        rule = f"the latest figure ({shown(latest)}) falls short"
        return out | {"status": Status.MISSED, "rule": rule, "judged_on": latest.used}
    rule = f"the latest figure ({shown(latest)}) allows values {width_text(latest.iv)}, on both sides of the standard"
    return out | {"status": Status.INCONCLUSIVE, "rule": rule, "judged_on": latest.used}


def after_deadline(points: list[Point], deadline: date, goal: Goal) -> Fields:
    """Judged at the deadline, on the figures within a year before it; lateness only on evidence."""
    window = deadline - timedelta(days=STALE_DAYS)
    near = [p for p in points if window <= p.when <= deadline]
    later = [p for p in points if p.when > deadline]
    decisive = [p for p in near if goal.verdict(p.iv) != "unknown"]
    first_short = next((p for p in later if goal.verdict(p.iv) == "fails"), None)
    met_after = [p for p in later if goal.verdict(p.iv) == "meets"]
    if decisive:
        at = decisive[-1]
        fields = _gap(goal, at) | {"judged_on": at.used}
        if goal.verdict(at.iv) == "meets":
            rule = f"met at the deadline: {shown(at)}, within a year before it"
            return fields | {"status": goal.met_status(at.iv), "rule": rule}
        if met_after:
            rule = f"short at the deadline ({shown(at)}); met after it: {shown(met_after[0])}"
            return fields | {"status": Status.MET_LATE, "rule": rule, "_across": (at, met_after[0])}
        return fields | {"status": Status.MISSED, "rule": f"not met at the deadline: {shown(at)}"}
    early = next((p for p in points if p.when < window and goal.verdict(p.iv) == "meets"), None)
    if early is not None and not near:
        rule = f"reached before the deadline: {shown(early)}"
        return {"status": goal.met_status(early.iv), "rule": rule, "judged_on": early.used}
    if first_short is not None:
        later_met = next((p for p in met_after if p.when > first_short.when), None)
        if later_met is not None:
            rule = f"still short after the deadline ({shown(first_short)}); met later: {shown(later_met)}"
            return {
                "status": Status.MET_LATE,
                "rule": rule,
                "judged_on": later_met.used,
                "_across": (first_short, later_met),
            }
        if not met_after:
            rule = f"still short after the deadline: {shown(first_short)}"
            return {"status": Status.MISSED, "rule": rule, "judged_on": first_short.used}
    if met_after:
        first = met_after[0]
        why = "the figures near the deadline cannot decide" if near else "no figure within a year before the deadline"
        return {
            "status": Status.MET_BY,
            "rule": f"met by {first.used.date} ({shown(first)}); on time unknown: {why}",
            "judged_on": first.used,
        }
    if near or later:
        last = (near or later)[-1]
        rule = (
            f"the figures near or after the deadline cannot decide it: {shown(last)} allows values "
            f"{width_text(last.iv)}; target {fmt(goal.target)}"
        )
        return {"status": Status.INCONCLUSIVE, "rule": rule, "judged_on": last.used, "bounds": last.iv.json()}
    last = points[-1]
    rule = (
        f"the latest figure ({shown(last)}) is more than a year older than the deadline ({deadline}) "
        "and says nothing about it"
    )
    return {"status": Status.STALE, "rule": rule, "judged_on": last.used}


def phase_checks(
    ctx: Context,
    plan: Plan,
    points: list[Point],
    knots: list[tuple[date, float]],
    stated: set[date],
    goal: Goal,
    base_day: date,
    deadline: date,
) -> list[PhaseCheck]:
    """Each phase end so far against the value expected there: the plan's interim where it states
    one, else the straight line from the baseline (an assumption, and labelled as one)."""
    checks: list[PhaseCheck] = []
    for phase in plan.phases:
        end = phase.end.end
        if end <= base_day or end > deadline or end > ctx.as_of:
            continue
        expected = expected_at(knots, end, ctx.method)
        since = end - timedelta(days=STALE_DAYS)
        near = [p for p in points if since <= p.when <= end]
        seen = near[-1] if near else None
        verdict = judge(seen.iv, goal.comparator, expected) if seen else "unknown"
        checks.append(
            PhaseCheck(
                phase=phase.id,
                end=phase.end.text,
                expected=expected,
                expected_from="plan" if end in stated else "assumed_line",
                observed=seen.value if seen else None,
                observed_qualifier=seen.used.qualifier if seen else "",
                observed_date=seen.used.date if seen else None,
                met={"meets": True, "fails": False, "unknown": None}[verdict],
            )
        )
    return checks

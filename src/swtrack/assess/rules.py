"""One rule per target kind: from a target and the indexed data to an Assessment.

Level targets (threshold, approx, ratio) are here; the level rule itself is in level.py,
compositions in mix.py, unit targets in units.py and event targets in events.py.
"""

from __future__ import annotations

import math
from datetime import date

from swtrack.assess.change import increase, never_decreasing
from swtrack.assess.context import Context
from swtrack.assess.events import milestone, recurring
from swtrack.assess.interval import Interval, fmt, of, through_proxy
from swtrack.assess.level import Fields, Goal, Point, judge_level
from swtrack.assess.mix import composition
from swtrack.assess.model import Assessment, Status, Used
from swtrack.assess.units import evidence as unit_evidence
from swtrack.assess.units import per_capita, units_rule
from swtrack.load.columns import Observation
from swtrack.model.dates import PartialDate
from swtrack.model.plan import (
    ApproxTarget,
    CompositionTarget,
    CoverageTarget,
    IncreaseTarget,
    MilestoneTarget,
    PerCapitaTarget,
    Plan,
    RangeTarget,
    RatioTarget,
    RecurringTarget,
    TargetBase,
    TaxonomyTarget,
    ThresholdTarget,
)


def points_of(ctx: Context, series: list[tuple[Observation, bool]]) -> list[Point]:
    """The series' figures as points, each with what it says of the plan's own measure."""
    out = []
    for o, proxy in series:
        iv = of(o.value, o.qualifier)
        if proxy:
            iv = through_proxy(iv, ctx.direction(o.measure))  # type: ignore[arg-type]
        out.append(Point(o.date.end, o.value, ctx.used(o, proxy=proxy), iv))
    return out


def proxy_note(ctx: Context, used: list[Used]) -> list[str]:
    """A note naming each proxy measure used, its direction and why it differs."""
    notes = []
    measures = ctx.tracker.measures
    for name in sorted({u.measure for u in used if u.proxy}):
        m = measures.get(name)
        direction = m.proxy_direction if m else "unknown"
        says = {
            "lower": "a lower bound on the plan's measure: it can show the target met, never missed",
            "upper": "an upper bound on the plan's measure: it can show the target missed, never met",
            "unknown": "of unknown direction: it cannot decide the target",
        }[direction]
        extra = f" {m.proxy_note}" if m and m.proxy_note else ""
        notes.append(f"proxy {name} is {says}.{extra}")
    return notes


def threshold(ctx: Context, plan: Plan, target: ThresholdTarget) -> Fields:
    points = points_of(ctx, ctx.series(ctx.scope_id(plan, target), target.measure))
    interim = []
    for item in target.interim:
        phase = plan.phase(item.phase)
        if phase is not None:
            interim.append((phase.end.end, item.value))
    out = judge_level(ctx, plan, target, points, Goal(target.value, target.comparator), interim)
    out = never_decreasing(ctx, plan, target, ctx.tracker.measures.get(target.measure), out)
    out["used"] = [p.used for p in points]
    out["notes"] = proxy_note(ctx, out["used"])
    return out


def approx(ctx: Context, plan: Plan, target: ApproxTarget) -> Fields:
    points = points_of(ctx, ctx.series(ctx.scope_id(plan, target), target.measure))
    lo, hi = target.value * (1 - target.tolerance), target.value * (1 + target.tolerance)
    out = judge_level(ctx, plan, target, points, Goal(target.value, ">=", lo, hi))
    out["used"] = [p.used for p in points]
    out["notes"] = proxy_note(ctx, out["used"])
    return out


def _quotient(num: Interval, den: Interval) -> Interval:
    """num / den for non-negative counts and amounts; unbounded where den may be 0."""
    lo = num.lo / den.hi if den.hi > 0 and math.isfinite(den.hi) else 0.0
    hi = num.hi / den.lo if den.lo > 0 else math.inf
    return Interval(max(lo, 0.0), hi)


def _scaled(iv: Interval, per: float) -> Interval:
    """A quotient per `per` units of the benchmark (每万人口: per 10,000)."""
    return Interval(iv.lo * per, iv.hi * per, lo_open=iv.lo_open, hi_open=iv.hi_open)


def ratio(ctx: Context, plan: Plan, target: RatioTarget) -> Fields:
    area = ctx.scope_id(plan, target)
    num = {o.date.end: o for o, _ in ctx.series(area, target.numerator)}
    den = {o.date.end: o for o, _ in ctx.series(area, target.denominator)}
    days: list[date] = sorted(d for d in set(num) & set(den) if den[d].value)
    per = target.per
    points = [
        Point(
            day,
            num[day].value / den[day].value * per,
            ctx.used(num[day]),
            _scaled(_quotient(of(num[day].value, num[day].qualifier), of(den[day].value, den[day].qualifier)), per),
        )
        for day in days
    ]
    used_rows = [u for day in days for u in (ctx.used(num[day]), ctx.used(den[day]))]
    if target.value is None:
        out: Fields = {"status": Status.TRACKED, "rule": "the plan gives no number: tracked, not judged"}
        if points:
            out |= {"value": points[-1].value, "latest": points[-1].used}
        return out | {"used": used_rows}
    out = judge_level(ctx, plan, target, points, Goal(target.value, target.comparator))
    out["used"] = used_rows
    # judged_on is the numerator's row: the quotient it stands for is the figure the gap is read from.
    judged = out.get("judged_on")
    out["judged_value"] = next((p.value for p in points if p.used is judged), None)
    return out


def taxonomy(ctx: Context, plan: Plan, target: TaxonomyTarget) -> Fields:
    area = ctx.scope_id(plan, target)
    used_rows: list[Used] = []
    notes = []
    for level in target.levels:
        series = ctx.series(area, level)
        if series:
            o = series[-1][0]
            used_rows.append(ctx.used(o))
            notes.append(f"{level}: {fmt(o.value)} ({o.date})")
        else:
            notes.append(f"{level}: no data")
    return {
        "status": Status.TRACKED,
        "rule": "the level taxonomy the data must use: tracked, not judged",
        "used": used_rows,
        "notes": notes,
    }


def _rule_for(ctx: Context, plan: Plan, target: TargetBase) -> Fields:
    if isinstance(target, ThresholdTarget):
        return threshold(ctx, plan, target)
    if isinstance(target, ApproxTarget):
        return approx(ctx, plan, target)
    if isinstance(target, CompositionTarget):
        return composition(ctx, plan, target)
    if isinstance(target, (CoverageTarget, RangeTarget)):
        return units_rule(ctx, plan, target)
    if isinstance(target, RatioTarget):
        return ratio(ctx, plan, target)
    if isinstance(target, IncreaseTarget):
        return increase(ctx, plan, target)
    if isinstance(target, PerCapitaTarget):
        return per_capita(ctx, plan, target)
    if isinstance(target, MilestoneTarget):
        return milestone(ctx, plan, target)
    if isinstance(target, RecurringTarget):
        return recurring(ctx, plan, target)
    if isinstance(target, TaxonomyTarget):
        return taxonomy(ctx, plan, target)
    raise TypeError(type(target).__name__)  # pragma: no cover - the union is closed


def _evidence(ctx: Context, plan: Plan, target: TargetBase, used: list[Used]) -> tuple[int, str | None]:
    """How many figures or events bear on a target, and the newest one's date. A unit target
    counts every figure of its measure, not only those its verdict cites."""
    if isinstance(target, (CoverageTarget, RangeTarget)):
        return unit_evidence(ctx, plan, target)
    dates = [u.date for u in used] + [e.date.text for e in ctx.events.get(target.id, [])]
    return len(dates), max(dates, key=lambda d: PartialDate.parse(d).end) if dates else None


def assess_target(ctx: Context, plan: Plan, target: TargetBase) -> Assessment:
    fields = _rule_for(ctx, plan, target)
    notes = list(fields.pop("notes", []))
    due = plan.deadline_of(target)
    preset = fields.pop("_evidence", None)
    count, freshest = preset if preset is not None else _evidence(ctx, plan, target, fields.get("used", []))
    return Assessment(
        plan=plan.id,
        target=target.id,
        ref=target.ref,
        kind=str(getattr(target, "kind", "")),
        label={"zh": target.label.zh, "en": target.label.en},
        clause=target.clause,
        wording=target.wording,
        phase=target.phase,
        deadline=due.text if due else None,
        deadline_inferred=target.deadline_inferred,
        as_of=ctx.as_of.isoformat(),
        as_of_basis=ctx.as_of_basis,
        method=ctx.method,
        notes=notes,
        note=target.note,
        note_zh=target.note_zh,
        evidence=count,
        freshest=freshest,
        **fields,
    )

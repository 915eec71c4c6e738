"""One rule per target kind: from a target and the indexed data to an Assessment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from swtrack.assess.context import STALE_DAYS, Context
from swtrack.assess.model import (
    Assessment,
    Baseline,
    Pace,
    PhaseCheck,
    ShareResult,
    Status,
    UnitResult,
    Used,
    YearResult,
)
from swtrack.assess.pace import band, expected_at, meets, pace
from swtrack.columns import Observation
from swtrack.dates import PartialDate
from swtrack.plan import (
    ApproxTarget,
    CompositionTarget,
    CoverageTarget,
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

Fields = dict[str, Any]


@dataclass(frozen=True)
class Point:
    """A dated value on a series the level rule judges (a figure, a ratio, a share of units)."""

    when: date
    value: float
    used: Used


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.4g}"


def _status_for_met(value: float, hi: float | None) -> Status:
    return Status.OVERSHOOT if hi is not None and value > hi else Status.MET


def _baseline(ctx: Context, plan: Plan, target: TargetBase, points: list[Point]) -> Baseline | None:
    stated = getattr(target, "baseline", None)
    if stated is not None:
        return Baseline(date=stated.date.text, value=stated.value, origin="plan", source=stated.source)
    start = plan.baseline_date.end
    before = [p for p in points if start - timedelta(days=STALE_DAYS) <= p.when <= start]
    if before:
        p = before[-1]
        return Baseline(
            date=p.used.date, value=p.value, origin="observation_at_baseline", source=f"{p.used.file}:{p.used.line}"
        )
    after = [p for p in points if p.when > start]
    if after:
        p = after[0]
        return Baseline(
            date=p.used.date, value=p.value, origin="first_observation", source=f"{p.used.file}:{p.used.line}"
        )
    return None


def judge_level(
    ctx: Context,
    plan: Plan,
    target: TargetBase,
    points: list[Point],
    *,
    value: float,
    comparator: str,
    hi: float | None = None,
    lo: float | None = None,
    interim: list[tuple[date, float]] | None = None,
) -> Fields:
    """The rule for anything judged as one number against a target: threshold, approx, ratio, shares.

    `value` is the target the pace aims at; `lo`/`hi` bound an "about" band (met inside, overshoot above).
    """
    goal_ok: Callable[[float], bool]
    if lo is not None:
        floor = lo
        goal_ok = lambda v: v >= floor  # noqa: E731
    else:
        goal_ok = lambda v: meets(v, comparator, value)  # noqa: E731
    out: Fields = {"comparator": comparator, "target_value": value}
    if lo is not None and hi is not None:
        out["band"] = (lo, hi)
    if not points:
        return out | {"status": Status.NO_DATA, "rule": "no observation on or before the as-of date"}
    latest = points[-1]
    out |= {
        "latest": latest.used,
        "value": latest.value,
        "gap": (value - latest.value) if comparator in (">=", ">") else (latest.value - value),
    }
    if value:
        out["share_achieved"] = latest.value / value if comparator in (">=", ">") else value / latest.value
    base = _baseline(ctx, plan, target, points)
    out["baseline"] = base
    due = plan.deadline_of(target)
    if due is None:
        # A yearly standard: each year is judged on its own figure.
        if goal_ok(latest.value):
            return out | {"status": _status_for_met(latest.value, hi), "rule": "the latest figure meets the standard"}
        return out | {"status": Status.MISSED, "rule": f"the latest figure ({latest.used.date}) falls short"}
    deadline = due.end
    knots: list[tuple[date, float]] = []
    if base is not None:
        base_day = PartialDate.parse(base.date).end
        knots = [(base_day, base.value), *sorted(interim or []), (deadline, value)]
        out["expected_now"] = expected_at(knots, min(ctx.as_of, deadline), ctx.method)
        out["phases"] = _phase_checks(ctx, plan, points, knots, comparator, base_day, deadline)
    # The pace is read from the latest figure, or after the deadline from the figure at the deadline.
    window = deadline - timedelta(days=STALE_DAYS)
    pace_from = [p for p in points if p.when <= deadline and (ctx.as_of < deadline or p.when >= window)]
    if base is not None and pace_from:
        last = pace_from[-1]
        out["pace"] = pace((knots[0][0], base.value), (last.when, last.value), (deadline, value), ctx.method)
    if ctx.as_of >= deadline:
        return out | _after_deadline(points, deadline, goal_ok, hi)
    if goal_ok(latest.value):
        return out | {
            "status": _status_for_met(latest.value, hi),
            "rule": "the latest observation meets the target",
            "judged_on": latest.used,
        }
    pace_now: Pace | None = out.get("pace")
    if base is None or pace_now is None or PartialDate.parse(base.date).end >= latest.when:
        return out | {
            "status": Status.NOT_JUDGED_YET,
            "rule": "one observation since the baseline: not met yet, and no pace can be read from one point",
            "judged_on": latest.used,
        }
    status = band(pace_now.ratio)
    return out | {
        "status": status,
        "rule": f"R = {pace_now.ratio:.2f} (bands 0.95 / 0.60 / 0)",
        "judged_on": latest.used,
    }


def _after_deadline(points: list[Point], deadline: date, goal_ok: Callable[[float], bool], hi: float | None) -> Fields:
    window = deadline - timedelta(days=STALE_DAYS)
    near = [p for p in points if window <= p.when <= deadline]
    later = [p for p in points if p.when > deadline]
    later_met = next((p for p in later if goal_ok(p.value)), None)
    if near:
        at = near[-1]
        if goal_ok(at.value):
            return {
                "status": _status_for_met(at.value, hi),
                "rule": "met at the deadline (the last observation within a year before it)",
                "judged_on": at.used,
            }
        if later_met is not None:
            return {
                "status": Status.MET_LATE,
                "rule": f"not met at the deadline; met after it, by {later_met.used.date}",
                "judged_on": later_met.used,
            }
        return {"status": Status.MISSED, "rule": "not met at the deadline", "judged_on": at.used}
    early = next((p for p in points if p.when < window and goal_ok(p.value)), None)
    if early is not None:
        return {
            "status": _status_for_met(early.value, hi),
            "rule": f"reached before the deadline, on {early.used.date}",
            "judged_on": early.used,
        }
    if later_met is not None:
        return {
            "status": Status.MET_LATE,
            "rule": f"no observation near the deadline; met after it, by {later_met.used.date}",
            "judged_on": later_met.used,
        }
    if later:
        return {
            "status": Status.MISSED,
            "rule": f"no observation near the deadline; still short after it, on {later[0].used.date}",
            "judged_on": later[0].used,
        }
    last = points[-1]
    return {
        "status": Status.NO_DATA,
        "rule": f"no observation within a year of the deadline; the latest ({last.used.date}) is too old to judge it",
    }


def _phase_checks(
    ctx: Context,
    plan: Plan,
    points: list[Point],
    knots: list[tuple[date, float]],
    comparator: str,
    base_day: date,
    deadline: date,
) -> list[PhaseCheck]:
    checks: list[PhaseCheck] = []
    for phase in plan.phases:
        end = phase.end.end
        if end <= base_day or end > deadline or end > ctx.as_of:
            continue
        expected = expected_at(knots, end, ctx.method)
        near = [p for p in points if end - timedelta(days=STALE_DAYS) <= p.when <= end]
        seen = near[-1] if near else None
        checks.append(
            PhaseCheck(
                phase=phase.id,
                end=phase.end.text,
                expected=expected,
                observed=seen.value if seen else None,
                observed_date=seen.used.date if seen else None,
                met=meets(seen.value, comparator, expected) if seen else None,
            )
        )
    return checks


def _points(ctx: Context, series: list[tuple[Observation, bool]]) -> list[Point]:
    return [Point(o.date.end, o.value, ctx.used(o, proxy=proxy)) for o, proxy in series]


def _scope_area(ctx: Context, plan: Plan, target: TargetBase) -> str:
    return ctx.scope_id(plan, target)


def threshold(ctx: Context, plan: Plan, target: ThresholdTarget) -> Fields:
    series = ctx.series(_scope_area(ctx, plan, target), target.measure)
    points = _points(ctx, series)
    interim = []
    for item in target.interim:
        phase = plan.phase(item.phase)
        if phase is not None:
            interim.append((phase.end.end, item.value))
    out = judge_level(ctx, plan, target, points, value=target.value, comparator=target.comparator, interim=interim)
    out["used"] = [p.used for p in points]
    if any(p.used.proxy for p in points):
        out["notes"] = [_proxy_note(ctx, points)]
    return out


def _proxy_note(ctx: Context, points: list[Point]) -> str:
    measures = ctx.tracker.measures
    names = sorted({p.used.measure for p in points if p.used.proxy})
    notes = [measures[n].proxy_note or "" for n in names if n in measures]
    return f"uses a proxy measure ({', '.join(names)}): " + " ".join(n for n in notes if n)


def approx(ctx: Context, plan: Plan, target: ApproxTarget) -> Fields:
    series = ctx.series(_scope_area(ctx, plan, target), target.measure)
    points = _points(ctx, series)
    lo, hi = target.value * (1 - target.tolerance), target.value * (1 + target.tolerance)
    out = judge_level(ctx, plan, target, points, value=target.value, comparator=">=", lo=lo, hi=hi)
    out["used"] = [p.used for p in points]
    return out


def composition(ctx: Context, plan: Plan, target: CompositionTarget) -> Fields:
    area = _scope_area(ctx, plan, target)
    by_day: dict[date, dict[str, Observation]] = {}
    for part in target.parts:
        for o, _ in ctx.series(area, part.measure):
            by_day.setdefault(o.date.end, {})[part.measure] = o
    needed = {p.measure for p in target.parts}
    complete = sorted(d for d, got in by_day.items() if set(got) == needed)
    points: list[Point] = []
    shares_at: dict[date, list[ShareResult]] = {}
    for day in complete:
        got = by_day[day]
        total = sum(got[p.measure].value for p in target.parts)
        results = []
        for p in target.parts:
            share = got[p.measure].value / total if total else None
            inside = share is not None and abs(share - p.share) <= p.tolerance + 1e-12
            results.append(
                ShareResult(
                    label={"zh": p.label.zh, "en": p.label.en},
                    measure=p.measure,
                    value=got[p.measure].value,
                    share=share,
                    target=p.share,
                    tolerance=p.tolerance,
                    inside=inside,
                )
            )
        shares_at[day] = results
        distance = sum(max(0.0, abs((r.share or 0) - r.target) - r.tolerance) for r in results)
        first = got[target.parts[0].measure]
        points.append(Point(day, distance, ctx.used(first)))
    if not points:
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
            )
            for p in target.parts
        ]
        used_rows = [ctx.used(o) for o in have.values()]
        return {
            "status": Status.NO_DATA,
            "rule": "no date with a figure for every part of the mix",
            "shares": shares,
            "used": used_rows,
            "notes": [f"missing: {', '.join(missing)}"] if missing else [],
        }
    # The mix is judged as its distance outside the bands, which must fall to 0.
    out = judge_level(ctx, plan, target, points, value=0.0, comparator="<=")
    out.pop("share_achieved", None)
    latest_day = points[-1].when
    out["shares"] = shares_at[latest_day]
    out["used"] = [ctx.used(o) for o in by_day[latest_day].values()]
    worst = max(shares_at[latest_day], key=lambda r: abs((r.share or 0) - r.target) - r.tolerance)
    out["notes"] = [
        f"worst share: {worst.label['en']} {100 * (worst.share or 0):.1f}% against {100 * worst.target:.0f}% "
        f"± {100 * worst.tolerance:.0f}"
    ]
    return out


State = Literal["ok", "short", "over", "no_data"]


def _state_of(target: CoverageTarget | RangeTarget) -> Callable[[float | None], State]:
    hi = target.maximum if isinstance(target, RangeTarget) else None

    def state(v: float | None) -> State:
        if v is None:
            return "no_data"
        if v < target.minimum:
            return "short"
        return "over" if hi is not None and v > hi else "ok"

    return state


def _unit_states(ctx: Context, plan: Plan, target: CoverageTarget | RangeTarget, when: date) -> list[State]:
    """Each unit's state on a date, without the detail a report shows (for the other dates a
    rule looks at: after the deadline, at the baseline)."""
    state, units = _state_of(target), target.units
    if units.areas is not None:
        found = [
            ctx.area_value(a.id, target.measure, when)
            for a in ctx.unit_areas(plan, units.areas, when, include_city=units.include_city)
        ]
        return [state(f[0] if f else None) for f in found]
    values = ctx.register_values(units.register_id or "", target.measure, when, _within(ctx, target, when))
    names = list(units.names or [])
    return [state(values.get(n)) for n in names] + [state(v) for k, v in values.items() if k not in names]


def _within(ctx: Context, target: CoverageTarget | RangeTarget, when: date) -> set[str] | None:
    """The ids of the areas a register target is limited to (None: no limit)."""
    if not target.units.within:
        return None
    found = (ctx.tracker.areas.resolve(n, when).area for n in target.units.within)
    return {a.id for a in found if a is not None}


def _unit_results(
    ctx: Context, plan: Plan, target: CoverageTarget | RangeTarget, when: date
) -> tuple[list[UnitResult], list[Observation]]:
    results: list[UnitResult] = []
    rows: list[Observation] = []
    state, units = _state_of(target), target.units
    if units.areas is not None:
        for area in ctx.unit_areas(plan, units.areas, when, include_city=units.include_city):
            found = ctx.area_value(area.id, target.measure, when)
            if found is None:
                results.append(UnitResult(unit=area.name, area=area.name, value=None, state="no_data"))
                continue
            value, how, row = found
            rows.append(row)
            results.append(
                UnitResult(
                    unit=area.name,
                    area=area.name,
                    value=value,
                    state=state(value),
                    date=row.date.text,
                    derived=how,
                )
            )
        return results, rows
    latest = ctx.register_units(units.register_id or "", target.measure, when, _within(ctx, target, when))
    names = list(units.names or [])
    area_names = {a.id: a.name for a in ctx.tracker.areas.by_id.values()}
    for name in names + [k for k in latest if k not in names]:
        row_or_none = latest.get(name)
        if row_or_none is None:
            results.append(UnitResult(unit=name, area="", value=None, state="no_data", date=None))
            continue
        rows.append(row_or_none)
        results.append(
            UnitResult(
                unit=name,
                area=area_names.get(row_or_none.area, row_or_none.area),
                value=row_or_none.value,
                state=state(row_or_none.value),
                date=row_or_none.date.text,
            )
        )
    return results, rows


def units_rule(ctx: Context, plan: Plan, target: CoverageTarget | RangeTarget) -> Fields:
    """Coverage and per-unit ranges: every unit must hold at least the minimum."""
    due = plan.deadline_of(target)
    deadline = due.end if due else ctx.as_of
    judge_day = min(ctx.as_of, deadline)
    results, rows = _unit_results(ctx, plan, target, judge_day)
    out: Fields = _unit_fields(ctx, results, rows)
    if not results:
        return out | {"status": Status.NO_DATA, "rule": "no units to judge: the register holds none"}
    met = out["units_met"]
    total = out["units_total"]
    short = [r for r in results if r.state == "short"]
    unknown = [r for r in results if r.state == "no_data"]
    what = f"{met} of {total} units meet the minimum"
    if met == total:
        return out | {"status": Status.MET, "rule": what}
    if ctx.as_of >= deadline:
        later = _unit_states(ctx, plan, target, ctx.as_of) if ctx.as_of > deadline else []
        if later and all(s in ("ok", "over") for s in later):
            later_results, later_rows = _unit_results(ctx, plan, target, ctx.as_of)
            return _unit_fields(ctx, later_results, later_rows) | {
                "status": Status.MET_LATE,
                "rule": f"not every unit met the minimum at the deadline; all {len(later)} did by {ctx.as_of}",
            }
        if short:
            return out | {"status": Status.MISSED, "rule": f"{what} at the deadline; {len(short)} fall short"}
        return out | {"status": Status.NO_DATA, "rule": f"{what} at the deadline; {len(unknown)} have no data"}
    if unknown:
        return out | {"status": Status.NO_DATA, "rule": f"{what}; {len(unknown)} have no data"}
    # Every unit has a figure: judge the share of units meeting the minimum against 100% by the deadline.
    start = plan.baseline_date.end
    base = _unit_states(ctx, plan, target, start)
    latest_day = max(r.date.end for r in rows)
    if not base or any(s == "no_data" for s in base) or due is None:
        return out | {"status": Status.NOT_JUDGED_YET, "rule": f"{what}; no complete baseline to read a pace from"}
    s0 = sum(s != "short" for s in base) / len(base)
    p = pace((start, s0), (latest_day, met / total), (deadline, 1.0), "linear")
    if p is None:
        return out | {"status": Status.NOT_JUDGED_YET, "rule": f"{what}; no pace can be read"}
    return out | {"pace": p, "status": band(p.ratio), "rule": f"{what}; R = {p.ratio:.2f} on the share of units"}


def _unit_fields(ctx: Context, results: list[UnitResult], rows: list[Observation]) -> Fields:
    met = sum(r.state in ("ok", "over") for r in results)
    return {
        "units": results,
        "units_total": len(results),
        "units_met": met,
        "value": float(met),
        "target_value": float(len(results)),
        "gap": float(len(results) - met),
        "share_achieved": met / len(results) if results else None,
        "used": [ctx.used(o) for o in sorted(rows, key=lambda o: (o.file, o.line))],
    }


def ratio(ctx: Context, plan: Plan, target: RatioTarget) -> Fields:
    area = _scope_area(ctx, plan, target)
    num = {o.date.end: o for o, _ in ctx.series(area, target.numerator)}
    den = {o.date.end: o for o, _ in ctx.series(area, target.denominator)}
    points = [
        Point(day, num[day].value / den[day].value, ctx.used(num[day]))
        for day in sorted(set(num) & set(den))
        if den[day].value
    ]
    used_rows = [u for day in sorted(set(num) & set(den)) for u in (ctx.used(num[day]), ctx.used(den[day]))]
    if target.value is None:
        out: Fields = {"status": Status.TRACKED, "rule": "the plan gives no number: tracked, not judged"}
        if points:
            out |= {"value": points[-1].value, "latest": points[-1].used}
        return out | {"used": used_rows}
    out = judge_level(ctx, plan, target, points, value=target.value, comparator=target.comparator)
    out["used"] = used_rows
    return out


def per_capita(ctx: Context, plan: Plan, target: PerCapitaTarget) -> Fields:
    rows = ctx.register_rows(target.register_id, target.measure)
    if ctx.area is not None:
        rows = [r for r in rows if r.area == ctx.area.id]
    if not rows:
        return {"status": Status.NO_DATA, "rule": "no per-person figures on or before the as-of date"}
    year = max(r.date.end.year for r in rows)
    this_year: dict[str, Observation] = {}
    for r in rows:
        if r.date.end.year == year:
            this_year[r.unit] = r
    results = [
        UnitResult(
            unit=unit,
            area=ctx.tracker.areas.by_id[o.area].name if o.area in ctx.tracker.areas.by_id else o.area,
            value=o.value,
            state="ok" if o.value >= target.minimum else "short",
            date=o.date.text,
        )
        for unit, o in sorted(this_year.items())
    ]
    met = sum(r.state == "ok" for r in results)
    out: Fields = {
        "units": results,
        "units_total": len(results),
        "units_met": met,
        "value": met / len(results),
        "target_value": 1.0,
        "comparator": ">=",
        "gap": float(len(results) - met),
        "share_achieved": met / len(results),
        "used": [ctx.used(o) for o in sorted(this_year.values(), key=lambda o: (o.file, o.line))],
    }
    what = f"{met} of {len(results)} persons reached {target.minimum:g} in {year}"
    if met == len(results):
        return out | {"status": Status.MET, "rule": what}
    return out | {"status": Status.MISSED, "rule": what}


def milestone(ctx: Context, plan: Plan, target: MilestoneTarget) -> Fields:
    events = ctx.events.get(target.id, [])
    due = plan.deadline_of(target)
    out: Fields = {"used": []}
    done = next((e for e in events if e.status == "done"), None)
    overdue = due is not None and ctx.as_of > due.end
    if done is not None:
        late = due is not None and done.date.end > due.end
        return out | {
            "status": Status.MET_LATE if late else Status.MET,
            "rule": f"done on {done.date}: {done.evidence}",
            "notes": [f"evidence: {done.evidence} ({done.source_url}, grade {done.grade})"],
        }
    if not events:
        rule = "no evidence recorded"
        return out | {"status": Status.NO_DATA, "rule": rule + (f"; due {due} has passed" if overdue else "")}
    last = events[-1]
    if overdue:
        return out | {"status": Status.OVERDUE, "rule": f"due {due}; latest evidence ({last.date}) says {last.status}"}
    return out | {
        "status": Status.NOT_JUDGED_YET,
        "rule": f"not due yet; latest evidence ({last.date}) says {last.status}",
    }


def recurring(ctx: Context, plan: Plan, target: RecurringTarget) -> Fields:
    events = ctx.events.get(target.id, [])
    by_year: dict[int, list[Any]] = {}
    for e in events:
        by_year.setdefault(e.date.end.year, []).append(e)
    last_year = min(target.last_year or ctx.as_of.year, ctx.as_of.year)
    years: list[YearResult] = []
    for year in range(target.first_year, last_year + 1):
        evs = by_year.get(year, [])
        held = next((e for e in evs if e.status == "held"), None)
        complete = date(year, 12, 31) <= ctx.as_of
        if held is not None:
            years.append(YearResult(year=year, state="held", evidence=held.evidence))
        elif evs:
            years.append(YearResult(year=year, state="missed", evidence=evs[-1].evidence))
        else:
            years.append(YearResult(year=year, state="no_data" if complete else "pending"))
    due_years = [y for y in years if y.state != "pending"]
    held_n = sum(y.state == "held" for y in due_years)
    missed = [y.year for y in due_years if y.state == "missed"]
    unknown = [y.year for y in due_years if y.state == "no_data"]
    out: Fields = {
        "years": years,
        "value": float(held_n),
        "target_value": float(len(due_years)),
        "gap": float(len(due_years) - held_n),
        "share_achieved": held_n / len(due_years) if due_years else None,
        "used": [],
    }
    what = f"held in {held_n} of {len(due_years)} years"
    if not events:
        return out | {"status": Status.NO_DATA, "rule": "no evidence recorded for any year"}
    if missed:
        return out | {"status": Status.MISSED, "rule": f"{what}; not held in {', '.join(map(str, missed))}"}
    if unknown:
        return out | {"status": Status.NO_DATA, "rule": f"{what}; no evidence for {len(unknown)} years"}
    return out | {"status": Status.MET, "rule": what}


def taxonomy(ctx: Context, plan: Plan, target: TaxonomyTarget) -> Fields:
    area = _scope_area(ctx, plan, target)
    used_rows: list[Used] = []
    notes = []
    for level in target.levels:
        series = ctx.series(area, level)
        if series:
            o = series[-1][0]
            used_rows.append(ctx.used(o))
            notes.append(f"{level}: {_fmt(o.value)} ({o.date})")
        else:
            notes.append(f"{level}: no data")
    return {
        "status": Status.TRACKED,
        "rule": "the level taxonomy the data must use: tracked, not judged",
        "used": used_rows,
        "notes": notes,
    }


def assess_target(ctx: Context, plan: Plan, target: TargetBase) -> Assessment:
    fields: Fields
    if isinstance(target, ThresholdTarget):
        fields = threshold(ctx, plan, target)
    elif isinstance(target, ApproxTarget):
        fields = approx(ctx, plan, target)
    elif isinstance(target, CompositionTarget):
        fields = composition(ctx, plan, target)
    elif isinstance(target, (CoverageTarget, RangeTarget)):
        fields = units_rule(ctx, plan, target)
    elif isinstance(target, RatioTarget):
        fields = ratio(ctx, plan, target)
    elif isinstance(target, PerCapitaTarget):
        fields = per_capita(ctx, plan, target)
    elif isinstance(target, MilestoneTarget):
        fields = milestone(ctx, plan, target)
    elif isinstance(target, RecurringTarget):
        fields = recurring(ctx, plan, target)
    elif isinstance(target, TaxonomyTarget):
        fields = taxonomy(ctx, plan, target)
    else:  # pragma: no cover - the union is closed
        raise TypeError(type(target).__name__)
    notes = list(fields.pop("notes", []))
    if target.note:
        notes.append(target.note)
    due = plan.deadline_of(target)
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
        method=ctx.method,
        notes=notes,
        **fields,
    )

"""Assessing targets: where each stands at an as-of date, and whether it will be met."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from swtrack.assess.asof import newest_read
from swtrack.assess.context import Context
from swtrack.assess.model import SEVERITY_ORDER, Assessment, NewestRead, PlanSummary, Status, StatusReport
from swtrack.assess.rules import assess_target
from swtrack.load.gcpause import gc_paused
from swtrack.load.memory import give_back
from swtrack.load.tracker import Tracker
from swtrack.model.areas import Area
from swtrack.model.plan import CoverageTarget, PerCapitaTarget, RangeTarget

UNIT_KINDS = (CoverageTarget, RangeTarget, PerCapitaTarget)

__all__ = ["Assessment", "Status", "StatusReport", "assess", "latest_data_date"]


def latest_data_date(tracker: Tracker) -> date | None:
    """The newest date in any table (a plan's default as-of date is the newest figure it reads:
    assess/asof.py); what `--area` names is resolved at it when no date is given."""
    days = [d for d in (tracker.observations.latest_day(), tracker.unit_rows.latest_day()) if d is not None]
    days += [e.date.end for e in tracker.events]
    return max(days) if days else None


def assess(
    tracker: Tracker,
    *,
    as_of: date | None = None,
    method: str = "linear",
    plan_id: str | None = None,
    area: Area | None = None,
    unit_limit: int | None = None,
    refs: Collection[str] | None = None,
) -> StatusReport:
    """Assess every target of every plan (or one plan) as the tracker stood on as_of. With a
    unit_limit, unit targets name only their short or unknown units, up to the limit, and cite
    only those units' figures (`status`); without, every unit (`explain`, the brief). With refs,
    only the targets whose id or ref is one of them (`explain`: a national register target's
    every unit, without every other target's too); the plans' counts then count only those."""
    with gc_paused():
        return _assess(
            tracker, as_of=as_of, method=method, plan_id=plan_id, area=area, unit_limit=unit_limit, refs=refs
        )


def _assess(
    tracker: Tracker,
    *,
    as_of: date | None,
    method: str,
    plan_id: str | None,
    area: Area | None,
    unit_limit: int | None,
    refs: Collection[str] | None,
) -> StatusReport:
    plans = [tracker.plan(plan_id)] if plan_id else tracker.plans
    assessments: list[Assessment] = []
    summaries: list[PlanSummary] = []
    ctx: Context | None = None
    uncited: set[str] = set()
    for plan in plans:
        # Each plan at its own date: a figure one plan does not read never moves another's verdicts.
        newest = newest_read(tracker, plan, as_of)
        if as_of is not None:
            when, basis = as_of, "option"
        elif newest is not None:
            when, basis = newest.day, "newest_read"
        else:
            when, basis = date.today(), "today"
        if ctx is None or ctx.as_of != when:
            if ctx is not None:
                uncited |= ctx.uncited_days
            ctx = None  # the previous date's index freed before the next is built
            ctx = Context(tracker, when, method, area, unit_limit)
        ctx.as_of_basis = basis
        mine: list[Assessment] = []
        for target in plan.targets:
            if refs is not None and target.id not in refs and target.ref not in refs:
                continue
            mine.append(assess_target(ctx, plan, target))
            ctx.forget()
            if isinstance(target, UNIT_KINDS):
                give_back()  # a register's units were judged in lists and arrays just freed
        counts = {s.value: sum(a.status == s for a in mine) for s in SEVERITY_ORDER}
        summaries.append(
            PlanSummary(
                plan=plan.id,
                title={"zh": plan.title.zh, "en": plan.title.en},
                counts=counts,
                as_of=when.isoformat(),
                as_of_basis=basis,
                newest_read=NewestRead(date=newest.date, file=newest.file, line=newest.line) if newest else None,
            )
        )
        assessments.extend(mine)
    if ctx is not None:
        uncited |= ctx.uncited_days
    dates = [s.as_of for s in summaries]
    when = date.fromisoformat(max(dates)) if dates else as_of or latest_data_date(tracker) or date.today()
    used_days = sorted([*(u.date for a in assessments for u in a.used), *uncited])
    return StatusReport(
        as_of=when.isoformat(),
        method=method,
        area=area.name if area else None,
        plans=summaries,
        assessments=assessments,
        oldest_used=used_days[0] if used_days else None,
        newest_used=used_days[-1] if used_days else None,
    )

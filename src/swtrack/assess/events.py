"""Targets judged on events: one-off milestones and yearly recurring events (data/events.csv)."""

from __future__ import annotations

from datetime import date
from typing import Any

from swtrack.assess.context import Context
from swtrack.assess.level import Fields
from swtrack.assess.model import Status, UsedEvent, YearResult
from swtrack.load.rows import Event
from swtrack.model.plan import MilestoneTarget, Plan, RecurringTarget


def cite(*events: Event) -> list[UsedEvent]:
    """The event rows a verdict rests on, each with its source and place."""
    return [
        UsedEvent(e.date.text, e.status, e.evidence, e.source_url, e.grade, e.file, e.line, e.evidence_zh)
        for e in events
    ]


def milestone(ctx: Context, plan: Plan, target: MilestoneTarget) -> Fields:
    """`done` dates when a thing happened, `done_by` only that it had happened by then; lateness
    is said only on evidence: a completion dated after the deadline, or a record at or after the
    deadline that it was not yet done."""
    events = ctx.events.get(target.id, [])
    due = plan.deadline_of(target)
    out: Fields = {"used": []}
    if not events:
        overdue = due is not None and ctx.as_of > due.end
        rule = "no evidence recorded" + (f"; due {due} has passed" if overdue else "")
        return out | {"status": Status.NO_DATA, "rule": rule}
    finished = next((e for e in events if e.status in ("done", "done_by")), None)
    if finished is not None:
        # The evidence is in `events`, not in the rule: each output shows it in its own language.
        out["events"] = cite(finished)
        when = "done on" if finished.status == "done" else "done by"
        if due is None or finished.date.end <= due.end:
            return out | {"status": Status.MET, "rule": f"{when} {finished.date}"}
        if finished.status == "done":
            rule = f"done on {finished.date}, after the deadline {due}"
            return out | {"status": Status.MET_LATE, "rule": rule}
        pending = [e for e in events if due.end <= e.date.end <= finished.date.end and e.status != "done_by"]
        if pending:
            first = pending[0]
            out["events"] = cite(first, finished)
            rule = f"{first.status} on {first.date}, after the deadline {due}; done by {finished.date}"
            return out | {"status": Status.MET_LATE, "rule": rule}
        rule = f"done by {finished.date}; whether by the deadline ({due}) is unknown"
        return out | {"status": Status.MET_BY, "rule": rule}
    instead = next((e for e in events if e.status == "substitute"), None)
    if instead is not None:
        # Not the thing the plan names, whatever the date: the verdict says what was done instead
        # (`substitute`, in both languages; its source is the cited event).
        return out | {
            "status": Status.MET_BY_SUBSTITUTE,
            "rule": f"not done as the plan names it; done instead (shown by {instead.date})",
            "substitute": instead.evidence,
            "substitute_zh": instead.evidence_zh,
            "events": cite(instead),
        }
    last = events[-1]
    out["events"] = cite(last)
    if due is None or ctx.as_of <= due.end:
        return out | {
            "status": Status.NOT_JUDGED_YET,
            "rule": f"not due yet; latest evidence ({last.date}) says {last.status}",
        }
    if last.date.end >= due.end:
        return out | {"status": Status.OVERDUE, "rule": f"due {due}; evidence of {last.date} says {last.status}"}
    return out | {
        "status": Status.STALE,
        "rule": f"due {due}; the latest evidence ({last.date}, {last.status}) is from before the deadline",
    }


def recurring(ctx: Context, plan: Plan, target: RecurringTarget) -> Fields:
    """Each complete year held, not held, or without evidence; the current year is pending."""
    events = ctx.events.get(target.id, [])
    by_year: dict[int, list[Any]] = {}
    for e in events:
        by_year.setdefault(e.date.end.year, []).append(e)
    last_year = min(target.last_year or ctx.as_of.year, ctx.as_of.year)
    years: list[YearResult] = []
    cited: list[Event] = []
    for year in range(target.first_year, last_year + 1):
        evs = by_year.get(year, [])
        held = next((e for e in evs if e.status == "held"), None)
        complete = date(year, 12, 31) <= ctx.as_of
        if held is not None:
            years.append(YearResult(year=year, state="held", evidence=held.evidence, evidence_zh=held.evidence_zh))
            cited.append(held)
        elif evs:
            last = evs[-1]
            years.append(YearResult(year=year, state="missed", evidence=last.evidence, evidence_zh=last.evidence_zh))
            cited.append(last)
        else:
            years.append(YearResult(year=year, state="no_data" if complete else "pending"))
    if not events:
        return {"years": years, "used": [], "status": Status.NO_DATA, "rule": "no evidence recorded for any year"}
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
        "events": cite(*cited),
    }
    what = f"held in {held_n} of {len(due_years)} years"
    if missed:
        return out | {"status": Status.MISSED, "rule": f"{what}; not held in {', '.join(map(str, missed))}"}
    if unknown:
        return out | {
            "status": Status.INCONCLUSIVE,
            "rule": f"{what}; no evidence either way for {len(unknown)} ({_years(unknown)})",
        }
    return out | {"status": Status.MET, "rule": what}


def _years(years: list[int]) -> str:
    """2012, 2015–2018, 2020: runs of years joined."""
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)

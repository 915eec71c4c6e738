"""Checks over a loaded tracker: references, duplicates, totals, dates and data gaps."""

from __future__ import annotations

from datetime import date

import numpy as np

from swtrack.check.duplicates import check_events, check_table
from swtrack.check.plantext import check_plan_text
from swtrack.findings import Report
from swtrack.load.columns import RowTable, first_rows, group_ids
from swtrack.load.modelerrors import did_you_mean
from swtrack.load.snapshots import MILESTONE_STATUSES, RECURRING_STATUSES
from swtrack.load.tracker import Tracker
from swtrack.load.yamlfile import Loc, YamlDoc
from swtrack.model.dates import PartialDate
from swtrack.model.plan import (
    ApproxTarget,
    CoverageTarget,
    MilestoneTarget,
    PerCapitaTarget,
    Plan,
    RangeTarget,
    RecurringTarget,
    TargetBase,
    ThresholdTarget,
)


def validate(tracker: Tracker, *, today: date | None = None) -> Report:
    """Every check that needs more than one row or file; loading findings are separate."""
    report = Report()
    today = today or date.today()
    _check_registries(tracker, report)
    for plan in tracker.plans:
        _check_plan(tracker, plan, report)
    check_plan_text(tracker, report)
    _check_rows(tracker, tracker.observations, report, today, unit_level=False)
    _check_rows(tracker, tracker.unit_rows, report, today, unit_level=True)
    _check_events(tracker, report, today)
    _check_gaps(tracker, report)
    return report


def _add(
    report: Report,
    code: str,
    message: str,
    doc: YamlDoc | None,
    loc: Loc,
    *,
    hint: str | None = None,
    warning: bool = False,
    follows: str | None = None,
) -> None:
    """A finding at the YAML position of loc in doc (follows: the root cause it follows from)."""
    line, col = doc.mark(loc) if doc is not None else (None, None)
    add = report.warn if warning else report.add
    add(code, message, file=doc.path if doc else None, line=line, column=col, hint=hint, follows=follows)


def _check_registries(tracker: Tracker, report: Report) -> None:
    seen: set[str] = set()
    for reg in tracker.areas.registries:
        doc = tracker.docs.get(f"areas:{reg.jurisdiction}")
        for i, area in enumerate(reg.areas):
            if area.id in seen:
                _add(
                    report,
                    "duplicate-id",
                    f"area id '{area.id}' is used twice",
                    doc,
                    ("areas", i, "id"),
                )
            seen.add(area.id)
            for j, link in enumerate(area.predecessors):
                if link.id not in tracker.areas.by_id:
                    msg = f"predecessor '{link.id}' of '{area.id}' is not in any registry"
                    at: Loc = ("areas", i, "predecessors", j, "id")
                    _add(report, "unknown-area", msg, doc, at, follows=tracker.follows("area", link.id))
    doc = tracker.docs.get("measures")
    ids: set[str] = set()
    sections: list[tuple[str, list[str]]] = [
        ("measures", [m.id for m in tracker.catalogue.measures]),
        ("registers", [r.id for r in tracker.catalogue.registers]),
    ]
    for section, items in sections:
        for i, item_id in enumerate(items):
            if item_id in ids:
                _add(
                    report,
                    "duplicate-id",
                    f"id '{item_id}' is used twice in the catalogue",
                    doc,
                    (section, i, "id"),
                )
            ids.add(item_id)
    measures = tracker.measures
    for i, m in enumerate(tracker.catalogue.measures):
        for name in ("proxy_for", "component_of"):
            other = getattr(m, name)
            if other is not None and other not in measures:
                msg = f"{name} of '{m.id}' names unknown measure '{other}'"
                root = tracker.follows("measure", other)
                _add(report, "unknown-measure", msg, doc, ("measures", i, name), follows=root)
    for i, r in enumerate(tracker.catalogue.registers):
        if r.universe is not None and r.universe not in measures:
            msg = f"universe of register '{r.id}' names unknown measure '{r.universe}'"
            root = tracker.follows("measure", r.universe)
            _add(report, "unknown-measure", msg, doc, ("registers", i, "universe"), follows=root)
    _check_proxy_cycles(tracker, report)


def _check_proxy_cycles(tracker: Tracker, report: Report) -> None:
    """A proxy chain that comes back to where it started makes each measure a bound on itself."""
    doc = tracker.docs.get("measures")
    proxy_of = {m.id: m.proxy_for for m in tracker.catalogue.measures if m.proxy_for}
    position = {m.id: i for i, m in enumerate(tracker.catalogue.measures)}
    reported: set[str] = set()
    for start in sorted(proxy_of, key=position.__getitem__):
        chain, at = [start], proxy_of.get(start)
        while at is not None and at not in chain:
            chain.append(at)
            at = proxy_of.get(at)
        if at != start or start in reported:
            continue
        reported.update(chain)
        loop = " → ".join([*chain, start])
        msg = f"measures are proxies of each other: {loop}"
        _add(report, "proxy-cycle", msg, doc, ("measures", position[start], "proxy_for"))


def _check_plan(tracker: Tracker, plan: Plan, report: Report) -> None:
    doc = tracker.docs.get(plan.id)
    measures = tracker.measures
    registers = {r.id for r in tracker.catalogue.registers}
    if tracker.areas.top(plan.jurisdiction) is None:
        known = ", ".join(sorted(r.jurisdiction for r in tracker.areas.registries)) or "none"
        msg = (
            f"jurisdiction '{plan.jurisdiction}' has no registry with an area in targets/areas/"
            f" (registries: {known}); write targets/areas/{plan.jurisdiction}.yaml or .csv"
            " (swtrack init --jurisdiction writes one)"
        )
        root = tracker.follows("jurisdiction", plan.jurisdiction)
        _add(report, "unknown-area", msg, doc, ("jurisdiction",), follows=root)
    for i in range(1, len(plan.phases)):
        this, before = plan.phases[i], plan.phases[i - 1]
        if this.end <= before.end:
            msg = f"phase '{this.id}' ends on {this.end}, not after '{before.id}' ({before.end})"
            _add(report, "phases-out-of-order", msg, doc, ("phases", i, "end"))
    seen: dict[str, int] = {}
    for i, target in enumerate(plan.targets):
        loc: Loc = ("targets", i)
        if target.id in seen:
            msg = f"target '{target.id}' appears twice (targets {seen[target.id]} and {i})"
            _add(report, "duplicate-id", msg, doc, (*loc, "ref"))
        seen[target.id] = i
        if target.phase is not None and plan.phase(target.phase) is None:
            phases = ", ".join(p.id for p in plan.phases)
            msg = f"target {target.id} names phase '{target.phase}'; the plan has {phases}"
            _add(report, "unknown-phase", msg, doc, (*loc, "phase"))
        for path, mid in measure_fields(target):
            if mid not in measures:
                root = tracker.follows("measure", mid)
                guess = did_you_mean(mid, measures) if root is None else None
                msg = f"target {target.id} uses unknown measure '{mid}'" + (f": did you mean {guess}?" if guess else "")
                msg += f" (not loaded: see {root})" if root else ""
                _add(report, "unknown-measure", msg, doc, (*loc, *path), follows=root)
        register = _register_of(target)
        if register is not None and register not in registers:
            msg = f"target {target.id} uses unknown register '{register}'"
            _add(report, "unknown-register", msg, doc, loc, follows=tracker.follows("register", register))
        due = plan.deadline_of(target)
        start = _baseline_date(plan, target)
        if due is not None and due.end < start.end:
            msg = f"target {target.id} is due {due}, before its baseline {start}"
            _add(
                report,
                "deadline-before-baseline",
                msg,
                doc,
                (*loc, "deadline" if target.deadline else "phase"),
            )
        if target.area is not None:
            res = tracker.areas.resolve(target.area, (due or plan.horizon).end)
            if res.area is None:
                root = tracker.follows("area", target.area)
                _add(report, "unknown-area", res.message, doc, (*loc, "area"), hint=res.hint, follows=root)
        if isinstance(target, ThresholdTarget):
            for j, interim in enumerate(target.interim):
                if plan.phase(interim.phase) is None:
                    msg = f"interim value of {target.id} names unknown phase '{interim.phase}'"
                    _add(report, "unknown-phase", msg, doc, (*loc, "interim", j, "phase"))
        if isinstance(target, (CoverageTarget, RangeTarget)):
            for j, name in enumerate(target.units.within or []):
                res = tracker.areas.resolve(name, plan.horizon.end)
                if res.area is None:
                    root = tracker.follows("area", name)
                    at = (*loc, "units", "within", j)
                    _add(report, "unknown-area", res.message, doc, at, hint=res.hint, follows=root)


def _baseline_date(plan: Plan, target: TargetBase) -> PartialDate:
    if isinstance(target, (ThresholdTarget, ApproxTarget)) and target.baseline is not None:
        return target.baseline.date
    return plan.baseline_date


def measure_fields(target: TargetBase) -> list[tuple[Loc, str]]:
    """Every measure a target names, with its place in the target's YAML."""
    fields: list[tuple[Loc, str]] = []
    fields_set = vars(target)  # a model's own fields; getattr on a missing name is slow in pydantic
    for name in ("measure", "numerator", "denominator"):
        value = fields_set.get(name)
        if isinstance(value, str):
            fields.append(((name,), value))
    for j, part in enumerate(fields_set.get("parts", [])):
        fields.append((("parts", j, "measure"), part.measure))
    for j, level in enumerate(fields_set.get("levels", [])):
        fields.append((("levels", j), level))
    return fields


def _register_of(target: TargetBase) -> str | None:
    if isinstance(target, PerCapitaTarget):
        return target.register_id
    if isinstance(target, (CoverageTarget, RangeTarget)):
        return target.units.register_id
    return None


def _check_rows(
    tracker: Tracker,
    table: RowTable,
    report: Report,
    today: date,
    *,
    unit_level: bool,
) -> None:
    """Duplicated keys and rows, future dates and parts above their totals, over whole columns."""
    if not len(table):
        return
    check_table(table, report, unit_level=unit_level)
    for obs in table.rows(np.flatnonzero(table.start > today.toordinal())):
        report.add(
            "future-date",
            f"date {obs.date} is after today ({today.isoformat()})",
            file=obs.file,
            line=obs.line,
            column="date",
        )
    _check_totals(tracker, table, report)


def _check_totals(tracker: Tracker, table: RowTable, report: Report) -> None:
    """A part above its total on the same date, register unit and area (the last row of each
    measure there counts), unless the total is only a lower bound."""
    text = table.text
    pairs = [(m.id, m.component_of) for m in tracker.catalogue.measures if m.component_of]
    chosen = np.flatnonzero(np.isin(text("measure"), table.codes("measure", [m for pair in pairs for m in pair])))
    if not len(chosen):
        return
    place = group_ids(table.end[chosen], text("register")[chosen], text("unit")[chosen], text("area")[chosen])
    measure = text("measure")[chosen]
    # The last row of each measure at each place: the first one met reading backwards.
    key = group_ids(place[::-1], measure[::-1])
    last = len(chosen) - 1 - first_rows(key)
    value, qualifier = table.columns.value, text("qualifier")
    bounds = table.codes("qualifier", ["more_than", "at_least", "odd"])
    flagged: list[tuple[int, int]] = []
    for part_id, total_id in pairs:
        parts = last[measure[last] == table.code("measure", part_id)]
        totals = last[measure[last] == table.code("measure", total_id)]
        # Each place holds at most one last part and one last total: match them by place.
        totals = totals[np.argsort(place[totals], kind="stable")]
        at = np.searchsorted(place[totals], place[parts])
        hit = at < len(totals)
        hit[hit] = place[totals[at[hit]]] == place[parts[hit]]
        p, t = chosen[parts[hit]], chosen[totals[at[hit]]]
        over = (value[p] > value[t]) & ~np.isin(qualifier[t], bounds)
        flagged.extend(zip(p[over].tolist(), t[over].tolist(), strict=True))
    for p_row, t_row in sorted(flagged):
        obs, total = table.row(p_row), table.row(t_row)
        report.add(
            "component-exceeds-total",
            f"{obs.measure} = {obs.value:g} exceeds its total {total.measure} = {total.value:g} "
            f"(line {total.line}) at the same date and area",
            file=obs.file,
            line=obs.line,
            column="value",
        )


def _check_events(tracker: Tracker, report: Report, today: date) -> None:
    check_events(tracker.events, report)
    targets = {t.id: t for _, t in tracker.targets()}
    for ev in tracker.events:
        target = targets.get(ev.ref)
        if target is None:
            # A target of a plan (or a plan file) that failed to load: its finding is the cause.
            root = tracker.follows("target", ev.ref)
            guess = did_you_mean(ev.ref, targets) if root is None else None
            report.add(
                "unknown-ref",
                f"no target '{ev.ref}' in the plans" + (f": did you mean {guess}?" if guess else ""),
                file=ev.file,
                line=ev.line,
                column="ref",
                follows=root,
            )
            continue
        if ev.date.start > today:
            report.add(
                "future-date",
                f"date {ev.date} is after today",
                file=ev.file,
                line=ev.line,
                column="date",
            )
        fits = (
            ev.status in MILESTONE_STATUSES
            if isinstance(target, MilestoneTarget)
            else isinstance(target, RecurringTarget) and ev.status in RECURRING_STATUSES
        )
        if not fits:
            kind = getattr(target, "kind", "?")
            report.add(
                "wrong-event-status",
                f"status '{ev.status}' does not fit {ev.ref}, a {kind} target",
                file=ev.file,
                line=ev.line,
                column="status",
            )


def _check_gaps(tracker: Tracker, report: Report) -> None:
    have = {m for (m,) in tracker.observations.distinct("measure")} | {
        m for (m,) in tracker.unit_rows.distinct("measure")
    }
    have |= {m.proxy_for for m in tracker.catalogue.measures if m.id in have and m.proxy_for}
    with_events = {e.ref for e in tracker.events}
    in_registers = tracker.unit_rows.distinct("register", "measure")
    for plan in tracker.plans:
        doc = tracker.docs.get(plan.id)
        for i, target in enumerate(plan.targets):
            loc: Loc = ("targets", i, "ref")
            if isinstance(target, (MilestoneTarget, RecurringTarget)):
                if target.id not in with_events:
                    msg = f"{target.id}: no event in data/events.csv yet"
                    _add(report, "measure-without-data", msg, doc, loc, warning=True)
                continue
            missing = sorted({m for _, m in measure_fields(target) if m not in have})
            register = _register_of(target)
            if register is not None and not missing:
                missing = [
                    f"{m} in the {register} register"
                    for _, m in measure_fields(target)
                    if (register, m) not in in_registers
                ]
            if missing:
                msg = f"{target.id}: no data for {', '.join(missing)}"
                # No data because the measure (or the register) failed to load, not a data gap.
                roots = [tracker.follows("measure", m) for _, m in measure_fields(target)]
                if register is not None:
                    roots.append(tracker.follows("register", register))
                root = next((r for r in roots if r is not None), None)
                _add(report, "measure-without-data", msg, doc, loc, warning=True, follows=root)

"""Checks over a loaded tracker: references, duplicates, totals, dates and data gaps."""

from __future__ import annotations

from datetime import date

import numpy as np

from swtrack.check.duplicates import check_events, check_table
from swtrack.check.gaps import check_gaps, measure_fields, register_of
from swtrack.check.plantext import check_plan_text
from swtrack.findings import Report, Say
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
    check_gaps(tracker, report)
    return report


def _add(
    report: Report,
    code: str,
    message: Say,
    doc: YamlDoc | None,
    loc: Loc,
    *,
    hint: Say | None = None,
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
                    Say(f"area id '{area.id}' is used twice", f"地区编号 '{area.id}' 用了两次"),
                    doc,
                    ("areas", i, "id"),
                )
            seen.add(area.id)
            for j, link in enumerate(area.predecessors):
                if link.id not in tracker.areas.by_id:
                    msg = Say(
                        f"predecessor '{link.id}' of '{area.id}' is not in any registry",
                        f"'{area.id}' 的前身 '{link.id}' 不在任何地区名录中",
                    )
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
                    Say(f"id '{item_id}' is used twice in the catalogue", f"编号 '{item_id}' 在目录中用了两次"),
                    doc,
                    (section, i, "id"),
                )
            ids.add(item_id)
    measures = tracker.measures
    for i, m in enumerate(tracker.catalogue.measures):
        for name in ("proxy_for", "component_of"):
            other = getattr(m, name)
            if other is not None and other not in measures:
                msg = Say(
                    f"{name} of '{m.id}' names unknown measure '{other}'",
                    f"'{m.id}' 的 {name} 引用了未知指标 '{other}'",
                )
                root = tracker.follows("measure", other)
                _add(report, "unknown-measure", msg, doc, ("measures", i, name), follows=root)
    for i, r in enumerate(tracker.catalogue.registers):
        if r.universe is not None and r.universe not in measures:
            msg = Say(
                f"universe of register '{r.id}' names unknown measure '{r.universe}'",
                f"名册 '{r.id}' 的 universe 引用了未知指标 '{r.universe}'",
            )
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
        msg = Say(f"measures are proxies of each other: {loop}", f"指标互为替代口径：{loop}")
        _add(report, "proxy-cycle", msg, doc, ("measures", position[start], "proxy_for"))


def _check_plan(tracker: Tracker, plan: Plan, report: Report) -> None:
    doc = tracker.docs.get(plan.id)
    measures = tracker.measures
    registers = {r.id for r in tracker.catalogue.registers}
    if tracker.areas.top(plan.jurisdiction) is None:
        names = sorted(r.jurisdiction for r in tracker.areas.registries)
        msg = Say(
            f"jurisdiction '{plan.jurisdiction}' has no registry with an area in targets/areas/"
            f" (registries: {', '.join(names) or 'none'}); write targets/areas/{plan.jurisdiction}.yaml or .csv"
            " (swtrack init --jurisdiction writes one)",
            f"辖区 '{plan.jurisdiction}' 在 targets/areas/ 中没有含地区的名录（现有名录：{'、'.join(names) or '无'}）；"
            f"请写 targets/areas/{plan.jurisdiction}.yaml 或 .csv（swtrack init --jurisdiction 可生成）",
        )
        root = tracker.follows("jurisdiction", plan.jurisdiction)
        _add(report, "unknown-area", msg, doc, ("jurisdiction",), follows=root)
    for i in range(1, len(plan.phases)):
        this, before = plan.phases[i], plan.phases[i - 1]
        if this.end <= before.end:
            msg = Say(
                f"phase '{this.id}' ends on {this.end}, not after '{before.id}' ({before.end})",
                f"阶段 '{this.id}' 结束于 {this.end}，不晚于 '{before.id}'（{before.end}）",
            )
            _add(report, "phases-out-of-order", msg, doc, ("phases", i, "end"))
    seen: dict[str, int] = {}
    for i, target in enumerate(plan.targets):
        loc: Loc = ("targets", i)
        if target.id in seen:
            msg = Say(
                f"target '{target.id}' appears twice (targets {seen[target.id]} and {i})",
                f"目标 '{target.id}' 出现两次（targets 第 {seen[target.id]} 项和第 {i} 项）",
            )
            _add(report, "duplicate-id", msg, doc, (*loc, "ref"))
        seen[target.id] = i
        if target.phase is not None and plan.phase(target.phase) is None:
            phases = ", ".join(p.id for p in plan.phases)
            msg = Say(
                f"target {target.id} names phase '{target.phase}'; the plan has {phases}",
                f"目标 {target.id} 引用阶段 '{target.phase}'；规划中的阶段为 {phases.replace(', ', '、')}",
            )
            _add(report, "unknown-phase", msg, doc, (*loc, "phase"))
        for path, mid in measure_fields(target):
            if mid not in measures:
                root = tracker.follows("measure", mid)
                guess = did_you_mean(mid, measures) if root is None else None
                en = f"target {target.id} uses unknown measure '{mid}'" + (f": did you mean {guess}?" if guess else "")
                zh = f"目标 {target.id} 使用了未知指标 '{mid}'" + (f"：是否指 {guess}？" if guess else "")
                msg = Say(
                    en + (f" (not loaded: see {root})" if root else ""),
                    zh + (f"（未能载入：见 {root}）" if root else ""),
                )
                _add(report, "unknown-measure", msg, doc, (*loc, *path), follows=root)
        register = register_of(target)
        if register is not None and register not in registers:
            msg = Say(
                f"target {target.id} uses unknown register '{register}'",
                f"目标 {target.id} 使用了未知名册 '{register}'",
            )
            _add(report, "unknown-register", msg, doc, loc, follows=tracker.follows("register", register))
        due = plan.deadline_of(target)
        start = _baseline_date(plan, target)
        if due is not None and due.end < start.end:
            msg = Say(
                f"target {target.id} is due {due}, before its baseline {start}",
                f"目标 {target.id} 的期限 {due} 早于其基期 {start}",
            )
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
                _add(report, "unknown-area", res.said, doc, (*loc, "area"), hint=res.hint_said, follows=root)
        if isinstance(target, ThresholdTarget):
            for j, interim in enumerate(target.interim):
                if plan.phase(interim.phase) is None:
                    msg = Say(
                        f"interim value of {target.id} names unknown phase '{interim.phase}'",
                        f"{target.id} 的阶段值引用了未知阶段 '{interim.phase}'",
                    )
                    _add(report, "unknown-phase", msg, doc, (*loc, "interim", j, "phase"))
        if isinstance(target, (CoverageTarget, RangeTarget)):
            for j, name in enumerate(target.units.within or []):
                res = tracker.areas.resolve(name, plan.horizon.end)
                if res.area is None:
                    root = tracker.follows("area", name)
                    at = (*loc, "units", "within", j)
                    _add(report, "unknown-area", res.said, doc, at, hint=res.hint_said, follows=root)


def _baseline_date(plan: Plan, target: TargetBase) -> PartialDate:
    if isinstance(target, (ThresholdTarget, ApproxTarget)) and target.baseline is not None:
        return target.baseline.date
    return plan.baseline_date


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
            Say(
                f"date {obs.date} is after today ({today.isoformat()})",
                f"日期 {obs.date} 晚于今天（{today.isoformat()}）",
            ),
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
    place = group_ids(table.end_at(chosen), text("register")[chosen], text("unit")[chosen], text("area")[chosen])
    measure = text("measure")[chosen]
    # The last row of each measure at each place: the first one met reading backwards.
    key = group_ids(place[::-1], measure[::-1])
    last = len(chosen) - 1 - first_rows(key)
    value, qualifier = table.value_at(slice(None)), text("qualifier")
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
            Say(
                f"{obs.measure} = {obs.value:g} exceeds its total {total.measure} = {total.value:g} "
                f"(line {total.line}) at the same date and area",
                f"同一日期和地区，{obs.measure} = {obs.value:g} 超过其总数 {total.measure} = {total.value:g}"
                f"（第 {total.line} 行）",
            ),
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
                Say(
                    f"no target '{ev.ref}' in the plans" + (f": did you mean {guess}?" if guess else ""),
                    f"规划中没有目标 '{ev.ref}'" + (f"：是否指 {guess}？" if guess else ""),
                ),
                file=ev.file,
                line=ev.line,
                column="ref",
                follows=root,
            )
            continue
        if ev.date.start > today:
            report.add(
                "future-date",
                Say(f"date {ev.date} is after today", f"日期 {ev.date} 晚于今天"),
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
                Say(
                    f"status '{ev.status}' does not fit {ev.ref}, a {kind} target",
                    f"状态 '{ev.status}' 与 {ev.ref}（{kind} 类目标）不符",
                ),
                file=ev.file,
                line=ev.line,
                column="status",
            )

"""Data gaps: the targets whose measures, register rows or events the data does not hold yet."""

from __future__ import annotations

from swtrack.findings import Report, Say
from swtrack.load.tracker import Tracker
from swtrack.load.yamlfile import Loc, YamlDoc
from swtrack.model.plan import (
    CoverageTarget,
    MilestoneTarget,
    PerCapitaTarget,
    RangeTarget,
    RecurringTarget,
    TargetBase,
)


def _gap(report: Report, message: Say, doc: YamlDoc | None, loc: Loc, follows: str | None = None) -> None:
    line, col = doc.mark(loc) if doc is not None else (None, None)
    file = doc.path if doc else None
    report.warn("measure-without-data", message, file=file, line=line, column=col, follows=follows)


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


def register_of(target: TargetBase) -> str | None:
    if isinstance(target, PerCapitaTarget):
        return target.register_id
    if isinstance(target, (CoverageTarget, RangeTarget)):
        return target.units.register_id
    return None


def check_gaps(tracker: Tracker, report: Report) -> None:
    """A target whose measures (or register) hold no row, or a milestone with no event: a data gap."""
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
                    msg = Say(
                        f"{target.id}: no event in data/events.csv yet", f"{target.id}：data/events.csv 中还没有事件"
                    )
                    _gap(report, msg, doc, loc)
                continue
            missing = sorted({m for _, m in measure_fields(target) if m not in have})
            missing_zh = missing
            register = register_of(target)
            if register is not None and not missing:
                lacking = [m for _, m in measure_fields(target) if (register, m) not in in_registers]
                missing = [f"{m} in the {register} register" for m in lacking]
                missing_zh = [f"{register} 名册中的 {m}" for m in lacking]
            if missing:
                msg = Say(
                    f"{target.id}: no data for {', '.join(missing)}", f"{target.id}：{'、'.join(missing_zh)} 没有数据"
                )
                # No data because the measure (or the register) failed to load, not a data gap.
                roots = [tracker.follows("measure", m) for _, m in measure_fields(target)]
                if register is not None:
                    roots.append(tracker.follows("register", register))
                root = next((r for r in roots if r is not None), None)
                _gap(report, msg, doc, loc, root)

"""The commitments the data cannot judge, per plan, and the figures that would settle each."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from swtrack.assess.model import Status, StatusReport
from swtrack.load.tracker import Tracker
from swtrack.render.brief.facts import settling_data
from swtrack.render.text import as_of_line, status_text

# Statuses that say the data cannot judge a commitment: no evidence, too old, or undecided; and a
# substitute, which the data cannot count as the thing the plan names.
GAP_STATUSES = (Status.NO_DATA, Status.STALE, Status.INCONCLUSIVE, Status.MET_BY_SUBSTITUTE)


@dataclass(frozen=True)
class Gap:
    plan: str
    ref: str
    label: str
    clause: str
    status: str
    evidence: int
    freshest: str | None
    measures: list[str]
    areas: list[str]
    needed: str


def gaps(report: StatusReport, tracker: Tracker, lang: str) -> list[Gap]:
    """Every target the data cannot judge, in plan and target order."""
    targets = {t.id: (p, t) for p, t in tracker.targets()}
    out: list[Gap] = []
    for a in report.assessments:
        if a.status not in GAP_STATUSES:
            continue
        plan, target = targets[a.target]
        unknown_units = [u.unit for u in a.units if u.state in ("no_data", "unknown")]
        city = tracker.areas.top(plan.jurisdiction)
        areas = unknown_units or ([city.name] if city and target.measures() else [])
        out.append(
            Gap(
                plan=plan.id,
                ref=a.target,
                label=a.label[lang],
                clause=a.clause,
                status=status_text(a.status, lang),
                evidence=a.evidence,
                freshest=a.freshest,
                measures=target.measures(),
                areas=areas,
                needed=settling_data(a, plan, target, tracker, lang, escape=str),
            )
        )
    return out


def as_dicts(found: list[Gap]) -> list[dict[str, object]]:
    return [asdict(g) for g in found]


def as_text(found: list[Gap], report: StatusReport, lang: str) -> str:
    """One block per plan: a line per target, then what would settle it and where."""
    zh = lang == "zh"
    lines: list[str] = []
    for summary in report.plans:
        mine = [g for g in found if g.plan == summary.plan]
        head = (
            f"{summary.title[lang]}：{len(mine)} 项无法依据现有数据判断"
            if zh
            else (f"{summary.title[lang]}: {len(mine)} cannot be judged on the data")
        )
        lines += [head, as_of_line(summary.as_of or report.as_of, summary.as_of_basis, lang), ""]
        for g in mine:
            seen = (
                (f"证据 {g.evidence} 条，最新 {g.freshest}" if zh else f"{g.evidence} evidence, newest {g.freshest}")
                if g.evidence
                else ("无证据" if zh else "no evidence")
            )
            lines.append(f"{g.ref}  {g.label} [{g.clause}] — {g.status}; {seen}")
            lines.append(f"    {'所需' if zh else 'needed'}: {g.needed}")
            if g.measures:
                lines.append(f"    {'指标' if zh else 'measures'}: {', '.join(g.measures)}")
            if g.areas:
                shown = g.areas if len(g.areas) <= 12 else [*g.areas[:12], f"… (+{len(g.areas) - 12})"]
                lines.append(f"    {'地区/单位' if zh else 'areas'}: {'、'.join(shown) if zh else ', '.join(shown)}")
        lines.append("")
    return "\n".join(lines)

"""The commitments the data cannot judge, per plan, and the figures that would settle each."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

from rich.cells import cell_len

from swtrack.assess.model import Status, StatusReport
from swtrack.load.tracker import Tracker
from swtrack.model.status import GROUP_OF, Group
from swtrack.render.brief.facts import settling_data
from swtrack.render.text import GROUP, as_of_line, status_text, word
from swtrack.render.wrap import wrap, wrap_items

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


def _field(name: str, items: list[str], lang: str, width: int) -> list[str]:
    """A named field under a target: "    所需：…", its continuation lines under its text."""
    first = f"    {name}{'：' if lang == 'zh' else ': '}"
    indent = " " * cell_len(first)
    if len(items) == 1:
        return wrap(items[0], width, indent, first)
    return wrap_items(items, width, "、" if lang == "zh" else ", ", indent, first)


def as_text(found: list[Gap], report: StatusReport, lang: str, width: int = 80, tracker: Tracker | None = None) -> str:
    """One block per plan: a line per target, then what would settle it and where, each line
    wrapped to width cells (never inside a number or date), measures by name."""
    zh = lang == "zh"
    names = {m.id: m.label.get(lang) for m in tracker.catalogue.measures} if tracker else {}
    colon = "：" if zh else ": "
    status_of = {(a.plan, a.target): a.status for a in report.assessments}
    lines: list[str] = []
    for summary in report.plans:
        mine = [g for g in found if g.plan == summary.plan]
        # Counted by the group each is in: a substitute needs action, not data (one vocabulary).
        groups = Counter(GROUP_OF[status_of[g.plan, g.ref]] for g in mine)
        counted = [f"{GROUP[lang][k]} {groups[k]}" for k in Group if groups[k]]
        head = f"{summary.title[lang]}{colon}{' · '.join(counted) or '0'}"
        when = as_of_line(summary.as_of or report.as_of, summary.as_of_basis, lang)
        lines += [*wrap(head, width, "  "), *wrap(when, width, "  "), ""]
        for g in mine:
            seen = (
                (f"证据 {g.evidence} 条，最新 {g.freshest}" if zh else f"{g.evidence} evidence, newest {g.freshest}")
                if g.evidence
                else ("无证据" if zh else "no evidence")
            )
            clause = f"（{word('clause', lang)} {g.clause}）" if zh else f" ({word('clause', lang).lower()} {g.clause})"
            lines += wrap(f"{g.label}{clause} · {g.status}{'；' if zh else '; '}{seen}", width, " " * 7, f"{g.ref:<6} ")
            lines += _field("所需" if zh else "needed", [g.needed], lang, width)
            if g.measures:
                lines += _field("指标" if zh else "measures", [names.get(m, m) for m in g.measures], lang, width)
            if g.areas:
                more = len(g.areas) - 12
                areas = g.areas if more <= 0 else g.areas[:12]
                if more > 0:
                    areas[-1] += f"等 {len(g.areas)} 个" if zh else f" … (+{more})"
                lines += _field("地区" if zh else "areas", areas, lang, width)
        lines.append("")
    return "\n".join(lines)

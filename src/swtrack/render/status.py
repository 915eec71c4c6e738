"""Status reports as rows, a rich table, CSV and markdown, all from one StatusReport."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from swtrack.assess.interval import MARK, ratio_text
from swtrack.assess.model import Assessment, StatusReport
from swtrack.load.tracker import Tracker
from swtrack.model.plan import (
    ApproxTarget,
    CompositionTarget,
    CoverageTarget,
    IncreaseTarget,
    PerCapitaTarget,
    Plan,
    RangeTarget,
    RatioTarget,
    RecurringTarget,
    TargetBase,
    ThresholdTarget,
)
from swtrack.model.status import GROUP_OF, Status
from swtrack.render.numbers import bar, number, number_zh
from swtrack.render.text import as_of_line, method_name, qualified, status_text, word
from swtrack.safe import csv_cell, md_cell, md_text

QUALIFIER_MARK = {**MARK, "": ""}
# A density's base as Chinese writes it: 每万人口, 每千人 (‰).
PER_ZH: dict[float, str] = {100: "百", 1000: "千", 10_000: "万", 100_000: "十万"}
# Before the name of what was done in place of what the plan names (met_by_substitute).
SUBSTITUTE_MARK = "≠ "


# Marks the gap computed from another figure than the latest shown (the legend names it).
GAP_ELSEWHERE = "†"

SYMBOL = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}


def goal_text(target: TargetBase, lang: str, *, wan: bool = False) -> str:
    """The goal in a few characters: ≥ 40,000 / ≈ 1,000 (±10%) / each ≥ 1 / 70%/25%/5%."""
    zh = lang == "zh"
    num = number_zh if wan else number
    if isinstance(target, ThresholdTarget):
        return f"{SYMBOL[target.comparator]} {num(target.value)}"
    if isinstance(target, ApproxTarget):
        return f"≈ {num(target.value)} (±{target.tolerance:.0%})"
    if isinstance(target, CompositionTarget):
        return "/".join(f"{p.share:.0%}" for p in target.parts)
    if isinstance(target, CoverageTarget):
        return f"每个 ≥ {target.minimum:g}" if zh else f"each ≥ {target.minimum:g}"
    if isinstance(target, RangeTarget):
        return f"每个 {target.minimum:g}–{target.maximum:g}" if zh else f"{target.minimum:g}–{target.maximum:g} each"
    if isinstance(target, RatioTarget):
        if target.value is None:
            return "—"
        base = PER_ZH.get(target.per, number(target.per)) if zh else number(target.per)
        per = "" if target.per == 1 else (f"每{base} " if zh else f"per {base} ")
        return f"{per}{SYMBOL[target.comparator]} {target.value:g}"
    if isinstance(target, IncreaseTarget):
        return (
            f"新增 {SYMBOL[target.comparator]} {num(target.value)}"
            if zh
            else f"{SYMBOL[target.comparator]} +{num(target.value)}"
        )
    if isinstance(target, PerCapitaTarget):
        return f"每人 ≥ {target.minimum:g}/年" if zh else f"≥ {target.minimum:g}/person/yr"
    if isinstance(target, RecurringTarget):
        return "每年" if zh else "yearly"
    if getattr(target, "kind", "") == "milestone":
        return "完成" if zh else "done"
    return "—"


@dataclass(frozen=True)
class Row:
    group: str
    ref: str
    label: str
    latest: str
    date: str
    goal: str
    gap: str
    progress: str
    share: float | None
    pace: str
    projected: str
    status: str
    status_code: str
    clause: str = ""
    evidence: str = ""
    kind: str = ""
    # The plan's short label, shown where the label does not fit (fit.py).
    short: str = ""
    # The gap's figure where it is not the latest shown ("2020-12-31 157万"), for the legend.
    gap_from: str = ""


def latest_text(a: Assessment, lang: str = "en") -> str:
    if a.units_total == 0:
        return "—"
    if a.units_total is not None and a.kind in ("coverage", "range", "per_capita"):
        unknown = f" ({a.units_unknown}?)" if a.units_unknown else ""
        more = "+" if a.units_open else ""  # an open register: at least this many units
        return f"{a.units_met}/{a.units_total}{more}{unknown}"
    if a.kind == "recurring":
        return "—" if a.value is None else f"{number(a.value)}/{number(a.target_value)}"
    if a.kind == "composition" and a.shares and all(s.share is not None for s in a.shares):
        return "/".join(f"{(s.share or 0):.0%}" for s in a.shares)
    if a.kind == "increase":
        # The increase since the period's start, not the stock or flow figure it was read from.
        return "—" if a.value is None else f"{bounds_mark(a.bounds)}{number(a.value, lang)}"
    if a.substitute:
        # What was done instead, its first words (the substitute's name): the status and
        # `explain` say the rest.
        return SUBSTITUTE_MARK + a.substitute.split(" ")[0]
    if a.latest is None:
        return "—"
    mark = QUALIFIER_MARK.get(a.latest.qualifier, "")
    proxy = "*" if a.latest.proxy else ""
    if a.kind == "ratio":
        # A quotient of a bounded figure is bounded too (超过9万 / population: at least 13.58).
        return f"{bounds_mark(a.bounds)}{a.value:.2f}{proxy}" if a.value is not None else "—"
    return f"{mark}{number(a.latest.value, lang)}{proxy}"


def bounds_mark(bounds: tuple[float | None, float | None] | None) -> str:
    """The mark of a value read as an interval: ≥ for a lower bound, ≤ for an upper one, ~ for both."""
    if bounds is None or bounds[0] == bounds[1]:
        return ""
    lo, hi = bounds
    if hi is None:
        return "≥"
    return "≤" if lo is None else "~"


def gap_from_other_figure(a: Assessment) -> bool:
    """Whether the gap is computed from a figure other than the latest (the one at the deadline)."""
    return (
        a.gap is not None
        and a.kind != "increase"
        and a.judged_on is not None
        and a.latest is not None
        and (a.judged_on.date, a.judged_on.value) != (a.latest.date, a.latest.value)
    )


def gap_basis(a: Assessment, lang: str) -> str:
    """Which figure the gap is computed from: "按 2020-12-31 的 157万计算"."""
    basis = a.judged_on or a.latest
    if (
        a.gap is None
        or basis is None
        or a.units_total is not None
        or a.kind in ("composition", "recurring", "increase")
    ):
        return ""
    figure = f"{QUALIFIER_MARK.get(basis.qualifier, '')}{number(basis.value, lang)}"
    if a.kind == "ratio":
        # The row is the numerator's; the gap is read from the quotient it stands for.
        if a.judged_value is None:
            return ""
        figure = f"{bounds_mark(a.bounds)}{a.judged_value:.2f}"
    if lang == "zh":
        return f"按 {basis.date} 的 {figure} 计算"
    return f"from {figure} on {basis.date}"


def gap_text(a: Assessment, lang: str = "en") -> str:
    """The gap, marked where the figure behind it is a bound or approximate: "<100,000"."""
    if a.gap is None or a.kind == "composition" or a.units_total == 0 or a.units_unknown or a.units_open:
        return "—"
    mark = ""
    if a.bounds is not None and a.bounds[0] != a.bounds[1]:
        lo, hi = a.bounds
        higher_is_better = a.comparator in (">=", ">", None)
        if hi is None:
            mark = "<" if higher_is_better else ">"
        elif lo is None:
            mark = ">" if higher_is_better else "<"
        else:
            mark = "~"
    return mark + number(a.gap, lang)


def pace_text(a: Assessment) -> str:
    """R, or the range of R where the figures are intervals: 0.81–1.02."""
    if a.pace is None:
        return "—"
    low, high = a.pace.ratio_low, a.pace.ratio_high
    if low is None or high is None or low == high:
        return ratio_text(a.pace.ratio)
    return f"{ratio_text(low)}–{ratio_text(high)}"


def evidence_text(a: Assessment) -> str:
    """How many figures or events bear on the target, and the newest date among them."""
    return f"{a.evidence} · {a.freshest}" if a.evidence and a.freshest else "0"


def projected_text(a: Assessment, lang: str) -> str:
    """The figure the pace projects at the deadline; "~" (约) where it is read from figures that are
    bounds or approximate (R is then a range): a projection from 超过 figures is not a point."""
    if a.pace is None or a.kind == "composition":
        return "—"
    if a.kind in ("coverage", "range"):
        return f"{a.pace.projected_at_deadline:.0%}"
    low, high = a.pace.ratio_low, a.pace.ratio_high
    if low is not None and high is not None and low != high:
        return qualified(a.pace.projected_at_deadline, "about", lang)
    return number(a.pace.projected_at_deadline, lang)


def _group_of(plan: Plan, target: TargetBase, lang: str) -> str:
    if target.phase is not None:
        phase = plan.phase(target.phase)
        if phase is not None:
            return phase.name.get(lang)
    if target.deadline is not None:
        return f"{word('due', lang)} {target.deadline}"
    return word("no_phase", lang)


def rows(report: StatusReport, tracker: Tracker, lang: str) -> dict[str, list[Row]]:
    """Rows per plan id, grouped by phase in the plan's phase order."""
    out: dict[str, list[Row]] = {}
    for summary in report.plans:
        plan = tracker.plan(summary.plan)
        targets = {t.id: t for t in plan.targets}
        mine = [a for a in report.assessments if a.plan == plan.id]
        order = [p.name.get(lang) for p in plan.phases]
        built = []
        for a in mine:
            t = targets[a.target]
            group = _group_of(plan, t, lang)
            built.append(
                Row(
                    group=group,
                    ref=a.target,
                    label=a.label[lang],
                    latest=latest_text(a, lang),
                    date=(a.latest.date if a.latest else "") if a.kind not in ("coverage", "range") else "",
                    goal=goal_text(t, lang, wan=lang == "zh"),
                    gap=gap_text(a, lang) + (GAP_ELSEWHERE if gap_from_other_figure(a) else ""),
                    progress=bar(a.share_achieved),
                    share=a.share_achieved,
                    pace=pace_text(a),
                    projected=projected_text(a, lang),
                    status=status_text(a.status, lang),
                    status_code=a.status.value,
                    clause=a.clause,
                    evidence=evidence_text(a),
                    kind=a.kind,
                    short=t.short.get(lang) if t.short else "",
                    gap_from=gap_basis(a, lang) if gap_from_other_figure(a) else "",
                )
            )
        rank = {name: i for i, name in enumerate(order)}
        built.sort(key=lambda r: (rank.get(r.group, len(order)), r.group if r.group not in rank else ""))
        out[plan.id] = built
    return out


COLUMNS = ("ref", "target", "latest", "date", "goal", "gap", "progress", "pace", "projected", "status")
# The markdown and CSV tables also cite each target's clause and its evidence.
REPORT_COLUMNS = (*COLUMNS, "clause", "evidence")


def _cells(r: Row) -> list[str]:
    return [r.ref, r.label, r.latest, r.date, r.goal, r.gap, r.progress, r.pace, r.projected, r.status]


def _report_cells(r: Row) -> list[str]:
    return [*_cells(r), r.clause, r.evidence]


def to_csv(report: StatusReport, tracker: Tracker, lang: str) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    # "group" is the phase heading a target stands under; "status_group" its verdict group.
    writer.writerow(["plan", "group", *REPORT_COLUMNS, "share_achieved", "status_code", "status_group"])
    for plan_id, plan_rows in rows(report, tracker, lang).items():
        for r in plan_rows:
            share = "" if r.share is None else f"{r.share:.4f}"
            group = GROUP_OF[Status(r.status_code)].value
            writer.writerow([csv_cell(c) for c in (plan_id, r.group, *_report_cells(r), share, r.status_code, group)])
    return buf.getvalue()


def md_table(header: list[str], body: list[list[str]]) -> str:
    """A markdown table; every cell is text (md_cell), so no cell can end a row or hold markup."""
    lines = ["| " + " | ".join(md_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in body]
    return "\n".join(lines)


def to_markdown(report: StatusReport, tracker: Tracker, lang: str) -> str:
    from swtrack.render.text import summary_line

    parts: list[str] = []
    all_rows = rows(report, tracker, lang)
    for summary in report.plans:
        parts.append(f"## {md_text(summary.title[lang])}")
        parts.append("")
        when = as_of_line(summary.as_of or report.as_of, summary.as_of_basis, lang)
        meta = f"{when} · {word('method', lang)} {method_name(report.method, lang)}"
        if report.area:
            meta += f" · {word('area', lang)} {md_text(report.area)}"
        parts.append(meta)
        parts.append("")
        parts.append(summary_line(summary.counts, lang))
        parts.append("")
        header = [word(c, lang) for c in REPORT_COLUMNS]
        group = None
        body: list[list[str]] = []
        for r in all_rows[summary.plan]:
            if r.group != group:
                if body:
                    parts.extend([md_table(header, body), ""])
                    body = []
                group = r.group
                parts.extend([f"### {md_text(group)}", ""])
            body.append(_report_cells(r))
        if body:
            parts.extend([md_table(header, body), ""])
    return "\n".join(parts).rstrip("\n") + "\n"


def json_chunks(report: StatusReport) -> Iterator[bytes]:
    """The report as indented JSON (what model_dump_json(indent=2) gives, byte for byte), one
    assessment at a time, so that a national report is never whole in memory."""
    from pydantic import TypeAdapter

    envelope = TypeAdapter(StatusReport).dump_json(report.model_copy(update={"assessments": []}), indent=2)
    if not report.assessments:
        yield envelope + b"\n"
        return
    head, tail = envelope.split(b'"assessments": []', 1)
    yield head + b'"assessments": ['
    yield from _items(report.assessments, b"    ")
    yield b"\n  ]" + tail + b"\n"


def json_list_chunks(assessments: list[Assessment]) -> Iterator[bytes]:
    """Assessments as an indented JSON list, one at a time (what `explain --format json`
    prints: a national register target's every unit and figure is a 60 MB document)."""
    if not assessments:
        yield b"[]\n"
        return
    yield b"["
    yield from _items(assessments, b"  ")
    yield b"\n]\n"


def _items(assessments: list[Assessment], indent: bytes) -> Iterator[bytes]:
    """Each assessment as indented JSON, placed as an item of a list at this indent."""
    from pydantic import TypeAdapter

    one = TypeAdapter(Assessment)
    for i, a in enumerate(assessments):
        yield (b",\n" if i else b"\n") + indent + one.dump_json(a, indent=2).replace(b"\n", b"\n" + indent)

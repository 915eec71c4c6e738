"""The quarterly progress brief: a markdown document generated from the assessments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from swtrack.assess.model import SEVERITY_ORDER, Assessment, Status, StatusReport, Used
from swtrack.assess.pace import expected_at
from swtrack.dates import PartialDate
from swtrack.plan import Plan, TargetBase, ThresholdTarget
from swtrack.render.status import goal_text, latest_text, md_escape, md_table
from swtrack.render.text import BEHIND_FAMILY, bar, brief_word, number_for, status_text
from swtrack.tracker import Tracker

STALE_AFTER_DAYS = 2 * 366  # a figure older than two years no longer describes where a target stands
AHEAD_FAMILY = (Status.OVERSHOOT, Status.MET, Status.ON_TRACK)


@dataclass
class Brief:
    """The brief's markdown and the chart files it links to (name → SVG text)."""

    markdown: str
    files: dict[str, str] = field(default_factory=dict)


@dataclass
class _Sources:
    """Numbers every source URL in order of first citation."""

    numbers: dict[str, int] = field(default_factory=dict)
    figures: dict[str, list[Used]] = field(default_factory=dict)

    def cite(self, used: list[Used]) -> str:
        refs: list[int] = []
        for u in used:
            if u.source_url not in self.numbers:
                self.numbers[u.source_url] = len(self.numbers) + 1
            figs = self.figures.setdefault(u.source_url, [])
            if u not in figs:
                figs.append(u)
            n = self.numbers[u.source_url]
            if n not in refs:
                refs.append(n)
        return " ".join(f"[{n}]" for n in refs) or "—"


def _w(key: str, lang: str, **kw: object) -> str:
    text = brief_word(key, lang)
    return text.format(**kw) if kw else text


def _label(a: Assessment, lang: str) -> str:
    return a.label[lang]


def _join(items: list[str], lang: str) -> str:
    if not items:
        return _w("none", lang)
    return ("、" if lang == "zh" else ", ").join(items)


def _names(names: list[str], lang: str, limit: int = 8) -> str:
    shown = names[:limit]
    text = _join(shown, lang)
    if len(names) > limit:
        text += (" " if lang == "en" else "") + _w("and_more", lang, n=len(names) - limit)
    return text


def sentence(a: Assessment, target: TargetBase, lang: str) -> str:
    """One sentence on where a target stands, built from the assessment's fields only."""
    zh = lang == "zh"
    status = status_text(a.status, lang)
    head = f"{a.target} {_label(a, lang)}"
    goal = goal_text(target, lang, wan=zh)
    if a.deadline:
        by = f" {a.deadline} 前" if zh else f" by {a.deadline}"
    elif a.kind == "per_capita":
        by = ""
    else:
        by = "每年" if zh else " each year"
    if a.status is Status.TRACKED:
        detail = "规划未给出数值" if zh else "the plan gives no number"
        if a.latest is not None and a.value is not None:
            value = f"{a.value:.2f}" if a.kind == "ratio" else number_for(a.value, lang)
            detail += f"；{a.latest.date} 为 {value}" if zh else f"; {value} on {a.latest.date}"
    elif a.kind in ("coverage", "range", "per_capita") and a.units_total:
        short = [u.unit for u in a.units if u.state == "short"]
        if a.kind == "per_capita":
            detail = (
                f"{a.units_total} 人中 {a.units_met} 人达标"
                if zh
                else f"{a.units_met} of {a.units_total} persons meet it"
            )
        else:
            detail = (
                f"{a.units_total} 个单位中 {a.units_met} 个达标"
                if zh
                else f"{a.units_met} of {a.units_total} units meet it"
            )
        if short:
            detail += f"，不足：{_names(short, lang, 3)}" if zh else f"; short: {_names(short, lang, 3)}"
    elif a.kind == "recurring" and a.years:
        missed = [str(y.year) for y in a.years if y.state == "missed"]
        held = sum(y.state == "held" for y in a.years)
        due = sum(y.state != "pending" for y in a.years)
        detail = f"{due} 年中举办 {held} 年" if zh else f"held in {held} of {due} years"
        if missed:
            detail += f"，未举办：{_join(missed, lang)}" if zh else f"; not held in {_join(missed, lang)}"
    elif a.kind == "composition" and a.shares and all(s.share is not None for s in a.shares):
        worst = max(a.shares, key=lambda s: abs((s.share or 0) - s.target) - s.tolerance)
        share = f"{(worst.share or 0):.0%}"
        detail = (
            f"{worst.label['zh']}占 {share}，目标 {worst.target:.0%}"
            if zh
            else f"{worst.label['en']} at {share} against {worst.target:.0%}"
        )
    elif a.latest is not None and a.value is not None:
        value = f"{a.value:.2f}" if a.kind == "ratio" else number_for(a.value, lang)
        detail = (
            f"{a.latest.date} 为 {value}，目标为{by} {goal}" if zh else f"{value} on {a.latest.date} against {goal}{by}"
        )
        if a.pace is not None:
            detail += f"（R = {a.pace.ratio:.2f}）" if zh else f" (R = {a.pace.ratio:.2f})"
    else:
        detail = f"目标为{by} {goal}" if zh else f"target {goal}{by}"
    return f"{head}：{status}，{detail}。" if zh else f"{head}: {status}, {detail}."


def _behind_key(a: Assessment) -> tuple[int, float]:
    rank = SEVERITY_ORDER.index(a.status)
    return (rank, a.pace.ratio if a.pace else (a.share_achieved or 0.0))


def _ahead_key(a: Assessment) -> tuple[int, float]:
    order = list(AHEAD_FAMILY)
    return (order.index(a.status), -(a.pace.ratio if a.pace else (a.share_achieved or 0.0)))


def _counts(assessments: list[Assessment], lang: str) -> str:
    parts = []
    for s in SEVERITY_ORDER[::-1]:
        n = sum(a.status is s for a in assessments)
        if n:
            parts.append(f"{status_text(s, lang)} {n}")
    return ("，" if lang == "zh" else ", ").join(parts)


def _targets(tracker: Tracker, report: StatusReport) -> dict[str, tuple[Plan, TargetBase]]:
    return {t.id: (p, t) for p, t in tracker.targets() if any(s.plan == p.id for s in report.plans)}


def _gap(a: Assessment, plan: Plan, target: TargetBase, tracker: Tracker, lang: str) -> str | None:
    """What figure would close the gap of a target with no (or stale) data; None when it has data."""
    if a.status is not Status.NO_DATA:
        open_ = a.deadline is None or PartialDate.parse(a.deadline).end > date.fromisoformat(a.as_of)
        stale = open_ and a.latest is not None and a.status not in AHEAD_FAMILY
        if stale and a.latest is not None:
            age = date.fromisoformat(a.as_of) - PartialDate.parse(a.latest.date).end
            if age.days > STALE_AFTER_DAYS:
                since = date.fromisoformat(a.as_of).replace(month=1, day=1).isoformat()
                city = tracker.areas.city(plan.jurisdiction)
                measure_id = getattr(target, "measure", a.latest.measure)
                label = tracker.measures[measure_id].label.get(lang) if measure_id in tracker.measures else measure_id
                area = city.name if city else plan.jurisdiction
                return _w("gap_stale", lang, measure=label, area=area, latest=a.latest.date, since=since)
        return None
    measures = tracker.measures

    def m(mid: str) -> str:
        return measures[mid].label.get(lang) if mid in measures else mid

    city = tracker.areas.city(plan.jurisdiction)
    area = city.name if city else plan.jurisdiction
    if a.kind in ("milestone",):
        return _w("gap_event", lang, ref=a.target)
    if a.kind == "recurring":
        years = [str(y.year) for y in a.years if y.state == "no_data"]
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (years[0] if years else "")
        return _w("gap_years", lang, years=span)
    if a.kind == "composition":
        parts = [m(s.measure) for s in a.shares if s.value is None] or [m(s.measure) for s in a.shares]
        return _w("gap_mix", lang, parts=_join(parts, lang), area=area)
    if a.kind in ("coverage", "range"):
        missing = [u.unit for u in a.units if u.state == "no_data"]
        measure = m(getattr(target, "measure", ""))
        if missing:
            return _w("gap_units", lang, measure=measure, names=_names(missing, lang))
        register = getattr(getattr(target, "units", None), "register_id", None) or ""
        reg = next((r.label.get(lang) for r in tracker.catalogue.registers if r.id == register), register)
        return _w("gap_register", lang, register=reg, measure=measure)
    if a.kind == "per_capita":
        return _w("gap_person", lang, measure=m(getattr(target, "measure", "")))
    if a.kind == "ratio":
        return _w(
            "gap_ratio",
            lang,
            num=m(getattr(target, "numerator", "")),
            den=m(getattr(target, "denominator", "")),
            area=area,
        )
    measure = m(getattr(target, "measure", ""))
    due = plan.deadline_of(target)
    if due is not None and date.fromisoformat(a.as_of) >= due.end:
        day = due.end
        since_day = day.replace(year=day.year - 1) if not (day.month == 2 and day.day == 29) else day
        return _w("gap_level", lang, measure=measure, area=area, since=since_day.isoformat())
    return _w("gap_level_any", lang, measure=measure, area=area)


def _chart_points(
    a: Assessment, plan: Plan, target: ThresholdTarget
) -> tuple[list[str], list[float], list[float]] | None:
    """Categories (dates), observed values (straight lines between figures) and the target path."""
    points = sorted({PartialDate.parse(u.date).end: u for u in a.used}.items())
    if len(points) < 2:
        return None
    first, last = points[0][0], points[-1][0]
    labels = {d: u.date for d, u in points}
    for phase in plan.phases:
        if first < phase.end.end < last:
            labels.setdefault(phase.end.end, phase.end.text)
    days = sorted(labels)
    observed: list[float] = []
    for d in days:
        exact = next((u.value for pd, u in points if pd == d), None)
        if exact is not None:
            observed.append(exact)
            continue
        before = max((p for p in points if p[0] < d), key=lambda p: p[0])
        after = min((p for p in points if p[0] > d), key=lambda p: p[0])
        frac = (d - before[0]).days / (after[0] - before[0]).days
        observed.append(before[1].value + (after[1].value - before[1].value) * frac)
    path: list[float] = []
    if a.baseline is not None and a.deadline is not None:
        knots = [(PartialDate.parse(a.baseline.date).end, a.baseline.value)]
        for item in target.interim:
            stated = plan.phase(item.phase)
            if stated is not None:
                knots.append((stated.end.end, item.value))
        knots.append((PartialDate.parse(a.deadline).end, target.value))
        path = [expected_at(sorted(knots), d, a.method) for d in days]
    return [labels[d] for d in days], observed, path


def _mermaid(title: str, labels: list[str], observed: list[float], path: list[float]) -> str:
    top = max([*observed, *path]) * 1.1 or 1.0

    def nums(values: list[float]) -> str:
        return "[" + ", ".join(f"{v:.6g}" for v in values) + "]"

    lines = [
        "```mermaid",
        "xychart-beta",
        f'    title "{title.replace(chr(34), chr(39))}"',
        "    x-axis [" + ", ".join(f'"{label}"' for label in labels) + "]",
        f"    y-axis 0 --> {top:.6g}",
        f"    line {nums(observed)}",
    ]
    if path:
        lines.append(f"    line {nums(path)}")
    lines.append("```")
    return "\n".join(lines)


def render_brief(
    report: StatusReport,
    tracker: Tracker,
    lang: str,
    *,
    charts: str = "mermaid",
    chart_prefix: str = "chart",
    stamp: str | None = None,
) -> Brief:
    """The brief as markdown; with charts='svg' the SVG files it links are returned beside it."""
    from swtrack.render.svg import line_chart

    colon = "：" if lang == "zh" else ": "
    targets = _targets(tracker, report)
    plans = [tracker.plan(s.plan) for s in report.plans]
    sources = _Sources()
    files: dict[str, str] = {}
    out: list[str] = []
    title = plans[0].title.get(lang) if len(plans) == 1 else ""
    out += [f"# {_w('title', lang, title=title) if len(plans) == 1 else _w('title_many', lang, n=len(plans))}", ""]
    for plan in plans:
        doc = f"{plan.document_number}，" if lang == "zh" and plan.document_number else ""
        if lang == "en" and plan.document_number:
            doc = f"{plan.document_number}, "
        line = _w("plan_line", lang, title=plan.title.get(lang), doc=doc, issued=plan.issued)
        out.append(f"- {_w('plans', lang)}{colon}{line}")
    out.append(f"- {_w('as_of', lang)}{colon}{report.as_of}")
    vintage = (
        _w("vintage_line", lang, oldest=report.oldest_used, newest=report.newest_used)
        if report.oldest_used
        else _w("vintage_none", lang)
    )
    out.append(f"- {_w('vintage', lang)}{colon}{vintage}")
    out.append(f"- {_w('method', lang)}{colon}{_w('method_line', lang, method=_w(f'method_{report.method}', lang))}")
    if stamp:
        out.append(f"- {_w('generated', lang)}{colon}{stamp}")
    out.append("")

    # Executive summary
    out += [f"## {_w('summary', lang)}", ""]
    for plan in plans:
        mine = [a for a in report.assessments if a.plan == plan.id]
        out += [_w("counts", lang, title=plan.title.get(lang), n=len(mine), counts=_counts(mine, lang)), ""]
    behind = sorted((a for a in report.assessments if a.status in BEHIND_FAMILY), key=_behind_key)[:3]
    ahead = sorted((a for a in report.assessments if a.status in AHEAD_FAMILY), key=_ahead_key)[:3]
    out += [f"### {_w('behind', lang)}", ""]
    out += [f"{i}. {sentence(a, targets[a.target][1], lang)}" for i, a in enumerate(behind, 1)] or [
        _w("none_behind", lang)
    ]
    out += ["", f"### {_w('ahead', lang)}", ""]
    out += [f"{i}. {sentence(a, targets[a.target][1], lang)}" for i, a in enumerate(ahead, 1)] or [
        _w("none_ahead", lang)
    ]
    out.append("")

    # Phase by phase
    out += [f"## {_w('phases', lang)}", ""]
    as_of = date.fromisoformat(report.as_of)
    for plan in plans:
        if len(plans) > 1:
            out += [f"### {plan.title.get(lang)}", ""]
        level = "####" if len(plans) > 1 else "###"
        mine = [a for a in report.assessments if a.plan == plan.id]
        groups: list[tuple[str, date | None, list[Assessment]]] = []
        for phase in plan.phases:
            groups.append(
                (phase.name.get(lang), phase.end.end, [a for a in mine if targets[a.target][1].phase == phase.id])
            )
        dated = [a for a in mine if targets[a.target][1].phase is None and a.deadline is not None]
        for a in dated:
            due_word = "期限" if lang == "zh" else "Due"
            groups.append((f"{due_word} {a.deadline}", PartialDate.parse(a.deadline or "").end, [a]))
        groups.append((_w("yearly", lang), None, [a for a in mine if a.deadline is None]))
        for name, end, group in groups:
            if not group:
                continue
            out += [f"{level} {name}", ""]
            if end is not None and end <= as_of:
                met = [a for a in group if a.status in (Status.MET, Status.OVERSHOOT)]
                missed = [a for a in group if a.status in (Status.MISSED, Status.OVERDUE)]
                other = [a for a in group if a not in met and a not in missed]
                out.append(_w("due_line", lang, end=end.isoformat(), n=len(group)))
                out.append("")
                for key, items in (("met_list", met), ("missed_list", missed), ("other_list", other)):
                    listed = [
                        f"{a.target} {_label(a, lang)}（{status_text(a.status, lang)}）"
                        if lang == "zh"
                        else f"{a.target} {_label(a, lang)} ({status_text(a.status, lang)})"
                        for a in items
                    ]
                    out.append(f"- {_w(key, lang)}{colon}{_join(listed, lang)}")
                out.append("")
            else:
                key = "not_due" if end is not None else "yearly_line"
                out += [f"{_w(key, lang, n=len(group))}{colon.strip()}", ""]
                out += [f"- {sentence(a, targets[a.target][1], lang)}" for a in group]
                out.append("")

    # All targets
    out += [f"## {_w('table', lang)}", ""]
    header = [
        _w(k, lang)
        for k in (
            "col_ref",
            "col_target",
            "col_latest",
            "col_goal",
            "col_progress",
            "col_pace",
            "col_status",
            "col_sources",
        )
    ]
    for plan in plans:
        if len(plans) > 1:
            out += [f"### {plan.title.get(lang)}", ""]
        body = []
        for a in (a for a in report.assessments if a.plan == plan.id):
            target = targets[a.target][1]
            latest = latest_text(a)
            if a.latest is not None and a.kind not in ("coverage", "range", "per_capita", "recurring", "composition"):
                latest = f"{latest} ({a.latest.date})"
            body.append(
                [
                    a.target,
                    _label(a, lang),
                    latest,
                    goal_text(target, lang),
                    bar(a.share_achieved),
                    f"{a.pace.ratio:.2f}" if a.pace else "—",
                    status_text(a.status, lang),
                    sources.cite(a.used),
                ]
            )
        out += [md_table(header, body), ""]

    # Charts
    chart_blocks: list[str] = []
    for a in report.assessments:
        plan, target = targets[a.target]
        if not isinstance(target, ThresholdTarget):
            continue
        pts = _chart_points(a, plan, target)
        if pts is None:
            continue
        labels, observed, path = pts
        chart_title = _w("chart_title", lang, ref=a.target, label=_label(a, lang))
        projection = (
            _w("projection", lang, value=number_for(a.pace.projected_at_deadline, lang)) if a.pace is not None else ""
        )
        caption = _w(
            "chart_caption",
            lang,
            ref=a.target,
            label=_label(a, lang),
            first=labels[0],
            last=labels[-1],
            goal=goal_text(target, lang, wan=lang == "zh"),
            deadline=a.deadline,
            projection=projection,
        )
        chart_blocks += [f"### {chart_title}", ""]
        if charts == "svg":
            name = f"{chart_prefix}-{a.target}.svg"
            files[name] = line_chart(chart_title, labels, observed, path, target.value)
            chart_blocks += [f"![{md_escape(chart_title)}]({name})", ""]
        else:
            chart_blocks += [_mermaid(chart_title, labels, observed, path), ""]
        chart_blocks += [caption, ""]
    if chart_blocks and charts != "none":
        out += [f"## {_w('charts', lang)}", "", *chart_blocks]

    # Units that fall short
    unit_lines: list[str] = []
    for a in report.assessments:
        if a.kind not in ("coverage", "range") or not a.units:
            continue
        short = [u.unit for u in a.units if u.state == "short"]
        unknown = [u.unit for u in a.units if u.state == "no_data"]
        over = [u.unit for u in a.units if u.state == "over"]
        if not (short or unknown):
            continue
        unit_lines += [
            _w("units_line", lang, ref=a.target, label=_label(a, lang), met=a.units_met, total=a.units_total),
            "",
        ]
        unit_lines.append(f"- {_w('short', lang)}{colon}{_join(short, lang)}")
        unit_lines.append(f"- {_w('no_figure', lang)}{colon}{_join(unknown, lang)}")
        if a.kind == "range":
            unit_lines.append(f"- {_w('over', lang)}{colon}{len(over)}")
        unit_lines.append("")
    if unit_lines:
        out += [f"## {_w('units', lang)}", "", *unit_lines]

    # Data gaps
    out += [f"## {_w('gaps', lang)}", ""]
    gap_lines = []
    for a in report.assessments:
        plan, target = targets[a.target]
        gap = _gap(a, plan, target, tracker, lang)
        if gap is not None:
            gap_lines.append(f"- {a.target} {_label(a, lang)}{colon}{gap}")
    out += [_w("gaps_intro", lang), "", *gap_lines] if gap_lines else [_w("no_gaps", lang)]
    out.append("")

    # Sources
    if sources.numbers:
        out += [f"## {_w('sources', lang)}", "", _w("sources_intro", lang), ""]
        for url, n in sources.numbers.items():
            figs = sources.figures[url]
            grade = "/".join(sorted({u.grade for u in figs}))
            figures = "; ".join(
                f"{u.date} {u.area} {u.measure} {number_for(u.value, lang)} ({u.file}:{u.line})" for u in figs
            )
            out.append(
                f"{n}. "
                + _w("source_line", lang, n=n, url=f"<{url}>", grade=grade, figures=figures).removeprefix(f"[{n}] ")
            )
        out.append("")
    return Brief(markdown="\n".join(out).rstrip("\n") + "\n", files=files)

"""The chart of one target: its published figures (one series per measure) against the target and assumed path."""

from __future__ import annotations

from datetime import date

from swtrack.assess.model import Assessment
from swtrack.assess.pace import expected_at
from swtrack.load.tracker import Tracker
from swtrack.model.dates import PartialDate
from swtrack.model.plan import ApproxTarget, Plan, TargetBase, ThresholdTarget
from swtrack.render.brief.facts import measure_label, proxy_mark
from swtrack.render.brief.words import w
from swtrack.render.status import goal_text
from swtrack.render.svg import Chart, Point, Series

LEGEND_KEYS = ("chart_interim", "chart_lower", "chart_upper", "chart_about", "chart_odd")


def series_of(a: Assessment, measure: str, tracker: Tracker, lang: str) -> tuple[Series, ...]:
    """The figures an assessment used, one series per measure (the plan's own first, then each proxy).

    Only published figures become points; a day with two figures of one measure keeps the later row.
    """
    by_measure: dict[str, dict[date, Point]] = {}
    labels: dict[str, str] = {}
    for u in sorted(a.used, key=lambda u: (PartialDate.parse(u.date).end, u.file, u.line)):
        day = PartialDate.parse(u.date).end
        by_measure.setdefault(u.measure, {})[day] = Point(day, u.value, u.qualifier)
        if u.proxy:
            labels[u.measure] = proxy_mark(u, tracker, lang, key="chart")
    order = sorted(by_measure, key=lambda m: (m != measure, m))
    out = []
    for m in order:
        proxy = m != measure
        label = labels.get(m) or w(
            "chart_proxy" if proxy else "chart_observed", lang, measure=measure_label(tracker, m, lang)
        )
        out.append(Series(label, tuple(p for _, p in sorted(by_measure[m].items())), proxy))
    return tuple(out)


def _path(a: Assessment, plan: Plan, target: ThresholdTarget | ApproxTarget) -> tuple[tuple[date, float], ...]:
    """The assumed path from the baseline through the interim targets the plan states to the target."""
    if a.baseline is None or a.deadline is None:
        return ()
    knots = [(PartialDate.parse(a.baseline.date).end, a.baseline.value)]
    for item in getattr(target, "interim", []):
        stated = plan.phase(item.phase)
        if stated is not None:
            knots.append((stated.end.end, item.value))
    knots.append((PartialDate.parse(a.deadline).end, target.value))
    knots.sort()
    if a.method != "cagr":
        return tuple(knots)
    # A geometric path is curved: drawn through a point each year between its knots.
    days = sorted({*(d for d, _ in knots), *(date(y, 12, 31) for y in range(knots[0][0].year, knots[-1][0].year))})
    days = [d for d in days if knots[0][0] <= d <= knots[-1][0]]
    return tuple((d, expected_at(knots, d, "cagr")) for d in days)


def chart_for(a: Assessment, plan: Plan, target: TargetBase, tracker: Tracker, lang: str) -> Chart | None:
    """The chart of a threshold or approximate target with two or more published figures; None otherwise."""
    if not isinstance(target, ThresholdTarget | ApproxTarget):
        return None
    series = series_of(a, target.measure, tracker, lang)
    if sum(len(s.points) for s in series) < 2:
        return None
    path = _path(a, plan, target)
    interims = []
    for item in getattr(target, "interim", []):
        stated = plan.phase(item.phase)
        if stated is not None:
            interims.append((stated.end.end, item.value))
    return Chart(
        title=f"{a.target} {a.label[lang]}",
        series=series,
        target=target.value,
        target_label=w(
            "chart_target", lang, goal=goal_text(target, lang, wan=lang == "zh"), deadline=a.deadline or "—"
        ),
        deadline=PartialDate.parse(a.deadline).end if a.deadline else None,
        path=path,
        path_label=w("chart_path_cagr" if a.method == "cagr" else "chart_path", lang),
        interims=tuple(interims),
        legend={k: w(k, lang) for k in LEGEND_KEYS},
    )

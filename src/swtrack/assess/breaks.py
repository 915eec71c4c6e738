"""Breaks in a series: two consecutive figures of one measure and area that its own pace cannot
explain, more likely two definitions than growth (docs/method.md)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np

from swtrack.assess.interval import AFTER_ZH, MARK, MARK_ZH, Interval, fmt, of
from swtrack.findings import Report, Say
from swtrack.load.columns import Observation
from swtrack.load.tracker import Tracker
from swtrack.model.plan import ApproxTarget, ThresholdTarget

# A change between consecutive figures breaks the series when every value their intervals allow
# changes by at least a quarter (up 25%, or down 20%), at an annual pace both above 50% a year
# and three times the series' own pace from its first figure to its last.
MIN_CHANGE = math.log(1.25)
MIN_PACE = math.log(1.5)
TIMES_OWN_PACE = 3.0
# Figures closer than a month are read a month apart: a pace is not read off a few days.
MIN_YEARS = 1 / 12


def _years(a: date, b: date) -> float:
    return max((b - a).days / 365.2425, MIN_YEARS)


def least_change(a: Interval, b: Interval) -> float:
    """The smallest |ln(b / a)| any two values of the intervals allow (0 where they overlap or a
    value may be 0 or below)."""
    if a.lo <= 0 or b.lo <= 0:
        return 0.0
    if b.lo >= a.hi:
        return math.log(b.lo / a.hi)
    if a.lo >= b.hi:
        return math.log(a.lo / b.hi)
    return 0.0


def breaks(series: list[tuple[date, Interval]]) -> list[int]:
    """The positions i where series[i - 1] → series[i] breaks the series (series in date order)."""
    if len(series) < 3:
        # Two figures are the whole series: their pace is the series' own, nothing to set it against.
        return []
    first, last = series[0], series[-1]
    own = least_change(first[1], last[1]) / _years(first[0], last[0]) if last[0] > first[0] else 0.0
    bound = max(MIN_PACE, TIMES_OWN_PACE * own)
    out = []
    for i in range(1, len(series)):
        (d0, a), (d1, b) = series[i - 1], series[i]
        if d1 <= d0:
            continue
        change = least_change(a, b)
        if change >= MIN_CHANGE and change / _years(d0, d1) >= bound:
            out.append(i)
    return out


def change_of(a: tuple[date, Interval], b: tuple[date, Interval]) -> tuple[float, int]:
    """The least relative change the two figures allow (+0.52) and the whole months between them."""
    change = least_change(a[1], b[1])
    pct = math.exp(change) - 1 if b[1].lo >= a[1].hi else math.exp(-change) - 1
    return pct, round((b[0] - a[0]).days / 30.44)


def describe(pct: float, months: int) -> str:
    """+52% in 8 months."""
    return f"{pct:+.0%} in {months} months"


@dataclass(frozen=True)
class Found:
    """A break in a series a plan judges a target on: the later figure's row, and the pair."""

    refs: tuple[str, ...]
    area: str
    area_name: str
    measure: str
    before: Observation
    after: Observation
    change: float
    months: int


def in_tracker(tracker: Tracker) -> list[Found]:
    """The breaks in every series a plan's threshold or approximate target reads (its own measure,
    at its area): what `validate` warns of before a verdict rests on one. Only those series are
    read, so it costs a few column scans at any scale."""
    refs: dict[tuple[str, str], list[str]] = {}
    names: dict[str, str] = {}
    for plan, target in tracker.targets():
        if not isinstance(target, (ThresholdTarget, ApproxTarget)):
            continue
        city = tracker.areas.top(plan.jurisdiction)
        area = target.area or (city.id if city else plan.jurisdiction)
        names[area] = city.name if city and city.id == area else area
        refs.setdefault((area, target.measure), []).append(target.id)
    table = tracker.observations
    out: list[Found] = []
    for (area, measure), ids in sorted(refs.items()):
        a, m = table.code("area", area), table.code("measure", measure)
        if a < 0 or m < 0:
            continue
        at = np.flatnonzero((table.text("area") == a) & (table.text("measure") == m))
        rows = sorted(table.rows(at), key=lambda o: (o.date.end, o.line))
        series = [(o.date.end, of(o.value, o.qualifier)) for o in rows]
        for i in breaks(series):
            change, months = change_of(series[i - 1], series[i])
            out.append(Found(tuple(ids), area, names[area], measure, rows[i - 1], rows[i], change, months))
    return out


# A figure's qualifier in a finding's English words (its Chinese ones are interval.MARK_ZH).
WORDS_EN = {
    "more_than": "more than ",
    "at_least": "at least ",
    "about": "about ",
    "nearly": "nearly ",
    "less_than": "less than ",
}


def _said(o: Observation, zh: bool) -> str:
    """A figure with its qualifier in words: 近500,000 / nearly 500,000, 120余 / 120-odd."""
    if zh:
        mark = MARK.get(o.qualifier, "")
        return f"{MARK_ZH.get(mark, '')}{fmt(o.value)}{AFTER_ZH.get(mark, '')}"
    return f"{WORDS_EN.get(o.qualifier, '')}{fmt(o.value)}{'-odd' if o.qualifier == 'odd' else ''}"


def findings(tracker: Tracker) -> Report:
    """A warning at the later figure of each break in a series a target reads: the verdicts that
    compare figures across it are inconclusive (docs/method.md, Breaks in a series)."""
    report = Report()
    for b in in_tracker(tracker):
        measure = tracker.measures.get(b.measure)
        label = measure.label if measure else None
        en_m, zh_m = (label.en, label.zh) if label else (b.measure, b.measure)

        refs = ", ".join(b.refs)
        en = (
            f"{en_m} in {b.area_name}: {_said(b.before, False)} on {b.before.date} → "
            f"{_said(b.after, False)} on {b.after.date} "
            f"({describe(b.change, b.months)}), beyond what the series' own pace explains; "
            f"judged on this series: {refs}"
        )
        zh = (
            f"{b.area_name}{zh_m}：{b.before.date} {_said(b.before, True)} → {b.after.date} {_said(b.after, True)}"
            f"（{b.months} 个月变化 {b.change:+.0%}），超出该序列自身增速所能解释的范围；"
            f"{'、'.join(b.refs)} 依据此序列判定"
        )
        hint = Say(
            f"Check that both figures count the same thing (definition, area, who is counted; {b.before.file} line "
            f"{b.before.line}); if not, file one under a measure of its own. Until then a verdict that compares "
            "the two is inconclusive (docs/method.md).",
            f"核对两个数据的口径（定义、地区、统计对象；{b.before.file} 第 {b.before.line} 行）是否一致；若不一致，"
            "把其中一个录入其自身的指标。在此之前，比较这两个数据得出的判定为“无法判定”（见 docs/method.md）。",
        )
        report.warn("series-break", Say(en, zh), file=b.after.file, line=b.after.line, column="value", hint=hint)
    return report

"""Targets on change over time: increases over a period (from stocks or yearly flows), densities
per population, and measures that never decrease.

The mini tracker gets three targets of its own here: MN-06 an increase of >= 300 workers from the
plan's baseline date to 2020-12-31, MN-07 an increase of >= 10 agencies founded (a flow) in
2016-2020, MN-08 a yearly standard of >= 40 certified (no deadline). The synthetic example's
EX-28..EX-30 are checked as shipped.
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLES
from swtrack.assess import assess
from swtrack.assess.change import minus, plus
from swtrack.assess.interval import Interval, of
from swtrack.assess.model import Assessment, Status
from swtrack.cli import app
from swtrack.load.tracker import load_tracker
from swtrack.model.plan import IncreaseTarget, RatioTarget
from swtrack.render.status import gap_basis, goal_text, latest_text, projected_text

OBS_HEADER = "date,area,measure,value,qualifier,source_url,grade,note\n"
MEASURES = """
  - {id: agencies_founded, label: {zh: 新设机构, en: agencies founded}, unit: agencies, definition: Founded in the year., change: flow}
"""
TARGETS = """
  - ref: MN-06
    kind: increase
    clause: 六
    wording: 新增从业人员 300 人
    label: {zh: 新增从业人员, en: New workers}
    measure: workers
    value: 300
    phase: p2
  - ref: MN-07
    kind: increase
    clause: 七
    wording: 新增机构 10 家
    label: {zh: 新增机构, en: New agencies}
    measure: agencies_founded
    value: 10
    start: 2015-12-31
    phase: p2
  - ref: MN-08
    kind: threshold
    clause: 八
    wording: 持证社工不少于 40 人
    label: {zh: 持证社工, en: Certified}
    measure: certified
    value: 40
"""


def _assess(root: Path, rows: list[str], as_of: str, ref: str, *, change: str = "stock") -> Assessment:
    measures = root / "targets" / "measures.yaml"
    text = measures.read_text(encoding="utf-8")
    if "agencies_founded" not in text:
        text = text.replace("registers:", MEASURES.lstrip("\n") + "registers:")
        text = text.replace(
            "{id: workers, label: {zh: 从业人员, en: workers}, unit: persons, definition: Workers.}",
            f"{{id: workers, label: {{zh: 从业人员, en: workers}}, unit: persons, definition: Workers., change: {change}}}",
        )
        text = text.replace(
            "{id: certified, label: {zh: 持证社工, en: certified}, unit: persons, definition: Certified.}",
            f"{{id: certified, label: {{zh: 持证社工, en: certified}}, unit: persons, definition: Certified., "
            f"change: {change}}}",
        )
        measures.write_text(text, encoding="utf-8")
        plan = root / "targets" / "mini-plan.yaml"
        plan.write_text(plan.read_text(encoding="utf-8") + TARGETS.lstrip("\n"), encoding="utf-8")
    body = "".join(f"{r},https://example.org/s,B,\n" for r in rows)
    (root / "data" / "observations.csv").write_text(OBS_HEADER + body, encoding="utf-8")
    tracker, report = load_tracker(root)
    assert not report.errors, [f.message for f in report.errors]
    status = assess(tracker, as_of=date.fromisoformat(as_of), plan_id="mini_plan")
    return next(a for a in status.assessments if a.target == ref)


# --- Interval arithmetic ----------------------------------------------------------------

# Published figures are counts and amounts written with a few decimals, never 1e-78.
finite = st.integers(min_value=-(10**6), max_value=10**6).map(lambda n: n / 100)
qualifiers = st.sampled_from(["", "more_than", "at_least", "about", "nearly", "less_than"])


def _sample(iv: Interval, t: float) -> float | None:
    """A value inside the interval, picked by t in [0, 1]; None where the interval is empty."""
    lo = iv.lo if math.isfinite(iv.lo) else (iv.hi if math.isfinite(iv.hi) else 0.0) - 1000
    hi = iv.hi if math.isfinite(iv.hi) else lo + 1000
    x = lo + (hi - lo) * t
    return x if iv.contains(x) else None


@given(a=finite, qa=qualifiers, b=finite, qb=qualifiers, s=st.floats(0, 1), t=st.floats(0, 1))
def test_interval_subtraction_and_sum_hold_every_difference(
    a: float, qa: str, b: float, qb: str, s: float, t: float
) -> None:
    ia, ib = of(a, qa), of(b, qb)
    x, y = _sample(ia, s), _sample(ib, t)
    if x is None or y is None:
        return
    assert _holds(minus(ia, ib), x - y)
    assert _holds(plus(ia, ib), x + y)


def _holds(iv: Interval, v: float) -> bool:
    """v inside iv, or at an open end within float rounding: -127.98 - 0.02999… is -128.01 in floats
    though its exact value lies above the open end -128.01 (both sides rounded the same way)."""
    return iv.contains(v) or any(math.isfinite(e) and abs(v - e) <= 4 * math.ulp(e) for e in (iv.lo, iv.hi))


def test_subtraction_keeps_the_open_ends() -> None:
    # 超过 500 at the end, exactly 200 at the start: the increase is above 300, open there.
    assert minus(of(500, "more_than"), of(200, "")) == Interval(300, math.inf, lo_open=True)
    # exactly 500 at the end, 近 200 at the start (190 up to 200): 300 up to 310, open at 300.
    assert minus(of(500, ""), of(200, "nearly")) == Interval(300, 310, lo_open=True)


# --- Increase from stocks ----------------------------------------------------------------


def test_an_increase_from_stocks_is_judged_on_its_pace(mini: Path) -> None:
    rows = ["2011-12-31,迷你市,workers,200,", "2016-12-31,迷你市,workers,350,"]
    a = _assess(mini, rows, "2016-12-31", "MN-06")
    # 150 in 5 years against 300 in 9: R = (150 / 5.0) / (300 / 9.0) = 0.90.
    assert a.value == 150
    assert a.status is Status.NEEDS_ACCELERATION
    assert a.baseline is not None and (a.baseline.value, a.baseline.origin) == (0, "period_start")
    assert a.pace is not None and round(a.pace.ratio, 3) == 0.9
    assert a.notes == ["stock at the period's start: 200 on 2011-12-31"]
    assert [(u.date, u.value) for u in a.used] == [("2011-12-31", 200), ("2016-12-31", 350)]


def test_an_increase_at_the_deadline_is_met_or_missed_on_the_difference(mini: Path) -> None:
    rows = ["2011-12-31,迷你市,workers,200,", "2020-12-31,迷你市,workers,480,"]
    missed = _assess(mini, rows, "2021-06-30", "MN-06")
    assert (missed.status, missed.value, missed.gap) == (Status.MISSED, 280, 20)
    rows = ["2011-12-31,迷你市,workers,200,", "2020-12-31,迷你市,workers,520,"]
    assert _assess(mini, rows, "2021-06-30", "MN-06").status is Status.MET


def test_a_bounded_end_gives_a_bounded_increase(mini: Path) -> None:
    # 超过 480 at the deadline, 200 at the start: the increase is above 280, which may or may not reach 300.
    rows = ["2011-12-31,迷你市,workers,200,", "2020-12-31,迷你市,workers,480,more_than"]
    a = _assess(mini, rows, "2021-06-30", "MN-06")
    assert a.status is Status.INCONCLUSIVE
    assert a.bounds == (280, None)
    assert latest_text(a) == "≥280"


def test_a_missing_start_says_so(mini: Path) -> None:
    rows = ["2016-12-31,迷你市,workers,350,"]
    a = _assess(mini, rows, "2016-12-31", "MN-06")
    assert a.status is Status.NO_DATA
    assert a.rule == (
        "the increase cannot be read: no figure of workers at the period's start (2011-12-31 or within a year before it)"
    )


def test_a_missing_end_says_so(mini: Path) -> None:
    a = _assess(mini, ["2011-12-31,迷你市,workers,200,"], "2016-12-31", "MN-06")
    assert a.status is Status.NO_DATA
    assert a.rule == "the increase cannot be read: no figure of workers after the period's start (2011-12-31)"


def test_a_non_decreasing_stock_bounds_a_missing_start_from_its_first_later_figure(mini: Path) -> None:
    # No figure at the start; the stock never falls, so at the start it was at most 250 (2013):
    # the increase by 2020 is at least 560 - 250 = 310, which meets 300.
    rows = ["2013-12-31,迷你市,workers,250,", "2020-12-31,迷你市,workers,560,"]
    a = _assess(mini, rows, "2021-06-30", "MN-06", change="non_decreasing")
    assert a.status is Status.MET
    assert a.notes[0].startswith("no figure at the period's start (2011-12-31); the measure never decreases")


def test_a_plain_stock_with_no_start_figure_is_not_read(tmp_path: Path) -> None:
    from conftest import MINI, copy_tracker

    root = copy_tracker(MINI, tmp_path / "t")
    rows = ["2013-12-31,迷你市,workers,250,", "2020-12-31,迷你市,workers,560,"]
    assert _assess(root, rows, "2021-06-30", "MN-06").status is Status.NO_DATA


# --- Increase from flows -----------------------------------------------------------------


def test_flows_are_summed_year_by_year(mini: Path) -> None:
    rows = ["2016,迷你市,agencies_founded,3,", "2017,迷你市,agencies_founded,4,", "2018,迷你市,agencies_founded,4,"]
    a = _assess(mini, rows, "2020-12-31", "MN-07")
    assert (a.value, a.status) == (11, Status.MET)
    assert a.notes == ["the sum of the yearly flows from 2016"]


def test_a_year_without_a_figure_leaves_the_sum_a_lower_bound(mini: Path) -> None:
    rows = ["2016,迷你市,agencies_founded,3,", "2018,迷你市,agencies_founded,4,"]
    a = _assess(mini, rows, "2018-12-31", "MN-07")
    assert a.value == 7
    assert a.bounds == (7, None)
    assert a.notes[1] == "no figure for 2017: the sum from then on is a lower bound"
    # A lower bound cannot show the increase short of its target: never missed, never off track.
    assert a.status not in (Status.MISSED, Status.OFF_TRACK, Status.MOVING_AWAY)


def test_a_figure_for_part_of_a_year_is_a_lower_bound_on_the_year(mini: Path) -> None:
    rows = ["2016,迷你市,agencies_founded,6,", "2017-06,迷你市,agencies_founded,5,"]
    a = _assess(mini, rows, "2017-12-31", "MN-07")
    assert (a.value, a.bounds, a.status) == (11, (11, None), Status.MET)
    assert a.notes[1] == "a figure of part of a year (2017-06) is a lower bound on that year"


@settings(max_examples=40, deadline=None)
@given(flows=st.lists(st.integers(min_value=0, max_value=8), min_size=5, max_size=5))
def test_complete_flows_decide_exactly_at_the_deadline(
    flows: list[int], tmp_path_factory: pytest.TempPathFactory
) -> None:
    from conftest import MINI, copy_tracker

    root = copy_tracker(MINI, tmp_path_factory.mktemp("flows") / "t")
    rows = [f"{2016 + i},迷你市,agencies_founded,{n}," for i, n in enumerate(flows)]
    a = _assess(root, rows, "2021-06-30", "MN-07")
    assert a.value == sum(flows)
    assert a.status is (Status.MET if sum(flows) >= 10 else Status.MISSED)


# --- Densities ----------------------------------------------------------------------------


def test_a_density_per_ten_thousand_residents() -> None:
    tracker, _ = load_tracker(EXAMPLES)
    status = assess(tracker, as_of=date(2018, 12, 31))
    a = next(x for x in status.assessments if x.target == "EX-30")
    # 3,000 social workers / 1,500,000 residents * 10,000 = 20; 2011: 1,500 / 1,400,000 * 10,000.
    assert a.value == pytest.approx(20.0)
    assert a.baseline is not None and a.baseline.value == pytest.approx(1500 / 1_400_000 * 10_000)
    assert a.status is Status.NEEDS_ACCELERATION
    target = next(t for _, t in tracker.targets() if t.id == "EX-30")
    assert isinstance(target, RatioTarget) and target.per == 10_000
    assert goal_text(target, "zh") == "每万 ≥ 25"
    assert goal_text(target, "en") == "per 10,000 ≥ 25"


def test_the_example_increases_as_shipped() -> None:
    tracker, _ = load_tracker(EXAMPLES)
    status = assess(tracker, as_of=date(2018, 12, 31))
    by_id = {a.target: a for a in status.assessments}
    assert (by_id["EX-28"].value, by_id["EX-28"].status) == (110, Status.NEEDS_ACCELERATION)
    assert (by_id["EX-29"].value, by_id["EX-29"].bounds) == (23, (23, None))
    assert by_id["EX-29"].status is Status.INCONCLUSIVE
    target = next(t for _, t in tracker.targets() if t.id == "EX-29")
    assert isinstance(target, IncreaseTarget)
    assert goal_text(target, "zh") == "新增 ≥ 50"
    assert goal_text(target, "en") == "≥ +50"


# --- Measures that never decrease ---------------------------------------------------------


def test_a_stale_figure_of_a_non_decreasing_measure_still_meets_a_standard(mini: Path) -> None:
    a = _assess(mini, ["2014-12-31,迷你市,certified,45,"], "2018-12-31", "MN-08", change="non_decreasing")
    assert a.status is Status.MET
    assert a.rule == (
        "the latest figure (45 on 2014-12-31) meets the standard; the measure never decreases, "
        "so its figure of 2014-12-31 is a lower bound on 2018-12-31"
    )


def test_a_stale_figure_of_a_plain_stock_stays_stale(mini: Path) -> None:
    a = _assess(mini, ["2014-12-31,迷你市,certified,45,"], "2018-12-31", "MN-08")
    assert a.status is Status.STALE


def test_a_target_reached_early_says_the_figure_is_a_lower_bound_at_the_deadline(mini: Path) -> None:
    rows = ["2011-12-31,迷你市,workers,200,", "2016-12-31,迷你市,workers,1200,"]
    a = _assess(mini, rows, "2021-06-30", "MN-01", change="non_decreasing")
    assert a.status is Status.MET
    assert a.rule.endswith("; the measure never decreases, so its figure of 2016-12-31 is a lower bound on 2020-12-31")


@settings(max_examples=40, deadline=None)
@given(
    start=st.integers(min_value=0, max_value=2000),
    end=st.integers(min_value=0, max_value=2000),
    qualifier=st.sampled_from(["", "more_than", "about", "nearly"]),
)
@example(start=200, end=500, qualifier="nearly")  # just under 300: missed, not inconclusive
def test_a_stock_increase_is_met_or_missed_only_when_its_whole_interval_agrees(
    start: int, end: int, qualifier: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from conftest import MINI, copy_tracker

    root = copy_tracker(MINI, tmp_path_factory.mktemp("stock") / "t")
    rows = [f"2011-12-31,迷你市,workers,{start},", f"2020-12-31,迷你市,workers,{end},{qualifier}"]
    a = _assess(root, rows, "2021-06-30", "MN-06")
    iv = minus(of(end, qualifier), of(start, ""))
    if iv.lo >= 300:
        assert a.status in (Status.MET, Status.OVERSHOOT)
    elif iv.hi < 300 or (iv.hi == 300 and iv.hi_open):
        assert a.status is Status.MISSED
    else:
        assert a.status is Status.INCONCLUSIVE


def _density(mini: Path, rows: list[str]) -> None:
    """The mini tracker with MN-09: certified per 10,000 residents, 150 by 2020-12-31; `rows` its data."""
    text = (mini / "targets" / "measures.yaml").read_text(encoding="utf-8")
    (mini / "targets" / "measures.yaml").write_text(
        text.replace(
            "registers:",
            "  - {id: population, label: {zh: 常住人口, en: population}, unit: persons, definition: Residents.}\n"
            "registers:",
        ),
        encoding="utf-8",
    )
    plan = mini / "targets" / "mini-plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8")
        + "  - ref: MN-09\n    kind: ratio\n    clause: 九\n    wording: 每万人口持证社工 150 名\n"
        + "    label: {zh: 每万人口持证社工, en: Certified per 10000}\n    numerator: certified\n"
        + "    denominator: population\n    per: 10000\n    value: 150\n    phase: p2\n",
        encoding="utf-8",
    )
    source = mini / "sources" / "mini-plan.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n九、每万人口持证社工 150 名。\n", encoding="utf-8")
    body = "".join(f"{r},https://example.org/s,B,\n" for r in rows)
    (mini / "data" / "observations.csv").write_text(OBS_HEADER + body, encoding="utf-8")


def test_a_density_from_a_lower_bound_is_shown_as_one(mini: Path) -> None:
    # 超过 90,000 certified over 6,500,000 residents: at least 138.46 per 10,000, never exactly it.
    _density(mini, ["2016-12-31,迷你市,certified,90000,more_than", "2016-12-31,迷你市,population,6500000,"])
    tracker, report = load_tracker(mini)
    assert not report.errors, [f.message for f in report.errors]
    status = assess(tracker, as_of=date(2016, 12, 31), plan_id="mini_plan")
    a = next(x for x in status.assessments if x.target == "MN-09")
    assert a.bounds is not None and a.bounds[1] is None
    assert latest_text(a) == "≥138.46"
    # The figure the gap is read from is the quotient, marked as a bound, not the numerator's row.
    assert a.judged_value is not None and round(a.judged_value, 2) == 138.46
    assert gap_basis(a, "en") == "from ≥138.46 on 2016-12-31"
    assert gap_basis(a, "zh") == "按 2016-12-31 的 ≥138.46 计算"
    runner = CliRunner()
    explained = runner.invoke(app, ["--root", str(mini), "explain", "MN-09", "--as-of", "2016-12-31", "--lang", "en"])
    assert explained.exit_code == 0, explained.output
    lines = explained.stdout.splitlines()
    assert [line.split(None, 1)[1] for line in lines if line.startswith(("Latest ", "Gap "))] == [
        "≥138.46 · 2016-12-31",
        "<11.5 · from ≥138.46 on 2016-12-31",
    ]
    out = mini / "b.md"
    brief = runner.invoke(app, ["--root", str(mini), "brief", "-o", str(out), "--as-of", "2016-12-31", "--lang", "en"])
    assert brief.exit_code == 0, brief.output
    assert "ratio ≥138.46 on 2016-12-31 [" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("rows", "as_of", "needed"),
    [
        # Same-date figures exist, but a bound at the deadline cannot decide 150: ask for exact ones.
        (
            ["2020-12-31,迷你市,certified,90000,more_than", "2020-12-31,迷你市,population,6500000,"],
            "2021-06-30",
            "迷你市同一日期的持证社工与常住人口的确数（不带“超过、约、近”）",
        ),
        # Figures from long before the deadline: ask for them at the deadline, not merely "on one date".
        (
            ["2016-12-31,迷你市,certified,97000,", "2016-12-31,迷你市,population,6500000,"],
            "2021-06-30",
            "迷你市在期限（2020-12-31）时同一日期的持证社工与常住人口数据",
        ),
        # No same-date pair at all.
        (["2016-12-31,迷你市,certified,97000,"], "2021-06-30", "迷你市同一日期的持证社工与常住人口数据"),
    ],
)
def test_what_would_settle_a_density(mini: Path, rows: list[str], as_of: str, needed: str) -> None:
    _density(mini, rows)
    result = CliRunner().invoke(app, ["--root", str(mini), "gaps", "--as-of", as_of, "--lang", "zh", "--json"])
    assert result.exit_code == 0, result.output
    found = {g["ref"]: g for g in json.loads(result.stdout)}
    assert found["MN-09"]["needed"] == needed


def test_a_projection_from_bounded_figures_is_not_a_point() -> None:
    # EX-29 rests on ≥23 (a lower bound): R is a range, and the projection is said as about.
    tracker, _ = load_tracker(EXAMPLES)
    found = {a.target: a for a in assess(tracker).assessments}
    bounded, exact = found["EX-29"], found["EX-05"]
    assert bounded.pace is not None and bounded.pace.ratio_low != bounded.pace.ratio_high
    assert (projected_text(bounded, "en"), projected_text(bounded, "zh")) == ("about 38.3", "约38.3")
    assert (projected_text(exact, "en"), projected_text(exact, "zh")) == ("2,000", "2,000")

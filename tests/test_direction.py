"""R has a direction (Open SDG's direction factor): a series that falls short of its target and
moves away from it is never on track, even where the baseline had met the target (hypothesis)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, timedelta
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import MINI
from swtrack.assess import assess
from swtrack.assess.interval import fmt, ratio_text
from swtrack.assess.model import Assessment, Status
from swtrack.cli import app
from swtrack.load.columns import RowTable
from swtrack.load.tracker import load_tracker
from swtrack.model.dates import PartialDate
from swtrack.render.numbers import number

MINI_TRACKER, _ = load_tracker(MINI)
BASE_DAY = date(2011, 12, 31)
DEADLINE = date(2020, 12, 31)
GOOD = (Status.ON_TRACK, Status.MET, Status.OVERSHOOT, Status.NEEDS_ACCELERATION, Status.OFF_TRACK)


def _assess(
    series: list[tuple[date, float]], comparator: str, target: float, as_of: date, method: str = "linear"
) -> Assessment:
    """MN-01 (workers by 2020-12-31) with the comparator and target given, on these figures."""
    first = MINI_TRACKER.observations[0]
    rows = [first._replace(date=PartialDate.of(d), value=v, line=10 + i) for i, (d, v) in enumerate(series)]
    plan = MINI_TRACKER.plans[0]
    targets = [
        t.model_copy(update={"comparator": comparator, "value": target}) if t.ref == "MN-01" else t
        for t in plan.targets
    ]
    tracker = dataclasses.replace(
        MINI_TRACKER, observations=RowTable.of(rows), plans=[plan.model_copy(update={"targets": targets})]
    )
    report = assess(tracker, as_of=as_of, plan_id="mini_plan", method=method)
    return next(a for a in report.assessments if a.target == "MN-01")


def test_the_issue_series_above_the_target_then_far_below_moves_away() -> None:
    series = [(BASE_DAY, 2500), (date(2014, 12, 31), 2200), (date(2016, 12, 31), 500)]
    a = _assess(series, ">=", 2000, date(2017, 6, 30))
    assert a.status is Status.MOVING_AWAY
    assert a.pace is not None
    # achieved -2,000 in 5 years against a required -500 in 9 (the baseline met the target): the
    # achieved pace points away from the target, 7.2 times the required pace's size.
    assert a.rule == "R = -7.20 (bands 0.95 / 0.60 / 0)"
    assert fmt(a.pace.projected_at_deadline) == "-1,099"


def test_the_issue_series_below_a_ceiling_then_above_it_moves_away() -> None:
    series = [(BASE_DAY, 400), (date(2014, 12, 31), 450), (date(2016, 12, 31), 600)]
    a = _assess(series, "<=", 500, date(2017, 6, 30))
    assert a.status is Status.MOVING_AWAY
    assert a.rule == "R = -3.60 (bands 0.95 / 0.60 / 0)"


def test_a_baseline_short_of_the_target_reads_r_as_before() -> None:
    # Where the baseline has not met the target, the direction changes nothing: R = achieved / required.
    a = _assess([(BASE_DAY, 200), (date(2016, 12, 31), 640)], ">=", 1000, date(2017, 6, 30))
    assert a.pace is not None and a.pace.ratio == a.pace.achieved / a.pace.required
    b = _assess([(BASE_DAY, 900), (date(2016, 12, 31), 700)], "<=", 500, date(2017, 6, 30))
    assert b.pace is not None and b.pace.ratio == b.pace.achieved / b.pace.required


def test_a_baseline_at_the_target_then_falling_moves_away_and_says_why() -> None:
    series = [(BASE_DAY, 2000), (date(2013, 12, 31), 1900), (date(2014, 12, 31), 1800), (date(2016, 12, 31), 1500)]
    a = _assess(series, ">=", 2000, date(2017, 6, 30))
    assert a.status is Status.MOVING_AWAY
    assert a.rule == (
        "the baseline (2,000 on 2011-12-31) stood at the target, so no pace was required; the latest figure "
        "(1,500 on 2016-12-31) has fallen short of it since: moving away"
    )


def test_a_baseline_at_the_ceiling_then_rising_moves_away() -> None:
    series = [(BASE_DAY, 500), (date(2016, 12, 31), 520)]
    a = _assess(series, "<=", 500, date(2017, 6, 30))
    assert a.status is Status.MOVING_AWAY


def test_only_the_baseline_says_so() -> None:
    a = _assess([(BASE_DAY, 200)], ">=", 1000, date(2017, 6, 30))
    assert a.status is Status.NOT_JUDGED_YET
    assert a.rule == (
        "not met yet; the baseline is the only figure on the plan's own measure, and no pace can be read from one point"
    )


def test_a_flat_series_against_a_ceiling_prints_no_negative_zero() -> None:
    a = _assess([(BASE_DAY, 600), (date(2016, 12, 31), 600)], "<=", 500, date(2017, 6, 30))
    assert a.status is Status.OFF_TRACK
    assert a.rule == "R = 0.00 (bands 0.95 / 0.60 / 0)"
    assert a.pace is not None and json.dumps(a.pace.ratio) == "0.0"


def test_the_cagr_fallback_names_the_value_that_is_zero() -> None:
    a = _assess([(BASE_DAY, 60), (date(2016, 12, 31), 30)], "<=", 0, date(2017, 6, 30), method="cagr")
    assert a.pace is not None and a.pace.method == "linear"
    assert a.pace.fallback == "CAGR is undefined with a zero or negative target (0); the linear pace is used"
    b = _assess([(BASE_DAY, 60), (date(2016, 12, 31), 0)], ">=", 100, date(2017, 6, 30), method="cagr")
    assert b.pace is not None
    assert b.pace.fallback == "CAGR is undefined with a zero or negative latest figure (0); the linear pace is used"


def test_no_negative_zero_in_the_printed_numbers() -> None:
    assert ratio_text(-0.0) == "0.00"
    assert ratio_text(-0.0001) == "-0.0001"
    assert ratio_text(-0.0004, 3) == "-0.0004"
    assert ratio_text(-0.004) == "-0.004"
    assert ratio_text(-0.006) == "-0.01"
    assert fmt(-0.0) == "0"
    assert number(-0.0) == "0"


def test_an_open_ended_figure_gives_an_infinite_r_and_json_null(mini: Path, runner: CliRunner) -> None:
    rows = "2011-12-31,迷你市,workers,200,,https://example.org/x,B,\n2016-12-31,迷你市,workers,900,more_than,https://example.org/x,B,\n"
    (mini / "data" / "observations.csv").write_text("date,area,measure,value,qualifier,source_url,grade,note\n" + rows)
    result = runner.invoke(app, ["--root", str(mini), "status", "--format", "json", "--as-of", "2017-06-30"])
    assert result.exit_code == 0, result.output
    found = next(a for a in json.loads(result.output)["assessments"] if a["target"] == "MN-01")
    assert found["status"] == "on_track"
    assert found["pace"]["ratio_high"] is None
    assert found["pace"]["ratio_low"] == found["pace"]["ratio"]
    assert "1999999" not in result.output


# --- properties ---------------------------------------------------------------------------

counts = st.integers(min_value=1, max_value=100_000)
later = st.integers(min_value=30, max_value=3000)


def _sign(comparator: str) -> int:
    return 1 if comparator == ">=" else -1


@settings(max_examples=80, deadline=None)
@given(comparator=st.sampled_from([">=", "<="]), target=counts, base_off=st.integers(-50_000, 50_000),
       drift=st.integers(1, 50_000), days=later)  # fmt: skip
@example(comparator=">=", target=2000, base_off=500, drift=2000, days=1826)
@example(comparator="<=", target=500, base_off=-100, drift=200, days=1826)
@example(comparator=">=", target=2000, base_off=0, drift=500, days=1826)
def test_a_figure_short_of_the_target_and_moving_away_is_moving_away(
    comparator: str, target: int, base_off: int, drift: int, days: int
) -> None:
    d = _sign(comparator)
    base = target + d * base_off
    latest = base - d * drift  # moved against the target's direction
    if (latest >= target) if d > 0 else (latest <= target):
        return  # still meets the target: met, not this property
    a = _assess([(BASE_DAY, base), (BASE_DAY + timedelta(days=days), latest)], comparator, target, date(2020, 6, 30))
    assert a.status is Status.MOVING_AWAY, (a.status, a.rule)


@settings(max_examples=80, deadline=None)
@given(comparator=st.sampled_from([">=", "<="]), target=counts, base_off=st.integers(-50_000, 50_000),
       step=st.integers(-50_000, 50_000), days=later)  # fmt: skip
@example(comparator=">=", target=2000, base_off=500, step=-2000, days=1826)
@example(comparator="<=", target=500, base_off=-100, step=200, days=1826)
def test_on_track_projects_within_five_percent_of_the_distance_to_go(
    comparator: str, target: int, base_off: int, step: int, days: int
) -> None:
    d = _sign(comparator)
    base = max(0, target + d * base_off)
    latest = max(0, base + step)
    a = _assess([(BASE_DAY, base), (BASE_DAY + timedelta(days=days), latest)], comparator, target, date(2020, 6, 30))
    if a.status is not Status.ON_TRACK:
        return
    assert a.pace is not None
    # On track: the projection at the deadline misses the target by at most 5% of the distance from
    # the baseline (R >= 0.95), and lies on the target's side of the baseline.
    short = d * (target - a.pace.projected_at_deadline)
    assert short <= 0.05 * abs(target - base) + 1e-6 * max(1, target), (a.rule, a.pace)
    assert d * (a.pace.projected_at_deadline - base) >= 0, (a.rule, a.pace)

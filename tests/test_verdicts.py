"""Verdicts never claim more than their evidence: intervals, proxy directions, lateness, staleness.

Controlled series on a copy of the mini tracker: MN-01 asks for >= 1,000 workers by
2020-12-31 (baseline date 2011-12-31); MN-02 is a milestone due 2015-12-31; MN-03 a yearly
event in 2016-2017; MN-04 coverage of every district; MN-05 1-2 per community.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from swtrack.assess import assess
from swtrack.assess.interval import ABOUT_BAND, Interval, judge, of, through_proxy
from swtrack.assess.mix import share_band
from swtrack.assess.model import Assessment, Status
from swtrack.load.tracker import load_tracker
from swtrack.model.base import Text
from swtrack.model.plan import Share

OBS_HEADER = "date,area,measure,value,qualifier,source_url,grade,note\n"
EVENT_HEADER = "ref,date,status,evidence,source_url,grade,note\n"
PROXIES = """
  - {id: workers_certified, label: {zh: 持证从业人员, en: certified workers}, unit: persons, definition: Narrower., proxy_for: workers, proxy_direction: lower}
  - {id: workers_broad, label: {zh: 宽口径从业人员, en: broad count}, unit: persons, definition: Wider., proxy_for: workers, proxy_direction: upper}
  - {id: workers_other, label: {zh: 其他口径, en: other count}, unit: persons, definition: Other., proxy_for: workers}
"""


def _target(root: Path, rows: list[str], as_of: str, ref: str = "MN-01", *, method: str = "linear") -> Assessment:
    """Assess one target after replacing the observations with rows (date,area,measure,value,qualifier)."""
    measures = root / "targets" / "measures.yaml"
    text = measures.read_text(encoding="utf-8")
    if "workers_certified" not in text:
        measures.write_text(text.replace("registers:", PROXIES.lstrip("\n") + "registers:"), encoding="utf-8")
    body = "".join(f"{r},https://example.org/x,B,\n" for r in rows)
    (root / "data" / "observations.csv").write_text(OBS_HEADER + body, encoding="utf-8")
    tracker, report = load_tracker(root)
    assert not report.errors, [f.message for f in report.errors]
    found = assess(tracker, as_of=date.fromisoformat(as_of), method=method)
    return next(a for a in found.assessments if a.target == ref)


def _events(root: Path, rows: list[str]) -> None:
    body = "".join(f"{r},https://example.org/e,A,\n" for r in rows)
    (root / "data" / "events.csv").write_text(EVENT_HEADER + body, encoding="utf-8")


BASE = "2011-12-31,迷你市,workers,200,"


# --- Every figure is an interval ------------------------------------------------------


def test_the_qualifiers_as_intervals() -> None:
    assert of(350000, "more_than") == Interval(350000, math.inf, lo_open=True)
    assert of(350000, "at_least") == Interval(350000, math.inf)
    assert of(100, "less_than") == Interval(-math.inf, 100, hi_open=True)
    assert of(100, "about") == Interval(95, 105)
    assert of(500000, "nearly") == Interval(475000, 500000, hi_open=True)
    assert of(7, "") == Interval(7, 7)
    assert ABOUT_BAND == 0.05


def test_more_than_below_the_target_at_the_deadline_is_inconclusive(mini: Path) -> None:
    a = _target(mini, [BASE, "2020-12-31,迷你市,workers,800,more_than"], "2021-06-30")
    assert a.status is Status.INCONCLUSIVE
    assert a.rule == (
        "the figures near or after the deadline cannot decide it: >800 on 2020-12-31 allows values between "
        "800 and ∞; target 1,000"
    )
    assert a.bounds == (800.0, None)


def test_more_than_at_the_target_is_met(mini: Path) -> None:
    a = _target(mini, [BASE, "2020-12-31,迷你市,workers,1000,more_than"], "2021-06-30")
    assert a.status is Status.MET
    assert a.rule == "met at the deadline: >1,000 on 2020-12-31, within a year before it"


def test_about_the_target_is_inconclusive_and_nearly_it_is_missed(mini: Path) -> None:
    about = _target(mini, [BASE, "2020-12-31,迷你市,workers,1000,about"], "2021-06-30")
    assert about.status is Status.INCONCLUSIVE
    assert about.bounds == (950.0, 1050.0)
    nearly = _target(mini, [BASE, "2020-12-31,迷你市,workers,1000,nearly"], "2021-06-30")
    assert nearly.status is Status.MISSED
    assert nearly.rule == "not met at the deadline: ≲1,000 on 2020-12-31"
    assert nearly.gap == 0.0 and nearly.bounds == (950.0, 1000.0)


def test_an_interval_straddling_two_pace_bands_is_inconclusive(mini: Path) -> None:
    # 2016-12-31 is 5.0 of 9.0 years in: R = 0.95 needs 200 + 800 * 0.95 * 1827/3288 = 622.3.
    a = _target(mini, [BASE, "2016-12-31,迷你市,workers,640,about"], "2017-06-30")
    assert a.status is Status.INCONCLUSIVE
    assert a.pace is not None and a.pace.ratio_low is not None and a.pace.ratio_high is not None
    assert a.pace.ratio_low == pytest.approx((608 - 200) / 1827 / (800 / 3288))
    assert a.pace.ratio_high == pytest.approx((672 - 200) / 1827 / (800 / 3288))
    assert a.rule == (
        f"R lies between {a.pace.ratio_low:.2f} and {a.pace.ratio_high:.2f} over the figures' ranges, "
        "which spans more than one band"
    )
    exact = _target(mini, [BASE, "2016-12-31,迷你市,workers,640,"], "2017-06-30")
    assert exact.status is Status.ON_TRACK and exact.pace is not None
    assert exact.pace.ratio_low == exact.pace.ratio_high == exact.pace.ratio


@st.composite
def _figures(draw: st.DrawFn) -> tuple[float, str]:
    value = draw(st.integers(min_value=0, max_value=2000))
    qualifier = draw(st.sampled_from(["", "more_than", "at_least", "about", "nearly", "less_than"]))
    return float(value), qualifier


def _inside(iv: Interval, target: float) -> list[float]:
    """Points of the interval: its ends, points just inside them, far points, and the target
    with its neighbours where the interval holds them."""
    lo = iv.lo if math.isfinite(iv.lo) else -1e9
    hi = iv.hi if math.isfinite(iv.hi) else 1e9
    candidates = [lo, hi, (lo + hi) / 2, math.nextafter(lo, math.inf), math.nextafter(hi, -math.inf)]
    candidates += [target, math.nextafter(target, math.inf), math.nextafter(target, -math.inf)]
    return [x for x in candidates if iv.contains(x)]


@given(_figures(), st.integers(min_value=0, max_value=2000), st.sampled_from([">=", ">", "<=", "<"]))
@example((0.0, "nearly"), 0, "<")  # "近0" holds no value below 0: read as exactly 0
def test_met_or_missed_only_when_every_value_agrees(figure: tuple[float, str], target: int, comparator: str) -> None:
    iv = of(*figure)
    ops = {">=": float.__ge__, ">": float.__gt__, "<=": float.__le__, "<": float.__lt__}
    meets = [ops[comparator](x, float(target)) for x in _inside(iv, float(target))]
    verdict = judge(iv, comparator, target)
    if verdict == "meets":
        assert all(meets)
    elif verdict == "fails":
        assert not any(meets)
    else:
        # Inconclusive only when the interval really holds values on both sides.
        assert any(meets) and not all(meets)
    if iv.exact:
        assert verdict == ("meets" if ops[comparator](iv.lo, float(target)) else "fails")


@given(_figures(), st.sampled_from(["lower", "upper", "unknown"]), st.integers(min_value=1, max_value=2000))
def test_a_lower_bound_proxy_never_says_missed(figure: tuple[float, str], direction: str, target: int) -> None:
    iv = through_proxy(of(*figure), direction)  # type: ignore[arg-type]
    verdict = judge(iv, ">=", target)
    if direction == "lower":
        assert verdict != "fails"
    elif direction == "upper":
        assert verdict != "meets"
    else:
        assert verdict == "unknown"


# --- Proxies have a direction ----------------------------------------------------------


def test_a_lower_bound_proxy_below_the_target_is_inconclusive_never_missed(mini: Path) -> None:
    a = _target(mini, [BASE, "2020-12-31,迷你市,workers_certified,700,"], "2021-06-30")
    assert a.status is Status.INCONCLUSIVE
    assert a.notes == [
        "proxy workers_certified is a lower bound on the plan's measure: it can show the target met, never missed."
    ]
    assert a.used[-1].proxy and a.used[-1].direction == "lower"
    met = _target(mini, [BASE, "2020-12-31,迷你市,workers_certified,1200,"], "2021-06-30")
    assert met.status is Status.MET


def test_an_upper_bound_proxy_can_show_a_target_missed_never_met(mini: Path) -> None:
    short = _target(mini, [BASE, "2020-12-31,迷你市,workers_broad,900,"], "2021-06-30")
    assert short.status is Status.MISSED
    over = _target(mini, [BASE, "2020-12-31,迷你市,workers_broad,1500,"], "2021-06-30")
    assert over.status is Status.INCONCLUSIVE


def test_a_proxy_of_unknown_direction_decides_nothing(mini: Path) -> None:
    a = _target(mini, [BASE, "2020-12-31,迷你市,workers_other,5000,"], "2021-06-30")
    assert a.status is Status.INCONCLUSIVE
    assert a.notes == ["proxy workers_other is of unknown direction: it cannot decide the target."]


def test_a_proxy_never_enters_the_pace(mini: Path) -> None:
    # The proxy's 2016 figure would give a pace from the plan measure's baseline; it must not.
    a = _target(mini, [BASE, "2016-12-31,迷你市,workers_certified,300,"], "2017-06-30")
    assert a.pace is None
    assert a.status is Status.INCONCLUSIVE


# --- Lateness needs evidence --------------------------------------------------------


def test_met_late_needs_a_short_figure_at_or_after_the_deadline(mini: Path) -> None:
    late = _target(mini, [BASE, "2021-03-31,迷你市,workers,900,", "2022-06-30,迷你市,workers,1100,"], "2023-01-01")
    assert late.status is Status.MET_LATE
    assert late.rule == "still short after the deadline (900 on 2021-03-31); met later: 1,100 on 2022-06-30"
    by = _target(mini, [BASE, "2022-06-30,迷你市,workers,1100,"], "2023-01-01")
    assert by.status is Status.MET_BY
    assert by.rule == (
        "met by 2022-06-30 (1,100 on 2022-06-30); on time unknown: no figure within a year before the deadline"
    )
    at = _target(mini, [BASE, "2020-06-30,迷你市,workers,900,", "2022-06-30,迷你市,workers,1100,"], "2023-01-01")
    assert at.status is Status.MET_LATE
    assert at.rule == "short at the deadline (900 on 2020-06-30); met after it: 1,100 on 2022-06-30"


def test_the_gap_of_a_passed_deadline_is_the_gap_at_the_deadline(mini: Path) -> None:
    a = _target(mini, [BASE, "2020-09-30,迷你市,workers,900,", "2022-12-31,迷你市,workers,3200,"], "2023-01-01")
    assert a.status is Status.MET_LATE
    assert (a.value, a.gap, a.share_achieved) == (3200.0, 100.0, 0.9)
    only_later = _target(mini, [BASE, "2022-12-31,迷你市,workers,3200,"], "2023-01-01")
    assert (only_later.gap, only_later.share_achieved) == (None, None)


def test_an_old_figure_past_the_deadline_is_stale_not_no_data(mini: Path) -> None:
    a = _target(mini, [BASE, "2014-12-31,迷你市,workers,600,"], "2023-01-01")
    assert a.status is Status.STALE
    assert a.judged_on is not None and a.judged_on.date == "2014-12-31"


def test_cagr_with_a_zero_baseline_falls_back_to_the_linear_pace(mini: Path) -> None:
    rows = ["2011-12-31,迷你市,workers,0,", "2016-12-31,迷你市,workers,600,"]
    a = _target(mini, rows, "2017-06-30", method="cagr")
    assert a.pace is not None and a.pace.method == "linear"
    assert a.pace.fallback == "CAGR is undefined with a zero or negative baseline (0); the linear pace is used"
    assert a.status is Status.ON_TRACK
    assert a.rule.endswith("; CAGR is undefined with a zero or negative baseline (0); the linear pace is used")
    linear = _target(mini, rows, "2017-06-30")
    assert linear.pace is not None and linear.pace.ratio == a.pace.ratio


# --- Milestones and yearly events ----------------------------------------------------


def test_milestone_lateness(mini: Path) -> None:
    _events(mini, ["MN-02,2017-05-01,done_by,协会在运作"])
    assert _target(mini, [BASE], "2018-01-01", "MN-02").status is Status.MET_BY
    _events(mini, ["MN-02,2017-05-01,done,协会成立"])
    assert _target(mini, [BASE], "2018-01-01", "MN-02").status is Status.MET_LATE
    _events(mini, ["MN-02,2016-02-01,in_progress,筹备中", "MN-02,2017-05-01,done_by,协会在运作"])
    late = _target(mini, [BASE], "2018-01-01", "MN-02")
    assert late.status is Status.MET_LATE
    assert late.rule == "in_progress on 2016-02-01, after the deadline 2015-12-31; done by 2017-05-01"
    _events(mini, ["MN-02,2014-02-01,in_progress,筹备中"])
    stale = _target(mini, [BASE], "2018-01-01", "MN-02")
    assert stale.status is Status.STALE
    assert stale.rule == "due 2015-12-31; the latest evidence (2014-02-01, in_progress) is from before the deadline"


def test_a_yearly_event_with_no_evidence_claims_nothing(mini: Path) -> None:
    _events(mini, [])
    a = _target(mini, [BASE], "2018-06-30", "MN-03")
    assert a.status is Status.NO_DATA
    assert (a.value, a.target_value, a.gap) == (None, None, None)
    _events(mini, ["MN-03,2016-10-01,held,第一届"])
    some = _target(mini, [BASE], "2018-06-30", "MN-03")
    assert some.status is Status.INCONCLUSIVE
    assert some.rule == "held in 1 of 2 years; no evidence either way for 1 (2017)"


# --- Compositions and coverage ------------------------------------------------------


def test_a_part_may_not_vanish_inside_its_tolerance() -> None:
    senior = Share(measure="s", label=Text(zh="高级", en="senior"), share=0.05, tolerance=0.05)
    assert share_band(senior) == (0.025, pytest.approx(0.10))
    junior = Share(measure="j", label=Text(zh="初级", en="junior"), share=0.70, tolerance=0.05)
    assert share_band(junior) == (pytest.approx(0.65), 0.75)


def test_a_unit_figure_older_than_five_years_is_unknown(mini: Path) -> None:
    # 旧县's 2013 figure counts at the 2016 review, not at the 2020 deadline.
    early = _target(mini, [BASE, "2013-06-30,旧县,certified,3,"], "2016-06-30", "MN-04")
    late = _target(mini, [BASE, "2013-06-30,旧县,certified,3,", "2016-12-31,东区,certified,2,"], "2021-06-30", "MN-04")
    assert [(u.unit, u.state, u.date) for u in early.units] == [
        ("东区", "no_data", None),
        ("西区", "no_data", None),
        ("新区", "ok", "2013-06-30"),
    ]
    assert [(u.unit, u.state, u.derived) for u in late.units] == [
        ("东区", "ok", ""),
        ("西区", "ok", "register"),
        ("新区", "unknown", "carried from 旧县 (old_county); older than 5 years: unknown"),
    ]
    assert (late.status, late.rule) == (
        Status.INCONCLUSIVE,
        "at the deadline 2 meet, 0 short, 1 unknown: the unknown units decide it",
    )
    assert (early.status, early.rule) == (
        Status.INCONCLUSIVE,
        "1 meet, 0 short, 2 unknown: the unknown units decide it",
    )


def test_a_mix_without_its_senior_part_is_never_met(tmp_path: Path) -> None:
    from conftest import EXAMPLES, copy_tracker

    root = copy_tracker(EXAMPLES, tmp_path / "example")
    obs = root / "data" / "observations.csv"
    # 70/30/0: junior and mid inside their bands, senior at 0% against 5% ± 5.
    text = obs.read_text(encoding="utf-8").replace(
        "2018-12-31,示例市,cert_senior,150,", "2018-12-31,示例市,cert_senior,0,"
    )
    text = text.replace("2018-12-31,示例市,cert_mid,750,", "2018-12-31,示例市,cert_mid,900,")
    obs.write_text(text, encoding="utf-8")
    tracker, _ = load_tracker(root)
    a = next(x for x in assess(tracker).assessments if x.target == "EX-09")
    assert [(s.label["en"], round(s.share or 0, 2), s.inside) for s in a.shares] == [
        ("junior", 0.7, True),
        ("mid", 0.3, True),
        ("senior", 0.0, False),
    ]
    assert a.shares[2].band == (0.025, pytest.approx(0.10))
    assert a.status is not Status.MET
    assert a.notes == ["worst share: senior 0.0% against 5% (band 2.5%–10.0%)"]

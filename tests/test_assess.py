"""The assessment rules, kind by kind, on the shipped data and the synthetic example."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO
from swtrack.assess import assess
from swtrack.assess.model import Assessment, Status, StatusReport
from swtrack.load.tracker import Tracker, load_tracker
from swtrack.render.status import gap_text, latest_text

Y = 365.2425


def years(a: str, b: str) -> float:
    return (date.fromisoformat(b).toordinal() - date.fromisoformat(a).toordinal()) / Y


@pytest.fixture(scope="module")
def real() -> Tracker:
    return load_tracker(REPO)[0]


@pytest.fixture(scope="module")
def example() -> Tracker:
    return load_tracker(EXAMPLES)[0]


def by_id(report: StatusReport) -> dict[str, Assessment]:
    return {a.target: a for a in report.assessments}


# --- The shipped data -------------------------------------------------------------


def test_status_covers_every_ref_of_both_plans(real: Tracker) -> None:
    report = assess(real)
    assert report.as_of == "2025-11-30"
    refs = sorted({a.ref for a in report.assessments})
    assert refs == [f"BJ-{i:02d}" for i in range(1, 22)] + [f"CN-{i:02d}" for i in range(1, 8)] + [
        f"SZ-{i:02d}" for i in range(1, 18)
    ]


def test_bj02_met_by_2021_on_time_unknown(real: Tracker) -> None:
    a = by_id(assess(real))["BJ-02"]
    # No figure for 2020: the end-2021 figure shows the target met by then, not when.
    assert a.status is Status.MET_BY
    assert a.rule == (
        "met by 2021-12-31 (76,800 on 2021-12-31); on time unknown: no figure within a year before the deadline"
    )
    assert a.judged_on is not None
    assert (a.judged_on.date, a.judged_on.value, a.judged_on.proxy) == ("2021-12-31", 76800.0, False)
    assert a.judged_on.measure == "professional_talents"
    assert a.notes[0].startswith(
        "proxy certified_social_workers is a lower bound on the plan's measure: it can show the target met, never missed."
    )
    # The gap of a passed deadline is the gap at the deadline, and there is no figure there.
    assert (a.gap, a.share_achieved, a.pace) == (None, None, None)


def test_bj02_at_the_first_phase_review_is_inconclusive_on_certificate_holders(real: Tracker) -> None:
    a = by_id(assess(real, as_of=date(2013, 12, 31)))["BJ-02"]
    # Only certificate holders (a lower bound on the plan's measure) by 2013: they cannot show
    # the plan's wider count short, and give no pace of it.
    assert a.status is Status.INCONCLUSIVE
    assert a.rule == (
        "the latest figure (11,723 on 2012-10 (proxy)) allows values between 11,723 and ∞: it may or may not "
        "meet 40,000, and no pace can be read on the plan's own measure"
    )
    assert (a.baseline, a.pace, a.phases) == (None, None, [])
    assert a.bounds == (11723.0, None)
    assert a.gap == 40000 - 11723
    assert a.latest is not None and (a.latest.proxy, a.latest.direction) == (True, "lower")


def test_bj01_old_figure_does_not_judge_a_passed_deadline(real: Tracker) -> None:
    a = by_id(assess(real))["BJ-01"]
    assert a.status is Status.STALE
    assert a.rule == (
        "the latest figure (>300,000 on 2013-04-15) is more than a year older than the deadline (2020-12-31) "
        "and says nothing about it"
    )
    assert (a.gap, a.share_achieved) == (None, None)
    assert a.latest is not None and a.latest.qualifier == "more_than"


def test_bj05_coverage_names_districts_and_carries_dongcheng(real: Tracker) -> None:
    a = by_id(assess(real))["BJ-05"]
    assert a.status is Status.INCONCLUSIVE
    assert a.rule == "at the deadline 2 meet, 0 short, 14 unknown: the unknown units decide it"
    assert (a.units_met, a.units_short, a.units_unknown) == (2, 0, 14)
    units = {u.unit: u for u in a.units}
    assert len(units) == 16 and "密云县" in units and "密云区" not in units
    assert units["东城区"].value == 1 and units["东城区"].derived == (
        "carried from 东城区 (dongcheng_1) (a lower bound: not every predecessor has a figure)"
    )
    assert units["西城区"].value == 5 and units["西城区"].derived == ""
    assert units["朝阳区"].state == "no_data"


def test_bj04_mix_without_a_senior_figure_is_inconclusive(real: Tracker) -> None:
    a = by_id(assess(real))["BJ-04"]
    assert a.status is Status.INCONCLUSIVE
    assert a.rule == (
        "no date with a figure for every part of the mix: the figures of certified_assistant, certified_mid "
        "cannot show the mix without certified_senior"
    )
    assert a.notes[0] == "missing: certified_senior"
    assert [s.value for s in a.shares] == [9357.0, 2366.0, None]


def test_tracked_targets(real: Tracker) -> None:
    found = by_id(assess(real))
    assert {k for k, a in found.items() if a.status is Status.TRACKED} == {"BJ-21", "SZ-01", "SZ-12a", "SZ-15"}
    assert found["SZ-01"].notes[:3] == [
        "certified_assistant: no data",
        "certified_mid: no data",
        "certified_senior: 36 (2023-03)",
    ]


def test_milestones_without_evidence_say_overdue_in_the_rule(real: Tracker) -> None:
    a = by_id(assess(real))["BJ-07"]
    assert a.status is Status.NO_DATA
    assert a.rule == "no evidence recorded; due 2015-12-31 has passed"


def test_area_registry_resolution(real: Tracker) -> None:
    areas = real.areas
    assert areas.resolve("密云县", date(2013, 6, 30)).area.id == "miyun_county"  # type: ignore[union-attr]
    bad = areas.resolve("密云区", date(2013, 6, 30))
    assert (bad.problem, bad.hint) == ("not-valid", "On that date it was 密云县 (its predecessor).")
    gone = areas.resolve("宣武区", date(2012, 1, 1))
    assert (gone.problem, gone.hint) == ("not-valid", "On that date it was 西城区 (its successor).")
    assert areas.resolve("朝阳", date(2012, 1, 1)).hint == "Did you mean '朝阳区'?"
    assert areas.resolve("110118", date(2016, 1, 1)).area.name == "密云区"  # type: ignore[union-attr]
    county = ("district", "county", "new_district")
    assert len(areas.units("beijing", county, date(2009, 12, 31))) == 18
    assert len(areas.units("beijing", county, date(2011, 12, 31))) == 16
    assert len(areas.units("beijing", county, date(2016, 12, 31))) == 16
    assert len(areas.units("shenzhen", county, date(2007, 12, 31))) == 7
    assert len(areas.units("shenzhen", county, date(2012, 12, 31))) == 10
    assert sorted(a.name for a in areas.units("shenzhen", county, date(2019, 6, 30)))[:3] == [
        "光明区",
        "南山区",
        "坪山区",
    ]


# --- The synthetic example: every kind, every status ---------------------------------


EXPECTED = {
    "EX-01": Status.ON_TRACK,
    "EX-02": Status.NEEDS_ACCELERATION,
    "EX-03": Status.OFF_TRACK,
    "EX-04": Status.MOVING_AWAY,
    "EX-05": Status.MISSED,
    "EX-06": Status.MET_LATE,
    "EX-07": Status.OVERSHOOT,
    "EX-08": Status.MET,
    "EX-09": Status.MET,
    "EX-10": Status.MISSED,
    "EX-11": Status.MET,
    "EX-12": Status.OFF_TRACK,
    "EX-13": Status.MISSED,
    "EX-14": Status.TRACKED,
    "EX-15": Status.MISSED,
    "EX-16": Status.MET,
    "EX-17": Status.OVERDUE,
    "EX-25": Status.INCONCLUSIVE,
    "EX-26": Status.MET_BY,
    "EX-27": Status.STALE,
    "EX-18": Status.NOT_JUDGED_YET,
    "EX-19": Status.NOT_JUDGED_YET,
    "EX-20": Status.MISSED,
    "EX-21": Status.MET,
    "EX-22": Status.NO_DATA,
    "EX-23": Status.TRACKED,
    "EX-24": Status.NEEDS_ACCELERATION,
    "EX-28": Status.NEEDS_ACCELERATION,
    "EX-31": Status.MET_BY_SUBSTITUTE,
    "EX-29": Status.INCONCLUSIVE,
    "EX-30": Status.NEEDS_ACCELERATION,
}


def test_example_statuses(example: Tracker) -> None:
    found = by_id(assess(example))
    assert {k: a.status for k, a in found.items()} == EXPECTED
    assert {a.status for a in found.values()} == set(Status)
    assert {a.kind for a in found.values()} == {
        "threshold", "approx", "composition", "coverage", "range", "ratio", "per_capita", "milestone", "recurring",
        "taxonomy", "increase",
    }  # fmt: skip


def test_linear_pace_numbers(example: Tracker) -> None:
    a = by_id(assess(example))["EX-01"]
    req = (10000 - 2000) / years("2011-12-31", "2020-12-31")
    ach = (8200 - 2000) / years("2011-12-31", "2018-12-31")
    assert a.pace is not None
    assert (a.pace.required, a.pace.achieved) == (pytest.approx(req), pytest.approx(ach))
    assert a.pace.ratio == pytest.approx(ach / req)
    assert a.pace.projected_at_deadline == pytest.approx(8200 + ach * years("2018-12-31", "2020-12-31"))
    assert a.pace.required_from_now == pytest.approx((10000 - 8200) / years("2018-12-31", "2020-12-31"))
    reach = date(2018, 12, 31) + timedelta(days=round((10000 - 8200) / ach * Y))
    assert a.pace.reach_date == reach.isoformat() == "2021-01-11"
    # The interim value of phase two overrides the straight line.
    checks = {p.phase: p for p in a.phases}
    assert checks["p2015"].expected == 6000 and checks["p2015"].observed == 6100 and checks["p2015"].met is True
    assert checks["p2013"].expected == pytest.approx(2000 + 4000 * 731 / 1461)
    assert checks["p2013"].observed is None
    # The 2014 figure is a proxy and says so.
    assert [u.proxy for u in a.used] == [False, True, False, False]


def test_cagr_pace_numbers(example: Tracker) -> None:
    a = by_id(assess(example, method="cagr"))["EX-01"]
    req = (10000 / 2000) ** (1 / years("2011-12-31", "2020-12-31")) - 1
    ach = (8200 / 2000) ** (1 / years("2011-12-31", "2018-12-31")) - 1
    assert a.pace is not None and a.pace.method == "cagr"
    assert a.pace.ratio == pytest.approx(ach / req)
    assert a.status is Status.ON_TRACK


def test_lower_is_better(example: Tracker) -> None:
    a = by_id(assess(example))["EX-24"]
    req = (50 - 80) / years("2011-12-31", "2020-12-31")
    ach = (60 - 80) / years("2011-12-31", "2018-12-31")
    assert a.pace is not None and a.pace.ratio == pytest.approx(ach / req)
    assert a.gap == 10


def test_moving_away(example: Tracker) -> None:
    a = by_id(assess(example))["EX-04"]
    assert a.pace is not None and a.pace.ratio < 0
    assert a.pace.reach_date is None


def test_approx_band_and_overshoot(example: Tracker) -> None:
    found = by_id(assess(example))
    assert found["EX-07"].band == (90.0, 110.00000000000001)
    assert found["EX-07"].status is Status.OVERSHOOT
    assert found["EX-08"].status is Status.MET


def test_composition_reports_each_share(example: Tracker) -> None:
    a = by_id(assess(example))["EX-09"]
    assert [(s.label["en"], round(s.share or 0, 4), s.inside) for s in a.shares] == [
        ("junior", 0.7, True),
        ("mid", 0.25, True),
        ("senior", 0.05, True),
    ]
    early = by_id(assess(example, as_of=date(2016, 12, 31)))["EX-09"]
    assert early.status is Status.NOT_JUDGED_YET
    assert [s.inside for s in early.shares] == [False, False, True]
    assert early.notes == ["worst share: junior 80.0% against 70% (band 65.0%–75.0%)"]


def test_coverage_names_the_units_that_fall_short(example: Tracker) -> None:
    a = by_id(assess(example))["EX-10"]
    assert a.rule == "at the deadline 3 meet, 1 short, 0 unknown"
    assert [(u.unit, u.state) for u in a.units] == [("甲区", "ok"), ("乙区", "ok"), ("丙县", "ok"), ("丁区", "short")]


def test_coverage_is_judged_on_units_valid_at_the_date(example: Tracker) -> None:
    a = by_id(assess(example))["EX-11"]
    assert [(u.unit, u.derived) for u in a.units] == [
        ("甲区", "register"),
        ("乙区", "register"),
        ("丙区", "carried from 丙县 (bing_county)"),
        ("丁区", "register"),
    ]


def test_range_names_short_units_and_counts_those_above(example: Tracker) -> None:
    a = by_id(assess(example))["EX-12"]
    assert [u.unit for u in a.units if u.state == "short"] == ["社区四", "社区六"]
    assert [u.unit for u in a.units if u.state == "over"] == ["社区五"]
    assert (a.units_met, a.units_total) == (4, 6)
    assert a.pace is not None
    assert a.pace.ratio == pytest.approx(((4 / 6 - 3 / 6) / 7.0) / ((1 - 3 / 6) / 9.0), rel=1e-3)


def test_ratio_and_per_capita(example: Tracker) -> None:
    found = by_id(assess(example))
    assert found["EX-13"].value == pytest.approx(0.92)
    assert found["EX-13"].rule == "the latest figure (0.92 on 2018-12-31) falls short"
    assert by_id(assess(example, as_of=date(2017, 12, 31)))["EX-13"].status is Status.MET
    assert found["EX-14"].value == 4.0
    per = found["EX-15"]
    assert per.rule == "4 meet, 1 short, 0 unknown in 2018 (minimum 15)"
    assert [u.unit for u in per.units if u.state == "short"] == ["SW-004"]


def test_milestones_and_recurring(example: Tracker) -> None:
    found = by_id(assess(example))
    # The evidence is not in the rule (an English sentence): outputs show it in their own language.
    assert found["EX-16"].rule == "done on 2012-09-01"
    [event] = found["EX-16"].events
    assert (event.date, event.status, event.line) == ("2012-09-01", "done", 2)
    assert (event.evidence, event.evidence_zh) == (
        "Example City social workers' association founded (synthetic)",
        "示例市社会工作者协会成立（虚构）",
    )
    assert found["EX-17"].rule == "due 2015-12-31; evidence of 2016-03-01 says in_progress"
    years_ = found["EX-20"].years
    assert [y.year for y in years_ if y.state == "missed"] == [2015]
    assert [y.year for y in years_ if y.state == "held"] == [2012, 2013, 2014, 2016, 2017, 2018]
    assert (years_[3].evidence, years_[3].evidence_zh) == ("Not held in 2015 (synthetic)", "2015 年停办（虚构）")
    assert found["EX-20"].rule == "held in 6 of 7 years; not held in 2015"
    late = by_id(assess(example, as_of=date(2019, 6, 30)))["EX-21"]
    assert late.years[-1].state == "pending" and late.status is Status.MET


def test_one_observation_is_not_judged(example: Tracker) -> None:
    a = by_id(assess(example))["EX-19"]
    assert a.rule == (
        "not met yet; the baseline is the only figure on the plan's own measure, and no pace can be read from one point"
    )
    assert a.pace is None


def test_as_of_uses_only_earlier_data(example: Tracker) -> None:
    found = by_id(assess(example, as_of=date(2013, 12, 31)))
    assert found["EX-01"].value == 2000 and found["EX-01"].status is Status.NOT_JUDGED_YET
    assert found["EX-06"].status is Status.MISSED
    assert found["EX-17"].status is Status.NO_DATA
    assert found["EX-17"].rule == "no evidence recorded"


def test_area_filter_judges_one_district(example: Tracker) -> None:
    area = example.areas.resolve("丁区", date(2018, 12, 31)).area
    found = by_id(assess(example, area=area))
    assert [u.unit for u in found["EX-10"].units] == ["丁区"]
    assert found["EX-10"].status is Status.MISSED
    assert [u.unit for u in found["EX-12"].units] == ["社区六"]


UNIT_HEADER = "date,register,unit,area,measure,value,qualifier,source_url,grade,note\n"


def _mn05(
    root: Path, rows: list[str], as_of: str, *, within: str | None = None, communities: list[str] | None = None
) -> Assessment:
    """MN-05 (1-2 certified social workers per community, due 2020-12-31) over a register;
    `communities` ("date,area,value") replaces the fixture's counts of all communities."""
    (root / "data" / "units.csv").write_text(
        UNIT_HEADER + "".join(f"{r},,https://example.org/u,B,\n" for r in rows), encoding="utf-8"
    )
    if communities is not None:
        path = root / "data" / "observations.csv"
        kept = [line for line in path.read_text(encoding="utf-8").splitlines() if ",communities," not in line]
        counts = [
            f"{d},{area},communities,{n},{q},https://example.org/n,A," for d, area, n, q in map(_count, communities)
        ]
        path.write_text("\n".join(kept + counts) + "\n", encoding="utf-8")
    if within is not None:
        plan = root / "targets" / "mini-plan.yaml"
        text = plan.read_text(encoding="utf-8").replace(
            "{register: community}", f"{{register: community, within: [{within}]}}"
        )
        plan.write_text(text, encoding="utf-8")
    tracker, _ = load_tracker(root)
    return by_id(assess(tracker, as_of=date.fromisoformat(as_of)))["MN-05"]


def _count(text: str) -> tuple[str, str, str, str]:
    day, area, value, *qualifier = text.split(",")
    return day, area, value, qualifier[0] if qualifier else ""


def test_units_met_only_after_the_deadline_are_met_late(mini: Path) -> None:
    a = _mn05(
        mini,
        ["2020-12-31,community,一社区,西区,certified,0", "2021-06-30,community,一社区,西区,certified,1"],
        "2021-12-31",
    )
    assert a.status is Status.MET_LATE
    assert (
        a.rule == "at the deadline 0 meet, 1 short, 0 unknown; all 1 meet by 2021-12-31 (short units at the deadline)"
    )
    assert [(u.unit, u.value, u.date) for u in a.units] == [("一社区", 1.0, "2021-06-30")]


def test_units_short_before_the_deadline_are_judged_on_the_share_meeting_the_minimum(mini: Path) -> None:
    a = _mn05(
        mini,
        [
            "2011-12-31,community,一社区,西区,certified,0",
            "2011-12-31,community,二社区,东区,certified,0",
            "2016-12-31,community,一社区,西区,certified,1",
            "2016-12-31,community,二社区,东区,certified,0",
        ],
        "2017-06-30",
        communities=["2011-12-31,迷你市,2", "2016-12-31,迷你市,2"],
    )
    # share 0 at 2011-12-31, 0.5 at 2016-12-31 (1827 days), 1 due 2020-12-31 (3288 days)
    assert a.rule == "1 meet, 1 short, 0 unknown; R = 0.90 on the share of units"
    assert a.pace is not None and a.pace.ratio == pytest.approx((0.5 / 1827) / (1 / 3288))
    assert [(u.unit, u.state) for u in a.units] == [("一社区", "ok"), ("二社区", "short")]


def test_units_without_a_complete_baseline_are_not_judged_yet(mini: Path) -> None:
    a = _mn05(
        mini,
        ["2016-12-31,community,一社区,西区,certified,1", "2016-12-31,community,二社区,东区,certified,0"],
        "2016-12-31",
        communities=["2016-12-31,迷你市,2"],
    )
    assert a.status is Status.NOT_JUDGED_YET
    assert a.rule == "1 meet, 1 short, 0 unknown; no complete baseline to read a pace from"


def test_a_register_target_limited_to_areas_counts_only_their_units(mini: Path) -> None:
    a = _mn05(
        mini,
        ["2016-12-31,community,一社区,西区,certified,1", "2016-12-31,community,二社区,东区,certified,0"],
        "2016-12-31",
        within="东区",
    )
    assert [(u.unit, u.area, u.state) for u in a.units] == [("二社区", "东区", "short")]
    assert (a.units_met, a.units_total) == (0, 1)


def test_an_open_register_never_reads_every_unit_from_the_listed_ones(mini: Path) -> None:
    # One listed community meets the minimum, and nothing says how many communities there are.
    a = _mn05(mini, ["2016-12-31,community,一社区,西区,certified,1"], "2016-12-31", communities=[])
    assert a.status is Status.INCONCLUSIVE
    assert a.rule == (
        "1 meet, 0 short, 0 unknown of the 1 units listed; how many communities there are in all "
        "is not known: an exact, recent 'communities' figure decides it"
    )
    assert (a.units_met, a.units_total, a.units_unknown, a.units_open) == (1, 1, 0, True)
    assert latest_text(a) == "1/1+"
    assert gap_text(a) == "—"


def test_an_open_register_with_a_count_of_all_units_reports_the_unlisted_ones_unknown(mini: Path) -> None:
    a = _mn05(mini, ["2016-12-31,community,一社区,西区,certified,1"], "2016-12-31", communities=["2015-06-30,迷你市,3"])
    assert a.status is Status.INCONCLUSIVE
    assert a.rule == "1 meet, 0 short, 2 unknown: the unknown units decide it"
    assert (a.units_met, a.units_total, a.units_unknown, a.units_open) == (1, 3, 2, False)
    assert latest_text(a) == "1/3 (2?)"
    # The count of all communities is cited with the unit's figure.
    assert [(u.measure, u.value) for u in a.used] == [("communities", 3.0), ("certified", 1.0)]


def test_a_count_of_all_units_that_is_a_bound_or_too_old_leaves_the_register_open(mini: Path) -> None:
    row = ["2016-12-31,community,一社区,西区,certified,1"]
    for count in ("2016-12-31,迷你市,1,more_than", "2010-12-31,迷你市,1"):
        a = _mn05(mini, row, "2016-12-31", communities=[count])
        assert (a.status, a.units_total, a.units_open) == (Status.INCONCLUSIVE, 1, True), count


def test_a_short_listed_unit_at_the_deadline_is_missed_without_a_count_of_all(mini: Path) -> None:
    a = _mn05(mini, ["2020-06-30,community,一社区,西区,certified,0"], "2021-06-30", communities=[])
    assert a.status is Status.MISSED
    assert a.rule == "at the deadline 0 meet, 1 short, 0 unknown of the 1 units listed"


def test_units_met_after_the_deadline_in_an_open_register_are_not_met_by(mini: Path) -> None:
    rows = ["2021-03-31,community,一社区,西区,certified,1"]
    a = _mn05(mini, rows, "2021-06-30", communities=[])
    assert a.status is Status.INCONCLUSIVE
    assert a.rule == (
        "no unit has a figure at the deadline; by 2021-06-30 1 meet the minimum; how many communities "
        "there are in all is not known: an exact, recent 'communities' figure decides it"
    )
    a = _mn05(mini, rows, "2021-06-30", communities=["2021-01-31,迷你市,1"])
    assert a.status is Status.MET_BY


def test_a_summary_cites_only_the_named_units_rows_and_still_dates_the_others(mini: Path) -> None:
    # Three communities; 二社区 falls short. Named up to a limit of one, the summary cites only its
    # row, but the report's oldest and newest figures still count the rows of the other two.
    rows = [
        "2016-06-30,community,一社区,西区,certified,1",
        "2016-12-31,community,二社区,东区,certified,0",
        "2017-03-31,community,三社区,东区,certified,2",
    ]
    (mini / "data" / "units.csv").write_text(
        UNIT_HEADER + "".join(f"{r},,https://example.org/u,B,\n" for r in rows), encoding="utf-8"
    )
    tracker, _ = load_tracker(mini)
    whole = assess(tracker, as_of=date(2017, 6, 30))
    summary = assess(tracker, as_of=date(2017, 6, 30), unit_limit=1)
    full, short = by_id(whole)["MN-05"], by_id(summary)["MN-05"]
    assert [(u.unit, u.state) for u in full.units] == [("一社区", "ok"), ("二社区", "short"), ("三社区", "ok")]
    assert [(u.unit, u.state) for u in short.units] == [("二社区", "short")]
    assert (short.units_omitted, short.units_total, short.units_met) == (2, 3, 2)
    assert [(u.unit, u.line) for u in short.used if u.unit] == [("二社区", 3)]
    assert [(u.unit, u.line) for u in full.used if u.unit] == [("一社区", 2), ("二社区", 3), ("三社区", 4)]
    assert (summary.oldest_used, summary.newest_used) == (whole.oldest_used, whole.newest_used)
    # The newest figure is 三社区's, which the summary does not cite.
    assert summary.newest_used == "2017-03-31"


def test_a_summary_cites_the_register_row_behind_a_named_district(mini: Path) -> None:
    # 西区's count is summed from its one community (0: a lower bound, so unknown, not short);
    # the summary names 西区 and cites the register row its figure comes from.
    rows = ["2016-12-31,community,一社区,西区,certified,0", "2016-12-31,community,二社区,东区,certified,1"]
    (mini / "data" / "units.csv").write_text(
        UNIT_HEADER + "".join(f"{r},,https://example.org/u,B,\n" for r in rows), encoding="utf-8"
    )
    tracker, _ = load_tracker(mini)
    a = by_id(assess(tracker, as_of=date(2016, 12, 31), unit_limit=1))["MN-04"]
    assert [(u.unit, u.state, u.derived) for u in a.units] == [("西区", "unknown", "register")]
    # 东区 has a figure of its own and the third district one carried from 旧县: both meet.
    assert (a.units_omitted, a.units_met) == (2, 2)
    assert [(u.unit, u.area, u.line) for u in a.used] == [("一社区", "西区", 2)]

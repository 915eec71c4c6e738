"""Breaks in a series: consecutive figures its own pace cannot explain are flagged, and a verdict
that compares figures across one is inconclusive (docs/method.md)."""

from __future__ import annotations

import json
import math
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLES, REPO
from swtrack.assess.breaks import breaks, change_of, describe
from swtrack.assess.interval import of
from swtrack.assess.model import Status
from swtrack.cli import app
from test_verdicts import BASE, _target

START = date(2011, 12, 31)


@given(
    base=st.floats(min_value=10, max_value=1e6),
    growth=st.floats(min_value=-0.3, max_value=1.0),
    gaps=st.lists(st.integers(min_value=60, max_value=800), min_size=2, max_size=10),
)
def test_a_series_at_its_own_steady_pace_never_breaks(base: float, growth: float, gaps: list[int]) -> None:
    when, series = START, [(START, of(base, ""))]
    for days in gaps:
        when += timedelta(days=days)
        years = (when - START).days / 365.2425
        series.append((when, of(base * (1 + growth) ** years, "")))
    assert breaks(series) == []


@given(
    base=st.floats(min_value=100, max_value=1e6),
    jump=st.floats(min_value=1.3, max_value=5),
    at=st.integers(min_value=1, max_value=4),
    months=st.integers(min_value=1, max_value=6),
)
def test_a_quick_jump_in_a_slow_series_breaks_it_there(base: float, jump: float, at: int, months: int) -> None:
    # A series growing 5% a year, with one jump of at least 30% within six months (above 50% a year).
    series = [(START + timedelta(days=365 * k), of(base * 1.05**k, "")) for k in range(at)]
    when = series[-1][0] + timedelta(days=30 * months)
    top = series[-1][1].lo * jump
    series.append((when, of(top, "")))
    series += [(when + timedelta(days=365 * k), of(top * 1.05**k, "")) for k in range(1, 4)]
    assert breaks(series) == [at]


def test_the_change_reads_on_the_intervals() -> None:
    a, b = (date(2016, 3, 31), of(500000, "nearly")), (date(2016, 11, 30), of(760000, ""))
    change, months = change_of(a, b)
    assert (round(change, 2), months) == (0.52, 8)
    assert describe(change, months) == "+52% in 8 months"
    # Intervals that overlap allow no change at all.
    assert change_of(a, (date(2016, 11, 30), of(480000, "more_than")))[0] == 0


def test_met_late_across_a_break_is_inconclusive(mini: Path) -> None:
    rows = [
        BASE,
        "2014-12-31,迷你市,workers,400,",
        "2020-12-31,迷你市,workers,600,",
        "2021-06-30,迷你市,workers,1200,",
        "2023-06-30,迷你市,workers,1300,",
    ]
    a = _target(mini, rows, "2023-12-31")
    assert a.status is Status.INCONCLUSIVE
    assert a.rule == (
        "1,200 on 2021-06-30 breaks the series after 600 on 2020-12-31 (+100% in 6 months, beyond what the series' "
        "own pace explains): the two may count different things, so the verdict that compares them (met_late: short "
        "at the deadline (600 on 2020-12-31); met after it: 1,200 on 2021-06-30) cannot stand"
    )
    assert [(b.before.date, b.after.date, b.months) for b in a.breaks] == [("2020-12-31", "2021-06-30", 6)]
    # The same figures a steady series apart: met late, as before.
    steady = _target(mini, [BASE, "2020-12-31,迷你市,workers,900,", "2022-12-31,迷你市,workers,1100,"], "2023-12-31")
    assert steady.status is Status.MET_LATE and steady.breaks == []


def test_cn_01_rests_on_a_break_and_every_output_says_so(runner: CliRunner, tmp_path: Path) -> None:
    found = runner.invoke(app, ["--root", str(REPO), "status", "--format", "json"])
    assessments = {a["ref"]: a for a in json.loads(found.stdout)["assessments"]}
    cn01 = assessments["CN-01"]
    assert cn01["status"] == "inconclusive"
    assert cn01["rule"].startswith("760,000 on 2016-11 breaks the series after ≲500,000 on 2016-03 (+52% in 8 months")
    assert [(b["before"]["line"], b["after"]["line"]) for b in cn01["breaks"]] == [(54, 95)]
    assert math.isclose(cn01["breaks"][0]["change"], 0.52)
    # CN-04 is met at its deadline on 1,570,000: the break is listed, the verdict does not cross it.
    assert assessments["CN-04"]["status"] == "met" and len(assessments["CN-04"]["breaks"]) == 1
    explained = runner.invoke(app, ["--root", str(REPO), "explain", "CN-01"]).stdout
    # Wrapped to the terminal: the lines joined (a wrap in zh adds no space) read as one paragraph.
    joined = "".join(line.strip() for line in explained.splitlines())
    assert (
        "序列断点（超出自身增速，或为不同口径）：2016-03 → 2016-11（+52%，8 个月；data/observations.csv 第 54、95 行）"
        in joined
    )
    assert (
        "判定规则：2016-03 近50万 到 2016-11 76万，8 个月变化 +52%，超出该序列自身增速所能解释的范围，序列在此断开："
        "两者可能口径不同，据此比较得出的结论（逾期达成：期限后仍未达到（2016-03 近50万）；此后达到：2016-11 76万）不能成立"
    ) in joined
    english = runner.invoke(app, ["--root", str(REPO), "explain", "CN-01", "--lang", "en"]).stdout
    assert (
        "Break in the series (beyond its own pace; two definitions?): 2016-03 → 2016-11 (+52%, 8 months; "
        "data/observations.csv, lines 54, 95)"
    ) in " ".join(line.strip() for line in english.splitlines())
    out = tmp_path / "b.md"
    assert runner.invoke(app, ["--root", str(REPO), "brief", "-o", str(out)]).exit_code == 0
    assert "⚠ 与 2016-03 的数据不衔接：8 个月内变化 +52%，超出该序列自身的增速" in out.read_text(encoding="utf-8")


def test_validate_warns_of_the_break_a_verdict_reads(runner: CliRunner) -> None:
    """CN-01 and CN-04 read the national series; validate says where it breaks, in each language,
    before a verdict rests on it (a warning: the data may be right, the definitions may differ)."""
    found = json.loads(runner.invoke(app, ["--root", str(REPO), "validate", "--format", "json"]).stdout)["findings"]
    [cut] = [f for f in found if f["code"] == "series-break"]
    assert (cut["file"], cut["line"], cut["column"], cut["severity"]) == (
        "data/observations.csv",
        95,
        "value",
        "warning",
    )
    assert cut["message"] == (
        "social-work professional talents in 全国: nearly 500,000 on 2016-03 → 760,000 on 2016-11 (+52% in 8 months), "
        "beyond what the series' own pace explains; judged on this series: CN-01, CN-04"
    )
    assert cut["message_zh"] == (
        "全国社会工作专业人才：2016-03 近500,000 → 2016-11 760,000（8 个月变化 +52%），超出该序列自身增速所能解释的"
        "范围；CN-01、CN-04 依据此序列判定"
    )
    assert "data/observations.csv 第 54 行" in cut["hint_zh"] and "data/observations.csv line 54" in cut["hint"]
    # A steady series (the synthetic example's) gives none.
    example = json.loads(runner.invoke(app, ["--root", str(EXAMPLES), "validate", "--format", "json"]).stdout)
    assert [f for f in example["findings"] if f["code"] == "series-break"] == []

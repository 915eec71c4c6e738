"""余 and 多 are bounded: "120余" lies above 120 and below 130, the next step of its last
significant digit (docs/method.md, docs/data-format.md)."""

from __future__ import annotations

import math
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from swtrack.assess.interval import MARK, Interval, judge, odd_step, of
from swtrack.assess.model import Status
from swtrack.load.snapshots import NumberError, parse_number
from swtrack.render.brief.facts import figure
from swtrack.render.svg import Chart, Point, Series, time_chart
from swtrack.render.text import qualified
from test_verdicts import BASE, _target


def test_the_issue_examples() -> None:
    assert of(120, "odd") == Interval(120, 130, lo_open=True, hi_open=True)
    assert of(1000, "odd") == Interval(1000, 2000, lo_open=True, hi_open=True)
    assert of(12000, "odd") == Interval(12000, 13000, lo_open=True, hi_open=True)
    assert of(200000, "odd") == Interval(200000, 300000, lo_open=True, hi_open=True)
    assert of(333000, "odd") == Interval(333000, 334000, lo_open=True, hi_open=True)
    assert of(0.3, "odd") == Interval(0.3, 0.4, lo_open=True, hi_open=True)
    # No step can be read from zero: only "above".
    assert of(0, "odd") == Interval(0, math.inf, lo_open=True)


@given(
    digits=st.integers(min_value=1, max_value=9999).filter(lambda d: d % 10),
    power=st.integers(min_value=-3, max_value=6),
    target_digits=st.integers(min_value=0, max_value=200_000),
)
@example(digits=12, power=1, target_digits=1500)  # 120余 against 150: fails
@example(digits=12, power=1, target_digits=1300)  # against 130: every value is below 130
@example(digits=12, power=1, target_digits=1200)  # against 120: every value is above
def test_odd_is_the_open_interval_up_to_the_next_step(digits: int, power: int, target_digits: int) -> None:
    value = float(f"{digits}e{power}")
    step = float(f"1e{power}")
    iv = of(value, "odd")
    assert odd_step(value) == step
    assert (iv.lo, iv.lo_open, iv.hi_open) == (value, True, True)
    assert math.isclose(iv.hi - iv.lo, step, rel_tol=1e-9)
    assert iv.contains(value + step / 2) and not iv.contains(value) and not iv.contains(iv.hi)
    # Against any target t on the same grid: met when t <= v, missed when t >= v + step, else open.
    target = float(f"{target_digits}e{power - 1}")
    expected = "meets" if target <= value else "fails" if target >= iv.hi else "unknown"
    assert judge(iv, ">=", target) == expected
    below = "meets" if target >= iv.hi else "fails" if target <= value else "unknown"
    assert judge(iv, "<=", target) == below


def test_120_odd_against_150_at_the_deadline_is_missed(mini: Path) -> None:
    # MN-01 asks for >= 1,000 by 2020-12-31: 900余 (900 to 1,000) is short of it at every value.
    a = _target(mini, [BASE, "2020-12-31,迷你市,workers,900,odd"], "2021-06-30")
    assert a.status is Status.MISSED
    assert a.rule == "not met at the deadline: ≳900 on 2020-12-31"
    assert a.bounds == (900.0, 1000.0)
    # The same figure as "more than 900" cannot decide.
    b = _target(mini, [BASE, "2020-12-31,迷你市,workers,900,more_than"], "2021-06-30")
    assert b.status is Status.INCONCLUSIVE


def test_odd_in_words_and_marks() -> None:
    assert MARK["odd"] == "≳"
    assert qualified(120, "odd", "zh") == "120余"
    assert qualified(120, "odd", "en") == "120-odd"
    assert figure(120, "odd", "zh") == "120余"
    assert figure(200000, "odd", "zh") == "20万余"
    assert figure(120, "odd", "en") == "120-odd"


def test_a_number_written_with_yu_asks_for_odd() -> None:
    try:
        parse_number("120余")
    except NumberError as e:
        assert str(e) == "'120余' is a figure a little above 120"
        assert e.hint == "Write '120' in value and 'odd' in the qualifier column."
    else:  # pragma: no cover - the assertion above must run
        raise AssertionError("120余 parsed")


def test_a_chart_marks_an_odd_figure_as_bounded_and_says_so() -> None:
    from datetime import date

    chart = Chart(
        title="t",
        series=(Series("s", (Point(date(2012, 1, 1), 100), Point(date(2014, 1, 1), 120, "odd"))),),
        target=150,
        target_label="target",
        legend={"chart_odd": "a little above, bounded"},
    )
    svg = time_chart(chart, lambda v: f"{v:g}")
    assert "a little above, bounded" in svg
    assert "≳120" in svg

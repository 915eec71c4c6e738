"""Property tests of the progress maths and of as-of filtering (hypothesis)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, MINI
from swtrack.assess import assess
from swtrack.assess.model import Status
from swtrack.assess.pace import pace
from swtrack.load.columns import Observation, RowTable
from swtrack.load.tracker import load_tracker
from swtrack.model.dates import PartialDate

EXAMPLE, _ = load_tracker(EXAMPLES)
MINI_TRACKER, _ = load_tracker(MINI)

# Statuses a ">=" target can take before its deadline with a baseline, from worst to best.
RANK = [Status.MOVING_AWAY, Status.OFF_TRACK, Status.NEEDS_ACCELERATION, Status.ON_TRACK, Status.MET]

days = st.integers(min_value=1, max_value=3000)
values = st.floats(min_value=1, max_value=1e6, allow_nan=False)


# Relative changes, so that the target is never lost in the rounding of the baseline.
gains = st.one_of(st.floats(min_value=0.01, max_value=10), st.floats(min_value=-0.9, max_value=-0.01))


@given(b=values, gain=gains, span=days, done=days)
def test_projection_equals_target_exactly_when_r_is_one(b: float, gain: float, span: int, done: int) -> None:
    start = date(2011, 1, 1)
    deadline = start + timedelta(days=span + done)
    latest_day = start + timedelta(days=done)
    target = b * (1 + gain)
    required = (target - b) / ((deadline - start).days / 365.2425)
    on_pace = b + required * (done / 365.2425)
    p = pace((start, b), (latest_day, on_pace), (deadline, target), direction=1 if gain > 0 else -1)
    assert p is not None
    assert abs(p.ratio - 1) < 1e-9
    assert abs(p.projected_at_deadline - target) <= 1e-9 * max(1.0, abs(target))
    off = pace(
        (start, b),
        (latest_day, on_pace + max(1.0, abs(on_pace)) * 0.01),
        (deadline, target),
        direction=1 if gain > 0 else -1,
    )
    assert off is not None
    assert abs(off.ratio - 1) > 1e-9
    assert abs(off.projected_at_deadline - target) > 1e-9 * max(1.0, abs(target))


def _with_latest(value: float, when: date) -> Status:
    base = MINI_TRACKER.observations[0]  # 2011-12-31, workers, 200
    latest = base._replace(date=PartialDate.of(when), value=value, line=99)
    keep: list[Observation] = [base, latest]
    tracker = dataclasses.replace(MINI_TRACKER, observations=RowTable.of(keep))
    report = assess(tracker, as_of=when, plan_id="mini_plan")
    return next(a.status for a in report.assessments if a.target == "MN-01")


@settings(max_examples=60, deadline=None)
@given(
    v1=st.floats(min_value=0, max_value=3000, allow_nan=False),
    bump=st.floats(min_value=0, max_value=3000, allow_nan=False),
    offset=st.integers(min_value=1, max_value=3200),
)
def test_raising_the_latest_value_never_worsens_the_status(v1: float, bump: float, offset: int) -> None:
    when = date(2011, 12, 31) + timedelta(days=offset)
    s1, s2 = _with_latest(v1, when), _with_latest(v1 + bump, when)
    assert RANK.index(s2) >= RANK.index(s1)


@settings(max_examples=40, deadline=None)
@given(offset=st.integers(min_value=0, max_value=3650), method=st.sampled_from(["linear", "cagr"]))
def test_as_of_never_uses_later_data(offset: int, method: str) -> None:
    when = date(2010, 1, 1) + timedelta(days=offset)
    report = assess(EXAMPLE, as_of=when, method=method)
    for a in report.assessments:
        for u in a.used:
            assert PartialDate.parse(u.date).end <= when, (a.target, u)
        if a.judged_on is not None:
            assert PartialDate.parse(a.judged_on.date).end <= when
        for y in a.years:
            assert y.year <= when.year

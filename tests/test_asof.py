"""The default as-of date: for each plan, the newest figure that plan reads, so a figure it does not
read never moves its report; every output says the date and why."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import REPO, copy_tracker
from swtrack.assess import assess
from swtrack.assess.asof import newest_read, plan_areas, plan_measures, plan_registers
from swtrack.cli import app
from swtrack.load.columns import Observation, RowTable
from swtrack.load.rows import Event
from swtrack.load.tracker import load_tracker
from swtrack.model.dates import PartialDate

TRACKER = load_tracker(REPO)[0]


def _outputs(runner: CliRunner, root: Path, plan: str, ref: str) -> dict[str, str]:
    """What a reader of one plan sees: status (table, JSON, markdown), explain, gaps and the brief."""
    commands = {
        "table": ["status", "--plan", plan],
        "json": ["status", "--plan", plan, "--format", "json"],
        "markdown": ["status", "--plan", plan, "--format", "markdown", "--lang", "en"],
        "explain": ["explain", ref],
        "explain_json": ["explain", ref, "--format", "json"],
        "gaps": ["gaps", "--plan", plan],
        "brief": ["brief", "--plan", plan],
        "brief_html": ["brief", "--plan", plan, "--format", "html"],
    }
    out = {}
    for name, args in commands.items():
        result = runner.invoke(app, ["--root", str(root), *args], env={"COLUMNS": "100"})
        assert result.exit_code == 0, (name, result.output)
        out[name] = result.stdout
    return out


def test_each_shipped_plan_is_judged_at_the_newest_figure_it_reads(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--root", str(REPO), "status", "--format", "json"])
    report = json.loads(result.stdout)
    got = [(p["plan"], p["as_of"], p["as_of_basis"], p["newest_read"]) for p in report["plans"]]
    assert got == [
        ("beijing_2011", "2025-11-30", "newest_read", {"date": "2025-11", "file": "data/units.csv", "line": 16}),
        (
            "national_2011",
            "2022-12-31",
            "newest_read",
            {"date": "2022-12-31", "file": "data/observations.csv", "line": 76},
        ),
        ("shenzhen_2007", "2024-03-31", "newest_read", {"date": "2024-03", "file": "data/events.csv", "line": 36}),
    ]
    assert report["as_of"] == "2025-11-30"  # the latest of the plans' dates
    assert {a["as_of"] for a in report["assessments"] if a["plan"] == "national_2011"} == {"2022-12-31"}
    assert {a["as_of_basis"] for a in report["assessments"]} == {"newest_read"}


def test_a_figure_no_plan_of_two_reads_changes_nothing_they_print(runner: CliRunner, tmp_path: Path) -> None:
    root = copy_tracker(REPO, tmp_path / "t")
    before = {p: _outputs(runner, root, p, ref) for p, ref in (("national_2011", "CN-05"), ("beijing_2011", "BJ-01"))}
    # A Shenzhen figure newer than anything else in the tracker: neither Beijing's plan nor the
    # national one reads a Shenzhen figure.
    with (root / "data" / "observations.csv").open("a", encoding="utf-8") as f:
        # One field per header column: the shipped data has note_zh after note.
        f.write('2026-06,深圳市,sw_posts,4000,,https://example.org/test,B,"synthetic test row",虚构测试行\n')
    after = {p: _outputs(runner, root, p, ref) for p, ref in (("national_2011", "CN-05"), ("beijing_2011", "BJ-01"))}
    for plan in before:
        for name in before[plan]:
            assert after[plan][name] == before[plan][name], (plan, name)
    # Shenzhen's plan reads it, and says so.
    result = runner.invoke(app, ["--root", str(root), "status", "--plan", "shenzhen_2007", "--format", "markdown"])
    assert "截至 2026-06-30（本规划读取的最新数据日期；可用 --as-of 指定） · 方法 线性" in result.stdout


def test_removing_a_figure_a_plan_does_not_read_changes_nothing_it_prints(runner: CliRunner, tmp_path: Path) -> None:
    root = copy_tracker(REPO, tmp_path / "t")
    before = {p: _outputs(runner, root, p, ref) for p, ref in (("national_2011", "CN-01"), ("shenzhen_2007", "SZ-09"))}
    # The newest row of every table (a Beijing hospital's register row): it set every plan's
    # date when the default was the newest row of any table.
    path = root / "data" / "units.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("2025-11,hospital,")]
    assert len(kept) == len(lines) - 1
    path.write_text("".join(kept), encoding="utf-8")
    for plan, ref in (("national_2011", "CN-01"), ("shenzhen_2007", "SZ-09")):
        assert _outputs(runner, root, plan, ref) == before[plan], plan


def test_every_output_says_the_as_of_date_and_why(runner: CliRunner) -> None:
    def run(*args: str) -> str:
        result = runner.invoke(app, ["--root", str(REPO), *args], env={"COLUMNS": "100"})
        assert result.exit_code == 0, result.output
        return result.stdout

    chosen = "截至 2013-12-31（由 --as-of 指定）"
    newest = "截至 2022-12-31（本规划读取的最新数据日期；可用 --as-of 指定）"
    assert run("status", "--plan", "national_2011").splitlines()[1] == f"{newest} · 方法 线性"
    assert run("status", "--plan", "national_2011", "--as-of", "2013-12-31").splitlines()[1] == f"{chosen} · 方法 线性"
    assert run("explain", "CN-05").splitlines()[1] == newest
    assert run("explain", "CN-05", "--as-of", "2013-12-31").splitlines()[1] == chosen
    assert run("gaps", "--plan", "national_2011").splitlines()[1] == newest
    top = run("brief", "--plan", "national_2011").split("\n## ")[0]
    assert (
        "| 社会工作专业人才队伍建设中长期规划（2011—2020年）（中组发〔2012〕7号） | 2022-12-31 | 1 | 4 | 0 | 2 | 0 |"
        in top
    )
    assert (
        "截至日期：本规划读取的最新数据的日期（只计本规划的指标、地区、名录和事件；可用 --as-of 指定）。"
        "读取的最新数据见 data/observations.csv 第 76 行（2022-12-31）。"
    ) in top
    top = run("brief", "--plan", "national_2011", "--as-of", "2013-12-31").split("\n## ")[0]
    assert "截至日期：由 --as-of 指定。读取的最新数据见 data/observations.csv 第 " in top
    en = run("status", "--plan", "national_2011", "--format", "markdown", "--lang", "en")
    assert "as of 2022-12-31 (newest figure this plan reads; see --as-of) · method Linear" in en


def test_a_plan_that_reads_no_figure_is_judged_today(tmp_path: Path) -> None:
    empty = dataclasses.replace(TRACKER, observations=RowTable(), unit_rows=RowTable(), events=[])
    report = assess(empty, plan_id="national_2011")
    assert report.plans[0].as_of == date.today().isoformat()
    assert report.plans[0].as_of_basis == "today"
    assert report.plans[0].newest_read is None


def test_the_newest_read_up_to_a_date_ignores_later_rows() -> None:
    plan = TRACKER.plan("national_2011")
    found = newest_read(TRACKER, plan, date(2015, 12, 31))
    assert found is not None
    assert found.day <= date(2015, 12, 31)
    report = assess(TRACKER, plan_id="national_2011", as_of=date(2015, 12, 31))
    assert report.plans[0].newest_read is not None
    assert report.plans[0].newest_read.date == found.date
    assert report.plans[0].as_of_basis == "option"


AREAS = sorted({a.id for reg in TRACKER.areas.registries for a in reg.areas} | {"elsewhere"})
MEASURES = sorted({m.id for m in TRACKER.catalogue.measures} | {"unlisted_measure"})
REGISTERS = sorted({r.id for r in TRACKER.catalogue.registers} | {"other_register"})
PLANS = [p.id for p in TRACKER.plans]
REFS = sorted({t.id for _, t in TRACKER.targets()})

extra_row = st.tuples(
    st.sampled_from(["2001", "2012-06", "2016-12-31", "2024", "2030-01-15"]),
    st.sampled_from(AREAS),
    st.sampled_from(MEASURES),
    st.integers(min_value=0, max_value=2_000_000),
    st.sampled_from(["", "more_than", "about"]),
    st.sampled_from(["", *REGISTERS]),
)


def _unread(plan_id: str, rows: list[tuple[str, str, str, int, str, str]]) -> list[Observation]:
    """The rows as observations or register rows, keeping those the plan does not read."""
    plan = TRACKER.plan(plan_id)
    measures, areas, registers = plan_measures(TRACKER, plan), plan_areas(TRACKER, plan), plan_registers(plan)
    out = []
    for i, (day, area, measure, value, qualifier, register) in enumerate(rows):
        if measure in measures and (area in areas or register in registers):
            continue
        unit = f"unit {i}" if register else ""
        out.append(
            Observation(
                PartialDate.parse(day), area, measure, float(value), qualifier, "https://example.org/s", "B",
                "synthetic", "data/extra.csv", i + 2, register, unit,
            )
        )  # fmt: skip
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    plan_id=st.sampled_from(PLANS),
    rows=st.lists(extra_row, max_size=12),
    refs=st.lists(st.sampled_from(REFS), max_size=3),
)
def test_property_rows_a_plan_does_not_read_never_change_its_report(
    plan_id: str, rows: list[tuple[str, str, str, int, str, str]], refs: list[str]
) -> None:
    base = assess(TRACKER, plan_id=plan_id).model_dump_json()
    extra = _unread(plan_id, rows)
    obs = RowTable.of([*TRACKER.observations, *(o for o in extra if not o.register)])
    units = RowTable.of([*TRACKER.unit_rows, *(o for o in extra if o.register)])
    own = {t.id for t in TRACKER.plan(plan_id).targets}
    events = [
        Event(ref, PartialDate.parse("2031-01"), "held", "synthetic", "https://example.org/e", "B", "", "x.csv", 2)
        for ref in refs
        if ref not in own
    ]
    changed = dataclasses.replace(TRACKER, observations=obs, unit_rows=units, events=[*TRACKER.events, *events])
    assert assess(changed, plan_id=plan_id).model_dump_json() == base

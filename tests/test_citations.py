"""status JSON cites the rows every verdict rests on: figures in `used`, event rows in `events`,
each with its file, line, source URL and grade."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, REPO
from swtrack.cli import app

AS_OF = "2025-11-30"


def _status(runner: CliRunner, root: object) -> dict[str, dict[str, Any]]:
    result = runner.invoke(app, ["--root", str(root), "status", "--format", "json", "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    return {a["target"]: a for a in json.loads(result.stdout)["assessments"]}


@pytest.fixture(scope="module")
def shipped() -> dict[str, dict[str, Any]]:
    return _status(CliRunner(), REPO)


def _cited(a: dict[str, Any]) -> list[tuple[str, int, str, str]]:
    rows = [*a["used"], *a["events"]]
    return [(r["file"], r["line"], r["source_url"], r["grade"]) for r in rows]


def _judged(a: dict[str, Any]) -> bool:
    """A verdict read from data: not `no_data`, and not `tracked` with nothing to track."""
    return a["status"] != "no_data" and not (a["status"] == "tracked" and not a["evidence"])


def test_every_judged_verdict_of_the_shipped_data_cites_a_source(shipped: dict[str, dict[str, Any]]) -> None:
    judged = [ref for ref, a in shipped.items() if _judged(a)]
    assert len(judged) == 32
    assert [ref for ref in judged if not _cited(shipped[ref])] == []
    for ref in judged:
        for file, line, url, grade in _cited(shipped[ref]):
            assert file.startswith("data/") and line > 1, ref
            assert url.startswith(("http://", "https://")) and grade in ("A", "A/B", "B", "C"), ref


def test_a_milestone_cites_the_event_it_rests_on(shipped: dict[str, dict[str, Any]]) -> None:
    bj06 = shipped["BJ-06"]
    assert bj06["status"] == "overdue"
    assert bj06["used"] == []
    assert bj06["events"] == [
        {
            "date": "2016",
            "status": "in_progress",
            "evidence": bj06["events"][0]["evidence"],
            "source_url": "https://sgzyk.gdpi.edu.cn/info/1037/1689.htm",
            "grade": "B",
            "file": "data/events.csv",
            "line": 2,
            "evidence_zh": bj06["events"][0]["evidence_zh"],
        }
    ]
    assert bj06["events"][0]["evidence_zh"].startswith("一份政策汇编列出北京到2016年的社会工作政策文件")


def test_a_recurring_target_cites_each_year_s_event(shipped: dict[str, dict[str, Any]]) -> None:
    assert [(e["date"], e["status"], e["line"]) for e in shipped["BJ-20b"]["events"]] == [
        ("2013-04-15", "held", 13),
        ("2019-03-19", "held", 14),
    ]
    assert _cited(shipped["BJ-20b"]) == [
        ("data/events.csv", 13, "http://www.qingl.net/thread-29539-1-1.html", "C"),
        ("data/events.csv", 14, "https://www.chinanews.com/sh/2019/03-19/8784496.shtml", "B"),
    ]


def test_unit_targets_cite_the_units_that_meet_when_none_is_named(shipped: dict[str, dict[str, Any]]) -> None:
    # 2 of 16 districts meet, 14 have no figure: the named (unknown) units have no rows to cite.
    assert _cited(shipped["BJ-05"]) == [
        ("data/observations.csv", 8, "https://kuaihz.com/tid5/tid499_684146.html", "C"),
        (
            "data/units.csv",
            2,
            "http://www.chinadevelopmentbrief.cn/articles/government-procurement-promotes-social-work-agencies/",
            "B",
        ),
    ]
    # No district has a figure of its own; the city figure that makes it inconclusive is cited.
    assert _cited(shipped["BJ-08"]) == [
        ("data/observations.csv", 107, "http://trade.swchina.org/trends/2016/0328/25477.shtml", "B")
    ]
    # No street has a figure at the deadline; the one read later is cited.
    assert _cited(shipped["BJ-13"]) == [("data/units.csv", 18, "http://11g77h.cn/guonei/2023/0314/135399.html", "C")]


def test_a_summary_still_cites_only_the_named_units_when_they_have_figures() -> None:
    ex12 = _status(CliRunner(), EXAMPLES)["EX-12"]
    assert sorted((u["unit"], u["measure"]) for u in ex12["used"]) == [
        ("", "communities"),
        ("社区六", "professional_social_workers"),
        ("社区四", "professional_social_workers"),
    ]

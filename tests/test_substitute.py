"""A substitute is not the thing: a milestone done by something other than what the plan names is
met_by_substitute, and every output says what was done instead."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import REPO
from swtrack.cli import app
from swtrack.model.status import GROUP_OF, Group, Status
from swtrack.render.text import COLOUR, STATUS
from test_verdicts import BASE, _events, _target

INSTEAD = "迷你市社工协会 carries out the tasks the plan gave the 协会 it names"


def test_a_substitute_is_its_own_verdict_and_says_what_was_done(mini: Path) -> None:
    _events(mini, ["MN-02,2014-05-01,in_progress,筹备中", f"MN-02,2015-06-30,substitute,{INSTEAD}"])
    a = _target(mini, [BASE], "2018-01-01", "MN-02")
    assert a.status is Status.MET_BY_SUBSTITUTE
    # The rule says when; what was done instead is `substitute` (and its source the cited event),
    # shown by each output in its own language. The row has no evidence_zh: substitute_zh is empty.
    assert (a.substitute, a.substitute_zh) == (INSTEAD, "")
    assert a.rule == "not done as the plan names it; done instead (shown by 2015-06-30)"
    assert [(e.date, e.status, e.evidence) for e in a.events] == [("2015-06-30", "substitute", INSTEAD)]


def test_the_thing_itself_outranks_a_substitute(mini: Path) -> None:
    _events(mini, [f"MN-02,2014-05-01,substitute,{INSTEAD}", "MN-02,2015-06-30,done,协会成立"])
    a = _target(mini, [BASE], "2018-01-01", "MN-02")
    assert a.status is Status.MET
    assert a.substitute is None


def test_the_status_has_a_group_words_and_a_colour() -> None:
    assert GROUP_OF[Status.MET_BY_SUBSTITUTE] is Group.NEEDS_ACTION
    assert STATUS["zh"][Status.MET_BY_SUBSTITUTE] == "以替代完成"
    assert STATUS["en"][Status.MET_BY_SUBSTITUTE] == "done by a substitute"
    assert COLOUR[Status.MET_BY_SUBSTITUTE] == "yellow"


def _run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, ["--root", str(REPO), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_bj_11_says_what_was_done_instead_in_every_output(runner: CliRunner, tmp_path: Path) -> None:
    table = _run(runner, "status", "--plan", "beijing_2011", "--wide")
    line = next(x for x in table.splitlines() if x.startswith("BJ-11"))
    assert "≠ 北京社会工作者协会" in line and "以替代完成" in line
    found = json.loads(_run(runner, "status", "--format", "json"))
    bj11 = next(a for a in found["assessments"] if a["ref"] == "BJ-11")
    assert bj11["status"] == "met_by_substitute"
    assert bj11["substitute"].startswith("北京社会工作者协会 is described as a municipal hub (枢纽型)")
    assert bj11["substitute_zh"].startswith("北京社会工作者协会被称为市级“枢纽型”社会组织")
    assert bj11["rule"] == "not done as the plan names it; done instead (shown by 2017-09-01)"
    explained = _run(runner, "explain", "BJ-11")
    assert "状态：以替代完成" in explained
    assert "判定规则：未按规划所列事项完成；以替代做法完成（证据日期 2017-09-01）" in explained
    assert "substitute shown by" not in explained  # its source is footnote [1], its grade beside it
    assert "替代做法（并非规划所列事项）：北京社会工作者协会" in explained
    gaps = {g["ref"]: g for g in json.loads(_run(runner, "gaps", "--plan", "beijing_2011", "--json"))}
    assert gaps["BJ-11"]["status"] == "以替代完成"
    assert gaps["BJ-11"]["needed"].startswith("替代做法：北京社会工作者协会")
    out = tmp_path / "brief.md"
    _run(runner, "brief", "-o", str(out))
    brief = out.read_text(encoding="utf-8")
    assert "未按规划所列事项完成；替代做法（2017-09-01 前已见）：北京社会工作者协会" in brief

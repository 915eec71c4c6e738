"""`swtrack gaps`: what the data cannot judge, and what would settle it."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from conftest import EXAMPLES, REPO
from swtrack.cli import app


def test_gaps_of_the_example_name_the_figures_that_would_settle_them(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--root", str(EXAMPLES), "gaps", "--lang", "en"])
    assert result.exit_code == 0
    # Wrapped to 80 columns between words; measures by name; the verdict group's words.
    assert result.stdout == (
        "Example City social-work talent plan (synthetic): needs action 1 · needs data 4\n"
        "as of 2018-12-31 (newest figure this plan reads; see --as-of)\n"
        "\n"
        "EX-22  High-level talents (clause 十三) · no data; no evidence\n"
        "    needed: a figure of high-level talents for 示例市\n"
        "    measures: high-level talents\n"
        "    areas: 示例市\n"
        "EX-25  Youth service centres (clause 十六) · inconclusive; 1 evidence, newest\n"
        "       2015-06-30\n"
        "    needed: an exact figure of youth service centres for 示例市 (without more\n"
        "            than / about / nearly) near 2015-12-31\n"
        "    measures: youth service centres\n"
        "    areas: 示例市\n"
        "EX-27  Hotline social workers (clause 十六) · stale; 1 evidence, newest\n"
        "       2012-06-30\n"
        "    needed: a figure of hotline social workers for 示例市 at the deadline\n"
        "            (2015-12-31)\n"
        "    measures: hotline social workers\n"
        "    areas: 示例市\n"
        "EX-29  New agencies (clause 十七) · inconclusive; 2 evidence, newest 2018-12-31\n"
        "    needed: figures of agencies founded in the year for 示例市 for 2017\n"
        "    measures: agencies founded in the year\n"
        "    areas: 示例市\n"
        "EX-31  Federation of social workers founded (clause 十七) · done by a\n"
        "       substitute; 1 evidence, newest 2014-06-01\n"
        "    needed: done instead: 示例市社工协会 takes on the federation's\n"
        "            industry-management role; no separate federation was set up\n"
        "            (synthetic); to settle it, evidence that what the plan names (2015\n"
        "            年前成立社会工作者联合会) was itself done, or a decision on record\n"
        "            that the substitute serves in its place\n"
    )


def test_gaps_as_json_list_the_unknown_units(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--root", str(REPO), "gaps", "--plan", "beijing_2011", "--lang", "zh", "--json"])
    assert result.exit_code == 0
    found = {g["ref"]: g for g in json.loads(result.stdout)}
    assert len(found) == 19
    assert found["BJ-05"]["status"] == "无法判定"
    assert (found["BJ-05"]["evidence"], found["BJ-05"]["freshest"]) == (8, "2023-03-14")
    assert len(found["BJ-05"]["areas"]) == 14 and "东城区" not in found["BJ-05"]["areas"]
    # Districts are a closed list; hospitals are an open register, so their total is asked for too.
    assert found["BJ-05"]["needed"] == "各单位的社会工作服务机构数据"
    assert found["BJ-15b"]["needed"] == "医院名录及各单位的专业社会工作者，以及医院总数"
    assert found["BJ-07"] == {
        "plan": "beijing_2011",
        "ref": "BJ-07",
        "label": "推动社会工作人才队伍相关立法",
        "clause": "二（二）",
        "status": "无数据",
        "evidence": 0,
        "freshest": None,
        "measures": [],
        "areas": [],
        "needed": "data/events.csv 中是否完成的证据及日期",
    }
    assert "BJ-02" not in found  # met by 2021: judged, not a gap

"""validate checks a plan against its source text, and the levels its coverage targets count."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLES, REPO, TODAY
from swtrack.check.plantext import plain
from swtrack.cli import app

MakeMini = Callable[[list[dict[str, Any]]], Path]
PLAN = "targets/mini-plan.yaml"


def _found(runner: CliRunner, root: Path, *codes: str) -> tuple[int, list[tuple[str, int, int, str, str]]]:
    result = runner.invoke(app, ["--root", str(root), "validate", "--format", "json", "--today", TODAY])
    assert "Traceback" not in result.output
    findings = json.loads(result.stdout)["findings"]
    return result.exit_code, [
        (f["file"], f["line"], f["column"], f["message"], f["hint"]) for f in findings if f["code"] in codes
    ]


def test_the_shipped_plans_and_the_example_quote_their_sources(runner: CliRunner) -> None:
    for root in (REPO, EXAMPLES):
        assert _found(runner, root, "source-missing", "wording-not-in-source", "level-without-units")[1] == []


def test_a_missing_source_text(runner: CliRunner, make_mini: MakeMini) -> None:
    root = make_mini([{"file": PLAN, "replace": "sources/mini-plan.md", "with": "sources/gone.md"}])
    code, found = _found(runner, root, "source-missing")
    assert code == 1
    assert found == [
        (
            PLAN,
            9,
            14,
            "source_text 'sources/gone.md' is not there (read from the tracker folder)",
            "Put the plan's text in the tracker (sources/) and name it in source_text.",
        )
    ]


def test_a_source_text_outside_the_tracker_is_not_read(runner: CliRunner, make_mini: MakeMini) -> None:
    root = make_mini([{"file": PLAN, "replace": "sources/mini-plan.md", "with": "../../etc/passwd"}])
    code, found = _found(runner, root, "source-missing")
    assert code == 1
    assert [m for _, _, _, m, _ in found] == ["source_text '../../etc/passwd' is outside the tracker folder"]


def test_a_wording_not_in_the_source_names_the_closest_passage(runner: CliRunner, make_mini: MakeMini) -> None:
    root = make_mini(
        [{"file": PLAN, "replace": "wording: 从业人员达到 1000 人", "with": "wording: 从业人员达到 2000 人"}]
    )
    code, found = _found(runner, root, "wording-not-in-source")
    assert code == 1
    assert found == [
        (
            PLAN,
            17,
            14,
            "target MN-01: the wording is not in sources/mini-plan.md; the closest passage, "
            "sources/mini-plan.md line 5: “一、从业人员达到 1000 人。”",
            "Quote the plan as sources/mini-plan.md words it (…… marks an omission), or correct sources/mini-plan.md.",
        )
    ]


def test_wordings_match_across_widths_spaces_line_breaks_and_omissions(runner: CliRunner, make_mini: MakeMini) -> None:
    root = make_mini(
        [
            # full-width digits and a line break in the source; an omission mark in the wording
            {
                "file": "sources/mini-plan.md",
                "replace": "一、从业人员达到 1000 人。",
                "with": "一、从业人员\n达到１０００人，",
            },
            {"file": PLAN, "replace": "wording: 每个社区 1—2 名持证社工", "with": "wording: 每个社区……持证社工"},
        ]
    )
    assert _found(runner, root, "wording-not-in-source") == (0, [])


def test_omitted_parts_must_come_in_order(runner: CliRunner, make_mini: MakeMini) -> None:
    root = make_mini(
        [{"file": PLAN, "replace": "wording: 每个社区 1—2 名持证社工", "with": "wording: 名持证社工……每个社区"}]
    )
    code, found = _found(runner, root, "wording-not-in-source")
    assert code == 1
    assert [(line, m.split(";")[0]) for _, line, _, m, _ in found] == [
        (
            46,
            "target MN-05: the wording (a part between …… marks, or the parts out of order) is not in sources/mini-plan.md",
        )
    ]


@given(st.text(alphabet="社工人才。，、 \n（）()0123456789０１２３ＡA—-", max_size=30))
def test_plain_ignores_width_space_and_punctuation(text: str) -> None:
    wide = text.translate(str.maketrans("0123A()", "０１２３Ａ（）"))
    assert plain(wide) == plain(text)
    assert plain(text.replace(" ", "\n")) == plain(text)
    assert not any(c in plain(text) for c in " \n。，、（）()—-")


def test_a_coverage_level_the_registry_does_not_hold(runner: CliRunner, make_mini: MakeMini) -> None:
    root = make_mini([{"file": PLAN, "replace": "units: {areas: county_level}", "with": "units: {areas: township}"}])
    code, found = _found(runner, root, "level-without-units")
    assert code == 1
    assert found == [
        (
            PLAN,
            41,
            20,
            "target MN-04 counts every township area of 'mini', but targets/areas/ holds no township area of it "
            "valid on 2020-12-31",
            "Add the township areas to the registry of 'mini', or count another level.",
        )
    ]
    explain = runner.invoke(app, ["--root", str(root), "explain", "MN-04", "--format", "json", "--as-of", "2021-06-30"])
    [a] = json.loads(explain.stdout)
    assert a["status"] == "no_data"
    assert a["rule"] == "no units to judge: targets/areas/ holds no township area of 'mini' on 2020-12-31"
    assert (a["target_value"], a["value"], a["gap"]) == (None, None, None)
    for lang, needed in (
        ("en", "the township-level areas of 迷你市 in targets/areas/ (it holds none at 2020-12-31), then figures of "),
        ("zh", "targets/areas/ 中迷你市的乡级区划（2020-12-31 时一个也没有），以及各区划的"),
    ):
        gaps = runner.invoke(app, ["--root", str(root), "gaps", "--json", "--as-of", "2021-06-30", "--lang", lang])
        [gap] = [g for g in json.loads(gaps.stdout) if g["ref"] == "MN-04"]
        assert gap["needed"].startswith(needed), gap["needed"]

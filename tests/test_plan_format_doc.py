"""docs/plan-format.md's examples say what swtrack does: the catalogue example is one valid
catalogue (no id twice), and an unquoted comma inside {…} is reported as the page says."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import REPO
from swtrack.cli import app

PAGE = REPO / "docs" / "plan-format.md"


def block_after(heading: str) -> str:
    text = PAGE.read_text(encoding="utf-8")
    start = text.index("```yaml\n", text.index(heading)) + len("```yaml\n")
    return text[start : text.index("```\n", start)]


def test_the_catalogue_example_names_each_measure_once() -> None:
    catalogue = yaml.safe_load(block_after("## The measure catalogue"))
    ids = [m["id"] for m in catalogue["measures"]]
    assert len(ids) == len(set(ids)) == 6
    assert catalogue["measures"][0]["proxy_for"] == "professional_talents"


def test_an_unquoted_comma_in_braces_is_an_unknown_key(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["init", "t", "--jurisdiction", "浙江省"]).exit_code == 0
    plan = Path("t/targets/zhejiang-plan.yaml")
    text = plan.read_text(encoding="utf-8").replace(
        "title: {zh: 浙江省社会工作人才发展规划（请改为规划全称）, en: Social-work talent plan of Zhejiang (change to its title)}",
        "title: {zh: 示例规划, en: Per 10,000 residents}",
    )
    assert "Per 10,000" in text
    plan.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["--root", "t", "validate", "-q", "--lang", "en"])
    assert result.exit_code == 1
    assert "unknown key '000 residents'" in result.output
    # The plan did not load, so it has no language to speak: zh, swtrack's first.
    assert "处有未知的键 '000 residents'" in runner.invoke(app, ["--root", "t", "validate", "-q"]).output
    plan.write_text(text.replace("en: Per 10,000 residents", 'en: "Per 10,000 residents"'), encoding="utf-8")
    assert runner.invoke(app, ["--root", "t", "validate", "-q"]).exit_code == 0

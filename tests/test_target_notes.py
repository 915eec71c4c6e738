"""A target's `note` (the plan file's caveat) reaches explain, status JSON and the brief (md and HTML)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from conftest import REPO
from swtrack.cli import app

NOTE = "The plan says 左右 (about) without a band; the tracker uses ±10%."
NOTE_ZH = "规划只写“左右”，未给出区间；本工具按 ±10% 计。"


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, ["--root", str(REPO), *args], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_explain_shows_the_note(runner: CliRunner) -> None:
    assert f"规划文件备注：{NOTE_ZH}" in run(runner, "explain", "BJ-03").splitlines()
    assert f"Note in the plan file: {NOTE}" in run(runner, "explain", "BJ-03", "--lang", "en").splitlines()


def test_status_json_keeps_the_note_apart_from_the_rule_notes(runner: CliRunner) -> None:
    report = json.loads(run(runner, "status", "--format", "json"))
    bj03 = next(a for a in report["assessments"] if a["target"] == "BJ-03")
    assert bj03["note"] == NOTE
    assert bj03["note_zh"] == NOTE_ZH
    assert NOTE not in bj03["notes"]
    explained = json.loads(run(runner, "explain", "BJ-03", "--format", "json"))
    assert explained[0]["note"] == NOTE
    bj02 = next(a for a in report["assessments"] if a["target"] == "BJ-02")
    assert bj02["note"] is None  # BJ-02 has no note in the plan file


def test_the_brief_shows_the_note_in_markdown_and_html(runner: CliRunner, tmp_path: Path) -> None:
    text = run(runner, "brief", "--plan", "beijing_2011")
    bj03 = text.split("#### BJ-03 ", 1)[1].split("####", 1)[0]
    assert f"- 备注：{NOTE_ZH}\n" in bj03
    out = tmp_path / "brief.html"
    run(runner, "brief", "--plan", "beijing_2011", "--format", "html", "-o", str(out))
    page = out.read_text(encoding="utf-8")
    assert f"<li>备注：{NOTE_ZH}</li>" in page
    en = run(runner, "brief", "--plan", "beijing_2011", "--lang", "en")
    assert f"- Note: {NOTE}\n" in en.split("#### BJ-03 ", 1)[1]


def test_a_note_without_its_chinese_is_marked_as_the_original_in_zh(runner: CliRunner, tmp_path: Path) -> None:
    """A tracker whose plan has `note` but no `note_zh`: zh shows the English marked 〔原文〕, never passed off."""
    root = tmp_path / "t"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".git", ".venv", "*.egg-info"))
    plan = root / "targets" / "beijing-2011.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace(f'    note_zh: "{NOTE_ZH}"\n', ""), encoding="utf-8")
    result = runner.invoke(app, ["--root", str(root), "explain", "BJ-03"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert f"规划文件备注：〔原文〕{NOTE}" in result.stdout.splitlines()

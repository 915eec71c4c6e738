"""CI and editor integration, end to end: annotations, summaries, diff, init, pre-commit."""

from __future__ import annotations

import filecmp
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import MINI, REPO, TODAY, copy_tracker, snapshot_bytes
from swtrack.cli import app

BAD_ROW = ("2016-12-31,迷你市,workers,700,", "2016-12-31,迷你市,workers,lots,")


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, check=True)
    return done.stdout


def break_row(root: Path) -> None:
    path = root / "data" / "observations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(*BAD_ROW), encoding="utf-8")


# --- GitHub annotations and job summaries ---------------------------------------------


def test_github_annotations(runner: CliRunner, mini: Path) -> None:
    break_row(mini)
    result = runner.invoke(app, ["--root", str(mini), "validate", "--format", "github", "--today", TODAY])
    assert result.exit_code == 1
    assert result.stdout == (
        "::error file=data/observations.csv,line=3,title=swtrack bad-number::"
        "value: 'lots' is not a number. Hint: Write digits only, e.g. 40000 or 0.25.\n"
    )


def test_annotation_paths_are_relative_to_the_repository(runner: CliRunner, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    root = copy_tracker(MINI, repo / "trackers" / "mini")
    git(repo, "init", "-q")
    apply = root / "targets" / "mini-plan.yaml"
    apply.write_text(
        apply.read_text(encoding="utf-8").replace("    phase: p1\n", "    deadine: 2015\n"), encoding="utf-8"
    )
    result = runner.invoke(app, ["--root", str(root), "validate", "--format", "github", "--today", TODAY])
    assert result.exit_code == 1
    # The message is data: only %, CR and LF are escaped there, so its colons stay.
    assert result.stdout.startswith(
        "::error file=trackers/mini/targets/mini-plan.yaml,line=27,col=5,title=swtrack unknown-key::"
        "unknown key 'deadine' at targets.1.deadine: did you mean deadline?; and 1 finding that follows from it "
        "(unknown-ref ×1). Hint: Rename it to 'deadline'.\n"
    )


def test_job_summaries(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    env = {"GITHUB_STEP_SUMMARY": str(summary)}
    break_row(mini)
    assert runner.invoke(app, ["--root", str(mini), "validate", "--today", TODAY], env=env).exit_code == 1
    assert runner.invoke(app, ["--root", str(mini), "status", "--format", "json"], env=env).exit_code == 0
    text = summary.read_text(encoding="utf-8")
    assert text.startswith(
        "## swtrack validate: failed\n\n1 error, 0 warnings.\n\n| severity | code | where | message |\n"
    )
    assert "| error | bad-number | data/observations.csv:3:value | 'lots' is not a number |" in text
    assert "## Mini plan\n" in text and "| MN-01 | Workers |" in text
    assert runner.invoke(app, ["diff", str(MINI), str(mini)], env=env).exit_code == 0
    assert summary.read_text(encoding="utf-8").endswith(
        "## swtrack diff\n\nAs of 2017-10-01 → 2017-10-01. Rows: 0 added, 0 changed, 1 removed. Targets changed: 1.\n\n"
        "### Targets\n\n| ref | target | status | value | gap | R |\n|---|---|---|---|---|---|\n"
        "| MN-01 | Workers | on_track → not_judged_yet | 700 → 200 | 300 → 800 | 1.12479 → — |\n\n"
        "### Rows\n\n| change | table | row | old | new | at |\n|---|---|---|---|---|---|\n"
        "| removed | observations | 2016-12-31 迷你市 workers | 700 \\[A\\] https://example.org/b |  | data/observations.csv:3 |\n\n"
    )


# --- diff -----------------------------------------------------------------------------


def test_diff_of_two_folders(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    new = copy_tracker(mini, tmp_path / "new")
    obs = new / "data" / "observations.csv"
    text = obs.read_text(encoding="utf-8").replace("cert_junior,40,", "cert_junior,45,")
    text += "2018-12-31,迷你市,workers,1000,,https://example.org/z,B,\n"
    obs.write_text(text.replace("2011-12-31,迷你市,workers,200,,https://example.org/a,B,\n", ""), encoding="utf-8")
    result = runner.invoke(app, ["diff", str(mini), str(new)])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "as of 2017-10-01 → 2018-12-31",
        "rows: 1 added, 1 changed, 1 removed",
        "- observations 2011-12-31 迷你市 workers: 200 [B] https://example.org/a (data/observations.csv:2)",
        "~ observations 2016-12-31 迷你市 cert_junior: 40 [A] https://example.org/b → 45 [A] https://example.org/b "
        "(data/observations.csv:4)",
        "+ observations 2018-12-31 迷你市 workers: 1000 [B] https://example.org/z (data/observations.csv:8)",
        "targets: 2 changed",
        "  MN-01 Workers: status on_track → met; value 700 → 1000; gap 300 → 0; R 1.12479 → 2.00137",
        # 旧县's 2013 figure is more than five years old by the new as-of date: 新区 becomes unknown.
        "  MN-04 Certified in every district: status met → inconclusive; value 3 → 2; gap 0 → 1",
    ]
    data = json.loads(runner.invoke(app, ["diff", str(mini), str(new), "--format", "json"]).stdout)
    assert [r["change"] for r in data["rows"]] == ["removed", "changed", "added"]
    assert data["targets"][0]["fields"]["status"] == ["on_track", "met"]


def test_diff_against_a_git_revision(runner: CliRunner, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    root = copy_tracker(MINI, repo / "tracker")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "data")
    events = root / "data" / "events.csv"
    events.write_text(
        events.read_text(encoding="utf-8").replace("MN-03,2017-10-01,held", "MN-03,2017-10-01,not_held"),
        encoding="utf-8",
    )
    before = snapshot_bytes(repo)
    status_before = git(repo, "status", "--porcelain")
    result = runner.invoke(app, ["--root", str(root), "diff", "--base", "HEAD", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert "| MN-03 | Festival | met → missed | 2 → 1 | 0 → 1 |  |" in result.stdout
    assert (
        "| changed | events | MN-03 2017-10-01 | held: 第二届 \\[A\\] https://example.org/e | not_held: 第二届 \\[A\\] https://example.org/e | data/events.csv:4 |"
        in result.stdout
    )
    assert snapshot_bytes(repo) == before
    assert git(repo, "status", "--porcelain") == status_before
    bad = runner.invoke(app, ["--root", str(root), "diff", "--base", "no-such-rev"])
    assert bad.exit_code == 2
    assert bad.stderr == (
        "error: git ls-tree --name-only --full-name no-such-rev -- tracker/targets tracker/data: "
        "fatal: Not a valid object name no-such-rev\n"
    )


def test_diff_needs_a_base_or_two_folders(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--root", str(MINI), "diff"])
    assert result.exit_code == 2
    assert result.stderr == "error: give --base REV, or two tracker folders OLD_ROOT NEW_ROOT\n"


# --- init, completion, pre-commit, the action ---------------------------------------------


def test_init_makes_a_tracker_that_validates(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "new"
    result = runner.invoke(app, ["init", str(folder)])
    assert result.exit_code == 0
    assert result.stderr == f"made {folder}: 9 files; plans: none; next: swtrack --root {folder} validate\n"
    assert not list((folder / "targets").glob("*.yaml"))[1:]  # measures.yaml only: no shipped plan
    check = runner.invoke(app, ["--root", str(folder), "validate", "--format", "json", "--today", TODAY])
    assert check.exit_code == 0
    assert json.loads(check.stdout)["errors"] == 0
    assert (folder / "data" / "events.csv").read_text(
        encoding="utf-8"
    ) == "ref,date,status,evidence,source_url,grade,note\n"
    again = runner.invoke(app, ["init", str(folder)])
    assert again.exit_code == 2
    assert again.stderr == f"error: {folder} exists and is not an empty folder\n"


@pytest.mark.parametrize("part", ["targets", "schema", "sources"])
def test_init_templates_match_the_repository(part: str) -> None:
    templates = REPO / "src" / "swtrack" / "templates" / part
    compare = filecmp.dircmp(REPO / part, templates)
    stack = [compare]
    while stack:
        c = stack.pop()
        assert (c.left_only, c.right_only, c.diff_files) == ([], [], []), f"copy {part}/ into src/swtrack/templates/"
        stack.extend(c.subdirs.values())


def test_shell_completion_script() -> None:
    exe = Path(sys.executable).parent / "swtrack"
    done = subprocess.run([str(exe), "--show-completion", "bash"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert "_SWTRACK_COMPLETE=complete_bash" in done.stdout


def test_action_runs_real_commands(runner: CliRunner, mini: Path) -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    values = {"inputs.root": str(mini), "inputs.fail-on": "missed", "inputs.base": "", "inputs.brief": "-"}
    commands = []
    for step in action["runs"]["steps"]:
        # Inputs go through env:, never into the script, where a value could run as shell code.
        assert "${{" not in step["run"], step["name"]
        env = {}
        for name, expr in step.get("env", {}).items():
            key = expr.removeprefix("${{ ").removesuffix(" }}")
            if key in values:
                env[name] = values[key]
        for line in step["run"].splitlines():
            line = line.strip()
            if line.startswith("swtrack "):
                for name, value in env.items():
                    line = line.replace(f'"${name}"', shlex.quote(value))
                assert "$" not in line.replace('"${gate[@]}"', ""), line
                commands.append(shlex.split(line.replace('"${gate[@]}"', "--fail-on missed"))[1:])
    assert [c[2] for c in commands] == ["validate", "status", "diff", "brief"]
    assert commands[0][3:] == ["--errors-only", "--format", "github"]
    for command in commands:
        if command[2] == "diff":
            continue  # needs a git revision; tested above
        result = runner.invoke(app, command)
        assert result.exit_code == 0, (command, result.output)


def test_pre_commit_hook_lists_only_errors() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["entry"] for h in hooks] == ["swtrack validate --errors-only"]


def test_pre_commit_hook_through_pre_commit(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "pre-commit"
    repo = tmp_path / "trackers"
    copy_tracker(MINI, repo)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    run = [str(exe), "try-repo", str(REPO), "swtrack-validate", "--all-files", "--color", "never"]
    ok = subprocess.run(run, cwd=repo, capture_output=True, text=True, env=env, check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "swtrack validate" in ok.stdout and "Passed" in ok.stdout
    break_row(repo)
    git(repo, "add", "-A")
    bad = subprocess.run(run, cwd=repo, capture_output=True, text=True, env=env, check=False)
    assert bad.returncode == 1
    assert "Failed" in bad.stdout
    assert "data/observations.csv:3:value: error [bad-number]" in bad.stdout

"""CI and editor integration, end to end: annotations, summaries, diff, import, init, pre-commit."""

from __future__ import annotations

import filecmp
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook
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
        "unknown key 'deadine' at targets.1.deadine: did you mean deadline?. Hint: Rename it to 'deadline'.\n"
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
        "| removed | observations | 2016-12-31 迷你市 workers | 700 [A] https://example.org/b |  | data/observations.csv:3 |\n\n"
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
        "+ observations 2018-12-31 迷你市 workers: 1000 [B] https://example.org/z (data/observations.csv:7)",
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
        "| changed | events | MN-03 2017-10-01 | held: 第二届 [A] https://example.org/e | not_held: 第二届 [A] https://example.org/e | data/events.csv:4 |"
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


# --- import ----------------------------------------------------------------------------


def repo_copy(tmp_path: Path) -> Path:
    root = tmp_path / "tracker"
    for part in ("targets", "data"):
        shutil.copytree(REPO / part, root / part)
    return root


def test_import_an_xlsx_with_chinese_headers(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["区县", "人数", "来源", "备注"])
    sheet.append(["东城区", "1,234", "https://example.gov.cn/a", "东城"])
    sheet.append(["西城区", "１２３", "https://example.gov.cn/a", None])
    sheet.append(["朝阳区", "约40", "https://example.gov.cn/a", None])
    sheet.append(["海淀区", "2.5万", "https://example.gov.cn/a", None])
    book.save(tmp_path / "区县机构.xlsx")
    args = ["--root", str(root), "import", str(tmp_path / "区县机构.xlsx"), "--table", "observations"]
    args += ["--as-of", "2015-12-31", "--measure", "sw_agencies", "--grade", "B"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stderr == "wrote data/observations/区县机构.csv: 4 rows, 4 values normalised\n"
    written = (root / "data" / "observations" / "区县机构.csv").read_text(encoding="utf-8")
    assert written == (
        "date,area,measure,value,source_url,grade,qualifier,note\n"
        "2015-12-31,东城区,sw_agencies,1234,https://example.gov.cn/a,B,,东城\n"
        "2015-12-31,西城区,sw_agencies,123,https://example.gov.cn/a,B,,\n"
        "2015-12-31,朝阳区,sw_agencies,40,https://example.gov.cn/a,B,about,\n"
        "2015-12-31,海淀区,sw_agencies,25000,https://example.gov.cn/a,B,,\n"
    )
    assert runner.invoke(app, ["--root", str(root), "validate", "--today", TODAY]).exit_code == 0
    again = runner.invoke(app, args)
    assert again.exit_code == 2
    assert again.stderr == "error: data/observations/区县机构.csv exists; give --replace to replace it\n"
    assert runner.invoke(app, [*args, "--replace"]).exit_code == 0


def test_import_a_gb18030_csv_with_a_map(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    source = tmp_path / "深圳.csv"
    source.write_bytes(
        "统计日期,地区,持证人数\n2014年3月17日,深圳市,5929\n2015/12/31,深圳市,７０００\n".encode("gb18030")
    )
    args = ["--root", str(root), "import", str(source), "--table", "observations", "--as-of", "2016-12-31"]
    args += [
        "--map",
        "持证人数=value",
        "--measure",
        "certified_social_workers",
        "--grade",
        "B",
        "--source",
        "https://x.org/s",
    ]
    result = runner.invoke(app, [*args, "--name", "shenzhen-certified"])
    assert result.exit_code == 0, result.output
    assert result.stderr == "wrote data/observations/shenzhen-certified.csv: 2 rows, 3 values normalised\n"
    assert (root / "data" / "observations" / "shenzhen-certified.csv").read_text(encoding="utf-8") == (
        "date,area,measure,value,source_url,grade,qualifier,note\n"
        "2014-03-17,深圳市,certified_social_workers,5929,https://x.org/s,B,,\n"
        "2015-12-31,深圳市,certified_social_workers,7000,https://x.org/s,B,,\n"
    )


def test_import_a_csv_with_a_bom_shows_progress_on_big_files(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    source = tmp_path / "communities.csv"
    lines = ["日期,名录,名称,区县,指标,人数"] + [
        f"2015-12-31,community,社区{i:05d},东城区,professional_social_workers,2" for i in range(6000)
    ]
    source.write_bytes("\n".join(lines).encode("utf-8-sig") + b"\n")
    args = ["--root", str(root), "import", str(source), "--table", "units", "--as-of", "2015-12-31"]
    result = runner.invoke(app, [*args, "--grade", "B", "--source", "https://x.org/s"])
    assert result.exit_code == 0, result.output
    assert "importing" in result.stderr
    assert result.stderr.endswith("wrote data/units/communities.csv: 6000 rows, 0 values normalised\n")
    written = (root / "data" / "units" / "communities.csv").read_text(encoding="utf-8").splitlines()
    assert written[0] == "date,register,unit,area,measure,value,source_url,grade,qualifier,note"
    assert written[1] == "2015-12-31,community,社区00000,东城区,professional_social_workers,2,https://x.org/s,B,,"
    assert len(written) == 6001


def test_import_names_both_lines_of_a_duplicate(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    source = tmp_path / "dup.csv"
    source.write_text("日期,地区,人数\n2016-12-31,深圳市,8230\n", encoding="utf-8")
    args = ["--root", str(root), "import", str(source), "--table", "observations", "--as-of", "2016-12-31"]
    args += ["--measure", "certified_social_workers", "--grade", "B", "--source", "https://x.org/s"]
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 1
    lines = (root / "data" / "observations.csv").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("2016,深圳市,certified_social_workers,8230,"))
    assert (
        f"data/observations/dup.csv:2: error [duplicate-row] same date, area and measure as line {line}"
        in result.stderr
    )
    assert f"Keep one of lines {line} and 2 of data/observations.csv." in result.stderr
    assert not (root / "data" / "observations").exists()


def test_import_refuses_rows_that_do_not_validate(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    source = tmp_path / "bad.csv"
    source.write_text("区县,人数\n宣武区,3\n朝阳,4\n", encoding="utf-8")
    args = ["--root", str(root), "import", str(source), "--table", "observations", "--as-of", "2012-06-30"]
    args += ["--measure", "sw_agencies", "--grade", "B", "--source", "https://x.org/s"]
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "data/observations/bad.csv:2:area: error [area-not-valid]" in result.stderr
    assert "data/observations/bad.csv:3:area: error [unknown-area] unknown area '朝阳'" in result.stderr
    assert "nothing written: 2 errors in the imported rows" in result.stderr
    assert not (root / "data" / "observations").exists()


def test_import_names_unmapped_headers(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    source = tmp_path / "x.csv"
    source.write_text("区县,总人数\n东城区,3\n", encoding="utf-8")
    args = ["--root", str(root), "import", str(source), "--table", "observations", "--as-of", "2012-06-30"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no field for column(s) '总人数': map each with --map COLUMN=FIELD")


# --- init, completion, pre-commit, the action ---------------------------------------------


def test_init_makes_a_tracker_that_validates(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "new"
    result = runner.invoke(app, ["init", str(folder)])
    assert result.exit_code == 0
    assert result.stderr == f"made {folder}: 18 files; next: swtrack --root {folder} validate\n"
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

"""The command line: help with examples, version, root discovery, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from conftest import EXAMPLES, MINI, REPO
from swtrack import __version__
from swtrack.cli import app

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_top_level_help_has_an_example(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    for name in COMMANDS:
        assert name in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_has_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert f"swtrack {command}" in result.stdout


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"swtrack {__version__}\n"


def test_python_dash_m() -> None:
    done = subprocess.run([sys.executable, "-m", "swtrack", "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stdout == f"swtrack {__version__}\n"


def test_root_is_found_upward_from_the_current_folder(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = mini / "data" / "nested"
    deep.mkdir()
    monkeypatch.chdir(deep)
    monkeypatch.delenv("SWTRACK_ROOT", raising=False)
    result = runner.invoke(app, ["status", "--format", "json"])
    assert result.exit_code == 0
    assert [a["target"] for a in json.loads(result.stdout)["assessments"]][:2] == ["MN-01", "MN-02"]


def test_no_tracker_found_is_a_usage_error(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SWTRACK_ROOT", raising=False)
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 2
    assert "error: no tracker found: neither" in result.stderr
    assert "holds a targets/ folder (use --root DIR or SWTRACK_ROOT)" in result.stderr
    assert "Traceback" not in result.output


def test_swtrack_root_environment_variable(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["status", "--format", "json"], env={"SWTRACK_ROOT": str(EXAMPLES)})
    assert result.exit_code == 0
    assert json.loads(result.stdout)["as_of"] == "2018-12-31"


def test_root_that_does_not_exist(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["--root", str(tmp_path / "nope"), "status"])
    assert result.exit_code == 2
    assert result.stderr == f"error: tracker folder {tmp_path / 'nope'} does not exist\n"


def test_bad_as_of_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--root", str(MINI), "status", "--as-of", "2015/12/31"])
    assert result.exit_code == 2
    assert result.stderr == "error: --as-of: '2015/12/31' is not a date. Write dates as YYYY-MM-DD: '2015-12-31'.\n"


def test_unknown_status_name(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--root", str(MINI), "status", "--fail-on", "late"])
    assert result.exit_code == 2
    assert "error: --fail-on: unknown status 'late'; use met, overshoot, on_track" in result.stderr


def test_unknown_area(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--root", str(REPO), "status", "--area", "朝阳"])
    assert result.exit_code == 2
    assert result.stderr == "error: --area: unknown area '朝阳'. Did you mean '朝阳区'?\n"


def test_unknown_plan(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--root", str(MINI), "status", "--plan", "beijing"])
    assert result.exit_code == 2
    assert result.stderr == "error: no plan 'beijing'; plans here: mini_plan\n"


def test_explain_unknown_ref(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--root", str(REPO), "explain", "BJ-22"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no target 'BJ-22'; did you mean BJ-")


def test_explain_a_prefix_of_target_ids_names_them(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--root", str(REPO), "explain", "BJ-1"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: no target 'BJ-1'; targets that begin so: BJ-10, BJ-11, BJ-12, BJ-13, BJ-14 (and 7 more)\n"
    )
    # A ref shared by several targets explains them all.
    shared = runner.invoke(app, ["--root", str(REPO), "explain", "BJ-15", "--format", "json"])
    assert shared.exit_code == 0
    assert [a["target"] for a in json.loads(shared.stdout)] == ["BJ-15a", "BJ-15b", "BJ-15c"]


def test_status_on_broken_data_warns_and_goes_on(runner: CliRunner, make_mini) -> None:  # type: ignore[no-untyped-def]
    root = make_mini(
        [{"file": "data/observations.csv", "append": "2017-12-31,迷你市,workers,lots,,https://x.org,B,\n"}]
    )
    result = runner.invoke(app, ["--root", str(root), "status", "--format", "json"])
    assert result.exit_code == 0
    assert "warning: the data has 1 error; rows with errors were left out (run swtrack validate)" in result.stderr
    assert json.loads(result.stdout)["assessments"][0]["value"] == 700.0


def test_internal_errors_have_no_traceback_without_debug(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    import swtrack.assess

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaput")

    monkeypatch.setattr(swtrack.assess, "assess", boom)
    result = runner.invoke(app, ["--root", str(MINI), "status"])
    assert result.exit_code == 1
    assert result.stderr == "error: internal error: RuntimeError: kaput (run with --debug for the traceback)\n"
    debug = runner.invoke(app, ["--root", str(MINI), "--debug", "status"])
    assert isinstance(debug.exception, RuntimeError)


def test_the_core_is_usable_without_the_cli() -> None:
    import swtrack

    tracker, report = swtrack.load_tracker(MINI)
    report.extend(swtrack.validate_tracker(tracker))
    assert report.findings == []
    assert [a.status.value for a in swtrack.assess_tracker(tracker).assessments][:2] == ["on_track", "met"]


@pytest.mark.parametrize("command", ["validate", "status", "brief"])
def test_commands_do_not_import_pandas(mini: Path, command: str) -> None:
    """pandas costs a national run half a second and 40 MB to import: the code uses numpy alone."""
    probe = (
        "import sys\n"
        "from swtrack.cli import main\n"
        "sys.argv = ['swtrack', '--root', sys.argv[1], sys.argv[2]]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('pandas' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(mini), command], capture_output=True, text=True, check=False
    )
    assert done.stderr.strip().splitlines()[-1] == "False"


def test_a_reader_that_stops_early_gets_no_error() -> None:
    exe = Path(sys.executable).parent / "swtrack"
    # status --format json of this repository is about 150 kB, more than a pipe holds.
    proc = subprocess.Popen(
        [str(exe), "--root", str(REPO), "status", "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(10) == b'{\n  "as_of'
    proc.stdout.close()
    assert proc.wait(timeout=60) == 1
    assert proc.stderr.read() == b""

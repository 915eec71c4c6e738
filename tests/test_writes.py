"""Paths and writes: a name from data is one safe file inside the output folder; only regular files are
replaced; a brief and its charts are written as one set; a failed write says what and where."""

from __future__ import annotations

import errno
import os
import shutil
import stat
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import MINI, snapshot_bytes
from swtrack.cli import app

# Area names that are paths, too long, or hold characters no file name should.
NASTY = {
    "dots": "../../escape/x",
    "absolute": "/tmp/swtrack-escape-abs",
    "long": "区" * 300,
    "nul": "a\x00b",
    "control": "c\x1bd\ne",
    "reserved": "CON",
    "slash": "s/t",
    "backslash": "s\\t",
}


def tracker(dest: Path, names: dict[str, str] = NASTY) -> Path:
    """The mini tracker with more districts, named as given (no figures: each is asked for)."""
    root = shutil.copytree(MINI, dest)
    path = root / "targets" / "areas" / "mini.yaml"
    areas = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key, name in names.items():
        areas["areas"].append({"id": f"x_{key}", "name": name, "en": key, "level": "district"})
    path.write_text(yaml.safe_dump(areas, allow_unicode=True), encoding="utf-8")
    return root


def invoke(runner: CliRunner, root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--root", str(root), *args])
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    return result.exit_code, result.stdout, result.stderr


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() or p.is_symlink())


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_request_names_every_file_safely_inside_the_folder(runner: CliRunner, tmp_path: Path, fmt: str) -> None:
    root = tracker(tmp_path / "t")
    out = tmp_path / "work" / "out"
    code, stdout, stderr = invoke(
        runner, root, "request", "--plan", "mini_plan", "--as-of", "2017-12-31", "-o", str(out), "--format", fmt
    )
    assert code == 0, stderr
    written = [Path(line) for line in stdout.splitlines()]
    assert len(written) == 4 + len(NASTY) == len(set(written))  # the 4 areas of mini, and one per name
    assert all(p.parent == out and p.is_file() for p in written)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written)
    # Nothing anywhere else: only the tracker and the files listed.
    assert files_under(tmp_path) == sorted([f"work/out/{p.name}" for p in written] + files_under_tracker(tmp_path))
    assert not Path("/tmp/swtrack-escape-abs-2017-12-31." + fmt).exists()
    names = {p.name for p in written}
    assert "迷你市-2017-12-31." + fmt in names  # a plain Chinese name stays as it is
    assert all(len(n.encode()) <= 160 and not n.startswith(".") and "\x00" not in n for n in names)
    long = [n for n in names if n.startswith("区" * 40)]
    assert len(long) == 1 and len(long[0].encode()) <= 155


def files_under_tracker(tmp_path: Path) -> list[str]:
    return [f"t/{f}" for f in files_under(tmp_path / "t")]


def test_request_with_two_names_that_collapse_writes_two_files(runner: CliRunner, tmp_path: Path) -> None:
    root = tracker(tmp_path / "t", {"a": "甲/乙", "b": "甲\\乙", "c": "甲:乙"})
    out = tmp_path / "out"
    code, stdout, _ = invoke(runner, root, "request", "--plan", "mini_plan", "--as-of", "2017-12-31", "-o", str(out))
    assert code == 0
    names = [Path(line).name for line in stdout.splitlines() if "甲" in line]
    assert len(names) == 3 == len(set(names))
    assert all(n.startswith("甲_乙-2017-12-31-") for n in names)


@pytest.mark.parametrize("name", ["../../../x", "/tmp/swtrack-abs", "a/b", "..", "", ".hidden", "x\x00y"])
def test_import_name_must_be_a_plain_file_name(runner: CliRunner, tmp_path: Path, name: str) -> None:
    root = shutil.copytree(MINI, tmp_path / "t")
    table = tmp_path / "in.csv"
    table.write_text("date,area,measure,value,source_url,grade\n2018-12-31,东区,workers,5,https://e.org/x,A\n")
    before = snapshot_bytes(tmp_path)
    code, _, stderr = invoke(runner, root, "import", str(table), "--name", name)
    assert code == 2
    assert stderr.startswith(f"error: --name {name!r}: not a plain file name")
    assert snapshot_bytes(tmp_path) == before
    assert not Path("/tmp/swtrack-abs.csv").exists() and not (tmp_path.parent / "x.csv").exists()


def test_import_with_a_plain_name_still_writes(runner: CliRunner, tmp_path: Path) -> None:
    root = shutil.copytree(MINI, tmp_path / "t")
    table = tmp_path / "in.csv"
    table.write_text("date,area,measure,value,source_url,grade\n2018-12-31,东区,workers,5,https://e.org/x,A\n")
    code, _, stderr = invoke(runner, root, "import", str(table), "--name", "东区-2018")
    assert code == 0, stderr
    assert (root / "data" / "observations" / "东区-2018.csv").is_file()


# --- brief -o -----------------------------------------------------------------------------------


def brief(runner: CliRunner, out: str, *args: str) -> tuple[int, str]:
    code, _, stderr = invoke(runner, MINI, "brief", "--as-of", "2017-12-31", "-o", out, *args)
    return code, stderr


def test_brief_refuses_a_symlink(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.md"
    target.write_text("keep\n")
    link = tmp_path / "brief.md"
    link.symlink_to(target)
    code, stderr = brief(runner, str(link))
    assert code == 2
    assert stderr == (f"error: {link} is a symbolic link: swtrack replaces only regular files; choose another path\n")
    assert link.is_symlink() and target.read_text() == "keep\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.md", "elsewhere.md"]  # no chart written


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_brief_refuses_a_fifo(runner: CliRunner, tmp_path: Path) -> None:
    fifo = tmp_path / "brief.md"
    os.mkfifo(fifo)
    code, stderr = brief(runner, str(fifo))
    assert code == 2
    assert stderr == f"error: {fifo} is a FIFO: swtrack replaces only regular files; choose another path\n"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]


def test_brief_refuses_a_device(runner: CliRunner, tmp_path: Path) -> None:
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError, OSError):
        pytest.skip("cannot make a device node here")
    code, stderr = brief(runner, str(device), "--charts", "none")
    assert code == 2
    assert stderr == f"error: {device} is a device: swtrack replaces only regular files; choose another path\n"
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_brief_to_a_folder_or_nowhere_is_a_usage_error(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "briefs"
    folder.mkdir()
    monkeypatch.chdir(tmp_path)
    code, stderr = brief(runner, str(folder))
    assert (code, stderr) == (
        2,
        f"error: -o {folder}: a folder; give the brief's file path, such as {folder}/brief.md\n",
    )
    code, stderr = brief(runner, "")
    assert (code, stderr) == (2, "error: -o '': give the brief's file path, or - for standard output\n")
    code, stderr = brief(runner, "new/")
    assert code == 2 and stderr.startswith("error: -o new/: a folder")
    assert files_under(tmp_path) == []  # no stray charts


def test_a_brief_and_its_charts_are_one_set(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "brief.md"
    assert brief(runner, str(out), "--as-of", "2016-12-31")[0] == 0
    before = snapshot_bytes(tmp_path)
    assert len(before) == 2  # the brief and its chart
    real, calls = os.fsync, []

    def failing(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # between the chart and the brief
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", failing)
    code, stderr = brief(runner, str(out))  # a later date: another brief, another chart
    assert code == 2
    assert stderr == f"error: cannot write {out}: No space left on device\n"
    assert snapshot_bytes(tmp_path) == before  # the previous set, whole; no temporary file
    assert len(calls) == 2


@pytest.mark.parametrize(
    ("err", "words"),
    [
        (errno.ENOSPC, "No space left on device"),
        (errno.EROFS, "Read-only file system"),
        (errno.EACCES, "Permission denied"),
    ],
)
@pytest.mark.parametrize("command", ["brief", "request", "import", "init", "schema"])
def test_a_failed_write_says_what_and_where(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, err: int, words: str
) -> None:
    import tempfile

    root = shutil.copytree(MINI, tmp_path / "t")
    table = tmp_path / "in.csv"
    table.write_text("date,area,measure,value,source_url,grade\n2018-12-31,东区,workers,5,https://e.org/x,A\n")
    out = tmp_path / "out"
    args = {
        "brief": ["brief", "-o", str(out / "b.md")],
        "request": ["request", "--plan", "mini_plan", "--as-of", "2017-12-31", "-o", str(out)],
        "import": ["import", str(table)],
        "init": ["init", str(out / "new")],
        "schema": ["schema", "-o", str(out / "plan.json")],
    }[command]
    before = snapshot_bytes(tmp_path)

    def refused(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(err, words)

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    code, _, stderr = invoke(runner, root, *args)
    assert code == 2
    lines = stderr.splitlines()
    assert lines[-1].startswith("error: cannot write ") and lines[-1].endswith(f": {words}")
    assert str(tmp_path) in lines[-1]
    assert snapshot_bytes(tmp_path) == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        code, stderr = brief(runner, str(folder / "b.md"))
    finally:
        folder.chmod(0o755)
    assert code == 2
    assert stderr == f"error: cannot write {folder / 'b.md'}: Permission denied\n"

"""The terminal and the logs: status fitted to 80, 100 and 160 columns in zh and en; validate's
quiet mode and singular counts; no hard wrapping and no progress when piped."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from conftest import EXAMPLES, MINI, REPO, TODAY, copy_tracker
from swtrack.assess import assess
from swtrack.cli import app
from swtrack.load.tracker import load_tracker
from swtrack.render.fit import cut, empty
from swtrack.render.status import rows
from swtrack.render.text import findings_count

SWTRACK = Path(sys.executable).parent / "swtrack"
TRACKERS = {"repo": REPO, "example": EXAMPLES}


def screen(runner: CliRunner, root: Path, width: int, *args: str) -> list[str]:
    result = runner.invoke(app, ["--root", str(root), "status", *args], env={"COLUMNS": str(width), "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout.splitlines()


def header(lines: list[str], first: str) -> list[str]:
    """The column names of the table whose header follows the line `first` (a plan's title)."""
    start = lines.index(first)
    return next(line for line in lines[start:] if line.startswith(("Ref ", "编号 "))).split()


# --- status in the terminal ----------------------------------------------------------------


@pytest.mark.parametrize("width", [80, 100, 160])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", sorted(TRACKERS))
def test_status_fits_the_width_with_one_line_per_target(runner: CliRunner, name: str, lang: str, width: int) -> None:
    root = TRACKERS[name]
    lines = screen(runner, root, width, "--lang", lang)
    assert max(cell_len(line) for line in lines) <= width
    tracker, _ = load_tracker(root)
    report = assess(tracker)
    for a in report.assessments:
        holding = [line for line in lines if a.target in line.split()]
        assert len(holding) == 1, (a.target, holding)
        assert holding[0].startswith(a.target + " ")
    # Every other line is a title, the as-of line, a count, the header and its rule, a phase
    # heading (one line each) or the blank line after a plan.
    grouped = rows(report, tracker, lang)
    headings = Counter(g for plan_rows in grouped.values() for g in dict.fromkeys(r.group for r in plan_rows))
    for heading, n in headings.items():
        assert lines.count(heading) == n, heading
    titles = [cut(s.title[lang], width) for s in report.plans]
    assert [line for line in lines if line in titles] == titles
    others = len(lines) - len(report.assessments) - headings.total() - len(titles)
    starts = [line for line in lines if line.startswith("共 ") or line.split(" ", 2)[1:2] == ["targets"]]
    assert len(starts) == len(report.plans)
    # the as-of line, the counts, the header, its rule, the legend and a blank line per plan; the
    # counts by group and the legend wrap onto at most three more lines each at 80 columns
    keys = [line for line in lines if line.startswith(("图例：", "Key: "))]
    assert len(keys) == len(report.plans)
    assert 6 * len(report.plans) <= others <= 6 * len(report.plans) + 8 * len(report.plans)


def test_narrow_status_keeps_the_required_columns_and_adds_by_priority(runner: CliRunner) -> None:
    title = "关于“首善之区社会工作人才发展工程”的实施意见"
    narrow = header(screen(runner, REPO, 80, "--lang", "zh"), title)
    assert narrow == ["编号", "目标", "最新值", "目标值", "差距", "状态"]
    assert header(screen(runner, REPO, 100, "--lang", "zh"), title) == [
        *("编号", "目标", "最新值", "日期", "目标值", "差距", "状态", "条款"),
    ]
    # R and 预计 are empty on every row of the shipped data: left out however wide.
    assert header(screen(runner, REPO, 160, "--lang", "zh"), title) == [
        *("编号", "目标", "最新值", "日期", "目标值", "差距", "进度", "状态", "条款", "证据"),
    ]
    assert header(screen(runner, REPO, 80, "--lang", "zh", "--wide"), title) == [
        *("编号", "目标", "最新值", "日期", "目标值", "差距", "进度", "R", "预计", "状态", "条款", "证据"),
    ]
    example = "Example City social-work talent plan (synthetic)"
    assert header(screen(runner, EXAMPLES, 160, "--lang", "en"), example) == [
        *("Ref", "Target", "Latest", "Date", "Goal", "Gap", "Progress", "R", "Projected", "Status", "Clause"),
        "Evidence",
    ]


def test_narrow_status_lines(runner: CliRunner) -> None:
    zh = screen(runner, REPO, 80, "--lang", "zh")
    assert zh[:5] == [
        "关于“首善之区社会工作人才发展工程”的实施意见",
        "截至 2025-11-30（本规划读取的最新数据日期；可用 --as-of 指定） · 方法 线性",
        "共 24 项目标 · 需要采取行动 3（已逾期 2、以替代完成 1）",
        "需要补充数据 18（数据过旧 2、无法判定 9、无数据 7）",
        "已达成 2（后续已达成 1、已达成 1） · 暂不判断 1（仅跟踪 1）",
    ]
    assert zh[7] == "三年打基础（至2013年）"
    # The short label where the label does not fit.
    assert "BJ-05   区县全覆盖（第一阶段）      2/16 (14?)        每个 ≥ 1     —  无法判定" in zh
    # 万 as the brief writes it, in the table as in the brief.
    assert "BJ-01   社会工作从业人员总量             >30万          ≥ 40万     —  数据过旧" in zh
    assert zh[zh.index("BJ-21   每名社工固定联系的志愿者             —               —     —  仅跟踪") + 1 :][:2] == [
        "图例：> 超过 · n/N 达标单位数/单位总数 · (n?) 情况不明的单位数",
        "+ 名录未列全，总数未知 · n/N 已举办年数/应举办年数 · — 无数据或不适用",
    ]
    en = screen(runner, REPO, 80, "--lang", "en")
    assert en[2:5] == [
        "24 targets · needs action 3 (overdue 2, done by a substitute 1)",
        "needs data 18 (stale 2, inconclusive 9, no data 7)",
        "met 2 (met by a later date 1, met 1) · not judged 1 (tracked 1)",
    ]
    assert "BJ-05   District agencies 2013  2/16 (14?)        each ≥ 1  inconclusive" in en
    assert "BJ-02   Professional talents        76,800        ≥ 40,000  met by a later date" in en
    wide = screen(runner, REPO, 160, "--lang", "zh")
    bj01 = next(line for line in wide if line.startswith("BJ-01 "))
    assert bj01.split()[-5:] == ["数据过旧", "二（一）", "1", "·", "2013-04-15"]
    # The example has sixteen statuses: the counts wrap between groups, never inside one.
    assert screen(runner, EXAMPLES, 80, "--lang", "en")[2:9] == [
        "31 targets",
        "needs action 14 (missed 5, moving away 1, off track 2, overdue 1,",
        "  needs acceleration 4, done by a substitute 1)",
        "needs data 4 (stale 1, inconclusive 2, no data 1) · on track 1",
        "met 8 (met by a later date 1, met after the deadline 1, met (overshoot) 1,",
        "  met 5)",
        "not judged 4 (not judged yet 2, tracked 2)",
    ]


def test_wide_cuts_nothing(runner: CliRunner) -> None:
    lines = screen(runner, REPO, 80, "--lang", "en", "--wide")
    assert max(cell_len(line) for line in lines) > 80
    assert not any("…" in line for line in lines)
    bj05 = next(line for line in lines if line.startswith("BJ-05 "))
    assert "An agency in every district (phase one)" in bj05
    assert bj05.split()[-4:] == ["二（二）", "8", "·", "2023-03-14"]
    assert (
        "24 targets · needs action 3 (overdue 2, done by a substitute 1) · needs data 18 (stale 2, inconclusive 9, "
        "no data 7) · met 2 (met by a later date 1, met 1) · not judged 1 (tracked 1)" in lines
    )


def test_status_width_comes_from_the_console(runner: CliRunner) -> None:
    # No COLUMNS and not a terminal: 80 columns.
    result = runner.invoke(app, ["--root", str(REPO), "status", "--lang", "zh"], env={"COLUMNS": None})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) == 80
    assert lines == screen(runner, REPO, 80, "--lang", "zh")


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("社会工作事务所", 7, "社会工…"),
        ("社会工作事务所", 8, "社会工…"),
        ("社会工作", 8, "社会工作"),
        ("社会工作", 1, "…"),
        ("social work", 7, "social…"),
        ("social work", 8, "social…"),
        ("social work", 11, "social work"),
        ("“1+X”基本政策框架", 10, "“1+X”基本…"),
        ("abc", 0, ""),
    ],
)
def test_cut_counts_display_cells(text: str, width: int, expected: str) -> None:
    assert cut(text, width) == expected
    assert cell_len(cut(text, width)) <= width


@pytest.mark.parametrize(("cell", "blank"), [("", True), ("—", True), ("··········", True), ("0", False)])
def test_empty_cells(cell: str, blank: bool) -> None:
    assert empty(cell) is blank


# --- validate's logs -------------------------------------------------------------------------


@pytest.fixture
def flawed(tmp_path: Path) -> Path:
    """The mini tracker with one error (a bad number) and one warning (a byte-order mark)."""
    root = copy_tracker(MINI, tmp_path / "tracker")
    path = root / "data" / "observations.csv"
    text = path.read_text(encoding="utf-8").replace("2016-12-31,迷你市,workers,700,", "2016-12-31,迷你市,workers,7x0,")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return root


ERROR_LINES = [
    "data/observations.csv:3:value: error [bad-number] '7x0' is not a number",
    "    hint: Write digits only, e.g. 40000 or 0.25.",
]


@pytest.mark.parametrize("flag", ["--errors-only", "-q"])
def test_errors_only_lists_errors_and_the_count(runner: CliRunner, flawed: Path, flag: str) -> None:
    result = runner.invoke(app, ["--root", str(flawed), "validate", "--today", TODAY, flag])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [*ERROR_LINES, "1 error, 1 warning"]
    everything = runner.invoke(app, ["--root", str(flawed), "validate", "--today", TODAY])
    assert everything.stdout.splitlines() == [
        "data/observations.csv:1: warning [file-encoding] the file starts with a UTF-8 byte-order mark",
        "    hint: Save as UTF-8 without BOM.",
        *ERROR_LINES,
        "1 error, 1 warning",
    ]


def test_errors_only_in_json_and_github_and_with_strict(runner: CliRunner, flawed: Path) -> None:
    base = ["--root", str(flawed), "validate", "--today", TODAY, "-q"]
    data = json.loads(runner.invoke(app, [*base, "--format", "json"]).stdout)
    assert (data["errors"], data["warnings"]) == (1, 1)
    assert [f["code"] for f in data["findings"]] == ["bad-number"]
    github = runner.invoke(app, [*base, "--format", "github"]).stdout.splitlines()
    assert [line.split(" ", 1)[0] for line in github] == ["::error"]
    # Under --strict a warning fails the run, so it is listed.
    strict = runner.invoke(app, [*base, "--strict"])
    assert strict.exit_code == 1
    assert "[file-encoding]" in strict.stdout
    only_warnings = copy_tracker(MINI, flawed.parent / "warned")
    path = only_warnings / "data" / "observations.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    calm = runner.invoke(app, ["--root", str(only_warnings), "validate", "--today", TODAY, "-q"])
    assert calm.exit_code == 0
    assert calm.stdout == "0 errors, 1 warning\n"


@pytest.mark.parametrize(
    ("errors", "warnings", "lang", "text"),
    [
        (1, 1, "en", "1 error, 1 warning"),
        (0, 36, "en", "0 errors, 36 warnings"),
        (2, 0, "en", "2 errors, 0 warnings"),
        (1200, 1, "en", "1,200 errors, 1 warning"),
        (1, 2, "zh", "1 个错误，2 个警告"),
    ],
)
def test_findings_count_is_singular_for_one(errors: int, warnings: int, lang: str, text: str) -> None:
    assert findings_count(errors, warnings, lang) == text


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "COLUMNS", "GITHUB_STEP_SUMMARY")}
    return {**env, "NO_COLOR": "1", **extra}


PIPED = {
    # The repository's plans are in Chinese, so validate speaks Chinese unless told otherwise.
    "zh": ("", "警告", "message_zh", "    提示：", "hint_zh", "BJ-10：data/events.csv 中还没有事件"),
    "en": (" --lang en", "warning", "message", "    hint: ", "hint", "BJ-10: no event in data/events.csv yet"),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_piped_findings_are_never_hard_wrapped(lang: str) -> None:
    option, severity, message, label, hint, bj10 = PIPED[lang]
    done = subprocess.run(
        [str(SWTRACK), "--root", str(REPO), "validate", "--today", TODAY, *option.split()],
        capture_output=True,
        text=True,
        env=clean_env(),
        check=False,
    )
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    report = json.loads(
        subprocess.run(
            [str(SWTRACK), "--root", str(REPO), "validate", "--today", TODAY, "--format", "json"],
            capture_output=True,
            text=True,
            env=clean_env(),
            check=True,
        ).stdout
    )
    assert len(lines) == 2 * len(report["findings"]) + 1
    long = 0
    for i, f in enumerate(report["findings"]):
        where = f["file"] + "".join(f":{p}" for p in (f["line"], f["column"]) if p is not None)
        assert f["severity"] == "warning"
        assert lines[2 * i] == f"{where}: {severity} [{f['code']}] {f[message]}"
        assert lines[2 * i + 1] == f"{label}{f[hint]}"
        long += cell_len(lines[2 * i]) > 80
    assert long > 0  # the case at stake: findings longer than the 80 columns of a pipe
    grep = shutil.which("grep")
    assert grep is not None
    piped = subprocess.run(
        f"'{SWTRACK}' --root '{REPO}' validate --today {TODAY}{option} | '{grep}' -F '{bj10}'",
        shell=True,
        capture_output=True,
        text=True,
        env=clean_env(),
        check=True,
    )
    expected = f"targets/beijing-2011.yaml:134:10: {severity} [measure-without-data] {bj10}"
    assert piped.stdout == expected + "\n"


@pytest.mark.parametrize("command", ["validate", "status"])
def test_piped_runs_print_no_progress(command: str) -> None:
    done = subprocess.run(
        [str(SWTRACK), "--root", str(REPO), command], capture_output=True, text=True, env=clean_env(), check=False
    )
    assert done.returncode == 0
    assert done.stderr == ""


def run_with_terminal_stderr(command: str, env: dict[str, str]) -> bytes:
    """stderr of a run whose stderr is a pseudo-terminal (stdout stays a pipe)."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    proc = subprocess.Popen([str(SWTRACK), "--root", str(REPO), command], stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    err = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        err += chunk
    proc.communicate()
    os.close(master)
    assert proc.returncode == 0
    return err


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_progress_shows_on_a_terminal_unless_ci() -> None:
    watched = run_with_terminal_stderr("validate", clean_env())
    assert b"reading" in watched and b"checking" in watched
    assert b"\xe2\x94\x81" in watched  # the bar (━)
    assert run_with_terminal_stderr("status", clean_env()).count(b"assessing") >= 1
    assert run_with_terminal_stderr("validate", clean_env(CI="true")) == b""


def test_plain_findings_are_what_the_console_table_prints_into_a_pipe(tmp_path: Path) -> None:
    import io

    from rich.console import Console

    from swtrack.check.validate import validate
    from swtrack.render.console import findings_table
    from swtrack.render.text import findings_lines

    root = copy_tracker(REPO, tmp_path / "repo")  # the shipped data: warnings for its gaps
    with (root / "data" / "observations.csv").open("a", encoding="utf-8") as out:
        out.write("2099-12-31,北京市,practitioners,900,,https://example.org/z,B,,\n")  # and an error
    tracker, report = load_tracker(root)
    report.extend(validate(tracker))
    assert report.errors and report.warnings
    for quiet in (False, True):
        buf = io.StringIO()
        Console(file=buf, highlight=False, soft_wrap=True, color_system=None).print(
            findings_table(report, errors_only=quiet)
        )
        assert buf.getvalue() == "".join(f"{line}\n" for line in findings_lines(report, errors_only=quiet))

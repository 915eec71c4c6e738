"""swtrack request, and the loop it starts: request → filled in by offices → import → validate → status."""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from conftest import EXAMPLES, REPO, TODAY, snapshot_bytes
from swtrack.cli import app
from swtrack.exchange.cellnumbers import qualifier_words
from swtrack.load.snapshots import QUALIFIERS

AS_OF = "2020-12-31"
ASK = ["request", "--plan", "mini_plan", "--as-of", AS_OF]
HEADER_EN = (
    "No.,area,name (zh),name (en),unit of measure,plan clause,last value,last date,date,value,qualifier,source,note,"
    "measure,grade"
)


def invoke(runner: CliRunner, root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--root", str(root), *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def verdicts(runner: CliRunner, root: Path) -> dict[str, str]:
    code, out, _ = invoke(runner, root, "status", "--as-of", AS_OF, "--format", "json")
    assert code == 0
    return {a["target"]: a["status"] for a in json.loads(out)["assessments"]}


# --- what is asked for -------------------------------------------------------------------------


def test_a_workbook_per_area(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    code, out, err = invoke(runner, mini, *ASK, "--lang", "zh", "-o", str(tmp_path / "req"))
    assert code == 0
    assert err == "已写入 4 个文件：4 个地区的 4 个数字\n"
    names = ["迷你市", "东区", "西区", "新区"]
    assert out.splitlines() == [str(tmp_path / "req" / f"{n}-{AS_OF}.xlsx") for n in names]
    book = load_workbook(tmp_path / "req" / f"新区-{AS_OF}.xlsx")
    assert book.sheetnames == ["新区", "填表说明"]
    sheet = book["新区"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "新区社会工作人才数据征集表（截至2020-12-31）· 迷你规划"
    assert rows[1] == (
        "序号",
        "地区",
        "指标名称",
        "英文名称",
        "计量单位",
        "规划条款",
        "上次数值",
        "上次日期",
        "日期",
        "数值",
        "限定",
        "来源",
        "备注",
        "指标",
        "等级",
    )
    assert rows[2] == (
        1,
        "新区",
        "持证社工",
        "certified",
        "人",
        "MN-04 四",
        3,
        "2013-06-30 (沿用旧县的数字)",
        datetime(2020, 12, 31),
        None,
        None,
        None,
        None,
        "certified",
        "A",
    )
    assert len(rows) == 3
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:O1"]
    assert sheet.freeze_panes == "A3"
    assert sheet.protection.sheet is True
    assert [sheet[c].protection.locked for c in ("A2", "J2", "B3", "H3", "I3", "J3", "K3", "L3", "M3", "N3")] == [
        True,
        True,
        True,
        True,
        False,
        False,
        False,
        False,
        False,
        True,
    ]
    checks = {str(dv.sqref): (dv.type, dv.formula1, dv.errorStyle) for dv in sheet.data_validations.dataValidation}
    assert checks == {
        "I3": ("date", "1", "warning"),
        "J3": ("decimal", "0", "warning"),
        "K3": ("list", '"超过,不少于,约,近,不足,余"', "warning"),
    }
    # Printed: A4 landscape, one page wide, the title and the header on every page.
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert sheet.sheet_properties.pageSetUpPr is not None and sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == "$1:$2"
    assert sheet["G3"].alignment.wrap_text is True
    help_lines = [r[0] for r in book["填表说明"].iter_rows(values_only=True)]
    assert help_lines[0] == "填表说明"
    assert (
        help_lines[2] == "1. 本表列出 迷你规划 在 2020-12-31 缺少的数据，每行一项。请在“数值”列填写截至该日期的数字。"
    )
    assert help_lines[10] == (
        "1. Each row is a figure Mini plan needs as of 2020-12-31 and the tracker does not hold. Write it in 'value'."
    )


def test_only_real_gaps_are_asked_for(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    code, _, err = invoke(runner, mini, *ASK, "--format", "csv", "-o", str(out))
    assert (code, err) == (0, "wrote 1 file: 4 figures for 4 areas\n")  # the mini plan is in English
    assert out.read_text(encoding="utf-8-sig").splitlines() == [
        HEADER_EN,
        "1,迷你市,从业人员,workers,persons,MN-01 一,700,2016-12-31,2020-12-31,,,,,workers,A",
        "2,东区,持证社工,certified,persons,MN-04 四,2,2016-12-31,2020-12-31,,,,,certified,A",
        "3,西区,持证社工,certified,persons,MN-04 四,1,2016-12-31 (sum of register units),2020-12-31,,,,,certified,A",
        "4,新区,持证社工,certified,persons,MN-04 四,3,2013-06-30 (carried from 旧县),2020-12-31,,,,,certified,A",
    ]
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    # On 2016-12-31 the city, 东区 and 西区 (its register) have figures of that day; 新区 has only 旧县's.
    code, _, err = invoke(
        runner, mini, "request", "--plan", "mini_plan", "--as-of", "2016-12-31", "--format", "csv", "-o", str(out)
    )
    assert (code, err) == (0, "wrote 1 file: 1 figure for 1 area\n")
    assert out.read_text(encoding="utf-8-sig").splitlines()[1:] == [
        "1,新区,持证社工,certified,persons,MN-04 四,3,2013-06-30 (carried from 旧县),2016-12-31,,,,,certified,A"
    ]
    code, _, err = invoke(runner, mini, *ASK, "--area", "东区", "--format", "csv", "-o", str(tmp_path / "east"))
    assert (code, err) == (0, "wrote 1 file: 1 figure for 1 area\n")
    assert (tmp_path / "east" / f"东区-{AS_OF}.csv").read_text(encoding="utf-8-sig").splitlines()[1] == (
        "1,东区,持证社工,certified,persons,MN-04 四,2,2016-12-31,2020-12-31,,,,,certified,A"
    )


def test_nothing_to_ask_when_the_data_holds_every_figure(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    with (mini / "data" / "observations.csv").open("a", encoding="utf-8") as f:
        for area, measure in (
            ("迷你市", "workers"),
            ("东区", "certified"),
            ("西区", "certified"),
            ("新区", "certified"),
        ):
            f.write(f"2020-12-31,{area},{measure},5,,https://example.org/z,A,\n")
    code, _, err = invoke(runner, mini, *ASK, "-o", str(tmp_path / "req"))
    assert (code, err) == (0, "nothing to ask: the data holds every figure mini_plan's targets read at 2020-12-31\n")
    assert not (tmp_path / "req").exists()


def test_the_same_request_gives_the_same_bytes(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    for name in ("a.xlsx", "b.xlsx"):
        assert invoke(runner, mini, *ASK, "-o", str(tmp_path / name))[0] == 0
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    assert load_workbook(tmp_path / "a.xlsx").sheetnames == ["迷你市", "东区", "西区", "新区", "Instructions"]


def test_request_option_errors(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "req")
    assert invoke(runner, mini, "request", "--plan", "nope", "--as-of", AS_OF, "-o", out)[::2] == (
        2,
        "error: no plan 'nope'; plans here: mini_plan\n",
    )
    assert invoke(runner, mini, *ASK, "--area", "北区", "-o", out)[::2] == (
        2,
        "error: --area: unknown area '北区'. Did you mean '西区'?\n",
    )
    assert invoke(runner, mini, *ASK, "--grade", "D", "-o", out)[::2] == (
        2,
        "error: --grade: 'D' is not one of A, A/B, B, C, synthetic\n",
    )
    assert invoke(runner, mini, *ASK, "--format", "csv", "-o", str(tmp_path / "r.xlsx"))[::2] == (
        2,
        f"error: -o {tmp_path / 'r.xlsx'}: a .xlsx file, but --format is csv\n",
    )
    assert not (tmp_path / "req").exists()
    assert not (tmp_path / "r.xlsx").exists()


# --- the loop ------------------------------------------------------------------------------------


def test_request_fill_import_validate_status(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    """The analyst asks; the city fills its request as offices do; the districts answer in their own
    table; both import; the verdicts move to what the new figures say."""
    # Before: the workers' figure is from 2016, too old for the 2020 deadline; 新区 has only 旧县's figure.
    assert verdicts(runner, mini) == {
        "MN-01": "stale",
        "MN-02": "met",
        "MN-03": "met",
        "MN-04": "inconclusive",
        "MN-05": "met",
    }
    assert invoke(runner, mini, *ASK, "--lang", "zh", "-o", str(tmp_path / "req"))[0] == 0

    # The city fills its sheet: a title row of its own on top, the unit written into the header,
    # a thousands separator, the date as a date cell, a source and a note.
    book = load_workbook(tmp_path / "req" / f"迷你市-{AS_OF}.xlsx")
    sheet = book["迷你市"]
    sheet.insert_rows(1)
    sheet["A1"] = "迷你市民政局 报送"
    sheet["J3"] = "数值（人）"
    sheet["I4"] = datetime(2020, 12, 31)
    sheet["J4"] = "1,234"
    sheet["L4"] = "迷你市民政局《2020年社会工作统计年报》"
    sheet["M4"] = "含社区专职社工"
    city = tmp_path / "迷你市-回复.xlsx"
    book.save(city)

    # The districts answer in the table they always send: a merged title, a blank row, 序号, units in
    # the headers, an approximate figure, dates as cells, and a 合计 row.
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "汇总"
    for row in (
        ["2020年迷你市各区社会工作人才统计表"],
        [],
        ["序号", "区县", "持证社工（人）", "从业人员（人）", "日期"],
        [1, "东区", 3, "约100", datetime(2020, 12, 31)],
        [2, "西区", 2, "1,020", datetime(2020, 12, 31)],
        [3, "新区", 0, 50, datetime(2020, 12, 31)],
        [None, "合计", 5, 1170, None],
    ):
        sheet.append(row)
    sheet.merge_cells("A1:E1")
    districts = tmp_path / "各区.xlsx"
    book.save(districts)
    sent = {p.name: p.read_bytes() for p in (city, districts)}

    code, _, err = invoke(runner, mini, "import", str(city))
    assert code == 0, err
    assert err == (
        "note: 迷你市!J3 '数值（人）': value in 人\n"
        "normalised: 迷你市!J4 '数值（人）': '1,234' → 1234\n"
        "wrote data/observations/迷你市-回复.csv: 1 rows, 1 cell normalised (listed above)\n"
    )
    code, _, err = invoke(runner, mini, "import", str(districts), "--grade", "A", "--source", "迷你市民政局汇总表")
    assert code == 0, err
    assert err == (
        "note: 汇总!C3 '持证社工（人）': measure certified in 人\n"
        "note: 汇总!D3 '从业人员（人）': measure workers in 人\n"
        "note: 汇总!C7: the 合计 row equals the sum of rows 4–6\n"
        "note: 汇总!D7: the 合计 row not checked (figures above are missing or approximate)\n"
        "normalised: 汇总!D4 '从业人员（人）': '约100' → 100 (qualifier about)\n"
        "normalised: 汇总!D5 '从业人员（人）': '1,020' → 1020\n"
        "wrote data/observations/各区.csv: 6 rows, 2 cells normalised (listed above)\n"
    )
    assert {p.name: p.read_bytes() for p in (city, districts)} == sent
    assert (mini / "data" / "observations" / "迷你市-回复.csv").read_text(encoding="utf-8") == (
        "date,area,measure,value,source_url,grade,qualifier,note\n"
        '2020-12-31,迷你市,workers,1234,迷你市民政局《2020年社会工作统计年报》,A,,"含社区专职社工; 原文: ""1,234"""\n'
    )
    assert (mini / "data" / "observations" / "各区.csv").read_text(encoding="utf-8") == (
        "date,area,measure,value,source_url,grade,qualifier,note\n"
        "2020-12-31,东区,certified,3,迷你市民政局汇总表,A,,\n"
        '2020-12-31,东区,workers,100,迷你市民政局汇总表,A,about,"原文: ""约100"""\n'
        "2020-12-31,西区,certified,2,迷你市民政局汇总表,A,,\n"
        '2020-12-31,西区,workers,1020,迷你市民政局汇总表,A,,"原文: ""1,020"""\n'
        "2020-12-31,新区,certified,0,迷你市民政局汇总表,A,,\n"
        "2020-12-31,新区,workers,50,迷你市民政局汇总表,A,,\n"
    )

    code, out, _ = invoke(runner, mini, "validate", "--format", "json", "--today", TODAY)
    assert code == 0
    assert json.loads(out)["errors"] == 0
    # Workers reached 1,234 by the deadline (goal 1,000); 新区 has no certified social worker.
    assert verdicts(runner, mini) == {"MN-01": "met", "MN-02": "met", "MN-03": "met", "MN-04": "missed", "MN-05": "met"}
    code, out, _ = invoke(runner, mini, "explain", "MN-04", "--as-of", AS_OF, "--format", "json")
    [mn04] = json.loads(out)
    assert [(u["unit"], u["value"], u["state"]) for u in mn04["units"]] == [
        ("东区", 3.0, "ok"),
        ("西区", 2.0, "ok"),
        ("新区", 0.0, "short"),
    ]
    before = snapshot_bytes(mini)
    code, _, err = invoke(runner, mini, *ASK, "-o", str(tmp_path / "again"))
    assert (code, err) == (0, "nothing to ask: the data holds every figure mini_plan's targets read at 2020-12-31\n")
    assert snapshot_bytes(mini) == before


def test_a_filled_csv_request_imports_with_no_options(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "请求.csv"
    assert invoke(runner, mini, *ASK, "--format", "csv", "-o", str(out))[0] == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    lines[1] = lines[1].replace(",2020-12-31,,,,,workers,", ",2020-12,1000余,,年报,,workers,")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = invoke(runner, mini, "import", str(out))
    assert code == 0, err
    assert err == (
        "note: sheet '请求': 3 rows without a figure left out\n"
        "normalised: 请求!J2 'value': '1000余' → 1000 (qualifier odd)\n"
        "wrote data/observations/请求.csv: 1 rows, 1 cell normalised (listed above)\n"
    )
    assert (mini / "data" / "observations" / "请求.csv").read_text(encoding="utf-8") == (
        "date,area,measure,value,source_url,grade,qualifier,note\n"
        '2020-12,迷你市,workers,1000,年报,A,odd,"原文: ""1000余"""\n'
    )


def test_an_unfilled_request_imports_nothing(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    assert invoke(runner, mini, *ASK, "-o", str(tmp_path / "r.xlsx"))[0] == 0
    code, _, err = invoke(runner, mini, "import", str(tmp_path / "r.xlsx"))
    assert code == 0
    assert err == (
        "note: sheet '迷你市': 1 rows without a figure left out\n"
        "note: sheet '东区': 1 rows without a figure left out\n"
        "note: sheet '西区': 1 rows without a figure left out\n"
        "note: sheet '新区': 1 rows without a figure left out\n"
        "nothing to write: r.xlsx holds no figures\n"
    )
    assert not (mini / "data" / "observations").exists()


# --- the worked example of docs/import.md ----------------------------------------------------


def test_the_worked_example_of_the_import_guide(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/import.md shows what these commands print, on the files in examples/import-loop/."""
    guide = (REPO / "docs" / "import.md").read_text(encoding="utf-8")
    loop = REPO / "examples" / "import-loop"
    city = shutil.copytree(EXAMPLES, tmp_path / "city")
    monkeypatch.chdir(city)
    before = {t: s for t, s in _verdicts_at(runner, city).items() if t in ("EX-01", "EX-02", "EX-03", "EX-04", "EX-10")}
    assert before == {"EX-01": "stale", "EX-02": "stale", "EX-03": "stale", "EX-04": "stale", "EX-10": "missed"}
    code, out, err = invoke(
        runner,
        city,
        "request",
        "--plan",
        "example_plan",
        "--as-of",
        AS_OF,
        "--lang",
        "zh",
        "--grade",
        "synthetic",
        "-o",
        "requests/",
    )
    assert code == 0
    assert f"```text\n{err}{out}```" in guide
    sent = {p.name: p.read_bytes() for p in loop.glob("*.xlsx")}
    code, _, err = invoke(runner, city, "import", str(loop / "示例市-2020-12-31.xlsx"))
    assert code == 0
    assert err == (
        "note: sheet '示例市': 16 rows without a figure left out\n"
        "normalised: 示例市!J4 '数值': '10,240' → 10240\n"
        "normalised: 示例市!J5 '数值': '约4,300' → 4300 (qualifier about)\n"
        "wrote data/observations/示例市-2020-12-31.csv: 3 rows, 2 cells normalised (listed above)\n"
    )
    assert f"```text\n{err}```" in guide
    table = loop / "各区社会工作机构统计表.xlsx"
    options = ["--grade", "synthetic", "--source", "synthetic://examples/import-loop"]
    wrong = load_workbook(table)
    wrong["各区"]["C9"] = 12
    wrong.save(tmp_path / "各区-合计有误.xlsx")
    code, _, err = invoke(runner, city, "import", str(tmp_path / "各区-合计有误.xlsx"), *options)
    assert code == 1
    assert f"```text\n{err}```" in guide
    code, _, err = invoke(runner, city, "import", str(table), *options)
    assert code == 0
    assert err.endswith("wrote data/observations/各区社会工作机构统计表.csv: 8 rows, 0 cells normalised\n")
    assert f"```text\n{err}```" in guide
    assert {p.name: p.read_bytes() for p in loop.glob("*.xlsx")} == sent
    code, out, _ = invoke(runner, city, "validate", "--format", "json", "--today", TODAY)
    assert (code, json.loads(out)["errors"]) == (0, 0)
    after = {t: s for t, s in _verdicts_at(runner, city).items() if t in before}
    assert after == {"EX-01": "met", "EX-02": "missed", "EX-03": "missed", "EX-04": "stale", "EX-10": "met_late"}
    code, _, err = invoke(runner, city, "request", "--plan", "example_plan", "--as-of", AS_OF, "-o", "again/")
    assert (code, err) == (0, "wrote 1 file: 21 figures for 1 area\n")  # the example plan is in English


def _verdicts_at(runner: CliRunner, root: Path) -> dict[str, str]:
    code, out, _ = invoke(runner, root, "status", "--plan", "example_plan", "--as-of", AS_OF, "--format", "json")
    assert code == 0
    return {a["target"]: a["status"] for a in json.loads(out)["assessments"]}


def test_a_zh_sheet_offers_every_qualifier_in_chinese_and_the_import_reads_them_back(
    runner: CliRunner, mini: Path, tmp_path: Path
) -> None:
    # The list comes from the one table of qualifier codes: a code without a Chinese word fails here.
    words = qualifier_words("zh", QUALIFIERS)
    assert list(words) == [q for q in QUALIFIERS if q]
    assert all(re.fullmatch(r"[\u4e00-\u9fff]+", w) for w in words.values()), words
    assert invoke(runner, mini, *ASK, "--lang", "zh", "-o", str(tmp_path / "req"))[0] == 0
    book = load_workbook(tmp_path / "req" / f"东区-{AS_OF}.xlsx")
    sheet = book["东区"]
    check = next(dv for dv in sheet.data_validations.dataValidation if dv.type == "list")
    assert check.formula1 == '"' + ",".join(words.values()) + '"'
    assert sheet["E3"].value == "人"
    sheet["J3"], sheet["K3"], sheet["L3"] = 5, words["more_than"], "区民政局"
    book.save(tmp_path / "东区.xlsx")
    code, _, err = invoke(runner, mini, "import", str(tmp_path / "东区.xlsx"))
    assert code == 0, err
    assert err == (
        "normalised: 东区!K3 '限定': '超过' → more_than\n"
        "wrote data/observations/东区.csv: 1 rows, 1 cell normalised (listed above)\n"
    )
    lines = (mini / "data" / "observations" / "东区.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1] == "2020-12-31,东区,certified,5,区民政局,A,more_than,"
    # English codes are still read.
    sheet["K3"] = "about"
    book.save(tmp_path / "东区2.xlsx")
    code, _, err = invoke(runner, mini, "import", str(tmp_path / "东区2.xlsx"), "--name", "东区", "--replace")
    assert (code, err) == (
        0,
        "wrote data/observations/东区.csv: 1 rows (0 added, 1 replaced, 0 unchanged), 0 cells normalised\n",
    )
    assert (mini / "data" / "observations" / "东区.csv").read_text(encoding="utf-8").splitlines()[1] == (
        "2020-12-31,东区,certified,5,区民政局,A,about,"
    )

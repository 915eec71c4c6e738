"""swtrack import: tables as offices send them, each bad input with its message at its cell."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from conftest import REPO, TODAY
from swtrack.cli import app
from swtrack.exchange.cellnumbers import normalise_number
from swtrack.exchange.sheets import cell_ref, clean_header, column_letter, header_key

SRC = "https://example.gov.cn/a"


def repo_copy(tmp_path: Path) -> Path:
    root = tmp_path / "tracker"
    for part in ("targets", "data", "sources"):  # sources: validate reads the plans against them
        shutil.copytree(REPO / part, root / part)
    return root


def workbook(path: Path, rows: list[list[object]], *, title: str = "Sheet1", merge: str | None = None) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    book.save(path)
    return path


def run(runner: CliRunner, root: Path, *args: str) -> tuple[int, str]:
    """The import's exit code and stderr; in English unless args say --lang (the shipped plans, and
    so the findings by default, are in Chinese)."""
    lang = [] if "--lang" in args else ["--lang", "en"]
    result = runner.invoke(app, ["--root", str(root), "import", *args, *lang])
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


OPTS = ["--as-of", "2015-12-31", "--grade", "B", "--source", SRC, "--measure", "sw_agencies"]

# The table of the report: a merged title over A1:E1, a blank row, 序号, units in headers, a 合计 row.
AGENCIES = [
    ["2015年北京市各区县社会工作机构统计表"],
    [],
    ["序号", "区县", "机构数（个）", "持证社会工作者（人）", "备注"],
    [1, "东城区", 12, "1,234", None],
    [2, "西城区", 8, "约100", "见合计"],
    [3, "朝阳区", 20, 566, None],
    [None, "合计", 40, None, None],
]


# --- reading cells ------------------------------------------------------------------------


@pytest.mark.parametrize(("index", "letters"), [(0, "A"), (2, "C"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")])
def test_column_letters(index: int, letters: str) -> None:
    assert column_letter(index) == letters


def test_cell_refs_quote_sheet_names_as_excel_does() -> None:
    assert cell_ref("Sheet1", 7, 2) == "Sheet1!C7"
    assert cell_ref("东城区", 3, 0) == "东城区!A3"
    assert cell_ref("My sheet", 7) == "'My sheet'!7:7"
    assert cell_ref("2015", 1, 1) == "'2015'!B1"


@pytest.mark.parametrize(
    ("header", "name", "unit"),
    [
        ("机构数（个）", "机构数", "个"),
        ("机构数\n(个)", "机构数", "个"),
        ("区 县", "区县", ""),
        ("持证社工（万人）", "持证社工", "万人"),
        ("last value", "last value", ""),
        ("name (zh)", "name", "zh"),
        ("（个）", "(个)", ""),
    ],
)
def test_clean_header(header: str, name: str, unit: str) -> None:
    assert clean_header(header) == (name, unit)


def test_header_key_keeps_english_words_apart() -> None:
    assert header_key("  unit   of\nmeasure ") == "unit of measure"


@pytest.mark.parametrize(
    ("text", "unit", "number", "qualifier"),
    [
        ("1,234", "", "1234", ""),
        ("１２３４", "", "1234", ""),
        ("约100", "", "100", "about"),
        ("100左右", "", "100", "about"),
        ("1000余", "", "1000", "odd"),
        ("120多", "", "120", "odd"),
        ("1.2万余", "", "12000", "odd"),
        ("20余万", "", "200000", "odd"),
        ("120+", "", "120", "more_than"),
        ("近500", "", "500", "nearly"),
        ("不足30", "", "30", "less_than"),
        ("至少8", "", "8", "at_least"),
        ("2.5万", "", "25000", ""),
        ("120人", "人", "120", ""),
        ("约1,200人", "人", "1200", "about"),
        ("lots", "", "lots", ""),
    ],
)
def test_normalise_number(text: str, unit: str, number: str, qualifier: str) -> None:
    assert normalise_number(text, (unit,) if unit else ()) == (number, qualifier)


# --- the header row, 序号, units, totals ------------------------------------------------------


def test_a_title_row_blank_rows_serial_numbers_units_and_a_total(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    source = workbook(tmp_path / "机构.xlsx", AGENCIES, merge="A1:E1")
    before = source.read_bytes()
    code, err = run(runner, root, str(source), *OPTS)
    assert code == 0, err
    assert err == (
        "note: Sheet1!C3 '机构数（个）': value in 个\n"
        "note: Sheet1!D3 '持证社会工作者（人）': measure certified_social_workers in 人\n"
        "note: Sheet1!C7: the 合计 row equals the sum of rows 4–6\n"
        "normalised: Sheet1!D4 '持证社会工作者（人）': '1,234' → 1234\n"
        "normalised: Sheet1!D5 '持证社会工作者（人）': '约100' → 100 (qualifier about)\n"
        "wrote data/observations/机构.csv: 6 rows, 2 cells normalised (listed above)\n"
    )
    assert (root / "data" / "observations" / "机构.csv").read_text(encoding="utf-8") == (
        "date,area,measure,value,source_url,grade,qualifier,note\n"
        f"2015-12-31,东城区,sw_agencies,12,{SRC},B,,\n"
        f'2015-12-31,东城区,certified_social_workers,1234,{SRC},B,,"原文: ""1,234"""\n'
        f"2015-12-31,西城区,sw_agencies,8,{SRC},B,,见合计\n"
        f'2015-12-31,西城区,certified_social_workers,100,{SRC},B,about,"见合计; 原文: ""约100"""\n'
        f"2015-12-31,朝阳区,sw_agencies,20,{SRC},B,,\n"
        f"2015-12-31,朝阳区,certified_social_workers,566,{SRC},B,,\n"
    )
    assert source.read_bytes() == before
    assert runner.invoke(app, ["--root", str(root), "validate", "--today", TODAY]).exit_code == 0


def test_the_import_says_what_it_read_in_chinese(runner: CliRunner, tmp_path: Path) -> None:
    """The same import in zh (the shipped plans' language): every line Chinese, cells and headers as written."""
    root = repo_copy(tmp_path)
    source = workbook(tmp_path / "机构.xlsx", AGENCIES, merge="A1:E1")
    code, err = run(runner, root, str(source), *OPTS, "--lang", "zh")
    assert code == 0, err
    assert err == (
        "说明：Sheet1!C3 '机构数（个）'：数值，单位 个\n"
        "说明：Sheet1!D3 '持证社会工作者（人）'：指标 certified_social_workers，单位 人\n"
        "说明：Sheet1!C7：“合计”行等于第 4–6 行之和\n"
        "已规范：Sheet1!D4 '持证社会工作者（人）'：'1,234' → 1234\n"
        "已规范：Sheet1!D5 '持证社会工作者（人）'：'约100' → 100（限定 约）\n"
        "已写入 data/observations/机构.csv：6 行，2 个单元格已规范（见上）\n"
    )
    again = run(runner, root, str(source), *OPTS, "--lang", "zh")
    assert again == (0, "说明：Sheet1!C3 '机构数（个）'：数值，单位 个\n"
                        "说明：Sheet1!D3 '持证社会工作者（人）'：指标 certified_social_workers，单位 人\n"
                        "说明：Sheet1!C7：“合计”行等于第 4–6 行之和\n"
                        "已规范：Sheet1!D4 '持证社会工作者（人）'：'1,234' → 1234\n"
                        "已规范：Sheet1!D5 '持证社会工作者（人）'：'约100' → 100（限定 约）\n"
                        "无可写入：data/observations/机构.csv 已有这 6 行\n")  # fmt: skip


def test_a_total_that_does_not_add_up_is_a_finding(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    rows = [*AGENCIES[:-1], [None, "合  计", 41, 1900, None]]
    source = workbook(tmp_path / "机构.xlsx", rows)
    code, err = run(runner, root, str(source), *OPTS)
    assert code == 1
    assert err == (
        "机构.xlsx Sheet1!C7: error [total-mismatch] the 合计 row gives 41 but rows 4–6 add up to 40\n"
        "    hint: Check the rows and the total with the office that sent them (the total row itself is not "
        "imported); to import the rows as they are, give --no-total-check.\n"
        "nothing written: 1 error in the imported rows\n"
    )
    assert not (root / "data" / "observations").exists()
    code, err = run(runner, root, str(source), *OPTS, "--no-total-check")
    assert code == 0, err
    assert err.endswith("wrote data/observations/机构.csv: 6 rows, 2 cells normalised (listed above)\n")


def test_a_total_above_the_rows_is_checked_against_the_rows_below(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    rows = [["区县", "机构数（个）"], ["全市合计", 30], ["东城区", 12], ["西城区", 8]]
    code, err = run(runner, root, str(workbook(tmp_path / "t.xlsx", rows)), *OPTS)
    assert code == 1
    assert "t.xlsx Sheet1!B2: error [total-mismatch] the 全市合计 row gives 30 but rows 3–4 add up to 20\n" in err


def test_header_row_option_and_its_errors(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    rows = [["填报单位：北京市民政局", "2016年1月"], ["地名", "总人数"], ["东城区", 5]]
    source = workbook(tmp_path / "x.xlsx", rows)
    code, err = run(runner, root, str(source), *OPTS)
    assert code == 2
    assert err == (
        "error: x.xlsx: no header row in sheet 'Sheet1': none of the first 30 rows names a known column "
        "(日期, 时间, 统计日期, 截至日期, 年份, 区县, 区, 地区 …); give --header-row N, and --map COLUMN=FIELD "
        "for its columns\n"
    )
    code, err = run(
        runner, root, str(source), *OPTS, "--header-row", "2", "--map", "地名=area", "--map", "总人数=sw_agencies"
    )
    assert code == 0, err
    assert err == "wrote data/observations/x.csv: 1 rows, 0 cells normalised\n"
    code, err = run(runner, root, str(source), *OPTS, "--header-row", "9", "--name", "y")
    assert code == 2
    assert err == "error: --header-row 9: row 9 of sheet 'Sheet1' is blank\n"


def test_an_unknown_column_is_named_by_its_cell(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    source = tmp_path / "x.csv"
    source.write_text("区县,总人数,说明文字\n东城区,3,\n", encoding="utf-8")
    code, err = run(runner, root, str(source), *OPTS)
    assert code == 2
    assert err == (
        "error: x.csv x!B1: no field or measure for the column '总人数'\n"
        "error: x.csv x!C1: no field or measure for the column '说明文字'\n"
        "    hint: map each with --map '总人数=FIELD' (fields: date, area, measure, value, source_url, grade, "
        "qualifier, note, note_zh) or --map '总人数=MEASURE' (a measure id), or leave it out with --ignore '总人数'\n"
    )
    code, err = run(runner, root, str(source), *OPTS, "--map", "总人数=sw_agencies", "--ignore", "说明文字")
    assert code == 0, err
    assert (root / "data" / "observations" / "x.csv").read_text(encoding="utf-8").splitlines()[1] == (
        f"2015-12-31,东城区,sw_agencies,3,{SRC},B,,"
    )


@pytest.mark.parametrize(
    ("header", "extra", "message"),
    [
        (
            "区县,人数,数量",
            [],
            "error: x.csv x!C1: the column '数量' fills value, as x!B1 does; leave one out with --ignore\n",
        ),
        (
            "区县,人数",
            ["--map", "人数=people"],
            "error: x.csv x!B1: --map 人数=people: the observations table has no field 'people' and no measure "
            "'people'\n",
        ),
        (
            "区县,机构数（个）",
            ["--source", ""],
            "error: x.csv x!1:1: the observations table needs source_url: add the column(s) or give them with "
            "--as-of / --source / --grade / --measure / --register\n",
        ),
    ],
    ids=["two-value-columns", "bad-map", "missing-field"],
)
def test_header_problems(runner: CliRunner, tmp_path: Path, header: str, extra: list[str], message: str) -> None:
    root = repo_copy(tmp_path)
    source = tmp_path / "x.csv"
    source.write_text(f"{header}\n东城区,3\n", encoding="utf-8")
    code, err = run(runner, root, str(source), *OPTS, *extra)
    assert code == 2
    assert err == message


def test_units_of_ten_thousand_scale_the_figures(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    source = tmp_path / "x.csv"
    source.write_text("地区,从业人员（万人）\n北京市,3.2\n", encoding="utf-8")
    code, err = run(runner, root, str(source), *OPTS, "--map", "从业人员=practitioners")
    assert code == 0, err
    assert err == (
        "note: x!B1 '从业人员（万人）': measure practitioners in 万人, values × 10000\n"
        "normalised: x!B2 '从业人员（万人）': '3.2' → 32000\n"
        "wrote data/observations/x.csv: 1 rows, 1 cell normalised (listed above)\n"
    )
    assert (root / "data" / "observations" / "x.csv").read_text(encoding="utf-8").splitlines()[1] == (
        f'2015-12-31,北京市,practitioners,32000,{SRC},B,,"原文: ""3.2""（万人）"'
    )


def test_a_unit_that_does_not_fit_the_measure_is_a_warning(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    source = tmp_path / "x.csv"
    source.write_text("地区,从业人员（元）\n北京市,3\n", encoding="utf-8")
    code, err = run(runner, root, str(source), *OPTS, "--map", "从业人员=practitioners")
    assert code == 0, err
    assert err == (
        "x.csv x!B1: warning [header-unit] the header gives the unit '元'; the measure practitioners counts persons\n"
        "    hint: Check that the column holds the measure it is read as (--map COLUMN=MEASURE).\n"
        "note: x!B1 '从业人员（元）': measure practitioners in 元\n"
        "wrote data/observations/x.csv: 1 rows, 0 cells normalised\n"
    )


# --- findings at their cells ------------------------------------------------------------------


def test_findings_name_the_cell_each_value_came_from(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    rows = [["北京市各区县统计"], ["序号", "区县", "日期", "机构数（个）"], [1, "宣武区", "2012-06-30", 3]]
    rows += [[2, "朝阳", datetime(2012, 6, 30), 4], [3, "东城区", "2012年13月", "lots"]]
    source = workbook(tmp_path / "bad.xlsx", rows, title="区县")
    code, err = run(runner, root, str(source), "--grade", "B", "--source", SRC, "--measure", "sw_agencies")
    assert code == 1
    assert err == (
        "bad.xlsx 区县!B3 '区县': error [area-not-valid] area '宣武区' did not exist on 2012-06-30 "
        "(valid … to 2010-06-27)\n"
        "    hint: On that date it was 西城区 (its successor).\n"
        "bad.xlsx 区县!B4 '区县': error [unknown-area] unknown area '朝阳'\n"
        "    hint: Did you mean '朝阳区'?\n"
        "bad.xlsx 区县!C5 '日期': error [bad-date] '2012-13' is not a date in the calendar (the cell reads '2012年13月')\n"
        "    hint: Check the month and the day.\n"
        "bad.xlsx 区县!D5 '机构数（个）': error [bad-number] 'lots' is not a number\n"
        "    hint: Write digits only, e.g. 40000 or 0.25.\n"
        "nothing written: 4 errors in the imported rows\n"
    )
    assert not (root / "data" / "observations").exists()


def test_a_value_given_as_an_option_says_so(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    source = tmp_path / "x.csv"
    source.write_text("区县,人数\n东城区,3\n", encoding="utf-8")
    code, err = run(
        runner, root, str(source), "--as-of", "2015-12-31", "--grade", "Z", "--source", SRC, "--measure", "sw_agencies"
    )
    assert code == 1
    assert err.startswith(
        "x.csv x!2:2: error [bad-choice] grade 'Z' is not one of A, A/B, B, C, synthetic (given with --grade)\n"
    )


def test_a_duplicate_across_files_names_each_file(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    source = tmp_path / "dup.csv"
    source.write_text("日期,地区,人数\n2016-12-31,迷你市,700\n", encoding="utf-8")
    code, err = run(runner, mini, str(source), "--measure", "workers", "--grade", "A", "--source", "https://x.org/s")
    assert code == 1
    assert err == (
        "dup.csv dup!2:2: error [duplicate-row] same date, area and measure as line 3 of data/observations.csv "
        "(2016-12-31, workers)\n"
        "    hint: Keep one of line 3 of data/observations.csv and line 2 of data/observations/dup.csv.\n"
        "nothing written: 1 error in the imported rows\n"
    )
    assert not (mini / "data" / "observations").exists()


def test_a_duplicate_within_the_import_names_both_cells(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    source = tmp_path / "dup.csv"
    source.write_text("区县,人数\n东城区,3\n西城区,4\n东城区,5\n", encoding="utf-8")
    code, err = run(runner, root, str(source), *OPTS)
    assert code == 1
    assert err == (
        "dup.csv dup!4:4: error [duplicate-row] same date, area and measure as dup!2:2 (2015-12-31, sw_agencies)\n"
        "    hint: Keep one of dup!2:2 and dup!4:4.\n"
        "nothing written: 1 error in the imported rows\n"
    )


def test_a_duplicate_across_files_in_validate_names_each_file(runner: CliRunner, mini: Path) -> None:
    extra = mini / "data" / "observations" / "extra.csv"
    extra.parent.mkdir()
    extra.write_text(
        "date,area,measure,value,source_url,grade,qualifier,note\n2016-12-31,迷你市,workers,700,https://x.org/s,A,,\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["--root", str(mini), "validate", "--format", "json", "--today", TODAY])
    assert result.exit_code == 1
    [dup] = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "duplicate-row"]
    assert (dup["file"], dup["line"]) == ("data/observations/extra.csv", 2)
    assert dup["message"] == "same date, area and measure as line 3 of data/observations.csv (2016-12-31, workers)"
    assert dup["hint"] == "Keep one of line 3 of data/observations.csv and line 2 of data/observations/extra.csv."


# --- merging into the file it lands in ----------------------------------------------------------


def test_rows_that_differ_are_shown_and_replaced_only_when_asked(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    source = tmp_path / "区县.csv"
    source.write_text("区县,人数\n东城区,3\n西城区,4\n", encoding="utf-8")
    assert run(runner, root, str(source), *OPTS)[0] == 0
    written = root / "data" / "observations" / "区县.csv"
    first = written.read_bytes()
    code, err = run(runner, root, str(source), *OPTS)
    assert (code, err) == (0, "nothing to write: data/observations/区县.csv already holds these 2 rows\n")
    source.write_text("区县,人数,备注\n东城区,3,\n西城区,6,更正\n朝阳区,9,\n", encoding="utf-8")
    code, err = run(runner, root, str(source), *OPTS)
    assert code == 1
    assert err == (
        "区县.csv 区县!3:3 (2015-12-31 西城区 sw_agencies) differs from line 3 of data/observations/区县.csv: "
        "value '4' → '6'; note '' → '更正'\n"
        "nothing written: 1 rows differ from data/observations/区县.csv; give --replace to replace them\n"
    )
    assert written.read_bytes() == first
    code, err = run(runner, root, str(source), *OPTS, "--replace")
    assert code == 0, err
    assert err == "wrote data/observations/区县.csv: 3 rows (1 added, 1 replaced, 1 unchanged), 0 cells normalised\n"
    assert written.read_text(encoding="utf-8") == (
        "date,area,measure,value,source_url,grade,qualifier,note\n"
        f"2015-12-31,东城区,sw_agencies,3,{SRC},B,,\n"
        f"2015-12-31,西城区,sw_agencies,6,{SRC},B,,更正\n"
        f"2015-12-31,朝阳区,sw_agencies,9,{SRC},B,,\n"
    )
    assert sorted(p.name for p in written.parent.iterdir()) == ["区县.csv"]


# --- sheets, encodings, sizes ------------------------------------------------------------------


def test_every_sheet_is_read_and_instructions_are_skipped(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "东城"
    first.append(["区县", "人数"])
    first.append(["东城区", 3])
    second = book.create_sheet("西城")
    second.append(["区县", "人数"])
    second.append(["西城区", 4])
    book.create_sheet("说明").append(["区县", "请填写本区人数"])
    book.create_sheet("备用").append(["备用表"])
    hidden = book.create_sheet("旧表")
    hidden.append(["区县", "人数"])
    hidden.append(["朝阳", 1])
    hidden.sheet_state = "hidden"
    book.save(tmp_path / "两区.xlsx")
    code, err = run(runner, root, str(tmp_path / "两区.xlsx"), *OPTS)
    assert code == 0, err
    assert err == (
        "note: sheet '备用' skipped: none of its first 30 rows is a header row\n"
        "wrote data/observations/两区.csv: 2 rows, 0 cells normalised\n"
    )
    code, err = run(runner, root, str(tmp_path / "两区.xlsx"), *OPTS, "--sheet", "西城")
    assert (code, err) == (0, "nothing to write: data/observations/两区.csv already holds these 1 rows\n")
    code, err = run(runner, root, str(tmp_path / "两区.xlsx"), *OPTS, "--sheet", "海淀")
    assert (code, err) == (2, "error: 两区.xlsx has no sheet '海淀'; sheets: 东城, 西城, 说明, 备用, 旧表\n")


def test_a_gb18030_csv_with_a_map(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    source = tmp_path / "深圳.csv"
    source.write_bytes(
        "统计日期,地区,持证人数\n2014年3月17日,深圳市,5929\n2015/12/31,深圳市,７０００\n".encode("gb18030")
    )
    args = [str(source), "--map", "持证人数=value", "--measure", "certified_social_workers", "--grade", "B"]
    code, err = run(runner, root, *args, "--source", "https://x.org/s", "--name", "shenzhen-certified")
    assert code == 0, err
    assert err == (
        "normalised: 深圳!A2 '统计日期': '2014年3月17日' → 2014-03-17\n"
        "normalised: 深圳!A3 '统计日期': '2015/12/31' → 2015-12-31\n"
        "normalised: 深圳!C3 '持证人数': '７０００' → 7000\n"
        "wrote data/observations/shenzhen-certified.csv: 2 rows, 3 cells normalised (listed above)\n"
    )
    assert (root / "data" / "observations" / "shenzhen-certified.csv").read_text(encoding="utf-8") == (
        "date,area,measure,value,source_url,grade,qualifier,note\n"
        '2014-03-17,深圳市,certified_social_workers,5929,https://x.org/s,B,,"原文（统计日期）: ""2014年3月17日"""\n'
        "2015-12-31,深圳市,certified_social_workers,7000,https://x.org/s,B,,"
        '"原文（统计日期）: ""2015/12/31""; 原文: ""７０００"""\n'
    )


def test_a_large_register_with_a_bom(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    source = tmp_path / "communities.csv"
    lines = ["日期,名录,名称,区县,指标,人数"] + [
        f"2015-12-31,community,社区{i:05d},东城区,professional_social_workers,2" for i in range(6000)
    ]
    source.write_bytes("\n".join(lines).encode("utf-8-sig") + b"\n")
    code, err = run(runner, root, str(source), "--table", "units", "--grade", "B", "--source", "https://x.org/s")
    assert code == 0, err
    assert err == "wrote data/units/communities.csv: 6000 rows, 0 cells normalised\n"  # no bar: nobody watches
    written = (root / "data" / "units" / "communities.csv").read_text(encoding="utf-8").splitlines()
    assert written[0] == "date,register,unit,area,measure,value,source_url,grade,qualifier,note"
    assert written[1] == "2015-12-31,community,社区00000,东城区,professional_social_workers,2,https://x.org/s,B,,"
    assert len(written) == 6001


def test_bad_options(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    source = tmp_path / "x.csv"
    source.write_text("区县,人数\n东城区,3\n", encoding="utf-8")
    assert run(runner, root, str(source), "--table", "people") == (
        2,
        "error: --table: no table 'people'; tables: observations, units, events\n",
    )
    assert run(runner, root, str(source), "--as-of", "2015-13") == (
        2,
        "error: --as-of: '2015-13' is not a date in the calendar. Check the month and the day.\n",
    )
    assert run(runner, root, str(source), "--map", "人数") == (2, "error: --map 人数: write it as COLUMN=FIELD\n")
    assert run(runner, root, str(tmp_path / "none.csv")) == (2, f"error: {tmp_path / 'none.csv'} is not a file\n")


def test_qualifier_words_become_their_codes(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    source = tmp_path / "q.csv"
    source.write_text("区县,人数,限定\n东城区,3,约\n西城区,4,不少于\n朝阳区,5,more_than\n", encoding="utf-8")
    code, err = run(runner, root, str(source), *OPTS)
    assert (code, err) == (
        0,
        "normalised: q!C2 '限定': '约' → about\n"
        "normalised: q!C3 '限定': '不少于' → at_least\n"
        "wrote data/observations/q.csv: 3 rows, 2 cells normalised (listed above)\n",
    )
    assert [
        line.split(",")[6]
        for line in (root / "data" / "observations" / "q.csv").read_text(encoding="utf-8").splitlines()[1:]
    ] == [
        "about",
        "at_least",
        "more_than",
    ]

"""Findings in Chinese: every catalogue code, every finding the fixtures raise, the JSON's both
languages, and hints that keep their indent when a terminal wraps them (issue 24)."""

from __future__ import annotations

import io
import json
import re
import uuid
from collections.abc import Collection
from pathlib import Path
from typing import Annotated, Literal

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import Field, TypeAdapter, ValidationError
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

from conftest import FIXTURES, MINI, TODAY, apply_edit, copy_tracker
from swtrack.cli import app
from swtrack.findings import CATALOGUE, CATALOGUE_ZH, Finding, Report, Say, Severity
from swtrack.load.arealist import AREAS
from swtrack.load.modelerrors import error_said
from swtrack.load.snapshots import EVENT_STATUSES, GRADES, QUALIFIERS, TABLES, NumberError, parse_number
from swtrack.model.dates import DateError, PartialDate
from swtrack.render.console import findings_table
from swtrack.render.github import annotation, findings_summary

CASES = sorted((FIXTURES / "findings").glob("*.yaml"))
REPO = Path(__file__).resolve().parents[1]

QUOTED = re.compile(r"'[^']*'|“[^”]*”|`[^`]*`|\"[^\"]*\"")
ORIGINAL = re.compile(r"〔原文：[^〕]*〕")
URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+")
# Paths, file:line:column, [codes], snake_case and kebab-case names, refs such as MN-02,
# YYYY-MM-DD, SWTRACK_MAX_<KIND>_MB, done/done_by: any token with one of these marks is a name.
NAME = re.compile(r"[A-Za-z0-9<>]*[/_.:\[\]<>#*-][A-Za-z0-9/_.:\[\]<>#*-]*")
WORD = re.compile(r"[A-Za-z]{2,}")


def _schema_names() -> set[str]:
    """Every key and enumerated value the formats define (a key or value is shown as the file has it)."""
    names: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            names.update(k for k in node.get("properties", {}) if isinstance(k, str))
            names.update(str(v) for v in node.get("enum", []) if isinstance(v, str))
            if isinstance(node.get("const"), str):
                names.add(node["const"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in (REPO / "schema").glob("*.json"):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return names


IDS = re.compile(r"\b(?:id|measure|numerator|denominator|register|proxy_for|component_of|universe|phase): ([a-z0-9_]+)")


def ids_in(root: Path) -> set[str]:
    """The ids a tracker's files hold (measures, registers, areas, plans, phases), as a broken
    tracker writes them too: a finding names them as they are."""
    found: set[str] = set()
    for path in (root / "targets").rglob("*.yaml"):
        found.update(IDS.findall(path.read_text(encoding="utf-8")))
    return found


# Names a Chinese sentence keeps as they are: keys, columns, values and ids from the files, the
# formats and encodings it names.
IDENTIFIERS = (
    _schema_names()
    | ids_in(MINI)
    | set(TABLES)
    | {c for spec in (*TABLES.values(), AREAS) for c in spec.columns}
    | set(GRADES)
    | set(QUALIFIERS)
    | set(EVENT_STATUSES)
    | {"YAML", "CSV", "UTF", "BOM", "NUL", "GBK", "GB", "YYYY", "MM", "DD", "Excel", "MB", "swtrack", "init"}
)


def english_words(text: str, ids: Collection[str] = ()) -> list[str]:
    """Latin words outside quoted values, URLs, paths, codes, the names above and ids."""
    text = re.sub(r"--[a-z][a-z-]*", " ", text)
    for pattern in (ORIGINAL, QUOTED, URL, NAME):
        text = pattern.sub(" ", text)
    return [w for w in WORD.findall(text) if w not in IDENTIFIERS and w not in ids]


def _broken(case: Path, tmp_path: Path) -> Path:
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    root = copy_tracker(MINI, tmp_path / "tracker")
    for edit in spec["edits"]:
        apply_edit(root, edit)
    return root


def _validate(runner: CliRunner, root: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--root", str(root), "validate", "--today", TODAY, *extra])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout


def test_the_word_count_sees_english_and_skips_names_and_values() -> None:
    text = (
        "data/observations.csv:3:value: 错误 [bad-number] '1,234' 带有千位分隔符 the value is empty; grade 'D' 不在 A/B"
    )
    assert english_words(text) == ["the", "is", "empty"]
    assert english_words("无法读取〔原文：unexpected end of data〕") == []


CELLS = st.one_of(
    st.text(max_size=12),
    st.from_regex(r"[约~]?-?[0-9０-９,，.]{1,9}(万|亿|余|多|左右|\+)?", fullmatch=True),
    st.from_regex(r"[0-9]{1,4}[/.年-][0-9]{1,2}([/.月-][0-9]{1,2}日?)?", fullmatch=True),
)


@given(CELLS)
def test_a_bad_number_or_date_is_refused_in_both_languages(cell: str) -> None:
    """Whatever a cell holds, a number or date it is not is said in English and in Chinese."""
    for parse, error in ((parse_number, NumberError), (PartialDate.parse, DateError)):
        try:
            parse(cell)
        except error as exc:
            assert str(exc) == exc.said.en and exc.hint == exc.hint_said.en
            for text in (exc.said.zh, exc.hint_said.zh):
                assert re.search(r"[\u4e00-\u9fff]", text) and english_words(text) == [], (cell, text)


PYDANTIC = [
    (Literal["zh", "en"], "fr", "literal_error", "应为以下之一：'zh'、'en'"),
    (int, "x", "int_parsing", "应为整数"),
    (Annotated[float, Field(gt=0)], -1, "greater_than", "应大于 0"),
    (list[int], "x", "list_type", "应为列表"),
    (Annotated[str, Field(min_length=2)], "a", "string_too_short", "至少要有 2 个字符"),
    (PartialDate, "2015/13", "value_error", "'2015/13' 不是日期"),
    (PartialDate, 3.5, "value_error", "日期写作 YYYY-MM-DD、YYYY-MM 或 YYYY"),
    (uuid.UUID, "x", "uuid_parsing", "值不符合格式〔原文：Input should be a valid UUID, invalid character: found `x` at 0〕"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("model", "value", "etype", "zh"), PYDANTIC, ids=[p[2] + str(i) for i, p in enumerate(PYDANTIC)]
)
def test_pydantic_errors_in_chinese(model: object, value: object, etype: str, zh: str) -> None:
    """Each pydantic error type said in Chinese from its context; one without its Chinese quotes
    pydantic's English in 〔原文〕 rather than passing it off as Chinese."""
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(model).validate_python(value)
    err = caught.value.errors(include_url=False)[0]
    assert (err["type"], error_said(err)) == (etype, Say(str(err["msg"]).removeprefix("Value error, "), zh))


def test_every_catalogue_code_has_a_chinese_title_and_fix() -> None:
    assert list(CATALOGUE_ZH) == list(CATALOGUE)
    for code, (title, fix) in CATALOGUE_ZH.items():
        for text in (title, fix):
            assert re.search(r"[\u4e00-\u9fff]", text), (code, text)
            assert english_words(text) == [], (code, text)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_validate_in_chinese_on_a_broken_tracker(case: Path, runner: CliRunner, tmp_path: Path) -> None:
    """Every finding a broken tracker gives is Chinese in zh: messages, hints, the counts, the
    folded followers; none falls back to quoting English (〔原文〕)."""
    root = _broken(case, tmp_path)
    code, out = _validate(runner, root, "--lang", "zh")
    expected = yaml.safe_load(case.read_text(encoding="utf-8"))["expect"]
    assert code == expected["exit"]
    assert f"[{expected['code']}]" in out
    assert "〔原文" not in out, out
    assert english_words(out, ids_in(root)) == [], out
    assert re.search(r"\d+ 个错误，\d+ 个警告$", out.strip())


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_json_and_github_carry_chinese(case: Path, runner: CliRunner, tmp_path: Path) -> None:
    root = _broken(case, tmp_path)
    _, out = _validate(runner, root, "--format", "json", "--lang", "en")
    for f in json.loads(out)["findings"]:
        assert english_words(f["message_zh"], ids_in(root)) == [] and english_words(f["hint_zh"]) == [], f
        assert f["message"] != f["message_zh"] and f["hint"] != f["hint_zh"]
    _, github = _validate(runner, root, "--format", "github", "--lang", "zh")
    for line in github.splitlines():
        assert english_words(line.split("::", 2)[2], ids_in(root)) == [], line


# Exact values in both languages: (fixture, file, line, column, message, hint, message_zh, hint_zh).
EXACT = [
    (
        "unknown-key",
        "targets/mini-plan.yaml", 27, 5,
        "unknown key 'deadine' at targets.1.deadine: did you mean deadline?",
        "Rename it to 'deadline'.",
        "targets.1.deadine 处有未知的键 'deadine'：是否指 deadline？",
        "改名为 'deadline'。",
    ),
    (
        "bad-number",
        "data/observations.csv", 3, "value",
        "'1,234' has thousands separators",
        "Write it without commas: 1234.",
        "'1,234' 带有千位分隔符",
        "去掉逗号写作：1234。",
    ),
    (
        "area-not-valid",
        "data/observations.csv", 6, "area",
        "area '新区' did not exist on 2013-06-30 (valid 2015-11-13 to …)",
        "On that date it was 旧县 (its predecessor).",
        "地区 '新区' 在 2013-06-30 不存在（有效期 2015-11-13 至 …）",
        "该日期时为 旧县（其前身）。",
    ),
    (
        "duplicate-row",
        "data/observations.csv", 9, None,
        "same date, area and measure as line 3 (2016-12-31, workers)",
        "Keep one of lines 3 and 9 of data/observations.csv.",
        "日期、地区和指标与第 3 行相同（2016-12-31，workers）",
        "data/observations.csv 第 3 行和第 9 行只保留一行。",
    ),
    (
        "csv-blank-line",
        "data/events.csv", 3, None,
        "a blank line",
        "Delete the blank line.",
        "空行",
        "删除空行。",
    ),
    (
        "missing-key",
        "targets/mini-plan.yaml", 22, 5,
        "'clause' is required at targets.1.clause",
        "Add the key; see docs/plan-format.md.",
        "targets.1.clause 处缺少必需的 'clause'",
        "补上该键；见 docs/plan-format.md。",
    ),
    (
        "yaml-syntax",
        "targets/mini-plan.yaml", 6, 13,
        "mapping values are not allowed in this context",
        "Fix the YAML at the line and column shown.",
        "此处不允许映射值（冒号前后是否少了空格或引号？）",
        "按所示行列修正 YAML。",
    ),
]  # fmt: skip


@pytest.mark.parametrize("expected", EXACT, ids=[e[0] for e in EXACT])
def test_findings_in_both_languages_exactly(expected: tuple[object, ...], runner: CliRunner, tmp_path: Path) -> None:
    case, file, line, column, message, hint, message_zh, hint_zh = expected
    root = _broken(FIXTURES / "findings" / f"{case}.yaml", tmp_path)
    _, out = _validate(runner, root, "--format", "json")
    code = yaml.safe_load((FIXTURES / "findings" / f"{case}.yaml").read_text(encoding="utf-8"))["expect"]["code"]
    found = next(f for f in json.loads(out)["findings"] if f["code"] == code)
    shown = (found["file"], found["line"], found["column"], found["message"], found["hint"])
    assert shown == (file, line, column, message, hint)
    assert (found["message_zh"], found["hint_zh"]) == (message_zh, hint_zh)
    where = ":".join(str(p) for p in (file, line, column) if p is not None)
    for lang, said, how, label in (("en", message, hint, "hint: "), ("zh", message_zh, hint_zh, "提示：")):
        _, text = _validate(runner, root, "--lang", lang)
        severity = (
            {"en": "error", "zh": "错误"}[lang]
            if found["severity"] == "error"
            else {"en": "warning", "zh": "警告"}[lang]
        )
        assert f"{where}: {severity} [{code}] {said}\n    {label}{how}\n" in text


def test_the_findings_doc_is_what_the_catalogue_and_fixtures_print() -> None:
    """docs/findings.md: each code's titles and fixes in both languages, and what its fixture prints in each."""
    from make_findings_doc import render

    doc = (REPO / "docs" / "findings.md").read_text(encoding="utf-8")
    assert doc == render(), "run: .venv/bin/python tests/make_findings_doc.py"
    assert "## yaml-tab\n\nTab character in YAML. YAML 中有制表符。\n" in doc
    assert "修正：用空格缩进，不要用制表符。" in doc


def test_validate_speaks_the_plans_language_by_default(runner: CliRunner, tmp_path: Path) -> None:
    root = _broken(FIXTURES / "findings" / "csv-blank-line.yaml", tmp_path)
    assert "warning [csv-blank-line] a blank line" in _validate(runner, root)[1]  # the mini plan is in English
    plan = root / "targets" / "mini-plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("language: en", "language: zh"), encoding="utf-8")
    assert "警告 [csv-blank-line] 空行" in _validate(runner, root)[1]
    assert "warning [csv-blank-line] a blank line" in _validate(runner, root, "--lang", "en")[1]


def test_a_tracker_whose_plans_all_fail_is_told_in_chinese(runner: CliRunner, tmp_path: Path) -> None:
    """No plan loaded, no language of its own: zh, swtrack's first (before: English)."""
    root = _broken(FIXTURES / "findings" / "yaml-syntax.yaml", tmp_path)
    code, out = _validate(runner, root)
    assert code == 1
    assert out.startswith("targets/mini-plan.yaml:6:13: 错误 [yaml-syntax] 此处不允许映射值")


def test_a_finding_cannot_have_a_hint_in_one_language_only() -> None:
    with pytest.raises(ValueError, match="one language only"):
        Finding("csv-empty", Severity.ERROR, "empty", "空", hint="Write a header.")


def _long_report() -> Report:
    report = Report()
    report.add(
        "wording-not-in-source",
        Say("target MN-02: the wording is not in sources/mini-plan.md", "目标 MN-02：表述不在 sources/mini-plan.md 中"),
        file="targets/mini-plan.yaml",
        line=25,
        column=14,
        hint=Say(
            "Quote the plan as sources/mini-plan.md words it (…… marks an omission), or correct "
            "sources/mini-plan.md; a hint this long wraps at eighty columns in any terminal.",
            "按 sources/mini-plan.md 的写法引用规划（…… 表示省略），或改正 sources/mini-plan.md；"
            "这样长的提示在八十列的终端里一定会折行，折行后的每一行都应与提示的第一行对齐。",
        ),
    )
    return report


@pytest.mark.parametrize(("lang", "label"), [("en", "    hint: "), ("zh", "    提示：")])
def test_wrapped_hints_keep_their_indent_at_80_columns(lang: str, label: str) -> None:
    out = io.StringIO()
    Console(file=out, width=80, color_system=None, highlight=False).print(findings_table(_long_report(), lang))
    lines = out.getvalue().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(label))
    hint = lines[at : len(lines) - 1]  # the hint's lines, then the count
    assert len(hint) >= 2
    indent = cell_len(label)
    assert all(line.startswith(" " * indent) and not line[indent:].startswith(" ") for line in hint[1:])
    assert all(cell_len(line.rstrip()) <= 80 for line in lines)
    assert lines[1:at] == [] or all(line.startswith("    ") for line in lines[1:at])  # the message hangs too
    whole = _long_report().findings[0].hint_in(lang)
    pieces = [hint[0][len(label) :], *(line[indent:] for line in hint[1:])]
    if lang == "zh":  # a line may break at a space between a Chinese and a Latin word
        assert "".join(pieces).replace(" ", "") == whole.replace(" ", "")
    else:
        assert " ".join(p.rstrip() for p in pieces) == whole


def test_a_pipe_gets_each_hint_on_one_line() -> None:
    out = io.StringIO()
    Console(file=out, width=80, color_system=None, soft_wrap=True).print(findings_table(_long_report(), "zh"))
    assert out.getvalue().splitlines()[1] == "    提示：" + _long_report().findings[0].hint_in("zh")


def test_github_annotation_and_summary_in_chinese(tmp_path: Path) -> None:
    report = Report()
    report.add("csv-blank-line", Say("a blank line", "空行"), file="data/events.csv", line=3, severity=Severity.WARNING)
    f = report.findings[0]
    assert annotation(f, tmp_path, None, "zh") == (
        "::warning file=data/events.csv,line=3,title=swtrack csv-blank-line::空行。提示：删除空行。"
    )
    assert annotation(f, tmp_path) == (
        "::warning file=data/events.csv,line=3,title=swtrack csv-blank-line::a blank line. Hint: Delete the blank line."
    )
    assert findings_summary(report, lang="zh").splitlines()[:3] == [
        "## swtrack validate：通过",
        "",
        "0 个错误，1 个警告。",
    ]
    assert "| 警告 | csv-blank-line | data/events.csv:3 | 空行 |" in findings_summary(report, lang="zh")


def test_status_on_bad_data_warns_in_the_chosen_language(runner: CliRunner, tmp_path: Path) -> None:
    root = _broken(FIXTURES / "findings" / "bad-number.yaml", tmp_path)
    zh = runner.invoke(app, ["--root", str(root), "status", "--lang", "zh"])
    assert "警告：数据中有 1 个错误；有错误的行未读入（运行 swtrack validate 查看）" in zh.stderr
    en = runner.invoke(app, ["--root", str(root), "status", "--lang", "en"])
    assert "warning: the data has 1 error; rows with errors were left out (run swtrack validate)" in en.stderr


def _import(runner: CliRunner, root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--root", str(root), "import", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


def test_import_names_each_cell_in_the_plans_language(runner: CliRunner, tmp_path: Path) -> None:
    """The shipped plans are in Chinese, so is what import finds (the same as test_import's English)."""
    from openpyxl import Workbook

    from test_import import SRC, repo_copy

    root = repo_copy(tmp_path)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "区县"
    rows = [["北京市各区县统计"], ["序号", "区县", "日期", "机构数（个）"], [1, "宣武区", "2012-06-30", 3]]
    for row in [*rows, [2, "朝阳", "2012-06-30", 4], [3, "东城区", "2012年13月", "lots"]]:
        sheet.append(row)
    book.save(tmp_path / "bad.xlsx")
    code, err = _import(
        runner, root, str(tmp_path / "bad.xlsx"), "--grade", "B", "--source", SRC, "--measure", "sw_agencies"
    )
    assert code == 1
    assert err == (
        "bad.xlsx 区县!B3 '区县': 错误 [area-not-valid] 地区 '宣武区' 在 2012-06-30 不存在（有效期 … 至 2010-06-27）\n"
        "    提示：该日期时为 西城区（其后继）。\n"
        "bad.xlsx 区县!B4 '区县': 错误 [unknown-area] 未知地区 '朝阳'\n"
        "    提示：是否指 '朝阳区'？\n"
        "bad.xlsx 区县!C5 '日期': 错误 [bad-date] '2012-13' 不是历法上存在的日期（单元格原文为 '2012年13月'）\n"
        "    提示：核对月份和日。\n"
        "bad.xlsx 区县!D5 '机构数（个）': 错误 [bad-number] 'lots' 不是数字\n"
        "    提示：只写数字，如 40000 或 0.25。\n"
        "未写入：导入的行中有 4 个错误\n"
    )
    opts = ["--as-of", "2015-12-31", "--grade", "B", "--source", SRC, "--measure", "sw_agencies"]
    total = tmp_path / "t.csv"
    total.write_text("区县,机构数（个）\n全市合计,30\n东城区,12\n西城区,8\n", encoding="utf-8")
    assert _import(runner, root, str(total), *opts) == (
        1,
        "t.csv t!B2: 错误 [total-mismatch] 全市合计行为 30，但第 3–4 行相加为 20\n"
        "    提示：与报送单位核对各行和合计（合计行本身不导入）；如要按原样导入各行，请加 --no-total-check。\n"
        "未写入：导入的行中有 1 个错误\n",
    )
    source = tmp_path / "dup.csv"
    source.write_text("区县,人数\n东城区,3\n西城区,4\n东城区,5\n", encoding="utf-8")
    code, err = _import(runner, root, str(source), *opts)
    assert (code, err) == (
        1,
        "dup.csv dup!4:4: 错误 [duplicate-row] 日期、地区和指标与dup!2:2相同（2015-12-31，sw_agencies）\n"
        "    提示：dup!2:2 和 dup!4:4 只保留一个。\n"
        "未写入：导入的行中有 1 个错误\n",
    )


def test_request_on_bad_data_warns_in_the_chosen_language(runner: CliRunner, tmp_path: Path) -> None:
    """A request built from data with errors says so, as status does (before: nothing)."""
    root = _broken(FIXTURES / "findings" / "bad-number.yaml", tmp_path)
    args = ["--root", str(root), "request", "--plan", "mini_plan", "--as-of", "2020-12-31", "-o", str(tmp_path / "out")]
    zh = runner.invoke(app, [*args, "--lang", "zh"])
    assert "警告：数据中有 1 个错误；有错误的行未读入（运行 swtrack validate 查看）" in zh.stderr

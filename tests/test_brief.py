"""The markdown brief: structure (parsed as CommonMark), golden files, charts, atomic writing.

Regenerate the golden briefs after an intended change with:

    SWTRACK_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_brief.py
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from typer.testing import CliRunner

from conftest import EXAMPLES, REPO
from swtrack.cli import app
from swtrack.tracker import load_tracker

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("SWTRACK_UPDATE_GOLDEN") == "1"


def brief(runner: CliRunner, root: Path, *args: str) -> str:
    result = runner.invoke(app, ["--root", str(root), "brief", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def parse(text: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(text)


def headings(tokens: list[Token], level: int) -> list[str]:
    tag = f"h{level}"
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == tag]


def tables(tokens: list[Token]) -> list[list[list[str]]]:
    """Every table as rows of cell texts."""
    out: list[list[list[str]]] = []
    row: list[str] = []
    for i, t in enumerate(tokens):
        if t.type == "table_open":
            out.append([])
        elif t.type == "tr_open":
            row = []
        elif t.type in ("th_open", "td_open"):
            row.append(tokens[i + 1].content)
        elif t.type == "tr_close":
            out[-1].append(row)
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_golden_example_brief(runner: CliRunner, lang: str) -> None:
    text = brief(runner, EXAMPLES, "--lang", lang)
    path = GOLDEN / f"example-brief-{lang}.md"
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_english_structure(runner: CliRunner) -> None:
    tokens = parse(brief(runner, EXAMPLES, "--lang", "en"))
    assert headings(tokens, 1) == ["Progress brief: Example City social-work talent plan (synthetic)"]
    assert headings(tokens, 2) == [
        "Executive summary",
        "Phase by phase",
        "All targets",
        "Charts",
        "Units that fall short",
        "Data gaps",
        "Sources",
    ]
    assert headings(tokens, 3)[:5] == [
        "Furthest behind",
        "Furthest ahead",
        "Phase one (to 2013)",
        "Phase two (to 2015)",
        "Phase three (to 2020)",
    ]
    (table,) = tables(tokens)
    assert all(len(r) == 8 for r in table)
    assert [r[0] for r in table[1:]] == [f"EX-{i:02d}" for i in range(1, 25)]
    fences = [t for t in tokens if t.type == "fence"]
    assert [f.info for f in fences] == ["mermaid"] * 7
    assert all(f.content.startswith("xychart-beta\n") for f in fences)


def test_chinese_structure_and_numbers(runner: CliRunner) -> None:
    text = brief(runner, REPO, "--lang", "zh")
    tokens = parse(text)
    assert headings(tokens, 1) == ["进展简报：2 项规划"]
    assert headings(tokens, 2) == ["摘要", "分阶段情况", "全部目标", "图表", "未达标的单位", "数据缺口", "数据来源"]
    assert "1. BJ-02 专业社会工作人才（持证）：逾期达成，2021-12-31 为 7.68 万，目标为 2020-12-31 前 ≥ 4 万。" in text
    refs = {r[0] for t in tables(tokens) for r in t[1:]}
    tracker, _ = load_tracker(REPO)
    assert refs == {t.id for _, t in tracker.targets()}


def test_every_cited_source_is_listed(runner: CliRunner) -> None:
    text = brief(runner, REPO, "--lang", "en")
    tokens = parse(text)
    cited = {int(n) for t in tables(tokens) for r in t[1:] for n in re.findall(r"\[(\d+)\]", r[7])}
    sources = text.split("## Sources", 1)[1]
    listed = [int(n) for n in re.findall(r"^(\d+)\. <http", sources, re.M)]
    assert listed == list(range(1, len(listed) + 1))
    assert cited == set(listed)
    assert "1. <http://www.qingl.net/thread-29539-1-1.html> (grade C): 2013-04-16 北京市 practitioners 300,000" in text


def test_data_gaps_say_what_would_close_them(runner: CliRunner) -> None:
    text = brief(runner, REPO, "--lang", "en")
    gaps = text.split("## Data gaps", 1)[1].split("## Sources", 1)[0]
    assert (
        "- BJ-01 Social-work practitioners: a figure of social-work practitioners for 北京市 dated on or after 2019-12-31"
        in gaps
    )
    assert (
        "- BJ-04 Junior / mid / senior mix: figures of senior social workers (senior title) for 北京市 on the same date"
        in gaps
    )
    assert (
        "- BJ-06 Management system and policy system basically in place: evidence in data/events.csv that BJ-06 was done (or not), with its date"
        in gaps
    )
    assert "- BJ-10 City-wide model training class (yearly): evidence in data/events.csv for 2012–2020" in gaps
    assert "- BJ-02" not in gaps


def test_phase_review_as_of(runner: CliRunner) -> None:
    text = brief(runner, EXAMPLES, "--lang", "en", "--as-of", "2013-12-31")
    assert "- As of: 2013-12-31" in text
    phase_one = text.split("### Phase one (to 2013)", 1)[1].split("###", 1)[0]
    assert "Due 2013-12-31: 3 targets." in phase_one
    assert "- Met: EX-16 Association founded (met)" in phase_one
    assert "- Missed or overdue: EX-06 Stations (missed), EX-10 An agency in every district (missed)" in phase_one


def test_deterministic_unless_stamped(runner: CliRunner) -> None:
    first = brief(runner, REPO)
    assert brief(runner, REPO) == first
    stamped = brief(runner, REPO, "--stamp")
    assert re.search(r"^- 生成时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$", stamped, re.M)
    assert "生成时间" not in first


def test_writes_the_file_atomically(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "briefs" / "2018-q4.md"
    result = runner.invoke(app, ["--root", str(EXAMPLES), "brief", "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0
    assert result.stderr == f"wrote {out}\n"
    assert out.read_text(encoding="utf-8") == brief(runner, EXAMPLES, "--lang", "en")
    assert sorted(p.name for p in out.parent.iterdir()) == ["2018-q4.md"]


def test_a_failed_write_keeps_the_previous_brief(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "brief.md"
    out.write_text("previous brief\n", encoding="utf-8")

    def fail(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", fail)
    result = runner.invoke(app, ["--root", str(EXAMPLES), "brief", "-o", str(out)])
    assert result.exit_code != 0
    assert out.read_text(encoding="utf-8") == "previous brief\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.md"]


def test_svg_charts_beside_the_brief(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "q4.md"
    result = runner.invoke(app, ["--root", str(EXAMPLES), "brief", "-o", str(out), "--charts", "svg", "--lang", "zh"])
    assert result.exit_code == 0
    assert result.stderr == f"wrote {out} and 7 charts\n"
    text = out.read_text(encoding="utf-8")
    assert "```mermaid" not in text
    assert "![EX-01 从业人员](q4-EX-01.svg)" in text
    svg = ET.parse(tmp_path / "q4-EX-01.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert "Noto Sans CJK SC" in svg.attrib["font-family"]
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert texts[0] == "EX-01 从业人员"
    assert len(list(svg.iter("{http://www.w3.org/2000/svg}polyline"))) == 2


def test_svg_charts_need_a_file(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--root", str(EXAMPLES), "brief", "--charts", "svg"])
    assert result.exit_code == 2
    assert result.stderr == "error: --charts svg writes files beside the brief: give -o PATH, not -o -\n"


def test_stale_figures_are_data_gaps(runner: CliRunner) -> None:
    text = brief(runner, EXAMPLES, "--lang", "en", "--as-of", "2020-12-30")
    gaps = text.split("## Data gaps", 1)[1].split("## Sources", 1)[0]
    assert (
        "- EX-19 Hub organisations with social workers: the latest figure is from 2018-06-30; "
        "a figure of hub organisations with social workers for 示例市 dated on or after 2020-01-01"
    ) in gaps
    assert "EX-01" not in gaps  # on track with a figure two years old: not stale yet

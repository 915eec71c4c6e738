"""The brief: first screen, detail, sources (parsed as CommonMark), golden files, atomic writing.

Charts and the HTML page are tested in test_brief_charts.py.

Regenerate the golden briefs after an intended change with:

    SWTRACK_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_brief.py
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from typer.testing import CliRunner

from conftest import EXAMPLES, REPO
from swtrack.cli import app
from swtrack.load.tracker import load_tracker

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
        *("Needs action", "Needs data", "On track", "Met", "Not judged"),
        *("Phase by phase, target by target", "Sources"),
    ]
    assert headings(tokens, 3) == [
        "Phase one (to 2013)",
        "Phase two (to 2015)",
        "Phase three (to 2020)",
        "Yearly and undated",
    ]
    refs = [h.split(" ", 1)[0] for h in headings(tokens, 4)]
    assert sorted(refs) == [f"EX-{i:02d}" for i in range(1, 32)]
    assert [t for t in tokens if t.type == "fence"] == []  # no mermaid: its axis is categorical


def section(text: str, heading: str) -> list[str]:
    """The lines of the first screen's section under `## heading`."""
    return text.split(f"\n## {heading}\n\n", 1)[1].split("\n\n", 1)[0].splitlines()


def test_first_screen_counts_by_group_then_needs_action_apart_from_needs_data(runner: CliRunner) -> None:
    text = brief(runner, EXAMPLES, "--lang", "en")
    first = text.split("## Phase by phase", 1)[0]
    assert first.split("\n## Needs action", 1)[0] == (
        "# Progress brief: Example City social-work talent plan (synthetic)\n"
        "\n"
        "| Plan | As of | Needs action | Needs data | On track | Met | Not judged |\n"
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |\n"
        "| Example City social-work talent plan (synthetic) (示例〔2011〕1号) | 2018-12-31 | 14 | 4 | 1 | 8 | 4 |\n"
        "\n"
        "As of: the newest figure this plan reads (its measures, areas, registers and events; choose "
        "another date with --as-of). Newest figure read: 2018-12-31 (data/observations.csv:5).\n"
    )
    # The counts are said once: in the table, not again in sentences or headings.
    assert not re.search(r"\d+ (need|met|cannot|targets)", first)
    action = section(first, "Needs action")
    assert [line.split(" ", 2)[1] for line in action] == [
        "**EX-05", "**EX-10", "**EX-13", "**EX-15", "**EX-20", "**EX-04", "**EX-03", "**EX-12", "**EX-17",
        "**EX-02", "**EX-24", "**EX-28", "**EX-30", "**EX-31",
    ]  # fmt: skip
    assert action[0] == (
        "- **EX-05 Registered volunteers**: missed: 2,000 on 2015-12-31 [1] (grade synthetic); "
        "target ≥ 3,000 by 2015-12-31"
    )
    assert action[1] == (
        "- **EX-10 An agency in every district**: missed: 3 of 4 units meet it (2013-12-31); short: 丁区 [1] "
        "(grade synthetic); target each ≥ 1 by 2013-12-31"
    )
    assert action[4] == "- **EX-20 Social-work festival**: missed: held in 6 of 7 years; not held in 2015"
    assert action[8] == (
        "- **EX-17 Local regulation**: overdue: 2016-03-01: Draft regulation at its second reading (synthetic) [1] "
        "(grade synthetic); "
        "target done by 2015-12-31"
    )
    # Stale, inconclusive and no data need data, never beside the missed targets.
    assert section(first, "Needs data") == [
        "- **EX-27 Hotline social workers**: stale: 20 on 2012-06-30 [1] (grade synthetic); target ≥ 60 by "
        "2015-12-31; would settle it: a figure of hotline social workers for 示例市 at the deadline (2015-12-31)",
        "- **EX-25 Youth service centres**: inconclusive: more than 40 on 2015-06-30 [1] (grade synthetic); range it "
        "allows 40 to ∞; target ≥ 50 by 2015-12-31; would settle it: an exact figure of youth service centres for "
        "示例市 (without more than / about / nearly) near 2015-12-31",
        "- **EX-29 New agencies**: inconclusive: an increase of ≥23 from 2015-12-31 to 2018-12-31 [1] (grade "
        "synthetic); target ≥ +50 by 2020-12-31; would settle it: figures of agencies founded in the year for 示例市 "
        "for 2017",
        "- **EX-22 High-level talents**: no data: no figure; target ≥ 100 by 2020-12-31; would settle it: a figure "
        "of high-level talents for 示例市",
    ]
    met = section(first, "Met")
    assert [line.split(" ", 2)[1] for line in met] == [
        "**EX-26", "**EX-06", "**EX-07", "**EX-08", "**EX-09", "**EX-11", "**EX-16", "**EX-21",
    ]  # fmt: skip
    assert [line.split(" ", 2)[1] for line in section(first, "Not judged")] == [
        "**EX-18", "**EX-19", "**EX-14", "**EX-23",
    ]  # fmt: skip


def test_the_groups_are_the_one_vocabulary_of_every_output(runner: CliRunner) -> None:
    from swtrack.model.status import GROUP_OF, Group
    from swtrack.render.text import GROUP

    text = brief(runner, REPO, "--lang", "zh")
    first = text.split("## 分阶段", 1)[0]
    table = tables(parse(first))[0]
    assert table[0] == ["规划", "截至", *(GROUP["zh"][g] for g in Group)]
    tracker, _ = load_tracker(REPO)
    from swtrack.assess import assess

    report = assess(tracker)
    for row, plan in zip(table[1:], report.plans, strict=True):
        mine = [a for a in report.assessments if a.plan == plan.plan]
        assert row[1] == plan.as_of
        assert row[2:] == [str(sum(GROUP_OF[a.status] is g for a in mine)) for g in Group]
        for a in mine:  # each target under its group's heading, and nowhere else on the first screen
            heading = GROUP["zh"][GROUP_OF[a.status]]
            assert [h for h in Group if f"**{a.target} " in "\n".join(section(first, GROUP["zh"][h]))] == [
                GROUP_OF[a.status]
            ], (a.target, heading)


def number_of(text: str, url: str) -> int:
    """The number the brief's source list gives a URL (citations are numbered by first use)."""
    return int(re.findall(rf"^(\d+)\. <{re.escape(url)}>", text, re.M)[0])


QINGL = "http://www.qingl.net/thread-29539-1-1.html"
CHINANEWS = "https://chinanews.com.cn/sh/2022/03-17/9705069.shtml"
CDB = "https://chinadevelopmentbrief.org/reports/14th-five-year-plan-outlines-civil-affairs-agenda-to-2025/"
VZ = "http://www.victorzhang.cn/page/2024/1231/25590541.shtml"
HUKOU = "http://www.qingl.net/forum.php?goto=lastpost&mod=redirect&tid=4586"
DAILY = "http://global.chinadaily.com.cn/china/2011-08/31/content_13224119.htm"
JINGHUA = "http://www.qingl.net/forum.php?goto=lastpost&mod=redirect&tid=27547"
CDB17 = (
    "http://www.chinadevelopmentbrief.cn/news/official-statistics-released-on-the-development-of-the-social-work-"
    "industry-in-2017/"
)


def test_chinese_first_screen_of_the_shipped_data(runner: CliRunner) -> None:
    text = brief(runner, REPO, "--lang", "zh")
    tokens = parse(text)
    assert headings(tokens, 1) == ["进展简报：3 项规划"]
    assert headings(tokens, 2) == [
        *("需要采取行动", "需要补充数据", "进度正常", "已达成", "暂不判断"),
        *("分阶段、分目标详情", "数据来源"),
    ]
    first = text.split("## 分阶段", 1)[0]
    assert tables(tokens)[0] == [
        ["规划", "截至", "需要采取行动", "需要补充数据", "进度正常", "已达成", "暂不判断"],
        [
            "关于“首善之区社会工作人才发展工程”的实施意见（京社委发〔2011〕14号）",
            "2025-11-30",
            "3",
            "18",
            "0",
            "2",
            "1",
        ],
        [
            "社会工作专业人才队伍建设中长期规划（2011—2020年）（中组发〔2012〕7号）",
            "2022-12-31",
            "1",
            "4",
            "0",
            "2",
            "0",
        ],
        [
            "关于加强社会工作人才队伍建设推进社会工作发展的意见（深发〔2007〕18号）",
            "2024-03-31",
            "1",
            "11",
            "0",
            "4",
            "3",
        ],
    ]
    # The date says what it counts, and it is true: the hospital row of 2025-11 is Beijing's newest.
    assert (
        "截至日期：各规划读取的最新数据的日期（只计本规划的指标、地区、名录和事件；可用 --as-of 指定）。"
        "读取的最新数据见 data/units.csv 第 16 行（2025-11）；data/observations.csv 第 76 行（2022-12-31）；"
        "data/events.csv 第 36 行（2024-03）。\n"
    ) in first
    assert "数据时点" not in first and "规划：" not in first  # no plan-title bullets
    action = section(first, "需要采取行动")
    assert [line.split(" ", 1)[0] for line in action] == ["-"] * 5
    assert [line.split(" ", 2)[1] for line in action] == ["**BJ-06", "**BJ-19", "**BJ-11", "**CN-07", "**SZ-16"]
    # A needs-action item shows the plan file's note: this deadline is the tracker's reading.
    assert action[4].endswith(
        "；目标为 2012 前 完成（备注：规划未给出期限；按规划期末（2012年，即“3—5年”的较晚一端）计。）"
    )
    data = section(first, "需要补充数据")
    assert (
        f"- **BJ-01 社会工作从业人员总量**：数据过旧——2013-04-15：超过 30万 [{number_of(text, QINGL)}]（等级 C）；"
        "目标为 2020-12-31 前 ≥ 40万；所需数据：北京市社会工作从业人员在期限（2020-12-31）时的数据"
    ) in data
    # An open register: the listed hospitals are not all hospitals, and the line says so.
    assert any(
        line.startswith("- **BJ-15b “一院一社工”**：无法判定——所列 2 个单位中 2 个达标（2020-10-26），单位总数不明 [")
        for line in data
    )
    met = section(first, "已达成")
    assert (
        f"- **BJ-02 专业社会工作人才**：后续已达成——2021-12-31：7.68万 [{number_of(text, CHINANEWS)}]（等级 A/B）；"
        "目标为 2020-12-31 前 ≥ 4万"
    ) in met
    assert (
        "- **CN-04 社会工作专业人才总量（2020年）**：已达成——2020-12-31：157万 "
        f"[{number_of(text, CDB)}]（等级 A/B）；其后 2022-12-31：超过 160万 [{number_of(text, VZ)}]（等级 C）；"
        "目标为 2020-12-31 前 ≥ 145万"
    ) in met
    refs = {h.split(" ", 1)[0] for h in headings(tokens, 5)}
    tracker, _ = load_tracker(REPO)
    assert refs == {t.id for _, t in tracker.targets()}


def test_qualifiers_are_printed_with_every_value(runner: CliRunner) -> None:
    text = brief(runner, REPO, "--lang", "en")
    bj01 = text.split("##### BJ-01 ", 1)[1].split("#####", 1)[0]
    n = number_of(text, QINGL)
    assert f"- Finding: more than 300,000 on 2013-04-15 [{n}] (grade C); target ≥ 400,000 by 2020-12-31\n" in bj01
    bj02 = text.split("##### BJ-02 ", 1)[1].split("#####", 1)[0]
    proxy = "(certified social workers, a proxy: lower bound)"
    assert (
        f"- Figures: 2009-07 more than 2,900 [{number_of(text, HUKOU)}] (grade C) {proxy}; "
        f"2011-08 4,235 [{number_of(text, DAILY)}] (grade B) {proxy}; "
        f"2012-10 11,723 [{number_of(text, JINGHUA)}] (grade C) {proxy}; "
        f"2017 more than 20,000 [{number_of(text, CDB17)}] (grade B) {proxy}; "
        f"2021-12-31 76,800 [{number_of(text, CHINANEWS)}] (grade A/B)\n"
    ) in bj02
    zh = brief(runner, REPO, "--lang", "zh")
    assert (
        f"- 数据：2009-07 超过 2,900 [{number_of(zh, HUKOU)}]（等级 C）（替代口径：持证社会工作者，下限）；"
        f"2011-08 4,235 [{number_of(zh, DAILY)}]（等级 B）" in zh
    )


def test_target_detail_has_clause_wording_and_pace(runner: CliRunner) -> None:
    text = brief(runner, EXAMPLES, "--lang", "en")
    block = text.split("#### EX-02 ", 1)[1].split("\n\n", 2)[1]
    assert block.splitlines() == [
        "- Clause: 一",
        "- Wording: 持证社工达到 5000 人",
        "- Finding: 3,000 on 2018-12-31 [1] (grade synthetic); target ≥ 5,000 by 2020-12-31",
        "- Figures: 2011-12-31 1,000 [1] (grade synthetic); 2018-12-31 3,000 [1] (grade synthetic)",
        "- Pace: R = 0.64 (achieved / required pace on the assumed straight path); at the achieved pace 3,572 "
        "by 2020-12-31",
    ]


def test_every_cited_source_is_listed(runner: CliRunner) -> None:
    text = brief(runner, REPO, "--lang", "en")
    body, sources = text.split("## Sources", 1)
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    listed = [int(n) for n in re.findall(r"^(\d+)\. <http", sources, re.M)]
    assert listed == list(range(1, len(listed) + 1))
    assert cited == set(listed)
    assert (
        f"{number_of(text, QINGL)}. <{QINGL}> (grade C): 2013-04-15 北京市 social-work practitioners "
        "more than 300,000 (data/observations.csv:12); 2013-04-15 北京市 assistant social workers (junior "
        "certificate) 9,357 (data/observations.csv:14); 2013-04-15 北京市 social workers (intermediate certificate) "
        "2,366 (data/observations.csv:15)"
    ) in sources


def test_phase_review_as_of(runner: CliRunner) -> None:
    text = brief(runner, EXAMPLES, "--lang", "en", "--as-of", "2013-12-31")
    assert "| 2013-12-31 |" in text.split("\n\n")[1]
    assert "As of: the date given with --as-of. Newest figure read: 2013-12-31 (data/observations.csv:" in text
    phase_one = text.split("### Phase one (to 2013)", 1)[1].split("### Phase two", 1)[0]
    assert "Due 2013-12-31: 3 targets: missed 2, met 1.\n" in phase_one
    assert [h.split(" ", 2)[1] for h in re.findall(r"^#### .*$", phase_one, re.M)] == ["EX-06", "EX-10", "EX-16"]
    assert "#### EX-16 Association founded: met\n" in phase_one
    assert "#### EX-06 Stations: missed\n" in phase_one
    assert "Due 2015-12-31, not yet due: " in text


def test_deterministic_unless_stamped(runner: CliRunner) -> None:
    first = brief(runner, REPO)
    assert brief(runner, REPO) == first
    stamped = brief(runner, REPO, "--stamp")
    assert re.search(r"^生成时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$", stamped, re.M)
    assert "生成时间" not in first


def test_writes_the_file_atomically(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "briefs" / "2018-q4.md"
    result = runner.invoke(app, ["--root", str(EXAMPLES), "brief", "-o", str(out), "--lang", "en", "--charts", "none"])
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
    result = runner.invoke(app, ["--root", str(EXAMPLES), "brief", "-o", str(out), "--charts", "none"])
    assert result.exit_code != 0
    assert out.read_text(encoding="utf-8") == "previous brief\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.md"]


def test_stale_figures_say_what_would_settle_them(runner: CliRunner) -> None:
    text = brief(runner, EXAMPLES, "--lang", "en", "--as-of", "2020-12-30")
    needs = "\n".join(section(text, "Needs data"))
    assert (
        "- **EX-27 Hotline social workers**: stale: 20 on 2012-06-30 [1] (grade synthetic); target ≥ 60 by "
        "2015-12-31; would settle it: a figure of hotline social workers for 示例市 at the deadline (2015-12-31)"
    ) in needs
    assert "EX-01" not in needs  # on track with a figure two years old: the verdict is not unknown


def test_every_status_has_a_place_on_the_first_screen() -> None:
    from enum import StrEnum

    from swtrack.assess.model import Status
    from swtrack.model.status import GROUP_OF, Group
    from swtrack.render.brief.facts import status_rank, status_word
    from swtrack.render.brief.summary import group_of

    def judged(status: object) -> object:
        return type("A", (), {"status": status})()

    for status in Status:
        assert group_of(judged(status)) is GROUP_OF[status]  # type: ignore[arg-type]
        assert status_word(status, "zh") and status_word(status, "en")

    class Later(StrEnum):  # a status nobody has named yet
        UNHEARD_OF = "unheard_of"

    assert group_of(judged(Later.UNHEARD_OF)) is Group.NEEDS_ACTION  # type: ignore[arg-type]
    assert status_word(Later.UNHEARD_OF, "en") == "unheard of"  # type: ignore[arg-type]
    assert status_rank(Status.MISSED) < status_rank(Status.STALE) < status_rank(Status.TRACKED)


def test_the_zh_brief_says_its_own_words_in_chinese(runner: CliRunner) -> None:
    text = brief(runner, REPO, "--lang", "zh")
    sources = text.split("## 数据来源", 1)[1]
    # Event statuses and file positions in Chinese, the measure by its Chinese name.
    assert re.search(r"：2016 BJ-06 进行中：", sources)
    assert "2013-04-15 北京市社会工作从业人员 超过 30万（data/observations.csv 第 12 行）" in sources
    for code in ("in_progress", "not_done", "done_by", " held", "(data/"):
        assert code not in sources, code
    en = brief(runner, REPO, "--lang", "en").split("## Sources", 1)[1]
    assert ": 2016 BJ-06 in progress: " in en

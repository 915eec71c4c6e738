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
    assert headings(tokens, 2) == ["At a glance", "Phase by phase, target by target", "Sources"]
    assert headings(tokens, 3) == [
        "Met (on time, late, or by a later date)",
        "Needs attention",
        "Unknown, and the data that would settle it",
        "Phase one (to 2013)",
        "Phase two (to 2015)",
        "Phase three (to 2020)",
        "Yearly and undated",
    ]
    refs = [h.split(" ", 1)[0] for h in headings(tokens, 4)]
    assert sorted(refs) == [f"EX-{i:02d}" for i in range(1, 32)]
    assert [t for t in tokens if t.type == "fence"] == []  # no mermaid: its axis is categorical


def test_first_screen_says_where_each_plan_stands(runner: CliRunner) -> None:
    text = brief(runner, EXAMPLES, "--lang", "en")
    first = text.split("## Phase by phase", 1)[0]
    assert (
        "**Example City social-work talent plan (synthetic)**: 31 targets as of 2018-12-31: missed 5, moving away 1, "
        "off track 2, overdue 1, needs acceleration 4, done by a substitute 1, stale 1, inconclusive 2, no data 1, "
        "not judged yet 2, tracked 2, on track 1, met by a later date 1, met after the deadline 1, met (overshoot) 1, "
        "met 5. 6 met, 2 met late or by a later date, 17 need attention, 3 cannot be judged on the data, 3 on track "
        "or tracked only; the newest headline figure is EX-01 Practitioners: 8,200 on 2018-12-31, "
        "target ≥ 10,000 by 2020-12-31.\n"
    ) in first
    met = first.split("### Met (on time, late, or by a later date)\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert met[0] == (
        "- EX-06 Stations: met after the deadline: 30 on 2013-12-31 [1] (grade synthetic); then 45 on 2014-12-31 [1] "
        "(grade synthetic); target ≥ 40 by 2013-12-31"
    )
    assert [line.split(" ", 2)[1] for line in met] == [
        "EX-06", "EX-07", "EX-08", "EX-09", "EX-11", "EX-16", "EX-21", "EX-26",
    ]  # fmt: skip
    attention = first.split("### Needs attention\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [line.split(" ", 2)[1] for line in attention] == [
        "EX-05", "EX-10", "EX-13", "EX-15", "EX-20", "EX-04", "EX-03", "EX-12", "EX-17", "EX-02", "EX-24",
        "EX-28", "EX-30", "EX-31", "EX-27", "EX-25", "EX-29",
    ]  # fmt: skip
    assert attention[0] == (
        "- EX-05 Registered volunteers: missed: 2,000 on 2015-12-31 [1] (grade synthetic); target ≥ 3,000 by 2015-12-31"
    )
    assert attention[1] == (
        "- EX-10 An agency in every district: missed: 3 of 4 units meet it (2013-12-31); short: 丁区 [1] "
        "(grade synthetic); target each ≥ 1 by 2013-12-31"
    )
    assert attention[4] == "- EX-20 Social-work festival: missed: held in 6 of 7 years; not held in 2015"
    assert attention[8] == (
        "- EX-17 Local regulation: overdue: 2016-03-01: 法规草案二审（虚构） [1] (grade synthetic); "
        "target done by 2015-12-31"
    )
    assert attention[13] == (
        "- EX-31 Federation of social workers founded: done by a substitute: not done as the plan names it; done "
        "instead (shown by 2014-06-01): 示例市社工协会 承担联合会的行业管理职能，未另设联合会（虚构） [1] (grade synthetic); "
        "target done by 2015-12-31"
    )
    assert attention[15] == (
        "- EX-25 Youth service centres: inconclusive: more than 40 on 2015-06-30 [1] (grade synthetic); "
        "range it allows 40 to ∞; target ≥ 50 by 2015-12-31"
    )
    unknown = first.split("### Unknown, and the data that would settle it\n\n", 1)[1].strip().splitlines()
    assert unknown == [
        "- evidence in data/events.csv of whether and when it was done: EX-18 Talent database (not judged yet)",
        "- a figure of hub organisations with social workers for 示例市 dated after 2018-06-30: "
        "EX-19 Hub organisations with social workers (not judged yet)",
        "- a figure of high-level talents for 示例市: EX-22 High-level talents (no data)",
        "- an exact figure of youth service centres for 示例市 (without more than / about / nearly) near 2015-12-31: "
        "EX-25 Youth service centres (inconclusive)",
        "- a figure of hotline social workers for 示例市 at the deadline (2015-12-31): "
        "EX-27 Hotline social workers (stale)",
        "- figures of agencies founded in the year for 示例市 for 2017: EX-29 New agencies (inconclusive)",
    ]


def number_of(text: str, url: str) -> int:
    """The number the brief's source list gives a URL (citations are numbered by first use)."""
    return int(re.findall(rf"^(\d+)\. <{re.escape(url)}>", text, re.M)[0])


QINGL = "http://www.qingl.net/thread-29539-1-1.html"
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
    assert headings(tokens, 2) == ["摘要", "分阶段、分目标详情", "数据来源"]
    assert headings(tokens, 3)[:3] == ["已达成（按期、逾期或后续达成）", "需要关注", "尚不清楚的情况及所需数据"]
    first = text.split("## 分阶段", 1)[0]
    assert (
        "**关于加强社会工作人才队伍建设推进社会工作发展的意见**：截至 2025-11-30 共 19 项目标，已逾期 1，数据过旧 1，"
        "无法判定 2，无数据 8，仅跟踪 3，后续已达成 2，已达成 2。2 项已达成、2 项逾期或后续达成、4 项需要关注、"
        "8 项无法依据现有数据判断、3 项进度正常或仅跟踪；所用数据最新为 2023-03。"
    ) in first
    assert (
        "**关于“首善之区社会工作人才发展工程”的实施意见**：截至 2025-11-30 共 24 项目标，已逾期 2，以替代完成 1，"
        "数据过旧 3，无法判定 9，无数据 7，仅跟踪 1，后续已达成 1。1 项逾期或后续达成、15 项需要关注、"
        "7 项无法依据现有数据判断、1 项进度正常或仅跟踪；"
        "最新的主要数据：BJ-02 专业社会工作人才 2021-12-31 为 7.68 万，目标为 2020-12-31 前 ≥ 4 万。\n"
    ) in first
    # An open register: the listed hospitals are not all hospitals, and the line says so.
    assert "- BJ-15b “一院一社工”：无法判定——所列 2 个单位中 2 个达标（2020-10-26），单位总数不明 [" in first
    assert (
        "- BJ-02 专业社会工作人才：后续已达成——2021-12-31：7.68 万 [1]（等级 A/B）；目标为 2020-12-31 前 ≥ 4 万\n"
    ) in first
    assert (
        f"- BJ-01 社会工作从业人员总量：数据过旧——2013-04-15：超过 30 万 [{number_of(text, QINGL)}]（等级 C）；"
        "目标为 2020-12-31 前 ≥ 40 万\n" in first
    )
    assert (
        "- CN-04 社会工作专业人才总量（2020年）：已达成——2020-12-31：157 万 "
        f"[{number_of(text, CDB)}]（等级 A/B）；其后 2022-12-31：超过 160 万 [{number_of(text, VZ)}]（等级 C）；"
        "目标为 2020-12-31 前 ≥ 145 万\n"
    ) in first
    assert "- 北京市社会工作从业人员在期限（2020-12-31）时的数据：BJ-01 社会工作从业人员总量（数据过旧）\n" in first
    assert "- data/events.csv 中每年的证据：BJ-10 全市社会工作者示范培训班（每年）（无数据）、" in first
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
        "2021-12-31 76,800 [1] (grade A/B)\n"
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
    assert "- As of: 2013-12-31" in text
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
    assert re.search(r"^- 生成时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$", stamped, re.M)
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
    unknown = text.split("### Unknown, and the data that would settle it", 1)[1].split("##", 1)[0]
    assert (
        "- a figure of hub organisations with social workers for 示例市 dated after 2018-06-30: "
        "EX-19 Hub organisations with social workers (not judged yet)\n"
    ) in unknown
    assert "EX-01" not in unknown  # on track with a figure two years old: the verdict is not unknown


def test_every_status_has_a_place_on_the_first_screen() -> None:
    from enum import StrEnum

    from swtrack.assess.model import Status
    from swtrack.render.brief.facts import group_of, status_rank, status_word

    for status in Status:
        assert group_of(status) in ("met", "attention", "unknown", "other")
        assert status_word(status, "zh") and status_word(status, "en")

    class Later(StrEnum):  # statuses the verdicts add, and one nobody has named yet
        INCONCLUSIVE = "inconclusive"
        MET_BY = "met_by"
        STALE = "stale"
        UNHEARD_OF = "unheard_of"

    assert [group_of(s) for s in Later] == ["attention", "met", "attention", "attention"]  # type: ignore[arg-type]
    assert status_word(Later.UNHEARD_OF, "en") == "unheard of"  # type: ignore[arg-type]
    assert status_rank(Status.MISSED) < status_rank(Later.STALE) < status_rank(Status.TRACKED)  # type: ignore[arg-type]

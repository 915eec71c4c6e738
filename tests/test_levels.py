"""Every administrative level as a plan's jurisdiction, a coverage level and the level a request
asks, on the SYNTHETIC province of examples/synthetic-province (province → prefectures →
counties → townships → communities; every name and figure in it is invented)."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import REPO, TODAY
from swtrack.cli import app
from swtrack.exchange.request import Gap, addressed
from swtrack.model.areas import UNIT_LEVEL_NAMES, UNIT_LEVELS, Area, AreaIndex, Registry
from swtrack.model.base import Text
from swtrack.model.measures import Measure

PROVINCE = REPO / "examples" / "synthetic-province"
PLAN = "example_province_plan"


def invoke(runner: CliRunner, root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--root", str(root), *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def statuses(runner: CliRunner, root: Path, as_of: str) -> dict[str, tuple[str, int, int]]:
    code, out, _ = invoke(runner, root, "status", "--as-of", as_of, "--format", "json")
    assert code == 0
    return {a["target"]: (a["status"], a["units_met"], a["units_total"]) for a in json.loads(out)["assessments"]}


def errors(runner: CliRunner, root: Path) -> int:
    code, out, _ = invoke(runner, root, "validate", "--format", "json", "--today", TODAY)
    count: int = json.loads(out)["errors"]
    assert code == (1 if count else 0)
    return count


# --- the synthetic province: a target at every level -------------------------------------------


def test_the_synthetic_province_is_judged_at_every_level(runner: CliRunner) -> None:
    assert errors(runner, PROVINCE) == 0
    assert statuses(runner, PROVINCE, "2023-12-31") == {
        "SP-01": ("on_track", None, None),  # the province as a whole: 1,600 of 2,000
        "SP-02": ("inconclusive", 1, 2),  # 每个设区市: 甲市 has one, 乙市 no figure
        "SP-03": ("inconclusive", 1, 3),  # 每个县: 甲东区 3, 甲西县 1 (short of 2), 乙北区 no figure
        "SP-04": ("inconclusive", 2, 4),  # 每个乡镇（街道）: 西山镇 0, 北门街道 no figure
        "SP-05": ("inconclusive", 3, 4),  # 每个社区（村）: 西山村 no figure
    }


def test_the_synthetic_plan_quotes_its_text() -> None:
    from swtrack.load.tracker import load_tracker

    tracker, _ = load_tracker(PROVINCE)
    (plan,) = tracker.plans
    text = (PROVINCE / plan.source_text).read_text(encoding="utf-8")
    assert text.startswith("# 示例省社会工作人才发展规划（2021—2025年）（虚构）\n\nSYNTHETIC")
    assert [t.wording in text for t in plan.targets] == [True] * 5


@pytest.mark.parametrize(
    ("ref", "zh", "en"),
    [
        ("SP-02", "全覆盖（地级单位）", "coverage (prefecture-level units)"),
        ("SP-03", "全覆盖（县级单位）", "coverage (county-level units)"),
        ("SP-04", "全覆盖（乡级单位）", "coverage (township-level units)"),
        ("SP-05", "全覆盖（村级单位）", "coverage (community-level units)"),
    ],
)
def test_explain_names_the_level_as_statistics_do(runner: CliRunner, ref: str, zh: str, en: str) -> None:
    # The kind in the reader's language (render/text.py KIND).
    for lang, words in (("zh", f"类型：{zh}"), ("en", f"Kind: {en}")):
        code, out, _ = invoke(runner, PROVINCE, "explain", ref, "--as-of", "2023-12-31", "--lang", lang)
        assert code == 0
        assert words in out.splitlines()[2]  # under the as-of line


# --- request: who is asked ----------------------------------------------------------------------


def request(runner: CliRunner, tmp_path: Path, *args: str) -> tuple[list[str], str]:
    out = tmp_path / "req"
    shutil.rmtree(out, ignore_errors=True)
    ask = ["request", "--plan", PLAN, "--as-of", "2025-12-31", "--format", "csv", "-o", str(out), *args]
    code, stdout, err = invoke(runner, PROVINCE, *ask)
    assert code == 0
    return [Path(line).name.removesuffix("-2025-12-31.csv") for line in stdout.splitlines()], err


def areas_in(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig") as f:
        return [row[1] for row in list(csv.reader(f))[1:]]


def test_a_province_asks_its_prefecture_level_cities(runner: CliRunner, tmp_path: Path) -> None:
    files, err = request(runner, tmp_path)
    assert files == ["示例省", "甲市", "乙市"]
    assert err == "已写入 3 个文件：14 个地区的 14 个数字，每个地级单位一个文件（--level prefecture）\n"
    req = tmp_path / "req"
    assert areas_in(req / "示例省-2025-12-31.csv") == ["示例省"]
    assert areas_in(req / "甲市-2025-12-31.csv") == [
        "甲市",
        "甲东区",
        "甲西县",
        "东城街道",
        "东湖镇",
        "西山镇",
        "东城社区",
        "湖滨村",
        "西山村",
    ]
    assert areas_in(req / "乙市-2025-12-31.csv") == ["乙市", "乙北区", "北门街道", "北门社区"]


@pytest.mark.parametrize(
    ("level", "files", "said"),
    [
        ("province", ["示例省"], "，每个省级单位一个文件（--level province）"),
        ("prefecture", ["示例省", "甲市", "乙市"], "，每个地级单位一个文件（--level prefecture）"),
        (
            "county_level",
            ["示例省", "甲市", "乙市", "甲东区", "甲西县", "乙北区"],
            "，每个县级单位一个文件（--level county_level）",
        ),
        (
            "township",
            ["示例省", "甲市", "乙市", "甲东区", "甲西县", "乙北区", "东城街道", "东湖镇", "西山镇", "北门街道"],
            "，每个乡级单位一个文件（--level township）",
        ),
        (
            "community",
            [
                *("示例省", "甲市", "乙市", "甲东区", "甲西县", "乙北区"),
                *("东城街道", "东湖镇", "西山镇", "北门街道", "东城社区", "湖滨村", "西山村", "北门社区"),
            ],
            "",
        ),
    ],
)
def test_request_at_every_level(runner: CliRunner, tmp_path: Path, level: str, files: list[str], said: str) -> None:
    assert request(runner, tmp_path, "--level", level) == (
        files,
        f"已写入 {len(files)} 个文件：14 个地区的 14 个数字{said}\n",
    )


def test_request_for_one_area_holds_the_areas_under_it(runner: CliRunner, tmp_path: Path) -> None:
    files, err = request(runner, tmp_path, "--area", "乙市")
    assert (files, err) == (
        ["乙市"],
        "已写入 1 个文件：4 个地区的 4 个数字，每个地级单位一个文件（--level prefecture）\n",
    )
    files, _ = request(runner, tmp_path, "--area", "甲西县", "--level", "township")
    assert files == ["甲西县", "西山镇"]  # 西山村 is asked in 西山镇's file


def test_a_city_workbook_comes_back_and_settles_its_units(runner: CliRunner, tmp_path: Path) -> None:
    root = shutil.copytree(PROVINCE, tmp_path / "province")
    out = tmp_path / "req"
    code, _, _ = invoke(runner, root, "request", "--plan", PLAN, "--as-of", "2025-12-31", "-o", str(out))
    assert code == 0
    path = out / "乙市-2025-12-31.xlsx"
    book = load_workbook(path)
    assert book.sheetnames == ["乙市", "乙北区", "北门街道", "北门社区", "填表说明"]
    for name, value in (("乙市", 1), ("乙北区", 2), ("北门街道", 1), ("北门社区", 1)):
        book[name]["J3"] = value
        book[name]["L3"] = "synthetic://examples/synthetic-province/returned"
    book.save(path)
    code, _, err = invoke(runner, root, "import", str(path))
    assert code == 0, err
    assert statuses(runner, root, "2025-12-31") == {
        "SP-01": ("stale", None, None),  # the province's own figure is two years old
        "SP-02": ("met", 2, 2),
        "SP-03": ("missed", 2, 3),
        "SP-04": ("missed", 3, 4),
        "SP-05": ("inconclusive", 3, 4),
    }


# --- every level as the jurisdiction ------------------------------------------------------------


def cut(tmp_path: Path, top: str, level: str | None, *, country: bool = False) -> Path:
    """A SYNTHETIC tracker for one area of the synthetic province (or, with `country`, for a
    country above it): its registry is the area and everything under it, its plan a figure for
    the area as a whole and, given a level, a unit at that level under it."""
    with (PROVINCE / "targets" / "areas" / "example_province.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if country:
        rows = [
            {
                "id": "example_country",
                "name": "示例国",
                "en": "Example Country (synthetic)",
                "level": "country",
                "parent": "",
                "note": "SYNTHETIC",
            },
            *rows,
        ]
        rows[1]["parent"] = "example_country"
    parent = {r["id"]: r["parent"] for r in rows}

    def under(area: str) -> bool:
        while area and area != top:
            area = parent[area]
        return area == top

    mine = [r for r in rows if under(r["id"])]
    root = tmp_path / top
    (root / "targets" / "areas").mkdir(parents=True)
    (root / "data").mkdir()
    shutil.copy(PROVINCE / "targets" / "measures.yaml", root / "targets")
    with (root / "targets" / "areas" / f"{top}.csv").open("w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, fieldnames=list(rows[0]))
        out.writeheader()
        out.writerows(mine)
    units = [r for r in mine if level and r["level"] in LEVELS_OF[level]]
    coverage = (
        f"""
  - ref: LV-02
    kind: coverage
    clause: 二
    wording: 每个单位至少1名社工
    label: {{zh: 每个单位有社工, en: A social worker in every unit}}
    measure: social_workers
    units: {{areas: {level}}}
    phase: p2025
"""
        if level
        else ""
    )
    (root / "targets" / "plan.yaml").write_text(
        f"""\
id: level_plan
title: {{zh: 虚构规划, en: Synthetic plan}}
issuer: {{zh: 虚构, en: Synthetic}}
issued: 2021-12-31
jurisdiction: {top}
baseline_date: 2020-12-31
horizon: 2025-12-31
source_text: sources/plan.md
phases:
  - {{id: p2025, name: {{zh: 期末, en: End}}, end: 2025-12-31}}
targets:
  - ref: LV-01
    kind: threshold
    clause: 一
    wording: 社工达到100人
    label: {{zh: 社工, en: Social workers}}
    measure: social_workers
    value: 100
    phase: p2025
{coverage}""",
        encoding="utf-8",
    )
    (root / "sources").mkdir()
    (root / "sources" / "plan.md").write_text("SYNTHETIC: 社工达到100人。每个单位至少1名社工。\n", encoding="utf-8")
    source = "synthetic://tests/levels,synthetic,SYNTHETIC"
    lines = [
        f"{day},{mine[0]['name']},social_workers,{n},,{source}" for day, n in (("2020-12-31", 50), ("2023-12-31", 80))
    ]
    lines += [f"2023-12-31,{u['name']},social_workers,1,,{source}" for u in units[:-1]]
    (root / "data" / "observations.csv").write_text(
        "date,area,measure,value,qualifier,source_url,grade,note\n" + "\n".join(lines) + "\n", encoding="utf-8"
    )
    (root / "data" / "units.csv").write_text("date,register,unit,area,measure,value,qualifier,source_url,grade,note\n")
    (root / "data" / "events.csv").write_text("ref,date,status,evidence,source_url,grade,note\n")
    return root


LEVELS_OF = {
    "province": ("province",),
    "prefecture": ("prefecture",),
    "county_level": ("district", "county"),
    "township": ("township",),
    "community": ("community",),
}


@pytest.mark.parametrize(
    ("top", "level", "country", "children"),
    [
        ("example_country", "province", True, ["示例省"]),
        ("example_province", "prefecture", False, ["甲市", "乙市"]),
        ("jia", "county_level", False, ["甲东区", "甲西县"]),
        ("jiadong", "township", False, ["东城街道", "东湖镇"]),
        ("dongcheng_st", "community", False, ["东城社区"]),
        ("beimen_c", None, False, []),
    ],
)
def test_every_level_is_a_jurisdiction(
    runner: CliRunner, tmp_path: Path, top: str, level: str | None, country: bool, children: list[str]
) -> None:
    root = cut(tmp_path, top, level, country=country)
    assert errors(runner, root) == 0
    found = statuses(runner, root, "2023-12-31")
    assert found["LV-01"] == ("on_track", None, None)
    if level:
        assert found["LV-02"][1:] == (len(children) - 1, len(children))
    # The default request asks the direct children, each for itself: one file each, and one for
    # the jurisdiction's own figure.
    out = tmp_path / "req"
    code, stdout, _ = invoke(
        runner, root, "request", "--plan", "level_plan", "--as-of", "2025-12-31", "--format", "csv", "-o", str(out)
    )
    assert code == 0
    own = {"example_country": "示例国", "example_province": "示例省", "jia": "甲市", "jiadong": "甲东区"}
    own |= {"dongcheng_st": "东城街道", "beimen_c": "北门社区"}
    assert [Path(p).name.removesuffix("-2025-12-31.csv") for p in stdout.splitlines()] == [own[top], *children]


# --- who is asked, on any tree of areas ---------------------------------------------------------

TIERS = ["province", "prefecture", "county", "township", "community"]


@st.composite
def trees(draw: st.DrawFn) -> list[Area]:
    """A registry: a root and areas each below an earlier one, one or two levels down."""
    tiers = [0]
    parents: list[int | None] = [None]
    for _ in range(draw(st.integers(0, 24))):
        parent = draw(st.integers(0, len(tiers) - 1))
        tier = tiers[parent] + draw(st.integers(1, 2))
        if tier >= len(TIERS):
            continue
        tiers.append(tier)
        parents.append(parent)
    return [
        Area(f"a{i}", f"地区{i}", f"Area {i}", TIERS[t], parent=None if p is None else f"a{p}")
        for i, (t, p) in enumerate(zip(tiers, parents, strict=True))
    ]


@settings(max_examples=200, deadline=None)
@given(trees(), st.sampled_from(UNIT_LEVEL_NAMES), st.data())
def test_every_gap_goes_to_one_office_above_it(areas: list[Area], level: str, data: st.DataObject) -> None:
    index = AreaIndex([Registry("root", areas)])
    tracker = SimpleNamespace(areas=index)
    measure = Measure(id="m", label=Text(zh="指标", en="m"), unit="persons", definition="SYNTHETIC")
    asked = data.draw(st.lists(st.sampled_from(areas), unique=True, min_size=1))
    gaps = [Gap(a, measure, ("T-01",), None, None) for a in asked]
    when = date(2025, 12, 31)
    offices = addressed(tracker, gaps, level, when)  # type: ignore[arg-type]
    seen = [gap.area.id for _, sheets in offices for _, mine in sheets for gap in mine]
    assert sorted(seen) == sorted(a.id for a in asked)  # each gap once
    for office, sheets in offices:
        for area, _ in sheets:
            above = index.ancestor_at(area, UNIT_LEVELS[level], when)
            # Its office is the area above it (or itself) at the level; with none, itself.
            assert office == (above or area)

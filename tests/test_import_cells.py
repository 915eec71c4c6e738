"""swtrack import at the cell: units in cells, a request's own provenance, findings under the sheet's headers."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import TODAY
from swtrack.cli import app
from test_import import OPTS, SRC, repo_copy, run


def _written(root: Path, name: str) -> list[str]:
    return (root / "data" / "observations" / f"{name}.csv").read_text(encoding="utf-8").splitlines()[1:]


def test_a_unit_in_a_cell_is_read_when_it_is_the_measures(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    source = tmp_path / "x.csv"
    source.write_text("区县,机构数\n东城区,1家\n西城区,3个\n朝阳区,约12所\n", encoding="utf-8")
    code, err = run(runner, root, str(source), *OPTS)
    assert code == 0, err
    assert err == (
        "normalised: x!B2 '机构数': '1家' → 1\n"
        "normalised: x!B3 '机构数': '3个' → 3\n"
        "normalised: x!B4 '机构数': '约12所' → 12 (qualifier about)\n"
        "wrote data/observations/x.csv: 3 rows, 3 cells normalised (listed above)\n"
    )
    assert _written(root, "x") == [
        f'2015-12-31,东城区,sw_agencies,1,{SRC},B,,"原文: ""1家"""',
        f'2015-12-31,西城区,sw_agencies,3,{SRC},B,,"原文: ""3个"""',
        f'2015-12-31,朝阳区,sw_agencies,12,{SRC},B,about,"原文: ""约12所"""',
    ]


def test_a_unit_in_a_cell_that_is_not_the_measures_is_refused_at_its_cell(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    source = tmp_path / "x.csv"
    source.write_text("区县,机构数\n东城区,1家\n西城区,12人\n", encoding="utf-8")
    code, err = run(runner, root, str(source), *OPTS)
    assert code == 1
    assert err == (  # one finding for the cell (not a second 'not a number' for it), and only for it
        "x.csv x!B3 '机构数': error [unit-mismatch] '12人' is in 人; the measure sw_agencies counts agencies "
        "(个、家、所)\n"
        "    hint: Check that the figure belongs to this measure; write the number alone, or in the measure's unit.\n"
        "nothing written: 1 error in the imported rows\n"
    )
    assert not (root / "data" / "observations").exists()


def test_a_request_filled_in_its_value_column_only_is_its_own_source(
    runner: CliRunner, mini: Path, tmp_path: Path
) -> None:
    # The office fills 数值 and nothing else: its return is the source (the office, the request's date, the file).
    req = tmp_path / "req"
    args = ["--root", str(mini), "request", "--plan", "mini_plan", "--as-of", "2020-12-31", "--lang", "zh", "-o"]
    assert runner.invoke(app, [*args, str(req)]).exit_code == 0
    book = load_workbook(req / "迷你市-2020-12-31.xlsx")
    book["迷你市"]["J3"] = "约800人"
    book.save(tmp_path / "迷你市-2020-12-31.xlsx")
    code, err = run(runner, mini, str(tmp_path / "迷你市-2020-12-31.xlsx"))
    assert code == 0, err
    source = "request:2020-12-31/迷你市/迷你市-2020-12-31.xlsx"
    assert err == (
        f"note: sheet '迷你市': 1 rows without a source: the office's return to the request is their source ({source})\n"
        "normalised: 迷你市!J3 '数值': '约800人' → 800 (qualifier about)\n"
        "wrote data/observations/迷你市-2020-12-31.csv: 1 rows, 1 cell normalised (listed above)\n"
    )
    assert _written(mini, "迷你市-2020-12-31") == [
        f'2020-12-31,迷你市,workers,800,{source},A,about,"原文: ""约800人"""'
    ]
    assert runner.invoke(app, ["--root", str(mini), "validate", "--today", TODAY]).exit_code == 0


def test_a_finding_names_the_cell_under_its_header_not_the_row_and_field(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    source = tmp_path / "x.csv"
    source.write_text("区县,机构数,来源\n东城区,3,\n", encoding="utf-8")
    code, err = run(runner, root, str(source), "--as-of", "2015-12-31", "--grade", "B", "--measure", "sw_agencies")
    assert code == 1
    assert err == (
        "x.csv x!C2 '来源': error [missing-value] '来源' is empty: every value needs its source\n"
        "    hint: Fill in the field.\n"
        "nothing written: 1 error in the imported rows\n"
    )


def test_did_you_mean_offers_only_areas_of_the_same_kind(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    source = tmp_path / "x.csv"
    source.write_text("区县,机构数\n景山街道,3\n石景山,2\n", encoding="utf-8")
    code, err = run(runner, root, str(source), *OPTS)
    assert code == 1
    assert err == (
        "x.csv x!A2 '区县': error [unknown-area] unknown area '景山街道'\n"
        "    hint: Use a name from targets/areas/.\n"
        "x.csv x!A3 '区县': error [unknown-area] unknown area '石景山'\n"
        "    hint: Did you mean '石景山区'?\n"
        "nothing written: 2 errors in the imported rows\n"
    )


def test_an_explicit_measure_wins_over_a_header_naming_one(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    source = tmp_path / "x.csv"
    source.write_text("区县,持证社会工作者\n东城区,3\n", encoding="utf-8")
    code, err = run(runner, root, str(source), *OPTS)
    assert code == 0, err
    assert err == (
        "note: x!B1 '持证社会工作者': read as --measure sw_agencies (the header names certified_social_workers)\n"
        "wrote data/observations/x.csv: 1 rows, 0 cells normalised\n"
    )
    assert _written(root, "x") == [f"2015-12-31,东城区,sw_agencies,3,{SRC},B,,"]


def test_an_explicit_measure_over_several_measure_columns_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    source = tmp_path / "x.csv"
    source.write_text("区县,持证社会工作者,社会工作从业人员\n东城区,3,4\n", encoding="utf-8")
    code, err = run(runner, root, str(source), *OPTS)
    assert code == 2
    assert err == (
        "error: x.csv x!1:1: --measure sw_agencies, but the columns '持证社会工作者' (certified_social_workers), "
        "'社会工作从业人员' (practitioners) each name a measure; map the one that holds sw_agencies with "
        "--map 'COLUMN=sw_agencies' and leave out the others with --ignore, or drop --measure\n"
    )
    assert not (root / "data" / "observations").exists()


def test_a_finding_on_a_row_of_several_figures_is_reported_once(runner: CliRunner, tmp_path: Path) -> None:
    # A street row with two measures' figures makes two rows; its unknown area was reported twice.
    root = repo_copy(tmp_path)
    source = tmp_path / "x.csv"
    source.write_text("区县,持证社会工作者,社会工作从业人员\n景山街道,1,2\n东城区,3,4\n", encoding="utf-8")
    code, err = run(runner, root, str(source), "--as-of", "2015-12-31", "--grade", "B", "--source", SRC)
    assert code == 1
    assert err == (
        "x.csv x!A2 '区县': error [unknown-area] unknown area '景山街道'\n"
        "    hint: Use a name from targets/areas/.\n"
        "nothing written: 1 error in the imported rows\n"
    )

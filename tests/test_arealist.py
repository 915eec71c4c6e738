"""Area registries written as CSV: the column path gives what the row-by-row model path gives."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from swtrack.findings import Report
from swtrack.load import arealist
from swtrack.load.arealist import read_area_csv
from swtrack.model.areas import Area, AreaLink
from swtrack.model.dates import PartialDate

HEADER = "id,name,en,level,code,parent,valid_from,valid_to,predecessors,note,source"

# Each column's cells: mostly valid, some that the model refuses, some padded with spaces.
CELLS = {
    "id": st.sampled_from(["bj", "dongcheng", "x_1", "Bad", "1x", "", " bj "]),
    "name": st.sampled_from(["北京市", "东城区", "", " 西城区"]),
    "en": st.sampled_from(["Beijing", "Dongcheng", ""]),
    "level": st.sampled_from(["city", "district", "township", "town", ""]),
    "code": st.sampled_from(["", "110101", " 110102 "]),
    "parent": st.sampled_from(["", "bj"]),
    "valid_from": st.sampled_from(["", "2010-07", "2010-07-01", "2010-13", "July 2010"]),
    "valid_to": st.sampled_from(["", "2010-06-30", "2021"]),
    "predecessors": st.sampled_from(["", "chongwen:merged", "a:renamed;b:split", "a", "a:moved", " ; "]),
    "note": st.sampled_from(["", "合并"]),
    "source": st.sampled_from(["", "https://example.org/x"]),
}
ROW = st.fixed_dictionaries(CELLS)


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    lines = [HEADER, *(",".join(r[k] for k in HEADER.split(",")) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _exact(path: Path) -> tuple[list[Area] | None, list[tuple[object, ...]]]:
    report = Report()
    found = arealist._exact(path, "targets/areas/x.csv", report)
    return found, [(f.code, f.message, f.line, f.column) for f in report.findings]


@settings(max_examples=150, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=12))
def test_the_column_path_agrees_with_the_model(tmp_path_factory: object, rows: list[dict[str, str]]) -> None:
    path = Path(str(tmp_path_factory.mktemp("areas"))) / "cn.csv"  # type: ignore[attr-defined]
    _write(path, rows)
    report = Report()
    loaded = read_area_csv(path, "targets/areas/x.csv", report)
    expected, findings = _exact(path)
    assert loaded is not None and expected is not None
    assert loaded.areas == expected
    assert [(f.code, f.message, f.line, f.column) for f in report.findings] == findings
    quick = arealist._quick(path)
    if quick is not None:  # taken only when the model accepts every row, and equal to its areas
        assert findings == [] and quick == expected


def test_a_plain_registry_is_read_from_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "bj.csv"
    path.write_text(
        HEADER + "\n"
        "bj,北京市,Beijing,city,110000,,,,,,\n"
        "dongcheng,东城区,Dongcheng,district,110101,bj,2010-07,,chongwen:merged; dongcheng_old,,\n",
        encoding="utf-8",
    )
    areas = arealist._quick(path)
    assert areas == [
        Area("bj", "北京市", "Beijing", "city", "110000", None),
        Area(
            "dongcheng",
            "东城区",
            "Dongcheng",
            "district",
            "110101",
            "bj",
            PartialDate.parse("2010-07"),
            None,
            (AreaLink(id="chongwen", how="merged"), AreaLink(id="dongcheng_old", how="renamed")),
        ),
    ]


def test_a_bad_row_is_named_by_line_and_column_and_left_out(tmp_path: Path) -> None:
    path = tmp_path / "bj.csv"
    path.write_text(HEADER + "\nbj,北京市,Beijing,city,,,,,,,\nxc,西城区,Xicheng,distrct,,bj,,,,,\n", encoding="utf-8")
    report = Report()
    registry = read_area_csv(path, "targets/areas/bj.csv", report)
    assert registry is not None
    assert [a.id for a in registry.areas] == ["bj"]
    assert [(f.code, f.file, f.line, f.column) for f in report.findings] == [
        ("invalid-value", "targets/areas/bj.csv", 3, "level")
    ]
    assert report.findings[0].message.startswith("level: Input should be 'country', 'province'")


def test_a_quoted_registry_takes_the_row_path(tmp_path: Path) -> None:
    path = tmp_path / "bj.csv"
    path.write_text(HEADER + '\nbj,北京市,Beijing,city,,,,,,"a note, with a comma",\n', encoding="utf-8")
    assert arealist._quick(path) is None
    registry = read_area_csv(path, "targets/areas/bj.csv", Report())
    assert registry is not None and registry.areas[0].note == "a note, with a comma"


def test_a_file_name_that_is_not_an_id_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "Beijing.csv"
    path.write_text(HEADER + "\nbj,北京市,Beijing,city,,,,,,,\n", encoding="utf-8")
    report = Report()
    assert read_area_csv(path, "targets/areas/Beijing.csv", report) is None
    assert [(f.code, f.message, f.line) for f in report.findings] == [
        ("invalid-value", "'Beijing' is not a jurisdiction id (lower-case letters, digits, _)", 1)
    ]


VALID = {
    "id": st.sampled_from(["bj", "dongcheng", " x_1"]),
    "name": st.sampled_from(["北京市", " 西城区"]),
    "en": st.sampled_from(["Beijing", "Dongcheng "]),
    "level": st.sampled_from(["city", "district", "township"]),
    "code": CELLS["code"],
    "parent": CELLS["parent"],
    "valid_from": st.sampled_from(["", "2010-07", "2010-07-01"]),
    "valid_to": CELLS["valid_to"],
    "predecessors": st.sampled_from(["", "chongwen:merged", "a:renamed;b:split", "a", " ; "]),
    "note": CELLS["note"],
    "source": CELLS["source"],
}


@settings(max_examples=50, deadline=None)
@given(st.lists(st.fixed_dictionaries(VALID), min_size=1, max_size=12))
def test_valid_registries_take_the_column_path(tmp_path_factory: object, rows: list[dict[str, str]]) -> None:
    path = Path(str(tmp_path_factory.mktemp("areas"))) / "cn.csv"  # type: ignore[attr-defined]
    _write(path, rows)
    expected, findings = _exact(path)
    assert findings == []
    assert arealist._quick(path) == expected

"""swtrack import keeps every row and every original text: locked merges, linear merges, numbers read one way."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import TODAY
from swtrack.cli import app
from swtrack.exchange import importer
from swtrack.exchange.cellnumbers import Reading, normalise_number, read_number
from swtrack.exchange.importer import Imported
from swtrack.load.fastcsv import FAST_MIN_BYTES
from swtrack.load.snapshots import OBSERVATIONS
from test_import import OPTS, repo_copy, run

HEADER = "date,area,measure,value,qualifier,source_url,grade,note\n"


def _rows(area: str, first: int, count: int) -> str:
    start = date(2001, 1, 1)
    return "".join(
        f"{start + timedelta(days=k)},{area},workers,{k % 90 + 1},,https://example.org/s,B,\n"
        for k in range(first, first + count)
    )


def test_two_imports_into_one_file_at_once_keep_every_row(mini: Path, tmp_path: Path) -> None:
    # Two real processes started together, ten times: the tracker is locked from reading the file to
    # writing it, so the second merges into what the first wrote (before, one import's rows were lost).
    folder = mini / "data" / "observations"
    folder.mkdir()
    command = [sys.executable, "-m", "swtrack", "--root", str(mini), "import", "--name", "shared"]
    for trial in range(10):
        (folder / "shared.csv").write_text(HEADER + _rows("东区", 0, 2000), encoding="utf-8")
        sources = []
        for area in ("东区", "西区"):
            source = tmp_path / f"{area}-{trial}.csv"
            source.write_text(HEADER + _rows(area, 2000 + 40 * trial, 40), encoding="utf-8")
            sources.append(source)
        runs = [subprocess.Popen([*command, str(s)], stderr=subprocess.PIPE, text=True) for s in sources]
        outcomes = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in runs]
        assert [code for code, _ in outcomes] == [0, 0], outcomes
        lines = (folder / "shared.csv").read_text(encoding="utf-8").splitlines()
        assert len(lines) == 1 + 2000 + 80, f"trial {trial}: {len(lines) - 2001} of 80 imported rows kept"
        assert sum(",西区," in line for line in lines) == 40
        assert not [p.name for p in folder.iterdir() if p.name != "shared.csv"]  # no lock or temporary files left


def test_the_written_table_is_scanned_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # The line each row starts on is counted from the record just written, not from the whole text
    # so far (which made merging 40,000 rows take minutes): every character is scanned once.
    scanned: list[int] = []
    count = importer.line_breaks
    monkeypatch.setattr(importer, "line_breaks", lambda text: scanned.append(len(text)) or count(text))
    rows = [
        {"date": "2015", "area": "东区", "measure": "workers", "value": str(i), "note": "a\nb" if i % 3 else ""}
        for i in range(3000)
    ]
    text, starts = Imported(OBSERVATIONS, rows, [None] * len(rows)).csv_lines()
    assert sum(scanned) == len(text)
    assert starts[:5] == [2, 3, 5, 7, 8]
    assert starts[-1] == 2 + 2999 + 1999  # 1,999 of the 2,999 rows before the last take two lines
    assert text.count("\n") == 1 + 3000 + 2000


def test_the_lock_is_an_advisory_lock_on_the_folder(tmp_path: Path) -> None:
    from swtrack.atomic import locked

    waited: list[bool] = []
    with locked(tmp_path):
        # Another process sees the lock; a flock taken on a new descriptor in the same process conflicts too.
        probe = subprocess.run(
            [sys.executable, "-c", _TRY_LOCK, str(tmp_path)], capture_output=True, text=True, check=True
        )
        assert probe.stdout == "busy\n"
    with locked(tmp_path, lambda: waited.append(True)):
        pass
    assert waited == []
    assert os.listdir(tmp_path) == []


_TRY_LOCK = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
try:
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    print("free")
except BlockingIOError:
    print("busy")
"""


# --- numbers with one reading ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number", "qualifier"),
    [
        ("1,500", "1500", ""),
        ("12,345,678", "12345678", ""),
        ("１，５００", "1500", ""),
        ("1,234.5", "1234.5", ""),
        ("约1.2万", "12000", "about"),
        ("超过300", "300", "more_than"),
        ("1000余", "1000", "odd"),
        ("20余万", "200000", "odd"),
        ("120+", "120", "more_than"),
        ("100人左右", "100", "about"),
        ("不少于8", "8", "at_least"),
    ],
)
def test_numbers_with_one_reading(text: str, number: str, qualifier: str) -> None:
    assert read_number(text, ("人",)) == Reading(number, qualifier, "人" if "人" in text else "")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("1,5", "ambiguous comma"),
        ("12,34", "ambiguous comma"),
        ("1，5", "ambiguous comma"),
        ("0,500", "ambiguous comma"),
        ("1,2345", "ambiguous comma"),
        ("约100余", "two qualifiers"),
        ("lots", "not a number"),
        ("1.2.3", "not a number"),
    ],
)
def test_numbers_without_one_reading_are_not_read(text: str, problem: str) -> None:
    assert read_number(text) == Reading(None, problem=problem)
    assert normalise_number(text) == (text, "")


_NUMBERISH = st.text(alphabet="0123456789,，.１２５", min_size=1, max_size=12)


@given(text=_NUMBERISH, before=st.sampled_from(["", "约", "超过", "近", "~"]), after=st.sampled_from(["", "万", "余"]))
def test_a_number_read_has_exactly_one_reading(text: str, before: str, after: str) -> None:
    # Accepted means: the commas, if any, are thousands separators in their one canonical place
    # (so 1,5 / 12,34 / 0,500 / 1,2345 are never read), and the value is the digits without them.
    reading = read_number(before + text + after)
    if reading.number is None:
        return
    digits = unicodedata.normalize("NFKC", text)
    whole, _, fraction = digits.partition(".")
    if "," in whole:
        assert f"{int(whole.replace(',', '')):,}" == whole
    assert "," not in fraction
    expected = Decimal(digits.replace(",", "")) * (10_000 if after == "万" else 1)
    assert Decimal(reading.number) == expected
    assert reading.qualifier == (
        {"余": "odd"}.get(after)
        or {"约": "about", "~": "about"}.get(before)
        or {"超过": "more_than", "近": "nearly"}.get(before, "")
    )


def test_ambiguous_numbers_are_refused_at_their_cells(runner: CliRunner, tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    source = tmp_path / "x.csv"
    rows = '区县,机构数\n东城区,"1,5"\n西城区,"12,34"\n朝阳区,1，5\n海淀区,"1,500"\n丰台区,"12,345"\n'
    source.write_text(rows, encoding="utf-8")
    code, err = run(runner, root, str(source), *OPTS)
    assert code == 1
    hint = "    hint: Write the number as it is meant, with a point for a fraction and no commas: {}.\n"
    problem = "error [bad-number] '{}' is ambiguous: a comma that does not separate groups of three digits\n"
    assert err == (
        "x.csv x!B2 '机构数': "
        + problem.format("1,5")
        + hint.format("1.5 or 15")
        + "x.csv x!B3 '机构数': "
        + problem.format("12,34")
        + hint.format("12.34 or 1234")
        + "x.csv x!B4 '机构数': "
        + problem.format("1，5")
        + hint.format("1.5 or 15")
        + "nothing written: 3 errors in the imported rows\n"
    )
    assert not (root / "data" / "observations").exists()
    source.write_text('区县,机构数\n海淀区,"1,500"\n丰台区,"12,345"\n', encoding="utf-8")
    code, err = run(runner, root, str(source), *OPTS)
    assert code == 0, err
    assert [line.split(",")[3] for line in (root / "data/observations/x.csv").read_text().splitlines()[1:]] == [
        "1500",
        "12345",
    ]


@pytest.mark.parametrize("large", [False, True], ids=["exact path", "fast path"])
@pytest.mark.parametrize(
    ("cell", "hint"), [('"1,5"', "1.5 or 15"), ('"12,34"', "12.34 or 1234"), ("1，5", "1.5 or 15")]
)
def test_ambiguous_numbers_in_data_files_are_refused_at_their_line(
    runner: CliRunner, mini: Path, cell: str, hint: str, large: bool
) -> None:
    folder = mini / "data" / "observations"
    folder.mkdir()
    filler = _rows("东区", 0, 800) if large else ""
    (folder / "more.csv").write_text(HEADER + filler + f"2009-01-01,西区,workers,{cell},,https://x.org/s,B,\n")
    assert (folder / "more.csv").stat().st_size > FAST_MIN_BYTES or not large
    result = runner.invoke(app, ["--root", str(mini), "validate", "--today", TODAY])
    line = 802 if large else 2
    text = cell.strip('"')
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        f"data/observations/more.csv:{line}:value: error [bad-number] '{text}' is ambiguous: a comma that does not "
        "separate groups of three digits",
        f"    hint: Write the number as it is meant, with a point for a fraction and no commas: {hint}.",
    ]

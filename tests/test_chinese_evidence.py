"""Evidence in the language of the output: the `_zh` columns of data/, picked by `in_language`."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLES, MINI, REPO
from swtrack.cli import app
from swtrack.load.tracker import load_tracker
from swtrack.model.base import UNTRANSLATED, in_language

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


def _rows(root: Path, table: str) -> list[dict[str, str]]:
    with (root / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("root", [REPO, EXAMPLES], ids=["repo", "example"])
@pytest.mark.parametrize("table", ["observations", "units", "events"])
def test_every_shipped_row_has_its_chinese_text(root: Path, table: str) -> None:
    pairs = [("note", "note_zh")] + ([("evidence", "evidence_zh")] if table == "events" else [])
    rows = _rows(root, table)
    assert rows
    for i, row in enumerate(rows, start=2):
        for original, zh in pairs:
            assert zh in row, f"{table}.csv has no {zh} column"
            if row[original]:
                assert row[zh].strip(), f"{table}.csv:{i}: {original} has no {zh}"
                assert CJK.search(row[zh]), f"{table}.csv:{i}: {zh} is not Chinese"


def test_the_synthetic_province_marks_its_figures_synthetic_in_chinese_too() -> None:
    rows = _rows(REPO / "examples" / "synthetic-province", "observations")
    assert len(rows) == 11
    assert {(r["note"], r["note_zh"]) for r in rows} == {("SYNTHETIC", "虚构")}


@pytest.mark.parametrize("table", ["observations", "units", "events"])
def test_the_chinese_note_keeps_the_quote_as_quoted(table: str) -> None:
    # A note opens with the quote, then " — " and the commentary; a quote read in Chinese is
    # carried over to note_zh character for character, never re-worded.
    checked = 0
    for i, row in enumerate(_rows(REPO, table), start=2):
        quote = row["note"].split(" — ", 1)[0]
        if " — " in row["note"] and CJK.search(quote) and not LATIN.search(quote):
            assert quote in row["note_zh"], f"{table}.csv:{i}"
            checked += 1
    assert checked >= {"observations": 20, "units": 10, "events": 20}[table]


def explain(runner: CliRunner, ref: str, *args: str, root: Path = REPO) -> str:
    result = runner.invoke(app, ["--root", str(root), "explain", ref, *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_explain_shows_the_evidence_in_its_own_language(runner: CliRunner) -> None:
    row = next(r for r in _rows(REPO, "events") if r["ref"] == "SZ-11" and r["date"] == "2012-05-23")
    # explain wraps to the terminal: zh lines join without a space, en lines with one.
    zh = "".join(line.strip() for line in explain(runner, "SZ-11", "--lang", "zh").splitlines())
    en = " ".join(explain(runner, "SZ-11", "--lang", "en").split())
    # The evidence in Chinese, its grade beside it and its source a numbered footnote.
    assert f"证据：2012-05-23 {row['evidence_zh']}（等级 B）[1]来源[1] {row['source_url']}" in zh
    assert "判定规则：2012-05-23 已完成证据：2012-05-23 " in zh  # the rule no longer repeats the (English) evidence
    assert row["evidence"] not in zh and UNTRANSLATED not in zh
    assert f"Evidence: 2012-05-23 {row['evidence']} (grade B) [1] Sources [1] {row['source_url']}" in en
    assert row["evidence_zh"] not in en


def test_what_was_done_instead_is_said_in_each_language(runner: CliRunner) -> None:
    # BJ-11 is met by a substitute (the 协会, not the plan's 联合会): explain and gaps name it in
    # the output's language.
    row = next(r for r in _rows(REPO, "events") if r["ref"] == "BJ-11" and r["date"] == "2017-09-01")
    assert row["status"] == "substitute"
    zh = "".join(line.strip() for line in explain(runner, "BJ-11", "--lang", "zh").splitlines())
    en = " ".join(explain(runner, "BJ-11", "--lang", "en").split())
    assert f"替代做法（并非规划所列事项）：{row['evidence_zh']}（等级 B）[1]来源[1] {row['source_url']}" in zh
    assert row["evidence"] not in zh
    assert (
        f"Done instead (not what the plan names): {row['evidence']} (grade B) [1] Sources [1] {row['source_url']}" in en
    )
    assert row["evidence_zh"] not in en
    for lang, shown, hidden in (("zh", "evidence_zh", "evidence"), ("en", "evidence", "evidence_zh")):
        result = runner.invoke(app, ["--root", str(REPO), "gaps", "--plan", "beijing_2011", "--lang", lang, "--json"])
        assert result.exit_code == 0, result.output
        needed = next(g for g in json.loads(result.stdout) if g["ref"] == "BJ-11")["needed"]
        assert row[shown] in needed and row[hidden] not in needed


def test_explain_years_and_the_brief_show_the_chinese_evidence(runner: CliRunner) -> None:
    events = [r for r in _rows(REPO, "events") if r["ref"] == "BJ-20a"]
    zh = explain(runner, "BJ-20a", "--lang", "zh", "--format", "json")
    assert all(r["evidence_zh"] in zh for r in events)
    text = " ".join(explain(runner, "BJ-20a", "--lang", "zh").split())
    assert all(r["evidence_zh"][:12] in text for r in events)
    assert not any(r["evidence"][:30] in text for r in events)
    result = runner.invoke(app, ["--root", str(REPO), "brief", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    bj06 = next(r for r in _rows(REPO, "events") if r["ref"] == "BJ-06")
    assert f"2016：{bj06['evidence_zh']}" in result.output
    assert bj06["evidence"] not in result.output
    english = runner.invoke(app, ["--root", str(REPO), "brief", "--lang", "en"]).output
    assert f"2016: {bj06['evidence']}" in english and bj06["evidence_zh"] not in english


def test_a_tracker_without_the_chinese_columns_loads_and_says_what_is_untranslated(
    runner: CliRunner, tmp_path: Path
) -> None:
    root = tmp_path / "old"
    (root / "data").mkdir(parents=True)
    for sub in ("targets", "sources"):
        (root / sub).symlink_to(EXAMPLES / sub)
    for table in ("observations", "units", "events"):
        rows = _rows(EXAMPLES, table)
        names = [n for n in rows[0] if not n.endswith("_zh")]
        with (root / "data" / f"{table}.csv").open("w", encoding="utf-8", newline="") as fh:
            out = csv.DictWriter(fh, names, extrasaction="ignore", lineterminator="\n")
            out.writeheader()
            out.writerows(rows)
    tracker, report = load_tracker(root)
    assert not report.errors
    event = next(e for e in tracker.events if e.ref == "EX-16")
    assert (event.evidence_zh, event.note_zh) == ("", "")
    zh = " ".join(explain(runner, "EX-16", "--lang", "zh", root=root).split())
    # No Chinese column: zh falls back to the original, marked, never passed off as Chinese.
    assert f"2012-09-01 {UNTRANSLATED}Example City social workers' association founded (synthetic)" in zh
    en = " ".join(explain(runner, "EX-16", "--lang", "en", root=root).split())
    assert UNTRANSLATED not in en and "2012-09-01 Example City social workers' association founded" in en


def test_the_fast_reader_and_the_exact_reader_agree_on_the_chinese_note(tmp_path: Path) -> None:
    from swtrack.load.fastcsv import FAST_MIN_BYTES

    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    header = "date,area,measure,value,qualifier,source_url,grade,note,note_zh\n"
    rows = [
        f"{2000 + i % 20}-{1 + i % 12:02d},迷你市,workers,{i},,https://example.org/{i},B,row {i},第{i}行\n"
        for i in range(600)
    ]
    plain = header + "".join(rows)
    assert len(plain.encode("utf-8")) > FAST_MIN_BYTES and '"' not in plain
    path = root / "data" / "observations.csv"
    path.write_text(plain, encoding="utf-8")
    fast, report = load_tracker(root)
    assert not report.errors
    # The same rows with a quoted cell take the exact reader.
    path.write_text(plain.replace("row 7,", '"row 7",'), encoding="utf-8")
    exact, report = load_tracker(root)
    assert not report.errors
    for tracker in (fast, exact):
        notes = {(o.line, o.note, o.note_zh) for o in tracker.observations}
        assert (9, "row 7", "第7行") in notes and (601, "row 599", "第599行") in notes
        assert all(o.note_zh == f"第{o.note[4:]}行" for o in tracker.observations)


@given(st.text(max_size=20), st.text(max_size=20))
def test_each_language_shows_its_own_text_and_never_mixes_silently(original: str, zh: str) -> None:
    assert in_language(original, zh, "en") == original
    shown = in_language(original, zh, "zh")
    if zh:
        assert shown == zh
    elif LATIN.search(original):
        assert shown == UNTRANSLATED + original
    else:
        assert shown == original

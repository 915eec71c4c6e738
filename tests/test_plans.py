"""The shipped tracker: both plans in full, quotes found in the plan texts, data that validates."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, REPO, TODAY
from swtrack.cli import app
from swtrack.load.tracker import Tracker, load_tracker
from swtrack.model.plan import KINDS

BJ_REFS = [f"BJ-{i:02d}" for i in range(1, 22)]
SZ_REFS = [f"SZ-{i:02d}" for i in range(1, 18)]
CN_REFS = [f"CN-{i:02d}" for i in range(1, 8)]


@pytest.fixture(scope="module")
def tracker() -> Tracker:
    t, report = load_tracker(REPO)
    assert [(f.code, f.file) for f in report.findings] == []
    return t


def test_every_seed_ref_is_encoded(tracker: Tracker) -> None:
    refs = {p.id: sorted({t.ref for t in p.targets}) for p in tracker.plans}
    assert refs == {"beijing_2011": BJ_REFS, "national_2011": CN_REFS, "shenzhen_2007": SZ_REFS}


def test_multi_part_refs(tracker: Tracker) -> None:
    ids = [t.id for _, t in tracker.targets()]
    for part in ("BJ-15a", "BJ-15b", "BJ-15c", "BJ-20a", "BJ-20b", "SZ-06a", "SZ-06b", "SZ-12a", "SZ-12b"):
        assert part in ids
    assert len(ids) == len(set(ids)) == 43 + 7


def _plain(text: str) -> str:
    """Wording compared without punctuation or spaces (the copies differ in full/half-width marks)."""
    return re.sub(r"[\s,，、。;；:：“”\"'()（）~～—\-]", "", text)


def test_every_wording_is_quoted_from_its_plan(tracker: Tracker) -> None:
    for plan in tracker.plans:
        source = _plain((REPO / plan.source_text).read_text(encoding="utf-8"))
        for target in plan.targets:
            for piece in target.wording.split("……"):
                assert _plain(piece) in source, f"{target.id}: {piece!r} is not in {plan.source_text}"


def test_clauses_and_kinds(tracker: Tracker) -> None:
    # The shipped plans set no increase over a period; the synthetic example shows every kind.
    kinds = {t.kind for _, t in tracker.targets()}
    assert kinds == set(KINDS) - {"increase"}
    example, _ = load_tracker(EXAMPLES)
    assert {t.kind for _, t in example.targets()} == set(KINDS)
    beijing = tracker.plan("beijing_2011")
    assert [p.id for p in beijing.phases] == ["p2013", "p2015", "p2020"]
    assert beijing.document_number == "京社委发〔2011〕14号"
    by_id = {t.id: t for t in beijing.targets}
    assert by_id["BJ-02"].clause == "二（一）"
    assert by_id["BJ-16"].clause == "三（五）"


def test_targets_without_a_number_are_tracked_not_judged(tracker: Tracker) -> None:
    untracked = sorted(t.id for _, t in tracker.targets() if not t.judged)
    assert untracked == ["BJ-21", "SZ-01", "SZ-12a", "SZ-15"]


def test_inferred_deadlines_say_so(tracker: Tracker) -> None:
    inferred = sorted(t.id for _, t in tracker.targets() if t.deadline_inferred)
    assert "BJ-08" in inferred and "BJ-11" in inferred and "SZ-08" in inferred
    for _, t in tracker.targets():
        if t.deadline_inferred:
            assert t.note, f"{t.id} infers its deadline without saying why"


def test_the_repository_validates(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--root", str(REPO), "validate", "--format", "json", "--today", TODAY])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["errors"] == 0
    # Every warning is a data gap, or the national series' break at 2016-11 (CN-01), never a malformed row.
    assert {f["code"] for f in report["findings"]} == {"measure-without-data", "series-break"}


def test_the_example_validates(runner: CliRunner) -> None:
    root = REPO / "examples" / "synthetic-city"
    result = runner.invoke(app, ["--root", str(root), "validate", "--format", "json", "--today", TODAY])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert [(f["code"], f["message"]) for f in report["findings"]] == [
        ("measure-without-data", "EX-22: no data for high_level_talents")
    ]


def test_every_data_row_has_a_source(tracker: Tracker) -> None:
    rows = [*tracker.observations, *tracker.unit_rows, *tracker.events]
    assert (len(tracker.observations), len(tracker.unit_rows), len(tracker.events)) == (111, 17, 36)
    for row in rows:
        assert row.source_url.startswith(("http://", "https://")), row
        assert row.grade in ("A", "A/B", "B", "C")
        assert row.note, f"{row.file}:{row.line} has no quote"


def test_example_data_is_labelled_synthetic() -> None:
    t, _ = load_tracker(REPO / "examples" / "synthetic-city")
    for row in [*t.observations, *t.unit_rows, *t.events]:
        assert (row.source_url, row.grade) == ("synthetic://examples", "synthetic")


def test_plan_files_reject_unknown_keys(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(REPO / "targets", tmp_path / "targets")
    (tmp_path / "data").mkdir()
    plan = tmp_path / "targets" / "beijing-2011.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("horizon:", "horizn:"), encoding="utf-8")
    _, report = load_tracker(tmp_path)
    unknown = [f for f in report.findings if f.code == "unknown-key"]
    assert [(f.file, f.line, f.message) for f in unknown] == [
        ("targets/beijing-2011.yaml", 16, "unknown key 'horizn' at horizn: did you mean horizon?")
    ]


def test_findings_doc_lists_every_code() -> None:
    from swtrack.findings import CATALOGUE

    doc = (REPO / "docs" / "findings.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (\S+)$", doc, re.M)
    assert headings == list(CATALOGUE)

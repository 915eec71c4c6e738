"""A file or an item that fails to load is reported first, as the root cause; the findings that
follow from it (every reference to what did not load) are folded under it in text and GitHub
output, and kept, each naming its root, in JSON."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from conftest import REPO, TODAY
from swtrack.cli import app

MakeMini = Callable[[list[dict[str, Any]]], Path]


def _validate(runner: CliRunner, root: Path, fmt: str = "json", *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--root", str(root), "validate", "--format", fmt, "--today", TODAY, *extra])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout


def _json(runner: CliRunner, root: Path) -> dict[str, Any]:
    code, out = _validate(runner, root)
    assert code == 1
    payload: dict[str, Any] = json.loads(out)
    return payload


def _shipped_copy(tmp_path: Path) -> Path:
    root = tmp_path / "tracker"
    for part in ("targets", "data", "sources"):
        shutil.copytree(REPO / part, root / part)
    return root


def test_a_misspelt_key_in_the_shipped_catalogue_leads_and_its_references_fold(
    runner: CliRunner, tmp_path: Path
) -> None:
    root = _shipped_copy(tmp_path)
    path = root / "targets" / "measures.yaml"
    text = path.read_text(encoding="utf-8")
    entry = "  - id: welfare_fund_total\n"
    at = text.index(entry)
    head, tail = text[:at], text[at:]
    assert tail.count("    count: false\n", 0, 200) == 1
    path.write_text(head + tail.replace("    count: false\n", "    cuont: false\n", 1), encoding="utf-8")
    line = (head + entry).count("\n") + 3  # id, label, unit, then the misspelt key
    payload = _json(runner, root)
    # Before: 197 errors, led by the first reference to any measure; now the one entry fails.
    root_finding, *rest = payload["findings"]
    assert root_finding == {
        "severity": "error",
        "code": "unknown-key",
        "file": "targets/measures.yaml",
        "line": line,
        "column": 5,
        "message": "unknown key 'cuont' at measures.43.cuont: did you mean count?",
        "hint": "Rename it to 'count'.",
        "message_zh": "measures.43.cuont 处有未知的键 'cuont'：是否指 count？",
        "hint_zh": "改名为 'count'。",
        "followers": 3,
    }
    where = f"targets/measures.yaml:{line}:5"
    followers = [f for f in rest if f.get("follows") == where]
    assert [f["code"] for f in rest[:3]] == [f["code"] for f in followers]
    assert Counter(f["code"] for f in followers) == {"unknown-measure": 2, "measure-without-data": 1}
    assert followers[0]["message"] == f"unknown measure 'welfare_fund_total' (not loaded: see {where})"
    assert payload["errors"] == 3
    assert [f for f in rest if f["severity"] == "error" and "follows" not in f] == []
    code, text_out = _validate(runner, root, "rich", "-q", "--lang", "en")
    assert code == 1
    assert text_out.splitlines()[:3] == [
        f"{where}: error [unknown-key] unknown key 'cuont' at measures.43.cuont: did you mean count?",
        "    hint: Rename it to 'count'.",
        "    and 3 findings that follow from it (unknown-measure ×2, measure-without-data ×1)",
    ]
    assert text_out.splitlines()[3:] == ["3 errors, 18 warnings"]
    # The shipped plans are in Chinese, and so is validate unless told otherwise.
    assert _validate(runner, root, "rich", "-q")[1].splitlines() == [
        f"{where}: 错误 [unknown-key] measures.43.cuont 处有未知的键 'cuont'：是否指 count？",
        "    提示：改名为 'count'。",
        "    及由此引起的 3 项问题（unknown-measure ×2、measure-without-data ×1）",
        "3 个错误，18 个警告",
    ]
    _, github = _validate(runner, root, "github", "-q", "--lang", "en")
    assert github == (
        f"::error file=targets/measures.yaml,line={line},col=5,title=swtrack unknown-key::unknown key 'cuont' "
        "at measures.43.cuont: did you mean count?; and 3 findings that follow from it (unknown-measure ×2, "
        "measure-without-data ×1). Hint: Rename it to 'count'.\n"
    )


def test_a_catalogue_that_cannot_be_read_folds_every_reference(runner: CliRunner, make_mini: MakeMini) -> None:
    root = make_mini([{"file": "targets/measures.yaml", "replace": "registers:\n", "with": "registers: [\n"}])
    payload = _json(runner, root)
    first = payload["findings"][0]
    assert (first["code"], first["file"], first["line"], first["followers"]) == (
        "yaml-syntax",
        "targets/measures.yaml",
        8,
        16,
    )
    follows = [f for f in payload["findings"] if f.get("follows") == "targets/measures.yaml:8:3"]
    assert Counter(f["code"] for f in follows) == {
        "unknown-measure": 11,
        "unknown-register": 2,
        "measure-without-data": 3,
    }
    assert (payload["errors"], payload["warnings"]) == (14, 3)
    assert all("did you mean" not in f["message"] for f in follows)


def test_a_target_that_fails_drops_alone_and_its_events_follow(runner: CliRunner, make_mini: MakeMini) -> None:
    root = make_mini([{"file": "targets/mini-plan.yaml", "replace": "    phase: p1\n", "with": "    phsae: p1\n"}])
    payload = _json(runner, root)
    assert [(f["code"], f["line"], f.get("followers"), f.get("follows")) for f in payload["findings"]] == [
        ("unknown-key", 27, 1, None),
        ("unknown-ref", 2, None, "targets/mini-plan.yaml:27:5"),
    ]
    # The other targets still load and are judged; findings about them keep their own lines.
    status = runner.invoke(app, ["--root", str(root), "status", "--format", "json", "--as-of", "2021-06-30"])
    assert [a["target"] for a in json.loads(status.stdout)["assessments"]] == ["MN-01", "MN-03", "MN-04", "MN-05"]


def test_an_area_that_fails_drops_alone_and_its_rows_follow(runner: CliRunner, make_mini: MakeMini) -> None:
    root = make_mini([{"file": "targets/areas/mini.yaml", "replace": "level: county,", "with": "levle: county,"}])
    payload = _json(runner, root)
    assert [(f["code"], f["file"], f["line"], f.get("followers"), f.get("follows")) for f in payload["findings"]] == [
        ("missing-key", "targets/areas/mini.yaml", 6, 2, None),
        ("unknown-area", "data/observations.csv", 6, None, "targets/areas/mini.yaml:6:5"),
        ("unknown-area", "targets/areas/mini.yaml", 12, None, "targets/areas/mini.yaml:6:5"),
        ("unknown-key", "targets/areas/mini.yaml", 6, None, None),
    ]

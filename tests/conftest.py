"""Shared fixtures: a CLI runner, the repository, and trackers copied into tmp folders."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini"
EXAMPLES = REPO / "examples" / "synthetic-city"
TODAY = "2026-11-21"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def copy_tracker(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest


def apply_edit(root: Path, edit: dict[str, Any]) -> None:
    """One edit of a fixture case: replace text, append, write, re-encode or delete."""
    path = root / edit["file"]
    if edit.get("delete"):
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
        return
    if "sparse_mb" in edit:
        # A file of that many MB that takes no disk (NUL bytes): for the size caps.
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as handle:
            handle.truncate(int(edit["sparse_mb"] * 1024 * 1024))
        return
    if "write" in edit:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(edit["write"], encoding="utf-8")
        return
    if "append_hex" in edit:
        path.write_bytes(path.read_bytes() + bytes.fromhex(edit["append_hex"]))
        return
    text = path.read_text(encoding="utf-8")
    if "encode" in edit:
        path.write_bytes(text.encode(edit["encode"]))
        return
    if "append" in edit:
        text += edit["append"]
    elif "replace" in edit:
        assert text.count(edit["replace"]) == 1, f"{edit['replace']!r} must occur once in {edit['file']}"
        text = text.replace(edit["replace"], edit["with"])
    elif "replace_all" in edit:
        assert edit["replace_all"] in text
        text = text.replace(edit["replace_all"], edit["with"])
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return copy_tracker(MINI, tmp_path / "mini")


@pytest.fixture
def make_mini(tmp_path: Path) -> Callable[[list[dict[str, Any]]], Path]:
    def make(edits: list[dict[str, Any]]) -> Path:
        root = copy_tracker(MINI, tmp_path / "tracker")
        for edit in edits:
            apply_edit(root, edit)
        return root

    return make


def snapshot_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

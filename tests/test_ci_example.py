"""docs/ci.md's workflows and action.yml diff only where there is a base branch: on a pull request."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import yaml

from conftest import REPO

PR_ONLY = "github.event_name == 'pull_request'"


def _yaml_blocks() -> list[object]:
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, flags=re.S)]


def _steps() -> list[dict[str, object]]:
    """Every step of every workflow or step list in the docs."""
    steps: list[dict[str, object]] = []
    for block in _yaml_blocks():
        if isinstance(block, list):
            steps.extend(s for s in block if isinstance(s, dict))
        elif isinstance(block, dict):
            for job in (block.get("jobs") or {}).values():
                steps.extend(job["steps"])
    return steps


def test_the_docs_diff_only_on_a_pull_request() -> None:
    steps = _steps()
    diffs = [s for s in steps if "swtrack diff" in str(s.get("run", ""))]
    actions = [s for s in steps if str(s.get("uses", "")).startswith("OWNER/swtrack")]
    assert len(diffs) == 1 and len(actions) == 1
    # A workflow that runs on push: the diff step must be guarded, its base read from env.
    assert diffs[0]["if"] == PR_ONLY
    assert diffs[0]["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    # The action's base is empty (no diff) unless the event is a pull request.
    base = actions[0]["with"]["base"]  # type: ignore[index]
    assert base == "${{ " + PR_ONLY + " && format('origin/{0}', github.base_ref) || '' }}"


def _diff_script() -> str:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    (step,) = [s for s in action["runs"]["steps"] if s["name"] == "Diff"]
    assert step["if"] == "inputs.base != ''"
    return str(step["run"])


def _run_diff_step(tmp_path: Path, base: str) -> subprocess.CompletedProcess[str]:
    """The action's diff script under bash, with a stand-in swtrack that records its arguments."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    fake = bin_dir / "swtrack"
    fake.write_text('#!/bin/sh\necho "swtrack $*"\n', encoding="utf-8")
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "INPUT_ROOT": ".", "INPUT_BASE": base}
    return subprocess.run(["bash", "-c", _diff_script()], capture_output=True, text=True, env=env, check=False)


def test_the_action_skips_a_base_that_names_no_branch(tmp_path: Path) -> None:
    skipped = _run_diff_step(tmp_path, "origin/")
    assert skipped.returncode == 0
    assert skipped.stdout == (
        "::notice title=swtrack diff::skipped: the base names no branch (base_ref is set only on pull requests)\n"
    )
    ran = _run_diff_step(tmp_path, "origin/main")
    assert ran.returncode == 0
    assert ran.stdout == "swtrack --root . diff --base origin/main --format markdown\n"

"""GitHub Actions output: workflow annotations for findings, and the job summary file."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from swtrack.findings import Finding, Report, Severity
from swtrack.render.text import findings_count, following
from swtrack.safe import gh_data, gh_property


def repo_root(start: Path) -> Path | None:
    """The enclosing git work tree, found as git finds it (a .git file or folder)."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


def annotation(f: Finding, tracker_root: Path, followers: list[Finding] | None = None) -> str:
    """One `::error file=…,line=…,col=…,title=…::message` line, paths relative to the repository."""
    props: list[str] = []
    if f.file is not None:
        path = (tracker_root / f.file).resolve()
        base = repo_root(tracker_root) or tracker_root.resolve()
        try:
            shown = path.relative_to(base).as_posix()
        except ValueError:
            shown = f.file
        props.append(f"file={gh_property(shown)}")
    if f.line is not None:
        props.append(f"line={f.line}")
    message = f.message
    if isinstance(f.column, int):
        props.append(f"col={f.column}")
    elif f.column:
        message = f"{f.column}: {message}"
    props.append(f"title={gh_property(f'swtrack {f.code}')}")
    level = "error" if f.severity is Severity.ERROR else "warning"
    hint = f.as_dict()["hint"]
    folded = f"; {following(followers)}" if followers else ""
    return f"::{level} {','.join(props)}::{gh_data(f'{message}{folded}. Hint: {hint}')}"


def workflow_annotations(report: Report, tracker_root: Path, *, errors_only: bool = False) -> str:
    """One annotation per finding, root causes first with the findings that follow from them
    folded into theirs."""
    shown = ((f, rest) for f, rest in report.folded() if not errors_only or f.severity is Severity.ERROR)
    return "".join(annotation(f, tracker_root, rest) + "\n" for f, rest in shown)


def findings_summary(report: Report, *, strict: bool = False) -> str:
    verdict = "passed" if report.ok(strict=strict) else "failed"
    lines = [
        f"## swtrack validate: {verdict}",
        "",
        f"{findings_count(len(report.errors), len(report.warnings))}.",
        "",
    ]
    if report.findings:
        from swtrack.render.status import md_table  # only with findings: validate's start-up stays light

        body = [
            [f.severity.value, f.code, f.location, f.message + (f" ({following(rest)})" if rest else "")]
            for f, rest in report.folded()
        ]
        lines += [md_table(["severity", "code", "where", "message"], body), ""]
    return "\n".join(lines)


def append_summary(markdown: Callable[[], str]) -> None:
    """Append to the job summary when running in GitHub Actions (GITHUB_STEP_SUMMARY set). The
    summary is built only then: a national status summary is thousands of table rows."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(markdown().rstrip("\n") + "\n\n")

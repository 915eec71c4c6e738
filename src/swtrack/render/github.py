"""GitHub Actions output: workflow annotations for findings, and the job summary file."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from swtrack.findings import Finding, Report, Severity
from swtrack.render.text import findings_count, following, word
from swtrack.safe import gh_data, gh_property

# The words of the annotations and the job summary (the findings' own are in render/text.py).
GITHUB_WORDS = {
    "en": {"then_hint": ". Hint: ", "passed": "swtrack validate: passed", "failed": "swtrack validate: failed",
           "columns": "severity|code|where|message"},
    "zh": {"then_hint": "。提示：", "passed": "swtrack validate：通过", "failed": "swtrack validate：未通过",
           "columns": "级别|代码|位置|问题"},
}  # fmt: skip


def repo_root(start: Path) -> Path | None:
    """The enclosing git work tree, found as git finds it (a .git file or folder)."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


def annotation(f: Finding, tracker_root: Path, followers: list[Finding] | None = None, lang: str = "en") -> str:
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
    message = f.text(lang)
    if isinstance(f.column, int):
        props.append(f"col={f.column}")
    elif f.column:
        message = f"{f.column}{'：' if lang == 'zh' else ': '}{message}"
    props.append(f"title={gh_property(f'swtrack {f.code}')}")
    level = "error" if f.severity is Severity.ERROR else "warning"
    folded = (
        (f"；{following(followers, lang)}" if lang == "zh" else f"; {following(followers, lang)}") if followers else ""
    )
    said = message + folded + GITHUB_WORDS[lang]["then_hint"] + f.hint_in(lang)
    return f"::{level} {','.join(props)}::{gh_data(said)}"


def workflow_annotations(report: Report, tracker_root: Path, *, errors_only: bool = False, lang: str = "en") -> str:
    """One annotation per finding, root causes first with the findings that follow from them
    folded into theirs."""
    shown = ((f, rest) for f, rest in report.folded() if not errors_only or f.severity is Severity.ERROR)
    return "".join(annotation(f, tracker_root, rest, lang) + "\n" for f, rest in shown)


def _aside(followers: list[Finding], lang: str) -> str:
    """The findings that follow from a root, in brackets after its message."""
    if not followers:
        return ""
    return f"（{following(followers, lang)}）" if lang == "zh" else f" ({following(followers, lang)})"


def findings_summary(report: Report, *, strict: bool = False, lang: str = "en") -> str:
    verdict = GITHUB_WORDS[lang]["passed" if report.ok(strict=strict) else "failed"]
    lines = [
        f"## {verdict}",
        "",
        findings_count(len(report.errors), len(report.warnings), lang) + ("。" if lang == "zh" else "."),
        "",
    ]
    if report.findings:
        from swtrack.render.status import md_table  # only with findings: validate's start-up stays light

        body = [
            [word(f.severity.value, lang), f.code, f.location, f.text(lang) + _aside(rest, lang)]
            for f, rest in report.folded()
        ]
        lines += [md_table(GITHUB_WORDS[lang]["columns"].split("|"), body), ""]
    return "\n".join(lines)


def append_summary(markdown: Callable[[], str]) -> None:
    """Append to the job summary when running in GitHub Actions (GITHUB_STEP_SUMMARY set). The
    summary is built only then: a national status summary is thousands of table rows."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(markdown().rstrip("\n") + "\n\n")

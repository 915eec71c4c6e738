"""Rich renderables for the terminal: status tables and findings (a target explained: explain.py)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from swtrack.assess.model import StatusReport
from swtrack.findings import CATALOGUE, Report, Severity
from swtrack.load.tracker import Tracker
from swtrack.render.text import findings_count, following, word


def status_table(
    report: StatusReport, tracker: Tracker, lang: str, width: int, *, wide: bool = False
) -> RenderableType:
    """Every plan's targets, one line each, fitted to width cells (wide: every column, nothing cut)."""
    from swtrack.render.fit import status_lines

    return Group(*status_lines(report, tracker, lang, width, wide=wide))


def findings_table(report: Report, lang: str = "en", *, errors_only: bool = False) -> RenderableType:
    """Each finding on one line with its hint on the next, then the count; errors_only leaves
    the warnings out of the list (the count still has them)."""
    if not report.findings:
        return Text(word("clean", lang), style="green")
    lines: list[RenderableType] = []
    for f, followers in report.folded():
        if errors_only and f.severity is not Severity.ERROR:
            continue
        style = "red" if f.severity is Severity.ERROR else "yellow"
        head = Text.assemble((f"{f.location}: ", "bold"), (f"{f.severity.value} ", style), (f"[{f.code}] ", "cyan"))
        head.append(f.message)
        lines.append(head)
        hint = f.hint if f.hint is not None else CATALOGUE[f.code][1]
        lines.append(Text(f"    hint: {hint}", style="dim"))
        if followers:
            lines.append(Text(f"    {following(followers, lang)}", style="bold"))
    lines.append(Text(findings_count(len(report.errors), len(report.warnings), lang)))
    return Group(*lines)

"""Rich renderables for the terminal: status tables and findings (a target explained: explain.py)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from swtrack.assess.model import StatusReport
from swtrack.findings import Report, Severity
from swtrack.load.tracker import Tracker
from swtrack.render.text import findings_count, following, word


def status_table(
    report: StatusReport, tracker: Tracker, lang: str, width: int, *, wide: bool = False
) -> RenderableType:
    """Every plan's targets, one line each, fitted to width cells (wide: every column, nothing cut)."""
    from swtrack.render.fit import status_lines

    return Group(*status_lines(report, tracker, lang, width, wide=wide))


class Hanging:
    """A label and its text, the text's wrapped lines indented under it (by the label's width, in
    cells: a Chinese character is two). Into a pipe or a log (no wrapping) it stays one line."""

    def __init__(self, label: str | Text, text: str, style: str = "", indent: int | None = None) -> None:
        self.label = label if isinstance(label, Text) else Text(label)
        self.text, self.style = text, style
        self.indent = cell_len(self.label.plain) if indent is None else indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        whole = Text.assemble(self.label, self.text, style=self.style)
        if options.no_wrap:
            yield whole
            return
        first = whole.wrap(console, options.max_width)[0]
        taken = len(first.plain) - len(self.label.plain)
        if taken < 0:  # a label wider than the terminal: wrapped as it comes
            yield from whole.wrap(console, options.max_width)
            return
        yield first
        rest = Text(self.text[taken:].lstrip(), style=self.style)
        for line in rest.wrap(console, max(options.max_width - self.indent, 20)) if rest.plain else []:
            yield Text.assemble(" " * self.indent, line, style=self.style)


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
        head = Text.assemble(
            (f"{f.location}: ", "bold"), (f"{word(f.severity.value, lang)} ", style), (f"[{f.code}] ", "cyan")
        )
        lines.append(Hanging(head, f.text(lang), indent=4))
        lines.append(Hanging(f"    {word('hint', lang)}", f.hint_in(lang), style="dim"))
        if followers:
            lines.append(Hanging("    ", following(followers, lang), style="bold"))
    lines.append(Text(findings_count(len(report.errors), len(report.warnings), lang)))
    return Group(*lines)

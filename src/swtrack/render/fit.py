"""The status table fitted to a terminal's width: one line per target at any width from 80 up."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text

from swtrack.assess.model import Status, StatusReport
from swtrack.load.tracker import Tracker
from swtrack.model.status import Group
from swtrack.render.status import SUBSTITUTE_MARK, Row, rows
from swtrack.render.text import COLOUR, LEGEND, as_of_line, group_counts, method_name, word
from swtrack.render.wrap import wrap_items

# Always shown: what the target is, where it stands, what it asks for, and the verdict.
REQUIRED = ("ref", "target", "latest", "goal", "status")
# Added in this order while the width allows; a later, narrower column may fit where an
# earlier one did not.
OPTIONAL = ("date", "clause", "gap", "evidence", "progress", "pace", "projected")
# The order of the columns on screen.
ORDER = (
    *("ref", "target", "latest", "date", "goal", "gap", "progress", "pace", "projected", "status", "clause"),
    "evidence",
)
RIGHT = frozenset({"latest", "goal", "gap", "pace", "projected"})
SEP = "  "
# The label keeps this many cells (about twelve Chinese characters) before optional columns
# are given room; below it, the label is cut further and the optional columns are left out.
LABEL_MIN = 24
ELLIPSIS = "…"
# The cells a substitute's name takes in the latest column: about a figure's width.
SUBSTITUTE_CELLS = 10


def cut(text: str, width: int) -> str:
    """text in at most width cells, ending with … where cut (a CJK character is two cells)."""
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    out: list[str] = []
    used = cell_len(ELLIPSIS)
    for char in text:
        size = cell_len(char)
        if used + size > width:
            break
        out.append(char)
        used += size
    return "".join(out).rstrip() + ELLIPSIS


def shown_labels(plan_rows: list[Row], width: int) -> list[str]:
    """Each target's label in width cells: the label where it fits, else the plan's short label,
    else cut; labels cut to the same text keep, after the …, the end where they differ (（2015年）)."""
    out = []
    for r in plan_rows:
        if cell_len(r.label) <= width or not r.short:
            out.append(cut(r.label, width))
        else:
            out.append(cut(r.short, width))
    texts = [r.label if cell_len(r.label) <= width or not r.short else r.short for r in plan_rows]
    for i, text in enumerate(texts):
        twins = [texts[j] for j in range(len(texts)) if j != i and out[j] == out[i]]
        if twins:
            out[i] = keep_difference(text, twins, width)
    return out


def keep_difference(text: str, others: list[str], width: int) -> str:
    """text cut to width keeping its end from where it differs from the others: "社会工作专业…（2015年）"."""
    same = max(len(_common(text, o)) for o in others)
    start = max((text.rfind(c, 0, same + 1) for c in "（( "), default=-1)
    tail = text[start if start > 0 else same :]
    room = width - cell_len(tail) - cell_len(ELLIPSIS)
    if room <= 0:
        return ELLIPSIS + cut(tail, width - cell_len(ELLIPSIS))
    head = cut(text[: len(text) - len(tail)], room + cell_len(ELLIPSIS))
    head = head.removesuffix(ELLIPSIS)
    return head.rstrip() + ELLIPSIS + tail


def _common(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def pad(text: str, width: int, *, right: bool = False) -> str:
    fill = " " * max(0, width - cell_len(text))
    return fill + text if right else text + fill


def empty(cell: str) -> bool:
    """A cell that says nothing: blank, a dash, or a progress bar with no share."""
    return cell in ("", "—") or set(cell) == {"·"}


@dataclass(frozen=True)
class Layout:
    columns: tuple[str, ...]
    widths: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.widths[c] for c in self.columns) + len(SEP) * (len(self.columns) - 1)


def layout(headers: dict[str, str], body: list[dict[str, str]], width: int, *, wide: bool = False) -> Layout:
    """Which columns to show and how wide, so that every line fits in width cells.

    The required columns keep their full width; the label takes what is left, down to
    LABEL_MIN before optional columns are dropped; optional columns empty on every row are
    dropped. wide keeps every column at full width, whatever the terminal.
    """
    natural = {c: max([cell_len(headers[c]), *(cell_len(r[c]) for r in body)]) for c in ORDER}
    if wide:
        return Layout(ORDER, natural)
    label_min = min(natural["target"], LABEL_MIN)
    shown = set(REQUIRED)
    used = sum(natural[c] for c in REQUIRED if c != "target") + label_min + len(SEP) * (len(REQUIRED) - 1)
    for col in OPTIONAL:
        if all(empty(r[col]) for r in body):
            continue
        if used + len(SEP) + natural[col] <= width:
            shown.add(col)
            used += len(SEP) + natural[col]
    widths = dict(natural)
    spare = width - (used - label_min)
    widths["target"] = max(min(natural["target"], spare), cell_len(headers["target"]), 1)
    return Layout(tuple(c for c in ORDER if c in shown), widths)


def _cells(r: Row, wide: bool) -> dict[str, str]:
    # A substitute's name is cut to the width of a figure, so that it does not crowd out a
    # column: the status says what it is, `explain` and --wide give it whole.
    latest = r.latest
    if not wide and latest.startswith(SUBSTITUTE_MARK):
        latest = cut(SUBSTITUTE_MARK.strip() + latest.removeprefix(SUBSTITUTE_MARK), SUBSTITUTE_CELLS)
    return {
        "ref": r.ref,
        "target": r.label,
        "latest": latest,
        "date": r.date,
        "goal": r.goal,
        "gap": r.gap,
        "progress": r.progress,
        "pace": r.pace,
        "projected": r.projected,
        "status": r.status,
        "clause": r.clause,
        "evidence": r.evidence,
    }


def _wrap_items(items: list[Text], width: int, *, wide: bool) -> list[Text]:
    """Items joined by ' · ', broken between items so that no line passes width."""
    lines: list[Text] = []
    line = Text()
    for item in items:
        joined = cell_len(line.plain) + len(" · ") + cell_len(item.plain)
        if line.plain and not wide and joined > width:
            lines.append(line)
            line = Text()
        if line.plain:
            line.append(" · ")
        line.append_text(item)
    lines.append(line)
    return lines


# The colour of each verdict group in the counts line (a group word always says it too).
GROUP_COLOUR = {
    Group.NEEDS_ACTION: "red",
    Group.NEEDS_DATA: "magenta",
    Group.ON_TRACK: "green",
    Group.MET: "green",
    Group.NOT_JUDGED: "cyan",
}


def summary_lines(counts: dict[str, int], lang: str, width: int, *, wide: bool = False) -> list[Text]:
    """The plan's count of targets by verdict group, each with its statuses (text.group_counts)."""
    total = sum(counts.values())
    items = [Text(word("count_targets", lang).format(n=total), style="bold")]
    items += [Text(text, style=GROUP_COLOUR[group]) for group, text in group_counts(counts, lang)]
    out: list[Text] = []
    for line in _wrap_items(items, width, wide=wide):
        if wide or cell_len(line.plain) <= width:
            out.append(line)
            continue
        # One group with many statuses: broken between its statuses, never inside one.
        style = line.spans[-1].style if line.spans else ""
        found = re.fullmatch(r"(.+?)( \(|（)(.+)(\)|）)", line.plain)
        if found is None:
            out.append(line)
            continue
        sep = "、" if lang == "zh" else ", "
        members = found[3].split(sep)
        members[0] = found[1] + found[2] + members[0]
        members[-1] += found[4]
        out.extend(Text(part, style=style) for part in wrap_items(members, width, sep, "  "))
    return out


def legend_items(plan_rows: list[Row], columns: tuple[str, ...], lang: str) -> list[str]:
    """Each mark the shown columns use, explained in the table's language."""
    words = LEGEND[lang]
    items: list[str] = []
    latest = [r.latest for r in plan_rows] if "latest" in columns else []
    for mark in (">", "≥", "~", "≲", "≳", "<"):
        if any(c.startswith(mark) for c in latest):
            items.append(words[mark])
    if any(c.endswith("*") for c in latest):
        items.append(words["*"])
    unit_rows = [r.latest for r in plan_rows if r.kind in ("coverage", "range", "per_capita") and "/" in r.latest]
    if latest and unit_rows:
        items.append(words["units"])
        if any("?)" in c for c in unit_rows):
            items.append(words["(?)"])
        if any("+" in c for c in unit_rows):
            items.append(words["+"])
    if latest and any(r.kind == "recurring" and "/" in r.latest for r in plan_rows):
        items.append(words["years"])
    if "gap" in columns:
        if any(r.gap[:1] in ("<", ">", "~") for r in plan_rows):
            items.append(words["gap_bound"])
        # "CN-04，按…": the ref never stands alone as a word, so a target's line stays its only one.
        elsewhere = [f"{r.ref}{'，' if lang == 'zh' else ', '}{r.gap_from}" for r in plan_rows if r.gap_from]
        if elsewhere:
            items.append(words["†"].format(which=("；" if lang == "zh" else "; ").join(elsewhere)))
    if "progress" in columns and any(not empty(r.progress) for r in plan_rows):
        items.append(words["bar"])
    if any(r.latest == "—" for r in plan_rows):
        items.append(words["—"])
    return items


def status_lines(report: StatusReport, tracker: Tracker, lang: str, width: int, *, wide: bool = False) -> list[Text]:
    """Per plan: title, as-of line, counts by status, then the header and one line per target,
    under one line per phase heading."""
    headers = {c: word(c, lang) for c in ORDER}
    out: list[Text] = []
    all_rows = rows(report, tracker, lang)
    for summary in report.plans:
        plan_rows = all_rows[summary.plan]
        body = [_cells(r, wide) for r in plan_rows]
        fit = layout(headers, body, width, wide=wide)
        if not wide:
            for cells, label in zip(body, shown_labels(plan_rows, fit.widths["target"]), strict=True):
                cells["target"] = label
        limit = 10**9 if wide else width

        def line(cells: dict[str, str], status_style: str = "", fit: Layout = fit) -> Text:
            text = Text()
            for i, c in enumerate(fit.columns):
                cell = cells[c] if wide else cut(cells[c], fit.widths[c])
                if i:
                    text.append(SEP)
                text.append(pad(cell, fit.widths[c], right=c in RIGHT), style=status_style if c == "status" else "")
            text.rstrip()
            return text

        when = as_of_line(summary.as_of or report.as_of, summary.as_of_basis, lang)
        meta = f"{word('method', lang)} {method_name(report.method, lang)}"
        if report.area:
            meta += f" · {word('area', lang)} {report.area}"
        out.append(Text(cut(summary.title[lang], limit), style="bold"))
        # The as-of date and its reason whole on a line of their own when the line cannot hold both.
        both = f"{when} · {meta}"
        out.extend([Text(both)] if cell_len(both) <= limit else [Text(cut(when, limit)), Text(cut(meta, limit))])
        out.extend(summary_lines(summary.counts, lang, width, wide=wide))
        if plan_rows:
            out.append(line(headers))
            out[-1].stylize("bold")
            out.append(Text("─" * min(fit.total, limit), style="dim"))
        group = None
        for r, cells in zip(plan_rows, body, strict=True):
            if r.group != group:
                group = r.group
                out.append(Text(cut(group, limit), style="bold"))
            out.append(line(cells, COLOUR[Status(r.status_code)]))
        items = legend_items(plan_rows, fit.columns, lang)
        if items:
            key = [Text(f"{LEGEND[lang]['title']}{'：' if lang == 'zh' else ': '}{items[0]}", style="dim")]
            key += [Text(i, style="dim") for i in items[1:]]
            out.extend(_wrap_items(key, width, wide=wide))
        out.append(Text(""))
    return out

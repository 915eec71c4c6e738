"""An import against the tracker: merged into the file it lands in, validated, findings put back at cells."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from swtrack.exchange.importer import Imported, Origin, Problem
from swtrack.findings import Finding, Report, Say, SwtrackError
from swtrack.load.snapshots import read_table
from swtrack.load.tracker import Tracker

# The columns that name a row: an imported row with the same key as a row of the file replaces it.
KEYS = {
    "observations": ("date", "area", "measure"),
    "units": ("date", "register", "unit", "area", "measure"),
    "events": ("ref", "date"),
}


@dataclass(frozen=True)
class Difference:
    """An imported row whose key the file already holds with other values."""

    origin: Origin | None
    line: int
    key: str
    fields: list[tuple[str, str, str]]

    def text(self, display: str) -> str:
        what = "; ".join(f"{name} '{old}' → '{new}'" for name, old, new in self.fields)
        where = self.origin.ref() if self.origin else "the import"
        return f"{where} ({self.key}) differs from line {self.line} of {display}: {what}"


@dataclass
class Merge:
    """The file as it would be written: its rows (kept, replaced, added) and what changed."""

    imported: Imported
    added: int
    unchanged: int
    differing: list[Difference]
    replaced: int = 0


def merge_existing(imported: Imported, destination: Path, display: str, *, replace: bool) -> Merge:
    """The rows of `destination` with the imported ones merged in by key; rows that would change
    are replaced only with `replace`."""
    if not destination.exists():
        return Merge(imported, len(imported.rows), 0, [])
    report = Report()
    existing = read_table(destination, display, imported.spec, report)
    if existing is None or report.errors:
        problem = report.errors[0].message if report.errors else "it cannot be read"
        raise SwtrackError(f"{display} exists and {problem}; fix it, or import under another --name")
    key_of = KEYS[imported.spec.name]
    rows = [dict(r.fields) for r in existing]
    origins: list[Origin | None] = [None] * len(rows)
    at = {tuple(r.get(k, "").strip() for k in key_of): i for i, r in enumerate(rows)}
    merge = Merge(imported, 0, 0, [])
    for row, origin in zip(imported.rows, imported.origins, strict=True):
        key = tuple(row.get(k, "").strip() for k in key_of)
        i = at.get(key)
        if i is None:
            rows.append(row)
            origins.append(origin)
            merge.added += 1
            continue
        old = rows[i]
        fields = [
            (c, old.get(c, "").strip(), row.get(c, "").strip())
            for c in imported.spec.columns
            if old.get(c, "").strip() != row.get(c, "").strip()
        ]
        if not fields:
            merge.unchanged += 1
            origins[i] = origin
            continue
        merge.differing.append(Difference(origin, existing[i].line, " ".join(key), fields))
        if replace:
            rows[i], origins[i] = row, origin
            merge.replaced += 1
    merge.imported = dataclasses.replace(imported, rows=rows, origins=origins)
    return merge


def check_import(tracker: Tracker, imported: Imported, display: str) -> Report:
    """Findings for the imported rows as if they stood at `display` in the tracker (which replaces
    whatever was there)."""
    from swtrack.check.validate import validate
    from swtrack.load.columns import RowTable
    from swtrack.load.rows import RowReader
    from swtrack.load.snapshots import EVENTS, OBSERVATIONS, parse_table

    report = Report()
    rows = parse_table(imported.csv_text(), display, imported.spec, report) or []
    reader = RowReader(tracker.catalogue, tracker.areas, report)
    keep_obs = list(tracker.observations.without_file(display))
    keep_units = list(tracker.unit_rows.without_file(display))
    keep_events = [e for e in tracker.events if e.file != display]
    if imported.spec is EVENTS:
        keep_events += [e for r in rows if (e := reader.event(r, display)) is not None]
    elif imported.spec is OBSERVATIONS:
        keep_obs += [o for r in rows if (o := reader.observation(r, display, imported.spec)) is not None]
    else:
        keep_units += [o for r in rows if (o := reader.observation(r, display, imported.spec)) is not None]
    combined = dataclasses.replace(
        tracker, observations=RowTable.of(keep_obs), unit_rows=RowTable.of(keep_units), events=keep_events
    )
    for finding in validate(combined).findings:
        if finding.file == display:
            report.findings.append(finding)
    return report


def locate(
    report: Report,
    imported: Imported,
    display: str,
    fill: dict[str, str],
    known: list[Problem] | None = None,
) -> list[Problem]:
    """The findings on the file to be written, each moved to the cell its value came from
    (Sheet1!C7) and named by the sheet's header, in both languages; a finding on a row the file
    already held keeps the file and line. A finding at a cell that already has an error of the
    import's own (a unit that is not the measure's) is left out: one finding a cell."""
    _, starts = imported.csv_lines()
    by_line = {line: i for i, line in enumerate(starts)}
    taken = {p.cell for p in known or [] if p.severity == "error"}

    def where(line: int, lang: str) -> str:
        i = by_line.get(line)
        origin = imported.origins[i] if i is not None else None
        if origin is not None:
            return origin.ref()
        return f"{display} 第 {line} 行" if lang == "zh" else f"line {line} of {display}"

    def placed(f: Finding, lang: str) -> tuple[str, str]:
        """The message and hint with each line of the file written as the cell it came from."""
        if lang == "zh":
            message = re.sub(r"第 (\d+) 行", lambda m: where(int(m.group(1)), lang), f.text(lang))
            same = re.fullmatch(rf"{re.escape(display)} 第 (\d+) 行和第 (\d+) 行只保留一行。", f.hint_in(lang))
            keep = "{} 和 {} 只保留一个。"
        else:
            message = re.sub(r"\bline (\d+)\b(?! of)", lambda m: where(int(m.group(1)), lang), f.text(lang))
            same = re.fullmatch(rf"Keep one of lines (\d+) and (\d+) of {re.escape(display)}\.", f.hint_in(lang))
            keep = "Keep one of {} and {}."
        hint = (
            keep.format(where(int(same.group(1)), lang), where(int(same.group(2)), lang)) if same else f.hint_in(lang)
        )
        return message, hint

    problems = []
    seen: set[tuple[str, str, str]] = set()
    for f in report.sorted():
        i = by_line.get(f.line) if f.line is not None else None
        origin = imported.origins[i] if i is not None else None
        (message, hint), (message_zh, hint_zh) = placed(f, "en"), placed(f, "zh")
        header = ""
        if origin is None:
            cell, file = (f"line {f.line}" if f.line else ""), display
        else:
            column = f.column if isinstance(f.column, str) else None
            cell, file = origin.ref(column), ""
            if column is not None and column in origin.cells:
                header = origin.headers.get(column, "")
                if header:
                    message = message.replace(f"'{column}'", f"'{header}'")
                    message_zh = message_zh.replace(f"'{column}'", f"'{header}'")
            if column is not None and column in origin.given and fill.get(column):
                option = _OPTION.get(column, column)
                message += f" (given with --{option})"
                message_zh += f"（由 --{option} 给出）"
            elif column in origin.written:
                message += f" (the cell reads '{origin.written[column]}')"
                message_zh += f"（单元格原文为 '{origin.written[column]}'）"
            if cell in taken:
                continue
        # A sheet row with figures in several measure columns makes several rows, each with the row's
        # area cell: a finding on that cell is one finding, not one a figure.
        if (cell, f.code, message) in seen:
            continue
        seen.add((cell, f.code, message))
        said, how = Say(message, message_zh), Say(hint, hint_zh)
        problems.append(Problem(cell, f.code, said, how, f.severity.value, file, header))
    return problems


_OPTION = {"date": "as-of", "source_url": "source"}

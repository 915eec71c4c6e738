"""Findings, reports and the catalogue of finding codes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class SwtrackError(Exception):
    """A failure that is not a data finding (no tracker folder, bad option)."""


# code -> (title, fix). docs/findings.md lists the same catalogue; a test keeps them in step.
CATALOGUE: dict[str, tuple[str, str]] = {
    "file-unreadable": ("A file cannot be read", "Check the path and its permissions."),
    "file-encoding": ("A file is not UTF-8", "Save the file as UTF-8 without BOM."),
    "file-too-large": (
        "A file is over the size cap of its kind",
        "Split the file, or raise the cap with its SWTRACK_MAX_<KIND>_MB variable (docs/data-format.md).",
    ),
    "file-undecodable": (
        "A file cannot be decoded as text",
        "Save the file as UTF-8 text; binary files do not belong in targets/ or data/.",
    ),
    "folder-missing": (
        "A tracker folder is missing",
        "Create it; see docs/data-format.md.",
    ),
    "yaml-syntax": ("YAML syntax error", "Fix the YAML at the line and column shown."),
    "yaml-tab": ("Tab character in YAML", "Indent with spaces, never tabs."),
    "yaml-duplicate-key": (
        "A key appears twice in one mapping",
        "Keep one of the two keys.",
    ),
    "yaml-alias": (
        "YAML anchors and aliases are not allowed",
        "Write the value out in full.",
    ),
    "yaml-not-mapping": (
        "The YAML document is not a mapping",
        "Start the file with `key: value` lines.",
    ),
    "unknown-key": (
        "Unknown key",
        "Use one of the keys the format defines (docs/plan-format.md).",
    ),
    "missing-key": (
        "A required key is missing",
        "Add the key; see docs/plan-format.md.",
    ),
    "invalid-value": (
        "A value has the wrong type or shape",
        "See docs/plan-format.md for the allowed values.",
    ),
    "unknown-measure": (
        "A measure is not in the catalogue",
        "Add it to targets/measures.yaml or fix the id.",
    ),
    "unknown-register": (
        "A register is not in the catalogue",
        "Add it to targets/measures.yaml or fix the id.",
    ),
    "unknown-phase": (
        "A target names a phase the plan does not have",
        "Use one of the plan's phase ids.",
    ),
    "duplicate-id": (
        "Two items share one id",
        "Give each plan, target, measure or area its own id.",
    ),
    "phases-out-of-order": (
        "Phases are not in date order",
        "List phases by their end date.",
    ),
    "deadline-before-baseline": (
        "A target is due before its baseline",
        "Check the due date and the baseline date.",
    ),
    "source-missing": (
        "A plan's source_text file is not there",
        "Put the plan's text in the tracker (sources/) and name it in source_text.",
    ),
    "wording-not-in-source": (
        "A target's wording is not in the plan's source text",
        "Quote the plan as its source text words it (…… marks an omission).",
    ),
    "level-without-units": (
        "A coverage target counts a level of areas the registry does not hold",
        "Add the areas of that level to targets/areas/, or count another level.",
    ),
    "unknown-area": (
        "An area is not in any area registry",
        "Use the area's name as the registry spells it.",
    ),
    "area-not-valid": (
        "An area did not exist at the row's date",
        "Use the name valid at that date (its predecessor or successor).",
    ),
    "csv-empty": ("A CSV file is empty", "Write at least the header line."),
    "csv-header": (
        "A header name is blank or repeated",
        "Give every column one unique name.",
    ),
    "missing-column": (
        "A required column is missing",
        "Add the column; see docs/data-format.md.",
    ),
    "unknown-column": (
        "A column is not part of the table format",
        "Remove or rename the column.",
    ),
    "ragged-row": (
        "A row has the wrong number of fields",
        "Give each row one field per header column.",
    ),
    "csv-syntax": (
        "A CSV row cannot be parsed",
        "Close the quotes and remove NUL bytes.",
    ),
    "csv-blank-line": ("A CSV file has a blank line", "Delete the blank line."),
    "csv-no-rows": ("A CSV table has a header but no rows", "Add rows; a header alone is fine as a template."),
    "cell-whitespace": ("A key cell has spaces around it", "Remove the spaces; they were ignored."),
    "missing-value": ("A required field is empty", "Fill in the field."),
    "bad-number": (
        "A value is not a plain number",
        "Write digits only, e.g. 40000 or 0.25.",
    ),
    "bad-count": (
        "A count is negative or fractional",
        "Counts are whole numbers of 0 or more.",
    ),
    "implausible-value": (
        "A value is beyond any plausible size",
        "Check the number and its unit.",
    ),
    "bad-date": (
        "A date cannot be read",
        "Write dates as YYYY-MM-DD (or YYYY-MM, YYYY).",
    ),
    "future-date": (
        "A date lies in the future",
        "Check the date; observations describe the past.",
    ),
    "bad-choice": (
        "A value is not one of the allowed choices",
        "Use one of the values listed.",
    ),
    "duplicate-row": (
        "Two rows have the same key",
        "Keep one row, or fix the date, area or measure.",
    ),
    "repeated-row": (
        "A row repeats an earlier row exactly",
        "Delete the copy: one figure or event counted twice.",
    ),
    "unknown-ref": (
        "An event names a target the plans do not have",
        "Use a target id such as BJ-06.",
    ),
    "wrong-event-status": (
        "An event status does not fit the target's kind",
        "Milestones take done/done_by/in_progress/not_done; recurring targets take held/not_held.",
    ),
    "component-exceeds-total": (
        "A component is larger than its total",
        "Check both figures; a part cannot exceed the whole at the same date and area.",
    ),
    "proxy-cycle": (
        "Measures are declared proxies of each other",
        "A proxy stands in for a measure with a wider or narrower definition: keep `proxy_for` on one side only.",
    ),
    "measure-without-data": (
        "A measure a target uses has no data",
        "Add a sourced figure to data/ when one is published (a data gap, not an error).",
    ),
}


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    column: int | str | None = None
    hint: str | None = None
    # The location (`file:line:column`) of the finding this one follows from: a file or an item
    # that could not be loaded, whose ids every later reference then misses.
    follows: str | None = None

    def __post_init__(self) -> None:
        if self.code not in CATALOGUE:
            raise ValueError(f"finding code {self.code!r} is not in the catalogue")

    @property
    def location(self) -> str:
        parts = [self.file or "-"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "severity": self.severity.value,
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint if self.hint is not None else CATALOGUE[self.code][1],
        }
        if self.follows is not None:
            out["follows"] = self.follows
        return out


@dataclass
class Report:
    """Findings collected while loading and validating, in a stable order."""

    findings: list[Finding] = field(default_factory=list)

    def add(
        self,
        code: str,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        column: int | str | None = None,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
        follows: str | None = None,
    ) -> None:
        self.findings.append(
            Finding(
                code=code,
                severity=severity,
                message=message,
                file=None if file is None else str(file),
                line=line,
                column=column,
                hint=hint,
                follows=follows,
            )
        )

    def warn(
        self,
        code: str,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        column: int | str | None = None,
        hint: str | None = None,
        follows: str | None = None,
    ) -> None:
        self.add(
            code,
            message,
            file=file,
            line=line,
            column=column,
            hint=hint,
            severity=Severity.WARNING,
            follows=follows,
        )

    def extend(self, other: Report) -> None:
        self.findings.extend(other.findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    def errors_in(self, file: str) -> bool:
        return any(f.file == file and f.severity is Severity.ERROR for f in self.findings)

    def sorted(self) -> list[Finding]:
        def key(f: Finding) -> tuple[str, int, str, str]:
            return (f.file or "", f.line or 0, str(f.column or ""), f.code)

        return sorted(self.findings, key=key)

    def folded(self) -> list[tuple[Finding, list[Finding]]]:
        """The findings in the order a reader needs them: first each root cause with the findings
        that follow from it, then the rest in place order. A finding whose root is not in the
        report stands on its own."""
        roots: dict[str, Finding] = {}
        for f in self.sorted():
            if f.follows is None and f.severity is Severity.ERROR:
                roots.setdefault(f.location, f)
        followers: dict[str, list[Finding]] = {}
        alone: list[Finding] = []
        for f in self.sorted():
            if f.follows is not None and f.follows in roots:
                followers.setdefault(f.follows, []).append(f)
            else:
                alone.append(f)
        led = [roots[at] for at in roots if at in followers]
        first = [(root, followers[root.location]) for root in led]
        skip = {id(root) for root in led}
        return first + [(f, []) for f in alone if id(f) not in skip]

    def ok(self, *, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)

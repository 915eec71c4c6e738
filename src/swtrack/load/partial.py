"""A YAML file validated item by item: an item that fails is left out and reported once, the rest
load; every id a failed item (or a failed file) held is remembered with the finding that caused
it, so that the references that then miss it are folded under that root cause."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from swtrack.findings import Report, Severity
from swtrack.load.modelerrors import data_loc, report_validation_error
from swtrack.load.yamlfile import YamlDoc

M = TypeVar("M", bound=BaseModel)

# What each list of items is called, and the keys an item is referred to by.
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "measures": ("measure", ("id",)),
    "registers": ("register", ("id",)),
    "targets": ("target", ("ref",)),
    "areas": ("area", ("id", "name", "code")),
}
# A whole file that failed: any id of its kinds may have been in it.
ANY = "*"

Roots = dict[tuple[str, str], str]


def _keys(kind_list: str, item: Any) -> list[str]:
    """The ids an item is referred to by (a target by ref and part: BJ-15a)."""
    if not isinstance(item, dict):
        return []
    kind, fields = KINDS[kind_list]
    if kind == "target":
        ref = item.get("ref")
        return [f"{ref}{item.get('part') or ''}"] if isinstance(ref, str) else []
    return [str(item[f]) for f in fields if isinstance(item.get(f), (str, int))]


def file_failed(report: Report, display: str, lists: tuple[str, ...], data: Any, roots: Roots) -> None:
    """A file that could not be loaded at all: its ids (every id of its kinds, when its items
    cannot be read) follow from its first error."""
    first = next((f for f in report.sorted() if f.file == display and f.severity is Severity.ERROR), None)
    if first is None:
        return
    for name in lists:
        kind = KINDS[name][0]
        items = data.get(name) if isinstance(data, dict) else None
        if isinstance(items, list):
            for item in items:
                for key in _keys(name, item):
                    roots.setdefault((kind, key), first.location)
        else:
            roots.setdefault((kind, ANY), first.location)
    if "areas" in lists:
        jurisdiction = data.get("jurisdiction") if isinstance(data, dict) else None
        key = str(jurisdiction) if isinstance(jurisdiction, str) else ANY
        roots.setdefault(("jurisdiction", key), first.location)


def validate_items(doc: YamlDoc, model: type[M], report: Report, lists: tuple[str, ...], roots: Roots) -> M | None:
    """The model of a document; where only some items of its lists fail, those items are left out
    (each reported, its ids remembered in roots) and the rest is validated again."""
    try:
        validated = model.model_validate(doc.data)
    except ValidationError as exc:
        start = len(report.findings)
        report_validation_error(exc, doc, model, report)
        added = report.findings[start:]
        bad: dict[tuple[str, int], str] = {}
        whole = False
        for err, finding in zip(exc.errors(include_url=False), added, strict=False):
            loc = data_loc(doc.data, tuple(err["loc"]))
            if len(loc) >= 2 and loc[0] in lists and isinstance(loc[1], int):
                bad.setdefault((str(loc[0]), loc[1]), finding.location)
            else:
                whole = True
        data = doc.data
        if whole or not bad or not isinstance(data, dict):
            file_failed(report, doc.path, lists, data, roots)
            return None
        kept = {
            name: [item for i, item in enumerate(data[name]) if (name, i) not in bad] if name in lists else value
            for name, value in data.items()
        }
        try:
            validated = model.model_validate(kept)
        except ValidationError:
            file_failed(report, doc.path, lists, data, roots)
            return None
        for (name, i), where in bad.items():
            for key in _keys(name, data[name][i]):
                roots.setdefault((KINDS[name][0], key), where)
        _renumber(doc, {name for name, _ in bad}, {pair for pair in bad})
    doc.data = None  # the model holds it all now; the marks stay for findings
    return validated


def _renumber(doc: YamlDoc, names: set[str], dropped: set[tuple[str, int]]) -> None:
    """Marks of the items kept, renumbered as the model numbers them (the dropped items taken
    out), so that later findings about item i point at its own lines."""
    shift: dict[tuple[str, int], int] = {}
    for name in names:
        kept = 0
        raw = 0
        while (name, raw) in doc.value_marks or (name, raw) in dropped:
            if (name, raw) not in dropped:
                shift[(name, raw)] = kept
                kept += 1
            raw += 1
    for marks in (doc.value_marks, doc.key_marks):
        moved: dict[tuple[str | int, ...], tuple[int, int]] = {}
        for loc, at in marks.items():
            head = (loc[0], loc[1]) if len(loc) >= 2 and isinstance(loc[1], int) else None
            if head is None or head[0] not in names:
                moved[loc] = at
            elif head in shift:
                moved[(loc[0], shift[head], *loc[2:])] = at
        marks.clear()
        marks.update(moved)

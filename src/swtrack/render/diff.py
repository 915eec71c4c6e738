"""Diffs as plain text and as markdown for a pull-request comment."""

from __future__ import annotations

from swtrack.exchange.diff import Diff
from swtrack.render.status import md_table

MARK = {"added": "+", "changed": "~", "removed": "-"}


def _arrow(pair: tuple[str | None, str | None]) -> str:
    return f"{pair[0] or '—'} → {pair[1] or '—'}"


def to_text(diff: Diff, lang: str) -> str:
    counts = diff.counts()
    lines = [
        f"as of {diff.old_as_of} → {diff.new_as_of}",
        f"rows: {counts['added']} added, {counts['changed']} changed, {counts['removed']} removed",
    ]
    for r in diff.rows:
        what = r.new if r.change == "added" else r.old if r.change == "removed" else f"{r.old} → {r.new}"
        lines.append(f"{MARK[r.change]} {r.table} {r.key}: {what} ({r.at})")
    lines.append(f"targets: {len(diff.targets)} changed")
    for t in diff.targets:
        moved = "; ".join(f"{k} {_arrow(v)}" for k, v in t.fields.items())
        lines.append(f"  {t.target} {t.label[lang]}: {moved}")
    return "\n".join(lines) + "\n"


def to_markdown(diff: Diff, lang: str) -> str:
    counts = diff.counts()
    out = [
        "## swtrack diff",
        "",
        f"As of {diff.old_as_of} → {diff.new_as_of}. Rows: {counts['added']} added, {counts['changed']} changed, "
        f"{counts['removed']} removed. Targets changed: {len(diff.targets)}.",
        "",
    ]
    if diff.targets:
        body = [
            [
                t.target,
                t.label[lang],
                *(_arrow(t.fields[k]) if k in t.fields else "" for k in ("status", "value", "gap", "R")),
            ]
            for t in diff.targets
        ]
        out += ["### Targets", "", md_table(["ref", "target", "status", "value", "gap", "R"], body), ""]
    if diff.rows:
        body = [[r.change, r.table, r.key, r.old or "", r.new or "", r.at] for r in diff.rows]
        out += ["### Rows", "", md_table(["change", "table", "row", "old", "new", "at"], body), ""]
    return "\n".join(out).rstrip("\n") + "\n"

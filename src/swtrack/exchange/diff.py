"""What a change to the data did: observations added, changed and removed, and targets that moved."""

from __future__ import annotations

import io
import subprocess
import tarfile
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from swtrack.assess import assess
from swtrack.assess.interval import MARK
from swtrack.assess.model import Assessment, StatusReport
from swtrack.findings import SwtrackError
from swtrack.load.columns import Observation
from swtrack.load.rows import Event
from swtrack.load.tracker import Tracker


class Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class RowChange(Model):
    change: Literal["added", "changed", "removed"]
    table: str
    key: str
    old: str | None
    new: str | None
    at: str


class TargetChange(Model):
    target: str
    label: dict[str, str]
    fields: dict[str, tuple[str | None, str | None]]


class Diff(Model):
    old_as_of: str
    new_as_of: str
    rows: list[RowChange]
    targets: list[TargetChange]

    def counts(self) -> dict[str, int]:
        return {c: sum(r.change == c for r in self.rows) for c in ("added", "changed", "removed")}


def _area(tracker: Tracker, area_id: str) -> str:
    area = tracker.areas.by_id.get(area_id)
    return area.name if area else area_id


def _rows(tracker: Tracker) -> dict[tuple[str, str], tuple[str, str]]:
    """(table, key) → (what it says, where it is) for every observation, register row and event."""
    out: dict[tuple[str, str], tuple[str, str]] = {}

    def put(table: str, o: Observation) -> None:
        unit = f" {o.register}/{o.unit}" if o.unit else ""
        key = f"{o.date} {_area(tracker, o.area)}{unit} {o.measure}"
        mark = MARK.get(o.qualifier, "")
        out[(table, key)] = (f"{mark}{o.value:g} [{o.grade}] {o.source_url}", f"{o.file}:{o.line}")

    def put_event(e: Event) -> None:
        out[("events", f"{e.ref} {e.date}")] = (
            f"{e.status}: {e.evidence} [{e.grade}] {e.source_url}",
            f"{e.file}:{e.line}",
        )

    for o in tracker.observations:
        put("observations", o)
    for o in tracker.unit_rows:
        put("units", o)
    for e in tracker.events:
        put_event(e)
    return out


def _fmt(value: float | None) -> str | None:
    return None if value is None else f"{value:.6g}"


def _target_fields(a: Assessment) -> dict[str, str | None]:
    return {
        "status": a.status.value,
        "value": _fmt(a.value),
        "gap": _fmt(a.gap),
        "R": _fmt(a.pace.ratio) if a.pace else None,
    }


def diff_trackers(old: Tracker, new: Tracker, *, method: str = "linear", as_of: date | None = None) -> Diff:
    """Compare two trackers: their rows, and each target's assessment at each one's as-of date."""
    before, after = _rows(old), _rows(new)
    rows: list[RowChange] = []
    for table, key in sorted(set(before) | set(after)):
        was, now = before.get((table, key)), after.get((table, key))
        if was is None and now is not None:
            rows.append(RowChange(change="added", table=table, key=key, old=None, new=now[0], at=now[1]))
        elif now is None and was is not None:
            rows.append(RowChange(change="removed", table=table, key=key, old=was[0], new=None, at=was[1]))
        elif was is not None and now is not None and was[0] != now[0]:
            rows.append(RowChange(change="changed", table=table, key=key, old=was[0], new=now[0], at=now[1]))
    old_report: StatusReport = assess(old, method=method, as_of=as_of)
    new_report: StatusReport = assess(new, method=method, as_of=as_of)
    old_by = {a.target: a for a in old_report.assessments}
    targets: list[TargetChange] = []
    for a in new_report.assessments:
        fields_new = _target_fields(a)
        prior = old_by.get(a.target)
        fields_old = _target_fields(prior) if prior else dict.fromkeys(fields_new)
        moved = {k: (fields_old[k], v) for k, v in fields_new.items() if fields_old[k] != v}
        if moved:
            targets.append(TargetChange(target=a.target, label=a.label, fields=moved))
    for target_id, gone in old_by.items():
        if target_id not in {a.target for a in new_report.assessments}:
            targets.append(
                TargetChange(
                    target=target_id,
                    label=gone.label,
                    fields={k: (v, None) for k, v in _target_fields(gone).items()},
                )
            )
    return Diff(old_as_of=old_report.as_of, new_as_of=new_report.as_of, rows=rows, targets=targets)


def checkout(root: Path, rev: str, dest: Path) -> Path:
    """Extract targets/ and data/ of the tracker at root as they were at a git revision (the work
    tree is not touched); returns the tracker root inside dest."""

    def git(*args: str) -> bytes:
        try:
            done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
        except FileNotFoundError:
            raise SwtrackError("git is not installed, and --base needs it") from None
        if done.returncode != 0:
            raise SwtrackError(f"git {' '.join(args)}: {done.stderr.decode('utf-8', 'replace').strip()}")
        return done.stdout

    top = Path(git("rev-parse", "--show-toplevel").decode().strip())
    prefix = git("rev-parse", "--show-prefix").decode().strip()
    root = top  # paths below are given from the top of the work tree
    listed = (
        git("ls-tree", "--name-only", "--full-name", rev, "--", f"{prefix}targets", f"{prefix}data").decode().split()
    )
    if not listed:
        raise SwtrackError(f"revision {rev} holds no tracker at {prefix or './'} (no targets/ or data/)")
    archive = git("archive", "--format=tar", rev, "--", *listed)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest / prefix if prefix else dest

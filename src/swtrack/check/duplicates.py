"""Rows that repeat: the same key twice (two figures for one thing) or a whole row again (a copy)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from swtrack.findings import Report, Say
from swtrack.load.columns import Observation, RowTable, all_distinct, first_rows, group_ids
from swtrack.load.rows import Event


def _where(line: int, file: str, here: str) -> Say:
    if file == here:
        return Say(f"line {line}", f"第 {line} 行")
    return Say(f"line {line} of {file}", f"{file} 第 {line} 行")


def _keep_hint(first: tuple[str, int], second: tuple[str, int], delete: bool = False) -> Say:
    (file_a, line_a), (file_b, line_b) = first, second
    if file_a == file_b:
        en = f"lines {line_a} and {line_b} of {file_a}"
        zh = f"{file_a} 第 {line_a} 行和第 {line_b} 行"
    else:
        en = f"line {line_a} of {file_a} and line {line_b} of {file_b}"
        zh = f"{file_a} 第 {line_a} 行和 {file_b} 第 {line_b} 行"
    if delete:
        return Say(f"Delete one of the two copies, {en}.", f"删除两份副本之一：{zh}。")
    return Say(f"Keep one of {en}.", f"{zh}只保留一行。")


def _content(obs: Observation) -> tuple[object, ...]:
    """Everything a row says, but where it is."""
    return (obs.date.text, *obs[1:8], obs.register, obs.unit)


def _repeated(report: Report, file: str, line: int, earlier: tuple[str, int]) -> None:
    where = _where(earlier[1], earlier[0], file)
    report.add(
        "repeated-row",
        Say(f"repeats {where.en} exactly", f"与{where.zh}完全相同"),
        file=file,
        line=line,
        hint=_keep_hint(earlier, (file, line), delete=True),
    )


def check_table(table: RowTable, report: Report, *, unit_level: bool) -> None:
    """A row with the key of an earlier row: an exact copy of an earlier row of that key is
    `repeated-row` (naming the first copy), else `duplicate-row` (two figures for one key)."""
    if not len(table):
        return
    text = table.text
    keys = (table.end, text("register"), text("unit"), text("area"), text("measure"))
    if all_distinct(*keys):  # the usual case needs no ids at all
        return
    key = group_ids(*keys)
    first = first_rows(key)[key]
    seen: dict[int, list[Observation]] = {}
    for i in np.flatnonzero(first != np.arange(len(table))).tolist():
        obs = table.row(i)
        group = seen.setdefault(int(first[i]), [table.row(int(first[i]))])
        copy = next((o for o in group if _content(o) == _content(obs)), None)
        group.append(obs)
        if copy is not None:
            _repeated(report, obs.file, obs.line, (copy.file, copy.line))
            continue
        other = group[0]
        what = f"unit '{obs.unit}', " if unit_level else ""
        what_zh = f"单位 '{obs.unit}'、" if unit_level else ""
        where = _where(other.line, other.file, obs.file)
        report.add(
            "duplicate-row",
            Say(
                f"same date, {what}area and measure as {where.en} ({obs.date}, {obs.measure})",
                f"日期、{what_zh}地区和指标与{where.zh}相同（{obs.date}，{obs.measure}）",
            ),
            file=obs.file,
            line=obs.line,
            hint=_keep_hint((other.file, other.line), (obs.file, obs.line)),
        )


def check_events(events: Sequence[Event], report: Report) -> None:
    """An event row that repeats an earlier one in every field: one event counted twice."""
    first: dict[tuple[str, ...], Event] = {}
    for ev in events:
        content = (ev.ref, ev.date.text, ev.status, ev.evidence, ev.source_url, ev.grade, ev.note)
        copy = first.setdefault(content, ev)
        if copy is not ev:
            _repeated(report, ev.file, ev.line, (copy.file, copy.line))

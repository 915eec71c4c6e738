"""A plan against its source: the source text exists, every wording is quoted from it, and every
level a coverage target counts holds units in the registry."""

from __future__ import annotations

import difflib
import re
import unicodedata

from swtrack.findings import Report, Say
from swtrack.load.textfile import read_text, too_large
from swtrack.load.tracker import Tracker
from swtrack.load.yamlfile import Loc, YamlDoc
from swtrack.model.areas import UNIT_LEVELS
from swtrack.model.plan import CoverageTarget, Plan, RangeTarget

OMISSION = "……"
# Quotes shown in a finding are cut to this many characters.
QUOTE_CHARS = 80
_SENTENCE_END = re.compile(r"(?<=[。；;！？!?])|\n")
_DROPPED = ("P", "Z", "C", "Sk", "Sm")


def plain(text: str) -> str:
    """Text compared without what copies of one plan differ in: full- and half-width forms
    (NFKC), spaces and line breaks, punctuation and markup marks."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in folded if not unicodedata.category(c).startswith(_DROPPED))


def _add(report: Report, code: str, message: Say, doc: YamlDoc | None, loc: Loc, hint: Say | None = None) -> None:
    line, col = doc.mark(loc) if doc is not None else (None, None)
    report.add(code, message, file=doc.path if doc else None, line=line, column=col, hint=hint)


def check_plan_text(tracker: Tracker, report: Report) -> None:
    for plan in tracker.plans:
        doc = tracker.docs.get(plan.id)
        source = _source(tracker, plan, doc, report)
        if source is not None:
            _check_wordings(plan, doc, source, report)
        _check_levels(tracker, plan, doc, report)


def _source(tracker: Tracker, plan: Plan, doc: YamlDoc | None, report: Report) -> tuple[str, str] | None:
    """The plan's source text and its name as written, or a finding and None."""
    root = tracker.root.resolve()
    path = (root / plan.source_text).resolve()
    where = ("source_text",)
    if not path.is_relative_to(root):
        msg = Say(
            f"source_text '{plan.source_text}' is outside the tracker folder",
            f"source_text '{plan.source_text}' 在跟踪文件夹之外",
        )
        hint = Say("Keep the plan's text in the tracker, e.g. sources/.", "把规划原文放在跟踪文件夹中，如 sources/。")
        _add(report, "source-missing", msg, doc, where, hint)
        return None
    if not path.is_file():
        what = Say("a folder, not a file", "是文件夹，不是文件") if path.is_dir() else Say("not there", "不存在")
        msg = Say(
            f"source_text '{plan.source_text}' is {what.en} (read from the tracker folder)",
            f"source_text '{plan.source_text}' {what.zh}（相对跟踪文件夹读取）",
        )
        _add(report, "source-missing", msg, doc, where)
        return None
    if too_large(path, plan.source_text, "source", report):
        return None
    text = read_text(path, plan.source_text, report)
    return None if text is None else (plan.source_text, text)


def _check_wordings(plan: Plan, doc: YamlDoc | None, source: tuple[str, str], report: Report) -> None:
    name, text = source
    whole = plain(text)
    passages: list[tuple[int, str, str]] | None = None
    for i, target in enumerate(plan.targets):
        pieces = [p for p in (plain(piece) for piece in target.wording.split(OMISSION)) if p]
        at, missing = 0, ""
        for piece in pieces:
            found = whole.find(piece, at)
            if found < 0:
                missing = piece
                break
            at = found + len(piece)
        if not missing:
            continue
        if passages is None:
            passages = _passages(text)
        line, passage = _closest(missing, passages)
        quoted = passage if len(passage) <= QUOTE_CHARS else passage[:QUOTE_CHARS] + "…"
        part = "" if len(pieces) == 1 else " (a part between …… marks, or the parts out of order)"
        part_zh = "" if len(pieces) == 1 else "（…… 之间的某一段，或各段顺序不对）"
        msg = Say(
            f"target {target.id}: the wording{part} is not in {name}; the closest passage, "
            f"{name} line {line}: “{quoted}”",
            f"目标 {target.id}：表述{part_zh}不在 {name} 中；最接近的段落，{name} 第 {line} 行：“{quoted}”",
        )
        hint = Say(
            f"Quote the plan as {name} words it (…… marks an omission), or correct {name}.",
            f"按 {name} 的写法引用规划（…… 表示省略），或改正 {name}。",
        )
        _add(report, "wording-not-in-source", msg, doc, ("targets", i, "wording"), hint)


def _passages(text: str) -> list[tuple[int, str, str]]:
    """The source cut into sentences: (line, the sentence as written, its plain form)."""
    out: list[tuple[int, str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for sentence in _SENTENCE_END.split(line):
            shown = sentence.strip().strip("#*> ").strip()
            if shown and (flat := plain(shown)):
                out.append((number, shown, flat))
    return out


def _closest(piece: str, passages: list[tuple[int, str, str]]) -> tuple[int, str]:
    """The sentence of the source most like a wording (difflib's ratio), first one on a tie."""
    if not passages:
        return 1, ""
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(piece)
    best, best_at = -1.0, 0
    for k, (_, _, flat) in enumerate(passages):
        matcher.set_seq1(flat)
        if matcher.real_quick_ratio() <= best or matcher.quick_ratio() <= best:
            continue
        score = matcher.ratio()
        if score > best:
            best, best_at = score, k
    line, shown, _ = passages[best_at]
    return line, shown


def _check_levels(tracker: Tracker, plan: Plan, doc: YamlDoc | None, report: Report) -> None:
    """A coverage or range target over a level of areas the registry holds none of on its due date."""
    if not any(reg.jurisdiction == plan.jurisdiction for reg in tracker.areas.registries):
        return  # the plan's jurisdiction has a finding of its own
    for i, target in enumerate(plan.targets):
        if not isinstance(target, (CoverageTarget, RangeTarget)) or target.units.areas is None:
            continue
        level = str(target.units.areas)
        when = (plan.deadline_of(target) or plan.horizon).end
        if tracker.areas.units(plan.jurisdiction, UNIT_LEVELS.get(level, (level,)), when):
            continue
        msg = Say(
            f"target {target.id} counts every {level} area of '{plan.jurisdiction}', but targets/areas/ "
            f"holds no {level} area of it valid on {when.isoformat()}",
            f"目标 {target.id} 统计 '{plan.jurisdiction}' 的每个 {level} 级地区，但 targets/areas/ 中没有它在 "
            f"{when.isoformat()} 有效的 {level} 级地区",
        )
        hint = Say(
            f"Add the {level} areas to the registry of '{plan.jurisdiction}', or count another level.",
            f"在 '{plan.jurisdiction}' 的名录中补上 {level} 级地区，或改为统计其他层级。",
        )
        _add(report, "level-without-units", msg, doc, ("targets", i, "units", "areas"), hint)

"""Every user-facing word of the reports, in Chinese and English."""

from __future__ import annotations

import math

from swtrack.findings import CATALOGUE, Finding, Report, Severity
from swtrack.model.status import Group, Status

STATUS: dict[str, dict[Status, str]] = {
    "en": {
        Status.MET: "met",
        Status.OVERSHOOT: "met (overshoot)",
        Status.ON_TRACK: "on track",
        Status.NEEDS_ACCELERATION: "needs acceleration",
        Status.OFF_TRACK: "off track",
        Status.MOVING_AWAY: "moving away",
        Status.MISSED: "missed",
        Status.MET_LATE: "met after the deadline",
        Status.MET_BY: "met by a later date",
        Status.MET_BY_SUBSTITUTE: "done by a substitute",
        Status.INCONCLUSIVE: "inconclusive",
        Status.STALE: "stale",
        Status.OVERDUE: "overdue",
        Status.NOT_JUDGED_YET: "not judged yet",
        Status.TRACKED: "tracked",
        Status.NO_DATA: "no data",
    },
    "zh": {
        Status.MET: "已达成",
        Status.OVERSHOOT: "已达成（超出）",
        Status.ON_TRACK: "进度正常",
        Status.NEEDS_ACCELERATION: "需加快",
        Status.OFF_TRACK: "进度滞后",
        Status.MOVING_AWAY: "背离目标",
        Status.MISSED: "未按期达成",
        Status.MET_LATE: "逾期达成",
        Status.MET_BY: "后续已达成",
        Status.MET_BY_SUBSTITUTE: "以替代完成",
        Status.INCONCLUSIVE: "无法判定",
        Status.STALE: "数据过旧",
        Status.OVERDUE: "已逾期",
        Status.NOT_JUDGED_YET: "暂不判断",
        Status.TRACKED: "仅跟踪",
        Status.NO_DATA: "无数据",
    },
}

GROUP: dict[str, dict[Group, str]] = {
    "en": {
        Group.NEEDS_ACTION: "needs action",
        Group.NEEDS_DATA: "needs data",
        Group.ON_TRACK: "on track",
        Group.MET: "met",
        Group.NOT_JUDGED: "not judged",
    },
    "zh": {
        Group.NEEDS_ACTION: "需要采取行动",
        Group.NEEDS_DATA: "需要补充数据",
        Group.ON_TRACK: "进度正常",
        Group.MET: "已达成",
        Group.NOT_JUDGED: "暂不判断",
    },
}

COLOUR: dict[Status, str] = {
    Status.MET: "green",
    Status.OVERSHOOT: "green",
    Status.ON_TRACK: "green",
    Status.MET_LATE: "yellow",
    Status.MET_BY: "yellow",
    Status.MET_BY_SUBSTITUTE: "yellow",
    Status.INCONCLUSIVE: "magenta",
    Status.STALE: "magenta",
    Status.NEEDS_ACCELERATION: "yellow",
    Status.OVERDUE: "red",
    Status.OFF_TRACK: "red",
    Status.MOVING_AWAY: "red",
    Status.MISSED: "red",
    Status.NOT_JUDGED_YET: "cyan",
    Status.TRACKED: "blue",
    Status.NO_DATA: "dim",
}

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "ref": "Ref",
        "target": "Target",
        "latest": "Latest",
        "date": "Date",
        "goal": "Goal",
        "gap": "Gap",
        "progress": "Progress",
        "pace": "R",
        "projected": "Projected",
        "status": "Status",
        "no_phase": "Yearly and undated",
        "as_of": "as of",
        "method": "method",
        "summary": "{met} met, {later} met late or by a later date, {on_track} on track, {behind} behind, "
        "{unsure} inconclusive or stale, {no_data} no data, {other} other",
        "proxy": "proxy",
        "due": "due",
        "inferred": "inferred",
        "clause": "Clause",
        "bounds": "Range it allows",
        "r_range": "R over the ranges",
        "plan": "stated by the plan",
        "assumed_line": "straight line (assumed)",
        "proxy_lower": "lower bound",
        "proxy_upper": "upper bound",
        "proxy_unknown": "direction unknown",
        "evidence": "Evidence",
        "grade": "grade",
        "wording": "Wording",
        "kind": "Kind",
        "rule": "Rule",
        "substitute": "Done instead (not what the plan names)",
        "series_break": "Break in the series (beyond its own pace; two definitions?)",
        "months": "months",
        "observations": "Observations used",
        "baseline": "Baseline",
        "units": "Units",
        "shares": "Shares",
        "years": "Years",
        "phases": "Phase checks",
        "notes": "Notes",
        "note": "Note in the plan file",
        "area": "area",
        "expected": "Expected now",
        "required": "required pace",
        "achieved": "achieved pace",
        "from_now": "required from now",
        "reach": "reached at this pace on",
        "findings": "{errors}, {warnings}",
        "errors_one": "{n} error",
        "errors_many": "{n} errors",
        "warnings_one": "{n} warning",
        "warnings_many": "{n} warnings",
        "clean": "No problems found.",
        "follow_one": "and 1 finding that follows from it ({codes})",
        "follow_many": "and {n} findings that follow from it ({codes})",
        "count_targets": "{n} targets",
        "count_status": "{n} {status}",
    },
    "zh": {
        "ref": "编号",
        "target": "目标",
        "latest": "最新值",
        "date": "日期",
        "goal": "目标值",
        "gap": "差距",
        "progress": "进度",
        "pace": "R",
        "projected": "预计",
        "status": "状态",
        "no_phase": "年度及未定期限目标",
        "as_of": "截至",
        "method": "方法",
        "summary": "已达成 {met}，逾期或后续达成 {later}，进度正常 {on_track}，滞后 {behind}，"
        "无法判定或数据过旧 {unsure}，无数据 {no_data}，其他 {other}",
        "proxy": "替代口径",
        "due": "期限",
        "inferred": "推定",
        "clause": "条款",
        "bounds": "可能区间",
        "r_range": "区间内的 R",
        "plan": "规划所定",
        "assumed_line": "直线推算（假设）",
        "proxy_lower": "下限",
        "proxy_upper": "上限",
        "proxy_unknown": "方向未知",
        "evidence": "证据",
        "grade": "等级",
        "wording": "原文",
        "kind": "类型",
        "rule": "判定规则",
        "substitute": "替代做法（并非规划所列事项）",
        "series_break": "序列断点（超出自身增速，或为不同口径）",
        "months": "个月",
        "observations": "所用数据",
        "baseline": "基线",
        "units": "单位",
        "shares": "比例",
        "years": "年度",
        "phases": "阶段检查",
        "notes": "说明",
        "note": "规划文件备注",
        "area": "地区",
        "expected": "当前应达",
        "required": "所需速度",
        "achieved": "实际速度",
        "from_now": "此后所需速度",
        "reach": "按此速度达成日期",
        "findings": "{errors}，{warnings}",
        "errors_one": "{n} 个错误",
        "errors_many": "{n} 个错误",
        "warnings_one": "{n} 个警告",
        "warnings_many": "{n} 个警告",
        "clean": "未发现问题。",
        "follow_one": "及由此引起的 1 项问题（{codes}）",
        "follow_many": "及由此引起的 {n} 项问题（{codes}）",
        "count_targets": "共 {n} 项目标",
        "count_status": "{status} {n}",
    },
}

MET_FAMILY = (Status.MET, Status.OVERSHOOT)
LATER_FAMILY = (Status.MET_LATE, Status.MET_BY)
UNSURE_FAMILY = (Status.INCONCLUSIVE, Status.STALE)
BEHIND_FAMILY = (Status.NEEDS_ACCELERATION, Status.OFF_TRACK, Status.MOVING_AWAY, Status.MISSED, Status.OVERDUE)


QUALIFIER_WORDS = {
    "en": {"more_than": "more than {}", "at_least": "at least {}", "about": "about {}", "nearly": "nearly {}",
           "less_than": "less than {}", "odd": "{}-odd"},
    "zh": {"more_than": "超过{}", "at_least": "不少于{}", "about": "约{}", "nearly": "近{}", "less_than": "不足{}",
           "odd": "{}余"},
}  # fmt: skip


def qualified(value: float, qualifier: str, lang: str) -> str:
    """A figure with its qualifier in words: "more than 300,000" / "超过300,000"."""
    text = number(value)
    found = QUALIFIER_WORDS[lang].get(qualifier)
    return found.format(text) if found else text


# Why a plan is judged at its as-of date (assess/asof.py): every output says it at the top.
AS_OF_LINE: dict[str, dict[str, str]] = {
    "en": {
        "option": "as of {date} (given with --as-of)",
        "newest_read": "as of {date} (newest figure this plan reads; see --as-of)",
        "today": "as of {date} (today: this plan reads no figure yet; see --as-of)",
    },
    "zh": {
        "option": "截至 {date}（由 --as-of 指定）",
        "newest_read": "截至 {date}（本规划读取的最新数据日期；可用 --as-of 指定）",
        "today": "截至 {date}（本规划尚无可读数据，取今天；可用 --as-of 指定）",
    },
}


def as_of_line(as_of: str, basis: str, lang: str) -> str:
    """The as-of date and why it is the date: 截至 2023-03-31（本规划读取的最新数据日期；可用 --as-of 指定）."""
    return AS_OF_LINE[lang].get(basis, AS_OF_LINE[lang]["option"]).format(date=as_of)


def status_text(status: Status, lang: str) -> str:
    return STATUS[lang][status]


def word(key: str, lang: str) -> str:
    return WORDS[lang][key]


def counted(key: str, n: int, lang: str) -> str:
    """'1 error' / '2 errors': key is the catalogue stem (errors, warnings); zh has one form."""
    return WORDS[lang][f"{key}_one" if n == 1 else f"{key}_many"].format(n=f"{n:,}")


def findings_count(errors: int, warnings: int, lang: str = "en") -> str:
    """The summary of a validation: '1 error, 36 warnings'."""
    return WORDS[lang]["findings"].format(
        errors=counted("errors", errors, lang), warnings=counted("warnings", warnings, lang)
    )


def following(followers: list[Finding], lang: str = "en") -> str:
    """The one line that stands for the findings that follow from a root cause, counted by code."""
    counts: dict[str, int] = {}
    for f in followers:
        counts[f.code] = counts.get(f.code, 0) + 1
    codes = ", ".join(f"{code} ×{n}" for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    key = "follow_one" if len(followers) == 1 else "follow_many"
    return WORDS[lang][key].format(n=f"{len(followers):,}", codes=codes)


def findings_lines(report: Report, lang: str = "en", *, errors_only: bool = False) -> list[str]:
    """The findings as plain lines, each with its hint on the next, then the count: what the
    console's findings table prints into a pipe or a log, without loading rich. A root cause
    comes first, the findings that follow from it folded into one line under it."""
    if not report.findings:
        return [word("clean", lang)]
    lines: list[str] = []
    for f, followers in report.folded():
        if errors_only and f.severity is not Severity.ERROR:
            continue
        lines.append(f"{f.location}: {f.severity.value} [{f.code}] {f.message}")
        lines.append(f"    hint: {f.hint if f.hint is not None else CATALOGUE[f.code][1]}")
        if followers:
            lines.append(f"    {following(followers, lang)}")
    lines.append(findings_count(len(report.errors), len(report.warnings), lang))
    return lines


def summary_line(counts: dict[str, int], lang: str) -> str:
    def total(family: tuple[Status, ...]) -> int:
        return sum(counts.get(s.value, 0) for s in family)

    met, later, unsure = total(MET_FAMILY), total(LATER_FAMILY), total(UNSURE_FAMILY)
    on_track = counts.get(Status.ON_TRACK.value, 0)
    behind = total(BEHIND_FAMILY)
    no_data = counts.get(Status.NO_DATA.value, 0)
    other = sum(counts.values()) - met - later - unsure - on_track - behind - no_data
    return WORDS[lang]["summary"].format(
        met=met, later=later, on_track=on_track, behind=behind, unsure=unsure, no_data=no_data, other=other
    )


def number(value: float | None, lang: str = "en") -> str:
    """A figure as people write it: 40,000 / 0.95 / 76.8%-style shares are formatted by callers."""
    if value is None:
        return "—"
    value += 0.0  # never "-0"
    if abs(value) >= 1000 or float(value).is_integer():
        return f"{value:,.0f}"
    return significant(value, 3)


def significant(value: float, digits: int) -> str:
    """A value to so many significant digits, written out: never 1.23e-05, always 0.0000123."""
    text = f"{value:.{digits}g}"
    if "e" not in text:
        return text
    power = math.floor(math.log10(abs(value)))
    decimals = max(0, digits - 1 - power)
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if decimals else text


def bar(share: float | None, width: int = 10) -> str:
    """A unicode progress bar; beyond 100% it is full."""
    if share is None:
        return "·" * width
    filled = max(0, min(width, round(share * width)))
    return "█" * filled + "░" * (width - filled)


# The brief's own words are in render/brief/words.py; the method names are shared with the status table.
METHOD: dict[str, dict[str, str]] = {
    "en": {"linear": "Linear", "cagr": "Geometric (CAGR)"},
    "zh": {"linear": "线性", "cagr": "几何（年均增长率）"},
}


def method_name(method: str, lang: str) -> str:
    return METHOD[lang][method]


def number_zh(value: float | None) -> str:
    """A figure as Chinese reports write it: 4 万, 7.68 万, 157 万; smaller ones in digits."""
    if value is None:
        return "—"
    if abs(value) >= 10_000:
        # Rounded first, so that 99,999,000 is 1.0e4 万 written out (10,000 万), not "1e+04 万".
        scaled = float(f"{value / 10_000:.4g}")
        text = f"{scaled:.4g}" if abs(scaled) < 10_000 else f"{scaled:,.0f}"
        return f"{text} 万"
    return number(value)


def number_for(value: float | None, lang: str) -> str:
    return number_zh(value) if lang == "zh" else number(value)

"""Every user-facing word of the reports, in Chinese and English."""

from __future__ import annotations

from swtrack.findings import Finding, Report, Severity
from swtrack.model.status import Group, Status
from swtrack.render.numbers import number

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
        "error": "error",
        "warning": "warning",
        "hint": "hint: ",
        "load_errors": "warning: the data has {errors}; rows with errors were left out (run swtrack validate)",
        "count_targets": "{n} targets",
        "count_status": "{n} {status}",
        "sources": "Sources",
        "band": "Band",
        "origin_plan": "stated by the plan",
        "origin_observation_at_baseline": "the figure at the plan's start",
        "origin_first_observation": "the first figure after the plan's start",
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
        "error": "错误",
        "warning": "警告",
        "hint": "提示：",
        "load_errors": "警告：数据中有 {errors}；有错误的行未读入（运行 swtrack validate 查看）",
        "count_targets": "共 {n} 项目标",
        "count_status": "{status} {n}",
        "sources": "来源",
        "band": "区间",
        "origin_plan": "规划所定",
        "origin_observation_at_baseline": "规划起始时的数据",
        "origin_first_observation": "规划起始后的首个数据",
    },
}

KIND: dict[str, dict[str, str]] = {
    "zh": {
        "threshold": "数量目标", "approx": "约数目标", "composition": "结构比例", "coverage": "全覆盖",
        "range": "每个单位的区间", "ratio": "比值", "per_capita": "每人标准", "milestone": "节点任务",
        "recurring": "年度事项", "taxonomy": "等级划分",
    },
    "en": {
        "threshold": "threshold", "approx": "about a value", "composition": "composition", "coverage": "coverage",
        "range": "range per unit", "ratio": "ratio", "per_capita": "per person", "milestone": "milestone",
        "recurring": "yearly event", "taxonomy": "level taxonomy",
    },
}  # fmt: skip

# The units measures.yaml counts in, in Chinese (English shows the catalogue's own word).
UNIT_ZH = {
    "persons": "人", "agencies": "家", "bases": "个", "centres": "个", "communities": "个", "organisations": "个",
    "placements": "个", "posts": "个", "projects": "个", "stations": "个", "yuan": "元", "yuan per year": "元/年",
    "days per year": "天/年", "cases per person": "件/人", "percent": "%", "share": "比例", "ratio": "比值",
}  # fmt: skip


def kind_name(kind: str, lang: str) -> str:
    return KIND[lang].get(kind, kind)


def unit_name(unit: str, lang: str) -> str:
    return UNIT_ZH.get(unit, unit) if lang == "zh" else unit


# The legend under the status table: each mark the table uses, in the table's language.
LEGEND: dict[str, dict[str, str]] = {
    "zh": {
        "title": "图例",
        ">": "> 超过", "≥": "≥ 不少于", "~": "~ 约", "≲": "≲ 近", "<": "< 不足", "≳": "≳ 余、多（略高于）",
        "*": "* 替代口径（相近口径的数据）",
        "units": "n/N 达标单位数/单位总数", "(?)": "(n?) 情况不明的单位数", "+": "+ 名录未列全，总数未知",
        "years": "n/N 已举办年数/应举办年数",
        "gap_bound": "差距前的 < > ~ 差距为上限、下限或约数",
        "†": "† 差距并非按最新值计算：{which}",
        "—": "— 无数据或不适用",
        "bar": "█░ 已达成的比例",
    },
    "en": {
        "title": "Key",
        ">": "> more than", "≥": "≥ at least", "~": "~ about", "≲": "≲ nearly", "<": "< less than", "≳": "≳ -odd",
        "*": "* proxy (a neighbouring definition)",
        "units": "n/N units meeting it/all units", "(?)": "(n?) units not known", "+": "+ register incomplete",
        "years": "n/N years held/years due",
        "gap_bound": "< > ~ before a gap: at most, at least, about",
        "†": "† gap not from the latest figure: {which}",
        "—": "— no data or not applicable",
        "bar": "█░ share achieved",
    },
}  # fmt: skip

QUALIFIER_WORDS = {
    "en": {"more_than": "more than {}", "at_least": "at least {}", "about": "about {}", "nearly": "nearly {}",
           "less_than": "less than {}", "odd": "{}-odd"},
    "zh": {"more_than": "超过{}", "at_least": "不少于{}", "about": "约{}", "nearly": "近{}", "less_than": "不足{}",
           "odd": "{}余"},
}  # fmt: skip


def qualified(value: float, qualifier: str, lang: str) -> str:
    """A figure with its qualifier in words: "more than 300,000" / "超过300,000"."""
    text = number(value, lang)
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
    sep = "、" if lang == "zh" else ", "
    codes = sep.join(f"{code} ×{n}" for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
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
        lines.append(f"{f.location}: {word(f.severity.value, lang)} [{f.code}] {f.text(lang)}")
        lines.append(f"    {word('hint', lang)}{f.hint_in(lang)}")
        if followers:
            lines.append(f"    {following(followers, lang)}")
    lines.append(findings_count(len(report.errors), len(report.warnings), lang))
    return lines


def group_counts(counts: dict[str, int], lang: str) -> list[tuple[Group, str]]:
    """The counts by verdict group, each with its statuses: "需要补充数据 19（无法判定 9、数据过旧 3、
    无数据 7）". Groups in the reader's order, statuses worst first, zero counts left out: the one
    summary the status table, its markdown and the brief's strip share."""
    from swtrack.model.status import GROUP_OF, SEVERITY_ORDER

    zh = lang == "zh"
    out: list[tuple[Group, str]] = []
    for group in Group:
        members = [(s, counts.get(s.value, 0)) for s in SEVERITY_ORDER if GROUP_OF[s] is group]
        members = [(s, n) for s, n in members if n]
        if not members:
            continue
        total = sum(n for _, n in members)
        text = f"{GROUP[lang][group]} {total}"
        if len(members) > 1 or STATUS[lang][members[0][0]] != GROUP[lang][group]:
            inner = ("、" if zh else ", ").join(f"{STATUS[lang][s]} {n}" for s, n in members)
            text += f"（{inner}）" if zh else f" ({inner})"
        out.append((group, text))
    return out


def summary_line(counts: dict[str, int], lang: str) -> str:
    """The plan's targets counted by verdict group, each with its statuses, on one line."""
    total = WORDS[lang]["count_targets"].format(n=sum(counts.values()))
    return " · ".join([total, *(text for _, text in group_counts(counts, lang))])


# The brief's own words are in render/brief/words.py; the method names are shared with the status table.
METHOD: dict[str, dict[str, str]] = {
    "en": {"linear": "Linear", "cagr": "Geometric (CAGR)"},
    "zh": {"linear": "线性", "cagr": "几何（年均增长率）"},
}


def method_name(method: str, lang: str) -> str:
    return METHOD[lang][method]

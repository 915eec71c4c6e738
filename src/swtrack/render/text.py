"""Every user-facing word of the reports, in Chinese and English."""

from __future__ import annotations

from swtrack.assess.model import Status

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
        Status.INCONCLUSIVE: "无法判定",
        Status.STALE: "数据过旧",
        Status.OVERDUE: "已逾期",
        Status.NOT_JUDGED_YET: "暂不判断",
        Status.TRACKED: "仅跟踪",
        Status.NO_DATA: "无数据",
    },
}

COLOUR: dict[Status, str] = {
    Status.MET: "green",
    Status.OVERSHOOT: "green",
    Status.ON_TRACK: "green",
    Status.MET_LATE: "yellow",
    Status.MET_BY: "yellow",
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
        "wording": "Wording",
        "kind": "Kind",
        "rule": "Rule",
        "observations": "Observations used",
        "baseline": "Baseline",
        "units": "Units",
        "shares": "Shares",
        "years": "Years",
        "phases": "Phase checks",
        "notes": "Notes",
        "area": "area",
        "expected": "Expected now",
        "required": "required pace",
        "achieved": "achieved pace",
        "from_now": "required from now",
        "reach": "reached at this pace on",
        "findings": "{errors} errors, {warnings} warnings",
        "clean": "No problems found.",
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
        "wording": "原文",
        "kind": "类型",
        "rule": "判定规则",
        "observations": "所用数据",
        "baseline": "基线",
        "units": "单位",
        "shares": "比例",
        "years": "年度",
        "phases": "阶段检查",
        "notes": "说明",
        "area": "地区",
        "expected": "当前应达",
        "required": "所需速度",
        "achieved": "实际速度",
        "from_now": "此后所需速度",
        "reach": "按此速度达成日期",
        "findings": "{errors} 个错误，{warnings} 个警告",
        "clean": "未发现问题。",
    },
}

MET_FAMILY = (Status.MET, Status.OVERSHOOT)
LATER_FAMILY = (Status.MET_LATE, Status.MET_BY)
UNSURE_FAMILY = (Status.INCONCLUSIVE, Status.STALE)
BEHIND_FAMILY = (Status.NEEDS_ACCELERATION, Status.OFF_TRACK, Status.MOVING_AWAY, Status.MISSED, Status.OVERDUE)


QUALIFIER_WORDS = {
    "en": {"more_than": "more than {}", "at_least": "at least {}", "about": "about {}", "nearly": "nearly {}",
           "less_than": "less than {}"},
    "zh": {"more_than": "超过{}", "at_least": "不少于{}", "about": "约{}", "nearly": "近{}", "less_than": "不足{}"},
}  # fmt: skip


def qualified(value: float, qualifier: str, lang: str) -> str:
    """A figure with its qualifier in words: "more than 300,000" / "超过300,000"."""
    text = number(value)
    found = QUALIFIER_WORDS[lang].get(qualifier)
    return found.format(text) if found else text


def status_text(status: Status, lang: str) -> str:
    return STATUS[lang][status]


def word(key: str, lang: str) -> str:
    return WORDS[lang][key]


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
    if abs(value) >= 1000 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.3g}"


def bar(share: float | None, width: int = 10) -> str:
    """A unicode progress bar; beyond 100% it is full."""
    if share is None:
        return "·" * width
    filled = max(0, min(width, round(share * width)))
    return "█" * filled + "░" * (width - filled)


BRIEF: dict[str, dict[str, str]] = {
    "en": {
        "title": "Progress brief: {title}",
        "title_many": "Progress brief: {n} plans",
        "plans": "Plans",
        "plan_line": "{title} ({doc}issued {issued})",
        "as_of": "As of",
        "vintage": "Data vintage",
        "vintage_line": "oldest figure used {oldest}, newest {newest}",
        "vintage_none": "no figure used",
        "method": "Method",
        "method_linear": "Linear",
        "method_cagr": "Geometric (CAGR)",
        "method_line": "{method} pace against the straight path to each target, Open SDG bands 0.95 / 0.60 / 0 "
        "(see docs/method.md)",
        "generated": "Generated",
        "summary": "Executive summary",
        "counts": "**{title}**: {n} targets: {counts}.",
        "behind": "Furthest behind",
        "ahead": "Furthest ahead",
        "none_behind": "No target is behind.",
        "none_ahead": "No target is met or on track.",
        "phases": "Phase by phase",
        "phase_heading": "{name}",
        "due_line": "Due {end}: {n} targets.",
        "met_list": "Met",
        "missed_list": "Missed or overdue",
        "other_list": "Other",
        "not_due": "Not yet due ({n}); their pace",
        "yearly_line": "Judged year by year, or tracked ({n})",
        "table": "All targets",
        "charts": "Charts",
        "chart_caption": "{ref} {label}: observations (line 1) against the path to the target (line 2), "
        "{first} to {last}. Target {goal} by {deadline}{projection}.",
        "projection": "; projected at the achieved pace: {value}",
        "chart_title": "{ref} {label}",
        "units": "Units that fall short",
        "units_line": "**{ref} {label}**: {met} of {total} meet the minimum.",
        "short": "Short",
        "no_figure": "No figure",
        "over": "Above the range",
        "gaps": "Data gaps",
        "gaps_intro": "Targets with no figure, or none recent enough to judge them, and the figure that would close "
        "each gap.",
        "no_gaps": "Every target has data.",
        "sources": "Sources",
        "sources_intro": "Every figure used above, numbered as cited in the table.",
        "source_line": "[{n}] {url} (grade {grade}): {figures}",
        "col_ref": "Ref",
        "col_target": "Target",
        "col_latest": "Latest",
        "col_goal": "Goal",
        "col_progress": "Progress",
        "col_pace": "R",
        "col_status": "Status",
        "col_sources": "Sources",
        "yearly": "Yearly and undated",
        "none": "none",
        "and_more": "and {n} more",
        "gap_level": "a figure of {measure} for {area} dated on or after {since}",
        "gap_level_any": "a figure of {measure} for {area}",
        "gap_stale": "the latest figure is from {latest}; a figure of {measure} for {area} dated on or after {since}",
        "gap_units": "figures of {measure} for {names}",
        "gap_register": "a register of {register} with {measure} for each unit",
        "gap_ratio": "figures of {num} and {den} for {area} on the same date",
        "gap_mix": "figures of {parts} for {area} on the same date",
        "gap_event": "evidence in data/events.csv that {ref} was done (or not), with its date",
        "gap_years": "evidence in data/events.csv for {years}",
        "gap_person": "a register of persons with {measure} for the latest year",
    },
    "zh": {
        "title": "进展简报：{title}",
        "title_many": "进展简报：{n} 项规划",
        "plans": "规划",
        "plan_line": "{title}（{doc}{issued} 印发）",
        "as_of": "截至",
        "vintage": "数据时点",
        "vintage_line": "所用数据最早 {oldest}，最新 {newest}",
        "vintage_none": "未使用数据",
        "method": "方法",
        "method_linear": "线性",
        "method_cagr": "几何（年均增长率）",
        "method_line": "{method}速度，对照到期目标的直线路径；"
        "采用 Open SDG 判定区间 0.95 / 0.60 / 0（见 docs/method.md）",
        "generated": "生成时间",
        "summary": "摘要",
        "counts": "**{title}**：共 {n} 项目标：{counts}。",
        "behind": "最落后的目标",
        "ahead": "最领先的目标",
        "none_behind": "没有落后的目标。",
        "none_ahead": "没有已达成或进度正常的目标。",
        "phases": "分阶段情况",
        "phase_heading": "{name}",
        "due_line": "{end} 到期：{n} 项目标。",
        "met_list": "已达成",
        "missed_list": "未达成或已逾期",
        "other_list": "其他",
        "not_due": "尚未到期（{n} 项）及其进度",
        "yearly_line": "逐年判断或仅跟踪（{n} 项）",
        "table": "全部目标",
        "charts": "图表",
        "chart_caption": "{ref} {label}：观测值（线 1）与目标路径（线 2），{first} 至 {last}。"
        "目标为 {deadline} 前 {goal}{projection}。",
        "projection": "；按实际速度预计为 {value}",
        "chart_title": "{ref} {label}",
        "units": "未达标的单位",
        "units_line": "**{ref} {label}**：{total} 个单位中 {met} 个达标。",
        "short": "不足",
        "no_figure": "无数据",
        "over": "超出上限",
        "gaps": "数据缺口",
        "gaps_intro": "以下目标没有数据，或没有足以判断的近期数据；每项列出可填补缺口的数据。",
        "no_gaps": "所有目标均有数据。",
        "sources": "数据来源",
        "sources_intro": "上文所用全部数据，编号与表中引用一致。",
        "source_line": "[{n}] {url}（等级 {grade}）：{figures}",
        "col_ref": "编号",
        "col_target": "目标",
        "col_latest": "最新值",
        "col_goal": "目标值",
        "col_progress": "进度",
        "col_pace": "R",
        "col_status": "状态",
        "col_sources": "来源",
        "yearly": "年度及未定期限目标",
        "none": "无",
        "and_more": "等 {n} 个",
        "gap_level": "{area}{measure}的数据，日期不早于 {since}",
        "gap_level_any": "{area}{measure}的数据",
        "gap_stale": "最新数据为 {latest}；需要{area}{measure}不早于 {since} 的数据",
        "gap_units": "{names}的{measure}数据",
        "gap_register": "{register}名录及各单位的{measure}",
        "gap_ratio": "{area}同一日期的{num}与{den}数据",
        "gap_mix": "{area}同一日期的{parts}数据",
        "gap_event": "data/events.csv 中 {ref} 是否完成的证据及日期",
        "gap_years": "data/events.csv 中 {years} 的证据",
        "gap_person": "最近一年人员名录及其{measure}",
    },
}


def method_name(method: str, lang: str) -> str:
    return BRIEF[lang][f"method_{method}"]


def brief_word(key: str, lang: str) -> str:
    return BRIEF[lang][key]


def number_zh(value: float | None) -> str:
    """A figure as Chinese reports write it: 4 万, 7.68 万, 157 万; smaller ones in digits."""
    if value is None:
        return "—"
    if abs(value) >= 10_000:
        scaled = value / 10_000
        text = f"{scaled:.4g}" if abs(scaled) < 10_000 else f"{scaled:,.0f}"
        return f"{text} 万"
    return number(value)


def number_for(value: float | None, lang: str) -> str:
    return number_zh(value) if lang == "zh" else number(value)

"""An assessment's rule, notes and unit details in the reader's language.

The assessment keeps its reasons in English (the JSON's contract); this module says them in
Chinese, clause by clause, with measure and register names for ids and numbers as a Chinese
reader writes them. A phrase it does not know stays as it is: tests/test_chinese.py counts the
English words a zh output still holds, so a new rule without its Chinese shows there.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from swtrack.load.tracker import Tracker
from swtrack.model.areas import level_words, unit_level_of
from swtrack.model.status import Status
from swtrack.render.states import EVENT_STATUS_ZH, FIG, WHICH_VALUE, WHY_LATE, WHY_PACE, ends, fig, num
from swtrack.render.text import STATUS


class Sayer:
    """Chinese for the English of one tracker's assessments (its measures and registers by name)."""

    def __init__(self, tracker: Tracker) -> None:
        self.measures = {m.id: m.label.zh for m in tracker.catalogue.measures}
        self.registers = {r.label.en: r.label.zh for r in tracker.catalogue.registers}
        self.register_ids = {r.id: r.label.zh for r in tracker.catalogue.registers}
        self.proxy_notes = {m.id: m.proxy_note_zh for m in tracker.catalogue.measures if m.proxy_note_zh}
        # The English labels of a mix's parts, set per assessment (share_labels).
        self.parts: dict[str, str] = {}
        self.rules: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
            (re.compile(p), f) for p, f in self._rules()
        ]

    def measure(self, measure_id: str) -> str:
        return self.measures.get(measure_id, measure_id)

    def measure_list(self, text: str) -> str:
        return "、".join(self.measure(m.strip()) for m in text.split(","))

    def say(self, text: str) -> str:
        """text in Chinese, clause by clause; a clause not known stays as it is."""
        for pattern, make in self.rules:
            m = pattern.fullmatch(text)
            if m is not None:
                return make(m)
        return text

    def counts(self, text: str) -> str:
        m = re.fullmatch(r"(\d+) meet, (\d+) short, (\d+) unknown(?: of the (\d+) units listed)?", text)
        if m is None:
            return self.say(text)
        said = f"{m[1]} 个达标、{m[2]} 个未达标、{m[3]} 个未知"
        return said + (f"（仅计名录所列 {m[4]} 个）" if m[4] else "")

    def _unlisted(self, text: str | None) -> str:
        if not text:
            return ""
        m = re.fullmatch(r"; how many (.+) there are in all is not known: (.+) decides it", text)
        if m is None:
            return text
        label = self.registers.get(m[1], m[1])
        need = re.fullmatch(r"an exact, recent '(\w+)' figure", m[2])
        what = f"“{self.measure(need[1])}”的准确最新数据" if need else "它们的总数"
        return f"；{label}总数未知：需要{what}才能判定"

    def _rules(self) -> list[tuple[str, Callable[[re.Match[str]], str]]]:
        f1, f2 = FIG.format("a"), FIG.format("b")
        ev = EVENT_STATUS_ZH
        band = (
            r"R = (?P<r>\S+) \(bands 0\.95 / 0\.60 / 0\)"
            r"(?: \(R between (?P<lo>\S+) and (?P<hi>\S+) over the figures' ranges\))?"
        )

        def banded(m: re.Match[str]) -> str:
            out = f"R = {m['r']}（分档 0.95 / 0.60 / 0）"
            return out + (f"（按数据区间，R 在 {m['lo']} 至 {m['hi']} 之间）" if m["lo"] else "")

        verdict = {"met": "达到", "fell short of": "未达到", "could not decide": "无法判定是否达到"}
        return [
            (r"(?P<a>.+); (?P<b>CAGR is undefined .+)", lambda m: f"{self.say(m['a'])}；{self.say(m['b'])}"),
            (
                r"CAGR is undefined with a zero or negative (?P<n>baseline|latest figure|target|value) \((?P<v>.+)\); "
                r"the linear pace is used",
                lambda m: f"{WHICH_VALUE[m['n']]}为零或负数（{num(m['v'])}），无法计算年均增长率，改用线性速度",
            ),
            # Increases over a period (assess/change.py).
            (
                r"(?P<a>.+); the measure never decreases, so its figure of (?P<d>\S+) is a lower bound on (?P<at>\S+)",
                lambda m: f"{self.say(m['a'])}；该指标只增不减，其 {m['d']} 的数据是 {m['at']} 时的下限",
            ),
            (r"the increase cannot be read: (?P<w>.+)", lambda m: f"无法计算增量：{self.say(m['w'])}"),
            (r"stock at the period's start: " + f1, lambda m: f"期初存量：{fig(m['a'])}"),
            (
                r"no figure at the period's start \((?P<d>[^)]+)\); the measure never decreases, so the stock then "
                r"was at most " + f1 + r", and every increase below is a lower bound",
                lambda m: f"期初（{m['d']}）没有数据；该指标只增不减，期初存量至多为 {fig(m['a'])}，以下各增量均为下限",
            ),
            (
                r"no figure of (?P<m>\w+) at the period's start \((?P<d>\S+) or within a year before it\)",
                lambda m: f"期初（{m['d']} 或此前一年内）没有“{self.measure(m['m'])}”的数据",
            ),
            (
                r"no figure of (?P<m>\w+) after the period's start \((?P<d>[^)]+)\)",
                lambda m: f"期初（{m['d']}）之后没有“{self.measure(m['m'])}”的数据",
            ),
            (
                r"no yearly figure of (?P<m>\w+) from (?P<y>\d+) on",
                lambda m: f"自 {m['y']} 年起没有“{self.measure(m['m'])}”的年度数据",
            ),
            (r"the sum of the yearly flows from (?P<y>\d+)", lambda m: f"自 {m['y']} 年起各年流量之和"),
            (
                r"no figure for (?P<y>[\d, ]+): the sum from then on is a lower bound",
                lambda m: f"{m['y'].replace(', ', '、')} 年没有数据：此后的合计为下限",
            ),
            (
                r"a figure of part of a year \((?P<p>.+)\) is a lower bound on that year",
                lambda m: f"部分年度的数据（{m['p']}）是该年的下限",
            ),
            (r"no figure on or before the as-of date", lambda m: "截至评估日没有数据"),
            (r"the latest figure \(" + f1 + r"\) meets the target", lambda m: f"最新数据（{fig(m['a'])}）已达到目标"),
            (
                r"the latest figure \(" + f1 + r"\) allows values (?P<w>between \S+ and \S+): it may or may not meet "
                r"(?P<t>\S+), and no pace can be read on the plan's own measure",
                lambda m: (
                    f"最新数据（{fig(m['a'])}）可能在 {ends(m['w'])} 之间：可能达到也可能未达到 {num(m['t'])}，"
                    "且规划指标本身无法计算进度"
                ),
            ),
            (r"not met yet; (?P<w>.+)", lambda m: f"尚未达到；{WHY_PACE.get(m['w'], m['w'])}"),
            (
                r"the baseline \((?P<v>\S+) on (?P<d>\S+)\) stood at the target, so no pace was required; "
                r"the latest figure \(" + f1 + r"\) has fallen short of it since: moving away",
                lambda m: (
                    f"基线（{m['d']} {num(m['v'])}）已达到目标，无需进度；最新数据（{fig(m['a'])}）"
                    "此后已低于目标：背离目标"
                ),
            ),
            (
                r"the baseline \((?P<v>\S+) on (?P<d>\S+)\) stood at the target, so no pace was required; "
                r"whether the latest figure \(" + f1 + r"\) lies below the baseline its range cannot say",
                lambda m: (
                    f"基线（{m['d']} {num(m['v'])}）已达到目标，无需进度；最新数据（{fig(m['a'])}）"
                    "是否低于基线，其区间无法说明"
                ),
            ),
            (band, banded),
            (
                r"R lies between (?P<lo>\S+) and (?P<hi>\S+) over the figures' ranges, which spans more than one band",
                lambda m: f"按数据区间，R 在 {m['lo']} 至 {m['hi']} 之间，跨越不止一个分档",
            ),
            (
                r"the latest figure \(" + f1 + r"\) (?P<v>met|fell short of|could not decide) the standard; "
                r"it says nothing of the years since",
                lambda m: f"最新数据（{fig(m['a'])}）{verdict[m['v']]}标准；不能说明此后各年",
            ),
            (r"the latest figure \(" + f1 + r"\) meets the standard", lambda m: f"最新数据（{fig(m['a'])}）达到标准"),
            (r"the latest figure \(" + f1 + r"\) falls short", lambda m: f"最新数据（{fig(m['a'])}）未达到标准"),
            (
                r"the latest figure \("
                + f1
                + r"\) allows values (?P<w>between \S+ and \S+), on both sides of the standard",
                lambda m: f"最新数据（{fig(m['a'])}）可能在 {ends(m['w'])} 之间，跨越标准两侧",
            ),
            (
                r"met at the deadline: " + f1 + r", within a year before it",
                lambda m: f"期限时已达到：{fig(m['a'])}（期限前一年内）",
            ),
            (
                r"short at the deadline \(" + f1 + r"\); met after it: " + f2,
                lambda m: f"期限时未达到（{fig(m['a'])}）；期限后达到：{fig(m['b'])}",
            ),
            (r"not met at the deadline: " + f1, lambda m: f"期限时未达到：{fig(m['a'])}"),
            (r"reached before the deadline: " + f1, lambda m: f"期限前已达到：{fig(m['a'])}"),
            (
                r"still short after the deadline \(" + f1 + r"\); met later: " + f2,
                lambda m: f"期限后仍未达到（{fig(m['a'])}）；此后达到：{fig(m['b'])}",
            ),
            (r"still short after the deadline: " + f1, lambda m: f"期限后仍未达到：{fig(m['a'])}"),
            (
                r"met by (?P<d>[\d-]+) \(" + f1 + r"\); on time unknown: (?P<w>.+)",
                lambda m: f"至迟 {m['d']} 已达到（{fig(m['a'])}）；是否按期未知：{WHY_LATE.get(m['w'], m['w'])}",
            ),
            (
                r"the figures near or after the deadline cannot decide it: " + f1 + r" allows values "
                r"(?P<w>between \S+ and \S+); target (?P<t>\S+)",
                lambda m: f"期限前后的数据无法判定：{fig(m['a'])}，可能在 {ends(m['w'])} 之间；目标 {num(m['t'])}",
            ),
            (
                r"the latest figure \(" + f1 + r"\) is more than a year older than the deadline \((?P<d>[\d-]+)\) "
                r"and says nothing about it",
                lambda m: f"最新数据（{fig(m['a'])}）比期限（{m['d']}）早一年以上，不能说明期限时的情况",
            ),
            # Unit targets: coverage, range, per person.
            (r"no units to judge: the register holds none", lambda m: "没有可判断的单位：名录中尚无单位"),
            (
                r"no units to judge: targets/areas/ holds no (?P<l>\w+) area of '(?P<j>[^']+)'(?: within (?P<w>.+?))? "
                r"on (?P<d>\S+)",
                lambda m: (
                    f"没有可判断的单位：targets/areas/ 在 {m['d']} 没有“{m['j']}”"
                    f"{'（' + m['w'] + '内）' if m['w'] else ''}的{level_words(unit_level_of(m['l']) or m['l'], 'zh')}"
                ),
            ),
            (
                r"no units to judge: the (?P<r>\w+) register holds no (?P<m>\w+) row(?: within (?P<w>.+?))? "
                r"on or before (?P<d>\S+)",
                lambda m: (
                    f"没有可判断的单位：{self.register_ids.get(m['r'], m['r'])}名录在 {m['d']} 及以前没有"
                    f"{m['w'] + '的' if m['w'] else ''}“{self.measure(m['m'])}”数据"
                ),
            ),
            (
                r"(?P<w>\d+ meet.*?): every unit meets the minimum",
                lambda m: f"{self.counts(m['w'])}：每个单位均达到下限",
            ),
            (
                r"(?P<w>\d+ meet.*?); no complete baseline to read a pace from",
                lambda m: f"{self.counts(m['w'])}；没有完整的基线，无法计算进度",
            ),
            (r"(?P<w>\d+ meet.*?); no pace can be read", lambda m: f"{self.counts(m['w'])}；无法计算进度"),
            (
                r"(?P<w>\d+ meet.*?); R = (?P<r>\S+) on the share of units",
                lambda m: f"{self.counts(m['w'])}；按达标单位比例 R = {m['r']}",
            ),
            (
                r"at the deadline (?P<w>\d+ meet.*?); all (?P<n>\d+) meet by (?P<d>[\d-]+) "
                r"\((?P<y>short units at the deadline|on time unknown)\)",
                lambda m: (
                    f"期限时 {self.counts(m['w'])}；至 {m['d']} 全部 {m['n']} 个达标"
                    + ("（期限时有未达标单位）" if m["y"].startswith("short") else "（是否按期未知）")
                ),
            ),
            (
                r"no unit has a figure at the deadline; by (?P<d>[\d-]+) (?P<n>\d+) meet the minimum(?P<u>; how .+)",
                lambda m: f"期限时没有单位数据；至 {m['d']} 有 {m['n']} 个达到下限{self._unlisted(m['u'])}",
            ),
            (
                r"no unit has a figure at the deadline; by (?P<d>[\d-]+) (?P<n>\d+) of (?P<t>\d+) meet the minimum",
                lambda m: f"期限时没有单位数据；至 {m['d']}，{m['t']} 个中有 {m['n']} 个达到下限",
            ),
            (
                r"no unit has a figure \((?:at the deadline: )?(?P<w>.+)\)",
                lambda m: f"没有单位有数据（{self.counts(m['w'])}）",
            ),
            (
                r"no unit has a figure of its own \((?P<at>at the deadline: )?(?P<w>.+)\); (?P<n>\d+) figure\(s\) of "
                r"the measure, newest (?P<d>\S+), do not say which units meet it",
                lambda m: (
                    f"没有单位有自己的数据（{'期限时' if m['at'] else ''}{self.counts(m['w'])}）；"
                    f"该指标的 {m['n']} 个数据（最新 {m['d']}）不能说明哪些单位达标"
                ),
            ),
            (
                r"at the deadline (?P<w>\d+ meet.*?): the figures there are too old to judge it",
                lambda m: f"期限时 {self.counts(m['w'])}：这些数据过旧，无法判断",
            ),
            (
                r"(?P<at>at the deadline )?(?P<w>\d+ meet, \d+ short, \d+ unknown(?: of the \d+ units listed)?)"
                r"(?P<k>: the unknown units decide it)?(?P<u>; how many .+)?",
                lambda m: (
                    ("期限时 " if m["at"] else "")
                    + self.counts(m["w"])
                    + ("：未知单位决定结果" if m["k"] else "")
                    + self._unlisted(m["u"])
                ),
            ),
            (
                r"(?P<w>\d+ meet, .+) in (?P<y>\d+) \(minimum (?P<n>\S+)\)(?P<k>: the unknown persons decide it)?",
                lambda m: (
                    f"{m['y']} 年 {self.counts(m['w'])}（下限 {m['n']}）" + ("：未知人员决定结果" if m["k"] else "")
                ),
            ),
            (r"no per-person figures on or before the as-of date", lambda m: "截至评估日没有个人数据"),
            # Mixes, ratios, taxonomies.
            (r"every share is inside its band on (?P<d>\S+)", lambda m: f"{m['d']} 各部分比例均在区间内"),
            (
                r"no date with a figure for every part of the mix(?:: the figures of (?P<h>.+) cannot show the mix "
                r"without (?P<n>.+))?",
                lambda m: (
                    "没有哪个日期各部分都有数据"
                    + (
                        f"：仅有{self.measure_list(m['h'])}的数据，缺少{self.measure_list(m['n'])}，无法得出比例"
                        if m["h"]
                        else ""
                    )
                ),
            ),
            (r"the plan gives no number: tracked, not judged", lambda m: "规划未给出数值：仅跟踪，不判断"),
            (
                r"the level taxonomy the data must use: tracked, not judged",
                lambda m: "数据须采用的等级划分：仅跟踪，不判断",
            ),
            # A verdict that compares two figures across a break in the series (assess/breaks.py).
            (
                r"(?P<a>\S+) on (?P<da>\S+) breaks the series after (?P<b>\S+) on (?P<db>\S+) \((?P<c>[+-]\d+%) "
                r"in (?P<n>\d+) months, beyond what the series' own pace explains\): the two may count different "
                r"things, so the verdict that compares them \((?P<s>\w+): (?P<r>.+)\) cannot stand",
                lambda m: (
                    f"{fig(m['b'] + ' on ' + m['db'])} 到 {fig(m['a'] + ' on ' + m['da'])}，{m['n']} 个月变化 "
                    f"{m['c']}，超出该序列自身增速所能解释的范围，序列在此断开：两者可能口径不同，据此比较得出的结论"
                    f"（{STATUS['zh'][Status(m['s'])]}："
                    f"{self.say(m['r'])}）不能成立"
                ),
            ),
            # Events: milestones and yearly events.
            (
                r"not done as the plan names it; done instead \(shown by (?P<d>[^)]+)\)",
                lambda m: f"未按规划所列事项完成；以替代做法完成（证据日期 {m['d']}）",
            ),
            (
                r"no evidence recorded(?:; due (?P<d>\S+) has passed)?",
                lambda m: "尚无证据记录" + (f"；期限 {m['d']} 已过" if m["d"] else ""),
            ),
            (
                r"(?P<s>done on|done by) (?P<d>[^:;,]+)",
                lambda m: f"{m['d']} {'已完成' if m['s'] == 'done on' else '前已完成'}",
            ),
            (
                r"done on (?P<d>\S+), after the deadline (?P<due>\S+)",
                lambda m: f"{m['d']} 完成，晚于期限 {m['due']}",
            ),
            (
                r"(?P<s>\w+) on (?P<d>\S+), after the deadline (?P<due>\S+); done by (?P<b>\S+)",
                lambda m: f"{m['d']}（期限 {m['due']} 之后）为“{ev.get(m['s'], m['s'])}”；{m['b']} 前已完成",
            ),
            (
                r"done by (?P<d>\S+); whether by the deadline \((?P<due>[^)]+)\) is unknown",
                lambda m: f"{m['d']} 前已完成；是否在期限（{m['due']}）前完成未知",
            ),
            (
                r"not due yet; latest evidence \((?P<d>[^)]+)\) says (?P<s>\w+)",
                lambda m: f"尚未到期；最新证据（{m['d']}）为“{ev.get(m['s'], m['s'])}”",
            ),
            (
                r"due (?P<due>\S+); evidence of (?P<d>\S+) says (?P<s>\w+)",
                lambda m: f"期限 {m['due']}；{m['d']} 的证据为“{ev.get(m['s'], m['s'])}”",
            ),
            (
                r"due (?P<due>\S+); the latest evidence \((?P<d>[^,]+), (?P<s>\w+)\) is from before the deadline",
                lambda m: f"期限 {m['due']}；最新证据（{m['d']}，“{ev.get(m['s'], m['s'])}”）早于期限",
            ),
            (r"no evidence recorded for any year", lambda m: "各年均无证据记录"),
            (
                r"held in (?P<h>\d+) of (?P<n>\d+) years(?:; not held in (?P<x>.+)|; no evidence either way for "
                r"(?P<u>\d+) \((?P<y>.+)\))?",
                lambda m: (
                    f"{m['n']} 年中举办 {m['h']} 年"
                    + (f"；{m['x'].replace(', ', '、')} 年未举办" if m["x"] else "")
                    + (f"；{m['u']} 年无证据（{m['y'].replace(', ', '、')}）" if m["u"] else "")
                ),
            ),
            # Notes.
            (
                r"proxy (?P<m>\w+) is (?P<d>a lower bound|an upper bound|of unknown direction)[^.]*\.(?: (?P<x>.+))?",
                lambda m: (
                    "替代口径“{}”{}".format(
                        self.measure(m["m"]),
                        {
                            "a lower bound": "是规划指标的下限：只能证明达成，不能证明未达成。",
                            "an upper bound": "是规划指标的上限：只能证明未达成，不能证明达成。",
                            "of unknown direction": "与规划指标的关系不明：不能据以判定。",
                        }[m["d"]],
                    )
                    + self.proxy_notes.get(m["m"], m["x"] or "")
                ),
            ),
            (r"missing: (?P<m>.+)", lambda m: f"缺少：{self.measure_list(m['m'])}"),
            (
                r"worst share: (?P<l>.+) (?P<s>\S+%) against (?P<t>\S+%) \(band (?P<b>\S+)\)",
                lambda m: f"偏离最大的部分：{self.parts.get(m['l'], m['l'])} {m['s']}，目标 {m['t']}（区间 {m['b']}）",
            ),
            (r"(?P<m>\w+): no data", lambda m: f"{self.measure(m['m'])}：无数据"),
            (
                r"(?P<m>\w+): (?P<v>\S+) \((?P<d>[^)]+)\)",
                lambda m: f"{self.measure(m['m'])}：{num(m['v'])}（{m['d']}）",
            ),
            # How a unit's figure was found.
            (r"register", lambda m: "名录合计"),
            (
                r"carried from (?P<n>.+?)(?P<p> \(a lower bound: not every predecessor has a figure\))?"
                r"(?:; older than (?P<y>\d+) years: unknown)?",
                lambda m: (
                    "由"
                    + re.sub(r" \([a-z0-9_]+\)", "", m["n"]).replace("+", "、")
                    + "承继"
                    + ("（下限：并非每个前身都有数据）" if m["p"] else "")
                    + (f"；超过 {m['y']} 年：未知" if m["y"] else "")
                ),
            ),
            (r"older than (?P<y>\d+) years: unknown", lambda m: f"超过 {m['y']} 年：未知"),
        ]

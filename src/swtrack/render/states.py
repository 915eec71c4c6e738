"""What the Chinese reasons are made of: words for the states of a unit, a year and an event, and
figures as the rules quote them ("76,800 on 2021-12-31") said as Chinese writes them."""

from __future__ import annotations

import re

from swtrack.assess.interval import AFTER_ZH, MARK_ZH
from swtrack.render.numbers import number_zh

WHICH_VALUE = {"baseline": "基线", "latest figure": "最新数据", "target": "目标值", "value": "数值"}
NUM = r"[\d,]+(?:\.\d+)?"
# A figure as the rules quote it: mark, value, date, and (proxy) where it is one.
FIG = r"(?P<{0}>[>≥~≲<≳]?" + NUM + r" on [\d-]+(?: \(proxy\))?)"


def fig(text: str) -> str:
    """ ">107,000 on 2018-12-31 (proxy)" → "2018-12-31 超过10.7万（替代口径）"."""
    m = re.fullmatch(r"([>≥~≲<≳]?)(" + NUM + r") on ([\d-]+)( \(proxy\))?", text)
    if m is None:
        return text
    mark, value, day, proxy = m.groups()
    shown = f"{MARK_ZH.get(mark, '')}{num(value)}{AFTER_ZH.get(mark, '')}"
    return f"{day} {shown}" + ("（替代口径）" if proxy else "")


def num(text: str) -> str:
    """A number as the rules print it (76,800 / ∞) in Chinese: 7.68万."""
    if text in ("∞", "−∞"):
        return text
    try:
        return number_zh(float(text.replace(",", "")))
    except ValueError:
        return text


def ends(text: str) -> str:
    """ "between 238 and ∞" → "238 至 ∞"."""
    m = re.fullmatch(r"between (\S+) and (\S+)", text)
    return f"{num(m[1])} 至 {num(m[2])}" if m else text


# Why no pace can be read, and why being on time is unknown (assess/level.py), in Chinese.
WHY_PACE = {
    "the plan's own measure has no figure, and a proxy gives no pace": ("规划指标本身没有数据，替代口径不能计算进度"),
    "no baseline to read a pace from": "没有可计算进度的基线",
    "one figure since the baseline, and no pace can be read from one point": ("基线以来只有一个数据，无法计算进度"),
    "the baseline is the only figure on the plan's own measure, and no pace can be read from one point": (
        "规划指标本身只有基线一个数据，无法计算进度"
    ),
    "no pace can be read between the baseline and the deadline": "基线与期限之间无法计算进度",
}
WHY_LATE = {
    "the figures near the deadline cannot decide": "期限前后的数据无法判定",
    "no figure within a year before the deadline": "期限前一年内没有数据",
}

EVENT_STATUS_ZH = {
    "done": "已完成",
    "done_by": "此前已完成",
    "in_progress": "推进中",
    "not_done": "未完成",
    "held": "已举办",
    "not_held": "未举办",
}
UNIT_STATE = {
    "zh": {"ok": "达标", "over": "超出", "short": "未达标", "no_data": "无数据", "unknown": "未知"},
    "en": {"ok": "meets", "over": "over", "short": "short", "no_data": "no data", "unknown": "unknown"},
}
YEAR_STATE = {
    "zh": {"held": "已举办", "missed": "未举办", "no_data": "无证据", "pending": "未到年底"},
    "en": {"held": "held", "missed": "not held", "no_data": "no evidence", "pending": "pending"},
}


def unit_state(state: str, lang: str) -> str:
    return UNIT_STATE[lang].get(state, state)


def year_state(state: str, lang: str) -> str:
    return YEAR_STATE[lang].get(state, state)

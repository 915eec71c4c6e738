"""What `swtrack init --jurisdiction` writes beside the templates: the jurisdiction's area
registry cut from the GB/T 2260 list, a plan skeleton that validates, and its source-text file."""

from __future__ import annotations

import csv
import io
import re

from swtrack.load.gb2260 import Unit

# The words a plan uses for "each unit" of a level, as the skeleton's example quotes them.
EACH = {
    "province": "每个省（自治区、直辖市）",
    "prefecture": "每个设区市",
    "county_level": "每个县（市、区）",
    "township": "每个乡镇（街道）",
    "community": "每个社区（村）",
}


def slug(text: str, code: str) -> str:
    """A jurisdiction id from an English name: lower-case letters, digits and _ (j + the code
    when the name gives none)."""
    words = re.sub(r"[^a-z0-9]+", "_", text.casefold()).strip("_")
    words = re.sub(r"_(district|county|city)$", "", words)
    return words if re.fullmatch(r"[a-z][a-z0-9_]*", words) else f"j{code}"


def area_id(unit: Unit) -> str:
    return f"gb{unit.code}"


def registry_csv(jurisdiction: str, top: Unit | None, units: list[Unit]) -> str:
    """targets/areas/<jurisdiction>.csv: the jurisdiction's own area first, then every unit under
    it, each with its parent; the country (top None) has no code of its own."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(["id", "name", "en", "level", "code", "parent", "source"])
    ids = {u.code: (jurisdiction if u is top else area_id(u)) for u in units}
    if top is None:
        out.writerow([jurisdiction, "全国", "China", "country", "", "", ""])
    for u in units:
        parent = ids.get(u.parent, jurisdiction if top is None else "")
        out.writerow([ids[u.code], u.name, u.en, u.level, u.code, parent, u.source])
    return buf.getvalue()


def plan_skeleton(
    plan_id: str, jurisdiction: str, top: Unit | None, *, counts: str, source_text: str, level: str
) -> str:
    """An empty plan, valid as written, whose comments show how to fill it in; `level` is the unit
    level of the jurisdiction's direct children, which the coverage example is over."""
    name = top.name if top else "全国"
    en = top.en if top else "China"
    each = EACH[level]
    ref = (re.sub(r"[^A-Z]", "", jurisdiction.upper()) + "XX")[:2]
    return f"""\
# yaml-language-server: $schema=../schema/plan.schema.json
# {name}的规划：改写下面带“请改”的各项，再把规划的每一项目标写在 targets: 下。
# The plan of {en}: rewrite the fields marked 请改 (change), then write each target under targets:.
# The format, every kind of target and an example: docs/plan-format.md and docs/your-own-plan.md.
id: {plan_id}
title: {{zh: {name}社会工作人才发展规划（请改为规划全称）, en: Social-work talent plan of {en} (change to its title)}}
issuer: {{zh: 请改为发文单位, en: the issuing office (change)}}
issued: 2021-12-31                  # 印发日期（请改） / the date it was issued
jurisdiction: {jurisdiction}                # targets/areas/{jurisdiction}.csv: {counts}
language: zh
baseline_date: 2020-12-31           # 基期（请改） / progress is measured from here
horizon: 2025-12-31                 # 规划期末（请改） / the plan's end
source_text: {source_text}   # 规划原文 / the plan's text: every wording quotes it
phases:                             # 阶段，按时间顺序 / phases, in date order
  - {{id: p2025, name: {{zh: 规划期末（2025年）, en: End of the plan (2025)}}, end: 2025-12-31}}
# 把 [] 换成目标列表，例如（去掉 # 再改）/ replace [] with the list of targets, e.g. (remove the #):
targets: []
#  - ref: {ref}-01                       # 两个大写字母、短横、两位数字 / two capitals, a dash, two digits
#    kind: threshold                  # 全{name[-1]}总量不少于 / a {en}-wide figure of at least
#    clause: 二（一）
#    wording: 社会工作专业人才总量达到……      # 原文，见 {source_text} / quoted from the plan's text
#    label: {{zh: 社会工作专业人才, en: Social-work professionals}}
#    measure: professional_talents     # targets/measures.yaml 中的指标 / a measure of the catalogue
#    value: 100000
#    phase: p2025
#  - ref: {ref}-02
#    kind: coverage                   # {each}都有 / every unit has at least one
#    clause: 二（二）
#    wording: {each}至少建成1个社会工作服务站
#    label: {{zh: 社会工作服务站全覆盖, en: A social-work station in every unit}}
#    measure: sw_service_stations
#    minimum: 1
#    units: {{areas: {level}}}       # province 省级, prefecture 地级, county_level 县级, township 乡级, community 村级
#    phase: p2025
"""


def source_placeholder(top: Unit | None, level: str = "township") -> str:
    """The plan's text to paste; until then it holds the two example targets' wordings, so the
    skeleton's examples validate once uncommented (validate finds every wording in this text)."""
    name = top.name if top else "全国"
    return f"""\
# {name}社会工作人才发展规划（原文）

把规划原文粘贴在这里：plan 中每一项目标的 `wording` 都引自这份原文。
Paste the plan's text here: the `wording` of every target in the plan quotes it.

示例（粘贴原文时删去） / an example (delete it when you paste the text):
二（一）社会工作专业人才总量达到10万人。二（二）{EACH[level]}至少建成1个社会工作服务站。
"""

"""The words of the data request (`swtrack request`) in Chinese and English: a catalogue like render/text.py.

`swtrack import` reads these headers back, so a filled request imports with no options.
"""

from __future__ import annotations

REQUEST: dict[str, dict[str, str]] = {
    "zh": {
        "index": "序号",
        "area": "地区",
        "measure": "指标",
        "label_zh": "指标名称",
        "label_en": "英文名称",
        "unit": "计量单位",
        "clause": "规划条款",
        "last_value": "上次数值",
        "last_date": "上次日期",
        "date": "日期",
        "value": "数值",
        "qualifier": "限定",
        "source": "来源",
        "note": "备注",
        "grade": "等级",
        "title": "{area}社会工作人才数据征集表（截至{as_of}）· {plan}",
        "instructions": "填表说明",
        "from_register": "名录各单位之和",
        "from_area": "沿用{area}的数字",
        "value_error": "请填写数字，如 1234；近似数在“限定”列说明。",
        "qualifier_error": "请从列表中选择，或留空表示准确数。",
        "date_error": "请填写日期，如 2020-12-31。",
    },
    "en": {
        "index": "No.",
        "area": "area",
        "measure": "measure",
        "label_zh": "name (zh)",
        "label_en": "name (en)",
        "unit": "unit of measure",
        "clause": "plan clause",
        "last_value": "last value",
        "last_date": "last date",
        "date": "date",
        "value": "value",
        "qualifier": "qualifier",
        "source": "source",
        "note": "note",
        "grade": "grade",
        "title": "Data request: {area}, figures as of {as_of} · {plan}",
        "instructions": "Instructions",
        "from_register": "sum of register units",
        "from_area": "carried from {area}",
        "value_error": "Write a number such as 1234; say in 'qualifier' if it is approximate.",
        "qualifier_error": "Choose from the list, or leave it empty for an exact figure.",
        "date_error": "Write a date such as 2020-12-31.",
    },
}

REQUEST_HELP: dict[str, list[str]] = {
    "zh": [
        "本表列出 {plan} 在 {as_of} 缺少的数据，每行一项。请在“数值”列填写截至该日期的数字。",
        "地区、指标、指标名称、英文名称、计量单位、规划条款、上次数值、上次日期、等级 各列已填好，请勿修改。",
        "数值只写数字（如 1234）。近似数在“限定”列选择：{qualifiers}；留空表示准确数。",
        "数字对应的日期不是 {as_of} 时，请改写“日期”列。",
        "“来源”列写明数字的出处（文件名称、文号或网址），“备注”列可写原文或说明。",
        "没有数字的行留空即可。可以加标题行、序号列或合计行；合计行会与其上各行之和核对。",
        "回收后用 swtrack import <文件> 导入，swtrack validate 检查，swtrack status 查看进度。",
    ],
    "en": [
        "Each row is a figure {plan} needs as of {as_of} and the tracker does not hold. Write it in 'value'.",
        "The columns area, measure, name (zh), name (en), unit of measure, plan clause, last value, last date "
        "and grade are filled in: please leave them as they are.",
        "Write plain numbers (1234). For an approximate figure choose a qualifier: {qualifiers}.",
        "If the figure is for another date than {as_of}, change 'date'.",
        "Say where the figure comes from in 'source' (document, number or web address); quote it in 'note'.",
        "Leave a row empty when there is no figure. Title rows, a No. column and a total row are fine: "
        "a total row is checked against the sum of the rows above it.",
        "Back at the tracker: swtrack import <file>, then swtrack validate and swtrack status.",
    ],
}

# The catalogue's units (English) and the Chinese words a table writes them in, after a number
# (12人, 3家) or in a header (机构数（个）); the first is the one a Chinese sheet shows.
UNIT_WORDS: dict[str, tuple[str, ...]] = {
    "persons": ("人", "名", "位"),
    "agencies": ("个", "家", "所"),
    "organisations": ("个", "家"),
    "stations": ("个", "家", "所", "处"),
    "centres": ("个", "家", "所", "处"),
    "bases": ("个", "家", "处"),
    "communities": ("个",),
    "projects": ("个", "项"),
    "posts": ("个",),
    "placements": ("个",),
    "yuan": ("元",),
    "yuan per year": ("元/年",),
    "days per year": ("天/年", "天"),
    "cases per person": ("件/人",),
    "percent": ("%",),
}
UNIT_ZH: dict[str, str] = {unit: words[0] for unit, words in UNIT_WORDS.items()}

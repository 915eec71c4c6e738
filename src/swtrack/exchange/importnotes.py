"""What an import says it read and how (a skipped sheet, a unit, a total row), in zh and en: notes
are said in both languages, as findings are, and each output prints its own."""

from __future__ import annotations

from swtrack.findings import Say

NOTES: dict[str, tuple[str, str]] = {
    "skipped": (
        "sheet '{sheet}' skipped: none of its first {n} rows is a header row",
        "工作表 '{sheet}' 已跳过：前 {n} 行中没有表头行",
    ),
    "as_measure": (
        "{where} '{header}': read as --measure {wanted} (the header names {named})",
        "{where} '{header}'：按 --measure {wanted} 读取（表头写的是 {named}）",
    ),
    "blank": ("sheet '{sheet}': {n} rows without a figure left out", "工作表 '{sheet}'：{n} 行没有数字，未导入"),
    "own_source": (
        "sheet '{sheet}': {n} rows without a source: the office's return to the request is their source ({example})",
        "工作表 '{sheet}'：{n} 行没有来源：以该单位对征集表的回复为来源（{example}）",
    ),
    "total_unchecked": (
        "{where}: the {word} row not checked (figures above are missing or approximate)",
        "{where}：“{word}”行未核对（上方数字有缺失或为约数）",
    ),
    "total_sum": ("{where}: the {word} row equals the sum of {span}", "{where}：“{word}”行等于{span_zh}之和"),
}


def note(key: str, **fields: object) -> Say:
    en, zh = NOTES[key]
    return Say(en.format(**fields), zh.format(**fields))


def unit_note(where: str, header: str, measure: str | None, unit: str, scale: float) -> Say:
    """A header's unit as read: "C2 '人数（万人）': value in 万人, values × 10000"."""
    what, what_zh = (f"measure {measure}", f"指标 {measure}") if measure else ("value", "数值")
    times, times_zh = (f", values × {scale}", f"，数值 × {scale}") if scale != 1 else ("", "")
    return Say(f"{where} '{header}': {what} in {unit}{times}", f"{where} '{header}'：{what_zh}，单位 {unit}{times_zh}")

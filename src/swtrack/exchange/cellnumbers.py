"""Numbers as offices write them in cells (1,234 / １２３４ / 约1.2万 / 120人): one reading, or none."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Chinese qualifier words and the codes they stand for. The first word of each code is the one a
# Chinese sheet offers (the request's 限定 list); a word may also stand before a number (约100) or,
# for 余, 多 and 左右, after it (1000余, and 20余万, where 余 stands before the 万).
QUALIFIER_WORDS = {
    "约": "about",
    "左右": "about",
    "大约": "about",
    "超过": "more_than",
    "余": "odd",
    "多": "odd",
    "不少于": "at_least",
    "至少": "at_least",
    "近": "nearly",
    "将近": "nearly",
    "接近": "nearly",
    "不足": "less_than",
    "少于": "less_than",
    "不到": "less_than",
}
AFTER = ("余", "多", "左右")  # words written after the number; the others stand before it
# The longest first, so that 不少于 is not read as 不 and a number.
_BEFORE = (*sorted((w for w in QUALIFIER_WORDS if w not in AFTER), key=len, reverse=True), "~")
SCALES = {"万": 10_000, "亿": 100_000_000, "千": 1_000}

_CELL = re.compile(
    r"(?P<sign>-?)(?P<num>[0-9][0-9,]*(?:\.[0-9]+)?)\s*(?P<before>余|多)?\s*(?P<scale>[万亿千]?)\s*(?P<after>余|多|\+)?"
    r"\s*(?P<unit>[^\s0-9.,+~\-]*?)\s*(?P<about>左右)?"
)
# A comma is a thousands separator only between groups of three digits after a first group of one
# to three that does not start with 0: 1,500 and 12,345,678, never 1,5, 12,34 or 0,500 (a decimal
# comma as much as a separator).
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?")


@dataclass(frozen=True)
class Reading:
    """What a cell's text says: the number in plain digits (None when it has no one reading), the
    qualifier its words give, a unit written after it, and why it cannot be read."""

    number: str | None
    qualifier: str = ""
    unit: str = ""
    problem: str = ""


def qualifier_words(lang: str, codes: tuple[str, ...]) -> dict[str, str]:
    """The word a sheet in `lang` shows for each qualifier code: the first Chinese word of the code
    in zh (the code itself when no word stands for it yet), the code in en."""
    if lang != "zh":
        return {c: c for c in codes if c}
    first: dict[str, str] = {}
    for word, code in QUALIFIER_WORDS.items():
        first.setdefault(code, word)
    return {c: first.get(c, c) for c in codes if c}


def read_number(text: str, units: tuple[str, ...] = ()) -> Reading:
    """One reading of a cell: full-width forms folded, thousands separators (only in groups of three)
    taken off, 万 and 亿 multiplied out, qualifier words (约, 超过, 余, 左右 …) made a code, and a unit
    after the number taken off when it is one of `units`."""
    raw = unicodedata.normalize("NFKC", text).strip()
    qualifier = ""
    for word in _BEFORE:
        if raw.startswith(word):
            qualifier, raw = QUALIFIER_WORDS.get(word, "about"), raw[len(word) :].strip()
            break
    m = _CELL.fullmatch(raw)
    if m is None:
        return Reading(None, problem="not a number")
    num = m.group("num")
    if "," in num:
        if not _GROUPED.fullmatch(num):
            return Reading(None, problem="ambiguous comma")
        num = num.replace(",", "")
    if not _PLAIN.fullmatch(num):
        return Reading(None, problem="not a number")
    words = [w for w in (m.group("before"), m.group("after"), m.group("about")) if w]
    if len(words) > 1:
        return Reading(None, problem="two qualifiers")
    if words:
        after = words[0]
        code = "more_than" if after == "+" else QUALIFIER_WORDS[after]
        if qualifier and qualifier != code:
            return Reading(None, problem="two qualifiers")
        qualifier = code
    unit = m.group("unit")
    if unit and unit not in units:
        return Reading(None, qualifier, unit, "unit")
    try:
        value = Decimal(num) * SCALES.get(m.group("scale"), 1)
    except InvalidOperation:
        return Reading(None, problem="not a number")
    return Reading(m.group("sign") + plain_decimal(value), qualifier, unit)


def normalise_number(text: str, units: tuple[str, ...] = ()) -> tuple[str, str]:
    """(plain number, qualifier) of a cell; a cell with no one reading comes back as it was, for the
    validation to report."""
    reading = read_number(text, units)
    return (reading.number, reading.qualifier) if reading.number is not None else (text, "")


def plain_decimal(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def plain_number(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:.10g}"

"""Numbers as a reader writes them: 万 in zh, thousands separators in en, never scientific notation."""

from __future__ import annotations

import math


def _digits(value: float, significant: int) -> str:
    """value with at least `significant` significant digits, in fixed notation (never 1e+05),
    grouped by thousands, trailing zeros dropped."""
    size = abs(value)
    if size >= 10 ** (significant - 1) or size == 0:
        text = f"{value:,.0f}"
    else:
        places = significant - 1 - math.floor(math.log10(size))
        text = f"{value:,.{places}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    # A figure that rounds to nothing is 0, never -0.
    return "0" if text.lstrip("-").strip("0.,") == "" else text


def number(value: float | None, lang: str = "en") -> str:
    """A figure as people write it: 40,000 / 0.95 / 1.41; never in scientific notation, never -0.
    lang="zh" writes ten thousands as 万 (number_zh); anything else groups digits by thousands."""
    if value is None:
        return "—"
    if lang == "zh":
        return number_zh(value)
    if math.isinf(value) or math.isnan(value):
        return "∞" if value > 0 else ("−∞" if value < 0 else "—")
    if abs(value) >= 1000 or float(value).is_integer():
        return _digits(value, 1)
    return _digits(value, 3)


def number_zh(value: float | None) -> str:
    """A figure as Chinese reports write it: 4万, 7.68万, 157万; smaller ones in digits."""
    if value is None:
        return "—"
    if math.isfinite(value) and abs(value) >= 10_000:
        scaled = value / 10_000
        text = _digits(scaled, 4) if abs(scaled) < 10_000 else _digits(scaled, 1)
        return f"{text}万"
    return number(value)


def number_for(value: float | None, lang: str) -> str:
    return number_zh(value) if lang == "zh" else number(value)


def bar(share: float | None, width: int = 10) -> str:
    """A unicode progress bar; beyond 100% it is full."""
    if share is None:
        return "·" * width
    filled = max(0, min(width, round(share * width)))
    return "█" * filled + "░" * (width - filled)

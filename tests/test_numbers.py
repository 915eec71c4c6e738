"""Numbers as a reader writes them: 万 in zh, thousands separators in en, never scientific notation."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from swtrack.render.numbers import number, number_for, number_zh


def test_values_that_python_writes_in_exponents() -> None:
    assert number(0.00001234) == "0.0000123"
    assert number(-0.000034) == "-0.000034"
    assert number_zh(99_999_000) == "10,000万"  # was "1e+04万"
    assert number_zh(76_800) == "7.68万"
    assert number(1_570_000) == "1,570,000"
    assert number_zh(1_570_000) == "157万"
    assert number(1e-9) == "0.000000001"


@given(st.floats(min_value=-1e15, max_value=1e15, allow_nan=False, allow_infinity=False))
def test_property_no_number_is_written_in_scientific_notation(value: float) -> None:
    for lang in ("zh", "en"):
        text = number_for(value, lang)
        assert not re.search(r"\de[+-]?\d", text), (value, lang, text)
    en = number_for(value, "en")
    if abs(value) >= 1000:
        assert re.fullmatch(r"-?\d{1,3}(,\d{3})+", en), en  # separators every three digits
    if abs(value) >= 10_000:
        assert number_for(value, "zh").endswith("万")

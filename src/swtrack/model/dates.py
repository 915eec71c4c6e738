"""Dates as published: a day, a month or a year, read as the end of that period."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

from swtrack.findings import Say

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

# Shapes people type that are not ISO, each with its ISO spelling (None: the order is a guess).
_OTHER_SHAPES = [
    (re.compile(r"^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$"), "{0}-{1:02d}-{2:02d}"),
    (re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"), "{0}-{1:02d}-{2:02d}"),
    (re.compile(r"^(\d{4})年(\d{1,2})月$"), "{0}-{1:02d}"),
    (re.compile(r"^(\d{4})年?(?:底|末)?$"), "{0}"),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), "{0}-{1:02d}-{2:02d}"),
    (re.compile(r"^(\d{4})[/.-](\d{1,2})$"), "{0}-{1:02d}"),
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), None),
]


def iso_spelling(raw: str) -> str | None:
    """The ISO spelling of a date written 2015/12/31, 2015年12月31日, 20151231 …; None if unknown."""
    for pattern, template in _OTHER_SHAPES:
        m = pattern.match(raw)
        if m is not None:
            return None if template is None else template.format(*[int(g) for g in m.groups()])
    return None


_PARSED: dict[str, PartialDate] = {}


class DateError(ValueError):
    """A date string that cannot be read; `hint` says how to write it (each in en and zh)."""

    def __init__(self, message: Say, hint: Say) -> None:
        super().__init__(message.en)
        self.said, self.hint_said = message, hint
        self.hint = hint.en


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A published date: `end` is the last day of the period it names."""

    end: date
    text: str
    start: date = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Stored, not computed on each use: validation compares millions of dates.
        if self.precision == "year":
            first = date(self.end.year, 1, 1)
        elif self.precision == "month":
            first = date(self.end.year, self.end.month, 1)
        else:
            first = self.end
        object.__setattr__(self, "start", first)

    @property
    def precision(self) -> str:
        return {4: "year", 7: "month"}.get(len(self.text), "day")

    def __str__(self) -> str:
        return self.text

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        cached = _PARSED.get(text)
        if cached is not None:
            return cached
        parsed = cls._parse(text)
        if len(_PARSED) < 100_000:
            _PARSED[text] = parsed
        return parsed

    @classmethod
    def _parse(cls, text: str) -> PartialDate:
        raw = text.strip()
        m = _ISO.match(raw)
        if m is None:
            raise DateError(Say(f"'{text}' is not a date", f"'{text}' 不是日期"), hint=_suggest(raw))
        year, month, day = int(m.group(1)), m.group(2), m.group(3)
        try:
            if month is None:
                return cls(date(year, 12, 31), raw)
            mo = int(month)
            if day is None:
                return cls(date(year, mo, calendar.monthrange(year, mo)[1]), raw)
            return cls(date(year, mo, int(day)), raw)
        except (ValueError, calendar.IllegalMonthError):
            raise DateError(
                Say(f"'{text}' is not a date in the calendar", f"'{text}' 不是历法上存在的日期"),
                hint=Say("Check the month and the day.", "核对月份和日。"),
            ) from None

    @classmethod
    def of(cls, value: date) -> PartialDate:
        return cls(value, value.isoformat())

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        def validate(value: Any) -> PartialDate:
            if isinstance(value, PartialDate):
                return value
            if isinstance(value, date):
                return cls.of(value)
            if isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, str):
                raise ValueError("a date is written YYYY-MM-DD, YYYY-MM or YYYY")
            return cls.parse(value)

        return core_schema.no_info_plain_validator_function(
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
            json_schema_input_schema=core_schema.str_schema(pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"),
        )


def _suggest(raw: str) -> Say:
    iso = iso_spelling(raw)
    if iso is not None:
        return Say(f"Write dates as YYYY-MM-DD: '{iso}'.", f"日期写作 YYYY-MM-DD：'{iso}'。")
    if _OTHER_SHAPES[-1][0].match(raw):
        return Say(
            "Write dates as YYYY-MM-DD; day/month order cannot be guessed from this shape.",
            "日期写作 YYYY-MM-DD；这种写法看不出日和月的先后。",
        )
    return Say("Write dates as YYYY-MM-DD, YYYY-MM or YYYY.", "日期写作 YYYY-MM-DD、YYYY-MM 或 YYYY。")


def years_between(a: date, b: date) -> float:
    """Years from a to b, counting days over the mean Gregorian year."""
    return (b.toordinal() - a.toordinal()) / 365.2425

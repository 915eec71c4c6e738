"""China's provinces, prefectures and county-level units (GB/T 2260), shipped with swtrack, and
a jurisdiction's registry cut from them for `swtrack init --jurisdiction`."""

from __future__ import annotations

import csv
import gzip
import io
import re
from dataclasses import dataclass
from importlib.resources import files

from swtrack.findings import SwtrackError

LIST = ("templates", "areas", "cn-gb2260.csv.gz")
COUNTRY = ("全国", "中国", "china", "100000")
# How a name may be written to pick a unit with its province or prefecture: 江苏省/南京市/鼓楼区,
# 江苏省 鼓楼区, 南京市鼓楼区.
_SEPARATORS = re.compile(r"[/\s,，、>]+")


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    level: str
    parent: str
    en: str
    revision: str
    source: str


def read_list() -> list[Unit]:
    """Every unit of the shipped list, in code order."""
    node = files("swtrack")
    for part in LIST:
        node = node / part
    text = gzip.decompress(node.read_bytes()).decode("utf-8")
    return [Unit(**row) for row in csv.DictReader(io.StringIO(text))]


def _path(unit: Unit, by_code: dict[str, Unit]) -> list[Unit]:
    chain = [unit]
    while chain[-1].parent and chain[-1].parent in by_code and len(chain) < 4:
        chain.append(by_code[chain[-1].parent])
    return chain[::-1]


def full_name(unit: Unit, by_code: dict[str, Unit]) -> str:
    return "".join(u.name for u in _path(unit, by_code))


def find(query: str, units: list[Unit]) -> Unit | None:
    """The unit a code, a name or a name with its province or prefecture means; None for the
    whole country. An unknown or ambiguous name is an error that lists the candidates."""
    text = query.strip()
    if text.casefold() in COUNTRY:
        return None
    by_code = {u.code: u for u in units}
    if text in by_code:
        return by_code[text]
    parts = [p for p in _SEPARATORS.split(text) if p]
    named = [u for u in units if u.name == parts[-1] or u.name == text]
    if len(parts) > 1:
        named = [u for u in named if all(p in {a.name for a in _path(u, by_code)} for p in parts)]
    if not named:
        # A name written with its province or prefecture run together: 南京市鼓楼区.
        named = [u for u in units if text.endswith(u.name) and full_name(u, by_code).endswith(text)]
    if not named:
        # A name without its 省/市/县 suffix: 江苏, 南京.
        named = [u for u in units if u.name.startswith(text) and len(u.name) - len(text) <= 3]
    if len(named) == 1:
        return named[0]
    if not named:
        raise SwtrackError(
            f"--jurisdiction: no unit of the list of China's provinces, prefectures and county-level units "
            f"swtrack ships is called '{query}'. "
            "Give its six-digit code or its full name (江苏省, 南京市, 江宁区)."
        )
    listed = "; ".join(f"{full_name(u, by_code)} ({u.code})" for u in named[:12])
    more = f" and {len(named) - 12} more" if len(named) > 12 else ""
    raise SwtrackError(
        f"--jurisdiction: '{query}' names {len(named)} units: {listed}{more}. "
        "Give the code, or the name with its province or prefecture (南京市/鼓楼区)."
    )


def below(top: Unit | None, units: list[Unit]) -> list[Unit]:
    """The unit and every unit under it, top down and in code order (the whole list for the country)."""
    if top is None:
        return units
    by_code = {u.code: u for u in units}
    under = [u for u in units if u is not top and top in _path(u, by_code)]
    return [top, *under]

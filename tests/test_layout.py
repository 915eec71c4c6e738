"""The package's layout: folders named for the stages data flows through, no import cycles, no large modules."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "swtrack"
# The stages in the order data flows through them; a module imports only from its own stage,
# an earlier one, or the shared top-level modules.
STAGES = ("model", "load", "check", "assess", "exchange", "render", "cli")
SHARED = ("swtrack.findings", "swtrack.atomic", "swtrack.safe")  # used by every stage; they import nothing of swtrack
ENTRANCES = ("swtrack", "swtrack.__main__")  # the library's API and `python -m swtrack`
MAX_LINES = 400


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(p, package): p for p in sorted(package.rglob("*.py"))}


class Import:
    def __init__(self, target: str, names: tuple[str, ...], line: int, module_level: bool) -> None:
        self.target, self.names, self.line, self.module_level = target, names, line, module_level


def imports(name: str, path: Path, known: dict[str, Path]) -> list[Import]:
    """Every import of a swtrack module in a file; module_level is False inside a function, where the
    import runs only when the function does (how heavy modules stay out of `swtrack --help`)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.split(".")[0] == "swtrack":
                        found.append(Import(alias.name, (), child.lineno, not in_function))
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")[: len(package.split(".")) - child.level + 1]
                    source = ".".join([*base, *([child.module] if child.module else [])])
                else:
                    source = child.module or ""
                if source.split(".")[0] != "swtrack":
                    continue
                names = tuple(a.name for a in child.names)
                # `from swtrack.cli import check` imports the submodule check, not a name of swtrack.cli.
                subs = [f"{source}.{n}" for n in names if f"{source}.{n}" in known]
                for sub in subs:
                    found.append(Import(sub, (), child.lineno, not in_function))
                rest = tuple(n for n in names if f"{source}.{n}" not in known)
                if rest:
                    found.append(Import(source, rest, child.lineno, not in_function))
            visit(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda))

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the swtrack modules it imports when it is imported (including under TYPE_CHECKING:
    a cycle mypy must untangle is a cycle a reader must too)."""
    known = modules(package)
    return {
        name: {i.target for i in imports(name, path, known) if i.module_level and i.target in known}
        for name, path in known.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected component of more than one module (or a self-import)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    found = []
    for component in components:
        inside = set(component)
        path, seen = [component[0]], {component[0]: 0}
        while True:  # walk inside the component until a module repeats: that stretch is a cycle
            nxt = sorted(graph[path[-1]] & inside)[0]
            if nxt in seen:
                found.append([*path[seen[nxt] :], nxt])
                break
            seen[nxt] = len(path)
            path.append(nxt)
    return found


def stage_of(name: str) -> int | None:
    """The rank of a module's stage; None for the shared and entrance modules at the top level."""
    parts = name.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else None


def test_no_import_cycles() -> None:
    assert [" -> ".join(c) for c in cycles(import_graph())] == []


def test_no_module_over_400_lines() -> None:
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules().items()}
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}
    assert max(sizes.values()) > 100  # the files were read


def test_stages_import_only_earlier_stages() -> None:
    known = modules()
    wrong = []
    for name, path in known.items():
        if name in ENTRANCES:
            continue
        for i in imports(name, path, known):
            if i.target == "swtrack" and i.names == ("__version__",):
                continue  # the version is a constant of the package itself
            here, there = stage_of(name), stage_of(i.target)
            if (
                name in SHARED
                or (there is None and i.target not in SHARED)
                or (there is not None and (here is None or there > here))
            ):
                wrong.append(f"{name}:{i.line} imports {i.target}")
    assert wrong == []


def test_every_module_has_a_stage() -> None:
    top = {name for name in modules() if name.count(".") <= 1 and not any(name == f"swtrack.{s}" for s in STAGES)}
    assert top == {*SHARED, *ENTRANCES}
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert folders == sorted(STAGES)


def test_cycle_finder_finds_a_cycle(tmp_path: Path) -> None:
    package = tmp_path / "swtrack"
    (package / "load").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "load" / "__init__.py").write_text("")
    (package / "load" / "a.py").write_text("from swtrack.load.b import B\nA = 1\n")
    (package / "load" / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from swtrack.load.a import A\nB = 2\n"
    )
    (package / "load" / "c.py").write_text("def f():\n    from swtrack.load.a import A\n    return A\n")
    graph = import_graph(package)
    assert graph["swtrack.load.c"] == set()  # inside a function: not imported with the module
    assert cycles(graph) == [["swtrack.load.a", "swtrack.load.b", "swtrack.load.a"]]
    (package / "load" / "b.py").write_text("B = 2\n")
    assert cycles(import_graph(package)) == []


def test_stage_of() -> None:
    names = ("swtrack.model.plan", "swtrack.render.brief.words", "swtrack.findings", "swtrack.cli")
    assert [stage_of(n) for n in names] == [0, 5, None, 6]


def _doc() -> str:
    return (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def test_architecture_doc_lists_the_folders_in_stage_order() -> None:
    tree = re.findall(r"^    [├└]── (\w+)/", _doc(), re.M)
    assert tree == [*STAGES, "templates"]
    table = [m.group(1) for m in re.finditer(r"^\| `(\w+)/` \|", _doc(), re.M)]
    assert table == ["swtrack", *STAGES]  # the shared top-level modules first


@pytest.mark.parametrize("folder", ["swtrack", *STAGES])
def test_architecture_doc_names_every_module(folder: str) -> None:
    row = re.search(rf"^\| `{folder}/` \|.*$", _doc(), re.M)
    assert row is not None, f"docs/architecture.md has no row for {folder}/"
    named = {
        n
        for n in re.findall(r"`([\w/]+\.py)`", row.group(0))
        if not n.endswith("__init__.py") and n.split("/")[0] not in STAGES  # `exchange/x.py`: another row's
    }
    base = PACKAGE if folder == "swtrack" else PACKAGE / folder
    files = base.glob("*.py") if folder == "swtrack" else base.rglob("*.py")
    actual = {p.relative_to(base).as_posix() for p in files if p.name != "__init__.py"}
    assert named == actual


@pytest.mark.parametrize("module", ["check", "exchange", "files", "report"])
def test_command_modules_do_not_postpone_annotations(module: str) -> None:
    # typer evaluates string annotations each time it reads a command (see swtrack/cli/__init__.py).
    text = (PACKAGE / "cli" / f"{module}.py").read_text(encoding="utf-8")
    assert "from __future__ import annotations" not in text
    assert "@app.command" in text

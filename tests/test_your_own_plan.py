"""docs/your-own-plan.md runs as written: every swtrack command on the page, in order, in a fresh
folder, with the files the page tells the reader to write; a command's output shown on the page is
what it prints. The page marks what a reader does by hand with HTML comments: `file: PATH` (write
the next block to PATH), `append: PATH`, `fill: PATH` (an office fills in a request's values) and
`output` (the next block is what the command before it prints)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import REPO
from swtrack.cli import app

PAGE = REPO / "docs" / "your-own-plan.md"
DIRECTIVE = re.compile(r"<!-- (file|append|fill|output)(?:: (\S+))? -->")


def steps(text: str) -> list[tuple[str, str, str]]:
    """The page as (what, argument, block) in order: a directive with the block after it, or a
    code block of commands ("run")."""
    out: list[tuple[str, str, str]] = []
    lines = text.splitlines()
    pending: tuple[str, str] | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        found = DIRECTIVE.fullmatch(line.strip())
        if found:
            if found[1] == "fill":
                out.append(("fill", found[2], ""))
            else:
                pending = (found[1], found[2] or "")
        elif line.startswith("```") and len(line) > 3:
            lang = line[3:].strip()
            end = lines.index("```", i + 1)
            block = "\n".join(lines[i + 1 : end]) + "\n"
            if pending is not None:
                out.append((pending[0], pending[1], block))
                pending = None
            elif lang == "sh":
                out.append(("run", "", block))
            i = end
        i += 1
    return out


def fill(path: Path) -> None:
    """What an office does with its workbook: a figure, with its source, in every row."""
    book = load_workbook(path)
    for sheet in book.worksheets[:-1]:  # the last sheet is the instructions
        for row in range(3, sheet.max_row + 1):
            sheet[f"J{row}"] = 2
            sheet[f"L{row}"] = "synthetic://docs/your-own-plan/returned"
    book.save(path)


def test_the_page_marks_what_it_runs() -> None:
    found = steps(PAGE.read_text(encoding="utf-8"))
    kinds = [k for k, _, _ in found]
    assert kinds.count("run") == 11
    assert kinds.count("file") == 9
    assert kinds.count("append") == 6
    assert (kinds.count("fill"), kinds.count("output")) == (1, 2)


def test_the_page_runs_as_written(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    last = ""
    ran = 0
    for what, arg, block in steps(PAGE.read_text(encoding="utf-8")):
        if what == "file":
            Path(arg).write_text(block, encoding="utf-8")
        elif what == "append":
            with Path(arg).open("a", encoding="utf-8") as f:
                f.write(block)
        elif what == "fill":
            fill(Path(arg))
        elif what == "output":
            assert last.rstrip("\n") == block.rstrip("\n")
        else:
            for line in block.splitlines():
                args = shlex.split(line)
                assert args[0] == "swtrack", line
                result = runner.invoke(app, args[1:])
                assert "Traceback" not in result.output
                assert result.exit_code == 0, f"{line}\n{result.output}"
                last = result.stdout
                ran += 1
    assert ran == 19
    # Where the walk ends: Nanjing's returned figures are in, and the county asks one township.
    assert sorted(p.name for p in (tmp_path / "my-county" / "requests").iterdir()) == [
        "东山街道-2025-12-31.xlsx",
        "秣陵街道-2025-12-31.xlsx",
    ]
    assert (tmp_path / "my-province" / "data" / "observations" / "南京市-2025-12-31.csv").is_file()

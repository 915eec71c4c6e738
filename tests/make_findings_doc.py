"""Write docs/findings.md from the finding catalogue and the fixture cases.

Run after adding a finding code or a fixture:  .venv/bin/python tests/make_findings_doc.py
A test checks that the document lists every code in catalogue order.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import yaml
from typer.testing import CliRunner

from conftest import MINI, REPO, TODAY, apply_edit
from swtrack.cli import app
from swtrack.findings import CATALOGUE, CATALOGUE_ZH

INTRO = """# Finding codes

`swtrack validate` reports every problem it finds, each with a severity, a code, the file,
the line and the column (a number for YAML, the column name for CSV), a message and a hint.
Exit codes: 0 when there is no error (warnings allowed), 1 when there is an error (with
`--strict`, also when there is a warning), 2 on a usage error (an unknown option, no tracker
folder). Each example below is what the test fixture for that code
(`tests/fixtures/findings/`) prints, in English and in Chinese.

**Languages.** Every finding is said in both languages. `validate --lang zh|en` chooses the one
printed (text, `--format github` annotations and the job summary); the default is the plan's
language, as for the other commands (the shipped plans are in Chinese), and Chinese when no plan
could be loaded. In Chinese, identifiers,
file names, column names, codes and values from the files stay as they are written. An error
swtrack has no Chinese words for (a message of pydantic's or of the YAML parser's it does not
know) is said in a Chinese sentence with the original quoted in 〔原文：…〕. `--format json` carries
both, whatever `--lang` says: `message` and `hint` in English (as before), `message_zh` and
`hint_zh` in Chinese; `code` is the stable key.

**Root causes first.** A measure, register, target or area whose entry has an error is left
out (the rest of its file loads), and a file that cannot be read is left out whole; every
reference that then misses it (a row naming the measure, an event naming the target, a target
over the area) follows from that one finding. `validate` lists each such root cause first and
folds what follows from it into one line under it (`and 3 findings that follow from it
(unknown-measure ×2, measure-without-data ×1)`); the GitHub annotation of the root says the same.
`--format json` keeps every finding: the root has `"followers": N` and is followed by its N
findings, each with `"follows": "file:line:column"` of its root. The error and warning counts
count every finding.
"""


def example(case: Path, runner: CliRunner) -> tuple[str, str]:
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "tracker"
        shutil.copytree(MINI, root)
        for edit in spec["edits"]:
            apply_edit(root, edit)
        result = runner.invoke(app, ["--root", str(root), "validate", "--format", "json", "--today", TODAY])
    found = next(f for f in json.loads(result.stdout)["findings"] if f["code"] == spec["expect"]["code"])
    where = ":".join(str(p) for p in (found["file"], found["line"], found["column"]) if p is not None)
    severity_zh = "错误" if found["severity"] == "error" else "警告"
    en = f"{where}: {found['severity']} [{found['code']}] {found['message']}\n    hint: {found['hint']}"
    zh = f"{where}: {severity_zh} [{found['code']}] {found['message_zh']}\n    提示：{found['hint_zh']}"
    return found["code"], (en, zh)


def render() -> str:
    """docs/findings.md as the catalogue and the fixtures make it (a test compares the two)."""
    runner = CliRunner()
    examples: dict[str, tuple[str, str]] = {}
    for case in sorted((Path(__file__).parent / "fixtures" / "findings").glob("*.yaml")):
        code, text = example(case, runner)
        examples.setdefault(code, text)
    out = [INTRO]
    for code, (title, fix) in CATALOGUE.items():
        title_zh, fix_zh = CATALOGUE_ZH[code]
        en, zh = examples[code]
        out += [f"## {code}", "", f"{title}. {title_zh}。", "", "```text", en, "```", "", "```text", zh, "```", ""]
        out += [f"Fix: {fix}", "", f"修正：{fix_zh}", ""]
    return "\n".join(out).rstrip() + "\n"


def main() -> None:
    (REPO / "docs" / "findings.md").write_text(render(), encoding="utf-8")


if __name__ == "__main__":
    main()

"""Data is data: hostile text in a plan, a registry or a table stays text in every output swtrack writes.

A scratch tracker gets hostile text (script tags, event handlers, javascript: links, line breaks and
pipes, spreadsheet formulas) in its plan title, target label and wording, phase name, area names,
measure labels, event evidence and source URLs; every writer's output is then parsed as its reader
would parse it (a markdown renderer, an HTML parser, a browser, openpyxl, the csv module).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from conftest import MINI
from swtrack.cli import app

SCRIPT = "<script>document.body.setAttribute('data-pwned-script','1')</script>"
IMG = "\"><img src=x onerror=\"document.body.setAttribute('data-pwned-img','1')\">"
SVG = "<svg onload=\"document.body.setAttribute('data-pwned-svg','1')\">"
JS_LINK = "](javascript:alert(1))"
BREAKS = "a\r\n# heading\n- item | cell\n\n1. one"
HYPERLINK = '=HYPERLINK("http://x","y")'

# field → (hostile text, plain text of the same role)
HOSTILE = {
    "title": (f"{HYPERLINK}{SCRIPT}", "Title"),
    "label": (f"@SUM(1){IMG}{JS_LINK}", "Label"),
    "wording": (f"{BREAKS}{JS_LINK}{SVG}", "Wording"),
    "phase": (f"- {BREAKS}", "Phase"),
    "east": (HYPERLINK, "East"),
    "west": (f"=1+2{SVG}", "West"),
    "workers": (f"+1{SCRIPT}", "Workers"),
    "certified": (f"@x{IMG}", "Certified"),
    "evidence": (f"{JS_LINK}{BREAKS}{SCRIPT}", "Evidence"),
    "unit": (f"-1+2{SVG}", "Unit"),
    "url": ("javascript:alert(1)", "no-link"),
    "url2": (f"https://example.org/x\r\n{SCRIPT}", "no-link-2"),
}


def build(dest: Path, hostile: bool) -> Path:
    """The mini tracker with every field of HOSTILE set to its hostile (or plain) text."""
    text = {k: v[0 if hostile else 1] for k, v in HOSTILE.items()}
    root = shutil.copytree(MINI, dest)
    plan_path = root / "targets" / "mini-plan.yaml"
    plan = yaml.safe_load(plan_path.read_text(encoding="utf-8"))
    plan["title"] = {"zh": text["title"], "en": text["title"]}
    plan["phases"][1]["name"] = {"zh": text["phase"], "en": text["phase"]}
    for target in plan["targets"]:
        target["label"] = {"zh": text["label"], "en": text["label"]}
        target["wording"] = text["wording"]
    plan_path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    # The plan's text quotes the hostile wording too, so that validate finds it there (it is data).
    source = root / "sources" / "mini-plan.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n" + text["wording"] + "\n", encoding="utf-8")
    measures_path = root / "targets" / "measures.yaml"
    measures = yaml.safe_load(measures_path.read_text(encoding="utf-8"))
    for m in measures["measures"]:
        if m["id"] in ("workers", "certified"):
            m["label"] = {"zh": text[m["id"]], "en": text[m["id"]]}
    measures_path.write_text(yaml.safe_dump(measures, allow_unicode=True), encoding="utf-8")
    areas_path = root / "targets" / "areas" / "mini.yaml"
    areas = yaml.safe_load(areas_path.read_text(encoding="utf-8"))
    names = {"东区": text["east"], "西区": text["west"]}
    for a in areas["areas"]:
        a["name"] = names.get(a["name"], a["name"])
    areas_path.write_text(yaml.safe_dump(areas, allow_unicode=True), encoding="utf-8")

    def rewrite(name: str, change: dict[str, Any]) -> None:
        path = root / "data" / name
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        assert rows
        for i, row in enumerate(rows):
            for field, value in change.items():
                row[field] = value(i, row) if callable(value) else value
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")

    rewrite(
        "observations.csv",
        {
            "area": lambda i, r: names.get(r["area"], r["area"]),
            "source_url": lambda i, r: text["url"] if i % 2 else text["url2"] if i == 2 else r["source_url"],
        },
    )
    rewrite("events.csv", {"evidence": text["evidence"], "source_url": text["url"]})
    rewrite("units.csv", {"area": text["west"], "unit": text["unit"]})
    return root


@pytest.fixture(scope="module")
def trackers(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("injection")
    return build(base / "hostile", True), build(base / "plain", False)


def run(runner: CliRunner, root: Path, *args: str) -> str:
    result = runner.invoke(app, ["--root", str(root), *args])
    assert result.exit_code == 0, result.output
    assert "internal error" not in result.stderr
    return result.stdout


def test_the_hostile_tracker_loads_and_holds_the_hostile_text(runner: CliRunner, trackers: tuple[Path, Path]) -> None:
    hostile, _ = trackers
    result = runner.invoke(app, ["--root", str(hostile), "validate", "--format", "json"])
    assert '"severity": "error"' not in result.stdout, result.stdout
    status = run(runner, hostile, "status", "--format", "json", "--as-of", "2017-12-31")
    assert "onerror" in status and "javascript:alert(1)" in status  # JSON carries it, escaped as JSON


# --- markdown -------------------------------------------------------------------------------


def shape(markdown: str) -> list[tuple[str, str, int]]:
    """The structure a markdown renderer sees: every block and inline token, without its text."""
    out = []
    for token in MarkdownIt("commonmark", {"html": True}).enable("table").parse(markdown):
        out.append((token.type, token.tag, token.level))
        for child in token.children or []:
            out.append((child.type, child.tag, child.level))
    return out


def links(markdown: str) -> list[str]:
    hrefs = []
    for token in MarkdownIt("commonmark", {"html": True}).parse(markdown):
        for child in token.children or []:
            if child.type in ("link_open", "image"):
                hrefs.append(str(child.attrGet("href") or child.attrGet("src")))
    return hrefs


def raw_html(markdown: str) -> list[str]:
    tokens = MarkdownIt("commonmark", {"html": True}).parse(markdown)
    raw = [t.content for t in tokens if t.type == "html_block"]
    return raw + [c.content for t in tokens for c in t.children or [] if c.type == "html_inline"]


def assert_svg_inert(svg: str) -> None:
    """An SVG of ours: only the drawing elements, no handler, no script, no foreign element."""
    root = ElementTree.fromstring(svg)
    allowed = {"svg", "title", "rect", "text", "line", "circle", "path", "polyline", "g"}
    for element in root.iter():
        assert element.tag.split("}")[-1] in allowed, element.tag
        assert not [a for a in element.attrib if a.lower().startswith("on")], element.attrib


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("charts", ["none", "inline"])
def test_markdown_brief_has_the_structure_of_a_plain_one(
    runner: CliRunner, trackers: tuple[Path, Path], lang: str, charts: str
) -> None:
    hostile, plain = trackers
    args = ("brief", "--as-of", "2017-12-31", "--lang", lang, "--charts", charts)
    bad, good = run(runner, hostile, *args), run(runner, plain, *args)
    # Same headings, lists, links, emphasis and raw HTML blocks (the charts) as the plain brief.
    assert shape(bad) == shape(good)
    assert all(h.startswith("https://") for h in links(bad)), links(bad)
    raw = raw_html(bad)
    assert len(raw) == len(raw_html(good)) == (1 if charts == "inline" else 0)  # the chart, and nothing else
    for svg in raw:
        assert_svg_inert(svg)
    text = bad
    for svg in raw:
        text = text.replace(svg, "")
    assert "](javascript:" not in text.replace("\\]", "")
    assert re.search(r"(?<!\\)<(script|img|svg)", text) is None


def test_status_and_diff_markdown_tables_keep_their_rows(runner: CliRunner, trackers: tuple[Path, Path]) -> None:
    hostile, plain = trackers
    bad = run(runner, hostile, "status", "--format", "markdown", "--as-of", "2017-12-31")
    good = run(runner, plain, "status", "--format", "markdown", "--as-of", "2017-12-31")
    assert shape(bad) == shape(good)
    rows = [line for line in bad.splitlines() if line.startswith("| MN-")]
    assert len(rows) == 5
    assert all(len(re.findall(r"(?<!\\)\|", r)) == 13 for r in rows)  # 12 cells, no more
    assert "\r" not in bad


def test_diff_markdown_of_hostile_rows(runner: CliRunner, trackers: tuple[Path, Path], tmp_path: Path) -> None:
    hostile, _ = trackers
    other = shutil.copytree(hostile, tmp_path / "other")
    obs = other / "data" / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace(",700,", ",800,"), encoding="utf-8")
    result = runner.invoke(app, ["diff", str(hostile), str(other), "--format", "markdown"])
    assert result.exit_code in (0, 1), result.output
    text = result.stdout
    rows = [line for line in text.splitlines() if line.startswith("| changed")]
    assert rows, text
    assert all(len(re.findall(r"(?<!\\)\|", r)) == 7 for r in rows)  # 6 cells
    assert all(h.startswith("https://") for h in links(text))


# --- HTML -----------------------------------------------------------------------------------


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def html_brief(runner: CliRunner, root: Path, tmp_path: Path, lang: str = "en") -> Path:
    out = tmp_path / f"brief-{lang}.html"
    result = runner.invoke(
        app, ["--root", str(root), "brief", "--format", "html", "--as-of", "2017-12-31", "--lang", lang, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_html_brief_runs_nothing(runner: CliRunner, trackers: tuple[Path, Path], tmp_path: Path, lang: str) -> None:
    hostile, _ = trackers
    page = html_brief(runner, hostile, tmp_path, lang).read_text(encoding="utf-8")
    parser = Elements()
    parser.feed(page)
    tags = {tag for tag, _ in parser.found}
    assert tags <= {
        *("html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "h4", "h5", "p", "ul", "ol"),
        *("li", "a", "strong", "em", "code", "svg", "rect", "text", "line", "circle", "path", "polyline", "g"),
        # The first screen's table of counts, built and escaped by swtrack (brief/summary.py).
        *("table", "thead", "tbody", "tr", "th", "td"),
    }, tags
    assert "script" not in tags and "img" not in tags
    for tag, attrs in parser.found:
        assert not [name for name, _ in attrs if name.startswith("on")], (tag, attrs)
        for name, value in attrs:
            if name in ("href", "src", "xlink:href", "action", "formaction"):
                assert str(value).startswith("https://"), (tag, attrs)
    assert sum(tag == "a" for tag, _ in parser.found) >= 1  # the http(s) sources are still links
    assert sum(tag == "svg" for tag, _ in parser.found) == 1  # the plan's one chart
    title = re.search(r"<title>(.*)</title>", page)
    assert title is not None and "&lt;script&gt;" in title.group(1)


def test_html_brief_in_headless_chromium(runner: CliRunner, trackers: tuple[Path, Path], tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        pytest.skip("no headless Chromium on this machine")
    hostile, _ = trackers
    page = html_brief(runner, hostile, tmp_path)
    done = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=3000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    body = re.search(r"<body[^>]*>", done.stdout)
    assert body is not None, done.stdout[:2000]
    assert "data-pwned" not in body.group(0)  # no script, handler or onload ran
    assert "alert(1)" in done.stdout  # the text is there, shown as text


# --- spreadsheets ---------------------------------------------------------------------------


def test_status_csv_writes_formulas_as_text(runner: CliRunner, trackers: tuple[Path, Path]) -> None:
    hostile, _ = trackers
    text = run(runner, hostile, "status", "--format", "csv", "--as-of", "2017-12-31")
    rows = list(csv.reader(io.StringIO(text)))
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or re.match(r"-[^\d]", c)]
    assert {row[3] for row in rows[1:]} == {"'" + HOSTILE["label"][0]}  # the label, marked as text
    phase = HOSTILE["phase"][0].replace("\r\n", "\n")  # as YAML reads it
    assert "'" + phase in {row[1] for row in rows[1:]}  # the phase's name: - a …


def request(runner: CliRunner, root: Path, out: Path, *args: str) -> list[Path]:
    result = runner.invoke(
        app, ["--root", str(root), "request", "--plan", "mini_plan", "--as-of", "2017-12-31", "-o", str(out), *args]
    )
    assert result.exit_code == 0, result.output
    assert "internal error" not in result.stderr
    return [Path(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_request_workbook_holds_no_formula(
    runner: CliRunner, trackers: tuple[Path, Path], tmp_path: Path, lang: str
) -> None:
    from openpyxl import load_workbook

    hostile, _ = trackers
    (book_path,) = request(runner, hostile, tmp_path / "request.xlsx", "--lang", lang)
    book = load_workbook(book_path)
    texts = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    if cell.value.startswith(("=", "+", "-", "@")):
                        assert cell.quotePrefix, (ws.title, cell.coordinate, cell.value)
    assert HYPERLINK in texts and "=1+2" + SVG in texts  # the areas' names, as they are
    if lang == "zh":  # the title cell A1 begins with the area's name
        titles = [ws["A1"] for ws in book.worksheets if ws["A1"].value.startswith(HYPERLINK)]
        assert len(titles) == 1 and titles[0].quotePrefix and titles[0].data_type == "s"


def test_request_csv_marks_formulas_and_reads_them_back(
    runner: CliRunner, trackers: tuple[Path, Path], tmp_path: Path
) -> None:
    from swtrack.exchange.sheets import read_sheets
    from swtrack.findings import Report

    hostile, _ = trackers
    (path,) = request(runner, hostile, tmp_path / "request.csv", "--format", "csv")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
    assert "'" + HYPERLINK in cells
    assert "'=1+2" + SVG in cells
    (sheet,) = read_sheets(path, Report())
    read = [c for _, row in sheet.rows for c in row]
    assert HYPERLINK in read and "=1+2" + SVG in read  # the import reads what the tracker holds


def test_explain_shows_rich_markup_in_the_data_as_written(runner: CliRunner, tmp_path: Path) -> None:
    # rich reads "[link=…]…[/link]" and "[bold]" in a str cell as markup; a unit, an area's figure
    # source or a URL from the data must print as written, brackets and all.
    root = shutil.copytree(MINI, tmp_path / "markup")
    units = root / "data" / "units.csv"
    text = units.read_text(encoding="utf-8")
    first = text.splitlines()[1].split(",")[2]
    units.write_text(text.replace(first, "[link=https://x.example]社区[/link][bold]甲", 1), encoding="utf-8")
    result = runner.invoke(
        app, ["--root", str(root), "explain", "MN-05", "--as-of", "2017-12-31"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "[link=https://x.example]社区[/link][bold]甲" in result.stdout

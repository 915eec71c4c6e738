"""The brief's charts (published figures on a true time axis) and its self-contained HTML page."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, REPO
from swtrack.cli import app
from swtrack.render.svg import Chart, Point, Series, time_chart

SVG = "{http://www.w3.org/2000/svg}"
CHROMIUM = Path("/usr/bin/chromium")


def write_brief(runner: CliRunner, root: Path, out: Path, *args: str) -> str:
    result = runner.invoke(app, ["--root", str(root), "brief", "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return result.stderr


def points(svg: ET.Element, kind: str) -> list[tuple[str, str, str, str]]:
    """(date, value, x, y) of every plotted figure of one kind (observed or proxy)."""
    out = []
    for g in svg.iter(f"{SVG}g"):
        if g.attrib.get("class") == f"{kind}-point":
            mark = next(iter(g))
            x = mark.attrib.get("cx") or f"{float(mark.attrib['x']) + 4:.1f}"
            y = mark.attrib.get("cy") or f"{float(mark.attrib['y']) + 4:.1f}"
            out.append((g.attrib["data-date"], g.attrib["data-value"], x, y))
    return out


def polyline(svg: ET.Element, cls: str) -> list[tuple[str, str]] | None:
    for line in svg.iter(f"{SVG}polyline"):
        if line.attrib.get("class") == cls:
            return [tuple(p.split(",")) for p in line.attrib["points"].split()]  # type: ignore[misc]
    return None


def texts(svg: ET.Element) -> list[str]:
    return [t.text or "" for t in svg.iter(f"{SVG}text")]


def test_svg_charts_beside_the_brief(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "q4.md"
    assert write_brief(runner, EXAMPLES, out, "--lang", "zh") == f"wrote {out} and 10 charts\n"
    text = out.read_text(encoding="utf-8")
    assert "```mermaid" not in text
    assert "![EX-01 从业人员](q4-EX-01.svg)" in text
    assert sorted(p.name for p in tmp_path.iterdir())[:3] == ["q4-EX-01.svg", "q4-EX-02.svg", "q4-EX-03.svg"]
    svg = ET.parse(tmp_path / "q4-EX-01.svg").getroot()
    assert svg.tag == f"{SVG}svg"
    assert "'Noto Sans CJK SC','Source Han Sans SC'" in svg.attrib["font-family"]
    assert texts(svg)[0] == "EX-01 从业人员"
    legend = texts(svg)[-5:]
    assert legend == [
        "社工从业人员（已公布数据）",
        "社工从业人员（宽口径）（替代口径，上限；已公布数据）",
        "目标 ≥ 1万（2020-12-31）",
        "线性路径（假设）",
        "规划所定阶段目标",
    ]


def test_a_known_series_is_plotted_at_its_dates_and_nowhere_else(runner: CliRunner, tmp_path: Path) -> None:
    write_brief(runner, EXAMPLES, tmp_path / "b.md", "--lang", "en", "--charts", "svg")
    svg = ET.parse(tmp_path / "b-EX-01.svg").getroot()
    # Axis 2011-01-01 .. 2021-01-01 (3,653 days) over x 80..570; values 0 .. 12,500 over y 280..40.
    assert points(svg, "observed") == [
        ("2011-12-31", "2000", "128.8", "241.6"),
        ("2015-12-31", "6100", "324.8", "162.9"),
        ("2018-12-31", "8200", "471.8", "122.6"),
    ]
    # The proxy (a broader count) is its own series, never a vertex of the plan's measure.
    assert points(svg, "proxy") == [("2014-12-31", "5000", "275.8", "184.0")]
    observed = polyline(svg, "observed")
    assert observed == [("128.8", "241.6"), ("324.8", "162.9"), ("471.8", "122.6")]  # no interpolated vertex
    assert polyline(svg, "proxy") is None  # one proxy figure: a point, joined to nothing
    # The time axis is proportional: four years, then three.
    xs = [float(x) for x, _ in observed]
    assert round((xs[1] - xs[0]) / (xs[2] - xs[1]), 2) == round(1461 / 1096, 2)
    # The assumed path: plan baseline, the stated 2015 interim, the target at the deadline.
    assert polyline(svg, "path") == [("128.8", "241.6"), ("324.8", "164.8"), ("569.9", "88.0")]
    assert "linear path (assumed)" in texts(svg)
    assert not any("expected" in t for t in texts(svg))


def test_bounds_and_approximate_figures_are_marked() -> None:
    chart = Chart(
        title="T",
        series=(
            Series(
                "measure (published figures)",
                (
                    Point(date(2012, 12, 31), 100, "more_than"),
                    Point(date(2014, 12, 31), 200, "about"),
                    Point(date(2016, 12, 31), 300, "nearly"),
                ),
            ),
        ),
        target=400,
        target_label="target ≥ 400 (2020-12-31)",
        deadline=date(2020, 12, 31),
        legend={
            "chart_interim": "interim",
            "chart_lower": "lower bound (more than / at least)",
            "chart_upper": "upper bound (less than / nearly)",
            "chart_about": "approximate (about)",
        },
    )
    svg = ET.fromstring(time_chart(chart, lambda v: f"{v:,.0f}"))
    groups = [g for g in svg.iter(f"{SVG}g") if g.attrib.get("class") == "observed-point"]
    lower, about, upper = ([el.tag.removeprefix(SVG) for el in g] for g in groups)
    assert lower == ["circle", "line", "path", "text"]  # an open circle and an arrow up
    assert about == ["circle", "line", "text"]  # a filled circle and a bar
    assert upper == ["circle", "line", "path", "text"]  # an open circle and an arrow down
    circles = [next(iter(g)).attrib["fill"] for g in groups]
    assert circles == ["#ffffff", "#111111", "#ffffff"]
    arrows = [next(el for el in g if el.tag == f"{SVG}line").attrib for g in groups]
    assert float(arrows[0]["y2"]) < float(arrows[0]["y1"])  # up: the value is above
    assert float(arrows[2]["y2"]) > float(arrows[2]["y1"])  # down: the value is below
    labels = [next(el for el in g if el.tag == f"{SVG}text").text for g in groups]
    assert labels == [">100", "~200", "≲300"]
    legend = texts(svg)[-5:]
    assert legend == [
        "measure (published figures)",
        "target ≥ 400 (2020-12-31)",
        "lower bound (more than / at least)",
        "upper bound (less than / nearly)",
        "approximate (about)",
    ]
    assert polyline(svg, "path") is None  # no baseline given: no path drawn


def test_qualified_figures_of_the_shipped_data_are_bounds(runner: CliRunner, tmp_path: Path) -> None:
    write_brief(runner, REPO, tmp_path / "r.md", "--lang", "zh")
    svg = ET.parse(tmp_path / "r-BJ-02.svg").getroot()
    # The plan's measure has one figure; certificate holders, a narrower count, are a separate series.
    assert [(d, v) for d, v, _, _ in points(svg, "observed")] == [("2021-12-31", "76800")]
    proxy = points(svg, "proxy")
    assert [(d, v) for d, v, _, _ in proxy] == [
        ("2009-07-31", "2900"),
        ("2011-08-31", "4235"),
        ("2012-10-31", "11723"),
        ("2017-12-31", "20000"),
    ]
    assert polyline(svg, "observed") is None
    assert polyline(svg, "proxy") == [(x, y) for _, _, x, y in proxy]
    marks = [g for g in svg.iter(f"{SVG}g") if g.attrib.get("class") == "proxy-point"]
    assert [next(iter(g)).attrib["fill"] for g in marks] == ["#ffffff", "#8a3b00", "#8a3b00", "#ffffff"]  # 超过: open
    assert texts(svg)[-4:] == [
        "社会工作专业人才（已公布数据）",
        "持证社会工作者（替代口径，下限；已公布数据）",
        "目标 ≥ 4万（2020-12-31）",
        "下限（超过 / 不少于）",
    ]


def test_svg_charts_need_a_file(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--root", str(EXAMPLES), "brief", "--charts", "svg"])
    assert result.exit_code == 2
    assert result.stderr == "error: --charts svg writes files beside the brief: give -o PATH, not -o -\n"


def test_mermaid_charts_are_gone(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--root", str(EXAMPLES), "brief", "--charts", "mermaid"])
    assert result.exit_code == 2
    assert "'mermaid' is not one of 'auto', 'svg', 'inline', 'none'" in result.stderr


def test_inline_charts_in_markdown(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--root", str(EXAMPLES), "brief", "--charts", "inline", "--lang", "en"])
    assert result.exit_code == 0
    blocks = [b for b in result.stdout.split("\n\n") if b.startswith("<svg ")]
    assert len(blocks) == 10
    assert all("\n\n" not in b and b.endswith("</svg>") for b in blocks)


def html_brief(runner: CliRunner, root: Path, out: Path, *args: str) -> str:
    assert write_brief(runner, root, out, "--format", "html", *args) == f"wrote {out}\n"
    return out.read_text(encoding="utf-8")


def test_html_is_one_self_contained_page(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    page = html_brief(runner, EXAMPLES, out, "--lang", "en")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.html"]  # no chart files, no temporary file
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    assert "<title>Progress brief: Example City social-work talent plan (synthetic)</title>" in page
    assert page.count("<svg ") == 10
    for outside in ("<script", "<link", "<img", " src=", "url(", "@import"):
        assert outside not in page
    assert "@page { size: A4;" in page
    assert "@media print" in page
    assert "<h2>Needs action</h2>" in page
    # The counts by group: a colour per group and its name in words, so it reads printed in grey.
    assert (
        '<thead><tr><th>Plan</th><th>As of</th><th class="g-needs_action">Needs action</th>'
        '<th class="g-needs_data">Needs data</th><th class="g-on_track">On track</th><th class="g-met">Met</th>'
        '<th class="g-not_judged">Not judged</th></tr></thead>'
    ) in page
    assert (
        '<td class="n g-needs_action">14</td><td class="n g-needs_data">4</td><td class="n g-on_track">1</td>'
        '<td class="n g-met">8</td><td class="n g-not_judged">4</td>'
    ) in page
    assert html_brief(runner, EXAMPLES, tmp_path / "again.html", "--lang", "en") == page  # deterministic


def test_the_file_name_chooses_the_format(runner: CliRunner, tmp_path: Path) -> None:
    """-o brief.html writes the page (it was markdown in a file named .html); --format still wins."""
    for name in ("brief.html", "BRIEF.HTM"):
        assert write_brief(runner, EXAMPLES, tmp_path / name) == f"wrote {tmp_path / name}\n"
        assert (tmp_path / name).read_text(encoding="utf-8").startswith("<!DOCTYPE html>\n")
    assert write_brief(runner, EXAMPLES, tmp_path / "b.md").startswith(f"wrote {tmp_path / 'b.md'} and ")
    assert (tmp_path / "b.md").read_text(encoding="utf-8").startswith("# ")
    forced = tmp_path / "page.txt"
    assert write_brief(runner, EXAMPLES, forced, "--format", "html") == f"wrote {forced}\n"
    assert forced.read_text(encoding="utf-8").startswith("<!DOCTYPE html>\n")
    markdown = tmp_path / "md.html"
    assert write_brief(runner, EXAMPLES, markdown, "--format", "markdown").startswith(f"wrote {markdown} and ")
    assert markdown.read_text(encoding="utf-8").startswith("# ")


def test_html_wants_inline_charts(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["--root", str(EXAMPLES), "brief", "--format", "html", "--charts", "svg", "-o", str(tmp_path / "b.html")]
    )
    assert result.exit_code == 2
    assert result.stderr == "error: --format html puts its charts inline: use --charts inline, auto or none\n"
    assert list(tmp_path.iterdir()) == []


def chromium(*args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
    return subprocess.run(
        [str(CHROMIUM), *flags, f"--user-data-dir={tmp / 'profile'}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(not CHROMIUM.exists() or shutil.which("chromium") is None, reason="needs /usr/bin/chromium")
def test_html_renders_in_headless_chromium(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    html_brief(runner, REPO, out, "--lang", "zh")
    dom = chromium("--dump-dom", out.as_uri(), tmp=tmp_path)
    assert dom.returncode == 0, dom.stderr
    assert "<h2>需要采取行动</h2>" in dom.stdout
    assert "<h2>需要补充数据</h2>" in dom.stdout
    assert '<table class="groups">' in dom.stdout
    # one chart per target with two or more figures of one series: BJ-02, BJ-14, CN-01, CN-02, CN-04, CN-05
    assert dom.stdout.count("<svg ") == 6
    shot = tmp_path / "page.png"
    done = chromium("--hide-scrollbars", "--window-size=900,1200", f"--screenshot={shot}", out.as_uri(), tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 50_000  # a blank page of this size compresses to a few kilobytes
    pdf = tmp_path / "page.pdf"
    printed = chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", out.as_uri(), tmp=tmp_path)
    assert printed.returncode == 0, printed.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    assert len(boxes) >= 2  # the brief runs over several pages
    assert {(round(float(w)), round(float(h))) for w, h in boxes} == {(595, 842)}  # A4 in points

"""Chart labels never overlap one another and never cover a figure's marker: every chart of the
shipped briefs and of the synthetic example, and random crowded charts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLES, REPO
from swtrack.cli import app
from swtrack.render.placing import Box, text_box, text_width
from swtrack.render.svg import Chart, Point, Series, time_chart

SVG = "{http://www.w3.org/2000/svg}"


def _shape_box(el: ET.Element) -> Box | None:
    tag, a = el.tag.removeprefix(SVG), el.attrib
    if tag == "circle":
        r = float(a["r"]) + 0.75
        return Box(float(a["cx"]) - r, float(a["cy"]) - r, float(a["cx"]) + r, float(a["cy"]) + r)
    if tag == "rect":
        x, y = float(a["x"]), float(a["y"])
        return Box(x - 0.75, y - 0.75, x + float(a["width"]) + 0.75, y + float(a["height"]) + 0.75)
    if tag == "line":
        xs, ys = (float(a["x1"]), float(a["x2"])), (float(a["y1"]), float(a["y2"]))
        return Box(min(xs) - 0.75, min(ys) - 0.75, max(xs) + 0.75, max(ys) + 0.75)
    if tag == "path":
        nums = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", a["d"])]
        xs, ys = nums[0::2], nums[1::2]
        return Box(min(xs) - 0.75, min(ys) - 0.75, max(xs) + 0.75, max(ys) + 0.75)
    return None


def labels_and_markers(svg: str) -> tuple[list[tuple[str, Box]], list[Box]]:
    """Every label (text, box) and every marker's box (a figure's circle or square with its arrow or
    bar, the target's and the interim diamonds) of a chart."""
    root = ET.fromstring(svg)
    labels = []
    for t in root.iter(f"{SVG}text"):
        if t.attrib.get("class") != "label":
            continue
        size = float(t.attrib.get("font-size", "12"))
        anchor = t.attrib.get("text-anchor", "start")
        labels.append((t.text or "", text_box(float(t.attrib["x"]), float(t.attrib["y"]), t.text or "", size, anchor)))
    markers = []
    for g in root.iter(f"{SVG}g"):
        if g.attrib.get("class", "").endswith("-point"):
            markers += [b for el in g if el.attrib.get("class") != "leader" and (b := _shape_box(el)) is not None]
    markers += [
        b
        for el in root
        if el.tag == f"{SVG}path" and el.attrib["d"].endswith("Z") and (b := _shape_box(el)) is not None
    ]
    return labels, markers


def overlaps(a: Box, b: Box) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def assert_clear(svg: str, name: str) -> None:
    labels, markers = labels_and_markers(svg)
    assert labels, name
    for i, (text, box) in enumerate(labels):
        for other, other_box in labels[i + 1 :]:
            assert not overlaps(box, other_box), (name, text, other)
        for m in markers:
            assert not overlaps(box, m), (name, text, m)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("root", [REPO, EXAMPLES], ids=["repo", "example"])
def test_no_label_of_a_shipped_chart_overlaps_another_or_a_marker(
    runner: CliRunner, tmp_path: Path, root: Path, lang: str
) -> None:
    out = tmp_path / "b.md"
    for as_of in ([], ["--as-of", "2013-12-31"]):
        result = runner.invoke(app, ["--root", str(root), "brief", "-o", str(out), "--lang", lang, *as_of])
        assert result.exit_code == 0, result.output
        charts = sorted(tmp_path.glob("b-*.svg"))
        assert charts
        for chart in charts:
            assert_clear(chart.read_text(encoding="utf-8"), chart.name)
            chart.unlink()


def test_the_crowded_national_chart_keeps_every_figure_readable(runner: CliRunner, tmp_path: Path) -> None:
    # CN-01 and CN-04: four figures around 2012 and ">66万" beside "73.7万" piled up before.
    result = runner.invoke(app, ["--root", str(REPO), "brief", "-o", str(tmp_path / "b.md"), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    for ref in ("CN-01", "CN-04"):
        svg = (tmp_path / f"b-{ref}.svg").read_text(encoding="utf-8")
        labels, _ = labels_and_markers(svg)
        texts = [t for t, _ in labels]
        assert ">66万" in texts and "73.7万" in texts
        assert {"~20万", "≲20万", ">20万", "<20万", "≲50万"} <= set(texts)
        assert_clear(svg, ref)


def test_text_is_measured_wider_for_cjk() -> None:
    assert text_width("目标", 10) == 20
    assert text_width("50", 10) == pytest.approx(12.4)
    assert text_width("≥ 50万", 10) == pytest.approx(10 + 4 * 6.2)
    box = text_box(100, 50, "目标", 10, "end")
    assert (box.x0, box.x1) == (80, 100)


@settings(max_examples=40, deadline=None)
@given(
    days=st.lists(st.integers(min_value=0, max_value=3650), min_size=2, max_size=12, unique=True),
    values=st.lists(st.integers(min_value=0, max_value=2_000_000), min_size=12, max_size=12),
    qualifiers=st.lists(st.sampled_from(["", "more_than", "nearly", "about"]), min_size=12, max_size=12),
    proxy_from=st.integers(min_value=1, max_value=12),
)
def test_property_crowded_charts_keep_labels_apart(
    days: list[int], values: list[int], qualifiers: list[str], proxy_from: int
) -> None:
    start = date(2011, 1, 1)
    pts = [Point(start + timedelta(days=d), float(values[i]), qualifiers[i]) for i, d in enumerate(sorted(days))]
    own, proxy = pts[:proxy_from], pts[proxy_from:]
    series = (Series("measure", tuple(own)),) + ((Series("proxy", tuple(proxy), True),) if proxy else ())
    chart = Chart(
        title="T",
        series=series,
        target=1_500_000,
        target_label="目标 ≥ 150万（2020-12-31）",
        deadline=date(2020, 12, 31),
        path=((start, 100_000.0), (date(2020, 12, 31), 1_500_000.0)),
        path_label="线性路径（假设）",
    )
    assert_clear(time_chart(chart, lambda v: f"{v / 10_000:.4g} 万"), "random")

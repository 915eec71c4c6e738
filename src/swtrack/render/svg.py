"""A small SVG time chart (no plotting library): published figures on a time axis, against the target.

Only the figures themselves are points of a line; nothing is interpolated or extrapolated onto it.
The horizontal axis is proportional to time, so 25 months and 4 years never get the same width.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from swtrack.assess.interval import MARK
from swtrack.render.placing import Box, Placer
from swtrack.safe import svg_text

# Fonts that carry CJK glyphs on the common systems, before the generic fallback.
CJK_FONTS = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',sans-serif"

WIDTH = 720
LEFT, RIGHT, TOP, PLOT_HEIGHT = 80, 150, 40, 240
LEGEND_ROW = 22
LOWER = ("more_than", "at_least")
UPPER = ("less_than", "nearly")

INK = "#111111"  # the plan's measure: near black, readable in print
PROXY_INK = "#8a3b00"  # a proxy measure: dark brown, a different marker
TARGET_INK = "#b00000"
PATH_INK = "#555555"
GRID_INK = "#dddddd"
STROKE = ' stroke-width="1.5"'


@dataclass(frozen=True)
class Point:
    day: date
    value: float
    qualifier: str = ""


@dataclass(frozen=True)
class Series:
    label: str
    points: tuple[Point, ...]
    proxy: bool = False


@dataclass(frozen=True)
class Chart:
    """Everything a chart shows; the labels are already in the reader's language."""

    title: str
    series: tuple[Series, ...]
    target: float
    target_label: str
    deadline: date | None = None
    path: tuple[tuple[date, float], ...] = ()
    path_label: str = ""
    interims: tuple[tuple[date, float], ...] = ()
    # chart_interim, chart_lower, chart_upper, chart_about, chart_odd
    legend: dict[str, str] = field(default_factory=dict)


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` intervals."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    return float(next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw))


@dataclass(frozen=True)
class Axes:
    start: date
    end: date
    top: float
    step: float

    def x(self, d: date) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (d - self.start).days / (self.end - self.start).days

    def y(self, v: float) -> float:
        return TOP + PLOT_HEIGHT * (1 - v / self.top)


def axes(chart: Chart) -> Axes:
    days = [p.day for s in chart.series for p in s.points] + [d for d, _ in chart.path]
    days += [d for d, _ in chart.interims] + ([chart.deadline] if chart.deadline else [])
    values = [p.value for s in chart.series for p in s.points] + [v for _, v in chart.path]
    values += [v for _, v in chart.interims] + [chart.target]
    start, end = date(min(days).year, 1, 1), date(max(days).year + 1, 1, 1)
    high = max(max(values), 0.0) * 1.08 or 1.0
    step = nice_step(high)
    return Axes(start, end, math.ceil(high / step) * step, step)


def _marker(x: float, y: float, qualifier: str, proxy: bool, ink: str, arrow: float = 20) -> list[str]:
    bound = qualifier in LOWER or qualifier in UPPER
    fill = "#ffffff" if bound else ink
    if proxy:
        shape = f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{fill}" stroke="{ink}"{STROKE}/>'
    else:
        shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{fill}" stroke="{ink}"{STROKE}/>'
    out = [shape]
    if qualifier in LOWER or qualifier in UPPER:
        sign = -1 if qualifier in LOWER else 1  # up for a lower bound (the value is above), down for an upper
        tip = y + sign * arrow
        out.append(f'<line x1="{x:.1f}" y1="{y + sign * 5:.1f}" x2="{x:.1f}" y2="{tip:.1f}" stroke="{ink}"{STROKE}/>')
        out.append(
            f'<path d="M{x - 4:.1f},{tip - sign * 6:.1f} L{x:.1f},{tip:.1f} L{x + 4:.1f},{tip - sign * 6:.1f}" '
            f'fill="none" stroke="{ink}" stroke-width="1.5"/>'
        )
    elif qualifier == "odd":
        # A bar up to a cap: a little above the value, and bounded (120余: below 130).
        top = y - 13
        out.append(f'<line x1="{x:.1f}" y1="{y - 5:.1f}" x2="{x:.1f}" y2="{top:.1f}" stroke="{ink}"{STROKE}/>')
        out.append(f'<line x1="{x - 4:.1f}" y1="{top:.1f}" x2="{x + 4:.1f}" y2="{top:.1f}" stroke="{ink}"{STROKE}/>')
    elif qualifier == "about":
        out.append(
            f'<line x1="{x:.1f}" y1="{y - 9:.1f}" x2="{x:.1f}" y2="{y + 9:.1f}" stroke="{ink}" stroke-width="1.5"/>'
        )
    return out


def _legend_item(kind: str, x: float, y: float, ink: str) -> list[str]:
    if kind == "line":
        return [
            f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + 24:.1f}" y2="{y:.1f}" stroke="{ink}" stroke-width="2.2"/>',
            *_marker(x + 12, y, "", False, ink),
        ]
    if kind == "proxy":
        return [
            f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + 24:.1f}" y2="{y:.1f}" stroke="{ink}" stroke-width="2" '
            'stroke-dasharray="5 3"/>',
            *_marker(x + 12, y, "", True, ink),
        ]
    if kind in ("target", "path"):
        dash = "3 3" if kind == "target" else "7 4"
        return [
            f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + 24:.1f}" y2="{y:.1f}" stroke="{ink}" '
            f'stroke-dasharray="{dash}"{STROKE}/>'
        ]
    if kind == "interim":
        return [_diamond(x + 12, y, "#ffffff")]
    qualifier = {"lower": "more_than", "upper": "less_than", "about": "about", "odd": "odd"}[kind]
    shift = 5 if kind in ("lower", "odd") else -5 if kind == "upper" else 0
    return _marker(x + 12, y + shift, qualifier, False, ink, 10)


def _diamond(x: float, y: float, fill: str) -> str:
    return (
        f'<path d="M{x:.1f},{y - 6:.1f} L{x + 6:.1f},{y:.1f} L{x:.1f},{y + 6:.1f} L{x - 6:.1f},{y:.1f} Z" '
        f'fill="{fill}" stroke="{TARGET_INK}" stroke-width="1.5"/>'
    )


def _marker_box(x: float, y: float, qualifier: str, arrow: float = 20) -> Box:
    """What a figure's marker covers: the circle or square, and its arrow or bar."""
    half = 4.75  # a radius or half a side of 4, and half the stroke
    top, low = y - half, y + half
    if qualifier in LOWER:
        top = y - arrow - 1
    elif qualifier in UPPER:
        low = y + arrow + 1
    elif qualifier == "odd":
        top = y - 14  # the bar and its cap
    elif qualifier == "about":
        top, low = y - 10, y + 10
    return Box(x - half, top, x + half, low)


def _obstacles(chart: Chart, ax: Axes, right: float, bottom: float, ty: float) -> Placer:
    """The plot's area with every marker, diamond and the target's label blocked and every line noted."""
    placer = Placer(Box(LEFT + 2, 28, WIDTH - 2, bottom - 2))
    for s in chart.series:
        for p in s.points:
            placer.block(_marker_box(ax.x(p.day), ax.y(p.value), p.qualifier))
        for a, b in zip(s.points, s.points[1:], strict=False):
            placer.line(ax.x(a.day), ax.y(a.value), ax.x(b.day), ax.y(b.value))
    diamonds = [(d, v) for d, v in chart.interims] + ([(chart.deadline, chart.target)] if chart.deadline else [])
    for d, v in diamonds:
        placer.block(Box(ax.x(d) - 7, ax.y(v) - 7, ax.x(d) + 7, ax.y(v) + 7))
    placer.line(LEFT, ty, right, ty)
    for (d0, v0), (d1, v1) in zip(chart.path, chart.path[1:], strict=False):
        placer.line(ax.x(d0), ax.y(v0), ax.x(d1), ax.y(v1))
    return placer


def _label(placer: Placer, x: float, y: float, label: str, ink: str) -> list[str]:
    """A figure's label at the nearest free spot, with a leader line to it when it is not beside it."""
    spot = placer.place(x, y, label, 10)
    if spot is None:  # no free spot within reach: beside the point, as before placement
        return [
            f'<text class="label" x="{x + 6:.1f}" y="{y - 8:.1f}" font-size="10" fill="{ink}">{svg_text(label)}</text>'
        ]
    out = []
    if spot.leader:
        b = spot.box
        # From the marker's edge to the nearest point of the label's box.
        tx, ty = min(max(x, b.x0), b.x1), min(max(y, b.y0), b.y1)
        length = max(((tx - x) ** 2 + (ty - y) ** 2) ** 0.5, 1e-9)
        sx, sy = x + (tx - x) * 6 / length, y + (ty - y) * 6 / length
        out.append(
            f'<line class="leader" x1="{sx:.1f}" y1="{sy:.1f}" x2="{tx:.1f}" y2="{ty:.1f}" stroke="{ink}" '
            'stroke-width="0.6"/>'
        )
    anchor = "" if spot.anchor == "start" else f' text-anchor="{spot.anchor}"'
    out.append(
        f'<text class="label" x="{spot.x:.1f}" y="{spot.y:.1f}"{anchor} font-size="10" fill="{ink}">'
        f"{svg_text(label)}</text>"
    )
    return out


def time_chart(chart: Chart, fmt: Callable[[float], str]) -> str:
    """The chart as one SVG document; `fmt` writes a value as the reader's language does (4万 / 40,000)."""
    ax = axes(chart)
    entries: list[tuple[str, str, str]] = [
        ("line" if not s.proxy else "proxy", s.label, INK if not s.proxy else PROXY_INK) for s in chart.series
    ]
    entries.append(("target", chart.target_label, TARGET_INK))
    if len(chart.path) > 1:
        entries.append(("path", chart.path_label, PATH_INK))
    if chart.interims:
        entries.append(("interim", chart.legend.get("chart_interim", ""), TARGET_INK))
    qualifiers = {p.qualifier for s in chart.series for p in s.points}
    for kind, present, key in (
        ("lower", qualifiers & set(LOWER), "chart_lower"),
        ("upper", qualifiers & set(UPPER), "chart_upper"),
        ("about", qualifiers & {"about"}, "chart_about"),
        ("odd", qualifiers & {"odd"}, "chart_odd"),
    ):
        if present:
            entries.append((kind, chart.legend.get(key, kind), INK))
    bottom = TOP + PLOT_HEIGHT
    height = bottom + 40 + LEGEND_ROW * ((len(entries) + 1) // 2) + 8
    right = WIDTH - RIGHT
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'font-family="{CJK_FONTS}" font-size="12" role="img" aria-label="{svg_text(chart.title)}">',
        f"<title>{svg_text(chart.title)}</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text x="{WIDTH / 2:.0f}" y="22" text-anchor="middle" font-size="15" fill="{INK}">'
        f"{svg_text(chart.title)}</text>",
    ]
    # Value grid and labels.
    v = 0.0
    while v <= ax.top + ax.step / 1000:
        y = ax.y(v)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{GRID_INK}"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{INK}">{svg_text(fmt(v))}</text>')
        v += ax.step
    # Time axis: a tick on every 1 January, a label on every year (or every few, when the span is long).
    years = list(range(ax.start.year, ax.end.year + 1))
    every = max(1, math.ceil(len(years) / 12))
    for year in years:
        x = ax.x(date(year, 1, 1))
        parts.append(f'<line x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 5}" stroke="#333333"/>')
        if (year - years[0]) % every == 0:
            parts.append(f'<text x="{x:.1f}" y="{bottom + 18}" text-anchor="middle" fill="{INK}">{year}</text>')
    parts.append(f'<line x1="{LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#333333"/>')
    parts.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="#333333"/>')
    # The target, the assumed path and the stated interim targets.
    ty = ax.y(chart.target)
    parts.append(
        f'<line class="target" x1="{LEFT}" y1="{ty:.1f}" x2="{right}" y2="{ty:.1f}" stroke="{TARGET_INK}" '
        'stroke-dasharray="3 3" stroke-width="1.5"/>'
    )
    if chart.deadline is not None:
        parts.append(_diamond(ax.x(chart.deadline), ty, TARGET_INK))
    if len(chart.path) > 1:
        pts = " ".join(f"{ax.x(d):.1f},{ax.y(val):.1f}" for d, val in chart.path)
        parts.append(
            f'<polyline class="path" points="{pts}" fill="none" stroke="{PATH_INK}" stroke-dasharray="7 4" '
            'stroke-width="1.5"/>'
        )
    parts += [_diamond(ax.x(d), ax.y(val), "#ffffff") for d, val in chart.interims]
    # The published figures: one line per measure, a vertex only where a figure was published.
    # Every marker is known before any label is placed, so that no label covers one.
    placer = _obstacles(chart, ax, right, bottom, ty)
    # The target's label at the right end of its line, clear of the deadline's diamond.
    spot = placer.place(right, ty, chart.target_label, 11)
    tx, tyy, anchor = (spot.x, spot.y, spot.anchor) if spot is not None else (right + 4, ty + 4, "start")
    parts.append(
        f'<text class="label" x="{tx:.1f}" y="{tyy:.1f}" text-anchor="{anchor}" fill="{TARGET_INK}" '
        f'font-size="11">{svg_text(chart.target_label)}</text>'
    )
    for s in chart.series:
        ink = PROXY_INK if s.proxy else INK
        dash = ' stroke-dasharray="5 3"' if s.proxy else ""
        kind = "proxy" if s.proxy else "observed"
        if len(s.points) > 1:
            pts = " ".join(f"{ax.x(p.day):.1f},{ax.y(p.value):.1f}" for p in s.points)
            parts.append(
                f'<polyline class="{kind}" points="{pts}" fill="none" stroke="{ink}" stroke-width="2.2"{dash}/>'
            )
    if len(chart.path) > 1:
        (d0, v0), (d1, v1) = chart.path[-2], chart.path[-1]
        # Three quarters along the last segment, or the nearest free spot to it.
        mx, my = ax.x(d0) + (ax.x(d1) - ax.x(d0)) * 0.75, ax.y(v0) + (ax.y(v1) - ax.y(v0)) * 0.75
        spot = placer.place(mx, my, chart.path_label, 11)
        if spot is not None:
            parts.append(
                f'<text class="label" x="{spot.x:.1f}" y="{spot.y:.1f}" text-anchor="{spot.anchor}" '
                f'fill="{PATH_INK}" font-size="11" font-style="italic">{svg_text(chart.path_label)}</text>'
            )
    for s in chart.series:
        ink = PROXY_INK if s.proxy else INK
        kind = "proxy" if s.proxy else "observed"
        for p in s.points:
            x, y = ax.x(p.day), ax.y(p.value)
            parts.append(f'<g class="{kind}-point" data-date="{p.day.isoformat()}" data-value="{p.value:g}">')
            parts += _marker(x, y, p.qualifier, s.proxy, ink)
            label = MARK.get(p.qualifier, "") + fmt(p.value)
            parts += _label(placer, x, y, label, ink)
            parts[-1] += "</g>"
    # The legend, two columns under the axis.
    for i, (kind, label, ink) in enumerate(entries):
        lx = LEFT + (i % 2) * 300
        ly = bottom + 40 + LEGEND_ROW * (i // 2)
        parts += _legend_item(kind, lx, ly, ink)
        parts.append(f'<text x="{lx + 32}" y="{ly + 4}" fill="{INK}">{svg_text(label)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"

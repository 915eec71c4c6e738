"""A small SVG line chart (no plotting library): observations against the target path."""

from __future__ import annotations

from xml.sax.saxutils import escape

# Fonts that carry CJK glyphs on the common systems, before the generic fallback.
CJK_FONTS = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',sans-serif"

WIDTH, HEIGHT = 720, 360
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 40, 60


def line_chart(title: str, labels: list[str], observed: list[float], path: list[float], target: float) -> str:
    top = max([*observed, *path, target]) * 1.1 or 1.0
    n = len(labels)

    def x(i: int) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (i / (n - 1) if n > 1 else 0.5)

    def y(v: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - v / top)

    def poly(values: list[float]) -> str:
        return " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{CJK_FONTS}" font-size="12">',
        f'<text x="{WIDTH / 2:.0f}" y="22" text-anchor="middle" font-size="15">{escape(title)}</text>',
        f'<line x1="{LEFT}" y1="{y(0):.1f}" x2="{WIDTH - RIGHT}" y2="{y(0):.1f}" stroke="#444"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{y(0):.1f}" stroke="#444"/>',
        f'<line x1="{LEFT}" y1="{y(target):.1f}" x2="{WIDTH - RIGHT}" y2="{y(target):.1f}" '
        'stroke="#c00" stroke-dasharray="2 4"/>',
        f'<text x="{LEFT - 6}" y="{y(target) + 4:.1f}" text-anchor="end" fill="#c00">{target:,.0f}</text>',
        f'<text x="{LEFT - 6}" y="{y(0) + 4:.1f}" text-anchor="end">0</text>',
    ]
    for i, label in enumerate(labels):
        parts.append(f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle">{escape(label)}</text>')
    if path:
        parts.append(f'<polyline points="{poly(path)}" fill="none" stroke="#888" stroke-dasharray="6 4"/>')
    parts.append(f'<polyline points="{poly(observed)}" fill="none" stroke="#1f77b4" stroke-width="2"/>')
    parts += [f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="#1f77b4"/>' for i, v in enumerate(observed)]
    parts.append("</svg>")
    return "\n".join(parts) + "\n"

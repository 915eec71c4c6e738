"""Where a chart's labels go: text boxes measured (CJK twice as wide as Latin), no label on another or on a marker.

Labels are placed one at a time, each at the first free spot of rings of candidate spots around
its point, nearest first; a spot that crosses a drawn line is taken only when no spot of the same
ring is clear of lines. A label placed away from its point gets a thin leader line to it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Latin, digits and signs take about this share of the font size; CJK takes the whole em.
NARROW_EM = 0.62
ASCENT, DESCENT = 0.9, 0.25  # of the font size, above and below the baseline
GAP = 1.0  # the least space between two boxes


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def hits(self, other: Box) -> bool:
        return (
            self.x0 < other.x1 + GAP
            and other.x0 < self.x1 + GAP
            and self.y0 < other.y1 + GAP
            and other.y0 < self.y1 + GAP
        )

    def inside(self, other: Box) -> bool:
        return other.x0 <= self.x0 and self.x1 <= other.x1 and other.y0 <= self.y0 and self.y1 <= other.y1

    def holds(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1


def text_width(text: str, size: float) -> float:
    """The width of a text at a font size: CJK (and other wide) characters an em, the rest NARROW_EM."""
    return sum(size * (1.0 if unicodedata.east_asian_width(c) in "WF" else NARROW_EM) for c in text)


def text_box(x: float, y: float, text: str, size: float, anchor: str = "start") -> Box:
    """The box a text drawn at (x, y) with an SVG text-anchor covers."""
    width = text_width(text, size)
    left = x if anchor == "start" else x - width / 2 if anchor == "middle" else x - width
    return Box(left, y - size * ASCENT, left + width, y + size * DESCENT)


@dataclass(frozen=True)
class Placed:
    x: float
    y: float
    anchor: str
    box: Box
    leader: bool


def _crosses(box: Box, lines: list[tuple[float, float, float, float]]) -> int:
    """How many of the line segments pass through a box (sampled every two units along each)."""
    count = 0
    for x0, y0, x1, y1 in lines:
        steps = max(1, int(max(abs(x1 - x0), abs(y1 - y0)) / 2))
        if any(box.holds(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps) for i in range(steps + 1)):
            count += 1
    return count


def _spots(ring: int) -> list[tuple[float, float, str]]:
    """Candidate offsets (dx, dy of the baseline, anchor) around a point, the ring-th step out."""
    up, down, side = -8 - 13 * ring, 14 + 13 * ring, 6 + 16 * ring
    return [
        (6, up, "start"),
        (6, down, "start"),
        (-6, up, "end"),
        (-6, down, "end"),
        (0, up - 3, "middle"),
        (0, down + 3, "middle"),
        (side, 4, "start"),
        (-side, 4, "end"),
        (side, up, "start"),
        (-side, up, "end"),
        (side, down, "start"),
        (-side, down, "end"),
    ]


class Placer:
    """The boxes and lines already drawn, and labels placed clear of every box."""

    def __init__(self, area: Box) -> None:
        self.area = area
        self.taken: list[Box] = []
        self.lines: list[tuple[float, float, float, float]] = []

    def block(self, box: Box) -> None:
        self.taken.append(box)

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.lines.append((x0, y0, x1, y1))

    def free(self, box: Box) -> bool:
        return box.inside(self.area) and not any(box.hits(t) for t in self.taken)

    def place(self, x: float, y: float, text: str, size: float, rings: int = 12) -> Placed | None:
        """The nearest free spot for a label of point (x, y), taken; None when no ring has one.

        A spot clear of lines is taken from the first two rings; past them, the free spot
        crossing fewest lines in the nearest ring that has one."""
        fallback: tuple[int, int, Placed] | None = None
        for ring in range(rings):
            for order, (dx, dy, anchor) in enumerate(_spots(ring)):
                box = text_box(x + dx, y + dy, text, size, anchor)
                if not self.free(box):
                    continue
                placed = Placed(x + dx, y + dy, anchor, box, ring > 0)
                n = _crosses(box, self.lines)
                if n == 0:
                    self.block(box)
                    return placed
                if fallback is None or n < fallback[0]:
                    fallback = (n, order, placed)
            if fallback is not None and ring >= 1:
                self.block(fallback[2].box)
                return fallback[2]
        return None

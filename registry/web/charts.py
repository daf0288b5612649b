"""Horizontal bar charts as plain geometry, for templates to draw as inline SVG (pure; no JavaScript, no
style attributes: colours come from each segment's class in site.css, so the pages' CSP holds).

Each bar has its label on a line above it and a short note (a share, a count) after it. The drawing is
360 units wide: at a phone's width it is drawn at about its own size, so its text stays legible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 360
BAR_WIDTH = 300  # the rest, after the bar, holds its note
LABEL_LINE = 18
BAR_HEIGHT = 16
GAP = 10
ROW = LABEL_LINE + BAR_HEIGHT + GAP


@dataclass(frozen=True)
class Segment:
    """A part of a bar: one series' value, from ``x`` over ``width`` units."""

    series: str
    value: int
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    label: str
    note: str
    y: float  # the top of the label line; the bar lies below it
    segments: tuple[Segment, ...]

    @property
    def label_y(self) -> float:
        return self.y + LABEL_LINE - 5

    @property
    def bar_y(self) -> float:
        return self.y + LABEL_LINE

    @property
    def note_y(self) -> float:
        return self.bar_y + BAR_HEIGHT - 3

    @property
    def end(self) -> float:
        return sum(s.width for s in self.segments)


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    width: int = WIDTH
    bar_width: int = BAR_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return max(len(self.bars) * ROW - GAP, 1)

    @property
    def note_x(self) -> int:
        return self.bar_width + 6


Row = tuple[str, str, Sequence[tuple[str, int]]]


def bar_chart(rows: Sequence[Row], *, whole: bool) -> BarChart:
    """One bar per ``(label, note, [(series, value), ...])`` row, its segments in the order given.

    ``whole``: every bar spans the full width (each segment is a share of its bar's total); otherwise bars
    are drawn to one scale, the longest full width. A bar of nothing has no segments.
    """
    longest = max((sum(v for _, v in values) for _, _, values in rows), default=0)
    bars = []
    for index, (label, note, values) in enumerate(rows):
        total = sum(v for _, v in values)
        scale = (BAR_WIDTH / total if total else 0) if whole else (BAR_WIDTH / longest if longest else 0)
        segments, x = [], 0.0
        for series, value in values:
            if value:
                segments.append(Segment(series, value, round(x, 2), round(value * scale, 2)))
                x += value * scale
        bars.append(Bar(label, note, index * ROW, tuple(segments)))
    return BarChart(tuple(bars))

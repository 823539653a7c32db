"""Chart geometry for the organiser's pages: plain numbers in, rectangles and labels out.

The templates draw them as inline SVG with presentation attributes only (x, y, width, height, fill) — no chart
library, no script, no style attributes (the content security policy forbids them). Each chart also gets a
data table in the template, so the figures are readable without the picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

# Colours with enough contrast on white; one per request/meeting status.
STATUS_FILL = {
    "pending": "#c98a00",
    "accepted": "#137a3a",
    "declined": "#b3261e",
    "cancelled": "#8a94a3",
    "expired": "#5a6472",
    "proposed": "#c98a00",
    "confirmed": "#137a3a",
    "completed": "#0b5fff",
    "no_show": "#b3261e",
}
BAR_FILL = "#0b5fff"
MAX_BAR = 56.0  # a chart with one or two bars keeps them bar-shaped


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    label: str  # the tooltip (<title>) of the bar: what it shows, with its number


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    text: str


@dataclass
class Chart:
    """An SVG drawing in a `width` × `height` viewBox; the plot area starts at `left` and ends at `bottom`."""

    width: int
    height: int
    left: float
    bottom: float
    rects: list[Rect] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    max_value: int = 0

    @property
    def right(self) -> float:
        return self.width - 8


def _nice_step(value: float) -> int:
    """The smallest 1, 2, 2.5 (from 10 up), 5 × 10^k at or above `value` (at least 1): round tick steps."""
    if value <= 1:
        return 1
    magnitude = 1
    while magnitude * 10 < value:
        magnitude *= 10
    for step in (1, 2, 2.5, 5, 10):
        nice = step * magnitude
        if nice >= value and nice == int(nice):
            return int(nice)
    return 10 * magnitude


TICKS = 4


def _y_ticks(chart: Chart, top: int, plot_top: float) -> None:
    for i in range(TICKS + 1):
        value = top * i // TICKS
        y = chart.bottom - (chart.bottom - plot_top) * i / TICKS
        chart.y_ticks.append(Tick(x=chart.left - 4, y=round(y, 1), text=str(value)))


def stacked_bars(
    groups: Sequence[tuple[str, dict[str, int]]],
    keys: Sequence[tuple[str, str]],
    *,
    width: int = 480,
    height: int = 200,
    label_every: int | None = None,
) -> Chart:
    """One stacked bar per group (label, {key: value}); `keys` are (key, readable name) bottom to top."""
    chart = Chart(width=width, height=height, left=40, bottom=height - 22)
    plot_top = 8.0
    totals = [sum(values.get(k, 0) for k, _ in keys) for _, values in groups]
    top = TICKS * _nice_step(max(totals, default=0) / TICKS)
    chart.max_value = top
    _y_ticks(chart, top, plot_top)
    n = max(1, len(groups))
    slot = (chart.right - chart.left) / n
    bar = min(MAX_BAR, max(1.0, slot * 0.75))
    every = label_every or max(1, -(-n // 10))
    scale = (chart.bottom - plot_top) / top
    for i, (label, values) in enumerate(groups):
        x = chart.left + i * slot + (slot - bar) / 2
        y = chart.bottom
        for key, name in keys:
            value = values.get(key, 0)
            if not value:
                continue
            h = value * scale
            y -= h
            chart.rects.append(
                Rect(
                    round(x, 2),
                    round(y, 2),
                    round(bar, 2),
                    round(h, 2),
                    STATUS_FILL.get(key, BAR_FILL),
                    f"{label}: {name} {value}",
                )
            )
        if i % every == 0:
            chart.x_ticks.append(Tick(x=round(x + bar / 2, 2), y=chart.bottom + 16, text=label))
    return chart


def bars(
    values: Sequence[tuple[str, int]],
    *,
    width: int = 480,
    height: int = 180,
    fill: str = BAR_FILL,
    label_every: int | None = None,
    unit: str = "",
) -> Chart:
    """One bar per (label, value); `unit` names the value in each bar's tooltip."""
    chart = stacked_bars(
        [(label, {"v": value}) for label, value in values],
        [("v", unit)],
        width=width,
        height=height,
        label_every=label_every,
    )
    chart.rects = [Rect(r.x, r.y, r.width, r.height, fill, r.label) for r in chart.rects]
    return chart


def percent(value: float | None) -> str:
    """A share (0–1) as a rounded percentage, or an em dash when there is nothing to divide."""
    return "—" if value is None else f"{value * 100:.0f} %"

"""A loss curve as an SVG document, without Qt: what ``graphviz-app train --plot`` writes.

One polyline per run on shared axes (step across, loss up), linear or
logarithmic, with ticks, grid lines and a legend. The window draws its live
curves with pyqtgraph; a file needs no event loop, no display and no Qt, and
a few lines of SVG are exact and easy to test (PNG files are this SVG drawn by
Qt's SVG renderer, see :mod:`graphviz_app.gui.export.loss_plot`).

Examples
--------
>>> svg = loss_svg([("sgd lr=0.1", [1.0, 0.5, 0.25])], log=True)
>>> svg.startswith("<svg") and svg.count("<polyline") == 1 and "sgd lr=0.1" in svg
True
>>> log_ticks(0.003, 2.0)
[0.001, 0.01, 0.1, 1.0, 10.0]
>>> linear_ticks(0.0, 0.93)
[0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.sax.saxutils import escape

from graphviz_app.palette import LIGHT
from graphviz_app.text.numbers import format_scalar, power_of_ten

__all__ = ["COLOURS", "linear_ticks", "log_ticks", "loss_elements", "loss_svg", "svg_document"]

COLOURS = LIGHT.series  # one colour per run compared: the window's plots and the SVG alike
"""Line colours, one per run in order (the training panel uses the same)."""

_W, _H = 720, 440
_LEFT, _RIGHT, _TOP, _BOTTOM = 70, 20, 40, 50


def linear_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]: steps of 1, 2 or 5 times a power of ten."""
    if not high > low:
        high = low + 1.0
    raw = (high - low) / count
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step)
    last = math.ceil(high / step)
    return [k * step for k in range(first, last + 1)]


def log_ticks(low: float, high: float) -> list[float]:
    """Powers of ten covering [low, high] (both > 0)."""
    first = math.floor(math.log10(low))
    last = math.ceil(math.log10(high))
    if last == first:
        last += 1
    return [10.0**k for k in range(first, last + 1)]


def _tick_text(value: float, log: bool) -> str:
    if log:
        return power_of_ten(round(math.log10(value)))
    return format_scalar(value, 3)


def loss_svg(
    runs: Sequence[tuple[str, Sequence[float]]], log: bool = True, title: str = "Training loss"
) -> str:
    """An SVG picture of each run's losses (nan, inf and, on a log axis, values ≤ 0 break the line)."""
    return svg_document(_W, _H, loss_elements(runs, log, title, 0, 0, _W, _H))


def svg_document(width: float, height: float, elements: Sequence[str]) -> str:
    """An SVG document of ``elements`` on a white page."""
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    return "\n".join([*head, *elements, "</svg>"]) + "\n"


def loss_elements(
    runs: Sequence[tuple[str, Sequence[float]]],
    log: bool,
    title: str,
    x: float,
    y: float,
    width: float,
    height: float,
    dashes: Sequence[bool] = (),
    colours: Sequence[str] = COLOURS,
) -> list[str]:
    """The loss plot's SVG elements in the box at (``x``, ``y``); ``dashes[i]`` draws run i dashed."""

    def usable(v: float) -> bool:
        return math.isfinite(v) and (v > 0 or not log)

    left, right, top, bottom = x + _LEFT, x + width - _RIGHT, y + _TOP, y + height - _BOTTOM
    values = [v for _, losses in runs for v in losses if usable(v)]
    steps = max((len(losses) - 1 for _, losses in runs), default=1) or 1
    if values:
        low, high = min(values), max(values)
    else:
        low, high = (0.1, 1.0) if log else (0.0, 1.0)
    yticks = log_ticks(low, high) if log else linear_ticks(min(low, 0.0), high)
    xticks = [t for t in linear_ticks(0, steps) if t == int(t)]
    y0, y1 = yticks[0], yticks[-1]
    x1 = xticks[-1]
    plot_w, plot_h = right - left, bottom - top

    def sx(step: float) -> float:
        return left + plot_w * step / x1

    def sy(v: float) -> float:
        f = (
            (math.log10(v) - math.log10(y0)) / (math.log10(y1) - math.log10(y0))
            if log
            else (v - y0) / (y1 - y0)
        )
        return top + plot_h * (1 - f)

    out = [
        f'<text x="{x + width / 2}" y="{y + 22}" text-anchor="middle" font-size="15">{escape(title)}</text>'
    ]
    for t in yticks:
        ty = sy(t)
        out.append(f'<line x1="{left}" y1="{ty:.2f}" x2="{right}" y2="{ty:.2f}" stroke="{LIGHT.plot_grid}"/>')
        out.append(
            f'<text x="{left - 6}" y="{ty + 4:.2f}" text-anchor="end">{escape(_tick_text(t, log))}</text>'
        )
    for t in xticks:
        tx = sx(t)
        out.append(
            f'<line x1="{tx:.2f}" y1="{top}" x2="{tx:.2f}" y2="{bottom}" stroke="{LIGHT.plot_grid_minor}"/>'
        )
        out.append(f'<text x="{tx:.2f}" y="{bottom + 18}" text-anchor="middle">{int(t):,}</text>')
    out.append(
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="{LIGHT.plot_frame}"/>'
    )
    out.append(f'<text x="{left + plot_w / 2}" y="{y + height - 10}" text-anchor="middle">step</text>')
    axis = "loss (log scale)" if log else "loss"
    out.append(
        f'<text transform="translate({x + 16} {top + plot_h / 2}) rotate(-90)" text-anchor="middle">{axis}</text>'
    )
    for i, (label, losses) in enumerate(runs):
        colour = colours[i % len(colours)]
        dash = ' stroke-dasharray="6 4"' if i < len(dashes) and dashes[i] else ""
        segment: list[str] = []
        segments = []
        for step, v in enumerate(losses):
            if usable(v):
                segment.append(f"{sx(step):.2f},{sy(v):.2f}")
            elif segment:
                segments.append(segment)
                segment = []
        if segment:
            segments.append(segment)
        for seg in segments:
            out.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash} points="{" ".join(seg)}"/>'
            )
        ly = top + 16 + 18 * i
        lx = right - 170
        out.append(
            f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 24}" y2="{ly - 4}" stroke="{colour}" stroke-width="2"{dash}/>'
        )
        out.append(f'<text x="{lx + 30}" y="{ly}">{escape(label)}</text>')
    return out

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

__all__ = ["COLOURS", "linear_ticks", "log_ticks", "loss_svg"]

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

    def usable(v: float) -> bool:
        return math.isfinite(v) and (v > 0 or not log)

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
    plot_w, plot_h = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM

    def sx(step: float) -> float:
        return _LEFT + plot_w * step / x1

    def sy(v: float) -> float:
        f = (
            (math.log10(v) - math.log10(y0)) / (math.log10(y1) - math.log10(y0))
            if log
            else (v - y0) / (y1 - y0)
        )
        return _TOP + plot_h * (1 - f)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" viewBox="0 0 {_W} {_H}" '
        'font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
        f'<rect width="{_W}" height="{_H}" fill="white"/>',
        f'<text x="{_W / 2}" y="22" text-anchor="middle" font-size="15">{escape(title)}</text>',
    ]
    for t in yticks:
        y = sy(t)
        out.append(
            f'<line x1="{_LEFT}" y1="{y:.2f}" x2="{_W - _RIGHT}" y2="{y:.2f}" stroke="{LIGHT.plot_grid}"/>'
        )
        out.append(
            f'<text x="{_LEFT - 6}" y="{y + 4:.2f}" text-anchor="end">{escape(_tick_text(t, log))}</text>'
        )
    for t in xticks:
        x = sx(t)
        out.append(
            f'<line x1="{x:.2f}" y1="{_TOP}" x2="{x:.2f}" y2="{_H - _BOTTOM}" stroke="{LIGHT.plot_grid_minor}"/>'
        )
        out.append(f'<text x="{x:.2f}" y="{_H - _BOTTOM + 18}" text-anchor="middle">{int(t):,}</text>')
    out.append(
        f'<rect x="{_LEFT}" y="{_TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="{LIGHT.plot_frame}"/>'
    )
    out.append(f'<text x="{_LEFT + plot_w / 2}" y="{_H - 10}" text-anchor="middle">step</text>')
    axis = "loss (log scale)" if log else "loss"
    out.append(
        f'<text transform="translate(16 {_TOP + plot_h / 2}) rotate(-90)" text-anchor="middle">{axis}</text>'
    )
    for i, (label, losses) in enumerate(runs):
        colour = COLOURS[i % len(COLOURS)]
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
            out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(seg)}"/>')
        y = _TOP + 16 + 18 * i
        x = _W - _RIGHT - 170
        out.append(
            f'<line x1="{x}" y1="{y - 4}" x2="{x + 24}" y2="{y - 4}" stroke="{colour}" stroke-width="2"/>'
        )
        out.append(f'<text x="{x + 30}" y="{y}">{escape(label)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"

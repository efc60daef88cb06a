"""Training on data as an SVG picture, without Qt: the decision boundary with the points, beside the losses.

What ``graphviz-app train SPEC --plot FILE.svg`` writes for a network with data. On the left, the input plane:
each cell of the grid is shaded by what the network says there (:func:`graphviz_app.palette.shades`: class 1's
colour, class 0's, the background on the boundary), the training points filled and the test points hollow,
in their class's colour. On the right, the loss over all the training points and over all the test points
(dashed) after every step, and the accuracies reached. Plain data in, text out: the caller evaluates.

Examples
--------
>>> import numpy as np
>>> grid = np.array([[-1.0, 1.0], [-1.0, 1.0]])
>>> svg = training_svg(grid, 3.0, np.array([[1.0, 1.0], [-1.0, 0.5]]), np.array([1, 0]),
...                    np.array([False, True]), [("train", [0.7, 0.2], False)], "test accuracy 1.00")
>>> svg.count("<circle"), svg.count('fill="none" stroke-width="2"'), "test accuracy 1.00" in svg
(2, 1, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

import numpy as np

from graphviz_app.exports.loss_svg import linear_ticks, loss_elements, svg_document
from graphviz_app.palette import LIGHT, shades
from graphviz_app.text.numbers import format_scalar

__all__ = ["training_svg"]

_SIDE, _MARGIN = 400, 50
_PLOT_W = 640
BACKGROUND_STRENGTH = 0.55
"""How strongly the boundary's picture is coloured under the points (1: as strongly as they are)."""


def training_svg(
    output: np.ndarray,
    extent: float,
    points: np.ndarray,
    labels: np.ndarray,
    test: np.ndarray,
    curves: Sequence[tuple[str, Sequence[float], bool]],
    note: str,
    title: str = "Decision boundary",
) -> str:
    """The SVG document (see the module docstring).

    ``output`` is a square grid of numbers in [−1, 1] over [−extent, extent]² (row 0 at the bottom,
    x2 = −extent); ``points`` n × 2 with ``labels`` (0 or 1; more classes are shaded along the scale) and
    ``test`` (True for a test point); ``curves`` (label, one loss per step, dashed); ``note`` is written
    under the boundary.
    """
    size = output.shape[0]
    cell = _SIDE / size
    x0, y0 = _MARGIN, _MARGIN

    def sx(v: float) -> float:
        return x0 + (v + extent) / (2 * extent) * _SIDE

    def sy(v: float) -> float:
        return y0 + (extent - v) / (2 * extent) * _SIDE

    out = [
        f'<text x="{x0 + _SIDE / 2}" y="{y0 - 20}" text-anchor="middle" font-size="15">{escape(title)}</text>'
    ]
    rgb = shades(LIGHT, output, BACKGROUND_STRENGTH)
    for r in range(size):
        top = y0 + (size - 1 - r) * cell
        for c in range(size):
            red, green, blue = rgb[r, c]
            out.append(
                f'<rect x="{x0 + c * cell:.2f}" y="{top:.2f}" width="{cell + 0.3:.2f}" height="{cell + 0.3:.2f}" '
                f'fill="#{red:02x}{green:02x}{blue:02x}"/>'
            )
    classes = max(int(labels.max()), 1) if len(labels) else 1
    colours = shades(LIGHT, 2 * labels / classes - 1)
    for (px, py), (red, green, blue), held_out in zip(points, colours, test):
        colour = f"#{red:02x}{green:02x}{blue:02x}"
        if held_out:
            style = f'fill="none" stroke-width="2" stroke="{colour}"'
        else:
            style = f'fill="{colour}" stroke="{LIGHT.background}" stroke-width="1"'
        out.append(f'<circle cx="{sx(px):.2f}" cy="{sy(py):.2f}" r="4" {style}/>')
    out.append(
        f'<rect x="{x0}" y="{y0}" width="{_SIDE}" height="{_SIDE}" fill="none" stroke="{LIGHT.plot_frame}"/>'
    )
    for t in linear_ticks(-extent, extent, 4):
        if -extent <= t <= extent:
            out.append(
                f'<text x="{sx(t):.2f}" y="{y0 + _SIDE + 16}" text-anchor="middle">{format_scalar(t, 3)}</text>'
            )
            out.append(
                f'<text x="{x0 - 6}" y="{sy(t) + 4:.2f}" text-anchor="end">{format_scalar(t, 3)}</text>'
            )
    out.append(f'<text x="{x0 + _SIDE / 2}" y="{y0 + _SIDE + 34}" text-anchor="middle">x1</text>')
    out.append(
        f'<text transform="translate({x0 - 34} {y0 + _SIDE / 2}) rotate(-90)" text-anchor="middle">x2</text>'
    )
    for i, line in enumerate((note, "filled: training points, hollow: test points")):
        out.append(
            f'<text x="{x0 + _SIDE / 2}" y="{y0 + _SIDE + 56 + 16 * i}" text-anchor="middle">{escape(line)}</text>'
        )
    left = x0 + _SIDE + _MARGIN
    height = _SIDE + 2 * _MARGIN + 30
    runs = [(label, losses) for label, losses, _ in curves]
    dashes = [dashed for _, _, dashed in curves]
    log = all(v > 0 for _, losses in runs for v in losses if np.isfinite(v))
    out += loss_elements(runs, log, "Loss over all the points", left, 0, _PLOT_W, height, dashes)
    return svg_document(left + _PLOT_W, height + 20, out)

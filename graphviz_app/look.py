"""How the canvas draws each thing: which palette role colours it, its line widths, corners and text sizes.

Qt-free, so the window's canvas (``gui/canvas``) and the interactive page (``page/``) draw from one table: a
node's fill by its kind, its border (the output's, the active node's, the selected one's), the colour of each
line of its label by role, an edge's colour and width by its highlight, the arrowhead. Colours are named by
their role in :mod:`graphviz_app.palette`; this module never writes one.

Examples
--------
>>> fill_role("input"), fill_role("op"), line_role("grad-partial"), edge_role("done-backward")
('input_fill', 'op_fill', 'backward', 'backward')
>>> border("op", is_output=True), border("const", is_output=False)
(('output_border', 3.0), None)
>>> edge_width("forward"), edge_width(None, weight=1.0)
(2.9, 6.4)
"""

from __future__ import annotations

import math

__all__ = [
    "ACTIVE_BORDER",
    "ARROW_WIDTH",
    "BASE_POINT_SIZE",
    "DIMMED_EDGE",
    "DIMMED_NODE",
    "FIT_MAX_SCALE",
    "LARGE_TEXT",
    "LINE_GAP",
    "LINE_ROLES",
    "NODE_PADDING",
    "SELECTED_BORDER",
    "SMALL_SCALE",
    "TITLE_POINTS",
    "TOKEN_ROLES",
    "arrowhead",
    "border",
    "corner_radius",
    "edge_role",
    "edge_width",
    "fill_role",
    "line_role",
    "signed_edge",
]

NODE_PADDING = 10.0
"""Pixels between a node's border and its text, left and right (0.7 of it above and below)."""
LINE_GAP = 2.0
"""Pixels between the lines of a node's label."""
BASE_POINT_SIZE = 10.0
"""The body text of the canvas, in points; the title is :data:`TITLE_POINTS` larger and bold."""
TITLE_POINTS = 1.0
SMALL_SCALE = 0.9
"""Edge labels and tokens: this fraction of the body text."""
LARGE_TEXT = 1.6
"""View ▸ Larger text scales every font by this much."""

_FILLS = {"input": "input_fill", "param": "param_fill", "target": "target_fill", "const": "const_fill"}
LINE_ROLES = {
    "title": "text",
    "value": "forward",
    "grad": "backward",
    "grad-partial": "backward",
    "fault": "error",
    "muted": "muted",
}
"""The palette role of each line of a node's label: values forward's blue, gradients backward's orange."""
_EDGE_ROLES = {
    "forward": "forward",
    "done-forward": "forward",
    "backward": "backward",
    "done-backward": "backward",
}
TOKEN_ROLES = {"value": "forward", "gradient": "backward"}
"""The pill of a travelling token by what it carries; its text is ``token_text``."""

NODE_BORDER = 1.2
OUTPUT_BORDER = 3.0
ACTIVE_BORDER = ("selection", 3.0)
"""The node the step is about."""
SELECTED_BORDER = ("selection", 3.5)
DIMMED_NODE = 0.35
"""Opacity of a node off a highlighted path."""
DIMMED_EDGE = 0.18
EDGE_WIDTH = 1.4
LIVE_EDGE = 1.5
"""An edge whose tokens travel now is this much wider."""
WEIGHT_WIDTH = 5.0
"""Gradient magnitude as edge width: the widest edge gains this much."""
EMPHASISED_EDGE = 2.0
SELECTED_EDGE = 2.0
ARROW_WIDTH = 7.0
ARROW_LENGTH = 8.0
FIT_MAX_SCALE = 1.5
"""Fitting a small graph to the window does not blow it up beyond this (presentation mode lifts it)."""


def fill_role(kind: str) -> str:
    """The palette role that fills a node of ``kind`` (input, param, target, const; anything else an op)."""
    return _FILLS.get(kind, "op_fill")


def border(kind: str, is_output: bool) -> tuple[str, float] | None:
    """A node's border at rest, (role, width); None for a constant, which has none."""
    if kind == "const":
        return None
    return ("output_border", OUTPUT_BORDER) if is_output else ("border", NODE_BORDER)


def corner_radius(kind: str, height: float) -> float:
    """Inputs and targets are pills, parameters square boxes, ops rounded boxes."""
    if kind in ("input", "target"):
        return height / 2
    return 2.0 if kind == "param" else 9.0


def line_role(role: str) -> str:
    return LINE_ROLES.get(role, "text")


def edge_role(highlight: str | None) -> str:
    """The palette role of an edge: forward's colour once values passed, backward's once gradients did."""
    return _EDGE_ROLES.get(highlight or "", "edge")


def edge_width(highlight: str | None, weight: float = 0.0, emphasised: bool = False) -> float:
    """An edge's width: wider while its tokens travel, with the gradient's weight (0..1), when emphasised."""
    width = EDGE_WIDTH + WEIGHT_WIDTH * weight
    if highlight in ("forward", "backward"):
        width += LIVE_EDGE
    if emphasised:
        width += EMPHASISED_EDGE
    return round(width, 6)


def signed_edge(signed: float) -> tuple[str, float, float]:
    """An idle edge that multiplies by a weight of a network with data (``signed``: the weight over the
    largest, in [−1, 1]): (role, opacity, width), the sign as the colour, the size as opacity and width.

    >>> signed_edge(-1.0), signed_edge(0.5)
    (('negative', 1.0, 5.0), ('positive', 0.675, 2.9))
    """
    size = min(abs(signed), 1.0)
    return (
        "positive" if signed > 0 else "negative",
        round(0.35 + 0.65 * size, 6),
        round(0.8 + 4.2 * size, 6),
    )


def arrowhead(
    start: tuple[float, float], tip: tuple[float, float], width: float = ARROW_WIDTH
) -> tuple[tuple[float, float], ...]:
    """The arrowhead's triangle, from where the spline stops (``start``) to the tip on the child's border.

    >>> arrowhead((0.0, 0.0), (10.0, 0.0))
    ((10.0, 0.0), (0.0, 3.5), (0.0, -3.5))
    """
    dx, dy = tip[0] - start[0], tip[1] - start[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    reach = max(length, ARROW_LENGTH)
    bx, by = tip[0] - ux * reach, tip[1] - uy * reach
    return tip, (bx - uy * width / 2, by + ux * width / 2), (bx + uy * width / 2, by - ux * width / 2)

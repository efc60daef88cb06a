"""What each node and edge of the canvas says, and how big its box must be for it."""

from __future__ import annotations

import math
from collections.abc import Collection

import networkx as nx
from PySide6.QtGui import QFont, QFontMetricsF

from graphviz_app import look
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation
from graphviz_app.gui.canvas.items import LINE_GAP, NODE_PADDING
from graphviz_app.session.prose.names import Names
from graphviz_app.session.timeline.node_text import (
    FLAG,
    GRAD_PENDING,
    GRAD_TEMPLATE,
    VALUE_TEMPLATE,
    edge_label,
    grad_text,
    is_finite,
    needs_gradient_line,
    node_lines,
    node_title,
    partial_lines,
)
from graphviz_app.text.numbers import format_full, format_number

__all__ = [
    "GRAD_PENDING",
    "GRAD_TEMPLATE",
    "VALUE_TEMPLATE",
    "Fonts",
    "digit_height",
    "edge_label",
    "edge_tooltip",
    "grad_text",
    "is_finite",
    "measure_nodes",
    "needs_gradient_line",
    "node_lines",
    "node_title",
    "node_tooltip",
]


class Fonts:
    """The three fonts of the canvas, scaled together for the larger-text mode."""

    def __init__(self, base_point_size: float = look.BASE_POINT_SIZE, large: bool = False):
        size = base_point_size * (look.LARGE_TEXT if large else 1.0)
        self.title = QFont()
        self.title.setPointSizeF(size + look.TITLE_POINTS)
        self.title.setBold(True)
        self.body = QFont()
        self.body.setPointSizeF(size)
        self.small = QFont()
        self.small.setPointSizeF(size * look.SMALL_SCALE)


def measure_nodes(
    g: nx.DiGraph,
    ev: Evaluation,
    fonts: Fonts,
    show_values: bool = True,
    show_grads: bool = True,
    pictured: Collection[str] = (),
) -> dict[str, tuple[float, float]]:
    """Width and height in pixels of every node, from the widest line it will ever show: its value,
    its gradient, and the partial gradients (``∇ 0.7702 (1/2)``) the backward pass shows on the way;
    a node in ``pictured`` has a square as tall as itself beside its text, for its picture."""
    title_m = QFontMetricsF(fonts.title)
    body_m = QFontMetricsF(fonts.body)
    value_w = body_m.horizontalAdvance(VALUE_TEMPLATE)
    grad_w = body_m.horizontalAdvance(GRAD_TEMPLATE)
    sizes: dict[str, tuple[float, float]] = {}
    names = Names.of(ev)
    italic = QFont(fonts.body)
    italic.setItalic(True)  # the canvas draws a partial gradient in italics
    partial_w: dict[str, float] = {}
    if show_grads:
        italic_m = QFontMetricsF(italic)
        for node, line in partial_lines(ev):
            partial_w[node] = max(partial_w.get(node, 0.0), italic_m.horizontalAdvance(line))
    for node in g.nodes:
        width = title_m.horizontalAdvance(node_title(g, node, names) + FLAG)
        height = title_m.height()
        if show_values:
            width = max(width, value_w, body_m.horizontalAdvance(format_number(ev.values[node])))
            height += body_m.height() + LINE_GAP
        if show_grads and needs_gradient_line(ev, node):
            width = max(width, grad_w, body_m.horizontalAdvance(grad_text(ev.grads[node])))
            width = max(width, partial_w.get(node, 0.0))
            height += body_m.height() + LINE_GAP
        box_h = math.ceil(height + 2 * NODE_PADDING * 0.7)
        sizes[node] = (math.ceil(width + 2 * NODE_PADDING + (box_h if node in pictured else 0)), box_h)
    return sizes


def digit_height(font: QFont) -> float:
    """How tall the digits of ``font`` are, in pixels at zoom 1 (what "text N px tall" measures)."""
    return QFontMetricsF(font).tightBoundingRect("0123456789").height()


def node_tooltip(g: nx.DiGraph, ev: Evaluation, node: str, title: str, fault_colour: str) -> str:
    """A node's tooltip: its kind or op, every digit of its value and gradient, its flags (never its id)."""
    data = g.nodes[node]
    what = data[G.KIND] if data[G.KIND] != "op" else data[G.OP]
    lines = [f"<b>{title}</b> <i>({what})</i>", f"value = {format_full(ev.values[node])}"]
    if ev.grads.get(node) is not None:
        lines.append(f"gradient = {format_full(ev.grads[node])}")
    for flag in ev.flags.get(node, []):
        lines.append(f"<span style='color:{fault_colour}'>⚠ {flag}</span>")
    return "<br>".join(lines)


def edge_tooltip(ev: Evaluation, names: Names, titles: dict[str, str], edge: tuple[str, str]) -> str:
    """An edge's tooltip: the value it carries, its local derivative, what it sends back."""
    parent, child = edge
    lines = [f"<b>{titles[parent]} → {titles[child]}</b>", f"carries {format_full(ev.values[parent])}"]
    if ev.local.get(edge) is not None:
        lines.append(f"local ∂{names.d(child)}/∂{names.d(parent)} = {format_full(ev.local[edge])}")
    elif ev.contributions.get(edge) is not None:
        lines.append(f"local Jacobian of shape {'×'.join(map(str, ev.jacobian_shape(edge)))}")
    if ev.contributions.get(edge) is not None:
        lines.append(f"sends back {format_full(ev.contributions[edge])}")
    return "<br>".join(lines)

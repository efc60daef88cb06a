"""What each node and edge of the canvas says, and how big its box must be for it."""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import numpy as np
from PySide6.QtGui import QFont, QFontMetricsF

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation
from graphviz_app.core.ops import get_op
from graphviz_app.gui.canvas.items import LINE_GAP, NODE_PADDING
from graphviz_app.session.prose.names import Names
from graphviz_app.session.timeline.frames import Frames
from graphviz_app.session.timeline.plan import plan_of
from graphviz_app.session.timeline.steps import NodeState
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


VALUE_TEMPLATE = "−0.1235"
GRAD_TEMPLATE = "∇ −0.1235"
GRAD_PENDING = "∇"
"""The gradient line of a node before its gradient exists: the symbol, no number yet."""


class Fonts:
    """The three fonts of the canvas, scaled together for the larger-text mode."""

    def __init__(self, base_point_size: float = 10.0, large: bool = False):
        size = base_point_size * (1.6 if large else 1.0)
        self.title = QFont()
        self.title.setPointSizeF(size + 1)
        self.title.setBold(True)
        self.body = QFont()
        self.body.setPointSizeF(size)
        self.small = QFont()
        self.small.setPointSizeF(size * 0.9)


def node_title(g: nx.DiGraph, node: str, names: Names | None = None) -> str:
    """What a node is called on the canvas, in the captions' notation (:meth:`Names.title`):
    ``x``, ``x²``, ``x·y``, or ``z = +`` for a named op. Without ``names``, an unnamed op is
    its symbol."""
    if names is not None:
        return names.title(node)
    data = g.nodes[node]
    if data[G.KIND] == G.OPNODE and data[G.NAME]:
        return f"{data[G.NAME]} = {get_op(data[G.OP]).symbol}"
    return data[G.LABEL]


def is_finite(value: Any) -> bool:
    """No inf or nan in ``value`` (plain floats without a NumPy call: this runs for every label)."""
    if type(value) is float:
        return value - value == 0.0
    return bool(np.all(np.isfinite(value)))


def needs_gradient_line(ev: Evaluation, node: str) -> bool:
    return ev.grads.get(node) is not None


def node_lines(
    g: nx.DiGraph, ev: Evaluation, node: str, state: NodeState | None, show_values: bool, show_grads: bool
) -> list[tuple[str, str]]:
    """The text lines of a node at one frame: its title, its value (forward colour) and its
    gradient ∇ = ∂output/∂node (backward colour); ``·`` where a value is not computed yet, a bare
    ``∇`` where the gradient is not,
    ``(2/3)`` while contributions are still arriving."""
    lines = [(node_title(g, node, Names.of(ev)) + (" ⚠" if ev.flags.get(node) else ""), "title")]
    if show_values:
        if state is not None and state.value is not None:
            lines.append((format_number(state.value), "value" if is_finite(state.value) else "fault"))
        else:
            lines.append(("·", "muted"))
    if show_grads and needs_gradient_line(ev, node):
        if state is None or state.grad is None:
            lines.append((GRAD_PENDING, "muted"))
        elif state.grad_final or state.expected <= 1:
            lines.append((grad_text(state.grad), "grad"))
        else:
            lines.append((grad_text(state.grad, state.received, state.expected), "grad-partial"))
    return lines


def grad_text(grad: Any, received: int = 0, expected: int = 0) -> str:
    """A node's gradient line: ``∇ 0.7702``, or ``∇ 0.7702 (1/2)`` while contributions arrive."""
    text = f"∇ {format_number(grad)}"
    return f"{text} ({received}/{expected})" if expected > 1 else text


def _partial_widths(ev: Evaluation, metrics: QFontMetricsF) -> dict[str, float]:
    """The widest partial gradient line each node shows on its way to its gradient (``∇ 0.7702 (1/2)``)."""
    plan = plan_of(ev)
    frames = Frames(ev, plan)
    widths: dict[str, float] = {}
    for node, expected in plan.expected.items():
        if expected > 1:
            widths[node] = max(
                metrics.horizontalAdvance(grad_text(frames.partial(node, k), k, expected))
                for k in range(1, expected)
            )
    return widths


def measure_nodes(
    g: nx.DiGraph, ev: Evaluation, fonts: Fonts, show_values: bool = True, show_grads: bool = True
) -> dict[str, tuple[float, float]]:
    """Width and height in pixels of every node, from the widest line it will ever show: its value,
    its gradient, and the partial gradients (``∇ 0.7702 (1/2)``) the backward pass shows on the way."""
    title_m = QFontMetricsF(fonts.title)
    body_m = QFontMetricsF(fonts.body)
    value_w = body_m.horizontalAdvance(VALUE_TEMPLATE)
    grad_w = body_m.horizontalAdvance(GRAD_TEMPLATE)
    sizes: dict[str, tuple[float, float]] = {}
    names = Names.of(ev)
    italic = QFont(fonts.body)
    italic.setItalic(True)  # the canvas draws a partial gradient in italics
    partial_w = _partial_widths(ev, QFontMetricsF(italic)) if show_grads else {}
    for node in g.nodes:
        width = title_m.horizontalAdvance(node_title(g, node, names) + " ⚠")
        height = title_m.height()
        if show_values:
            width = max(width, value_w, body_m.horizontalAdvance(format_number(ev.values[node])))
            height += body_m.height() + LINE_GAP
        if show_grads and needs_gradient_line(ev, node):
            width = max(width, grad_w, body_m.horizontalAdvance(grad_text(ev.grads[node])))
            width = max(width, partial_w.get(node, 0.0))
            height += body_m.height() + LINE_GAP
        sizes[node] = (math.ceil(width + 2 * NODE_PADDING), math.ceil(height + 2 * NODE_PADDING * 0.7))
    return sizes


def edge_label(ev: Evaluation, edge: tuple[str, str]) -> str:
    """The local derivative written on an edge: a number, or the Jacobian's shape."""
    local = ev.local.get(edge)
    if local is not None:
        return "∂ " + format_number(local)
    if ev.contributions.get(edge) is None:
        return ""
    return "J " + "×".join(map(str, ev.jacobian_shape(edge)))


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

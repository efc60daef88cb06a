"""What a node's box says at a step, as text lines with roles: its title, its value, its gradient so far.

The canvas draws these lines (``gui/canvas``) and the interactive page shows them (``page/``): one
definition of ``∇ 0.3 (1/2)``. A line is ``(text, role)``; the role (``title``, ``value``, ``grad``,
``grad-partial``, ``fault``, ``muted``) picks its colour (:data:`graphviz_app.look.LINE_ROLES`).

Examples
--------
>>> from graphviz_app.builders.expression import parse
>>> from graphviz_app.core.evaluate import evaluate
>>> from graphviz_app.session.timeline.steps import build_timeline
>>> ev = evaluate(parse("x = cos(t); y = sin(t); z = x*y + x**2", {"t": 0.5}).graph)
>>> tl = build_timeline(ev)
>>> [node_lines(ev.graph, ev, "x", tl.state_at(k).nodes["x"], True, True)[2] for k in (0, 10, 11)]
[('∇', 'muted'), ('∇ 0.4794 (1/2)', 'grad-partial'), ('∇ 2.235', 'grad')]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx
import numpy as np

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation
from graphviz_app.core.ops import get_op
from graphviz_app.session.prose.names import Names
from graphviz_app.session.prose.notation import jacobian_label
from graphviz_app.session.timeline.frames import Frames
from graphviz_app.session.timeline.plan import plan_of
from graphviz_app.session.timeline.states import NodeState
from graphviz_app.text.numbers import format_number

__all__ = [
    "FLAG",
    "GRAD_PENDING",
    "GRAD_TEMPLATE",
    "NOT_YET",
    "VALUE_TEMPLATE",
    "edge_label",
    "grad_line",
    "grad_text",
    "is_finite",
    "needs_gradient_line",
    "node_lines",
    "node_title",
    "partial_lines",
    "value_line",
]

VALUE_TEMPLATE = "−0.1235"
"""The widest ordinary value: every node's box has room for it, so an edit rarely needs a new layout."""
GRAD_TEMPLATE = "∇ −0.1235"
GRAD_PENDING = "∇"
"""The gradient line of a node before its gradient exists: the symbol, no number yet."""
NOT_YET = "·"
"""The value line of a node not computed yet."""
FLAG = " ⚠"
"""After the title of a node whose number is not a number (nan, ∞): the inspector says why."""


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
    lines = [(node_title(g, node, Names.of(ev)) + (FLAG if ev.flags.get(node) else ""), "title")]
    if show_values:
        lines.append(value_line(state))
    if show_grads and needs_gradient_line(ev, node):
        lines.append(grad_line(state))
    return lines


def value_line(state: NodeState | None) -> tuple[str, str]:
    """A node's value line at a frame: its value, ``·`` before it is computed (``fault`` when not finite)."""
    if state is not None and state.value is not None:
        return format_number(state.value), "value" if is_finite(state.value) else "fault"
    return NOT_YET, "muted"


def grad_line(state: NodeState | None) -> tuple[str, str]:
    """A node's gradient line at a frame (of a node that gets one): ``∇``, ``∇ 0.3 (1/2)``, ``∇ 0.7702``."""
    if state is None or state.grad is None:
        return GRAD_PENDING, "muted"
    if state.grad_final or state.expected <= 1:
        return grad_text(state.grad), "grad"
    return grad_text(state.grad, state.received, state.expected), "grad-partial"


def grad_text(grad: Any, received: int = 0, expected: int = 0) -> str:
    """A node's gradient line: ``∇ 0.7702``, or ``∇ 0.7702 (1/2)`` while contributions arrive."""
    text = f"∇ {format_number(grad)}"
    return f"{text} ({received}/{expected})" if expected > 1 else text


def partial_lines(ev: Evaluation) -> Iterator[tuple[str, str]]:
    """(node, line) for every partial gradient line the backward pass shows (``∇ 0.7702 (1/2)``):
    what a node's box must have room for beyond its final numbers."""
    plan = plan_of(ev)
    frames = Frames(ev, plan)
    for node, expected in plan.expected.items():
        if expected > 1:
            for k in range(1, expected):
                yield node, grad_text(frames.partial(node, k), k, expected)


def edge_label(ev: Evaluation, edge: tuple[str, str]) -> str:
    """The local derivative written on an edge: a number, the Jacobian's formula (softmax's), or its shape."""
    local = ev.local.get(edge)
    if local is not None:
        return "∂ " + format_number(local)
    if ev.contributions.get(edge) is None:
        return ""
    child = edge[1]
    spec = get_op(ev.graph.nodes[child][G.OP])
    named = jacobian_label(spec, ev.graph.edges[edge][G.ARG][0], np.ndim(ev.values[child]))
    return named or "J " + "×".join(map(str, ev.jacobian_shape(edge)))

"""Write a computation graph as DOT, for restyling with one's own Graphviz.

Each node's label carries what the canvas shows: the name or op symbol, and after
an evaluation the value and the gradient (4 significant digits; arrays show their
shape, ``W1 [2×2]``). Shapes follow the node's kind: inputs are ellipses (targets
dashed), parameters boxes, constants plain text, ops circles (or rounded boxes
when the label is long). Edges may carry their local derivative ∂child/∂parent.
Network layers become ``rank=same`` groups chained in order by invisible edges, as
the app's own layout writes them (:func:`graphviz_app.layout.dot_hints.ordering_lines`):
dot keeps each layer together and in order, and stock Graphviz lays out every size.

The text is written here rather than by ``AGraph.to_string()``: Graphviz writes a
name that ends in a backslash in a way it cannot read back.

Examples
--------
>>> import graphviz_app.core
>>> from graphviz_app.core import graph as G
>>> from graphviz_app.core.evaluate import evaluate
>>> g = G.new_graph()
>>> z = G.add_leaf(g, "z", 0.145)
>>> a = G.add_op(g, "sigmoid", [z])
>>> print(to_dot(g, evaluate(g)), end="")
// Computation graph written by graphviz-app; restyle it freely.
digraph computation {
graph [rankdir=LR];
"z" [label="z\\nvalue 0.145\\ngrad 0.2487", shape=ellipse];
"sigmoid#1" [label="σ\\nvalue 0.5362\\ngrad 1", shape=box, style=rounded];
"z" -> "sigmoid#1" [label="local 0.2487"];
}
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np

from graphviz_app.core import graph as G
from graphviz_app.core.ops import get_op
from graphviz_app.layout import budget
from graphviz_app.layout.dot_hints import ordering_lines, quote
from graphviz_app.layout.graphviz import DIRECTIONS
from graphviz_app.text.numbers import ascii_number

__all__ = ["format_number", "to_dot"]

_SHAPES = {
    G.INPUT: "shape=ellipse",
    G.TARGET: "shape=ellipse, style=dashed",
    G.PARAM: "shape=box",
    G.CONST: "shape=plaintext",
}


def format_number(value: Any) -> str:
    """A number with 4 significant digits and an ASCII minus (DOT is read by other
    tools), or an array's shape.

    >>> format_number(0.53619), format_number(-2.0), format_number(float("nan"))
    ('0.5362', '-2', 'nan')
    >>> format_number(np.zeros((2, 3)))
    '[2×3]'
    """
    if np.ndim(value) == 0:
        return ascii_number(value, 4)
    return "[" + "×".join(str(n) for n in np.shape(value)) + "]"  # a vector is [2], not (2,)


def _label(lines: list[str]) -> str:
    """Lines as one quoted DOT label (``\\n`` escapes between lines)."""
    escaped = [line.replace("\\", "\\\\").replace('"', '\\"') for line in lines]
    return '"' + "\\n".join(escaped) + '"'


def _node_lines(graph: nx.DiGraph, node: str, evaluation: Any) -> list[str]:
    data = graph.nodes[node]
    kind = data.get(G.KIND)
    title = data.get(G.LABEL) or node
    if kind == G.OPNODE and data.get(G.NAME):
        title = f"{data[G.NAME]} = {get_op(data[G.OP]).symbol}"
    value = evaluation.values.get(node) if evaluation is not None else data.get(G.VALUE)
    if value is not None and np.ndim(value) > 0:
        return [f"{title} {format_number(value)}"]  # an array: its shape, not its numbers
    lines = [title]
    if evaluation is None or kind == G.CONST:  # a constant's label is its value
        return lines
    if value is not None:
        lines.append(f"value {format_number(value)}")
    grad = evaluation.grads.get(node)
    if grad is not None:
        lines.append(f"grad {format_number(grad)}")
    return lines


def _node_style(graph: nx.DiGraph, node: str, lines: list[str]) -> str:
    kind = graph.nodes[node].get(G.KIND)
    if kind in _SHAPES:
        style = _SHAPES[kind]
    elif len(lines) == 1 and len(lines[0]) <= 3:
        style = "shape=circle"
    else:
        style = "shape=box, style=rounded"
    backward = graph.graph.get(G.BACKWARD)
    if backward is not None and node not in backward:
        style += ", color=gray60, fontcolor=gray50"  # a forward node the backward graph reads: faded
    return style


def _settings(graph: nx.DiGraph, evaluation: Any) -> tuple[str, ...]:
    """Graphviz's effort for this graph, chosen as the app's own layout chooses it.

    A big graph (or one whose edges skip many ranks) gets the limits the app's
    layout uses (:mod:`graphviz_app.layout.budget`), so stock dot lays out a
    10,000-node neuron view in seconds rather than hours.
    """
    labels = graph.number_of_edges() if evaluation is not None else 0
    if budget.first_tier(graph, labels) != "full":
        return budget.CHEAP_SETTINGS
    if graph.number_of_nodes() > budget.LARGE_GRAPH_NODES:
        return budget.LARGE_GRAPH_SETTINGS
    return ()


def _effort_comment(settings: tuple[str, ...]) -> list[str]:
    if not settings:
        return []
    return [
        "// A big graph: Graphviz's effort is turned down so dot finishes in seconds;",
        f"// delete {', '.join(s.split('=')[0] for s in settings)} below for a tighter (much slower) layout.",
    ]


def to_dot(
    graph: nx.DiGraph, evaluation: Any = None, direction: str = "LR", *, edge_labels: bool = True
) -> str:
    """The graph as DOT text, with values, gradients and local derivatives when evaluated.

    Parameters
    ----------
    graph:
        A computation graph (:mod:`graphviz_app.core.graph`).
    evaluation:
        A :class:`graphviz_app.core.evaluate.Evaluation` of ``graph``, or ``None``
        to write names and symbols only.
    direction:
        ``"LR"`` or ``"TB"``, written as ``rankdir``.
    edge_labels:
        Label each scalar edge with its local derivative (needs ``evaluation``).
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, got {direction!r}")
    out = [
        "// Computation graph written by graphviz-app; restyle it freely.",
        *_effort_comment(settings := _settings(graph, evaluation if edge_labels else None)),
        "digraph computation {",
        f"graph [{', '.join([f'rankdir={direction}', *settings])}];",
    ]
    for node in graph:
        lines = _node_lines(graph, node, evaluation)
        out.append(f"{quote(node)} [label={_label(lines)}, {_node_style(graph, node, lines)}];")
    for parent, child in graph.edges:
        line = f"{quote(parent)} -> {quote(child)}"
        local = evaluation.local.get((parent, child)) if evaluation is not None and edge_labels else None
        if local is not None and np.ndim(local) == 0:
            line += f" [label={_label([f'local {format_number(local)}'])}]"
        out.append(line + ";")
    out += ordering_lines(graph, {node: quote(node) for node in graph})
    out.append("}")
    return "\n".join(out) + "\n"

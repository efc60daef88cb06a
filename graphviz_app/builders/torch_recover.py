"""Numbers PyTorch did not keep, worked out from those it did: the ``3`` of ``x * 2 + 3 - x / 4``.

An autograd node keeps what its backward pass needs. ``AddBackward0`` needs nothing
(the gradient of a sum passes through), so the value of an added number, or of a
tensor that needs no gradient, is nowhere in the graph. The walk draws a placeholder
for it and, once every node is built, :func:`resolve` works it out: the sum's value
``out`` is known where PyTorch kept it (a node that used the sum saved it, or it is
the output), or one step further down, through nodes that can be undone exactly
(``+``, ``−``, negation, a product or quotient by a number, a view): ``(x·2 + c) − x/4``
is the output, so ``x·2 + c`` is the output plus ``x/4``, and ``c`` that minus ``x·2``.
The rule that made the placeholder says how to solve for it (``c = out − a``).

Worked out in float64 from PyTorch's rounded numbers, a number is rounded to the digits
its dtype holds and made one number when every element agrees (``3``, not an array of
``3.0000001``); a named tensor with those numbers takes its place, with its name (``y``
of a hand-written ``((model(x) - y)**2).mean()``). Where nothing can be worked out the
graph is refused: nothing is drawn half.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from graphviz_app.core import graph as G
from graphviz_app.core.ops import get_op
from graphviz_app.errors import TorchError

__all__ = ["NOT_KEPT", "Pending", "forward_values", "resolve"]

NOT_KEPT = (
    "PyTorch keeps no value of a number or tensor that needs no gradient added here, and none of this "
    "node's result from which to work it out; make it a tensor with requires_grad=True "
    "(torch.tensor(3.0, requires_grad=True)) or add it outside a function such as exp, tanh or sigmoid"
)
MAX_STEPS = 64
"""How far below a sum the walk looks for a value PyTorch kept."""


@dataclass(frozen=True)
class Pending:
    """A placeholder for a number PyTorch did not keep: where it is, whose output it follows from, how."""

    node: str
    result: str
    """Our node of the autograd node that used it (its value ``out`` solves for the number)."""
    solve: Callable[[Any], Any]
    where: str
    """The autograd node's name, for the message when nothing solves it."""


def resolve(
    g: nx.DiGraph,
    values: dict[str, Any],
    pending: list[Pending],
    known: Mapping[str, Callable[[], Any]],
    settle: Callable[[Pending, Any], None],
) -> None:
    """Work out every pending number, first the ones nearest the inputs; ``settle`` writes each into the graph.

    ``known`` maps our nodes to PyTorch's values of them (read when asked). ``values`` are
    every node's, recomputed after each number is settled.
    """
    for item in pending:
        out = _true_value(g, values, known, item.result)
        if out is None:
            raise TorchError(f"{item.where}: {NOT_KEPT}")
        settle(item, np.asarray(item.solve(out), dtype=float))
        forward_values(g, values)


def forward_values(g: nx.DiGraph, values: dict[str, Any]) -> None:
    """Every op node's value again, from the leaves' (in ``values``) and the constants' in the graph."""
    with np.errstate(all="ignore"):
        for node in G.topological_order(g):
            data = g.nodes[node]
            if data[G.KIND] == G.OPNODE:
                values[node] = get_op(data[G.OP]).forward(*(values[p] for p in G.parents(g, node)))
            elif data[G.KIND] == G.CONST:
                values[node] = data[G.VALUE]


def _true_value(
    g: nx.DiGraph, values: Mapping[str, Any], known: Mapping[str, Callable[[], Any]], node: str
) -> Any:
    """PyTorch's value of ``node``: kept, or undone from a value kept a few exact steps further down."""
    path = [node]
    while path[-1] not in known:
        step = next((c for c in g.successors(path[-1]) if _undo(g, values, path[-1], c) is not None), None)
        if step is None or len(path) > MAX_STEPS:
            return None
        path.append(step)
    value = known[path[-1]]()
    for child, parent in zip(reversed(path), list(reversed(path))[1:]):
        undo = _undo(g, values, parent, child)
        assert undo is not None
        value = undo(value)
    return value


def _undo(g: nx.DiGraph, values: Mapping[str, Any], parent: str, child: str) -> Callable[[Any], Any] | None:
    """How ``parent``'s value follows from ``child``'s, when ``child`` can be undone exactly; else None."""
    op = g.nodes[child][G.OP]
    args = G.parents(g, child)
    if args.count(parent) != 1:
        return None
    position = args.index(parent)
    others = [values[a] for a in args if a != parent]
    if not all(np.all(np.isfinite(v)) for v in others):
        return None  # another number still to be worked out
    shape = np.shape(values[parent])
    if op == "add":
        return lambda out: out - others[0]
    if op == "sub":
        return (lambda out: out + others[0]) if position == 0 else (lambda out: others[0] - out)
    if op == "neg":
        return lambda out: -out
    if op == "mul" and np.all(others[0] != 0):
        return lambda out: out / others[0]
    if op == "div" and position == 0:
        return lambda out: out * others[0]
    if op == "reshape" and position == 0:
        return lambda out: np.reshape(out, shape)
    return None

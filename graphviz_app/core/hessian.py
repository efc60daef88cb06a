"""Second derivatives: the chain rule applied twice.

The backward graph (:mod:`.backward_graph`) computes ∂f/∂x as a node. Its own
backward pass, started at that node, gives ∂/∂v (∂f/∂x) = ∂²f/∂x∂v for every leaf
v at once: one row of the Hessian per input ("reverse over reverse"). A
Hessian-vector product H·v needs only one such pass, started at the node
Σ_x (∂f/∂x)·v_x, which is how the curvature of a network's loss along its
gradient is found without the whole Hessian.

:func:`hessian_check` compares each row with central differences of the
gradient, as :func:`~graphviz_app.core.gradcheck.gradcheck` does for the gradient.

Examples
--------
>>> import graphviz_app.core
>>> from graphviz_app.core import graph as G
>>> g = G.new_graph()
>>> x, y = G.add_leaf(g, "x", 3.0), G.add_leaf(g, "y", 4.0)
>>> _ = G.add_op(g, "mul", [G.add_op(g, "mul", [x, x]), y])
>>> h = hessian(g)
>>> h.matrix["x"]["x"], h.matrix["x"]["y"], h.matrix["y"]["y"]
(8.0, 6.0, 0.0)
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from graphviz_app.core import graph as G
from graphviz_app.core.backward_graph import BackwardGraph, shared_backward_graph
from graphviz_app.core.evaluate import evaluate
from graphviz_app.core.gradcheck import TOLERANCE, GradCheck
from graphviz_app.errors import GraphError

__all__ = ["MAX_HESSIAN_INPUTS", "MAX_SECOND_ORDER_NODES", "Hessian", "hessian", "hessian_check", "hvp"]

MAX_HESSIAN_INPUTS = 50
"""A full Hessian is one backward pass per input; more inputs than this are refused."""
MAX_SECOND_ORDER_NODES = 20_000
"""The backward graph is a few times the forward graph; bigger forward graphs are refused."""


@dataclass(frozen=True)
class Hessian:
    """∂²f/∂a∂b for every pair of the leaves ``wrt``: ``matrix[a][b]``."""

    wrt: tuple[str, ...]
    matrix: dict[str, dict[str, float]]
    backward: BackwardGraph

    def array(self) -> np.ndarray:
        return np.array([[self.matrix[a][b] for b in self.wrt] for a in self.wrt], dtype=float)


def check_size(g: nx.DiGraph, wrt: Sequence[str] = ()) -> None:
    """Refuse graphs too big for second derivatives, with a message saying what to do."""
    if g.number_of_nodes() > MAX_SECOND_ORDER_NODES:
        raise GraphError(
            f"second derivatives are limited to graphs of {MAX_SECOND_ORDER_NODES:,} nodes; this one has "
            f"{g.number_of_nodes():,} (use a smaller network)"
        )
    if len(wrt) > MAX_HESSIAN_INPUTS:
        raise GraphError(
            f"a Hessian over {len(wrt)} inputs is {len(wrt)} backward passes; at most "
            f"{MAX_HESSIAN_INPUTS} inputs are supported"
        )


def default_wrt(g: nx.DiGraph) -> list[str]:
    """The inputs of an expression or network (not its parameters or targets)."""
    return [n for n in G.leaves(g) if g.nodes[n][G.KIND] == G.INPUT]


def hessian(
    g: nx.DiGraph,
    values: Mapping[str, Any] | None = None,
    wrt: Sequence[str] | None = None,
    output: str | None = None,
    backward: BackwardGraph | None = None,
) -> Hessian:
    """The Hessian of ``output`` over the leaves ``wrt`` (default: the inputs)."""
    wrt = tuple(default_wrt(g) if wrt is None else [G.find_node(g, w) for w in wrt])
    check_size(g, wrt)
    bg = backward or shared_backward_graph(g, output, values)
    matrix: dict[str, dict[str, float]] = {}
    for a in wrt:
        ev = evaluate(bg.graph, values, output=bg.gradients[a])
        matrix[a] = {b: float(ev.grads[b]) for b in wrt}
    return Hessian(wrt, matrix, bg)


def hvp(
    g: nx.DiGraph,
    direction: Mapping[str, float],
    values: Mapping[str, Any] | None = None,
    output: str | None = None,
    backward: BackwardGraph | None = None,
) -> dict[str, float]:
    """H·v for the direction ``v`` (leaf -> number): one backward pass of the backward graph.

    The backward graph gets one more node, s = Σ (∂f/∂leaf)·v_leaf; its gradient
    ∂s/∂u = Σ ∂²f/∂u∂leaf · v_leaf is row u of H·v. That graph depends on the
    graph and on which leaves ``v`` names, not on the numbers: it is built once
    (with the backward graph, :func:`~.backward_graph.shared_backward_graph`)
    and each call evaluates it with ``v``'s numbers in its constants.
    """
    check_size(g)
    bg = backward or shared_backward_graph(g, output, values)
    product = _product_graph(bg, tuple(direction))
    if product is None:
        return {}
    h, total, weights = product
    numbers = {**(values or {}), **{node: float(v) for node, v in zip(weights, direction.values())}}
    ev = evaluate(h, numbers, output=total)
    return {leaf: float(ev.grads[leaf]) for leaf in direction}


# backward graph -> the leaves of a direction -> (the graph with s, s, the constant holding each v_leaf)
_PRODUCTS: weakref.WeakKeyDictionary[nx.DiGraph, dict[tuple[str, ...], tuple | None]] = (
    weakref.WeakKeyDictionary()
)


def _product_graph(bg: BackwardGraph, leaves: tuple[str, ...]) -> tuple[nx.DiGraph, str, list[str]] | None:
    """A copy of the backward graph with s = Σ (∂f/∂leaf)·v_leaf, the v's in constants; made once."""
    kept = _PRODUCTS.setdefault(bg.graph, {})
    if leaves not in kept:
        h = bg.graph.copy()
        total, weights = None, []
        for leaf in leaves:
            weights.append(G.add_constant(h, 1.0))
            term = G.add_op(h, "mul", [bg.gradients[leaf], weights[-1]], output=False)
            total = term if total is None else G.add_op(h, "add", [total, term], output=False)
        kept[leaves] = None if total is None else (h, total, weights)
    return kept[leaves]


def hessian_check(
    g: nx.DiGraph,
    values: Mapping[str, Any] | None = None,
    wrt: Sequence[str] | None = None,
    output: str | None = None,
    step: float = 1e-5,
    tolerance: float = TOLERANCE * 10,
) -> list[GradCheck]:
    """Each ∂²f/∂a∂b against the central difference of ∂f/∂b as a moves.

    The name of a check is ``a,b``; differences of a gradient lose about half the
    digits of the gradient, so the default tolerance is 10× the gradient check's.
    """
    h = hessian(g, values, wrt, output)
    base = {leaf: value for leaf, value in evaluate(g, values, output).values.items() if G.is_leaf(g, leaf)}
    results = []
    with np.errstate(all="ignore"):
        for a in h.wrt:
            x = float(base[a])
            d = step * max(1.0, abs(x))
            plus = evaluate(g, {**base, a: x + d}, output).grads
            minus = evaluate(g, {**base, a: x - d}, output).grads
            for b in h.wrt:
                numeric = (float(plus[b]) - float(minus[b])) / (2 * d)
                analytic = h.matrix[a][b]
                rel = abs(analytic - numeric) / max(abs(analytic), abs(numeric), 1e-6)
                if not (np.isfinite(analytic) and np.isfinite(numeric)):
                    rel = 0.0 if analytic == numeric else float("nan")
                results.append(GradCheck(f"{a},{b}", (), analytic, numeric, rel, bool(rel <= tolerance)))
    return results

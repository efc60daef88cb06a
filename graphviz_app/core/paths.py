"""The chain rule as a sum over paths, and forward-mode tangents.

For a scalar graph, the derivative of ``target`` with respect to ``source`` is

    d target / d source = Σ over every path source → … → target of
                          the product of the local derivatives along the path.

Backpropagation computes the same number without walking every path: it shares
the common suffixes. The functions here walk the paths anyway, because seeing
them is how students learn why backprop is efficient.

- :func:`count_paths` counts the paths exactly (Python integers never overflow,
  so 2^200 paths are fine) by dynamic programming over a topological order.
- :func:`iter_paths` enumerates them lazily, depth first, so the first hundred of
  2^40 paths arrive at once.
- :func:`path_terms` gives each path's factors and their product.
- :func:`forward_tangents` runs forward mode from ``source``: every node's
  d(node)/d(source), which must agree with the reverse-mode gradient at the target.

For tensor graphs the factors are Jacobian matrices (child size × parent size),
the product of a path is a matrix product, and the sum over paths, reshaped,
equals the gradient array.

Examples
--------
>>> from graphviz_app.core import graph as G
>>> from graphviz_app.core.evaluate import evaluate
>>> g = G.new_graph()
>>> t = G.add_leaf(g, "t", 0.5)
>>> x = G.add_op(g, "cos", [t], name="x")
>>> y = G.add_op(g, "sin", [t], name="y")
>>> z = G.add_op(g, "mul", [x, y], name="z")
>>> count_paths(g, "t", "z")
2
>>> ev = evaluate(g)
>>> total = sum(p.product for p in path_terms(ev, "t", "z"))
>>> bool(abs(total - ev.grads["t"]) < 1e-12)
True
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from graphviz_app.core import functions as F
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation, ieee_call, is_scalar, local_jacobian
from graphviz_app.core.ops import get_op
from graphviz_app.errors import GraphError

__all__ = [
    "PathTerm",
    "backprop_cost",
    "count_paths",
    "edge_local",
    "forward_tangents",
    "iter_paths",
    "multiply_chain",
    "path_sum",
    "path_terms",
]


@dataclass(frozen=True)
class PathTerm:
    """One path and its term of the chain-rule sum.

    ``factors[i]`` is the local derivative of the edge ``nodes[i] -> nodes[i+1]``;
    ``product`` multiplies them (as matrices for tensor graphs, in chain order).
    """

    nodes: tuple[str, ...]
    factors: tuple[Any, ...]
    product: Any

    @property
    def edges(self) -> tuple[tuple[str, str], ...]:
        return tuple(zip(self.nodes, self.nodes[1:]))


def _check(g: nx.DiGraph, source: str, target: str) -> None:
    for node in (source, target):
        if node not in g:
            raise GraphError(f"unknown node '{node}'")


def _between(g: nx.DiGraph, source: str, target: str) -> set[str]:
    """Nodes that lie on some path from source to target."""
    if source == target:
        return {source}
    down = nx.descendants(g, source) | {source}
    up = nx.ancestors(g, target) | {target}
    return down & up if target in down else set()


def count_paths(g: nx.DiGraph, source: str, target: str) -> int:
    """The exact number of directed paths from ``source`` to ``target``.

    paths(source) = 1, and for every other node, paths(node) = Σ paths(parent):
    one pass over a topological order of the nodes in between.
    """
    _check(g, source, target)
    between = _between(g, source, target)
    if not between:
        return 0
    count: dict[str, int] = {}
    for node in G.topological_order(g.subgraph(between)):
        count[node] = 1 if node == source else sum(count[p] for p in g.predecessors(node) if p in count)
    return count[target]


def paths_to(g: nx.DiGraph, target: str) -> dict[str, int]:
    """The number of paths from every node to ``target`` (0 for a node that does not reach it), at once.

    paths(target) = 1, and paths(node) = Σ paths(child): one pass over the nodes in reverse topological
    order, where :func:`count_paths` for every node would walk the graph once per node.

    >>> g = nx.DiGraph([("t", "x"), ("t", "y"), ("x", "z"), ("y", "z"), ("x", "y")])
    >>> paths_to(g, "z")["t"], count_paths(g, "t", "z")
    (3, 3)
    """
    _check(g, target, target)
    count: dict[str, int] = {}
    for node in reversed(G.topological_order(g)):
        count[node] = 1 if node == target else sum(count[c] for c in g.successors(node))
    return count


def iter_paths(g: nx.DiGraph, source: str, target: str) -> Iterator[tuple[str, ...]]:
    """Yield every path from ``source`` to ``target`` as a tuple of node ids, lazily.

    Depth first with an explicit stack (no recursion), never stepping onto a
    node that cannot reach the target, so each path costs time proportional to
    its length, however many paths there are in total.
    """
    _check(g, source, target)
    between = _between(g, source, target)
    if not between:
        return
    order = {n: i for i, n in enumerate(G.topological_order(g.subgraph(between)))}
    children = {
        n: sorted((c for c in g.successors(n) if c in between), key=order.__getitem__) for n in between
    }
    path = [source]
    stack = [iter(children[source])]
    if source == target:
        yield (source,)
        return
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            path.pop()
            continue
        if child == target:
            yield (*path, child)
            continue
        path.append(child)
        stack.append(iter(children[child]))


def edge_local(ev: Evaluation, edge: tuple[str, str]) -> Any:
    """The local derivative of one edge: a number, or a 2-D Jacobian (child size × parent size).

    Scalar edges reuse what the backward pass recorded; otherwise the derivative is
    computed here from the op's VJP (summing over every argument slot the parent fills).
    """
    parent, child = edge
    values = ev.values
    if is_scalar(values[parent]) and is_scalar(values[child]):
        if ev.local.get(edge) is not None:
            return ev.local[edge]
        g = ev.graph
        spec = get_op(g.nodes[child][G.OP])
        plist = G.parents(g, child)
        args = [values[p] for p in plist]
        with np.errstate(all="ignore"):
            return float(
                sum(
                    float(ieee_call(spec.vjp(i), F, 1.0, values[child], *args))
                    for i, p in enumerate(plist)
                    if p == parent
                )
            )
    jac = local_jacobian(ev, edge)
    if jac is None:
        raise GraphError(
            f"the Jacobian of {parent} → {child} is too large to show "
            f"({'×'.join(map(str, ev.jacobian_shape(edge)))})"
        )
    return jac.reshape(int(np.size(values[child])), int(np.size(values[parent])))


def multiply_chain(factors: list[Any]) -> Any:
    """Chain the factors source-first: for matrices, J_last @ … @ J_first.

    A number scales (the local derivative between two single numbers, or the 1 a
    product starts from), so a product built from the target back, ``multiply_chain([J,
    upstream])``, may start at 1 whatever the target's size.

    >>> multiply_chain([np.ones((2, 3)), 1.0]).shape, multiply_chain([2.0, 3.0])
    ((2, 3), 6.0)
    """
    product: Any = 1.0
    for f in factors:
        if type(f) is float and type(product) is float:  # the usual scalar case, without NumPy calls
            product = product * f
        elif is_scalar(f) or is_scalar(product):
            product = np.asarray(f) * product
        else:
            product = np.atleast_2d(f) @ np.atleast_2d(product)
    return product


def path_terms(
    ev: Evaluation, source: str, target: str | None = None, limit: int | None = None
) -> Iterator[PathTerm]:
    """Yield (lazily, at most ``limit``) each path with its factors and product."""
    g = ev.graph
    target = ev.output if target is None else target
    cache: dict[tuple[str, str], Any] = {}
    for nodes in itertools.islice(iter_paths(g, source, target), limit):
        factors = []
        for edge in itertools.pairwise(nodes):
            if edge not in cache:
                cache[edge] = edge_local(ev, edge)
            factors.append(cache[edge])
        yield PathTerm(nodes, tuple(factors), multiply_chain(factors))


def path_sum(
    ev: Evaluation, source: str, target: str | None = None, limit: int | None = None
) -> tuple[Any, int, bool]:
    """Sum of the path products. Returns (sum, paths summed, complete).

    For tensor graphs the sum is reshaped to the source's shape when the target
    is a scalar, so it compares directly with the gradient array.
    """
    total: Any = 0.0
    n = 0
    for term in path_terms(ev, source, target, limit=None if limit is None else limit + 1):
        if limit is not None and n == limit:
            return _shape_like(ev, source, total), n, False
        total = total + term.product
        n += 1
    return _shape_like(ev, source, total), n, True


def _shape_like(ev: Evaluation, source: str, total: Any) -> Any:
    if is_scalar(total):
        return float(total)
    total = np.asarray(total)
    if total.shape[0] == 1:
        return total.reshape(np.shape(ev.values[source]))
    return total


def forward_tangents(ev: Evaluation, source: str) -> dict[str, Any]:
    """Forward mode: d(node)/d(source) for every node that ``source`` reaches.

    tangent(source) = 1; in topological order, tangent(node) = Σ over parents of
    local(parent → node) · tangent(parent). Tensors carry Jacobian matrices
    (node size × source size). At the output this equals the reverse-mode gradient.
    """
    g = ev.graph
    if source not in g:
        raise GraphError(f"unknown node '{source}'")
    reach = nx.descendants(g, source) | {source}
    size = int(np.size(ev.values[source]))
    tangents: dict[str, Any] = {source: 1.0 if is_scalar(ev.values[source]) else np.eye(size)}
    for node in ev.order:
        if node == source or node not in reach:
            continue
        total: Any = 0.0
        for parent in g.predecessors(node):
            if parent in tangents:
                total = total + multiply_chain([tangents[parent], edge_local(ev, (parent, node))])
        tangents[node] = total
    return tangents


def backprop_cost(g: nx.DiGraph, source: str, target: str) -> dict[str, int]:
    """How much work each method does for d target / d source on a scalar graph.

    - ``paths``: the number of paths; walking them all needs Σ (length − 1)
      multiplications to form the products, plus ``paths − 1`` additions.
    - ``edges``: backprop visits each edge between source and target once, with one
      multiplication per edge and one addition per extra incoming contribution.
    """
    between = _between(g, source, target)
    sub = g.subgraph(between)
    edges = sub.number_of_edges()
    # Σ over paths of their length, by dynamic programming as in count_paths.
    count: dict[str, int] = {}
    length_sum: dict[str, int] = {}
    for node in G.topological_order(sub) if between else []:
        if node == source:
            count[node], length_sum[node] = 1, 0
            continue
        preds = [p for p in sub.predecessors(node) if p in count]
        count[node] = sum(count[p] for p in preds)
        length_sum[node] = sum(length_sum[p] + count[p] for p in preds)
    paths = count.get(target, 0)
    edges_on_paths = length_sum.get(target, 0)
    return {
        "paths": paths,
        "path_multiplications": max(edges_on_paths - paths, 0),
        "edges": edges,
        "backprop_multiplications": edges,
    }

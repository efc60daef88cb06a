"""What the paths from a source to a target are, kept while only the numbers change.

Editing a weight changes every path's product but not a single path: the count,
the cost of each method, the nodes in between and the paths listed so far belong to
the graph's structure. :func:`route` works them out once per graph (a new graph is a
new structure) and :class:`~graphviz_app.session.paths.sum_over_paths.PathSum` asks it again for
every evaluation, so an edit costs the new numbers only.

The numbers come from the dynamic programme that counts the paths
(:func:`~graphviz_app.core.paths.count_paths`), carried with products instead of
ones: for a scalar graph, the sum over every path of its product, and the sum of
their magnitudes, are one pass over the edges in between (:func:`scalar_sums`), as
the count is. Each path's term is made only when a list shows it (:func:`scalar_term`).

Examples
--------
>>> from graphviz_app.session.state.session import Session
>>> s = Session()
>>> s.open_source("example:multipath")
>>> r = route(s.graph, "t", s.evaluation.output)
>>> r.count, r is route(s.graph, "t", s.evaluation.output), len(r.path(2))
(3, True, 4)
>>> total, scale = scalar_sums(s.evaluation, r)
>>> bool(abs(total - s.evaluation.grads["t"]) < 1e-12)
True
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Iterator
from typing import Any

import networkx as nx

from graphviz_app.core.evaluate import Evaluation, is_scalar
from graphviz_app.core.paths import PathTerm, backprop_cost, count_paths, edge_local, iter_paths

__all__ = ["Route", "route", "scalar_sums", "scalar_term"]

Edge = tuple[str, str]


class Route:
    """The paths from ``source`` to ``target`` in ``g``: their count, listed lazily, their cost."""

    def __init__(self, g: nx.DiGraph, source: str, target: str) -> None:
        self.graph, self.source, self.target = g, source, target
        self.count = count_paths(g, source, target)
        self._paths: list[tuple[str, ...]] = []
        self._walk: Iterator[tuple[str, ...]] | None = None
        self._cost: dict[str, int] | None = None
        self._between: list[Edge] | None = None
        self.scalar: bool | None = None
        """Whether every value on the way is a number (not a tensor); None until asked."""

    def path(self, k: int) -> tuple[str, ...]:
        """The ``k``-th path (0 for the first), as node ids from the source to the target."""
        if k >= len(self._paths):
            if self._walk is None:
                self._walk = iter_paths(self.graph, self.source, self.target)
            self._paths.extend(itertools.islice(self._walk, k + 1 - len(self._paths)))
        return self._paths[k]

    def cost(self) -> dict[str, int]:
        """Multiplications of each method (see :func:`~graphviz_app.core.paths.backprop_cost`)."""
        if self._cost is None:
            self._cost = backprop_cost(self.graph, self.source, self.target)
        return self._cost

    def edges(self, order: list[str]) -> list[Edge]:
        """The edges on some path, in the topological ``order`` of their heads (made once)."""
        if self._between is None:
            g, source, target = self.graph, self.source, self.target
            down = nx.descendants(g, source) | {source}
            up = nx.ancestors(g, target) | {target}
            inside = down & up if target in down else set()
            self._between = [
                (p, n) for n in order if n in inside and n != source for p in g.predecessors(n) if p in inside
            ]
        return self._between


_ROUTES: weakref.WeakKeyDictionary[nx.DiGraph, dict[Edge, Route]] = weakref.WeakKeyDictionary()


def route(g: nx.DiGraph, source: str, target: str) -> Route:
    """The :class:`Route` from ``source`` to ``target`` in ``g``, made once per graph object.

    A graph's structure does not change once built (a new source, view or layer is a
    new graph), so its routes are kept for as long as it lives.
    """
    kept = _ROUTES.setdefault(g, {})
    found = kept.get((source, target))
    if found is None:
        found = kept[(source, target)] = Route(g, source, target)
    return found


def scalar_sums(ev: Evaluation, r: Route) -> tuple[float, float] | None:
    """The sum over every path of its product, and of the products' magnitudes; ``None`` for tensors.

    S(source) = 1 and S(node) = Σ S(parent) · ∂node/∂parent over the parents on a path;
    every path's product is a term of S(target) exactly once, multiplied in the same
    order as along the path. The magnitudes go the same way with |∂node/∂parent|.
    """
    edges = r.edges(ev.order)
    if r.scalar is None:  # shapes belong to the structure: asked once
        values = ev.values
        r.scalar = all(is_scalar(values[n]) for edge in edges for n in edge)
    if not r.scalar:
        return None
    total: dict[str, float] = {r.source: 1.0}
    scale: dict[str, float] = {r.source: 1.0}
    local = ev.local
    for edge in edges:
        parent, node = edge
        factor = local.get(edge)
        if factor is None:
            factor = edge_local(ev, edge)
        total[node] = total.get(node, 0.0) + total[parent] * factor
        scale[node] = scale.get(node, 0.0) + scale[parent] * abs(factor)
    if r.target not in total:
        return (1.0, 1.0) if r.source == r.target else (0.0, 0.0)
    return total[r.target], scale[r.target]


def scalar_term(ev: Evaluation, nodes: tuple[str, ...], cache: dict[Edge, Any]) -> PathTerm:
    """One path's factors and product on a scalar graph, as :func:`~graphviz_app.core.paths.path_terms`
    makes it (``cache`` keeps the local derivatives looked up so far)."""
    factors = []
    product: Any = 1.0
    for edge in itertools.pairwise(nodes):
        factor = cache.get(edge)
        if factor is None:
            factor = cache[edge] = edge_local(ev, edge)
        factors.append(factor)
        product = product * factor
    return PathTerm(nodes, tuple(factors), product)

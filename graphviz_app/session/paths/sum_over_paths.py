"""The chain rule as a sum over paths, ready to show: what the paths and accumulation panels display.

For a scalar graph the derivative of a target with respect to a source is a sum
with one term per path from the source to the target; each term multiplies the
local derivatives ∂child/∂parent along its path::

    ∂z/∂t = Σ over paths of ∂z/∂… · … · ∂…/∂t

:class:`PathSum` holds one (source, target) pair. It counts the paths exactly at
once (dynamic programming, :func:`~graphviz_app.core.paths.count_paths`) and
enumerates them lazily, as a list shows them, so a network with 2^40 paths shows its
first hundred immediately. On a scalar graph the same programme, carried with the
local derivatives, adds every path's product at once; the paths themselves belong to
the graph and are kept across evaluations (:mod:`.path_routes`). Each :class:`PathRow` writes its factors in chain
order, from the target back to the source, with their numbers (negatives in
parentheses). The sum of the products is compared with the backprop gradient;
above :data:`SUM_LIMIT` paths only the ones listed are summed.

:mod:`graphviz_app.session.paths.accumulation` shows the same rule from a node's
point of view.

:mod:`.path_rows` writes one path; :mod:`.path_slides` writes the sum for a slide;
:mod:`.path_widths` explains a network's count by its layer widths. :func:`paths_report`
is the report the CLI prints, from the same sum and with the same test of agreement.

Examples
--------
>>> from graphviz_app.session.state.session import Session
>>> s = Session()
>>> s.open_source("example:multipath")
>>> ps = PathSum(s.evaluation, "t")
>>> ps.count, ps.fetch()[0].text
(3, '∂z/∂(x²) · ∂(x²)/∂x · ∂x/∂t = 1 × 1.755 × (−0.4794) = −0.8415')
>>> total = ps.total()
>>> total.complete, summarize(total.sum), total.agree
(True, '−0.3012', True)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation, evaluate, is_scalar
from graphviz_app.core.paths import forward_tangents, path_terms
from graphviz_app.errors import GraphError
from graphviz_app.session.paths.routes import route, scalar_sums, scalar_term
from graphviz_app.session.paths.rows import Edge, PathRow
from graphviz_app.session.prose.captions import Captions
from graphviz_app.text.latex import latex_name
from graphviz_app.text.numbers import count_text, factor_text, summarize

__all__ = [
    "LIST_LIMIT",
    "MODE_ADVICE",
    "PAGE",
    "RTOL",
    "SUM_LIMIT",
    "TANGENT_ELEMENT_LIMIT",
    "TANGENT_NODE_LIMIT",
    "PathSum",
    "PathTotal",
    "TangentRow",
    "agree",
    "default_source",
]

PAGE = 100
"""Paths listed at a time."""
SUM_LIMIT = 10_000
"""Up to this many paths all are summed; beyond, only the paths listed."""
LIST_LIMIT = 10_000
"""Paths listed at most: each listed path keeps its nodes, factors and texts in memory, and 2^60
paths would never end. The count and backprop's gradient are exact without listing any."""
TANGENT_NODE_LIMIT = 3000
"""Forward-mode tangents are computed for graphs of at most this many nodes."""
TANGENT_ELEMENT_LIMIT = 1_000_000
"""…and when the tangent matrices (node size × source size) hold at most this many numbers."""
MODE_ADVICE = (
    "Forward mode carries d(node)/d(source) forward from one input: one pass per input, "
    "cheap with few inputs and many outputs. Reverse mode (backprop) carries ∂target/∂node "
    "back from one output: one pass per output, cheap for one loss and many parameters."
)
RTOL = 1e-9
"""Relative tolerance of :func:`agree`: sums of thousands of products round differently."""


@dataclass(frozen=True)
class PathTotal:
    """The sum of the path products next to the backprop gradient."""

    sum: Any
    summed: int
    complete: bool
    gradient: Any
    agree: bool | None  # None when only some paths were summed

    @property
    def verdict(self) -> str:
        """``✓ they agree``, ``✗ they differ``, or why they cannot be compared (nan, or not all summed)."""
        if not self.complete:
            return "not all paths are summed"
        if (
            np.isnan(np.asarray(self.sum, dtype=float)).any()
            or np.isnan(np.asarray(self.gradient, dtype=float)).any()
        ):
            return "⚠ not a number: nothing to compare"
        return "✓ they agree" if self.agree else "✗ they differ"


@dataclass(frozen=True)
class TangentRow:
    """One node of the forward/reverse comparison: d(node)/d(source) and ∂target/∂node."""

    node: str
    name: str
    tangent: Any
    adjoint: Any


def _magnitude(x: Any) -> float:
    return abs(x) if type(x) is float else float(np.sum(np.abs(x)))


def agree(a: Any, b: Any, scale: float = 0.0) -> bool:
    """Whether the sum over paths ``a`` equals the backprop gradient ``b``, up to rounding.

    ``scale`` is the sum of the products' magnitudes: terms that cancel leave rounding of
    that size. The one test of agreement, for the GUI and the CLI. A nan is no number,
    so nan never agrees with anything, not even another nan.

    >>> agree(0.1 + 0.2, 0.3), agree(1.0, 1.001), agree(float("nan"), float("nan"))
    (True, False, False)
    >>> agree(float("-inf"), float("-inf"), float("inf"))  # an infinite product: no infinite tolerance
    True
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if np.isnan(a).any() or np.isnan(b).any():
        return False
    atol = 1e-12 * max(1.0, scale) if np.isfinite(scale) else 0.0
    return bool(np.allclose(a, b, rtol=RTOL, atol=atol))


class PathSum:
    """The paths from ``source`` to ``target`` in an evaluation, listed lazily, with their sum.

    Parameters
    ----------
    ev:
        The session's evaluation. When ``target`` is not its output, the graph is
        evaluated again with ``target`` as the output, so the gradient compared
        with the sum is ∂target/∂source.
    source, target:
        Node ids; ``target`` defaults to the output.
    names:
        The captions' names of the nodes (built from ``ev`` when not given).
    sum_limit:
        Sum all paths up to this many; beyond, only the ones listed.

    Raises
    ------
    GraphError
        For an unknown node, or a constant source (it has no gradient).
    """

    def __init__(
        self,
        ev: Evaluation,
        source: str,
        target: str | None = None,
        *,
        names: Captions | None = None,
        sum_limit: int = SUM_LIMIT,
    ) -> None:
        g = ev.graph
        target = ev.output if target is None else target
        for node in (source, target):
            if node not in g:
                raise GraphError(f"unknown node '{node}'")
        self.names = names if names is not None and names.ev is ev else Captions(ev)
        self.graph, self.source, self.target, self.sum_limit = g, source, target, sum_limit
        self.route = route(g, source, target)  # the same paths for every evaluation of g (see .path_routes)
        self.count = self.route.count
        if self.count and target != ev.output:
            ev = evaluate(g, {n: ev.values[n] for n in G.leaves(g)}, output=target)
        self.ev = ev
        self.source_shape = tuple(np.shape(ev.values[source]))
        if self.count and ev.grads.get(source) is None:
            raise GraphError(
                f"'{self.names.name(source)}' is a constant: it has no gradient and no paths "
                "to follow; choose an input or a parameter"
            )
        grad = ev.grads.get(source) if self.count else None
        self.gradient = grad if grad is not None else self._as_gradient(0.0)
        self.rows: list[PathRow] = []
        self.listed = 0
        """How many paths a list shows: summed at least, when there are too many to sum all."""
        self._prefix: list[Any] = [0.0]  # _prefix[k]: the sum of the first k products
        self._abs: list[float] = [0.0]
        self._sums = scalar_sums(ev, self.route) if self.count else (0.0, 0.0)  # None: a tensor graph
        self._terms = (
            path_terms(ev, source, target)
            if self._sums is None
            else (scalar_term(ev, self.route.path(k), {}) for k in range(self.count))
        )
        self._total: PathTotal | None = None
        self._texts: dict[Edge, tuple[str, str]] = {}  # edge -> (∂child/∂parent, its number)

    # --- names -----------------------------------------------------------------------------------

    def name(self, node: str) -> str:
        return self.names.name(node)

    @property
    def derivative(self) -> str:
        """``∂z/∂t``."""
        return f"∂{self.names.d(self.target)}/∂{self.names.d(self.source)}"

    @property
    def latex_derivative(self) -> str:
        return (
            rf"\frac{{\partial {latex_name(self.names.d(self.target))}}}"
            rf"{{\partial {latex_name(self.names.d(self.source))}}}"
        )

    # --- listing -----------------------------------------------------------------------------------

    @property
    def listable(self) -> int:
        """How many paths can be listed: all of them, or the first :data:`LIST_LIMIT`."""
        return min(self.count, LIST_LIMIT)

    @property
    def has_more(self) -> bool:
        return len(self.rows) < self.listable

    def check_listing(self, n: int, option: str) -> None:
        """Refuse a request (``option`` ``n``) to list more than :data:`LIST_LIMIT` paths."""
        if min(n, self.count) > LIST_LIMIT:
            raise GraphError(
                f"{option} {n:,}: {self.derivative} has {count_text(self.count)} paths and at most "
                f"{LIST_LIMIT:,} are listed (the count and backprop's gradient need none of them): "
                f"give {option} {LIST_LIMIT:,} or less"
            )

    def fetch(self, n: int = PAGE) -> list[PathRow]:
        """List the next ``n`` paths (fewer at the end, none past :data:`LIST_LIMIT`); returns the new rows."""
        n = max(0, min(n, LIST_LIMIT - len(self.rows)))
        new = [self._row(len(self.rows) + i, term) for i, term in enumerate(itertools.islice(self._terms, n))]
        for row in new:
            self.rows.append(row)
            self._prefix.append(self._prefix[-1] + row.product)
            self._abs.append(self._abs[-1] + _magnitude(row.product))
        return new

    def ensure(self, n: int) -> None:
        """Make sure the first ``n`` paths (or all there are) are listed."""
        if n > len(self.rows):
            self.fetch(n - len(self.rows))

    def row(self, k: int) -> PathRow:
        """The ``k``-th path written out (listing the paths before it first)."""
        self.ensure(k + 1)
        return self.rows[k]

    def length(self, k: int) -> int:
        """How many factors the ``k``-th path has, without writing it out."""
        if self._sums is None:
            return len(self.row(k).factors)
        return len(self.route.path(k)) - 1

    def _row(self, index: int, term) -> PathRow:
        nodes = term.nodes
        edges = list(itertools.pairwise(nodes))[::-1]
        if not edges:  # the source is the target: one path of no edges, product 1
            d = self.names.d(nodes[0])
            return PathRow(
                index, nodes, (), term.product, (self.names.name(nodes[0]),), (f"∂{d}/∂{d}",), ("1",)
            )
        for edge, factor in zip(edges, term.factors[::-1]):
            if edge not in self._texts:
                parent, child = edge
                self._texts[edge] = (f"∂{self.names.d(child)}/∂{self.names.d(parent)}", factor_text(factor))
        texts = [self._texts[e] for e in edges]
        return PathRow(
            index,
            nodes,
            term.factors,
            term.product,
            tuple(self.names.name(n) for n in nodes),
            tuple(t[0] for t in texts),
            tuple(t[1] for t in texts),
        )

    # --- sums ----------------------------------------------------------------------------------------

    def _as_gradient(self, total: Any) -> Any:
        """A sum of path products shaped like the gradient of the source.

        For tensors a product is a matrix (target size × source size); backprop seeds a
        tensor target with ones, so its rows add up.
        """
        if is_scalar(total) and not self.source_shape:
            return float(total)
        if is_scalar(total):
            return np.full(self.source_shape, float(total))
        summed = np.atleast_2d(np.asarray(total, dtype=float)).sum(axis=0).reshape(self.source_shape)
        return float(summed) if not self.source_shape else summed

    def running_sum(self, k: int) -> Any:
        """The sum of the first ``k`` path products (listing more paths if needed)."""
        self.ensure(k)
        return self._as_gradient(self._prefix[min(k, len(self.rows))])

    def total(self) -> PathTotal:
        """All paths summed when there are at most ``sum_limit``, else the ones listed so far."""
        if self.count > self.sum_limit:
            self.ensure(self.listed)
            k = len(self.rows)
            return PathTotal(self._as_gradient(self._prefix[k]), k, False, self.gradient, None)
        if self._total is None:
            total: Any = 0.0
            scale = 0.0
            if self.count <= len(self.rows):
                total, scale = self._prefix[self.count], self._abs[self.count]
            elif self._sums is not None:  # every path at once, by the counting programme (see .path_routes)
                total, scale = self._sums
            else:
                for term in path_terms(self.ev, self.source, self.target):
                    total = total + term.product
                    scale += _magnitude(term.product)
            shaped = self._as_gradient(total)
            same = agree(shaped, self.gradient, scale)
            self._total = PathTotal(shaped, self.count, True, self.gradient, same)
        return self._total

    def running_text(self, k: int) -> str:
        """``after 2 of 3 paths: sum −1.071 … backprop gradient −0.3012``."""
        k = max(0, min(k, self.count))
        partial = summarize(self.running_sum(k))
        gradient = summarize(self.gradient)
        if k == self.count:
            ok = agree(self.running_sum(k), self.gradient, self._abs[min(k, len(self.rows))])
            return (
                f"after all {count_text(self.count)} paths: sum {partial} "
                f"{'=' if ok else '≠'} backprop gradient {gradient}"
            )
        return f"after {k:,} of {count_text(self.count)} paths: sum {partial} … backprop gradient {gradient}"

    # --- why backprop wins -------------------------------------------------------------------------------

    def cost(self) -> dict[str, int]:
        """Multiplications of each method (see :func:`~graphviz_app.core.paths.backprop_cost`)."""
        return self.route.cost()

    def cost_text(self) -> str:
        """What each method costs, in words, for the panel's line beside the count."""
        c = self.cost()

        def times(n: int) -> str:
            return f"{count_text(n)} multiplication{'' if n == 1 else 's'}"

        text = (
            f"Backprop visits {c['edges']:,} edge{'s' if c['edges'] != 1 else ''}: "
            f"{times(c['backprop_multiplications'])}. Walking every path: "
            f"{times(c['path_multiplications'])}."
        )
        if c["path_multiplications"] <= c["backprop_multiplications"]:
            text += (
                " On a graph this small walking is no dearer, but paths multiply with depth "
                "while edges only add up."
            )
        return text

    def tangent_table(self) -> list[TangentRow]:
        """Forward-mode tangents next to reverse-mode adjoints, for the nodes on the paths.

        Raises GraphError when the graph or the tangent matrices are too big to compute here.
        """
        g, ev = self.graph, self.ev
        if g.number_of_nodes() > TANGENT_NODE_LIMIT:
            raise GraphError(
                f"the graph has {g.number_of_nodes():,} nodes; forward-mode tangents are "
                f"computed here for at most {TANGENT_NODE_LIMIT:,}"
            )
        reach = nx.descendants(g, self.source) | {self.source}
        source_size = int(np.prod(self.source_shape, dtype=object))
        elements = source_size * sum(int(np.size(ev.values[n])) for n in reach)
        if elements > TANGENT_ELEMENT_LIMIT:
            raise GraphError(
                f"the tangents would hold {elements:,} numbers (every node's size × the size of "
                f"{self.name(self.source)}); the limit here is {TANGENT_ELEMENT_LIMIT:,}"
            )
        if not self.count:
            return []
        tangents = forward_tangents(ev, self.source)
        between = reach & (nx.ancestors(g, self.target) | {self.target})
        return [
            TangentRow(n, self.name(n), self._as_tangent(n, tangents[n]), ev.grads[n])
            for n in ev.order
            if n in between
        ]

    def _as_tangent(self, node: str, tangent: Any) -> Any:
        """d(node)/d(source): for a scalar source, an array of the node's shape; else a Jacobian matrix."""
        if is_scalar(tangent) or self.source_shape:
            return tangent
        return np.asarray(tangent).reshape(np.shape(self.ev.values[node]))


def default_source(g: nx.DiGraph, selection: Any = None) -> str | None:
    """The selected input, weight or target; else the first input; else the first leaf."""
    if (
        isinstance(selection, str)
        and selection in g
        and g.nodes[selection][G.KIND] in (G.INPUT, G.PARAM, G.TARGET)
    ):
        return selection
    for kinds in ((G.INPUT,), (G.INPUT, G.PARAM, G.TARGET)):
        found = G.leaves(g, kinds)
        if found:
            return found[0]
    return None

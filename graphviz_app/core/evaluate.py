"""Forward and backward passes, with a record of every number on every edge.

This module is the chain rule written as code. Read it top to bottom: the
forward pass, the backward pass, then :func:`evaluate`, which runs both.

**The forward pass** visits the nodes in topological order, every argument
before the op that uses it. A leaf's value is given; an op node's value is its
op applied to its arguments' values, in argument order. Every edge carries its
parent's value forward.

**The backward pass** computes ∂f/∂n for the output f and every node n. It
starts with the seed ∂f/∂f = 1 and visits the nodes in *reverse* topological
order, so that a node is reached only after every node that uses it: its
gradient is complete by then. At each op node c (the child), for each argument
p (the parent) it computes

- ``local`` = ∂c/∂p, the op's derivative with respect to that argument;
- ``contribution`` = ∂f/∂c · ∂c/∂p (upstream × local), what the edge sends back;
- ``grad[p] += contribution``.

That ``+=`` is the multivariable chain rule, ∂f/∂p = Σ over children c of
∂f/∂c · ∂c/∂p: a value used twice (x · x, or x feeding two nodes) receives two
contributions. For tensors ∂c/∂p is a Jacobian matrix, usually too big to
build; the op's backward rule (its VJP, see :mod:`.ops`) computes upstream ·
Jacobian directly, and ``local`` stays ``None`` (:func:`local_jacobian` builds
one on request).

Which op nodes the backward pass visits, and which edges, in which order (the
*backward order*), depends on the graph's shape alone: only the nodes the
output depends on, and only those that need a gradient (constants need none).
:mod:`.plan` works it out once per structure; both passes follow it and the
:class:`Evaluation` records it, for whatever shows the backward pass.

Numbers that stop being finite (log 0, 1/0, √−1, exp 1000) never raise: they
become inf or nan as IEEE arithmetic says, and the node gets a *flag* naming
the op and the reason (:mod:`.values`). Nothing is printed.

:func:`forward_pass` and :func:`backward_pass` are the *reference*: short,
with dicts keyed by node and by edge, recomputing every number on every call.
:func:`evaluate` runs them from :mod:`.fast_passes` behind the same API: the
same :class:`Evaluation`, the same numbers to the last bit (a test checks it on
random graphs), several times faster. ``evaluate(g, reference=True)`` runs the
reference instead.

Examples
--------
>>> from graphviz_app.core import graph as G
>>> g = G.new_graph()
>>> x = G.add_leaf(g, "x", 3.0)
>>> y = G.add_op(g, "mul", [x, x])
>>> ev = evaluate(g)
>>> ev.values[y], ev.grads[x]
(9.0, 6.0)
>>> ev.contributions[x, y]  # x is used twice: 3 + 3, both positions on one edge
6.0
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from graphviz_app.core import fast_passes
from graphviz_app.core import functions as F
from graphviz_app.core import graph as G
from graphviz_app.core.mistakes import Mistake
from graphviz_app.core.ops import get_op
from graphviz_app.core.plan import BackwardOrder, backward_order
from graphviz_app.core.values import (
    GRADIENT_NOT_FINITE,
    clean,
    finite,
    given_not_finite,
    ieee_call,
    input_not_finite,
    is_scalar,
    leaf_value,
    ones_like,
    op_fault,
    zeros_like,
)

__all__ = [
    "Evaluation",
    "backward_pass",
    "evaluate",
    "forward",
    "forward_pass",
    "ieee_call",
    "is_scalar",
    "local_jacobian",
]

Edge = tuple[str, str]


@dataclass
class Evaluation:
    """Everything one forward + backward pass computed.

    Attributes
    ----------
    graph, output:
        The graph evaluated and the node differentiated.
    order:
        Topological order of all nodes.
    values:
        Node id -> value.
    grads:
        Node id -> ∂output/∂node, or ``None`` for nodes that no input,
        parameter or target reaches (constants and what is built only from them).
    local:
        Edge -> ∂child/∂parent for scalar edges (``None`` for tensor edges and for
        edges into constants; see :func:`local_jacobian`). A read-only mapping
        (from the fast passes, an :class:`~.fast_passes.EdgeNumbers`).
    contributions:
        Edge -> what the edge sends back to its parent (``None`` where no
        gradient flows). Read-only, as ``local``.
    backward:
        The order of the backward pass (:class:`~.plan.BackwardOrder`): which
        nodes need a gradient and the edges it visits, in the order it visits
        them. What shows the backward pass reads it here.
    flags:
        Node id -> list of sentences explaining nan/inf in its value or gradient.
    """

    graph: nx.DiGraph
    output: str
    order: list[str]
    values: dict[str, Any]
    grads: dict[str, Any]
    local: Mapping[Edge, Any]
    contributions: Mapping[Edge, Any]
    backward: BackwardOrder
    flags: dict[str, list[str]] = field(default_factory=dict)

    @property
    def output_value(self) -> Any:
        return self.values[self.output]

    def edge_value(self, edge: Edge) -> Any:
        """The value an edge carries forward: its parent's value."""
        return self.values[edge[0]]

    def jacobian_shape(self, edge: Edge) -> tuple[int, ...]:
        """Shape of ∂child/∂parent: child's shape followed by parent's shape."""
        parent, child = edge
        return tuple(np.shape(self.values[child])) + tuple(np.shape(self.values[parent]))

    def children_in_backward_order(self, node: str) -> list[str]:
        """Children of ``node`` in the order the backward pass visits them (the last in topological order first)."""
        return sorted(self.graph.successors(node), key=self.backward.rank.__getitem__, reverse=True)


# --- the reference passes ------------------------------------------------------------------------


def forward_pass(
    g: nx.DiGraph, overrides: Mapping[str, Any]
) -> tuple[list[str], dict[str, Any], dict[str, list[str]]]:
    """Every node's value, parents first. Returns ``(order, values, flags)``.

    ``overrides`` gives leaf values by node id or by name, in place of the
    stored ones. ``flags`` names, for each node whose value is inf or nan, why:
    a leaf given so, an argument that already was, or the op itself (log of 0).
    """
    order = G.topological_order(g)
    values: dict[str, Any] = {}
    flags: dict[str, list[str]] = {}
    with np.errstate(all="ignore"):
        for node in order:
            data = g.nodes[node]
            if G.is_leaf(g, node):
                values[node] = leaf_value(node, data, overrides)
                if not finite(values[node]):
                    flags[node] = [given_not_finite(data[G.LABEL], values[node])]
                continue
            spec = get_op(data[G.OP])
            parents = G.parents(g, node)
            values[node] = clean(ieee_call(spec.forward, *[values[p] for p in parents]))
            if not finite(values[node]):
                bad = [p for p in parents if not finite(values[p])]
                flags[node] = [
                    input_not_finite(G.label_of(g, bad[0])) if bad else op_fault(spec.title, spec.fault)
                ]
    return order, values, flags


def backward_pass(
    g: nx.DiGraph, values: Mapping[str, Any], out: str, *, mistake: Mistake | None = None
) -> tuple[dict[str, Any], dict[Edge, Any], dict[Edge, Any]]:
    """∂out/∂node for every node, and what each edge sends back. Returns ``(grads, local, contributions)``.

    Only inputs, parameters and targets, and the nodes computed from them,
    *need* a gradient: the others (constants, and what is built only from
    constants) keep ``None``. Only the nodes ``out`` depends on send anything
    back; the edges of the others keep ``None``.

    ``mistake`` (see :mod:`.mistakes`) makes one of the classic errors on purpose: it
    changes the edge's rule (a forgotten local factor, σ for σ′, a product in the
    wrong order, an outer derivative evaluated at the inner input) or the
    accumulation (``=`` for ``+=``, or a partial derivative for the total one).
    Nothing else changes.
    """
    backward = backward_order(g, out)  # which nodes need a gradient; the edges visited, in order (see .plan)
    needs = backward.needs
    grads = {node: zeros_like(values[node]) if node in needs else None for node in backward.order}
    local: dict[Edge, Any] = dict.fromkeys(g.edges)
    contributions: dict[Edge, Any] = dict.fromkeys(g.edges)
    if out not in needs:
        return grads, local, contributions
    if mistake is not None:
        mistake = mistake.prepared(g, values, out)  # what it needs of these values, worked out once
    grads[out] = ones_like(values[out])  # the seed: ∂out/∂out = 1 (a tensor output is summed)
    with np.errstate(all="ignore"):
        for child in backward.steps:  # the op nodes out depends on, the last in topological order first
            spec = get_op(g.nodes[child][G.OP])
            parents = G.parents(g, child)
            args = [values[p] for p in parents]
            ans, upstream = values[child], grads[child]  # upstream = ∂out/∂child, complete by now
            for position, parent in enumerate(parents):
                if parent not in needs or not spec.differentiable(position):
                    continue
                edge = (parent, child)
                vjp = spec.vjp(position) if mistake is None else mistake.rule(g, edge, position, spec)
                if is_scalar(ans) and is_scalar(values[parent]):
                    d = clean(ieee_call(vjp, F, 1.0, ans, *args))  # ∂child/∂parent: the rule with upstream 1
                    local[edge] = d if local[edge] is None else local[edge] + d  # x * x: both positions
                    sent = upstream * d
                else:
                    sent = clean(ieee_call(vjp, F, upstream, ans, *args))  # upstream · Jacobian, in one go
                contributions[edge] = sent if contributions[edge] is None else contributions[edge] + sent
                if mistake is not None and mistake.overwrite:
                    grads[parent] = sent  # the mistake: = keeps only the last contribution to arrive
                elif mistake is not None and parent in mistake.held_apart:
                    grads[parent] += mistake.direct_part(edge)  # the mistake: only the direct routes
                else:
                    grads[parent] += sent  # the chain rule: one += per edge
    return grads, local, contributions


# --- evaluate: both passes, recorded ----------------------------------------------------------------


def evaluate(
    g: nx.DiGraph,
    values: Mapping[str, Any] | None = None,
    output: str | None = None,
    *,
    reference: bool = False,
) -> Evaluation:
    """Run the forward pass, then the backward pass from ``output``.

    Parameters
    ----------
    g:
        A computation graph.
    values:
        Optional leaf values by id or name, overriding the stored ones.
    output:
        Node to differentiate (default: the graph's output, its single sink).
        A non-scalar output is seeded with ones, i.e. its elements are summed.
    reference:
        Run the reference passes of this module rather than :mod:`.fast_passes`
        (same numbers, to the last bit; slower).
    """
    overrides = dict(values or {})
    with np.errstate(all="ignore"):  # (the fast passes leave it to their caller)
        if reference:
            order, vals, flags = forward_pass(g, overrides)
            out = G.output_node(g) if output is None else G.find_node(g, output)
            grads, local, contributions = backward_pass(g, vals, out)
            backward = backward_order(g, out)
        else:
            out, order, vals, grads, local, contributions, backward, flags = fast_passes.forward_backward(
                g, overrides, output
            )
        if not _all_finite(grads.values()):
            for node, grad in grads.items():
                if grad is not None and not (grad - grad == 0.0 if type(grad) is float else finite(grad)):
                    flags.setdefault(node, []).append(GRADIENT_NOT_FINITE)
    return Evaluation(g, out, order, vals, grads, local, contributions, backward, flags)


def _all_finite(numbers: Any) -> bool:
    """True when the sum of these numbers (``None`` and zeros left out) is finite: then each is.

    One pass at C speed for the usual case; False says only "look one by one"
    (a sum can also overflow, and arrays of several numbers refuse to be summed so).
    NumPy's warnings are the caller's to silence.
    """
    try:
        total = sum(filter(None, numbers))
        return bool(total - total == 0.0)
    except (TypeError, ValueError):
        return False


def forward(
    g: nx.DiGraph, values: Mapping[str, Any] | None = None
) -> tuple[list[str], dict[str, Any], dict[str, list[str]]]:
    """The forward pass alone (as :func:`forward_pass`, fast). Returns ``(order, values, flags)``."""
    with np.errstate(all="ignore"):
        return fast_passes.forward_pass(g, dict(values or {}))


def local_jacobian(ev: Evaluation, edge: Edge, max_elements: int = 1_000_000) -> np.ndarray | None:
    """The full Jacobian ∂child/∂parent of one edge, shaped child.shape + parent.shape.

    Built one row at a time by pulling each basis vector of the child back through
    the op's VJP. Returns ``None`` when it would have more than ``max_elements``
    entries (a 784→128 layer on a batch is far too big to show).
    """
    parent, child = edge
    shape = ev.jacobian_shape(edge)
    if int(np.prod(shape, dtype=object)) > max_elements:
        return None
    g = ev.graph
    spec = get_op(g.nodes[child][G.OP])
    parent_list = G.parents(g, child)
    args = [ev.values[p] for p in parent_list]
    ans = ev.values[child]
    child_shape = np.shape(ans)
    rows = []
    with np.errstate(all="ignore"):
        for i in range(int(np.prod(child_shape, dtype=int))):
            basis = np.zeros(child_shape)
            basis.flat[i] = 1.0
            row = np.zeros(np.shape(ev.values[parent]))
            for position, p in enumerate(parent_list):
                if p == parent:
                    row = row + np.asarray(
                        ieee_call(spec.vjp(position), F, basis if child_shape else 1.0, ans, *args)
                    )
            rows.append(row)
    return np.array(rows, dtype=float).reshape(shape)

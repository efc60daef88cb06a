"""Forward and backward passes, with a record of every number on every edge.

The forward pass visits nodes in topological order and computes each op node's
value from its parents' values. Every edge carries its parent's value.

The backward pass starts at the output, seeded with ∂out/∂out = 1, and visits
nodes in reverse topological order. For each edge parent -> child it records

- ``local``: the local derivative ∂child/∂parent (a number for scalar edges; for
  tensors see :func:`local_jacobian`), and
- ``contribution``: upstream × local = ∂out/∂child · ∂child/∂parent, what this
  edge sends back to the parent.

A node's gradient is the sum of the contributions it receives, one per child:
the multivariable chain rule. That ``+=`` is why a value used twice gets two
contributions.

Numbers that stop being finite (log 0, 1/0, √−1, exp 1000) never raise: they
become inf or nan as IEEE arithmetic says, and the node gets a *flag* naming the
op and the reason. Nothing is printed.

Examples
--------
>>> from graphviz_app.core import graph as G
>>> g = G.new_graph()
>>> x = G.add_leaf(g, "x", 3.0)
>>> y = G.add_op(g, "mul", [x, x])
>>> ev = evaluate(g)
>>> ev.values[y], ev.grads[x]
(9.0, 6.0)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import networkx as nx
import numpy as np

from graphviz_app.core import functions as F
from graphviz_app.core import graph as G
from graphviz_app.core.ops import get_op
from graphviz_app.errors import GraphError

__all__ = ["Evaluation", "evaluate", "forward", "backward", "local_jacobian", "is_scalar", "ieee_call"]

Edge = tuple[str, str]


def is_scalar(value: Any) -> bool:
    """True for plain numbers and 0-d arrays."""
    return np.ndim(value) == 0


def _clean(value: Any) -> Any:
    """0-d arrays become Python floats, so scalar graphs carry plain numbers."""
    if type(value) is float:
        return value
    arr = np.asarray(value, dtype=float)
    return float(arr) if arr.ndim == 0 else arr


def ieee_call(fn: Any, *args: Any) -> Any:
    """Call ``fn(*args)`` with IEEE semantics even for plain Python floats.

    Scalars travel as Python floats because they are fast, but Python raises on
    ``1.0 / 0.0`` and on ``10.0 ** 400`` where NumPy returns inf. On those two
    exceptions the call is repeated with NumPy scalars, which give inf or nan.
    """
    try:
        return fn(*args)
    except (ZeroDivisionError, OverflowError):
        return fn(*(np.float64(a) if type(a) is float else a for a in args))


def _finite(value: Any) -> bool:
    if isinstance(value, float):
        return value - value == 0.0  # False for inf and nan
    return bool(np.all(np.isfinite(value)))


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
        edges into constants; see :func:`local_jacobian`).
    contributions:
        Edge -> what the edge sends back to its parent (``None`` where no
        gradient flows).
    flags:
        Node id -> list of sentences explaining nan/inf in its value or gradient.
    """

    graph: nx.DiGraph
    output: str
    order: list[str]
    values: dict[str, Any]
    grads: dict[str, Any]
    local: dict[Edge, Any]
    contributions: dict[Edge, Any]
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
        """Children of ``node`` in the order the backward pass visits them."""
        rank = {n: i for i, n in enumerate(self.order)}
        return sorted(self.graph.successors(node), key=rank.__getitem__, reverse=True)


def _leaf_value(g: nx.DiGraph, node: str, overrides: Mapping[str, Any]) -> Any:
    data = g.nodes[node]
    for key in (node, data[G.NAME]):
        if key is not None and key in overrides:
            return _clean(overrides[key])
    if data[G.VALUE] is None:
        raise GraphError(f"no value for input '{data[G.LABEL]}': give one, e.g. {data[G.LABEL]}=1.0")
    return data[G.VALUE]


def forward(g: nx.DiGraph, values: Mapping[str, Any] | None = None,
            order: list[str] | None = None) -> tuple[list[str], dict[str, Any], dict[str, list[str]]]:
    """Compute every node's value. Returns (order, values, flags)."""
    overrides = dict(values or {})
    order = order or G.topological_order(g)
    vals: dict[str, Any] = {}
    flags: dict[str, list[str]] = {}
    nodes = g.nodes
    with np.errstate(all="ignore"):
        for node in order:
            data = nodes[node]
            if data[G.KIND] != G.OPNODE:
                vals[node] = _leaf_value(g, node, overrides)
                if not _finite(vals[node]):
                    flags[node] = [f"{data[G.LABEL]} is given as {vals[node]}"]
                continue
            args = [vals[p] for p in G.parents(g, node)]
            spec = get_op(data[G.OP])
            value = _clean(ieee_call(spec.forward, *args))
            vals[node] = value
            if not _finite(value):
                bad = [p for p in G.parents(g, node) if not _finite(vals[p])]
                if bad:
                    flags[node] = [f"not finite because its input {nodes[bad[0]][G.LABEL]} is not"]
                else:
                    flags[node] = [f"{spec.name}: {spec.fault}"]
    return order, vals, flags


def _needs_grad(g: nx.DiGraph, order: list[str]) -> set[str]:
    """Nodes that some input, parameter or target reaches."""
    needs: set[str] = set()
    for node in order:
        if G.is_differentiable(g, node) or any(p in needs for p in g.predecessors(node)):
            needs.add(node)
    return needs


def evaluate(g: nx.DiGraph, values: Mapping[str, Any] | None = None,
             output: str | None = None) -> Evaluation:
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
    """
    order, vals, flags = forward(g, values)
    out = G.output_node(g) if output is None else G.find_node(g, output)
    grads, local, contributions = backward(g, order, vals, out)
    for node, grad in grads.items():
        if grad is not None and not _finite(grad):
            flags.setdefault(node, []).append("its gradient is not finite")
    return Evaluation(g, out, order, vals, grads, local, contributions, flags)


def backward(g: nx.DiGraph, order: list[str], vals: dict[str, Any], out: str):
    """Reverse-mode pass. Returns (grads, local, contributions)."""
    needs = _needs_grad(g, order)
    upstream_of_out = nx.ancestors(g, out) | {out}
    grads: dict[str, Any] = {}
    for node in order:
        if node in needs:
            grads[node] = 0.0 if is_scalar(vals[node]) else np.zeros(np.shape(vals[node]))
        else:
            grads[node] = None
    local: dict[Edge, Any] = {}
    contributions: dict[Edge, Any] = {}
    for edge in g.edges:
        local[edge] = None
        contributions[edge] = None
    if out not in needs:
        return grads, local, contributions
    grads[out] = 1.0 if is_scalar(vals[out]) else np.ones(np.shape(vals[out]))
    nodes = g.nodes
    with np.errstate(all="ignore"):
        for node in reversed(order):
            if node not in upstream_of_out or node not in needs or nodes[node][G.KIND] != G.OPNODE:
                continue
            spec = get_op(nodes[node][G.OP])
            parent_list = G.parents(g, node)
            args = [vals[p] for p in parent_list]
            ans = vals[node]
            upstream = grads[node]
            for position, parent in enumerate(parent_list):
                if parent not in needs or not spec.differentiable(position):
                    continue  # constants, and arguments such as a class index that have no derivative
                rule = spec.vjp(position)
                edge = (parent, node)
                if is_scalar(ans) and is_scalar(args[position]):
                    piece = _clean(ieee_call(rule, F, 1.0, ans, *args))
                    local[edge] = piece if local[edge] is None else local[edge] + piece
                    sent = upstream * piece  # float * float never raises
                else:
                    sent = _clean(ieee_call(rule, F, upstream, ans, *args))
                contributions[edge] = sent if contributions[edge] is None else contributions[edge] + sent
                grads[parent] = _clean(grads[parent] + sent)
    return grads, local, contributions


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
                    row = row + np.asarray(ieee_call(spec.vjp(position), F, basis if child_shape else 1.0, ans, *args))
            rows.append(row)
    return np.array(rows, dtype=float).reshape(shape)

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

Everything that depends only on the graph's shape (the order of the nodes, each
op's arguments, which nodes need a gradient) is worked out once per graph and
reused (:class:`_Plan`), so evaluating an edited graph again costs little more
than its arithmetic. On plain floats the functions of :mod:`.functions` use
Python's ``math`` rather than NumPy, with the same IEEE results.

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

import contextlib
import threading
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from graphviz_app.core import functions as F
from graphviz_app.core import graph as G
from graphviz_app.core.ops import get_op
from graphviz_app.errors import GraphError

__all__ = ["Evaluation", "backward", "evaluate", "forward", "ieee_call", "is_scalar", "local_jacobian"]

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
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        # One sum is a quicker pass than an array of booleans: inf and nan make it
        # inf or nan; only when it is not finite (or overflowed) do we look closer.
        with np.errstate(over="ignore", invalid="ignore"):
            total = float(value.sum())
        if total - total == 0.0:
            return True
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


class _Plan:
    """The structure of one graph as the passes need it, worked out once.

    Sorting the nodes, listing each op's arguments in order, looking up its op
    and finding which nodes need a gradient depend only on the graph's shape,
    not on its numbers. Re-evaluating the same graph with new values (an edited
    weight, a training step, a gradient check) reuses all of it, so each pass is
    little more than the arithmetic itself.

    Inside the passes nodes and edges are numbered (``index``, ``edge_index``)
    and numbers live in lists: a list indexed by position is several times
    faster to read and write than a dict keyed by an edge tuple, whose hash is
    computed on every lookup. The dicts of :class:`Evaluation` are made from
    the lists at the end, in one go.

    ``entries`` holds, in topological order, ``(i, node, attributes, spec,
    argument indices)`` with ``spec`` ``None`` for leaves. ``rules[i]`` lists the
    backward rules of op node ``i`` that matter: ``(position, parent index, vjp,
    edge index)`` for each argument that has a derivative and needs a gradient.
    """

    def __init__(self, g: nx.DiGraph, size: tuple[int, int]):
        self.size = size
        self.order = G.topological_order(g)
        self.index = {node: i for i, node in enumerate(self.order)}
        self.edges: list[Edge] = list(g.edges)
        self.edge_index = {edge: k for k, edge in enumerate(self.edges)}
        index, edge_index, nodes = self.index, self.edge_index, g.nodes
        self.entries: list[tuple[int, str, dict, Any, tuple[int, ...]]] = []
        self.needs: set[str] = set()
        self.rules: dict[int, tuple[tuple[int, int, Any, int], ...]] = {}
        needs = self.needs
        vjps: dict[str, tuple[Any, ...]] = {}  # op name -> its backward rule per position (None: none)
        for i, node in enumerate(self.order):
            data = nodes[node]
            if data[G.KIND] != G.OPNODE:
                if data[G.KIND] in G.LEAF_KINDS[:3]:  # inputs, parameters and targets
                    needs.add(node)
                self.entries.append((i, node, data, None, ()))
                continue
            spec = get_op(data[G.OP])
            rules_of_op = vjps.get(spec.name)
            if rules_of_op is None:
                rules_of_op = vjps[spec.name] = tuple(spec.vjps)
            parents = G.parents(g, node)
            rules = []
            for position, parent in enumerate(parents):
                if parent in needs:
                    rule = rules_of_op[position] if position < len(rules_of_op) else None
                    if rule is not None:
                        rules.append((position, index[parent], rule, edge_index[parent, node]))
            if rules or any(p in needs for p in parents):
                needs.add(node)
            self.rules[i] = tuple(rules)
            self.entries.append((i, node, data, spec, tuple([index[p] for p in parents])))
        self._backward: dict[str, list[tuple[int, tuple[int, ...], tuple]]] = {}
        # (the plan must not hold the graph itself: the cache below would then keep every graph alive)

    def backward_steps(self, out: str) -> list[tuple[int, tuple[int, ...], tuple]]:
        """Op nodes that send a gradient back towards the leaves, in reverse order.

        Each is ``(index, argument indices, rules)``; only nodes upstream of
        ``out`` (the ones it depends on) that need a gradient take part.
        """
        steps = self._backward.get(out)
        if steps is None:
            upstream = [False] * len(self.order)
            upstream[self.index[out]] = True
            steps = []
            for i, node, _, spec, args in reversed(self.entries):
                if upstream[i]:
                    for j in args:
                        upstream[j] = True
                    if spec is not None and node in self.needs:
                        steps.append((i, args, self.rules[i]))
            self._backward[out] = steps
        return steps


class _Quiet(threading.local):
    """Whether NumPy's warnings are already silenced on this thread (see :func:`_quiet`)."""

    on = False


_QUIET = _Quiet()


def _quiet():
    """``np.errstate(all="ignore")``, or nothing when :func:`evaluate` has set it for both passes.

    Entering and leaving an errstate costs a few microseconds: for a small graph
    evaluated in a loop (training, gradient checks) that is a good part of the work.
    """
    return contextlib.nullcontext() if _QUIET.on else np.errstate(all="ignore")


_PLANS: weakref.WeakKeyDictionary[nx.DiGraph, _Plan] = weakref.WeakKeyDictionary()


def _structure_size(g: nx.DiGraph) -> tuple[int, int]:
    """Numbers of nodes and edges: a plan made for other numbers is stale.

    Counted from networkx's own adjacency dicts, which is far cheaper than
    ``g.number_of_edges()`` (that one sums the degree of every node).
    """
    return len(g), sum(map(len, g._pred.values()))


def _plan(g: nx.DiGraph) -> _Plan:
    """The graph's plan, made on first use and remade when nodes or edges were added or removed.

    Graphs are only ever grown through :mod:`graphviz_app.core.graph`, which
    adds a node and its edges together; a graph changed in any way that keeps
    both counts (rewiring an edge by hand) must be copied to be re-planned.
    """
    size = _structure_size(g)
    plan = _PLANS.get(g)
    if plan is None or plan.size != size:
        plan = _PLANS[g] = _Plan(g, size)
    return plan


def _leaf_value(node: str, data: dict, overrides: Mapping[str, Any]) -> Any:
    if overrides:
        for key in (node, data[G.NAME]):
            if key is not None and key in overrides:
                return _clean(overrides[key])
    if data[G.VALUE] is None:
        raise GraphError(f"no value for input '{data[G.LABEL]}': give one, e.g. {data[G.LABEL]}=1.0")
    return data[G.VALUE]


def _forward(g: nx.DiGraph, plan: _Plan, entries: list, overrides: Mapping[str, Any]):
    """The forward pass over ``entries``: (values by node index, flags)."""
    vals: list[Any] = [None] * len(plan.order)
    flags: dict[str, list[str]] = {}
    with _quiet():
        for i, node, data, spec, parents in entries:
            if spec is None:
                value = vals[i] = _leaf_value(node, data, overrides)
                if not _finite(value):
                    flags[node] = [f"{data[G.LABEL]} is given as {value}"]
                continue
            args = [vals[j] for j in parents]
            try:
                value = spec.forward(*args)
            except (ZeroDivisionError, OverflowError):  # as ieee_call, inlined: this loop is hot
                value = spec.forward(*(np.float64(a) if type(a) is float else a for a in args))
            if type(value) is not float:
                value = _clean(value)
            vals[i] = value
            if not (value - value == 0.0 if type(value) is float else _finite(value)):
                bad = [j for j in parents if not _finite(vals[j])]
                if bad:
                    label = g.nodes[plan.order[bad[0]]][G.LABEL]
                    flags[node] = [f"not finite because its input {label} is not"]
                else:
                    flags[node] = [f"{spec.name}: {spec.fault}"]
    return vals, flags


def forward(
    g: nx.DiGraph, values: Mapping[str, Any] | None = None, order: list[str] | None = None
) -> tuple[list[str], dict[str, Any], dict[str, list[str]]]:
    """Compute every node's value. Returns (order, values, flags)."""
    plan = _plan(g)
    if order is None:
        vals, flags = _forward(g, plan, plan.entries, dict(values or {}))
        return list(plan.order), dict(zip(plan.order, vals)), flags
    entries = [plan.entries[plan.index[n]] for n in order]
    vals, flags = _forward(g, plan, entries, dict(values or {}))
    return order, {n: vals[plan.index[n]] for n in order}, flags


def _needs_grad(g: nx.DiGraph, order: list[str]) -> set[str]:
    """Nodes that some input, parameter or target reaches."""
    return set(_plan(g).needs)


def evaluate(g: nx.DiGraph, values: Mapping[str, Any] | None = None, output: str | None = None) -> Evaluation:
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
    plan = _plan(g)
    with np.errstate(all="ignore"):  # once for both passes (they then skip their own)
        _QUIET.on = True
        try:
            vals, flags = _forward(g, plan, plan.entries, dict(values or {}))
            out = G.output_node(g) if output is None else G.find_node(g, output)
            grads, local, contributions = _backward(plan, vals, out)
        finally:
            _QUIET.on = False
    order = plan.order
    for i, grad in enumerate(grads):
        if grad is not None and not (grad - grad == 0.0 if type(grad) is float else _finite(grad)):
            flags.setdefault(order[i], []).append("its gradient is not finite")
    return Evaluation(
        g,
        out,
        list(order),
        dict(zip(order, vals)),
        dict(zip(order, grads)),
        dict(zip(plan.edges, local)),
        dict(zip(plan.edges, contributions)),
        flags,
    )


def backward(g: nx.DiGraph, order: list[str], vals: dict[str, Any], out: str):
    """Reverse-mode pass. Returns (grads, local, contributions)."""
    plan = _plan(g)
    grads, local, contributions = _backward(plan, [vals[n] for n in plan.order], out)
    index = plan.index
    return (
        {n: grads[index[n]] for n in order},
        dict(zip(plan.edges, local)),
        dict(zip(plan.edges, contributions)),
    )


_PENDING = object()  # a node that needs a gradient and has received no contribution yet


def _backward(plan: _Plan, vals: list[Any], out: str):
    """Reverse-mode pass on values by node index: (grads, local, contributions) as lists.

    A gradient starts as "nothing yet" rather than as zeros: its first
    contribution is added to 0.0 (so −0.0 becomes 0.0, exactly as ``zeros +
    contribution`` would), which spares a big array of zeros and one pass over
    it per tensor. Nodes that never receive anything get their zeros at the end.
    """
    needs = plan.needs
    grads: list[Any] = [None] * len(vals)
    for i, node in enumerate(plan.order):
        if node in needs:
            grads[i] = _PENDING
    local: list[Any] = [None] * len(plan.edges)
    contributions: list[Any] = [None] * len(plan.edges)
    if out in needs:
        o = plan.index[out]
        grads[o] = 1.0 if is_scalar(vals[o]) else np.ones(np.shape(vals[o]))
        with _quiet():
            for i, parents, rules in plan.backward_steps(out):
                args = [vals[j] for j in parents]
                ans = vals[i]
                upstream = grads[i]
                if upstream is _PENDING:  # every path from here to the output had no derivative
                    upstream = grads[i] = _zero_like(ans)
                scalar_ans = type(ans) is float or is_scalar(ans)
                for position, j, rule, k in rules:
                    arg = args[position]
                    if scalar_ans and (type(arg) is float or is_scalar(arg)):
                        # ∂node/∂parent on its own (the rule with upstream 1), then upstream × local
                        try:
                            piece = rule(F, 1.0, ans, *args)
                        except (ZeroDivisionError, OverflowError):
                            piece = ieee_call(rule, F, 1.0, ans, *args)
                        if type(piece) is not float:
                            piece = _clean(piece)
                        old = local[k]
                        local[k] = piece if old is None else old + piece
                        sent = upstream * piece  # float * float never raises
                    else:
                        sent = _clean(ieee_call(rule, F, upstream, ans, *args))
                    old = contributions[k]
                    contributions[k] = sent if old is None else old + sent
                    total = grads[j]
                    if total is _PENDING:
                        if type(sent) is float:
                            grads[j] = 0.0 + sent
                            continue
                        if np.shape(sent) != np.shape(vals[j]):
                            total = _zero_like(vals[j])  # a broadcast contribution: as zeros + sent
                        else:
                            grads[j] = _clean(np.add(sent, 0.0))
                            continue
                    total = total + sent
                    grads[j] = total if type(total) is float else _clean(total)
    for i, grad in enumerate(grads):
        if grad is _PENDING:
            grads[i] = _zero_like(vals[i])
    return grads, local, contributions


def _zero_like(value: Any) -> Any:
    return 0.0 if type(value) is float or is_scalar(value) else np.zeros(np.shape(value))


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

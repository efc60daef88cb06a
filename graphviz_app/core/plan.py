"""The plan of a graph: what the passes need to know about its shape, worked out once.

Read :mod:`.evaluate` first. Which nodes and edges the passes visit, and in
which order, depends on the graph's shape alone, never on its numbers:

- the **forward pass** visits every node in topological order
  (:func:`~.graph.topological_order`);
- a node **needs a gradient** when it is an input, a parameter or a target, or
  is computed from one; constants, and what is computed from constants alone,
  need none (their gradient stays ``None``);
- the **backward pass** from an output visits, in reverse topological order, the
  op nodes that the output depends on (the output and its ancestors) and that
  need a gradient: its *steps*. At each step it sends a contribution back along
  the edge from each argument that needs a gradient, in argument order (an
  argument used twice, as in x · x, is one edge, visited once). These edges, in
  this order, are the **backward order**. An argument whose op declares no
  derivative (the class index of a cross-entropy) keeps its place in the order;
  nothing is sent along its edge.

A :class:`Plan` works all of this out once. For one graph and output,
:func:`backward_order` hands out the :class:`BackwardOrder` that the
:class:`~.evaluate.Evaluation` records: both passes follow it, and whatever
shows the backward pass reads it there (the timeline's backward steps, the
accumulation panel's rows, the classic mistakes' ``=``).

Finding the plan of a graph (:func:`plan_of`) is one cache, looked up two ways:

1. by the graph itself, while it keeps its number of nodes and edges: an edited
   number, a training step or a gradient check re-evaluates the same graph, and
   finds its plan with one dict lookup;
2. else by the graph's **structure**: the same node ids in the same order, with
   the same kinds and ops, and the same edges with the same argument positions
   in the same order (a network rebuilt with other weights, a file reopened).
   The match is exact, not trusted: lists read off the graph's own dicts are
   compared with those of the first graph, at C speed (about 5 ms at 10,000
   nodes, against 40 ms or more to plan anew). Leaf values, names and labels are not
   part of a structure: the passes read them from each graph.

A plan holds no graph, so the cache keeps none alive; the structures of the
last :data:`KEPT_STRUCTURES` planned graphs are kept. Graphs are only ever
grown through :mod:`.graph`; a graph changed in a way that keeps both counts
(an edge rewired by hand through networkx) must be copied to be re-planned.

Examples
--------
>>> from graphviz_app.core import graph as G
>>> g = G.new_graph()
>>> x, c = G.add_leaf(g, "x", 2.0), G.add_constant(g, 3.0)
>>> y = G.add_op(g, "mul", [x, c])
>>> f = G.add_op(g, "sin", [y])
>>> order = backward_order(g, f)
>>> order.steps, order.edges
(('sin#3', 'mul#2'), (('mul#2', 'sin#3'), ('x', 'mul#2')))
>>> sorted(order.needs)
['mul#2', 'sin#3', 'x']
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from itertools import chain, compress
from operator import itemgetter
from typing import Any

import networkx as nx

from graphviz_app.core import graph as G
from graphviz_app.core.ops import get_op
from graphviz_app.core.scalar_runs import runs_of

__all__ = ["KEPT_STRUCTURES", "BackwardOrder", "Plan", "Planned", "backward_order", "plan_of", "planned"]

Edge = tuple[str, str]
KEPT_STRUCTURES = 8
"""How many structures the cache keeps for graphs that are built again (the newest ones)."""


@dataclass(frozen=True, eq=False)
class BackwardOrder:
    """The order of the backward pass of one graph from one output (see the module).

    Attributes
    ----------
    output:
        The node differentiated.
    order:
        Every node, in topological order (the forward pass's order).
    all_edges:
        Every edge, in the graph's order (``g.edges``).
    needs:
        The nodes that need a gradient.
    steps:
        The op nodes the backward pass visits, in the order it visits them.
    edges:
        ``(parent, child)`` for each edge the backward pass visits, in order: the
        edges into each step from its arguments that need a gradient.
    rank:
        Node -> its position in ``order``.
    views:
        What other layers work out from this order once, kept with it (the
        timeline's plan of steps): one per graph and output, made on first use.
    """

    output: str
    order: tuple[str, ...]
    all_edges: tuple[Edge, ...]
    needs: frozenset[str]
    steps: tuple[str, ...]
    edges: tuple[Edge, ...]
    rank: dict[str, int]
    views: dict[str, Any] = field(default_factory=dict, repr=False)


class Plan:
    """The shape of one structure of graph, as the passes need it; it holds no graph.

    ``order``, ``index`` (node -> position), ``edges`` (in ``g.edges`` order) and
    ``needs`` are in the terms of the module. For :mod:`.fast_passes`, nodes and
    edges are numbered by their position: ``leaves`` lists ``(i, node)``;
    ``ops`` lists ``(i, node, spec, argument indices, a, b)`` in topological
    order (every leaf comes before every op: Kahn's first generation is the
    nodes without arguments), with ``a``, ``b`` the indices of a binary op's
    arguments (``b`` is −1 for one argument, −2 for more); ``rules[i]`` lists,
    for op node ``i``, ``(position, argument index, vjp, edge index, shared)``
    for each argument that needs a gradient and has a derivative, ``shared``
    when the op uses that argument twice (x · x: two positions, one edge).
    ``leaf_nodes`` are the leaves' ids, in order; ``runs`` the passes of
    :mod:`.scalar_runs` for a graph whose numbers are all floats.
    """

    def __init__(self, g: nx.DiGraph):
        order, arguments = G.order_and_arguments(g)
        nodes, succ, _ = G.dicts(g)
        self.order: tuple[str, ...] = tuple(order)
        self.index = index = {node: i for i, node in enumerate(order)}
        self.edges: tuple[Edge, ...] = tuple(
            [(parent, child) for parent, kids in succ.items() for child in kids]
        )
        self.edge_index = edge_index = {edge: k for k, edge in enumerate(self.edges)}
        self.arguments = arguments
        need = [False] * len(order)
        self.leaves: list[tuple[int, str]] = []
        self.ops: list[tuple[int, str, Any, tuple[int, ...], int, int]] = []
        self.rules: dict[int, tuple[tuple[int, int, Any, int, bool], ...]] = {}
        specs: dict[str, Any] = {}
        for i, node in enumerate(order):
            data = nodes[node]
            if data[G.KIND] != G.OPNODE:
                need[i] = data[G.KIND] in (G.INPUT, G.PARAM, G.TARGET)
                self.leaves.append((i, node))
                continue
            spec = specs.get(data[G.OP]) or specs.setdefault(data[G.OP], get_op(data[G.OP]))
            args = arguments[node]
            parents = tuple([index[p] for p in args])
            rules = []
            for position, j in enumerate(parents):
                if need[j]:  # a node needs a gradient when an argument does
                    need[i] = True
                    rule = spec.vjps[position]
                    if rule is not None:  # (an argument without a derivative gets nothing)
                        rules.append(
                            (position, j, rule, edge_index[args[position], node], parents.count(j) > 1)
                        )
            self.rules[i] = tuple(rules)
            b = parents[1] if len(parents) == 2 else (-1 if len(parents) == 1 else -2)
            self.ops.append((i, node, spec, parents, parents[0], b))
        self.need = need
        self.needs = frozenset(compress(order, need))
        self._backward: dict[str, tuple[tuple[str, ...], tuple[Edge, ...], tuple]] = {}
        self.leaf_nodes = tuple([node for _, node in self.leaves])
        self._keys = dict.fromkeys(order)  # (copied, then filled: see by_node)
        self.runs = runs_of(self)  # the passes for floats only, as runs of like steps

    def by_node(self, numbers: list[Any]) -> dict[str, Any]:
        """``dict(zip(order, numbers))``, made a fifth faster: a copy of a dict of the nodes (its table
        copied whole, no string hashed), then filled in place (no table grown on the way)."""
        found = self._keys.copy()
        found.update(zip(self.order, numbers))
        return found

    def backward(self, out: str) -> tuple[tuple[str, ...], tuple[Edge, ...], tuple]:
        """``(steps, edges, program)`` of the backward pass from ``out`` (see the module).

        ``program`` is the steps as :mod:`.fast_passes` runs them: ``(index,
        argument indices, a, b, rules)`` for each (see :class:`Plan`).
        """
        found = self._backward.get(out)
        if found is None:
            need, index = self.need, self.index
            upstream = [False] * len(self.order)  # out and its ancestors that need a gradient
            upstream[index[out]] = need[index[out]]
            steps: list[str] = []
            edges: list[Edge] = []
            program: list[tuple] = []
            for i, node, _, parents, a, b in reversed(self.ops):
                if not upstream[i]:
                    continue
                for j in parents:
                    upstream[j] = need[j]
                steps.append(node)
                edges.extend((p, node) for p in dict.fromkeys(self.arguments[node]) if need[index[p]])
                program.append((i, parents, a, b, self.rules[i]))
            found = self._backward[out] = (tuple(steps), tuple(edges), tuple(program))
        return found


# --- the cache ---------------------------------------------------------------------------------


@dataclass
class Planned:
    """A graph's plan, while the graph has ``size`` (nodes, edges); its backward orders by output."""

    size: tuple[int, int]
    plan: Plan
    orders: dict[str, BackwardOrder] = field(default_factory=dict)

    def order(self, out: str) -> BackwardOrder:
        """The :class:`BackwardOrder` from ``out``: made once per graph and output."""
        found = self.orders.get(out)
        if found is None:
            plan = self.plan
            steps, edges, _ = plan.backward(out)
            found = self.orders[out] = BackwardOrder(
                out, plan.order, plan.edges, plan.needs, steps, edges, plan.index
            )
        return found


_BY_GRAPH: weakref.WeakKeyDictionary[nx.DiGraph, Planned] = weakref.WeakKeyDictionary()
_BY_STRUCTURE: OrderedDict[tuple, list[tuple[tuple[list, ...], Plan]]] = OrderedDict()


def plan_of(g: nx.DiGraph) -> Plan:
    """The plan of ``g``: its own while its size stands, else its structure's, else a new one."""
    return planned(g).plan


def backward_order(g: nx.DiGraph, out: str) -> BackwardOrder:
    """The :class:`BackwardOrder` of ``g`` from ``out``: made once per graph and output."""
    return planned(g).order(out)


def planned(g: nx.DiGraph) -> Planned:
    """``g``'s plan and backward orders, found as :func:`plan_of` finds them (one lookup serves both)."""
    size = (len(g), G.edge_count(g))
    entry = _BY_GRAPH.get(g)
    if entry is None or entry.size != size:
        entry = _BY_GRAPH[g] = Planned(size, _plan_by_structure(g, size))
    return entry


def _plan_by_structure(g: nx.DiGraph, size: tuple[int, int]) -> Plan:
    """The plan of a graph of the same structure (compared exactly, :func:`_structure`), or a new one."""
    nodes = G.dicts(g)[0]
    key = (*size, next(iter(nodes), None), next(reversed(nodes), None))
    structure = _structure(g)
    candidates = _BY_STRUCTURE.get(key, [])
    plan = next((plan for seen, plan in candidates if seen == structure), None)
    if plan is None:
        plan = Plan(g)
        _BY_STRUCTURE[key] = [*candidates, (structure, plan)][-2:]
    _BY_STRUCTURE.move_to_end(key)
    while len(_BY_STRUCTURE) > KEPT_STRUCTURES:
        _BY_STRUCTURE.popitem(last=False)
    return plan


_KIND, _OP, _ARG = itemgetter(G.KIND), itemgetter(G.OP), itemgetter(G.ARG)


def _structure(g: nx.DiGraph) -> tuple[list, ...]:
    """What makes a plan: node ids, kinds and ops in order; each node's arguments with their
    positions; each node's children in order. Lists made and compared at C speed."""
    nodes, succ, pred = G.dicts(g)
    return (
        list(nodes),
        list(map(_KIND, nodes.values())),
        list(map(_OP, nodes.values())),
        list(map(len, pred.values())),
        list(chain.from_iterable(pred.values())),
        list(map(_ARG, chain.from_iterable(map(dict.values, pred.values())))),
        list(chain.from_iterable(succ.values())),
    )

"""The computation graph: a ``networkx.DiGraph`` with our attribute names.

Nodes are either *leaves* (named inputs, trainable parameters, targets and
constants) or *op nodes*. Edges run parent -> child, from an argument to the op
that uses it, and record the argument position ``arg``: for ``a - b`` the edge
from ``a`` has ``arg=0`` and the edge from ``b`` has ``arg=1``, so ``a - b`` is
never confused with ``b - a``.

Node ids are stable strings that never depend on a label: a named leaf or a named
intermediate uses its name (``"x"``, ``"W1[0,1]"``, ``"z"``); an unnamed op gets
``"<op>#<n>"`` and a constant ``"const#<n>"`` (``#`` never occurs in a name). Two
``+`` nodes therefore have different ids but the same label.

Every attribute name used on nodes, edges and the graph lives here, and nowhere
else spells them.

Examples
--------
>>> g = new_graph()
>>> x = add_leaf(g, "x", 1.5)
>>> two = add_constant(g, 2.0)
>>> sq = add_op(g, "pow", [x, two])
>>> out = add_op(g, "sin", [sq])
>>> parents(g, sq)
['x', 'const#1']
>>> output_node(g)
'sin#3'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import networkx as nx
import numpy as np

from graphviz_app.core.ops import get_op
from graphviz_app.errors import GraphError

__all__ = [
    "ARG",
    "BACKWARD",
    "CONST",
    "INDEX",
    "INPUT",
    "KIND",
    "LABEL",
    "LAYER",
    "LEAF_KINDS",
    "NAME",
    "OP",
    "OPNODE",
    "PARAM",
    "SOFTMAX_CE",
    "TARGET",
    "VALUE",
    "add_constant",
    "add_leaf",
    "add_op",
    "as_value",
    "dicts",
    "edge_count",
    "find_node",
    "format_constant",
    "insert_nodes",
    "is_differentiable",
    "is_leaf",
    "label_of",
    "leaf_values",
    "leaves",
    "new_graph",
    "order_and_arguments",
    "output_node",
    "parents",
    "topological_order",
]

# node attributes
KIND = "kind"  # one of INPUT, PARAM, TARGET, CONST, OPNODE
OP = "op"  # op name, for op nodes
LABEL = "label"  # what to call the node in text: a name, or the op symbol
NAME = "name"  # the user's name for a leaf or a named intermediate, else None
VALUE = "value"  # the value of a leaf (op nodes get values from evaluation)
LAYER = "layer"  # layout hint: the network layer (rank) of the node, or None
INDEX = "index"  # layout hint: order of the node within its layer
# edge attributes
ARG = "arg"  # argument position of the parent in the child's op
# graph attributes
OUTPUT = "output"  # id of the default output node
COUNTER = "counter"
BACKWARD = "backward"  # in a backward graph (core.backward_graph): the set of nodes the backward pass added
SOFTMAX_CE = (
    "softmax_ce"  # a softmax output under cross-entropy: (loss, {z: (ŷ, y)}, samples); see the builder
)

# node kinds
INPUT = "input"  # a named input: x, t, x[0]
PARAM = "param"  # a trainable parameter: W1[0,1], b1
TARGET = "target"  # a target the loss compares against: y[0]
CONST = "const"  # a literal number: 2, pi
OPNODE = "op"
LEAF_KINDS = (INPUT, PARAM, TARGET, CONST)


def new_graph() -> nx.DiGraph:
    """An empty computation graph."""
    g: nx.DiGraph = nx.DiGraph()
    g.graph[COUNTER] = 0
    g.graph[OUTPUT] = None
    return g


def _next_id(g: nx.DiGraph, prefix: str) -> str:
    g.graph[COUNTER] += 1
    return f"{prefix}#{g.graph[COUNTER]}"


def as_value(value: Any) -> Any:
    """A leaf's value as the graph keeps it: a float, or a float array."""
    if type(value) is float or type(value) is np.float64:
        return float(value)  # (what the array would give, without making one: builders pass thousands)
    arr = np.asarray(value, dtype=float)
    return float(arr) if arr.ndim == 0 else arr


def add_leaf(
    g: nx.DiGraph,
    name: str,
    value: Any = None,
    kind: str = INPUT,
    *,
    layer: int | None = None,
    index: int | None = None,
) -> str:
    """Add a named leaf and return its id (the name itself).

    ``value`` may be ``None`` for an input whose value the caller supplies at
    evaluation time.
    """
    if kind not in LEAF_KINDS:
        raise GraphError(f"unknown leaf kind '{kind}'")
    if "#" in name:
        raise GraphError(f"'{name}': names cannot contain '#'")
    if name in g:
        raise GraphError(f"'{name}' is defined twice")
    _insert(
        g,
        name,
        {
            KIND: kind,
            OP: None,
            LABEL: name,
            NAME: name,
            VALUE: None if value is None else as_value(value),
            LAYER: layer,
            INDEX: index,
        },
        [],
    )
    return name


def add_constant(g: nx.DiGraph, value: Any, label: str | None = None) -> str:
    """Add a constant leaf (a literal number) and return its id."""
    node = _next_id(g, "const")
    value = as_value(value)
    _insert(
        g,
        node,
        {
            KIND: CONST,
            OP: None,
            LABEL: label or format_constant(value),
            NAME: None,
            VALUE: value,
            LAYER: None,
            INDEX: None,
        },
        [],
    )
    return node


def format_constant(value: Any) -> str:
    """The label of a constant: ``2``, ``0.5``, ``1e+20``."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:g}"
    return "const"


def add_op(
    g: nx.DiGraph,
    op: str,
    args: Iterable[str],
    name: str | None = None,
    *,
    layer: int | None = None,
    index: int | None = None,
    output: bool = True,
) -> str:
    """Add an op node applied to ``args`` (node ids, in argument order).

    The new node becomes the graph's output unless ``output=False``.
    """
    spec = get_op(op)
    args = list(args)
    if spec.arity is not None and len(args) != spec.arity:
        raise GraphError(f"{op} takes {spec.arity} argument(s), got {len(args)}")
    for a in args:
        if a not in g:
            raise GraphError(f"unknown node '{a}'")
    if name is not None:
        if "#" in name:
            raise GraphError(f"'{name}': names cannot contain '#'")
        if name in g:
            raise GraphError(f"'{name}' is defined twice")
        node = name
    else:
        node = _next_id(g, op)
    _insert(
        g,
        node,
        {
            KIND: OPNODE,
            OP: op,
            LABEL: name or spec.symbol,
            NAME: name,
            VALUE: None,
            LAYER: layer,
            INDEX: index,
        },
        args,
    )
    if output:
        g.graph[OUTPUT] = node
    return node


_SHARED_POSITIONS = 8
_POSITIONS = tuple((position,) for position in range(_SHARED_POSITIONS))  # an edge's ARG at one position


def _insert(g: nx.DiGraph, node: str, attrs: dict[str, Any], args: list[str]) -> None:
    insert_nodes(g, ((node, attrs, args),))


def insert_nodes(g: nx.DiGraph, records: Iterable[tuple[str, dict[str, Any], Sequence[str]]]) -> None:
    """Add new nodes, each ``(id, attributes, arguments)``, with an edge from each argument.

    The callers have checked the records: :func:`add_leaf`, :func:`add_op` and
    :func:`add_constant` one node at a time, :class:`~.graph_batch.NodeBatch` a
    whole graph at once. Each edge records the argument positions of its parent
    in ``ARG``: the same node used twice by one op (x * x) is one edge of a
    DiGraph, with ``(0, 1)``.

    The one place the app writes networkx's private dicts, because it is where
    going through the public methods is measurably slow: for the 10,082-node
    neuron view of bench/bench_core.py, networkx's ``add_nodes_from`` and
    ``add_edges_from`` take about 2.5× as long as these writes (they accept any
    graph class, copy every attribute dict and check what the callers have
    checked). We do what they do: the attribute dict, empty successor and
    predecessor dicts, one edge attribute dict shared by both directions, and
    the cache networkx clears on every change. A position's ``ARG`` tuple is
    shared, so the edge's dict holds nothing the cyclic garbage collector
    tracks, and it never looks at it. Any other graph class goes through the
    public methods.
    """
    if type(g) is not nx.DiGraph:
        for node, attrs, args in records:
            g.add_node(node, **attrs)
            for position, parent in enumerate(args):
                if g.has_edge(parent, node):
                    g.edges[parent, node][ARG] += (position,)
                else:
                    g.add_edge(parent, node, **{ARG: (position,)})
        return
    nodes, succ, pred = dicts(g)
    first, second = _POSITIONS[0], _POSITIONS[1]
    for node, attrs, args in records:
        nodes[node] = attrs
        succ[node] = {}
        if len(args) == 2 and args[0] != args[1]:  # (most nodes: written out, a third faster)
            a, b = args
            pred[node] = {a: (to_a := {ARG: first}), b: (to_b := {ARG: second})}
            succ[a][node] = to_a
            succ[b][node] = to_b
            continue
        incoming: dict[str, dict[str, Any]] = {}
        pred[node] = incoming
        for position, parent in enumerate(args):
            data = incoming.get(parent)
            if data is None:
                at = _POSITIONS[position] if position < _SHARED_POSITIONS else (position,)
                incoming[parent] = succ[parent][node] = {ARG: at}
            else:
                data[ARG] += (position,)
    cache = getattr(g, "__networkx_cache__", None)
    if cache:
        cache.clear()


def parents(g: nx.DiGraph, node: str) -> list[str]:
    """The arguments of ``node`` in order (a parent used twice appears twice)."""
    return _in_argument_order(g.pred[node])


def order_and_arguments(g: nx.DiGraph) -> tuple[list[str], dict[str, list[str]]]:
    """:func:`topological_order` and the :func:`parents` of every node, in one go.

    What the evaluation plan needs: both read networkx's own successor and
    predecessor dicts (:func:`dicts`), about twice as fast as asking for the
    order and then for each node's parents.
    """
    _, children, incoming = dicts(g)  # node -> {child or parent: edge attributes}
    waiting = {node: len(p) for node, p in incoming.items() if p}
    order = _generations(children, waiting, [node for node, p in incoming.items() if not p])
    return order, {node: _in_argument_order(incoming[node]) for node in order}


def dicts(g: nx.DiGraph) -> tuple[dict[str, dict], dict[str, dict], dict[str, dict]]:
    """networkx's own node, successor and predecessor dicts of ``g``, to be read and never changed.

    For the few loops over a whole graph that must not pay for networkx's views:
    ``g.nodes[n]`` or ``g.pred[n]`` builds a view per call, and ``g.edges``,
    ``g.degree`` and ``g.reverse()`` make views that hold the graph, a reference
    cycle that leaves the whole graph to the cyclic garbage collector.
    """
    return g._node, g._succ, g._pred  # type: ignore[attr-defined]  # private: not in the stubs


def edge_count(g: nx.DiGraph) -> int:
    """The number of edges, counted without making a view of them (see :func:`dicts`)."""
    return sum(map(len, dicts(g)[1].values()))


def _in_argument_order(incoming: Mapping[str, dict[str, Any]]) -> list[str]:
    """The parents in a node's predecessor dict (parent -> edge attributes), ordered by their ARG positions."""
    if len(incoming) == 1:
        for p, data in incoming.items():
            return [p] * len(data[ARG])
    if not incoming:
        return []
    slots = [(position, p) for p, data in incoming.items() for position in data[ARG]]
    slots.sort()
    return [p for _, p in slots]


def output_node(g: nx.DiGraph) -> str:
    """The default output: the recorded one, else the single sink."""
    out = g.graph.get(OUTPUT)
    if out is not None and out in g:
        return out
    sinks = [n for n in g if g.out_degree(n) == 0]
    if len(sinks) != 1:
        raise GraphError(f"the graph has {len(sinks)} sinks; choose an output node")
    return sinks[0]


def topological_order(g: nx.DiGraph) -> list[str]:
    """Nodes, every parent before its children.

    The order is networkx's ``topological_sort``: Kahn's algorithm, one
    *generation* at a time (the nodes with no parents, then the nodes whose
    parents are all in the first generation, ...), each in insertion order. It
    is iterative, so a chain of 100,000 nodes does not hit Python's recursion
    limit. We run the same steps over the successor dicts ``g.adjacency()`` hands
    out, which is about twice as fast as ``nx.topological_sort`` and gives the same order.
    """
    children = dict(g.adjacency())  # node -> {child: edge attributes}
    waiting = dict.fromkeys(children, 0)  # node -> parents not yet placed
    for kids in children.values():
        for child in kids:
            waiting[child] += 1
    first = [node for node, n in waiting.items() if not n]
    return _generations(children, {node: n for node, n in waiting.items() if n}, first)


def _generations(children: Mapping[str, Any], waiting: dict[str, int], generation: list[str]) -> list[str]:
    """Kahn's algorithm from the first ``generation``; ``waiting`` counts each other node's parents."""
    order: list[str] = []
    while generation:
        order.extend(generation)
        following = []
        for node in generation:
            for child in children[node]:
                waiting[child] -= 1
                if not waiting[child]:
                    following.append(child)
                    del waiting[child]
        generation = following
    if waiting:
        raise GraphError("the graph has a cycle; a computation graph must be acyclic")
    return order


def is_leaf(g: nx.DiGraph, node: str) -> bool:
    return g.nodes[node][KIND] != OPNODE


def is_differentiable(g: nx.DiGraph, node: str) -> bool:
    """Leaves we differentiate with respect to: inputs, parameters and targets."""
    return g.nodes[node][KIND] in (INPUT, PARAM, TARGET)


def leaves(g: nx.DiGraph, kinds: Iterable[str] = (INPUT, PARAM, TARGET)) -> list[str]:
    """Leaf ids of the given kinds, in insertion order."""
    kinds = tuple(kinds)
    return [n for n, k in g.nodes(data=KIND) if k in kinds]


def leaf_values(g: nx.DiGraph) -> dict[str, Any]:
    """The stored value of every leaf that has one."""
    return {n: d[VALUE] for n, d in g.nodes(data=True) if d[KIND] != OPNODE and d[VALUE] is not None}


def label_of(g: nx.DiGraph, node: str) -> str:
    return g.nodes[node][LABEL]


def find_node(g: nx.DiGraph, key: str) -> str:
    """Resolve a node id or a unique name/label to a node id."""
    if key in g:
        return key
    hits = [n for n, d in g.nodes(data=True) if d[NAME] == key or d[LABEL] == key]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        names = sorted(d[NAME] for _, d in g.nodes(data=True) if d[NAME])
        shown = ", ".join(names[:12]) + (" ..." if len(names) > 12 else "")
        raise GraphError(f"no node named '{key}' (named nodes: {shown})")
    raise GraphError(f"'{key}' names {len(hits)} nodes; use a node id: {', '.join(hits[:8])}")

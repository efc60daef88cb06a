"""The backward pass as a computation graph of its own.

Every backward rule in the op table is written over a namespace ``F`` of
functions (:mod:`graphviz_app.core.ops`). The evaluator runs the rules with
NumPy's functions and gets numbers. This module runs the *same* rules with
:class:`GraphFunctions`, whose functions and operators add nodes to a graph
instead: ``lambda F, g, y, x: g * F.cos(x)`` then builds a ``cos`` node reading
the forward node ``x`` and a ``×`` node multiplying it by the upstream gradient.

The result is an ordinary graph of ours. It holds the whole forward graph (its
node ids unchanged) and, for the backward pass,

- what each edge sends back to its parent (upstream × local derivative, as the
  rule writes it), and
- each node's gradient: the sum (``+``) of what its children sent, the ``+=`` of
  backprop; a node used once just passes its one contribution on.

It evaluates, lays out, exports and animates like any graph, and its own
backward pass gives second derivatives: evaluating it with the gradient node of
``x`` as the output gives ∂²f/∂x∂v for every leaf v (:mod:`.hessian`).

Only graphs of single numbers are supported (expressions, and a network's neuron
view): rules said of whole arrays (matmul, softmax…) need shapes the graph does
not carry, and are refused with a message saying so.

Two exact simplifications keep the drawing readable: a product with the number 1
and a power 1 are not drawn (``1·cos(x²)`` is ``cos(x²)``, ``x¹`` is ``x``), and an
op whose arguments are all numbers is computed once, into a number (``2 − 1``
becomes ``1``). Nothing else is rewritten: the graph is the rule as the table
writes it.

Examples
--------
>>> import graphviz_app.core
>>> from graphviz_app.core import graph as G
>>> from graphviz_app.core.evaluate import evaluate
>>> g = G.new_graph()
>>> x = G.add_leaf(g, "x", 1.5)
>>> out = G.add_op(g, "sin", [G.add_op(g, "pow", [x, G.add_constant(g, 2.0)])])
>>> bg = backward_graph(g)
>>> ev = evaluate(bg.graph, output=bg.gradients["x"])
>>> round(ev.output_value, 6) == round(evaluate(g).grads["x"], 6)
True
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from graphviz_app.core import graph as G
from graphviz_app.core.ops import ELEMENTWISE, get_op, names
from graphviz_app.core.plan import backward_order
from graphviz_app.errors import GraphError

__all__ = [
    "BackwardGraph",
    "GraphFunctions",
    "Sym",
    "backward_graph",
    "check_scalar_graph",
    "shared_backward_graph",
]

Edge = tuple[str, str]


@dataclass(frozen=True)
class BackwardGraph:
    """A graph whose nodes compute the backward pass of another.

    Attributes
    ----------
    graph:
        The forward graph's nodes (same ids) and the backward pass's nodes. Its
        output is the gradient of the first input.
    forward:
        The graph whose backward pass this is.
    output:
        The forward node differentiated (its gradient is seeded with 1).
    gradients:
        Forward node -> the node of the backward graph holding ∂output/∂node.
        For an input the output does not depend on, a constant 0.
    contributions:
        Forward edge (parent, child) -> the node holding what the edge sends back.
    backward_nodes:
        The nodes the backward pass added, in the order they were made.
    """

    graph: nx.DiGraph
    forward: nx.DiGraph
    output: str
    gradients: dict[str, str]
    contributions: dict[Edge, str]
    backward_nodes: tuple[str, ...]

    def is_backward(self, node: str) -> bool:
        """Whether the backward pass added ``node`` (else it is a forward node it reads)."""
        return node in self.graph.graph[G.BACKWARD]


def _operators(op: str) -> tuple[Callable[[Sym, Any], Sym], Callable[[Sym, Any], Sym]]:
    """A binary operator of :class:`Sym` for ``op``, and its reflected form (``2 * s`` is ``mul(2, s)``)."""

    def forward(self: Sym, other: Any) -> Sym:
        return self._op(op, self, other)

    def reflected(self: Sym, other: Any) -> Sym:
        return self._op(op, other, self)

    return forward, reflected


class Sym:
    """A node of the graph being built, with the arithmetic operators of a number.

    The rules do arithmetic on their arguments (``g * b``, ``1 + y * y``,
    ``b - 1``); each operator here adds the matching op node.
    """

    __slots__ = ("builder", "node")

    def __init__(self, builder: _Builder, node: str):
        self.builder, self.node = builder, node

    def __repr__(self) -> str:
        return f"Sym({self.node!r})"

    def _op(self, op: str, *args: Any) -> Sym:
        return self.builder.apply(op, args)

    __add__, __radd__ = _operators("add")
    __sub__, __rsub__ = _operators("sub")
    __mul__, __rmul__ = _operators("mul")
    __truediv__, __rtruediv__ = _operators("div")
    __pow__, __rpow__ = _operators("pow")

    def __neg__(self) -> Sym:
        return self._op("neg", self)


class _Builder:
    """Adds op and constant nodes to the backward graph, folding numbers (see the module)."""

    def __init__(self, g: nx.DiGraph):
        self.g = g
        self.added: list[str] = []
        self._constants: dict[float | str, str] = {}  # value -> node; nan (never equal to itself) as "nan"

    def constant(self, value: float) -> Sym:
        value = float(value)
        key = value if value == value else "nan"
        node = self._constants.get(key)
        if node is None:
            node = self._constants[key] = G.add_constant(self.g, value)
            self.added.append(node)
        return Sym(self, node)

    def wrap(self, value: Any) -> Sym:
        if isinstance(value, Sym):
            return value
        if np.ndim(value) != 0:
            raise GraphError("the backward graph is built for single numbers, not arrays")
        return self.constant(float(value))

    def number(self, sym: Sym) -> float | None:
        """The value of a constant node, else None."""
        data = self.g.nodes[sym.node]
        return data[G.VALUE] if data[G.KIND] == G.CONST else None

    def apply(self, op: str, args: tuple[Any, ...]) -> Sym:
        syms = [self.wrap(a) for a in args]
        numbers = [self.number(s) for s in syms]
        if all(n is not None for n in numbers):
            from graphviz_app.core.evaluate import ieee_call

            with np.errstate(all="ignore"):
                return self.constant(float(ieee_call(get_op(op).forward, *numbers)))
        if op == "mul" and numbers[0] == 1.0:
            return syms[1]
        if op in ("mul", "div", "pow") and numbers[1] == 1.0:
            return syms[0]
        node = G.add_op(self.g, op, [s.node for s in syms], output=False)
        self.added.append(node)
        return Sym(self, node)


def _unsupported(name: str):
    def refuse(*_args: Any, **_kwargs: Any):
        raise GraphError(
            f"the backward graph is built for graphs of single numbers; '{name}' works on whole arrays "
            "(for a network, use the neuron view: --view neuron)"
        )

    refuse.__name__ = name
    return refuse


class GraphFunctions:
    """The namespace ``F`` the op table's rules are written over, building nodes.

    It offers every function of :mod:`graphviz_app.core.functions` that the rules
    call. Each elementwise op of the table is a function here of the same name
    (``F.cos(x)`` adds a ``cos`` node). Shapes are trivial for single numbers:
    ``unbroadcast_like`` and ``broadcast_like`` pass the gradient on, ``size`` and
    ``batch_size`` are 1. Functions of whole arrays refuse with a clear message.
    """

    def __init__(self, builder: _Builder):
        self._builder = builder
        for name in names(where=lambda spec: spec.elementwise and spec.kind == ELEMENTWISE):
            setattr(self, name, self._unary(name))
        for name in (
            "softmax",
            "log_softmax",
            "matmul",
            "matmul_grad_left",
            "matmul_grad_right",
            "outer",
            "feature_mean",
            "batch_mean",
            "features",
            "samples",
        ):
            setattr(self, name, _unsupported(name))
        for name in ("reshape", "reshape_like", "expand", "permute", "unpermute", "sum_over", "mean_over"):
            setattr(self, name, _unsupported(name))  # PyTorch's shape ops and reductions over axes
        self.one_hot = _unsupported("one_hot")

    def _unary(self, op: str):
        def build(x: Any) -> Sym:
            return self._builder.apply(op, (x,))

        build.__name__ = op
        return build

    def power(self, a: Any, b: Any) -> Sym:
        return self._builder.apply("pow", (a, b))

    def apply(self, op: str, *args: Any) -> Sym:
        """A node of ``op`` (any op: a formula the user wrote may call any, see :mod:`.custom_ops`)."""
        return self._builder.apply(op, args)

    def zeros_like(self, x: Any) -> Sym:
        return self._builder.constant(0.0)

    def unbroadcast_like(self, g: Any, x: Any) -> Any:
        return g

    def broadcast_like(self, g: Any, x: Any) -> Any:
        return g

    def size(self, x: Any) -> int:
        return 1

    def batch_size(self, x: Any) -> int:
        return 1

    def shape(self, x: Any) -> tuple[int, ...]:
        return ()

    def sum(self, x: Any, axis: Any = None, keepdims: bool = False) -> Any:
        if axis is not None or keepdims:
            return _unsupported("sum along an axis")()
        return self._builder.apply("sum", (x,))

    def mean(self, x: Any) -> Any:
        return self._builder.apply("mean", (x,))

    def transpose(self, x: Any) -> Any:
        return x


def check_scalar_graph(g: nx.DiGraph, values: Mapping[str, Any] | None = None) -> None:
    """Refuse graphs of arrays: their backward graph would need shapes the graph lacks."""
    values = values or {}
    for node, data in g.nodes(data=True):
        value = values.get(node, values.get(data[G.NAME], data[G.VALUE])) if data[G.NAME] else data[G.VALUE]
        if data[G.KIND] == G.OPNODE:
            spec = get_op(data[G.OP])
            if spec.kind not in ("arithmetic", "elementwise", "loss"):
                raise GraphError(
                    f"the backward graph is built for graphs of single numbers; '{spec.title}' works on "
                    "whole arrays (for a network, use the neuron view: --view neuron)"
                )
        elif value is not None and np.ndim(value) != 0:
            raise GraphError(
                f"the backward graph is built for single numbers; '{data[G.LABEL]}' is an array "
                "(for a network, use the neuron view: --view neuron)"
            )


def backward_graph(
    g: nx.DiGraph, output: str | None = None, values: Mapping[str, Any] | None = None
) -> BackwardGraph:
    """Build the backward pass of ``g`` from ``output`` as a graph (see the module).

    ``values`` (leaf values by id or name) is only used to refuse arrays early.
    """
    check_scalar_graph(g, values)
    out = G.output_node(g) if output is None else G.find_node(g, output)
    bg = g.copy()
    builder = _Builder(bg)
    functions = GraphFunctions(builder)
    backward = backward_order(g, out)  # which nodes need a gradient; the edges visited, in order (.plan)
    needs = backward.needs
    received: dict[str, list[Sym]] = {node: [] for node in needs}
    gradients: dict[str, str] = {}
    contributions: dict[Edge, str] = {}
    if out in needs:
        received[out].append(builder.constant(1.0))  # ∂out/∂out = 1, the seed
    reached = {parent for parent, _ in backward.edges} | ({out} & needs)
    leaves = [node for node in reversed(backward.order) if node in reached and G.is_leaf(g, node)]
    for node in [*backward.steps, *leaves]:  # (in reverse topological order the leaves come last)
        total = _sum(builder, received[node])
        gradients[node] = total.node
        if G.is_leaf(g, node):
            continue
        spec = get_op(g.nodes[node][G.OP])
        parents = G.parents(g, node)
        args = [Sym(builder, p) for p in parents]
        for position, parent in enumerate(parents):
            if parent not in needs or not spec.differentiable(position):
                continue
            sent = builder.wrap(spec.vjp(position)(functions, total, Sym(builder, node), *args))
            received[parent].append(sent)
            edge = (parent, node)
            if edge in contributions:  # the same node used twice by one op (x * x)
                sent = builder.apply("add", (Sym(builder, contributions[edge]), sent))
            contributions[edge] = sent.node
    for node in G.leaves(g):
        if node not in gradients:
            gradients[node] = builder.constant(0.0).node  # the output does not depend on it
    _, succ, pred = G.dicts(bg)
    for node in [n for n in builder.added if not succ[n] and not pred[n]]:  # a seed 1 folded into a product
        if node not in (gradients[leaf] for leaf in G.leaves(g)):
            bg.remove_node(node)
            builder.added.remove(node)
            gradients = {k: v for k, v in gradients.items() if v != node}
    inputs = [n for n in G.leaves(g) if g.nodes[n][G.KIND] == G.INPUT] or G.leaves(g)
    bg.graph[G.OUTPUT] = gradients[inputs[0]] if inputs else None
    bg.graph[G.BACKWARD] = frozenset(builder.added)
    return BackwardGraph(bg, g, out, gradients, contributions, tuple(builder.added))


# graph -> output -> (the graph's size, the BackwardGraph's fields but ``forward``, which is the key
# itself: a value holding its key would keep it alive for ever)
_SHARED: weakref.WeakKeyDictionary[nx.DiGraph, dict[str, tuple[tuple[int, int], tuple]]] = (
    weakref.WeakKeyDictionary()
)


def shared_backward_graph(
    g: nx.DiGraph, output: str | None = None, values: Mapping[str, Any] | None = None
) -> BackwardGraph:
    """:func:`backward_graph`, built once per graph and output and shared: for callers that only read it.

    Second derivatives evaluate the backward graph again and again with other
    numbers (a Hessian row per input, a Hessian-vector product per training
    step); its nodes depend on the graph alone, so it is built the first time
    and kept while ``g`` keeps its nodes and edges. ``values`` are still checked
    on every call (an array is refused as :func:`backward_graph` refuses it).
    Whoever changes the graph (names its gradient nodes, say) builds their own
    with :func:`backward_graph`.
    """
    out = G.output_node(g) if output is None else G.find_node(g, output)
    size = (len(g), G.edge_count(g))
    kept = _SHARED.setdefault(g, {})
    found = kept.get(out)
    if found is None or found[0] != size:
        bg = backward_graph(g, out, values)
        found = kept[out] = (size, (bg.graph, bg.output, bg.gradients, bg.contributions, bg.backward_nodes))
    elif values and any(np.ndim(v) != 0 for v in values.values()):
        check_scalar_graph(g, values)
    graph, out, gradients, contributions, nodes = found[1]
    return BackwardGraph(graph, g, out, gradients, contributions, nodes)


def _sum(builder: _Builder, terms: list[Sym]) -> Sym:
    """The ``+=`` of backprop: the contributions a node received, added in the order they came."""
    if not terms:
        return builder.constant(0.0)
    total = terms[0]
    for term in terms[1:]:
        total = builder.apply("add", (total, term))
    return total

"""The classic mistakes of backpropagation, each one changed line of the reference backward pass.

The chain rule lives in two lines of :func:`~graphviz_app.core.evaluate.backward_pass`:

- the **edge's rule**, ``vjp = spec.vjp(position)``: what an edge from parent p to
  child c sends back, upstream × ∂c/∂p (the *local factor*);
- the **accumulation**, ``grads[parent] += sent``: ∂f/∂p is the *sum* over p's
  children of what they send (the multivariable chain rule).

Every mistake students make in a hand derivation changes exactly one of those two
lines, and a :class:`Mistake` passed to ``backward_pass(..., mistake=...)`` is that
change:

``forget-inner``
    Forget the inner derivative: the edge sends upstream as it is, without its
    local factor, as if ∂c/∂p were 1. Writing d/dx sin(x²) = cos(x²) forgets the
    factor 2x of the edge x → x². Done to one chosen edge, or to every edge into
    a function of one argument (sin, cos, exp, σ, ReLU, …: every elementwise
    function of the op table).
``overwrite``
    Take only one path at a reused node: ``grads[parent] = sent`` instead of
    ``+=``. A node used by several children keeps only the contribution that
    arrives *last*; the backward pass visits children in reverse topological
    order, so the child that comes first in the forward order wins. This was
    the bug of early autograd engines: x·x gave x instead of 2x.
``sigma``
    σ(z) instead of σ′(z): on every sigmoid edge the local factor is the
    sigmoid's value σ(z) instead of its derivative σ(z)(1 − σ(z)).
``wrong-order``
    Multiply Jacobians in the wrong order (layer view, matrix products): the
    input side of z = W·a receives W·g instead of Wᵀ·g (with a batch, Z = A·Wᵀ,
    the input side receives g·Wᵀ instead of g·W). For a square W that is a
    number, just the wrong one (the transpose's); for any other shape the product
    cannot be computed at all, and that shape mismatch is how one notices the bug:
    the mistake is refused with a message that says so.
``inner-first``
    Differentiate the inner function first and evaluate the outer derivative
    at the inner function's input: for f(g(x)) the edge g(x) → f multiplies by
    f′(x) instead of f′(g(x)), so d/dx sin(x²) comes out as cos(x)·2x. Made on
    every edge into a function of one argument whose argument is an operation of
    one variable (x², 2x, cos(x): the ``x`` to evaluate at is that variable).
``missing-chain``
    Missing the chain in nested functions: of a chain of functions applied to
    functions, f(g(h(x))), only the first factor f′(g(h(x))) is kept. Every edge
    into a function that is itself the argument of a function sends its upstream
    on without its local factor; the outermost function keeps its own.
``partial-total``
    Confusing the partial and the total derivative: a variable (an input or a
    named step) that reaches the output both directly and through another
    variable takes only its direct edges, the partial derivative with the other
    variables held constant. For ``y = x^3; f = x^2 + y`` that is ∂f/∂x = 2x
    instead of df/dx = 2x + 3x². The changed line is the accumulation: at such a
    variable it adds what each edge sends along the routes that avoid every other
    variable (worked out by a backward pass in which variables send nothing back).

Each mistake is refused with a :class:`MistakeRefused` (a message that says why)
where it does not apply: no reused node, no sigmoid, no matrix product, a chosen
edge that carries no gradient.

Examples
--------
>>> from graphviz_app.core import graph as G
>>> from graphviz_app.core.evaluate import backward_pass, forward_pass
>>> g = G.new_graph()
>>> x = G.add_leaf(g, "x", 3.0)
>>> y = G.add_op(g, "mul", [x, x])
>>> _, values, _ = forward_pass(g, {})
>>> backward_pass(g, values, y)[0][x]  # the chain rule: x + x
6.0
>>> backward_pass(g, values, y, mistake=Mistake(OVERWRITE))[0][x]  # one contribution kept
3.0
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import networkx as nx
import numpy as np

from graphviz_app.core import graph as G
from graphviz_app.core.ops import ELEMENTWISE, OpSpec, get_op
from graphviz_app.core.plan import backward_order
from graphviz_app.errors import GraphvizAppError

__all__ = [
    "FORGET_INNER",
    "INNER_FIRST",
    "KINDS",
    "MISSING_CHAIN",
    "OVERWRITE",
    "PARTIAL_TOTAL",
    "SIGMA",
    "WRONG_ORDER",
    "Mistake",
    "MistakeRefused",
    "check_applies",
    "inner_inputs",
    "nested_functions",
    "two_route_variables",
]

Edge = tuple[str, str]
Namer = Callable[[str], str]

FORGET_INNER = "forget-inner"
OVERWRITE = "overwrite"
SIGMA = "sigma"
WRONG_ORDER = "wrong-order"
INNER_FIRST = "inner-first"
MISSING_CHAIN = "missing-chain"
PARTIAL_TOTAL = "partial-total"
KINDS = (FORGET_INNER, OVERWRITE, SIGMA, WRONG_ORDER, INNER_FIRST, MISSING_CHAIN, PARTIAL_TOTAL)
EDGE_KINDS = (FORGET_INNER, WRONG_ORDER)
"""The mistakes that can be made on one chosen edge (the others apply to the whole graph)."""
_HOLD = "hold-variables"
"""Not a mistake of its own: the backward pass of partial derivatives that ``partial-total`` reads."""


class MistakeRefused(GraphvizAppError):  # noqa: N818 (a refusal the user reads, as LayoutCancelled)
    """The mistake does not apply to this graph (the message says why and what to choose instead)."""


@dataclass(frozen=True)
class Mistake:
    """One classic mistake: its ``kind`` (one of :data:`KINDS`) and, for the kinds of
    :data:`EDGE_KINDS`, the one ``edge`` it is made on (``None``: every edge it can be)."""

    kind: str
    edge: Edge | None = None
    name: Namer | None = None  # what messages call a node (default: its label)
    plan: Mapping[Any, Any] = field(default_factory=dict, compare=False)
    """What :meth:`prepared` worked out from the graph and its values (empty until then)."""

    def __post_init__(self) -> None:
        if self.kind not in KINDS and self.kind != _HOLD:
            raise MistakeRefused(f"unknown mistake {self.kind!r}: choose one of {', '.join(KINDS)}")
        if self.edge is not None and self.kind not in EDGE_KINDS:
            raise MistakeRefused(f"the mistake {self.kind} is made on the whole graph, not on one edge")

    @property
    def overwrite(self) -> bool:
        """Whether the accumulation ``+=`` becomes ``=``."""
        return self.kind == OVERWRITE

    @property
    def held_apart(self) -> Mapping[str, Any]:
        """For ``partial-total``: the variables with two routes, which take their partial derivative."""
        return self.plan.get("variables", {})

    def direct_part(self, edge: Edge) -> Any:
        """What ``edge``, out of a variable with two routes, sends along the routes that avoid every
        other variable; asked once more for the same edge (x·x visits it twice), 0."""
        if edge in self.plan["given"]:
            return 0.0
        self.plan["given"].add(edge)
        return self.plan["direct"][edge]

    def prepared(self, g: nx.DiGraph, values: Mapping[str, Any], out: str) -> Mistake:
        """The mistake with what it needs of these values: where inner-first evaluates each outer
        derivative, and the partial derivatives partial-total takes."""
        if self.kind == INNER_FIRST:
            at = {edge: values[inner] for edge, inner in inner_inputs(g, out).items()}
            return replace(self, plan={"at": at})
        if self.kind == PARTIAL_TOTAL:
            from graphviz_app.core.evaluate import backward_pass  # (evaluate imports this module)

            _, _, held = backward_pass(g, values, out, mistake=Mistake(_HOLD))
            variables = two_route_variables(g, out)
            direct = {edge: sent for edge, sent in held.items() if edge[0] in variables}
            return replace(self, plan={"variables": variables, "direct": direct, "given": set()})
        if self.kind == MISSING_CHAIN:
            return replace(self, plan={"nested": nested_functions(g, out)})
        if self.kind == _HOLD:
            return replace(self, plan={"held": variables_of(g, out)})
        return self

    def rule(self, g: nx.DiGraph, edge: Edge, position: int, spec: OpSpec) -> Callable[..., Any]:
        """The backward rule the edge ``edge`` uses for argument ``position`` of its child:
        the op's own VJP, or the mistaken one."""
        right = spec.vjp(position)
        if self.kind == FORGET_INNER and self._on(edge, lambda: _is_function(spec)):
            return _without_local_factor(position, self._namer(g), edge)
        if self.kind == SIGMA and spec.name == "sigmoid":
            return lambda F, g, y, z: g * y  # σ(z) where σ(z)(1 − σ(z)) belongs
        input_edge = spec.name == "matmul" and position == input_side(g, edge[1])
        if self.kind == WRONG_ORDER and input_edge and self._on(edge, lambda: True):
            return _untransposed(position, self._namer(g), edge[1], g)
        if self.kind == INNER_FIRST and edge in self.plan["at"]:
            return _evaluated_at(right, spec, self.plan["at"][edge])  # f′(x) where f′(g(x)) belongs
        if self.kind == MISSING_CHAIN and edge[1] in self.plan["nested"]:
            return _without_local_factor(position, self._namer(g), edge)  # a factor after the first
        if self.kind == _HOLD and edge[1] in self.plan["held"]:
            return lambda F, g, y, *args: F.zeros_like(args[position])  # a variable held constant
        return right

    def _on(self, edge: Edge, everywhere: Callable[[], bool]) -> bool:
        return edge == self.edge if self.edge is not None else everywhere()

    def _namer(self, g: nx.DiGraph) -> Namer:
        return self.name if self.name is not None else lambda node: G.label_of(g, node)


# --- where each mistake applies ----------------------------------------------------------------


def check_applies(
    mistake: Mistake, g: nx.DiGraph, contributions: Mapping[Edge, Any], out: str | None = None
) -> None:
    """Refuse ``mistake`` where it does not apply; ``contributions`` are the right pass's from
    ``out`` (default: the graph's output; an edge whose contribution is ``None`` carries no gradient)."""
    name = mistake._namer(g)
    out = G.output_node(g) if out is None else out
    carrying = [edge for edge, sent in contributions.items() if sent is not None]
    ops = {child: get_op(g.nodes[child][G.OP]) for _, child in carrying}
    if mistake.edge is not None:
        parent, child = mistake.edge
        if mistake.edge not in g.edges:
            raise MistakeRefused(
                f"there is no edge {name(parent)} → {name(child)}: choose an edge of the graph"
            )
        if contributions.get(mistake.edge) is None:
            raise MistakeRefused(
                f"the edge {name(parent)} → {name(child)} carries no gradient "
                f"({name(parent)} is a constant, or the output does not depend on it): choose another edge"
            )
        if mistake.kind == WRONG_ORDER and not (
            ops[child].name == "matmul" and G.parents(g, child)[input_side(g, child)] == parent
        ):
            raise MistakeRefused(
                f"{name(parent)} → {name(child)} is not the input side of a matrix product: choose the edge "
                "from a layer's input (x or a1) into its product W·a"
            )
        return
    if mistake.kind == FORGET_INNER and not any(_is_function(spec) for spec in ops.values()):
        raise MistakeRefused(
            "this graph has no function of one argument (sin, cos, exp, σ, ReLU…) that the gradient passes: "
            "every local factor comes from + − × ÷ ^. Click an edge and forget its local factor instead"
        )
    if mistake.kind == OVERWRITE and not reused_nodes(g, carrying):
        raise MistakeRefused(
            "no node here is used twice: every node sends its gradient to one child, so = and += give the "
            "same numbers. Try a graph where a value is reused, e.g. example:multipath"
        )
    if mistake.kind == SIGMA and not any(spec.name == "sigmoid" for spec in ops.values()):
        raise MistakeRefused(
            "this graph has no sigmoid σ, so there is no σ′ to confuse with σ: try example:neuron or example:net-221"
        )
    if mistake.kind == WRONG_ORDER and not any(spec.name == "matmul" for spec in ops.values()):
        raise MistakeRefused(
            "multiplying Jacobians in the wrong order needs a matrix product W·a: open a network in the "
            "layer view (View ▸ Layer view, or --view layer)"
        )
    if mistake.kind == INNER_FIRST and not inner_inputs(g, out):
        raise MistakeRefused(
            "no function here is applied to an operation of one variable (as sin(x²), exp(2x) or "
            "sin(cos(x))), so there is no inner input to evaluate an outer derivative at: try sin(x**2)"
        )
    if mistake.kind == MISSING_CHAIN and not nested_functions(g, out):
        raise MistakeRefused(
            "no function here is applied to another function (as sin(cos(x)) or exp(sin(x))), so every "
            "chain has one factor and there is none to miss: try exp(sin(cos(x)))"
        )
    if mistake.kind == PARTIAL_TOTAL and not two_route_variables(g, out):
        raise MistakeRefused(
            f"no variable here reaches {name(out)} both directly and through another variable, so every "
            "partial derivative is the total one: try y = x^3; f = x^2 + y (x reaches f directly and "
            "through y)"
        )


def inner_inputs(g: nx.DiGraph, out: str) -> dict[Edge, str]:
    """For ``inner-first``: each edge g(x) → f into a function of one argument whose argument is an
    operation of one variable, and that variable x (the one argument of g that needs a gradient)."""
    backward = backward_order(g, out)
    found = {}
    for parent, child in backward.edges:
        if G.is_leaf(g, parent) or not _is_function(get_op(g.nodes[child][G.OP])):
            continue
        inner = {p for p in G.parents(g, parent) if p in backward.needs}
        if len(inner) == 1:
            found[parent, child] = inner.pop()
    return found


def nested_functions(g: nx.DiGraph, out: str) -> set[str]:
    """For ``missing-chain``: the functions of one argument whose value is the argument of another
    function of one argument (cos in sin(cos(x))): their factors come after the first."""
    backward = backward_order(g, out)
    return {
        parent
        for parent, child in backward.edges
        if not G.is_leaf(g, parent)
        and _is_function(get_op(g.nodes[parent][G.OP]))
        and _is_function(get_op(g.nodes[child][G.OP]))
    }


def variables_of(g: nx.DiGraph, out: str) -> set[str]:
    """The named steps other than the output: what a partial derivative holds constant."""
    return {n for n in backward_order(g, out).steps if n != out and g.nodes[n][G.NAME] is not None}


def two_route_variables(g: nx.DiGraph, out: str) -> dict[str, list[str]]:
    """For ``partial-total``: each variable (input, parameter or named step) that reaches ``out``
    both directly (along a route through no other variable) and through another variable, with
    the first variables its other routes pass through, in topological order."""
    backward = backward_order(g, out)
    variables = variables_of(g, out)
    children: dict[str, list[str]] = {}
    for parent, child in backward.edges:
        children.setdefault(parent, []).append(child)
    direct: dict[str, bool] = {out: True}
    through: dict[str, list[str]] = {out: []}
    for node in reversed(backward.order):  # every child before its parents
        if node not in children:
            continue
        kids = children[node]
        direct[node] = any(c == out or (c not in variables and direct[c]) for c in kids)
        firsts: set[str] = set()
        for c in kids:
            if c in variables:
                firsts.add(c)
            elif c != out:
                firsts.update(through[c])
        through[node] = sorted(firsts, key=backward.rank.__getitem__)
    return {
        v: through[v]
        for v in backward.order
        if v in children and g.nodes[v][G.NAME] is not None and v != out and direct[v] and through[v]
    }


def reused_nodes(g: nx.DiGraph, carrying: list[Edge]) -> list[str]:
    """Nodes that receive more than one contribution: used by two children, or twice by one (x·x)."""
    count: dict[str, int] = {}
    for parent, child in carrying:
        count[parent] = count.get(parent, 0) + G.parents(g, child).count(parent)
    return [node for node, n in count.items() if n > 1]


def input_side(g: nx.DiGraph, product: str) -> int:
    """Which argument of the matrix product ``product`` is the layer's input: z = W·a has it
    second, a batch's Z = A·Wᵀ first (the other argument is the weight, or its transpose)."""
    first = G.parents(g, product)[0]
    weight = g.nodes[first][G.KIND] == G.PARAM or g.nodes[first].get(G.OP) == "transpose"
    return 1 if weight else 0


# --- the mistaken rules -----------------------------------------------------------------------


def _is_function(spec: OpSpec) -> bool:
    """A function of one number (sin, exp, σ, ReLU…), the "outer" function of a chain."""
    return spec.kind == ELEMENTWISE and spec.arity == 1


def _without_local_factor(position: int, name: Namer, edge: Edge) -> Callable[..., Any]:
    """The edge sends upstream unchanged, as if ∂child/∂parent were 1 (or the identity)."""

    def sent(F: Any, g: Any, y: Any, *args: Any) -> Any:
        shape = np.shape(args[position])
        if np.shape(g) == shape:
            return g
        try:
            return np.broadcast_to(g, shape) + 0.0  # a scalar upstream, copied to every element
        except ValueError:
            raise MistakeRefused(
                f"the local factor of {name(edge[0])} → {name(edge[1])} is a Jacobian that changes the shape "
                f"(from {_shape(np.shape(g))} to {_shape(shape)}): there is no number to forget here. "
                "Choose an edge into a function or a product of numbers"
            ) from None

    return sent


def _evaluated_at(right: Callable[..., Any], spec: OpSpec, x: Any) -> Callable[..., Any]:
    """The outer function's own rule, evaluated at the inner function's input ``x`` instead of at
    its argument: f′(x) where f′(g(x)) belongs (``y`` becomes f(x) too, for rules written with it)."""

    def sent(F: Any, g: Any, y: Any, _inner_value: Any) -> Any:
        return right(F, g, spec.forward(x), x)

    return sent


def _untransposed(position: int, name: Namer, product: str, g_: nx.DiGraph) -> Callable[..., Any]:
    """The input side of a matrix product, with the weight multiplied untransposed."""
    weight_node = G.parents(g_, product)[1 - position]
    weight = name(weight_node)

    def sent(F: Any, g: Any, y: Any, a: Any, b: Any) -> Any:
        w = a if position == 1 else b
        wrong, right = (f"{weight}·g", f"{weight}ᵀ·g") if position == 1 else (f"g·{weight}", f"g·{weight}ᵀ")
        try:
            result = F.matmul(w, g) if position == 1 else F.matmul(g, w)
        except ValueError:
            result = None
        wanted = np.shape(b if position == 1 else a)
        if result is None or np.shape(result) != wanted:
            raise MistakeRefused(
                f"{weight} is {_shape(np.shape(w))} and the upstream gradient g of {name(product)} is "
                f"{_shape(np.shape(g))}: the wrong order {wrong} cannot even be computed, while the right "
                f"order {right} gives {_shape(wanted)}, the shape of the input. That shape mismatch is how one "
                "notices this bug. With a square matrix the wrong order does give numbers, the wrong ones: "
                "choose the edge from a square layer's input into its product"
            )
        return result

    return sent


def _shape(shape: tuple[int, ...]) -> str:
    """A shape in words: a number, a vector of 2, 2×3."""
    if not shape:
        return "a number"
    return f"a vector of {shape[0]}" if len(shape) == 1 else "×".join(map(str, shape))

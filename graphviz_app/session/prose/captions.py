"""Captions of the animation: the arithmetic of each step, in words and numbers.

Every caption reads like a line of a derivation done by hand. A forward step
names the node, applies the op to its inputs' names, then to their numbers::

    u = x² = 1.5² = 2.25

A backward step multiplies the upstream gradient by the local derivative, and
writes the local derivative out "outer derivative evaluated at the inner value"::

    ∂f/∂x = ∂f/∂u · ∂u/∂x = −0.6282 × 3 = −1.885
    ∂u/∂x = 2·x = 2 × 1.5 = 3

A node without a name is called by the expression that computes it (``x²``,
``sin(x²)``), or by its node id when that expression would be too long. The
output is called ``L`` when it is named ``L`` or is a loss, else by its name, else
``f``.

Tensor edges (the layer view) carry arrays: their captions give shapes and a
compact summary of the numbers, and describe the local derivative, a Jacobian,
by its rule and its shape; they never dump arrays.

Examples
--------
>>> from graphviz_app.builders.expression import parse
>>> from graphviz_app.core.evaluate import evaluate
>>> ev = evaluate(parse("sin(x**2)", {"x": 1.5}).graph)
>>> c = Captions(ev)
>>> c.forward(ev.output)
'f = sin(x²) = sin(2.25) = 0.7781'
>>> [u] = ev.graph.predecessors(ev.output)  # x², between x and the output
>>> print(c.backward(("x", u), received=1, expected=1))
∂f/∂x = ∂f/∂(x²) · ∂(x²)/∂x = −0.6282 × 3 = −1.885
∂(x²)/∂x = 2·x = 2 × 1.5 = 3
"""

from __future__ import annotations

import re
import weakref
from typing import Any

import numpy as np

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation
from graphviz_app.core.ops import ARITHMETIC, ELEMENTWISE, LOSS, get_op
from graphviz_app.errors import GraphError
from graphviz_app.session.prose.notation import (
    ADD,
    ATOM,
    MUL,
    NEG,
    Term,
    array_rule,
    describe,
    left,
    local,
    number_term,
    render,
    right,
)
from graphviz_app.text.numbers import MINUS, format_number, format_shape, shape_tag, summarize
from graphviz_app.text.superscripts import subscript_int

__all__ = [
    "ADD",
    "ATOM",
    "MAX_TERM",
    "NEG",
    "TITLE_LENGTH",
    "Captions",
    "Names",
    "output_name",
    "output_name_of",
    "render",
]

Edge = tuple[str, str]

MAX_TERM = 32  # a longer expression gets a short name of its own (u₁, u₂…), defined where it is computed
SHORT_LETTERS = "uvwpqrsk"
"""Letters for those short names: the first one no name in the graph starts with."""
TITLE_LENGTH = 14  # the canvas writes an unnamed op by its expression up to this long, else by its symbol
_SIMPLE = re.compile(r"[^\W\d][\w#]*(\[[0-9, ]*\])?")
_RAISED = set("⁰¹²³⁴⁵⁶⁷⁸⁹⁻ᵀ")
_ONE: Term = ("1", ATOM)
_LISTED = 6  # how many leaves the start and end captions list


def output_name(ev: Evaluation) -> str:
    """What captions call the output: ``L`` for a loss, else its name, else ``f``."""
    return _output_name(ev.graph, ev.output)


def output_name_of(g: Any, out: str) -> str:
    """What captions call the output ``out`` of ``g`` (see :func:`output_name`)."""
    return _output_name(g, out)


def _output_name(g: Any, out: str) -> str:
    data = g.nodes[out]
    if data[G.NAME] == "L" or (data[G.OP] and get_op(data[G.OP]).kind == LOSS):
        return "L"
    name = data[G.NAME] or "f"
    return f"({name})" if "∂" in name else name  # a backward graph's ∂f/∂x: ∂(∂f/∂x)/∂x


def _short_letter(g: Any) -> str:
    """The first of :data:`SHORT_LETTERS` that no name in ``g`` starts with (u₁ never looks like a u1)."""
    taken = {str(d[G.NAME] or d[G.LABEL] or "")[:1] for _, d in g.nodes(data=True)}
    return next((c for c in SHORT_LETTERS if c not in taken), SHORT_LETTERS[0])


def _scalar(value: Any) -> bool:
    return type(value) is float or np.ndim(value) == 0


def _after_d(text: str) -> str:
    """A name to write after ∂: plain names as they are, anything else in parentheses."""
    simple = _SIMPLE.fullmatch(text) and not _RAISED.intersection(text)
    return text if simple else f"({text})"


def _chain(parts: list[str]) -> str:
    """Join ``a = b = c``, dropping a part equal to the one before it."""
    kept: list[str] = []
    for part in parts:
        if part and (not kept or kept[-1] != part):
            kept.append(part)
    return " = ".join(kept)


class Names:
    """What captions call every node of a graph: worked out once, in topological order.

    A node with a name is called by it; an unnamed op by the expression that computes
    it (``x²``, ``sin(x²)``), or, when that would be longer than ``max_term``, by a short
    name of its own, ``u₁``, ``u₂``… in the order they are computed, as one writes "let
    u₁ = …" in a derivation: its forward caption and its title on the canvas say what it
    stands for (:attr:`generated`). Node ids never reach a person. Names depend on the
    graph only, so every evaluation of the same graph (a scrubbed input, a training step)
    shares them.
    """

    def __init__(self, g: Any, output: str, order: list[str], max_term: int = MAX_TERM):
        # held weakly: names are kept with the graph's plan of steps, which must not keep the graph alive
        self._graph = weakref.ref(g)
        self.out = output
        self.out_name = _output_name(g, output)
        self.parents: dict[str, list[str]] = {}
        self.terms: dict[str, Term] = {}
        self.derived: set[str] = set()  # nodes called by their expression
        self.generated: dict[str, str] = {}  # nodes called u₁, u₂…: the expression each stands for
        self._uses: dict[str, tuple[str, ...]] = {}  # the u₁, u₂… a node's expression mentions
        letter = _short_letter(g)
        for node in order:
            data = g.nodes[node]
            if data[G.KIND] == G.CONST:
                label = str(data[G.LABEL])
                label = MINUS + label[1:] if label.startswith("-") else label
                self.terms[node] = label, NEG if label.startswith(MINUS) else ATOM
                continue
            if data[G.KIND] != G.OPNODE:
                self.terms[node] = data[G.NAME], ATOM
                continue
            self.parents[node] = G.parents(g, node)
            if data[G.NAME]:
                self.terms[node] = data[G.NAME], ATOM
                continue
            term = render(data[G.OP], [self.terms[p] for p in self.parents[node]])
            used = dict.fromkeys(u for p in self.parents[node] for u in (*self._uses.get(p, ()), p))
            self._uses[node] = tuple(u for u in used if u in self.generated)
            if len(term[0]) <= max_term:
                self.terms[node] = term
                self.derived.add(node)
            elif node == output:  # f or L: a name already
                self.terms[node] = self.out_name, ATOM
            else:
                self.generated[node] = term[0]
                self.terms[node] = f"{letter}{subscript_int(len(self.generated))}", ATOM

    @property
    def graph(self) -> Any:
        """The graph named (held weakly: whoever uses the names holds it)."""
        return self._graph()

    @classmethod
    def of(cls, ev: Evaluation, max_term: int = MAX_TERM) -> Names:
        """The names of ``ev``'s graph, with ``ev``'s output."""
        return cls(ev.graph, ev.output, ev.order, max_term)

    def name(self, node: str) -> str:
        """What captions call ``node``; the output is ``L`` or its name or ``f``."""
        return self.out_name if node == self.out else self.terms[node][0]

    def find(self, key: str) -> str:
        """The node ``key`` stands for: a name, a label, or as the captions write it (``x²``, ``u₁``, ``f``).

        An internal id is taken too (a script may hold one); messages never show one.
        """
        g = self.graph
        if key in g:
            return key
        hits = [
            n
            for n in self.terms
            if key in (g.nodes[n][G.NAME], g.nodes[n][G.LABEL], self.terms[n][0], self.name(n))
        ]
        if len(hits) == 1:
            return hits[0]
        if hits:
            raise GraphError(
                f"'{key}' is written for {len(hits)} nodes here; to tell them apart, name the step "
                f"(name = …) in the expression"
            )
        known = ", ".join(dict.fromkeys(self.name(n) for n in self.terms if g.nodes[n][G.KIND] != G.CONST))
        shown = known if len(known) <= 200 else known[:200] + " …"
        raise GraphError(f"no node here is written '{key}' (its nodes: {shown})")

    def definitions(self, *nodes: str) -> list[str]:
        """``u₁ = …`` for each short name the expressions of ``nodes`` mention (or that is one of them)."""
        used = dict.fromkeys(u for n in nodes for u in (*self._uses.get(n, ()), n) if u in self.generated)
        return [f"{self.terms[u][0]} = {self.generated[u]}" for u in used]

    def expression(self, node: str) -> str:
        """``node`` by its expression (``x²``) even when it is the output."""
        return self.terms[node][0]

    def d(self, node: str) -> str:
        """``node`` after a ∂: parenthesized unless it is a plain name (``∂(x²)``)."""
        return self.out_name if node == self.out else _after_d(self.terms[node][0])

    def grad_of(self, node: str) -> str:
        """``∂f/∂node``."""
        return f"∂{self.out_name}/∂{self.d(node)}"

    def title(self, node: str, length: int = TITLE_LENGTH) -> str:
        """What the canvas writes in ``node``: the same notation as the captions.

        A named op (or the output, ``f`` or ``L``) is ``z = +``; an unnamed op is its
        expression (``x²``, ``x·y``) when at most ``length`` characters, else its op's
        symbol; a leaf is its name or number.
        """
        data = self.graph.nodes[node]
        if data[G.KIND] != G.OPNODE:
            return str(data[G.LABEL])
        symbol = get_op(data[G.OP]).symbol
        if data[G.NAME] or node == self.out or node in self.generated:
            name = self.name(node)
            if name == f"({data[G.NAME]})":  # ∂f/∂x, parenthesized after a ∂ only
                name = data[G.NAME]
            return f"{name} = {symbol}"
        text = self.terms[node][0]
        return text if node in self.derived and len(text) <= length else symbol


class Captions:
    """Caption writer for one evaluation: the graph's :class:`Names` and this evaluation's numbers.

    Parameters
    ----------
    ev:
        The evaluation whose numbers the captions show.
    names:
        Names worked out for another evaluation of the same graph and output, to share.
    """

    def __init__(self, ev: Evaluation, max_term: int = MAX_TERM, *, names: Names | None = None):
        self.ev = ev
        self.names = names if names is not None else Names.of(ev, max_term)
        self.graph = ev.graph
        self.out = self.names.out
        self.out_name = self.names.out_name
        self.parents = self.names.parents
        self.terms = self.names.terms
        self._numbers: dict[str, Term] = {}
        self._texts: dict[str, str] = {}

    # --- names -----------------------------------------------------------------

    def name(self, node: str) -> str:
        """What captions call ``node``; the output is ``L`` or its name or ``f``."""
        return self.names.name(node)

    def d(self, node: str) -> str:
        """``node`` after a ∂: parenthesized unless it is a plain name (``∂(x²)``)."""
        return self.names.d(node)

    def grad_of(self, node: str) -> str:
        """``∂f/∂node``."""
        return self.names.grad_of(node)

    def _operand(self, node: str) -> Term:
        """``node``'s value as an operand: a number, or the shape of an array."""
        term = self._numbers.get(node)
        if term is None:
            value = self.ev.values[node]
            term = number_term(value) if _scalar(value) else (shape_tag(np.shape(value)), ATOM)
            self._numbers[node] = term
        return term

    def value_text(self, node: str) -> str:
        """``node``'s value as a token or label shows it (computed once per node)."""
        text = self._texts.get(node)
        if text is None:
            text = self._texts[node] = format_number(self.ev.values[node])
        return text

    # --- captions --------------------------------------------------------------

    def start(self) -> str:
        """The state before anything is computed: the given leaf values."""
        g = self.graph
        given = [n for n in self.ev.order if g.nodes[n][G.KIND] in (G.INPUT, G.PARAM, G.TARGET)]
        shown = ", ".join(f"{self.name(n)} = {summarize(self.ev.values[n])}" for n in given[:_LISTED])
        more = " …" if len(given) > _LISTED else ""
        ops = len(self.parents)
        given_text = f"given {shown}{more}; " if given else ""
        nodes = "1 node from its inputs" if ops == 1 else f"{ops} nodes from their inputs"
        return f"Start: {given_text}the forward pass computes {nodes}"

    def forward(self, node: str) -> str:
        """``u = x² = 1.5² = 2.25``: the op applied to names, then to numbers, then the value."""
        op = self.graph.nodes[node][G.OP]
        args = self.parents[node]
        symbolic = render(op, [self.terms[p] for p in args])[0]
        numeric = render(op, [self._operand(p) for p in args], numeric=True)[0]
        left_side = None if node in self.names.derived and node != self.out else self.name(node)
        value = self.ev.values[node]
        return _chain(
            [
                left_side or "",
                symbolic,
                numeric,
                self.value_text(node) if _scalar(value) else summarize(value),
            ]
        )

    def seed(self) -> str:
        """The first backward step: the output's gradient with respect to itself."""
        f = self.out_name
        value = self.ev.values[self.out]
        if self.ev.grads[self.out] is None:
            return (
                f"{f} depends on no input or parameter: there are no gradients to compute "
                "(constants get none)"
            )
        if _scalar(value):
            return f"∂{f}/∂{f} = 1\nthe backward pass starts at the output with the seed 1"
        return (
            f"∂{f}/∂{f} = 1 for each of the {shape_tag(np.shape(value))} elements\n"
            f"the output is an array, so it is summed: every element is seeded with 1"
        )

    def backward(self, edge: Edge, received: int, expected: int, partial: Any = None) -> str:
        """What ``edge`` sends back to its parent, and how the parent's sum grows.

        ``received`` counts the contributions the parent has now (this one included)
        out of ``expected``; ``partial`` is the parent's sum so far.
        """
        parent, _child = edge
        ev = self.ev
        lines = (
            self._tensor_lines(edge, expected)
            if ev.local[edge] is None
            else self._scalar_lines(edge, expected)
        )
        if expected > 1:
            done = " — final" if received == expected else ""
            lines.append(
                f"{self.grad_of(parent)} += {summarize(ev.contributions[edge])} → "
                f"{summarize(partial)} ({received} of {expected} contributions){done}"
            )
        return "\n".join(lines)

    def end(self) -> str:
        """The summary once every gradient has arrived."""
        g, ev = self.graph, self.ev
        given = [n for n in ev.order if G.is_differentiable(g, n) and ev.grads[n] is not None]
        if not given:
            return f"Done: {self.out_name} = {summarize(ev.output_value)}, with no gradients to show"
        shown = ", ".join(f"{self.grad_of(n)} = {summarize(ev.grads[n])}" for n in given[:_LISTED])
        return "Done: " + shown + (" …" if len(given) > _LISTED else "")

    # --- backward details ---------------------------------------------------------

    def local_formula(self, edge: Edge) -> tuple[str, str]:
        """The local derivative ∂child/∂parent of a scalar edge, written with the parents'
        names and with their numbers: ``("2·x", "2 × 1.5")``. Tensor edges and ops
        without a written-out rule give the op table's rule and ``""``."""
        parent, child = edge
        if np.ndim(self.ev.values[parent]) or np.ndim(self.ev.values[child]):
            return describe(get_op(self.graph.nodes[child][G.OP]), self.graph.edges[edge][G.ARG][0]), ""
        return self._local_parts(edge)

    def _local_parts(self, edge: Edge) -> tuple[str, str]:
        """The local derivative of a scalar edge, with names and with numbers."""
        _parent, child = edge
        op = self.graph.nodes[child][G.OP]
        args = self.parents[child]
        names = [self.terms[p] for p in args]
        numbers = [self._operand(p) for p in args]
        positions = self.graph.edges[edge][G.ARG]
        found: list[tuple[Term, Term]] = []
        for i in positions:
            symbolic, numeric = local(op, i, names, False), local(op, i, numbers, True)
            if symbolic is None or numeric is None:  # a rule for arrays, not a formula
                return describe(get_op(op), positions[0]), ""
            found.append((symbolic, numeric))
        if len(found) == 1:
            return found[0][0][0], found[0][1][0]
        # a parent used twice (x·x) gets the sum of both local derivatives
        return " + ".join(left(s, ADD) for s, _ in found), " + ".join(left(n, ADD) for _, n in found)

    def _scalar_lines(self, edge: Edge, expected: int) -> list[str]:
        parent, child = edge
        ev = self.ev
        symbolic, numeric = self._local_parts(edge)
        value = format_number(ev.local[edge])
        of = self.d(child)
        if child == self.out and expected > 1:
            # ∂f/∂x would read as the whole gradient; name the output by its expression
            of = _after_d(self.terms[child][0])
        local_line = _chain([f"∂{of}/∂{self.d(parent)}", symbolic, numeric, value])
        if child == self.out:
            return [local_line]
        upstream = format_number(ev.grads[child])
        sent = format_number(ev.contributions[edge])
        factors = f"{self.grad_of(child)} · ∂{self.d(child)}/∂{self.d(parent)}"
        head = factors if expected > 1 else f"{self.grad_of(parent)} = {factors}"
        times = f"{upstream} × {right(number_term(ev.local[edge]), ATOM)}"
        return [f"{head} = {times} = {sent}", local_line]

    def _tensor_lines(self, edge: Edge, expected: int) -> list[str]:
        parent, child = edge
        ev, g = self.ev, self.graph
        spec = get_op(g.nodes[child][G.OP])
        position = g.edges[edge][G.ARG][0]
        args = self.parents[child]
        p_shape, c_shape = np.shape(ev.values[parent]), np.shape(ev.values[child])
        up = f"{self.grad_of(child)} {shape_tag(c_shape)}" if c_shape else self.grad_of(child)
        named = {**dict(zip(spec.params, (self.terms[p] for p in args))), "g": (up, ATOM)}
        ndims = {**dict(zip(spec.params, (np.ndim(ev.values[p]) for p in args))), "g": len(c_shape)}
        if child == self.out and not c_shape:
            # the upstream gradient is the seed 1: the local derivative is all there is
            how = f"∂{_after_d(self.terms[child][0])}/∂{self.d(parent)}" if expected > 1 else ""
        elif spec.kind in (ARITHMETIC, ELEMENTWISE):
            rule = local(spec.name, position, [self.terms[p] for p in args]) or _ONE
            how = up if rule == _ONE else f"{up} ⊙ {right(rule, MUL)}"
            if rule == (f"{MINUS}1", NEG):
                how = f"{MINUS}{up}"
            if p_shape != c_shape:
                how += ", summed over the broadcast axes"
        else:
            how = array_rule(spec, position, named, ndims) or f"{up} · ∂{self.d(child)}/∂{self.d(parent)}"
        sent = summarize(ev.contributions[edge])
        head = f"{self.grad_of(parent)} {shape_tag(p_shape)}" if p_shape else self.grad_of(parent)
        first = _chain([how, sent] if expected > 1 else [head, how, sent])
        jac = format_shape(ev.jacobian_shape(edge))
        kind = "a diagonal" if spec.elementwise and p_shape == c_shape else "a"
        rule_text = describe(spec, position)
        return [first, f"∂{self.d(child)}/∂{self.d(parent)} is {kind} {jac} Jacobian; rule: {rule_text}"]

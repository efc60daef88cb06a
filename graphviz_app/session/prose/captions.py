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

import itertools
from typing import Any

import numpy as np

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation
from graphviz_app.core.ops import ARITHMETIC, ELEMENTWISE, get_op
from graphviz_app.session.prose.clean_gradient import CLEAN_NOTE, clean_line
from graphviz_app.session.prose.names import MAX_TERM, Names, after_d
from graphviz_app.session.prose.notation import (
    ADD,
    ATOM,
    MUL,
    NEG,
    Term,
    array_rule,
    describe,
    formula,
    left,
    local,
    number_term,
    render,
    right,
    row_note,
)
from graphviz_app.text.numbers import MINUS, NumberTexts, format_number, format_shape, shape_tag, summarize

__all__ = ["Captions"]

Edge = tuple[str, str]

_ONE: Term = ("1", ATOM)
_LISTED = 6  # how many leaves the start and end captions list at most
_LISTED_CHARS = 120  # and how long that list may grow: a layer view's matrices fill a line sooner


def _listing(items: list[str]) -> str:
    """The first items, as many as :data:`_LISTED` and :data:`_LISTED_CHARS` allow (one at least), ``…`` after."""
    shown: list[str] = []
    for item in items[:_LISTED]:
        if shown and len(", ".join([*shown, item])) > _LISTED_CHARS:
            break
        shown.append(item)
    return ", ".join(shown) + (" …" if len(items) > len(shown) else "")


def _scalar(value: Any) -> bool:
    return type(value) is float or np.ndim(value) == 0


def _chain(parts: list[str]) -> str:
    """Join ``a = b = c``, dropping a part equal to the one before it."""
    kept: list[str] = []
    for part in parts:
        if part and (not kept or kept[-1] != part):
            kept.append(part)
    return " = ".join(kept)


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
        self._texts = NumberTexts(ev.values)

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
        return self._texts[node]

    # --- captions --------------------------------------------------------------

    def start(self) -> str:
        """The state before anything is computed: the given leaf values."""
        g = self.graph
        given = [n for n in self.ev.order if g.nodes[n][G.KIND] in (G.INPUT, G.PARAM, G.TARGET)]
        shown = _listing([f"{self.name(n)} = {summarize(self.ev.values[n])}" for n in given[:_LISTED]])
        more = " …" if len(given) > _LISTED and not shown.endswith("…") else ""
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
        definition = get_op(op).definition
        if definition is not None:  # an op of the user's: its body, with names, then with numbers
            symbolic += " = " + formula(definition.body, [self.terms[p] for p in args])[0]
            numeric = formula(definition.body, [self._operand(p) for p in args], numeric=True)[0]
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
        clean = clean_line(ev, self.names, parent) if received == expected else None
        if clean is not None:
            lines.append(f"{clean} {CLEAN_NOTE}")
        return "\n".join(lines)

    def end(self) -> str:
        """The summary once every gradient has arrived."""
        g, ev = self.graph, self.ev
        # the first few only (and whether there are more): the end of a big graph lists 5 of 10,000
        given = list(
            itertools.islice(
                (n for n in ev.order if G.is_differentiable(g, n) and ev.grads[n] is not None), _LISTED + 1
            )
        )
        if not given:
            return f"Done: {self.out_name} = {summarize(ev.output_value)}, with no gradients to show"
        shown = _listing([f"{self.grad_of(n)} = {summarize(ev.grads[n])}" for n in given[:_LISTED]])
        return "Done: " + shown + (" …" if len(given) > _LISTED and not shown.endswith("…") else "")

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
            of = after_d(self.terms[child][0])
        local_line = _chain([f"∂{of}/∂{self.d(parent)}", symbolic, numeric, value])
        definition = get_op(self.graph.nodes[child][G.OP]).definition
        if definition is not None:  # the user's claim, which the chain rule takes on trust
            position = self.graph.edges[edge][G.ARG][0]
            claim = definition.claim_name(position, [self.terms[p][0] for p in self.parents[child]])
            local_line = (
                _chain([f"∂{of}/∂{self.d(parent)}", claim, symbolic, numeric, value]) + ", as claimed"
            )
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
            how = f"∂{after_d(self.terms[child][0])}/∂{self.d(parent)}" if expected > 1 else ""
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
        rule_text = describe(spec, position) + row_note(spec, len(c_shape))
        return [first, f"∂{self.d(child)}/∂{self.d(parent)} is {kind} {jac} Jacobian; rule: {rule_text}"]

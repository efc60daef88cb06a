"""Captions of the animation: the arithmetic of each step, in words and numbers.

Every caption reads like a line of a derivation done by hand. A forward step
names the node, applies the op to its inputs' names, then to their numbers::

    u = x² = 1.5² = 2.25

A backward step multiplies the upstream gradient by the local derivative, and
writes the local derivative out "outer derivative evaluated at the inner value"::

    ∂f/∂x = ∂f/∂u · ∂u/∂x = −0.6282 × 3 = −1.885
    ∂u/∂x = 2·x¹ = 2 × 1.5¹ = 3

A node without a name is called by the expression that computes it (``x²``,
``sin(x²)``), or by its node id when that expression would be too long. The
output is called ``L`` when it is named ``L`` or is a loss, else by its name, else
``f``.

Tensor edges (the layer view) carry arrays: their captions give shapes and a
compact summary of the numbers, and describe the local derivative, a Jacobian,
by its rule and its shape; they never dump arrays.

Examples
--------
>>> import graphviz_app.core
>>> from graphviz_app.core import graph as G
>>> from graphviz_app.core.evaluate import evaluate
>>> g = G.new_graph()
>>> x = G.add_leaf(g, "x", 1.5)
>>> u = G.add_op(g, "pow", [x, G.add_constant(g, 2)])
>>> f = G.add_op(g, "sin", [u])
>>> c = Captions(evaluate(g))
>>> c.forward(f)
'f = sin(x²) = sin(2.25) = 0.7781'
>>> print(c.backward((x, u), received=1, expected=1))
∂f/∂x = ∂f/∂(x²) · ∂(x²)/∂x = −0.6282 × 3 = −1.885
∂(x²)/∂x = 2·x¹ = 2 × 1.5¹ = 3
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation
from graphviz_app.core.ops import get_op
from graphviz_app.core.optable import ELEMENTWISE_UNARY, LOSSES
from graphviz_app.session.numbers import (
    MINUS,
    format_number,
    format_shape,
    shape_tag,
    summarize,
    superscript,
)

__all__ = ["MAX_TERM", "Captions", "output_name", "render"]

Edge = tuple[str, str]
Term = tuple[str, int]  # text and precedence, so operands get parentheses only when needed

# precedence, loosest first
LOOSE, ADD, MUL, NEG, POW, ATOM = 0, 1, 2, 3, 4, 5
MAX_TERM = 32  # longer expressions are replaced by the node id
_SHAPE_TAG = re.compile(r"\([0-9×,]+\)")
_SIMPLE = re.compile(r"[^\W\d][\w#]*(\[[0-9, ]*\])?")
_RAISED = set("⁰¹²³⁴⁵⁶⁷⁸⁹⁻ᵀ")
_ONE: Term = ("1", ATOM)
_LISTED = 6  # how many leaves the start and end captions list


def output_name(ev: Evaluation) -> str:
    """What captions call the output: ``L`` for a loss, else its name, else ``f``."""
    data = ev.graph.nodes[ev.output]
    if data[G.NAME] == "L" or data[G.OP] in LOSSES:
        return "L"
    return data[G.NAME] or "f"


def _scalar(value: Any) -> bool:
    return type(value) is float or np.ndim(value) == 0


def number_term(x: Any) -> Term:
    """A scalar as an operand: negative numbers bind like a unary minus."""
    text = format_number(x)
    return text, NEG if text.startswith(MINUS) else ATOM


def _left(t: Term, prec: int) -> str:
    return t[0] if t[1] >= prec else f"({t[0]})"


def _right(t: Term, prec: int) -> str:
    """An operand after an operator: a leading minus always gets parentheses."""
    return t[0] if t[1] >= prec and not t[0].startswith(MINUS) else f"({t[0]})"


def _call(name: str, args: list[Term]) -> Term:
    if len(args) == 1 and _SHAPE_TAG.fullmatch(args[0][0]):
        return name + args[0][0], ATOM  # softmax(2×3), not softmax((2×3))
    return f"{name}({', '.join(t[0] for t in args)})", ATOM


def _power(base: Term, exponent: Term) -> Term:
    up = superscript(exponent[0]) if exponent[1] == ATOM or exponent[0].startswith(MINUS) else None
    head = _right(base, ATOM)
    return (head + up if up else f"{head}^{_right(exponent, ATOM)}"), POW


def render(op: str, args: list[Term], numeric: bool = False) -> Term:
    """Write ``op`` applied to ``args`` the way a textbook would.

    Infix for + − × ÷ ^, a function call for unary ops, the op's symbol applied to
    its arguments for the rest. With ``numeric=True`` the arguments are numbers and
    multiplication is written ``×``; otherwise it is ``·``.

    Examples
    --------
    >>> import graphviz_app.core
    >>> render("pow", [("x", ATOM), ("2", ATOM)])[0]
    'x²'
    >>> render("mul", [("a", ATOM), ("b + c", ADD)])[0]
    'a·(b + c)'
    >>> render("sub", [("1.5", ATOM), ("−2", NEG)], numeric=True)[0]
    '1.5 − (−2)'
    """
    spec = get_op(op)
    times = " × " if numeric else "·"
    if op == "add":
        return f"{_left(args[0], ADD)} + {_right(args[1], ADD)}", ADD
    if op == "sub":
        return f"{_left(args[0], ADD)} − {_right(args[1], MUL)}", ADD
    if op == "mul":
        return f"{_left(args[0], MUL)}{times}{_right(args[1], MUL)}", MUL
    if op == "div":
        return f"{_left(args[0], MUL)}/{_right(args[1], POW)}", MUL
    if op == "pow":
        return _power(args[0], args[1])
    if op == "neg":
        return f"{MINUS}{_right(args[0], POW)}", NEG
    if op == "sqrt":
        return f"√{_right(args[0], ATOM)}", POW
    if op == "abs":
        return f"|{args[0][0]}|", ATOM
    if op == "matmul":
        return f"{_left(args[0], MUL)}·{_right(args[1], POW)}", MUL
    if op == "transpose":
        return f"{_right(args[0], ATOM)}ᵀ", POW
    if op == "nll":
        return f"{MINUS}log {_right(args[0], ATOM)}[{args[1][0]}]", NEG
    if op == "half_se":
        return f"½Σ({args[0][0]} − {_right(args[1], MUL)})²", ATOM
    return _call(spec.symbol, args)


_NUMBER = re.compile(r"−?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?")


def _as_number(text: str) -> float | None:
    """The number a term spells (a constant's label), or None for a name like ``inf``."""
    return float(text.replace(MINUS, "-")) if _NUMBER.fullmatch(text) else None


def _local(op: str, position: int, a: list[Term], numeric: bool) -> Term | None:
    """∂(op)/∂(argument ``position``) written with the arguments ``a`` (names or numbers).

    These are the op table's derivative formulas, with the op's own variables
    replaced by the actual inputs. None for ops without a scalar formula here.
    """
    t = " × " if numeric else "·"
    x = a[0][0]
    if op in ("add", "identity", "sum", "mean") or (op == "sub" and position == 0):
        return _ONE
    if op in ("neg", "sub"):
        return f"{MINUS}1", NEG
    if op == "mul":
        return a[1 - position]
    if op == "div":
        if position == 0:
            return f"1/{_right(a[1], POW)}", MUL
        return f"{MINUS}{_left(a[0], POW)}/{_power(a[1], ('2', ATOM))[0]}", NEG
    if op == "pow":
        if position == 1:
            return f"{_power(a[0], a[1])[0]}{t}ln({x})", MUL
        b = _as_number(a[1][0])
        lower = number_term(b - 1) if b is not None else (f"{a[1][0]} − 1", ADD)
        return f"{_left(a[1], MUL)}{t}{_power(a[0], lower)[0]}", MUL
    simple: dict[str, Callable[[], Term]] = {
        "exp": lambda: (f"exp({x})", ATOM),
        "log": lambda: (f"1/{_right(a[0], POW)}", MUL),
        "sqrt": lambda: (f"1/(2√{_right(a[0], ATOM)})", MUL),
        "sin": lambda: (f"cos({x})", ATOM),
        "cos": lambda: (f"{MINUS}sin({x})", NEG),
        "tan": lambda: (f"1 + tan²({x})", ADD),
        "tanh": lambda: (f"1 − tanh²({x})", ADD),
        "sigmoid": lambda: (f"σ({x}){t}(1 − σ({x}))", MUL),
        "relu": lambda: (f"1 if {x} > 0 else 0", LOOSE),
        "softplus": lambda: (f"σ({x})", ATOM),
        "abs": lambda: (f"sign({x})", ATOM),
    }
    if op in simple:
        return simple[op]()
    if op in ("mse", "half_se", "bce"):
        diff = f"{a[0][0]} − {_right(a[1], MUL)}"
        formulas = {
            ("mse", 0): (f"2{t}({diff})", MUL),
            ("mse", 1): (f"{MINUS}2{t}({diff})", NEG),
            ("half_se", 0): (diff, ADD),
            ("half_se", 1): (f"{MINUS}({diff})", NEG),
            ("bce", 0): (f"({diff})/({x}{t}(1 − {_right(a[0], MUL)}))", MUL),
            ("bce", 1): (f"log(1 − {_right(a[0], MUL)}) − log({x})", ADD),
        }
        return formulas[op, position]
    return None


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


class Captions:
    """Caption writer for one evaluation.

    Names of all nodes are worked out once, in topological order, so a caption
    costs a few string operations however big the graph is.

    Parameters
    ----------
    ev:
        The evaluation whose numbers the captions show.
    """

    def __init__(self, ev: Evaluation, max_term: int = MAX_TERM):
        self.ev = ev
        self.graph = g = ev.graph
        self.out = ev.output
        self.out_name = output_name(ev)
        self.parents: dict[str, list[str]] = {}
        self.terms: dict[str, Term] = {}
        self._derived: set[str] = set()  # nodes called by their expression
        self._numbers: dict[str, Term] = {}
        self._texts: dict[str, str] = {}
        for node in ev.order:
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
            if len(term[0]) <= max_term:
                self.terms[node] = term
                self._derived.add(node)
            else:
                self.terms[node] = node, ATOM

    # --- names -----------------------------------------------------------------

    def name(self, node: str) -> str:
        """What captions call ``node``; the output is ``L`` or its name or ``f``."""
        return self.out_name if node == self.out else self.terms[node][0]

    def d(self, node: str) -> str:
        """``node`` after a ∂: parenthesized unless it is a plain name (``∂(x²)``)."""
        return self.out_name if node == self.out else _after_d(self.terms[node][0])

    def grad_of(self, node: str) -> str:
        """``∂f/∂node``."""
        return f"∂{self.out_name}/∂{self.d(node)}"

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
        left = None if node in self._derived and node != self.out else self.name(node)
        value = self.ev.values[node]
        return _chain(
            [left or "", symbolic, numeric, self.value_text(node) if _scalar(value) else summarize(value)]
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
        names and with their numbers: ``("2·x¹", "2 × 1.5¹")``. Tensor edges and ops
        without a written-out rule give the op table's text and ``""``."""
        parent, child = edge
        if np.ndim(self.ev.values[parent]) or np.ndim(self.ev.values[child]):
            return get_op(self.graph.nodes[child][G.OP]).derivative_text(self.graph.edges[edge][G.ARG][0]), ""
        return self._local_parts(edge)

    def _local_parts(self, edge: Edge) -> tuple[str, str]:
        """The local derivative of a scalar edge, with names and with numbers."""
        _parent, child = edge
        op = self.graph.nodes[child][G.OP]
        args = self.parents[child]
        names = [self.terms[p] for p in args]
        numbers = [self._operand(p) for p in args]
        positions = self.graph.edges[edge][G.ARG]
        found = [(_local(op, i, names, False), _local(op, i, numbers, True)) for i in positions]
        if any(s is None or n is None for s, n in found):
            return get_op(op).derivative_text(positions[0]), ""
        if len(found) == 1:
            return found[0][0][0], found[0][1][0]
        # a parent used twice (x·x) gets the sum of both local derivatives
        return (" + ".join(_left(s, ADD) for s, _ in found), " + ".join(_left(n, ADD) for _, n in found))

    def _scalar_lines(self, edge: Edge, expected: int) -> list[str]:
        parent, child = edge
        ev = self.ev
        symbolic, numeric = self._local_parts(edge)
        local = format_number(ev.local[edge])
        of = self.d(child)
        if child == self.out and expected > 1:
            # ∂f/∂x would read as the whole gradient; name the output by its expression
            of = _after_d(self.terms[child][0])
        local_line = _chain([f"∂{of}/∂{self.d(parent)}", symbolic, numeric, local])
        if child == self.out:
            return [local_line]
        upstream = format_number(ev.grads[child])
        sent = format_number(ev.contributions[edge])
        factors = f"{self.grad_of(child)} · ∂{self.d(child)}/∂{self.d(parent)}"
        head = factors if expected > 1 else f"{self.grad_of(parent)} = {factors}"
        times = f"{upstream} × {_right(number_term(ev.local[edge]), ATOM)}"
        return [f"{head} = {times} = {sent}", local_line]

    def _tensor_lines(self, edge: Edge, expected: int) -> list[str]:
        parent, child = edge
        ev, g = self.ev, self.graph
        op = g.nodes[child][G.OP]
        position = g.edges[edge][G.ARG][0]
        args = self.parents[child]
        p_shape, c_shape = np.shape(ev.values[parent]), np.shape(ev.values[child])
        up = f"{self.grad_of(child)} {shape_tag(c_shape)}" if c_shape else self.grad_of(child)
        if child == self.out and not c_shape:
            # the upstream gradient is the seed 1: the local derivative is all there is
            how = f"∂{_after_d(self.terms[child][0])}/∂{self.d(parent)}" if expected > 1 else ""
        elif op == "matmul":
            how = self._matmul_rule(position, up, args)
        elif op == "transpose":
            how = f"{up}, transposed"
        elif op in ELEMENTWISE_UNARY or op in ("add", "sub", "mul", "div", "pow"):
            rule = _local(op, position, [self.terms[p] for p in args], False)
            how = up if rule == _ONE else f"{up} ⊙ {_right(rule, MUL)}"
            if rule == (f"{MINUS}1", NEG):
                how = f"{MINUS}{up}"
            if p_shape != c_shape:
                how += ", summed over the broadcast axes"
        else:
            how = f"{up} · ∂{self.d(child)}/∂{self.d(parent)}"
        sent = summarize(ev.contributions[edge])
        head = f"{self.grad_of(parent)} {shape_tag(p_shape)}" if p_shape else self.grad_of(parent)
        first = _chain([how, sent] if expected > 1 else [head, how, sent])
        jac = format_shape(ev.jacobian_shape(edge))
        kind = "a diagonal" if op in ELEMENTWISE_UNARY and p_shape == c_shape else "a"
        rule_text = get_op(op).derivative_text(position)
        return [first, f"∂{self.d(child)}/∂{self.d(parent)} is {kind} {jac} Jacobian; rule: {rule_text}"]

    def _matmul_rule(self, position: int, up: str, args: list[str]) -> str:
        """The two matmul rules: ∂L/∂W = upstream ⊗ aᵀ and ∂L/∂a = Wᵀ · upstream."""
        a, b = args
        a_dim, b_dim = np.ndim(self.ev.values[a]), np.ndim(self.ev.values[b])
        if position == 0:
            other = _left(self.terms[b], ATOM)
            if b_dim == 1:
                return f"{up} ⊗ {other}ᵀ" if a_dim == 2 else f"{up} × {other}"
            return f"{up} · {other}ᵀ"
        other = _left(self.terms[a], ATOM)
        if a_dim == 1:
            return f"{other} ⊗ {up}" if b_dim == 2 else f"{up} × {other}"
        return f"{other}ᵀ · {up}"

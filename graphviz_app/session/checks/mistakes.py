"""A classic mistake run on the session's graph and values, beside the right result.

:func:`run_mistake` runs the reference backward pass once more with one of the
mistakes of :mod:`graphviz_app.core.mistakes` and compares, for every node that
gets a gradient, the right value with the wrong one. For every leaf it adds the
finite-difference derivative (f(v + h) − f(v − h)) / 2h, which knows nothing of
the chain rule, and says which of the two it agrees with: always the right one,
which is how a gradient check catches every one of these bugs. One sentence of
prose, in the captions' notation, says what went wrong.

Qt-free: the window's Mistakes menu and panel and the CLI's ``mistake`` command
show the same :class:`MistakeReport`.

Examples
--------
>>> from graphviz_app.session.state.session import Session
>>> s = Session()
>>> s.open_source("sin(x**2)", {"x": 1.5})
>>> report = run_mistake(s.evaluation, "forget-inner", ("x", "pow#2"))
>>> [(row.name, round(row.right, 4), round(row.wrong, 4), row.agrees) for row in report.rows if row.leaf]
[('x', -1.8845, -0.6282, 'right')]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation, backward_pass
from graphviz_app.core.gradcheck import TOLERANCE, gradcheck, relative_error
from graphviz_app.core.mistakes import (
    FORGET_INNER,
    OVERWRITE,
    SIGMA,
    WRONG_ORDER,
    Mistake,
    MistakeRefused,
    check_applies,
    input_side,
    reused_nodes,
)
from graphviz_app.core.ops import ELEMENTWISE, get_op
from graphviz_app.session.prose.captions import Captions
from graphviz_app.text.numbers import format_number, summarize

__all__ = ["MAX_CHECKED", "RULES", "TITLES", "MistakeReport", "MistakeRow", "resolve_edge", "run_mistake"]

Edge = tuple[str, str]

TITLES = {
    FORGET_INNER: "Forget the inner derivative",
    OVERWRITE: "Take only one path (= instead of +=)",
    SIGMA: "σ(z) instead of σ′(z)",
    WRONG_ORDER: "Multiply Jacobians in the wrong order",
}
"""What menus and headings call each mistake."""

MAX_CHECKED = 400
"""Leaf elements checked by finite differences (two forward passes each); a larger graph skips the column."""


@dataclass(frozen=True)
class MistakeRow:
    """One node's gradient, right and wrong; for a leaf, the finite difference and which it agrees with.

    ``agrees`` is ``"right"``, ``"wrong"``, ``"both"`` (the mistake did not change this
    gradient), ``"neither"``, or ``""`` (not a leaf, or not checked).
    """

    node: str
    name: str  # what the captions call the node
    grad_name: str  # ∂f/∂node
    right: Any
    wrong: Any
    numeric: Any = None
    agrees: str = ""
    leaf: bool = False

    @property
    def damaged(self) -> bool:
        return not _same(self.right, self.wrong)


@dataclass(frozen=True)
class MistakeReport:
    """A mistake's damage: the rows (output side first), the prose, and the wrong gradients by node."""

    kind: str
    edge: Edge | None
    title: str
    prose: str
    rows: list[MistakeRow]
    wrong: dict[str, Any]
    line: str = ""
    """The mistake in one line, for the caption under the canvas (:func:`_line`)."""

    @property
    def damaged(self) -> dict[str, Any]:
        """Node -> its wrong gradient, for the nodes whose gradient the mistake changed."""
        return {row.node: row.wrong for row in self.rows if row.damaged}


def run_mistake(ev: Evaluation, kind: str, edge: Edge | None = None) -> MistakeReport:
    """Run the mistake ``kind`` (on ``edge``, or everywhere it applies) against ``ev``.

    Raises :class:`MistakeRefused` with a message that says why where it does not apply.
    """
    g, captions = ev.graph, Captions(ev)
    mistake = Mistake(kind, edge, name=captions.name)  # an unknown kind is refused here
    check_applies(mistake, g, ev.contributions)
    with np.errstate(all="ignore"):
        wrong, _, sent = backward_pass(g, ev.values, ev.output, mistake=mistake)
    numeric = _finite_differences(ev)
    rows = []
    for node in reversed(ev.order):
        if ev.grads.get(node) is None or node == ev.output:
            continue
        leaf = G.is_leaf(g, node)
        fd = numeric.get(node) if leaf else None
        rows.append(
            MistakeRow(
                node,
                captions.name(node),
                captions.grad_of(node),
                ev.grads[node],
                wrong[node],
                fd,
                _agrees(ev.grads[node], wrong[node], fd),
                leaf,
            )
        )
    if not any(row.damaged for row in rows):
        raise MistakeRefused(f"{TITLES[kind]}: {_harmless(mistake, captions)}")
    prose = _prose(mistake, ev, captions, (wrong, sent), rows)
    return MistakeReport(kind, edge, TITLES[kind], prose, rows, wrong, _line(mistake, captions, rows))


RULES = {
    FORGET_INNER: "every function passes its gradient back without its own derivative",
    OVERWRITE: "= instead of +=, a reused node keeps only the path that arrives last",
    SIGMA: "σ(z) where σ′(z) = σ(z)(1 − σ(z)) belongs",
    WRONG_ORDER: "W·g where Wᵀ·g belongs",
}
"""Each mistake's changed rule in a few words, for :func:`_line`."""


def _line(mistake: Mistake, c: Captions, rows: list[MistakeRow]) -> str:
    """``Mistake: = instead of +=, … : ∂z/∂x = 1.755 instead of 2.235 (✗ marks every wrong gradient)``.

    The gradient named is the damaged one nearest the output, where the damage starts.
    """
    rule = RULES[mistake.kind]
    if mistake.kind == FORGET_INNER and mistake.edge is not None:
        parent, child = mistake.edge
        rule = f"the inner derivative ∂{c.d(child)}/∂{c.d(parent)} is forgotten on {c.name(parent)} → {c.name(child)}"
    first = next(row for row in rows if row.damaged)
    wrong, right = (format_number(v) if np.ndim(v) == 0 else summarize(v) for v in (first.wrong, first.right))
    return f"Mistake: {rule}: {first.grad_name} = {wrong} instead of {right} (✗ marks every wrong gradient)"


# --- the finite-difference column ------------------------------------------------------------


def _finite_differences(ev: Evaluation) -> dict[str, Any]:
    """Leaf -> the central-difference gradient, shaped like the leaf ({} for a graph too big to check)."""
    g = ev.graph
    leaves = G.leaves(g)
    if sum(int(np.size(ev.values[leaf])) for leaf in leaves) > MAX_CHECKED:
        return {}
    given = {leaf: ev.values[leaf] for leaf in leaves}
    numeric: dict[str, Any] = {}
    for check in gradcheck(g, given, ev.output):
        if not check.index:
            numeric[check.leaf] = check.numeric
        else:
            numeric.setdefault(check.leaf, np.zeros(np.shape(ev.values[check.leaf])))[check.index] = (
                check.numeric
            )
    return numeric


def _close(a: Any, n: Any) -> bool:
    """gradcheck's test: relative error |a − n| / max(|a|, |n|, 1e-8) at most TOLERANCE, element by element."""
    a, n = np.asarray(a, dtype=float), np.asarray(n, dtype=float)
    if a.shape != n.shape and a.size != n.size:
        return False
    return bool(np.all(relative_error(a.reshape(n.shape), n) <= TOLERANCE))


def _agrees(right: Any, wrong: Any, numeric: Any) -> str:
    if numeric is None:
        return ""
    r, w = _close(right, numeric), _close(wrong, numeric)
    return "both" if r and w else "right" if r else "wrong" if w else "neither"


def _same(a: Any, b: Any) -> bool:
    return np.shape(a) == np.shape(b) and bool(np.array_equal(a, b, equal_nan=True))


# --- the prose --------------------------------------------------------------------------------


def _harmless(mistake: Mistake, c: Captions) -> str:
    if mistake.kind == FORGET_INNER and mistake.edge is not None:
        parent, child = mistake.edge
        return (
            f"the local factor of {c.name(parent)} → {c.name(child)} is 1 here, so forgetting it changes "
            "nothing. Choose an edge into a function or a product"
        )
    return "at these values it changes no gradient (every factor it replaces is the same): try other values"


def _prose(
    mistake: Mistake, ev: Evaluation, c: Captions, pass_: tuple[dict[str, Any], dict], rows: list[MistakeRow]
) -> str:
    """One sentence on what went wrong (``pass_``: the wrong pass's gradients and contributions),
    then what the finite differences say."""
    kind, n = mistake.kind, c.name
    wrong, sent = pass_
    if kind == FORGET_INNER and mistake.edge is not None:
        parent, child = mistake.edge
        symbols, numbers = c.local_formula(mistake.edge)
        factor = f"{symbols} = {numbers}" if numbers else symbols
        what = (
            f"The edge {n(parent)} → {n(child)} sent {c.grad_of(child)} back unchanged, forgetting its local "
            f"factor ∂{c.d(child)}/∂{c.d(parent)} = {factor}: {c.grad_of(parent)} came out as "
            f"{format_number(wrong[parent])} instead of {format_number(ev.grads[parent])}."
        )
    elif kind == FORGET_INNER:
        functions = [node for node in ev.order if _function_node(ev, node)]
        listed = ", ".join(_applied(ev, c, node) for node in functions[:4]) + (
            ", …" if len(functions) > 4 else ""
        )
        first = (G.parents(ev.graph, functions[-1])[0], functions[-1])
        symbols, numbers = c.local_formula(first)
        example = f"{symbols} = {numbers}" if numbers else symbols
        what = (
            f"Every function ({listed}) passed its gradient back as if its derivative were 1: the factor "
            f"∂{c.d(first[1])}/∂{c.d(first[0])} = {example} and its like are missing from every path "
            "through them."
        )
    elif kind == OVERWRITE:
        parts = []
        carrying = [edge for edge, value in ev.contributions.items() if value is not None]
        rank = {node: i for i, node in enumerate(ev.order)}
        reused = sorted(reused_nodes(ev.graph, carrying), key=rank.__getitem__, reverse=True)
        for node in reused[:3]:
            children = [ch for ch in ev.children_in_backward_order(node) if sent[node, ch] is not None]
            last, others = children[-1], " and ".join(n(ch) for ch in children[:-1]) or "the other position"
            parts.append(
                f"at {n(node)}, {n(last)}'s contribution ({format_number(sent[node, last])}) arrived last and "
                f"overwrote {others}'s, so {c.grad_of(node)} = {format_number(wrong[node])} instead of the sum "
                f"{format_number(ev.grads[node])}"
            )
        what = (
            "With = instead of +=, a node used more than once keeps only one path: " + "; ".join(parts) + "."
        )
    elif kind == SIGMA:
        sigmoids = [node for node in ev.order if ev.graph.nodes[node].get(G.OP) == "sigmoid"]
        node = sigmoids[-1]
        s = ev.values[node]
        more = f" (and likewise at {len(sigmoids) - 1} more σ)" if len(sigmoids) > 1 else ""
        what = (
            f"On the edge into {_applied(ev, c, node)} the local factor was σ = {format_number(s)}, the node's "
            f"own value, instead of σ′ = σ(1 − σ) = {format_number(s * (1 - s))}{more}: every gradient behind "
            f"it is 1/(1 − σ) = {format_number(1 / (1 - s))} times too large"
            + (", element by element." if np.ndim(s) else ".")
        )
    else:
        products = (
            [mistake.edge[1]]
            if mistake.edge
            else [node for node in ev.order if ev.graph.nodes[node].get(G.OP) == "matmul"]
        )
        product = products[0]
        side = input_side(ev.graph, product)
        inp, weight = (
            n(p) for p in (G.parents(ev.graph, product)[side], G.parents(ev.graph, product)[1 - side])
        )
        wrong_text, right_text = (
            (f"{weight}·g", f"{weight}ᵀ·g") if side == 1 else (f"g·{weight}ᵀ", f"g·{weight}")
        )
        what = (
            f"At {n(product)} the input {inp} received {wrong_text} instead of {right_text} (g = "
            f"{c.grad_of(product)}): the shapes fit because {weight} is square, but the numbers are the "
            f"transpose's, not the chain rule's: {c.grad_of(G.parents(ev.graph, product)[side])} = "
            f"{format_number(wrong[G.parents(ev.graph, product)[side]])} instead of "
            f"{format_number(ev.grads[G.parents(ev.graph, product)[side]])}."
        )
    leaves = [row for row in rows if row.leaf and row.damaged and row.agrees]
    if leaves:
        verdict = {row.agrees for row in leaves}
        if verdict == {"right"}:
            what += " The finite differences agree with the right gradient" + (
                "s." if len(leaves) > 1 else "."
            )
    return what


def _applied(ev: Evaluation, c: Captions, node: str) -> str:
    """A function node written as applied to its argument: ``x = cos(t)``, ``sin(x²)``."""
    spec = get_op(ev.graph.nodes[node][G.OP])
    call = f"{spec.symbol}({c.name(G.parents(ev.graph, node)[0])})"
    return call if c.name(node) == call else f"{c.name(node)} = {call}"


def _function_node(ev: Evaluation, node: str) -> bool:
    """An elementwise function of one argument (sin, σ, ReLU…) that the gradient passes."""
    op = ev.graph.nodes[node].get(G.OP)
    if op is None or not any(ev.contributions.get((p, node)) is not None for p in G.parents(ev.graph, node)):
        return False
    spec = get_op(op)
    return spec.kind == ELEMENTWISE and spec.arity == 1


def resolve_edge(ev: Evaluation, parent: str, child: str) -> Edge:
    """The edge named by two nodes, each given by name or as the captions write it (``x²``)."""
    names = Captions(ev).names
    edge = names.find(parent), names.find(child)
    if edge not in ev.graph.edges:
        shown = [
            f"{names.name(a)} → {names.name(b)}"
            for (a, b), sent in ev.contributions.items()
            if sent is not None
        ]
        raise MistakeRefused(
            f"there is no edge {names.name(edge[0])} → {names.name(edge[1])}; edges that carry a gradient: "
            + "; ".join(shown[:8])
            + (" …" if len(shown) > 8 else "")
        )
    return edge

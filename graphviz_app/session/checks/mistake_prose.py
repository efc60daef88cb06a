"""What a classic mistake did, in the captions' notation: one paragraph and one line.

:func:`prose` says in a sentence or two what went wrong and where (the forgotten
factor, the contribution that was overwritten, the outer derivative evaluated at
the wrong place…), with the numbers, then what the finite differences say.
:func:`line` says it in one line for the caption under the canvas. Both read the
right evaluation, the wrong pass's numbers and the rows of
:mod:`graphviz_app.session.checks.mistakes`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from graphviz_app.core import functions as F
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation
from graphviz_app.core.mistakes import (
    FORGET_INNER,
    INNER_FIRST,
    MISSING_CHAIN,
    OVERWRITE,
    PARTIAL_TOTAL,
    SIGMA,
    WRONG_ORDER,
    Mistake,
    inner_inputs,
    input_side,
    nested_functions,
    reused_nodes,
    two_route_variables,
)
from graphviz_app.core.ops import ELEMENTWISE, get_op
from graphviz_app.session.checks.mistake_table import RULES
from graphviz_app.session.prose.captions import Captions
from graphviz_app.session.prose.notation import local, number_term
from graphviz_app.text.numbers import format_number, summarize

if TYPE_CHECKING:
    from graphviz_app.session.checks.mistakes import MistakeRow

__all__ = ["harmless", "line", "prose"]

Wrong = tuple[dict[str, Any], dict[tuple[str, str], Any]]  # the wrong pass's gradients and contributions


def line(mistake: Mistake, c: Captions, rows: list[MistakeRow]) -> str:
    """``Mistake: = instead of +=, … : ∂z/∂x = 1.755 instead of 2.235 (✗ marks every wrong gradient)``.

    The gradient named is the damaged one nearest the output, where the damage starts.
    """
    rule = RULES[mistake.kind]
    if mistake.kind == FORGET_INNER and mistake.edge is not None:
        parent, child = mistake.edge
        rule = f"the inner derivative ∂{c.d(child)}/∂{c.d(parent)} is forgotten on {c.name(parent)} → {c.name(child)}"
    first = next(row for row in rows if row.damaged)
    wrong, right = (_number(v) for v in (first.wrong, first.right))
    return f"Mistake: {rule}: {first.grad_name} = {wrong} instead of {right} (✗ marks every wrong gradient)"


def harmless(mistake: Mistake, c: Captions) -> str:
    """Why a mistake that changed no gradient is refused."""
    if mistake.kind == FORGET_INNER and mistake.edge is not None:
        parent, child = mistake.edge
        return (
            f"the local factor of {c.name(parent)} → {c.name(child)} is 1 here, so forgetting it changes "
            "nothing. Choose an edge into a function or a product"
        )
    return "at these values it changes no gradient (every factor it replaces is the same): try other values"


def prose(mistake: Mistake, ev: Evaluation, c: Captions, wrong: Wrong, rows: list[MistakeRow]) -> str:
    """One sentence on what went wrong, then what the finite differences say."""
    what = _WHAT[mistake.kind](mistake, ev, c, wrong)
    leaves = [row for row in rows if row.leaf and row.damaged and row.agrees]
    if leaves and {row.agrees for row in leaves} == {"right"}:
        what += " The finite differences agree with the right gradient" + ("s." if len(leaves) > 1 else ".")
    return what


# --- one sentence per mistake ----------------------------------------------------------------


def _forget_inner(mistake: Mistake, ev: Evaluation, c: Captions, pass_: Wrong) -> str:
    wrong, n = pass_[0], c.name
    if mistake.edge is not None:
        parent, child = mistake.edge
        return (
            f"The edge {n(parent)} → {n(child)} sent {c.grad_of(child)} back unchanged, forgetting its local "
            f"factor ∂{c.d(child)}/∂{c.d(parent)} = {_factor(c, mistake.edge, False)}: {c.grad_of(parent)} came out "
            f"as {format_number(wrong[parent])} instead of {format_number(ev.grads[parent])}."
        )
    functions = [node for node in ev.order if _function_node(ev, node)]
    listed = ", ".join(_applied(ev, c, node) for node in functions[:4]) + (
        ", …" if len(functions) > 4 else ""
    )
    first = (G.parents(ev.graph, functions[-1])[0], functions[-1])
    return (
        f"Every function ({listed}) passed its gradient back as if its derivative were 1: the factor "
        f"∂{c.d(first[1])}/∂{c.d(first[0])} = {_factor(c, first, False)} and its like are missing from every path "
        "through them."
    )


def _overwrite(mistake: Mistake, ev: Evaluation, c: Captions, pass_: Wrong) -> str:
    (wrong, sent), n = pass_, c.name
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
    return "With = instead of +=, a node used more than once keeps only one path: " + "; ".join(parts) + "."


def _sigma(mistake: Mistake, ev: Evaluation, c: Captions, pass_: Wrong) -> str:
    sigmoids = [node for node in ev.order if ev.graph.nodes[node].get(G.OP) == "sigmoid"]
    node = sigmoids[-1]
    s = ev.values[node]
    more = _likewise(len(sigmoids), "at", "σ", "σ")
    return (
        f"On the edge into {_applied(ev, c, node)} the local factor was σ = {format_number(s)}, the node's "
        f"own value, instead of σ′ = σ(1 − σ) = {format_number(s * (1 - s))}{more}: every gradient behind "
        f"it is 1/(1 − σ) = {format_number(1 / (1 - s))} times too large"
        + (", element by element." if np.ndim(s) else ".")
    )


def _wrong_order(mistake: Mistake, ev: Evaluation, c: Captions, pass_: Wrong) -> str:
    wrong, n, g = pass_[0], c.name, ev.graph
    products = (
        [mistake.edge[1]]
        if mistake.edge
        else [node for node in ev.order if g.nodes[node].get(G.OP) == "matmul"]
    )
    product = products[0]
    side = input_side(g, product)
    inp, weight = (n(p) for p in (G.parents(g, product)[side], G.parents(g, product)[1 - side]))
    wrong_text, right_text = (f"{weight}·g", f"{weight}ᵀ·g") if side == 1 else (f"g·{weight}ᵀ", f"g·{weight}")
    target = G.parents(g, product)[side]
    return (
        f"At {n(product)} the input {inp} received {wrong_text} instead of {right_text} (g = "
        f"{c.grad_of(product)}): the shapes fit because {weight} is square, but the numbers are the "
        f"transpose's, not the chain rule's: {c.grad_of(target)} = {format_number(wrong[target])} instead of "
        f"{format_number(ev.grads[target])}."
    )


def _inner_first(mistake: Mistake, ev: Evaluation, c: Captions, pass_: Wrong) -> str:
    wrong, n, g = pass_[0], c.name, ev.graph
    at = inner_inputs(g, ev.output)
    edges = [edge for edge in ev.backward.edges if edge in at]  # the one nearest the output first
    inner, outer = edges[0]
    x = at[inner, outer]
    op = g.nodes[outer][G.OP]
    wrong_formula = local(op, 0, [c.terms[x]])
    wrong_numbers = local(op, 0, [number_term(ev.values[x])], numeric=True)
    spec = get_op(op)
    value = ev.values[x]
    value = np.float64(value) if type(value) is float else value  # 1/0 is inf here, as the pass found it
    with np.errstate(all="ignore"):
        wrong_factor = spec.vjp(0)(F, 1.0, spec.forward(value), value)
    said = " = ".join(t[0] for t in (wrong_formula, wrong_numbers) if t is not None)
    more = _likewise(len(edges), "at", "function")
    return (
        f"At {_applied(ev, c, outer)} the outer derivative was evaluated at the inner function's input "
        f"{n(x)} = {_number(ev.values[x])} instead of at its value {n(inner)} = {_number(ev.values[inner])}: "
        f"∂{c.d(outer)}/∂{c.d(inner)} = {said} = {_number(wrong_factor)} instead of "
        f"{_factor(c, (inner, outer))}{more}. So {c.grad_of(x)} came out as {_number(wrong[x])} "
        f"instead of {_number(ev.grads[x])}."
    )


def _missing_chain(mistake: Mistake, ev: Evaluation, c: Captions, pass_: Wrong) -> str:
    wrong, g = pass_[0], ev.graph
    nested = nested_functions(g, ev.output)
    outers = [
        node for node in ev.order if node not in nested and any(p in nested for p in G.parents(g, node))
    ]
    chain = [outers[-1]]  # the outermost function, then each function inside it
    while (inner := G.parents(g, chain[-1])[0]) in nested:
        chain.append(inner)
    argument = G.parents(g, chain[-1])[0]
    dropped = ", ".join(
        f"∂{c.d(f)}/∂{c.d(G.parents(g, f)[0])} = {_factor(c, (G.parents(g, f)[0], f))}" for f in chain[1:]
    )
    more = _likewise(len(outers), "in", "chain")
    return (
        f"Of the chain {c.names.expression(chain[0])}, only the first factor ∂{c.d(chain[0])}/∂{c.d(chain[1])} = "
        f"{_factor(c, (chain[1], chain[0]))} was kept; the factors of the functions inside it were dropped "
        f"({dropped}){more}: {c.grad_of(argument)} came out as {_number(wrong[argument])} instead of "
        f"{_number(ev.grads[argument])}."
    )


def _partial_total(mistake: Mistake, ev: Evaluation, c: Captions, pass_: Wrong) -> str:
    wrong, n = pass_[0], c.name
    variables = two_route_variables(ev.graph, ev.output)
    v, others = next(iter(variables.items()))
    through = " and ".join(n(w) for w in others)
    right = ev.grads[v]
    total = f"d{c.out_name}/d{c.d(v)}"
    if np.ndim(right) == 0:
        total += f" = {format_number(wrong[v])} + {format_number(right - wrong[v])}"
    more = _likewise(len(variables), "for", "variable")
    return (
        f"{n(v)} reaches {c.out_name} directly and through {through}: holding {through} constant gives "
        f"the partial derivative {c.grad_of(v)} = {_number(wrong[v])}, its direct edges alone, but "
        f"{c.out_name} also changes through {through} when {n(v)} does: the total derivative {total} = "
        f"{_number(right)}{more}."
    )


_WHAT: dict[str, Callable[[Mistake, Evaluation, Captions, Wrong], str]] = {
    FORGET_INNER: _forget_inner,
    OVERWRITE: _overwrite,
    SIGMA: _sigma,
    WRONG_ORDER: _wrong_order,
    INNER_FIRST: _inner_first,
    MISSING_CHAIN: _missing_chain,
    PARTIAL_TOTAL: _partial_total,
}


# --- helpers ------------------------------------------------------------------------------------


def _likewise(count: int, where: str, noun: str, nouns: str | None = None) -> str:
    """`` (and likewise at 2 more functions)`` when the mistake happens at ``count`` places, told of one;
    nothing when there is only that one.

    >>> _likewise(3, "at", "function"), _likewise(2, "in", "chain"), _likewise(3, "at", "σ", "σ")
    (' (and likewise at 2 more functions)', ' (and likewise in 1 more chain)', ' (and likewise at 2 more σ)')
    >>> _likewise(1, "for", "variable")
    ''
    """
    if count <= 1:
        return ""
    rest = count - 1
    return f" (and likewise {where} {rest} more {noun if rest == 1 else nouns or noun + 's'})"


def _number(value: Any) -> str:
    return format_number(value) if np.ndim(value) == 0 else summarize(value)


def _factor(c: Captions, edge: tuple[str, str], value: bool = True) -> str:
    """An edge's local factor as the captions write it: ``cos(x²) = cos(2.25) = −0.6282`` (a formula,
    its numbers and, with ``value``, the result)."""
    symbols, numbers = c.local_formula(edge)
    factor = f"{symbols} = {numbers}" if numbers else symbols
    result = c.ev.local.get(edge)
    return factor + (f" = {format_number(result)}" if value and numbers and result is not None else "")


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

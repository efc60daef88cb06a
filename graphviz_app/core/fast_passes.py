"""The passes of :mod:`.evaluate`, made fast: the same API and the same numbers, to the last bit.

Read :func:`graphviz_app.core.evaluate.forward_pass` and
:func:`~graphviz_app.core.evaluate.backward_pass` first: they are the
derivation. This module computes exactly what they compute (the same
arithmetic on the same numbers in the same order, so every value, gradient,
local derivative, contribution and flag is bit-for-bit equal; a test checks it
on random expressions and networks), and :func:`~graphviz_app.core.evaluate.evaluate`
uses it. What it buys: evaluating the prebuilt 10,082-node neuron view of
``bench/bench_core.py`` takes about a fifth of the reference's time; on the
layer view, where NumPy does the arithmetic, about a third. The bench prints
both figures (``python3 dev.py bench``). Where it comes from:

1. **A plan per structure.** The order of the nodes, each op's arguments and
   spec, which nodes need a gradient and the backward order are facts about
   the graph's shape, not its numbers. :mod:`.plan` works them out once and
   finds them again for the same graph (an edited weight, a training step, a
   gradient check) and for a new graph of the same structure (the network
   rebuilt), so each pass is little more than its arithmetic.
2. **Lists, not dicts.** Inside the passes nodes and edges are numbered and
   numbers live in lists; a list read by position is several times faster than
   a dict keyed by an edge tuple, whose hash is computed on every lookup. The
   dicts of the API are made from the lists in one go at the end. An op's one
   or two arguments are passed one by one, never gathered into a list first.
3. **Plain floats stay plain.** ``type(x) is float`` is checked before any
   NumPy call, and the IEEE retry of :func:`~.values.ieee_call` is inlined.
4. **Runs for floats.** When every number is a float and stays finite (a
   neuron view, an expression), both passes run as :mod:`.scalar_runs`: the plan
   cut into runs of like steps, one tight loop each, about four times as fast
   again. Anything else (an array, 1/0, inf or nan) runs the loops below.
   ``local`` and ``contributions`` are handed out as :class:`EdgeNumbers`, read
   from the lists rather than copied into dicts.
5. **No zeros made to be added to.** A gradient starts as "nothing yet"; its
   first contribution is added to ``0.0`` (so −0.0 becomes 0.0, exactly as
   zeros + contribution would), sparing an array of zeros per tensor. Nodes
   that receive nothing get their zeros at the end.

Unlike the reference, these passes do not silence NumPy's floating-point
warnings themselves: entering ``np.errstate`` costs a few microseconds, a good
part of a small graph's evaluation in a training loop, so their callers
(:func:`~.evaluate.evaluate`, :func:`~.evaluate.forward`) do it once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from operator import itemgetter
from typing import Any

import networkx as nx
import numpy as np

from graphviz_app.core import functions as F
from graphviz_app.core import graph as G
from graphviz_app.core.plan import Plan, plan_of, planned
from graphviz_app.core.scalar_runs import NotScalarError
from graphviz_app.core.values import (
    clean,
    finite,
    given_not_finite,
    ieee_call,
    input_not_finite,
    is_scalar,
    leaf_value,
    op_fault,
    zeros_like,
)

__all__ = ["EdgeNumbers", "forward_backward", "forward_pass"]

Edge = tuple[str, str]


def forward_pass(
    g: nx.DiGraph, overrides: Mapping[str, Any]
) -> tuple[list[str], dict[str, Any], dict[str, list[str]]]:
    """As :func:`graphviz_app.core.evaluate.forward_pass`: ``(order, values, flags)``."""
    plan = plan_of(g)
    vals = _try_runs(g, plan, overrides)
    if vals is None:
        vals, flags = _forward(g, plan, overrides)
    else:
        flags = {}
    return list(plan.order), plan.by_node(vals), flags


def forward_backward(g: nx.DiGraph, overrides: Mapping[str, Any], output: str | None) -> tuple:
    """Both passes at once, as :func:`graphviz_app.core.evaluate.evaluate` runs the reference ones.

    Returns ``(output node, order, values, grads, local, contributions, backward, flags)``,
    the fields of an :class:`~graphviz_app.core.evaluate.Evaluation` after its
    graph. One call rather than two, so that the plan is looked up once and the
    values stay in a list between the passes.
    """
    entry = planned(g)
    plan = entry.plan
    vals = _try_runs(g, plan, overrides)
    out = ""
    if vals is not None and plan.runs is not None:  # all floats, all finite: the runs backward too
        out = G.output_node(g) if output is None else G.find_node(g, output)
        try:
            grads, local, contributions = plan.runs.backward(plan, out, vals)
            flags: dict[str, list[str]] = {}
        except (ZeroDivisionError, OverflowError, NotScalarError):
            vals = None
    if vals is None:
        vals, flags = _forward(g, plan, overrides)
        out = G.output_node(g) if output is None else G.find_node(g, output)
        grads, local, contributions = _backward(plan, vals, out)
    order = plan.order
    return (
        out,
        list(order),
        plan.by_node(vals),
        plan.by_node(grads),
        EdgeNumbers(plan, local),
        EdgeNumbers(plan, contributions),
        entry.order(out),
        flags,
    )


class EdgeNumbers(Mapping[Edge, Any]):
    """Edge -> number, read from the passes' list by the plan's edge index: a dict, not made.

    What :class:`~.evaluate.Evaluation` holds as ``local`` and ``contributions``.
    Making a dict of 20,000 edges costs more than the scalar runs' whole
    backward pass; the panels read a handful of them. Read-only, iterated in the
    graph's edge order, as the reference's dict.
    """

    __slots__ = ("_edges", "_index", "_numbers")

    def __init__(self, plan: Plan, numbers: list[Any]):
        self._edges, self._index, self._numbers = plan.edges, plan.edge_index, numbers

    def __getitem__(self, edge: Edge) -> Any:
        return self._numbers[self._index[edge]]

    def get(self, edge: Edge, default: Any = None) -> Any:
        k = self._index.get(edge)
        return default if k is None else self._numbers[k]

    def __contains__(self, edge: object) -> bool:
        return edge in self._index

    def __iter__(self) -> Iterator[Edge]:
        return iter(self._edges)

    def __len__(self) -> int:
        return len(self._edges)

    def values(self) -> Any:
        return list(self._numbers)

    def items(self) -> Any:
        return list(zip(self._edges, self._numbers))

    def __repr__(self) -> str:
        return f"EdgeNumbers({dict(self.items())!r})"


_VALUE = itemgetter(G.VALUE)
_FLOATS = {float}


def _try_runs(g: nx.DiGraph, plan: Plan, overrides: Mapping[str, Any]) -> list[Any] | None:
    """The forward pass by :mod:`.scalar_runs`: the values by node index, or None to run :func:`_forward`.

    None when the plan has no runs, a leaf's value is not a float (an array, or
    none given: :func:`_forward` says so), or some value is not finite (it needs a
    flag) or raised on the way (1/0 in Python floats): :func:`_forward` then
    computes it the IEEE way, with its flag.
    """
    runs = plan.runs
    if runs is None:
        return None
    nodes = G.dicts(g)[0]
    if overrides:
        vals = [leaf_value(node, nodes[node], overrides) for node in plan.leaf_nodes]
    else:
        vals = list(map(_VALUE, map(nodes.__getitem__, plan.leaf_nodes)))
    if set(map(type, vals)) != _FLOATS:
        return None
    vals += [None] * runs.n_ops
    try:
        runs.forward(vals)
    except (ZeroDivisionError, OverflowError, NotScalarError):
        return None
    total = sum(vals)  # finite when every value is (else, or when the sum overflows, look one by one)
    return vals if total - total == 0.0 else None


def _forward(
    g: nx.DiGraph, plan: Plan, overrides: Mapping[str, Any]
) -> tuple[list[Any], dict[str, list[str]]]:
    """The forward pass: (values by node index, flags)."""
    vals: list[Any] = [None] * len(plan.order)
    flags: dict[str, list[str]] = {}
    nodes = G.dicts(g)[0]
    for i, node in plan.leaves:  # (every leaf comes before every op)
        data = nodes[node]
        value = vals[i] = leaf_value(node, data, overrides)
        if not (value - value == 0.0 if type(value) is float else finite(value)):
            flags[node] = [given_not_finite(data[G.LABEL], value)]
    for i, node, spec, parents, a, b in plan.ops:
        try:  # (arguments one by one: a call with *args costs half as much again)
            if b >= 0:
                value = spec.forward(vals[a], vals[b])
            elif b == -1:
                value = spec.forward(vals[a])
            else:
                value = spec.forward(*[vals[j] for j in parents])
        except (ZeroDivisionError, OverflowError):  # as ieee_call, inlined: this loop is hot
            value = spec.forward(
                *[np.float64(vals[j]) if type(vals[j]) is float else vals[j] for j in parents]
            )
        if type(value) is not float:
            value = clean(value)
        vals[i] = value
        if not (value - value == 0.0 if type(value) is float else finite(value)):
            bad = [j for j in parents if not finite(vals[j])]
            if bad:
                flags[node] = [input_not_finite(nodes[plan.order[bad[0]]][G.LABEL])]
            else:
                flags[node] = [op_fault(spec.title, spec.fault)]
    return vals, flags


_PENDING = object()  # a node that needs a gradient and has received no contribution yet


def _backward(plan: Plan, vals: list[Any], out: str) -> tuple[list[Any], list[Any], list[Any]]:
    """The backward pass on values by node index: (grads, local, contributions) as lists."""
    grads: list[Any] = [_PENDING if need else None for need in plan.need]
    local: list[Any] = [None] * len(plan.edges)
    contributions: list[Any] = [None] * len(plan.edges)
    o = plan.index[out]
    if plan.need[o]:
        grads[o] = 1.0 if is_scalar(vals[o]) else np.ones(np.shape(vals[o]))
        for i, parents, a, b, rules in plan.backward(out)[2]:
            va = vals[a]
            vb = vals[b] if b >= 0 else None
            args = (va, vb) if b >= 0 else (va,) if b == -1 else tuple([vals[j] for j in parents])
            ans = vals[i]
            upstream = grads[i]
            if upstream is _PENDING:  # every path from here to the output had no derivative
                upstream = grads[i] = zeros_like(ans)
            scalar_ans = type(ans) is float or is_scalar(ans)
            for position, j, rule, k, shared in rules:
                arg = args[position]
                if scalar_ans and (type(arg) is float or is_scalar(arg)):
                    # ∂node/∂parent on its own (the rule with upstream 1), then upstream × local
                    try:  # (arguments one by one, as in the forward pass)
                        if b >= 0:
                            piece = rule(F, 1.0, ans, va, vb)
                        elif b == -1:
                            piece = rule(F, 1.0, ans, va)
                        else:
                            piece = rule(F, 1.0, ans, *args)
                    except (ZeroDivisionError, OverflowError):
                        piece = ieee_call(rule, F, 1.0, ans, *args)
                    if type(piece) is not float:
                        piece = clean(piece)
                    if shared and local[k] is not None:  # x · x: the second position adds to the first
                        local[k] = local[k] + piece
                    else:
                        local[k] = piece
                    sent = upstream * piece  # float * float never raises
                else:
                    sent = clean(ieee_call(rule, F, upstream, ans, *args))
                if shared and contributions[k] is not None:
                    contributions[k] = contributions[k] + sent
                else:
                    contributions[k] = sent
                total = grads[j]
                if total is _PENDING:
                    if type(sent) is float and type(arg) is float:
                        grads[j] = 0.0 + sent
                        continue
                    if np.shape(sent) != np.shape(arg):
                        total = zeros_like(arg)  # a broadcast contribution: as zeros + sent
                    else:
                        grads[j] = clean(np.add(sent, 0.0))
                        continue
                total = total + sent
                grads[j] = total if type(total) is float else clean(total)
    for i, grad in enumerate(grads):
        if grad is _PENDING:
            grads[i] = zeros_like(vals[i])
    return grads, local, contributions

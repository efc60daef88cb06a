"""The gradient check as something to watch: one number at a time, and its error against the step ε.

A finite difference needs two forward passes per number checked (central:
f(v+ε) and f(v−ε)), so checking n parameters costs 2n passes where backprop
needed one forward and one backward pass for all of them: fine for a check,
hopeless for training. :func:`cost_text` says so with the graph's own n.

:func:`sweep` evaluates the error of the forward difference (f(v+ε) − f(v))/ε,
which shrinks like ε, and of the central difference, which shrinks like ε², for
ε from 1 down to 10⁻¹²; below some ε both grow again as round-off (about
10⁻¹⁶·|f|/ε) takes over. On log-log axes the two slopes and the floor are plain.

Examples
--------
>>> from graphviz_app.core import graph as G
>>> g = G.new_graph()
>>> x = G.add_leaf(g, "x", 1.0)
>>> y = G.add_op(g, "exp", [x])
>>> elements(g, {})
[('x', ())]
>>> s = sweep(g, {}, "x", (), [1e-2, 1e-3])
>>> [round(e / eps, 2) for e, eps in zip(s.forward_error, s.epsilons)]   # ≈ ε/2: first order
[0.5, 0.5]
>>> s.central_error[1] < 1e-6
True
>>> cost_text(g, {})
'checking 1 number needs 2 forward passes (backprop: 1 forward + 1 backward for all of them)'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate, forward
from graphviz_app.core.gradcheck import TOLERANCE, GradCheck, relative_error
from graphviz_app.text.numbers import count_text

__all__ = ["DEFAULT_EPSILONS", "Sweep", "check_element", "cost_text", "elements", "sweep"]

DEFAULT_EPSILONS = tuple(10.0 ** (-k / 2) for k in range(0, 25))
"""ε from 1 down to 10⁻¹², two points per decade."""


@dataclass(frozen=True)
class Sweep:
    """Relative errors of the forward and the central difference for each ε, against backprop."""

    leaf: str
    index: tuple[int, ...]
    analytic: float
    epsilons: list[float]
    forward_error: list[float]
    central_error: list[float]


def elements(g: nx.DiGraph, values: Mapping[str, Any]) -> list[tuple[str, tuple[int, ...]]]:
    """Every number that has a gradient: (leaf, index) for each element of each input, parameter, target."""
    out = []
    for leaf in G.leaves(g):
        value = values.get(leaf, g.nodes[leaf][G.VALUE])
        out += [(leaf, tuple(i)) for i in np.ndindex(np.shape(value))]
    return out


def _output(g: nx.DiGraph, values: Mapping[str, Any], out: str) -> float:
    return float(np.sum(forward(g, values)[1][out]))


def _shifted(values: Mapping[str, Any], leaf: str, index: tuple[int, ...], h: float) -> dict[str, Any]:
    v = np.array(values[leaf], dtype=float)
    v[index] += h
    return {**values, leaf: v if v.ndim else float(v)}


def _base(g: nx.DiGraph, values: Mapping[str, Any]):
    ev = evaluate(g, values)
    return ev, {leaf: ev.values[leaf] for leaf in G.leaves(g)}


def _relative(analytic: float, numeric: float) -> float:
    return float(relative_error(analytic, numeric))


def check_element(
    g: nx.DiGraph, values: Mapping[str, Any], leaf: str, index: tuple[int, ...], eps: float = 1e-6
) -> GradCheck:
    """Backprop against the central difference for one element (step ε·max(1, |v|), as ``gradcheck``)."""
    ev, base = _base(g, values)
    analytic = float(np.asarray(ev.grads[leaf])[index]) if ev.grads.get(leaf) is not None else 0.0
    v = float(np.asarray(base[leaf], dtype=float)[index])
    h = eps * max(1.0, abs(v))
    with np.errstate(all="ignore"):
        up = _output(g, _shifted(base, leaf, index, h), ev.output)
        down = _output(g, _shifted(base, leaf, index, -h), ev.output)
    numeric = (up - down) / (2 * h)
    rel = _relative(analytic, numeric)
    if not (np.isfinite(analytic) and np.isfinite(numeric)):
        rel = 0.0 if analytic == numeric else float("nan")
    return GradCheck(leaf, index, analytic, numeric, rel, bool(rel <= TOLERANCE))


def sweep(
    g: nx.DiGraph,
    values: Mapping[str, Any],
    leaf: str,
    index: tuple[int, ...],
    epsilons: Sequence[float] = DEFAULT_EPSILONS,
) -> Sweep:
    """Errors of the forward and central differences of ``leaf[index]`` for every ε (1 + 2 per ε passes)."""
    ev, base = _base(g, values)
    analytic = float(np.asarray(ev.grads[leaf])[index]) if ev.grads.get(leaf) is not None else 0.0
    f0 = _output(g, base, ev.output)
    fwd, central = [], []
    with np.errstate(all="ignore"):
        for eps in epsilons:
            up = _output(g, _shifted(base, leaf, index, eps), ev.output)
            down = _output(g, _shifted(base, leaf, index, -eps), ev.output)
            fwd.append(_relative(analytic, (up - f0) / eps))
            central.append(_relative(analytic, (up - down) / (2 * eps)))
    return Sweep(leaf, index, analytic, list(epsilons), fwd, central)


def cost_text(g: nx.DiGraph, values: Mapping[str, Any]) -> str:
    """``checking n numbers needs 2n forward passes`` with this graph's n."""
    n = len(elements(g, values))
    noun = "number" if n == 1 else "numbers"
    return (
        f"checking {count_text(n)} {noun} needs {count_text(2 * n)} forward passes "
        "(backprop: 1 forward + 1 backward for all of them)"
    )

"""Finite-difference check of the analytic gradient.

For every element of every input, parameter and target, the central difference

    (f(v + h) − f(v − h)) / (2h)

approximates ∂f/∂v with an error of order h². We compare it with backprop's
gradient using the relative error |a − n| / max(|a|, |n|, 1e-8). Values near
1e-7 or below mean the two agree to the precision the check can see.

Examples
--------
>>> from graphviz_app.core import graph as G
>>> import graphviz_app.core
>>> g = G.new_graph()
>>> x = G.add_leaf(g, "x", 1.5)
>>> y = G.add_op(g, "sin", [x])
>>> [round(r.analytic, 6) for r in gradcheck(g)]
[0.070737]
>>> all(r.ok for r in gradcheck(g))
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate, forward

__all__ = ["TOLERANCE", "GradCheck", "gradcheck", "relative_error"]

TOLERANCE = 1e-5


@dataclass(frozen=True)
class GradCheck:
    """One comparison: ``leaf`` (with ``index`` for array elements)."""

    leaf: str
    index: tuple[int, ...]
    analytic: float
    numeric: float
    rel_error: float
    ok: bool

    @property
    def name(self) -> str:
        return self.leaf + (f"[{','.join(map(str, self.index))}]" if self.index else "")


def _scalar_output(g: nx.DiGraph, values: Mapping[str, Any], output: str) -> float:
    _order, vals, _ = forward(g, values)
    return float(np.sum(vals[output]))


def relative_error(analytic: Any, numeric: Any) -> Any:
    """|a − n| / max(|a|, |n|, 1e-8), element by element: the check's one measure of agreement."""
    a, n = np.asarray(analytic, dtype=float), np.asarray(numeric, dtype=float)
    with np.errstate(all="ignore"):
        return np.abs(a - n) / np.maximum(np.maximum(np.abs(a), np.abs(n)), 1e-8)


def gradcheck(
    g: nx.DiGraph,
    values: Mapping[str, Any] | None = None,
    output: str | None = None,
    step: float = 1e-6,
    tolerance: float = TOLERANCE,
) -> list[GradCheck]:
    """Compare backprop with central differences for every differentiable leaf element."""
    ev = evaluate(g, values, output)
    base = {leaf: ev.values[leaf] for leaf in G.leaves(g)}
    results: list[GradCheck] = []
    with np.errstate(all="ignore"):
        for leaf in G.leaves(g):
            grad = ev.grads.get(leaf)
            if grad is None:
                continue
            value = np.array(base[leaf], dtype=float)
            for index in np.ndindex(value.shape):
                h = step * max(1.0, abs(float(value[index])))
                shifted = []
                for sign in (1.0, -1.0):
                    v = value.copy()
                    v[index] += sign * h
                    shifted.append(_scalar_output(g, {**base, leaf: v if v.ndim else float(v)}, ev.output))
                numeric = (shifted[0] - shifted[1]) / (2 * h)
                analytic = float(np.asarray(grad)[index])
                rel = float(relative_error(analytic, numeric))
                if not (np.isfinite(analytic) and np.isfinite(numeric)):
                    rel = 0.0 if analytic == numeric else float("nan")
                results.append(GradCheck(leaf, tuple(index), analytic, numeric, rel, bool(rel <= tolerance)))
    return results

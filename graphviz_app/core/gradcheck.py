"""Finite-difference check of the analytic gradient.

For every element of every input, parameter and target, the central difference

    (f(v + h) − f(v − h)) / (2h)

approximates ∂f/∂v with an error of order h². We compare it with backprop's
gradient using the relative error |a − n| / max(|a|, |n|, 1e-8). Values near
1e-7 or below mean the two agree to the precision the check can see.

An op the user defined with a derivative of their own (:mod:`.custom_ops`) is
checked on its own too (:func:`check_claims`): at each of its nodes, the claimed
partial derivative against the central difference of the op's body, so a wrong
claim is named, with its relative error, where it is made.

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

from graphviz_app.core import functions
from graphviz_app.core import graph as G
from graphviz_app.core.custom_ops import Definition
from graphviz_app.core.evaluate import Evaluation, evaluate, forward
from graphviz_app.core.ops import get_op

__all__ = ["TOLERANCE", "ClaimCheck", "GradCheck", "check_claims", "gradcheck", "relative_error"]

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


# --- claimed derivatives ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimCheck:
    """A claimed derivative against the finite difference of the body, at one node's arguments.

    ``node`` applies the op of ``definition``; ``position`` is the argument differentiated by;
    ``args`` are the node's argument values; ``claimed`` is the claim's value there and ``numeric``
    the central difference (f(a + h) − f(a − h)) / 2h of the body.
    """

    node: str
    definition: Definition
    position: int
    args: tuple[float, ...]
    claimed: float
    numeric: float
    rel_error: float
    ok: bool


def check_claims(ev: Evaluation) -> list[ClaimCheck]:
    """Every claimed derivative of every node of a user's op in the evaluation ``ev``, tested by
    central differences of the op's body at that node's arguments (scalar arguments only)."""
    g = ev.graph
    checks = []
    with np.errstate(all="ignore"):
        for node in ev.order:
            op = g.nodes[node][G.OP]
            spec = get_op(op) if op is not None else None
            if spec is None or spec.definition is None:
                continue
            args = [ev.values[p] for p in G.parents(g, node)]
            if any(np.ndim(a) for a in args):
                continue
            for position, claim in enumerate(spec.definition.claims):
                claimed = float(claim.evaluate(functions, args))
                numeric = _difference(spec.forward, args, position)
                rel = float(relative_error(claimed, numeric))
                if not (np.isfinite(claimed) and np.isfinite(numeric)):
                    rel = 0.0 if claimed == numeric else float("nan")
                checks.append(
                    ClaimCheck(
                        node,
                        spec.definition,
                        position,
                        tuple(map(float, args)),
                        claimed,
                        numeric,
                        rel,
                        rel <= TOLERANCE,
                    )
                )
    return checks


def _difference(forward: Any, args: list[Any], position: int, step: float = 1e-6) -> float:
    """(f(a + h) − f(a − h)) / 2h in argument ``position``, with h = step·max(1, |a|) (as :func:`gradcheck`)."""
    a = float(args[position])
    h = step * max(1.0, abs(a))
    up = [*args[:position], a + h, *args[position + 1 :]]
    down = [*args[:position], a - h, *args[position + 1 :]]
    return (float(forward(*up)) - float(forward(*down))) / (2 * h)

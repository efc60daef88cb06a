"""Equations F(x, y) = lhs − rhs = 0 read as curves y(x): which variable is which, and the slope dy/dx."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from graphviz_app.core import graph as G
from graphviz_app.errors import ExpressionError, GraphError

if TYPE_CHECKING:
    from graphviz_app.builders.expression import ParsedExpression

__all__ = ["ImplicitInfo", "choose_variables", "implicit_slope"]


@dataclass
class ImplicitInfo:
    """The variables of an equation F(x, y) = lhs − rhs = 0, read as a curve y(x)."""

    dependent: str
    independent: str


def choose_variables(
    inputs: list[str], dependent: str | None, independent: str | None, where: tuple[int, int]
) -> ImplicitInfo:
    """Decide which variable of an equation is y (dependent) and which is x."""
    line, col = where[0], where[1] + 1
    dep = dependent or "y"
    listed = ", ".join(f"'{i}'" for i in inputs) or "none"
    if dep not in inputs:
        raise ExpressionError(
            f"the equation has no variable '{dep}' to treat as the dependent one "
            f"(its variables: {listed}); name the dependent variable",
            line,
            col,
        )
    others = [i for i in inputs if i != dep]
    if independent is not None:
        if independent not in others:
            raise ExpressionError(
                f"'{independent}' cannot be the independent variable (the equation's "
                f"variables: {listed}; the dependent one is '{dep}')",
                line,
                col,
            )
        return ImplicitInfo(dep, independent)
    if len(others) == 1:
        return ImplicitInfo(dep, others[0])
    if "x" in others:
        return ImplicitInfo(dep, "x")
    if not others:
        raise ExpressionError(
            f"an implicit curve needs two variables, but the equation has only '{dep}'", line, col
        )
    raise ExpressionError(
        f"the equation has several variables besides '{dep}' "
        f"({', '.join(others)}); name the independent variable",
        line,
        col,
    )


def implicit_slope(parsed: ParsedExpression, evaluation: Any) -> dict[str, Any]:
    """The slope dy/dx of the curve F(x, y) = 0 through the evaluated point.

    Implicit differentiation: along the curve F stays 0, so
    dF = F_x dx + F_y dy = 0 and dy/dx = −F_x / F_y. F_x and F_y are the
    gradients of the two inputs from one backward pass through F = lhs − rhs.

    Returns a dict with ``dependent``, ``independent``, ``point`` (their
    values), ``F`` (lhs − rhs here: 0 on the curve), ``F_x``, ``F_y`` and
    ``dydx``. If F_y = 0, ``dydx`` is ``None`` and ``reason`` says why; if the
    point is not on the curve, ``warning`` says so.
    """
    info = parsed.implicit
    if info is None:
        raise ExpressionError(f"'{parsed.text[:40]}' is not an equation; write 'lhs = rhs' to get a curve")
    if evaluation.output != parsed.output:
        raise GraphError(f"the slope needs the gradients of '{parsed.output}'; evaluate at that output")
    g, ind, dep = parsed.graph, info.independent, info.dependent
    lhs, rhs = G.parents(g, parsed.output)
    numbers = [evaluation.values[n] for n in (parsed.output, lhs, rhs, ind, dep)]
    numbers += [evaluation.grads[ind], evaluation.grads[dep]]
    if not all(np.ndim(v) == 0 for v in numbers):
        raise GraphError("the implicit slope needs single numbers, not arrays, for the variables")
    f, left, right, xv, yv, fx, fy = (float(v) for v in numbers)
    result: dict[str, Any] = {
        "dependent": dep,
        "independent": ind,
        "point": {ind: xv, dep: yv},
        "F": f,
        "F_x": fx,
        "F_y": fy,
        "dydx": None,
    }
    if not (math.isfinite(fx) and math.isfinite(fy)):
        result["reason"] = "F_x or F_y is not a finite number at this point, so there is no slope"
    elif fy == 0.0:
        result["reason"] = (
            f"F_y = 0 (∂F/∂{dep} vanishes here): the tangent is vertical or the point is "
            f"singular, so d{dep}/d{ind} = −F_x/F_y is undefined"
        )
    else:
        result["dydx"] = -fx / fy
    scale = max(1.0, abs(left), abs(right))
    if not (math.isfinite(f) and abs(f) <= 1e-9 * scale):
        result["warning"] = (
            f"the point ({ind} = {xv:g}, {dep} = {yv:g}) is not on the curve: "
            f"lhs − rhs = {f:g}, not 0; the slope is that of the level curve "
            f"F = {f:g} through this point"
        )
    return result

"""Second derivatives in words and numbers: the Hessian, the implicit y'', their captions.

The numbers come from :mod:`graphviz_app.core.hessian` (the backward pass of the
backward graph). This module says them: a caption for ∂²f/∂a∂b that writes the
derivative of the gradient's expression with the numbers each path adds, the
implicit second derivative y'' of an equation F(x, y) = 0 with its formula, and
the ``eval --order 2 --json`` keys. Nothing here imports Qt.

For F(x, y) = 0, differentiating F_x + F_y·y' = 0 once more along the curve gives

    y'' = −(F_xx·F_y² − 2·F_xy·F_x·F_y + F_yy·F_x²) / F_y³

(for the circle x² + y² = 25 at (3, 4): −(2·64 − 0 + 2·36)/512 = −25/64).

Examples
--------
>>> from graphviz_app.files import load_source
>>> loaded = load_source("example:circle")
>>> from graphviz_app.core.evaluate import evaluate
>>> r = implicit_curvature(loaded, evaluate(loaded.graph, loaded.values))
>>> r["d2ydx2"] == -25 / 64
True
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation, evaluate
from graphviz_app.core.hessian import Hessian, default_wrt, hessian, hvp
from graphviz_app.session.prose.names import Names, output_name_of
from graphviz_app.text.numbers import format_number

__all__ = [
    "SUPPORTED_ORDERS",
    "hessian_caption",
    "implicit_curvature",
    "implicit_curvature_lines",
    "second_order_report",
]

SUPPORTED_ORDERS = (1, 2)


def _number(value: float) -> Any:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def implicit_curvature(loaded: Any, ev: Evaluation, h: Hessian | None = None) -> dict[str, Any]:
    """y'' of the equation ``loaded`` at the evaluated point, with every number it takes.

    Returns ``dependent``, ``independent``, ``F_x``, ``F_y``, ``F_xx``, ``F_xy``,
    ``F_yy`` and ``d2ydx2`` (None with a ``reason`` where F_y = 0 or a number is not finite).
    """
    info = loaded.parsed.implicit
    x, y = info.independent, info.dependent
    fx, fy = float(ev.grads[x]), float(ev.grads[y])
    h = h or hessian(loaded.graph, loaded.values, wrt=[x, y], output=ev.output)
    fxx, fxy, fyy = h.matrix[x][x], h.matrix[x][y], h.matrix[y][y]
    result: dict[str, Any] = {
        "dependent": y,
        "independent": x,
        "F_x": fx,
        "F_y": fy,
        "F_xx": fxx,
        "F_xy": fxy,
        "F_yy": fyy,
        "d2ydx2": None,
    }
    if not all(math.isfinite(v) for v in (fx, fy, fxx, fxy, fyy)):
        result["reason"] = "a first or second derivative of F is not a finite number here"
    elif fy == 0.0:
        result["reason"] = f"F_{y} = 0: the tangent is vertical, so {y}'' is undefined"
    else:
        result["d2ydx2"] = -(fxx * fy * fy - 2 * fxy * fx * fy + fyy * fx * fx) / fy**3
    return result


def implicit_curvature_lines(r: dict[str, Any]) -> list[str]:
    """The formula of y'' and the same with this point's numbers, for the implicit panel."""
    x, y = r["independent"], r["dependent"]
    n = {k: format_number(r[k]) for k in ("F_x", "F_y", "F_xx", "F_xy", "F_yy")}
    formula = f"{y}'' = −(F_{x}{x}·F_{y}² − 2·F_{x}{y}·F_{x}·F_{y} + F_{y}{y}·F_{x}²) / F_{y}³"
    result = "undefined" if r["d2ydx2"] is None else format_number(r["d2ydx2"])
    numbers = (
        f"{y}'' = −(({n['F_xx']})·({n['F_y']})² − 2·({n['F_xy']})·({n['F_x']})·({n['F_y']})"
        f" + ({n['F_yy']})·({n['F_x']})²) / ({n['F_y']})³ = {result}"
    )
    return [line for line in (formula, numbers, r.get("reason", "")) if line]


def hessian_caption(h: Hessian, a: str, b: str, values: Any = None) -> str:
    """∂²f/∂a∂b as the derivative of the gradient's expression, with what each path adds.

    ``∂²f/∂x² = ∂/∂x (cos(x²)·2·x) = −1.256 (through cos(x²)·2·x) − 7.003 (through x²) = −8.259``
    """
    bg = h.backward
    f = output_name_of(bg.forward, bg.output)
    ev = evaluate(bg.graph, values, output=bg.gradients[a])
    names = Names.of(ev)
    gradient = bg.gradients[a]
    expression = names.expression(gradient) if gradient in names.derived else f"∂{f}/∂{a}"
    terms = [
        (ev.contributions[(b, child)], names.expression(child))
        for child in ev.children_in_backward_order(b)
        if ev.contributions.get((b, child)) is not None
    ]
    nonzero = [(v, via) for v, via in terms if v != 0.0]
    d2 = f"∂²{f}/∂{a}²" if a == b else f"∂²{f}/∂{a}∂{b}"
    total = format_number(h.matrix[a][b])
    mentioned = [gradient] if gradient in names.derived else []
    defined = names.definitions(*mentioned, *(child for child in ev.children_in_backward_order(b)))
    where = f", where {'; '.join(defined)}" if defined else ""  # the short names u₁, u₂… it uses
    if not nonzero:
        return f"{d2} = ∂/∂{b} ({expression}) = {total}{where}"
    parts = ""
    for v, via in nonzero:
        sign = " − " if parts and v < 0 else " + " if parts else ""
        parts += f"{sign}{format_number(abs(v) if parts else v)} (through {via})"
    return f"{d2} = ∂/∂{b} ({expression}) = {parts} = {total}{where}"


def second_order_report(loaded: Any, ev: Evaluation) -> dict[str, Any]:
    """The keys ``eval --order 2 --json`` adds: ``hessian`` (and for networks ``curvature``).

    ``hessian`` is {input: {input: number}} over the inputs; for an equation the
    report's ``implicit`` object also gets ``d2ydx2`` (see :func:`implicit_curvature`).
    For a network, ``curvature`` is the Hessian-vector product of the loss along its
    gradient over the parameters, and ``along_gradient`` = gᵀHg / gᵀg.
    """
    g = loaded.graph
    wrt = default_wrt(g)
    h = hessian(g, loaded.values, wrt=wrt, output=ev.output)
    report: dict[str, Any] = {
        "hessian": {a: {b: _number(h.matrix[a][b]) for b in h.wrt} for a in h.wrt},
    }
    if loaded.kind == "network":
        params = [n for n in G.leaves(g) if g.nodes[n][G.KIND] == G.PARAM]
        direction = {p: float(ev.grads[p]) for p in params}
        hv = hvp(g, direction, loaded.values, output=ev.output, backward=h.backward)
        gg = float(np.dot(list(direction.values()), list(direction.values())))
        ghg = float(np.dot(list(direction.values()), [hv[p] for p in params]))
        report["curvature"] = {
            "direction": "gradient",
            "hvp": {p: _number(hv[p]) for p in params},
            "along_gradient": _number(ghg / gg) if gg > 0 else None,
        }
    parsed = getattr(loaded, "parsed", None)
    if parsed is not None and parsed.implicit is not None:
        r = implicit_curvature(loaded, ev)
        report["implicit"] = {k: _number(v) if isinstance(v, float) else v for k, v in r.items()}
    return report

"""The command line's second derivatives: ``--order 2`` and ``export --backward-graph``.

Kept apart from :mod:`graphviz_app.cli.main` so that the options several commands share
stay in small functions of their own. ``--order`` accepts 1 or 2; anything else
is refused by argparse, before SOURCE is read, with one line and status 2.
"""

from __future__ import annotations

import argparse
from typing import Any

from graphviz_app.errors import GraphvizAppError

__all__ = [
    "backward_loaded_for_export",
    "order_arg",
    "print_second_order",
    "second_order",
    "second_order_checks",
]


def _order(text: str) -> int:
    """argparse type for ``--order``: 1 or 2 (refused before SOURCE is read)."""
    if text.strip() not in ("1", "2"):
        raise argparse.ArgumentTypeError(
            f"{text[:20]!r}: the orders supported are 1 (gradients) and 2 (second derivatives)"
        )
    return int(text)


def order_arg(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--order", type=_order, default=1, metavar="N", help=f"1 or 2: {what}")


def second_order(args: argparse.Namespace, loaded, ev, report: dict[str, Any]) -> dict[str, Any] | None:
    """For ``--order 2``: add ``hessian`` (and ``implicit.d2ydx2``, ``curvature``) to ``report``."""
    from graphviz_app.session.second_order.derivatives import second_order_report

    if args.order == 1:
        return None
    _check_second_order_view(loaded)
    second = second_order_report(loaded, ev)
    implicit = second.pop("implicit", None)
    report.update(second)
    if implicit is not None and "implicit" in report:
        report["implicit"]["d2ydx2"] = implicit["d2ydx2"]
        second["implicit"] = implicit
    return second


def _check_second_order_view(loaded, option: str = "--order 2") -> None:
    if loaded.kind == "network" and loaded.view != "neuron":
        raise GraphvizAppError(
            f"{option} works on single numbers: add --view neuron (the layer view multiplies whole matrices)"
        )


def print_second_order(second: dict[str, Any] | None) -> None:
    from graphviz_app.report import fmt, table
    from graphviz_app.session.second_order.derivatives import implicit_curvature_lines

    if not second:
        return
    names = list(second["hessian"])
    if names:
        rows = [[a, *(fmt(second["hessian"][a][b]) for b in names)] for a in names]
        print("\nHessian ∂²f/∂a∂b:")
        print(table(rows, ["a \\ b", *names]))
    curvature = second.get("curvature")
    if curvature and curvature.get("along_gradient") is not None:
        print(f"curvature of the loss along its gradient gᵀHg/gᵀg = {fmt(curvature['along_gradient'])}")
    if second.get("implicit"):
        for line in implicit_curvature_lines(second["implicit"]):
            print(f"implicit: {line}")


def second_order_checks(args: argparse.Namespace, loaded) -> list:
    """For ``gradcheck --order 2``: every ∂²f/∂a∂b against differences of the gradient (named ``a,b``)."""
    from graphviz_app.core.hessian import hessian_check

    if args.order == 1:
        return []
    _check_second_order_view(loaded)
    return hessian_check(loaded.graph, loaded.values)


def backward_loaded_for_export(loaded):
    """``export --backward-graph``: the backward pass of SOURCE as the graph to write."""
    from graphviz_app.session.second_order.backward_view import backward_loaded

    _check_second_order_view(loaded, "--backward-graph")
    return backward_loaded(loaded)

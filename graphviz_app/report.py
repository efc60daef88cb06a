"""What the CLI prints (and the GUI reuses): evaluations, paths and checks as plain data.

Every function returns JSON-ready dicts. Numbers go through :func:`jsonable`,
because JSON has no nan or infinity: those become the strings "nan", "inf" and
"-inf", so the output is always valid JSON.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from graphviz_app.builders.torch_agreement import Agreement, agreement
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation, local_jacobian
from graphviz_app.core.gradcheck import GradCheck
from graphviz_app.core.ops import get_op
from graphviz_app.errors import GraphError
from graphviz_app.session.checks.claims import ClaimRow
from graphviz_app.session.paths.sum_over_paths import PathSum
from graphviz_app.session.training.gradient_flow import layer_gradients
from graphviz_app.text.numbers import table_number as fmt

__all__ = [
    "eval_report",
    "fmt",
    "gradcheck_report",
    "jsonable",
    "layers_report",
    "paths_report",
    "table",
    "torch_agreement",
    "torch_report",
]

JACOBIAN_LIMIT = 10_000  # larger Jacobians are reported by shape only


def table(rows: list[list[str]], header: list[str]) -> str:
    """Rows of text in columns under a header and a rule, as the CLI prints its reports.

    >>> print(table([["x", "1.5"]], ["leaf", "value"]))
    leaf  value
    ----  -----
    x     1.5
    """
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def jsonable(value: Any) -> Any:
    """``value`` as JSON-safe data: floats, nested lists, "nan", "inf", "-inf", or None.

    >>> jsonable(float("nan")), jsonable(float("-inf")), jsonable(2.5)
    ('nan', '-inf', 2.5)
    >>> jsonable(np.array([[1.0, np.inf]]))
    [[1.0, 'inf']]
    """
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if np.ndim(value) == 0:
        x = float(value)
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return x
    return [jsonable(v) for v in np.asarray(value, dtype=float)]


def _arg(positions: tuple[int, ...]) -> Any:
    return positions[0] if len(positions) == 1 else list(positions)


def _edge_local(ev: Evaluation, edge: tuple[str, str]) -> Any:
    if ev.local.get(edge) is not None:
        return jsonable(ev.local[edge])
    if ev.contributions.get(edge) is None:
        return None
    shape = ev.jacobian_shape(edge)
    if int(np.prod(shape)) <= JACOBIAN_LIMIT:
        return jsonable(local_jacobian(ev, edge))
    return {"jacobian_shape": list(shape)}


def eval_report(loaded: Any, ev: Evaluation) -> dict[str, Any]:
    """The ``eval --json`` object (schema in the README)."""
    g = ev.graph
    out = ev.output
    report: dict[str, Any] = {
        "source": loaded.origin,
        "kind": loaded.kind,
        "output": {"id": out, "label": G.label_of(g, out), "value": jsonable(ev.values[out])},
        "variables": {
            n: {"value": jsonable(ev.values[n]), "grad": jsonable(ev.grads[n]), "kind": g.nodes[n][G.KIND]}
            for n in G.leaves(g)
        },
        "nodes": [
            {
                "id": n,
                "op": get_op(g.nodes[n][G.OP]).title if g.nodes[n][G.OP] else g.nodes[n][G.KIND],
                "label": G.label_of(g, n),
                "value": jsonable(ev.values[n]),
                "grad": jsonable(ev.grads[n]),
                "flags": ev.flags.get(n, []),
            }
            for n in ev.order
        ],
        "edges": [
            {
                "source": u,
                "target": v,
                "arg": _arg(g.edges[u, v][G.ARG]),
                "local": _edge_local(ev, (u, v)),
                "contribution": jsonable(ev.contributions[(u, v)]),
            }
            for u, v in g.edges
        ],
    }
    if loaded.kind == "network":
        report["layers"] = layers_report(ev)
    if loaded.torch is not None:
        report["torch"] = torch_report(loaded, ev)
    if loaded.view:
        report["view"] = loaded.view
        report["view_reason"] = loaded.view_reason
    if loaded.parsed is not None and loaded.parsed.implicit is not None:
        from graphviz_app.builders.expression import implicit_slope

        report["implicit"] = {
            k: jsonable(v) if isinstance(v, (float, int)) and not isinstance(v, bool) else v
            for k, v in implicit_slope(loaded.parsed, ev).items()
        }
    return report


def torch_agreement(loaded: Any, ev: Evaluation) -> Agreement | None:
    """Our gradients of a PyTorch graph against PyTorch's; None when the values (or the output) are not PyTorch's."""
    if loaded.torch is None or ev.output != G.output_node(loaded.graph):
        return None
    return agreement(loaded.torch, loaded.view, loaded.values, ev.grads)


def torch_report(loaded: Any, ev: Evaluation) -> dict[str, Any]:
    """The ``"torch"`` of ``eval --json``: PyTorch's dtype, ours, and how far the gradients are apart."""
    found = torch_agreement(loaded, ev)
    return {
        "dtype": loaded.torch.reference.dtype,
        "evaluated_in": "float64",
        "agreement": None
        if found is None
        else {
            "max_rel_error": jsonable(found.max_rel_error),
            "tolerance": found.tolerance,
            "agrees": found.agrees,
            "per_tensor": {name: jsonable(error) for name, error in found.per_leaf.items()},
        },
    }


def layers_report(ev: Evaluation) -> list[dict[str, Any]]:
    """The ``"layers"`` of ``eval --json`` for a network: per layer ‖∂L/∂z_l‖₂ and ‖∂L/∂W_l‖_F."""
    return [
        {
            "layer": lg.layer,
            "grad_norm": jsonable(lg.grad_norm),
            "weight_grad_norm": jsonable(lg.weight_grad_norm),
        }
        for lg in layer_gradients(ev)
    ]


def paths_report(
    ev: Evaluation, source: str, target: str, limit: int, option: str = "limit"
) -> dict[str, Any]:
    """The ``paths --json`` object: count, the first ``limit`` paths, their sum and the gradient.

    The numbers are the paths panel's (:class:`~graphviz_app.session.paths.sum_over_paths.PathSum`),
    with its test of agreement: at most ``limit`` paths are listed, and summed all only
    when there are no more than that. Listing more than
    :data:`~graphviz_app.session.paths.sum_over_paths.LIST_LIMIT` is refused, naming ``option``.
    """
    g = ev.graph
    if ev.grads.get(source) is None:
        raise GraphError(
            f"'{G.label_of(g, source)}' is a constant: it has no gradient and no paths to follow"
        )
    ps = PathSum(ev, source, target, sum_limit=limit)
    ps.check_listing(limit, option)
    rows = ps.fetch(limit)
    total = ps.total()
    gradient = ev.grads[source] if target == ev.output else None
    report: dict[str, Any] = {
        "source": source,
        "target": target,
        "count": ps.count,
        "paths": [
            {
                "nodes": list(row.nodes),
                "labels": [G.label_of(g, n) for n in row.nodes],
                "factors": [jsonable(f) for f in row.factors],
                "product": jsonable(row.product),
            }
            for row in rows
        ],
        "shown": len(rows),
        "complete": total.complete,
        "sum": jsonable(total.sum),
        "gradient": jsonable(gradient),
        "cost": ps.cost(),
    }
    if total.complete and gradient is not None:
        report["agree"] = bool(total.agree)
    return report


def gradcheck_report(results: list[GradCheck], claims: Sequence[ClaimRow] = ()) -> dict[str, Any]:
    """The leaves' checks and, for ops the user defined, every claimed derivative's (``claims``):
    ``ok`` only when all of them agree with the finite differences."""
    return {
        "ok": all(r.ok for r in results) and all(row.ok for row in claims),
        "checks": [
            {
                "leaf": r.leaf,
                "index": list(r.index),
                "name": r.name,
                "analytic": jsonable(r.analytic),
                "numeric": jsonable(r.numeric),
                "rel_error": jsonable(r.rel_error),
                "ok": r.ok,
            }
            for r in results
        ],
        "claims": [
            {
                "function": row.check.definition.name,
                "claim": row.claim,
                "formula": row.formula,
                "node": row.check.node,
                "argument": row.check.definition.params[row.check.position],
                "at": [jsonable(a) for a in row.check.args],
                "claimed": jsonable(row.check.claimed),
                "numeric": jsonable(row.check.numeric),
                "rel_error": jsonable(row.check.rel_error),
                "ok": row.ok,
                "sentence": row.sentence,
            }
            for row in claims
        ],
    }

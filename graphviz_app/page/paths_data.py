"""The paths panel of a page: for each input, weight or target, the paths to the output, their products and sum.

Every sentence and number comes from the window's paths panel's sources
(:class:`~graphviz_app.session.paths.sum_over_paths.PathSum` and :mod:`graphviz_app.session.paths.prose`); a
page lists the first paths of each leaf (all of them when there are few; a page cannot list 2^40) and says
how many there are, and the sum beside backprop's gradient is over all of them, as in the window.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation
from graphviz_app.errors import GraphError
from graphviz_app.session.paths.prose import count_html, endpoint_items, shown_text, total_html, widths_text
from graphviz_app.session.paths.sum_over_paths import PathSum
from graphviz_app.session.prose.captions import Captions
from graphviz_app.session.state.collapse import Projection
from graphviz_app.session.timeline.states import Edge

__all__ = ["MAX_LEAVES", "MAX_ROWS", "ROW_BUDGET", "path_leaves", "paths_data"]

MAX_ROWS = 100
"""Paths listed per leaf at most (the window lists a hundred at a time)."""
ROW_BUDGET = 1_000
"""Paths listed on one page at most, shared among its leaves (at least 3 each)."""
MAX_LEAVES = 100
"""Leaves a page lists paths for at most (inputs first, then parameters and targets): each costs a walk over
the graph, and a 1,000-node network has hundreds of weights. The window has them all."""


def path_leaves(ev: Evaluation) -> list[str]:
    """The leaves whose paths the page can list: inputs, weights and targets with a gradient."""
    return [n for n in G.leaves(ev.graph, (G.INPUT, G.PARAM, G.TARGET)) if ev.grads.get(n) is not None]


def paths_data(
    ev: Evaluation,
    projection: Projection,
    node_index: dict[str, int],
    edge_index: dict[Edge, int],
    network: Any = None,
    leaves: Sequence[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[dict[str, Any]], str]:
    """One entry per leaf with a gradient: its name, the count, listed paths (text, the drawn nodes and
    edges to light, the running sum after it), the sum beside the gradient, and what the cost is; and a
    note when the page leaves some leaves out. ``progress(done, total)`` is told after each leaf."""
    g = ev.graph
    names = Captions(ev)
    if leaves is None:
        leaves = path_leaves(ev)
    note = (
        f"Paths are listed here from {MAX_LEAVES} of the {len(leaves):,} inputs, weights and targets; "
        "open the page in graphviz-app for every one."
        if len(leaves) > MAX_LEAVES
        else ""
    )
    leaves = sorted(leaves, key=lambda n: g.nodes[n][G.KIND] != G.INPUT)[:MAX_LEAVES]  # stable: inputs first
    labels = dict((node, text) for text, node in endpoint_items(leaves, names.name))
    per_leaf = max(3, min(MAX_ROWS, ROW_BUDGET // max(1, len(leaves))))
    out = []
    for done, leaf in enumerate(leaves):
        if progress is not None:
            progress(done, len(leaves))
        try:
            ps = PathSum(ev, leaf, names=names)
        except GraphError:
            continue
        rows = []
        for k, row in enumerate(ps.fetch(min(per_leaf, ps.listable))):
            drawn_nodes = {projection.node(n) for n in row.nodes}
            drawn_edges = {projection.edge(e) for e in row.edges} - {None}
            rows.append(
                {
                    "text": row.short_text(),
                    "route": row.short_route(),
                    "nodes": sorted(node_index[n] for n in drawn_nodes if n in node_index),
                    "edges": sorted(edge_index[e] for e in drawn_edges if e in edge_index),
                    "running": ps.running_text(k + 1),
                }
            )
        out.append(
            {
                "leaf": node_index.get(projection.node(leaf), -1),
                "name": labels[leaf],
                "count": count_html(ps, True),
                "widths": widths_text(network, ps) or "",
                "cost": ps.cost_text() if ps.count else "",
                "shown": shown_text(ps, len(rows)),
                "rows": rows,
                "total": total_html(ps),
            }
        )
    return out, note

"""Faded forward nodes: how the canvas draws a backward graph (View ▸ Backward graph).

A backward graph (:mod:`graphviz_app.core.backward_graph`) holds the forward nodes
its rules read. They are context, so they are drawn faded, with the edges into
them; the backward pass's own nodes are drawn in full and animate as any graph, and so
is the answer (the graph's output) when it is a forward node: ∂(x·y)/∂x is y itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx

from graphviz_app.core import graph as G

__all__ = ["FADED", "fade_forward_nodes"]

FADED = 0.35
"""Opacity of the forward nodes a backward graph reads (and of the edges into them)."""


def fade_forward_nodes(g: nx.DiGraph, nodes: Mapping[str, Any], edges: Mapping[tuple[str, str], Any]) -> None:
    """Set the opacity of the items of ``g``'s forward nodes; nothing for an ordinary graph."""
    backward = g.graph.get(G.BACKWARD)
    if backward is None:
        return
    full = backward | {g.graph.get(G.OUTPUT)}  # the answer is drawn in full even when it is a forward node
    for node, item in nodes.items():
        if node not in full:
            item.setOpacity(FADED)
    for (_parent, child), item in edges.items():
        if child not in full:
            item.setOpacity(FADED)

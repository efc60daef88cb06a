"""The backward graph of what is open, as something the window and the exporter can show.

:func:`backward_loaded` turns a loaded SOURCE into another: the same leaves and
values, with the graph of :func:`graphviz_app.core.backward_graph.backward_graph`.
Its output is the gradient of the first input, so evaluating it reproduces
∂f/∂x at that node, and its own backward pass (the timeline's) is the chain rule
applied a second time. Nothing here imports Qt.

Examples
--------
>>> from graphviz_app.files import load_source
>>> from graphviz_app.core.evaluate import evaluate
>>> bl = backward_loaded(load_source("example:sin-square"))
>>> round(evaluate(bl.graph, bl.values).output_value, 4)
-1.8845
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from graphviz_app.core import graph as G
from graphviz_app.core.backward_graph import backward_graph

__all__ = ["backward_loaded", "is_backward_graph"]


def backward_loaded(loaded: Any) -> Any:
    """``loaded`` with its graph replaced by its backward graph (a new object; ``loaded`` is kept)."""
    bg = backward_graph(loaded.graph, values=loaded.values)
    title = f"Backward graph of {loaded.title or loaded.origin}"
    return replace(
        loaded,
        graph=bg.graph,
        origin=f"backward graph of {loaded.origin}",
        title=title,
        parsed=None,
        network=None,
        view=None,
        view_reason=None,
    )


def is_backward_graph(g: Any) -> bool:
    """Whether ``g`` is a backward graph (its forward nodes are drawn faded)."""
    return G.BACKWARD in g.graph

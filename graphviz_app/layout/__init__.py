"""Layout: Graphviz (through pygraphviz, in a child process) turns a graph into screen geometry.

:func:`layout` takes a graph, node sizes in pixels and a direction and returns a
:class:`Geometry` of plain data (boxes, splines, arrowheads, label positions) in
screen coordinates, within a time budget that falls back to cheaper layouts
(:mod:`.budget`). No Qt here. (:func:`graphviz_app.exports.dot.to_dot` writes a graph
as DOT text, with its values and gradients, for use with one's own Graphviz.)
"""

from graphviz_app.layout.graphviz import (
    CHILD_PROCESS_ABOVE,
    HARD_NODE_LIMIT,
    TIME_LIMIT,
    EdgePath,
    Geometry,
    NodeBox,
    layout,
)
from graphviz_app.layout.worker import CancelToken, keep_warm

__all__ = [
    "CHILD_PROCESS_ABOVE",
    "HARD_NODE_LIMIT",
    "TIME_LIMIT",
    "CancelToken",
    "EdgePath",
    "Geometry",
    "NodeBox",
    "keep_warm",
    "layout",
]

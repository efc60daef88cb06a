"""Layout: Graphviz (through pygraphviz, in-process) turns a graph into screen geometry.

:func:`layout` takes a graph, node sizes in pixels and a direction and returns a
:class:`Geometry` of plain data (boxes, splines, arrowheads, label positions) in
screen coordinates; :func:`to_dot` writes a graph, with its values and gradients,
as DOT for use with one's own Graphviz. No Qt here.
"""

from graphviz_app.layout.dot_export import to_dot
from graphviz_app.layout.graphviz import (
    CHILD_PROCESS_ABOVE,
    HARD_NODE_LIMIT,
    TIME_LIMIT,
    EdgePath,
    Geometry,
    NodeBox,
    layout,
)
from graphviz_app.layout.worker import CancelToken

__all__ = [
    "CHILD_PROCESS_ABOVE",
    "HARD_NODE_LIMIT",
    "TIME_LIMIT",
    "CancelToken",
    "EdgePath",
    "Geometry",
    "NodeBox",
    "layout",
    "to_dot",
]

"""The plain data a layout produces: node boxes and edge paths in screen coordinates.

Kept apart from the code that computes them, so that Graphviz's reader, the quick
fallback layout and the GUI share one definition. Plain frozen dataclasses:
picklable, comparable, safe to hand from a worker thread to the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Edge", "EdgePath", "Geometry", "NodeBox", "Point"]

Point = tuple[float, float]
Edge = tuple[str, str]


@dataclass(frozen=True)
class NodeBox:
    """A node's centre and size, in pixels, y down."""

    cx: float
    cy: float
    w: float
    h: float

    @property
    def left(self) -> float:
        return self.cx - self.w / 2

    @property
    def right(self) -> float:
        return self.cx + self.w / 2

    @property
    def top(self) -> float:
        return self.cy - self.h / 2

    @property
    def bottom(self) -> float:
        return self.cy + self.h / 2


@dataclass(frozen=True)
class EdgePath:
    """An edge as drawn: a cubic Bezier spline, then an arrowhead.

    ``points`` holds 3n+1 control points: a start point, then three points per
    Bezier segment. The spline starts on the parent's border and stops where the
    arrowhead begins; the arrowhead runs from ``points[-1]`` to ``arrow_tip``, on
    the child's border. ``label_pos`` is the centre of the edge's label, when a
    label size was given.
    """

    points: tuple[Point, ...]
    arrow_tip: Point | None = None
    label_pos: Point | None = None


@dataclass(frozen=True)
class Geometry:
    """A whole layout, plain picklable data in screen coordinates (pixels, y down).

    The drawing spans ``(0, 0)`` to ``(width, height)``. ``nodes`` maps node id to
    :class:`NodeBox`, ``edges`` maps ``(parent, child)`` to :class:`EdgePath`.
    Layouts are cached and shared: treat the dictionaries as read-only.

    ``tier`` says how it was made (see :mod:`graphviz_app.layout.budget`):
    ``"full"`` or ``"cheap"`` Graphviz, or the ``"quick"`` fallback in Python;
    ``note`` says why, when it is not the full layout, in words for the user.
    """

    width: float
    height: float
    nodes: dict[str, NodeBox]
    edges: dict[Edge, EdgePath]
    direction: str = "LR"
    tier: str = "full"
    note: str = ""

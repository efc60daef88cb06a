"""Writing the numbers of a frame on the nodes: those in view now, the others when they come into view.

A frame shown on a big graph (an edit, a jump) used to rewrite every node's lines:
9,736 of them, a tenth of a second, for the hundred on screen. Above
:data:`LAZY_ABOVE` nodes the scene now writes the nodes in or near the view
(:func:`due_now`) and keeps the others in ``scene.stale``; the view asks for them
as they come into view, before it paints (:func:`relabel_seen`), and an export asks
for all of them. Which nodes lie where is looked up in :class:`NodePlaces`, arrays of
their boxes, rather than asked of Qt, which wraps every item in the area (edges
too) as a Python object and asks each node for its shape: 2 ms a question at
1,000 nodes, twice an edit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QRectF

from graphviz_app.gui.canvas.collapsed import frame_box_lines
from graphviz_app.gui.canvas.items import NodeItem

if TYPE_CHECKING:
    from graphviz_app.gui.canvas.scene import CanvasScene

__all__ = ["LAZY_ABOVE", "NodePlaces", "due_now", "relabel", "relabel_seen"]

LAZY_ABOVE = 1_000
"""Graphs with more nodes write the nodes out of view when they come into view."""


class NodePlaces:
    """Where the scene's nodes lie (their boxes, as placed when the scene was built), for finding
    the nodes in a rectangle."""

    def __init__(self, nodes: dict[str, NodeItem]) -> None:
        self.ids = list(nodes)
        boxes = [nodes[node].sceneBoundingRect() for node in self.ids]
        self.boxes = np.array([[b.left(), b.top(), b.right(), b.bottom()] for b in boxes], dtype=float)

    def within(self, rect: QRectF) -> list[str]:
        """The nodes whose boxes meet ``rect`` (scene coordinates)."""
        if not self.ids:
            return []
        b = self.boxes
        hits = (b[:, 0] <= rect.right()) & (b[:, 2] >= rect.left()) & (b[:, 1] <= rect.bottom())
        hits &= b[:, 3] >= rect.top()
        ids = self.ids
        return [ids[i] for i in np.flatnonzero(hits)]


def due_now(scene: CanvasScene, nodes: Iterable[str]) -> Iterable[str]:
    """Of ``nodes`` (to show the frame), those to write now; the rest join ``scene.stale``."""
    views = scene.views()
    if len(scene.nodes) <= LAZY_ABOVE or not views:
        return nodes
    near: set[str] = set()
    for view in views:  # what the view shows, and half a view around it
        seen = view.mapToScene(view.viewport().rect()).boundingRect()
        w, h = seen.width() / 2, seen.height() / 2
        near.update(scene.places.within(seen.adjusted(-w, -h, w, h)))
    scene.stale.update(n for n in nodes if n not in near)
    scene.relabelled_in = None
    return [n for n in nodes if n in near]


def relabel(scene: CanvasScene, nodes: Iterable[str]) -> None:
    """Set the lines and dimming of ``nodes`` for the frame ``scene`` shows."""
    frame = scene.frame
    assert frame is not None  # (show_frame sets it first; relabel_seen asks)
    lit = None if scene.highlight is None else scene.highlight[0]
    items, states, lines_of, boxes = scene.nodes, frame.nodes, scene.lines_of, scene.projection.boxes
    stale = scene.stale
    for node in nodes:
        item = items.get(node)
        if item is not None:  # item.set_lines and item.set_dimmed, inlined: this runs for every node
            stale.discard(node)
            box = boxes.get(node) if boxes else None
            if box is None:
                lines = lines_of(node, states.get(node))
                dimmed = lit is not None and node not in lit
            else:
                lines = frame_box_lines(box, states, scene.text_of, scene.show_values, scene.show_grads)
                dimmed = lit is not None and lit.isdisjoint(box.members)
            if lines != item.lines or dimmed != item.dimmed:
                item.lines, item.dimmed = lines, dimmed
                item.update()


def relabel_seen(scene: CanvasScene, rect: QRectF | None = None) -> None:
    """Write the nodes left for later that lie in ``rect`` (None: all of them, for an export)."""
    if not scene.stale or scene.frame is None or (rect is not None and rect == scene.relabelled_in):
        return  # (a frame of moving tokens asks again and again for the same view)
    if rect is None:
        relabel(scene, list(scene.stale))
    else:
        stale = scene.stale
        relabel(scene, [node for node in scene.places.within(rect) if node in stale])
    scene.relabelled_in = rect

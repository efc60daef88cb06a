"""Writing the numbers of a frame on the nodes: those in view now, the others when they come into view.

A frame shown on a big graph (an edit, a jump) used to rewrite every node's lines:
9,736 of them, a tenth of a second, for the hundred on screen. Above
:data:`LAZY_ABOVE` nodes the scene now writes the nodes in or near the view
(:func:`due_now`) and keeps the others in ``scene.stale``; the view asks for them
as they come into view, before it paints (:func:`relabel_seen`), and an export asks
for all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF

from graphviz_app.gui.canvas.collapsed import frame_box_lines
from graphviz_app.gui.canvas.items import NodeItem

if TYPE_CHECKING:
    from graphviz_app.gui.canvas.scene import CanvasScene

__all__ = ["LAZY_ABOVE", "due_now", "relabel", "relabel_seen"]

LAZY_ABOVE = 1_000
"""Graphs with more nodes write the nodes out of view when they come into view."""


def due_now(scene: CanvasScene, nodes: Iterable[str]) -> Iterable[str]:
    """Of ``nodes`` (to show the frame), those to write now; the rest join ``scene.stale``."""
    views = scene.views()
    if len(scene.nodes) <= LAZY_ABOVE or not views:
        return nodes
    near: set[str] = set()
    for view in views:  # what the view shows, and half a view around it
        seen = view.mapToScene(view.viewport().rect()).boundingRect()
        w, h = seen.width() / 2, seen.height() / 2
        near.update(i.node_id for i in scene.items(seen.adjusted(-w, -h, w, h)) if type(i) is NodeItem)
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
        relabel(
            scene, [i.node_id for i in scene.items(rect) if type(i) is NodeItem and i.node_id in scene.stale]
        )
    scene.relabelled_in = rect

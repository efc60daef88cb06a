"""The tooltips of the scene's items, written when the pointer rests on one (see ``NodeItem.hoverEnterEvent``).

A node shows its numbers and where they came from; a box (a collapsed layer)
its members'; a node whose gradient a quiz question masks (``scene.hidden``)
says so instead of giving the answer away.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphviz_app.gui.canvas.collapsed import box_tooltip
from graphviz_app.gui.canvas.labels import edge_tooltip, node_tooltip
from graphviz_app.session.prose.names import Names

if TYPE_CHECKING:
    from graphviz_app.gui.canvas.scene import CanvasScene

__all__ = ["scene_edge_tooltip", "scene_node_tooltip"]


def scene_node_tooltip(scene: CanvasScene, node: str) -> str:
    """The tooltip of ``node`` (a drawn node of ``scene``, a CanvasScene)."""
    g, ev = scene.graph, scene.evaluation
    assert g is not None and ev is not None  # an item has a tooltip only in a built scene
    if node in scene.projection.boxes:
        return box_tooltip(scene.projection.boxes[node], ev)
    title = scene._names.name(node) if scene._names else scene._titles[node]
    if scene.hidden is not None and node in scene.hidden.nodes:
        return f"<b>{title}</b><br>∇ ? (a quiz question is open: Enter or Space reveals it)"
    return node_tooltip(g, ev, node, title, scene.theme.fault.name())


def scene_edge_tooltip(scene: CanvasScene, edge: tuple[str, str]) -> str:
    """The tooltip of ``edge`` (a drawn edge of ``scene``): a merged edge counts the edges it stands for."""
    if edge in scene.projection.merged:
        count = len(scene.projection.merged[edge])
        return f"<b>{scene._titles[edge[0]]} → {scene._titles[edge[1]]}</b><br>{count:,} edges (collapsed)"
    ev = scene.evaluation
    assert ev is not None  # an item has a tooltip only in a built scene
    names = scene._names if scene._names is not None else Names.of(ev)
    return edge_tooltip(ev, names, scene._titles, edge)

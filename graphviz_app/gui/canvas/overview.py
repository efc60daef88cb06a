"""The overview of a big graph: every node and edge drawn by one item, for zoom levels where no text reads.

Zoomed out over a graph of thousands of nodes, each item's own ``paint`` (a
Python call per node and per edge, 22,000 of them at 10,000 nodes) cost over a
second a frame, to draw boxes a pixel or two wide. Below the zoom at which a
node's text is legible the scene hides those items and shows this one
instead: the edges as one path, the nodes as filled rectangles batched by
kind, drawn once per zoom and scroll position into an image, and the edges
the current step lights drawn on top in the pass's colour. Tokens are still their own items. Above that zoom the scene shows the
items again, with text, selection and tooltips.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter, QPainterPath, QPen, QTransform
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QStyleOptionGraphicsItem,
    QWidget,
)

from graphviz_app.gui import interrupts
from graphviz_app.gui.canvas.edge_item import EdgeItem
from graphviz_app.gui.canvas.items import MIN_LEGIBLE_PX, NodeItem
from graphviz_app.gui.theme import Theme
from graphviz_app.session.state.collapse import Projection
from graphviz_app.session.timeline.states import BACKWARD, FORWARD

if TYPE_CHECKING:
    from graphviz_app.gui.canvas.scene import CanvasScene

__all__ = [
    "OVERVIEW_MIN_NODES",
    "OverviewItem",
    "add_overview",
    "new_items_layer",
    "set_detail",
    "show_overview",
]

LIT = (FORWARD, BACKWARD)
OVERVIEW_MIN_NODES = 1_000  # smaller graphs always draw their own items (a frame is cheap enough)


class OverviewItem(QGraphicsItem):
    """All of a scene's nodes and edges in one ``paint`` (see the module docstring)."""

    def __init__(self, rect: QRectF, nodes: Iterable[NodeItem], edges: Iterable[EdgeItem], theme: Theme):
        super().__init__()
        self._rect = QRectF(rect)
        self.theme = theme
        self.edge_paths: dict[tuple[str, str], QPainterPath] = {}
        self.all_edges = QPainterPath()
        for edge in edges:
            self.edge_paths[edge.edge] = edge.path
            self.all_edges.addPath(edge.path)
        self.rects: dict[str, list[QRectF]] = {}
        for node in nodes:
            self.rects.setdefault(node.kind, []).append(node.border_rect())
        self.lit: list[tuple[str, QPainterPath]] = []
        self._picture: tuple[tuple, QImage] | None = None  # the edges and boxes as last drawn, and where
        self.setZValue(1)

    def set_lit(self, states: Mapping[tuple[str, str], str | None], projection: Projection) -> None:
        """Light the edges the step lights (``"forward"``/``"backward"``), drawn on top.

        ``states`` are the graph's edges; ``projection`` says which drawn edge
        stands for each (see :mod:`graphviz_app.session.state.collapse`).
        """
        now = []
        for edge, state in states.items():
            if state in LIT:
                drawn = projection.edge(edge)
                if drawn in self.edge_paths:
                    now.append((state, self.edge_paths[drawn]))
        if [s for s, _ in now] != [s for s, _ in self.lit] or any(
            a is not b for (_, a), (_, b) in zip(now, self.lit, strict=True)
        ):
            self.lit = now
            self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if interrupts.requested():  # Ctrl+C during an export: finish the render at once
            return
        transform = painter.worldTransform()
        device = painter.device()
        on_device = transform.mapRect(self._rect).intersected(QRectF(0, 0, device.width(), device.height()))
        area = on_device.toAlignedRect()
        if area.isEmpty():
            return
        key = (
            transform.m11(),
            transform.m22(),
            transform.dx(),
            transform.dy(),
            area.getRect(),
            self.theme.name,
        )
        if self._picture is None or self._picture[0] != key:  # drawn once per zoom and scroll position
            image = QImage(area.size(), QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            inner = QPainter(image)
            inner.setTransform(transform * QTransform.fromTranslate(-area.x(), -area.y()))
            self._paint_static(inner)
            inner.end()
            self._picture = (key, image)
        painter.save()
        painter.resetTransform()
        painter.drawImage(area.topLeft(), self._picture[1])
        painter.restore()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for state, path in self.lit:
            colour = self.theme.backward if state == "backward" else self.theme.forward
            painter.setPen(QPen(QColor(colour), 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawPath(path)

    def _paint_static(self, painter: QPainter) -> None:
        t = self.theme
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(t.edge), 0))  # cosmetic: one device pixel at any zoom
        painter.drawPath(self.all_edges)
        fills = {"input": t.input_fill, "param": t.param_fill, "target": t.target_fill, "const": t.const_fill}
        painter.setPen(QPen(QColor(t.border), 0))
        for kind, rects in self.rects.items():
            painter.setBrush(QColor(fills.get(kind, t.op_fill)))
            painter.drawRects(rects)


def new_items_layer() -> QGraphicsRectItem:
    """The parent of every node and edge item: hiding it hides them all with one call, and a hidden
    parent costs a frame nothing (hidden top-level items were still looked at: 60 ms at 10,000 nodes)."""
    layer = QGraphicsRectItem()
    layer.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
    return layer


def add_overview(scene: CanvasScene) -> OverviewItem | None:
    """The scene's overview item, hidden, for a graph of :data:`OVERVIEW_MIN_NODES` or more."""
    if len(scene.nodes) < OVERVIEW_MIN_NODES:
        return None
    item = OverviewItem(scene.sceneRect(), scene.nodes.values(), scene.edges.values(), scene.theme)
    item.setVisible(False)
    scene.addItem(item)
    return item


def show_overview(scene: CanvasScene, on: bool) -> None:
    """Draw the scene as its overview (``on``) or as its items, with text, selection and tooltips."""
    if scene.overview is None or on == scene.overview.isVisible():
        return
    scene.overview.setVisible(on)
    scene.items_layer.setVisible(not on)
    # Qt's index of item positions still walks hidden items on every frame (50-80 ms at
    # 10,000 nodes); the overview needs none, and going back rebuilds it once.
    scene.setItemIndexMethod(
        QGraphicsScene.ItemIndexMethod.NoIndex if on else QGraphicsScene.ItemIndexMethod.BspTreeIndex
    )
    scene.redraw_edges()  # the background draws the edges with the items, not under the overview
    if not on:
        scene.select(scene.selected)  # hidden items drop their selection


def set_detail(scene: CanvasScene, zoom: float) -> None:
    """The overview below the zoom at which a node's text reads, the items above it."""
    if getattr(scene, "overview", None) is not None:
        show_overview(scene, zoom * QFontMetricsF(scene.fonts.body).height() < MIN_LEGIBLE_PX)

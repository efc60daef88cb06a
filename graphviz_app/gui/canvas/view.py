"""The view onto the scene: zoom with the wheel or keys, pan by dragging, fit to the window.

Fitting never shrinks the numbers on the nodes below :attr:`CanvasView.min_text_px`
(the height of a digit on screen): when the whole graph would need smaller text,
the view shows part of it at that size and pans instead, following the step
being shown (:meth:`CanvasView.follow`). The wheel and the zoom keys still zoom
out as far as the user likes, for an overview, and View ▸ Fit to window (or the 0
key) shows the whole graph whatever the size of its text, as its name promises.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QPainter, QPaintEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QMenu, QWidget

from graphviz_app import look
from graphviz_app.gui.canvas.collapsed import collapse_choices, groups_of
from graphviz_app.gui.canvas.items import NodeItem
from graphviz_app.gui.canvas.overview import set_detail
from graphviz_app.gui.canvas.scene import CanvasScene

__all__ = ["CanvasView"]

MIN_SCALE, MAX_SCALE = 0.02, 8.0
FIT_MAX_SCALE = look.FIT_MAX_SCALE
FOLLOW_MARGIN = 40  # pixels kept between the followed node and the edge of the view


class CanvasView(QGraphicsView):
    sig_zoom_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        # The edges are the scene's background (see canvas/edge_layer.py): one picture of the
        # viewport, redrawn where exposed, so tokens and numbers on the nodes never stroke an edge.
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self._drawn_at: tuple | None = None  # the transform and scene the background was drawn for
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(False)  # files are dropped on the main window
        self._auto_fit = True
        self.min_text_px = 0.0
        """The smallest height, in screen pixels, a digit on a node may have after :meth:`fit`."""
        self.text_height = 0.0
        """The height of a digit of the nodes' numbers in scene units (set when the fonts are known)."""
        self.fit_max_scale: float | None = FIT_MAX_SCALE
        """The largest zoom :meth:`fit` uses; None: as large as fills the view."""
        self.panning = False
        """True when the graph is larger than the view at the smallest legible zoom."""
        self._followed: QRectF | None = None
        self._fit_whole = False  # the last fit was the user's "show the whole graph"
        self.node_menu: list[Callable[[str], tuple[str, Callable[[], None]]]] = []
        """More entries for a node's context menu: (text, what it does) for a node id (the quiz's marks)."""

    # --- zoom --------------------------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        new = min(max(self.zoom() * factor, MIN_SCALE), MAX_SCALE)
        factor = new / self.zoom()
        if abs(factor - 1) > 1e-9:
            self.scale(factor, factor)
            self._auto_fit = False
            self._zoomed()

    def zoom_in(self) -> None:
        self.zoom_by(1.25)

    def zoom_out(self) -> None:
        self.zoom_by(0.8)

    def min_zoom(self) -> float:
        """The zoom at which a digit is :attr:`min_text_px` tall on screen."""
        if self.text_height <= 0 or self.min_text_px <= 0:
            return MIN_SCALE
        return min(max(self.min_text_px / self.text_height, MIN_SCALE), MAX_SCALE)

    def fit(self, whole: bool = False) -> None:
        """Show the whole graph if its numbers stay legible; else show its start at the smallest legible zoom.

        With ``whole`` (the user's Fit to window), show the whole graph even if its text
        is then too small to read: a big graph is drawn as its overview.
        """
        scene = self.scene()
        if scene is None:
            return
        rect: QRectF = scene.sceneRect()
        if rect.isEmpty():
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        fitted = self.zoom()
        target = fitted if self.fit_max_scale is None else min(fitted, self.fit_max_scale)
        target = min(max(target, MIN_SCALE if whole else self.min_zoom()), MAX_SCALE)
        self.panning = target > fitted * 1.001
        if abs(target - fitted) > 1e-9:
            self.resetTransform()
            self.scale(target, target)
            if self.panning:  # the top left, where the inputs are and the animation begins
                seen = self.mapToScene(self.viewport().rect()).boundingRect()
                self.centerOn(QPointF(rect.left() + seen.width() / 2, rect.top() + seen.height() / 2))
            else:
                self.centerOn(rect.center())
        self._auto_fit = True
        self._fit_whole = whole
        self._zoomed()

    def whole_zoom(self) -> float:
        """The zoom at which the whole graph just fits the view (what Fit to window gives)."""
        rect, area = self.scene().sceneRect(), self.viewport().rect()
        if rect.isEmpty() or area.isEmpty():
            return self.zoom()
        return min((area.width() - 4) / rect.width(), (area.height() - 4) / rect.height())

    def show_whole_if_legible(self, min_px: float) -> bool:
        """Show the whole graph if its digits stay at least ``min_px`` tall on screen; else change nothing."""
        if self.scene() is None or self.whole_zoom() * self.text_height < min_px:
            return False
        self.fit(whole=True)
        return True

    def centre_on(self, rect: QRectF) -> None:
        """Put ``rect`` (a node) in the middle of the view, so what is around it shows on every side."""
        self.centerOn(rect.center())
        self._followed = rect

    def _zoomed(self) -> None:
        scene = self.scene()
        if isinstance(scene, CanvasScene):
            set_detail(scene, self.zoom())  # a big graph zoomed out is drawn as its overview
        self.sig_zoom_changed.emit(self.zoom())

    def follow(self, rect: QRectF | None) -> None:
        """Keep ``rect`` (the node being computed) in view while fitting pans over a large graph."""
        self._followed = rect
        if rect is not None and self.panning and self._auto_fit:
            self.ensureVisible(rect, FOLLOW_MARGIN, FOLLOW_MARGIN)

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect().intersected(self.scene().sceneRect())

    # --- Qt virtuals ---------------------------------------------------------------------------

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        delta = event.angleDelta().y()
        if delta:
            self.zoom_by(1.0015**delta)
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        """Right-click a node: collapse its layer (or step) into one box, or expand a box."""
        scene, item = self.scene(), self.itemAt(event.pos())
        if not isinstance(item, NodeItem) or not isinstance(scene, CanvasScene) or scene.graph is None:
            return super().contextMenuEvent(event)
        choices = collapse_choices(scene.projection, groups_of(scene.graph), item.node_id)
        menu = QMenu(self)
        for text, key, collapse in choices:
            menu.addAction(text, partial(scene.sig_collapse.emit, key, collapse))
        for entry in self.node_menu:  # e.g. the quiz's "Mark for the quiz"
            menu.addAction(*entry(item.node_id))
        if menu.actions():
            menu.exec(event.globalPos())
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """Paint; after a zoom (or another scene) the cached background is drawn anew first."""
        drawn_at = (self.transform(), self.scene())
        if drawn_at != self._drawn_at:  # Qt keeps the background's picture across a zoom
            self._drawn_at = drawn_at
            self.resetCachedContent()
        scene = self.scene()
        if (
            isinstance(scene, CanvasScene) and scene.stale
        ):  # nodes coming into view get the frame's numbers first
            scene.relabel_seen(self.visible_scene_rect())
        super().paintEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._auto_fit:
            self.fit(self._fit_whole)
            self.follow(self._followed)  # a new size keeps the node being computed in sight

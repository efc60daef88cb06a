"""An edge on the canvas: its curve, arrowhead and label, drawn in the scene's background.

An edge item is what the pointer meets (hover, tooltip, click to select) and what
knows how the edge looks now (:meth:`EdgeItem.line_style`). It paints nothing
itself (``ItemHasNoContents``): the scene draws every edge in its background, which
the view keeps as one picture and redraws only where something changed (see
:mod:`.edge_layer`). So a state change asks the scene to redraw the area along the
curve (:meth:`EdgeItem.set_state`), not the item's bounding rectangle, which for a
long diagonal edge is most of the view.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem

from graphviz_app import look
from graphviz_app.gui.canvas.edge_layer import Pieces
from graphviz_app.gui.canvas.items import MIN_LEGIBLE_PX, Tooltip
from graphviz_app.gui.theme import Theme

__all__ = ["EdgeItem"]

_NO_PEN = QPen(Qt.PenStyle.NoPen)
_SELECTED_CHANGED = QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged


class EdgeItem(Tooltip, QGraphicsRectItem):
    """An edge along Graphviz's spline, with an arrowhead and an optional label.

    ``highlight`` is None (idle), ``"forward"``/``"backward"`` (tokens on it now)
    or ``"done-forward"``/``"done-backward"`` (already traversed). Its rectangle
    is its bounds (the curve, the arrowhead and the label): where the pointer can
    find it. It draws nothing itself (see the module docstring).
    """

    def __init__(
        self,
        edge: tuple[str, str],
        points: list[tuple[float, float]],
        arrow_tip: tuple[float, float] | None,
        label_pos: tuple[float, float] | None,
        theme: Theme,
        font: QFont,
    ):
        super().__init__()
        self.setPen(_NO_PEN)
        self.edge = edge
        self.theme = theme
        self.font = font
        self.highlight: str | None = None
        self.label = ""
        self.weight = 1.0  # 0..1: gradient magnitude, when the width shows it
        self.dimmed = False
        self.emphasised = False
        self.signed = 0.0  # −1..1: the weight it multiplies by, over the largest (a network with data)
        self.points = points
        self.order = 0  # its place among the edges: drawn after those before it (the scene sets it)
        self.path = _spline(points)
        start = QPointF(*points[-1]) if points else QPointF()
        self.arrow = _arrowhead(start, QPointF(*arrow_tip)) if arrow_tip else QPolygonF()
        self._label_pos = QPointF(*label_pos) if label_pos else None if points else QPointF()
        self._bounds = self.path.boundingRect().united(self.arrow.boundingRect()).adjusted(-8, -8, 8, 8)
        box = self.arrow.boundingRect()
        self.ends = (box.left(), box.top(), box.right(), box.bottom())
        """The arrowhead's bounds: left, top, right, bottom."""
        self._pieces: Pieces | None = None
        self._shape: QPainterPath | None = None
        self.setRect(self._bounds)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self.setAcceptHoverEvents(True)
        self.setZValue(1)

    # --- geometry ----------------------------------------------------------------------------

    @property
    def label_pos(self) -> QPointF:
        """Where the label is centred: the layout's place for it, else the middle of the curve."""
        if self._label_pos is None:  # worked out when first needed: most edges never show a label
            self._label_pos = self.path.pointAtPercent(0.5)
        return self._label_pos

    def label_box(self, margin: float = 2) -> QRectF:
        """The label's rounded box (empty when there is no label)."""
        if not self.label:
            return QRectF()
        metrics = QFontMetricsF(self.font)
        w = metrics.horizontalAdvance(self.label) + 8
        h = metrics.height() + margin
        return QRectF(self.label_pos.x() - w / 2, self.label_pos.y() - h / 2, w, h)

    @property
    def pieces(self) -> Pieces:
        """The curve cut into short pieces (made when the edge is first drawn on screen)."""
        if self._pieces is None:
            self._pieces = Pieces(self.points)
        return self._pieces

    def shape(self) -> QPainterPath:
        """A band 10 units wide along the curve, where the pointer finds the edge (made once)."""
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(10)
            self._shape = stroker.createStroke(self.path)
        return self._shape

    # --- drawing (for the scene's background) ------------------------------------------------------

    def draw(
        self,
        painter: QPainter,
        curves: list[QPainterPath] | None = None,
        style: tuple[QColor, float] | None = None,
        ends: bool = True,
    ) -> None:
        """Draw the edge: ``curves`` (parts of its curve, see :class:`Pieces`), or the whole curve
        (``None``); with ``ends``, its arrowhead and label too. ``style``: :meth:`line_style`, if known."""
        colour, width = style or self.line_style()
        painter.setPen(
            QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        )
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for curve in [self.path] if curves is None else curves:
            painter.drawPath(curve)
        if not ends:
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(self.arrow)
        if self.label and not self.dimmed:
            lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
            metrics = QFontMetricsF(self.font)
            if lod * metrics.height() < MIN_LEGIBLE_PX:
                return
            bg = QColor(self.theme.background)
            bg.setAlphaF(0.85)
            painter.setBrush(bg)
            box = self.label_box()
            painter.drawRoundedRect(box, 3, 3)
            painter.setFont(self.font)
            painter.setPen(self.theme.muted if self.highlight is None else colour)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.label)

    def line_style(self) -> tuple[QColor, float]:
        """The colour and width of the edge as drawn now (also for TikZ)."""
        t = self.theme
        colour = QColor(getattr(t.palette, look.edge_role(self.highlight)))
        width = look.edge_width(self.highlight, self.weight, self.emphasised)
        if self.signed and self.highlight is None:  # idle, a network with data: the weight's sign and size
            role, opacity, width = look.signed_edge(self.signed)
            colour = QColor(getattr(t.palette, role))
            colour.setAlphaF(opacity)
        if self.dimmed:
            colour.setAlphaF(look.DIMMED_EDGE)
        if self.isSelected():
            colour, width = QColor(t.selection), width + look.SELECTED_EDGE
        return colour, width

    def redraw(self, width: float | None = None, label_box: QRectF | None = None) -> None:
        """Have the scene draw this edge again where it lies (``width``: the widest it was or is now;
        ``label_box``: where a label was)."""
        redraws = getattr(self.scene(), "redraws", None)  # the canvas's (see .edge_layer.Redraws)
        if redraws is not None:
            redraws.edge(self, width, label_box)

    # --- public -------------------------------------------------------------------------------------

    def tooltip_key(self) -> tuple[str, str]:
        return self.edge

    def set_state(
        self,
        highlight: str | None,
        label: str,
        weight: float,
        dimmed: bool,
        emphasised: bool = False,
        signed: float = 0.0,
    ) -> None:
        if (highlight, label, weight, dimmed, emphasised, signed) == (
            self.highlight,
            self.label,
            self.weight,
            self.dimmed,
            self.emphasised,
            self.signed,
        ):
            return
        relabelled = label != self.label
        old_width, old_label = self.line_style()[1], self.label_box()
        self.highlight, self.label, self.weight = highlight, label, weight
        self.dimmed, self.emphasised, self.signed = dimmed, emphasised, signed
        if relabelled:  # the bounds grow or shrink with the label (setRect tells the scene)
            self.setRect(self._bounds.united(self.label_box(4)) if label else self._bounds)
        self.redraw(max(old_width, self.line_style()[1]), old_label)

    # --- Qt virtuals ---------------------------------------------------------------------------------

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:  # noqa: N802
        if change == _SELECTED_CHANGED:  # the selection colour and width
            self.redraw()
        return super().itemChange(change, value)


def _spline(points: list[tuple[float, float]]) -> QPainterPath:
    """Graphviz's B-spline control points (1 + 3n of them) as a cubic Bezier path."""
    path = QPainterPath()
    if not points:
        return path
    path.moveTo(*points[0])
    i = 1
    while i + 2 <= len(points) - 1:
        path.cubicTo(QPointF(*points[i]), QPointF(*points[i + 1]), QPointF(*points[i + 2]))
        i += 3
    for p in points[i:]:
        path.lineTo(*p)
    return path


def _arrowhead(start: QPointF, tip: QPointF) -> QPolygonF:
    return QPolygonF([QPointF(x, y) for x, y in look.arrowhead((start.x(), start.y()), (tip.x(), tip.y()))])

"""The nodes drawn on the canvas (edges are in :mod:`.edge_item`, tokens in :mod:`.tokens`).

Each class follows the pattern of Qt's *elasticnodes* example: ``boundingRect``
says where the item may paint, ``paint`` draws it, and nothing else happens at
paint time (text is laid out when the numbers change, not on every frame).
Qt calls these virtual methods by their camelCase names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem, QWidget

from graphviz_app import look
from graphviz_app.gui import interrupts
from graphviz_app.gui.canvas.learned import picture_image
from graphviz_app.gui.theme import Theme

__all__ = ["LINE_GAP", "MIN_LEGIBLE_PX", "NODE_PADDING", "NodeItem", "Tooltip"]

NODE_PADDING = look.NODE_PADDING
LINE_GAP = look.LINE_GAP
MIN_LEGIBLE_PX = 5.0  # below this on-screen text height, draw boxes without text

# Qt's enum members, looked up once: each lookup goes through Python's enum machinery, and
# building the items of a 10,000-node graph made 67,000 of them (0.6 s).
_NO_PEN = QPen(Qt.PenStyle.NoPen)
BADGE_SCALE = 1.2
"""A badge's diameter, in lines of the node's body text."""
_SELECTABLE = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
_CACHE = QGraphicsItem.CacheMode.DeviceCoordinateCache

# Tooltip is a mixin for graphics items. To the type checker it is one; at run time it stays a plain
# class, so each item has a single Qt base class (the one that makes its C++ object).
if TYPE_CHECKING:
    from PySide6.QtWidgets import QGraphicsSceneHoverEvent

    _Item = QGraphicsItem
else:
    _Item = object


class Tooltip(_Item):
    """A tooltip written when the pointer comes to rest on the item, not before.

    The scene sets ``tooltip_text`` (a function of the item's key: node id or
    edge). Writing every tooltip after every edit cost more than the edit
    itself on a big graph; writing it on hover costs nothing until needed.
    """

    tooltip_text: Callable[[Any], str] | None = None

    def tooltip_key(self) -> Any:
        raise NotImplementedError

    def refresh_tooltip(self) -> None:
        if self.tooltip_text is not None:
            self.setToolTip(self.tooltip_text(self.tooltip_key()))

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        from graphviz_app.gui.canvas.scene import CanvasScene  # (which imports this module)

        self.refresh_tooltip()
        scene = self.scene()
        if isinstance(scene, CanvasScene):
            scene.hovered = self
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        from graphviz_app.gui.canvas.scene import CanvasScene

        scene = self.scene()
        if isinstance(scene, CanvasScene) and scene.hovered is self:
            scene.hovered = None
        super().hoverLeaveEvent(event)


class _Fonts:
    """The fonts of a node and their metrics, made once per pair of fonts rather than in every paint."""

    _made: ClassVar[dict[tuple[int, int], _Fonts]] = {}

    def __init__(self, title: QFont, body: QFont):
        self.title, self.body = title, body  # kept, so the ids in the key stay theirs
        self.italic = QFont(body)
        self.italic.setItalic(True)
        self.metrics = {
            "title": QFontMetricsF(title),
            "body": QFontMetricsF(body),
            "italic": QFontMetricsF(self.italic),
        }
        self.title_height = self.metrics["title"].height()
        self.body_height = self.metrics["body"].height()

    @classmethod
    def of(cls, title: QFont, body: QFont) -> _Fonts:
        key = (id(title), id(body))
        made = cls._made.get(key)
        if made is None or made.title is not title or made.body is not body:
            made = cls._made[key] = cls(title, body)
        return made


class NodeItem(Tooltip, QGraphicsRectItem):
    """One node: a shape by kind, its name or op, its value and its gradient.

    ``lines`` are (text, role) pairs with role ``"title"``, ``"value"``,
    ``"grad"``, ``"grad-partial"`` or ``"fault"``; the scene sets them.

    Two things keep a frame of a big graph cheap. The item is a
    ``QGraphicsRectItem`` whose rectangle is its bounds, so Qt asks C++, not
    Python, where it may paint (it asks several times per item per frame). And
    it is cached (``DeviceCoordinateCache``): ``paint`` runs when the item
    changes (``update()``), and every other frame reuses its pixels.
    """

    def __init__(
        self,
        node_id: str,
        kind: str,
        width: float,
        height: float,
        *,
        is_output: bool,
        theme: Theme,
        fonts: tuple[QFont, QFont],
    ):
        self._rect = QRectF(-width / 2, -height / 2, width, height)
        badge = _Fonts.of(*fonts).body_height * BADGE_SCALE / 2  # room for a badge on the top-right corner
        super().__init__(self._rect.adjusted(-4, -4 - badge, 4 + badge, 4))
        self.setPen(_NO_PEN)  # the rectangle is only the bounds; paint() draws the node
        self.node_id = node_id
        self.kind = kind
        self.is_output = is_output
        self.theme = theme
        self.title_font, self.body_font = fonts
        self._fonts = _Fonts.of(*fonts)
        self.lines: list[tuple[str, str]] = []
        self.dimmed = False
        self.active = False
        self.badge = ""  # a mark in the top-right corner ("?": a node marked for the quiz)
        self.picture: np.ndarray | None = None  # a neuron's output over the input plane, in [−1, 1]
        self.picture_room = 0.0  # the side of the square kept for it at the box's left (0: none)
        self._image: tuple[str, QImage] | None = None  # the picture in a theme's colours, made when painted
        self.setFlag(_SELECTABLE, True)
        self.setAcceptHoverEvents(True)
        self.setZValue(2)
        self.setCacheMode(_CACHE)

    # Qt virtuals -------------------------------------------------------------------------

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self._rect)
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if interrupts.requested():  # Ctrl+C during an export: finish the render at once
            return
        rect = self._rect
        fill, border, width, radius = self.box_style()
        if border is None:
            painter.setPen(Qt.PenStyle.NoPen)
        else:
            pen = QPen(border, width)
            if self.kind == "target":
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, radius, radius)
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        if self.badge:
            self._paint_badge(painter)
        if self.picture is not None:
            painter.drawImage(self.picture_rect(), self.picture_image())
        if lod * self._fonts.body_height < MIN_LEGIBLE_PX:
            return  # too small to read: the box alone, tooltips still show the numbers
        self._paint_lines(painter)

    def picture_image(self) -> QImage:
        """The picture in the colours of the theme now (made again after the theme changed)."""
        assert self.picture is not None
        if self._image is None or self._image[0] != self.theme.name:
            self._image = (self.theme.name, picture_image(self.picture, self.theme.palette))
        return self._image[1]

    def picture_rect(self) -> QRectF:
        """Where the picture is drawn: a square at the left of the box, inside its border."""
        inset = 3.0
        side = self.picture_room - 2 * inset
        return QRectF(self._rect.left() + inset, self._rect.center().y() - side / 2, side, side)

    def badge_disc(self) -> QRectF:
        """Where the badge is drawn: a disc on the box's top-right corner (as on an app icon)."""
        size = self._fonts.body_height * BADGE_SCALE
        disc = QRectF(0, 0, size, size)
        disc.moveCenter(self._rect.topRight() + QPointF(-size / 4, size / 4))
        return disc

    def _paint_badge(self, painter: QPainter) -> None:
        disc = self.badge_disc()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.theme.selection)
        painter.drawEllipse(disc)
        painter.setPen(QColor("black"))
        painter.setFont(self._fonts.title)
        painter.drawText(disc, Qt.AlignmentFlag.AlignCenter, self.badge)

    def box_style(self) -> tuple[QColor, QColor | None, float, float]:
        """Fill, border (None: no border), border width and corner radius, as drawn now (also for TikZ)."""
        t, kind = self.theme, self.kind
        fill = QColor(getattr(t.palette, look.fill_role(kind)))
        role, width = look.border(kind, self.is_output) or (
            "border",
            look.NODE_BORDER,
        )  # a constant: none drawn
        if self.active:
            role, width = look.ACTIVE_BORDER
        if self.isSelected():
            role, width = look.SELECTED_BORDER
        border = QColor(getattr(t.palette, role))
        if self.dimmed:
            fill.setAlphaF(look.DIMMED_NODE)
            border.setAlphaF(look.DIMMED_NODE)
        radius = look.corner_radius(kind, self._rect.height())
        return fill, None if kind == "const" else border, width, radius

    def line_colour(self, role: str) -> QColor:
        """The colour of a label line of ``role`` (title, value, grad, …), as drawn now."""
        colour = QColor(getattr(self.theme.palette, look.line_role(role)))
        if self.dimmed:
            colour.setAlphaF(look.DIMMED_NODE)
        return colour

    @property
    def box(self) -> QRectF:
        """The node's box in item coordinates (centred on its position)."""
        return QRectF(self._rect)

    def _paint_lines(self, painter: QPainter) -> None:
        fonts = self._fonts
        heights = [fonts.title_height if r == "title" else fonts.body_height for _, r in self.lines]
        y = self._rect.center().y() - (sum(heights) + LINE_GAP * (len(heights) - 1)) / 2
        for (text, role), h in zip(self.lines, heights):
            colour = self.line_colour(role)
            which = "title" if role == "title" else "italic" if role == "grad-partial" else "body"
            painter.setFont(getattr(fonts, which))
            painter.setPen(colour)
            room = self.picture_room
            box = QRectF(self._rect.left() + 3 + room, y, self._rect.width() - 6 - room, h)
            needed = fonts.metrics[which].horizontalAdvance(text)
            if needed > box.width() > 0:
                # A number longer than the width reserved for it (after an edit): draw it
                # condensed rather than spilling out of the box; no new layout is needed.
                painter.save()
                squeeze = box.width() / needed
                painter.translate(box.center().x(), 0)
                painter.scale(squeeze, 1.0)
                painter.drawText(QRectF(-needed / 2, y, needed, h), Qt.AlignmentFlag.AlignCenter, text)
                painter.restore()
            else:
                painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, text)
            y += h + LINE_GAP

    # Public -----------------------------------------------------------------------------------

    def tooltip_key(self) -> str:
        return self.node_id

    def set_lines(self, lines: list[tuple[str, str]]) -> None:
        if lines != self.lines:
            self.lines = lines
            self.update()

    def set_dimmed(self, dimmed: bool) -> None:
        if dimmed != self.dimmed:
            self.dimmed = dimmed
            self.update()

    def set_active(self, active: bool) -> None:
        if active != self.active:
            self.active = active
            self.update()

    def set_picture(self, values: np.ndarray | None) -> None:
        """Show ``values`` (see :mod:`.learned`) in a square as tall as the box, at its left (the layout
        measured the box with that square in it)."""
        self.picture, self._image = values, None
        self.picture_room = 0.0 if values is None else self._rect.height()
        self.update()

    def set_badge(self, badge: str) -> None:
        if badge != self.badge:
            self.badge = badge
            self.update()

    def border_rect(self) -> QRectF:
        return self._rect.translated(self.pos())

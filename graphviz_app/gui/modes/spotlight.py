"""The laser pointer: a spotlight on the canvas that follows the mouse (key P).

A lecturer sharing the window points at one node while talking about it. The
spotlight dims the rest of the canvas and draws a red dot where the mouse is,
so the room can follow a pointer that a projector would otherwise show as a
small arrow. It is a transparent layer over the canvas's viewport: it lets
every click, drag and wheel event through, and only watches the mouse move.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QRadialGradient
from PySide6.QtWidgets import QWidget

__all__ = ["Spotlight"]

RADIUS_PX = 110
"""Radius of the lit circle, in screen pixels: about one node and its edges."""
DIM = QColor(0, 0, 0, 110)
"""What covers the rest of the canvas: dark enough to lead the eye, light enough to read through."""
DOT_PX = 7
"""Radius of the red dot at the pointer."""


class Spotlight(QWidget):
    """A layer over ``viewport`` that dims all but a circle around the mouse; hidden until switched on."""

    def __init__(self, viewport: QWidget) -> None:
        super().__init__(viewport)
        self._viewport = viewport
        self.setObjectName("spotlight")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.center: QPointF | None = None  # the mouse, in the viewport's coordinates; None: off the canvas
        self.setVisible(False)
        viewport.installEventFilter(self)

    @property
    def on(self) -> bool:
        return self.isVisible()

    def toggle(self) -> None:
        self.set_on(not self.on)

    def set_on(self, on: bool) -> None:
        viewport = self._viewport
        viewport.setMouseTracking(True)  # mouse moves arrive without a button pressed
        if on:
            self.setGeometry(viewport.rect())
            inside = viewport.mapFromGlobal(viewport.cursor().pos())
            self.center = QPointF(inside) if viewport.rect().contains(inside) else None
            self.show()
            self.raise_()
        else:
            self.hide()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt's name)
        kind = event.type()
        if kind == QEvent.Type.Resize:
            self.setGeometry(self._viewport.rect())
        elif self.isVisible() and isinstance(event, QMouseEvent) and kind == QEvent.Type.MouseMove:
            self.center = event.position()
            self.update()
        elif self.isVisible() and kind == QEvent.Type.Leave:
            self.center = None
            self.update()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802  (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        if self.center is None:
            painter.fillRect(self.rect(), DIM)
            painter.end()
            return
        # the dark layer, clear inside the circle with a soft rim; beyond the radius the last colour pads out
        shade = QRadialGradient(self.center, RADIUS_PX)
        shade.setColorAt(0.0, Qt.GlobalColor.transparent)
        shade.setColorAt(0.85, Qt.GlobalColor.transparent)
        shade.setColorAt(1.0, DIM)
        painter.fillRect(self.rect(), shade)
        # the dot: opaque at the centre, fading out, small enough to point next to a number, not over it
        glow = QRadialGradient(self.center, DOT_PX * 2)
        glow.setColorAt(0.0, QColor(255, 30, 30, 255))
        glow.setColorAt(0.45, QColor(255, 30, 30, 210))
        glow.setColorAt(1.0, QColor(255, 30, 30, 0))
        painter.setBrush(glow)
        painter.drawEllipse(self.center, DOT_PX * 2, DOT_PX * 2)
        painter.end()

"""The tokens that carry values forward (blue) and gradients back (orange) along the edges."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from graphviz_app.gui import interrupts

if TYPE_CHECKING:
    from graphviz_app.gui.canvas.scene import CanvasScene
    from graphviz_app.session.timeline.steps import Token

__all__ = ["TokenItem", "place_tokens"]


class TokenItem(QGraphicsItem):
    """A small labelled pill travelling along an edge (0 = start of its trip, 1 = end)."""

    def __init__(
        self, path: QPainterPath, text: str, colour: QColor, text_colour: QColor, font: QFont, backward: bool
    ):
        super().__init__()
        self.path = path
        self.text = text
        self.colour = colour
        self.text_colour = text_colour
        self.font = font
        self.backward = backward
        metrics = QFontMetricsF(font)
        w = metrics.horizontalAdvance(text) + 10
        h = metrics.height() + 4
        self._rect = QRectF(-w / 2, -h / 2, w, h)
        self.setZValue(5)
        # moving it copies its picture: no paint()
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.set_progress(0.0)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect.adjusted(-1, -1, 1, 1)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if interrupts.requested():  # Ctrl+C during an export: finish the render at once
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.colour)
        painter.drawRoundedRect(self._rect, self._rect.height() / 2, self._rect.height() / 2)
        painter.setFont(self.font)
        painter.setPen(self.text_colour)
        painter.drawText(self._rect, Qt.AlignmentFlag.AlignCenter, self.text)

    def set_progress(self, t: float) -> None:
        t = min(max(t, 0.0), 1.0)
        self.setPos(self.path.pointAtPercent(1.0 - t if self.backward else t))


def place_tokens(scene: CanvasScene, tokens: Iterable[Token], progress: float) -> None:
    """Put ``tokens`` (the timeline's) at ``progress`` along their edges of ``scene`` (a canvas scene),
    making their items when the step's tokens are new; a quiz's hidden numbers show as "?"."""
    tokens = list(tokens) if scene.hidden is None else scene.hidden.mask(tokens)
    if len(scene.tokens) != len(tokens) or any(t.text != item.text for t, item in zip(tokens, scene.tokens)):
        scene.clear_tokens()
        for token in tokens:
            edge = scene.edges.get(scene.projection.edge(token.edge) or ("", ""))
            if edge is None:
                continue
            theme = scene.theme
            item = TokenItem(
                edge.path,
                token.text,
                theme.forward if token.role == "value" else theme.backward,
                theme.token_text,
                scene.fonts.small,
                backward=token.direction == "backward",
            )
            scene.addItem(item)
            scene.tokens.append(item)
    for item in scene.tokens:
        item.set_progress(progress)

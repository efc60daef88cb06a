"""The quiz's score card: at the end of the timeline, right, wrong and skipped per kind of question.

It sits in the middle of the canvas, in the caption's font (so a room can read it in
presentation mode), while quiz mode is on and the animation is at its last step; any
step away, or leaving quiz mode, puts it away. The numbers are
:meth:`graphviz_app.session.quiz.state.Quiz.card`'s.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractScrollArea, QLabel

from graphviz_app.session.quiz.state import ScoreCard

__all__ = ["ScoreCardView", "card_html"]


def card_html(card: ScoreCard) -> str:
    """The card as a table: one row per kind of question, then the whole round."""
    head = (
        "<tr><th></th><th>&nbsp;right&nbsp;</th><th>&nbsp;wrong&nbsp;</th><th>&nbsp;skipped&nbsp;</th></tr>"
    )
    rows = [(name, s) for name, s in card.rows] + [("all", card.total)]
    body = "".join(
        f"<tr><td>{'<b>' if name == 'all' else ''}{escape(name)}&nbsp;&nbsp;</td>"
        + "".join(f"<td align='center'>{n}</td>" for n in (s.right, s.wrong, s.skipped))
        + "</tr>"
        for name, s in rows
    )
    unasked = f"<p>{card.unasked} not asked (the animation went past them)</p>" if card.unasked else ""
    return f"<p><b>Score card</b></p><table>{head}{body}</table>{unasked}"


class ScoreCardView(QLabel):
    """The card, centred over ``view``'s canvas (a child of the view: scrolling moves the viewport's)."""

    def __init__(self, view: QAbstractScrollArea) -> None:
        super().__init__(view)
        self.setObjectName("quiz_score_card")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAutoFillBackground(True)
        self.setFrameShape(QLabel.Shape.Box)
        self.setMargin(16)
        self.setVisible(False)
        self.card: ScoreCard | None = None
        self._font = QFont()
        self._viewport = view.viewport()
        self._viewport.installEventFilter(self)  # resized after the view: its geometry is then known

    def show_card(self, card: ScoreCard | None, font: QFont) -> None:
        """Show ``card`` (None: put it away)."""
        self.card = card
        if card is None:
            self.hide()
            return
        self._font = QFont(font)
        self.setText(card_html(card))
        self._centre()
        self.show()
        self.raise_()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt's name)
        if obj is self._viewport and event.type() == QEvent.Type.Resize and self.isVisible():
            self._centre()
        return False

    def _centre(self) -> None:
        """In the middle of the canvas, in the caption's font or, on a narrow canvas, as much smaller as fits."""
        area = self._viewport.geometry()
        font = QFont(self._font)
        size = font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF()
        for _ in range(8):
            self.setFont(font)
            self.adjustSize()
            if self.width() <= area.width() - 8 and self.height() <= area.height() - 8:
                break
            size *= 0.85
            font.setPixelSize(max(1, round(size))) if font.pixelSize() > 0 else font.setPointSizeF(size)
        self.move(area.center().x() - self.width() // 2, area.center().y() - self.height() // 2)

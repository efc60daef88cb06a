"""The legend over the canvas's corner: what blue, orange, ∇, "(1/2)", the dashed target,
the output's border and the edge labels mean (View ▸ Legend, or L).

The rows are :data:`graphviz_app.session.prose.legend.LEGEND`; here they are only
coloured with the theme and placed in the top-right corner of the view, where
they stay while the graph is zoomed and panned under them.
"""

from __future__ import annotations

import html
import math

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel

from graphviz_app.gui.theme import Theme
from graphviz_app.session.prose.legend import LEGEND, LEGEND_TITLE

__all__ = ["Legend", "legend_html"]

MARGIN = 8
MAX_WIDTH = 420


def _mark_style(role: str, theme: Theme) -> str:
    colours = {
        "forward": f"color:{theme.forward.name()}",
        "backward": f"color:{theme.backward.name()}",
        "muted": f"color:{theme.muted.name()}",
        "edge": f"color:{theme.text.name()}",
        "target": f"background:{theme.target_fill.name()}; color:{theme.text.name()}; border:1px dashed {theme.muted.name()}",
        "output": f"color:{theme.text.name()}; border:2px solid {theme.output_border.name()}",
        "input": f"background:{theme.input_fill.name()}; color:{theme.text.name()}",
    }
    return colours.get(role, "")


def legend_html(theme: Theme) -> str:
    """The legend as rich text in ``theme``'s colours."""
    rows = "".join(
        f"<tr><td align='right' style='{_mark_style(role, theme)}'><b>&nbsp;{html.escape(mark)}&nbsp;</b></td>"
        f"<td>{html.escape(meaning)}</td></tr>"
        for mark, role, meaning in LEGEND
    )
    return f"<b>{LEGEND_TITLE}</b><table cellspacing='0' cellpadding='3'>{rows}</table>"


class Legend(QLabel):
    """A panel over the top-right corner of ``view``, hidden until toggled."""

    def __init__(self, view: QAbstractScrollArea, theme: Theme) -> None:
        super().__init__(view)
        self._view = view
        self.setObjectName("legend")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._text_px: float | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # clicks reach the canvas
        self.set_theme(theme)
        self.setVisible(False)
        self._apply_font()
        view.installEventFilter(self)

    def set_theme(self, theme: Theme) -> None:
        self.setText(legend_html(theme))
        self.setStyleSheet(
            f"QLabel#legend {{ background: {theme.background.name()}; color: {theme.text.name()};"
            f" border: 1px solid {theme.border.name()}; border-radius: 6px; padding: 6px; }}"
        )
        self._place()

    def set_text_height(self, px: float | None) -> None:
        """Digits ``px`` pixels tall (presentation mode); None: the application's text size."""
        self._text_px = px
        self._apply_font()

    def set_shown(self, on: bool) -> None:
        self.setVisible(on)
        if on:
            self._place()
            self.raise_()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt's name)
        if obj is self._view and event.type() == QEvent.Type.Resize:
            self._place()
        elif obj is self._view and event.type() == QEvent.Type.FontChange:  # Larger text
            self._apply_font()
        return False

    def _apply_font(self) -> None:
        font = QFont(QApplication.font())  # set explicitly: a widget with a style sheet misses font changes
        if self._text_px is not None:
            font.setPixelSize(100)
            digits = QFontMetricsF(font).tightBoundingRect("0123456789").height()
            font.setPixelSize(math.ceil(100 * self._text_px / digits))
        self.setFont(font)
        self._place()

    def _place(self) -> None:
        view = self._view
        # presentation: half the screen, for text sized for the back of the room
        width = view.width() // 2 if self._text_px else min(MAX_WIDTH, max(view.width() // 2, 200))
        self.setFixedWidth(width)
        self.setFixedHeight(min(self.heightForWidth(width), max(view.height() - 2 * MARGIN, 0)))
        scroll = view.verticalScrollBar()
        right = view.width() - (scroll.width() if scroll.isVisible() else 0)
        self.move(right - self.width() - MARGIN, MARGIN)

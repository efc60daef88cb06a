"""A scroll area for a dock's panel: scrolls up and down, never sideways, and never squeezes its content.

A panel laid out straight into a dock is drawn over itself when the dock is
shorter than the panel: Qt's dock layout does not count word-wrapped labels
(their height depends on the width), so a label and the list below it are given
the same pixels. A plain QScrollArea fixes the height but, once the panel is
wider than the dock, cuts off its right side behind a horizontal scroll bar.
This one is as wide as its content needs (its minimum width is the content's),
so the dock grows instead, and it scrolls vertically when the dock is short.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

__all__ = ["VerticalScrollArea", "scroll_in"]


class VerticalScrollArea(QScrollArea):
    """Shows ``content`` at the area's full width, scrolling vertically only."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(content)
        content.installEventFilter(self)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        content = self.widget()
        if content is None:
            return hint
        width = content.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
        width += 2 * self.frameWidth()
        return QSize(max(hint.width(), width), hint.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the content's minimum width changed (fonts, a wider table): tell the dock
        return super().eventFilter(watched, event)


def scroll_in(panel: QWidget, content: QWidget, *, frame: bool = True) -> VerticalScrollArea:
    """Lay ``content`` into ``panel``, edge to edge, in a :class:`VerticalScrollArea` (with ``frame``, its
    frame drawn); returns the area."""
    area = VerticalScrollArea(content, panel)
    if not frame:
        area.setFrameShape(QFrame.Shape.NoFrame)
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(area)
    return area

"""A row of widgets that wraps onto the next line when it runs out of width, as words do.

A row of buttons in a QHBoxLayout is as wide as all of them: in a dock, that width
becomes the dock's minimum and, through it, the window's (three "Copy as …"
buttons kept the window from fitting a 1024-pixel screen). In a :class:`FlowLayout`
the minimum is the widest single widget, and the height follows the width
(``heightForWidth``), so the panel grows a line instead of widening the window.
Adapted from Qt's Flow Layout example.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QStyle, QWidget

__all__ = ["FlowLayout"]


class FlowLayout(QLayout):
    """Widgets left to right at their size hints, wrapping to a new line where the next does not fit.

    ``align_right`` puts each line's widgets at its right end (a row of buttons after the
    content they act on); ``h_gap`` and ``v_gap`` are the gaps between widgets and between
    lines (the style's spacing when not given). A widget wider than the whole line (a long
    word-wrapped label) gets the line and the height it needs at that width.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        align_right: bool = False,
        h_gap: int | None = None,
        v_gap: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.align_right = align_right
        self._gaps = (h_gap, v_gap)
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    # --- QLayout's interface ------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802  (Qt's name)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        """Everything on one line."""
        items = self._shown()
        width = sum(i.sizeHint().width() for i in items) + self._gap(0) * max(0, len(items) - 1)
        height = max((i.sizeHint().height() for i in items), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802
        """As wide as the widest widget: every other one can go to a line of its own."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    # --- placing --------------------------------------------------------------------------------

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _gap(self, axis: int) -> int:
        """The gap between widgets (``axis`` 0) or lines (1)."""
        given = self._gaps[axis]
        if given is not None:
            return given
        if self.spacing() >= 0:
            return self.spacing()
        parent = self.parentWidget()
        if parent is None:
            return 6
        return parent.style().pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing, None, parent)

    def _place(self, rect: QRect, move: bool) -> int:
        """Lay the widgets out in ``rect`` (only measure unless ``move``); the height they take."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        gap, line_gap = self._gap(0), self._gap(1)
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._shown():
            width = item.sizeHint().width()
            if lines[-1] and used + gap + width > area.width():
                lines.append([])
                used = 0
            used += (gap if lines[-1] else 0) + width
            lines[-1].append(item)
        y = area.y()
        for line in lines:
            if not line:
                continue
            widths = [max(0, min(i.sizeHint().width(), area.width())) for i in line]
            height = max(_height(i, width) for i, width in zip(line, widths))
            x = area.x()
            if self.align_right:
                x = area.right() + 1 - (sum(widths) + gap * (len(line) - 1))
            for item, width in zip(line, widths):
                if move:
                    item.setGeometry(QRect(QPoint(x, y), QSize(width, height)))
                x += width + gap
            y += height + line_gap
        return y - line_gap - rect.y() + m.bottom() if y > area.y() else m.top() + m.bottom()


def _height(item: QLayoutItem, width: int) -> int:
    """``item``'s height at ``width``: more lines for a word-wrapped label squeezed below its hint."""
    if item.hasHeightForWidth() and width < item.sizeHint().width():
        return item.heightForWidth(width)
    return item.sizeHint().height()

"""The examples gallery: the built-in examples, in the order a lesson meets them.

Each entry shows the example's title in bold with its kind, and the two lines
of its description (what it shows and the numbers to look for). Double-click an
entry, or select it and press **Open**, to open ``example:NAME`` in the session.

The entries are drawn by a small delegate that lays each one out as rich text
(a ``QTextDocument``) in the list's own font and colours, so the main window's
text size and theme apply, and a selected entry uses the selection colours.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from graphviz_app.builders.examples import EXAMPLES, Example
from graphviz_app.errors import GraphvizAppError
from graphviz_app.gui.panels.base import SessionPanel
from graphviz_app.gui.panels.message_label import MessageLabel
from graphviz_app.session.state import session as S

__all__ = ["NAME_ROLE", "ExamplesGallery", "example_html"]

NAME_ROLE = Qt.ItemDataRole.UserRole
"""Item data role holding the example's name."""
HTML_ROLE = Qt.ItemDataRole.UserRole + 1
_PADDING = 6


def example_html(example: Example) -> str:
    """The entry of one example as rich text: bold title and kind, then the description lines.

    Examples
    --------
    >>> from graphviz_app.builders.examples import EXAMPLES
    >>> example_html(EXAMPLES["sin-square"])[:40]
    '<b>sin(x²): a chain of two functions</b>'
    """
    lines = "<br>".join(html.escape(line) for line in example.description.splitlines())
    return f"<b>{html.escape(example.title)}</b> &nbsp;<i>{html.escape(example.kind)}</i><br>{lines}"


class _EntryDelegate(QStyledItemDelegate):
    """Draws an entry's rich text (``HTML_ROLE``) wrapped to the list's width."""

    def _document(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(_PADDING)
        doc.setHtml(index.data(HTML_ROLE) or "")
        width = option.rect.width()
        view = option.widget
        if width <= 0 and isinstance(view, QAbstractScrollArea):  # the gallery's list
            width = view.viewport().width()
        doc.setTextWidth(max(width, 120))
        return doc

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._document(opt, index)
        opt.text = ""  # the style draws the background and the focus frame; the document draws the text
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        painter.translate(opt.rect.topLeft())
        painter.setClipRect(opt.rect.translated(-opt.rect.topLeft()))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(  # noqa: N802  (Qt's name)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._document(opt, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()))


class ExamplesGallery(SessionPanel):
    """The list of built-in examples; opening one replaces what the session shows."""

    # --- signals ---------------------------------------------------------------------

    sig_example_opened = Signal(str)
    """An example was opened (its name)."""

    def __init__(self, session: S.Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.list = QListWidget(self)
        self.list.setAccessibleName("examples")
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setUniformItemSizes(False)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setItemDelegate(_EntryDelegate(self.list))
        for name, example in EXAMPLES.items():
            item = QListWidgetItem(f"{example.title} ({example.kind})\n{example.description}")
            item.setData(NAME_ROLE, name)
            item.setData(HTML_ROLE, example_html(example))
            item.setToolTip(f"example:{name}")
            self.list.addItem(item)
        self.open_button = QPushButton("Open", self)
        self.open_button.setEnabled(False)
        self.error_label = MessageLabel(self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

        self.list.itemDoubleClicked.connect(self._on_item_activated)
        self.list.currentRowChanged.connect(self._on_current_changed)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.on_graph_replaced()

    # --- public API --------------------------------------------------------------------

    def names(self) -> list[str]:
        """The example names, in the order listed."""
        return [self.list.item(row).data(NAME_ROLE) for row in range(self.list.count())]

    def select(self, name: str) -> None:
        """Select the entry of example ``name``."""
        self.list.setCurrentRow(self.names().index(name))

    confirm_discard: Callable[[], bool] | None = None
    """Set by the main window: asks before unsaved changes are replaced (False: keep them)."""

    def open_example(self, name: str) -> bool:
        """Open ``example:NAME`` in the session; an error is shown under the list. True on success."""
        if self.confirm_discard is not None and not self.confirm_discard():
            return False
        try:
            self.session.open_source(f"example:{name}")
        except GraphvizAppError as exc:
            self.error_label.show_error(str(exc))
            self.sig_status.emit(str(exc))
            return False
        self.error_label.clear()
        example = EXAMPLES.get(name)
        self.sig_example_opened.emit(name)
        self.sig_status.emit(f"opened example: {example.title if example else name}")
        return True

    # --- slots -------------------------------------------------------------------------

    def on_graph_replaced(self) -> None:
        """Keep the open example selected, so the list says what is on the canvas."""
        origin = self.session.loaded.origin if self.session.loaded is not None else ""
        name = origin[len("example:") :] if origin.startswith("example:") else None
        with QSignalBlocker(self.list):
            if name in EXAMPLES:
                self.list.setCurrentRow(self.names().index(name))
            else:
                self.list.clearSelection()
        self.open_button.setEnabled(self.list.currentRow() >= 0)

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        self.open_example(item.data(NAME_ROLE))

    def _on_current_changed(self, row: int) -> None:
        self.open_button.setEnabled(row >= 0)

    def _on_open_clicked(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.open_example(item.data(NAME_ROLE))

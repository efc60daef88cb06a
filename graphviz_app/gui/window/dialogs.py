"""The Help menu's windows: keyboard shortcuts and about. Both are non-modal.

The shortcuts are a long table (746 px as a message box, taller than a 720-pixel
projector): they scroll inside a window sized from the screen's available room.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from graphviz_app.version import __version__

__all__ = ["SCREEN_SHARE", "show_about", "show_shortcuts"]

SCREEN_SHARE = 0.9
"""The most of the screen's available height (and width) the shortcuts window takes."""


def _show(parent: QWidget, title: str, html: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(html)
    box.setModal(False)
    box.show()
    return box


def show_shortcuts(parent: QWidget, rows: list[tuple[str, str, str]], intro: str) -> QDialog:
    """``intro``, then a table of (keys, what they do, where: "" for everywhere), scrolling when the
    screen is too short. The rows are the command table's (:func:`~.command_actions.help_rows`)."""
    body = "".join(
        f"<tr><td><b>{keys}</b></td><td>&nbsp;&nbsp;{what}{f' <i>({where})</i>' if where else ''}</td></tr>"
        for keys, what, where in rows
    )
    table = QLabel(f"<p>{intro}</p><table>{body}</table>")
    table.setObjectName("shortcuts_table")
    table.setTextFormat(Qt.TextFormat.RichText)
    table.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    table.setContentsMargins(8, 8, 8, 8)
    scroll = QScrollArea()
    scroll.setWidget(table)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    dialog = QDialog(parent)
    dialog.setWindowTitle("Keyboard shortcuts")
    buttons.rejected.connect(dialog.close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(scroll, 1)
    layout.addWidget(buttons)
    _fit_screen(dialog, scroll, table)
    dialog.setModal(False)
    dialog.show()
    return dialog


def _fit_screen(dialog: QDialog, scroll: QScrollArea, table: QLabel) -> None:
    """As big as the table needs, but at most SCREEN_SHARE of the screen's available room."""
    parent = dialog.parentWidget()
    screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
    room = screen.availableGeometry()
    content = table.sizeHint()
    chrome = dialog.sizeHint() - scroll.sizeHint()  # margins and the Close button
    width = content.width() + scroll.verticalScrollBar().sizeHint().width() + chrome.width()
    height = content.height() + chrome.height()
    dialog.resize(
        min(width, int(room.width() * SCREEN_SHARE)), min(height, int(room.height() * SCREEN_SHARE))
    )


def show_about(parent: QWidget) -> QMessageBox:
    return _show(
        parent,
        "About graphviz-app",
        f"<b>graphviz-app {__version__}</b><br>Makes the chain rule visible: forward values, then "
        "backward gradients, edge by edge.<br>MIT licence. Layout by Graphviz (pygraphviz).",
    )

"""The Help menu's windows: keyboard shortcuts and about. Both are non-modal."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from graphviz_app.version import __version__

__all__ = ["show_about", "show_shortcuts"]


def _show(parent: QWidget, title: str, html: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.RichText)
    box.setText(html)
    box.setModal(False)
    box.show()
    return box


def show_shortcuts(parent: QWidget, rows: list[tuple[str, str]]) -> QMessageBox:
    """A table of (keys, what they do)."""
    body = "".join(f"<tr><td><b>{keys}</b></td><td>&nbsp;&nbsp;{what}</td></tr>" for keys, what in rows)
    return _show(parent, "Keyboard shortcuts", f"<table>{body}</table>")


def show_about(parent: QWidget) -> QMessageBox:
    return _show(
        parent,
        "About graphviz-app",
        f"<b>graphviz-app {__version__}</b><br>Makes the chain rule visible: forward values, then "
        "backward gradients, edge by edge.<br>MIT licence. Layout by Graphviz (pygraphviz).",
    )

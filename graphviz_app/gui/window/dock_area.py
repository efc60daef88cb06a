"""Docks around the canvas, added one way: :meth:`DockArea.add`.

Every dock gets a stable object name (``dock_<name>``: ``saveState`` and ``restoreState``
find docks by it), and a switch at the end of the View menu unless it is one of the
window's fixed docks. A panel in a dock catches up with what it missed when the dock
shows (:func:`catch_up_when_shown`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

from graphviz_app.gui.panels.base import SessionPanel

__all__ = ["DockArea", "catch_up_when_shown"]


def catch_up_when_shown(dock: QDockWidget, widget: QWidget) -> None:
    """A panel in ``dock`` handles what it missed when the dock shows, or comes to the front of
    its tabs (a tab behind another is moved away, not hidden: the panel sees no ``showEvent``)."""
    if isinstance(widget, SessionPanel):
        dock.visibilityChanged.connect(lambda shown: widget.catch_up() if shown else None)


class DockArea:
    """The docks of ``frame``; the listed ones have a switch in ``menu`` (the View menu)."""

    def __init__(self, frame: QMainWindow, menu: QMenu) -> None:
        self.frame, self.menu = frame, menu
        self.listed: list[QDockWidget] = []
        """The docks the View menu shows and hides, in the order they were added."""

    def add(
        self,
        name: str,
        title: str,
        widget: QWidget,
        area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea,
        listed: bool = True,
    ) -> QDockWidget:
        """Dock ``widget`` in ``area`` under ``title``; ``listed``: with a switch in the View menu."""
        dock = QDockWidget(title, self.frame)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(widget)
        catch_up_when_shown(dock, widget)
        self.frame.addDockWidget(area, dock)
        if listed:
            self.listed.append(dock)
            self.menu.addAction(dock.toggleViewAction())
        return dock

"""The training, gradient flow and gradient check docks, below the canvas beside the timeline, and the Data dock.

They start hidden, so the canvas keeps its height (a deep network must stay legible at fit
zoom); View ▸ Training, Gradient flow or Gradient check shows them, as tabs of one dock area,
and the window remembers them shown.

Their panels plot with pyqtgraph, which takes a third of a second to import: a window
that never shows them should not wait for it. So each dock starts empty, and its panel
(with pyqtgraph) is made when the dock is first shown, or when something asks for it
(:meth:`TrainingDocks.panel`); it then reads the session as it is.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QWidget

from graphviz_app.gui.panels.base import SessionPanel
from graphviz_app.gui.session_link import subscribe_while_alive
from graphviz_app.gui.window.dock_area import DockArea, catch_up_when_shown
from graphviz_app.session.state.session import STRUCTURE, Session

__all__ = ["PANELS", "TrainingDocks"]

PANELS = {
    "training": ("Training", "graphviz_app.gui.panels.training_panel", "TrainingPanel"),
    "gradient_flow": ("Gradient flow", "graphviz_app.gui.panels.gradient_flow_panel", "GradientFlowPanel"),
    "gradcheck": ("Gradient check", "graphviz_app.gui.panels.gradcheck_panel", "GradcheckPanel"),
    "landscape": ("Loss landscape", "graphviz_app.gui.panels.landscape_panel", "LandscapePanel"),
    "data": ("Data", "graphviz_app.gui.panels.data_panel", "DataPanel"),
}
"""Each dock's name: its title, and the module and class of its panel."""
BESIDE = ("data", "landscape")
"""Docks beside the canvas, tabbed with Paths, not below it: their planes want height. A network with data
opens with the Data and Training docks shown (not over a presentation)."""


class TrainingDocks:
    """The docks, added to ``area`` tabbed at the bottom (the Data dock beside the canvas); their panels of
    ``session`` made on demand."""

    def __init__(
        self,
        area: DockArea,
        session: Session,
        show_status: Callable[[str], None],
        presenting: Callable[[], bool] = lambda: False,
    ) -> None:
        self.session, self._show_status, self._presenting = session, show_status, presenting
        self.frame = area.frame
        self.docks: dict[str, QDockWidget] = {}
        self.panels: dict[str, SessionPanel] = {}
        for name, (title, _module, _cls) in PANELS.items():
            where = (
                Qt.DockWidgetArea.RightDockWidgetArea
                if name in BESIDE
                else Qt.DockWidgetArea.BottomDockWidgetArea
            )
            dock = area.add(name, title, QWidget(), where)
            dock.visibilityChanged.connect(lambda shown, name=name: self.panel(name) if shown else None)
            self.docks[name] = dock
        first, *others = (dock for name, dock in self.docks.items() if name not in BESIDE)
        for dock in others:
            area.frame.tabifyDockWidget(first, dock)
        first.raise_()
        paths = area.frame.findChild(QDockWidget, "dock_paths")
        for name in BESIDE:
            if paths is not None:
                area.frame.tabifyDockWidget(paths, self.docks[name])
        for dock in self.docks.values():
            dock.setVisible(False)
        subscribe_while_alive(area.frame, session, self._on_graph_replaced, [STRUCTURE])

    def _on_graph_replaced(self, _event: object) -> None:
        spec = self.session.loaded.network_spec if self.session.loaded is not None else None
        if spec is None or spec.data is None or self._presenting():
            return
        for name in ("training", "data"):
            self.docks[name].setVisible(True)
        self.docks["data"].raise_()
        width = max(340, self.frame.width() // 4)  # room for the plane of points beside the canvas
        self.frame.resizeDocks([self.docks["data"]], [width], Qt.Orientation.Horizontal)
        self.frame.resizeDocks([self.docks["data"]], [self.frame.height() // 2], Qt.Orientation.Vertical)

    def panel(self, name: str) -> SessionPanel:
        """The panel of dock ``name``, made now if it was not yet."""
        found = self.panels.get(name)
        if found is None:
            _title, module, cls = PANELS[name]
            found = self.panels[name] = getattr(importlib.import_module(module), cls)(self.session)
            found.sig_status.connect(self._show_status)
            self.docks[name].setWidget(found)
            catch_up_when_shown(self.docks[name], found)
        return found

"""The training, gradient flow and gradient check docks, below the canvas beside the timeline.

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
from graphviz_app.gui.window.dock_area import DockArea, catch_up_when_shown
from graphviz_app.session.state.session import Session

__all__ = ["PANELS", "TrainingDocks"]

PANELS = {
    "training": ("Training", "graphviz_app.gui.panels.training_panel", "TrainingPanel"),
    "gradient_flow": ("Gradient flow", "graphviz_app.gui.panels.gradient_flow_panel", "GradientFlowPanel"),
    "gradcheck": ("Gradient check", "graphviz_app.gui.panels.gradcheck_panel", "GradcheckPanel"),
}
"""Each dock's name: its title, and the module and class of its panel."""


class TrainingDocks:
    """The three docks, added to ``area`` tabbed at the bottom; their panels of ``session`` made on demand."""

    def __init__(self, area: DockArea, session: Session, show_status: Callable[[str], None]) -> None:
        self.session, self._show_status = session, show_status
        self.docks: dict[str, QDockWidget] = {}
        self.panels: dict[str, SessionPanel] = {}
        for name, (title, _module, _cls) in PANELS.items():
            dock = area.add(name, title, QWidget(), Qt.DockWidgetArea.BottomDockWidgetArea)
            dock.visibilityChanged.connect(lambda shown, name=name: self.panel(name) if shown else None)
            self.docks[name] = dock
        first, *others = self.docks.values()
        for dock in others:
            area.frame.tabifyDockWidget(first, dock)
        first.raise_()
        for dock in self.docks.values():
            dock.setVisible(False)

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

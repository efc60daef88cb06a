"""The dock panels around the canvas: which panel goes where, and what it is wired to.

Build on the left (Expression, Network and Examples tabs) with the implicit
slope under it while an equation is open; Inspector and Accumulation tabbed on
the right, Paths under them. A new panel is one :func:`add_panel` call here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabWidget, QWidget

from graphviz_app.gui.panels.accumulation_panel import AccumulationPanel
from graphviz_app.gui.panels.base import SessionPanel
from graphviz_app.gui.panels.examples_gallery import ExamplesGallery
from graphviz_app.gui.panels.expression_editor import ExpressionEditor
from graphviz_app.gui.panels.implicit_panel import ImplicitPanel
from graphviz_app.gui.panels.inspector import Inspector
from graphviz_app.gui.panels.network_form import NetworkForm
from graphviz_app.gui.panels.paths_panel import PathsPanel

__all__ = ["add_dock", "add_panel", "build_docks", "catch_up_when_shown"]


def add_dock(
    window: QMainWindow, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea
) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(f"dock_{name}")  # saveState and restoreState find docks by this name
    dock.setWidget(widget)
    catch_up_when_shown(dock, widget)
    window.addDockWidget(area, dock)
    return dock


def catch_up_when_shown(dock: QDockWidget, widget: QWidget) -> None:
    """A panel in ``dock`` handles what it missed when the dock shows, or comes to the front of
    its tabs (a tab behind another is moved away, not hidden: the panel sees no ``showEvent``)."""
    if isinstance(widget, SessionPanel):
        dock.visibilityChanged.connect(lambda shown: widget.catch_up() if shown else None)


def add_panel(
    window: QMainWindow, name: str, title: str, widget: QWidget, area=Qt.DockWidgetArea.RightDockWidgetArea
) -> QDockWidget:
    """A dock the user can hide and show from the View menu."""
    dock = add_dock(window, name, title, widget, area)
    window.extra_docks.append(dock)
    window.view_menu.addAction(dock.toggleViewAction())
    return dock


def build_docks(w: QMainWindow) -> None:
    """Create every panel and dock of ``w`` (a MainWindow whose View menu exists) as its attributes."""
    s = w.session
    w.expression_editor = ExpressionEditor(s)
    w.network_form = NetworkForm(s)
    w.gallery = ExamplesGallery(s)
    w.gallery.confirm_discard = w.confirm_discard
    w.builder_tabs = QTabWidget()
    w.builder_tabs.addTab(w.expression_editor, "Expression")
    w.builder_tabs.addTab(w.network_form, "Network")
    w.builder_tabs.addTab(w.gallery, "Examples")
    w.builder_dock = add_dock(w, "builder", "Build", w.builder_tabs, Qt.DockWidgetArea.LeftDockWidgetArea)
    w.inspector = Inspector(s)
    w.inspector_dock = add_dock(
        w, "inspector", "Inspector", w.inspector, Qt.DockWidgetArea.RightDockWidgetArea
    )
    w.extra_docks = []

    w.paths_panel = PathsPanel(s)
    w.paths_dock = add_panel(w, "paths", "Paths", w.paths_panel)
    w.accumulation_panel = AccumulationPanel(s)
    w.accumulation_dock = add_panel(w, "accumulation", "Accumulation", w.accumulation_panel)
    w.tabifyDockWidget(w.inspector_dock, w.accumulation_dock)
    w.inspector_dock.raise_()
    w.resizeDocks([w.inspector_dock, w.paths_dock], [1, 2], Qt.Orientation.Vertical)
    w.implicit_panel = ImplicitPanel(s)
    w.implicit_dock = add_panel(
        w, "implicit", "Implicit slope", w.implicit_panel, Qt.DockWidgetArea.LeftDockWidgetArea
    )
    w.implicit_dock.setVisible(False)
    from graphviz_app.gui.panels.second_order import (
        SecondOrderUi,  # View ▸ Backward graph, Order 1/2 (issue 13)
    )

    w.second_order = SecondOrderUi(w)
    from graphviz_app.gui.window.training_docks import (
        TrainingDocks,  # Training, Gradient flow, check (issue 14)
    )

    w.training_docks = TrainingDocks(w)

    w.paths_panel.sig_path_highlighted.connect(w.scene.set_path_highlight)
    for panel in (
        w.expression_editor,
        w.network_form,
        w.gallery,
        w.inspector,
        w.paths_panel,
        w.accumulation_panel,
    ):
        panel.sig_status.connect(w.show_status)
    w.expression_editor.sig_new_requested.connect(w.files.new_session)
    w.implicit_panel.sig_relevant.connect(lambda on: _on_implicit_relevant(w, on))


def _on_implicit_relevant(w: QMainWindow, on: bool) -> None:
    """The implicit slope's dock shows while an equation is open (not over presentation mode)."""
    if not w.presentation.active:
        w.implicit_dock.setVisible(on)

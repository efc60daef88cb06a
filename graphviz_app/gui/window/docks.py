"""The dock panels around the canvas: which panel goes where, and what it is wired to.

Build on the left (Expression, Network and Examples tabs) with the implicit
slope under it while an equation is open; Inspector and Accumulation tabbed on
the right, Paths under them. A new panel is made in :func:`build_panels` and
docked with one :meth:`~graphviz_app.gui.window.dock_area.DockArea.add` call in
:func:`build_docks`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget

from graphviz_app.gui.panels.accumulation_panel import AccumulationPanel
from graphviz_app.gui.panels.examples_gallery import ExamplesGallery
from graphviz_app.gui.panels.expression_editor import ExpressionEditor
from graphviz_app.gui.panels.implicit_panel import ImplicitPanel
from graphviz_app.gui.panels.inspector import Inspector
from graphviz_app.gui.panels.network_form import NetworkForm
from graphviz_app.gui.panels.paths_panel import PathsPanel
from graphviz_app.gui.session_link import subscribe_while_alive
from graphviz_app.gui.window.dock_area import DockArea
from graphviz_app.gui.window.parts import Docks, Panels
from graphviz_app.session.state.session import STRUCTURE, Event, Session

__all__ = ["build_docks", "build_panels", "connect_panels", "follow_the_source"]


def build_panels(session: Session) -> Panels:
    """The panels made with the window (the training and mistakes panels come with their docks)."""
    tabs = QTabWidget()
    panels = Panels(
        builder_tabs=tabs,
        expression_editor=ExpressionEditor(session),
        network_form=NetworkForm(session),
        gallery=ExamplesGallery(session),
        inspector=Inspector(session),
        paths_panel=PathsPanel(session),
        accumulation_panel=AccumulationPanel(session),
        implicit_panel=ImplicitPanel(session),
    )
    tabs.addTab(panels.expression_editor, "Expression")
    tabs.addTab(panels.network_form, "Network")
    tabs.addTab(panels.gallery, "Examples")
    return panels


def build_docks(area: DockArea, panels: Panels) -> Docks:
    """Dock ``panels`` around the canvas of ``area``'s window."""
    left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
    docks = Docks(
        builder=area.add("builder", "Build", panels.builder_tabs, left, listed=False),
        inspector=area.add("inspector", "Inspector", panels.inspector, right, listed=False),
        paths=area.add("paths", "Paths", panels.paths_panel),
        accumulation=area.add("accumulation", "Accumulation", panels.accumulation_panel),
        implicit=area.add("implicit", "Implicit slope", panels.implicit_panel, left),
    )
    frame = area.frame
    frame.tabifyDockWidget(docks.inspector, docks.accumulation)
    docks.inspector.raise_()
    frame.resizeDocks([docks.inspector, docks.paths], [1, 2], Qt.Orientation.Vertical)
    docks.implicit.setVisible(False)
    return docks


def connect_panels(
    panels: Panels,
    docks: Docks,
    show_status: Callable[[str], None],
    new_session: Callable[[], None],
    confirm_discard: Callable[[], bool],
    presenting: Callable[[], bool],
) -> None:
    """What the panels ask of the window: status messages, File ▸ New, whether unsaved changes may
    go (the examples gallery asks before it opens one), the implicit slope's dock."""
    panels.gallery.confirm_discard = confirm_discard
    for panel in (
        panels.expression_editor,
        panels.network_form,
        panels.gallery,
        panels.inspector,
        panels.paths_panel,
        panels.accumulation_panel,
    ):
        panel.sig_status.connect(show_status)
    panels.expression_editor.sig_new_requested.connect(new_session)

    def on_implicit_relevant(on: bool) -> None:
        """The implicit slope's dock shows while an equation is open (not over presentation mode)."""
        if not presenting():
            docks.implicit.setVisible(on)

    panels.implicit_panel.sig_relevant.connect(on_implicit_relevant)


def follow_the_source(panels: Panels, session: Session) -> None:
    """A network opened brings the Network tab to the front; an expression leaves the Network tab."""

    def on_structure(_: Event) -> None:
        tabs, current = panels.builder_tabs, panels.builder_tabs.currentWidget()
        if session.is_network:
            tabs.setCurrentWidget(panels.network_form)
        elif current is panels.network_form:
            tabs.setCurrentWidget(panels.expression_editor)

    subscribe_while_alive(panels.builder_tabs, session, on_structure, [STRUCTURE])

"""The parts of the main window, each made once, typed, and handed to whoever needs them.

:class:`~graphviz_app.gui.window.main_window.MainWindow` builds these in order: the
:class:`Canvas` (and what frames it), the :class:`Panels` and their :class:`Docks`, then the
controllers, each given only the parts it uses. :class:`Parts` holds all of them for the
command table's handlers (:mod:`.commands`) and for scripts and tests (``window.parts``; the
window also names the common ones: ``window.scene`` is ``window.parts.canvas.scene``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabWidget

    from graphviz_app.gui.canvas.animator import Animator
    from graphviz_app.gui.canvas.legend import Legend
    from graphviz_app.gui.canvas.scene import CanvasScene
    from graphviz_app.gui.canvas.view import CanvasView
    from graphviz_app.gui.modes.presentation import Presentation
    from graphviz_app.gui.modes.presenter_keys import BlankScreen
    from graphviz_app.gui.modes.presenter_view import PresenterViewOnDemand
    from graphviz_app.gui.modes.quiz import QuizController
    from graphviz_app.gui.modes.spotlight import Spotlight
    from graphviz_app.gui.panels.accumulation_panel import AccumulationPanel
    from graphviz_app.gui.panels.examples_gallery import ExamplesGallery
    from graphviz_app.gui.panels.expression_editor import ExpressionEditor
    from graphviz_app.gui.panels.implicit_panel import ImplicitPanel
    from graphviz_app.gui.panels.inspector import Inspector
    from graphviz_app.gui.panels.mistakes_menu import Mistakes
    from graphviz_app.gui.panels.network_form import NetworkForm
    from graphviz_app.gui.panels.paths_panel import PathsPanel
    from graphviz_app.gui.panels.second_order import SecondOrderUi
    from graphviz_app.gui.window.banner import Banner
    from graphviz_app.gui.window.display import Display
    from graphviz_app.gui.window.file_actions import FileActions
    from graphviz_app.gui.window.stage import Stage
    from graphviz_app.gui.window.timeline_bar import TimelineBar
    from graphviz_app.gui.window.training_docks import TrainingDocks
    from graphviz_app.gui.window.undo import UndoHistory
    from graphviz_app.gui.workers import LayoutRunner
    from graphviz_app.session.state.session import Session

__all__ = ["Canvas", "Docks", "Panels", "Parts"]


@dataclass(frozen=True)
class Canvas:
    """The canvas and what frames it: the message above, the timeline below, the layers over it."""

    scene: CanvasScene
    view: CanvasView
    legend: Legend
    spotlight: Spotlight
    animator: Animator
    timeline_bar: TimelineBar
    banner: Banner
    blank_screen: BlankScreen


@dataclass(frozen=True)
class Panels:
    """The panels of the docks around the canvas that are made with the window."""

    builder_tabs: QTabWidget
    expression_editor: ExpressionEditor
    network_form: NetworkForm
    gallery: ExamplesGallery
    inspector: Inspector
    paths_panel: PathsPanel
    accumulation_panel: AccumulationPanel
    implicit_panel: ImplicitPanel


@dataclass(frozen=True)
class Docks:
    """The docks of :class:`Panels` (the training and mistakes docks belong to their controllers)."""

    builder: QDockWidget
    inspector: QDockWidget
    paths: QDockWidget
    accumulation: QDockWidget
    implicit: QDockWidget


@dataclass(frozen=True)
class Parts:
    """Every part of one window, for the command table's handlers."""

    frame: QMainWindow
    """The window as Qt's main window: menus, docks, full screen, closing."""
    session: Session
    canvas: Canvas
    panels: Panels
    docks: Docks
    actions: dict[str, QAction]
    files: FileActions
    display: Display
    undo: UndoHistory
    stage: Stage
    layout_runner: LayoutRunner
    presentation: Presentation
    presenter_view: PresenterViewOnDemand
    quiz: QuizController
    mistakes: Mistakes
    second_order: SecondOrderUi
    training: TrainingDocks

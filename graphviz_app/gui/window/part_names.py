"""The main window's parts under the short names scripts and tests use: ``window.scene``, ``window.quiz``.

Each is read-only and reads :attr:`MainWindow.parts <graphviz_app.gui.window.parts.Parts>`:
``window.scene`` is ``window.parts.canvas.scene``. Nothing outside the window assigns to it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, NoReturn, TypeVar

from PySide6.QtWidgets import QDockWidget, QMenu

from graphviz_app.gui.canvas.scene import Fonts
from graphviz_app.gui.panels.base import SessionPanel
from graphviz_app.gui.theme import Theme

if TYPE_CHECKING:
    from graphviz_app.gui.window.dock_area import DockArea
    from graphviz_app.gui.window.parts import Parts

__all__ = ["PartNames"]

T = TypeVar("T")


class _Part(Generic[T]):
    """A part of the window under a short name, read-only: ``window.scene`` is ``window.parts.canvas.scene``."""

    def __init__(self, get: Callable[[Parts], T]) -> None:
        self.get = get

    def __get__(self, window: Any, owner: Any = None) -> T:
        return self.get(window.parts)

    def __set__(self, window: Any, value: object) -> NoReturn:
        raise AttributeError("the window's parts are made once, by the window")


class PartNames:
    """The short names of a window's parts (a base class of the main window)."""

    parts: Parts
    menus: dict[str, QMenu]
    dock_area: DockArea

    actions = _Part(lambda p: p.actions)
    scene = _Part(lambda p: p.canvas.scene)
    view = _Part(lambda p: p.canvas.view)
    legend = _Part(lambda p: p.canvas.legend)
    spotlight = _Part(lambda p: p.canvas.spotlight)
    animator = _Part(lambda p: p.canvas.animator)
    timeline_bar = _Part(lambda p: p.canvas.timeline_bar)
    banner = _Part(lambda p: p.canvas.banner)
    blank_screen = _Part(lambda p: p.canvas.blank_screen)
    builder_tabs = _Part(lambda p: p.panels.builder_tabs)
    expression_editor = _Part(lambda p: p.panels.expression_editor)
    network_form = _Part(lambda p: p.panels.network_form)
    gallery = _Part(lambda p: p.panels.gallery)
    inspector = _Part(lambda p: p.panels.inspector)
    paths_panel = _Part(lambda p: p.panels.paths_panel)
    accumulation_panel = _Part(lambda p: p.panels.accumulation_panel)
    implicit_panel = _Part(lambda p: p.panels.implicit_panel)
    builder_dock = _Part(lambda p: p.docks.builder)
    inspector_dock = _Part(lambda p: p.docks.inspector)
    paths_dock = _Part(lambda p: p.docks.paths)
    accumulation_dock = _Part(lambda p: p.docks.accumulation)
    implicit_dock = _Part(lambda p: p.docks.implicit)
    display = _Part(lambda p: p.display)
    files = _Part(lambda p: p.files)
    recent = _Part(lambda p: p.files.recent)
    undo_history = _Part(lambda p: p.undo)
    layout_runner = _Part(lambda p: p.layout_runner)
    presentation = _Part(lambda p: p.presentation)
    presenter_view = _Part(lambda p: p.presenter_view.view)
    quiz = _Part(lambda p: p.quiz)
    mistakes = _Part(lambda p: p.mistakes)
    second_order = _Part(lambda p: p.second_order)
    training_docks = _Part(lambda p: p.training)

    @property
    def view_menu(self) -> QMenu:
        return self.menus["View"]

    @property
    def extra_docks(self) -> list[QDockWidget]:
        """The docks the View menu shows and hides."""
        return self.dock_area.listed

    @property
    def training_panel(self) -> SessionPanel:
        """The training dock's panel (made, with pyqtgraph, when first shown or asked for)."""
        return self.parts.training.panel("training")

    @property
    def gradient_flow_panel(self) -> SessionPanel:
        return self.parts.training.panel("gradient_flow")

    @property
    def gradcheck_panel(self) -> SessionPanel:
        return self.parts.training.panel("gradcheck")

    @property
    def theme(self) -> Theme:
        return self.parts.display.theme

    @property
    def fonts(self) -> Fonts:
        return self.parts.display.fonts

    @property
    def base_point_size(self) -> float:
        return self.parts.display.base_point_size

    @property
    def fonts_large(self) -> bool:
        return self.parts.display.fonts_large

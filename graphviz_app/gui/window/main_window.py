"""The main window: canvas in the centre, builder dock on the left, inspector on the right,
timeline bar at the bottom.

The window builds its parts once, in order, and gives each only the parts it uses: the
canvas and what frames it (:class:`~.parts.Canvas`), the commands (:mod:`.commands`, made
real by :mod:`.command_actions`), the display settings (:mod:`.display`), the file commands
(:mod:`.file_actions`), the panels and their docks (:mod:`.docks`, :mod:`.training_docks`),
the canvas kept in step with the session (:mod:`.stage`), presentation mode, the presenter
view, the quiz and the mistakes. Then :class:`~.parts.Parts` holds them all, and the
commands' handlers act on it. Nothing outside this module assigns to the window.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from graphviz_app.gui.canvas.animator import Animator
from graphviz_app.gui.canvas.labels import digit_height
from graphviz_app.gui.canvas.legend import Legend
from graphviz_app.gui.canvas.scene import CanvasScene, Fonts
from graphviz_app.gui.canvas.view import CanvasView
from graphviz_app.gui.modes.presentation import Presentation
from graphviz_app.gui.modes.presenter_keys import BlankScreen, KeyRouter
from graphviz_app.gui.modes.presenter_view import PresenterViewOnDemand
from graphviz_app.gui.modes.quiz import QuizController
from graphviz_app.gui.modes.spotlight import Spotlight
from graphviz_app.gui.panels.mistakes_menu import CHOICES, Mistakes
from graphviz_app.gui.panels.mistakes_panel import MistakesPanel
from graphviz_app.gui.panels.second_order import SecondOrderUi
from graphviz_app.gui.session_link import subscribe_while_alive
from graphviz_app.gui.theme import Theme
from graphviz_app.gui.window.banner import Banner
from graphviz_app.gui.window.command_actions import CommandSet
from graphviz_app.gui.window.commands import COMMANDS, command
from graphviz_app.gui.window.display import Display, stored_look
from graphviz_app.gui.window.dock_area import DockArea
from graphviz_app.gui.window.docks import build_docks, build_panels, connect_panels, follow_the_source
from graphviz_app.gui.window.file_actions import FileActions
from graphviz_app.gui.window.layout_overlay import LayoutOverlay
from graphviz_app.gui.window.part_names import PartNames
from graphviz_app.gui.window.parts import Canvas, Parts
from graphviz_app.gui.window.stage import Stage
from graphviz_app.gui.window.timeline_bar import TimelineBar
from graphviz_app.gui.window.training_docks import TrainingDocks
from graphviz_app.gui.window.undo import UndoHistory
from graphviz_app.gui.workers import LayoutRunner
from graphviz_app.session.state.session import Session

__all__ = ["MainWindow"]


# ``window.actions`` is the command table's QActions by name, as the window has always called them; it hides
# QWidget.actions(), which nothing here calls (the QActions a widget holds are the commands' shortcuts).
class MainWindow(PartNames, QMainWindow):  # type: ignore[misc]
    sig_layout_done = Signal()
    """The graph is laid out and drawn (after every new graph, view or text size)."""

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings_store = settings or QSettings("graphviz-app", "graphviz-app", self)
        self.session = s = Session()
        look = stored_look(self.settings_store)
        self.canvas = canvas = self._build_canvas(look[0], look[1])
        self.commands = commands = CommandSet(COMMANDS, self)
        actions = commands.actions
        display = Display(s, self.settings_store, self, canvas, actions, look, self.show_error)
        files = FileActions(
            s,
            self,
            self.settings_store,
            canvas,
            show_editor=self._show_editor,
            export_animation=self._export_animation,
            show_status=self.show_status,
            show_error=self.show_error,
            hide_error=self.hide_error,
        )
        self.menus = commands.build_menus(self.menuBar(), {"recent": files.recent.menu})
        commands.build_toolbar(self)
        panels = build_panels(s)
        presentation = Presentation(
            self,
            s,
            canvas,
            panels.builder_tabs,
            action=actions["presentation"],
            large_text=lambda: display.fonts_large,
            apply_large_text=display.apply_large_text,
            layer_view=actions["view_layer"],
            layer_view_keys=", ".join(command("view_layer").shortcuts),
        )
        self.dock_area = DockArea(self, self.menus["View"])
        docks = build_docks(self.dock_area, panels)
        second_order = SecondOrderUi(
            s,
            actions["backward_graph"],
            editor=panels.expression_editor,
            inspector=panels.inspector,
            implicit=panels.implicit_panel,
            show_error=self.show_error,
            show_status=self.show_status,
        )
        training = TrainingDocks(self.dock_area, s, self.show_status, presenting=lambda: presentation.active)
        connect_panels(
            panels,
            docks,
            show_status=self.show_status,
            new_session=files.new_session,
            confirm_discard=files.confirm_discard,
            presenting=lambda: presentation.active,
        )
        panels.paths_panel.sig_path_highlighted.connect(canvas.scene.set_path_highlight)
        undo = UndoHistory(s, self)
        undo.bind(actions["undo"], actions["redo"])
        undo.sig_status.connect(self.show_status)
        self._build_status_bar()
        runner = LayoutRunner(self)
        runner.fold_space = lambda: (canvas.view.viewport().width(), canvas.view.viewport().height())
        self.layout_overlay = LayoutOverlay(canvas.view, runner, self.show_status)
        self.layout_overlay.sig_shown.connect(self.busy.setVisible)
        follow_the_source(panels, s)
        stage = Stage(
            s,
            canvas,
            runner,
            fonts=lambda: display.fonts,
            caption_of=self.caption_of,
            frame_end=presentation.frame,
            show_error=self.show_error,
            parent=self,
        )
        stage.sig_layout_done.connect(self.sig_layout_done)
        display.sig_relayout.connect(stage.request_layout)
        presentation.sig_changed.connect(stage.refit)
        display.sync_actions()
        self.setAcceptDrops(True)
        self._default_size(docks.builder, docks.inspector)
        self._restore_window()
        display.apply_palette()
        self.keys = KeyRouter(self, commands.press)
        presenter_view = PresenterViewOnDemand(
            s,
            self,
            canvas.banner,
            press=commands.press,
            closed=lambda: actions["presenter_view"].setChecked(False),
            share=commands.share,
        )
        mistakes = self._build_mistakes(canvas, display, presentation)
        quiz = QuizController(
            s,
            canvas,
            self,
            uncovered=docks.builder,
            action=actions["quiz"],
            update_bar=stage.update_bar,
            press=commands.press_in_field,
            show_status=self.show_status,
        )
        self._column.insertWidget(self._column.indexOf(canvas.timeline_bar), quiz.bar)
        self.sig_layout_done.connect(quiz.show_marks)  # a new scene has new node items
        self.parts = Parts(
            frame=self,
            session=s,
            canvas=canvas,
            panels=panels,
            docks=docks,
            actions=actions,
            files=files,
            display=display,
            undo=undo,
            stage=stage,
            layout_runner=runner,
            presentation=presentation,
            presenter_view=presenter_view,
            quiz=quiz,
            mistakes=mistakes,
            second_order=second_order,
            training=training,
        )
        commands.bind(self.parts)
        commands.share(self)  # in presentation mode too (and the presenter view, when made)
        subscribe_while_alive(commands, s, commands.refresh)
        for changed in (undo.stack.canUndoChanged, undo.stack.canRedoChanged, mistakes.sig_changed):
            changed.connect(commands.refresh)
        mistakes.sig_changed.connect(stage.recaption)

    # --- assembly ---------------------------------------------------------------------------------

    def _build_canvas(self, theme: Theme, fonts: Fonts) -> Canvas:
        """The canvas, the banner above it and the timeline bar below, as the central widget."""
        scene = CanvasScene(theme, fonts, self)
        view = CanvasView()
        view.setObjectName("canvas")
        view.setScene(scene)
        view.min_text_px = digit_height(QApplication.font())  # values no smaller than the panels' text
        canvas = Canvas(
            scene=scene,
            view=view,
            legend=Legend(view, theme),
            spotlight=Spotlight(view.viewport()),  # the laser pointer, key P
            animator=Animator(self.session, scene, self),
            timeline_bar=TimelineBar(),
            banner=Banner(self.session),  # errors over the canvas: dismissable, and they leave
            blank_screen=BlankScreen(self),
        )
        central = QWidget()
        self._column = QVBoxLayout(central)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        self._column.addWidget(canvas.banner)
        self._column.addWidget(canvas.view, 1)
        self._column.addWidget(canvas.timeline_bar)
        self.setCentralWidget(central)
        return canvas

    def _build_status_bar(self) -> None:
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setVisible(False)
        self.statusBar().addPermanentWidget(self.busy)
        self.zoom_label = QLabel("100%")
        self.statusBar().addPermanentWidget(self.zoom_label)
        self.canvas.view.sig_zoom_changed.connect(lambda z: self.zoom_label.setText(f"{z * 100:.0f}%"))

    def _build_mistakes(self, canvas: Canvas, display: Display, presentation: Presentation) -> Mistakes:
        """The Mistakes panel and its dock (added after the window state is restored: it starts hidden)."""
        panel = MistakesPanel(self.session)
        dock = self.dock_area.add("mistakes", "Mistakes", panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        names = [name for name, *_ in CHOICES] + ["correct"]
        return Mistakes(
            self.session,
            panel,
            dock,
            actions={name: self.commands.actions[f"mistake_{name}"] for name in names},
            scene=canvas.scene,
            theme=lambda: display.theme,
            go_to_end=lambda: canvas.animator.jump("end"),
            presenting=lambda: presentation.active,
            show_status=self.show_status,
            show_error=self.show_error,
            hide_error=self.hide_error,
            parent=self,
        )

    # --- what the parts offer, under the names the rest of the program uses ------------------------

    def open_source(self, source: str, **how: Any) -> bool:
        """Open SOURCE (file, example:NAME or expression) ``how`` (view, dependent, at); errors keep all."""
        return self.parts.files.open_source(source, **how)

    def confirm_discard(self) -> bool:
        return self.parts.files.confirm_discard()

    def save(self) -> bool:
        return self.parts.files.save()

    def set_theme(self, name: str) -> None:
        self.display.set_theme(name)

    def set_large_text(self, on: bool) -> None:
        self.display.set_large_text(on)

    def apply_large_text(self, on: bool) -> None:
        self.display.apply_large_text(on)

    def set_presentation(self, on: bool) -> None:
        """Projector mode: only the canvas and the timeline, larger text, full screen; off restores."""
        self.parts.presentation.set(on)

    def step_by(self, delta: int) -> None:
        self.canvas.animator.step_by(delta)

    def jump(self, phase: str) -> None:
        self.canvas.animator.jump(phase)

    def caption_of(self, k: int) -> str:
        """Step ``k``'s caption, and the mistake on the canvas in one line while one is shown."""
        return self.parts.mistakes.caption(self.session.caption(k))

    def _export_animation(self) -> None:
        from graphviz_app.gui.export.animation_dialog import export_animation  # Pillow, ffmpeg: when asked

        export_animation(self)

    def _show_editor(self) -> None:
        self.parts.panels.builder_tabs.setCurrentWidget(self.parts.panels.expression_editor)

    # --- messages ------------------------------------------------------------------------------------------

    def show_status(self, message: str, msecs: int = 6000) -> None:
        self.statusBar().showMessage(message, msecs)

    def show_error(self, message: str, kind: str = "error") -> None:
        """An error the user can act on: a banner over the canvas (see :mod:`.banner`) and the status bar."""
        self.canvas.banner.show_message(message, kind)
        self.statusBar().showMessage(message, 15000)

    def hide_error(self, *kinds: str) -> None:
        """Take the banner's message away (only one of ``kinds``, when given)."""
        self.canvas.banner.dismiss(*kinds)

    # --- window state and Qt events ---------------------------------------------------------------------

    def _default_size(self, *docks: QDockWidget) -> None:
        """First start: 90% of the screen, docks narrow so the canvas gets the room."""
        screen = QApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else None
        width, height = (int(area.width() * 0.9), int(area.height() * 0.9)) if area else (1400, 900)
        self.resize(max(900, width), max(600, height))
        self.resizeDocks(list(docks), [330, 320], Qt.Orientation.Horizontal)

    def _restore_window(self) -> None:
        geometry = self.settings_store.value("geometry")
        state = self.settings_store.value("window_state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        self.parts.files.open_dropped(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.confirm_discard():
            event.ignore()
            return
        if self.parts.presentation.active:  # remember the window as the user arranged it, not the projector's
            self.set_presentation(False)
        self.settings_store.setValue("geometry", self.saveGeometry())
        self.settings_store.setValue("window_state", self.saveState())
        self.canvas.animator.stop()
        self.parts.layout_runner.shutdown()
        self.keys.detach()
        self.parts.presenter_view.hide()  # else the app would go on running for a window of notes
        super().closeEvent(event)

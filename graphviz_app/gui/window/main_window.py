"""The main window: canvas in the centre, builder dock on the left, inspector on the right,
timeline bar at the bottom.

Data flows one way. Widgets write to the :class:`~graphviz_app.session.Session`;
the session tells the window what changed, and the window updates the canvas:

- ``structure`` → measure node labels, lay out in the background, rebuild the scene;
- ``values`` → new numbers on the same items (no layout);
- ``step`` → show that step's frame, touching only what changed;
- ``selection`` → mark the selected node or edge.

The window's other jobs each have a module: the docks (:mod:`.docks`), the file
commands (:mod:`.file_actions`), the View menu's settings (:mod:`.display`),
presentation mode (:mod:`.presentation`), the animation keys
(:mod:`.presenter_keys`), the laser pointer (:mod:`.spotlight`) and the
presenter view (:mod:`.presenter_view`). This class assembles them and keeps the canvas in step.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QProgressBar, QVBoxLayout, QWidget

from graphviz_app.gui.canvas.animator import Animator
from graphviz_app.gui.canvas.collapsed import drawn_layout_inputs
from graphviz_app.gui.canvas.labels import digit_height
from graphviz_app.gui.canvas.legend import Legend
from graphviz_app.gui.canvas.scene import CanvasScene, Fonts, edge_label, measure_nodes
from graphviz_app.gui.canvas.view import CanvasView
from graphviz_app.gui.modes import presenter_view
from graphviz_app.gui.modes.presentation import Presentation
from graphviz_app.gui.modes.presenter_keys import BlankScreen, KeyRouter
from graphviz_app.gui.modes.quiz import QuizController
from graphviz_app.gui.modes.spotlight import Spotlight
from graphviz_app.gui.panels.mistakes_menu import install_mistakes
from graphviz_app.gui.session_link import subscribe_while_alive
from graphviz_app.gui.theme import theme_named
from graphviz_app.gui.window import actions as A
from graphviz_app.gui.window.banner import Banner
from graphviz_app.gui.window.dialogs import show_about, show_shortcuts
from graphviz_app.gui.window.display import Display
from graphviz_app.gui.window.docks import add_panel, build_docks
from graphviz_app.gui.window.file_actions import FileActions
from graphviz_app.gui.window.layout_overlay import LayoutOverlay
from graphviz_app.gui.window.timeline_bar import TimelineBar
from graphviz_app.gui.window.undo import UndoHistory
from graphviz_app.gui.workers import LayoutRunner
from graphviz_app.session.state import session as S
from graphviz_app.session.state.session import Session

__all__ = ["MainWindow"]


class MainWindow(QMainWindow):
    sig_layout_done = Signal()

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings_store = settings or QSettings("graphviz-app", "graphviz-app", self)
        self.session = Session()
        self.theme = theme_named(str(self.settings_store.value("theme", "light")))
        self.fonts = Fonts(QApplication.font().pointSizeF(), bool(self._stored_bool("large_text")))
        self.base_point_size = QApplication.font().pointSizeF()
        self._shown_step = 0

        # canvas, animation, timeline
        self.scene = CanvasScene(self.theme, self.fonts, self)
        self.view = CanvasView()
        self.view.setObjectName("canvas")
        self.view.setScene(self.scene)
        self.view.min_text_px = digit_height(QApplication.font())  # values no smaller than the panels' text
        self.legend = Legend(self.view, self.theme)
        self.spotlight = Spotlight(self.view.viewport())  # the laser pointer, key P
        self.animator = Animator(self.session, self.scene, self)
        self.timeline_bar = TimelineBar()
        self.banner = Banner(self.session)  # errors over the canvas: dismissable, and they leave
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.view, 1)
        column.addWidget(self.timeline_bar)
        self.setCentralWidget(central)

        # the window's jobs, menus, docks, status bar
        self.files = FileActions(self)
        self.recent = self.files.recent  # Open Recent, and the folder the file dialogs start in
        self.display = Display(self)
        self.presentation = Presentation(self)
        self.actions = A.build_actions(self)
        A.build_menus(self, self.actions, self.files.recent.menu)
        A.build_toolbar(self, self.actions)
        build_docks(self)
        self.undo_history = UndoHistory(self.session, self)
        self.undo_history.bind(self.actions["undo"], self.actions["redo"])
        self.blank_screen = BlankScreen(self)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setVisible(False)
        self.statusBar().addPermanentWidget(self.busy)
        self.zoom_label = QLabel("100%")
        self.statusBar().addPermanentWidget(self.zoom_label)

        self.layout_runner = LayoutRunner(self)
        self.layout_runner.fold_space = lambda: (self.view.viewport().width(), self.view.viewport().height())
        self.layout_overlay = LayoutOverlay(self.view, self.layout_runner, self.show_status)
        self._connect()
        self.display.sync_actions()
        self.setAcceptDrops(True)
        self._default_size()
        self._restore_window()
        self.display.apply_palette()
        self.keys = KeyRouter(self)
        self.presenter_view = presenter_view.bind(self)
        self.mistakes = install_mistakes(self)
        self.quiz = QuizController(self)  # Q: predict, then reveal
        A.share_shortcuts(self, self.presenter_view)  # in presentation mode and the presenter view too

    # --- assembly ---------------------------------------------------------------------------------

    def add_panel(self, name: str, title: str, widget: QWidget, area=Qt.DockWidgetArea.RightDockWidgetArea):
        """Add another dock panel, listed in the View menu."""
        return add_panel(self, name, title, widget, area)

    def _connect(self) -> None:
        a = self.actions
        self.files.connect_actions(a)
        self.display.connect_actions(a)
        a["quit"].triggered.connect(self.close)
        a["presentation"].toggled.connect(self.set_presentation)
        a["shortcuts"].triggered.connect(lambda: show_shortcuts(self, A.shortcut_rows(self.actions)))
        a["about"].triggered.connect(lambda: show_about(self))
        a["pointer"].triggered.connect(self.spotlight.toggle)

        bar = self.timeline_bar
        bar.sig_play_toggled.connect(self.animator.toggle)
        bar.sig_step.connect(self.step_by)
        bar.sig_jump.connect(self.jump)
        bar.sig_scrub.connect(self.animator.go_to)
        bar.sig_speed_changed.connect(self.animator.set_speed)
        self.animator.sig_playing_changed.connect(lambda _: self._update_bar())
        self.animator.sig_animating.connect(self._update_bar)

        self.scene.sig_selected.connect(self.session.select)
        self.scene.sig_collapse.connect(self.session.set_collapsed)
        self.view.sig_zoom_changed.connect(lambda z: self.zoom_label.setText(f"{z * 100:.0f}%"))
        self.layout_runner.sig_finished.connect(self._on_layout_finished)
        self.layout_runner.sig_failed.connect(self._on_layout_failed)
        self.layout_runner.sig_busy.connect(self.busy.setVisible)
        self.undo_history.sig_status.connect(self.show_status)
        canvas_events = (S.STRUCTURE, S.VALUES, S.STEP, S.SELECTION)
        subscribe_while_alive(self, self.session, self._on_session_changed, canvas_events)

    # --- what the other jobs offer, under the names the rest of the program uses -----------------

    def open_source(self, source: str, **how) -> bool:
        """Open SOURCE (file, example:NAME or expression) ``how`` (view, dependent, at); errors keep all."""
        return self.files.open_source(source, **how)

    def confirm_discard(self) -> bool:
        return self.files.confirm_discard()

    def save(self) -> bool:
        return self.files.save()

    @property
    def training_panel(self):
        """The training dock's panel (made, with pyqtgraph, when first shown or asked for)."""
        return self.training_docks.panel("training")

    @property
    def gradient_flow_panel(self):
        return self.training_docks.panel("gradient_flow")

    @property
    def gradcheck_panel(self):
        return self.training_docks.panel("gradcheck")

    @property
    def fonts_large(self) -> bool:
        return self.display.fonts_large

    def set_theme(self, name: str) -> None:
        self.display.set_theme(name)

    def set_large_text(self, on: bool) -> None:
        self.display.set_large_text(on)

    def apply_large_text(self, on: bool) -> None:
        self.display.apply_large_text(on)

    def set_presentation(self, on: bool) -> None:
        """Projector mode: only the canvas and the timeline, larger text, full screen; off restores."""
        self.presentation.set(on)

    def step_by(self, delta: int) -> None:
        self.animator.step_by(delta)

    def jump(self, phase: str) -> None:
        self.animator.jump(phase)

    # --- session events -----------------------------------------------------------------------------

    def _on_session_changed(self, what: S.Event) -> None:
        if what == S.STRUCTURE:
            self.animator.stop()
            self._request_layout()
            self.display.sync_actions()
            self.builder_tabs.setCurrentWidget(
                self.network_form
                if self.session.is_network
                else self.expression_editor
                if self.builder_tabs.currentWidget() is self.network_form
                else self.builder_tabs.currentWidget()
            )
        elif what == S.VALUES:
            if self.session.geometry is not None:
                self.scene.set_evaluation(self.session.evaluation)
                self.scene.show_frame(self.session.frame())
                self._shown_step = self.session.step
            self._update_bar()
        elif what == S.STEP:
            self._show_step()
        elif what == S.SELECTION:
            self.scene.select(self.session.selection)

    def _request_layout(self) -> None:
        s = self.session
        if s.graph is None:
            return
        self._projection, sizes, labels = drawn_layout_inputs(s, self.fonts, measure_nodes, edge_label)
        self._layout_for = s.graph  # laid out as drawn: collapsed layers are one box each
        self.layout_runner.request(self._projection.graph, sizes, s.settings.direction, labels)

    def _on_layout_finished(self, geometry: object) -> None:
        s = self.session
        if s.graph is None or getattr(self, "_layout_for", None) is not s.graph:
            return
        s.geometry = geometry
        self.display.apply_scene_settings()
        self.scene.build(s.graph, geometry, s.evaluation, self._projection)
        self.scene.select(s.selection)  # a collapsed or expanded layer keeps the selection
        self.scene.show_frame(s.frame())
        self._shown_step = s.step
        self.view.text_height = digit_height(self.fonts.body)
        self.timeline_bar.reserve(len(s.timeline), self.caption_of)  # a band that holds still while stepping
        self.view.fit()
        self._follow_step()
        self._update_bar()
        self.banner.dismiss("layout")
        self.sig_layout_done.emit()

    def _on_layout_failed(self, message: str) -> None:
        self.show_error(f"Could not lay out the graph: {message}", kind="layout")

    def _show_step(self) -> None:
        s = self.session
        if s.timeline is None or s.geometry is None:
            self._update_bar()
            return
        nodes, edges = s.timeline.changed_between(self._shown_step, s.step)
        self.scene.show_frame(s.frame(), nodes, edges)
        self._shown_step = s.step
        self._follow_step()
        self._update_bar()

    def _follow_step(self) -> None:
        """When the graph is larger than the view, keep the node being computed in sight."""
        s = self.session
        frame = s.frame()
        if frame is None:
            return
        at_end = s.step == len(s.timeline) - 1
        node = frame.active or (s.evaluation.output if at_end else None)  # the end shows the loss
        item = self.scene.nodes.get(node) if node else None
        rect = item.sceneBoundingRect() if item is not None else None
        if not self.presentation.frame(at_end, rect):  # the end of a presentation: the whole result
            self.view.follow(rect)

    def _update_bar(self, step: int | None = None) -> None:
        """Show the current step in the bar (or ``step``, whose tokens are on their way)."""
        s = self.session
        if s.timeline is None:
            return
        k = s.step if step is None else step
        shown = s.timeline.steps[k]
        self.timeline_bar.show_position(
            k, len(s.timeline), shown.phase, self.caption_of(k), self.animator.playing
        )

    def caption_of(self, k: int) -> str:
        """Step ``k``'s caption, and the mistake on the canvas in one line while one is shown."""
        return self.mistakes.caption(self.session.caption(k))

    # --- messages ------------------------------------------------------------------------------------------

    def show_status(self, message: str, msecs: int = 6000) -> None:
        self.statusBar().showMessage(message, msecs)

    def show_error(self, message: str, kind: str = "error") -> None:
        """An error the user can act on: a banner over the canvas (see :mod:`.banner`) and the status bar."""
        self.banner.show_message(message, kind)
        self.statusBar().showMessage(message, 15000)

    def hide_error(self, *kinds: str) -> None:
        """Take the banner's message away (only one of ``kinds``, when given)."""
        self.banner.dismiss(*kinds)

    # --- window state and Qt events ---------------------------------------------------------------------

    def _stored_bool(self, key: str) -> bool:
        value = self.settings_store.value(key, False)
        return value in (True, "true", "1", 1)

    def _default_size(self) -> None:
        """First start: 90% of the screen, docks narrow so the canvas gets the room."""
        screen = QApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else None
        width, height = (int(area.width() * 0.9), int(area.height() * 0.9)) if area else (1400, 900)
        self.resize(max(900, width), max(600, height))
        self.resizeDocks([self.builder_dock, self.inspector_dock], [330, 320], Qt.Orientation.Horizontal)

    def _restore_window(self) -> None:
        geometry = self.settings_store.value("geometry")
        state = self.settings_store.value("window_state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        self.files.open_dropped(event)

    def closeEvent(self, event) -> None:  # noqa: N802
        if not self.confirm_discard():
            event.ignore()
            return
        if self.presentation.active:  # remember the window as the user arranged it, not the projector's
            self.set_presentation(False)
        self.settings_store.setValue("geometry", self.saveGeometry())
        self.settings_store.setValue("window_state", self.saveState())
        self.animator.stop()
        self.layout_runner.shutdown()
        self.keys.detach()
        self.presenter_view.hide()  # else the app would go on running for a window of notes
        super().closeEvent(event)

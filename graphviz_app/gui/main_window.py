"""The main window: canvas in the centre, builder dock on the left, inspector on the right,
timeline bar at the bottom.

Data flows one way. Widgets write to the :class:`~graphviz_app.session.Session`;
the session tells the window what changed, and the window updates the canvas:

- ``structure`` → measure node labels, lay out in the background, rebuild the scene;
- ``values`` → new numbers on the same items (no layout);
- ``step`` → show that step's frame, touching only what changed;
- ``settings`` → theme, fonts, or a new layout when sizes or direction change.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QTabWidget,
    QTextEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from graphviz_app.errors import GraphvizAppError
from graphviz_app.files.sources import is_existing_file
from graphviz_app.gui import actions as A
from graphviz_app.gui.animator import Animator
from graphviz_app.gui.canvas.scene import CanvasScene, Fonts, edge_label, measure_nodes
from graphviz_app.gui.canvas.view import CanvasView
from graphviz_app.gui.dialogs import show_about, show_shortcuts
from graphviz_app.gui.export import export_scene
from graphviz_app.gui.layout_overlay import LayoutOverlay
from graphviz_app.gui.panels.examples_gallery import ExamplesGallery
from graphviz_app.gui.panels.expression_editor import ExpressionEditor
from graphviz_app.gui.panels.implicit_panel import ImplicitPanel
from graphviz_app.gui.panels.inspector import Inspector
from graphviz_app.gui.panels.network_form import NetworkForm
from graphviz_app.gui.presentation import Presentation
from graphviz_app.gui.presenter_keys import BlankScreen, handle_key
from graphviz_app.gui.recent_files import RecentFiles
from graphviz_app.gui.session_link import subscribe_while_alive
from graphviz_app.gui.theme import palette_for, theme_named
from graphviz_app.gui.timeline_bar import TimelineBar
from graphviz_app.gui.undo import UndoHistory
from graphviz_app.gui.workers import LayoutRunner
from graphviz_app.session import session as S
from graphviz_app.session.session import Session

__all__ = ["MainWindow"]

FILE_FILTER = "graphviz-app files (*.json *.txt *.expr);;All files (*)"
NEW_EXPRESSION = "sin(x**2)"


class MainWindow(QMainWindow):
    sig_layout_done = Signal()

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings_store = settings or QSettings("graphviz-app", "graphviz-app")
        self.session = Session()
        self.theme = theme_named(str(self.settings_store.value("theme", "light")))
        self.fonts = Fonts(QApplication.font().pointSizeF(), bool(self._stored_bool("large_text")))
        self._base_point_size = QApplication.font().pointSizeF()
        self._shown_step = 0

        # canvas, animation, timeline
        self.scene = CanvasScene(self.theme, self.fonts, self)
        self.view = CanvasView()
        self.view.setObjectName("canvas")
        self.view.setScene(self.scene)
        self.animator = Animator(self.session, self.scene, self)
        self.timeline_bar = TimelineBar()
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.banner.setTextInteractionFlags(Qt.TextSelectableByMouse)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.view, 1)
        column.addWidget(self.timeline_bar)
        self.setCentralWidget(central)

        # docks
        self.expression_editor = ExpressionEditor(self.session)
        self.network_form = NetworkForm(self.session)
        self.gallery = ExamplesGallery(self.session)
        self.gallery.confirm_discard = self.confirm_discard
        self.builder_tabs = QTabWidget()
        self.builder_tabs.addTab(self.expression_editor, "Expression")
        self.builder_tabs.addTab(self.network_form, "Network")
        self.builder_tabs.addTab(self.gallery, "Examples")
        self.builder_dock = self._dock("builder", "Build", self.builder_tabs, Qt.LeftDockWidgetArea)
        self.inspector = Inspector(self.session)
        self.inspector_dock = self._dock("inspector", "Inspector", self.inspector, Qt.RightDockWidgetArea)
        self.extra_docks: list[QDockWidget] = []

        # actions, menus, status bar
        self.actions = A.build_actions(self)
        self.recent = RecentFiles(self.settings_store, self)
        A.build_menus(self, self.actions, self.recent.menu)
        A.build_toolbar(self, self.actions)

        # --- paths and accumulation panels (issue "Sum over all paths") -------- BEGIN
        # Here rather than beside the inspector because add_panel needs the View menu built above.
        from graphviz_app.gui.panels.accumulation_panel import AccumulationPanel
        from graphviz_app.gui.panels.paths_panel import PathsPanel

        self.paths_panel = PathsPanel(self.session)
        self.paths_dock = self.add_panel("paths", "Paths", self.paths_panel)
        self.accumulation_panel = AccumulationPanel(self.session)
        self.accumulation_dock = self.add_panel("accumulation", "Accumulation", self.accumulation_panel)
        self.tabifyDockWidget(self.inspector_dock, self.accumulation_dock)
        self.inspector_dock.raise_()
        self.resizeDocks([self.inspector_dock, self.paths_dock], [1, 2], Qt.Vertical)
        self.paths_panel.sig_path_highlighted.connect(self.scene.set_path_highlight)
        self.paths_panel.sig_status.connect(self.show_status)
        self.accumulation_panel.sig_status.connect(self.show_status)
        # --- paths and accumulation panels ----------------------------------------- END
        self.implicit_panel = ImplicitPanel(self.session)
        self.implicit_dock = self.add_panel(
            "implicit", "Implicit slope", self.implicit_panel, Qt.LeftDockWidgetArea
        )
        self.implicit_dock.setVisible(False)
        from graphviz_app.gui.second_order import SecondOrderUi  # View ▸ Backward graph, Order 1/2 (issue 13)

        self.second_order = SecondOrderUi(self)
        self.undo_history = UndoHistory(self.session, self)
        self.undo_history.bind(self.actions["undo"], self.actions["redo"])
        self.presentation = Presentation(self)
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
        self._sync_actions()
        self.setAcceptDrops(True)
        self._default_size()
        self._restore_window()
        self._apply_palette()
        QApplication.instance().installEventFilter(self)

    # --- assembly ---------------------------------------------------------------------------------

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def add_panel(self, name: str, title: str, widget: QWidget, area=Qt.RightDockWidgetArea) -> QDockWidget:
        """Add another dock panel (the paths panel uses this)."""
        dock = self._dock(name, title, widget, area)
        self.extra_docks.append(dock)
        self.view_menu.addAction(dock.toggleViewAction())
        return dock

    def _connect(self) -> None:
        a = self.actions
        a["new"].triggered.connect(self.new_session)
        a["open"].triggered.connect(self._on_open_requested)
        a["save"].triggered.connect(self.save)
        a["save_as"].triggered.connect(self.save_as)
        a["export_png"].triggered.connect(lambda: self._on_export_requested("png"))
        a["export_svg"].triggered.connect(lambda: self._on_export_requested("svg"))
        a["export_pdf"].triggered.connect(lambda: self._on_export_requested("pdf"))
        a["export_animation"].triggered.connect(self._on_export_animation_requested)
        a["quit"].triggered.connect(self.close)
        for name in ("show_values", "show_grads", "show_locals", "grad_width"):
            a[name].toggled.connect(lambda on, n=name: self._on_setting_toggled(n, on))
        a["view_neuron"].triggered.connect(lambda: self._guard(self.session.set_view, "neuron"))
        a["view_layer"].triggered.connect(lambda: self._guard(self.session.set_view, "layer"))
        a["dir_lr"].triggered.connect(lambda: self.session.update_settings(direction="LR"))
        a["dir_tb"].triggered.connect(lambda: self.session.update_settings(direction="TB"))
        a["zoom_in"].triggered.connect(self.view.zoom_in)
        a["zoom_out"].triggered.connect(self.view.zoom_out)
        a["zoom_fit"].triggered.connect(self.view.fit)
        a["theme_light"].triggered.connect(lambda: self.set_theme("light"))
        a["theme_dark"].triggered.connect(lambda: self.set_theme("dark"))
        a["large_text"].toggled.connect(self.set_large_text)
        a["presentation"].toggled.connect(self.set_presentation)
        a["shortcuts"].triggered.connect(self.show_shortcuts)
        a["about"].triggered.connect(self.show_about)
        self.recent.sig_open_requested.connect(self.open_source)

        bar = self.timeline_bar
        bar.sig_play_toggled.connect(self.animator.toggle)
        bar.sig_step.connect(self.step_by)
        bar.sig_jump.connect(self.jump)
        bar.sig_scrub.connect(self.animator.go_to)
        bar.sig_speed_changed.connect(self.animator.set_speed)
        self.animator.sig_playing_changed.connect(lambda _: self._update_bar())
        self.animator.sig_animating.connect(self._update_bar)

        self.scene.sig_selected.connect(self._on_canvas_selection_changed)
        self.view.sig_zoom_changed.connect(lambda z: self.zoom_label.setText(f"{z * 100:.0f}%"))
        self.layout_runner.sig_finished.connect(self._on_layout_finished)
        self.layout_runner.sig_failed.connect(self._on_layout_failed)
        self.layout_runner.sig_busy.connect(self.busy.setVisible)
        for panel in (self.expression_editor, self.network_form, self.gallery, self.inspector):
            if hasattr(panel, "sig_status"):
                panel.sig_status.connect(self.show_status)
        subscribe_while_alive(self, self.session, self._on_session_changed)
        self.expression_editor.sig_new_requested.connect(self.new_session)
        self.implicit_panel.sig_relevant.connect(self._on_implicit_relevant)
        self.undo_history.sig_status.connect(self.show_status)

    # --- session events -----------------------------------------------------------------------------

    def _on_session_changed(self, what: str) -> None:
        if what == S.STRUCTURE:
            self.animator.stop()
            self._request_layout()
            self._sync_actions()
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
        elif what == S.SETTINGS:
            self._sync_actions()
            self._apply_display_settings()
        elif what == S.FILE:
            self._update_title()

    def _request_layout(self) -> None:
        s = self.session
        if s.graph is None:
            return
        sizes = measure_nodes(
            s.graph, s.evaluation, self.fonts, s.settings.show_values, s.settings.show_grads
        )
        labels = None
        if s.settings.show_locals:
            m = QFontMetricsF(self.fonts.small)
            texts = {e: edge_label(s.evaluation, e) for e in s.graph.edges}
            labels = {e: (m.horizontalAdvance(t) + 10, m.height() + 4) for e, t in texts.items() if t}
        self._layout_for = s.graph
        self.layout_runner.request(s.graph, sizes, s.settings.direction, labels)

    def _on_layout_finished(self, geometry: object) -> None:
        s = self.session
        if s.graph is None or getattr(self, "_layout_for", None) is not s.graph:
            return
        s.geometry = geometry
        self._apply_scene_settings()
        self.scene.build(s.graph, geometry, s.evaluation)
        self.scene.show_frame(s.frame())
        self._shown_step = s.step
        self.view.fit()
        self._update_bar()
        self.banner.setVisible(False) if self.banner.property("kind") == "layout" else None
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
        self._update_bar()

    def _update_bar(self, step: int | None = None) -> None:
        """Show the current step in the bar (or ``step``, whose tokens are on their way)."""
        s = self.session
        if s.timeline is None:
            return
        k = s.step if step is None else step
        shown = s.timeline.steps[k]
        self.timeline_bar.show_position(k, len(s.timeline), shown.phase, s.caption(k), self.animator.playing)

    # --- settings ---------------------------------------------------------------------------------------

    def _on_setting_toggled(self, name: str, on: bool) -> None:
        if getattr(self.session.settings, name) != on:
            self.session.update_settings(**{name: on})

    def _apply_scene_settings(self) -> None:
        st = self.session.settings
        self.scene.show_values, self.scene.show_grads = st.show_values, st.show_grads
        self.scene.show_locals, self.scene.grad_width = st.show_locals, st.grad_width

    def _apply_display_settings(self) -> None:
        st = self.session.settings
        layout_changed = (st.show_values, st.show_grads, st.show_locals, st.direction) != (
            self.scene.show_values,
            self.scene.show_grads,
            self.scene.show_locals,
            getattr(self.session.geometry, "direction", st.direction),
        )
        if st.theme != self.theme.name:
            self.set_theme(st.theme)
        if st.large_text != self.fonts_large:
            self.set_large_text(st.large_text)
            return
        self._apply_scene_settings()
        if layout_changed and self.session.graph is not None:
            self._request_layout()
        else:
            self.scene.refresh()

    @property
    def fonts_large(self) -> bool:
        return self.fonts.body.pointSizeF() > self._base_point_size * 1.3

    def set_theme(self, name: str) -> None:
        self.theme = theme_named(name)
        self.scene.set_theme(self.theme)
        self.settings_store.setValue("theme", name)
        if self.session.settings.theme != name:
            self.session.update_settings(theme=name)
        self._apply_palette()
        self._sync_actions()

    def set_large_text(self, on: bool) -> None:
        """Projector mode: every font 1.6× larger, in the canvas and in the panels; kept for next time."""
        self.settings_store.setValue("large_text", on)
        self.apply_large_text(on)

    def apply_large_text(self, on: bool) -> None:
        """Larger or normal text now, without remembering it (presentation mode uses this)."""
        if on == self.fonts_large and self.session.settings.large_text == on:
            return
        self.fonts = Fonts(self._base_point_size, on)
        self.scene.fonts = self.fonts
        app_font = QFont(QApplication.font())
        app_font.setPointSizeF(self._base_point_size * (1.4 if on else 1.0))
        QApplication.setFont(app_font)
        self.timeline_bar.set_text_scale(1.4 if on else 1.0)
        if self.session.settings.large_text != on:
            self.session.update_settings(large_text=on)
        self._sync_actions()
        if self.session.graph is not None:
            self._request_layout()

    def set_presentation(self, on: bool) -> None:
        """Projector mode: only the canvas and the timeline, larger text, full screen; off restores."""
        if on:
            self.presentation.enter()
        else:
            self.presentation.leave()
        self.actions["presentation"].blockSignals(True)
        self.actions["presentation"].setChecked(on)
        self.actions["presentation"].blockSignals(False)
        self.view.fit()

    def hideable_widgets(self) -> list[QWidget]:
        """What presentation mode hides: every dock and toolbar."""
        return [*self.findChildren(QDockWidget), *self.findChildren(QToolBar)]

    def _on_implicit_relevant(self, on: bool) -> None:
        if not self.presentation.active:
            self.implicit_dock.setVisible(on)

    def _apply_palette(self) -> None:
        palette = palette_for(self.theme)
        self.setPalette(palette)
        QApplication.instance().setPalette(palette)
        self.banner.setStyleSheet(f"background:{self.theme.fault.name()}; color:white; padding:6px;")

    def _sync_actions(self) -> None:
        st = self.session.settings
        a = self.actions
        for name in ("show_values", "show_grads", "show_locals", "grad_width"):
            a[name].blockSignals(True)
            a[name].setChecked(getattr(st, name))
            a[name].blockSignals(False)
        is_net = self.session.is_network
        view = self.session.loaded.view if is_net else None
        a["view_neuron"].setEnabled(is_net)
        a["view_layer"].setEnabled(is_net)
        a["view_neuron"].setChecked(view == "neuron")
        a["view_layer"].setChecked(view == "layer")
        a["dir_lr"].setChecked(st.direction == "LR")
        a["dir_tb"].setChecked(st.direction == "TB")
        a["theme_light"].setChecked(self.theme.name == "light")
        a["theme_dark"].setChecked(self.theme.name == "dark")
        a["large_text"].blockSignals(True)
        a["large_text"].setChecked(self.fonts_large)
        a["large_text"].blockSignals(False)

    # --- animation keys --------------------------------------------------------------------------------

    def jump(self, phase: str) -> None:
        tl = self.session.timeline
        if tl is None:
            return
        self.animator.pause()
        target = {"start": 0, "end": len(tl) - 1}.get(phase)
        self.animator.go_to(tl.index_of_phase(phase) if target is None else target)

    def step_by(self, delta: int) -> None:
        """One step forward (+1) or back (−1), from a key, a clicker or the bar's buttons."""
        if delta > 0:
            self.animator.pause()
            self.animator.step_forward()
        else:
            self.animator.step_back()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        """Animation keys work wherever the focus is, except where the user is typing."""
        if event.type() == QEvent.KeyPress and self.isActiveWindow():
            focus = QApplication.focusWidget()
            typing = isinstance(focus, (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox))
            if not typing and self.handle_animation_key(event):
                return True
        return super().eventFilter(obj, event)

    def handle_animation_key(self, event: QKeyEvent) -> bool:
        """The animation and presenter keys (see :mod:`graphviz_app.gui.presenter_keys`)."""
        return handle_key(self, event)

    # --- selection --------------------------------------------------------------------------------------

    def _on_canvas_selection_changed(self, what) -> None:
        self.session.select(what)

    # --- files --------------------------------------------------------------------------------------------

    def open_source(self, source: str) -> bool:
        """Open SOURCE (file, example:NAME or expression). Errors leave the current session as it was."""
        is_file = is_existing_file(source)
        try:
            if is_file:
                self.session.open_file(source)
                self.recent.add(source)
            else:
                self.session.open_source(source)
        except GraphvizAppError as exc:
            shown = Path(source).name if is_file else (source if len(source) < 60 else source[:57] + "…")
            reason = str(exc).removeprefix(f"{source}: ").removeprefix(f"{shown}: ")
            self.show_error(f"Could not open {shown}: {reason}. The current session is unchanged.")
            return False
        self.hide_error()
        if is_file and self.session.defaulted:
            names = ", ".join(self.session.defaulted)
            self.show_status(
                f"{Path(source).name} gives no value for {names}: "
                f"{'they start' if len(self.session.defaulted) > 1 else 'it starts'} at 1.0; "
                "edit the inputs in the Expression tab",
                15000,
            )
        return True

    def confirm_discard(self) -> bool:
        """If there are unsaved changes, ask whether to save them. False means: stay."""
        if not self.session.modified:
            return True
        name = self.session.path.name if self.session.path else "this session"
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            f"Save the changes to {name} first?",
            QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel,
            QMessageBox.Save,
        )
        if answer == QMessageBox.Save:
            return self.save()
        return answer == QMessageBox.Discard

    def new_session(self) -> None:
        if not self.confirm_discard():
            return
        self.open_source(NEW_EXPRESSION)
        self.builder_tabs.setCurrentWidget(self.expression_editor)

    def _on_open_requested(self) -> None:
        if not self.confirm_discard():
            return
        path, _ = QFileDialog.getOpenFileName(self, "Open", self.recent.last_folder(), FILE_FILTER)
        if path:
            self.open_source(path)

    def save(self) -> bool:
        if self.session.path is None:
            return self.save_as()
        return self._save_to(self.session.path)

    def save_as(self) -> bool:
        suggested = str(Path(self.recent.last_folder()) / "session.json")
        path, _ = QFileDialog.getSaveFileName(self, "Save session", suggested, "Session (*.json)")
        if not path:
            return False
        if not path.lower().endswith(".json"):
            path += ".json"
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        try:
            self.session.save(path)
        except GraphvizAppError as exc:
            self.show_error(f"Could not save: {exc}")
            return False
        self.recent.add(path)
        self.show_status(f"Saved {path.name}")
        return True

    def _on_export_requested(self, fmt: str) -> None:
        if self.session.geometry is None:
            self.show_status("Nothing to export yet")
            return
        from graphviz_app.gui.export_dialog import ask_export

        choice = ask_export(self, fmt, self.recent.last_folder())
        if choice is None:
            return
        path, scale, visible_only = choice
        rect = self.view.visible_scene_rect() if visible_only else None
        try:
            export_scene(self.scene, path, scale=scale, rect=rect)
        except GraphvizAppError as exc:
            self.show_error(f"Could not export: {exc}")
            return
        self.recent.remember_folder(path)
        self.show_status(f"Exported {Path(path).name}")

    def _on_export_animation_requested(self) -> None:
        from graphviz_app.gui.animation_dialog import export_animation

        export_animation(self)

    def _update_title(self) -> None:
        s = self.session
        name = s.path.name if s.path else (s.loaded.title or s.loaded.origin if s.loaded else "")
        self.setWindowTitle(f"{name}{' •' if s.modified else ''} — graphviz-app")

    # --- drag and drop -------------------------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.open_source(urls[0].toLocalFile())
            event.acceptProposedAction()

    # --- messages ------------------------------------------------------------------------------------------

    def show_status(self, message: str, msecs: int = 6000) -> None:
        self.statusBar().showMessage(message, msecs)

    def show_error(self, message: str, kind: str = "error") -> None:
        """An error the user can act on: a red banner over the canvas (and the status bar)."""
        self.banner.setText(f"⚠ {message}")
        self.banner.setProperty("kind", kind)
        self.banner.setVisible(True)
        self.statusBar().showMessage(message, 15000)

    def hide_error(self) -> None:
        self.banner.setVisible(False)

    def _guard(self, fn, *args) -> None:
        try:
            fn(*args)
        except GraphvizAppError as exc:
            self.show_error(str(exc))
            self._sync_actions()

    def show_shortcuts(self) -> None:
        show_shortcuts(self, A.shortcut_rows(self.actions))

    def show_about(self) -> None:
        show_about(self)

    # --- window state ---------------------------------------------------------------------------------------

    def _stored_bool(self, key: str) -> bool:
        value = self.settings_store.value(key, False)
        return value in (True, "true", "1", 1)

    def _default_size(self) -> None:
        """First start: 90% of the screen, docks narrow so the canvas gets the room."""
        screen = QApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else None
        width, height = (int(area.width() * 0.9), int(area.height() * 0.9)) if area else (1400, 900)
        self.resize(max(900, width), max(600, height))
        self.resizeDocks([self.builder_dock, self.inspector_dock], [330, 320], Qt.Horizontal)

    def _restore_window(self) -> None:
        geometry = self.settings_store.value("geometry")
        state = self.settings_store.value("window_state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

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
        QApplication.instance().removeEventFilter(self)
        super().closeEvent(event)

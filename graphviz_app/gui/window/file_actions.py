"""File ▸ New, Open, Open Recent, Save, Save As, Export, and files dropped on the window.

Every way of replacing or writing what is open goes through here: opening asks
first when there are unsaved changes (:meth:`FileActions.confirm_discard`), a
file that cannot be read leaves the session as it was, and the window's title
says which file is open and whether it has unsaved changes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from graphviz_app.errors import GraphvizAppError
from graphviz_app.exports.dot import to_dot
from graphviz_app.files.atomic import write_text
from graphviz_app.files.sources import is_existing_file
from graphviz_app.gui.export.image import export_scene
from graphviz_app.gui.session_link import subscribe_while_alive
from graphviz_app.gui.window.recent_files import RecentFiles
from graphviz_app.session.state.session import FILE, Session

if TYPE_CHECKING:
    from graphviz_app.gui.window.parts import Canvas

__all__ = ["FILE_FILTER", "NEW_EXPRESSION", "FileActions"]

FILE_FILTER = "graphviz-app files (*.json *.txt *.expr *.html);;All files (*)"
STATUS_MS = 6000
"""How long a message of the file commands stays in the status bar."""
NEW_EXPRESSION = "sin(x**2)"


class FileActions(QObject):
    """The file commands of ``frame``, whose title says what is open and which shows ``canvas``.

    ``store`` remembers the recent files; ``show_editor`` brings the Expression tab to the
    front; ``export_animation`` asks for an animation's options and writes it.
    """

    def __init__(
        self,
        session: Session,
        frame: QMainWindow,
        store: QSettings,
        canvas: Canvas,
        show_editor: Callable[[], None],
        export_animation: Callable[[], object],
        show_status: Callable[[str, int], None],
        show_error: Callable[[str], None],
        hide_error: Callable[[], None],
    ) -> None:
        super().__init__(frame)
        self.session, self.window, self.canvas = session, frame, canvas
        self._show_editor, self._export_animation = show_editor, export_animation
        self._show_status, self._show_error, self._hide_error = show_status, show_error, hide_error
        self.recent = RecentFiles(store, frame)
        self.recent.sig_open_requested.connect(self.open_source)
        subscribe_while_alive(self, self.session, self._on_file_changed, [FILE])

    # --- opening ------------------------------------------------------------------------------------

    def open_source(self, source: str, **how: Any) -> bool:
        """Open SOURCE (file, example:NAME or expression). Errors leave the current session as it was.

        ``how`` is the command line's ``view``, ``dependent`` and ``at`` (see :meth:`Session.open_source`).
        """
        is_file = is_existing_file(source)
        try:
            if is_file:
                self.session.open_file(source, **how)
                self.recent.add(source)
            else:
                self.session.open_source(source, **how)
        except GraphvizAppError as exc:
            shown = Path(source).name if is_file else (source if len(source) < 60 else source[:57] + "…")
            reason = str(exc).removeprefix(f"{source}: ").removeprefix(f"{shown}: ")
            self._show_error(f"Could not open {shown}: {reason}. The current session is unchanged.")
            return False
        self._hide_error()
        if is_file and self.session.defaulted:
            names = ", ".join(self.session.defaulted)
            self._show_status(
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
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Unsaved changes",
            f"Save the changes to {name} first?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self.window,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setOption(QMessageBox.Option.DontUseNativeDialog)  # a platform's own box ignores the theme
        box.setPalette(self.window.palette())  # the window's theme, light or dark
        answer = QMessageBox.StandardButton(box.exec())
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_session(self) -> None:
        if not self.confirm_discard():
            return
        self.open_source(NEW_EXPRESSION)
        self._show_editor()

    def open_requested(self) -> None:
        if not self.confirm_discard():
            return
        path, _ = QFileDialog.getOpenFileName(self.window, "Open", self.recent.last_folder(), FILE_FILTER)
        if path:
            self.open_source(path)

    def open_dropped(self, event: QDropEvent) -> None:
        """A file dropped on the window opens like File ▸ Open."""
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.open_source(urls[0].toLocalFile())
            event.acceptProposedAction()

    # --- saving and exporting ---------------------------------------------------------------------------

    def save(self) -> bool:
        if self.session.path is None:
            return self.save_as()
        return self.save_to(self.session.path)

    def save_as(self) -> bool:
        suggested = str(Path(self.recent.last_folder()) / "session.json")
        path, _ = QFileDialog.getSaveFileName(self.window, "Save session", suggested, "Session (*.json)")
        if not path:
            return False
        if not path.lower().endswith(".json"):
            path += ".json"
        return self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        try:
            self.session.save(path)
        except GraphvizAppError as exc:
            self._show_error(f"Could not save: {exc}")
            return False
        self.recent.add(path)
        self._show_status(f"Saved {path.name}", STATUS_MS)
        return True

    def export_requested(self, fmt: str) -> None:
        if fmt == "training":  # a network with data: the boundary forming (Pillow, ffmpeg: when asked)
            from graphviz_app.gui.export.training_movie import export_training

            export_training(self.window)
            return
        if self.session.geometry is None:
            self._show_status("Nothing to export yet", STATUS_MS)
            return
        from graphviz_app.gui.export.image_dialog import ask_export

        choice = ask_export(self.window, fmt, self.recent.last_folder())
        if choice is None:
            return
        path, scale, visible_only = choice
        rect = self.canvas.view.visible_scene_rect() if visible_only else None
        try:
            if fmt == "dot":  # the graph as text, as the command line writes it
                write_text(
                    path, to_dot(self.session.graph, self.session.evaluation, self.session.settings.direction)
                )
            else:
                export_scene(self.canvas.scene, path, scale=scale, rect=rect)
        except GraphvizAppError as exc:
            self._show_error(f"Could not export: {exc}")
            return
        self.recent.remember_folder(path)
        self._show_status(f"Exported {Path(path).name}", STATUS_MS)

    def export_animation_requested(self) -> None:
        self._export_animation()

    def export_page_requested(self) -> None:
        """File ▸ Export ▸ Interactive page…: what is open (values, collapsed layers, step, theme) as one page."""
        from graphviz_app.gui.export.page_dialog import PageCancelled, with_progress
        from graphviz_app.page.document import build_page, with_values
        from graphviz_app.page.html import write_page

        w, s, loaded = self.window, self.session, self.session.loaded
        if loaded is None:
            self._show_status("Nothing to export yet", STATUS_MS)
            return
        suggested = str(Path(self.recent.last_folder()) / "graph.html")
        path, _ = QFileDialog.getSaveFileName(w, "Export interactive page", suggested, "Web page (*.html)")
        if not path:
            return
        path += "" if path.lower().endswith((".html", ".htm")) else ".html"
        try:
            page = with_progress(
                w,
                lambda progress: build_page(
                    with_values(loaded, s.values),
                    theme=self.canvas.scene.theme.name,
                    direction=s.settings.direction,
                    collapsed=s.settings.collapsed,
                    step=s.step,
                    session=s.to_data(),
                    progress=progress,
                ),
            )
            write_page(page, path)
        except PageCancelled:
            self._show_status("Export cancelled: nothing was written", STATUS_MS)
            return
        except GraphvizAppError as exc:
            self._show_error(f"Could not export: {exc}")
            return
        self.recent.remember_folder(path)
        self._show_status(f"Exported {Path(path).name}: open it in any browser", STATUS_MS)

    # --- slots ----------------------------------------------------------------------------------------------

    def _on_file_changed(self, _event: object) -> None:
        s = self.session
        name = s.path.name if s.path else (s.loaded.title or s.loaded.origin if s.loaded else "")
        self.window.setWindowTitle(f"{name}{' •' if s.modified else ''} — graphviz-app")

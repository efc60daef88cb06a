"""File ▸ Export ▸ Animation…: the options, then a progress bar with Cancel while the frames are written.

The frames are drawn by a scene of their own (built from the session's graph,
layout and evaluation with the window's theme, fonts and display settings), so
the canvas on screen is untouched, and a few frames are written per turn of the
event loop: the window stays responsive and Cancel works at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QProgressDialog,
    QSpinBox,
    QWidget,
)

from graphviz_app.errors import GraphvizAppError
from graphviz_app.gui.export.animation import AnimationExport, animation_format, plan_for
from graphviz_app.gui.export.image_dialog import add_save_cancel, file_row, scale_box
from graphviz_app.session.second_order.implicit import step_caption
from graphviz_app.session.timeline.animation_plan import PAUSE_S

__all__ = ["AnimationDialog", "AnimationJob", "FrameExport", "export_animation"]

FRAMES_PER_TURN = 4  # frames written between two turns of the event loop


class AnimationDialog(QDialog):
    """File, step range, frame rate, pause, scale and caption of an animation export."""

    def __init__(self, folder: str, steps: int, current: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export animation")
        self.path = QLineEdit(str(Path(folder) / "animation.gif"))
        self.path.setToolTip("a .gif or .mp4 file, or a folder for one PNG per step")
        row = file_row(self.path, self._on_browse_clicked)
        self.frames = QCheckBox("One PNG per step into the folder (for Beamer's \\animategraphics)")
        self.first, self.last = QSpinBox(), QSpinBox()
        for box, value in ((self.first, 0), (self.last, steps - 1)):
            box.setRange(0, steps - 1)
            box.setValue(value)
        self.fps = QSpinBox()
        self.fps.setRange(1, 50)
        self.fps.setValue(20)
        self.fps.setSuffix(" frames/s")
        self.hold = QDoubleSpinBox()
        self.hold.setRange(0.0, 60.0)
        self.hold.setSingleStep(0.1)
        self.hold.setValue(PAUSE_S)
        self.hold.setSuffix(" s")
        self.scale = scale_box(0.25, 4.0, 0.25, 1.0)
        self.caption = QCheckBox("Burn the caption in under the graph")
        self.caption.setChecked(True)
        form = QFormLayout(self)
        form.addRow("File", row)
        form.addRow("", self.frames)
        form.addRow("From step", self.first)
        form.addRow("To step", self.last)
        form.addRow("Frame rate", self.fps)
        form.addRow("Pause on each arrival", self.hold)
        form.addRow("Scale", self.scale)
        form.addRow("", self.caption)
        add_save_cancel(form, self)

    def _on_browse_clicked(self) -> None:
        if self.frames.isChecked():
            path = QFileDialog.getExistingDirectory(self, "Folder for the frames", self.path.text())
        else:
            path, _ = QFileDialog.getSaveFileName(
                self, "Export animation", self.path.text(), "GIF (*.gif);;MP4 video (*.mp4)"
            )
        if path:
            self.path.setText(path)

    def options(self) -> dict[str, Any]:
        return {
            "path": Path(self.path.text().strip()),
            "frames": self.frames.isChecked(),
            "first": self.first.value(),
            "last": self.last.value(),
            "fps": self.fps.value(),
            "hold": self.hold.value(),
            "scale": self.scale.value(),
            "caption": self.caption.isChecked(),
        }


class FrameExport(Protocol):
    """What a job writes: an :class:`AnimationExport`, or the training's frames (``training_movie``)."""

    path: Path

    def __len__(self) -> int: ...

    @property
    def finished(self) -> bool: ...

    def write(self, n: int = ...) -> int: ...

    def close(self) -> Path: ...

    def cancel(self) -> None: ...


class AnimationJob(QObject):
    """Writes an :class:`AnimationExport` (or another :class:`FrameExport`) a few frames per event-loop turn,
    with a progress dialog.

    A child of ``window``, which keeps it while it runs.
    """

    def __init__(self, window: Any, export: FrameExport):
        super().__init__(window)
        self.window, self.export = window, export
        self.progress = QProgressDialog(
            f"Writing {export.path.name}…", "Cancel", 0, len(export), window, minimumDuration=0
        )
        self.progress.setWindowTitle("Export animation")
        self.progress.canceled.connect(self.cancel)
        self.timer = QTimer(window)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._on_turn)
        app = QCoreApplication.instance()
        if app is not None:  # always, while a window is open
            app.aboutToQuit.connect(self._on_quit)
        self.result: Path | None = None
        self.cancelled = False
        self.turns = 0  # event-loop turns so far: the window had that many chances to respond

    def start(self) -> None:
        self.progress.setValue(0)
        self.timer.start()

    def cancel(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
            self.export.cancel()
            self.cancelled = True
            self.window.show_status("Animation export cancelled")

    def _on_quit(self) -> None:
        """Quitting mid-way leaves no half file (the window and its timer may be gone already)."""
        if self.result is None and not self.cancelled:
            self.cancelled = True
            self.export.cancel()

    @property
    def running(self) -> bool:
        return self.timer.isActive()

    def _on_turn(self) -> None:
        self.turns += 1
        if self.progress.wasCanceled():
            self.cancel()
            return
        try:
            done = self.export.write(FRAMES_PER_TURN)
            if self.export.finished:
                self.timer.stop()
                self.result = self.export.close()
        except GraphvizAppError as exc:
            self.timer.stop()
            self.progress.reset()
            self.window.show_error(f"Could not export: {exc}")
            return
        if self.result is not None:
            self.progress.reset()
            self.window.show_status(f"Exported {self.result.name} ({len(self.export)} frames)")
        else:
            self.progress.setValue(done)


def export_animation(window: Any, options: dict[str, Any] | None = None) -> AnimationJob | None:
    """Ask for the options (unless given), then start writing; returns the running job."""
    s = window.session
    if s.geometry is None or s.timeline is None:
        window.show_status("Nothing to export yet")
        return None
    if options is None:
        dialog = AnimationDialog(window.recent.last_folder(), len(s.timeline), s.step, window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        options = dialog.options()
    try:
        job = AnimationJob(window, _make_export(window, options))
    except GraphvizAppError as exc:
        window.show_error(f"Could not export: {exc}")
        return None
    window.recent.remember_folder(options["path"])
    job.start()
    return job


def _make_export(window: Any, options: dict[str, Any]) -> AnimationExport:
    from graphviz_app.gui.canvas.scene import CanvasScene

    s = window.session
    path = options["path"]
    fmt = animation_format(path, options.get("frames", False))
    if fmt is None:
        raise GraphvizAppError(f"{path.name}: an animation is a .gif or .mp4 file, or a folder of frames")
    shown = window.scene
    scene = CanvasScene(shown.theme, shown.fonts)
    scene.show_values, scene.show_grads = shown.show_values, shown.show_grads
    scene.show_locals, scene.grad_width = shown.show_locals, shown.grad_width
    scene.build(s.graph, s.geometry, s.evaluation, shown.projection)  # collapsed layers as shown
    scene.highlight = shown.highlight  # a lit path stays lit, as on screen
    timeline, loaded = s.timeline, s.loaded
    plan = plan_for(
        timeline,
        fmt,
        first=options.get("first", 0),
        last=options.get("last", "end"),
        fps=options.get("fps", 20),
        hold=options.get("hold"),
    )
    caption_of = (lambda k: step_caption(timeline, k, loaded)) if options.get("caption", True) else None
    return AnimationExport(
        scene, timeline, plan, path, fmt, scale=options.get("scale", 1.0), caption_of=caption_of
    )

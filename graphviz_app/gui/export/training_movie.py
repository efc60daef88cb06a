"""File ▸ Export ▸ Training…: the decision boundary forming as a network with data trains, as a GIF or an MP4.

From the parameters the session has now, a trainer of its own (the training panel's optimizer and settings,
:func:`~graphviz_app.session.training.runs.trainer_for`: the same steps and mini-batches as a Run or
``graphviz-app train``) takes the steps; every few steps a frame draws what the Data panel draws: the network's
output over the input plane, the training points filled and the test points hollow, with the step and the
accuracies under it. The session and the canvas are untouched. Frames are written a few per turn of the event
loop by the animation export's job (:class:`~graphviz_app.gui.export.animation_dialog.AnimationJob`): a
progress bar with Cancel, and a cancelled export leaves no file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QDialog, QFileDialog, QFormLayout, QLineEdit, QSpinBox, QWidget

from graphviz_app.errors import GraphvizAppError
from graphviz_app.files.animation_files import AnimationWriter, open_writer
from graphviz_app.files.options import MAX_TRAIN_STEPS
from graphviz_app.gui.export.animation import animation_format
from graphviz_app.gui.export.animation_dialog import AnimationJob
from graphviz_app.gui.export.image_dialog import add_save_cancel, file_row
from graphviz_app.gui.interrupts import held_interrupts
from graphviz_app.palette import Palette, shade, shades
from graphviz_app.session.training.data import GRID, frame_steps, metrics_text
from graphviz_app.session.training.runs import Trainer, trainer_for

__all__ = ["PLANE_PX", "TrainingMovie", "TrainingMovieDialog", "export_training"]

PLANE_PX = 480
"""The side of the input plane in a frame, in pixels."""
_MARGIN, _TEXT = 16, 40
STRENGTH = 0.55  # the output under the points, as the Data panel shades it


class TrainingMovie:
    """The frames of training ``session``'s network ``steps`` steps, ``frames`` of them, to ``path``.

    Call :meth:`write` until :attr:`finished`, then :meth:`close`; or :meth:`cancel` (as an
    :class:`~graphviz_app.gui.export.animation.AnimationExport`, so the same job writes it).
    """

    def __init__(self, session: Any, path: str | Path, steps: int, frames: int, fps: int, palette: Palette):
        self.path = Path(path)
        fmt = animation_format(self.path)
        if fmt not in ("gif", "mp4"):
            raise GraphvizAppError(f"{self.path.name}: the training is exported as a .gif or .mp4 file")
        t = session.training.trainer
        spec = session.loaded.network_spec if session.loaded is not None else None
        if t is None or t.data is None or spec is None:
            raise GraphvizAppError("only a network with data can be exported as training: open example:xor")
        session.end_training()  # the steps taken so far: the movie starts where the canvas is
        self.trainer: Trainer = trainer_for(session.graph, dict(session.values), spec)
        self.trainer.configure(t.optimizer_name, **t.settings)
        self.steps = frame_steps(steps, frames)
        self.palette, self.done, self.fmt = palette, 0, fmt
        first = self._frame()
        side = first.shape
        self._new_writer = lambda: open_writer(
            self.path, fmt, fps=fps, size=(side[1], side[0]), background=_rgb_of(palette.background),
            palette_from=first, frames=len(self.steps),
        )  # fmt: skip
        self._first: np.ndarray | None = first
        self.writer: AnimationWriter | None = None

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def finished(self) -> bool:
        return self.done >= len(self.steps)

    def write(self, n: int = 4) -> int:
        """Train to the next ``n`` frames, draw and write them; returns how many are written in all."""
        try:
            if self.writer is None:
                with held_interrupts():
                    self.writer = self._new_writer()
            for _ in range(min(n, len(self.steps) - self.done)):
                if self._first is not None:
                    frame, self._first = self._first, None
                else:
                    self.trainer.step(self.steps[self.done] - self.steps[self.done - 1])
                    frame = self._frame()
                self.writer.add(frame)
                self.done += 1
        except BaseException:
            self.cancel()
            raise
        return self.done

    def close(self) -> Path:
        assert self.writer is not None
        return self.writer.close()

    def cancel(self) -> None:
        if self.writer is not None:
            self.writer.abort()

    # --- drawing ---------------------------------------------------------------------------------

    def _frame(self) -> np.ndarray:
        """What the Data panel shows now, with the step and the accuracies under it, as RGB bytes."""
        t, p = self.trainer, self.palette
        feed = t.data
        assert feed is not None
        data, r = feed.data, feed.data.extent
        image = QImage(PLANE_PX + 2 * _MARGIN, PLANE_PX + 2 * _MARGIN + _TEXT, QImage.Format.Format_RGB888)
        image.fill(QColor(p.background))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        plane = QRectF(_MARGIN, _MARGIN, PLANE_PX, PLANE_PX)
        rgb = np.ascontiguousarray(shades(p, feed.pictures(t.params, 2 * GRID).output[::-1], STRENGTH))
        h, w, _ = rgb.shape
        painter.drawImage(plane, QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888))

        def at(x: float, y: float) -> QPointF:
            return QPointF(_MARGIN + (x + r) / (2 * r) * PLANE_PX, _MARGIN + (r - y) / (2 * r) * PLANE_PX)

        test = set(data.test.tolist())
        classes = max(data.classes - 1, 1)
        for i, (x, y) in enumerate(data.points):
            colour = QColor(shade(p, 2 * int(data.labels[i]) / classes - 1))
            if i in test:
                painter.setPen(QPen(colour, 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
            else:
                painter.setPen(QPen(QColor(p.background), 1))
                painter.setBrush(QBrush(colour))
            painter.drawEllipse(at(float(x), float(y)), 4.5, 4.5)
        painter.setPen(QColor(p.plot_frame))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(plane)
        font = QFont()
        font.setPixelSize(15)
        painter.setFont(font)
        painter.setPen(QColor(p.text))
        run = t.run
        metrics = run.metrics[-1] if run is not None and run.metrics else feed.metrics(t.params)
        steps = self.steps[self.done] if self.done < len(self.steps) else self.steps[-1]
        text = f"{data.name}, {metrics_text(metrics, steps)}"
        painter.drawText(
            QRectF(_MARGIN, 2 * _MARGIN + PLANE_PX, PLANE_PX, _TEXT - _MARGIN),
            Qt.AlignmentFlag.AlignLeft,
            text,
        )
        painter.end()
        width, height, stride = image.width(), image.height(), image.bytesPerLine()
        data_bytes = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * height).reshape(
            height, stride
        )
        return data_bytes[:, : width * 3].reshape(height, width, 3).copy()


def _rgb_of(colour: str) -> tuple[int, int, int]:
    c = QColor(colour)
    return c.red(), c.green(), c.blue()


class TrainingMovieDialog(QDialog):
    """The file, how many steps, and how many frames of a training export."""

    def __init__(self, folder: str, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export training")
        self.path = QLineEdit(str(Path(folder) / f"{name}-training.gif"))
        self.path.setToolTip("a .gif or .mp4 file")
        self.steps, self.frames, self.fps = QSpinBox(), QSpinBox(), QSpinBox()
        for box, low, high, value, suffix in (
            (self.steps, 1, MAX_TRAIN_STEPS, 2000, " steps"),
            (self.frames, 2, 2000, 100, " frames"),
            (self.fps, 1, 50, 20, " frames/s"),
        ):
            box.setRange(low, high)
            box.setValue(value)
            box.setSuffix(suffix)
        form = QFormLayout(self)
        form.addRow("File", file_row(self.path, self._on_browse_clicked))
        form.addRow("Train", self.steps)
        form.addRow("Frames", self.frames)
        form.addRow("Frame rate", self.fps)
        add_save_cancel(form, self)

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export training", self.path.text(), "GIF (*.gif);;MP4 video (*.mp4)"
        )
        if path:
            self.path.setText(path)

    def options(self) -> dict[str, Any]:
        return {
            "path": Path(self.path.text().strip()),
            "steps": self.steps.value(),
            "frames": self.frames.value(),
            "fps": self.fps.value(),
        }


def export_training(window: Any, options: dict[str, Any] | None = None) -> AnimationJob | None:
    """Ask for the options (unless given), then start writing the training's frames; returns the job."""
    s = window.session
    t = s.training.trainer
    if t is None or t.data is None:
        window.show_status("Only a network with data can be exported as training (example:xor)")
        return None
    if options is None:
        dialog = TrainingMovieDialog(window.recent.last_folder(), t.data.data.name, window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        options = dialog.options()
    try:
        movie = TrainingMovie(
            s,
            options["path"],
            options["steps"],
            options["frames"],
            options.get("fps", 20),
            window.theme.palette,
        )
        job = AnimationJob(window, movie)
    except GraphvizAppError as exc:
        window.show_error(f"Could not export: {exc}")
        return None
    window.recent.remember_folder(options["path"])
    job.progress.setWindowTitle("Export training")
    job.start()
    return job

"""Export the animation as GIF, MP4 or one PNG per step, drawn by the window's own scene.

Every frame is the canvas as the window shows it while playing: the timeline's
state at a step (``CanvasScene.show_frame``), or a step's tokens on their way
(:func:`graphviz_app.gui.canvas.animator.show_travel`, the function the animator
calls), rendered by :func:`graphviz_app.gui.export.image.render_image` (the PNG
export's). The caption of the step can be burned in under the graph.
:class:`AnimationExport` writes a few frames per call, so the window can show
progress and a Cancel button between calls; :func:`export_animation_headless`
is the command line's, without a window.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QImage, QPainter

from graphviz_app.errors import GraphvizAppError
from graphviz_app.files.animation_files import (
    ANIMATION_FORMATS,
    MAX_GIF_FPS,
    AnimationWriter,
    open_writer,
)
from graphviz_app.files.atomic import check_target
from graphviz_app.gui.canvas.animator import show_travel
from graphviz_app.gui.canvas.scene import CanvasScene
from graphviz_app.gui.export.image import headless_scene, render_image, resolve_step
from graphviz_app.gui.interrupts import held_interrupts
from graphviz_app.session.timeline.animation_plan import (
    AnimationFrame,
    AnimationPlan,
    check_fps,
    plan_animation,
)
from graphviz_app.session.timeline.steps import Timeline

if TYPE_CHECKING:
    from graphviz_app.files.sources import Loaded

__all__ = ["AnimationExport", "animation_format", "export_animation_headless", "plan_for"]

CAPTION_POINTS = 11.0  # the caption's font size at scale 1
CAPTION_MARGIN = 10.0  # layout pixels around the caption


def animation_format(path: str | os.PathLike, frames: bool = False) -> str | None:
    """``gif``, ``mp4``, ``frames`` (a folder of PNGs), or None when ``path`` is not an animation."""
    if frames:
        return "frames"
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in ANIMATION_FORMATS else None


def plan_for(
    timeline: Timeline, fmt: str, *, first: Any = 0, last: Any = "end", fps: Any = 20, hold: Any = None
) -> AnimationPlan:
    """The frames to draw: every step at rest for ``frames``, the played timeline for GIF and MP4."""
    a, b = resolve_step(timeline, first, "--from"), resolve_step(timeline, last, "--to")
    if a > b:
        raise GraphvizAppError(f"--from {first} comes after --to {last} (steps {a} and {b})")
    if fmt == "frames":
        check_fps(fps)
        return AnimationPlan(tuple(AnimationFrame(k, None) for k in range(a, b + 1)), fps, a, b)
    fps = check_fps(fps, MAX_GIF_FPS if fmt == "gif" else 60)
    options = {} if hold is None else {"hold": hold}
    return plan_animation(timeline, first=a, last=b, fps=fps, **options)


def _rgb(image: QImage) -> np.ndarray:
    """A QImage as a height × width × 3 uint8 array (a copy)."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * height).reshape(height, stride)
    return data[:, : width * 3].reshape(height, width, 3).copy()


class AnimationExport:
    """Draws the frames of ``plan`` with ``scene`` and writes them to ``path``, a few at a time.

    ``caption_of(k)`` gives step k's caption; None leaves captions out. Call
    :meth:`write` until :attr:`finished`, then :meth:`close`; or :meth:`cancel`.
    The scene is changed (its frame and tokens): give it a scene of its own.
    """

    def __init__(
        self,
        scene: CanvasScene,
        timeline: Timeline,
        plan: AnimationPlan,
        path: str | os.PathLike,
        fmt: str,
        *,
        scale: float = 1.0,
        caption_of: Callable[[int], str] | None = None,
    ):
        if not 0.1 <= scale <= 16:
            raise GraphvizAppError(f"--scale {scale:g} is out of range: choose between 0.1 and 16")
        self.scene, self.timeline, self.plan, self.fmt = scene, timeline, plan, fmt
        self.path = Path(path)
        self.scale = scale
        self.caption_of = caption_of
        self.source = QRectF(scene.sceneRect())
        self.done = 0
        self._font = QFont()
        self._font.setPointSizeF(CAPTION_POINTS * scale)
        self._band = self._caption_height(caption_of) if caption_of is not None else 0
        self._shown: AnimationFrame | None = None
        self._last: tuple[AnimationFrame, np.ndarray] | None = None  # the frame last drawn, and its pixels
        end = self._rgb_of(AnimationFrame(plan.last, None))
        start = self._rgb_of(AnimationFrame(plan.first, None))
        background = scene.backgroundBrush().color()
        self._new_writer = partial(
            open_writer,
            self.path,
            fmt,
            fps=plan.fps,
            size=(end.shape[1], end.shape[0]),
            background=(background.red(), background.green(), background.blue()),
            palette_from=np.concatenate([start, end]),
            frames=len(plan.frames),
        )
        self.writer: AnimationWriter | None = (
            None  # opened with the first frame, where a failure or Ctrl+C cleans up
        )

    def _opened_writer(self) -> AnimationWriter:
        """The writer, started at the first call. Ctrl+C meanwhile would be swallowed in ffmpeg's fork or
        strand the temporary file: it is held until the writer exists, then raised, and the caller's cleanup
        removes the file."""
        if self.writer is None:
            with held_interrupts():
                self.writer = self._new_writer()
        return self.writer

    def __len__(self) -> int:
        return len(self.plan.frames)

    @property
    def finished(self) -> bool:
        return self.done >= len(self.plan.frames)

    def write(self, n: int = 8) -> int:
        """Draw and write the next ``n`` frames; returns how many are written in all."""
        try:
            writer = self._opened_writer()
            for frame in self.plan.frames[self.done : self.done + n]:
                if self._last is None or self._last[0] != frame:
                    self._last = (frame, self._rgb_of(frame))
                writer.add(self._last[1])
                self.done += 1
        except BaseException:
            self.cancel()
            raise
        return self.done

    def close(self) -> Path:
        self.scene.clear_tokens()
        try:
            return self._opened_writer().close()
        except BaseException:
            self.cancel()
            raise

    def cancel(self) -> None:
        self.scene.clear_tokens()
        if self.writer is not None:
            self.writer.abort()

    def run(self) -> Path:
        """Write every frame and close (the command line); Ctrl+C at any moment leaves no file."""
        try:
            while not self.finished:
                self.write(64)
            return self.close()
        except BaseException:
            self.cancel()
            raise

    # --- drawing ---------------------------------------------------------------------------------

    def _show(self, frame: AnimationFrame) -> None:
        """Put the scene in the state the window shows for ``frame``."""
        shown, scene, tl = self._shown, self.scene, self.timeline
        if frame.travel is None:
            if shown != frame:
                scene.clear_tokens()
                scene.show_frame(tl.state_at(frame.step))
        else:
            same_step = shown is not None and shown.step == frame.step and shown.travel is not None
            if not same_step:
                scene.clear_tokens()
                scene.show_frame(tl.state_at(frame.step - 1))
            show_travel(scene, tl, frame.step, frame.travel, begin=not same_step)
        self._shown = frame

    def _rgb_of(self, frame: AnimationFrame) -> np.ndarray:
        self._show(frame)
        graph = render_image(self.scene, self.source, self.scale)
        if not self._band or self.caption_of is None:
            return _rgb(graph)
        image = QImage(graph.width(), graph.height() + self._band, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(self.scene.backgroundBrush().color())
        margin = CAPTION_MARGIN * self.scale
        box = QRectF(margin, graph.height(), graph.width() - 2 * margin, self._band - margin)
        caption = self.caption_of(frame.step)
        with held_interrupts():  # Ctrl+C raised while the painter is active would free the image it paints
            painter = QPainter(image)
            painter.drawImage(QPointF(0, 0), graph)
            painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
            painter.setFont(self._font)
            painter.setPen(self.scene.theme.text)
            painter.drawText(
                box,
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
                caption,
            )
            painter.end()
        return _rgb(image)

    def _caption_height(self, caption_of: Callable[[int], str]) -> int:
        """Room for the longest caption of the plan's steps, wrapped to the picture's width."""
        metrics = QFontMetricsF(self._font)
        margin = CAPTION_MARGIN * self.scale
        width = max(1.0, round(self.source.width() * self.scale) - 2 * margin)
        tallest = max(
            metrics.boundingRect(
                QRectF(0, 0, width, 1e6),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap),
                caption_of(k),
            ).height()
            for k in self.plan.steps
        )
        return int(np.ceil(tallest + 2 * margin))


def export_animation_headless(
    loaded: Loaded,
    out: str | os.PathLike,
    *,
    frames: bool = False,
    first: Any = 0,
    last: Any = "end",
    fps: Any = 20,
    hold: Any = None,
    theme: str = "light",
    direction: str = "LR",
    scale: float = 1.0,
    caption: bool = True,
) -> Path:
    """Play ``loaded``'s timeline into a GIF, an MP4 or a folder of PNGs (one per step), without a window."""
    from graphviz_app.session.second_order.implicit import step_caption

    fmt = animation_format(out, frames)
    if fmt is None:
        raise GraphvizAppError(
            f"{Path(out).name}: an animation is a .gif or .mp4 file, or a folder with --frames"
        )
    if fmt != "frames":
        check_target(Path(out), "animation")
    scene, timeline = headless_scene(loaded, theme=theme, direction=direction)
    plan = plan_for(timeline, fmt, first=first, last=last, fps=fps, hold=hold)
    caption_of = (lambda k: step_caption(timeline, k, loaded)) if caption else None
    return AnimationExport(scene, timeline, plan, out, fmt, scale=scale, caption_of=caption_of).run()

"""The "Laying out…" card over the canvas, with a Cancel button.

A layout that takes more than :data:`SHOW_AFTER_MS` shows a small card at the
top of the canvas: what is being laid out, the seconds so far, what the layout
is doing (e.g. that it moved on to a quicker layout) and a Cancel button. The
window stays usable meanwhile: the layout runs in a child process, and the
canvas keeps showing the previous graph. Cancel kills the child
(:meth:`~graphviz_app.gui.workers.LayoutRunner.cancel`); the previous graph
stays, and the status bar says so. When a finished layout is a cheaper one
(:attr:`graphviz_app.layout.Geometry.note`), the status bar says why.

The card listens to the runner only; the window creates it with one line, and
its busy bar in the status bar follows the card (:attr:`LayoutOverlay.sig_shown`).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from graphviz_app.gui.workers import LayoutRunner

__all__ = ["SHOW_AFTER_MS", "LayoutOverlay"]

SHOW_AFTER_MS = 300  # a layout faster than this never shows the card (no flicker)
NOTE_MS = 15000  # how long the status bar shows why a cheaper layout was used
CANCELLED = "Layout cancelled: the canvas keeps what it showed before; any edit lays the graph out again"


class LayoutOverlay(QFrame):
    """A card floating at the top centre of ``canvas`` while ``runner`` is busy."""

    sig_shown = Signal(bool)
    """The card appeared (a layout has taken :data:`SHOW_AFTER_MS`) or went: the status bar's busy bar follows
    it, so a quick layout flashes neither (and a first start does not pay 10-20 ms to show a progress bar)."""

    def __init__(
        self,
        canvas: QWidget,
        runner: LayoutRunner,
        show_status: Callable[..., None] | None = None,
    ):
        super().__init__(canvas)
        self.setObjectName("layout_overlay")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self._runner, self._show_status = runner, show_status
        self._what = ""
        self._started = 0.0

        self.title = QLabel("Laying out…")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        self.detail.setVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop this layout; the canvas keeps the previous graph")
        self.cancel_button.clicked.connect(runner.cancel)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.cancel_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 8, 12, 8)
        column.addLayout(top)
        column.addWidget(self.detail)
        self.setVisible(False)

        self._show_timer = QTimer(self, singleShot=True, interval=SHOW_AFTER_MS)
        self._show_timer.timeout.connect(self._appear)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._update_title)

        runner.sig_started.connect(self._on_started)
        runner.sig_busy.connect(self._on_busy)
        runner.sig_progress.connect(self._on_progress)
        runner.sig_cancelled.connect(self._on_cancelled)
        runner.sig_note.connect(self._on_note)
        canvas.installEventFilter(self)

    # --- slots ------------------------------------------------------------------------------

    def _on_started(self, what: str) -> None:
        self._what = what
        self._started = time.monotonic()
        self.detail.clear()
        self.detail.setVisible(False)
        self._update_title()
        if not self.isVisible():
            self._show_timer.start()

    def _on_busy(self, busy: bool) -> None:
        if not busy:
            self._show_timer.stop()
            self._tick.stop()
            self.setVisible(False)
            self.sig_shown.emit(False)

    def _on_progress(self, message: str) -> None:
        self.detail.setText(message[:1].upper() + message[1:])
        self.detail.setVisible(True)
        self._place()

    def _on_cancelled(self) -> None:
        if self._show_status is not None:
            self._show_status(CANCELLED, NOTE_MS)

    def _on_note(self, note: str) -> None:
        if self._show_status is not None:
            self._show_status(f"Layout: {note}", NOTE_MS)

    def _appear(self) -> None:
        if not self._runner.busy:
            return
        self._update_title()
        self._tick.start()
        self.setVisible(True)
        self.raise_()
        self._place()
        self.sig_shown.emit(True)

    def _update_title(self) -> None:
        seconds = int(time.monotonic() - self._started)
        what = f" {self._what}" if self._what else ""
        self.title.setText(f"Laying out{what}…" + (f"  {seconds} s" if seconds else ""))

    # --- placement --------------------------------------------------------------------------

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        width = min(max(320, parent.width() // 2), max(parent.width() - 24, 200))
        self.setFixedWidth(width)
        self.adjustSize()
        self.move((parent.width() - width) // 2, 12)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False

"""The training panel: optimizer steps on the open network, a live loss curve, one update written out.

Training is the session's (:mod:`graphviz_app.session.training.trainer`, Qt-free): it
owns the trainer, the parameters (its values) and the lines. This panel only sends
commands: the optimizer chosen, steps in short chunks from a timer (so a run of
thousands of steps leaves the window responsive and Pause stops it at the next
chunk), Reset; and draws what the session tells (``Event.TRAINING``): the losses
with pyqtgraph, the status, the last update. Each Step, Run (until it ends or is
paused) and Reset is one step of Edit ▸ Undo ("Undo Train 30 steps").

The plot uses pyqtgraph: it is pip-installable, made for data that changes many
times a second, and draws real axes with log scales and a legend.
"""

from __future__ import annotations

import math
import time

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from graphviz_app.errors import GraphvizAppError
from graphviz_app.exports.loss_svg import COLOURS
from graphviz_app.files.options import MAX_TRAIN_STEPS
from graphviz_app.gui.panels.base import SessionPanel
from graphviz_app.gui.panels.plot_style import make_plot, restyle
from graphviz_app.session.state import session as S
from graphviz_app.session.training.data import data_status
from graphviz_app.session.training.runs import HYPERPARAMETERS
from graphviz_app.session.training.step_text import update_lines
from graphviz_app.text.numbers import format_scalar

__all__ = ["CHUNK_SECONDS", "EMPTY_PLOT", "TrainingPanel"]

EMPTY_PLOT = "Train to see the loss: Step takes one step, Run many; each run draws a line here."

CHUNK_SECONDS = 0.03
"""Longest stretch of steps between two looks at the event loop: the window stays responsive."""
CANVAS_EVERY = 0.2
"""During a run the canvas's numbers follow at most this often (seconds); every Step shows them at once."""


def _lines(run) -> list[tuple[str, bool, list[float]]]:
    """A run's lines: its losses; training on data, the loss over the training and the test points."""
    if not run.metrics:
        return [("", False, run.losses)]
    lines = [(" (training)", False, [m.train_loss for m in run.metrics])]
    if run.metrics[0].test_loss is not None:
        lines.append((" (test)", True, [m.test_loss for m in run.metrics]))
    return lines


class TrainingPanel(SessionPanel):
    """Optimizer, hyper-parameters, Step / Run N / Pause / Reset, the loss curve and the last update."""

    def __init__(self, session: S.Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.training = session.training  # read and commanded, never copied
        self.remaining = 0
        self._epoch = -1  # the session's training epoch when the run going on began
        self._last_canvas = 0.0
        self._curves: list[pg.PlotDataItem] = []
        self._drawn: list[tuple[str, bool]] = []  # the lines the plot has: their names, dashed or not
        self.timer = QTimer(self)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._on_tick)

        self.optimizer = QComboBox(self)
        self.optimizer.addItems(list(HYPERPARAMETERS))
        self.optimizer.currentTextChanged.connect(self._on_optimizer_changed)
        self.form = QFormLayout()
        self.form.addRow("optimizer", self.optimizer)
        self.spins: dict[str, QDoubleSpinBox] = {}
        self.step_button = QPushButton("Step", self)
        self.run_button = QPushButton("Run", self)
        self.run_steps = QSpinBox(self)
        self.run_steps.setRange(1, MAX_TRAIN_STEPS)  # the command line's limit too
        self.run_steps.setValue(1000)
        self.run_steps.setSuffix(" steps")
        self.pause_button = QPushButton("Pause", self)
        self.reset_button = QPushButton("Reset", self)
        self.reset_button.setToolTip("Back to the starting weights; the next step draws a new line")
        self.clear_button = QPushButton("Clear plot", self)
        self.log_scale = QCheckBox("log scale", self)
        self.log_scale.setChecked(True)
        for button, slot in (
            (self.step_button, self.step_once),
            (self.run_button, lambda: self.run(self.run_steps.value())),
            (self.pause_button, self.pause),
            (self.reset_button, self.reset),
            (self.clear_button, self.clear_plot),
        ):
            button.clicked.connect(slot)
        self.log_scale.toggled.connect(self._on_log_toggled)
        buttons = QHBoxLayout()
        for w in (self.step_button, self.run_button, self.run_steps, self.pause_button, self.reset_button):
            buttons.addWidget(w)
        plot_row = QHBoxLayout()
        plot_row.addWidget(self.log_scale)
        plot_row.addWidget(self.clear_button)
        plot_row.addStretch(1)

        self.plot = make_plot(self, legend_offset=(-10, 10))
        self.plot.setLabel("bottom", "step")
        self.plot.setLabel("left", "loss (log scale)")
        self.plot.setLogMode(y=True)
        self.empty = QLabel(EMPTY_PLOT, self)  # before the first step: no axes of nothing
        self.empty.setObjectName("loss_plot_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.plot_stack = QStackedWidget(self)
        self.plot_stack.addWidget(self.empty)
        self.plot_stack.addWidget(self.plot)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.update_text = QLabel(self)
        self.update_text.setFont(QFont("monospace"))
        self.update_text.setWordWrap(True)

        left = QVBoxLayout()
        left.addLayout(self.form)
        left.addLayout(buttons)
        left.addLayout(plot_row)
        left.addWidget(self.status)
        left.addWidget(self.update_text)
        left.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addWidget(self.plot_stack, 3)
        self._on_optimizer_changed(self.optimizer.currentText())
        self._show()

    # --- public API --------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.timer.isActive()

    def settings(self) -> dict[str, float]:
        return {name: spin.value() for name, spin in self.spins.items()}

    def step_once(self) -> None:
        self.catch_up()  # asked while hidden: from the session as it is now
        self.pause()
        if self._configure():
            self.session.train(1)
            self._finish()

    def run(self, steps: int) -> None:
        """Take ``steps`` steps in chunks from the event loop (Pause stops them)."""
        self.catch_up()  # asked while hidden: from the session as it is now
        if self._configure():
            self.remaining = int(steps)
            self._epoch = self.training.epoch
            self.timer.start()
            self._sync_buttons()

    def pause(self) -> None:
        if self.running:
            self.timer.stop()
            self.remaining = 0
            self._finish()

    def reset(self) -> None:
        self.pause()
        if self.training.trainer is not None:
            self.session.reset_training()
            self._finish()

    def clear_plot(self) -> None:
        self.training.clear_runs()

    # --- session events ------------------------------------------------------------------

    def works_while_hidden(self) -> bool:
        return self.timer.isActive()  # training: an edit or a new graph must stop it at once

    def on_graph_replaced(self) -> None:
        self._stop_if_over()
        self._show()

    def on_values_changed(self) -> None:
        self._stop_if_over()  # an edited number, an Undo: training starts again from there
        self._show(curves=False)  # the lines change with Event.TRAINING

    def on_training_changed(self) -> None:
        self._show()

    def on_selection_changed(self) -> None:
        self._show_update()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt's name): the theme changed
        if event.type() == QEvent.Type.PaletteChange:
            restyle(self.plot, self)
        super().changeEvent(event)

    # --- private -------------------------------------------------------------------------

    def _configure(self) -> bool:
        if self.training.trainer is None:
            return False
        try:
            new_line = self.training.configure(self.optimizer.currentText(), **self.settings())
        except GraphvizAppError as exc:
            self.status.setText(str(exc))
            return False
        if new_line:  # each line keeps one optimizer's settings
            self.sig_status.emit("New optimizer settings: a new line starts from the starting weights")
        return True

    def _stop_if_over(self) -> None:
        """A run going on stops when the numbers changed elsewhere (the session's newer word)."""
        if self.running and self.training.epoch != self._epoch:
            self.timer.stop()
            self.remaining = 0

    def _on_tick(self) -> None:
        canvas = time.perf_counter() - self._last_canvas >= CANVAS_EVERY
        deadline = time.perf_counter() + CHUNK_SECONDS
        taken = self.session.train(self.remaining, lambda: time.perf_counter() >= deadline, publish=canvas)
        if canvas:
            self._last_canvas = time.perf_counter()
        self.remaining -= len(taken)
        if self.remaining <= 0 or self.training.stopped is not None or not taken:
            self.timer.stop()
            self.remaining = 0
            self._finish()

    def _finish(self) -> None:
        """The Step, Run or Reset is over: the canvas shows where, and it is one undo step."""
        self.session.end_training()
        self._last_canvas = time.perf_counter()
        self._show()
        reason = self.training.stopped
        if reason is not None:  # said in the status bar too, where a finished run is looked for
            self.sig_status.emit(f"Training stopped: {reason}")

    def _show(self, curves: bool = True) -> None:
        if curves:
            self._draw_curves()
        self._show_status()
        self._show_update()
        self._sync_buttons()

    def _draw_curves(self) -> None:
        """One line per run; training on data, each run's loss over the training points and, dashed,
        over the test points (the mini-batch losses are the steps', too noisy to compare runs by)."""
        runs = self.training.runs
        self.plot_stack.setCurrentWidget(self.plot if runs else self.empty)
        lines = [
            (f"{run.label}{label}", i, dashed, ys)
            for i, run in enumerate(runs)
            for label, dashed, ys in _lines(run)
        ]
        if [(name, dashed) for name, _, dashed, _ in lines] != self._drawn:
            for curve in self._curves:
                self.plot.removeItem(curve)
            self._curves = []
            for name, i, dashed, _ in lines:
                style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
                pen = pg.mkPen(COLOURS[i % len(COLOURS)], width=2, style=style)
                self._curves.append(self.plot.plot(name=name, pen=pen, connect="finite"))
            self._drawn = [(name, dashed) for name, _, dashed, _ in lines]
        log = self.log_scale.isChecked()
        for curve, (_, _, _, ys) in zip(self._curves, lines):
            y = [v if math.isfinite(v) and (v > 0 or not log) else math.nan for v in ys]
            curve.setData(list(range(len(y))), y)

    def _show_status(self) -> None:
        t = self.training.trainer
        if t is None:
            error = self.training.error
            if error is not None:
                self.status.setText(
                    f"{error}. Open a network (or give an expression parameters) to train it."
                )
            return
        steps = t.run.steps if t.run is not None else 0
        text = f"step {steps:,}, loss {format_scalar(t.loss, 6)}"
        if t.data is not None and t.metrics is not None:  # training on data: the step's mini-batch, and all
            text = f"step {steps:,}, mini-batch loss {format_scalar(t.loss, 4)}; {data_status(t.metrics)}"
        if self.running:
            text += f"  ({self.remaining:,} to go; Pause stops)"
        reason = self.training.stopped
        if reason is not None:
            text += f". Training stops here: {reason}."
        self.status.setText(text)

    def _show_update(self) -> None:
        t, node = self.training.trainer, self.session.selection
        if t is None or not isinstance(node, str) or node not in t.names:
            self.update_text.setText(
                "Select a weight or bias on the canvas to see its last update written out."
            )
            return
        update = t.last.get(node)
        if update is None:
            self.update_text.setText(f"{node}: no step taken yet (press Step).")
            return
        self.update_text.setText("\n".join(update_lines(update, t.optimizer_name, t.settings)))

    def _sync_buttons(self) -> None:
        ready = self.training.trainer is not None
        for w in (self.step_button, self.run_button, self.reset_button, self.optimizer):
            w.setEnabled(ready and not self.running)
        self.pause_button.setEnabled(self.running)
        for spin in self.spins.values():
            spin.setEnabled(ready and not self.running)

    def _on_optimizer_changed(self, name: str) -> None:
        while self.form.rowCount() > 1:
            self.form.removeRow(1)
        self.spins = {}
        for h in HYPERPARAMETERS[name]:
            spin = QDoubleSpinBox(self)
            spin.setDecimals(10 if h.name == "eps" else 6)
            spin.setRange(h.minimum, h.maximum)
            spin.setSingleStep(h.default / 10 if h.name in ("lr", "eps") else 0.01)
            spin.setValue(h.default)
            self.spins[h.name] = spin
            self.form.addRow(h.symbol, spin)

    def _on_log_toggled(self, on: bool) -> None:
        self.plot.setLogMode(y=on)
        self.plot.setLabel("left", "loss (log scale)" if on else "loss")
        self._draw_curves()

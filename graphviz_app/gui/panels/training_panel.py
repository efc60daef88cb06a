"""The training panel: optimizer steps on the open network, a live loss curve, one update written out.

The steps are :class:`~graphviz_app.session.training.Trainer`'s (Qt-free); this
panel only chooses the optimizer, runs steps in short chunks from a timer (so a
run of thousands of steps leaves the window responsive and Pause stops it at the
next chunk), draws the losses with pyqtgraph, and hands the parameters reached
to the session, which redraws the canvas's numbers. Each Step, Run (until it ends
or is paused) and Reset is one step of Edit ▸ Undo ("Undo Train 30 steps").

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
from graphviz_app.files.options import MAX_TRAIN_STEPS
from graphviz_app.gui.panels.base import SessionPanel
from graphviz_app.gui.panels.plot_style import make_plot, restyle
from graphviz_app.session import session as S
from graphviz_app.session.training import HYPERPARAMETERS, Trainer
from graphviz_app.session.training_text import stop_reason, update_lines
from graphviz_app.text.loss_svg import COLOURS
from graphviz_app.text.numbers import format_scalar

__all__ = ["CHUNK_SECONDS", "EMPTY_PLOT", "TrainingPanel"]

EMPTY_PLOT = "Train to see the loss: Step takes one step, Run many; each run draws a line here."

CHUNK_SECONDS = 0.03
"""Longest stretch of steps between two looks at the event loop: the window stays responsive."""
CANVAS_EVERY = 0.2
"""During a run the canvas's numbers follow at most this often (seconds); every Step shows them at once."""


class TrainingPanel(SessionPanel):
    """Optimizer, hyper-parameters, Step / Run N / Pause / Reset, the loss curve and the last update."""

    def __init__(self, session: S.Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.trainer: Trainer | None = None
        self.remaining = 0
        self._writing = False  # our own VALUES event: the trainer already knows these numbers
        self._taken = 0  # steps of the run going on: its name in the undo history
        self._last_canvas = 0.0
        self._curves: list[pg.PlotDataItem] = []
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
        self._rebuild()

    # --- public API --------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.timer.isActive()

    def settings(self) -> dict[str, float]:
        return {name: spin.value() for name, spin in self.spins.items()}

    def step_once(self) -> None:
        self.pause()
        if self._configure():
            self.trainer.step(1)
            self._taken = 1
            self._finish()

    def run(self, steps: int) -> None:
        """Take ``steps`` steps in chunks from the event loop (Pause stops them)."""
        if self._configure():
            self.remaining = int(steps)
            self._taken = 0
            self.timer.start()
            self._sync_buttons()

    def pause(self) -> None:
        if self.running:
            self.timer.stop()
            self.remaining = 0
            self._finish()

    def reset(self) -> None:
        self.pause()
        if self.trainer is not None:
            self.trainer.reset()
            self._finish("Reset the training")

    def clear_plot(self) -> None:
        if self.trainer is not None:
            self.trainer.clear_runs()
            self._show(canvas=False)

    # --- session events ------------------------------------------------------------------

    def on_graph_replaced(self) -> None:
        self._rebuild(keep_runs=False)

    def on_values_changed(self) -> None:
        if not self._writing:  # an edited number: train from there
            self._rebuild()

    def on_selection_changed(self) -> None:
        self._show_update()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt's name): the theme changed
        if event.type() == QEvent.Type.PaletteChange:
            restyle(self.plot, self)
        super().changeEvent(event)

    # --- private -------------------------------------------------------------------------

    def _configure(self) -> bool:
        if self.trainer is None:
            return False
        was = self.trainer.run
        try:
            self.trainer.configure(self.optimizer.currentText(), **self.settings())
        except GraphvizAppError as exc:
            self.status.setText(str(exc))
            return False
        if was is not None and self.trainer.run is None:  # each line keeps one optimizer's settings
            self.sig_status.emit("New optimizer settings: a new line starts from the starting weights")
        return True

    def _rebuild(self, keep_runs: bool = True) -> None:
        """A new trainer for the session's graph and values; ``keep_runs`` keeps the lines drawn.

        A run going on stops without writing its last steps: the session's new numbers (an
        edit, an Undo) are the newer word.
        """
        self.timer.stop()
        self.remaining = 0
        runs = self.trainer.runs if self.trainer is not None and keep_runs else []
        self.trainer = None
        s = self.session
        if s.graph is not None:
            try:
                self.trainer = Trainer(s.graph, s.values)
                self.trainer.runs = runs
            except GraphvizAppError as exc:
                self.status.setText(f"{exc}. Open a network (or give an expression parameters) to train it.")
        self._show(canvas=False)

    def _on_tick(self) -> None:
        if self.trainer is None:
            return
        deadline = time.perf_counter() + CHUNK_SECONDS
        while self.remaining > 0 and time.perf_counter() < deadline and self.trainer.finite:
            self.trainer.step(1)
            self.remaining -= 1
            self._taken += 1
        if self.remaining <= 0 or not self.trainer.finite:
            self.timer.stop()
            self.remaining = 0
            self._finish()
        else:
            self._show(canvas=time.perf_counter() - self._last_canvas >= CANVAS_EVERY)

    def _finish(self, text: str | None = None) -> None:
        """Show where the run ended and make it one undo step, named ``text`` or after its steps."""
        self._show(canvas=True, text=text)
        self.session.end_training()
        reason = self._stop_reason()
        if reason is not None:  # said in the status bar too, where a finished run is looked for
            self.sig_status.emit(f"Training stopped: {reason}")

    def _show(self, canvas: bool, text: str | None = None) -> None:
        t = self.trainer
        if t is not None and canvas:
            self._last_canvas = time.perf_counter()
            self._writing = True
            steps = f"Train {self._taken:,} step{'' if self._taken == 1 else 's'}"
            try:
                self.session.set_trained_values(t.params, t.evaluation, text or steps)
            finally:
                self._writing = False
        self._draw_curves()
        self._show_status()
        self._show_update()
        self._sync_buttons()

    def _draw_curves(self) -> None:
        runs = self.trainer.runs if self.trainer is not None else []
        self.plot_stack.setCurrentWidget(self.plot if runs else self.empty)
        while len(self._curves) > len(runs):
            self.plot.removeItem(self._curves.pop())
        log = self.log_scale.isChecked()
        for i, run in enumerate(runs):
            y = [v if math.isfinite(v) and (v > 0 or not log) else math.nan for v in run.losses]
            if i == len(self._curves):
                pen = pg.mkPen(COLOURS[i % len(COLOURS)], width=2)
                self._curves.append(self.plot.plot(name=run.label, pen=pen, connect="finite"))
            self._curves[i].setData(list(range(len(y))), y)

    def _show_status(self) -> None:
        t = self.trainer
        if t is None:
            return
        run = t.run
        steps = run.steps if run is not None else 0
        text = f"step {steps:,}, loss {format_scalar(t.loss, 6)}"
        if self.running:
            text += f"  ({self.remaining:,} to go; Pause stops)"
        reason = self._stop_reason()
        if reason is not None:
            text += f". Training stops here: {reason}."
        self.status.setText(text)

    def _stop_reason(self) -> str | None:
        t = self.trainer
        if t is None or t.finite:
            return None
        return stop_reason(t.run.losses if t.run is not None else [t.loss], t.settings["lr"])

    def _show_update(self) -> None:
        t, node = self.trainer, self.session.selection
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
        ready = self.trainer is not None
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

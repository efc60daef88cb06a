"""The gradient check panel: backprop against central differences, and the error against ε.

Pick one number (or "all") and Check: each row shows the analytic gradient, the
central difference (f(v+ε) − f(v−ε)) / 2ε and their relative error. "all" checks
in chunks from a timer, so a big network never freezes the window. The ε sweep
plots the relative error of the forward and the central difference against ε
on log-log axes: slopes 1 and 2 where truncation dominates, then the rise of
round-off as ε shrinks. The line under it is the cost: 2 forward passes per number.
The numbers come from :mod:`graphviz_app.session.checks.gradcheck_sweep` (Qt-free).

An op of the user's own (``swish(u) := …`` with a claimed ``swish'(u) := …``) has its
claim checked on its own, above the table: right or wrong, and by how much
(:mod:`graphviz_app.session.checks.claims`).
"""

from __future__ import annotations

import time

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSlider,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from graphviz_app.core import graph as G
from graphviz_app.exports.loss_svg import COLOURS
from graphviz_app.gui.panels.base import SessionPanel
from graphviz_app.gui.panels.plot_style import legend_label, make_plot, restyle
from graphviz_app.palette import LIGHT
from graphviz_app.session.checks.claims import claim_rows
from graphviz_app.session.checks.gradcheck_sweep import check_element, cost_text, elements, sweep
from graphviz_app.session.state import session as S
from graphviz_app.text.numbers import format_scalar, power_of_ten

__all__ = ["ALL", "GradcheckPanel"]

ALL = "all"
CHUNK_SECONDS = 0.03
FLOOR = 1e-17  # an error of exactly 0 is drawn here: a log axis has no 0


class GradcheckPanel(SessionPanel):
    """Analytic vs central difference for one number or all, with the ε sweep."""

    def __init__(self, session: S.Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.pending: list[tuple[str, tuple[int, ...]]] = []
        self.timer = QTimer(self)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._on_tick)
        self.sweep_timer = QTimer(self)  # new values arrive up to five times a second while training:
        self.sweep_timer.setSingleShot(True)  # one sweep for the latest of them
        self.sweep_timer.setInterval(100)
        self.sweep_timer.timeout.connect(self._sweep)
        self.leaf = QComboBox(self)
        self.leaf.currentIndexChanged.connect(lambda _i: self._sweep())
        self.check_button = QPushButton("Check", self)
        self.check_button.clicked.connect(self.check)
        self.eps = QSlider(Qt.Orientation.Horizontal, self)
        self.eps.setRange(-12, 0)  # ε = 10^value
        self.eps.setValue(-6)
        self.eps.valueChanged.connect(self._on_eps_changed)
        self.eps_label = QLabel(self)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(["number", "backprop", "central difference", "rel. error"])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # headers and numbers whole
        header.setStretchLastSection(True)
        self.cost = QLabel(self)
        self.cost.setWordWrap(True)
        self.claims = QLabel(self)  # the user's claimed derivatives, right or wrong
        self.claims.setObjectName("claims")
        self.claims.setWordWrap(True)
        self.claims.setTextFormat(Qt.TextFormat.PlainText)
        self.claims.hide()
        self.plot = make_plot(self, legend_offset=None)  # the legend is under the plot, not on the curves
        self.plot.setLogMode(x=True, y=True)
        self.plot.setLabel("bottom", "ε")
        low, high = (
            self.eps.minimum(),
            self.eps.maximum(),
        )  # ticks as the ε label writes them: 10⁻⁶, not 1e-06
        self.plot.getAxis("bottom").setTicks([[(k, power_of_ten(k)) for k in range(low, high + 1, 2)]])
        self.plot.setLabel("left", "relative error")
        curves = [
            (COLOURS[3], "forward (f(v+ε) − f(v))/ε: O(ε)"),
            (COLOURS[0], "central (f(v+ε) − f(v−ε))/2ε: O(ε²)"),
        ]
        self.forward_curve, self.central_curve = (
            self.plot.plot(name=name, pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=5)
            for colour, name in curves
        )
        self.legend = legend_label(self, [("line", colour, name) for colour, name in curves])
        self.eps_line = pg.InfiniteLine(angle=90, pen=pg.mkPen(LIGHT.muted, style=Qt.PenStyle.DashLine))
        self.plot.addItem(self.eps_line)
        row = QHBoxLayout()
        row.addWidget(QLabel("number", self))
        row.addWidget(self.leaf, 1)
        row.addWidget(self.check_button)
        eps_row = QHBoxLayout()
        eps_row.addWidget(self.eps_label)
        eps_row.addWidget(self.eps, 1)
        left = QVBoxLayout()
        left.addWidget(self.claims)
        left.addLayout(row)
        left.addLayout(eps_row)
        left.addWidget(self.table, 1)
        left.addWidget(self.cost)
        right = QVBoxLayout()
        right.addWidget(self.plot, 1)
        right.addWidget(self.legend)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)
        self._on_eps_changed(self.eps.value())
        self.on_graph_replaced()

    # --- public API --------------------------------------------------------------------

    @property
    def epsilon(self) -> float:
        return 10.0 ** self.eps.value()

    def check(self) -> None:
        """Check the chosen number now, or all of them in chunks."""
        self.timer.stop()
        self.table.setRowCount(0)
        g = self.session.graph
        if g is None:
            return
        chosen = self.leaf.currentData()
        self.pending = list(self._elements()) if chosen == ALL else [chosen]
        self.timer.start()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt's name): the theme changed
        if event.type() == QEvent.Type.PaletteChange:
            restyle(self.plot, self)
        super().changeEvent(event)

    # --- private -------------------------------------------------------------------------

    def _elements(self) -> list[tuple[str, tuple[int, ...]]]:
        s, ev = self.session, self.session.evaluation
        if ev is None:
            return []
        return [(leaf, i) for leaf, i in elements(s.graph, s.values) if ev.grads.get(leaf) is not None]

    def _on_tick(self) -> None:
        s = self.session
        deadline = time.perf_counter() + CHUNK_SECONDS
        while self.pending and time.perf_counter() < deadline:
            leaf, index = self.pending.pop(0)
            r = check_element(s.graph, s.values, leaf, index, self.epsilon)
            row = self.table.rowCount()
            self.table.insertRow(row)
            for col, text in enumerate(
                [r.name, format_scalar(r.analytic, 10), format_scalar(r.numeric, 10), f"{r.rel_error:.2e}"]
            ):
                self.table.setItem(row, col, QTableWidgetItem(text))
        if not self.pending:
            self.timer.stop()
            self.sig_status.emit(f"gradient check: {self.table.rowCount()} number(s) at ε = {self.epsilon:g}")

    def _sweep(self) -> None:
        s = self.session
        chosen = self.leaf.currentData()
        if s.graph is None or chosen is None:
            self.forward_curve.setData([], [])
            self.central_curve.setData([], [])
            return
        if chosen == ALL:
            found = self._elements()
            if not found:
                return
            chosen = found[0]
        result = sweep(s.graph, s.values, *chosen)
        self.forward_curve.setData(result.epsilons, [max(e, FLOOR) for e in result.forward_error])
        self.central_curve.setData(result.epsilons, [max(e, FLOOR) for e in result.central_error])
        self.plot.setTitle(f"error against ε for {G.label_of(s.graph, chosen[0])}{_index(chosen[1])}")

    def _on_eps_changed(self, power: int) -> None:
        self.eps_label.setText(f"ε = {power_of_ten(power)}")
        self.eps_line.setValue(power)  # the x axis is log₁₀ ε

    def on_graph_replaced(self) -> None:
        self.timer.stop()
        self.table.setRowCount(0)
        self.leaf.blockSignals(True)
        self.leaf.clear()
        s = self.session
        if s.graph is not None:
            self.leaf.addItem(ALL, ALL)
            for leaf, index in self._elements():
                self.leaf.addItem(f"{leaf}{_index(index)}", (leaf, index))
            self.leaf.setCurrentIndex(1 if self.leaf.count() > 1 else 0)
            self.cost.setText(cost_text(s.graph, s.values) + ".")
        self.leaf.blockSignals(False)
        self._show_claims()
        self._sweep()

    def on_values_changed(self) -> None:
        self._show_claims()
        if self.isVisible():
            self.sweep_timer.start()

    def _show_claims(self) -> None:
        ev = self.session.evaluation
        rows = claim_rows(ev) if ev is not None else []
        self.claims.setVisible(bool(rows))
        self.claims.setText("\n".join(("✓ " if row.ok else "✗ ") + row.sentence for row in rows))


def _index(index: tuple[int, ...]) -> str:
    return f"[{','.join(map(str, index))}]" if index else ""

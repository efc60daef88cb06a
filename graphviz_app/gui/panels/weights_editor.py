"""The network form's table of weights: one layer's W (out × in) with its bias as the last column.

A normalisation layer shows its g and beta, attention its Wq, Wk and Wv
(:mod:`graphviz_app.session.state.weight_table` says which leaf each cell edits).
Editing a cell changes that one number at once (:meth:`Session.set_value`): the
leaf ``W{k}[i,j]`` / ``b{k}[i]`` in the neuron view, or the whole ``W{k}`` /
``b{k}`` in the layer view. Each cell's tooltip has the number and its gradient
in full.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from graphviz_app.errors import GraphvizAppError
from graphviz_app.gui.panels.message_label import MessageLabel
from graphviz_app.session.state.network_form import (
    HINT_EDIT_WEIGHTS,
    MAX_WEIGHT_CELLS,
    element_name,
    layer_title,
    parse_number,
    too_many_weights_hint,
    weight_tip,
)
from graphviz_app.session.state.session import Session
from graphviz_app.session.state.weight_table import WeightTable, weight_table
from graphviz_app.text.leaves import leaf_name
from graphviz_app.text.numbers import format_full, table_number

__all__ = ["WeightsEditor", "fit_height"]


def fit_height(table: QTableWidget, max_rows: int, scrollbar: bool = False) -> None:
    """Make ``table`` as tall as its rows (at most ``max_rows``), so no empty space is left below."""
    rows = min(table.rowCount(), max_rows)
    height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
    if rows:
        height += sum(table.rowHeight(r) for r in range(rows))
    else:
        height += table.verticalHeader().defaultSectionSize()
    if scrollbar:
        height += table.horizontalScrollBar().sizeHint().height()
    table.setFixedHeight(height)


def _note(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    return label


class WeightsEditor(QGroupBox):
    """The weights and bias of one layer of the open network, editable cell by cell."""

    sig_status = Signal(str)
    """A short message for the status bar (the number just set)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Weights and bias", parent)
        self.session = session
        self.spec: dict[str, Any] | None = None
        """The open network's spec, every weight explicit (set by the form)."""
        self.table: WeightTable | None = None
        """What the table shows (the layer chosen in the combo)."""
        self.layer_combo = QComboBox(self)
        self.layer_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.layer_combo.setMinimumContentsLength(12)
        self.weights_table = QTableWidget(0, 0, self)
        self.weights_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.weights_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.weights_note = MessageLabel(self)
        self.weights_error = MessageLabel(self)
        weights_column = QVBoxLayout(self)
        self.layout_note = _note("", self)
        weights_column.addWidget(self.layout_note)
        weights_column.addWidget(self.layer_combo)
        weights_column.addWidget(self.weights_table)
        weights_column.addWidget(self.weights_note)
        weights_column.addWidget(self.weights_error)

        self.layer_combo.currentIndexChanged.connect(self._on_weights_layer_changed)
        self.weights_table.itemChanged.connect(self._on_weight_changed)
        self.weights_table.viewport().installEventFilter(self)  # a cell's tooltip, written on hover

    # --- public API: weights -------------------------------------------------------------------

    def show_weights(self, k: int) -> None:
        """Show the weights of layer ``k`` (1-based) of the open network."""
        self.layer_combo.setCurrentIndex(k - 1)

    def weights_layer(self) -> int:
        """The layer (1-based) whose weights the table shows, 0 when none."""
        return self.layer_combo.currentIndex() + 1

    def weight_leaf(self, row: int, column: int) -> tuple[str, Any]:
        """The leaf id a weight cell edits in the current view, and the index inside it.

        Neuron view: ``("W1[0,1]", ())``; layer view: ``("W1", (0, 1))``. The last
        column is the bias: ``b1[0]`` or ``("b1", (0,))``.
        """
        k = self.weights_layer()
        cell = self.table.rows[row][1][column] if self.table is not None else None
        family, index = (cell.family, cell.index) if cell is not None else ("W", (row, column))
        neuron = leaf_name(family, k, *index)
        graph = self.session.graph
        if graph is not None and neuron in graph:
            return neuron, ()
        return leaf_name(family, k), index

    def weight_tip(self, row: int, column: int) -> str:
        """The tooltip of the cell at ``row`` and ``column``: its number and gradient in full.

        Written when the pointer rests on the cell (:meth:`eventFilter`), not for every
        cell at every edit.
        """
        if self.table is None or not (
            0 <= row < len(self.table.rows) and 0 <= column < len(self.table.columns)
        ):
            return ""
        value = self.table.rows[row][1][column].value
        leaf, index = self.weight_leaf(row, column)
        ev = self.session.evaluation
        grad = None if ev is None else ev.grads.get(leaf)
        grad = None if grad is None else (grad[index] if index else grad)
        return weight_tip(leaf if not index else element_name(leaf, index), value, grad)

    def set_spec(self, spec: dict[str, Any] | None) -> None:
        """Show the layers of ``spec`` (None: no network is open)."""
        self.spec = spec
        self._fill_layer_combo()

    def refresh(self, spec: dict[str, Any]) -> None:
        """New numbers (``spec``) in the same network."""
        self.spec = spec
        self._fill_weights()

    # --- Qt events ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """The pointer rests on a cell of the table: show its tooltip."""
        table = self.weights_table
        if watched is table.viewport() and event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            item = table.itemAt(event.pos())
            tip = "" if item is None else self.weight_tip(item.row(), item.column())
            if item is not None and tip:
                QToolTip.showText(event.globalPos(), tip, table.viewport(), table.visualItemRect(item))
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # Larger text: taller rows, so refit the table
            fit_height(self.weights_table, 12, scrollbar=True)

    # --- slots ---------------------------------------------------------------------------------

    def _on_weights_layer_changed(self, _index: int) -> None:
        self._fill_weights()

    def _on_weight_changed(self, item: QTableWidgetItem) -> None:
        leaf, index = self.weight_leaf(item.row(), item.column())
        try:
            value = parse_number(item.text(), leaf if not index else f"{leaf}{list(index)}")
            if index:
                array = np.array(self.session.values[leaf], dtype=float)
                array[index] = value
                self.session.set_value(leaf, array)
            else:
                self.session.set_value(leaf, value)
        except GraphvizAppError as exc:
            self.weights_error.show_error(str(exc))
            self._fill_weights(keep_error=True)  # put the number back
            return
        self.weights_error.clear()
        self.sig_status.emit(
            f"{leaf} = {format_full(value)}"
            if not index
            else f"{element_name(leaf, index)} = {format_full(value)}"
        )

    # --- private ---------------------------------------------------------------------------------

    def _fill_layer_combo(self) -> None:
        with QSignalBlocker(self.layer_combo):
            previous = self.layer_combo.currentIndex()
            self.layer_combo.clear()
            for k, layer in enumerate(self.spec["layers"] if self.spec else [], start=1):
                self.layer_combo.addItem(layer_title(k, layer))
            if self.layer_combo.count():
                self.layer_combo.setCurrentIndex(min(max(previous, 0), self.layer_combo.count() - 1))
        self.setVisible(self.spec is not None)
        self._fill_weights()

    def _fill_weights(self, keep_error: bool = False) -> None:
        if not keep_error:
            self.weights_error.clear()
        k = self.weights_layer()
        table = self.weights_table
        if self.spec is None or not 1 <= k <= len(self.spec["layers"]):
            self.table = None
            table.setRowCount(0)
            table.setColumnCount(0)
            return
        shown = self.table = weight_table(self.spec["layers"][k - 1])
        self.layout_note.setText(shown.note)
        out, columns = len(shown.rows), len(shown.columns)
        if shown.size > MAX_WEIGHT_CELLS:
            table.setVisible(False)
            self.weights_note.show_hint(too_many_weights_hint(k, out, columns))
            return
        table.setVisible(True)
        self.weights_note.show_hint(HINT_EDIT_WEIGHTS)
        with QSignalBlocker(table):
            if (table.rowCount(), table.columnCount()) != (out, columns):
                table.clear()
                table.setRowCount(out)
                table.setColumnCount(columns)
            table.setHorizontalHeaderLabels(shown.columns)
            table.setVerticalHeaderLabels([header for header, _ in shown.rows])
            for i, (_header, cells) in enumerate(shown.rows):
                for j, cell in enumerate(cells):
                    item = table.item(i, j)
                    if item is None:
                        item = QTableWidgetItem()
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                        table.setItem(i, j, item)
                    text = table_number(cell.value)
                    if item.text() != text:  # an edit of one weight rewrites one cell
                        item.setText(text)
        fit_height(table, 12, scrollbar=True)

"""The network form's table of layers: one row per layer, a :class:`FormLayer` each.

A row has the number of neurons (d for attention), the activation, the layer's
type and a residual skip. A normalisation keeps its input's size and has neither
an activation nor a skip, so those cells are disabled while its type is chosen;
only a dense layer has an activation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QSpinBox,
    QTableWidget,
    QWidget,
)

from graphviz_app.builders.network_spec import ACTIVATIONS
from graphviz_app.session.state.network_form import LAYER_TYPES, MAX_LAYER_SIZE, FormLayer

__all__ = ["LAYER_COLUMNS", "LayersTable"]

LAYER_COLUMNS = ("neurons", "activation", "layer", "skip")
"""The columns: a row is a :class:`FormLayer`."""


class LayersTable(QTableWidget):
    """The layers of the network the form describes, editable row by row."""

    sig_changed = Signal()
    """A row was edited, added or removed (the network changes on Apply)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(LAYER_COLUMNS), parent)
        self.setHorizontalHeaderLabels(list(LAYER_COLUMNS))
        self.setToolTip(
            "neurons (d for attention), activation (dense layers), the layer's type, and a residual "
            "skip that adds the layer's input to its output (a = a_prev + act(z): sizes must match)"
        )
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)  # the two menus share what is left
        for column in (0, 3):  # the size and the skip box need no more than their contents
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    # --- public API --------------------------------------------------------------------------

    def layers(self) -> list[FormLayer]:
        """Each row: neurons, activation, type, residual."""
        return [  # the cells of each row, as the row was made
            FormLayer(
                cast(QSpinBox, self.cellWidget(row, 0)).value(),
                cast(QComboBox, self.cellWidget(row, 1)).currentText(),
                cast(QComboBox, self.cellWidget(row, 2)).currentText(),
                cast(QCheckBox, self.cellWidget(row, 3)).isChecked(),
            )
            for row in range(self.rowCount())
        ]

    def set_layers(self, layers: Sequence[FormLayer | tuple[Any, ...]]) -> None:
        """Fill the table with :class:`FormLayer` rows (or tuples of their fields), quietly."""
        with QSignalBlocker(self):
            self.setRowCount(0)
            for layer in layers:
                self.insert_layer(self.rowCount(), FormLayer(*layer))

    def insert_layer(self, row: int, layer: FormLayer) -> None:
        """A row for ``layer`` at ``row``; its edits emit :attr:`sig_changed`."""
        self.insertRow(row)
        spin = QSpinBox(self)
        spin.setRange(1, MAX_LAYER_SIZE)
        spin.setValue(layer.size)
        combo = QComboBox(self)
        combo.addItems(ACTIVATIONS)
        combo.setCurrentText(layer.activation)
        kind = QComboBox(self)
        kind.addItems(LAYER_TYPES)
        kind.setCurrentText(layer.kind)
        skip = QCheckBox(self)
        skip.setChecked(layer.residual)
        skip.setToolTip("residual: add the layer's input to its output")
        spin.valueChanged.connect(self._on_row_edited)
        combo.currentIndexChanged.connect(self._on_row_edited)
        kind.currentIndexChanged.connect(self._on_row_edited)
        kind.currentTextChanged.connect(lambda _text: self._enable_row_fields(kind))
        skip.toggled.connect(self._on_row_edited)
        for column, widget in enumerate((spin, combo, kind, skip)):
            self.setCellWidget(row, column, widget)
        self._enable_row_fields(kind)

    # --- private -------------------------------------------------------------------------------

    def _on_row_edited(self, *_args: object) -> None:
        self.sig_changed.emit()

    def _enable_row_fields(self, kind: QComboBox) -> None:
        """Enable the cells the chosen type has: a normalisation's size, activation and skip are not its own."""
        for row in range(self.rowCount()):
            if self.cellWidget(row, 2) is kind:
                layer = FormLayer(1, "identity", kind.currentText())
                self.cellWidget(row, 0).setEnabled(layer.sized)
                self.cellWidget(row, 1).setEnabled(layer.activated)
                self.cellWidget(row, 3).setEnabled(layer.skippable)

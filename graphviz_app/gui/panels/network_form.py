"""The network form: layers, data, loss and initial weights, and a table of weights.

The upper part describes the network's *structure*: one row per layer (number of
neurons, activation, type: dense, layernorm, batchnorm or attention, and whether it
has a residual skip), the input sample (its length is the input size), the
target, the loss and how new weights are drawn. Structure changes wait for
**Apply**, which builds a spec (see :mod:`graphviz_app.builders.network_spec`)
and calls :meth:`Session.set_network`. A layer whose shape (out × in) did not
change keeps its weights; a layer whose shape changed is given
``{"size": n, "activation": a}`` and its weights are drawn from the seed
(``init``). **New weights** draws every layer again. A bad spec is reported
under the buttons and the current network stays.

The lower part is the weight matrix of one layer, W (out × in, PyTorch's layout,
z = W·a + b) with the bias as its last column. Editing a cell changes that one
number at once (:meth:`Session.set_value`): the leaf ``W{k}[i,j]`` / ``b{k}[i]``
in the neuron view, or the whole ``W{k}`` / ``b{k}`` in the layer view.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from graphviz_app.builders.network_spec import INIT_SCHEMES, LOSSES
from graphviz_app.errors import GraphvizAppError
from graphviz_app.gui.panels.base import SessionPanel
from graphviz_app.gui.panels.layers_table import LayersTable
from graphviz_app.gui.panels.message_label import MessageLabel
from graphviz_app.gui.panels.vertical_scroll import scroll_in
from graphviz_app.gui.panels.weights_editor import WeightsEditor, fit_height
from graphviz_app.session.state import session as S
from graphviz_app.session.state.network_form import (
    DEFAULT_SPEC,
    HINT_CHANGED,
    HINT_NO_NETWORK,
    FormLayer,
    data_summary,
    form_layers,
    form_spec,
)
from graphviz_app.text.numbers import format_numbers

__all__ = ["NetworkForm"]


def _note(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    return label


def _form_box(title: str, rows: list[tuple[str, QWidget]], parent: QWidget) -> QGroupBox:
    """A titled box with one labelled field per row."""
    box = QGroupBox(title, parent)
    form = QFormLayout(box)
    for label, field in rows:
        form.addRow(label, field)
    return box


class NetworkForm(SessionPanel):
    """Edit the network: structure (applied with a button) and weights (applied at once)."""

    # --- signals ---------------------------------------------------------------------

    sig_network_applied = Signal()
    """Apply built a new network in the session."""

    def __init__(self, session: S.Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._spec: dict[str, Any] | None = None  # the session's network, every weight explicit
        self._data_edited = False

        # data and loss
        self.input_edit = QLineEdit(self)
        self.input_edit.setToolTip("one sample: 0.5, 0.1 — a batch: rows separated by ';'")
        self.target_edit = QLineEdit(self)
        self.target_edit.setToolTip(
            "one number per output (a class index for cross_entropy); "
            "a batch: one row per sample, separated by ';'"
        )
        self.loss_combo = QComboBox(self)
        self.loss_combo.addItems(LOSSES)
        data_box = _form_box(
            "Data and loss",
            [("Input x", self.input_edit), ("Target y", self.target_edit), ("Loss", self.loss_combo)],
            self,
        )

        # layers
        self.layers_table = LayersTable(self)
        self.add_button = QPushButton("Add layer", self)
        self.remove_button = QPushButton("Remove layer", self)
        # short box titles, the rest in wrapped labels: a title is never wrapped, and a long one made
        # the form wider than its dock (the right side hidden behind a horizontal scroll bar)
        layers_box = QGroupBox("Layers", self)
        layers_column = QVBoxLayout(layers_box)
        layers_column.addWidget(_note("The input size is the number of input values.", layers_box))
        layers_column.addWidget(self.layers_table)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        layers_column.addLayout(buttons)

        # initialisation
        self.seed_spin = QSpinBox(self)
        self.seed_spin.setRange(0, 2**31 - 1)
        self.scheme_combo = QComboBox(self)
        self.scheme_combo.addItems(INIT_SCHEMES)
        init_box = _form_box("New weights", [("Seed", self.seed_spin), ("Scheme", self.scheme_combo)], self)

        self.apply_button = QPushButton("Apply", self)
        self.apply_button.setDefault(True)
        self.redraw_button = QPushButton("New weights", self)
        self.redraw_button.setToolTip("apply, drawing every layer's weights from the seed")
        self.error_label = MessageLabel(self)
        self.hint_label = MessageLabel(self)

        self.weights_box = WeightsEditor(session, self)
        self.layer_combo, self.weights_table = self.weights_box.layer_combo, self.weights_box.weights_table
        self.weights_note, self.weights_error = self.weights_box.weights_note, self.weights_box.weights_error
        self.show_weights, self.weights_layer = self.weights_box.show_weights, self.weights_box.weights_layer
        self.weight_leaf = self.weights_box.weight_leaf

        content = QWidget(self)
        column = QVBoxLayout(content)
        column.addWidget(layers_box)
        column.addWidget(data_box)
        column.addWidget(init_box)
        apply_row = QHBoxLayout()
        apply_row.addWidget(self.apply_button)
        apply_row.addWidget(self.redraw_button)
        column.addLayout(apply_row)
        column.addWidget(self.error_label)
        column.addWidget(self.hint_label)
        column.addWidget(self.weights_box)
        column.addStretch(1)
        self.scroll_area = scroll_in(self, content)

        self.apply_button.clicked.connect(self._on_apply_clicked)
        self.redraw_button.clicked.connect(self._on_redraw_clicked)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.input_edit.textEdited.connect(self._on_data_edited)
        self.target_edit.textEdited.connect(self._on_data_edited)
        self.loss_combo.currentIndexChanged.connect(self._on_form_changed)
        self.seed_spin.valueChanged.connect(self._on_form_changed)
        self.scheme_combo.currentIndexChanged.connect(self._on_form_changed)
        self.layers_table.currentCellChanged.connect(self._on_layer_row_changed)
        self.layers_table.sig_changed.connect(self._on_form_changed)
        self.weights_box.sig_status.connect(self.sig_status)
        self.load_from_session()

    # --- public API: structure ---------------------------------------------------------------

    def layers(self) -> list[FormLayer]:
        """Each row of the layers table: neurons, activation, type, residual."""
        return self.layers_table.layers()

    def set_layers(self, layers: Sequence[FormLayer | tuple[Any, ...]]) -> None:
        """Fill the layers table with :class:`FormLayer` rows (the network changes on Apply)."""
        self.layers_table.set_layers(layers)
        self.remove_button.setEnabled(len(layers) > 1)
        fit_height(self.layers_table, 8)

    def add_layer(
        self, size: int = 2, activation: str = "relu", kind: str = "dense", residual: bool = False
    ) -> None:
        """Add a layer before the output layer (the output layer stays last)."""
        row = max(self.layers_table.rowCount() - 1, 0)
        self.layers_table.insert_layer(row, FormLayer(size, activation, kind, residual))
        self.remove_button.setEnabled(self.layers_table.rowCount() > 1)
        fit_height(self.layers_table, 8)
        self._on_form_changed()

    def remove_layer(self, row: int | None = None) -> None:
        """Remove layer ``row`` (default: the selected one, else the last hidden layer)."""
        count = self.layers_table.rowCount()
        if count <= 1:
            return
        if row is None:
            row = self.layers_table.currentRow()
            if row < 0:
                row = max(count - 2, 0)
        self.layers_table.removeRow(row)
        self.remove_button.setEnabled(self.layers_table.rowCount() > 1)
        fit_height(self.layers_table, 8)
        self._on_form_changed()

    def spec_from_form(self, redraw: bool = False) -> dict[str, Any]:
        """The spec the form describes. Raises :class:`SpecError` for unreadable numbers.

        Layers whose shape matches the open network keep its weights unless ``redraw``.
        """
        return form_spec(
            self._spec,
            self.input_edit.text(),
            self.target_edit.text(),
            self.layers(),
            self.loss_combo.currentText(),
            self.seed_spin.value(),
            self.scheme_combo.currentText(),
            redraw,
        )

    def apply(self, redraw: bool = False) -> bool:
        """Build the spec from the form and open it; errors are shown inline. True on success."""
        try:
            spec = self.spec_from_form(redraw)
        except GraphvizAppError as exc:
            self._show_apply_error(exc)
            return False
        return self.apply_spec(spec)

    def apply_spec(self, spec: dict[str, Any]) -> bool:
        """Open ``spec`` in the session; on a :class:`SpecError` show it and keep the current network."""
        try:
            self.session.set_network(spec)
        except GraphvizAppError as exc:
            self._show_apply_error(exc)
            return False
        self.error_label.clear()
        self.sig_network_applied.emit()
        loaded = self.session.loaded
        assert loaded is not None  # set_network opened it
        sizes = " → ".join(str(n) for n in loaded.network.spec.sizes)
        self.sig_status.emit(f"network applied: {sizes}, {loaded.view} view")
        return True

    def load_from_session(self) -> None:
        """Fill the form from the session's network (or the defaults when none is open)."""
        self._spec = None
        if self.session.is_network:
            try:
                self._spec = self.session.network_spec()
            except GraphvizAppError as exc:  # a spec the session holds is valid; be safe anyway
                self._show_apply_error(exc)
        spec = self._spec or DEFAULT_SPEC
        loaded = self.session.loaded
        raw = loaded.spec if loaded is not None and self.session.is_network else None
        init = raw.get("init", {}) if isinstance(raw, dict) and isinstance(raw.get("init"), dict) else {}
        self.set_layers(form_layers(spec))
        self._fill_data(spec)
        seed, scheme = init.get("seed", 0), init.get("scheme")
        combos = (self.loss_combo, self.seed_spin, self.scheme_combo)
        with QSignalBlocker(combos[0]), QSignalBlocker(combos[1]), QSignalBlocker(combos[2]):
            self.loss_combo.setCurrentText(spec["loss"])
            self.seed_spin.setValue(seed if isinstance(seed, int) and not isinstance(seed, bool) else 0)
            self.scheme_combo.setCurrentText(
                scheme if isinstance(scheme, str) and scheme in INIT_SCHEMES else "xavier"
            )
        self.error_label.clear()
        if self._spec is None:
            self.hint_label.show_hint(HINT_NO_NETWORK)
        else:
            self.hint_label.clear()
        self.weights_box.set_spec(self._spec)

    # --- Qt events ------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # Larger text: taller rows, so refit the tables
            fit_height(self.layers_table, 8)

    # --- slots ---------------------------------------------------------------------------------

    def on_graph_replaced(self) -> None:
        self._data_edited = False
        self.load_from_session()

    def on_values_changed(self) -> None:
        if self.session.is_network:
            try:
                self._spec = spec = self.session.network_spec()
            except GraphvizAppError as exc:
                self.weights_error.show_error(str(exc))
                return
            if spec is None:  # (never for a network)
                return
            if not self._data_edited:
                self._fill_data(spec)
            self.weights_box.refresh(spec)

    def _on_apply_clicked(self) -> None:
        self.apply()

    def _on_redraw_clicked(self) -> None:
        self.apply(redraw=True)

    def _on_add_clicked(self) -> None:
        self.add_layer()

    def _on_remove_clicked(self) -> None:
        self.remove_layer()

    def _on_data_edited(self, _text: str) -> None:
        self._data_edited = True
        self._on_form_changed()

    def _on_form_changed(self, *_args: Any) -> None:
        self.hint_label.show_hint(HINT_CHANGED)

    def _on_layer_row_changed(self, row: int, *_args: Any) -> None:
        if 0 <= row < self.layer_combo.count():
            self.layer_combo.setCurrentIndex(row)

    # --- private ---------------------------------------------------------------------------------

    def _fill_data(self, spec: dict[str, Any]) -> None:
        summary = data_summary(spec)  # a network with data: its points give every input and target
        for edit in (self.input_edit, self.target_edit):
            edit.setReadOnly(summary is not None)
        self.input_edit.setText(summary or format_numbers(spec["input"]))
        self.target_edit.setText("each point's label" if summary else format_numbers(spec["target"]))

    def _show_apply_error(self, exc: GraphvizAppError) -> None:
        self.error_label.show_error(f"{exc} — the network was not changed")
        self.sig_status.emit(str(exc))

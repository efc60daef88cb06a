"""The inspector: every number of the selected node or edge, and where it came from.

For a **node** it shows what the node is (its name, kind, op and symbol), the
formula of its local derivative with respect to each argument, its value with
the forward step that computed it, and its gradient ∂f/∂node *with the
contributions it is the sum of*: one per outgoing edge, each ∂f/∂child × local
derivative. That sum is the multivariable chain rule, and the table shows its
terms adding up. At the current step of the animation it also says how much of
the gradient has arrived ("partial: 0.3 (2 of 3 contributions)").

For an **edge** parent → child it shows the argument position, the value the
edge carries forward, the local derivative ∂child/∂parent (a number, or the
Jacobian for tensors: its shape, and its entries when it is small), and the
contribution it sends back, with the backward step's caption.

A value that is not finite is explained (``log is only defined for positive
numbers...``) in a warning colour. A scalar input, weight or target can be
edited here. Numbers are shown with every digit (:func:`format_full`) and all
text can be selected and copied.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from graphviz_app.errors import GraphvizAppError
from graphviz_app.gui.panels.base import SessionPanel
from graphviz_app.gui.panels.message_label import MessageLabel, text_label
from graphviz_app.session.inspector import EMPTY_TEXT, MAX_ROWS, SMALL_JACOBIAN, InspectorText, escape
from graphviz_app.session.state import session as S
from graphviz_app.text.numbers import format_full

__all__ = ["MAX_ROWS", "SMALL_JACOBIAN", "Inspector"]  # the limits live with the text they shape


def _rich_label(parent: QWidget) -> QLabel:
    label = text_label(parent, rich=True)
    # Ignore the width of long numbers: the label wraps to the dock instead of widening it.
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


class Inspector(SessionPanel):
    """Shows the session's selection: a node id, an edge (parent, child), or nothing."""

    refresh_on = frozenset({S.Event.STRUCTURE, S.Event.VALUES, S.Event.STEP, S.Event.SELECTION})

    def __init__(self, session: S.Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.text = InspectorText(session)

        content = QWidget(self)
        self.title_label = _rich_label(content)
        self.details_label = _rich_label(content)
        self.value_label = _rich_label(content)
        self.flags_label = MessageLabel(content)
        self.flags_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.value_spin = QDoubleSpinBox(content)
        self.value_spin.setRange(-1e6, 1e6)
        self.value_spin.setDecimals(8)
        self.value_spin.setSingleStep(0.1)
        self.value_spin.setKeyboardTracking(False)  # send the number when typing is finished
        self.edit_row = QWidget(content)
        edit_form = QFormLayout(self.edit_row)
        edit_form.setContentsMargins(0, 0, 0, 0)
        edit_form.addRow("Edit value", self.value_spin)
        self.gradient_label = _rich_label(content)
        self.contributions_label = _rich_label(content)
        self.implicit_label = _rich_label(content)
        self.error_label = MessageLabel(content)
        column = self._column = QVBoxLayout(content)
        for widget in (
            self.title_label,
            self.details_label,
            self.value_label,
            self.flags_label,
            self.edit_row,
            self.gradient_label,
            self.contributions_label,
            self.implicit_label,
            self.error_label,
        ):
            column.addWidget(widget)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )  # wrap, never scroll sideways
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self.value_spin.valueChanged.connect(self._on_value_changed)
        self.refresh()

    # --- public API --------------------------------------------------------------------

    def add_section(self, widget: QWidget) -> None:
        """Another feature's rows, under the implicit slope's (the second derivatives at order 2)."""
        widget.setParent(self.error_label.parentWidget())
        self._column.insertWidget(self._column.indexOf(self.error_label), widget)

    def refresh(self) -> None:
        """Show the session's current selection at the current step."""
        try:
            self._show(self.session.selection)
        except GraphvizAppError as exc:  # e.g. a selection that is not in this graph
            self._clear()
            self.error_label.show_error(str(exc))

    def plain_text(self) -> str:
        """Everything shown, as plain text (what a copy of the whole panel gives)."""
        parts = []
        for label in (
            self.title_label,
            self.details_label,
            self.value_label,
            self.flags_label,
            self.gradient_label,
            self.contributions_label,
            self.implicit_label,
            self.error_label,
        ):
            if label.isVisibleTo(self) and label.text():
                if label.textFormat() == Qt.TextFormat.RichText:
                    doc = QTextDocument()
                    doc.setHtml(label.text())
                    parts.append(doc.toPlainText().replace("\u00a0", " "))
                else:
                    parts.append(label.text())
        return "\n".join(parts)

    # --- slots ---------------------------------------------------------------------------

    def _on_value_changed(self, value: float) -> None:
        node = self.session.selection
        if not isinstance(node, str):
            return
        try:
            self.session.set_value(node, value)
        except GraphvizAppError as exc:
            self.error_label.show_error(str(exc))
            self.sig_status.emit(str(exc))
            with QSignalBlocker(self.value_spin):
                self.value_spin.setValue(float(self.session.values[node]))
            return
        self.error_label.clear()
        self.sig_status.emit(f"{node} = {format_full(value)}")

    # --- private: what to show ----------------------------------------------------------------

    def _clear(self) -> None:
        self.title_label.setText(escape(EMPTY_TEXT))
        for label in (
            self.details_label,
            self.value_label,
            self.gradient_label,
            self.contributions_label,
            self.implicit_label,
        ):
            label.clear()
            label.setVisible(False)
        self.flags_label.clear()
        self.error_label.clear()
        self.edit_row.setVisible(False)

    def _show(self, selection: S.Selection) -> None:
        page = self.text.page(selection)
        if page is None:
            self._clear()
            return
        self.error_label.clear()
        self.title_label.setText(page.title)
        for label, text in (
            (self.details_label, page.details),
            (self.value_label, page.value),
            (self.gradient_label, page.gradient),
            (self.contributions_label, page.contributions),
            (self.implicit_label, page.implicit),
        ):
            self._set(label, text)
        self.flags_label.show_warning(page.flags)
        self.edit_row.setVisible(page.edit_value is not None)
        if page.edit_value is not None:
            current = page.edit_value
            with QSignalBlocker(self.value_spin):
                self.value_spin.setValue(current if math.isfinite(current) else 0.0)
            self.value_spin.setToolTip(f"{selection} = {format_full(current)}")

    @staticmethod
    def _set(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

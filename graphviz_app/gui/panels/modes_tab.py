"""The paths panel's "Forward vs reverse" tab: forward-mode tangents beside reverse-mode adjoints.

For the chosen source and target, one row per node: d(node)/d(source), what
forward mode carries, beside ∂target/∂node, what the backward pass carries.
At the target the tangent is the derivative; at the source the adjoint is the
same number, by the other route. The numbers come from
:meth:`~graphviz_app.session.paths.sum_over_paths.PathSum.tangent_table`.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from graphviz_app.errors import GraphvizAppError
from graphviz_app.gui.panels.message_label import MessageLabel, text_label
from graphviz_app.session.paths.prose import tangent_agreement
from graphviz_app.session.paths.sum_over_paths import MODE_ADVICE, PathSum
from graphviz_app.text.numbers import format_full, summarize

__all__ = ["ModesTab"]


class ModesTab(QWidget):
    """Forward mode's tangents next to reverse mode's adjoints, for one source and target."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.advice_label = text_label(self)
        self.advice_label.setText(MODE_ADVICE)
        self.modes_label = text_label(self)
        self.tangent_button = QPushButton("Compute tangents", self)
        self.tangent_button.setToolTip("Run forward mode from the source (on request for big graphs)")
        self.tangent_table = QTableWidget(0, 3, self)
        self.tangent_table.setHorizontalHeaderLabels(["node", "tangent", "adjoint"])
        self.tangent_table.verticalHeader().setVisible(False)
        self.tangent_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tangent_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tangent_table.horizontalHeader().setStretchLastSection(True)
        self.tangent_message = MessageLabel(self)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        for widget in (self.advice_label, self.modes_label, self.tangent_button, self.tangent_message):
            column.addWidget(widget)
        column.addWidget(self.tangent_table, 1)

    def clear(self) -> None:
        self.tangent_table.setRowCount(0)
        self.tangent_message.clear()

    def show_tangents(self, ps: PathSum | None) -> None:
        """Fill the table for ``ps``'s source and target (a warning when forward mode cannot run)."""
        self.clear()
        if ps is None:
            return
        try:
            rows = ps.tangent_table()
        except GraphvizAppError as exc:
            self.tangent_message.show_warning(str(exc))
            return
        table = self.tangent_table
        table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            cells = (
                (row.name, row.node),
                (summarize(row.tangent), row.tangent),
                (summarize(row.adjoint), row.adjoint),
            )
            for j, (text, full) in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(full if isinstance(full, str) else format_full(full))
                table.setItem(i, j, item)
        src, tgt = ps.names.d(ps.source), ps.names.d(ps.target)
        table.setHorizontalHeaderLabels(["node", f"tangent d(·)/d{src}", f"adjoint ∂{tgt}/∂(·)"])
        tangent = next((r.tangent for r in rows if r.node == ps.target), None)
        if tangent is not None:
            self.tangent_message.show_hint(tangent_agreement(ps, tangent))

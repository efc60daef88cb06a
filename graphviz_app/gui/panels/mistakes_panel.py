"""The Mistakes panel: a classic mistake's gradients beside the right ones, and the finite differences.

One row per node that gets a gradient, the damaged ones first, each group output side first: node | right | wrong |
finite difference | agrees with. A wrong number that differs from the right one
is drawn in the theme's error colour; leaves also show the central difference
(f(v + h) − f(v − h)) / 2h, which knows nothing of the chain rule, and which of the
two it agrees with. Above the table, the mistake's name and one paragraph of
prose say what went wrong. The numbers come from :mod:`graphviz_app.session.checks.mistakes`
(Qt-free); the Mistakes menu (:mod:`graphviz_app.gui.panels.mistakes_menu`) fills the panel.

A mistake is re-run on every edit, and a network of a thousand nodes has a thousand
rows: the table is a view of :class:`MistakeRowsModel`, which formats only the rows
on screen, and the columns are sized once per report from its first
:data:`MEASURED_ROWS` rows (the damaged ones), never from every row on every change.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from graphviz_app.gui.panels.base import SessionPanel
from graphviz_app.gui.theme import LIGHT
from graphviz_app.session.checks.mistakes import MistakeReport, MistakeRow
from graphviz_app.session.state.session import Session
from graphviz_app.text.numbers import format_number

__all__ = ["COLUMNS", "MEASURED_ROWS", "MistakeRowsModel", "MistakesPanel"]

COLUMNS = ("node", "right", "wrong", "finite difference", "agrees with")
MEASURED_ROWS = 100
"""Rows whose text sizes the columns (the damaged rows come first); wider text further down is elided."""
WRONG = 2


class MistakeRowsModel(QAbstractTableModel):
    """The report's rows, the damage first; each cell's text is made when the view asks for it."""

    def __init__(self, panel: MistakesPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.rows: list[MistakeRow] = []

    def set_rows(self, rows: list[MistakeRow]) -> None:
        self.beginResetModel()
        self.rows = sorted(rows, key=lambda row: not row.damaged)  # the damage first
        self.endResetModel()

    def text(self, row: MistakeRow, column: int) -> str:
        if column == 0:
            return row.grad_name
        if column == 1:
            return format_number(row.right)
        if column == WRONG:
            return format_number(row.wrong) if row.damaged else "same"
        if column == 3:
            return format_number(row.numeric) if row.numeric is not None else ""
        return row.agrees

    # --- Qt virtual methods --------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == WRONG:  # the wrong one in red
            return self.panel.error_colour if row.damaged else self.panel.palette().placeholderText()
        return None


class MistakesPanel(SessionPanel):
    """Shows one :class:`MistakeReport` (or nothing)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.report: MistakeReport | None = None
        self.error_colour = QColor(LIGHT.fault)
        self.heading = QLabel(self)
        self.heading.setObjectName("mistake_heading")
        self.prose = QLabel(self)
        self.prose.setObjectName("mistake_prose")
        self.prose.setWordWrap(True)
        self.model = MistakeRowsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # sized once per report, below
        header.setResizeContentsPrecision(MEASURED_ROWS)
        header.setStretchLastSection(False)  # columns as wide as their numbers
        column = QVBoxLayout(self)
        column.addWidget(self.heading)
        column.addWidget(self.prose)
        column.addWidget(self.table, 1)
        self.show_report(None)

    def show_report(self, report: MistakeReport | None) -> None:
        """Show ``report``'s rows; ``None`` empties the table."""
        self.report = report
        self.heading.setText(f"<b>Mistake: {report.title}</b>" if report else "No mistake chosen")
        self.prose.setText(report.prose if report else "Choose one from the Mistakes menu.")
        self.model.set_rows(report.rows if report else [])
        self.table.resizeColumnsToContents()

    def cells(self) -> list[list[str]]:
        """The table's text, row by row (what tests and screen readers see)."""
        return [[self.model.text(row, j) for j in range(len(COLUMNS))] for row in self.model.rows]

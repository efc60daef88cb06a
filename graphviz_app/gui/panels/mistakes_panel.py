"""The Mistakes panel: a classic mistake's gradients beside the right ones, and the finite differences.

One row per node that gets a gradient, the damaged ones first, each group output side first: node | right | wrong |
finite difference | agrees with. A wrong number that differs from the right one
is drawn in the theme's error colour; leaves also show the central difference
(f(v + h) − f(v − h)) / 2h, which knows nothing of the chain rule, and which of the
two it agrees with. Above the table, the mistake's name and one paragraph of
prose say what went wrong. The numbers come from :mod:`graphviz_app.session.mistakes`
(Qt-free); the Mistakes menu (:mod:`graphviz_app.gui.mistakes`) fills the panel.
"""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from graphviz_app.gui.panels.base import SessionPanel
from graphviz_app.session.mistakes import MistakeReport
from graphviz_app.session.session import Session
from graphviz_app.text.numbers import format_number

__all__ = ["COLUMNS", "MistakesPanel"]

COLUMNS = ("node", "right", "wrong", "finite difference", "agrees with")


class MistakesPanel(SessionPanel):
    """Shows one :class:`MistakeReport` (or nothing)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.report: MistakeReport | None = None
        self.error_colour = QColor("#b00020")
        self.heading = QLabel(self)
        self.heading.setObjectName("mistake_heading")
        self.prose = QLabel(self)
        self.prose.setObjectName("mistake_prose")
        self.prose.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(False)  # columns as wide as their numbers
        column = QVBoxLayout(self)
        column.addWidget(self.heading)
        column.addWidget(self.prose)
        column.addWidget(self.table, 1)
        self.show_report(None)

    def show_report(self, report: MistakeReport | None) -> None:
        """Fill the table with ``report``'s rows; ``None`` empties it."""
        self.report = report
        self.heading.setText(f"<b>Mistake: {report.title}</b>" if report else "No mistake chosen")
        self.prose.setText(report.prose if report else "Choose one from the Mistakes menu.")
        rows = sorted(report.rows, key=lambda row: not row.damaged) if report else []  # the damage first
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            cells = [
                row.grad_name,
                format_number(row.right),
                format_number(row.wrong) if row.damaged else "same",
                format_number(row.numeric) if row.numeric is not None else "",
                row.agrees,
            ]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 2:  # the wrong gradient in red; "same" quietly
                    item.setForeground(self.error_colour if row.damaged else self.palette().placeholderText())
                self.table.setItem(i, j, item)

    def cells(self) -> list[list[str]]:
        """The table's text, row by row (what tests and screen readers see)."""
        return [
            [self.table.item(i, j).text() for j in range(self.table.columnCount())]
            for i in range(self.table.rowCount())
        ]

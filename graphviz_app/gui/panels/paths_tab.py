"""The paths panel's "Paths" tab: the list of paths and the controls under it.

Only the widgets and their places; :class:`~graphviz_app.gui.panels.paths_panel.PathsPanel`
fills them and reacts to them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from graphviz_app.gui.panels.flow_layout import FlowLayout
from graphviz_app.gui.panels.message_label import text_label
from graphviz_app.gui.panels.path_list import PathCellDelegate, PathListModel
from graphviz_app.session.paths.sum_over_paths import PAGE

__all__ = ["LIST_MIN_HEIGHT", "PLAY_INTERVAL_MS", "PathsTab"]

LIST_MIN_HEIGHT = 140
PLAY_INTERVAL_MS = 700
"""Time between two factors while a path's product is being built."""


class PathsTab(QWidget):
    """The paths, one a row; more of them; their sum; stepping through them; copying the sum.

    It also builds a path's product factor by factor (:meth:`play`), telling which
    nodes and edges have been multiplied so far with ``sig_build_step``.
    """

    sig_build_step = Signal(object, object)
    """The nodes and edges multiplied so far while a product is built."""

    def __init__(self, model: PathListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.list = QTableView(self)  # one path per row, its factors in aligned columns
        self.list.setAccessibleName("paths")
        self.list.setModel(self.model)
        self.cells = PathCellDelegate(self.model, self.list)
        self.list.setItemDelegate(self.cells)
        self.list.setWordWrap(False)
        self.list.setShowGrid(False)
        self.list.verticalHeader().setVisible(False)
        # The columns fit the rows in view (sizing them by every listed row wrote out paths nobody
        # sees), once each time the paths or their numbers change (fit_columns). Qt's ResizeToContents
        # mode measured them again and again in one edit: 12 ms of a 1,064-node edit.
        self.list.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.list.horizontalHeader().setResizeContentsPrecision(0)
        self.list.verticalHeader().setResizeContentsPrecision(0)
        self.model.sig_fetched.connect(self.fit_columns)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setMinimumHeight(LIST_MIN_HEIGHT)
        self.more_button = QPushButton(f"Show {PAGE} more", self)
        self.shown_label = text_label(self)
        self.total_label = text_label(self, rich=True)
        self.previous_button = QPushButton("◀ Previous path", self)
        self.play_button = QPushButton("▶ Build product", self)
        self.play_button.setToolTip("Multiply the selected path's factors one by one, from the target back")
        self.next_button = QPushButton("Next path ▶", self)
        self.build_label = text_label(self)
        self.running_label = text_label(self)
        for label in (self.running_label, self.build_label):  # room for two lines, so the buttons stay put
            label.setMinimumHeight(2 * label.fontMetrics().lineSpacing())
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.copy_text_button = QPushButton("Copy as text", self)
        self.copy_latex_button = QPushButton("Copy as LaTeX", self)
        self.copy_derivation_button = QPushButton("Copy derivation", self)
        self.copy_derivation_button.setToolTip(
            "The chain rule for this gradient as a LaTeX align* block: each path's product with symbols "
            "and numbers, their sum, and the backward trace"
        )
        more_row = QHBoxLayout()
        more_row.addWidget(self.shown_label, 1)
        more_row.addWidget(self.more_button)
        step_row = FlowLayout()  # the buttons wrap in a narrow dock instead of widening the window
        for button in (self.previous_button, self.play_button, self.next_button):
            step_row.addWidget(button)
        copy_row = FlowLayout(align_right=True)
        copy_row.addWidget(self.copy_text_button)
        copy_row.addWidget(self.copy_latex_button)
        copy_row.addWidget(self.copy_derivation_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.list, 1)
        column.addLayout(more_row)
        column.addWidget(self.total_label)
        column.addLayout(step_row)
        column.addWidget(self.running_label)
        column.addWidget(self.build_label)
        column.addLayout(copy_row)
        self._steps: list = []
        self._step = 0
        self.timer = QTimer(self)
        self.timer.setInterval(PLAY_INTERVAL_MS)
        self.timer.timeout.connect(self._on_play_tick)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # Larger text: the cells' texts are measured anew
            self.cells.forget_sizes()
            self.fit_columns()

    def fit_columns(self) -> None:
        """Make each column as wide as its widest cell in the rows in view (and its header)."""
        self.list.resizeColumnsToContents()

    # --- building a product ----------------------------------------------------------------

    def play(self, steps: list) -> None:
        """Show ``steps`` (a path's :meth:`~graphviz_app.session.paths.rows.PathRow.build_steps`) one per tick."""
        self._steps, self._step = steps, 0
        self.play_button.setText("■ Stop")
        self._show_build_step()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.play_button.setText("▶ Build product")

    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def _on_play_tick(self) -> None:
        self._step += 1
        if self._step >= len(self._steps):
            self.stop()
            return
        self._show_build_step()
        if self._step == len(self._steps) - 1:
            self.stop()

    def _show_build_step(self) -> None:
        step = self._steps[self._step]
        self.build_label.setText(step.text)
        self.sig_build_step.emit(list(step.nodes), list(step.edges))

"""The list of paths: a model that lists them a page at a time as the view scrolls."""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, Signal

from graphviz_app.errors import GraphvizAppError
from graphviz_app.session.path_rows import PathRow
from graphviz_app.session.path_sum import PAGE, PathSum
from graphviz_app.text.numbers import format_full

__all__ = ["ELIDED", "ROW_ROLE", "PathListModel"]


ROW_ROLE = Qt.ItemDataRole.UserRole
"""Item data role holding a path's :class:`~graphviz_app.session.path_sum.PathRow`."""


ELIDED = 7
"""Paths with more nodes than this are shortened in the list (their tooltip has them in full)."""


def _escaped(text: object) -> str:
    return html.escape(str(text))


class PathListModel(QAbstractListModel):
    """The paths listed so far; the view asks for more (``fetchMore``) when scrolled to the end."""

    sig_fetched = Signal(int)
    """More paths were listed (how many are listed now)."""
    sig_failed = Signal(str)
    """Listing more paths failed (e.g. a Jacobian too big to form): the message."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.paths: PathSum | None = None
        self._rows: list[PathRow] = []

    # --- public API --------------------------------------------------------------------

    def set_paths(self, paths: PathSum | None) -> None:
        """Show ``paths``, listing its first page."""
        self.beginResetModel()
        self.paths = paths
        self._rows = []
        if paths is not None:
            paths.ensure(PAGE)
            self._rows = list(paths.rows)
        self.endResetModel()
        self.sig_fetched.emit(len(self._rows))

    def row(self, index: int) -> PathRow:
        return self._rows[index]

    # --- Qt virtual methods --------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.index + 1}.  {row.short_route(ELIDED // 2)}\n{row.short_text(ELIDED // 2)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"<p>{_escaped(row.route)}</p><p>{_escaped(row.text)}</p><p>product = {_escaped(format_full(row.product))}</p>"
        if role == ROW_ROLE:
            return row
        return None

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and self.paths is not None and len(self._rows) < self.paths.count

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: N802, B008
        if not self.canFetchMore(parent):
            return
        start = len(self._rows)
        try:
            self.paths.ensure(start + PAGE)
        except GraphvizAppError as exc:
            self.sig_failed.emit(str(exc))
        new = self.paths.rows[start:]
        if not new:
            return
        self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
        self._rows.extend(new)
        self.endInsertRows()
        self.sig_fetched.emit(len(self._rows))

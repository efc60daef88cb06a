"""The list of paths: one path per row, its factors in aligned columns, listed a page at a time.

Column 0 numbers the path; then come its local derivatives in chain order, from
the target back to the source (the first factor of every path in one column, the
second in the next...), and last their product. The whole chain, with the
route and every digit of the product, is the row's tooltip.

A path is written out only when the view shows its row (``data``), and every answer
is kept until the paths change: a view asks the same cell many times (sizing its
columns, painting, hovering), and an edit of a big graph must not write out a
hundred paths nobody looks at. The cells are drawn by :class:`PathCellDelegate`, which
asks the model one question a cell, not Qt's dozen.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from graphviz_app.errors import GraphvizAppError
from graphviz_app.session.paths.rows import PathRow
from graphviz_app.session.paths.sum_over_paths import PAGE, PathSum
from graphviz_app.text.numbers import format_full

__all__ = ["ROW_ROLE", "PathCellDelegate", "PathListModel"]


ROW_ROLE = Qt.ItemDataRole.UserRole
"""Item data role holding a path's :class:`~graphviz_app.session.paths.sum_over_paths.PathRow`."""


RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
DISPLAY, ALIGNMENT, TOOLTIP = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.ToolTipRole,
)  # looked up once: an enum member's lookup costs as much as the rest of an answer


def _escaped(text: object) -> str:
    return html.escape(str(text))


class PathListModel(QAbstractTableModel):
    """The paths listed so far, one a row; the view asks for more (``fetchMore``) when scrolled to the end."""

    sig_fetched = Signal(int)
    """More paths were listed (how many are listed now)."""
    sig_failed = Signal(str)
    """Listing more paths failed (e.g. a Jacobian too big to form): the message."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.paths: PathSum | None = None
        self._listed = 0  # rows the list has (a page at a time); written out only when shown
        self._factors = 0  # factor columns: the most factors of a listed path
        self._answers: dict[tuple[int, int, int], object] = {}  # (row, column, role) -> what data() said

    # --- public API --------------------------------------------------------------------

    def set_paths(self, paths: PathSum | None) -> None:
        """Show ``paths``, listing its first page."""
        self.beginResetModel()
        self.paths = paths
        self._answers = {}
        self._listed = 0 if paths is None else min(PAGE, paths.listable)
        self._factors = self._most_factors(0, self._listed)
        if paths is not None:
            paths.listed = self._listed
        self.endResetModel()
        self.sig_fetched.emit(self._listed)

    def renew(self, paths: PathSum | None) -> bool:
        """Show ``paths`` in place of paths along the same route (new numbers after an edit): the rows,
        the columns and the selection stay, and the view asks again only about the cells it shows.
        False (nothing done) when ``paths`` go another way."""
        old = self.paths
        if paths is None or old is None or paths.route is not old.route:
            return False
        self.paths = paths
        paths.listed = self._listed
        self._answers = {}
        if self._listed:
            self.dataChanged.emit(self.index(0, 0), self.index(self._listed - 1, self._factors + 1))
        self.sig_fetched.emit(self._listed)
        return True

    def row(self, index: int) -> PathRow:
        assert self.paths is not None  # a row exists only while paths are listed
        return self.paths.row(index)

    def product_column(self) -> int:
        return self._factors + 1

    # --- Qt virtual methods --------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._listed

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._factors + 2

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return "path"
        if section == self.product_column():
            return "= product"
        return "factor" if section == 1 else f"× factor {section}"

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        return self.answer(index.row(), index.column(), role)

    def answer(self, row: int, column: int, role: int) -> object:
        """What ``data`` says of the cell at ``row`` and ``column``, written out once until the paths change."""
        key = (row, column, role)
        try:
            return self._answers[key]
        except KeyError:
            pass
        answer = self._answer(row, column, role) if 0 <= row < self._listed and column >= 0 else None
        self._answers[key] = answer
        return answer

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and self.paths is not None and self._listed < self.paths.listable

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: N802, B008
        paths = self.paths
        if paths is None or not self.canFetchMore(parent):
            return
        start = self._listed
        stop = min(start + PAGE, paths.listable)
        try:
            factors = max(self._factors, self._most_factors(start, stop))
        except GraphvizAppError as exc:  # a tensor path whose Jacobian is too big to form
            self.sig_failed.emit(str(exc))
            return
        if factors > self._factors:  # a longer path: more factor columns before the product
            self.beginInsertColumns(QModelIndex(), self._factors + 1, factors)
            self._factors = factors
            self._answers = {}  # the product moved to another column
            self.endInsertColumns()
        self.beginInsertRows(QModelIndex(), start, stop - 1)
        self._listed = paths.listed = stop
        self.endInsertRows()
        self.sig_fetched.emit(self._listed)

    # --- private -----------------------------------------------------------------------------

    def _most_factors(self, start: int, stop: int) -> int:
        """The most factors of paths ``start`` to ``stop`` (their nodes only: nothing is written out)."""
        if self.paths is None or start >= stop:
            return 0
        return max(self.paths.length(k) for k in range(start, stop))

    def _answer(self, k: int, column: int, role: int) -> object:
        if role == DISPLAY:  # first: a view asks for the text most
            row = self._row_or_none(k)
            if row is None:
                return None
            if column == 0:
                return f"{row.index + 1}"
            if column == self.product_column():
                return row.product_text
            return row.numbers[column - 1] if column - 1 < len(row.numbers) else ""
        if role == ALIGNMENT:
            return RIGHT
        if role not in (TOOLTIP, ROW_ROLE):
            return None
        row = self._row_or_none(k)
        if row is None or role == ROW_ROLE:
            return row
        factor = f"<p>{_escaped(row.symbols[column - 1])}</p>" if 0 < column <= len(row.symbols) else ""
        return (
            f"{factor}<p>{_escaped(row.route)}</p><p>{_escaped(row.text)}</p>"
            f"<p>product = {_escaped(format_full(row.product))}</p>"
        )

    def _row_or_none(self, k: int) -> PathRow | None:
        try:
            return self.row(k)
        except GraphvizAppError as exc:
            self.sig_failed.emit(str(exc))
            return None


SIZES_KEPT = 5_000
"""The most measured texts a list keeps (a long editing session writes many numbers)."""


class PathCellDelegate(QStyledItemDelegate):
    """Draws (and sizes) a cell of the path list from its text alone.

    Qt's own delegate asks the model for seven roles every time it paints or measures
    a cell (font, alignment, colours, check state, icon, text, background), each a call
    into Python; an edit of a big graph repaints and re-measures every cell in view
    several times, which made the list the slowest part of an edit. The list's cells
    are right-aligned text with no font, colour or icon of their own, so one question
    (the text, from the model's cache) fills in what Qt would have found.
    """

    def __init__(self, model: PathListModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._sizes: dict[str, QSize] = {}  # text -> the size Qt measured in the list's font

    def forget_sizes(self) -> None:
        """The list's font changed (Larger text): measure the texts again."""
        self._sizes = {}

    def sizeHint(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """The cell's size, measured once per text (until the font changes, :meth:`forget_sizes`): the
        columns fit their contents, so every edit measures every cell of the rows in view (forty factor
        columns in a deep network), and the same few numbers come back again and again."""
        text = self.model.answer(index.row(), index.column(), DISPLAY)
        key = "" if text is None else str(text)
        size = self._sizes.get(key)
        if size is None:
            if len(self._sizes) > SIZES_KEPT:
                self._sizes = {}
            size = self._sizes[key] = super().sizeHint(option, index)
        return size

    def initStyleOption(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        option.index = index  # type: ignore[assignment]  # (a QModelIndex; the stub says QPersistentModelIndex)
        option.displayAlignment = RIGHT
        text = self.model.answer(index.row(), index.column(), DISPLAY)
        if text is not None:
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
            option.text = str(text)

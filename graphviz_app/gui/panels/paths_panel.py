"""The paths panel: the multivariable chain rule as a sum over every path.

Choose a **source** (an input or weight; it follows a leaf clicked on the
canvas) and a **target** (the output by default). The panel shows

- the exact number of paths between them, counted at once however many there
  are, and beside it what each method costs: backprop visits every edge once,
  walking the paths multiplies along each of them (for a layered network the
  count is the product of the layers' widths, and the panel says so);
- the paths, listed a hundred at a time ("Show 100 more", or scroll to the end),
  each with its chain of local derivatives from the target back to the source,
  their numbers and their product;
- the sum of the products next to the backprop gradient, and whether they agree.

Selecting a path lights it on the canvas (``sig_path_highlighted``) and dims the
rest. **Play** builds its product factor by factor, lighting the edges
multiplied so far; **Previous/Next path** step through the paths, showing the
running sum grow towards the gradient. The *Forward vs reverse* tab puts the
forward-mode tangents d(node)/d(source) next to the reverse-mode adjoints
∂target/∂node. **Copy** puts the sum on the clipboard as text or LaTeX.

All numbers come from :class:`~graphviz_app.session.path_sum.PathSum`; this
module only shows them.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from graphviz_app.core import graph as G
from graphviz_app.errors import GraphvizAppError
from graphviz_app.gui.panels.base import SessionPanel
from graphviz_app.gui.panels.message_label import MessageLabel
from graphviz_app.gui.panels.path_list import ROW_ROLE, PathListModel
from graphviz_app.gui.panels.vertical_scroll import VerticalScrollArea
from graphviz_app.session import session as S
from graphviz_app.session.captions import Captions
from graphviz_app.session.derivation import derivation_latex
from graphviz_app.session.path_prose import count_html, modes_text, shown_text, total_html, widths_text
from graphviz_app.session.path_slides import slide_latex, slide_text
from graphviz_app.session.path_sum import MODE_ADVICE, PAGE, PathSum, default_source
from graphviz_app.text.numbers import count_text, format_full, summarize

__all__ = ["AUTO_TANGENT_NODES", "PLAY_INTERVAL_MS", "ROW_ROLE", "PathListModel", "PathsPanel"]

PLAY_INTERVAL_MS = 700
"""Time between two factors while a path's product is being built."""
AUTO_TANGENT_NODES = 400
"""Tangents are computed as soon as the tab is shown for graphs up to this size; bigger ones on request."""
LEAF_KINDS = (G.INPUT, G.PARAM, G.TARGET)
LIST_MIN_HEIGHT = 140


def _label(parent: QWidget, rich: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class PathsPanel(SessionPanel):
    """Every path from a source to a target, their products, and their sum next to the gradient.

    Parameters
    ----------
    session:
        The application's :class:`~graphviz_app.session.session.Session`.
    parent:
        The parent widget (the dock).
    """

    # --- signals ---------------------------------------------------------------------

    sig_path_highlighted = Signal(object, object)
    """Nodes and edges to light on the canvas (the rest is dimmed); ``(None, None)`` clears."""

    def __init__(self, session: S.Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.paths: PathSum | None = None
        self._names: Captions | None = None
        self._steps: list = []
        self._step = 0

        self.source_combo = QComboBox(self)
        self.source_combo.setAccessibleName("source")
        self.target_combo = QComboBox(self)
        self.target_combo.setAccessibleName("target")
        for combo in (self.source_combo, self.target_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        choose = QFormLayout()
        choose.addRow("From", self.source_combo)
        choose.addRow("To", self.target_combo)
        self.count_label = _label(self, rich=True)
        self.cost_label = _label(self)
        self.widths_label = _label(self)
        self.error_label = MessageLabel(self)

        # the paths tab
        page = QWidget(self)
        self.model = PathListModel(self)
        self.list = QTableView(page)  # one path per row, its factors in aligned columns
        self.list.setAccessibleName("paths")
        self.list.setModel(self.model)
        self.list.setWordWrap(False)
        self.list.setShowGrid(False)
        self.list.verticalHeader().setVisible(False)
        self.list.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setMinimumHeight(LIST_MIN_HEIGHT)
        self.more_button = QPushButton(f"Show {PAGE} more", page)
        self.shown_label = _label(page)
        self.total_label = _label(page, rich=True)
        self.previous_button = QPushButton("◀ Previous path", page)
        self.play_button = QPushButton("▶ Build product", page)
        self.play_button.setToolTip("Multiply the selected path's factors one by one, from the target back")
        self.next_button = QPushButton("Next path ▶", page)
        self.build_label = _label(page)
        self.running_label = _label(page)
        for label in (self.running_label, self.build_label):  # room for two lines, so the buttons stay put
            label.setMinimumHeight(2 * label.fontMetrics().lineSpacing())
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.copy_text_button = QPushButton("Copy as text", page)
        self.copy_latex_button = QPushButton("Copy as LaTeX", page)
        self.copy_derivation_button = QPushButton("Copy derivation", page)
        self.copy_derivation_button.setToolTip(
            "The chain rule for this gradient as a LaTeX align* block: each path's product with symbols "
            "and numbers, their sum, and the backward trace"
        )
        more_row = QHBoxLayout()
        more_row.addWidget(self.shown_label, 1)
        more_row.addWidget(self.more_button)
        step_row = QHBoxLayout()
        for button in (self.previous_button, self.play_button, self.next_button):
            step_row.addWidget(button)
        copy_row = QHBoxLayout()
        copy_row.addStretch(1)
        copy_row.addWidget(self.copy_text_button)
        copy_row.addWidget(self.copy_latex_button)
        copy_row.addWidget(self.copy_derivation_button)
        column = QVBoxLayout(page)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.list, 1)
        column.addLayout(more_row)
        column.addWidget(self.total_label)
        column.addLayout(step_row)
        column.addWidget(self.running_label)
        column.addWidget(self.build_label)
        column.addLayout(copy_row)

        # the forward vs reverse tab
        modes = QWidget(self)
        self.advice_label = _label(modes)
        self.advice_label.setText(MODE_ADVICE)
        self.modes_label = _label(modes)
        self.tangent_button = QPushButton("Compute tangents", modes)
        self.tangent_button.setToolTip("Run forward mode from the source (on request for big graphs)")
        self.tangent_table = QTableWidget(0, 3, modes)
        self.tangent_table.setHorizontalHeaderLabels(["node", "tangent", "adjoint"])
        self.tangent_table.verticalHeader().setVisible(False)
        self.tangent_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tangent_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tangent_table.horizontalHeader().setStretchLastSection(True)
        self.tangent_message = MessageLabel(modes)
        modes_column = QVBoxLayout(modes)
        modes_column.setContentsMargins(4, 4, 4, 4)
        for widget in (self.advice_label, self.modes_label, self.tangent_button, self.tangent_message):
            modes_column.addWidget(widget)
        modes_column.addWidget(self.tangent_table, 1)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(page, "Paths")
        self.tabs.addTab(modes, "Forward vs reverse")
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(choose)
        for widget in (self.count_label, self.cost_label, self.widths_label, self.error_label):
            layout.addWidget(widget)
        layout.addWidget(self.tabs, 1)
        # in a short dock, scroll: laid out straight into it, the list and the rows under it overlapped
        self.scroll = VerticalScrollArea(body, self)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)

        self.timer = QTimer(self)
        self.timer.setInterval(PLAY_INTERVAL_MS)
        self.timer.timeout.connect(self._on_play_tick)
        self.source_combo.currentIndexChanged.connect(self._on_endpoint_changed)
        self.target_combo.currentIndexChanged.connect(self._on_endpoint_changed)
        self.list.selectionModel().currentChanged.connect(self._on_current_path_changed)
        self.model.sig_fetched.connect(self._on_fetched)
        self.model.sig_failed.connect(self.error_label.show_error)
        self.more_button.clicked.connect(lambda: self.model.fetchMore(QModelIndex()))
        self.previous_button.clicked.connect(self.previous_path)
        self.next_button.clicked.connect(self.next_path)
        self.play_button.clicked.connect(self._on_play_clicked)
        self.copy_text_button.clicked.connect(self.copy_text)
        self.copy_latex_button.clicked.connect(self.copy_latex)
        self.copy_derivation_button.clicked.connect(self.copy_derivation)
        self.tangent_button.clicked.connect(self.compute_tangents)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.on_graph_replaced()

    # --- public API --------------------------------------------------------------------

    def source(self) -> str | None:
        return self.source_combo.currentData()

    def target(self) -> str | None:
        return self.target_combo.currentData()

    def set_source(self, node: str) -> None:
        """Follow the paths from ``node`` (an id)."""
        self._set_combo(self.source_combo, node)

    def set_target(self, node: str) -> None:
        """Follow the paths to ``node`` (an id)."""
        self._set_combo(self.target_combo, node)

    def current_path(self) -> int | None:
        """The selected path's position in the list (0 for the first), or None."""
        index = self.list.currentIndex()
        return index.row() if index.isValid() and self.list.selectionModel().isSelected(index) else None

    def select_path(self, k: int | None) -> None:
        """Select the ``k``-th path (0-based), listing more paths if needed; None clears the selection."""
        if k is None or self.paths is None or not 0 <= k < self.paths.count:
            self.list.clearSelection()
            self.list.setCurrentIndex(QModelIndex())
            self._show_path(None)
            return
        while self.model.rowCount() <= k and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())
        index = self.model.index(k)
        self.list.setCurrentIndex(index)
        if self.list.isVisible():  # hidden, its scroll range is stale and "the end" would list another page
            self.list.scrollTo(index)

    def next_path(self) -> None:
        """Select the next path: the running sum gains its term."""
        k = self.current_path()
        if self.paths is not None and self.paths.count:
            self.select_path(0 if k is None else min(k + 1, self.paths.count - 1))

    def previous_path(self) -> None:
        k = self.current_path()
        if self.paths is not None and self.paths.count:
            self.select_path(0 if k is None else max(k - 1, 0))

    def play(self) -> None:
        """Build the selected path's product (the first path if none is selected), one factor per tick."""
        if self.paths is None or not self.paths.count:
            return
        if self.current_path() is None:
            self.select_path(0)
        self._steps = self.model.row(self.current_path()).build_steps()
        self._step = 0
        self.play_button.setText("■ Stop")
        self._show_build_step()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.play_button.setText("▶ Build product")

    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def copy_text(self) -> str:
        """Put the path sum on the clipboard as plain text; returns it."""
        return self._copy(slide_text, "text")

    def copy_latex(self) -> str:
        """Put the path sum on the clipboard as LaTeX; returns it."""
        return self._copy(slide_latex, "LaTeX")

    def copy_derivation(self) -> str:
        """Put the derivation (``derive --latex``) on the clipboard; returns it."""
        return self._copy(derivation_latex, "derivation as LaTeX")

    def compute_tangents(self) -> None:
        """Fill the forward-vs-reverse table for the current source and target."""
        self.tangent_table.setRowCount(0)
        self.tangent_message.clear()
        if self.paths is None:
            return
        try:
            rows = self.paths.tangent_table()
        except GraphvizAppError as exc:
            self.tangent_message.show_warning(str(exc))
            return
        self.tangent_table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            for j, (text, full) in enumerate(
                (
                    (row.name, row.node),
                    (summarize(row.tangent), row.tangent),
                    (summarize(row.adjoint), row.adjoint),
                )
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(full if isinstance(full, str) else format_full(full))
                self.tangent_table.setItem(i, j, item)
        ps = self.paths
        tangent = next((r.tangent for r in rows if r.node == ps.target), None)
        src, tgt = ps.names.d(ps.source), ps.names.d(ps.target)
        self.tangent_table.setHorizontalHeaderLabels(["node", f"tangent d(·)/d{src}", f"adjoint ∂{tgt}/∂(·)"])
        if tangent is not None:
            self.tangent_message.show_hint(
                f"At the target, forward mode gives d{ps.name(ps.target)}/d{ps.name(ps.source)} = "
                f"{summarize(tangent)}; at the source, reverse mode gives {ps.derivative} = "
                f"{summarize(ps.gradient)}: the same number, by two routes."
            )

    def refresh(self) -> None:
        """Recompute the paths for the chosen source and target (after new numbers), keeping the selection."""
        keep = self.current_path()
        self.stop()
        self.paths = None
        self.error_label.clear()
        ev = self.session.evaluation
        source, target = self.source(), self.target()
        if ev is None or source is None or target is None:
            self.model.set_paths(None)
            self._show_summary()
            return
        try:
            paths = PathSum(ev, source, target, names=self._names)
            paths.ensure(PAGE)
            paths.total()  # sums every path up to SUM_LIMIT; a Jacobian too big to form fails here
            self.paths = paths
        except GraphvizAppError as exc:
            self.error_label.show_error(str(exc))
            self.sig_status.emit(str(exc))
        self.model.set_paths(self.paths)
        self._show_summary()
        self.tangent_table.setRowCount(0)
        self.tangent_message.clear()
        if self.tabs.currentIndex() == 1 and self._small_graph():
            self.compute_tangents()
        self.select_path(
            keep if keep is not None and self.paths is not None and keep < self.paths.count else None
        )

    # --- slots -------------------------------------------------------------------------

    def on_graph_replaced(self) -> None:
        self.sig_path_highlighted.emit(None, None)
        self._fill_combos()
        self.list.clearSelection()
        self.list.setCurrentIndex(QModelIndex())
        self.refresh()

    def on_values_changed(self) -> None:
        ev = self.session.evaluation
        self._names = Captions(ev) if ev is not None else None
        self.refresh()

    def on_selection_changed(self) -> None:
        node = self.session.selection
        g = self.session.graph
        if (
            isinstance(node, str)
            and g is not None
            and node in g
            and g.nodes[node][G.KIND] in LEAF_KINDS
            and node != self.source()
        ):
            self.set_source(node)

    def _on_endpoint_changed(self, _index: int) -> None:
        self.list.clearSelection()
        self.list.setCurrentIndex(QModelIndex())
        self.sig_path_highlighted.emit(None, None)
        self.refresh()

    def _on_current_path_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.stop()
        self._show_path(current.row() if current.isValid() else None)

    def _on_fetched(self, _listed: int) -> None:
        self._show_listing()

    def _on_play_clicked(self) -> None:
        if self.playing:
            self.stop()
            self._show_path(self.current_path())
        else:
            self.play()

    def _on_play_tick(self) -> None:
        self._step += 1
        if self._step >= len(self._steps):
            self.stop()
            return
        self._show_build_step()
        if self._step == len(self._steps) - 1:
            self.stop()

    def _on_tab_changed(self, index: int) -> None:
        if index == 1 and self.tangent_table.rowCount() == 0 and self._small_graph():
            self.compute_tangents()

    # --- private -------------------------------------------------------------------------

    def _small_graph(self) -> bool:
        g = self.session.graph
        return g is not None and g.number_of_nodes() <= AUTO_TANGENT_NODES

    def _fill_combos(self) -> None:
        ev = self.session.evaluation
        self._names = Captions(ev) if ev is not None else None
        with QSignalBlocker(self.source_combo), QSignalBlocker(self.target_combo):
            self.source_combo.clear()
            self.target_combo.clear()
            if ev is None:
                return
            seen: dict[str, int] = {}
            for node in ev.order:
                seen[self._names.name(node)] = seen.get(self._names.name(node), 0) + 1
            for node in ev.order:
                name = self._names.name(node)
                text = name if seen[name] == 1 else f"{name}  [{node}]"
                for combo in (self.source_combo, self.target_combo):
                    combo.addItem(text, node)
                    combo.setItemData(combo.count() - 1, f"node {node}", Qt.ItemDataRole.ToolTipRole)
            source = default_source(ev.graph, self.session.selection)
            if source is not None:
                self.source_combo.setCurrentIndex(self.source_combo.findData(source))
            self.target_combo.setCurrentIndex(self.target_combo.findData(ev.output))

    def _set_combo(self, combo: QComboBox, node: str) -> None:
        index = combo.findData(node)
        if index < 0:
            raise GraphvizAppError(f"there is no node '{node}' in this graph")
        combo.setCurrentIndex(index)  # emits currentIndexChanged when it changes: the paths follow

    def _show_summary(self) -> None:
        ps = self.paths
        has = ps is not None
        for widget in (
            self.previous_button,
            self.next_button,
            self.play_button,
            self.copy_text_button,
            self.copy_latex_button,
            self.copy_derivation_button,
        ):
            widget.setEnabled(has and ps.count > 0)
        self.build_label.clear()
        self.running_label.clear()
        if not has:
            self.count_label.setText(count_html(None, self.session.evaluation is not None))
            for label in (self.cost_label, self.widths_label, self.modes_label):
                label.clear()
            self._show_listing()
            return
        self.count_label.setText(count_html(ps, True))
        self.cost_label.setText(ps.cost_text() if ps.count else "")
        self.widths_label.setText(self._widths_text() or "")
        self.widths_label.setVisible(bool(self.widths_label.text()))
        self.modes_label.setText(self._modes_text())
        self.tangent_button.setVisible(not self._small_graph())
        self._show_listing()

    def _widths_text(self) -> str | None:
        s = self.session
        return widths_text(getattr(s.loaded, "network", None) if s.is_network else None, self.paths)

    def _modes_text(self) -> str:
        return modes_text(self.session.graph, self.paths)

    def _show_listing(self) -> None:
        ps = self.paths
        listed = self.model.rowCount()
        self.more_button.setEnabled(self.model.canFetchMore(QModelIndex()))
        if ps is None:
            self.shown_label.clear()
            self.total_label.clear()
            return
        self.shown_label.setText(shown_text(ps, listed))
        self.total_label.setText(total_html(ps))

    def _show_path(self, k: int | None) -> None:
        ps = self.paths
        if k is None or ps is None or k >= self.model.rowCount():
            self.running_label.clear()
            self.build_label.clear()
            self.sig_path_highlighted.emit(None, None)
            return
        row = self.model.row(k)
        self.running_label.setText(ps.running_text(k + 1))
        self.build_label.clear()
        self.sig_path_highlighted.emit(list(row.nodes), list(row.edges))
        self.sig_status.emit(f"path {k + 1} of {count_text(ps.count)}: product {row.product_text}")

    def _show_build_step(self) -> None:
        step = self._steps[self._step]
        self.build_label.setText(step.text)
        self.sig_path_highlighted.emit(list(step.nodes), list(step.edges))

    def _copy(self, writer, what: str) -> str:
        if self.paths is None:
            return ""
        text = writer(self.paths)
        QGuiApplication.clipboard().setText(text)
        self.sig_status.emit(
            f"copied the {what}" if what.startswith("derivation") else f"copied the path sum as {what}"
        )
        return text

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

All numbers come from :class:`~graphviz_app.session.paths.sum_over_paths.PathSum`; this
module only shows them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from graphviz_app.core import graph as G
from graphviz_app.errors import GraphvizAppError
from graphviz_app.gui.panels.base import SessionPanel
from graphviz_app.gui.panels.message_label import MessageLabel, text_label
from graphviz_app.gui.panels.modes_tab import ModesTab
from graphviz_app.gui.panels.path_endpoints import EndpointChooser
from graphviz_app.gui.panels.path_list import ROW_ROLE, PathListModel
from graphviz_app.gui.panels.paths_tab import PLAY_INTERVAL_MS, PathsTab
from graphviz_app.gui.panels.vertical_scroll import scroll_in
from graphviz_app.session.paths.derivation import derivation_latex
from graphviz_app.session.paths.prose import count_html, modes_text, shown_text, total_html, widths_text
from graphviz_app.session.paths.slides import slide_latex, slide_text
from graphviz_app.session.paths.sum_over_paths import PathSum
from graphviz_app.session.prose.captions import Captions
from graphviz_app.session.state import session as S
from graphviz_app.text.numbers import count_text

__all__ = ["AUTO_TANGENT_NODES", "PLAY_INTERVAL_MS", "ROW_ROLE", "PathListModel", "PathsPanel"]

AUTO_TANGENT_NODES = 400
"""Tangents are computed as soon as the tab is shown for graphs up to this size; bigger ones on request."""
LEAF_KINDS = (G.INPUT, G.PARAM, G.TARGET)
LIST_MIN_HEIGHT = 140


class PathsPanel(SessionPanel):
    """Every path from a source to a target, their products, and their sum next to the gradient.

    Made as every panel is (see :class:`~graphviz_app.gui.panels.base.SessionPanel`).
    """

    # --- signals ---------------------------------------------------------------------

    sig_path_highlighted = Signal(object, object)
    """Nodes and edges to light on the canvas (the rest is dimmed); ``(None, None)`` clears."""

    def __init__(self, session: S.Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.paths: PathSum | None = None
        self._names: Captions | None = None

        self.endpoints = EndpointChooser(self)
        self.source_combo, self.target_combo = self.endpoints.source_combo, self.endpoints.target_combo
        self.count_label = text_label(self, rich=True)
        self.cost_label = text_label(self)
        self.widths_label = text_label(self)
        self.error_label = MessageLabel(self)

        # the paths tab
        self.model = PathListModel(self)
        page = PathsTab(self.model, self)
        self.page, self.timer = page, page.timer
        # the panel's names for the tab's widgets
        self.list, self.more_button, self.shown_label = page.list, page.more_button, page.shown_label
        self.total_label, self.running_label = page.total_label, page.running_label
        self.build_label, self.play_button = page.build_label, page.play_button
        self.previous_button, self.next_button = page.previous_button, page.next_button
        self.copy_text_button, self.copy_latex_button = page.copy_text_button, page.copy_latex_button
        self.copy_derivation_button = page.copy_derivation_button

        # the forward vs reverse tab
        self.modes = ModesTab(self)
        self.modes_label, self.tangent_button = self.modes.modes_label, self.modes.tangent_button
        self.tangent_table, self.tangent_message = self.modes.tangent_table, self.modes.tangent_message

        self.tabs = QTabWidget(self)
        self.tabs.addTab(page, "Paths")
        self.tabs.addTab(self.modes, "Forward vs reverse")
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.endpoints)
        for widget in (self.count_label, self.cost_label, self.widths_label, self.error_label):
            layout.addWidget(widget)
        layout.addWidget(self.tabs, 1)
        # in a short dock, scroll: laid out straight into it, the list and the rows under it overlapped
        self.scroll_area = scroll_in(self, body, frame=False)

        page.sig_build_step.connect(self._on_build_step)
        self.endpoints.sig_changed.connect(self._on_endpoint_changed)
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
        return self.endpoints.source()

    def target(self) -> str | None:
        return self.endpoints.target()

    def set_source(self, node: str) -> None:
        """Follow the paths from ``node`` (an id)."""
        self.endpoints.set_source(node)

    def set_target(self, node: str) -> None:
        """Follow the paths to ``node`` (an id)."""
        self.endpoints.set_target(node)

    def current_path(self) -> int | None:
        """The selected path's position in the list (0 for the first), or None."""
        index = self.list.currentIndex()
        return index.row() if index.isValid() and self.list.selectionModel().isSelected(index) else None

    def select_path(self, k: int | None) -> None:
        """Select the ``k``-th path (0-based), listing more paths if needed; None clears the selection."""
        if k is None or self.paths is None or not 0 <= k < self.paths.listable:
            self.list.clearSelection()
            self.list.setCurrentIndex(QModelIndex())
            self._show_path(None)
            return
        while self.model.rowCount() <= k and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())
        index = self.model.index(k, 0)
        self.list.setCurrentIndex(index)
        if self.list.isVisible():  # hidden, its scroll range is stale and "the end" would list another page
            self.list.scrollTo(index)

    def next_path(self) -> None:
        """Select the next path: the running sum gains its term."""
        k = self.current_path()
        if self.paths is not None and self.paths.count:
            self.select_path(0 if k is None else min(k + 1, self.paths.listable - 1))

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
        self.page.play(self.model.row(self.current_path() or 0).build_steps())

    def stop(self) -> None:
        self.page.stop()

    @property
    def playing(self) -> bool:
        return self.page.playing

    def copy_text(self) -> str:
        """Put the path sum on the clipboard as plain text; returns it."""
        return self._copy(slide_text, "path sum as text")

    def copy_latex(self) -> str:
        """Put the path sum on the clipboard as LaTeX; returns it."""
        return self._copy(slide_latex, "path sum as LaTeX")

    def copy_derivation(self) -> str:
        """Put the derivation (``derive --latex``) on the clipboard; returns it."""
        return self._copy(derivation_latex, "derivation as LaTeX")

    def compute_tangents(self) -> None:
        """Fill the forward-vs-reverse table for the current source and target."""
        self.modes.show_tangents(self.paths)

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
            paths.total()  # every path up to SUM_LIMIT, summed at once; a Jacobian too big to form fails here
            self.paths = paths
        except GraphvizAppError as exc:
            self.error_label.show_error(str(exc))
            self.sig_status.emit(str(exc))
        renewed = self.model.renew(self.paths)  # the same paths, new numbers: the rows stay
        if not renewed:
            self.model.set_paths(self.paths)
        self._show_summary()
        self.modes.clear()
        if self.tabs.currentIndex() == 1 and self._small_graph():
            self.compute_tangents()
        kept = keep is not None and self.paths is not None and keep < self.paths.count
        self._show_path(keep) if renewed else self.select_path(keep if kept else None)

    # --- slots -------------------------------------------------------------------------

    def on_graph_replaced(self) -> None:
        self.sig_path_highlighted.emit(None, None)
        self._fill_combos()
        self.list.clearSelection()
        self.list.setCurrentIndex(QModelIndex())
        self.refresh()

    def on_values_changed(self) -> None:
        ev, old = self.session.evaluation, self._names
        same = ev is not None and old is not None and old.graph is ev.graph and old.out == ev.output
        self._names = (
            None if ev is None else Captions(ev, names=old.names if same and old is not None else None)
        )
        self.refresh()

    def on_selection_changed(self) -> None:
        node, g = self.session.selection, self.session.graph  # a leaf clicked on the canvas: follow it
        leaf = g is not None and node in g and g.nodes[node][G.KIND] in LEAF_KINDS
        if isinstance(node, str) and leaf and node != self.source():
            self.set_source(node)

    def _on_endpoint_changed(self) -> None:
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

    def _on_build_step(self, nodes: object, edges: object) -> None:
        self.sig_path_highlighted.emit(nodes, edges)

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
        self.endpoints.fill(ev, self._names.name if self._names is not None else None, self.session.selection)

    def _show_summary(self) -> None:
        ps = self.paths
        for widget in (
            self.previous_button,
            self.next_button,
            self.play_button,
            self.copy_text_button,
            self.copy_latex_button,
            self.copy_derivation_button,
        ):
            widget.setEnabled(ps is not None and ps.count > 0)
        self.build_label.clear()
        self.running_label.clear()
        if ps is None:
            self.count_label.setText(count_html(None, self.session.evaluation is not None))
            for label in (self.cost_label, self.widths_label, self.modes_label):
                label.clear()
            self._show_listing()
            return
        self.count_label.setText(count_html(ps, True))
        self.cost_label.setText(ps.cost_text() if ps.count else "")
        network = getattr(self.session.loaded, "network", None) if self.session.is_network else None
        self.widths_label.setText(widths_text(network, ps) or "")
        self.widths_label.setVisible(bool(self.widths_label.text()))
        self.modes_label.setText(modes_text(self.session.graph, ps))
        self.tangent_button.setVisible(not self._small_graph())
        self._show_listing()

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

    def _copy(self, writer: Callable[[PathSum], str], what: str) -> str:
        if self.paths is None:
            return ""
        text = writer(self.paths)
        QGuiApplication.clipboard().setText(text)
        self.sig_status.emit(f"copied the {what}")
        return text

"""The scene: one item per node and edge, placed by the layout, updated per frame.

Building the scene is separate from showing numbers on it:

- :meth:`CanvasScene.build` creates the items from a graph and its Geometry;
- :meth:`CanvasScene.show_frame` shows the timeline's state at one step (which
  values are visible, partial gradients, lit edges), touching only the items
  that changed when it is told which;
- :meth:`CanvasScene.show_tokens` places the tokens of a step while it animates.

Node sizes are measured here with Qt's font metrics (:func:`measure_nodes`) and
handed to the layout, so what is drawn fits what was laid out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx
from PySide6.QtCore import QObject, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QPainter
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation
from graphviz_app.gui.canvas.edge_item import EdgeItem
from graphviz_app.gui.canvas.edge_layer import Redraws, draw_edges
from graphviz_app.gui.canvas.edge_states import largest_contribution, refresh_edges
from graphviz_app.gui.canvas.fade import fade_forward_nodes
from graphviz_app.gui.canvas.items import NodeItem, Tooltip
from graphviz_app.gui.canvas.labels import (
    GRAD_PENDING,
    Fonts,
    edge_label,
    is_finite,
    measure_nodes,
    node_title,
)
from graphviz_app.gui.canvas.overview import OverviewItem, add_overview, new_items_layer, show_overview
from graphviz_app.gui.canvas.relabel import NodePlaces, due_now, relabel, relabel_seen
from graphviz_app.gui.canvas.tokens import TokenItem, place_tokens
from graphviz_app.gui.canvas.tooltips import scene_edge_tooltip, scene_node_tooltip
from graphviz_app.gui.theme import Theme
from graphviz_app.layout.geometry import Edge, Geometry
from graphviz_app.session.prose.names import Names
from graphviz_app.session.quiz.state import Hidden
from graphviz_app.session.state.collapse import Projection
from graphviz_app.session.timeline.steps import FrameState, NodeState, Token
from graphviz_app.text.numbers import format_number

__all__ = ["CanvasScene", "Fonts", "edge_label", "measure_nodes", "node_title"]

# Widths reserved for numbers that an edit may bring; longer ones are drawn condensed.


class CanvasScene(QGraphicsScene):
    """Items for one graph; a frame at a time."""

    sig_selected = Signal(object)  # node id, (parent, child) edge, or None
    sig_collapse = Signal(str, bool)  # a layer or step ("layer 2"): collapse (True) or expand (False)

    def __init__(self, theme: Theme, fonts: Fonts, parent: QObject | None = None):
        super().__init__(parent)
        self.theme = theme
        self.fonts = fonts
        self.nodes: dict[str, NodeItem] = {}
        self.edges: dict[tuple[str, str], EdgeItem] = {}
        self.tokens: list[TokenItem] = []
        self.graph: nx.DiGraph | None = None
        self.evaluation: Evaluation | None = None
        self.show_values = True
        self.show_grads = True
        self.show_locals = False
        self.grad_width = False
        self.frame: FrameState | None = None
        self.highlight: tuple[set[str], set[tuple[str, str]]] | None = None
        self.mistake: dict[str, Any] | None = None
        """node -> a mistake's wrong gradient (see gui/panels/mistakes_menu.py)"""
        self.hidden: Hidden | None = None  # the numbers a quiz question masks with "?"
        self._max_contribution: float | None = None  # worked out when the gradient widths first need it
        self._titles: dict[str, str] = {}
        self._names: Names | None = None  # what captions call each node; the canvas says the same
        self.text_ofs: dict[float, str] = {}  # number -> its label text (see _text)
        self._active: str | None = None
        self.hovered: Tooltip | None = None  # under the pointer: its tooltip follows edits
        self.projection = Projection(nx.DiGraph())  # what is drawn for the graph: boxes for collapsed layers
        self.items_layer = new_items_layer()  # see .overview
        self.overview: OverviewItem | None = None
        self.selected: str | Edge | None = None  # what the session has selected (see select)
        self.exporting = False  # drawing for an export: every edge whole (see .edge_layer)
        self.stale: set[str] = set()  # nodes out of view not yet relabelled for the frame (see show_frame)
        self.places = NodePlaces({})  # where the nodes lie (see .relabel): set by build
        self.relabelled_in: QRectF | None = None  # the view's rect the stale nodes were last looked for in
        self.redraws = Redraws(self)  # what of the edges' picture to draw again (see .edge_layer)
        self.setBackgroundBrush(QBrush(theme.background))
        self.selectionChanged.connect(self._on_selection_changed)

    # --- building ------------------------------------------------------------------------

    def build(
        self, g: nx.DiGraph, geometry: Geometry, ev: Evaluation, projection: Projection | None = None
    ) -> None:
        """Create the items of ``g`` at the positions of ``geometry``: with a ``projection`` (collapsed
        layers) those of ``projection.graph``, while frames and selection still speak of ``g``'s nodes."""
        self.clear_tokens()
        self.blockSignals(True)
        self.clear()
        self.blockSignals(False)
        self.nodes, self.edges, self.stale = {}, {}, set()
        self.projection = projection if projection is not None and projection.owner else Projection(g)
        boxes = self.projection.boxes
        self.items_layer = new_items_layer()
        self.addItem(self.items_layer)
        if g is not self.graph:
            self.highlight = None  # a lit path belongs to the graph it was chosen on
        self.graph, self.evaluation = g, ev
        self._names = Names.of(ev)
        self._titles = {
            n: boxes[n].title if n in boxes else node_title(g, n, self._names) for n in geometry.nodes
        }
        self._active = None
        self.hovered = None
        out = ev.output
        for node, box in geometry.nodes.items():
            node_item = NodeItem(
                node,
                G.OPNODE if node in boxes else g.nodes[node][G.KIND],
                box.w,
                box.h,
                is_output=node == out,
                theme=self.theme,
                fonts=(self.fonts.title, self.fonts.body),
            )
            node_item.tooltip_text = self._node_tooltip
            node_item.setPos(box.cx, box.cy)
            node_item.setParentItem(self.items_layer)
            self.nodes[node] = node_item
        for edge, path in geometry.edges.items():
            edge_item = EdgeItem(
                edge, list(path.points), path.arrow_tip, path.label_pos, self.theme, self.fonts.small
            )
            edge_item.tooltip_text = self._edge_tooltip
            edge_item.order = len(self.edges)
            edge_item.setParentItem(self.items_layer)
            self.edges[edge] = edge_item
        self.places, margin = NodePlaces(self.nodes), 24
        self.setSceneRect(QRectF(-margin, -margin, geometry.width + 2 * margin, geometry.height + 2 * margin))
        fade_forward_nodes(g, self.nodes, self.edges)  # in a backward graph
        self.overview = add_overview(self)
        self.redraw_edges()
        self.set_evaluation(ev)

    def set_evaluation(self, ev: Evaluation) -> None:
        """New numbers on the same structure (an edit): tooltips and gradient widths follow.

        Nothing is computed here for every item: a tooltip is written when the
        pointer rests on its item (see ``NodeItem.hoverEnterEvent``), and the
        largest contribution, which scales the gradient widths, when they are
        first drawn. An edit of a big graph then costs only its new labels.
        """
        self.evaluation = ev
        self._max_contribution = None
        if self.hovered is not None:
            self.hovered.refresh_tooltip()

    @property
    def max_contribution(self) -> float:
        """The largest |contribution| of the evaluation (1 when there is none): the widest edge."""
        if self._max_contribution is None:
            ev = self.evaluation
            self._max_contribution = 1.0 if ev is None else largest_contribution(ev)
        return self._max_contribution

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.setBackgroundBrush(QBrush(theme.background))
        items: list[NodeItem | EdgeItem] = [*self.nodes.values(), *self.edges.values()]
        for item in items:
            item.theme = theme
            item.update()
        self.redraw_edges()

    def render(
        self,
        painter: QPainter,
        target: QRectF | QRect | None = None,
        source: QRectF | QRect | None = None,
        mode: Qt.AspectRatioMode = Qt.AspectRatioMode.KeepAspectRatio,
    ) -> None:
        """Draw the scene onto ``painter`` (export): every item paints itself, no cached pixels.

        Nodes keep a cached picture of themselves for fast frames on screen (see
        :class:`NodeItem`), and the view a picture of the edges; a PNG at another
        scale, an SVG or a PDF needs them drawn afresh, as vectors and text, and
        every edge's curve whole (see :mod:`.edge_layer`).
        """
        self.relabel_seen()  # every node as the frame has it
        items = list(self.nodes.values())
        overview = self.overview is not None and self.overview.isVisible()
        show_overview(self, False)  # an export shows every node with its text
        for item in items:
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        self.exporting = True
        try:
            super().render(painter, target or QRectF(), source or QRectF(), mode)
        finally:
            self.exporting = False
            for item in items:
                item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            show_overview(self, overview)

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:  # noqa: N802
        """The background colour, then the edges (see :mod:`.edge_layer`), unless the overview shows them."""
        super().drawBackground(painter, rect)
        if self.edges and self.items_layer.isVisible():
            draw_edges(self, painter, QRectF(rect), whole=self.exporting)

    def redraw_edges(self) -> None:
        """Draw every edge again (a new graph, theme or level of detail)."""
        self.invalidate(self.sceneRect(), QGraphicsScene.SceneLayer.BackgroundLayer)

    # --- frames -----------------------------------------------------------------------------

    def show_frame(
        self,
        frame: FrameState,
        nodes: Iterable[str] | None = None,
        edges: Iterable[tuple[str, str]] | None = None,
        values_only: bool = False,
    ) -> None:
        """Show ``frame``; with ``nodes``/``edges`` given, only those items are refreshed; ``values_only``:
        the same step's with new numbers (an edit). Nodes out of view in a big graph are relabelled when
        they come into view (:meth:`relabel_seen`): an edit or a jump costs the nodes on screen."""
        self.frame = frame
        g, ev = self.graph, self.evaluation
        if g is None or ev is None:
            return
        boxes = self.projection.boxes
        if nodes is not None and boxes:
            nodes = {self.projection.node(node) for node in nodes}
        relabel(self, due_now(self, self.nodes.keys() if nodes is None else nodes))
        with self.redraws.batch():
            refresh_edges(self, self.edges if edges is None else edges, values_only)
        if self.overview is not None:
            self.overview.set_lit(frame.edges, self.projection)
        if frame.active != self._active:  # only the node that was active and the one that is now
            for node, on in ((self._active, False), (frame.active, True)):
                if node in self.nodes:
                    self.nodes[node].set_active(on)
            self._active = frame.active

    def relabel_seen(self, rect: QRectF | None = None) -> None:
        """Write the frame's numbers on the nodes left for later in ``rect`` (None: all; see .relabel)."""
        relabel_seen(self, rect)

    def lines_of(self, node: str, state: NodeState | None) -> list[tuple[str, str]]:
        """:func:`node_lines`, with the title looked up rather than rebuilt (this runs for every label)."""
        ev, frame = self.evaluation, self.frame
        assert ev is not None and frame is not None  # labels are written for a frame of a built scene
        lines = [(self._titles[node] + " ⚠", "title") if node in ev.flags else (self._titles[node], "title")]
        if self.show_values:
            value = None if state is None else state.value
            if value is None:
                lines.append(("·", "muted"))
            elif type(value) is float and value - value == 0.0:
                lines.append((self.text_of(value), "value"))
            else:
                lines.append((format_number(value), "value" if is_finite(value) else "fault"))
        hidden = self.hidden if self.hidden is not None and self.hidden.masks(node, frame.index) else None
        mistake = self.mistake  # (a quiz's "?" wins over a mistake: the right number would give it away)
        if mistake is not None and node in mistake and self.show_grads and hidden is None:
            return mistake_lines(self, node, lines[0], ev, mistake)
        if self.show_grads and ev.grads.get(node) is not None:
            if hidden is not None:
                lines.append((hidden.grad_line(state), "grad-partial"))
            elif state is None or state.grad is None:
                lines.append((GRAD_PENDING, "muted"))
            elif state.grad_final or state.expected <= 1:
                lines.append(("∇ " + self.text_of(state.grad), "grad"))
            else:
                partial = f"∇ {self.text_of(state.grad)} ({state.received}/{state.expected})"
                lines.append((partial, "grad-partial"))
        return lines

    def text_of(self, x: Any) -> str:
        """``format_number(x)``, remembered for plain numbers: after an edit most of them are the same."""
        if type(x) is not float:
            return format_number(x)
        text = self.text_ofs.get(x)
        if text is None:
            if len(self.text_ofs) > 200_000:
                self.text_ofs.clear()
            text = self.text_ofs[x] = format_number(x)
        return text

    def refresh(self) -> None:
        """Redraw every item (after a settings change)."""
        if self.frame is not None:
            self.show_frame(self.frame)

    def set_path_highlight(
        self, nodes: Iterable[str] | None, edges: Iterable[tuple[str, str]] | None
    ) -> None:
        """Light one path (its nodes and edges) and dim everything else; ``None`` clears."""
        highlight = None if nodes is None else (set(nodes), set(edges or ()))
        if highlight != self.highlight:  # (the paths panel clears it after every edit)
            self.highlight = highlight
            self.refresh()

    # --- tokens -----------------------------------------------------------------------------

    def show_tokens(self, tokens: Iterable[Token], progress: float) -> None:
        """Place the tokens of the step being animated at ``progress`` (0..1) along their edges."""
        place_tokens(self, tokens, progress)

    def clear_tokens(self) -> None:
        for item in self.tokens:
            if item.scene() is self:
                self.removeItem(item)
        self.tokens = []

    # --- selection and tooltips -------------------------------------------------------------------

    def select(self, what: str | Edge | None) -> None:
        self.blockSignals(True)
        self.clearSelection()
        self.selected, p = what, self.projection
        item: NodeItem | EdgeItem | None = None
        if isinstance(what, str):
            item = self.nodes.get(p.node(what))
        elif what:
            drawn = p.edge(what)  # None inside a collapsed box
            item = None if drawn is None else self.edges.get(drawn)
        if item is not None:
            item.setSelected(True)
        self.blockSignals(False)

    def _on_selection_changed(self) -> None:
        selected = self.selectedItems()
        if not selected:
            self.sig_selected.emit(None)
            return
        item, p = selected[0], self.projection
        if isinstance(item, NodeItem):  # a box: its first neuron; a merged edge: its first edge
            self.sig_selected.emit(
                p.boxes[item.node_id].shown[0] if item.node_id in p.boxes else item.node_id
            )
        elif isinstance(item, EdgeItem):
            self.sig_selected.emit(p.merged[item.edge][0] if item.edge in p.merged else item.edge)

    def _node_tooltip(self, node: str) -> str:
        return scene_node_tooltip(self, node)

    def _edge_tooltip(self, edge: tuple[str, str]) -> str:
        return scene_edge_tooltip(self, edge)


def mistake_lines(
    scene: CanvasScene, node: str, title: tuple[str, str], ev: Evaluation, mistake: dict[str, Any]
) -> list[tuple[str, str]]:
    """A node a mistake damaged (see gui/panels/mistakes_menu.py): the right gradient (``ev``'s), then the
    wrong one (``mistake``'s) in the error colour, in the lines the box has (the value's and the gradient's;
    the value is in the inspector)."""
    wrong = ("✗ ∇ " + scene.text_of(mistake[node]), "fault")
    if not scene.show_values:  # room for one line under the title
        return [title, wrong]
    return [title, ("∇ " + scene.text_of(ev.grads[node]), "grad"), wrong]

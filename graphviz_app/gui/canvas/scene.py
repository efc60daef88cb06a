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

import math
from collections.abc import Iterable
from typing import Any

import networkx as nx
import numpy as np
from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QPainter
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation
from graphviz_app.gui.canvas.fade import fade_forward_nodes
from graphviz_app.gui.canvas.items import EdgeItem, NodeItem
from graphviz_app.gui.canvas.labels import (
    GRAD_PENDING,
    Fonts,
    edge_label,
    edge_tooltip,
    is_finite,
    measure_nodes,
    node_title,
    node_tooltip,
)
from graphviz_app.gui.canvas.tokens import TokenItem
from graphviz_app.gui.theme import Theme
from graphviz_app.session.captions import Names
from graphviz_app.session.timeline import FrameState, NodeState, Token
from graphviz_app.text.numbers import format_number

__all__ = ["CanvasScene", "Fonts", "edge_label", "measure_nodes", "node_title"]

# Widths reserved for numbers that an edit may bring; longer ones are drawn condensed.


class CanvasScene(QGraphicsScene):
    """Items for one graph; a frame at a time."""

    sig_selected = Signal(object)  # node id, (parent, child) edge, or None

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
        self._max_contribution: float | None = None  # worked out when the gradient widths first need it
        self._titles: dict[str, str] = {}
        self._names: Names | None = None  # what captions call each node; the canvas says the same
        self._texts: dict[float, str] = {}  # number -> its label text (see _text)
        self._active: str | None = None
        self.hovered: NodeItem | EdgeItem | None = None  # under the pointer: its tooltip follows edits
        self.setBackgroundBrush(QBrush(theme.background))
        self.selectionChanged.connect(self._on_selection_changed)

    # --- building ------------------------------------------------------------------------

    def build(self, g: nx.DiGraph, geometry: Any, ev: Evaluation) -> None:
        """Create the items of ``g`` at the positions of ``geometry``."""
        self.clear_tokens()
        self.blockSignals(True)
        self.clear()
        self.blockSignals(False)
        self.nodes, self.edges = {}, {}
        if g is not self.graph:
            self.highlight = None  # a lit path belongs to the graph it was chosen on
        self.graph, self.evaluation = g, ev
        self._names = Names.of(ev)
        self._titles = {node: node_title(g, node, self._names) for node in geometry.nodes}
        self._active = None
        self.hovered = None
        out = ev.output
        for node, box in geometry.nodes.items():
            item = NodeItem(
                node,
                g.nodes[node][G.KIND],
                box.w,
                box.h,
                is_output=node == out,
                theme=self.theme,
                fonts=(self.fonts.title, self.fonts.body),
            )
            item.tooltip_text = self._node_tooltip
            item.setPos(box.cx, box.cy)
            self.addItem(item)
            self.nodes[node] = item
        for edge, path in geometry.edges.items():
            item = EdgeItem(
                edge, list(path.points), path.arrow_tip, path.label_pos, self.theme, self.fonts.small
            )
            item.tooltip_text = self._edge_tooltip
            self.addItem(item)
            self.edges[edge] = item
        margin = 24
        self.setSceneRect(QRectF(-margin, -margin, geometry.width + 2 * margin, geometry.height + 2 * margin))
        fade_forward_nodes(g, self.nodes, self.edges)  # in a backward graph
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
            largest = 0.0
            for c in self.evaluation.contributions.values():
                if c is None:
                    continue
                if type(c) is float:
                    if c - c == 0.0 and abs(c) > largest:
                        largest = abs(c)
                elif np.all(np.isfinite(c)):
                    largest = max(largest, abs(float(np.max(np.abs(c)))))
            self._max_contribution = largest or 1.0
        return self._max_contribution

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.setBackgroundBrush(QBrush(theme.background))
        for item in [*self.nodes.values(), *self.edges.values()]:
            item.theme = theme
            item.update()

    def render(
        self,
        painter: QPainter,
        target: QRectF | None = None,
        source: QRectF | None = None,
        mode: Qt.AspectRatioMode = Qt.KeepAspectRatio,
    ) -> None:
        """Draw the scene onto ``painter`` (export): every item paints itself, no cached pixels.

        Nodes and edges keep a cached picture of themselves for fast frames on
        screen (see :class:`NodeItem`); a PNG at another scale, an SVG or a PDF
        needs them drawn afresh, as vectors and text.
        """
        items = [*self.nodes.values(), *self.edges.values()]
        for item in items:
            item.setCacheMode(QGraphicsItem.NoCache)
        try:
            super().render(painter, target or QRectF(), source or QRectF(), mode)
        finally:
            for item in items:
                item.setCacheMode(QGraphicsItem.DeviceCoordinateCache)

    # --- frames -----------------------------------------------------------------------------

    def show_frame(
        self,
        frame: FrameState,
        nodes: Iterable[str] | None = None,
        edges: Iterable[tuple[str, str]] | None = None,
    ) -> None:
        """Show ``frame``; with ``nodes``/``edges`` given, only those items are refreshed."""
        self.frame = frame
        g, ev = self.graph, self.evaluation
        if g is None or ev is None:
            return
        lit = None if self.highlight is None else self.highlight[0]
        items, states, lines_of = self.nodes, frame.nodes, self._lines
        for node in items if nodes is None else nodes:
            item = items.get(node)
            if item is not None:  # item.set_lines and item.set_dimmed, inlined: this runs for every node
                lines = lines_of(node, states.get(node))
                dimmed = lit is not None and node not in lit
                if lines != item.lines or dimmed != item.dimmed:
                    item.lines, item.dimmed = lines, dimmed
                    item.update()
        self._refresh_edges(self.edges if edges is None else edges)
        if frame.active != self._active:  # only the node that was active and the one that is now
            for node, on in ((self._active, False), (frame.active, True)):
                if node in self.nodes:
                    self.nodes[node].set_active(on)
            self._active = frame.active

    def _lines(self, node: str, state: NodeState | None) -> list[tuple[str, str]]:
        """:func:`node_lines`, with the title looked up rather than rebuilt (this runs for every label)."""
        ev = self.evaluation
        lines = [(self._titles[node] + " ⚠", "title") if node in ev.flags else (self._titles[node], "title")]
        if self.show_values:
            value = None if state is None else state.value
            if value is None:
                lines.append(("·", "muted"))
            elif type(value) is float and value - value == 0.0:
                lines.append((self._text(value), "value"))
            else:
                lines.append((format_number(value), "value" if is_finite(value) else "fault"))
        if self.show_grads and ev.grads.get(node) is not None:
            if state is None or state.grad is None:
                lines.append((GRAD_PENDING, "muted"))
            elif state.grad_final or state.expected <= 1:
                lines.append(("∇ " + self._text(state.grad), "grad"))
            else:
                partial = f"∇ {self._text(state.grad)} ({state.received}/{state.expected})"
                lines.append((partial, "grad-partial"))
        return lines

    def _text(self, x: Any) -> str:
        """``format_number(x)``, remembered for plain numbers: after an edit most of them are the same."""
        if type(x) is not float:
            return format_number(x)
        text = self._texts.get(x)
        if text is None:
            if len(self._texts) > 200_000:
                self._texts.clear()
            text = self._texts[x] = format_number(x)
        return text

    def refresh(self) -> None:
        """Redraw every item (after a settings change)."""
        if self.frame is not None:
            self.show_frame(self.frame)

    def _refresh_edges(self, edges: Iterable[tuple[str, str]]) -> None:
        if self.show_locals or self.grad_width or self.highlight is not None:
            for edge in edges:
                self._refresh_edge(edge)
            return
        # The usual case, and the one every frame of a big graph takes: an edge shows only
        # its highlight (no label, no width, nothing dimmed), so that is all there is to set.
        items, states = self.edges, self.frame.edges
        for edge in edges:
            item = items.get(edge)
            if item is not None:
                highlight = states.get(edge)
                if highlight != item.highlight or item.label or item.weight or item.dimmed or item.emphasised:
                    item.set_state(highlight, "", 0.0, dimmed=False, emphasised=False)

    def _refresh_edge(self, edge: tuple[str, str]) -> None:
        item = self.edges.get(edge)
        if item is None or self.frame is None or self.evaluation is None:
            return
        highlight = self.frame.edges.get(edge)
        weight = 0.0
        if self.grad_width and highlight in ("backward", "done-backward"):
            c = self.evaluation.contributions.get(edge)
            if c is not None and is_finite(c):
                magnitude = abs(c) if type(c) is float else float(np.max(np.abs(c)))
                relative = magnitude / self.max_contribution
                weight = 0.0 if magnitude == 0 else max(0.0, 1 + math.log10(relative) / 6)
        label = edge_label(self.evaluation, edge) if self.show_locals else ""
        in_path = self.highlight is None or edge in self.highlight[1]
        item.set_state(
            highlight, label, weight, dimmed=not in_path, emphasised=self.highlight is not None and in_path
        )

    def set_path_highlight(
        self, nodes: Iterable[str] | None, edges: Iterable[tuple[str, str]] | None
    ) -> None:
        """Light one path (its nodes and edges) and dim everything else; ``None`` clears."""
        self.highlight = None if nodes is None else (set(nodes), set(edges or ()))
        self.refresh()

    # --- tokens -----------------------------------------------------------------------------

    def show_tokens(self, tokens: Iterable[Token], progress: float) -> None:
        """Place the tokens of the step being animated at ``progress`` (0..1) along their edges."""
        tokens = list(tokens)
        if len(self.tokens) != len(tokens) or any(
            t.text != item.text for t, item in zip(tokens, self.tokens)
        ):
            self.clear_tokens()
            for token in tokens:
                edge = self.edges.get(token.edge)
                if edge is None:
                    continue
                colour = self.theme.forward if token.role == "value" else self.theme.backward
                item = TokenItem(
                    edge.path,
                    token.text,
                    colour,
                    self.theme.token_text,
                    self.fonts.small,
                    backward=token.direction == "backward",
                )
                self.addItem(item)
                self.tokens.append(item)
        for item in self.tokens:
            item.set_progress(progress)

    def clear_tokens(self) -> None:
        for item in self.tokens:
            if item.scene() is self:
                self.removeItem(item)
        self.tokens = []

    # --- selection and tooltips -------------------------------------------------------------------

    def select(self, what: Any) -> None:
        self.blockSignals(True)
        self.clearSelection()
        item = self.nodes.get(what) if isinstance(what, str) else self.edges.get(what) if what else None
        if item is not None:
            item.setSelected(True)
        self.blockSignals(False)

    def _on_selection_changed(self) -> None:
        selected = self.selectedItems()
        if not selected:
            self.sig_selected.emit(None)
            return
        item = selected[0]
        self.sig_selected.emit(item.node_id if isinstance(item, NodeItem) else item.edge)

    def _node_tooltip(self, node: str) -> str:
        title = self._names.name(node) if self._names else self._titles[node]
        return node_tooltip(self.graph, self.evaluation, node, title, self.theme.fault.name())

    def _edge_tooltip(self, edge: tuple[str, str]) -> str:
        names = self._names if self._names is not None else Names.of(self.evaluation)
        return edge_tooltip(self.evaluation, names, self._titles, edge)

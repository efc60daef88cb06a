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
from typing import Any, Iterable

import networkx as nx
import numpy as np
from PySide6.QtCore import QObject, QRectF, Signal
from PySide6.QtGui import QBrush, QFont, QFontMetricsF
from PySide6.QtWidgets import QGraphicsScene

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation
from graphviz_app.core.ops import get_op
from graphviz_app.gui.canvas.items import LINE_GAP, NODE_PADDING, EdgeItem, NodeItem, TokenItem
from graphviz_app.gui.theme import Theme
from graphviz_app.session.numbers import format_full, format_number
from graphviz_app.session.timeline import FrameState, NodeState, Token

__all__ = ["CanvasScene", "measure_nodes", "node_title", "Fonts"]

# Widths reserved for numbers that an edit may bring; longer ones are drawn condensed.
VALUE_TEMPLATE = "−0.1235"
GRAD_TEMPLATE = "∇ −0.1235"


class Fonts:
    """The three fonts of the canvas, scaled together for the larger-text mode."""

    def __init__(self, base_point_size: float = 10.0, large: bool = False):
        size = base_point_size * (1.6 if large else 1.0)
        self.title = QFont()
        self.title.setPointSizeF(size + 1)
        self.title.setBold(True)
        self.body = QFont()
        self.body.setPointSizeF(size)
        self.small = QFont()
        self.small.setPointSizeF(size * 0.9)


def node_title(g: nx.DiGraph, node: str) -> str:
    """What a node is called on the canvas: ``x``, ``sin``, or ``z = +`` for a named op."""
    data = g.nodes[node]
    if data[G.KIND] == G.OPNODE and data[G.NAME]:
        return f"{data[G.NAME]} = {get_op(data[G.OP]).symbol}"
    return data[G.LABEL]


def _needs_gradient_line(ev: Evaluation, node: str) -> bool:
    return ev.grads.get(node) is not None


def node_lines(g: nx.DiGraph, ev: Evaluation, node: str, state: NodeState | None, show_values: bool,
               show_grads: bool) -> list[tuple[str, str]]:
    """The text lines of a node at one frame: its title, its value (forward colour) and its
    gradient ∇ = ∂output/∂node (backward colour); ``·`` where a number is not computed yet,
    ``(2/3)`` while contributions are still arriving."""
    lines = [(node_title(g, node) + (" ⚠" if ev.flags.get(node) else ""), "title")]
    if show_values:
        if state is not None and state.value is not None:
            finite = bool(np.all(np.isfinite(state.value)))
            lines.append((format_number(state.value), "value" if finite else "fault"))
        else:
            lines.append(("·", "muted"))
    if show_grads and _needs_gradient_line(ev, node):
        if state is None or state.grad is None:
            lines.append(("∇ ·", "muted"))
        elif state.grad_final or state.expected <= 1:
            lines.append((f"∇ {format_number(state.grad)}", "grad"))
        else:
            lines.append((f"∇ {format_number(state.grad)} ({state.received}/{state.expected})", "grad-partial"))
    return lines


def measure_nodes(g: nx.DiGraph, ev: Evaluation, fonts: Fonts, show_values: bool = True,
                  show_grads: bool = True) -> dict[str, tuple[float, float]]:
    """Width and height in pixels of every node, from its widest possible line."""
    title_m = QFontMetricsF(fonts.title)
    body_m = QFontMetricsF(fonts.body)
    value_w = body_m.horizontalAdvance(VALUE_TEMPLATE)
    grad_w = body_m.horizontalAdvance(GRAD_TEMPLATE)
    sizes: dict[str, tuple[float, float]] = {}
    for node in g.nodes:
        width = title_m.horizontalAdvance(node_title(g, node) + " ⚠")
        height = title_m.height()
        if show_values:
            width = max(width, value_w, body_m.horizontalAdvance(format_number(ev.values[node])))
            height += body_m.height() + LINE_GAP
        if show_grads and _needs_gradient_line(ev, node):
            width = max(width, grad_w, body_m.horizontalAdvance("∇ " + format_number(ev.grads[node])))
            height += body_m.height() + LINE_GAP
        sizes[node] = (math.ceil(width + 2 * NODE_PADDING), math.ceil(height + 2 * NODE_PADDING * 0.7))
    return sizes


def edge_label(ev: Evaluation, edge: tuple[str, str]) -> str:
    """The local derivative written on an edge: a number, or the Jacobian's shape."""
    local = ev.local.get(edge)
    if local is not None:
        return "∂ " + format_number(local)
    if ev.contributions.get(edge) is None:
        return ""
    return "J " + "×".join(map(str, ev.jacobian_shape(edge)))


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
        self._max_contribution = 1.0
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
        self.graph, self.evaluation = g, ev
        out = ev.output
        for node, box in geometry.nodes.items():
            item = NodeItem(node, g.nodes[node][G.KIND], box.w, box.h, is_output=node == out,
                            theme=self.theme, fonts=(self.fonts.title, self.fonts.body))
            item.setPos(box.cx, box.cy)
            self.addItem(item)
            self.nodes[node] = item
        for edge, path in geometry.edges.items():
            item = EdgeItem(edge, list(path.points), path.arrow_tip, path.label_pos, self.theme,
                            self.fonts.small)
            self.addItem(item)
            self.edges[edge] = item
        margin = 24
        self.setSceneRect(QRectF(-margin, -margin, geometry.width + 2 * margin, geometry.height + 2 * margin))
        self.set_evaluation(ev)

    def set_evaluation(self, ev: Evaluation) -> None:
        """New numbers on the same structure (an edit): tooltips and gradient widths follow."""
        self.evaluation = ev
        sizes = [abs(float(np.max(np.abs(c)))) for c in ev.contributions.values()
                 if c is not None and np.all(np.isfinite(c))]
        self._max_contribution = max(sizes, default=1.0) or 1.0
        for node, item in self.nodes.items():
            item.setToolTip(self._node_tooltip(node))
        for edge, item in self.edges.items():
            item.setToolTip(self._edge_tooltip(edge))

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.setBackgroundBrush(QBrush(theme.background))
        for item in [*self.nodes.values(), *self.edges.values()]:
            item.theme = theme
            item.update()

    # --- frames -----------------------------------------------------------------------------

    def show_frame(self, frame: FrameState, nodes: Iterable[str] | None = None,
                   edges: Iterable[tuple[str, str]] | None = None) -> None:
        """Show ``frame``; with ``nodes``/``edges`` given, only those items are refreshed."""
        self.frame = frame
        g, ev = self.graph, self.evaluation
        if g is None or ev is None:
            return
        for node in self.nodes if nodes is None else nodes:
            item = self.nodes.get(node)
            if item is not None:
                item.set_lines(node_lines(g, ev, node, frame.nodes.get(node), self.show_values, self.show_grads))
                item.set_dimmed(self.highlight is not None and node not in self.highlight[0])
        for edge in self.edges if edges is None else edges:
            self._refresh_edge(edge)
        for node, item in self.nodes.items():
            item.set_active(node == frame.active)

    def refresh(self) -> None:
        """Redraw every item (after a settings change)."""
        if self.frame is not None:
            self.show_frame(self.frame)

    def _refresh_edge(self, edge: tuple[str, str]) -> None:
        item = self.edges.get(edge)
        if item is None or self.frame is None or self.evaluation is None:
            return
        highlight = self.frame.edges.get(edge)
        weight = 0.0
        if self.grad_width and highlight in ("backward", "done-backward"):
            c = self.evaluation.contributions.get(edge)
            if c is not None and np.all(np.isfinite(c)):
                magnitude = float(np.max(np.abs(c)))
                weight = 0.0 if magnitude == 0 else max(0.0, 1 + math.log10(magnitude / self._max_contribution) / 6)
        label = edge_label(self.evaluation, edge) if self.show_locals else ""
        in_path = self.highlight is None or edge in self.highlight[1]
        item.set_state(highlight, label, weight, dimmed=not in_path,
                       emphasised=self.highlight is not None and in_path)

    def set_path_highlight(self, nodes: Iterable[str] | None, edges: Iterable[tuple[str, str]] | None) -> None:
        """Light one path (its nodes and edges) and dim everything else; ``None`` clears."""
        self.highlight = None if nodes is None else (set(nodes), set(edges or ()))
        self.refresh()

    # --- tokens -----------------------------------------------------------------------------

    def show_tokens(self, tokens: Iterable[Token], progress: float) -> None:
        """Place the tokens of the step being animated at ``progress`` (0..1) along their edges."""
        tokens = list(tokens)
        if len(self.tokens) != len(tokens) or any(t.text != item.text for t, item in zip(tokens, self.tokens)):
            self.clear_tokens()
            for token in tokens:
                edge = self.edges.get(token.edge)
                if edge is None:
                    continue
                colour = self.theme.forward if token.role == "value" else self.theme.backward
                item = TokenItem(edge.path, token.text, colour, self.theme.token_text, self.fonts.small,
                                 backward=token.direction == "backward")
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
        g, ev = self.graph, self.evaluation
        data = g.nodes[node]
        lines = [f"<b>{node_title(g, node)}</b> <i>({data[G.KIND] if data[G.KIND] != 'op' else data[G.OP]}, "
                 f"id {node})</i>", f"value = {format_full(ev.values[node])}"]
        if ev.grads.get(node) is not None:
            lines.append(f"gradient = {format_full(ev.grads[node])}")
        for flag in ev.flags.get(node, []):
            lines.append(f"<span style='color:{self.theme.fault.name()}'>⚠ {flag}</span>")
        return "<br>".join(lines)

    def _edge_tooltip(self, edge: tuple[str, str]) -> str:
        g, ev = self.graph, self.evaluation
        parent, child = edge
        lines = [f"<b>{node_title(g, parent)} → {node_title(g, child)}</b>",
                 f"carries {format_full(ev.values[parent])}"]
        if ev.local.get(edge) is not None:
            lines.append(f"local ∂{g.nodes[child][G.LABEL]}/∂{g.nodes[parent][G.LABEL]} = "
                         f"{format_full(ev.local[edge])}")
        elif ev.contributions.get(edge) is not None:
            lines.append(f"local Jacobian of shape {'×'.join(map(str, ev.jacobian_shape(edge)))}")
        if ev.contributions.get(edge) is not None:
            lines.append(f"sends back {format_full(ev.contributions[edge])}")
        return "<br>".join(lines)

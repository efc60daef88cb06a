"""Drawing collapsed layers: sizes, lines and states of the boxes (see :mod:`graphviz_app.session.state.collapse`).

The scene draws the :class:`~graphviz_app.session.state.collapse.Projection` of the
graph; this module holds what it needs to know about boxes and merged edges,
so that the scene stays about frames and items.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

import networkx as nx
from PySide6.QtGui import QFontMetricsF

from graphviz_app.core.evaluate import Evaluation
from graphviz_app.gui.canvas.items import LINE_GAP, NODE_PADDING
from graphviz_app.session.state.collapse import (
    Box,
    Projection,
    box_lines,
    frame_box_lines,
    group_of,
    merged_state,
    project,
)
from graphviz_app.session.training.learned import Learned
from graphviz_app.text.numbers import format_full, format_number

if TYPE_CHECKING:
    from graphviz_app.gui.canvas.labels import Fonts

__all__ = [
    "box_tooltip",
    "collapse_choices",
    "drawn_layout_inputs",
    "frame_box_lines",
    "groups_of",
    "merged_state",
]


def _final_lines(
    box: Box, ev: Evaluation, text: Callable[[Any], str], show_values: bool, show_grads: bool
) -> list[tuple[str, str]]:
    return box_lines(box, ev.values.get, lambda m: (ev.grads.get(m), True), text, show_values, show_grads)


_GROUPS: weakref.WeakKeyDictionary[nx.DiGraph, dict[str, str]] = weakref.WeakKeyDictionary()


def groups_of(graph: nx.DiGraph) -> dict[str, str]:
    """Node -> the layer or step it collapses with, worked out once per graph (on the first right-click)."""
    if graph not in _GROUPS:
        _GROUPS[graph] = group_of(graph)
    return _GROUPS[graph]


def collapse_choices(
    projection: Projection, group_of: dict[str, str], node: str
) -> list[tuple[str, str, bool]]:
    """What right-clicking ``node`` offers: ``(menu text, key, collapse?)`` for its own layer or
    step (collapse it, or expand it when ``node`` is its box), then expanding every other box."""
    box = projection.boxes.get(node)
    choices = []
    if box is not None:
        choices.append((f"Expand {box.key}", box.key, False))
    elif node in group_of:
        choices.append((f"Collapse {group_of[node]}", group_of[node], True))
    for key in sorted(other.key for other in projection.boxes.values()):
        if box is None or key != box.key:
            choices.append((f"Expand {key}", key, False))
    return choices


def box_tooltip(box: Box, ev: Evaluation) -> str:
    """Every value and gradient of the vector a box shows, one member a line (up to 60)."""
    lines = [f"<b>{box.title}</b> <i>(collapsed: right-click to expand)</i>"]
    for member in box.shown[:60]:
        grad = ev.grads.get(member)
        tail = "" if grad is None else f", ∇ {format_full(grad)}"
        lines.append(f"{member} = {format_full(ev.values[member])}{tail}")
    if len(box.shown) > 60:
        lines.append(f"… and {len(box.shown) - 60} more")
    return "<br>".join(lines)


def drawn_layout_inputs(
    session: Any,
    fonts: Fonts,
    measure_nodes: Callable[
        [nx.DiGraph, Evaluation, Fonts, bool, bool, Collection[str]], dict[str, tuple[float, float]]
    ],
    edge_label: Callable[[Evaluation, tuple[str, str]], str],
) -> tuple[Projection, dict[str, tuple[float, float]], dict[tuple[str, str], tuple[float, float]] | None]:
    """What the layout of the session's graph, as drawn, needs: the projection, node sizes, edge labels.

    ``session`` has the session's ``graph``, ``evaluation`` and ``settings`` (a Session, or the same
    three for an export without a window), and its ``loaded`` for a network with data: its neurons' pictures
    (:class:`~graphviz_app.session.training.learned.Learned`) get a square in their nodes."""
    s = session
    projection = project(s.graph, s.settings.collapsed)
    kept = [n for n in s.graph if n not in projection.owner]
    shown = s.graph.subgraph(kept) if projection.owner else s.graph
    learned = Learned.of(getattr(s, "loaded", None))  # a network with data: its neurons' pictures
    pictured = learned.nodes if learned is not None else {}
    sizes = measure_nodes(shown, s.evaluation, fonts, s.settings.show_values, s.settings.show_grads, pictured)
    title_m, body_m = QFontMetricsF(fonts.title), QFontMetricsF(fonts.body)
    for box in projection.boxes.values():
        lines = _final_lines(box, s.evaluation, format_number, s.settings.show_values, s.settings.show_grads)
        width = max((title_m if role == "title" else body_m).horizontalAdvance(t) for t, role in lines)
        width = max(width, body_m.horizontalAdvance(f"∇ ({len(box.shown)}/{len(box.shown)})"))
        height = title_m.height() + (len(lines) - 1) * (body_m.height() + LINE_GAP)
        sizes[box.id] = (math.ceil(width + 2 * NODE_PADDING), math.ceil(height + 2 * NODE_PADDING * 0.7))
    labels = None
    if s.settings.show_locals:
        m = QFontMetricsF(fonts.small)
        texts = {e: edge_label(s.evaluation, e) for e in projection.graph.edges if e not in projection.merged}
        labels = {e: (m.horizontalAdvance(t) + 10, m.height() + 4) for e, t in texts.items() if t}
    return projection, sizes, labels

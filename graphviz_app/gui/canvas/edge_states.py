"""What each drawn edge shows at a frame: its highlight, label, width by gradient or by weight, dimming.

A drawn edge may stand for several edges of the graph (into or out of a
collapsed layer, see :mod:`graphviz_app.session.state.collapse`): it shows the
liveliest of their states, and no label or width of its own.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from graphviz_app.core.evaluate import Evaluation
from graphviz_app.gui.canvas.collapsed import merged_state
from graphviz_app.gui.canvas.labels import edge_label, is_finite
from graphviz_app.gui.canvas.learned import weight_signs

if TYPE_CHECKING:
    from graphviz_app.gui.canvas.scene import CanvasScene

__all__ = ["largest_contribution", "refresh_edges"]

Edge = tuple[str, str]


def largest_contribution(ev: Evaluation) -> float:
    """The largest |contribution| of the evaluation (1 when there is none): the widest edge."""
    largest = 0.0
    for c in ev.contributions.values():
        if c is None:
            continue
        if type(c) is float:
            if c - c == 0.0 and abs(c) > largest:
                largest = abs(c)
        elif np.all(np.isfinite(c)):
            largest = max(largest, abs(float(np.max(np.abs(c)))))
    return largest or 1.0


def refresh_edges(scene: CanvasScene, edges: Iterable[Edge], values_only: bool = False) -> None:
    """Set the state of the drawn edges that stand for ``edges`` (the graph's, or the drawn ones).

    ``values_only``: only the numbers changed since the edges were last set, at the same
    step (an edit); edges that show no number keep their highlight, which the step alone decides.
    """
    projection = scene.projection
    if projection.owner and edges is not scene.edges:  # graph edges -> the drawn edges
        edges = {drawn for edge in edges if (drawn := projection.edge(edge)) is not None}
    merged = projection.merged
    signs = weight_signs(scene)  # a network with data: the weights on the edges, the pictures in the neurons
    if scene.show_locals or scene.grad_width or scene.highlight is not None or signs:
        for edge in edges:
            _refresh_edge(scene, edge, merged, signs)
        return
    # The usual case, and the one every frame of a big graph takes: an edge shows only
    # its highlight (no label, no width, nothing dimmed), so that is all there is to set.
    if values_only:  # and the step has not changed: nothing to set (12,795 edges at 10,000 nodes)
        return
    assert scene.frame is not None  # (show_frame sets it first)
    items, states = scene.edges, scene.frame.edges
    for edge in edges:
        item = items.get(edge)
        if item is not None:
            highlight = merged_state(merged[edge], states) if edge in merged else states.get(edge)
            if (
                highlight != item.highlight
                or item.label
                or item.weight
                or item.dimmed
                or item.emphasised
                or item.signed
            ):
                item.set_state(highlight, "", 0.0, dimmed=False, emphasised=False)


def _refresh_edge(
    scene: CanvasScene, edge: Edge, merged: dict[Edge, list[Edge]], signs: dict[Edge, float]
) -> None:
    item = scene.edges.get(edge)
    if item is None or scene.frame is None or scene.evaluation is None:
        return
    states = scene.frame.edges
    highlight = merged_state(merged[edge], states) if edge in merged else states.get(edge)
    weight = 0.0
    hidden = scene.hidden  # a quiz question's edge: its width would tell the size of the answer
    masked = hidden is not None and scene.frame.index == hidden.step and edge in hidden.edges
    if scene.grad_width and highlight in ("backward", "done-backward") and not masked:
        c = scene.evaluation.contributions.get(edge)
        if c is not None and is_finite(c):
            magnitude = abs(c) if type(c) is float else float(np.max(np.abs(c)))
            relative = magnitude / scene.max_contribution
            weight = 0.0 if magnitude == 0 else max(0.0, 1 + math.log10(relative) / 6)
    label = edge_label(scene.evaluation, edge) if scene.show_locals else ""
    lit = scene.highlight
    in_path = lit is None or (edge in lit[1] if edge not in merged else not lit[1].isdisjoint(merged[edge]))
    signed = signs.get(edge, 0.0)  # a network with data: the weight this edge multiplies by
    item.set_state(
        highlight, label, weight, dimmed=not in_path, emphasised=lit is not None and in_path, signed=signed
    )

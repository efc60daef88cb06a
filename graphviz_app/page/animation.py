"""The timeline as a page plays it: what each drawn node and edge shows from which step on, and each step's
caption and tokens.

Nothing is computed anew: the page walks the window's :class:`~graphviz_app.session.timeline.steps.Timeline`
step by step, applies each step's own changes (``node_changes``, ``edge_changes``), and writes down a node's
lines (:func:`~graphviz_app.session.timeline.node_text.node_lines`' value and gradient lines, or a collapsed layer's
:func:`~graphviz_app.session.state.collapse.frame_box_lines`) whenever they change. So a node holds a short list
of *versions*, ``[step, value, value role, gradient, gradient role]``, and the page shows at step k the last
version at or before k: the player looks things up, it never adds anything.

>>> from graphviz_app.builders.expression import parse
>>> from graphviz_app.core.evaluate import evaluate
>>> from graphviz_app.session.state.collapse import project
>>> ev = evaluate(parse("x*x + x", {"x": 3.0}).graph)
>>> played = play(build_timeline(ev), project(ev.graph, ()), list(ev.graph), list(ev.graph.edges))
>>> played.node_text[0]
[[0, '3', 'value', '∇', 'muted'], [5, '3', 'value', '∇ 1 (1/2)', 'grad-partial'], [6, '3', 'value', '∇ 7', 'grad']]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphviz_app.session.second_order.implicit import step_caption
from graphviz_app.session.state.collapse import Projection, frame_box_lines, merged_state
from graphviz_app.session.timeline.node_text import grad_line, value_line
from graphviz_app.session.timeline.states import BACKWARD, Edge, NodeState
from graphviz_app.session.timeline.steps import Timeline, build_timeline
from graphviz_app.text.numbers import format_number

PROGRESS_EVERY = 20  # steps between two reports of progress: a big graph has thousands of steps

__all__ = ["Played", "build_timeline", "play"]


@dataclass
class Played:
    """The timeline written down for the page (see the module docstring); lists are indexed as the drawing's
    nodes and edges."""

    node_text: list[list[list[Any]]]
    edge_states: list[list[list[Any]]]
    captions: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    active: list[int] = field(default_factory=list)
    """The drawn node each step is about (-1: none)."""
    tokens: list[list[list[Any]]] = field(default_factory=list)
    """Per step: ``[drawn edge, 1 when it travels backward, text, role]`` for each token."""
    states: dict[int, dict[str, NodeState]] = field(default_factory=dict)
    """The full node states at the steps asked for (``keep``)."""


def _version(k: int, value: tuple[str, str], grad: tuple[str | None, str | None]) -> list[Any]:
    return [k, value[0], value[1], grad[0], grad[1]]


def play(
    timeline: Timeline,
    projection: Projection,
    drawn_nodes: Sequence[str],
    drawn_edges: Sequence[Edge],
    loaded: Any = None,
    keep: Sequence[int] = (),
    observe: Callable[[str, int, dict[str, NodeState]], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Played:
    """Walk ``timeline`` and write down what the drawing shows at each step (see the module docstring).

    ``loaded`` adds an equation's implicit slope to the last caption, as the window's caption does;
    ``keep`` names steps whose full node states are handed back (the quiz asks at them);
    ``observe(node, k, states)`` is told each drawn node whose state step ``k`` changes, with every
    node's state at ``k`` (the inspector's pages change there); ``progress(k, steps)`` is told every
    :data:`PROGRESS_EVERY` steps.
    """
    grads = timeline.evaluation.grads
    node_index = {node: i for i, node in enumerate(drawn_nodes)}
    edge_index = {edge: i for i, edge in enumerate(drawn_edges)}
    boxes, merged = projection.boxes, projection.merged
    played = Played([[] for _ in drawn_nodes], [[] for _ in drawn_edges])
    nodes: dict[str, NodeState] = {}
    edges: dict[Edge, str | None] = {}
    wanted = set(keep)
    for k in range(len(timeline)):
        if progress is not None and k % PROGRESS_EVERY == 0:
            progress(k, len(timeline))
        step = timeline.steps[k]
        nodes.update(step.node_changes)
        edges.update(step.edge_changes)
        # in the steps' own order (a set's order changes from process to process, and so would the page)
        for node in dict.fromkeys(projection.node(n) for n in step.node_changes):
            if node in boxes:
                lines = frame_box_lines(boxes[node], nodes, format_number, True, True)
                version = _version(k, lines[1], lines[2])
            else:  # node_lines(), less the title, which never changes
                state = nodes[node]
                version = _version(
                    k, value_line(state), grad_line(state) if grads[node] is not None else (None, None)
                )
                if observe is not None:
                    observe(node, k, nodes)
            versions = played.node_text[node_index[node]]
            if not versions or versions[-1][1:] != version[1:]:
                versions.append(version)
        for edge in dict.fromkeys(projection.edge(e) for e in step.edge_changes):
            if edge is None:
                continue
            highlight = merged_state(merged[edge], edges) if edge in merged else edges.get(edge)
            versions = played.edge_states[edge_index[edge]]
            if not versions or versions[-1][1] != highlight:
                versions.append([k, highlight])
        played.captions.append(step_caption(timeline, k, loaded))
        played.kinds.append(step.kind)
        active = projection.node(step.active) if step.active is not None else None
        played.active.append(node_index.get(active, -1) if active is not None else -1)
        tokens = []
        for token in step.tokens:
            drawn = projection.edge(token.edge)
            if drawn is not None:
                tokens.append([edge_index[drawn], int(token.direction == BACKWARD), token.text, token.role])
        played.tokens.append(tokens)
        if k in wanted:
            played.states[k] = dict(nodes)
    return played

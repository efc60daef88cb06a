"""The inspector's text for every node and edge a page draws, as the window's inspector writes it.

A node's page depends on the step (its value computed yet? its gradient partial, final? which contributions
arrived?) only through the node's own state, so it changes exactly at the steps where that state changes
(:attr:`.animation.Played.changes`): the page keeps one version per such step, written by
:class:`~graphviz_app.session.inspector.InspectorText` at that step. An edge's page is the same at every step.
Every piece of text is stored once (``strings``) and a page is a list of indices into it, because most pieces
(a node's formula, its kind) are the same in all its versions.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from graphviz_app.core.evaluate import Evaluation
from graphviz_app.session.inspector import InspectorText, Page, escape
from graphviz_app.session.state.collapse import Box
from graphviz_app.session.timeline.states import NodeState
from graphviz_app.session.timeline.steps import Timeline
from graphviz_app.text.numbers import format_full

__all__ = ["PIECES", "Pages", "box_page"]

PIECES = tuple(f.name for f in fields(Page) if f.name != "edit_value")
"""The pieces of a page, in the order the page shows them."""


class _At:
    """What :class:`InspectorText` reads of a session, at one step of a walk through the timeline."""

    def __init__(self, timeline: Timeline, loaded: Any) -> None:
        self.timeline = timeline
        self.evaluation = timeline.evaluation
        self.loaded = loaded
        self.values = dict(loaded.values) if loaded is not None else {}
        self.step = 0
        self.nodes: dict[str, NodeState] = {}

    def frame(self) -> Any:
        return self


class Pages:
    """Inspector pages as indices into one table of strings (see the module docstring)."""

    def __init__(self, timeline: Timeline, loaded: Any) -> None:
        self.strings: list[str] = []
        self._index: dict[str, int] = {}
        self._at = _At(timeline, loaded)
        self._text = InspectorText(self._at)

    def _page(self, page: Page) -> list[int]:
        indices = []
        for piece in PIECES:
            text = getattr(page, piece)
            if piece == "flags" and text:
                text = escape(text)  # plain text, as the window's message label shows it
            index = self._index.get(text)
            if index is None:
                index = self._index[text] = len(self.strings)
                self.strings.append(text)
            indices.append(index)
        return indices

    def node_version(self, versions: list[list], node: str, k: int, states: dict[str, NodeState]) -> None:
        """Add ``node``'s page at step ``k`` (every node's state in ``states``) to ``versions``,
        ``[step, [piece indices]]`` each, when it differs from the last one."""
        self._at.step, self._at.nodes = k, states
        page = self._page(self._text.node_page(node))
        if not versions or versions[-1][1] != page:
            versions.append([k, page])

    def edge_page(self, edge: tuple[str, str]) -> list[int]:
        return self._page(self._text.edge_page(edge))

    def box_page(self, box: Box, ev: Evaluation) -> list[int]:
        return self._page(box_page(box, ev))


def box_page(box: Box, ev: Evaluation, limit: int = 60) -> Page:
    """A collapsed layer's page: every value and gradient of the vector it shows (up to ``limit``)."""
    rows = []
    for member in box.shown[:limit]:
        grad = ev.grads.get(member)
        tail = "" if grad is None else f", ∇ {format_full(grad)}"
        rows.append(f"{escape(member)} = {escape(format_full(ev.values[member]))}{escape(tail)}")
    if len(box.shown) > limit:
        rows.append(escape(f"… and {len(box.shown) - limit} more"))
    details = escape(f"collapsed: {len(box.members):,} nodes drawn as one box (expand it in the window)")
    return Page(title=f"<b>{escape(box.title)}</b>", details=details, value="<br>".join(rows))

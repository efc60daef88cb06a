"""The backward graph of what is open, as something the window and the exporter can show.

:func:`backward_loaded` turns a loaded SOURCE into another: the same leaves and
values, with the graph of :func:`graphviz_app.core.backward_graph.backward_graph`.
Its output is the gradient of the first input, so evaluating it reproduces
∂f/∂x at that node, and its own backward pass (the timeline's) is the chain rule
applied a second time. Forward op nodes that no rule reads (the forward output, most
often) are left out: they would be dead ends with ∇ 0. Nothing here imports Qt.

Examples
--------
>>> from graphviz_app.files import load_source
>>> from graphviz_app.core.evaluate import evaluate
>>> bl = backward_loaded(load_source("example:sin-square"))
>>> round(evaluate(bl.graph, bl.values).output_value, 4)
-1.8845
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from graphviz_app.core import graph as G
from graphviz_app.core.backward_graph import backward_graph
from graphviz_app.session.prose.names import output_name_of

__all__ = ["backward_loaded", "is_backward_graph"]


def backward_loaded(loaded: Any) -> Any:
    """``loaded`` with its graph replaced by its backward graph (a new object; ``loaded`` is kept)."""
    bg = backward_graph(loaded.graph, values=loaded.values)
    _name_gradients(bg)
    _drop_unread(bg.graph)
    title = f"Backward graph of {loaded.title or loaded.origin}"
    return replace(
        loaded,
        graph=bg.graph,
        origin=f"backward graph of {loaded.origin}",
        title=title,
        parsed=None,
        network=None,
        view=None,
        view_reason=None,
    )


def _name_gradients(bg: Any) -> None:
    """Call each leaf's gradient node ∂f/∂x (∂L/∂W1[0,0]…) where the backward pass made it.

    A gradient that is a forward node (∂(x·y)/∂x is y itself) keeps its own name.
    """
    out = output_name_of(bg.forward, bg.output)
    g = bg.graph
    for leaf in G.leaves(bg.forward):
        node = bg.gradients.get(leaf)
        if node is None or not bg.is_backward(node) or g.nodes[node][G.KIND] == G.CONST:
            continue
        name = f"∂{out}/∂{leaf}"
        if g.nodes[node][G.NAME] is None and name not in g:
            g.nodes[node][G.NAME] = g.nodes[node][G.LABEL] = name


def _drop_unread(g: Any) -> None:
    """Remove the forward op nodes (and constants) no backward rule reads and that are not the answer.

    They are context nobody uses: the forward output itself, most often (``x·y`` when
    the answer is ∂(x·y)/∂x = y), drawn as a dead end with ∇ 0, and the constants only it
    read. The inputs stay: they are what a person edits.
    """
    answer = g.graph[G.OUTPUT]
    read = set(g.graph[G.BACKWARD]) | ({answer} if answer is not None else set())
    stack = list(read)
    while stack:
        for parent in g.predecessors(stack.pop()):
            if parent not in read:
                read.add(parent)
                stack.append(parent)
    unread = [n for n, data in g.nodes(data=True) if n not in read and data[G.KIND] in (G.OPNODE, G.CONST)]
    g.remove_nodes_from(unread)


def is_backward_graph(g: Any) -> bool:
    """Whether ``g`` is a backward graph (its forward nodes are drawn faded)."""
    return G.BACKWARD in g.graph


class BackwardSwitch:
    """View ▸ Backward graph: shows a session's backward graph in its place, and back.

    Showing it installs the backward graph of what is open (with the current
    values) as the session's graph, so it is laid out, animated, inspected and
    exported like any graph; showing the forward graph again restores the source
    with the values the leaves have then. Opening another source turns it off.
    """

    def __init__(self, session: Any) -> None:
        self.session = session
        self.forward: Any = None  # the Loaded shown before the backward graph
        self._shown: Any = None

    @property
    def on(self) -> bool:
        return self._shown is not None and self.session.loaded is self._shown

    def forward_loaded(self) -> Any:
        """What the backward graph is the backward pass of (the open source when off)."""
        return self.forward if self.on else self.session.loaded

    def show(self, on: bool) -> None:
        """Show the backward graph (``on``) or the forward one. Raises GraphError for graphs of arrays."""
        s = self.session
        if on == self.on or s.loaded is None:
            return
        if on:
            forward = replace(s.loaded, values=dict(s.values))
            shown = backward_loaded(forward)
            self.forward, self._shown = forward, shown  # before installing: listeners ask whether it is on
            self._install(shown)
        else:
            forward = replace(self.forward, values=dict(s.values))
            self.forward = self._shown = None
            self._install(forward)

    def _install(self, loaded: Any) -> None:
        s = self.session
        modified = s.modified
        s._install(loaded, path=s.path, keep_file=True)  # the same file: only what is drawn changes
        s.modified = modified

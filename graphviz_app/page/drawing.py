"""The picture a page draws: the graph as the window draws it (collapsed layers as one box each), laid out.

The layout is :func:`graphviz_app.layout.layout`, the window's own, on node sizes measured for the page's font
(:mod:`.measure`). Nodes and edges keep the graph's ids: a drawn node is a node of the graph, or a collapsed
layer's box (``[layer 2]``); a drawn edge is a pair of drawn nodes. A graph too big for one page is refused
here, before anything is laid out, with what to do instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation
from graphviz_app.errors import GraphvizAppError
from graphviz_app.layout import Geometry, layout
from graphviz_app.page.measure import PageFonts, box_size, node_sizes
from graphviz_app.session.prose.names import Names
from graphviz_app.session.state.collapse import Projection, layers, project
from graphviz_app.session.timeline.node_text import FLAG, node_title

__all__ = ["MAX_DRAWN_NODES", "Drawing", "check_size", "draw"]

MAX_DRAWN_NODES = 4_000
"""A page draws at most this many nodes: its file would pass about 20 MB and a browser would crawl."""


@dataclass(frozen=True)
class Drawing:
    """What the page draws: the projection of the graph, its layout, each drawn node's title and kind."""

    projection: Projection
    geometry: Geometry
    titles: dict[str, str]
    kinds: dict[str, str]
    output: str
    fonts: PageFonts

    @property
    def nodes(self) -> list[str]:
        return list(self.geometry.nodes)

    @property
    def edges(self) -> list[tuple[str, str]]:
        return list(self.geometry.edges)


def check_size(graph: Any, collapsed: Iterable[str] = (), is_network: bool = False) -> None:
    """Refuse a graph that would draw more than :data:`MAX_DRAWN_NODES` nodes, saying what to do."""
    wanted = set(collapsed)
    hidden = sum(len(box.members) - 1 for key, box in layers(graph).items() if key in wanted) if wanted else 0
    drawn = graph.number_of_nodes() - hidden
    if drawn <= MAX_DRAWN_NODES:
        return
    instead = (
        "export the layer view (--view layer), or collapse layers in the window (right-click a node ▸ "
        "Collapse layer) and export the page from there"
        if is_network
        else "collapse named steps in the window (right-click a node ▸ Collapse step) and export the page "
        "from there, or export an animation (.mp4) instead"
    )
    raise GraphvizAppError(
        f"a page holds at most {MAX_DRAWN_NODES:,} drawn nodes and this graph draws {drawn:,}: {instead}"
    )


def draw(
    ev: Evaluation,
    collapsed: Iterable[str] = (),
    direction: str = "LR",
    fonts: PageFonts | None = None,
    is_network: bool = False,
) -> Drawing:
    """Lay out ``ev``'s graph as the page draws it (the ``collapsed`` layers as one box each)."""
    g = ev.graph
    check_size(g, collapsed, is_network)
    fonts = fonts or PageFonts()
    projection = project(g, collapsed)
    boxes = projection.boxes
    kept = [n for n in g if n not in projection.owner]
    sizes: dict[str, tuple[float, float]] = dict(
        node_sizes(g.subgraph(kept) if projection.owner else g, ev, fonts)
    )
    for box in boxes.values():
        sizes[box.id] = box_size(box, ev, fonts)
    geometry = layout(projection.graph, sizes, direction=direction)
    names = Names.of(ev)
    titles, kinds = {}, {}
    for node in geometry.nodes:
        if node in boxes:
            titles[node], kinds[node] = boxes[node].title, G.OPNODE
        else:
            titles[node] = node_title(g, node, names) + (FLAG if ev.flags.get(node) else "")
            kinds[node] = g.nodes[node][G.KIND]
    return Drawing(projection, geometry, titles, kinds, ev.output, fonts)

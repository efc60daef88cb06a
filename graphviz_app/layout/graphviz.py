"""Lay a computation graph out with Graphviz's dot: graph + node sizes -> :class:`Geometry`.

How it works, in four steps:

1. **Write DOT.** Every node becomes a box of the size the caller measured (the GUI
   measures its own labels with Qt's font metrics; this module never measures
   text). Sizes go to Graphviz as fixed sizes in inches, 72 pixels to the inch,
   so what is drawn is exactly what was laid out. Node names are the node ids,
   never labels, so two ``+`` nodes stay two nodes. Layered graphs from the
   network builder carry a hint per node (``LAYER``, ``INDEX``): nodes of one
   layer go into a ``rank=same`` subgraph, chained in ``INDEX`` order by
   invisible edges, and layers follow each other in ``LAYER`` order, so the
   picture reads like a network diagram.
2. **Run dot** in a child process (see :mod:`.worker`), which ``cancel`` stops
   at once and which is killed when its share of the time budget is spent: a
   layout never holds this process (pygraphviz keeps Python's GIL while Graphviz
   works, which froze the window). Only trivially small, easy graphs run dot
   in this process, where it takes milliseconds.
3. **Stay within the budget** (see :mod:`.budget`): graphs whose edges skip many
   ranks start with Graphviz's cheap settings, or skip Graphviz for the quick
   layout in Python (:mod:`.quick`); a tier that runs out of time hands over to
   the next, and :attr:`Geometry.note` says so.
4. **Read the result** (:mod:`.reading`): Graphviz's JSON, flipped so the
   :class:`Geometry` is in screen coordinates (y pointing down), in the caller's pixels.

Layouts are cached by the DOT text (so by structure, sizes, hints and direction,
never by values or labels): re-evaluating a graph costs no layout.

Examples
--------
>>> import graphviz_app.core
>>> from graphviz_app.core import graph as G
>>> g = G.new_graph()
>>> x = G.add_leaf(g, "x", 1.0)
>>> y = G.add_op(g, "sin", [x])
>>> geo = layout(g, {x: (40, 30), y: (50, 30)}, direction="LR")
>>> geo.nodes[x].cx < geo.nodes[y].cx        # left to right
True
>>> geo.nodes[y].w, geo.nodes[y].h           # sizes are the caller's
(50.0, 30.0)
>>> tip = geo.edges[x, y].arrow_tip          # the arrow ends on y's left border
>>> abs(tip[0] - geo.nodes[y].left) < 0.5
True
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable, Mapping
from typing import Any

import networkx as nx

from graphviz_app.core import graph as G
from graphviz_app.errors import LayoutCancelled, LayoutError, LayoutTimeout
from graphviz_app.layout import budget, worker
from graphviz_app.layout.budget import LARGE_GRAPH_NODES, TIME_LIMIT
from graphviz_app.layout.cache import CACHE
from graphviz_app.layout.dot_hints import layer_groups, ordering_lines, quote
from graphviz_app.layout.fold import FOLD_SPACE, fold
from graphviz_app.layout.geometry import Edge, EdgePath, Geometry, NodeBox
from graphviz_app.layout.quick import quick_layout
from graphviz_app.layout.reading import geometry_from_json, graphviz_name
from graphviz_app.layout.worker import CancelToken
from graphviz_app.layout.wrap import wrap

__all__ = [
    "CHAIN_WEIGHT",
    "CHILD_PROCESS_ABOVE",
    "DIRECTIONS",
    "HARD_NODE_LIMIT",
    "LARGE_GRAPH_NODES",
    "NODE_GAP",
    "RANK_GAP",
    "SHAPES",
    "TIME_LIMIT",
    "EdgePath",
    "Geometry",
    "NodeBox",
    "Progress",
    "geometry_from_json",
    "graphviz_name",
    "layer_groups",
    "layout",
    "layout_dot",
    "ordering_lines",
    "quote",
]

HARD_NODE_LIMIT = 20_000  # more nodes than this: refused, use the layer view
CHILD_PROCESS_ABOVE = 40  # more nodes than this (or a costly graph of any size): in a child process
CHAIN_WEIGHT = 5  # dot's edge weight for chain edges (default 1): kept short and straight
NODE_GAP = 18.0  # pixels between neighbours in a rank (Graphviz's default nodesep)
RANK_GAP = 36.0  # pixels between ranks (Graphviz's default ranksep)
DIRECTIONS = ("LR", "TB")
SHAPES = ("box", "ellipse")  # what edges are clipped against


# --- step 1: DOT --------------------------------------------------------------------


def _whole(px: float) -> int:
    """Pixels rounded up to a whole number: Graphviz sizes nodes in whole points."""
    if not (px > 0 and math.isfinite(px)):
        raise ValueError(f"sizes must be positive numbers of pixels, got {px!r}")
    return max(1, math.ceil(round(px, 6)))


def _inches(px: float) -> str:
    return f"{px / 72:.6f}"


def _label_table(width: int, height: int) -> str:
    """An HTML-like label with nothing in it but its size (Graphviz reserves the space)."""
    return (
        '<<table border="0" cellborder="0" cellspacing="0" cellpadding="0"><tr>'
        f'<td fixedsize="true" width="{width}" height="{height}"></td></tr></table>>'
    )


def _whole_sizes(
    graph: nx.DiGraph, node_sizes: Mapping[str, tuple[float, float]]
) -> dict[str, tuple[int, int]]:
    sizes = {}
    for node in graph:
        if node not in node_sizes:
            raise ValueError(f"no size given for node {node!r}")
        w, h = node_sizes[node]
        sizes[node] = (_whole(w), _whole(h))
    return sizes


def _parents_in_argument_order(graph: nx.DiGraph, child: str) -> list[str]:
    parents = graph.pred[child]  # parent -> edge data, in graph order
    if len(parents) < 2:
        return list(parents)
    return sorted(parents, key=lambda p: min(parents[p].get(G.ARG) or (0,)))  # stable: ties keep order


def layout_dot(
    graph: nx.DiGraph,
    node_sizes: Mapping[str, tuple[float, float]],
    direction: str = "LR",
    *,
    edge_labels: Mapping[Edge, tuple[float, float]] | None = None,
    shapes: Mapping[str, str] | None = None,
    node_gap: float = NODE_GAP,
    rank_gap: float = RANK_GAP,
    hints: bool = True,
    tier: str = "full",
) -> str:
    """The DOT text :func:`layout` hands to Graphviz (see :func:`layout` for the parameters).

    Nodes are written in graph order and edges grouped by child in argument
    order, which is where dot starts its search, so ``a - b`` tends to draw ``a``
    before ``b``. Above :data:`LARGE_GRAPH_NODES` nodes dot gets iteration limits
    (``mclimit`` for crossing minimisation, ``nslimit`` for placing nodes within
    a rank): the layout is a little less compact and several times faster.
    An edge that is its child's only computed input (a chain: ``z -> a -> mul``)
    weighs :data:`CHAIN_WEIGHT`, so dot draws chains straight instead of as a
    staircase (a deep network then folds into few rows; see :mod:`.fold`).
    ``tier="cheap"`` turns Graphviz's limits down much further
    (:data:`graphviz_app.layout.budget.CHEAP_SETTINGS`).

    >>> g = nx.DiGraph([("x", "y")])
    >>> print(layout_dot(g, {"x": (72, 36), "y": (36, 36)}))
    digraph layout {
    graph [rankdir=LR, nodesep=0.250000, ranksep=0.500000];
    node [shape=box, fixedsize=true, label=""];
    "x" [width=1.000000, height=0.500000];
    "y" [width=0.500000, height=0.500000];
    "x" -> "y";
    }
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, got {direction!r}")
    shapes = shapes or {}
    edge_labels = edge_labels or {}
    settings = [f"rankdir={direction}", f"nodesep={_inches(node_gap)}", f"ranksep={_inches(rank_gap)}"]
    if tier == "cheap":
        settings += budget.CHEAP_SETTINGS
    elif graph.number_of_nodes() > LARGE_GRAPH_NODES:
        settings += budget.LARGE_GRAPH_SETTINGS
    lines = [
        "digraph layout {",
        f"graph [{', '.join(settings)}];",
        'node [shape=box, fixedsize=true, label=""];',
    ]
    names = {node: quote(node) for node in graph}
    for node, (w, h) in _whole_sizes(graph, node_sizes).items():
        shape = shapes.get(node, "box")
        if shape not in SHAPES:
            raise ValueError(f"shape of {node!r} must be one of {SHAPES}, got {shape!r}")
        extra = "" if shape == "box" else f", shape={shape}"
        lines.append(f"{names[node]} [width={_inches(w)}, height={_inches(h)}{extra}];")
    for edge in edge_labels:
        if not graph.has_edge(*edge):
            raise ValueError(f"edge_labels names {edge!r}, which is not an edge of the graph")
    for child in graph:
        parents = _parents_in_argument_order(graph, child)
        spine = [p for p in parents if graph.pred[p]]  # parents that are computed, not leaves
        for parent in parents:
            attributes = []
            if (parent, child) in edge_labels:
                attributes.append(f"label={_label_table(*(_whole(v) for v in edge_labels[parent, child]))}")
            if spine == [parent]:
                attributes.append(f"weight={CHAIN_WEIGHT}")
            extra = f" [{', '.join(attributes)}]" if attributes else ""
            lines.append(f"{names[parent]} -> {names[child]}{extra};")
    if hints:
        lines += ordering_lines(graph, names)
    lines.append("}")
    return "\n".join(lines)


# --- the whole job ----------------------------------------------------------------------

_log = logging.getLogger(__name__)
Progress = Callable[[str], None]
"""Told, in words, when a layout moves to a cheaper tier (the window shows it)."""


def layout(
    graph: nx.DiGraph,
    node_sizes: Mapping[str, tuple[float, float]],
    direction: str = "LR",
    *,
    edge_labels: Mapping[Edge, tuple[float, float]] | None = None,
    shapes: Mapping[str, str] | None = None,
    node_gap: float = NODE_GAP,
    rank_gap: float = RANK_GAP,
    hints: bool = True,
    child_process_above: int = CHILD_PROCESS_ABOVE,
    time_limit: float | None = None,
    cancel: CancelToken | None = None,
    use_cache: bool = True,
    fallback: bool = True,
    progress: Progress | None = None,
    fold_space: tuple[float, float] | None = FOLD_SPACE,
) -> Geometry:
    """Lay ``graph`` out with Graphviz's dot, within a time budget.

    Parameters
    ----------
    graph:
        A computation graph (any ``networkx.DiGraph`` with string node ids works).
    node_sizes:
        Node id -> ``(width, height)`` in pixels, as the caller will draw it.
        Rounded up to whole pixels, which is what :class:`NodeBox` reports.
    direction:
        ``"LR"`` (inputs on the left) or ``"TB"`` (inputs on top).
    edge_labels:
        ``(parent, child)`` -> ``(width, height)`` in pixels of a label to place
        beside the edge; its centre comes back as ``EdgePath.label_pos``.
    shapes:
        Node id -> ``"box"`` (the default) or ``"ellipse"``: the outline edges are
        clipped against, so arrows touch what is drawn.
    node_gap, rank_gap:
        Pixels between neighbours within a rank, and between ranks.
    hints:
        Use the nodes' ``LAYER``/``INDEX`` hints (see :func:`layout_dot`).
    child_process_above:
        Graphs with at most this many nodes whose edges skip few ranks (the
        ``full`` tier of :func:`graphviz_app.layout.budget.first_tier`) are laid
        out in this process, which takes milliseconds; every other graph in a
        child process that ``cancel`` and the time budget stop.
    time_limit:
        Seconds Graphviz may take in all (default: ``$GRAPHVIZ_APP_LAYOUT_BUDGET``,
        else :data:`TIME_LIMIT`). The full tier may use :data:`~.budget.FULL_SHARE`
        of it; then the cheap tier runs, then the quick layout in Python.
    cancel:
        A :class:`threading.Event` (or anything with ``is_set()``); once set, the
        layout stops with :class:`LayoutCancelled`.
    use_cache:
        Look the layout up in, and store it into, the shared LRU cache.
    fallback:
        ``False``: no cheaper tiers; running out of time raises :class:`LayoutTimeout`.
    progress:
        Called with a sentence when the layout moves on to a cheaper tier.
    fold_space:
        ``(width, height)`` in pixels of the space the drawing is shown in: a long,
        chain-like drawing (a deep network) is folded into rows when that shows it
        much larger there (see :mod:`.fold`), and a big drawing with very tall ranks
        has them wrapped into columns (see :mod:`.wrap`). ``None``: neither.

    Raises
    ------
    LayoutError
        The graph has more than :data:`HARD_NODE_LIMIT` nodes, Graphviz crashed or
        failed, or (with ``fallback=False``) the time limit passed; the message gives
        the graph's size.
    LayoutCancelled
        ``cancel`` was set.
    """
    n_nodes, n_edges = graph.number_of_nodes(), graph.number_of_edges()
    what = f"{n_nodes} nodes and {n_edges} edges"
    if n_nodes > HARD_NODE_LIMIT:
        raise LayoutError(
            f"this graph has {what}, more than the {HARD_NODE_LIMIT} nodes that can be laid out one by one; "
            "switch to the layer view, which draws each layer as one node"
        )
    if cancel is not None and cancel.is_set():
        raise LayoutCancelled(f"layout of {what} was cancelled")
    options: dict[str, Any] = {  # layout_dot's keywords, kept for the cheaper tiers
        "edge_labels": edge_labels,
        "shapes": shapes,
        "node_gap": node_gap,
        "rank_gap": rank_gap,
        "hints": hints,
    }
    dot_source = layout_dot(graph, node_sizes, direction, **options)
    key = hashlib.sha256(f"{dot_source}\nfold {fold_space}".encode()).hexdigest()
    if use_cache:
        cached = CACHE.get(key)
        if cached is not None:
            return cached
    sizes = _whole_sizes(graph, node_sizes)
    tier = budget.first_tier(graph, len(edge_labels or ())) if fallback else "full"
    if n_nodes == 0:
        geometry = Geometry(0.0, 0.0, {}, {}, direction)
    elif n_nodes <= child_process_above and tier == "full":
        try:
            data = worker.run_dot(dot_source)
        except RuntimeError as exc:
            raise LayoutError(f"Graphviz could not lay out {what}: {exc}") from exc
        geometry = geometry_from_json(data, graph, sizes, direction)
    else:
        run = _Budgeted(graph, sizes, direction, options, what, time_limit, cancel, progress)
        geometry = run.tiers(tier, dot_source, fallback)
        if geometry.note:  # the CLI has no handler: logging prints this one line on stderr
            _log.warning("graphviz-app: note: layout of %s: %s", what, geometry.note)
    if fold_space is not None:
        geometry = wrap(fold(geometry, fold_space), fold_space)  # deep chains fold, tall ranks wrap
    if use_cache:
        CACHE.put(key, geometry)
    if cancel is not None and cancel.is_set():
        raise LayoutCancelled(f"layout of {what} was cancelled")
    return geometry


class _Budgeted:
    """One layout through the tiers full -> cheap -> quick, in child processes, within the budget."""

    def __init__(self, graph, sizes, direction, options, what, time_limit, cancel, progress):
        self.graph, self.sizes, self.direction, self.options = graph, sizes, direction, options
        self.what, self.cancel, self.progress = what, cancel, progress
        self.budget = budget.time_budget(time_limit)
        self.start = time.monotonic()

    def _child(self, dot_source: str, tier: str, seconds: float, note: str) -> Geometry:
        data = worker.run_dot_in_child(dot_source, time_limit=seconds, cancel=self.cancel, what=self.what)
        geometry = geometry_from_json(data, self.graph, self.sizes, self.direction)
        return Geometry(
            geometry.width, geometry.height, geometry.nodes, geometry.edges, self.direction, tier, note
        )

    def _tell(self, message: str) -> None:
        if self.progress is not None:
            self.progress(message)

    def tiers(self, tier: str, dot_source: str, fallback: bool) -> Geometry:
        note = ""
        if tier == "full":
            share = self.budget * budget.FULL_SHARE if fallback else self.budget
            try:
                return self._child(dot_source, "full", share, "")
            except LayoutTimeout:
                if not fallback:
                    raise
            tier = "cheap"
            note = f"Graphviz's full layout took more than {share:g} s"
        else:
            note = (
                f"this graph's edges jump over many ranks ({budget.virtual_nodes(self.graph):,} "
                "rank steps in all), which makes Graphviz's full layout slow"
            )
        if tier == "cheap":
            self._tell(f"{note}: trying a quicker layout with straight edges…")
            left = max(self.budget - (time.monotonic() - self.start), self.budget * (1 - budget.FULL_SHARE))
            cheap = layout_dot(self.graph, self.sizes, self.direction, **self.options, tier="cheap")
            try:
                return self._child(
                    cheap, "cheap", left, f"{note}; showing a quicker layout with straight edges"
                )
            except LayoutTimeout:
                note = f"{note}, and its quicker one more than {self.budget:g} s in all"
        self._tell(f"{note}: drawing a simple layered layout…")
        return quick_layout(
            self.graph,
            self.sizes,
            self.direction,
            edge_labels=self.options["edge_labels"],
            node_gap=self.options["node_gap"],
            rank_gap=self.options["rank_gap"],
            note=f"{note}; showing a simple layered layout drawn without Graphviz",
        )

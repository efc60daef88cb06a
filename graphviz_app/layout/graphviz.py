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
2. **Run dot**, in-process through pygraphviz (see :mod:`.worker`); graphs above
   ``child_process_above`` nodes run in a child process that can be cancelled and
   is killed after ``time_limit`` seconds.
3. **Read the result**: Graphviz's JSON gives each node's centre, each edge's
   spline and each edge label's centre, in points with y pointing *up*.
4. **Flip y** so the :class:`Geometry` is in screen coordinates (y pointing down),
   in the caller's pixels.

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
import itertools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graphviz_app.core import graph as G
from graphviz_app.errors import LayoutCancelled, LayoutError
from graphviz_app.layout import worker
from graphviz_app.layout.cache import CACHE
from graphviz_app.layout.worker import CancelToken

__all__ = [
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
    "geometry_from_json",
    "graphviz_name",
    "layer_groups",
    "layout",
    "layout_dot",
    "quote",
]

HARD_NODE_LIMIT = 5000  # more nodes than this: refused, use the layer view
CHILD_PROCESS_ABOVE = 400  # more nodes than this: laid out in a child process
TIME_LIMIT = 60.0  # seconds a child process may take
LARGE_GRAPH_NODES = 500  # more nodes than this: dot gets iteration limits (see layout_dot)
NODE_GAP = 18.0  # pixels between neighbours in a rank (Graphviz's default nodesep)
RANK_GAP = 36.0  # pixels between ranks (Graphviz's default ranksep)
DIRECTIONS = ("LR", "TB")
SHAPES = ("box", "ellipse")  # what edges are clipped against

Point = tuple[float, float]
Edge = tuple[str, str]


@dataclass(frozen=True)
class NodeBox:
    """A node's centre and size, in pixels, y down."""

    cx: float
    cy: float
    w: float
    h: float

    @property
    def left(self) -> float:
        return self.cx - self.w / 2

    @property
    def right(self) -> float:
        return self.cx + self.w / 2

    @property
    def top(self) -> float:
        return self.cy - self.h / 2

    @property
    def bottom(self) -> float:
        return self.cy + self.h / 2


@dataclass(frozen=True)
class EdgePath:
    """An edge as drawn: a cubic Bezier spline, then an arrowhead.

    ``points`` holds 3n+1 control points: a start point, then three points per
    Bezier segment. The spline starts on the parent's border and stops where the
    arrowhead begins; the arrowhead runs from ``points[-1]`` to ``arrow_tip``, on
    the child's border. ``label_pos`` is the centre of the edge's label, when a
    label size was given.
    """

    points: tuple[Point, ...]
    arrow_tip: Point | None = None
    label_pos: Point | None = None


@dataclass(frozen=True)
class Geometry:
    """A whole layout, plain picklable data in screen coordinates (pixels, y down).

    The drawing spans ``(0, 0)`` to ``(width, height)``. ``nodes`` maps node id to
    :class:`NodeBox`, ``edges`` maps ``(parent, child)`` to :class:`EdgePath`.
    Layouts are cached and shared: treat the dictionaries as read-only.
    """

    width: float
    height: float
    nodes: dict[str, NodeBox]
    edges: dict[Edge, EdgePath]
    direction: str = "LR"


# --- step 1: DOT --------------------------------------------------------------------


def quote(text: str) -> str:
    r"""``text`` as a quoted DOT string that Graphviz stores as :func:`graphviz_name`.

    Inside quotes DOT treats only ``\"`` (and backslash-newline) specially, so a
    name ending in a backslash cannot be written as it is. Doubling every
    backslash makes any name writable, at the price that Graphviz stores the
    doubled form; :func:`graphviz_name` says which, so results map back exactly.

    >>> print(quote('W1[0,1]'), quote('say "hi"'), quote('a\\'))
    "W1[0,1]" "say \"hi\"" "a\\"
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def graphviz_name(node: str) -> str:
    """The name Graphviz stores for a node written with :func:`quote`."""
    return node.replace("\\", "\\\\")


def layer_groups(graph: nx.DiGraph) -> list[list[str]]:
    """Nodes with a ``LAYER`` hint, grouped by layer and ordered by ``INDEX``.

    Groups come in increasing layer order; nodes without an ``INDEX`` follow the
    indexed ones, in graph order. Nodes whose ``LAYER`` is ``None`` are left out.

    >>> g = nx.DiGraph()
    >>> g.add_nodes_from([("b", {"layer": 1, "index": 1}), ("a", {"layer": 1, "index": 0}),
    ...                   ("x", {"layer": 0, "index": 0}), ("free", {})])
    >>> layer_groups(g)
    [['x'], ['a', 'b']]
    """
    layers: dict[Any, list[tuple[bool, Any, int, str]]] = {}
    for position, (node, data) in enumerate(graph.nodes(data=True)):
        layer = data.get(G.LAYER)
        if layer is not None:
            index = data.get(G.INDEX)
            layers.setdefault(layer, []).append((index is None, index or 0, position, node))
    return [[node for *_, node in sorted(members)] for _, members in sorted(layers.items())]


def _whole(px: float) -> int:
    """Pixels rounded up to a whole number: Graphviz sizes nodes in whole points."""
    if not (px > 0 and math.isfinite(px)):
        raise ValueError(f"sizes must be positive numbers of pixels, got {px!r}")
    return max(1, math.ceil(round(px, 6)))


def _inches(px: int) -> str:
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
) -> str:
    """The DOT text :func:`layout` hands to Graphviz (see :func:`layout` for the parameters).

    Nodes are written in graph order and edges grouped by child in argument
    order, which is where dot starts its search, so ``a - b`` tends to draw ``a``
    before ``b``. Above :data:`LARGE_GRAPH_NODES` nodes dot gets iteration limits
    (``mclimit`` for crossing minimisation, ``nslimit`` for placing nodes within
    a rank): the layout is a little less compact and several times faster.

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
    if graph.number_of_nodes() > LARGE_GRAPH_NODES:
        settings += ["mclimit=0.2", "nslimit=0.2"]
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
        for parent in _parents_in_argument_order(graph, child):
            if (parent, child) in edge_labels:
                label = _label_table(*(_whole(v) for v in edge_labels[parent, child]))
                lines.append(f"{names[parent]} -> {names[child]} [label={label}];")
            else:
                lines.append(f"{names[parent]} -> {names[child]};")
    if hints:
        groups = layer_groups(graph)
        for before, after in itertools.pairwise(groups):
            # Layer k+1 comes after layer k even where no edge says so (two layers of
            # sources would otherwise share a column). A real edge says it already,
            # and an invisible twin beside it would bend it.
            if not graph.has_edge(before[0], after[0]):
                lines.append(f"{names[before[0]]} -> {names[after[0]]} [style=invis];")
        for members in groups:
            lines.append("{rank=same; " + "; ".join(names[node] for node in members) + ";")
            for a, b in itertools.pairwise(members):
                # An invisible edge a -> b inside a rank puts a before b (above in LR,
                # left in TB). Where a real edge joins the two, it decides instead.
                if not graph.has_edge(a, b) and not graph.has_edge(b, a):
                    lines.append(f"  {names[a]} -> {names[b]} [style=invis];")
            lines.append("}")
    lines.append("}")
    return "\n".join(lines)


# --- steps 3 and 4: reading Graphviz's answer ------------------------------------------


def _parse_spline(pos: str, llx: float, ury: float) -> tuple[tuple[Point, ...], Point | None]:
    """Parse an edge ``pos``: ``"[s,x,y] e,x,y x1,y1 x2,y2 ..."`` (3n+1 control points).

    ``e`` is the arrowhead's tip (``s`` the tail arrow's, which we never draw).
    Points are moved so the drawing starts at x = 0 and flipped so y points down.
    Graphviz separates several splines with ``;`` only for ``concentrate=true``,
    which :func:`layout_dot` never sets; only the first is read.
    """
    tip = None
    rest = pos.split(";", 1)[0].strip()
    while rest[0] in "se":  # markers come first: "s,x,y " then "e,x,y "
        marker, rest = rest.split(" ", 1)
        if marker[0] == "e":
            x, y = marker[2:].split(",")
            tip = (float(x) - llx, ury - float(y))
    values = [float(v) for v in rest.replace(" ", ",").split(",")]
    return tuple(zip([x - llx for x in values[0::2]], [ury - y for y in values[1::2]])), tip


def geometry_from_json(
    data: bytes | str, graph: nx.DiGraph, node_sizes: Mapping[str, tuple[int, int]], direction: str
) -> Geometry:
    """Turn Graphviz's ``json0`` output into a :class:`Geometry` (y flipped to point down).

    ``node_sizes`` are the whole-pixel sizes that were laid out.
    """
    doc = json.loads(data)
    llx, lly, urx, ury = (float(v) for v in doc["bb"].split(","))

    def flip(xy: str) -> Point:
        x, y = xy.split(",")
        return (float(x) - llx, ury - float(y))

    ids = {graphviz_name(node): node for node in graph}
    by_gvid: dict[int, str] = {}
    nodes: dict[str, NodeBox] = {}
    for obj in doc.get("objects", ()):
        if "pos" not in obj:
            continue  # a rank=same subgraph
        node = ids[obj["name"]]
        by_gvid[obj["_gvid"]] = node
        cx, cy = flip(obj["pos"])
        w, h = node_sizes[node]
        nodes[node] = NodeBox(cx, cy, float(w), float(h))
    edges: dict[Edge, EdgePath] = {}
    for item in doc.get("edges", ()):
        if item.get("style") == "invis":
            continue  # an ordering edge we added
        points, tip = _parse_spline(item["pos"], llx, ury)
        label = flip(item["lp"]) if "lp" in item else None
        edges[by_gvid[item["tail"]], by_gvid[item["head"]]] = EdgePath(points, tip, label)
    if len(nodes) != graph.number_of_nodes() or len(edges) != graph.number_of_edges():
        raise LayoutError(
            f"Graphviz returned {len(nodes)} of {graph.number_of_nodes()} nodes and "
            f"{len(edges)} of {graph.number_of_edges()} edges; this is a bug, please report it"
        )
    return Geometry(urx - llx, ury - lly, nodes, edges, direction)


# --- the whole job ----------------------------------------------------------------------


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
    time_limit: float = TIME_LIMIT,
    cancel: CancelToken | None = None,
    use_cache: bool = True,
) -> Geometry:
    """Lay ``graph`` out with Graphviz's dot.

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
        Graphs with more nodes are laid out in a child process, which ``cancel``
        and ``time_limit`` can stop; smaller ones in this process (fast, but
        neither cancellable mid-way nor limited in time).
    time_limit:
        Seconds the child process may take.
    cancel:
        A :class:`threading.Event` (or anything with ``is_set()``); once set, the
        layout stops with :class:`LayoutCancelled`.
    use_cache:
        Look the layout up in, and store it into, the shared LRU cache.

    Raises
    ------
    LayoutError
        The graph has more than :data:`HARD_NODE_LIMIT` nodes, Graphviz crashed or
        failed, or the time limit passed; the message gives the graph's size.
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
    dot_source = layout_dot(
        graph,
        node_sizes,
        direction,
        edge_labels=edge_labels,
        shapes=shapes,
        node_gap=node_gap,
        rank_gap=rank_gap,
        hints=hints,
    )
    key = hashlib.sha256(dot_source.encode("utf-8")).hexdigest()
    if use_cache:
        cached = CACHE.get(key)
        if cached is not None:
            return cached
    if n_nodes == 0:
        geometry = Geometry(0.0, 0.0, {}, {}, direction)
    else:
        if n_nodes > child_process_above:
            data = worker.run_dot_in_child(dot_source, time_limit=time_limit, cancel=cancel, what=what)
        else:
            try:
                data = worker.run_dot(dot_source)
            except RuntimeError as exc:
                raise LayoutError(f"Graphviz could not lay out {what}: {exc}") from exc
        geometry = geometry_from_json(data, graph, _whole_sizes(graph, node_sizes), direction)
    if use_cache:
        CACHE.put(key, geometry)
    if cancel is not None and cancel.is_set():
        raise LayoutCancelled(f"layout of {what} was cancelled")
    return geometry

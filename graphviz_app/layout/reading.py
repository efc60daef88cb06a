"""Read Graphviz's ``json0`` answer into a :class:`Geometry` (steps 3 and 4 of the layout).

Graphviz gives each node's centre, each edge's spline and each edge label's
centre, in points with y pointing *up*; the drawing may not start at 0. Here they
are moved to start at (0, 0) and flipped so y points down, in the caller's pixels.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import networkx as nx

from graphviz_app.errors import LayoutError
from graphviz_app.layout.geometry import Edge, EdgePath, Geometry, NodeBox, Point

__all__ = ["geometry_from_json", "graphviz_name"]


def graphviz_name(node: str) -> str:
    """The name Graphviz stores for a node written with :func:`graphviz_app.layout.graphviz.quote`."""
    return node.replace("\\", "\\\\")


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

"""The quick layout: a layered drawing in pure Python, for graphs Graphviz would take minutes on.

It is the last tier of :func:`graphviz_app.layout.layout` (see
:mod:`graphviz_app.layout.budget`) and takes time linear in nodes, edges and the
ranks edges skip, so it always finishes:

1. **Ranks** by longest path (:func:`graphviz_app.layout.budget.ranks`).
2. **Order** within a rank: graph order, then one sweep that sorts each rank by
   the mean position of its parents (the barycentre heuristic, once, instead of
   dot's search for fewest crossings).
3. **Place** ranks side by side (``LR``) or one under another (``TB``), each
   centred on the same line.
4. **Edges** between neighbouring ranks are S-shaped curves; an edge that skips
   ranks is an *arc* that leaves its parent's side, passes outside the nodes of
   the ranks it skips and comes back to its child, alternately on either side
   (longer arcs reach further out, so arcs nest instead of overlapping). For a
   deep program, whose ranks hold one node each, that is an arc diagram.

Everything is computed in a frame where ``r`` runs along the ranks and ``o``
across them, then mapped to screen x, y for the direction.

>>> import networkx as nx
>>> g = nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")])
>>> geo = quick_layout(g, {n: (40, 20) for n in g}, "LR")
>>> geo.nodes["a"].cx < geo.nodes["b"].cx < geo.nodes["c"].cx
True
>>> geo.tier, len(geo.edges)
('quick', 3)
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from graphviz_app.layout.budget import ranks
from graphviz_app.layout.geometry import Edge, EdgePath, Geometry, NodeBox, Point

__all__ = ["ARROW", "quick_layout"]

ARROW = 10.0  # pixels of arrowhead, as Graphviz draws them
ARC_STEP = 6.0  # pixels an arc reaches further out per rank it skips


def _order(graph: nx.DiGraph, rank: dict[str, int]) -> list[list[str]]:
    layers: list[list[str]] = [[] for _ in range(max(rank.values()) + 1)]
    for node in graph:  # graph order first
        layers[rank[node]].append(node)
    position = {node: i for layer in layers for i, node in enumerate(layer)}
    for layer in layers[1:]:  # one barycentre sweep
        layer.sort(key=lambda n: _mean([position[p] for p in graph.pred[n]], position[n]))
        position.update({node: i for i, node in enumerate(layer)})
    return layers


def _mean(values: list[int], default: float) -> float:
    return sum(values) / len(values) if values else default


def quick_layout(
    graph: nx.DiGraph,
    node_sizes: Mapping[str, tuple[int, int]],
    direction: str = "LR",
    *,
    edge_labels: Mapping[Edge, tuple[float, float]] | None = None,
    node_gap: float = 18.0,
    rank_gap: float = 36.0,
    note: str = "",
) -> Geometry:
    """Lay ``graph`` out without Graphviz (see the module docstring); sizes in whole pixels."""
    edge_labels = edge_labels or {}
    lr = direction == "LR"

    def along(node: str) -> float:  # extent along the ranks
        w, h = node_sizes[node]
        return w if lr else h

    def across(node: str) -> float:
        w, h = node_sizes[node]
        return h if lr else w

    rank = ranks(graph)
    layers = _order(graph, rank)
    centre: dict[str, Point] = {}  # node -> (r, o)
    r = 0.0
    label_room = max((v[0] if lr else v[1] for v in edge_labels.values()), default=0.0)
    for layer in layers:
        depth = max(along(n) for n in layer)
        total = sum(across(n) for n in layer) + node_gap * (len(layer) - 1)
        o = -total / 2
        for node in layer:
            centre[node] = (r + depth / 2, o + across(node) / 2)
            o += across(node) + node_gap
        r += depth + rank_gap + label_room
    # the extent across the ranks, per rank: what an arc over rank k must clear
    low = [min(centre[n][1] - across(n) / 2 for n in layer) for layer in layers]
    high = [max(centre[n][1] + across(n) / 2 for n in layer) for layer in layers]

    paths: dict[Edge, tuple[list[Point], Point, Point | None]] = {}
    for i, (u, v) in enumerate(graph.edges):
        (ru, ou), (rv, ov) = centre[u], centre[v]
        span = rank[v] - rank[u]
        if span <= 1:  # neighbours: an S from the parent's far side to the child's near side
            start = (ru + along(u) / 2, ou)
            tip = (rv - along(v) / 2, ov)
            end = (tip[0] - ARROW, tip[1])
            mid = (start[0] + end[0]) / 2
            points = [start, (mid, start[1]), (mid, end[1]), end]
        else:  # an arc outside the ranks it skips, on alternate sides
            skipped = range(rank[u] + 1, rank[v])
            side = -1 if i % 2 == 0 else 1
            if side < 0:
                clear = min(low[k] for k in skipped) - node_gap - ARC_STEP * span
                start, tip = (ru, ou - across(u) / 2), (rv, ov - across(v) / 2)
            else:
                clear = max(high[k] for k in skipped) + node_gap + ARC_STEP * span
                start, tip = (ru, ou + across(u) / 2), (rv, ov + across(v) / 2)
            end = (tip[0], tip[1] + side * ARROW)
            # a cubic with both handles at o = c peaks at (start + end) / 8 + 3c / 4
            c = (clear - (start[1] + end[1]) / 8) * 4 / 3
            points = [start, (start[0], c), (end[0], c), end]
        label = None
        if (u, v) in edge_labels:
            p0, p1, p2, p3 = points  # the cubic's midpoint, B(1/2), one coordinate at a time
            label = ((p0[0] + 3 * p1[0] + 3 * p2[0] + p3[0]) / 8, (p0[1] + 3 * p1[1] + 3 * p2[1] + p3[1]) / 8)
        paths[u, v] = (points, tip, label)

    # bounding box of boxes and control points (a Bezier stays inside its control points)
    rs = [c[0] for c in centre.values()] + [p[0] for pts, _, _ in paths.values() for p in pts]
    os_ = [c[1] for c in centre.values()] + [p[1] for pts, _, _ in paths.values() for p in pts]
    pad_r = max(along(n) for n in graph) / 2
    pad_o = max(across(n) for n in graph) / 2
    r0, o0 = min(rs) - pad_r, min(os_) - pad_o
    r1, o1 = max(rs) + pad_r, max(os_) + pad_o

    def screen(p: Point) -> Point:
        rr, oo = p[0] - r0, p[1] - o0
        return (rr, oo) if lr else (oo, rr)

    nodes = {}
    for node, at in centre.items():
        x, y = screen(at)
        w, h = node_sizes[node]
        nodes[node] = NodeBox(x, y, float(w), float(h))
    edges = {
        e: EdgePath(tuple(screen(p) for p in pts), screen(tip), None if label is None else screen(label))
        for e, (pts, tip, label) in paths.items()
    }
    extent_r, extent_o = r1 - r0, o1 - o0
    width, height = (extent_r, extent_o) if lr else (extent_o, extent_r)
    return Geometry(width, height, nodes, edges, direction, tier="quick", note=note)

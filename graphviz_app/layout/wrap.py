"""Wrap tall ranks into several columns, so a big neuron view is not a thin line at "fit to window".

The neuron view of an 8-52-52-1 network has ranks of 2,704 products: laid out
left to right, one rank is a column some 150,000 pixels tall and the whole
drawing is 14 times taller than wide, so "fit to window" shows a line. Long
text wraps into lines; a tall rank wraps into columns the same way: its nodes,
in their order, fill a column to a chosen height, packed tight, then the next
column beside it. The height is the one that shows the drawing largest in ``space``.
Edges become straight lines between the boxes' borders (Graphviz's routes no
longer fit), which at this size is what the eye can follow anyway.

:func:`wrap` only wraps big drawings (:data:`MIN_NODES`) that then show at
least :data:`MIN_GAIN` times larger; anything else is returned unchanged.
Works in a frame where ``r`` runs along the ranks (x for ``LR``, y for ``TB``),
as :mod:`.fold` does.

>>> from graphviz_app.layout.geometry import Geometry, NodeBox
>>> nodes = {f"n{i}": NodeBox(30, 15 + 40 * i, 60, 30) for i in range(1000)}  # one rank, 40,000 px tall
>>> nodes["out"] = NodeBox(130, 20000, 60, 30)
>>> wrapped = wrap(Geometry(160, 40000, nodes, {}), space=(1200, 800))
>>> wrapped.height < 10000 and wrapped.width > 1000
True
>>> [wrapped.nodes[f"n{i}"].cx < wrapped.nodes["out"].cx for i in (0, 999)]
[True, True]
"""

from __future__ import annotations

import dataclasses
import math

from graphviz_app.layout.geometry import EdgePath, Geometry, NodeBox, Point

__all__ = ["MIN_GAIN", "MIN_NODES", "wrap"]

MIN_NODES = 1_000  # smaller drawings keep Graphviz's layout as it is
MIN_GAIN = 2.0  # wrap only if the drawing then shows at least this much larger
GAP = 24.0  # pixels between the columns of a wrapped rank
NODE_GAP = 12.0  # pixels between neighbours in a column
ARROW = 8.0  # pixels of arrowhead at the end of a straight edge


def _swap(lr: bool):
    return (lambda p: p) if lr else (lambda p: (p[1], p[0]))


def _columns(geometry: Geometry, lr: bool) -> list[list[str]]:
    """Nodes grouped by their position along r (one group per rank), each in order across."""
    groups: dict[float, list[str]] = {}
    for node, box in geometry.nodes.items():
        groups.setdefault(round(box.cx if lr else box.cy, 1), []).append(node)
    across = (lambda n: geometry.nodes[n].cy) if lr else (lambda n: geometry.nodes[n].cx)
    return [sorted(groups[r], key=across) for r in sorted(groups)]


def _plan(extent: list[tuple[float, float, int]], limit: float) -> tuple[list[int], float, float]:
    """Columns per rank for a height ``limit``, and the drawing's length along r and height across."""
    counts = [max(1, math.ceil(height / limit)) for _, height, _ in extent]
    counts = [min(c, n) for c, (_, _, n) in zip(counts, extent, strict=True)]
    length = sum(c * width + (c - 1) * GAP for c, (width, _, _) in zip(counts, extent, strict=True))
    length += GAP * 2 * (len(extent) - 1)
    across = max(height / c for c, (_, height, _) in zip(counts, extent, strict=True))
    return counts, length, across * 1.05


def wrap(geometry: Geometry, space: Point) -> Geometry:
    """``geometry`` with its tall ranks wrapped into columns (see the module docstring)."""
    if len(geometry.nodes) < MIN_NODES:
        return geometry
    lr = geometry.direction == "LR"
    frame = _swap(lr)
    space_r, space_o = frame(space)
    length, height = frame((geometry.width, geometry.height))
    before = min(space_r / length, space_o / height)
    columns = _columns(geometry, lr)
    boxes = {n: (frame((b.cx, b.cy)), frame((b.w, b.h))) for n, b in geometry.nodes.items()}
    extent = []  # per rank: its width, its height packed tight, its number of nodes
    for col in columns:
        packed = sum(boxes[n][1][1] for n in col) + NODE_GAP * (len(col) - 1)
        extent.append((max(boxes[n][1][0] for n in col), packed, len(col)))
    best: tuple[float, list[int]] | None = None  # (scale, columns per rank)
    for parts in range(1, 400):
        counts, r_len, o_len = _plan(extent, height / parts)
        scale = min(space_r / r_len, space_o / o_len)
        if best is None or scale > best[0]:
            best = (scale, counts)
    assert best is not None  # the loop above ran
    scale, counts = best
    if scale < before * MIN_GAIN:
        return geometry
    placed: dict[str, NodeBox] = {}
    r = 0.0
    for col, count, (width, _, n) in zip(columns, counts, extent, strict=True):
        per = math.ceil(n / count)
        for j in range(count):
            o = 0.0  # each column of a wrapped rank is packed from the top, in the rank's order
            for node in col[j * per : (j + 1) * per]:
                w, h = boxes[node][1]
                centre = frame((r + j * (width + GAP) + width / 2, o + h / 2))
                size = frame((w, h))
                placed[node] = NodeBox(centre[0], centre[1], size[0], size[1])
                o += h + NODE_GAP
        r += count * width + (count - 1) * GAP + 2 * GAP
    width = max(b.right for b in placed.values())
    height = max(b.bottom for b in placed.values())
    edges = {(u, v): _straight(placed[u], placed[v], path) for (u, v), path in geometry.edges.items()}
    return dataclasses.replace(geometry, width=width, height=height, nodes=placed, edges=edges)


def _border(box: NodeBox, towards: Point) -> Point:
    """Where the line from the box's centre towards ``towards`` leaves the box."""
    dx, dy = towards[0] - box.cx, towards[1] - box.cy
    if dx == 0 and dy == 0:
        return box.cx, box.cy
    t = min(box.w / 2 / abs(dx) if dx else math.inf, box.h / 2 / abs(dy) if dy else math.inf)
    return box.cx + dx * t, box.cy + dy * t


def _straight(parent: NodeBox, child: NodeBox, old: EdgePath) -> EdgePath:
    start = _border(parent, (child.cx, child.cy))
    tip = _border(child, (parent.cx, parent.cy))
    dx, dy = tip[0] - start[0], tip[1] - start[1]
    length = math.hypot(dx, dy) or 1.0
    back = min(ARROW, length / 2) / length
    end = (tip[0] - dx * back, tip[1] - dy * back)
    label = None if old.label_pos is None else ((start[0] + tip[0]) / 2, (start[1] + tip[1]) / 2)
    return EdgePath((start, start, end, end), tip, label)

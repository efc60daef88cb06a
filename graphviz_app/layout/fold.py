"""Fold a long, chain-like drawing into rows, so a deep network reads at "fit to window".

A chain of ten one-neuron layers (example ``deep-sigmoid``) is some forty ranks
long and three nodes tall: laid out left to right it is 35 times wider than
high, and fitting it in the window shrinks its text below legibility (19-25 %).
Text does not wrap by itself, but a chain does: cut the drawing where only one or
two edges cross from one part to the next, and stack the parts like lines of
text. Each part keeps Graphviz's layout; an edge that crosses a cut runs to the
end of its row, down into the gap below, back to the start of the next row and
into its child, as a line of text continues on the next line.

:func:`fold` only folds when it helps: when the drawing, fitted into ``space``
(the pixels it will be shown in), would show at least :data:`MIN_GAIN` times
larger folded (never counting beyond its natural size, so a short chain stays
one line), and there are places to cut where at most :data:`MAX_CROSSING` edges
cross. A dense graph (every cut crossed by many edges) is returned unchanged.

Works in a frame where ``r`` runs along the ranks (x for ``LR``, y for ``TB``)
and ``o`` across them, so ``TB`` drawings fold into columns.

>>> from graphviz_app.layout.geometry import EdgePath, Geometry, NodeBox
>>> nodes = {f"n{i}": NodeBox(30 + 100 * i, 15, 60, 30) for i in range(12)}
>>> edges = {(f"n{i}", f"n{i + 1}"): EdgePath(((60 + 100 * i, 15.0),) * 3 + ((90 + 100 * i, 15.0),),
...          (100 + 100 * i, 15.0)) for i in range(11)}
>>> folded = fold(Geometry(1200, 30, nodes, edges), space=(600, 400))
>>> folded.width <= 600 and folded.height > 60      # several rows now
True
>>> folded.nodes["n0"].top == 0 and folded.nodes["n11"].top > 0
True
"""

from __future__ import annotations

import dataclasses
import itertools
from bisect import bisect_left

from graphviz_app.layout.geometry import Edge, EdgePath, Geometry, NodeBox, Point

__all__ = ["FOLD_SPACE", "MAX_CROSSING", "fold"]

FOLD_SPACE = (1200.0, 800.0)  # pixels: about the canvas of a window on a laptop screen
MAX_CROSSING = 2  # cut only where at most this many edges cross
MIN_GAIN = 1.5  # fold only if the drawing then shows at least this much larger
ROW_GAP = 48.0  # pixels between rows: room for the edges that continue on the next row
MARGIN = 16.0  # pixels beyond a row's ends where continuing edges turn
LABEL_LIFT = ROW_GAP / 4  # pixels from the run back along the gap to its label's centre: a line of text fits


def _to_frame(lr: bool):
    """(x, y) -> (r, o); swapping x and y is its own inverse, so it also maps back."""
    return (lambda p: p) if lr else (lambda p: (p[1], p[0]))


def _cuts(geometry: Geometry, lr: bool, centre: dict[str, Point]) -> list[float]:
    """Positions along r, between nodes, where at most MAX_CROSSING edges cross."""
    spans = sorted((b.left, b.right) if lr else (b.top, b.bottom) for b in geometry.nodes.values())
    gaps = []
    reach = spans[0][1]
    for start, end in spans[1:]:
        if start > reach:
            gaps.append((reach + start) / 2)
        reach = max(reach, end)
    starts = sorted(min(centre[u][0], centre[v][0]) for u, v in geometry.edges)
    ends = sorted(max(centre[u][0], centre[v][0]) for u, v in geometry.edges)
    return [c for c in gaps if bisect_left(starts, c) - bisect_left(ends, c) <= MAX_CROSSING]


def _scale(
    cuts: list[float], length: float, extents: list[tuple[float, float, float]], space: Point
) -> float:
    """How large the drawing folded at ``cuts`` shows in ``space`` (r, o), at most 1 (natural size)."""
    bounds = [0.0, *cuts, length]
    low = [float("inf")] * (len(bounds) - 1)
    high = [float("-inf")] * (len(bounds) - 1)
    for r, o0, o1 in extents:
        row = bisect_left(cuts, r)
        low[row], high[row] = min(low[row], o0), max(high[row], o1)
    total = sum(h - lo for lo, h in zip(low, high, strict=True) if h >= lo) + ROW_GAP * (len(bounds) - 2)
    longest = max(b - a for a, b in itertools.pairwise(bounds)) + 2 * MARGIN * bool(cuts)
    return min(space[0] / longest, space[1] / total, 1.0)


def _plan(cuts: list[float], length: float, extents, space: Point) -> list[float]:
    """The cuts (a subset) that show the drawing largest in ``space``, or none."""
    best, best_scale = [], _scale([], length, extents, space) * MIN_GAIN
    for rows in range(2, len(cuts) + 2):
        chosen: list[float] = []
        for i in range(1, rows):
            t = length * i / rows
            c = min(cuts, key=lambda cut: abs(cut - t))  # the cut nearest t
            if not chosen or c > chosen[-1]:
                chosen.append(c)
        s = _scale(chosen, length, extents, space)
        if s > best_scale:
            best, best_scale = chosen, s
    return best


def fold(geometry: Geometry, space: Point = FOLD_SPACE) -> Geometry:
    """``geometry`` folded into rows (columns for ``TB``) when that shows it larger; else itself."""
    if len(geometry.nodes) < 2 or geometry.width <= 0 or geometry.height <= 0:
        return geometry
    lr = geometry.direction != "TB"
    to = back = _to_frame(lr)
    length, breadth = (geometry.width, geometry.height) if lr else (geometry.height, geometry.width)
    space = to(space)  # folding TB makes columns: the space's height runs along the ranks
    if min(space[0] / length, space[1] / breadth, 1.0) * MIN_GAIN > 1.0:
        return geometry  # it shows nearly full size already
    centre = {n: to((b.cx, b.cy)) for n, b in geometry.nodes.items()}
    extents = [
        (centre[n][0], centre[n][1] - (b.h if lr else b.w) / 2, centre[n][1] + (b.h if lr else b.w) / 2)
        for n, b in geometry.nodes.items()
    ]
    cuts = _plan(_cuts(geometry, lr, centre), length, extents, space)
    if not cuts:
        return geometry
    bounds = [0.0, *cuts, length]

    def row_of(r: float) -> int:
        return bisect_left(cuts, r)

    rows = [row_of(c[0]) for c in centre.values()]
    low = [float("inf")] * len(bounds)
    high = [float("-inf")] * len(bounds)
    for (n, b), row in zip(geometry.nodes.items(), rows, strict=True):
        half = (b.h if lr else b.w) / 2
        low[row] = min(low[row], centre[n][1] - half)
        high[row] = max(high[row], centre[n][1] + half)
    for (u, v), path in geometry.edges.items():
        if row_of(centre[u][0]) == row_of(centre[v][0]):
            row = row_of(centre[u][0])
            for p in path.points:
                low[row], high[row] = min(low[row], to(p)[1]), max(high[row], to(p)[1])
    shift: list[Point] = []
    top = 0.0
    for row in range(len(bounds) - 1):
        if low[row] == float("inf"):
            low[row] = high[row] = 0.0
        shift.append((MARGIN - bounds[row], top - low[row]))
        top += high[row] - low[row] + ROW_GAP

    def moved(p: Point, row: int) -> Point:
        r, o = to(p)
        return back((r + shift[row][0], o + shift[row][1]))

    nodes = {}
    for n, b in geometry.nodes.items():
        row = row_of(centre[n][0])
        cx, cy = moved((b.cx, b.cy), row)
        nodes[n] = NodeBox(cx, cy, b.w, b.h)
    row_end = [MARGIN + bounds[i + 1] - bounds[i] for i in range(len(bounds) - 1)]
    edges: dict[Edge, EdgePath] = {}
    for (u, v), path in geometry.edges.items():
        ru, rv = row_of(centre[u][0]), row_of(centre[v][0])
        if ru == rv:
            edges[u, v] = EdgePath(
                tuple(moved(p, ru) for p in path.points),
                None if path.arrow_tip is None else moved(path.arrow_tip, ru),
                None if path.label_pos is None else moved(path.label_pos, ru),
            )
        else:
            edges[u, v] = _continued(path, ru, rv, moved, to, back, row_end, shift, low)
    width = MARGIN * 2 + max(row_end) - MARGIN
    height = top - ROW_GAP
    width, height = (width, height) if lr else (height, width)
    return dataclasses.replace(geometry, width=width, height=height, nodes=nodes, edges=edges)


def _continued(path: EdgePath, ru, rv, moved, to, back, row_end, shift, low) -> EdgePath:
    """An edge from row ``ru`` to a later row ``rv``: to the row's end, down, back, into the child."""
    start = to(moved(path.points[0], ru))
    tip = to(moved(path.arrow_tip or path.points[-1], rv))
    end = to(moved(path.points[-1], rv))
    turn_r = row_end[ru] + MARGIN
    gap_o = low[rv] + shift[rv][1] - ROW_GAP / 2
    back_r = min(end[0], tip[0]) - MARGIN
    corners = [start, (turn_r, start[1]), (turn_r, gap_o), (back_r, gap_o), (back_r, end[1]), end]
    points = [corners[0]]
    for a, b in itertools.pairwise(corners):  # straight segments as cubic Beziers
        points += [(a[0] + (b[0] - a[0]) / 3, a[1] + (b[1] - a[1]) / 3)]
        points += [(a[0] + 2 * (b[0] - a[0]) / 3, a[1] + 2 * (b[1] - a[1]) / 3), b]
    label = None
    if path.label_pos is not None:  # above the run back along the gap: on it, the line crosses the text
        label = back(((turn_r + back_r) / 2, gap_o - LABEL_LIFT))
    return EdgePath(tuple(back(p) for p in points), back(tip), label)

"""The edges, drawn as the scene's background: a frame costs what changed on screen.

Each edge used to be an item with a cached picture of itself. A long diagonal edge of
a big graph has a bounding rectangle of megabytes, more than Qt's pixmap cache keeps,
so every repaint stroked the edges again, and Qt strokes an anti-aliased curve whole
however little of it is on screen (about 0.3 ms for a curve a thousand pixels long).
At 1,000 nodes one frame of a moving token took 50 to 200 ms.

Now the scene draws every edge in its background (:func:`draw_edges`), and the view
keeps the background as one picture of the viewport (``QGraphicsView.CacheBackground``)
and redraws only what is exposed: a strip scrolled into view, everything after a zoom,
and the band along an edge whose state changed (:func:`edge_areas`, asked for by
:meth:`~graphviz_app.gui.canvas.edge_item.EdgeItem.set_state`). A moving token or new
numbers on the nodes cost a copy of that picture, not a stroke.

What is exposed is drawn alone: each curve is cut once into short pieces
(:class:`Pieces`), and an edge that crosses the border of the exposed area is stroked
only in the runs of pieces near it, with one more piece on either side, so the ends of
a run lie outside. The cut is made once, so the same part is always the same pieces:
an edge redrawn in parts shows no seam. A curve wholly inside the exposed area, and a
pen no wider than a pixel (a hairline, which Qt draws cheaply), are stroked whole, as
before; a run's anti-aliased edge pixels differ from the uncut curve's by a few levels
of grey, as the stroker flattens a shorter curve a little differently. Exports draw
every curve whole.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, cast

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QRegion, QTransform
from PySide6.QtWidgets import QGraphicsScene

from graphviz_app.gui import interrupts

if TYPE_CHECKING:
    from graphviz_app.gui.canvas.edge_item import EdgeItem
    from graphviz_app.gui.canvas.scene import CanvasScene

__all__ = ["PIECE", "Pieces", "Redraws", "draw_edges", "edge_areas"]

PIECE = 40.0
"""An edge's curve is cut into pieces about this long (scene units)."""
MAX_AREAS = 64  # more exposed rectangles than this: test against their bounding rectangle instead
# the view's, which the items were drawn with
_HINTS = QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing

Point = tuple[float, float]


def _cubic_pieces(c: np.ndarray, count: int) -> np.ndarray:
    """A cubic Bezier (4×2 control points) cut into ``count`` pieces equal in t: rows of 4 points.

    Piece j runs from B(t_j) to B(t_{j+1}); its inner control points lie a third of the
    step along the tangents there, which makes it exactly that part of the curve.
    """
    t = np.linspace(0.0, 1.0, count + 1)[:, None]
    u = 1.0 - t
    at = u**3 * c[0] + 3 * u**2 * t * c[1] + 3 * u * t**2 * c[2] + t**3 * c[3]
    at[0], at[-1] = c[0], c[3]  # the ends exactly
    slope = 3 * (u**2 * (c[1] - c[0]) + 2 * u * t * (c[2] - c[1]) + t**2 * (c[3] - c[2]))
    h = 1.0 / (3 * count)
    return np.stack([at[:-1], at[:-1] + h * slope[:-1], at[1:] - h * slope[1:], at[1:]], axis=1)


def _line_pieces(a: np.ndarray, b: np.ndarray, count: int) -> np.ndarray:
    """A straight line cut into ``count`` equal pieces, as rows of 4 points (the inner two unused)."""
    t = np.linspace(0.0, 1.0, count + 1)[:, None]
    at = a + (b - a) * t
    at[0], at[-1] = a, b
    return np.stack([at[:-1], at[:-1], at[1:], at[1:]], axis=1)


class Pieces:
    """An edge's curve (Graphviz's points: cubic Beziers, then straight lines) cut into short pieces.

    The pieces are made once (the same cut every time the edge is drawn); :meth:`curves`
    gives only those near an area, as paths to stroke.

    >>> p = Pieces([(0, 0), (100, 0), (200, 0), (300, 0)])
    >>> len(p), p.boxes[0].tolist()
    (8, [0.0, 0.0, 37.5, 0.0])
    >>> [c.elementCount() for c in p.curves(np.array([[0.0, -5.0, 10.0, 5.0]]), 1.0)]
    [7]
    >>> p.curves(np.array([[0.0, -5.0, 300.0, 5.0]]), 1.0) is None  # all of it: the whole curve
    True
    """

    def __init__(self, points: Sequence[Point]) -> None:
        p = np.asarray(points, dtype=float).reshape(-1, 2)
        parts, lines = [], []
        i = 1
        while i + 2 <= len(p) - 1:  # as the spline is drawn: cubics while 3 more points remain
            c = p[i - 1 : i + 3]
            length = float(np.hypot(*np.diff(c, axis=0).T).sum())
            parts.append(_cubic_pieces(c, max(1, math.ceil(length / PIECE))))
            lines.append(np.zeros(len(parts[-1]), dtype=bool))
            i += 3
        for a, b in zip(p[i - 1 : -1], p[i:]) if i < len(p) else ():  # then straight lines
            parts.append(_line_pieces(a, b, max(1, math.ceil(float(np.hypot(*(b - a))) / PIECE))))
            lines.append(np.ones(len(parts[-1]), dtype=bool))
        ctrl = np.concatenate(parts) if parts else np.zeros((0, 4, 2))
        self.ctrl = ctrl.reshape(-1, 8)
        """Each piece's control points: x0, y0, x1, y1, x2, y2, x3, y3 (a line: from 0 to 3)."""
        self.line = np.concatenate(lines) if lines else np.zeros(0, dtype=bool)
        self.boxes = np.concatenate([ctrl.min(axis=1), ctrl.max(axis=1)], axis=1)
        """Left, top, right, bottom of each piece's control points, which contain it."""
        b = self.boxes
        self.bounds = (
            tuple(float(v) for v in (*b[:, :2].min(axis=0), *b[:, 2:].max(axis=0))) if len(b) else (0.0,) * 4
        )
        """Left, top, right, bottom of every piece."""

    def __len__(self) -> int:
        return len(self.ctrl)

    def _path(self, first: int, stop: int) -> QPainterPath:
        rows = self.ctrl[first:stop].tolist()
        path = QPainterPath(QPointF(rows[0][0], rows[0][1]))
        for row, line in zip(rows, self.line[first:stop].tolist()):
            if line:
                path.lineTo(row[6], row[7])
            else:
                path.cubicTo(*row[2:])
        return path

    def near(self, areas: np.ndarray, margin: float) -> np.ndarray:
        """Which pieces come within ``margin`` of any of ``areas`` (rows of left, top, right, bottom)."""
        b = self.boxes
        if not len(b):
            return np.zeros(0, dtype=bool)
        return _any_per_row(_meets(b, areas, margin))

    def curves(self, areas: np.ndarray, margin: float) -> list[QPainterPath] | None:
        """The runs of pieces near ``areas``, each with one more piece on either side (see the module);
        ``None`` when every piece is: then the whole curve is drawn, uncut."""
        hit = self.near(areas, margin)
        if not hit.any():
            return []
        grown = hit.copy()
        grown[1:] |= hit[:-1]
        grown[:-1] |= hit[1:]
        if grown.all():
            return None
        edges = np.flatnonzero(np.diff(np.concatenate(([0], grown.view(np.int8), [0]))))
        return [self._path(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2])]

    def areas(self, margin: float, group: int = 1) -> list[QRectF]:
        """Rectangles along the curve, ``margin`` around its pieces, ``group`` pieces to a rectangle."""
        b = self.boxes
        found = []
        for k in range(0, len(b), group):
            x0, y0 = b[k : k + group, :2].min(axis=0)
            x1, y1 = b[k : k + group, 2:].max(axis=0)
            found.append(QRectF(x0 - margin, y0 - margin, x1 - x0 + 2 * margin, y1 - y0 + 2 * margin))
        return found


def exposed_areas(painter: QPainter, rect: QRectF) -> list[QRectF]:
    """Where ``painter`` may draw, in its logical coordinates (at most :data:`MAX_AREAS` rectangles).

    The view's background painter is clipped to what must be redrawn, in device
    pixels; read there, the clip is exact, and each rectangle is mapped back.
    """
    inverse, invertible = painter.worldTransform().inverted()
    if not painter.hasClipping() or not invertible:
        return [rect]
    painter.save()
    painter.setWorldTransform(QTransform())
    region = painter.clipRegion()
    painter.restore()
    paper = painter.device()  # Qt may ask for more than its picture holds (all of a scene, say)
    ratio = paper.devicePixelRatioF() or 1.0  # the clip is in pixels of logical size
    region &= QRegion(0, 0, math.ceil(paper.width() / ratio), math.ceil(paper.height() / ratio))
    device: list[QRect] = list(region)  # type: ignore[call-overload]  # a QRegion iterates its rectangles; its stub does not say so
    if len(device) > MAX_AREAS:
        device = [region.boundingRect()]
    return [inverse.mapRect(QRectF(r)) for r in device] or [rect]


def draw_edges(scene: CanvasScene, painter: QPainter, rect: QRectF, whole: bool = False) -> None:
    """Draw the scene's edges that cross ``rect`` (scene coordinates), in their stacking order.

    ``whole``: every curve uncut (an export); else only the pieces near what ``painter``
    may draw on (see the module docstring).
    """
    from graphviz_app.gui.canvas.edge_item import EdgeItem

    if interrupts.requested():  # Ctrl+C during an export: finish the render at once
        return
    painter.save()
    painter.setRenderHints(_HINTS)
    if whole:
        for item in scene.items(
            rect, Qt.ItemSelectionMode.IntersectsItemBoundingRect, Qt.SortOrder.AscendingOrder
        ):
            if interrupts.requested():
                break
            if type(item) is EdgeItem and item.isVisible():
                item.draw(painter)
        painter.restore()
        return
    rects = exposed_areas(painter, rect)
    found: dict[EdgeItem, None] = {}  # the edges whose bounds meet an exposed rectangle, once each
    for area in rects:
        for item in scene.items(area, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            if type(item) is EdgeItem:
                found[item] = None
    areas = np.array([[r.left(), r.top(), r.right(), r.bottom()] for r in rects], dtype=float)
    pixel = 1.0 / max(abs(painter.worldTransform().m11()), 1e-9)  # one device pixel in scene units
    items = [item for item in sorted(found, key=_stacking) if item.isVisible()]
    if not items:
        painter.restore()
        return
    styles = [item.line_style() for item in items]
    margins = np.array([width / 2 + 2 * pixel for _, width in styles])[:, None]
    curve = _meets(np.array([item.pieces.bounds for item in items]), areas, margins)  # edges × areas
    ends = _any_per_row(_meets(np.array([item.ends for item in items]), areas, margins))
    for item, style, margin, near_areas, end in zip(items, styles, margins[:, 0], curve, ends):
        near = areas[near_areas]
        if not len(near):
            curves: list[QPainterPath] | None = []
        elif style[1] <= pixel:  # a hairline on screen: Qt draws it whole, cheaply
            curves = None if item.pieces.near(near, margin).any() else []
        else:
            curves = item.pieces.curves(near, margin)
        end = end or (bool(item.label) and _touches(item.label_box(), areas, 2 * pixel))
        if curves is None or curves or end:
            item.draw(painter, curves, style, end)
    painter.restore()


def _meets(boxes: np.ndarray, areas: np.ndarray, margins: np.ndarray | float) -> np.ndarray:
    """Which of ``boxes`` (rows of left, top, right, bottom) come within their ``margins`` (one per box, or
    one for all) of which ``areas``: a boxes × areas array of booleans."""
    return (
        (boxes[:, None, 0] <= areas[None, :, 2] + margins)
        & (boxes[:, None, 2] >= areas[None, :, 0] - margins)
        & (boxes[:, None, 1] <= areas[None, :, 3] + margins)
        & (boxes[:, None, 3] >= areas[None, :, 1] - margins)
    )


def _any_per_row(hits: np.ndarray) -> np.ndarray:
    """Which rows of the 2-D ``hits`` have a True (numpy's stubs type ``.any(axis=1)`` as maybe a scalar;
    ``np.any`` would say the same at twice the cost, and this runs for every edge drawn)."""
    return cast(np.ndarray, hits.any(axis=1))


def _stacking(item: EdgeItem) -> int:
    return item.order


def _touches(box: QRectF, areas: np.ndarray, margin: float) -> bool:
    """Whether ``box`` comes within ``margin`` of any of ``areas``."""
    return bool(
        (
            (box.left() <= areas[:, 2] + margin)
            & (box.right() >= areas[:, 0] - margin)
            & (box.top() <= areas[:, 3] + margin)
            & (box.bottom() >= areas[:, 1] - margin)
        ).any()
    )


def edge_areas(
    item: EdgeItem, width: float, pixel: float, label_box: QRectF | None = None
) -> Iterable[QRectF]:
    """Where ``item`` is drawn with a pen ``width`` wide: bands along its curve, its arrowhead, its label."""
    margin = width / 2 + 2 * pixel
    yield from item.pieces.areas(margin)
    yield item.arrow.boundingRect().adjusted(-margin, -margin, margin, margin)
    for box in (item.label_box(), label_box):
        if box is not None and not box.isEmpty():
            yield box.adjusted(-2 * pixel, -2 * pixel, 2 * pixel, 2 * pixel)


class Redraws:
    """Which parts of the view's picture of the edges to draw again after edges change.

    Only what is in view: the picture covers the viewport, and what scrolls in is
    drawn then. Inside :meth:`batch` (a frame that restyles many edges) the changes
    are gathered; more than :data:`LIMIT` edges in view redraw the whole picture at
    once, which costs less than as many bands.
    """

    LIMIT = 150

    def __init__(self, scene: CanvasScene) -> None:
        self.scene = scene
        self._batch: list[tuple[EdgeItem, float | None, QRectF | None]] | None = None

    def edge(self, item: EdgeItem, width: float | None = None, label_box: QRectF | None = None) -> None:
        """``item`` looks different now (``width``: the widest it was or is; ``label_box``: its old label)."""
        if self._batch is not None:
            self._batch.append((item, width, label_box))
        else:
            self._redraw([(item, width, label_box)])

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Gather the changes made inside, and redraw once at the end."""
        if self._batch is not None:
            yield
            return
        self._batch = []
        try:
            yield
        finally:
            changes, self._batch = self._batch, None
            if changes:
                self._redraw(changes)

    def _seen(self) -> tuple[QRectF, float] | None:
        """What the views show (scene coordinates), and the size of a pixel at the smallest zoom."""
        views = self.scene.views()
        if not views or not self.scene.items_layer.isVisible():
            return None
        seen = QRectF()
        for view in views:
            seen = seen.united(view.mapToScene(view.viewport().rect()).boundingRect())
        return seen, 1.0 / max(min(abs(v.transform().m11()) for v in views), 1e-9)

    def _redraw(self, changes: list[tuple[EdgeItem, float | None, QRectF | None]]) -> None:
        found = self._seen()
        if found is None:
            return
        seen, pixel = found
        seen = seen.adjusted(-20 * pixel, -20 * pixel, 20 * pixel, 20 * pixel)
        shown = [
            c
            for c in changes
            if c[0].sceneBoundingRect().intersects(seen) or (c[2] is not None and c[2].intersects(seen))
        ]
        if len(shown) > self.LIMIT:
            self.scene.redraw_edges()
            return
        for item, width, label_box in shown:
            for area in edge_areas(item, width or item.line_style()[1], pixel, label_box):
                if area.intersects(seen):
                    self.scene.invalidate(area, QGraphicsScene.SceneLayer.BackgroundLayer)

"""Canvas items: tooltips written on hover, cached pictures that follow every change."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem, QGraphicsSceneHoverEvent

import graphviz_app.core  # noqa: F401
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate
from tests.gui.scenes import finished_scene


@pytest.fixture
def scene(qapp):
    g = G.new_graph()
    G.add_leaf(g, "x", 1.5)
    sq = G.add_op(g, "mul", ["x", "x"], name="u")
    G.add_op(g, "sin", [sq], name="f")
    return finished_scene(g)


def hover(item):
    item.hoverEnterEvent(QGraphicsSceneHoverEvent(QEvent.GraphicsSceneHoverEnter))


def test_tooltips_are_written_on_hover_and_follow_edits(scene):
    node, edge = scene.nodes["x"], scene.edges[("x", "u")]
    assert node.toolTip() == "" and edge.toolTip() == ""  # nothing written before it is needed
    hover(node)
    assert "value = 1.5" in node.toolTip() and "gradient = " in node.toolTip()
    assert scene.hovered is node
    hover(edge)
    assert "carries 1.5" in edge.toolTip() and "local ∂u/∂x = 3.0" in edge.toolTip()
    ev = evaluate(scene.graph, {"x": 2.0})
    scene.set_evaluation(ev)  # the item under the pointer shows the new numbers at once
    assert "carries 2.0" in edge.toolTip() and "local ∂u/∂x = 4.0" in edge.toolTip()
    edge.hoverLeaveEvent(QGraphicsSceneHoverEvent(QEvent.GraphicsSceneHoverLeave))
    assert scene.hovered is None


def test_nodes_are_cached_edges_are_not_and_export_draws_both_afresh(scene):
    nodes, edges = list(scene.nodes.values()), list(scene.edges.values())
    assert all(item.cacheMode() == QGraphicsItem.DeviceCoordinateCache for item in nodes)
    # an edge's picture could be megabytes (see canvas/edge_layer.py): it keeps none, the scene draws it
    assert all(item.cacheMode() == QGraphicsItem.NoCache for item in edges)
    assert all(item.flags() & QGraphicsItem.ItemHasNoContents for item in edges)
    # bounds come from the item's rectangle: the node's box with a margin, the edge's curve
    x = scene.nodes["x"]
    badge = x.badge_disc().height() / 2  # room for a badge (the quiz's "?") on the top-right corner
    assert x.boundingRect() == x.border_rect().translated(-x.pos()).adjusted(-4, -4 - badge, 4 + badge, 4)
    edge = scene.edges[("x", "u")]
    for end in (0.0, 1.0):
        assert edge.boundingRect().contains(edge.path.pointAtPercent(end))
    curve = edge.path.boundingRect().united(edge.arrow.boundingRect())
    assert edge.boundingRect() == curve.adjusted(-8, -8, 8, 8)  # tight: the curve, its arrowhead, a margin
    rect = scene.sceneRect()
    image = QImage(int(rect.width()), int(rect.height()), QImage.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
    painter.end()
    mid = edge.path.pointAtPercent(0.5) - rect.topLeft()
    assert image.pixelColor(int(mid.x()), int(mid.y())) != image.pixelColor(1, 1)  # the edge is drawn
    assert all(item.cacheMode() == QGraphicsItem.DeviceCoordinateCache for item in nodes)


def test_an_edge_label_grows_its_bounds(scene):
    edge = scene.edges[("x", "u")]
    before = edge.boundingRect()
    edge.set_state(None, "∂ 3.0000001", 0.0, dimmed=False)
    assert edge.boundingRect().contains(before) and edge.boundingRect() != before
    edge.set_state(None, "", 0.0, dimmed=False)
    assert edge.boundingRect() == before

"""The edges are drawn in the scene's background, which the view caches: a change redraws a band.

See graphviz_app/gui/canvas/edge_layer.py. A repaint of a big graph must cost what
changed on screen: a token moving or a node's numbers changing draws no edge, and an
edge that changes state is drawn again along its curve only, in pieces that match
the rest of the picture pixel for pixel.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView

import graphviz_app.core  # noqa: F401
from graphviz_app.gui.canvas import edge_layer
from graphviz_app.gui.canvas.scene import CanvasScene, Fonts, measure_nodes
from graphviz_app.gui.canvas.view import CanvasView
from graphviz_app.gui.theme import theme_named
from graphviz_app.layout.graphviz import layout
from graphviz_app.session.state.session import Session


@pytest.fixture
def canvas(qtbot):
    """net-221 at its end step, in a 700×500 view zoomed in (edges cross the border of the view)."""
    s = Session()
    s.open_source("example:net-221")
    fonts = Fonts(QApplication.font().pointSizeF())
    scene = CanvasScene(theme_named("light"), fonts)
    view = CanvasView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.setScene(scene)
    g, ev = s.graph, s.evaluation
    scene.build(g, layout(g, measure_nodes(g, ev, fonts), use_cache=False), ev)
    s.set_step(len(s.timeline) - 1)
    scene.show_frame(s.frame())
    view.show()
    view.fit()
    view.zoom_by(1.6)
    QApplication.processEvents()
    return s, scene, view


def grab(view) -> QImage:
    QApplication.processEvents()
    return view.viewport().grab().toImage()


def longest_diagonal(scene):
    """The edge whose bounding rectangle is largest: a long curve across the view."""
    return max(scene.edges.values(), key=lambda e: e.boundingRect().width() * e.boundingRect().height())


def test_the_view_caches_the_edges_and_a_token_or_a_number_draws_no_edge(canvas, monkeypatch):
    s, scene, view = canvas
    assert view.cacheMode() & QGraphicsView.CacheBackground
    grab(view)
    drawn = []
    real = edge_layer.draw_edges
    monkeypatch.setattr(
        "graphviz_app.gui.canvas.scene.draw_edges", lambda *a, **k: drawn.append(1) or real(*a, **k)
    )
    step = next(k for k, st in enumerate(s.timeline.steps) if st.tokens)
    scene.show_tokens(s.timeline.steps[step].tokens, 0.5)  # tokens move
    node = next(iter(scene.nodes.values()))
    node.set_lines([("new", "title")])  # a node's numbers change
    grab(view)
    assert drawn == []
    view.viewport().repaint()  # a full repaint copies the cached picture
    assert drawn == []


def test_an_edge_that_changes_is_redrawn_along_its_curve_not_its_bounding_box(canvas, monkeypatch):
    _s, scene, view = canvas
    grab(view)
    edge = longest_diagonal(scene)
    asked: list[QRectF] = []
    real = QGraphicsScene.invalidate
    monkeypatch.setattr(
        CanvasScene,
        "invalidate",
        lambda self, rect, layers: asked.append(QRectF(rect)) or real(self, rect, layers),
    )
    edge.set_state("forward", "", 0.0, dimmed=False)
    assert asked, "the change asks for its part of the picture to be drawn again"
    box = edge.sceneBoundingRect()
    area = sum(r.width() * r.height() for r in asked)
    assert area < 0.5 * box.width() * box.height()  # a band along the curve, not the whole rectangle
    stroke = edge.shape()
    assert all(stroke.intersects(r) or edge.arrow.boundingRect().intersects(r) for r in asked)


def test_an_edge_redrawn_in_parts_matches_the_whole_picture_redrawn(canvas):
    _s, scene, view = canvas
    grab(view)
    for edge in list(scene.edges.values())[::3]:  # restyle some edges: each redraws its band
        edge.set_state("backward", "", 0.0, dimmed=False, emphasised=True)
    partly = grab(view)
    view.resetCachedContent()  # now everything at once
    whole = grab(view)
    assert partly == whole


def test_the_overview_leaves_the_edges_to_itself(canvas):
    _s, scene, view = canvas
    drawn = grab(view)
    scene.items_layer.setVisible(False)  # what showing the overview does (see canvas/overview.py)
    scene.redraw_edges()
    without = grab(view)
    assert without != drawn
    edge = longest_diagonal(scene)
    mid = view.mapFromScene(edge.path.pointAtPercent(0.5))
    if view.viewport().rect().contains(mid):
        assert without.pixelColor(mid) == without.pixelColor(0, 0)  # only the background there

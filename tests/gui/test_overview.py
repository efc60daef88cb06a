"""A big graph zoomed out is drawn by one overview item; zoomed in, by its own items with text."""

from dataclasses import replace

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage, QPainter

from graphviz_app.gui.canvas.overview import OVERVIEW_MIN_NODES
from graphviz_app.gui.canvas.scene import CanvasScene, Fonts, measure_nodes
from graphviz_app.gui.canvas.view import CanvasView
from graphviz_app.gui.theme import theme_named
from graphviz_app.layout.graphviz import layout
from tests.specs import net_wide

NET = net_wide()


def picture(view):
    image = QImage(view.viewport().size(), QImage.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    view.render(painter)
    painter.end()
    return image


def coloured_pixels(image):
    background = image.pixel(0, 0)
    return sum(
        image.pixel(x, y) != background
        for x in range(0, image.width(), 4)
        for y in range(0, image.height(), 4)
    )


def test_zoomed_out_big_graph_is_drawn_by_the_overview_and_zoomed_in_by_its_items(qtbot, session):
    session.settings = replace(session.settings, view="neuron")
    session.set_network(NET)
    g, ev = session.graph, session.evaluation
    assert len(g) >= OVERVIEW_MIN_NODES
    fonts = Fonts(10.0)
    scene = CanvasScene(theme_named("light"), fonts)
    view = CanvasView()
    qtbot.addWidget(view)
    view.resize(QSize(800, 600))
    view.setScene(scene)
    scene.build(g, layout(g, measure_nodes(g, ev, fonts), use_cache=False), ev)
    session.set_step(len(session.timeline) - 1)
    scene.show_frame(session.frame())
    scene.select("a1[3]")
    view.fit()
    assert scene.overview.isVisible() and not scene.items_layer.isVisible()
    assert not scene.nodes["a1[3]"].isVisible()  # hidden with its parent
    assert coloured_pixels(picture(view)) > 100  # the overview draws boxes and edges

    for _ in range(40):  # zoom in until text reads
        view.zoom_in()
    assert not scene.overview.isVisible() and scene.nodes["a1[3]"].isVisible()
    assert scene.nodes["a1[3]"].isSelected()  # the selection came back with the items

    view.fit()
    image = QImage(400, 4000, QImage.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    scene.render(painter)  # an export draws every item, with text, whatever the zoom
    painter.end()
    assert scene.overview.isVisible()  # and the view goes back to its overview
    assert coloured_pixels(image) > 100


def test_lit_edges_of_the_step_are_drawn_on_the_overview(qtbot, session):
    session.settings = replace(session.settings, view="neuron")
    session.set_network(NET)
    g, ev = session.graph, session.evaluation
    fonts = Fonts(10.0)
    scene = CanvasScene(theme_named("light"), fonts)
    scene.build(g, layout(g, measure_nodes(g, ev, fonts), use_cache=False), ev)
    k = next(i for i, s in enumerate(session.timeline.steps) if s.kind == "backward")
    session.set_step(k)
    scene.show_frame(session.frame())
    lit = {e for e, state in session.frame().edges.items() if state in ("forward", "backward")}
    assert lit and len(scene.overview.lit) == len(lit)
    assert {state for state, _ in scene.overview.lit} == {"backward"}

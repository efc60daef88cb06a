"""A big graph relabels the nodes out of view when they come into view, not on every edit.

An edit of the 9,736-node view rewrote all 9,736 labels (a tenth of a second) for the
hundred on screen; see graphviz_app/gui/canvas/relabel.py.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from graphviz_app.gui.canvas.relabel import LAZY_ABOVE
from graphviz_app.gui.canvas.scene import CanvasScene, Fonts, measure_nodes
from graphviz_app.gui.canvas.view import CanvasView
from graphviz_app.gui.theme import theme_named
from graphviz_app.layout.graphviz import layout
from tests.gui.test_overview import NET


def test_nodes_out_of_view_get_their_numbers_when_they_come_into_view(qtbot, session):
    session.settings = replace(session.settings, view="neuron")
    session.set_network(NET)
    g, ev = session.graph, session.evaluation
    assert len(g) > LAZY_ABOVE
    fonts = Fonts(10.0)
    scene = CanvasScene(theme_named("light"), fonts)
    view = CanvasView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.setScene(scene)
    scene.build(g, layout(g, measure_nodes(g, ev, fonts), use_cache=False), ev)
    view.show()
    view.fit()
    view.zoom_by(10.0)  # legible text: the items draw themselves, most of them out of view
    assert not scene.overview.isVisible()
    session.set_step(len(session.timeline) - 1)
    scene.show_frame(session.frame())
    QApplication.processEvents()
    far = max(scene.nodes.values(), key=lambda item: item.pos().x() + item.pos().y())
    assert far.node_id in scene.stale  # out of view: not relabelled yet
    near = next(n for n, item in scene.nodes.items() if n not in scene.stale)
    assert any(text.startswith("∇") for text, _ in scene.nodes[near].lines)
    view.centerOn(far)  # scrolled into view: it gets the frame's numbers before it is painted
    QApplication.processEvents()
    assert far.node_id not in scene.stale
    assert far.lines == scene.lines_of(far.node_id, session.frame().nodes.get(far.node_id))
    scene.relabel_seen()  # an export asks for all of them
    assert not scene.stale
    # which nodes lie in a rectangle is answered from arrays of their boxes, as Qt's items() would
    from PySide6.QtCore import QRectF

    from graphviz_app.gui.canvas.items import NodeItem

    for rect in (
        view.visible_scene_rect(),
        QRectF(far.sceneBoundingRect().center(), far.boundingRect().size()),
    ):
        asked = {
            i.node_id
            for i in scene.items(rect, Qt.ItemSelectionMode.IntersectsItemBoundingRect)
            if type(i) is NodeItem
        }
        assert set(scene.places.within(rect)) == asked and asked

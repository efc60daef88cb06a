"""Fit to window shows the whole graph, even where the automatic fit keeps text legible and pans."""

from PySide6.QtCore import QSettings, QSize

from graphviz_app.gui.canvas.scene import CanvasScene, Fonts, measure_nodes
from graphviz_app.gui.canvas.view import CanvasView
from graphviz_app.gui.theme import theme_named
from graphviz_app.gui.window.main_window import MainWindow
from graphviz_app.layout.graphviz import layout


def _view_of_net221(qtbot, session):
    session.open_source("example:net-221")
    g, ev = session.graph, session.evaluation
    fonts = Fonts(10.0)
    scene = CanvasScene(theme_named("light"), fonts)
    view = CanvasView()
    qtbot.addWidget(view)
    view.resize(QSize(400, 300))
    view.show()
    view.setScene(scene)
    scene.build(g, layout(g, measure_nodes(g, ev, fonts), use_cache=False), ev)
    view.text_height, view.min_text_px = 10.0, 12.0  # legible needs zoom >= 1.2: too big for 400×300
    return view, scene


def _shows_everything(view, scene) -> bool:
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    return seen.adjusted(-1, -1, 1, 1).contains(scene.sceneRect())


def test_automatic_fit_pans_but_fit_to_window_shows_the_whole_graph(qtbot, session):
    view, scene = _view_of_net221(qtbot, session)
    view.fit()
    assert view.panning and view.zoom() >= 1.2 - 1e-9
    assert not _shows_everything(view, scene)

    view.fit(whole=True)
    assert view.zoom() < 1.2
    assert _shows_everything(view, scene)

    view.resize(QSize(500, 350))  # a resize keeps the user's choice of the whole graph
    qtbot.wait(10)
    assert _shows_everything(view, scene)


def test_the_fit_action_shows_the_whole_graph(qtbot, tmp_path):
    w = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    w.show()
    with qtbot.waitSignal(w.sig_layout_done, timeout=20000):
        assert w.open_source("example:net-221")
    w.view.text_height, w.view.min_text_px = 10.0, 200.0  # no graph fits legibly at this size
    w.view.fit()
    assert not _shows_everything(w.view, w.scene)
    w.actions["zoom_fit"].trigger()
    assert _shows_everything(w.view, w.scene)
    w.session.modified = False
    w.animator.stop()
    w.layout_runner.wait()
    w.close()
    w.deleteLater()

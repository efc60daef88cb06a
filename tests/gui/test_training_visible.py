"""Training you can see: the Data panel's points and boundary, neuron pictures and weight colours on the canvas,
the training and test loss on the loss curve; each follows a run, and a click on a point shows its pass."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from graphviz_app.gui.canvas.learned import picture_image
from graphviz_app.gui.panels.data_panel import BACKGROUND_STRENGTH, DataPanel
from graphviz_app.gui.panels.training_panel import TrainingPanel
from graphviz_app.palette import DARK, LIGHT, shades
from graphviz_app.session.training.data import params_from_view
from graphviz_app.session.training.learned import Learned
from graphviz_app.session.training.runs import trainer_for


def _image_rgb(item) -> np.ndarray:
    """The pixels a pyqtgraph ImageItem holds, as rows of x2 and columns of x1 (the data's layout)."""
    return np.transpose(np.asarray(item.image), (1, 0, 2))


def test_the_data_panel_draws_every_point_and_the_output_at_the_parameters_now(qtbot, session):
    session.open_source("example:xor")
    panel = DataPanel(session)
    qtbot.addWidget(panel)
    data = session.training.trainer.data.data
    train, test = panel.train_points.data, panel.test_points.data
    assert len(train) == len(data.train) == 100 and len(test) == len(data.test) == 100
    hollow = Qt.BrushStyle.NoBrush
    assert all(spot.brush().style() != hollow for spot in panel.train_points.points())  # filled
    assert all(spot.brush().style() == hollow for spot in panel.test_points.points())  # hollow
    assert sorted(int(spot["data"]) for spot in test) == sorted(data.test.tolist())
    expected = shades(LIGHT, session.training.trainer.data.pictures(session.training.trainer.params).output)
    before = _image_rgb(panel.image)
    assert np.array_equal(before, shades(LIGHT, session.training.trainer.data.pictures(
        session.training.trainer.params).output, BACKGROUND_STRENGTH))  # fmt: skip
    assert expected.shape == before.shape
    session.train(200, publish=False)  # a run between two of the canvas's updates: the panel follows
    after = _image_rgb(panel.image)
    assert not np.array_equal(before, after)
    now = session.training.trainer.data.pictures(session.training.trainer.params).output
    assert np.array_equal(after, shades(LIGHT, now, BACKGROUND_STRENGTH))
    assert panel.status.text().startswith("step 200: accuracy ")


def test_clicking_a_point_shows_its_forward_and_backward_pass_on_the_canvas(qtbot, session):
    session.open_source("example:circles")
    panel = DataPanel(session)
    qtbot.addWidget(panel)
    session.train(30)
    session.end_training()
    spot = next(
        s
        for s in panel.test_points.points()
        if int(s.data()) == int(session.training.trainer.data.data.test[3])
    )
    panel._on_point_clicked(panel.test_points, [spot])  # what a click on the point does
    point = int(spot.data())
    data = session.training.trainer.data.data
    assert session.training.shown_point == point and session.values["x[1]"] == data.points[point, 1]
    assert session.values["y[0]"] == float(data.labels[point])
    assert "point clicked" not in panel.point.text() and f"point {point} (clicked; test" in panel.point.text()
    ring = panel.shown_ring.data[0]
    assert (ring["x"], ring["y"]) == tuple(data.points[point])
    assert panel.follow.isEnabled()
    panel.follow.click()
    assert session.training.point is None and session.training.shown_point != point


def test_the_loss_curve_draws_the_training_and_the_test_loss_of_a_run_on_data(qtbot, session):
    session.open_source("example:xor")
    panel = TrainingPanel(session)
    qtbot.addWidget(panel)
    panel.run(40)
    qtbot.waitUntil(lambda: not panel.running, timeout=60_000)
    run = session.training.run
    names = [name for name, _ in panel._drawn]
    assert names == ["run 1: sgd lr=0.1 (training)", "run 1: sgd lr=0.1 (test)"] and panel._drawn[1][1]
    curve = panel._curves[1]
    assert list(curve.yData) == [m.test_loss for m in run.metrics] and len(curve.xData) == 41
    assert "test accuracy" in panel.status.text() and "mini-batch loss" in panel.status.text()


def test_hidden_neurons_show_their_pictures_and_edges_their_weights_as_training_goes(qtbot, make_window):
    w = make_window("example:xor", size=(1600, 1000))
    s, scene = w.session, w.scene
    learned = Learned.known(s.graph)
    assert sorted(learned.nodes) == ["a1[0]", "a1[1]", "a1[2]", "a1[3]"]
    item = scene.nodes["a1[2]"]
    assert item.picture is not None and item.picture_room == item.box.height()
    assert item.box.width() > item.box.height() * 2  # the square beside the text was measured
    feed = learned.feed
    expected = feed.pictures(params_from_view(feed.spec, s.values)).neurons[(1, 2)]
    assert np.array_equal(item.picture, expected)
    assert item.picture_image() == picture_image(expected, w.theme.palette)
    edge = ("W2[0,3]", next(iter(s.graph.succ["W2[0,3]"])))
    largest = max(abs(v) for k, v in s.values.items() if k.startswith("W"))
    assert scene.edges[edge].signed == s.values["W2[0,3]"] / largest
    colour, width = scene.edges[edge].line_style()
    sign = LIGHT.positive if s.values["W2[0,3]"] > 0 else LIGHT.negative
    assert colour.rgb() == QColor(sign).rgb() and width > 1.0
    before = item.picture
    panel = w.training_docks.panel("training")
    panel.run(300)
    qtbot.waitUntil(lambda: not panel.running, timeout=60_000)
    assert not np.array_equal(item.picture, before)  # the neuron's picture followed the run
    trained = feed.pictures(params_from_view(feed.spec, s.values)).neurons[(1, 2)]
    assert np.array_equal(item.picture, trained)
    largest = max(abs(v) for k, v in s.values.items() if k.startswith("W"))
    assert scene.edges[edge].signed == s.values["W2[0,3]"] / largest
    w.display.set_theme("dark")  # the pictures follow the theme when next painted
    assert item.picture_image() == picture_image(trained, DARK)


def test_a_network_with_data_opens_with_its_data_and_training_shown(qtbot, make_window):
    w = make_window("example:net-221")
    assert not w.training_docks.docks["data"].isVisible()
    with qtbot.waitSignal(w.sig_layout_done, timeout=20_000):
        w.open_source("example:xor")
    assert w.training_docks.docks["data"].isVisible() and w.training_docks.docks["training"].isVisible()
    assert w.training_docks.panel("data").feed is not None


def test_the_layer_view_and_networks_without_data_have_no_pictures(qtbot, make_window):
    w = make_window("example:net-221")
    assert Learned.known(w.session.graph) is None
    assert not any(item.picture is not None for item in w.scene.nodes.values())
    assert not any(e.signed for e in w.scene.edges.values())
    with qtbot.waitSignal(w.sig_layout_done, timeout=20_000):
        w.open_source("example:xor")
    with qtbot.waitSignal(w.sig_layout_done, timeout=20_000):
        w.session.set_view("layer")
    assert Learned.known(w.session.graph) is None and not any(e.signed for e in w.scene.edges.values())


def test_the_landscape_panel_draws_contours_arrows_and_each_optimizers_path(qtbot, session):
    from graphviz_app.gui.panels.landscape_panel import CONTOURS, LandscapePanel
    from graphviz_app.session.training.landscape import Axes, landscape

    session.open_source("(x-1)**2 + 10*(y+2)**2", {"x": 0.0, "y": 0.0})
    panel = LandscapePanel(session)
    qtbot.addWidget(panel)
    assert [panel.first.itemText(i) for i in range(panel.first.count())] == ["x", "y"]
    assert panel.second.currentText() == "y" and panel.draw_button.isEnabled()
    panel.steps.setValue(20)
    panel.draw()
    expected = landscape(session.graph, session.values, None, Axes.leaves("x", "y"), steps=20)
    assert np.array_equal(panel.current.loss, expected.loss)
    assert len(panel.contours) == CONTOURS and len(panel.arrows) == 4  # two lines, two heads
    for name, item in panel.paths.items():
        assert list(zip(item.xData, item.yData)) == expected.paths[name]
    line = panel.arrows[0]  # ∇L = (−2, 40): up and a little to the left of the point now
    (x0, x1), (y0, y1) = line.xData, line.yData
    assert (x0, y0) == (0.0, 0.0) and x1 < 0 < y1 and abs(y1 / x1) == pytest.approx(20, rel=1e-12)
    assert "∇L = (−2, 40)" in panel.text.text()
    panel.mode.setCurrentText("the gradient and a random direction")
    assert not panel.first.isEnabled()
    panel.draw()
    assert panel.current.axes.kind == "directions" and panel.current.gradient[0] < 0


def test_the_landscape_needs_two_parameters(qtbot, session):
    from graphviz_app.gui.panels.landscape_panel import LandscapePanel

    session.open_source("sin(x)", {"x": 1.0})
    panel = LandscapePanel(session)
    qtbot.addWidget(panel)
    assert not panel.draw_button.isEnabled() and "needs two parameters" in panel.text.text()


def test_the_training_exports_as_a_gif_of_the_boundary_forming_and_cancel_leaves_nothing(
    qtbot, make_window, tmp_path
):
    from PIL import Image

    from graphviz_app.gui.export.training_movie import export_training

    w = make_window("example:net-221")
    assert export_training(w, {"path": tmp_path / "none.gif", "steps": 4, "frames": 2}) is None
    assert "Only a network with data" in w.statusBar().currentMessage()  # no data: nothing forms
    with qtbot.waitSignal(w.sig_layout_done, timeout=20_000):
        w.open_source("example:xor")
    assert "export_training" in w.actions
    before = dict(w.session.values)
    out = tmp_path / "xor.gif"
    job = export_training(w, {"path": out, "steps": 40, "frames": 5, "fps": 10})
    qtbot.waitUntil(lambda: not job.running, timeout=60_000)
    assert job.result == out and w.session.values == before  # the session did not train
    movie = job.export
    assert movie.steps == [0, 10, 20, 30, 40] and movie.trainer.run.steps == 40
    with Image.open(out) as gif:
        frames = []
        for k in range(gif.n_frames):
            gif.seek(k)
            frames.append(np.asarray(gif.convert("RGB")))
    assert len(frames) == 5 and not np.array_equal(frames[0], frames[-1])  # the boundary moved
    cli = trainer_for(w.session.graph, dict(w.session.values), w.session.loaded.network_spec)
    cli.step(40)
    assert all(np.array_equal(cli.params[k], movie.trainer.params[k]) for k in cli.params)  # train's steps
    cancelled = tmp_path / "cancelled.mp4"
    job = export_training(w, {"path": cancelled, "steps": 4000, "frames": 400, "fps": 10})
    qtbot.waitUntil(lambda: job.export.done > 0, timeout=60_000)
    job.cancel()
    assert not job.running and not cancelled.exists() and not list(tmp_path.glob("*.tmp*"))


def test_the_batch_mean_checkbox_builds_the_canvas_over_the_next_mini_batch(qtbot, session):
    session.open_source("example:xor")
    panel = DataPanel(session)
    qtbot.addWidget(panel)
    session.train(4)
    session.end_training()
    panel.mean.setChecked(True)
    t = session.training.trainer
    assert session.loaded.network_spec.data.show == "batch" and session.training.run.steps == 4
    rows = t.data.indices(4)
    assert len(panel.shown_ring.data) == len(rows) == 10 and "10 ringed points" in panel.point.text()
    assert session.evaluation.output_value == t.loss and not panel.follow.isEnabled()
    panel.mean.setChecked(False)
    assert session.loaded.network_spec.data.show == "point" and len(panel.shown_ring.data) == 1

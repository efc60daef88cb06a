"""The training, gradient flow and gradient check panels: numbers, curves and bars, not pixels."""

import numpy as np

from graphviz_app.gui.panels.gradcheck_panel import ALL, GradcheckPanel
from graphviz_app.gui.panels.gradient_flow_panel import GradientFlowPanel
from graphviz_app.gui.panels.training_panel import TrainingPanel


def test_a_step_moves_the_canvas_numbers_and_writes_the_update(qtbot, session):
    session.open_source("example:net-221")
    panel = TrainingPanel(session)
    qtbot.addWidget(panel)
    before = session.values["W1[0,0]"]
    grad = session.evaluation.grads["W1[0,0]"]
    panel.step_once()
    assert session.values["W1[0,0]"] == before - 0.1 * grad
    assert session.evaluation.output_value == session.training.trainer.loss
    session.select("W1[0,0]")
    assert panel.update_text.text() == "W1[0,0] ← 0.5 − 0.1 × 0.1609 = 0.4839"  # the issue's own example


def test_a_thousand_steps_run_from_the_event_loop_and_two_optimizers_draw_two_lines(qtbot, session):
    session.open_source("example:net-221")
    panel = TrainingPanel(session)
    qtbot.addWidget(panel)
    panel.run(1000)
    assert panel.running  # run() returns at once: the steps come in chunks from a timer
    qtbot.waitUntil(lambda: not panel.running, timeout=60_000)
    assert session.training.trainer.run.steps == 1000
    panel.optimizer.setCurrentText("adam")
    panel.spins["lr"].setValue(0.05)
    with qtbot.waitSignal(panel.sig_status) as said:
        panel.run(200)
    assert "new line starts from the starting weights" in said.args[0]
    qtbot.waitUntil(lambda: not panel.running, timeout=60_000)
    assert [c.name() for c in panel._curves] == ["run 1: sgd lr=0.1", "run 2: adam lr=0.05"]
    xs, ys = panel._curves[1].getData()
    assert len(xs) == 201 and ys[0] == panel._curves[0].getData()[1][0]  # both start from the same weights
    assert session.values["W1[0,0]"] == session.training.trainer.params["W1[0,0]"]


def test_pause_stops_a_long_run_and_reset_restores_the_start(qtbot, session):
    session.open_source("example:net-221")
    start = dict(session.values)
    panel = TrainingPanel(session)
    qtbot.addWidget(panel)
    panel.run(100_000)
    qtbot.waitUntil(
        lambda: session.training.trainer.run is not None and session.training.trainer.run.steps > 0,
        timeout=10_000,
    )
    panel.pause_button.click()
    steps = session.training.trainer.run.steps
    assert not panel.running and 0 < steps < 100_000
    qtbot.wait(50)
    assert session.training.trainer.run.steps == steps
    panel.reset()
    assert session.values["W1[0,0]"] == start["W1[0,0]"]


def test_expressions_without_parameters_cannot_be_trained(qtbot, session):
    session.open_source("sin(x)", {"x": 1.0})
    panel = TrainingPanel(session)
    qtbot.addWidget(panel)
    assert session.training.trainer is None and not panel.step_button.isEnabled()
    assert "nothing to train" in panel.status.text()


def test_gradient_flow_bars_and_the_quarter_per_layer_line(qtbot, session):
    session.open_source("example:deep-sigmoid")
    panel = GradientFlowPanel(session)
    qtbot.addWidget(panel)
    layers = panel.current.layers
    assert [lg.layer for lg in layers] == list(range(1, 11))
    assert layers[0].grad_norm < 1e-5 * layers[-1].grad_norm
    assert np.allclose(
        panel.current.reference, [layers[-1].grad_norm * 0.25 ** (10 - k) for k in range(1, 11)]
    )
    assert panel.compare.currentText() == "deep-relu" and not panel.other.widget.isHidden()
    relu = panel.other.layers
    assert relu[0].grad_norm > 1e-2 * relu[-1].grad_norm
    panel.edge_width.setChecked(True)
    assert session.settings.grad_width is True


def test_gradcheck_all_and_the_epsilon_sweep(qtbot, session):
    session.open_source("example:net-111")
    panel = GradcheckPanel(session)
    qtbot.addWidget(panel)
    n = panel.leaf.count() - 1
    panel.leaf.setCurrentIndex(panel.leaf.findData(ALL))
    panel.check()
    qtbot.waitUntil(lambda: panel.table.rowCount() == n, timeout=30_000)
    errors = [float(panel.table.item(r, 3).text()) for r in range(n)]
    assert max(errors) < 1e-5
    panel.leaf.setCurrentIndex(1)
    eps, forward = panel.forward_curve.getData()
    _, central = panel.central_curve.getData()
    assert len(eps) == 25
    assert min(central) < min(forward)  # second order reaches further down before round-off
    assert f"needs {2 * n} forward passes" in panel.cost.text()


def test_the_window_offers_the_three_panels_in_the_view_menu(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from graphviz_app.gui.window.main_window import MainWindow

    w = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    qtbot.addWidget(w)
    docks = {d.objectName(): d for d in w.extra_docks}
    titles = [a.text() for a in w.view_menu.actions()]
    for name, title in (
        ("training", "Training"),
        ("gradient_flow", "Gradient flow"),
        ("gradcheck", "Gradient check"),
    ):
        assert title in titles and docks[f"dock_{name}"].isHidden()  # the canvas keeps its height
    w.session.open_source("example:net-221")
    docks["dock_training"].toggleViewAction().trigger()
    assert not docks["dock_training"].isHidden()
    w.training_panel.step_once()
    assert w.session.values["W1[0,0]"] == w.session.training.trainer.params["W1[0,0]"]


def test_plots_follow_the_theme(qtbot, session):
    from PySide6.QtGui import QColor, QPalette

    panel = TrainingPanel(session)
    qtbot.addWidget(panel)
    dark = QPalette(panel.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#202020"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    panel.setPalette(dark)
    assert panel.plot.backgroundBrush().color().name() == "#202020"
    assert panel.plot.getAxis("left").textPen().color().name() == "#eeeeee"


def test_undo_after_training_undoes_the_training_and_keeps_the_session_modified(qtbot, make_window):
    window = make_window("example:net-221")
    window.training_docks.docks["training"].show()  # View ▸ Training: a panel out of sight waits
    s, panel, undo, redo = (
        window.session,
        window.training_panel,
        window.actions["undo"],
        window.actions["redo"],
    )
    qtbot.waitUntil(lambda: not panel.out_of_sight())
    opened = dict(s.values)
    s.set_value("W2[0,1]", 0.25)
    panel.run(30)
    qtbot.waitUntil(lambda: not panel.running, timeout=60_000)
    trained = dict(s.values)
    assert trained["W1[0,0]"] != opened["W1[0,0]"] and undo.text() == "&Undo Train 30 steps"

    undo.trigger()  # the training goes, the weight edit stays: still something to save
    assert s.values == {**opened, "W2[0,1]": 0.25} and s.modified and "•" in window.windowTitle()
    assert s.training.trainer.params["W2[0,1]"] == 0.25  # the next run starts from there
    undo.trigger()
    assert s.values == opened and not s.modified
    redo.trigger()
    redo.trigger()
    assert s.values == trained and s.modified and "•" in window.windowTitle()


def test_undo_during_a_run_stops_it_and_undoes_it(qtbot, make_window):
    window = make_window("example:net-221")
    s, panel = window.session, window.training_panel
    opened = dict(s.values)
    panel.run(1_000_000)
    qtbot.waitUntil(lambda: s.values["W1[0,0]"] != opened["W1[0,0]"], timeout=10_000)
    window.actions["undo"].trigger()
    assert not panel.running and s.values == opened and not s.modified
    qtbot.wait(50)  # no chunk of the stopped run writes its numbers afterwards
    assert s.values == opened and window.actions["redo"].text().startswith("&Redo Train ")


def test_reset_and_step_are_undo_steps_too(qtbot, make_window):
    window = make_window("example:net-221")
    s, panel, undo = window.session, window.training_panel, window.actions["undo"]
    opened = dict(s.values)
    panel.step_once()
    stepped = dict(s.values)
    assert undo.text() == "&Undo Train 1 step"
    panel.reset()
    assert s.values == opened and undo.text() == "&Undo Reset the training" and s.modified
    undo.trigger()
    assert s.values == stepped


def test_the_panel_says_why_training_stops_at_an_infinite_loss(qtbot, session, tmp_path):
    import json

    def identity_net(weight):
        layers = [{"weights": [[weight]], "activation": "identity"}]
        path = tmp_path / f"w{weight:g}.json"
        path.write_text(json.dumps({"input": [1.0], "target": [0], "loss": "mse", "layers": layers}))
        return str(path)

    session.open_source(identity_net(1e200))
    panel = TrainingPanel(session)
    qtbot.addWidget(panel)
    assert "the loss is ∞ at the start, so no step can lower it" in panel.status.text()
    with qtbot.waitSignal(panel.sig_status) as said:
        panel.step_once()
    assert said.args[0].startswith("Training stopped: the loss is ∞ at the start")

    session.open_source(identity_net(1e100))
    panel.spins["lr"].setValue(10)
    panel.run(100)
    qtbot.waitUntil(lambda: not panel.running, timeout=30_000)
    assert panel.status.text() == (
        "step 35, loss ∞. Training stops here: the loss became ∞ at step 35: the steps overshoot; "
        "lower the learning rate (now 10)."
    )


def test_gradcheck_legend_beside_the_curves_epsilon_in_superscript_headers_whole(qtbot, session):
    from PySide6.QtWidgets import QStyle

    session.open_source("example:net-221")
    panel = GradcheckPanel(session)
    qtbot.addWidget(panel)
    panel.resize(700, 260)  # a bottom dock on a 1280×720 screen
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.eps_label.text() == "ε = 10⁻⁶"
    assert panel.plot.plotItem.legend is None  # nothing drawn over the curves
    legend = panel.legend
    assert legend.isVisible() and not legend.geometry().intersects(panel.plot.geometry())
    for curve in (panel.forward_curve, panel.central_curve):
        assert curve.name() in legend.text()
    header = panel.table.horizontalHeader()
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    for column in range(panel.table.columnCount()):
        text = panel.table.horizontalHeaderItem(column).text()
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(text) + 2 * margin, text


def test_gradient_flow_compare_draws_the_quarter_bound_only_through_sigmoids_on_one_y_range(qtbot, session):
    session.open_source("example:deep-sigmoid")
    panel = GradientFlowPanel(session)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.compare.currentText() == "deep-relu"
    assert not any(np.isfinite(panel.other.reference))  # ReLU layers: no quarter per layer
    current_y = panel.current.widget.getViewBox().viewRange()[1]
    other_y = panel.other.widget.getViewBox().viewRange()[1]
    assert np.allclose(current_y, other_y)  # one scale: equal bars are equal gradients
    assert panel.current.bound is not None and panel.other.bound is None  # drawn for the sigmoids only
    assert "¼ per layer" in panel.legend.text()
    relu = min(lg.grad_norm for lg in panel.other.layers)
    assert current_y[0] <= np.log10(min(lg.grad_norm for lg in panel.current.layers)) <= current_y[1]
    assert current_y[0] <= np.log10(relu) <= current_y[1]
    session.open_source("example:deep-relu")
    assert panel.current.bound is None and "sigmoid" not in panel.summary.text()


def test_two_runs_with_the_same_settings_have_two_legends(qtbot, session):
    session.open_source("example:net-221")
    panel = TrainingPanel(session)
    qtbot.addWidget(panel)
    panel.optimizer.setCurrentText("adam")
    panel.step_once()
    panel.reset()
    panel.step_once()
    names = [c.name() for c in panel._curves]
    assert len(names) == 2 and names[0] != names[1]
    assert names == ["run 1: adam lr=0.001", "run 2: adam lr=0.001"]


def test_the_loss_plot_is_an_empty_state_until_a_step_is_taken(qtbot, session):
    session.open_source("example:net-221")
    panel = TrainingPanel(session)
    qtbot.addWidget(panel)
    panel.show()
    assert not panel.plot.isVisible()  # no axes of nothing (pyqtgraph's 0.1 to 0.9)
    from graphviz_app.gui.panels.training_panel import EMPTY_PLOT

    assert panel.empty.isVisible() and panel.empty.text() == EMPTY_PLOT
    panel.step_once()
    assert panel.plot.isVisible() and not panel.empty.isVisible()
    panel.clear_plot()
    assert not panel.plot.isVisible() and panel.empty.isVisible()


def test_gradient_flow_puts_deep_sigmoid_beside_its_residual_version(qtbot, session):
    from graphviz_app.builders.examples import COMPARE_WITH, EXAMPLES

    assert all(EXAMPLES[a].kind == EXAMPLES[b].kind == "network" for a, b in COMPARE_WITH.items())
    session.open_source("example:deep-sigmoid-residual")
    panel = GradientFlowPanel(session)
    qtbot.addWidget(panel)
    assert panel.compare.currentText() == "deep-sigmoid"
    layers, plain = panel.current.layers, panel.other.layers
    assert layers[0].grad_norm > 1e-2 * layers[-1].grad_norm  # the skips carry it back
    assert plain[0].grad_norm < 1e-5 * plain[-1].grad_norm
    assert panel.current.bound is None  # a skip is no sigmoid: no ¼-per-layer line through it

"""Training on data: each step descends along its mini-batch's mean gradient, the metrics are the data's,
the window's session and the `train` command take the same steps, and the canvas shows one point's pass."""

import numpy as np
import pytest

from graphviz_app.builders.network import parse_spec
from graphviz_app.core.evaluate import evaluate
from graphviz_app.session.state.session import Session
from graphviz_app.session.training.data import DataFeed, params_from_view
from graphviz_app.session.training.runs import trainer_for

SPEC = {
    "data": {"kind": "moons", "n": 60, "noise": 0.1, "seed": 4, "test": 0.25},
    "batch": 6,
    "init": {"seed": 1},
    "layers": [{"size": 3, "activation": "tanh"}, {"size": 1, "activation": "sigmoid"}],
    "loss": "bce",
}


def numpy_pass(params, x, y):
    """Forward and backward of the 2-3-1 tanh/sigmoid network with mean BCE, written out by hand."""
    w1, b1, w2, b2 = (np.asarray(params[k]) for k in ("W1", "b1", "W2", "b2"))
    z1 = x @ w1.T + b1
    a1 = np.tanh(z1)
    p = 1 / (1 + np.exp(-(a1 @ w2.T + b2)))
    loss = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    dz2 = (p - y) / len(x)  # BCE after a sigmoid: ∂L/∂z2 = (p − y) / n
    dz1 = (dz2 @ w2) * (1 - a1**2)
    grads = {"W2": dz2.T @ a1, "b2": dz2.sum(0), "W1": dz1.T @ x, "b1": dz1.sum(0)}
    return loss, p, grads


def test_a_step_descends_along_its_mini_batch_mean_gradient():
    spec = parse_spec(SPEC)
    feed = DataFeed(spec)
    start = params_from_view(spec, {})
    trainer = trainer_for(None, {}, spec)
    trainer.configure("sgd", lr=0.1)
    for step in range(3):
        rows = feed.indices(step)
        x, y = spec.data.points[rows], spec.data.labels[rows][:, None].astype(float)
        loss, _, grads = numpy_pass(start, x, y)
        assert trainer.loss == pytest.approx(loss, rel=1e-12)
        trainer.step(1)
        start = {k: start[k] - 0.1 * grads[k] for k in start}
        for k in start:
            np.testing.assert_allclose(trainer.params[k], start[k], rtol=1e-12, atol=1e-15)


def test_metrics_are_the_loss_and_accuracy_over_every_point():
    spec = parse_spec(SPEC)
    trainer = trainer_for(None, {}, spec)
    trainer.step(5)
    data = spec.data
    for index, loss_key, acc_key in (
        (data.train, "train_loss", "train_accuracy"),
        (data.test, "test_loss", "test_accuracy"),
    ):
        x, y = data.points[index], data.labels[index][:, None].astype(float)
        loss, p, _ = numpy_pass(trainer.params, x, y)
        metrics = trainer.run.metrics[-1].to_dict()
        assert metrics[loss_key] == pytest.approx(loss, rel=1e-12)
        assert metrics[acc_key] == np.mean((p[:, 0] >= 0.5) == (y[:, 0] == 1))
    assert len(trainer.run.metrics) == len(trainer.run.losses) == 6


def test_the_session_trains_on_data_as_the_command_does():
    s = Session()
    s.open_source("example:xor")
    losses = s.train(25)
    s.end_training()
    cli = trainer_for(s.loaded.graph, dict(s.loaded.values), s.loaded.network_spec)
    assert cli.step(25) == losses
    assert cli.view_params(s.graph) == {k: s.values[k] for k in cli.view_params(s.graph)}


def test_the_canvas_shows_the_point_the_next_step_learns_from_and_its_chain_rule():
    s = Session()
    s.open_source("example:circles")
    t = s.training.trainer
    s.train(7)
    s.end_training()
    point = t.data.indices(7)[0]
    assert s.training.shown_point == point
    assert s.values["x[0]"] == s.training.trainer.data.data.points[point, 0]
    _check_canvas_against_numpy(s, point)
    s.training.show_point(3)  # a click on point 3 of the data
    assert s.training.shown_point == 3
    _check_canvas_against_numpy(s, 3)


def _check_canvas_against_numpy(s, point):
    data = s.training.trainer.data.data
    params = s.training.trainer.params
    x, y = data.points[[point]], data.labels[[point]][:, None].astype(float)
    loss, p, grads = numpy_pass(params, x, y)
    ev = s.evaluation
    assert ev.output_value == pytest.approx(loss, rel=1e-12)
    assert ev.values["a2[0]"] == pytest.approx(p[0, 0], rel=1e-12)
    for i in range(6):
        for j in range(2):
            assert ev.grads[f"W1[{i},{j}]"] == pytest.approx(grads["W1"][i, j], rel=1e-9, abs=1e-15)
        assert ev.grads[f"W2[0,{i}]"] == pytest.approx(grads["W2"][0, i], rel=1e-9, abs=1e-15)
    assert ev.values is not None and evaluate(s.graph, s.values).output_value == ev.output_value


def test_choosing_the_point_on_show_leaves_the_training_where_it_was():
    a, b = Session(), Session()
    for s in (a, b):
        s.open_source("example:xor")
        s.training.configure("momentum")
        s.train(10)
        s.end_training()
    b.training.show_point(42)
    b.training.show_point(None)
    assert b.train(10) == a.train(10)  # momentum's velocity and the batch order carried on
    assert b.training.run.steps == 20


def test_reset_goes_back_to_the_first_batch_and_the_starting_weights():
    s = Session()
    s.open_source("example:xor")
    first = s.train(5)
    s.reset_training()
    assert s.train(5) == first and len(s.training.runs) == 2


def test_saving_a_trained_network_with_data_writes_its_data_and_weights(tmp_path):
    s = Session()
    s.open_source("example:xor")
    s.train(5)
    s.end_training()
    spec = s.network_spec()
    assert spec["data"]["kind"] == "xor" and "input" not in spec and spec["batch"] == 10
    assert spec["layers"][0]["weights"][0][0] == s.values["W1[0,0]"]
    path = s.save(tmp_path / "xor-session.json")
    again = Session()
    again.open_file(path)
    assert again.values["W1[0,0]"] == s.values["W1[0,0]"] and again.loaded.network_spec.data.name == "xor"


def test_the_canvas_can_show_the_batch_mean_and_training_goes_on_from_where_it_was():
    a, b = Session(), Session()
    for s in (a, b):
        s.open_source("example:circles")
        s.train(12)
        s.end_training()
    t = b.training.trainer
    spec = b.network_spec()
    spec["data"]["show"] = "batch"
    b.set_network(spec)  # the graph is built over the mini-batch the next step learns from
    assert b.training.trainer is t and b.training.shown_batch and b.training.run.steps == 12
    rows = t.data.indices(12)
    data = t.data.data
    x, y = data.points[rows], data.labels[rows][:, None].astype(float)
    loss, _, grads = numpy_pass(t.params, x, y)
    ev = b.evaluation
    assert ev.output_value == t.loss and ev.output_value == pytest.approx(loss, rel=1e-12)
    for k in ("W1", "b1", "W2", "b2"):
        np.testing.assert_allclose(_view_grads(ev, k, grads[k].shape), grads[k], rtol=1e-9, atol=1e-15)
    assert b.train(5) == a.train(5)  # the same steps as if nothing had changed on the canvas
    b.end_training()
    assert b.evaluation.output_value == b.training.trainer.loss  # the next batch's mean now
    spec = b.network_spec()
    del spec["data"]["show"]
    b.set_network(spec)
    assert (
        b.training.trainer is t
        and not b.training.shown_batch
        and b.values["x[0]"] == data.points[t.data.indices(17)[0], 0]
    )


def test_another_network_or_new_weights_start_training_afresh():
    s = Session()
    s.open_source("example:xor")
    s.train(3)
    s.end_training()
    spec = s.network_spec()
    spec["layers"][0]["weights"][0][0] += 1.0  # the Network tab's Apply with an edited weight
    s.set_network(spec)
    assert s.training.run is None and s.training.runs == []


def _view_grads(ev, family, shape):
    if family in ev.grads:  # the layer view: one matrix
        return np.asarray(ev.grads[family])
    return np.array([ev.grads[f"{family}[{','.join(map(str, i))}]"] for i in np.ndindex(shape)]).reshape(
        shape
    )

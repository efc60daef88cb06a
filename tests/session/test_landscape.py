"""The loss landscape: its contours are the loss evaluated directly, its gradient backprop's, and each
optimizer's path is the trajectory `graphviz-app train --json --trajectory` prints."""

import json

import numpy as np
import pytest

from graphviz_app.cli.main import main
from graphviz_app.core.evaluate import evaluate
from graphviz_app.core.optim import OPTIMIZERS
from graphviz_app.errors import GraphvizAppError
from graphviz_app.session.state.session import Session
from graphviz_app.session.training.landscape import Axes, landscape, trainable

BOWL = "(x-1)**2 + 10*(y+2)**2"


def cli_trajectory(capsys, *argv):
    assert main(["train", *argv, "--json", "--trajectory"]) == 0
    return json.loads(capsys.readouterr().out)["trajectory"]


def opened(source, **at):
    s = Session()
    s.open_source(source, at or None)
    return s


def test_the_contours_of_an_expression_are_its_values():
    s = opened(BOWL, x=0.0, y=0.0)
    land = landscape(s.graph, s.values, None, Axes.leaves("x", "y"), steps=5, size=9, span=3.0)
    assert land.centre == (0.0, 0.0) and land.a[0] == -3.0 and land.b[-1] == 3.0
    for j, b in enumerate(land.b):
        for i, a in enumerate(land.a):
            assert land.loss[j, i] == evaluate(s.graph, {"x": a, "y": b}).output_value
            assert land.loss[j, i] == pytest.approx((a - 1) ** 2 + 10 * (b + 2) ** 2, rel=1e-12)
    assert land.gradient == (-2.0, 40.0)


@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_each_optimizers_path_is_the_trajectory_train_prints(capsys, optimizer):
    s = opened(BOWL, x=0.0, y=0.0)
    land = landscape(s.graph, s.values, None, Axes.leaves("x", "y"), steps=12, size=3)
    trajectory = cli_trajectory(
        capsys, BOWL, "--at", "x=0", "--at", "y=0", "--wrt", "x,y", "--steps", "12", "--optimizer", optimizer
    )
    assert land.paths[optimizer] == list(zip(trajectory["x"], trajectory["y"]))


def test_a_network_over_two_weights_evaluates_the_loss_there_and_its_paths_are_the_clis(capsys):
    s = opened("example:net-221")
    axes = Axes.leaves("W1[0,0]", "W2[0,1]")
    land = landscape(s.graph, s.values, s.loaded.network_spec, axes, steps=8, size=7)
    for j in (0, 3, 6):
        for i in (0, 2, 5):
            moved = {**s.values, "W1[0,0]": land.a[i], "W2[0,1]": land.b[j]}
            assert land.loss[j, i] == evaluate(s.graph, moved).output_value
    ev = s.evaluation
    assert land.gradient == (ev.grads["W1[0,0]"], ev.grads["W2[0,1]"])
    trajectory = cli_trajectory(capsys, "example:net-221", "--steps", "8", "--optimizer", "momentum")
    assert land.paths["momentum"] == list(zip(trajectory["W1[0,0]"], trajectory["W2[0,1]"]))


def test_a_network_with_data_draws_the_loss_over_every_training_point_and_its_mini_batch_paths(capsys):
    s = opened("example:xor")
    spec = s.loaded.network_spec
    land = landscape(s.graph, s.values, spec, Axes.leaves("W1[1,0]", "b2[0]"), steps=6, size=5)
    data = spec.data
    w1 = np.array(spec.layers[0].weights, dtype=float)
    x, y = data.points[data.train], data.labels[data.train].astype(float)
    for j, b2 in enumerate(land.b):
        for i, w in enumerate(land.a):
            w1[1, 0] = w
            hidden = np.tanh(x @ w1.T + spec.layers[0].bias)
            p = 1 / (1 + np.exp(-(hidden @ spec.layers[1].weights.T + b2)))[:, 0]
            direct = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
            assert land.loss[j, i] == pytest.approx(direct, rel=1e-12)
    trajectory = cli_trajectory(capsys, "example:xor", "--steps", "6", "--optimizer", "adam")
    assert land.paths["adam"] == list(zip(trajectory["W1[1,0]"], trajectory["b2[0]"]))


def test_the_gradient_and_a_random_direction_make_a_plane_the_paths_are_projected_on(capsys):
    s = opened("example:net-221")
    names = trainable(s.graph, s.loaded.network_spec)
    land = landscape(s.graph, s.values, s.loaded.network_spec, Axes.directions(seed=3), steps=5, size=5)
    grad = np.array([s.evaluation.grads[n] for n in names])
    assert land.centre == (0.0, 0.0)
    assert land.gradient[0] == pytest.approx(-np.linalg.norm(grad), rel=1e-12)  # u points down the gradient
    assert land.gradient[1] == pytest.approx(0.0, abs=1e-12)  # v is orthogonal to it
    u = -grad / np.linalg.norm(grad)
    trajectory = cli_trajectory(capsys, "example:net-221", "--steps", "5")
    start = np.array([trajectory[n][0] for n in names])
    along = [float((np.array([trajectory[n][k] for n in names]) - start) @ u) for k in range(6)]
    assert [a for a, _ in land.paths["sgd"]] == pytest.approx(along, rel=1e-9, abs=1e-12)
    moved = dict(zip(names, start + land.a[4] * u))  # the loss at (a, 0) is the loss a step along −∇L
    assert land.loss[2, 4] == pytest.approx(evaluate(s.graph, {**s.values, **moved}).output_value, rel=1e-12)


def test_axes_that_are_not_two_parameters_are_refused():
    s = opened("example:net-221")
    spec = s.loaded.network_spec
    with pytest.raises(GraphvizAppError, match="two different parameters"):
        landscape(s.graph, s.values, spec, Axes.leaves("W1[0,0]", "W1[0,0]"))
    with pytest.raises(GraphvizAppError, match="'z1\\[0\\]' is not a parameter"):
        landscape(s.graph, s.values, spec, Axes.leaves("W1[0,0]", "z1[0]"))
    with pytest.raises(GraphvizAppError, match="'W9\\[0,0\\]' is not a parameter"):
        landscape(s.graph, s.values, spec, Axes.leaves("W9[0,0]", "W1[0,0]"))
    assert trainable(s.graph, spec)[:3] == ["W1[0,0]", "W1[0,1]", "W1[1,0]"]
    bowl = opened(BOWL, x=0.0, y=0.0)
    assert trainable(bowl.graph, None) == ["x", "y"]

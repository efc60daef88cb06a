"""Optimizers: first steps by hand on a quadratic, and training that lowers real losses."""

import math

import numpy as np
import pytest

import graphviz_app.core  # noqa: F401
from graphviz_app.builders import examples, network
from graphviz_app.core import graph as G
from graphviz_app.core.optim import Adam, Momentum, make_optimizer, train
from graphviz_app.errors import GraphError


def quadratic(start=0.0):
    """loss = (w − 3)²: gradient 2(w − 3), minimum at w = 3."""
    g = G.new_graph()
    w = G.add_leaf(g, "w", start, G.PARAM)
    d = G.add_op(g, "sub", [w, G.add_constant(g, 3.0)])
    G.add_op(g, "mul", [d, d], name="loss")
    return g


def run(name, steps, lr=None, w=0.0):
    opt = make_optimizer(name, lr)
    params = {"w": w}
    seen = []
    for _ in range(steps):
        params = opt.step(params, {"w": 2 * (params["w"] - 3)})
        seen.append(params["w"])
    return seen


def test_sgd_steps_by_hand():
    # w1 = 0 − 0.1·(−6) = 0.6 ; w2 = 0.6 − 0.1·(−4.8) = 1.08
    assert run("sgd", 2) == pytest.approx([0.6, 1.08], abs=1e-15)
    assert run("sgd", 1, lr=0.5) == pytest.approx([3.0])  # lr ½ jumps straight to the minimum


def test_momentum_steps_by_hand():
    # v1 = −6, w1 = 0.6 ; v2 = 0.9·(−6) − 4.8 = −10.2, w2 = 0.6 + 1.02 = 1.62
    assert run("momentum", 2) == pytest.approx([0.6, 1.62], abs=1e-15)
    # v3 = 0.9·(−10.2) + 2(1.62 − 3) = −11.94, w3 = 1.62 + 1.194 = 2.814
    assert run("momentum", 3)[-1] == pytest.approx(2.814, abs=1e-12)


def test_rmsprop_steps_by_hand():
    # s1 = 0.01·36 = 0.36, w1 = 0 + 0.01·6/(0.6 + 1e-8) = 0.0999999983...
    # g2 = −5.8, s2 = 0.99·0.36 + 0.01·33.64 = 0.6928, w2 = w1 + 0.01·5.8/(√0.6928 + 1e-8)
    w1, w2 = run("rmsprop", 2)
    assert w1 == pytest.approx(0.09999999833333335, abs=1e-15)
    assert w2 == pytest.approx(0.1 + 0.058 / math.sqrt(0.6928), abs=1e-8)
    assert w2 == pytest.approx(0.16968255055992354, abs=1e-15)


def test_adam_steps_by_hand():
    # t = 1: m = −0.6, v = 0.036, m̂ = −6, v̂ = 36, step = 0.001·6/6 = 0.001
    # t = 2: g = −5.998, m = −1.1398, v = 0.07194000..., m̂ = m/0.19, v̂ = v/0.001999
    w1, w2 = run("adam", 2)
    assert w1 == pytest.approx(0.001, abs=1e-11)
    m_hat, v_hat = -1.1398 / 0.19, (0.999 * 0.036 + 0.001 * 5.998**2) / (1 - 0.999**2)
    assert w2 == pytest.approx(0.001 - 0.001 * m_hat / math.sqrt(v_hat), abs=1e-11)
    assert w2 == pytest.approx(0.001999991292769153, abs=1e-15)


def test_arrays_are_updated_elementwise_and_inputs_are_not_modified():
    params = {"W": np.array([[1.0, -2.0]]), "b": 0.5}
    grads = {"W": np.array([[0.5, 0.25]]), "b": None}
    for name in ("sgd", "momentum", "rmsprop", "adam"):
        new = make_optimizer(name, lr=0.1).step(params, grads)
        assert params["W"].tolist() == [[1.0, -2.0]] and new["b"] == 0.5  # no gradient: unchanged
        assert new["W"].shape == (1, 2) and np.all(new["W"] < params["W"])
    first = make_optimizer("adam", lr=0.1).step(params, grads)["W"]
    assert first == pytest.approx(np.array([[0.9, -2.1]]), abs=1e-8)  # Adam's first step is ≈ lr·sign(g)


def test_state_reset_and_options():
    opt = Momentum(lr=0.1, momentum=0.5)
    a = opt.step({"w": 0.0}, {"w": -6.0})
    b = opt.step(a, {"w": -4.8})
    assert b["w"] == pytest.approx(0.6 + 0.1 * (0.5 * 6 + 4.8))
    opt.reset()
    assert opt.step({"w": 0.0}, {"w": -6.0})["w"] == pytest.approx(0.6)
    assert Adam(betas=(0.5, 0.5)).lr == 0.001


def test_bad_names_and_learning_rates():
    with pytest.raises(GraphError, match=r"unknown optimizer 'adamw' \(did you mean 'adam'\?\)"):
        make_optimizer("adamw")
    for lr in (0, -1.0, float("nan"), True):
        with pytest.raises(GraphError, match="learning rate must be a positive number"):
            make_optimizer("sgd", lr)
    assert make_optimizer("SGD").lr == 0.1 and make_optimizer("rmsprop").lr == 0.01


def test_train_on_the_quadratic_does_not_touch_the_graph():
    g = quadratic()
    result = train(g, steps=2, optimizer="momentum")
    assert result.losses == pytest.approx([9.0, 5.76, (1.62 - 3) ** 2])
    assert result.params == {"w": pytest.approx(1.62)}
    assert (result.optimizer, result.lr) == ("momentum", 0.1)
    assert g.nodes["w"][G.VALUE] == 0.0
    again = train(g, steps=1, values={"w": 3.0})
    assert again.losses == [0.0, 0.0]


@pytest.mark.parametrize("name", ["net-111", "net-221", "net-221-mse", "deep-sigmoid"])
@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "rmsprop", "adam"])
def test_train_lowers_the_loss_on_the_network_examples(name, optimizer):
    built = network.build_network(examples.load_example(name).payload, view="layer")
    result = train(built.graph, steps=30, optimizer=optimizer)
    assert len(result.losses) == 31
    assert result.losses[-1] < result.losses[0]
    if optimizer != "adam":  # adam's default lr = 0.001 moves slowly
        assert result.losses[-1] < 0.9 * result.losses[0]
    assert set(result.params) == set(G.leaves(built.graph, [G.PARAM]))


def test_neuron_and_layer_views_train_the_same_way():
    payload = examples.load_example("net-221").payload
    neuron = train(network.build_network(payload, "neuron").graph, 20, "rmsprop")
    layer = train(network.build_network(payload, "layer").graph, 20, "rmsprop")
    assert neuron.losses == pytest.approx(layer.losses, rel=1e-10)
    assert neuron.params["W1[1,0]"] == pytest.approx(layer.params["W1"][1, 0], rel=1e-10)
    saved = network.spec_with_params(payload, layer.params)
    assert saved["layers"][0]["weights"][1][0] == pytest.approx(layer.params["W1"][1, 0])


def test_training_stops_when_the_loss_stops_being_finite():
    g = G.new_graph()
    G.add_leaf(g, "w", 1.0, G.PARAM)
    G.add_op(g, "log", ["w"])  # d/dw = 1/w = 1; one step with lr 2 goes to w = −1
    result = train(g, steps=5, optimizer="sgd", lr=2.0)
    assert result.losses[0] == 0.0 and math.isnan(result.losses[1]) and len(result.losses) == 2
    assert result.params == {"w": -1.0}


def test_train_refuses_what_it_cannot_do():
    g = G.new_graph()
    G.add_leaf(g, "x", 2.0)
    G.add_op(g, "sin", ["x"])
    with pytest.raises(GraphError, match="no parameters"):
        train(g, 3)
    v = G.new_graph()
    G.add_leaf(v, "w", [1.0, 2.0], G.PARAM)
    G.add_op(v, "sin", ["w"])
    with pytest.raises(GraphError, match="scalar loss"):
        train(v, 3)
    empty = G.new_graph()
    G.add_leaf(empty, "w", None, G.PARAM)
    G.add_op(empty, "sin", ["w"])
    with pytest.raises(GraphError, match="no value for parameter 'w'"):
        train(empty, 1)
    assert train(empty, 1, values={"w": 0.0}).losses == [0.0, pytest.approx(np.sin(-0.1))]
    with pytest.raises(GraphError, match="steps must be"):
        train(quadratic(), -1)
    assert train(quadratic(), 0).losses == [9.0]


def test_an_optimizer_object_continues_where_it_stopped():
    g = quadratic()
    opt = make_optimizer("momentum")
    first = train(g, 1, opt)
    second = train(g, 1, opt, values=first.params)
    assert second.params["w"] == pytest.approx(1.62)  # the second step used the stored velocity

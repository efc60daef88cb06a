"""Forward and backward passes: numbers, operand order, faults, deep chains."""

import math

import numpy as np
import pytest

import graphviz_app.core  # noqa: F401
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate, local_jacobian
from graphviz_app.errors import GraphError


def chain_sin_square(x=1.5):
    g = G.new_graph()
    xs = G.add_leaf(g, "x", x)
    two = G.add_constant(g, 2)
    sq = G.add_op(g, "pow", [xs, two], name="u")
    G.add_op(g, "sin", [sq], name="f")
    return g


def test_sin_of_square_values_locals_and_contributions():
    ev = evaluate(chain_sin_square())
    assert ev.values["f"] == pytest.approx(0.778073, abs=1e-6)
    assert ev.grads["x"] == pytest.approx(2 * 1.5 * math.cos(2.25), abs=1e-12)
    assert ev.grads["x"] == pytest.approx(-1.884521, abs=1e-6)
    assert ev.local[("u", "f")] == pytest.approx(math.cos(2.25))
    assert ev.local[("x", "u")] == pytest.approx(3.0)
    # contribution = upstream × local
    assert ev.contributions[("x", "u")] == pytest.approx(ev.grads["u"] * 3.0)
    assert ev.edge_value(("x", "u")) == 1.5
    # constants get no gradient and no local derivative
    const = next(n for n in ev.graph if n.startswith("const#"))
    assert ev.grads[const] is None and ev.local[(const, "u")] is None


@pytest.mark.parametrize(
    "op, a, b, value, da, db",
    [
        ("sub", 5.0, 2.0, 3.0, 1.0, -1.0),
        ("div", 6.0, 3.0, 2.0, 1 / 3, -6 / 9),
        ("pow", 2.0, 3.0, 8.0, 12.0, 8 * math.log(2.0)),
    ],
)
def test_operand_order_is_kept(op, a, b, value, da, db):
    for swap in (False, True):
        g = G.new_graph()
        G.add_leaf(g, "b", b) if swap else G.add_leaf(g, "a", a)
        G.add_leaf(g, "a", a) if swap else G.add_leaf(g, "b", b)
        G.add_op(g, op, ["a", "b"])
        ev = evaluate(g)
        assert ev.output_value == pytest.approx(value)
        assert ev.grads["a"] == pytest.approx(da)
        assert ev.grads["b"] == pytest.approx(db)


def test_value_used_twice_receives_both_contributions():
    g = G.new_graph()
    G.add_leaf(g, "x", 3.0)
    G.add_op(g, "mul", ["x", "x"])
    ev = evaluate(g)
    assert ev.grads["x"] == 6.0
    assert g.edges["x", "mul#1"][G.ARG] == (0, 1)


def test_gradient_is_sum_of_contributions_over_children():
    g = G.new_graph()
    G.add_leaf(g, "t", 0.7)
    G.add_op(g, "cos", ["t"], name="x")
    G.add_op(g, "sin", ["t"], name="y")
    G.add_op(g, "mul", ["x", "y"], name="p")
    G.add_op(g, "mul", ["x", "x"], name="q")
    G.add_op(g, "add", ["p", "q"], name="z")
    ev = evaluate(g)
    for node in ("t", "x", "y"):
        total = sum(ev.contributions[(node, c)] for c in g.successors(node))
        assert ev.grads[node] == pytest.approx(total)
    t = 0.7
    expected = -math.sin(t) * math.sin(t) + math.cos(t) * math.cos(t) - 2 * math.cos(t) * math.sin(t)
    assert ev.grads["t"] == pytest.approx(expected)


def test_chain_of_100000_nodes_has_no_recursion_error():
    g = G.new_graph()
    node = G.add_leaf(g, "x", 0.5)
    for _ in range(100_000):
        node = G.add_op(g, "identity", [node])
    ev = evaluate(g)
    assert ev.output_value == 0.5
    assert ev.grads["x"] == 1.0


@pytest.mark.parametrize(
    "op, x, reason",
    [
        ("log", 0.0, "log"),
        ("sqrt", -1.0, "square root"),
        ("exp", 1000.0, "overflow"),
    ],
)
def test_numerical_faults_are_flagged_not_raised(op, x, reason, capsys):
    g = G.new_graph()
    G.add_leaf(g, "x", x)
    G.add_op(g, op, ["x"], name="y")
    G.add_op(g, "mul", ["y", "x"], name="z")
    ev = evaluate(g)
    assert not math.isfinite(ev.values["y"])
    assert reason in ev.flags["y"][0]
    assert "not finite because its input y" in ev.flags["z"][0]
    assert capsys.readouterr() == ("", "")


def test_division_by_zero_is_flagged():
    g = G.new_graph()
    G.add_leaf(g, "a", 1.0)
    G.add_leaf(g, "b", 0.0)
    G.add_op(g, "div", ["a", "b"], name="q")
    ev = evaluate(g)
    assert ev.values["q"] == math.inf
    assert "division by zero" in ev.flags["q"][0]
    assert "gradient is not finite" in " ".join(ev.flags["b"])


def test_missing_input_value_names_it():
    g = G.new_graph()
    G.add_leaf(g, "x")
    G.add_op(g, "sin", ["x"])
    with pytest.raises(GraphError, match="'x'"):
        evaluate(g)
    assert evaluate(g, {"x": 0.0}).grads["x"] == 1.0


def test_tensor_graph_gradients_and_jacobian():
    g = G.new_graph()
    W = np.array([[0.5, -0.2], [0.3, 0.8]])
    G.add_leaf(g, "W", W, G.PARAM)
    G.add_leaf(g, "a", [0.5, 0.1])
    G.add_op(g, "matmul", ["W", "a"], name="z")
    G.add_op(g, "sigmoid", ["z"], name="s")
    G.add_op(g, "sum", ["s"], name="L")
    ev = evaluate(g)
    z = W @ np.array([0.5, 0.1])
    s = 1 / (1 + np.exp(-z))
    ds = s * (1 - s)
    np.testing.assert_allclose(ev.grads["W"], np.outer(ds, [0.5, 0.1]))
    np.testing.assert_allclose(ev.grads["a"], W.T @ ds)
    jac = local_jacobian(ev, ("a", "z"))
    np.testing.assert_allclose(jac, W)
    assert ev.jacobian_shape(("W", "z")) == (2, 2, 2)
    np.testing.assert_allclose(local_jacobian(ev, ("z", "s")), np.diag(ds))
    assert local_jacobian(ev, ("W", "z"), max_elements=4) is None


def test_chosen_output_and_unreached_nodes():
    g = G.new_graph()
    G.add_leaf(g, "x", 2.0)
    G.add_op(g, "mul", ["x", "x"], name="a")
    G.add_op(g, "exp", ["a"], name="b")
    ev = evaluate(g, output="a")
    assert ev.grads["x"] == 4.0
    assert ev.grads["b"] == 0.0


def test_class_index_target_gets_no_derivative_and_no_error():
    g = G.new_graph()
    G.add_leaf(g, "z", [1.0, 2.0, 0.5])
    G.add_leaf(g, "k", 1.0, G.TARGET)
    G.add_op(g, "cross_entropy", ["z", "k"], name="L")
    ev = evaluate(g)
    assert ev.contributions[("k", "L")] is None
    assert ev.grads["k"] == 0.0
    p = np.exp([1.0, 2.0, 0.5]) / np.exp([1.0, 2.0, 0.5]).sum()
    np.testing.assert_allclose(ev.grads["z"], p - np.array([0, 1, 0]))

import numpy as np
import pytest

import graphviz_app.core  # noqa: F401
from graphviz_app.core import graph as G
from graphviz_app.core.gradcheck import gradcheck


def test_gradcheck_agrees_on_a_small_network():
    g = G.new_graph()
    G.add_leaf(g, "W", np.array([[0.5, -0.2], [0.3, 0.8]]), G.PARAM)
    G.add_leaf(g, "x", [0.5, 0.1])
    G.add_leaf(g, "y", [0.0, 1.0], G.TARGET)
    G.add_op(g, "matmul", ["W", "x"], name="z")
    G.add_op(g, "sigmoid", ["z"], name="p")
    G.add_op(g, "bce", ["p", "y"], name="L")
    results = gradcheck(g)
    assert [r.name for r in results] == [
        "W[0,0]",
        "W[0,1]",
        "W[1,0]",
        "W[1,1]",
        "x[0]",
        "x[1]",
        "y[0]",
        "y[1]",
    ]
    assert all(r.ok for r in results), [(r.name, r.rel_error) for r in results]
    assert max(r.rel_error for r in results) < 1e-6


def test_gradcheck_catches_a_wrong_derivative(monkeypatch):
    from graphviz_app.core import ops

    spec = ops.get_op("sin")
    wrong = ops.OpSpec(
        spec.name, 1, spec.forward, (lambda F, g, y, x: g * F.sin(x),), spec.symbol, spec.derivatives
    )
    monkeypatch.setitem(ops.REGISTRY, "sin", wrong)
    g = G.new_graph()
    G.add_leaf(g, "x", 0.4)
    G.add_op(g, "sin", ["x"])
    (result,) = gradcheck(g)
    assert not result.ok
    assert result.numeric == pytest.approx(np.cos(0.4), rel=1e-6)

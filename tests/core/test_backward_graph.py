"""The backward pass as a graph: every op's rule builds, and the graph computes backprop's numbers."""

from __future__ import annotations

import math

import numpy as np
import pytest

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.core import functions as F
from graphviz_app.core import graph as G
from graphviz_app.core.backward_graph import GraphFunctions, backward_graph
from graphviz_app.core.evaluate import evaluate
from graphviz_app.core.ops import REGISTRY, TENSOR, get_op
from graphviz_app.errors import GraphError
from graphviz_app.files import load_source

POINT = (0.7, 1.3)  # inside every scalar op's domain (a positive base, a positive log)
# Losses whose rules pick one class out of an array (one_hot, softmax): arrays only.
ARRAY_ONLY_LOSSES = {"cross_entropy", "nll", "nll_logp"}


def one_op_graph(name):
    spec = get_op(name)
    g = G.new_graph()
    leaves = [G.add_leaf(g, f"a{i}", POINT[i]) for i in range(spec.arity)]
    G.add_op(g, name, leaves)
    return g, leaves


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_op_builds_its_backward_graph_or_says_why_not(name):
    """A new op whose rule calls a function the graph-building namespace lacks fails here,
    not silently in the window: each scalar op's backward graph must compute its VJP, and
    its own backward pass the second derivative (checked by differences of the VJP)."""
    spec = get_op(name)
    g, leaves = one_op_graph(name)
    if spec.kind == TENSOR or name in ARRAY_ONLY_LOSSES:
        with pytest.raises(GraphError, match="neuron view"):
            backward_graph(g)
        return
    bg = backward_graph(g)
    out = G.output_node(g)
    for position, leaf in enumerate(leaves):
        if not spec.differentiable(position):
            continue
        ev = evaluate(bg.graph, output=bg.gradients[leaf])
        numeric = float(spec.vjp(position)(F, 1.0, spec.forward(*POINT[: spec.arity]), *POINT[: spec.arity]))
        assert ev.output_value == pytest.approx(numeric, rel=1e-12), (name, position)
        for j, other in enumerate(leaves):
            h = 1e-6
            shifted = []
            for sign in (1, -1):
                args = list(POINT[: spec.arity])
                args[j] += sign * h
                shifted.append(float(spec.vjp(position)(F, 1.0, spec.forward(*args), *args)))
            fd = (shifted[0] - shifted[1]) / (2 * h)
            assert ev.grads[other] == pytest.approx(fd, rel=1e-5, abs=1e-7), (name, position, j)
    assert out in bg.graph and all(bg.is_backward(n) for n in bg.backward_nodes)


def test_the_namespace_has_every_function_the_numeric_one_offers():
    ns = GraphFunctions.__new__(GraphFunctions)
    GraphFunctions.__init__(ns, None)  # a builder is only needed to build
    public = {n for n in dir(F) if not n.startswith("_") and callable(getattr(F, n))}
    public -= {"elementwise", "minimum", "maximum", "math", "np"}  # helpers no rule calls
    assert public <= set(dir(ns)), public - set(dir(ns))


def test_sin_square_nodes_reproduce_backprop_at_every_node():
    loaded = load_source("sin(x**2)", {"x": 1.5})
    ev = evaluate(loaded.graph, loaded.values)
    bg = backward_graph(loaded.graph, values=loaded.values)
    bev = evaluate(bg.graph, loaded.values)
    for node, grad_node in bg.gradients.items():
        if ev.grads[node] is not None:
            assert bev.values[grad_node] == pytest.approx(ev.grads[node], rel=1e-15), node
    for edge, node in bg.contributions.items():
        assert bev.values[node] == pytest.approx(ev.contributions[edge], rel=1e-15), edge
    # cos(x²)·2·x: a cos node reading x², a product by 2, a product by x; the seed 1 folded away
    ops = sorted(bg.graph.nodes[n][G.OP] or "const" for n in bg.backward_nodes)
    assert ops == ["cos", "mul", "mul"]
    assert bg.graph.number_of_nodes() == loaded.graph.number_of_nodes() + 3
    assert bev.output_value == pytest.approx(2 * 1.5 * math.cos(2.25))
    assert bev.grads["x"] == pytest.approx(2 * math.cos(2.25) - 4 * 2.25 * math.sin(2.25))


def test_a_node_used_twice_sums_its_contributions():
    loaded = load_source("x*x + sin(x)", {"x": 0.3})
    ev = evaluate(loaded.graph, loaded.values)
    bg = backward_graph(loaded.graph, values=loaded.values)
    bev = evaluate(bg.graph, loaded.values)
    assert bev.values[bg.gradients["x"]] == pytest.approx(ev.grads["x"]) == pytest.approx(0.6 + math.cos(0.3))
    assert bg.graph.nodes[bg.gradients["x"]][G.OP] == "add"  # the += of backprop is a node


def test_an_input_the_output_ignores_gets_a_zero_gradient():
    loaded = load_source("sin(x) + 0*y", {"x": 0.3, "y": 2.0})
    bg = backward_graph(loaded.graph, values=loaded.values)
    assert evaluate(bg.graph, loaded.values, output=bg.gradients["y"]).output_value == 0.0


def test_arrays_are_refused_with_a_hint():
    loaded = load_source("example:net-221", view="layer")
    with pytest.raises(GraphError, match="neuron view"):
        backward_graph(loaded.graph, values=loaded.values)


def test_neuron_view_backward_graph_reproduces_every_gradient():
    loaded = load_source("example:net-221", view="neuron")
    ev = evaluate(loaded.graph, loaded.values)
    bg = backward_graph(loaded.graph, values=loaded.values)
    bev = evaluate(bg.graph, loaded.values)
    for node, grad_node in bg.gradients.items():
        assert np.isclose(bev.values[grad_node], ev.grads[node], rtol=1e-13, atol=0), node

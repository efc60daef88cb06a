"""Second derivatives build the backward graph once per graph: later calls change only numbers."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.builders import network as net
from graphviz_app.core import backward_graph as B
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate
from graphviz_app.core.hessian import hessian, hvp
from graphviz_app.errors import GraphError

SPEC = {
    "input": [0.5, -0.3],
    "target": [0.2],
    "loss": "mse",
    "layers": [{"size": 3, "activation": "tanh"}, {"size": 1, "activation": "sigmoid"}],
    "init": {"seed": 5, "scheme": "xavier"},
}


def built():
    return net.build_network(SPEC, view="neuron").graph


def hvp_from_scratch(g, direction, values):
    """H·v as it was computed before anything was kept: a new backward graph, s added to a copy."""
    bg = B.backward_graph(g, values=values)
    h = bg.graph.copy()
    total = None
    for leaf, v in direction.items():
        term = G.add_op(h, "mul", [bg.gradients[leaf], G.add_constant(h, float(v))], output=False)
        total = term if total is None else G.add_op(h, "add", [total, term], output=False)
    ev = evaluate(h, values, output=total)
    return {leaf: float(ev.grads[leaf]) for leaf in direction}


@pytest.fixture
def builds(monkeypatch):
    """How many backward graphs get built."""
    made = []
    original = B.backward_graph

    def counted(*args, **kwargs):
        made.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(B, "backward_graph", counted)
    return made


def test_hvps_and_hessians_of_one_graph_share_one_backward_graph(builds):
    g = built()
    params = [n for n in G.leaves(g) if g.nodes[n][G.KIND] == G.PARAM]
    rng = np.random.default_rng(0)
    for step in range(4):  # as a training loop would: new parameters, a new direction, every step
        values = {p: float(rng.normal()) for p in params}
        direction = {p: float(rng.normal()) for p in params[step:]}
        assert hvp(g, direction, values) == hvp_from_scratch(g, direction, values)
        hessian(g, values)
    assert len(builds) == 1 + 4  # ours once; hvp_from_scratch every time


def test_a_grown_graph_gets_a_new_backward_graph(builds):
    g = built()
    hvp(g, {"W1[0,0]": 1.0})
    G.add_op(g, "mul", [G.output_node(g), G.add_constant(g, 3.0)])
    assert hvp(g, {"W1[0,0]": 1.0}) == hvp_from_scratch(g, {"W1[0,0]": 1.0}, {})
    assert len(builds) == 2 + 1


def test_an_array_value_is_refused_on_every_call():
    g = built()
    hvp(g, {"W1[0,0]": 1.0})
    with pytest.raises(GraphError, match="is an array"):
        hvp(g, {"W1[0,0]": 1.0}, {"x[0]": np.array([1.0, 2.0])})


def test_what_is_kept_keeps_no_graph_alive():
    g = built()
    hvp(g, {"W1[0,0]": 1.0, "b1[1]": -2.0})
    hessian(g)
    ref = weakref.ref(g)
    del g
    gc.collect()
    assert ref() is None

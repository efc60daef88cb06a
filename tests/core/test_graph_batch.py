"""Building in one go: the same graph as node by node, the same refusals, and no garbage for the cyclic collector."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.builders import network as net
from graphviz_app.builders import network_nodes
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate
from graphviz_app.core.graph_batch import NodeBatch
from graphviz_app.errors import GraphError


class OneByOne:
    """NodeBatch's calls made with graph.py's functions, which check and insert each node as it comes."""

    def __init__(self, g):
        self.g = g

    def leaf(self, name, value=None, kind=G.INPUT, *, layer=None, index=None):
        return G.add_leaf(self.g, name, value, kind, layer=layer, index=index)

    def constant(self, value, label=None, *, layer=None, index=None):
        node = G.add_constant(self.g, value, label)
        self.g.nodes[node].update({G.LAYER: layer, G.INDEX: index})
        return node

    def op(self, op, args, name=None, *, layer=None, index=None, output=True):
        return G.add_op(self.g, op, args, name, layer=layer, index=index, output=output)

    def leaves(self, names, values, kind, *, layer=None, indices):
        return [
            self.leaf(n, v, kind, layer=layer, index=i)
            for n, v, i in zip(names, values, indices, strict=True)
        ]

    def ops(self, op, rows, *, layer=None, indices):
        return [self.op(op, list(row), layer=layer, index=i) for row, i in zip(rows, indices, strict=True)]

    def chain(self, op, nodes, *, layer=None, index=None):
        made, total = [], nodes[0]
        for node in nodes[1:]:
            total = self.op(op, [total, node], layer=layer, index=index)
            made.append(total)
        return made

    def add_to_graph(self):
        pass


def spec(loss="mse", activation="sigmoid", samples=1, n_out=2):
    inputs = [[0.5 + s, -0.25] for s in range(samples)]
    targets = [[0.25, 0.75][:n_out] for _ in range(samples)] if loss != "cross_entropy" else [1] * samples
    return {
        "input": inputs if samples > 1 else inputs[0],
        "target": targets if samples > 1 else targets[0],
        "loss": loss,
        "layers": [{"size": 3, "activation": "relu"}, {"size": n_out, "activation": activation}],
        "init": {"seed": 1, "scheme": "xavier"},
    }


SPECS = [
    spec(),
    spec(samples=3),  # a batch: its loss divides by a constant
    spec(loss="bce"),
    spec(loss="cross_entropy", activation="softmax"),
    spec(loss="cross_entropy", activation="identity", samples=2),
    spec(loss="half_mse", activation="tanh", n_out=1),
    # the other layer types: a skip, the normalisations, attention (rows as tokens)
    {
        **spec(samples=2),
        "layers": [{"size": 2, "activation": "tanh", "residual": True}, {"type": "layernorm"}],
    },
    {**spec(samples=3), "layers": [{"type": "batchnorm"}, {"size": 2, "activation": "identity"}]},
    {**spec(samples=3), "layers": [{"type": "attention", "size": 2, "residual": True}]},
]


def described(g):
    """Everything about a graph, in networkx's own order (arrays as nested lists, with their dtype)."""

    def plain(data):
        return {k: (v.dtype.str, v.tolist()) if isinstance(v, np.ndarray) else v for k, v in data.items()}

    return (
        [(node, plain(data)) for node, data in g.nodes(data=True)],
        list(g.edges(data=True)),
        [(node, list(parents.items())) for node, parents in g.pred.items()],
        dict(g.graph),
    )


@pytest.mark.parametrize("view", ["neuron", "layer"])
@pytest.mark.parametrize("s", SPECS)
def test_a_batch_builds_the_graph_node_by_node_building_builds(s, view, monkeypatch):
    batched = net.build_network(s, view=view).graph
    monkeypatch.setattr(network_nodes, "NodeBatch", OneByOne)
    one_by_one = net.build_network(s, view=view).graph
    assert described(batched) == described(one_by_one)


def refusal(build):
    """The message of graph.py's function and of the batch for the same mistake; the batch's graph unchanged."""
    g = G.new_graph()
    G.add_leaf(g, "x", 1.0)
    with pytest.raises(GraphError) as one:
        build(OneByOne(g), g)
    g = G.new_graph()
    G.add_leaf(g, "x", 1.0)
    before = described(g)
    batch = NodeBatch(g)
    with pytest.raises(GraphError) as together:
        build(batch, g)
        batch.add_to_graph()
    assert described(g) == before
    return str(one.value), str(together.value)


@pytest.mark.parametrize(
    "build",
    [
        lambda b, g: b.leaf("x", 2.0),  # a name the graph has
        lambda b, g: [b.leaf("y", 1.0), b.op("sin", ["x"], name="y")],  # a name given twice
        lambda b, g: b.leaf("a#1", 1.0),
        lambda b, g: b.op("sin", ["x"], name="s#"),
        lambda b, g: b.op("add", ["x", "nowhere"]),
        lambda b, g: b.op("sin", ["x", "x"]),  # arity
        lambda b, g: b.leaf("k", 1.0, kind="weight"),
        # the bulk methods: as many calls of the one-node methods
        lambda b, g: b.leaves(["p", "x"], [1.0, 2.0], G.PARAM, indices=range(2)),
        lambda b, g: b.leaves(["p", "q#"], [1.0, 2.0], G.PARAM, indices=range(2)),
        lambda b, g: b.leaves(["p"], [1.0], "weight", indices=range(1)),
        lambda b, g: b.ops("mul", [("x", "x"), ("x", "nowhere")], indices=range(2)),
        lambda b, g: b.ops("mul", [("x", "x"), ("x",)], indices=range(2)),
        lambda b, g: b.chain("add", ["x", "x", "nowhere"], index=0),
    ],
)
def test_the_batch_refuses_what_graph_py_refuses_with_its_message(build):
    one, together = refusal(build)
    assert one == together


def test_an_argument_listed_after_its_user_is_refused_and_the_graph_kept():
    g = G.new_graph()
    G.add_leaf(g, "x", 1.0)
    before = described(g)
    batch = NodeBatch(g)
    batch.op("mul", ["x", "later"], name="early")
    batch.leaf("later", 2.0)
    with pytest.raises(GraphError, match="unknown node 'later'"):
        batch.add_to_graph()
    assert described(g) == before


def test_building_and_evaluating_a_network_leaves_no_garbage_for_the_cyclic_collector():
    """Dropped, the graph is freed at once by reference counting: no reference cycle holds it."""
    s = spec(samples=2)
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for view in ("neuron", "layer"):
            g = net.build_network(s, view=view).graph
            ev = evaluate(g)
            evaluate(g, {"x[0,1]": 0.5} if view == "neuron" else {})
            ref = weakref.ref(g)
            del g, ev
            assert ref() is None
        assert gc.collect() == 0 and gc.garbage == []
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()

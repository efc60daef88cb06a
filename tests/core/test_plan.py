"""The plan: the backward order recorded once, and plans found again by graph and by structure.

The recorded order is checked against the order written out the long way (as
the timeline, the reference pass and the accumulation panel each used to work
it out: every ancestor of the output with networkx, the nodes in reverse
topological order, the nodes that need a gradient).
"""

from __future__ import annotations

import random

import networkx as nx
import pytest

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.builders import network as net
from graphviz_app.core import graph as G
from graphviz_app.core import plan as P
from graphviz_app.core.evaluate import evaluate
from tests.core.test_reference import assert_identical, random_graph


def backward_edges_the_long_way(g, out):
    """The backward order as the timeline worked it out before the plan recorded it."""
    order = list(nx.topological_sort(g))
    needs = set()
    for node in order:
        if G.is_differentiable(g, node) or any(p in needs for p in G.parents(g, node)):
            needs.add(node)
    if out not in needs:
        return [], [], needs
    upstream = nx.ancestors(g, out) | {out}
    steps, edges = [], []
    for node in reversed(order):
        if node in upstream and node in needs and not G.is_leaf(g, node):
            steps.append(node)
            edges += [(p, node) for p in dict.fromkeys(G.parents(g, node)) if p in needs]
    return steps, edges, needs


def network(seed, activation="tanh", size=4):
    rng = random.Random(seed)
    return {
        "input": [rng.uniform(-1, 1) for _ in range(3)],
        "target": [0.5, -0.25],
        "loss": "mse",
        "layers": [{"size": size, "activation": activation}, {"size": 2, "activation": "identity"}],
        "init": {"seed": seed, "scheme": "xavier"},
    }


@pytest.mark.parametrize("seed", range(30))
def test_the_recorded_order_is_the_order_worked_out_the_long_way(seed):
    rng = random.Random(seed)
    g, nodes = random_graph(rng, tensors=False)
    for out in [G.output_node(g), rng.choice(nodes), rng.choice(nodes)]:
        steps, edges, needs = backward_edges_the_long_way(g, out)
        ev = evaluate(g, output=out)
        assert ev.backward.steps == tuple(steps)
        assert ev.backward.edges == tuple(edges)
        assert (
            ev.backward.needs == frozenset(needs) == {n for n, grad in ev.grads.items() if grad is not None}
        )
        assert ev.backward.all_edges == tuple(g.edges)
        rank = {n: i for i, n in enumerate(nx.topological_sort(g))}
        for node in g:
            assert ev.children_in_backward_order(node) == sorted(
                g.successors(node), key=rank.get, reverse=True
            )


def test_the_reference_pass_records_the_same_order_object():
    g = net.build_network(network(0), view="neuron").graph
    fast, ref = evaluate(g), evaluate(g, reference=True)
    assert fast.backward is ref.backward
    assert evaluate(g, {"x[0]": 0.1}).backward is fast.backward  # an edit: the same record
    assert evaluate(g, output="a1[0]").backward is not fast.backward  # another output: its own


def test_a_rebuilt_network_reuses_the_plan_and_gets_its_own_numbers():
    first = net.build_network(network(1), view="neuron").graph
    again = net.build_network(network(2), view="neuron").graph  # other inputs and weights, same shape
    assert P.plan_of(again) is P.plan_of(first)
    assert evaluate(again).backward is not evaluate(first).backward  # the record is per graph
    assert_identical(evaluate(again), evaluate(again, reference=True))
    assert evaluate(again).values != evaluate(first).values


def test_a_graph_of_another_structure_never_gets_the_plan():
    def chain(op="sin", kind=G.INPUT, swap=False, edge_first=False):
        g = G.new_graph()
        a, b = G.add_leaf(g, "a", 0.5, kind), G.add_leaf(g, "b", 2.0)
        G.add_op(g, "mul", [b, a] if swap else [a, b], name="m")
        G.add_op(g, op, ["m"], name="f")
        return g

    base = P.plan_of(chain())
    assert P.plan_of(chain()) is base
    for other in (chain(op="cos"), chain(kind=G.CONST), chain(swap=True)):
        assert P.plan_of(other) is not base
        assert_identical(evaluate(other), evaluate(other, reference=True))


def test_the_plan_keeps_no_graph_alive_and_the_cache_stays_small():
    import gc
    import weakref

    activations = ["tanh", "relu", "sigmoid", "softplus", "identity"]
    graphs = [
        net.build_network(network(0, act, size), view="neuron").graph
        for act in activations
        for size in (3, 4, 5)
    ]
    refs = [weakref.ref(g) for g in graphs]
    for g in graphs:
        evaluate(g)
    del graphs, g
    gc.collect()
    assert all(r() is None for r in refs)
    assert 0 < len(P._BY_STRUCTURE) <= P.KEPT_STRUCTURES < 15

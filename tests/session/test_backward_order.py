"""The timeline and the accumulation panel show the backward pass in the order the evaluation recorded."""

from __future__ import annotations

import gc
import random
import weakref

import pytest

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.builders import network as net
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate
from graphviz_app.session.paths.accumulation import accumulation
from graphviz_app.session.timeline.steps import build_timeline
from tests.core.test_reference import random_graph
from tests.session.test_timeline_reuse import mixed_graph

SPEC = {
    "input": [0.5, -0.2],
    "target": [1],
    "loss": "cross_entropy",  # one-hot targets: constants, which need no gradient
    "layers": [{"size": 3, "activation": "relu"}, {"size": 2, "activation": "softmax"}],
    "init": {"seed": 3, "scheme": "xavier"},
}


def graphs():
    yield net.build_network(SPEC, view="neuron").graph
    yield mixed_graph(4)
    for seed in range(6):
        yield random_graph(random.Random(seed), tensors=False)[0]


@pytest.mark.parametrize("g", list(graphs()))
def test_the_timeline_steps_back_along_the_recorded_order(g):
    for out in {G.output_node(g), list(g)[len(g) // 2]}:
        ev = evaluate(g, output=out)
        tl = build_timeline(ev)
        assert tuple(s.edge for s in tl.steps if s.kind == "backward") == ev.backward.edges
        assert tl.backward_steps() == {
            edge: tl.index_of_phase("backward") + 1 + j for j, edge in enumerate(ev.backward.edges)
        }


@pytest.mark.parametrize("g", list(graphs()))
def test_the_accumulation_adds_in_the_recorded_order(g):
    ev = evaluate(g)
    for node in g:
        rows = accumulation(ev, node).rows
        sending = [r.child for r in rows if r.contribution is not None]
        recorded = [child for parent, child in ev.backward.edges if parent == node]
        assert sending == [c for c in recorded if ev.contributions[node, c] is not None]
        assert [r.child for r in rows] == ev.children_in_backward_order(node)


def test_the_timeline_plan_is_kept_with_the_order_and_lets_the_graph_go():
    g = mixed_graph(6)
    ev = evaluate(g)
    tl = build_timeline(ev)
    assert tl.steps[len(tl) - 2].caption  # captions made: the plan keeps the graph's names
    assert ev.backward.views["timeline"] is tl._skeleton
    ref = weakref.ref(g)
    del g, ev, tl
    gc.collect()
    assert ref() is None  # neither the plan nor its names keep the graph alive

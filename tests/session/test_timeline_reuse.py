"""After an edit the timeline reuses the graph's plan of steps; what it shows must not change.

A timeline of a re-evaluated graph shares the step skeleton (and the names its
captions use) with the earlier one; a timeline of a *copy* of the graph is
built from scratch. Both must show exactly the same states, tokens and
captions at every step.
"""

from __future__ import annotations

import random

import pytest

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate
from graphviz_app.session.timeline.steps import build_timeline


def mixed_graph(seed: int):
    rng = random.Random(seed)
    g = G.new_graph()
    nodes = [G.add_leaf(g, f"v{i}", rng.uniform(-1.5, 1.5)) for i in range(4)]
    nodes.append(G.add_constant(g, 2))
    for _ in range(30):
        op = rng.choice(["add", "mul", "sub", "tanh", "sigmoid", "pow"])
        if op in ("tanh", "sigmoid"):
            nodes.append(G.add_op(g, op, [rng.choice(nodes[-5:])]))
        elif op == "pow":
            nodes.append(G.add_op(g, op, [rng.choice(nodes[-5:]), nodes[4]]))
        else:
            nodes.append(G.add_op(g, op, [rng.choice(nodes[-5:]), rng.choice(nodes)]))
    return g


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_reused_plan_shows_what_a_fresh_one_shows(seed):
    g = mixed_graph(seed)
    first = build_timeline(evaluate(g))
    first.state_at(len(first) - 1)
    assert first.steps[len(first) // 2].caption  # the caption writer of the first timeline now exists
    edited = build_timeline(evaluate(g, {"v0": 0.3}))
    fresh = build_timeline(evaluate(g.copy(), {"v0": 0.3}))
    assert edited._skeleton is first._skeleton and fresh._skeleton is not first._skeleton
    assert len(edited) == len(fresh)
    for k in range(len(fresh)):
        a, b = edited.state_at(k), fresh.state_at(k)
        assert a == b, k
        assert a.caption == b.caption and a.tokens == b.tokens
        assert edited.steps[k].node_changes == fresh.steps[k].node_changes
        assert edited.steps[k].edge_changes == fresh.steps[k].edge_changes
    assert all(edited.carry_over(first, k) == k for k in range(len(first)))
    # and the first timeline still shows its own numbers
    assert first.state_at(len(first) - 1).nodes["v0"].grad == evaluate(g).grads["v0"]


def test_states_read_in_any_order_are_the_same():
    g = mixed_graph(5)
    ev = evaluate(g)
    forward_order = build_timeline(ev, interval=7)
    backward_order = build_timeline(ev, interval=7)
    states = [forward_order.state_at(k) for k in range(len(forward_order))]
    for k in reversed(range(len(backward_order))):
        assert backward_order.state_at(k) == states[k]


def test_a_grown_graph_gets_a_new_plan():
    g = mixed_graph(7)
    old = build_timeline(evaluate(g))
    G.add_op(g, "sin", [G.output_node(g)])
    new = build_timeline(evaluate(g))
    assert new._skeleton is not old._skeleton
    assert len(new) > len(old)
    assert new.state_at(len(new) - 1).nodes[G.output_node(g)].grad == 1.0


def test_step_lookup_matches_the_steps():
    import graphviz_app as ga
    from graphviz_app.session.timeline.steps import build_timeline

    tl = build_timeline(ga.evaluate("example:multipath"))
    for node, k in tl.forward_steps().items():
        assert tl.steps[k].kind == "forward" and tl.steps[k].active == node
    for edge, k in tl.backward_steps().items():
        assert tl.steps[k].kind == "backward" and tl.steps[k].edge == edge
    assert len(tl.forward_steps()) == sum(s.kind == "forward" for s in tl.steps)
    assert len(tl.backward_steps()) == sum(s.kind == "backward" for s in tl.steps)


@pytest.mark.parametrize("seed", [3, 4])
def test_states_worked_out_when_asked_are_the_snapshots_states(seed):
    """Far from a checkpoint the state comes straight from the evaluation, each node's state when
    first asked for (an edit at the end of a big graph); it is the whole snapshot's, node for node."""
    from graphviz_app.session.timeline.frames import StatesAt

    ev = evaluate(mixed_graph(seed), {"v1": -0.7})
    tl = build_timeline(ev, interval=len(mixed_graph(seed)) * 4)  # every state far from its checkpoint
    frames = tl._frames
    for k in range(len(tl)):
        eager, _ = frames.snapshot(k)
        lazy = StatesAt(frames, k)
        some = list(eager)[k % len(eager)]
        assert lazy[some] == eager[some]  # one asked first, alone
        assert dict(lazy) == eager and list(lazy) == list(eager) and len(lazy) == len(eager)
        assert some in lazy and "nowhere" not in lazy and lazy.get("nowhere") is None
        assert tl.state_at(k).nodes == eager
    assert isinstance(tl.state_at(len(tl) - 1).nodes, type(tl.state_at(0).nodes))  # read-only views, both

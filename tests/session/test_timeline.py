"""The animation plan: steps, states at any step, and what they show."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate
from graphviz_app.session.timeline.steps import (
    BACKWARD,
    DONE_BACKWARD,
    DONE_FORWARD,
    FORWARD,
    GRADIENT,
    VALUE,
    build_timeline,
)

# --- graphs built by hand -----------------------------------------------------------


def sin_of_square(x=1.5):
    """sin(x**2): x leaf, constant 2, pow, sin."""
    g = G.new_graph()
    G.add_leaf(g, "x", x)
    two = G.add_constant(g, 2)
    sq = G.add_op(g, "pow", ["x", two])
    out = G.add_op(g, "sin", [sq])
    return g, two, sq, out


def three_paths(t=0.7):
    """x = cos(t); y = sin(t); z = x*y + x**2: t reaches z along three paths."""
    g = G.new_graph()
    G.add_leaf(g, "t", t)
    G.add_op(g, "cos", ["t"], name="x")
    G.add_op(g, "sin", ["t"], name="y")
    xy = G.add_op(g, "mul", ["x", "y"])
    x2 = G.add_op(g, "pow", ["x", G.add_constant(g, 2)])
    G.add_op(g, "add", [xy, x2], name="z")
    return g, xy, x2


def small_layer(n_out=2, n_in=2, reduce=True, seed=0):
    """sum(sigmoid(W @ x + b)) with tensors: the layer view of one dense layer."""
    rng = np.random.default_rng(seed)
    g = G.new_graph()
    G.add_leaf(g, "W", rng.normal(size=(n_out, n_in)), G.PARAM)
    G.add_leaf(g, "x", rng.normal(size=n_in))
    G.add_leaf(g, "b", rng.normal(size=n_out), G.PARAM)
    z = G.add_op(g, "matmul", ["W", "x"])
    zb = G.add_op(g, "add", [z, "b"], name="z")
    a = G.add_op(g, "sigmoid", [zb], name="a")
    if reduce:
        G.add_op(g, "sum", [a])
    return g


def random_graph(n_ops, seed, n_leaves=5):
    rng = random.Random(seed)
    g = G.new_graph()
    nodes = [G.add_leaf(g, f"v{i}", rng.uniform(-1.5, 1.5)) for i in range(n_leaves)]
    nodes.append(G.add_constant(g, 3))
    for _ in range(n_ops):
        op = rng.choice(["add", "mul", "sub", "sin", "tanh", "mul"])
        if op in ("sin", "tanh"):
            nodes.append(G.add_op(g, op, [rng.choice(nodes[-6:])]))
        else:
            nodes.append(G.add_op(g, op, [rng.choice(nodes[-6:]), rng.choice(nodes)]))
    return g


def replay(timeline):
    """States reached by applying the steps' changes one after the other."""
    nodes, edges = {}, {}
    for step in timeline.steps:
        nodes.update(step.node_changes)
        edges.update(step.edge_changes)
        yield step, dict(nodes), dict(edges)


# --- sin(x**2) ----------------------------------------------------------------------


def test_steps_and_phases_of_sin_of_square():
    g, _two, sq, out = sin_of_square()
    tl = build_timeline(evaluate(g))
    kinds = ["start", "forward", "forward", "seed", "backward", "backward", "end"]
    assert [s.kind for s in tl.steps] == kinds
    assert len(tl) == 7
    assert [tl.index_of_phase(p) for p in ("start", "forward", "backward", "end")] == [0, 1, 3, 6]
    assert [s.active for s in tl.steps[1:3]] == [sq, out]
    assert [s.edge for s in tl.steps[4:6]] == [(sq, out), ("x", sq)]
    with pytest.raises(ValueError):
        tl.index_of_phase("sideways")


def test_start_state_shows_leaves_only():
    g, two, sq, out = sin_of_square()
    state = build_timeline(evaluate(g)).state_at(0)
    assert state.phase == "start" and state.tokens == ()
    assert state.nodes["x"].value == 1.5 and state.nodes[two].value == 2.0
    assert not state.nodes[sq].value_shown and not state.nodes[out].value_shown
    assert all(s.grad is None for s in state.nodes.values())
    assert set(state.edges) == set(g.edges) and set(state.edges.values()) == {None}


def test_forward_steps_light_edges_and_carry_values():
    g, two, sq, out = sin_of_square()
    ev = evaluate(g)
    tl = build_timeline(ev)
    first, second = tl.state_at(1), tl.state_at(2)
    assert first.nodes[sq].value == 2.25 and not first.nodes[out].value_shown
    assert first.edges[("x", sq)] == FORWARD and first.edges[(two, sq)] == FORWARD
    assert first.edges[(sq, out)] is None
    assert {(t.edge, t.direction, t.text, t.role) for t in first.tokens} == {
        (("x", sq), FORWARD, "1.5", VALUE),
        ((two, sq), FORWARD, "2", VALUE),
    }
    assert second.edges[("x", sq)] == DONE_FORWARD and second.edges[(sq, out)] == FORWARD
    assert second.nodes[out].value == pytest.approx(math.sin(2.25))
    assert [t.text for t in second.tokens] == ["2.25"]
    assert "2.25" in tl.steps[1].caption and "0.7781" in tl.steps[2].caption


def test_backward_steps_of_sin_of_square():
    g, _two, sq, out = sin_of_square()
    ev = evaluate(g)
    tl = build_timeline(ev)
    seed = tl.state_at(3)
    assert seed.phase == "backward" and seed.nodes[out].grad == 1.0 and seed.nodes[out].grad_final
    assert seed.edges[(sq, out)] == DONE_FORWARD
    assert "∂f/∂f = 1" in seed.caption
    x_step = tl.index_of_phase("end") - 1
    assert tl.steps[x_step].edge == ("x", sq)
    assert "−0.6282 × 3 = −1.885" in tl.steps[x_step].caption
    state = tl.state_at(x_step)
    (token,) = state.tokens
    assert (token.edge, token.direction, token.role, token.text) == (("x", sq), BACKWARD, GRADIENT, "−1.885")
    assert state.edges[("x", sq)] == BACKWARD and state.edges[(sq, out)] == DONE_BACKWARD
    end = tl.state_at(len(tl) - 1)
    assert end.phase == "end" and end.tokens == ()
    assert end.nodes["x"].grad == ev.grads["x"] == pytest.approx(2 * 1.5 * math.cos(2.25))
    assert end.nodes["x"].grad_final
    assert end.edges[("x", sq)] == DONE_BACKWARD


def test_constants_get_no_gradient_steps():
    g, two, sq, _out = sin_of_square()
    tl = build_timeline(evaluate(g))
    assert all(s.edge is None or s.edge[0] != two for s in tl.steps)
    assert all(tl.state_at(k).nodes[two].grad is None for k in range(len(tl)))
    assert tl.state_at(len(tl) - 1).edges[(two, sq)] == DONE_FORWARD


# --- a node used twice: gradients accumulate ------------------------------------------


def test_partial_gradient_then_final_for_a_node_used_twice():
    g, xy, x2 = three_paths()
    ev = evaluate(g)
    tl = build_timeline(ev)
    into_x = [s for s in tl.steps if s.edge is not None and s.edge[0] == "x"]
    assert [s.edge[1] for s in into_x] == [xy, x2]
    first, last = (tl.state_at(s.index).nodes["x"] for s in into_x)
    assert first.grad == pytest.approx(ev.contributions[("x", xy)]) == pytest.approx(math.sin(0.7))
    assert not first.grad_final and (first.received, first.expected) == (1, 2)
    assert last.grad_final and (last.received, last.expected) == (2, 2)
    assert last.grad == ev.grads["x"]
    total = sum(ev.contributions[s.edge] for s in into_x)
    assert total == pytest.approx(ev.grads["x"]) == pytest.approx(math.sin(0.7) + 2 * math.cos(0.7))
    # between the two contributions the partial sum stays on screen
    between = tl.state_at(into_x[1].index - 1).nodes["x"]
    assert between.grad == first.grad and not between.grad_final
    assert "(1 of 2 contributions)" in into_x[0].caption
    assert "(2 of 2 contributions)" in into_x[1].caption
    # t is reached along three paths, through x (two) and y (one): two edges into t
    t_end = tl.state_at(len(tl) - 1).nodes["t"]
    assert t_end.grad == ev.grads["t"] and t_end.expected == 2
    dz_dt = (math.sin(0.7) + 2 * math.cos(0.7)) * -math.sin(0.7) + math.cos(0.7) ** 2
    assert t_end.grad == pytest.approx(dz_dt)


def test_parent_is_final_before_it_sends_anything_back():
    g, _xy, _x2 = three_paths()
    tl = build_timeline(evaluate(g))
    for step in tl.steps:
        if step.kind == "backward":
            before = tl.state_at(step.index - 1).nodes[step.active]
            assert before.grad_final, step.edge


def test_one_edge_used_at_two_positions():
    g = G.new_graph()
    G.add_leaf(g, "x", 3.0)
    sq = G.add_op(g, "mul", ["x", "x"])
    tl = build_timeline(evaluate(g))
    steps = [s for s in tl.steps if s.kind == "backward"]
    assert [s.edge for s in steps] == [("x", sq)]
    assert "x + x = 3 + 3 = 6" in steps[0].caption
    assert tl.state_at(len(tl) - 1).nodes["x"].grad == 6.0
    assert len(tl.state_at(1).tokens) == 1


def test_node_off_the_output_path_shows_zero_at_the_end():
    g = G.new_graph()
    G.add_leaf(g, "x", 0.5)
    out = G.add_op(g, "mul", ["x", G.add_constant(g, 2)])
    side = G.add_op(g, "sin", ["x"], output=False)
    ev = evaluate(g, output=out)
    tl = build_timeline(ev)
    assert all(s.edge != ("x", side) for s in tl.steps)
    assert tl.state_at(len(tl) - 2).nodes[side].grad is None
    end = tl.state_at(len(tl) - 1).nodes[side]
    assert end.grad == 0.0 and end.grad_final
    assert tl.state_at(len(tl) - 1).nodes["x"].grad == 2.0


def test_output_built_from_constants_has_no_gradients():
    g = G.new_graph()
    out = G.add_op(g, "sub", [G.add_constant(g, 2), G.add_constant(g, -3)])
    tl = build_timeline(evaluate(g))
    assert [s.kind for s in tl.steps] == ["start", "forward", "seed", "end"]
    assert tl.index_of_phase("backward") == 2
    assert "no gradients" in tl.steps[2].caption
    end = tl.state_at(3)
    assert end.nodes[out].value == 5.0 and all(s.grad is None for s in end.nodes.values())


def test_graph_without_op_nodes_jumps_to_the_next_phase():
    g = G.new_graph()
    G.add_leaf(g, "x", 2.0)
    tl = build_timeline(evaluate(g))
    assert [s.kind for s in tl.steps] == ["start", "seed", "end"]
    assert tl.index_of_phase("forward") == tl.index_of_phase("backward") == 1
    assert tl.state_at(2).nodes["x"].grad == 1.0


# --- random access ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "make, interval",
    [
        (lambda: three_paths()[0], None),
        (lambda: three_paths()[0], 2),
        (lambda: random_graph(60, seed=1), None),
        (lambda: random_graph(120, seed=2), 5),
        (lambda: small_layer(3, 4), 3),
        (lambda: random_graph(120, seed=4), 100_000),  # far from a snapshot: the state computed directly
    ],
)
def test_random_access_equals_sequential_application(make, interval):
    tl = build_timeline(evaluate(make()), interval=interval)
    expected = {step.index: (step, nodes, edges) for step, nodes, edges in replay(tl)}
    order = list(expected) * 2
    random.Random(7).shuffle(order)
    for k in order:
        state = tl.state_at(k)
        step, nodes, edges = expected[k]
        assert state.index == k and state.phase == step.phase and state.active == step.active
        assert dict(state.nodes) == nodes
        assert dict(state.edges) == edges
        assert state.tokens == step.tokens and state.caption == step.caption
        assert state == tl.state_at(k)


def test_states_differ_only_where_steps_changed_something():
    tl = build_timeline(evaluate(random_graph(40, seed=3)), interval=4)
    rng = random.Random(0)
    for _ in range(40):
        a, b = rng.randrange(len(tl)), rng.randrange(len(tl))
        sa, sb = tl.state_at(a), tl.state_at(b)
        nodes, edges = tl.changed_between(a, b)
        assert {n for n in sa.nodes if sa.nodes[n] != sb.nodes[n]} <= nodes
        assert {e for e in sa.edges if sa.edges[e] != sb.edges[e]} <= edges


def test_final_state_matches_the_evaluation_on_a_big_graph():
    g = random_graph(1000, seed=4)
    ev = evaluate(g)
    tl = build_timeline(ev)
    end = tl.state_at(len(tl) - 1)
    for node, grad in ev.grads.items():
        shown = end.nodes[node]
        assert shown.value_shown
        if grad is None:
            assert shown.grad is None
        else:
            assert shown.grad_final and (shown.grad == grad or (math.isnan(grad) and math.isnan(shown.grad)))
    assert set(end.edges.values()) <= {DONE_FORWARD, DONE_BACKWARD}


def test_states_are_immutable():
    g = small_layer()
    tl = build_timeline(evaluate(g))
    state = tl.state_at(len(tl) - 1)
    with pytest.raises(TypeError):
        state.nodes["W"] = None
    with pytest.raises(ValueError):
        state.nodes["W"].grad[0, 0] = 1.0
    with pytest.raises(AttributeError):
        state.caption = "changed"


# --- tensors, nan, rebuilding ---------------------------------------------------------------


def test_tensor_edges_have_compact_captions():
    g = small_layer()
    ev = evaluate(g)
    tl = build_timeline(ev)
    w_step = next(s for s in tl.steps if s.edge is not None and s.edge[0] == "W")
    assert "∂f/∂W (2×2) = " in w_step.caption and "(2,) ⊗ xᵀ" in w_step.caption
    assert "2×2×2 Jacobian" in w_step.caption
    assert np.array_equal(tl.state_at(len(tl) - 1).nodes["W"].grad, ev.grads["W"])
    assert np.allclose(ev.grads["W"], np.outer(ev.grads["matmul#1"], ev.values["x"]))
    big = build_timeline(evaluate(small_layer(30, 20)))
    for step in big.steps:
        assert len(step.caption) < 400, step.caption
        assert step.caption.count(",") < 20, step.caption
    w_big = next(s for s in big.steps if s.edge is not None and s.edge[0] == "W")
    assert "∂f/∂W (30×20)" in w_big.caption
    assert "30×30×20 Jacobian" in w_big.caption
    assert all(len(t.text) < 12 for s in big.steps for t in s.tokens)


def test_vector_output_is_seeded_with_ones():
    ev = evaluate(small_layer(reduce=False))
    tl = build_timeline(ev)
    seed = tl.state_at(tl.index_of_phase("backward"))
    assert np.array_equal(seed.nodes["a"].grad, np.ones(2)) and seed.nodes["a"].grad_final
    assert "for each of the (2,) elements" in seed.caption


def test_nan_values_are_captioned_as_nan():
    g = G.new_graph()
    G.add_leaf(g, "x", -1.0)
    root = G.add_op(g, "sqrt", ["x"])
    G.add_op(g, "log", [root])
    ev = evaluate(g)
    tl = build_timeline(ev)
    captions = [s.caption for s in tl.steps]
    assert "√x = √(−1) = nan" in captions[1]
    assert "nan" in captions[-2] and "nan" in captions[-1]
    end = tl.state_at(len(tl) - 1)
    assert math.isnan(end.nodes["x"].grad) and end.nodes["x"].grad_final
    assert [t.text for t in tl.state_at(2).tokens] == ["nan"]
    assert end == build_timeline(ev).state_at(len(tl) - 1)


def test_step_carries_over_after_an_edit():
    g, *_ = three_paths(0.7)
    old = build_timeline(evaluate(g))
    new = build_timeline(evaluate(g, {"t": 1.3}))
    assert all(new.carry_over(old, k) == k for k in range(len(old)))
    assert new.state_at(9).caption != old.state_at(9).caption
    # a different structure keeps the phase
    other = build_timeline(evaluate(sin_of_square()[0]))
    for k in range(len(old)):
        assert other.phase_of(other.carry_over(old, k)) == old.phase_of(k)

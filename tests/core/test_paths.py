"""Sum over paths: exact counts, lazy enumeration, agreement with backprop."""

import itertools
import math

import networkx as nx
import numpy as np
import pytest

import graphviz_app.core  # noqa: F401
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate
from graphviz_app.core.paths import (
    backprop_cost,
    count_paths,
    forward_tangents,
    iter_paths,
    path_sum,
    path_terms,
)


def three_path_program(t=0.5):
    """x = cos(t); y = sin(t); z = x*y + x**2."""
    g = G.new_graph()
    G.add_leaf(g, "t", t)
    G.add_op(g, "cos", ["t"], name="x")
    G.add_op(g, "sin", ["t"], name="y")
    p = G.add_op(g, "mul", ["x", "y"])
    two = G.add_constant(g, 2)
    q = G.add_op(g, "pow", ["x", two])
    G.add_op(g, "add", [p, q], name="z")
    return g


def diamonds(n, value=0.3):
    """n diamonds in a row: 2^n paths from x to the output."""
    g = G.new_graph()
    node = G.add_leaf(g, "x", value)
    for _ in range(n):
        a = G.add_op(g, "sin", [node])
        b = G.add_op(g, "cos", [node])
        node = G.add_op(g, "mul", [a, b])
    return g, node


def test_three_paths_and_their_sum_is_the_gradient():
    g = three_path_program()
    assert count_paths(g, "t", "z") == 3
    ev = evaluate(g)
    terms = list(path_terms(ev, "t"))
    assert len(terms) == 3
    for term in terms:
        assert term.nodes[0] == "t" and term.nodes[-1] == "z"
        assert term.product == pytest.approx(math.prod(term.factors))
    total, n, complete = path_sum(ev, "t")
    assert (n, complete) == (3, True)
    assert total == pytest.approx(ev.grads["t"], abs=1e-12)
    t = 0.5
    expected = -math.sin(t) * math.sin(t) + math.cos(t) ** 2 - 2 * math.cos(t) * math.sin(t)
    assert total == pytest.approx(expected)


def test_count_has_no_overflow_at_2_to_the_200():
    g, out = diamonds(200)
    assert count_paths(g, "x", out) == 2**200


def test_enumeration_is_lazy_on_2_to_the_40_paths():
    g, out = diamonds(40)
    assert count_paths(g, "x", out) == 2**40
    first = list(itertools.islice(iter_paths(g, "x", out), 100))
    assert len(first) == 100
    assert len(set(first)) == 100
    assert all(len(p) == 2 * 40 + 1 for p in first)
    ev = evaluate(g)
    _total, n, complete = path_sum(ev, "x", limit=50)
    assert (n, complete) == (50, False)


def test_enumeration_matches_networkx_on_small_graphs():
    g, out = diamonds(4)
    ours = sorted(iter_paths(g, "x", out))
    theirs = sorted(tuple(p) for p in nx.all_simple_paths(g, "x", out))
    assert ours == theirs


def random_scalar_graph(seed, n_ops=25):
    rng = np.random.default_rng(seed)
    g = G.new_graph()
    nodes = [G.add_leaf(g, name, float(rng.uniform(0.2, 1.5))) for name in ("a", "b")]
    unary = ["sin", "cos", "tanh", "sigmoid", "exp"]
    binary = ["add", "mul", "sub"]
    for _ in range(n_ops):
        if rng.random() < 0.5:
            nodes.append(G.add_op(g, unary[rng.integers(len(unary))], [nodes[rng.integers(len(nodes))]]))
        else:
            i, j = rng.integers(len(nodes), size=2)
            nodes.append(G.add_op(g, binary[rng.integers(len(binary))], [nodes[i], nodes[j]]))
    # join every sink into one output so every node reaches it
    sinks = [n for n in g if g.out_degree(n) == 0]
    node = sinks[0]
    for s in sinks[1:]:
        node = G.add_op(g, "add", [node, s])
    return g


@pytest.mark.parametrize("seed", range(12))
def test_path_sum_equals_backprop_on_random_graphs(seed):
    g = random_scalar_graph(seed)
    ev = evaluate(g)
    for leaf in ("a", "b"):
        total, _, complete = path_sum(ev, leaf)
        assert complete
        assert total == pytest.approx(ev.grads[leaf], rel=1e-9, abs=1e-12)
        tangents = forward_tangents(ev, leaf)
        assert tangents[ev.output] == pytest.approx(ev.grads[leaf], rel=1e-9, abs=1e-12)


def test_tensor_paths_are_jacobian_products():
    g = G.new_graph()
    W = np.array([[0.5, -0.2], [0.3, 0.8]])
    G.add_leaf(g, "W", W, G.PARAM)
    G.add_leaf(g, "a", [0.5, 0.1])
    G.add_op(g, "matmul", ["W", "a"], name="z")
    G.add_op(g, "tanh", ["z"], name="h")
    G.add_op(g, "mul", ["h", "z"], name="m")
    G.add_op(g, "sum", ["m"], name="L")
    ev = evaluate(g)
    assert count_paths(g, "a", "L") == 2
    total, _n, _complete = path_sum(ev, "a")
    np.testing.assert_allclose(total, ev.grads["a"], rtol=1e-10)
    np.testing.assert_allclose(path_sum(ev, "W")[0], ev.grads["W"], rtol=1e-10)
    np.testing.assert_allclose(np.ravel(forward_tangents(ev, "a")["L"]), ev.grads["a"], rtol=1e-10)


def test_no_path_and_costs():
    g = three_path_program()
    assert count_paths(g, "z", "t") == 0
    assert list(iter_paths(g, "z", "t")) == []
    cost = backprop_cost(g, "t", "z")
    assert cost["paths"] == 3
    # paths t-x-mul-z, t-y-mul-z, t-x-pow-z: 9 edges walked, 3 products of 3 factors
    assert cost["path_multiplications"] == 6
    assert cost["edges"] == 7

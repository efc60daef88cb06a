"""The speed-ups of the core give the same numbers as the plain NumPy paths they replace.

- ``functions``: a Python float takes ``math``; everything else NumPy. Same values
  (to the last bit, or within one unit in the last place where NumPy uses its
  own vectorised routine), same signs of zero, and the IEEE answers (−∞, ∞, nan)
  where ``math`` would raise.
- ``evaluate``: the per-graph plan is reused, and remade when the graph grows.
- ``graph``: ``topological_order`` is networkx's order; ``parents`` keeps argument order and
  ``order_and_arguments`` gives both for every node at once; the one place that writes
  networkx's dicts directly builds exactly what the public methods build.
"""

import math
import random

import networkx as nx
import numpy as np
import pytest

import graphviz_app.core  # noqa: F401
from graphviz_app.core import functions as F
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate, forward, forward_pass
from graphviz_app.core.values import finite as _finite
from graphviz_app.errors import GraphError

INF, NAN = math.inf, math.nan
SPECIAL = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    -0.5,
    2.25,
    -3.7,
    1e-300,
    -1e-300,
    5e-324,
    30.0,
    -30.0,
    709.0,
    710.0,
    -745.0,
    1000.0,
    -1000.0,
    1e308,
    -1e308,
    INF,
    -INF,
    NAN,
]
GRID = SPECIAL + [random.Random(0).uniform(-20, 20) for _ in range(400)]

# functions whose float path must equal NumPy's bit for bit (IEEE-exact operations)
EXACT = ["sqrt", "relu", "step", "abs", "sign"]
# functions where NumPy may use its own vectorised routine: within one unit in the last place
CLOSE = ["exp", "log", "sin", "cos", "tan", "tanh", "sigmoid", "softplus"]


def numpy_path(name, x):
    """The same function through its array path (a one-element array)."""
    return float(getattr(F, name)(np.array([x]))[0])


def same(a, b, ulps=0):
    if math.isnan(b):
        return math.isnan(a)
    if math.isinf(b) or b == 0.0:
        return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
    return abs(a - b) <= ulps * float(np.spacing(abs(b)))


@pytest.mark.parametrize("name", EXACT + CLOSE)
def test_float_path_matches_numpy(name):
    with np.errstate(all="ignore"):
        for x in GRID:
            fast = getattr(F, name)(x)
            assert type(fast) is float, (name, x, type(fast))
            slow = numpy_path(name, x)
            assert same(fast, slow, 0 if name in EXACT else 1), (name, x, fast, slow)


def test_reductions_and_the_clamped_log_of_one_number():
    with np.errstate(all="ignore"):
        for x in GRID:
            for name in ("mean", "sum"):
                fast = getattr(F, name)(x)
                assert type(fast) is float and same(fast, float(getattr(np, name)(np.float64(x))))
            assert F.size(x) == 1
            fast = F.clamped_log(x)
            assert type(fast) is float, x
            assert same(fast, float(F.clamped_log(np.array([x]))[0])), (x, fast)
    assert F.sum(np.ones((2, 3)), axis=-1, keepdims=True).shape == (2, 1)
    assert F.clamped_log(0.0) == -100.0


def test_power_matches_numpy_including_the_ieee_cases():
    bases = [0.0, -0.0, 2.0, -2.0, -8.0, 0.5, 10.0, INF, -INF, NAN, 1.0]
    exponents = [0.0, 1.0, 2.0, -1.0, 0.5, 1 / 3, 400.0, -400.0, INF, -INF, NAN]
    with np.errstate(all="ignore"):
        for a in bases:
            for b in exponents:
                fast = F.power(a, b)
                assert type(fast) is float
                assert same(fast, float(np.power(np.array([a]), b)[0])), (a, b, fast)


def test_math_refusals_become_ieee_values():
    with np.errstate(all="ignore"):
        assert F.log(0.0) == -INF and math.isnan(F.log(-1.0))
        assert math.isnan(F.sqrt(-1.0))
        assert F.exp(1000.0) == INF
        assert math.isnan(F.sin(INF)) and math.isnan(F.cos(-INF)) and math.isnan(F.tan(INF))
        assert F.power(0.0, -1.0) == INF and math.isnan(F.power(-8.0, 1 / 3))
        assert F.power(10.0, 400.0) == INF


def test_arrays_and_numpy_scalars_keep_numpy_results():
    x = np.array([-1.0, 0.0, 2.0])
    assert np.array_equal(F.relu(x), np.maximum(x, 0.0))
    assert np.array_equal(F.exp(x), np.exp(x))
    assert isinstance(F.sin(np.float64(0.5)), np.floating)
    assert F.unbroadcast_like(np.ones((3, 2)), np.zeros(2)).tolist() == [3.0, 3.0]
    assert F.unbroadcast_like(2.5, 1.0) == 2.5


@pytest.mark.parametrize(
    "text, value, flag_word",
    [("log", 0.0, "log"), ("sqrt", -1.0, "square root"), ("exp", 1000.0, "overflow")],
)
def test_faults_through_the_fast_path_still_give_ieee_values_and_flags(text, value, flag_word):
    g = G.new_graph()
    G.add_leaf(g, "x", value)
    out = G.add_op(g, text, ["x"])
    ev = evaluate(g)
    result = ev.values[out]
    assert type(result) is float and not math.isfinite(result)
    assert flag_word in ev.flags[out][0]


def test_division_by_zero_gives_inf_with_a_flag():
    g = G.new_graph()
    G.add_leaf(g, "a", 1.0)
    G.add_leaf(g, "b", 0.0)
    out = G.add_op(g, "div", ["a", "b"])
    ev = evaluate(g)
    assert ev.values[out] == INF and "division by zero" in ev.flags[out][0]
    assert ev.grads["b"] == -INF or math.isnan(ev.grads["b"])


def test_finite_check_of_arrays():
    assert _finite(np.array([1e308, 1e308]))  # the sum overflows, the numbers do not
    assert not _finite(np.array([1.0, INF]))
    assert not _finite(np.array([NAN, 0.0]))
    assert not _finite(np.array([INF, -INF]))
    assert _finite(np.zeros((0,)))
    assert not _finite(-INF) and _finite(2.0)


# --- evaluate: the plan -------------------------------------------------------------------


def test_plan_is_reused_and_remade_when_the_graph_grows():
    g = G.new_graph()
    G.add_leaf(g, "x", 2.0)
    sq = G.add_op(g, "mul", ["x", "x"])
    assert evaluate(g).grads["x"] == 4.0
    assert evaluate(g, {"x": 3.0}).grads["x"] == 6.0  # same plan, new numbers
    G.add_op(g, "sin", [sq])  # the graph grows: a new plan
    ev = evaluate(g)
    assert ev.output_value == pytest.approx(math.sin(4.0))
    assert ev.grads["x"] == pytest.approx(math.cos(4.0) * 4.0)
    assert evaluate(g, output=sq).grads["x"] == 4.0  # another output of the same plan


def test_re_evaluation_equals_a_fresh_graph():
    g = G.new_graph()
    xs = [G.add_leaf(g, f"x{i}", float(i) - 1.5) for i in range(4)]
    nodes = list(xs)
    rng = random.Random(3)
    for _ in range(40):
        op = rng.choice(["add", "mul", "sub", "tanh", "sigmoid", "relu"])
        unary = op in ("tanh", "sigmoid", "relu")
        args = [rng.choice(nodes)] if unary else [rng.choice(nodes), rng.choice(nodes)]
        nodes.append(G.add_op(g, op, args))
    evaluate(g)
    again = evaluate(g, {"x1": 0.25})
    fresh = evaluate(g.copy(), {"x1": 0.25})
    assert again.values == fresh.values and again.grads == fresh.grads
    assert again.local == fresh.local and again.contributions == fresh.contributions


def test_tensor_gradients_are_zeros_plus_contributions():
    g = G.new_graph()
    G.add_leaf(g, "x", np.array([-1.0, 2.0]))
    G.add_leaf(g, "u", np.array([3.0, 4.0]))  # reaches nothing upstream of the output
    G.add_op(g, "mul", ["u", "u"], output=False)
    y = G.add_op(g, "relu", ["x"])
    G.add_op(g, "sum", [y])
    ev = evaluate(g)
    assert ev.grads["x"].tolist() == [0.0, 1.0]
    assert math.copysign(1.0, ev.grads["x"][0]) == 1.0  # 0.0, never −0.0, as zeros + (−0.0)
    assert ev.grads["u"].tolist() == [0.0, 0.0]


# --- graph ----------------------------------------------------------------------------------------


def test_topological_order_is_networkx_order():
    for seed in range(60):
        rng = random.Random(seed)
        g = nx.DiGraph()
        n = rng.randint(1, 30)
        edges = [(i, j) for i in range(n) for j in range(i + 1, n) if rng.random() < 0.2]
        nodes = list(range(n))
        rng.shuffle(nodes)
        rng.shuffle(edges)
        g.add_nodes_from(nodes)
        g.add_edges_from(edges)
        assert G.topological_order(g) == list(nx.topological_sort(g))


def test_topological_order_refuses_a_cycle():
    g = nx.DiGraph([("a", "b"), ("b", "a")])
    with pytest.raises(GraphError, match="cycle"):
        G.topological_order(g)


def test_parents_keep_argument_order_and_repeats():
    g = G.new_graph()
    G.add_leaf(g, "a", 1.0)
    G.add_leaf(g, "b", 2.0)
    assert G.parents(g, G.add_op(g, "sub", ["b", "a"])) == ["b", "a"]
    assert G.parents(g, G.add_op(g, "mul", ["a", "a"])) == ["a", "a"]
    assert G.parents(g, G.add_op(g, "sin", ["b"])) == ["b"]


def _random_program(g, rng, n=40):
    nodes = [G.add_leaf(g, f"x{i}", float(i) - 1.5) for i in range(3)] + [G.add_constant(g, 2.0)]
    for _ in range(n):
        op = rng.choice(["add", "mul", "sub", "div", "pow", "sin", "tanh"])
        arity = 1 if op in ("sin", "tanh") else 2
        args = [rng.choice(nodes) for _ in range(arity)]
        if arity == 2 and rng.random() < 0.2:
            args[1] = args[0]  # the same node twice: x * x
        nodes.append(G.add_op(g, op, args))
    return g


def test_order_and_arguments_are_the_order_and_the_parents_of_every_node():
    for seed in range(20):
        g = _random_program(G.new_graph(), random.Random(seed))
        order, arguments = G.order_and_arguments(g)
        assert order == G.topological_order(g) == list(nx.topological_sort(g))
        assert arguments == {node: G.parents(g, node) for node in g}


def test_a_digraph_subclass_is_built_through_the_public_methods():
    class Traced(nx.DiGraph):
        pass

    ours = _random_program(G.new_graph(), random.Random(7))
    public = Traced()
    public.graph.update(G.new_graph().graph)
    public = _random_program(public, random.Random(7))
    assert list(ours.nodes(data=True)) == list(public.nodes(data=True))
    assert list(ours.edges(data=True)) == list(public.edges(data=True))
    assert list(ours.pred.items()) == list(public.pred.items())
    assert evaluate(ours).grads == evaluate(public).grads


def test_forward_alone_is_the_reference_forward_pass():
    g = _random_program(G.new_graph(), random.Random(3))
    G.add_op(g, "log", [G.add_op(g, "sub", ["x0", "x0"])])  # log 0: a flag
    fast = forward(g, {"x1": 0.0})
    ref = forward_pass(g, {"x1": 0.0})
    assert fast[0] == ref[0] and fast[2] == ref[2] and ref[2]
    assert [math.copysign(1.0, v) for v in fast[1].values()] == [
        math.copysign(1.0, v) for v in ref[1].values()
    ]
    assert all(a == b or (math.isnan(a) and math.isnan(b)) for a, b in zip(fast[1].values(), ref[1].values()))

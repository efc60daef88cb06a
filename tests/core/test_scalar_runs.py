"""The scalar runs (core/scalar_runs.py) give the reference's numbers to the last bit, and are the path taken.

- The expressions written inline for + − × ÷ and negation are the op table's own
  forward and VJP (upstream 1.0) on every pair of floats that matters: same bits,
  and a raise exactly where the table's rule raises.
- Random networks of every activation and loss, drawn by hypothesis, in the
  neuron view: evaluated through the runs (checked: the loops of
  core/fast_passes.py never run), every number equals the reference's.
- A graph that leaves the floats (an array leaf), divides by zero or meets a
  non-finite number falls back to the loops, with the same numbers and flags.
"""

import itertools
import math
import random
import struct

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.builders import network as net
from graphviz_app.core import fast_passes
from graphviz_app.core import functions as F
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate
from graphviz_app.core.ops import get_op
from graphviz_app.core.optable import ACTIVATIONS, NETWORK_LOSSES
from graphviz_app.core.plan import plan_of
from graphviz_app.core.scalar_runs import INLINE_FORWARD, INLINE_LOCAL
from tests.core.test_reference import assert_identical, bits

FLOATS = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    -2.5,
    3.0,
    1e-300,
    -1e-300,
    5e-324,
    1e200,
    -1e200,
    1e308,
    math.inf,
    -math.inf,
]
FLOATS += [random.Random(7).uniform(-10, 10) for _ in range(25)]


def outcome(fn, *args):
    """The bits of ``fn(*args)``, or the exception it raises."""
    try:
        return bits(fn(*args))
    except (ZeroDivisionError, OverflowError) as e:
        return type(e)


def inline(template, *args):
    """A template of scalar_runs evaluated as its loop evaluates it."""
    return eval(
        template.format(*(f"x{n}" for n in range(len(args)))), {}, {f"x{n}": a for n, a in enumerate(args)}
    )


@pytest.mark.parametrize("op", sorted(INLINE_FORWARD))
def test_inline_forward_is_the_op_tables_forward(op):
    spec = get_op(op)
    for args in itertools.product(FLOATS, repeat=spec.arity):
        assert outcome(inline, INLINE_FORWARD[op], *args) == outcome(spec.forward, *args), (op, args)


@pytest.mark.parametrize("op, position", sorted(INLINE_LOCAL))
def test_inline_local_derivative_is_the_op_tables_rule_at_upstream_one(op, position):
    spec = get_op(op)
    rule = spec.vjps[position]
    for args in itertools.product(FLOATS, repeat=spec.arity):
        try:
            y = spec.forward(*args)
        except ZeroDivisionError:
            y = math.inf
        assert outcome(inline, INLINE_LOCAL[op, position], *args) == outcome(rule, F, 1.0, y, *args), (
            op,
            args,
        )


def test_multiplying_by_one_keeps_every_bit():
    """What INLINE_LOCAL's products and the runs' ``s = u`` rest on: x × 1.0 is x, to the raw bit, nan too."""
    for x in [*FLOATS, math.nan, -math.nan, struct.unpack("d", struct.pack("Q", 0x7FF8_0000_DEAD_BEEF))[0]]:
        assert struct.pack("d", x * 1.0) == struct.pack("d", x) == struct.pack("d", 1.0 * x), x


@pytest.fixture
def loops_forbidden(monkeypatch):
    """The loops of fast_passes raise if run: what passes through them did not take the runs."""

    def refuse(*args, **kwargs):
        raise AssertionError("the loops of fast_passes ran")

    monkeypatch.setattr(fast_passes, "_forward", refuse)
    monkeypatch.setattr(fast_passes, "_backward", refuse)


def random_network(data, activation, loss):
    n_layers = data.draw(st.integers(1, 3))
    sizes = [data.draw(st.integers(1, 4)) for _ in range(n_layers + 1)]
    if loss == "cross_entropy":
        sizes[-1] = max(sizes[-1], 2)
    batch = data.draw(st.integers(1, 3))
    number = st.floats(-3, 3, allow_nan=False, allow_infinity=False, allow_subnormal=False)
    hidden = [a for a in ACTIVATIONS if a != "softmax"]
    acts = [data.draw(st.sampled_from(hidden)) for _ in range(n_layers - 1)] + [activation]
    layers = []
    for n_in, n_out, act in zip(sizes, sizes[1:], acts):
        weights = [[data.draw(number) for _ in range(n_in)] for _ in range(n_out)]
        layers.append(
            {"weights": weights, "bias": [data.draw(number) for _ in range(n_out)], "activation": act}
        )
    x = [[data.draw(number) for _ in range(sizes[0])] for _ in range(batch)]
    if loss == "cross_entropy":
        t = [data.draw(st.integers(0, sizes[-1] - 1)) for _ in range(batch)]
    elif loss == "bce":
        t = [[float(data.draw(st.integers(0, 1))) for _ in range(sizes[-1])] for _ in range(batch)]
    else:
        t = [[data.draw(number) for _ in range(sizes[-1])] for _ in range(batch)]
    if batch == 1:
        x, t = x[0], t[0]
    return {"input": x, "target": t, "layers": layers, "loss": loss}


def usable(activation, loss):
    if loss == "bce":
        return activation == "sigmoid"  # (bce wants probabilities)
    if loss == "cross_entropy":
        return activation in ("softmax", "identity")
    return activation != "softmax"


CASES = [(a, loss) for a in ACTIVATIONS for loss in NETWORK_LOSSES if usable(a, loss)]


@pytest.mark.parametrize("activation, loss", CASES)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_networks_through_the_runs_equal_the_reference(activation, loss, data, monkeypatch):
    g = net.build_network(random_network(data, activation, loss), view="neuron").graph
    ref = evaluate(g, reference=True)
    if ref.flags:
        return  # (a non-finite number takes the loops: the tests below and test_reference see those)
    with monkeypatch.context() as m:
        for name in ("_forward", "_backward"):
            m.setattr(fast_passes, name, lambda *args, **kwargs: pytest.fail("the loops of fast_passes ran"))
        assert_identical(evaluate(g), ref)
        leaf = G.leaves(g, [G.PARAM])[0]
        changed = {leaf: data.draw(st.floats(-3, 3, allow_nan=False))}
        assert_identical(evaluate(g, changed), evaluate(g, changed, reference=True))
        other = data.draw(st.sampled_from([n for n in g if g.nodes[n][G.KIND] == G.OPNODE]))
        assert_identical(evaluate(g, output=other), evaluate(g, output=other, reference=True))


def test_x_times_x_adds_both_positions_on_one_edge(loops_forbidden):
    g = G.new_graph()
    x = G.add_leaf(g, "x", 3.0)
    y = G.add_op(g, "mul", [x, x])
    z = G.add_op(g, "div", [y, x])
    f = G.add_op(g, "sub", [G.add_op(g, "neg", [z]), G.add_op(g, "tanh", [y])])
    ev = evaluate(g)
    assert ev.local[x, y] == 6.0 and ev.values[f] == -3.0 - math.tanh(9.0)
    assert_identical(ev, evaluate(g, reference=True))


@pytest.mark.parametrize(
    "leaf, value",
    [("b", 0.0), ("a", math.inf), ("a", math.nan), ("b", 1e-320)],
)
def test_what_leaves_the_floats_falls_back_to_the_loops_with_the_same_numbers(leaf, value):
    g = G.new_graph()
    a, b = G.add_leaf(g, "a", 1.0), G.add_leaf(g, "b", 2.0)
    G.add_op(g, "add", [G.add_op(g, "div", [a, b]), G.add_op(g, "exp", [G.add_op(g, "div", [a, b])])])
    assert_identical(evaluate(g, {leaf: value}), evaluate(g, {leaf: value}, reference=True))
    assert_identical(
        evaluate(g, {"a": np.array([1.0, 2.0])}), evaluate(g, {"a": np.array([1.0, 2.0])}, reference=True)
    )


def test_a_plan_of_floats_has_runs_and_a_tensor_graph_falls_back():
    g = net.build_network(random_network_fixed(), view="neuron").graph
    assert plan_of(g).runs is not None
    layer = net.build_network(random_network_fixed(), view="layer").graph
    assert_identical(evaluate(layer), evaluate(layer, reference=True))


def random_network_fixed():
    rng = random.Random(3)
    return {
        "input": [rng.uniform(-1, 1) for _ in range(3)],
        "target": [0.5],
        "loss": "mse",
        "layers": [
            {
                "weights": [[rng.uniform(-1, 1) for _ in range(3)] for _ in range(2)],
                "bias": [0.1, 0.2],
                "activation": "tanh",
            },
            {"weights": [[0.3, -0.4]], "bias": [0.0], "activation": "identity"},
        ],
    }

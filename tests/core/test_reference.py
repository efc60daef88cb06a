"""The fast passes give exactly the reference's numbers: every value, gradient, local, contribution and flag.

``evaluate(g)`` runs :mod:`graphviz_app.core.fast_passes`; ``evaluate(g,
reference=True)`` the short reference passes of :mod:`graphviz_app.core.evaluate`.
They must agree to the last bit (same type, shape, sign of zero, inf and nan) on
random graphs: scalar and tensor expressions with numbers that overflow, divide
by zero or leave a function's domain, and networks in both views, including
weights that are inf or nan.
"""

import itertools
import math
import random

import numpy as np
import pytest

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.builders import network as net
from graphviz_app.builders.examples import EXAMPLES, load_example
from graphviz_app.builders.expression import build
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import backward_pass, evaluate, forward_pass
from graphviz_app.core.ops import REGISTRY

# numbers that make ops leave their domain, overflow, underflow or divide by zero
NASTY = [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, 1e-300, 709.5, -800.0, 1e200, math.inf, -math.inf, math.nan]
VECTOR = (3,)


def bits(value):
    """What "the same number" means here: type, shape and every byte, except inside a nan.

    IEEE 754 leaves the sign and payload of a nan result unspecified, and CPython's
    answer to nan × −nan even changes once the interpreter specialises the
    multiplication, so every nan is compared as one canonical nan. Everything
    else, the sign of a zero included, must match bit for bit.
    """
    if value is None:
        return None
    if type(value) is float:
        return ("float", np.float64(math.nan if math.isnan(value) else value).tobytes())
    assert isinstance(value, np.ndarray), type(value)
    return ("array", value.dtype.str, value.shape, np.where(np.isnan(value), math.nan, value).tobytes())


def assert_identical(fast, ref):
    assert fast.output == ref.output
    assert fast.order == ref.order
    for name in ("values", "grads", "local", "contributions"):
        a, b = getattr(fast, name), getattr(ref, name)
        assert list(a) == list(b), name  # the same keys, in the same order
        for key in a:
            assert bits(a[key]) == bits(b[key]), (name, key, a[key], b[key])
    assert list(fast.flags.items()) == list(ref.flags.items())


def check(g, values=None, output=None):
    fast = evaluate(g, values, output)
    ref = evaluate(g, values, output, reference=True)
    assert_identical(fast, ref)
    again = evaluate(g, values, output)  # a second run reuses the fast path's plan
    assert_identical(again, ref)
    return fast


def ops_that_accept(*shapes):
    """Ops of arity len(shapes) whose forward takes arguments of these shapes."""
    found = []
    args = [np.full(s, 0.5) if s else 0.5 for s in shapes]
    with np.errstate(all="ignore"):
        for name, spec in REGISTRY.items():
            if spec.arity != len(shapes) or not all(map(spec.differentiable, range(len(shapes)))):
                continue  # (a class index is no random number: the networks below test those ops)
            try:
                out = spec.forward(*args)
            except Exception:
                continue
            if np.all(np.isfinite(out)):
                found.append((name, np.shape(out)))
    return found


def random_graph(rng, tensors):
    """Leaves (inputs, parameters, targets, constants) and 25 random op nodes over them."""
    g = G.new_graph()
    nodes = []  # (id, shape)
    for i in range(rng.randint(1, 4)):
        shape = VECTOR if tensors and rng.random() < 0.5 else ()
        value = np.array([rng.choice(NASTY) for _ in range(3)]) if shape else rng.choice(NASTY)
        kind = rng.choice([G.INPUT, G.INPUT, G.PARAM, G.TARGET])
        nodes.append((G.add_leaf(g, f"x{i}", value, kind), shape))
    for _ in range(rng.randint(0, 2)):
        nodes.append((G.add_constant(g, rng.choice(NASTY)), ()))
    for _ in range(25):
        a, sa = rng.choice(nodes)
        if rng.random() < 0.4:
            choices = ops_that_accept(sa)
            args = [a]
        else:
            b, sb = rng.choice(nodes)
            choices = ops_that_accept(sa, sb)
            args = [a, b]
        if not choices:
            continue
        op, shape = rng.choice(choices)
        nodes.append((G.add_op(g, op, args), shape))
    return g, [n for n, _ in nodes]


@pytest.mark.parametrize("seed", range(40))
def test_random_scalar_expressions(seed):
    rng = random.Random(seed)
    g, nodes = random_graph(rng, tensors=False)
    check(g)
    check(g, output=rng.choice(nodes))  # another output: only what it depends on sends anything back
    leaf = next(n for n in nodes if not n.startswith("const#"))
    check(g, {leaf: rng.choice(NASTY)})


@pytest.mark.parametrize("seed", range(25))
def test_random_tensor_expressions(seed):
    rng = random.Random(1000 + seed)
    g, nodes = random_graph(rng, tensors=True)
    check(g)
    check(g, output=rng.choice(nodes))


def test_random_expressions_actually_meet_non_finite_numbers():
    """The random graphs above do reach inf and nan, in values and in gradients (else they prove little)."""
    flags = []
    for seed in range(40):
        g, _ = random_graph(random.Random(seed), tensors=False)
        flags.extend(s for f in evaluate(g).flags.values() for s in f)
    assert any("is given as" in f for f in flags)
    assert any("not finite because its input" in f for f in flags)
    assert any("gradient is not finite" in f for f in flags)
    assert any(":" in f for f in flags)  # an op's own fault: log of 0, division by zero ...


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_example(name):
    example = load_example(name)
    if example.kind == "network":
        for view in ("neuron", "layer"):
            check(net.build_network(example.payload, view=view).graph)
    else:
        payload = example.payload
        check(build(payload["source"], payload.get("at"), dependent=payload.get("dependent")).graph)


NETWORKS = [
    # sizes, activations, loss, batch
    ((2, 3, 1), ("relu", "sigmoid"), "bce", 1),
    ((3, 4, 2), ("tanh", "identity"), "mse", 1),
    ((2, 3, 3), ("softplus", "softmax"), "cross_entropy", 2),
    ((3, 2, 2), ("sigmoid", "identity"), "half_mse", 3),
    ((2, 2, 2, 1), ("relu", "tanh", "identity"), "mse", 2),
]


def network(sizes, activations, loss, batch, rng, big=None):
    layers = []
    for (n_in, n_out), act in zip(itertools.pairwise(sizes), activations):
        weights = [[rng.uniform(-1.5, 1.5) for _ in range(n_in)] for _ in range(n_out)]
        layers.append(
            {"weights": weights, "bias": [rng.uniform(-0.5, 0.5) for _ in range(n_out)], "activation": act}
        )
    if big is not None:
        layers[0]["weights"][0][0] = big
    x = [[rng.uniform(-2, 2) for _ in range(sizes[0])] for _ in range(batch)]
    if loss == "cross_entropy":
        t = [rng.randrange(sizes[-1]) for _ in range(batch)]
    elif loss == "bce":
        t = [[float(rng.randrange(2)) for _ in range(sizes[-1])] for _ in range(batch)]
    else:
        t = [[rng.uniform(-1, 1) for _ in range(sizes[-1])] for _ in range(batch)]
    if batch == 1:
        x, t = x[0], t[0]
    return {"input": x, "target": t, "layers": layers, "loss": loss}


@pytest.mark.parametrize("view", ["neuron", "layer"])
@pytest.mark.parametrize("poison", [None, 1e300, math.inf, math.nan])
@pytest.mark.parametrize("case", range(len(NETWORKS)))
def test_random_networks_in_both_views(case, poison, view):
    """Networks as built, one with a weight so big the products overflow, one given an inf or nan weight."""
    rng = random.Random(case)
    g = net.build_network(network(*NETWORKS[case], rng, 1e300 if poison == 1e300 else None), view=view).graph
    given = None
    if poison is not None and poison != 1e300:
        first = G.leaves(g, [G.PARAM])[0]  # W1[0,0] in the neuron view, W1 in the layer view
        value = np.array(g.nodes[first][G.VALUE], dtype=float)
        value.flat[0] = poison
        given = {first: value if value.ndim else float(value)}
    ev = check(g, given)
    if poison is None or given:
        assert bool(ev.flags) == bool(given)


def test_the_reference_passes_on_their_own():
    """The reference reads as the derivation: f = x·x + sin(x), df/dx = 2x + cos(x), one ``+=`` per edge."""
    g = G.new_graph()
    x = G.add_leaf(g, "x", 0.5)
    sq = G.add_op(g, "mul", [x, x])
    s = G.add_op(g, "sin", [x])
    f = G.add_op(g, "add", [sq, s])
    order, values, flags = forward_pass(g, {})
    assert order[0] == x and order[-1] == f and not flags
    grads, local, contributions = backward_pass(g, values, f)
    assert local[x, sq] == 1.0  # ∂(x·x)/∂x on this edge: both positions, 0.5 + 0.5
    assert contributions[x, s] == math.cos(0.5)
    assert grads[x] == contributions[x, sq] + contributions[x, s] == 1.0 + math.cos(0.5)

"""Neuron view, layer view and a hand-written NumPy backprop agree on random networks."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphviz_app.builders import network as N
from graphviz_app.core import functions as F
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate
from graphviz_app.core.ops import get_op

HIDDEN = ["identity", "sigmoid", "tanh", "relu", "softplus"]
TOLERANCE = {"rtol": 1e-9, "atol": 1e-10}


def random_spec(seed, loss, batch):
    """A random network: 1-3 inputs, 1-2 hidden layers of 1-3 neurons, 1-3 outputs."""
    rng = np.random.default_rng(seed)
    sizes = [int(rng.integers(1, 4)) for _ in range(int(rng.integers(2, 4)))] + [int(rng.integers(1, 4))]
    last = {
        "bce": "sigmoid",
        "cross_entropy": rng.choice(["identity", "softmax", "tanh"]),
        "mse": rng.choice([*HIDDEN, "softmax"]),
        "half_mse": rng.choice([*HIDDEN, "softmax"]),
    }[loss]
    layers = [
        {
            "weights": rng.normal(size=(n_out, n_in)).tolist(),
            "bias": rng.normal(size=n_out).tolist(),
            "activation": str(rng.choice(HIDDEN)) if k < len(sizes) - 2 else str(last),
        }
        for k, (n_in, n_out) in enumerate(itertools.pairwise(sizes))
    ]
    n = int(rng.integers(1, 4))
    shape = (n, sizes[0]) if batch else (sizes[0],)
    if loss == "cross_entropy":
        target = rng.integers(0, sizes[-1], size=n if batch else None).tolist()
    else:
        tshape = (n, sizes[-1]) if batch else (sizes[-1],)
        target = (rng.uniform(0, 1, tshape) if loss == "bce" else rng.normal(size=tshape)).tolist()
    return {"input": rng.normal(size=shape).tolist(), "target": target, "layers": layers, "loss": loss}


# --- an independent backprop, written with plain matrix formulas -------------------------


def act(name, z):
    if name == "softmax":
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    return {
        "identity": z,
        "sigmoid": 1 / (1 + np.exp(-z)),
        "tanh": np.tanh(z),
        "relu": np.maximum(z, 0),
        "softplus": np.log1p(np.exp(z)),
    }[name]


def act_backward(name, z, a, da):
    if name == "softmax":  # dz = a ⊙ (da − Σ da⊙a)
        return a * (da - (da * a).sum(axis=1, keepdims=True))
    slope = {
        "identity": np.ones_like(z),
        "sigmoid": a * (1 - a),
        "tanh": 1 - a * a,
        "relu": (z > 0).astype(float),
        "softplus": 1 / (1 + np.exp(-z)),
    }[name]
    return da * slope


def numpy_backprop(spec):
    """Loss, [dW_k], [db_k], dX by the textbook matrix formulas (samples are rows)."""
    x = np.atleast_2d(np.array(spec["input"], dtype=float))
    n = x.shape[0]
    ws = [np.array(layer["weights"], dtype=float) for layer in spec["layers"]]
    bs = [np.array(layer["bias"], dtype=float) for layer in spec["layers"]]
    acts, zs, a = [x], [], x
    for w, b, layer in zip(ws, bs, spec["layers"]):
        z = a @ w.T + b
        a = act(layer["activation"], z)
        zs.append(z)
        acts.append(a)
    loss = spec["loss"]
    if loss == "cross_entropy":
        k = np.atleast_1d(np.array(spec["target"]))
        onehot = np.eye(a.shape[1])[k]
        if spec["layers"][-1]["activation"] == "softmax":  # a are probabilities
            value = -np.log(a[np.arange(n), k]).mean()
            da = -onehot / a / n
        else:  # a are logits
            p = act("softmax", a)
            value = -np.log(p[np.arange(n), k]).mean()
            da = (p - onehot) / n
    else:
        y = np.array(spec["target"], dtype=float).reshape(a.shape)
        if loss == "mse":
            value, da = ((a - y) ** 2).mean(), 2 * (a - y) / a.size
        elif loss == "half_mse":
            value, da = 0.5 * ((a - y) ** 2).sum() / n, (a - y) / n
        else:
            value = -(y * np.log(a) + (1 - y) * np.log(1 - a)).mean()
            da = (a - y) / (a * (1 - a)) / a.size
    dws, dbs = [], []
    for k in reversed(range(len(ws))):
        dz = act_backward(spec["layers"][k]["activation"], zs[k], acts[k + 1], da)
        dws.insert(0, dz.T @ acts[k])
        dbs.insert(0, dz.sum(axis=0))
        da = dz @ ws[k]
    return value, dws, dbs, da


def neuron_array(ev, base, shape, batch=False):
    """Collect scalar neuron-view values such as W1[i,j] into an array."""
    out = np.empty(shape)
    for index in np.ndindex(*shape):
        out[index] = ev[f"{base}[{','.join(map(str, index))}]"]
    return out


def check_agreement(spec):
    neuron, layer, mapping = N.build_both(spec)
    en, el = evaluate(neuron.graph), evaluate(layer.graph)
    value, dws, dbs, dx = numpy_backprop(spec)
    batch = neuron.spec.batch
    assert en.output_value == pytest.approx(value, rel=1e-10, abs=1e-12)
    assert el.output_value == pytest.approx(value, rel=1e-10, abs=1e-12)
    for k, (dw, db) in enumerate(zip(dws, dbs), start=1):
        np.testing.assert_allclose(neuron_array(en.grads, f"W{k}", dw.shape), dw, **TOLERANCE)
        np.testing.assert_allclose(neuron_array(en.grads, f"b{k}", db.shape), db, **TOLERANCE)
        np.testing.assert_allclose(el.grads[f"W{k}"], dw, **TOLERANCE)
        np.testing.assert_allclose(el.grads[f"b{k}"], db, **TOLERANCE)
        # and neuron against layer directly, element by element
        for i, j in np.ndindex(*dw.shape):
            assert abs(en.grads[f"W{k}[{i},{j}]"] - el.grads[f"W{k}"][i, j]) <= 1e-10
    x_shape = np.shape(spec["input"])
    x_grads = neuron_array(en.grads, "x", x_shape)
    np.testing.assert_allclose(x_grads, dx.reshape(x_shape), **TOLERANCE)
    np.testing.assert_allclose(el.grads["X" if batch else "x"], dx.reshape(x_shape), **TOLERANCE)
    # every last-layer prediction agrees too
    preds = np.array([en.values[p] for p in neuron.prediction_nodes])
    np.testing.assert_allclose(preds, np.ravel(el.values[layer.prediction_nodes[0]]), **TOLERANCE)
    return neuron, layer, mapping


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    loss=st.sampled_from(["mse", "half_mse", "bce", "cross_entropy"]),
    batch=st.booleans(),
)
def test_views_and_numpy_backprop_agree_on_random_networks(seed, loss, batch):
    neuron, layer, mapping = check_agreement(random_spec(seed, loss, batch))
    assert len(neuron.graph) == N.neuron_node_count(neuron.spec)
    # the mapping covers every neuron node exactly once, and names only real nodes
    listed = [node for nodes in mapping.values() for node in nodes]
    assert sorted(listed) == sorted(neuron.graph.nodes)
    assert set(mapping) == set(layer.graph.nodes)


@pytest.mark.parametrize("loss", ["mse", "half_mse", "bce", "cross_entropy"])
@pytest.mark.parametrize("batch", [False, True])
def test_seeded_loop_covers_every_loss_and_shape(loss, batch):
    for seed in range(8):
        check_agreement(random_spec(seed, loss, batch))


def test_mapping_groups_for_the_221_network(net_221):
    neuron, layer, mapping = N.build_both(net_221)
    g = neuron.graph
    assert mapping["W1"] == ["W1[0,0]", "W1[0,1]", "W1[1,0]", "W1[1,1]"]
    assert mapping["b2"] == ["b2[0]"] and mapping["x"] == ["x[0]", "x[1]"] and mapping["y"] == ["y[0]"]
    assert mapping["z1"] == ["z1[0]", "z1[1]"] and mapping["a2"] == ["a2[0]"] and mapping["L"] == ["L"]
    (matmul1,) = [
        n
        for n in layer.graph
        if layer.graph.nodes[n][G.OP] == "matmul" and "W1" in layer.graph.predecessors(n)
    ]
    ops = sorted(g.nodes[n][G.OP] for n in mapping[matmul1])
    assert ops == ["add", "add", "mul", "mul", "mul", "mul"]  # 4 products, 1 partial sum per neuron


def test_batch_transpose_nodes_map_to_no_neurons():
    spec = {
        "input": [[1.0, 2.0], [0.5, -1.0]],
        "target": [[0.0], [1.0]],
        "loss": "mse",
        "layers": [{"weights": [[0.1, 0.2]], "activation": "identity"}],
    }
    _, layer, mapping = N.build_both(spec)
    transposes = [n for n in layer.graph if layer.graph.nodes[n][G.OP] == "transpose"]
    assert len(transposes) == 1 and mapping[transposes[0]] == []
    assert mapping["X"] == ["x[0,0]", "x[0,1]", "x[1,0]", "x[1,1]"]
    assert mapping["L"][-1] == "L" and len(mapping["L"]) == 2 + 1 + 2  # 2 terms, 1 add, constant, divide


@pytest.mark.parametrize(
    "name, args",
    [
        ("transpose", [np.arange(6.0).reshape(2, 3) / 7]),
        ("transpose", [np.array([0.3, -0.2])]),
        ("nll", [np.array([0.2, 0.5, 0.3]), np.array(1.0)]),
        ("nll", [np.array([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]]), np.array([2.0, 0.0])]),
    ],
)
def test_added_ops_match_finite_differences(name, args):
    spec = get_op(name)
    rng = np.random.default_rng(7)
    y = spec.forward(*args)
    g = rng.normal(size=np.shape(y))
    vjp = np.asarray(spec.vjp(0)(F, g, y, *args))
    v = rng.normal(size=np.shape(args[0])) * 0.01
    h = 1e-6
    plus, minus = spec.forward(args[0] + h * v, *args[1:]), spec.forward(args[0] - h * v, *args[1:])
    numeric = np.sum(g * (plus - minus))
    assert np.sum(vjp * v) == pytest.approx(numeric / (2 * h), rel=1e-6)
    if name == "nll":
        p, k = args
        rows = np.atleast_2d(p)
        assert y == pytest.approx(-np.mean(np.log(rows[np.arange(len(rows)), np.atleast_1d(k).astype(int)])))
        assert spec.vjps[1] is None


def test_attention_opens_in_the_layer_view_and_shows_its_neurons_on_request():
    from graphviz_app.builders.examples import load_example

    spec = load_example("attention").payload
    assert N.neuron_node_count(spec) <= N.DEFAULT_NEURON_VIEW_MAX
    view, reason = N.choose_view(spec)
    assert view == "layer" and "attention mixes every token" in reason
    assert N.choose_view(spec, "neuron")[0] == "neuron"
    assert N.choose_view(load_example("layernorm").payload)[0] == "neuron"

"""Network builder: the worked examples' numbers, names, kinds, hints, views, saving back."""

import json

import numpy as np
import pytest

from graphviz_app.builders import network as N
from graphviz_app.builders.network_spec import parse_spec
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate, local_jacobian
from graphviz_app.errors import SpecError
from tests.specs import net_221

NET_221 = net_221()
NET_111 = {
    "input": [2],
    "target": [1],
    "loss": "half_mse",
    "layers": [
        {"weights": [[0.5]], "bias": [0.1], "activation": "sigmoid"},
        {"weights": [[0.8]], "bias": [0.2], "activation": "sigmoid"},
    ],
}


def only_successor(g, node, op):
    (hit,) = [c for c in g.successors(node) if g.nodes[c][G.OP] == op]
    return hit


def test_221_neuron_view_numbers_and_the_four_factors():
    built = N.build_network(NET_221, view="neuron")
    ev = evaluate(built.graph)
    assert built.loss_node == "L" and ev.output == "L"
    assert built.prediction_nodes == ["a2[0]"]
    assert ev.values["z1[0]"] == pytest.approx(0.33) and ev.values["z1[1]"] == pytest.approx(0.13)
    assert ev.values["z2[0]"] == pytest.approx(0.146)
    assert ev.values["a2[0]"] == pytest.approx(0.536, abs=5e-4)
    assert ev.output_value == pytest.approx(-np.log(1 - ev.values["a2[0]"]))
    assert ev.grads["z2[0]"] == pytest.approx(0.536, abs=5e-4)
    assert ev.grads["z2[0]"] == pytest.approx(ev.values["a2[0]"] - 0.0, rel=1e-12)  # ŷ − y
    assert ev.grads["W1[0,0]"] == pytest.approx(0.161, abs=5e-4)
    # The four factors on the way back from L to W1[0,0]:
    g = built.graph
    p2 = only_successor(g, "a1[0]", "mul")  # W2[0,0] · a1[0]
    p1 = only_successor(g, "W1[0,0]", "mul")  # W1[0,0] · x[0]
    factors = [
        ev.grads["z2[0]"],
        ev.local[("a1[0]", p2)],
        ev.local[("z1[0]", "a1[0]")],
        ev.local[("W1[0,0]", p1)],
    ]
    assert factors == pytest.approx([0.5364, 0.6, 1.0, 0.5], abs=5e-5)
    assert np.prod(factors) == pytest.approx(ev.grads["W1[0,0]"], rel=1e-12)
    # a ReLU neuron that is off would pass nothing back; here both are on
    assert ev.grads["W2[0,1]"] == pytest.approx(0.536 * 0.13, abs=5e-4)


def test_221_layer_view_numbers():
    built = N.build_network(NET_221, view="layer")
    ev = evaluate(built.graph)
    assert built.prediction_nodes == ["a2"] and built.loss_node == "L"
    assert ev.values["a2"] == pytest.approx([0.536], abs=5e-4)
    assert ev.grads["z2"] == pytest.approx([0.536], abs=5e-4)
    assert ev.grads["W1"][0, 0] == pytest.approx(0.161, abs=5e-4)
    assert ev.values["x"].shape == (2,) and ev.values["W1"].shape == (2, 2)
    # the edge W1 -> matmul carries a 2×(2×2) Jacobian: ∂(W·a)_i/∂W_jk = δ_ij a_k
    matmul = only_successor(built.graph, "W1", "matmul")
    jac = local_jacobian(ev, ("W1", matmul))
    assert jac.shape == (2, 2, 2)
    assert jac[0, 0].tolist() == [0.5, 0.1] and jac[0, 1].tolist() == [0.0, 0.0]
    assert local_jacobian(ev, ("z1", "a1")).tolist() == [[1.0, 0.0], [0.0, 1.0]]


@pytest.mark.parametrize("view", ["neuron", "layer"])
def test_111_half_squared_error_numbers(view):
    ev = evaluate(N.build_network(NET_111, view=view).graph)
    w1 = "W1[0,0]" if view == "neuron" else "W1"
    w2 = "W2[0,0]" if view == "neuron" else "W2"
    assert ev.output_value == pytest.approx(0.0480, abs=5e-5)
    assert float(np.squeeze(ev.grads[w2])) == pytest.approx(-0.0497, abs=5e-5)
    assert float(np.squeeze(ev.grads[w1])) == pytest.approx(-0.0199, abs=5e-5)


def test_neuron_view_names_and_kinds():
    g = N.build_network(NET_221, view="neuron").graph
    kinds = {n: d[G.KIND] for n, d in g.nodes(data=True)}
    assert [n for n, k in kinds.items() if k == G.INPUT] == ["x[0]", "x[1]"]
    assert [n for n, k in kinds.items() if k == G.TARGET] == ["y[0]"]
    assert sorted(n for n, k in kinds.items() if k == G.PARAM) == sorted(
        ["W1[0,0]", "W1[0,1]", "W1[1,0]", "W1[1,1]", "b1[0]", "b1[1]", "W2[0,0]", "W2[0,1]", "b2[0]"]
    )
    assert g.nodes["z1[1]"][G.OP] == "add" and g.nodes["a1[1]"][G.OP] == "relu"
    assert g.nodes["a2[0]"][G.OP] == "sigmoid" and g.nodes["L"][G.OP] == "bce"
    assert G.parents(g, "z1[0]")[1] == "b1[0]"  # the bias is added last
    assert len(g) == N.neuron_node_count(NET_221) == 28


def test_batch_names_shared_weights_and_averaged_loss():
    spec = {
        "input": [[0.5, 0.1], [1.0, -1.0], [0.0, 2.0]],
        "target": [0, 1, 1],
        "loss": "bce",
        "layers": NET_221["layers"],
    }
    built = N.build_network(spec, view="neuron")
    g = built.graph
    assert {"x[2,1]", "z1[1,0]", "a1[2,1]", "y[1,0]", "a2[0,0]"} <= set(g)
    assert built.prediction_nodes == ["a2[0,0]", "a2[1,0]", "a2[2,0]"]
    assert g.out_degree("W1[0,0]") == 3  # one product per sample, one shared weight
    ev = evaluate(g)
    per_sample = [
        evaluate(N.build_network({**NET_221, "input": row, "target": [t]}, "neuron").graph)
        for row, t in zip(spec["input"], spec["target"])
    ]
    assert ev.output_value == pytest.approx(np.mean([e.output_value for e in per_sample]), rel=1e-12)
    assert ev.grads["W1[1,0]"] == pytest.approx(np.mean([e.grads["W1[1,0]"] for e in per_sample]), rel=1e-12)
    layer = N.build_network(spec, view="layer")
    lev = evaluate(layer.graph)
    assert lev.values["X"].shape == (3, 2) and lev.values["Y"].shape == (3, 1)
    assert lev.values["z1"].shape == (3, 2)  # z = X @ W1ᵀ + b1, one row per sample
    assert lev.output_value == pytest.approx(ev.output_value, rel=1e-12)


def test_layout_hints_rank_the_network_left_to_right():
    softmax = {
        "input": [[0.2, 0.1, 0.4], [0.3, -0.2, 0.0]],
        "target": [0, 2],
        "loss": "cross_entropy",
        "layers": [{"size": 2, "activation": "tanh"}, {"size": 3, "activation": "softmax"}],
    }
    for spec in (NET_221, {**NET_111, "input": [[2], [1]], "target": [1, 0]}, softmax):
        for view in N.VIEWS:
            g = N.build_network(spec, view=view).graph
            for n, d in g.nodes(data=True):
                assert isinstance(d[G.LAYER], int) and isinstance(d[G.INDEX], int), n
            for parent, child in g.edges:
                assert g.nodes[parent][G.LAYER] <= g.nodes[child][G.LAYER], (parent, child)
                if g.nodes[parent][G.LAYER] == g.nodes[child][G.LAYER]:  # only along a chain of sums
                    assert g.nodes[parent][G.OP] == g.nodes[child][G.OP] == "add", (parent, child)
            x = "x[0]" if view == "neuron" and "x[0]" in g else next(iter(G.leaves(g, [G.INPUT])))
            assert g.nodes[x][G.LAYER] == 0
            z1, z2 = (
                ("z1[0]", "z2[0]")
                if "z1[0]" in g
                else ("z1[0,0]", "z2[0,0]")
                if view == "neuron"
                else ("z1", "z2")
            )
            assert 0 < g.nodes[z1][G.LAYER] < g.nodes[z2][G.LAYER] < g.nodes["L"][G.LAYER]
    g = N.build_network(NET_221, view="neuron").graph
    assert [g.nodes[f"a1[{i}]"][G.INDEX] for i in range(2)] == [0, 1]


def test_targets_may_be_bare_numbers_for_one_output():
    a = parse_spec({**NET_111, "target": 1})
    b = parse_spec({**NET_111, "input": [[2], [3]], "target": [1, 0]})
    assert a.targets.tolist() == [1.0] and b.targets.tolist() == [[1.0], [0.0]]
    assert parse_spec({**NET_111, "input": 2}).inputs.tolist() == [2.0]


def test_cross_entropy_targets_are_class_indices_without_gradient():
    spec = {
        "input": [0.2, -0.4],
        "target": 2,
        "loss": "cross_entropy",
        "layers": [{"weights": [[1, 0], [0, 1], [1, 1]], "activation": "identity"}],
    }
    assert parse_spec(spec).targets.tolist() == 2 == parse_spec({**spec, "target": [2]}).targets.tolist()
    neuron = N.build_network(spec, "neuron").graph
    ev = evaluate(neuron)
    assert [neuron.nodes[f"y[{j}]"][G.KIND] for j in range(3)] == [G.CONST] * 3
    assert [neuron.nodes[f"y[{j}]"][G.VALUE] for j in range(3)] == [0.0, 0.0, 1.0]
    assert all(ev.grads[f"y[{j}]"] is None for j in range(3))
    z = np.array([0.2, -0.4, -0.2])
    assert ev.output_value == pytest.approx(np.log(np.exp(z).sum()) - z[2], rel=1e-12)
    layer = N.build_network(spec, "layer").graph
    assert layer.nodes["y"][G.KIND] == G.CONST and layer.nodes["L"][G.OP] == "cross_entropy"
    lev = evaluate(layer)
    assert lev.grads["y"] is None
    assert lev.output_value == pytest.approx(ev.output_value, rel=1e-12)


def test_softmax_with_cross_entropy_is_minus_log_p_in_both_views():
    spec = {
        "input": [0.2, -0.4],
        "target": 0,
        "loss": "cross_entropy",
        "layers": [{"weights": [[1, 0], [0, 1], [1, 1]], "bias": [0, 0, 0.5], "activation": "softmax"}],
    }
    z = np.array([0.2, -0.4, 0.3])
    p = np.exp(z) / np.exp(z).sum()
    neuron = evaluate(N.build_network(spec, "neuron").graph)
    layer = evaluate(N.build_network(spec, "layer").graph)
    assert neuron.output_value == pytest.approx(-np.log(p[0]), rel=1e-12)
    assert layer.output_value == pytest.approx(-np.log(p[0]), rel=1e-12)
    assert layer.graph.nodes["L"][G.OP] == "nll"
    # only the probability of the true class matters: ∂L/∂p = (−1/p[0], 0, 0) in both views
    assert [neuron.grads[f"a1[{j}]"] for j in range(3)] == pytest.approx([-1 / p[0], 0, 0], rel=1e-12)
    assert layer.grads["a1"] == pytest.approx([-1 / p[0], 0, 0], rel=1e-12)
    # and through the softmax ∂L/∂z = p − onehot, the familiar result
    assert layer.grads["z1"] == pytest.approx(p - [1, 0, 0], rel=1e-12)
    assert [neuron.grads[f"z1[{j}]"] for j in range(3)] == pytest.approx(p - [1, 0, 0], rel=1e-12)


def test_choose_view_default_request_and_limit():
    assert N.choose_view(NET_221) == ("neuron", N.choose_view(NET_221, "auto")[1])
    assert "28 nodes" in N.choose_view(NET_221)[1]
    assert N.choose_view(NET_221, "layer")[0] == "layer"
    medium = {
        "input": [0.0] * 8,
        "target": [0.0] * 4,
        "loss": "mse",
        "layers": [{"size": 16, "activation": "tanh"}, {"size": 4, "activation": "identity"}],
    }
    count = N.neuron_node_count(medium)
    assert N.DEFAULT_NEURON_VIEW_MAX < count <= N.NEURON_VIEW_NODE_LIMIT
    view, reason = N.choose_view(medium)
    assert view == "layer" and f"{count:,} nodes" in reason and "--view neuron" in reason
    assert N.choose_view(medium, "neuron")[0] == "neuron"
    assert len(N.build_network(medium, view="neuron").graph) == count
    with pytest.raises(SpecError, match="expected 'neuron', 'layer' or 'auto'"):
        N.choose_view(NET_221, "neurons")


def test_neuron_view_over_the_limit_is_refused_before_building():
    big = {
        "input": [0.0] * 60,
        "target": [0.0],
        "loss": "mse",
        "layers": [{"size": 100, "activation": "relu"}, {"size": 1, "activation": "identity"}],
    }
    count = N.neuron_node_count(big)
    assert count > N.NEURON_VIEW_NODE_LIMIT
    with pytest.raises(SpecError, match=r"--view layer") as info:
        N.build_network(big, view="neuron")
    assert f"{count:,} nodes" in str(info.value) and "limit of 12,000" in str(info.value)
    assert "collapsing" in str(info.value)
    with pytest.raises(SpecError, match=r"--view layer"):
        N.choose_view(big, "neuron")
    assert N.choose_view(big)[0] == "layer" and "limited to 12,000" in N.choose_view(big)[1]
    assert N.build_network(big, view=None).view == "layer"
    neuron, layer, mapping = N.build_both(big)
    assert neuron is None and mapping == {} and layer.view == "layer"


def test_seeded_weights_are_reproducible_and_recorded():
    spec = {
        "input": [0.5, 1.5],
        "target": 1,
        "loss": "mse",
        "init": {"seed": 0, "scheme": "xavier"},
        "layers": [{"size": 2, "activation": "sigmoid"}, {"size": 1, "activation": "sigmoid"}],
    }
    first, second = parse_spec(spec), parse_spec(json.loads(json.dumps(spec)))
    for a, b in zip(first.layers, second.layers):
        assert np.array_equal(a.weights, b.weights) and not a.bias.any()
    # numpy.random.default_rng(0) (PCG64); Glorot uniform limit √(6/(in+out))
    np.testing.assert_allclose(
        first.layers[0].weights,
        [[0.3354862482481791, -0.5639050832878074], [-1.124380644784199, -1.1842605976919982]],
        rtol=0,
        atol=1e-15,
    )
    np.testing.assert_allclose(
        first.layers[1].weights, [[0.886062041929778, 1.1674490706625804]], rtol=0, atol=1e-15
    )
    he = parse_spec({**spec, "init": {"seed": 0, "scheme": "he"}})
    normal = parse_spec({**spec, "init": {"seed": 0, "scheme": "normal"}})
    assert he.layers[0].weights[0].tolist() == pytest.approx([0.1257302210933933, -0.1321048632913019])
    assert normal.layers[1].weights[0].tolist() == pytest.approx([-0.0535669373161111, 0.03615950549094848])
    assert not np.array_equal(
        parse_spec({**spec, "init": {"seed": 1}}).layers[0].weights, first.layers[0].weights
    )
    assert np.array_equal(
        parse_spec({k: v for k, v in spec.items() if k != "init"}).layers[0].weights, first.layers[0].weights
    )  # default: seed 0, xavier


def test_to_dict_round_trips_and_explicit_weights_need_no_init():
    spec = parse_spec({**NET_221, "title": "t", "description": ["one", "two"]})
    again = parse_spec(json.loads(json.dumps(spec.to_dict())))
    assert again.title == "t" and again.description == "one\ntwo"
    for a, b in zip(spec.layers, again.layers):
        assert np.array_equal(a.weights, b.weights) and np.array_equal(a.bias, b.bias)
    assert N.parse_spec(spec) is spec


def test_spec_with_params_writes_trained_values_back():
    out = N.spec_with_params(NET_221, {"W1[0,1]": 7.0, "b2": [0.25], "W2": [[1.0, 2.0]], "x[1]": 0.3})
    assert out["layers"][0]["weights"] == [[0.5, 7.0], [0.3, 0.8]]
    assert out["layers"][1] == {"weights": [[1.0, 2.0]], "bias": [0.25], "activation": "sigmoid"}
    assert out["input"] == [0.5, 0.3] and out["target"] == [0.0]
    assert NET_221["layers"][0]["weights"] == [[0.5, -0.2], [0.3, 0.8]]  # input untouched
    ev = evaluate(N.build_network(out, "neuron").graph)
    assert ev.values["W1[0,1]"] == 7.0
    batch = {**NET_221, "input": [[0.5, 0.1], [0.2, 0.2]], "target": [0, 1]}
    assert N.spec_with_params(batch, {"x[1,0]": 9.0, "y[0,0]": 1.0})["input"] == [[0.5, 0.1], [9.0, 0.2]]
    ce = {
        "input": [1.0],
        "target": 0,
        "loss": "cross_entropy",
        "layers": [{"weights": [[1.0], [2.0]], "activation": "identity"}],
    }
    assert N.spec_with_params(ce, {"y": 1})["target"] == 1
    for bad, message in [
        ({"W3": 1.0}, "not a weight"),
        ({"W1[5,0]": 1.0}, "not a weight"),
        ({"b1": [1.0]}, r"expected shape \(2,\)"),
        ({"frob": 1}, "not a weight"),
        ({"y[0]": 2.0}, "probability in"),
        ({"X": [[1, 2]]}, "not a weight"),
    ]:
        with pytest.raises(SpecError, match=message):
            N.spec_with_params(NET_221, bad)
    with pytest.raises(SpecError, match="class indices"):
        N.spec_with_params(ce, {"y": 0.5})


def test_looks_like_network():
    assert N.looks_like_network(NET_221) and N.looks_like_network({"kind": "network"})
    assert not N.looks_like_network({"kind": "expression", "source": "x"})
    assert not N.looks_like_network([1, 2]) and not N.looks_like_network("layers")

"""The built-in examples: files, format, and the numbers their descriptions promise."""

from importlib.resources import files

import numpy as np
import pytest

from graphviz_app.builders import examples as X
from graphviz_app.builders import expression
from graphviz_app.builders import network as N
from graphviz_app.core.evaluate import evaluate
from graphviz_app.errors import SourceError
from graphviz_app.files import load_spec_file


def test_every_file_is_listed_and_every_listed_example_has_a_file():
    folder = files("graphviz_app.resources") / "examples"
    names = sorted(p.name[: -len(".json")] for p in folder.iterdir() if p.name.endswith(".json"))
    assert names == sorted(X.ORDER)
    assert list(X.EXAMPLES) == list(X.ORDER) == X.example_names()
    assert X.ORDER[:5] == ("sin-square", "cube", "neuron", "multipath", "circle")


@pytest.mark.parametrize("name", X.ORDER)
def test_example_format(name):
    ex = X.load_example(name)
    assert ex.name == name and ex.kind in X.KINDS
    assert ex.title and "\n" not in ex.title
    lines = ex.description.split("\n")
    assert len(lines) == 2 and all(line.strip() for line in lines)
    if ex.kind == "expression":
        assert set(ex.payload) <= {"source", "at", "dependent"} and isinstance(ex.payload["source"], str)
        parsed = expression.build(
            ex.payload["source"], ex.payload["at"], dependent=ex.payload.get("dependent")
        )
        assert sorted(parsed.inputs) == sorted(ex.payload["at"])
    else:
        assert not {"kind", "title", "description"} & set(ex.payload)
        spec = N.parse_spec(ex.payload)
        assert (
            N.neuron_node_count(spec) <= N.DEFAULT_NEURON_VIEW_MAX
        )  # every example is small enough to see whole
        has_attention = any(layer.kind == "attention" for layer in spec.layers)
        assert N.choose_view(spec)[0] == ("layer" if has_attention else "neuron")


@pytest.mark.parametrize("name", [n for n in X.ORDER if X.EXAMPLES[n].kind == "network"])
def test_network_example_files_are_specs_themselves(name):
    path = files("graphviz_app.resources") / "examples" / f"{name}.json"
    obj = load_spec_file(str(path))
    assert N.looks_like_network(obj)
    spec = N.parse_spec(obj)
    assert spec.title == X.EXAMPLES[name].title and spec.description == X.EXAMPLES[name].description


def evaluate_expression(name):
    ex = X.load_example(name)
    parsed = expression.build(ex.payload["source"], ex.payload["at"], dependent=ex.payload.get("dependent"))
    return ex, parsed, evaluate(parsed.graph)


@pytest.mark.parametrize(
    "name, value, grads",
    [
        ("sin-square", 0.7781, {"x": -1.8845}),
        ("cube", 8.0, {"x": 24.0}),
        ("neuron", 0.5987, {"w": 0.1201, "x": 0.1442, "b": 0.2403}),
        ("multipath", 1.1909, {"t": -0.3012}),
    ],
)
def test_expression_example_numbers(name, value, grads):
    ex, _, ev = evaluate_expression(name)
    assert ev.output_value == pytest.approx(value, abs=5e-5)
    for leaf, grad in grads.items():
        assert ev.grads[leaf] == pytest.approx(grad, abs=5e-5)
    # the description quotes the same numbers
    shown = f"{value:.4f}".rstrip("0").rstrip(".").replace("-", "−")
    assert shown in ex.description


def test_description_numbers_of_the_expression_examples():
    assert "−1.8845" in X.EXAMPLES["sin-square"].description
    assert "= 24" in X.EXAMPLES["cube"].description
    assert "dy/dw = σ′(z) · x = 0.2403 · 0.5 = 0.120" in X.EXAMPLES["neuron"].description
    assert "−0.3012" in X.EXAMPLES["multipath"].description


def test_circle_implicit_slope():
    ex, parsed, ev = evaluate_expression("circle")
    slope = expression.implicit_slope(parsed, ev)
    assert slope["dependent"] == "y" and slope["dydx"] == pytest.approx(-0.75)
    assert "−0.75" in ex.description


def test_multipath_has_several_paths_from_t_to_z():
    import networkx as nx

    _, parsed, _ = evaluate_expression("multipath")
    assert len(list(nx.all_simple_paths(parsed.graph, "t", parsed.output))) >= 3


@pytest.mark.parametrize("view", N.VIEWS)
def test_net_221_numbers(view):
    ex = X.load_example("net-221")
    built = N.build_network(ex.payload, view=view)
    ev = evaluate(built.graph)
    if view == "neuron":
        yhat, dz2, dw = ev.values["a2[0]"], ev.grads["z2[0]"], ev.grads["W1[0,0]"]
    else:
        yhat, dz2, dw = ev.values["a2"][0], ev.grads["z2"][0], ev.grads["W1"][0, 0]
    assert (round(yhat, 3), round(dz2, 3), round(dw, 3)) == (0.536, 0.536, 0.161)
    assert "ŷ = 0.536" in ex.description and "0.536 × 0.6 × 1.0 × 0.5 = 0.161" in ex.description


@pytest.mark.parametrize("view", N.VIEWS)
def test_net_111_numbers(view):
    ev = evaluate(N.build_network(X.load_example("net-111").payload, view=view).graph)
    w1, w2 = ("W1[0,0]", "W2[0,0]") if view == "neuron" else ("W1", "W2")
    assert round(ev.output_value, 4) == 0.0480
    assert round(float(np.squeeze(ev.grads[w2])), 4) == -0.0497
    assert round(float(np.squeeze(ev.grads[w1])), 4) == -0.0199


def test_net_221_mse_is_seeded_and_uses_mse():
    ex = X.load_example("net-221-mse")
    spec = N.parse_spec(ex.payload)
    assert spec.sizes == (2, 2, 1) and spec.loss == "mse"
    assert ex.payload["init"] == {"seed": 0, "scheme": "xavier"}
    assert spec.inputs.tolist() == [0.5, 1.5] and spec.targets.tolist() == [1.0]
    assert [layer.activation for layer in spec.layers] == ["sigmoid", "sigmoid"]
    assert spec.layers[1].weights.tolist()[0] == pytest.approx([0.886062041929778, 1.1674490706625804])
    assert evaluate(N.build_network(spec, "layer").graph).output_value == pytest.approx(0.1608529, abs=1e-7)


def first_and_last_weight_grads(name):
    spec = X.load_example(name).payload
    ev = evaluate(N.build_network(spec, view="neuron").graph)
    return ev.grads["W1[0,0]"], ev.grads["W10[0,0]"]


def test_deep_sigmoid_gradients_vanish_and_relu_ones_do_not():
    s_first, s_last = first_and_last_weight_grads("deep-sigmoid")
    r_first, r_last = first_and_last_weight_grads("deep-relu")
    assert len(X.load_example("deep-sigmoid").payload["layers"]) == 10
    assert abs(s_first) < 1e-6 and abs(s_last) > 0.01 and abs(s_last / s_first) > 1e5
    assert 0.5 < abs(r_first / r_last) < 2
    assert (f"{s_first:.1e}", round(s_last, 3)) == ("-9.6e-08", -0.051)
    assert (round(r_first, 3), round(r_last, 3)) == (-0.097, -0.087)
    assert "−9.6e−8" in X.EXAMPLES["deep-sigmoid"].description
    assert "−0.097" in X.EXAMPLES["deep-relu"].description and "−0.087" in X.EXAMPLES["deep-relu"].description
    relu = N.parse_spec(X.load_example("deep-relu").payload)
    sigmoid = N.parse_spec(X.load_example("deep-sigmoid").payload)
    assert [w.weights.tolist() for w in relu.layers] == [w.weights.tolist() for w in sigmoid.layers]


def test_load_example_returns_a_copy_to_edit():
    ex = X.load_example("net-221")
    ex.payload["layers"][0]["weights"][0][0] = 99.0
    assert X.load_example("net-221").payload["layers"][0]["weights"][0][0] == 0.5


def test_unknown_example_suggests_the_closest_names():
    with pytest.raises(SourceError, match=r"no example named 'net-11' \(did you mean net-111, net-221"):
        X.load_example("net-11")
    with pytest.raises(SourceError, match="the examples are: sin-square, cube"):
        X.load_example("zzz")

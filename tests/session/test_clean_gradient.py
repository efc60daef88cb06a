"""Softmax with cross-entropy: ∂L/∂z = ŷ − y in the captions, the inspector and derive, and true."""

import numpy as np
import pytest

from graphviz_app.builders.network import build_network
from graphviz_app.cli.main import main
from graphviz_app.core.evaluate import evaluate
from graphviz_app.session.inspector import InspectorText
from graphviz_app.session.prose.clean_gradient import CLEAN_NOTE, clean_gradient
from graphviz_app.session.state.session import Session


def batch_spec(activation="softmax", loss="cross_entropy"):
    rng = np.random.default_rng(3)
    return {
        "input": rng.normal(size=(4, 2)).tolist(),
        "target": [0, 2, 1, 2] if loss == "cross_entropy" else rng.normal(size=(4, 3)).tolist(),
        "loss": loss,
        "layers": [{"size": 3, "activation": "tanh"}, {"size": 3, "activation": activation}],
        "init": {"seed": 5},
    }


@pytest.mark.parametrize("view", ["neuron", "layer"])
@pytest.mark.parametrize("spec", ["example", "batch"])
def test_the_clean_gradient_is_the_gradient_backprop_finds(spec, view):
    from graphviz_app.builders.examples import load_example

    payload = load_example("softmax-ce").payload if spec == "example" else batch_spec()
    ev = evaluate(build_network(payload, view=view).graph)
    found = [node for node in ev.order if clean_gradient(ev, node) is not None]
    assert len(found) == (1 if view == "layer" else 3 * (1 if spec == "example" else 4))
    for node in found:
        clean = clean_gradient(ev, node)
        np.testing.assert_allclose(clean.value, ev.grads[node], rtol=1e-12, atol=1e-15)
        assert clean.samples == (1 if spec == "example" else 4)


@pytest.mark.parametrize(("activation", "loss"), [("identity", "cross_entropy"), ("softmax", "mse")])
def test_no_clean_gradient_where_softmax_does_not_meet_cross_entropy(activation, loss):
    for view in ("neuron", "layer"):
        ev = evaluate(build_network(batch_spec(activation, loss), view=view).graph)
        assert not [node for node in ev.order if clean_gradient(ev, node) is not None]


def test_only_for_the_loss_as_output():
    from graphviz_app.builders.examples import load_example

    g = build_network(load_example("softmax-ce").payload, view="layer").graph
    assert clean_gradient(evaluate(g, output="a2"), "z2") is None


@pytest.mark.parametrize(
    ("view", "node", "line"),
    [
        ("layer", "z2", "∂L/∂z2 = ŷ − y = [0.5718, 0.2494, 0.1788] − [0, 1, 0] = [0.5718, −0.7506, 0.1788]"),
        ("neuron", "z2[1]", "∂L/∂z2[1] = ŷ − y = a2[1] − y[1] = 0.2494 − 1 = −0.7506"),
    ],
)
def test_caption_and_inspector_write_it_beside_the_product(view, node, line):
    s = Session()
    s.open_source("example:softmax-ce")
    s.set_view(view)
    steps = [step.caption for step in s.timeline.steps if line in step.caption]
    assert len(steps) == 1
    caption = steps[0].splitlines()
    assert caption[0].startswith(f"∂L/∂{node}") and " · " in caption[0]  # the long product first
    assert caption[-1] == f"{line} {CLEAN_NOTE}"
    s.set_step(len(s.timeline) - 1)
    assert line in InspectorText(s).node_page(node).gradient


def test_derive_writes_it_under_the_sum_over_paths(capsys):
    assert main(["derive", "example:softmax-ce", "--wrt", "z2[0]"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "(sum over 4 paths; backprop: 0.5718)" in lines[2]
    assert lines[3].split("= ", 1)[1] == f"ŷ − y = a2[0] − y[0] = 0.5718 − 0 = 0.5718   {CLEAN_NOTE}"
    assert main(["derive", "example:softmax-ce", "--view", "layer", "--wrt", "z2", "--latex"]) == 0
    assert r"&= \hat{y} - y = " in capsys.readouterr().out

"""Random MLPs in real PyTorch, read by the app: our gradients equal ``tensor.grad``, in both views.

Every activation and every loss of issue 27, in float64 (agreement to 1e-10 relative)
and float32 (PyTorch's round-off, about 1e-7 here: our float64 evaluation of its float32
numbers is the more exact one), one sample and a batch. The reference is ``.grad`` after
``loss.backward()`` itself, taken after the app has read the graph.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from graphviz_app.builders.torch_agreement import agreement
from graphviz_app.builders.torch_graph import read_torch
from graphviz_app.core.evaluate import evaluate

ACTIVATIONS = {
    "identity": lambda z: z,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "softplus": F.softplus,
}
# loss name -> (last activation, loss of (last layer's output, target)), target maker, neuron view?
LOSSES = {
    "mse": (lambda z: z, lambda a, y: nn.MSELoss()(a, y), "values", True),
    "bce": (torch.sigmoid, lambda a, y: nn.BCELoss()(a, y), "probabilities", True),
    "bce_with_logits": (lambda z: z, lambda a, y: nn.BCEWithLogitsLoss()(a, y), "probabilities", False),
    "cross_entropy": (lambda z: z, lambda a, k: nn.CrossEntropyLoss()(a, k), "classes", True),
    "softmax_nll": (
        lambda z: F.softmax(z, dim=-1),
        lambda a, k: nn.NLLLoss()(torch.log(a), k),
        "classes",
        True,
    ),
    "softmax_mse": (lambda z: F.softmax(z, dim=-1), lambda a, y: nn.MSELoss()(a, y), "values", True),
}
TOLERANCE = {torch.float64: 1e-10, torch.float32: 1e-5}


class Mlp(nn.Module):
    def __init__(self, sizes, activation, last):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in itertools.pairwise(sizes))
        self.activation, self.last = activation, last

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            x = layer(x)
            x = self.last(x) if i == len(self.layers) - 1 else self.activation(x)
        return x


def _case(activation: str, loss: str, dtype, samples: int | None, seed: int):
    """A random MLP (2 or 3 layers), its data and its loss, named as the README says."""
    torch.manual_seed(seed)
    last, loss_fn, target_kind, _ = LOSSES[loss]
    sizes = [3, 4, 3] if seed % 2 else [2, 3, 4, 2]
    model = Mlp(sizes, ACTIVATIONS[activation], last).to(dtype)
    shape = (sizes[0],) if samples is None else (samples, sizes[0])
    x = torch.randn(shape, dtype=dtype)
    out_shape = (sizes[-1],) if samples is None else (samples, sizes[-1])
    if target_kind == "classes":
        y = torch.randint(0, sizes[-1], () if samples is None else (samples,))
    elif target_kind == "probabilities":
        y = torch.rand(out_shape, dtype=dtype)
    else:
        y = torch.randn(out_shape, dtype=dtype)
    output = loss_fn(model(x), y)
    return model, output, {**dict(model.named_parameters()), "x": x, "y": y}


def _relative(ours, theirs) -> float:
    theirs = theirs.detach().double().numpy()
    return float(np.max(np.abs(np.asarray(ours) - theirs)) / max(np.max(np.abs(theirs)), 1e-300))


CASES = [
    (activation, loss, dtype, samples)
    for activation in ACTIVATIONS
    for loss in LOSSES
    for dtype in (torch.float64, torch.float32)
    for samples in (None, 3)
]


@pytest.mark.parametrize(("activation", "loss", "dtype", "samples"), CASES)
def test_gradients_equal_pytorchs_in_both_views(activation, loss, dtype, samples):
    seed = CASES.index((activation, loss, dtype, samples))
    model, output, named = _case(activation, loss, dtype, samples, seed)
    tg = read_torch(output, named)
    output.backward()  # after reading, as a user would; the app's reading left .grad alone
    tolerance = TOLERANCE[dtype]
    views = ("neuron", "layer") if LOSSES[loss][3] else ("layer",)
    assert tg.views == views, tg.layer_only
    for view in views:
        graph, values = tg.view(view)
        ev = evaluate(graph, values)
        assert ev.output_value == pytest.approx(output.item(), rel=tolerance)
        for name, parameter in model.named_parameters():
            if view == "layer":
                ours = ev.grads[name]
            else:  # one scalar node per weight: layers.0.weight[1,2]
                ours = np.zeros(tuple(parameter.shape))
                for index in np.ndindex(ours.shape):
                    ours[index] = ev.grads[f"{name}[{','.join(map(str, index))}]"]
            assert _relative(ours, parameter.grad) <= tolerance, (view, name)
        found = agreement(tg, view, values, ev.grads)
        assert found is not None and found.agrees and found.max_rel_error <= tolerance
        assert set(found.per_leaf) == {name for name, _ in model.named_parameters()}
    if "neuron" not in views:
        assert "MSELoss, BCELoss or CrossEntropyLoss" in tg.layer_only


def test_the_neuron_view_names_every_weight_after_its_tensor():
    _, output, named = _case("sigmoid", "mse", torch.float64, None, 1)
    graph, values = read_torch(output, named).view("neuron")
    assert {"layers.0.weight[3,2]", "layers.0.bias[3]", "layers.1.weight[2,3]", "x[0]", "y[2]"} <= set(values)
    assert {"z1[0]", "a1[0]", "L"} <= set(graph)


def test_float32_is_evaluated_in_float64_and_says_so():
    _, output, named = _case("tanh", "mse", torch.float32, 3, 5)
    tg = read_torch(output, named)
    graph, values = tg.view("layer")
    assert all(np.asarray(v).dtype == np.float64 for v in values.values())
    found = agreement(tg, "layer", values, evaluate(graph, values).grads)
    assert found.dtype == "float32" and 0 < found.max_rel_error <= 1e-5  # round-off, not zero


def test_edited_values_have_no_agreement_to_claim():
    _, output, named = _case("relu", "mse", torch.float64, 3, 7)
    tg = read_torch(output, named)
    graph, values = tg.view("layer")
    values["layers.0.bias"] = values["layers.0.bias"] + 1.0
    assert agreement(tg, "layer", values, evaluate(graph, values).grads) is None

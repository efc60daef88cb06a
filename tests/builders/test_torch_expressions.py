"""Expression-like PyTorch code read by the app: every op of the table against ``tensor.grad``.

Float64 tensors, so ours and PyTorch's agree to 1e-10 relative; each case is a function
of fresh leaves, its graph read before ``backward()`` as a user's would be.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

import graphviz_app as ga
from graphviz_app.builders.torch_agreement import agreement
from graphviz_app.builders.torch_graph import read_torch
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate


def _leaves():
    torch.manual_seed(3)
    d = torch.float64
    return {
        "x": torch.tensor(1.5, dtype=d, requires_grad=True),
        "v": (torch.rand(3, dtype=d) + 0.5).requires_grad_(),
        "m": torch.randn(2, 3, dtype=d, requires_grad=True),
        "w": torch.randn(3, 4, dtype=d, requires_grad=True),
        "b": torch.randn(2, 3, 4, dtype=d, requires_grad=True),
        "k": torch.tensor([2, 0]),
    }


EXPRESSIONS = {
    "sin(x**2)": lambda t: torch.sin(t["x"] ** 2),
    "x*2 + 3 - x/4": lambda t: t["x"] * 2 + 3 - t["x"] / 4,
    "3 - 2*exp(x)": lambda t: 3 - torch.exp(t["x"]) * 2,
    "2**x": lambda t: 2 ** t["x"],
    "x**x": lambda t: t["x"] ** t["x"],
    "-x + atan, abs, tan": lambda t: -t["x"] + torch.atan(t["x"]) + torch.abs(t["x"]) + torch.tan(t["x"]),
    "sqrt(x)·log(x)/cos(x)": lambda t: torch.sqrt(t["x"]) * torch.log(t["x"]) / torch.cos(t["x"]),
    "softplus with beta": lambda t: F.softplus(t["v"], beta=2.0).sum(),
    "sum and mean over dims": lambda t: (
        (t["m"].sum(dim=1) ** 2).sum()
        + t["b"].mean(dim=(0, 2), keepdim=True).sum()
        + t["m"].mean(dim=0).sum()
    ),
    "views": lambda t: t["m"].view(3, 2).reshape(6).unsqueeze(0).squeeze(0).pow(2).sum(),
    "expand, permute, transpose, t": lambda t: (
        (t["v"].expand(2, 3) * t["m"].t().permute(1, 0)).sum()
        + (t["b"].transpose(0, 2).permute(2, 1, 0) * t["b"]).sum()
    ),
    "mm, mv, dot, bmm": lambda t: (
        (t["m"] @ t["w"]).sum()
        + (t["m"] @ t["v"]).sum()
        + t["v"] @ t["v"]
        + torch.bmm(t["b"], t["b"].transpose(1, 2)).sum()
    ),
    "softmax, log_softmax, nll (sum)": lambda t: (
        F.softmax(t["m"], dim=-1).pow(2).sum()
        + F.nll_loss(F.log_softmax(t["m"], dim=1), t["k"], reduction="sum")
    ),
    "mse and bce (sum), sigmoid, relu, tanh": lambda t: (
        F.mse_loss(torch.tanh(t["m"]), torch.relu(t["m"]).detach(), reduction="sum")
        + F.binary_cross_entropy(
            torch.sigmoid(t["v"]), torch.full((3,), 0.25, dtype=torch.float64), reduction="sum"
        )
    ),
    "clone, double, neg": lambda t: (-(t["v"].clone().double())).sum(),
}


@pytest.mark.parametrize("name", list(EXPRESSIONS))
def test_expression_gradients_equal_pytorchs(name):
    leaves = _leaves()
    output = EXPRESSIONS[name](leaves)
    tg = read_torch(output, leaves)
    graph, values = tg.view("layer")
    ev = evaluate(graph, values)
    output.backward()
    assert ev.output_value == pytest.approx(output.item(), rel=1e-12)
    for leaf in tg.reference.grads:
        theirs = leaves[leaf].grad.numpy()
        np.testing.assert_allclose(ev.grads[leaf], theirs, rtol=1e-10, atol=1e-12 * np.max(np.abs(theirs)))
    assert agreement(tg, "layer", values, ev.grads).max_rel_error <= 1e-10


def test_sin_x_squared_reads_as_the_expression_does():
    x = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
    loaded = ga.from_torch(torch.sin(x**2), {"x": x})
    ev = ga.evaluate(loaded)
    ours = ga.evaluate("sin(x**2)", x=1.5)
    assert ev.output_value == ours.output_value and ev.grads["x"] == ours.grads["x"]
    assert [loaded.graph.nodes[n][G.OP] or n for n in G.topological_order(loaded.graph)] == [
        "x",
        *[n for n in loaded.graph if n.startswith("const")],
        "pow",
        "sin",
    ]
    assert ga.paths(loaded, "x")["agree"]
    assert all(check.ok for check in ga.gradcheck(loaded))


def test_numbers_pytorch_did_not_keep_come_back_from_the_output():
    x = torch.tensor(1.5, requires_grad=True)  # float32: the 3 is recovered from rounded numbers
    tg = read_torch(torch.sin(x**2) + 3)
    constants = [tg.graph.nodes[n][G.VALUE] for n in tg.graph if tg.graph.nodes[n][G.KIND] == G.CONST]
    assert constants == [2.0, 3.0]


def test_a_tensor_pytorch_did_not_keep_is_found_among_the_named_ones():
    torch.manual_seed(0)
    model = nn.Linear(3, 1).double()
    x, y = torch.randn(4, 3, dtype=torch.float64), torch.randn(4, 1, dtype=torch.float64)
    loss = ((model(x) - y) ** 2).mean()  # a hand-written MSE: PyTorch keeps no y, only model(x) - y
    tg = read_torch(loss, {**dict(model.named_parameters()), "x": x, "y": y})
    assert tg.graph.nodes["y"][G.KIND] == G.INPUT
    np.testing.assert_array_equal(tg.values["y"], y.numpy())
    graph, values = tg.view("layer")
    loss.backward()
    np.testing.assert_allclose(evaluate(graph, values).grads["weight"], model.weight.grad.numpy(), rtol=1e-12)


def test_unnamed_leaves_get_readable_names_first_layer_first():
    torch.manual_seed(1)
    model = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1))
    x, y = torch.randn(5, 2), torch.randn(5, 1)
    tg = read_torch(nn.MSELoss()(model(x), y))
    assert G.leaves(tg.graph) == ["W1", "x", "b1", "W2", "b2", "y"]
    assert tg.graph.nodes["W1"][G.KIND] == G.PARAM and tg.graph.nodes["x"][G.KIND] == G.INPUT
    assert tg.graph.nodes["y"][G.KIND] == G.TARGET
    np.testing.assert_array_equal(tg.values["W1"], model[0].weight.detach().double().numpy())


def test_one_sample_keeps_the_shape_of_the_named_input():
    torch.manual_seed(2)
    layer = nn.Linear(2, 1)
    x, y = torch.tensor([0.5, 1.5]), torch.tensor([1.0])
    tg = read_torch(nn.MSELoss()(layer(x), y), {**dict(layer.named_parameters()), "x": x, "y": y})
    assert np.shape(tg.values["x"]) == (2,)  # PyTorch saw it as (1, 2): a view node says so
    assert tg.views == ("neuron", "layer")
    _graph, values = tg.view("neuron")
    assert {"x[0]", "x[1]", "weight[0,1]", "bias[0]", "y[0]"} <= set(values)

"""What the app refuses to read from PyTorch, each with a message that says what to do; nothing drawn half."""

from __future__ import annotations

import warnings

import pytest
import torch
import torch.nn.functional as F
from torch import nn

import graphviz_app as ga
from graphviz_app.builders.network import NEURON_VIEW_NODE_LIMIT
from graphviz_app.builders.network_spec import MAX_PARAMETERS
from graphviz_app.builders.torch_graph import FREED, read_torch
from graphviz_app.builders.torch_ops import SUPPORTED
from graphviz_app.errors import GraphvizAppError, SourceError, TorchError


def _x(*shape):
    torch.manual_seed(0)
    return torch.rand(shape, dtype=torch.float64, requires_grad=True)


def test_an_unknown_autograd_node_is_named_with_the_list_of_known_ones():
    v = _x(3)
    with pytest.raises(TorchError) as caught:
        read_torch((v[0] * 2).sin())
    message = str(caught.value)
    assert "SelectBackward0 is not supported; nothing was drawn" in message
    assert f"Supported: {', '.join(SUPPORTED)}" in message
    assert "AddmmBackward0" in SUPPORTED and "MseLossBackward0" in SUPPORTED


def test_every_unknown_node_is_named_at_once():
    v = _x(3)
    with pytest.raises(TorchError, match=r"CatBackward0, CumsumBackward0 are not supported"):
        read_torch(torch.cat([v, v.cumsum(0)]).sum())


def test_a_graph_backward_already_freed_is_refused():
    v = _x(3)
    loss = (v * v).sum()
    loss.backward()
    with pytest.raises(TorchError) as caught:
        read_torch(loss)
    assert str(caught.value) == FREED
    assert "retain_graph=True" in FREED


def test_a_tensor_changed_in_place_after_it_was_saved_is_refused():
    w = _x(2)
    a = w.exp()
    b = a * 2
    a.add_(1)  # PyTorch would refuse backward() too
    with pytest.raises(
        TorchError, match="ExpBackward0: PyTorch cannot give back what it saved: one of the variables"
    ):
        read_torch(b.sum())


def test_a_graph_read_before_backward_leaves_grad_alone_and_backward_still_works():
    v = _x(3)
    loss = (v * v).sum()
    read_torch(loss)
    assert v.grad is None
    loss.backward()
    assert v.grad is not None


@pytest.mark.parametrize(
    ("output", "message"),
    [
        (torch.tensor(1.0), "no autograd graph"),
        (3.0, "expected a tensor"),
    ],
)
def test_no_graph_to_read(output, message):
    with pytest.raises(TorchError, match=message):
        read_torch(output)


def test_a_number_pytorch_kept_nowhere_is_refused_with_what_to_do():
    x = _x()
    with pytest.raises(TorchError, match=r"AddBackward0: .*requires_grad=True"):
        read_torch(torch.tanh(x + 1))  # tanh keeps its result, not x + 1: the 1 cannot be worked out


def test_a_target_of_another_shape_is_drawn_broadcast_as_pytorch_computed_it():
    p = _x(3, 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # PyTorch's own warning about the broadcast
        loss = F.mse_loss(p, torch.rand(3, dtype=torch.float64))
    loaded = ga.from_torch(loss, {"p": p})
    ops = {loaded.graph.nodes[n]["op"] for n in loaded.graph}
    assert "expand" in ops  # the (3, 3) PyTorch compared: every prediction against every target
    loss.backward()
    assert ga.evaluate(loaded).grads["p"] == pytest.approx(p.grad.numpy(), rel=1e-12)


@pytest.mark.parametrize(
    ("loss", "message"),
    [
        (lambda p, t: F.mse_loss(p, t, reduction="none").sum(), "reduction='none'"),
        (
            lambda p, t: F.binary_cross_entropy(torch.sigmoid(p), t, weight=torch.ones(3, dtype=p.dtype)),
            "weight=",
        ),
        (lambda p, t: F.softmax(p.reshape(1, 3), dim=0).sum(), "softmax over dim 0 of a 2-D tensor"),
        (lambda p, t: p.split(1)[1].sum(), "output 1 of an autograd node with several outputs"),
    ],
)
def test_what_the_table_does_not_cover_is_refused(loss, message):
    with pytest.raises(TorchError, match=message):
        read_torch(loss(_x(3), torch.rand(3, dtype=torch.float64)))


def test_a_graph_bigger_than_the_apps_networks_is_refused_naming_the_size():
    x = _x()
    y = x
    for _ in range(NEURON_VIEW_NODE_LIMIT):
        y = y * 1.0001
    with pytest.raises(TorchError, match=f"more than {NEURON_VIEW_NODE_LIMIT:,} nodes"):
        read_torch(y)


def test_more_parameters_than_the_apps_networks_is_refused_naming_the_count():
    layer = nn.Linear(1000, 1001)
    count = 1000 * 1001 + 1001
    assert count > MAX_PARAMETERS
    with pytest.raises(TorchError, match=f"hold {count:,} numbers; the app takes at most {MAX_PARAMETERS:,}"):
        read_torch(layer(torch.ones(1000)).sum())


def test_a_big_mlp_opens_in_the_layer_view_and_refuses_the_neuron_view_naming_its_size():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(8, 60), nn.Sigmoid(), nn.Linear(60, 60), nn.Sigmoid(), nn.Linear(60, 1))
    x, y = torch.rand(1, 8), torch.rand(1, 1)
    loss = nn.MSELoss()(model(x), y)
    loaded = ga.from_torch(loss)
    assert loaded.view == "layer"
    assert "neuron by neuron the network would have" in loaded.view_reason
    with pytest.raises(GraphvizAppError, match=r"would have 1\d,\d{3} nodes, more than the limit of 12,000"):
        ga.from_torch(loss, view="neuron")


def test_the_neuron_view_of_what_is_not_an_mlp_is_refused_with_the_reason():
    x = _x()
    with pytest.raises(
        SourceError, match=r"--view neuron: the neuron view draws a stack of nn\.Linear layers"
    ):
        ga.from_torch(torch.sin(x**2), view="neuron")


def test_named_must_map_names_to_tensors():
    with pytest.raises(TorchError, match="named: 'x' maps to int"):
        read_torch((_x() * 2), {"x": 3})

"""``train --json`` against PyTorch's optimizers, and ``eval --json``'s "layers" against backprop by hand.

The references (tests/numpy_reference.py) are NumPy transcriptions of the update
rules documented for torch.optim.SGD, RMSprop and Adam and of the chain rule
through an nn.Linear stack with MSELoss; PyTorch itself is not needed.
"""

import json

import numpy as np
import pytest

from graphviz_app.cli.main import main
from tests.numpy_reference import (
    TorchAdam,
    TorchRMSprop,
    TorchSGD,
    forward_backward,
    random_spec,
    reference_training,
)

NETWORKS = [  # sizes, activations, samples
    ([2, 2, 1], ["sigmoid", "sigmoid"], 1),
    ([3, 4, 2], ["tanh", "identity"], 1),
    ([2, 3, 2, 1], ["relu", "sigmoid", "identity"], 3),
]
OPTIMIZERS = {  # CLI arguments and the reference with PyTorch's defaults where the CLI uses them
    "sgd": (["--optimizer", "sgd", "--lr", "0.1"], lambda: TorchSGD(lr=0.1)),
    "momentum": (["--optimizer", "momentum", "--lr", "0.1"], lambda: TorchSGD(lr=0.1, momentum=0.9)),
    "rmsprop": (["--optimizer", "rmsprop"], TorchRMSprop),
    "adam": (["--optimizer", "adam"], TorchAdam),
}


def _json(capsys, *argv) -> dict:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def _spec_file(tmp_path, index: int) -> tuple[str, dict]:
    sizes, activations, samples = NETWORKS[index]
    spec = random_spec(np.random.default_rng(100 + index), sizes, activations, samples)
    path = tmp_path / f"net{index}.json"
    path.write_text(json.dumps(spec))
    return str(path), spec


def _close(a, b) -> None:
    np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=1e-6, atol=1e-12)


@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
@pytest.mark.parametrize("index", range(len(NETWORKS)))
def test_fifteen_steps_match_torch_optim(capsys, tmp_path, optimizer, index):
    path, spec = _spec_file(tmp_path, index)
    argv, make_reference = OPTIMIZERS[optimizer]
    losses, weights, biases = reference_training(spec, make_reference(), 15)
    view = "layer" if index == 2 else "neuron"  # the batch in the layer view, the others neuron by neuron
    data = _json(capsys, "train", path, "--steps", "15", *argv, "--view", view, "--json")
    assert len(data["losses"]) == 16
    _close(data["losses"], losses)
    params = data["params"]
    for k, (W, b) in enumerate(zip(weights, biases), start=1):
        if view == "layer":
            _close(params[f"W{k}"], W)
            _close(params[f"b{k}"], b)
        else:
            got = [[params[f"W{k}[{i},{j}]"] for j in range(W.shape[1])] for i in range(W.shape[0])]
            _close(got, W)
            _close([params[f"b{k}[{i}]"] for i in range(len(b))], b)


@pytest.mark.parametrize("view", ["neuron", "layer"])
@pytest.mark.parametrize("index", range(len(NETWORKS)))
def test_eval_json_layers_match_backprop_by_hand(capsys, tmp_path, view, index):
    path, spec = _spec_file(tmp_path, index)
    weights = [np.asarray(layer["weights"]) for layer in spec["layers"]]
    biases = [np.asarray(layer["bias"]) for layer in spec["layers"]]
    _, dWs, _, dzs = forward_backward(spec, weights, biases)
    layers = _json(capsys, "eval", path, "--view", view, "--json")["layers"]
    assert [entry["layer"] for entry in layers] == list(range(1, len(weights) + 1))
    for entry, dz, dW in zip(layers, dzs, dWs):
        _close(entry["grad_norm"], np.linalg.norm(dz))
        _close(entry["weight_grad_norm"], np.linalg.norm(dW))


def test_expressions_have_no_layers(capsys):
    assert "layers" not in _json(capsys, "eval", "x*y", "--at", "x=1", "--at", "y=2", "--json")


def test_residual_skips_keep_the_gradient_from_vanishing(capsys):
    """deep-sigmoid-residual: the first layer gets within a factor 100 of the last; deep-sigmoid 10⁻⁶ of it."""
    for view in ("neuron", "layer"):
        skips = _json(capsys, "eval", "example:deep-sigmoid-residual", "--view", view, "--json")["layers"]
        plain = _json(capsys, "eval", "example:deep-sigmoid", "--view", view, "--json")["layers"]
        assert [entry["layer"] for entry in skips] == list(range(1, 11))
        ratio = skips[0]["grad_norm"] / skips[-1]["grad_norm"]
        assert 1 / 100 <= ratio <= 100, ratio
        assert plain[0]["grad_norm"] / plain[-1]["grad_norm"] < 1e-5

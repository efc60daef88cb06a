"""Residual, LayerNorm, BatchNorm, attention and softmax + cross-entropy networks against PyTorch.

PyTorch (float64, CPU) is the reference: its own modules where it has them
(``nn.Linear``, ``nn.LayerNorm``, ``nn.BatchNorm1d`` in training mode,
``scaled_dot_product_attention``, its losses), so nothing here re-derives the
formulas the app uses. Every gradient of both views (weights, biases, g, beta, Wq,
Wk, Wv and the input) must agree to 1e-9, relative to the largest element of
the reference array.
"""

import numpy as np
import pytest
import torch

from graphviz_app.builders import network as N
from graphviz_app.builders.network_spec import parse_spec
from graphviz_app.core.evaluate import evaluate

RELATIVE = 1e-9
ACTIVATIONS = {
    "identity": lambda z: z,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "softplus": torch.nn.functional.softplus,
    "softmax": lambda z: torch.softmax(z, dim=-1),
}
FAMILIES = {  # the JSON keys of each layer type and the names of their leaves
    "dense": (("weights", "W"), ("bias", "b")),
    "layernorm": (("g", "g"), ("beta", "beta")),
    "batchnorm": (("g", "g"), ("beta", "beta")),
    "attention": (("Wq", "Wq"), ("Wk", "Wk"), ("Wv", "Wv")),
}


def _tensor(value):
    return torch.tensor(np.asarray(value, dtype=float), dtype=torch.float64, requires_grad=True)


def torch_reference(spec: dict) -> tuple[float, dict[str, np.ndarray], np.ndarray]:
    """The loss, every parameter's gradient by leaf name (``W1``, ``g2``…) and the input's, by PyTorch."""
    spec = parse_spec(spec).to_dict()  # every weight explicit
    x = _tensor(spec["input"])
    leaves: dict[str, torch.Tensor] = {}
    a = x
    for k, layer in enumerate(spec["layers"], start=1):
        kind = layer.get("type", "dense")
        for key, family in FAMILIES[kind]:
            leaves[f"{family}{k}"] = _tensor(layer[key])
        if kind == "dense":
            linear = torch.nn.Linear(a.shape[-1], len(layer["bias"]), dtype=torch.float64)
            linear.weight, linear.bias = (torch.nn.Parameter(leaves[f"{f}{k}"]) for f in ("W", "b"))
            leaves[f"W{k}"], leaves[f"b{k}"] = linear.weight, linear.bias
            out = ACTIVATIONS[layer["activation"]](linear(a))
        elif kind == "layernorm":
            norm = torch.nn.LayerNorm(a.shape[-1], eps=1e-5, dtype=torch.float64)
            norm.weight, norm.bias = (
                torch.nn.Parameter(leaves[f"g{k}"]),
                torch.nn.Parameter(leaves[f"beta{k}"]),
            )
            leaves[f"g{k}"], leaves[f"beta{k}"] = norm.weight, norm.bias
            out = norm(a)
        elif kind == "batchnorm":
            norm = torch.nn.BatchNorm1d(a.shape[-1], eps=1e-5, dtype=torch.float64)
            norm.weight, norm.bias = (
                torch.nn.Parameter(leaves[f"g{k}"]),
                torch.nn.Parameter(leaves[f"beta{k}"]),
            )
            leaves[f"g{k}"], leaves[f"beta{k}"] = norm.weight, norm.bias
            norm.train()  # the batch's own statistics
            out = norm(a)
        else:
            q, key, v = (a @ leaves[f"{f}{k}"].T for f in ("Wq", "Wk", "Wv"))
            out = torch.nn.functional.scaled_dot_product_attention(q, key, v)  # softmax(Q Kᵀ/√d) V
        a = a + out if layer.get("residual") else out
    loss = _loss(spec, a)
    loss.backward()
    grads = {name: leaf.grad.numpy() for name, leaf in leaves.items()}
    return loss.item(), grads, x.grad.numpy()


def _loss(spec: dict, a: torch.Tensor) -> torch.Tensor:
    F = torch.nn.functional
    if spec["loss"] == "cross_entropy":
        k = torch.tensor(spec["target"], dtype=torch.long).reshape(-1)
        logits = a.reshape(k.shape[0], -1)
        if spec["layers"][-1].get("activation") == "softmax":  # a are probabilities
            return F.nll_loss(torch.log(logits), k)
        return F.cross_entropy(logits, k)
    y = torch.tensor(spec["target"], dtype=torch.float64).reshape(a.shape)
    if spec["loss"] == "mse":
        return F.mse_loss(a, y)
    if spec["loss"] == "bce":
        return F.binary_cross_entropy(a, y)
    return 0.5 * ((a - y) ** 2).sum() / (a.shape[0] if a.ndim == 2 else 1)


def relative_error(ours, reference) -> float:
    ours, reference = np.asarray(ours, dtype=float), np.asarray(reference, dtype=float)
    scale = np.max(np.abs(reference))
    return float(np.max(np.abs(ours - reference)) / scale) if scale > 0 else float(np.max(np.abs(ours)))


def gather(ev, family: str, shape: tuple[int, ...]) -> np.ndarray:
    """The neuron view's scalars ``W1[i,j]`` as one array."""
    out = np.empty(shape)
    for index in np.ndindex(*shape):
        out[index] = ev.grads[f"{family}[{','.join(map(str, index))}]"]
    return out


def worst_errors(spec: dict) -> dict[str, float]:
    """The relative error of the loss and of every gradient, in each view, against PyTorch."""
    loss, grads, dx = torch_reference(spec)
    neuron, layer, _ = N.build_both(spec)
    errors = {}
    for view, built in (("neuron", neuron), ("layer", layer)):
        ev = evaluate(built.graph)
        errors[f"{view} L"] = abs(ev.output_value - loss) / abs(loss)
        for name, reference in grads.items():
            ours = ev.grads[name] if view == "layer" else gather(ev, name, reference.shape)
            errors[f"{view} {name}"] = relative_error(ours, reference)
        x = ev.grads["X" if built.spec.batch else "x"] if view == "layer" else gather(ev, "x", dx.shape)
        errors[f"{view} x"] = relative_error(x, dx)
    return errors


def _random(rng, rows, n_in, layers, loss, target_size):
    spec = {
        "input": rng.normal(size=(rows, n_in) if rows else n_in).tolist(),
        "layers": layers,
        "loss": loss,
        "init": {"seed": int(rng.integers(1000)), "scheme": "xavier"},
    }
    n = rows or 1
    if loss == "cross_entropy":
        classes = rng.integers(0, target_size, size=n).tolist()
        spec["target"] = classes if rows else classes[0]
    elif loss == "bce":
        spec["target"] = rng.uniform(0, 1, size=(n, target_size) if rows else target_size).tolist()
    else:
        spec["target"] = rng.normal(size=(n, target_size) if rows else target_size).tolist()
    return spec


def _norm_and_affine(rng, kind, size):
    """A normalisation layer with random g and beta (PyTorch's defaults are ones and zeros)."""
    return {
        "type": kind,
        "g": rng.uniform(0.5, 1.5, size).tolist(),
        "beta": rng.normal(0, 0.3, size).tolist(),
    }


ARCHITECTURES = {
    "residual": lambda rng, rows: _random(
        rng,
        rows,
        3,
        [
            {"size": 3, "activation": "tanh", "residual": True},
            {"size": 3, "activation": "sigmoid", "residual": True},
            {"size": 2, "activation": "identity"},
        ],
        "mse",
        2,
    ),
    "layernorm": lambda rng, rows: _random(
        rng,
        rows,
        2,
        [
            {"size": 3, "activation": "relu"},
            _norm_and_affine(rng, "layernorm", 3),
            {"size": 2, "activation": "sigmoid"},
        ],
        "bce",
        2,
    ),
    "batchnorm": lambda rng, rows: _random(
        rng,
        rows or 3,
        2,
        [
            {"size": 3, "activation": "tanh"},
            _norm_and_affine(rng, "batchnorm", 3),
            {"size": 1, "activation": "identity"},
        ],
        "half_mse",
        1,
    ),
    "softmax-ce": lambda rng, rows: _random(
        rng,
        rows,
        3,
        [{"size": 3, "activation": "tanh"}, {"size": 3, "activation": "softmax"}],
        "cross_entropy",
        3,
    ),
    "attention": lambda rng, rows: _random(
        rng,
        rows or 3,
        3,
        [
            {"type": "attention", "size": 3, "residual": True},
            _norm_and_affine(rng, "layernorm", 3),  # over 2 features its output would be ±1: no gradient
            {"type": "attention", "size": 2},
            {"size": 2, "activation": "identity"},
        ],
        "cross_entropy",
        2,
    ),
}


@pytest.mark.parametrize("rows", [None, 3])
@pytest.mark.parametrize("architecture", list(ARCHITECTURES))
def test_gradients_agree_with_pytorch_in_both_views(architecture, rows):
    for seed in range(4):
        spec = ARCHITECTURES[architecture](np.random.default_rng(seed), rows)
        errors = worst_errors(spec)
        worst = max(errors, key=errors.get)
        assert errors[worst] <= RELATIVE, (architecture, seed, worst, errors[worst])


@pytest.mark.parametrize(
    "name", ["deep-sigmoid-residual", "layernorm", "batchnorm", "softmax-ce", "attention"]
)
def test_the_examples_agree_with_pytorch(name):
    from graphviz_app.builders.examples import load_example

    errors = worst_errors(load_example(name).payload)
    worst = max(errors, key=errors.get)
    assert errors[worst] <= RELATIVE, (name, worst, errors[worst])

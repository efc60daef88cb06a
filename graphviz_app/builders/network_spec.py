"""The network spec: a small JSON format for a feed-forward network, and its checks.

A spec describes one fully connected network, the data it sees and its loss::

    {"input": [0.5, 0.1], "target": [0],
     "layers": [{"weights": [[0.5, -0.2], [0.3, 0.8]], "bias": [0.1, -0.1], "activation": "relu"},
                {"weights": [[0.6, -0.4]], "bias": [0.0], "activation": "sigmoid"}],
     "loss": "bce"}

Fields
------
``input`` (required)
    One sample, a list of numbers (a bare number means a one-element list), or a
    batch, a list of rows of equal length. The loss of a batch is averaged over it.
``target`` (required)
    What the loss compares the prediction ŷ with, matching ``input``: for one
    sample a list with one number per output (a bare number when there is one
    output); for a batch one such entry per row. For ``cross_entropy`` a target is
    a class index 0 ≤ k < outputs (``2`` or ``[2]``; a batch gives one per row).
    ``bce`` targets lie in [0, 1].
``layers`` (required)
    Non-empty list. Each layer is ``{"weights": [[...], ...], "bias": [...],
    "activation": NAME}`` or ``{"size": N, "activation": NAME}``.
    Weights use PyTorch's ``nn.Linear`` layout, **out × in** (one row per output
    neuron): z = W·a + b. ``bias`` is optional (zeros). With ``size`` the weights
    are drawn as ``init`` says. Activations: identity, sigmoid, tanh, relu,
    softplus, softmax (last layer only).
``loss`` (required)
    ``mse`` (mean of squared errors over all outputs and samples, as PyTorch's
    MSELoss), ``half_mse`` (Σ ½(ŷ−y)² over the outputs of a sample, as in the
    textbook derivations, averaged over a batch), ``bce`` (mean binary
    cross-entropy, as PyTorch's BCELoss) or ``cross_entropy`` (class-index targets,
    averaged over a batch). With ``cross_entropy`` the last layer's outputs are
    logits (PyTorch's CrossEntropyLoss), except when its activation is
    ``softmax``: then they are probabilities p and the loss is −log p[k].
``init`` (optional)
    ``{"seed": 0, "scheme": "xavier"}`` (these are the defaults), used for layers
    that give ``size`` instead of ``weights``. The generator is
    ``numpy.random.default_rng(seed)`` (PCG64), which gives the same weights on
    every platform (NumPy may change its streams between releases, NEP 19). The
    layers are drawn in order, each an out × in matrix: ``xavier`` is Glorot
    uniform U(−a, a) with a = √(6 / (in + out)); ``he`` is Kaiming normal
    N(0, 2 / in); ``normal`` is N(0, 0.1²). Biases drawn this way are zeros.
``title``, ``description``, ``kind`` (optional)
    Text for people, and ``"kind": "network"``, so an example file is a spec.

:func:`parse_spec` checks all of this and raises
:class:`~graphviz_app.errors.SpecError` naming the JSON path of the first problem
and what was expected there.

Examples
--------
>>> spec = parse_spec({"input": [1.0, 2.0], "target": 1,
...                    "layers": [{"size": 3, "activation": "tanh"},
...                               {"weights": [[1, 0, -1]], "activation": "sigmoid"}],
...                    "loss": "bce"})
>>> spec.sizes, spec.batch
((2, 3, 1), False)
>>> spec.layers[0].weights.shape
(3, 2)
>>> parse_spec({"input": [1], "target": [0], "loss": "bce",
...             "layers": [{"weights": [[1, 2]], "activation": "sigmoid"}]})
Traceback (most recent call last):
    ...
graphviz_app.errors.SpecError: layers[0].weights: expected 1×1 (out × in), got 1×2
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from graphviz_app.builders.spec_values import (
    check_keys,
    did_you_mean,
    finite_number,
    is_whole,
    number_list,
    number_rows,
    required,
    show_value,
    whole_number,
)
from graphviz_app.core.optable import ACTIVATIONS, NETWORK_LOSSES
from graphviz_app.errors import SpecError

__all__ = [
    "ACTIVATIONS",
    "INIT_SCHEMES",
    "LAYER_KEYS",
    "LOSSES",
    "MAX_PARAMETERS",
    "SPEC_KEYS",
    "LayerSpec",
    "NetworkSpec",
    "draw_weights",
    "looks_like_network",
    "parse_spec",
]

LOSSES = tuple(NETWORK_LOSSES)
INIT_SCHEMES = ("xavier", "he", "normal")
SPEC_KEYS = ("input", "target", "layers", "loss", "init", "title", "description", "kind")
LAYER_KEYS = ("weights", "bias", "size", "activation")
INIT_KEYS = ("seed", "scheme")
MAX_PARAMETERS = 1_000_000
"""More weights and biases than this are refused: the app draws networks, it does not train big ones."""


@dataclass(frozen=True, eq=False)
class LayerSpec:
    """One fully connected layer: a = activation(W·a_prev + b), W is out × in."""

    weights: np.ndarray
    bias: np.ndarray
    activation: str

    @property
    def n_in(self) -> int:
        return int(self.weights.shape[1])

    @property
    def n_out(self) -> int:
        return int(self.weights.shape[0])


@dataclass(frozen=True, eq=False)
class NetworkSpec:
    """A checked spec with every weight materialised.

    ``inputs`` is (in,) for one sample or (n, in) for a batch. ``targets`` is
    (out,) or (n, out) of floats, or for ``cross_entropy`` an int class index (one
    sample) or an (n,) int array.
    """

    inputs: np.ndarray
    targets: np.ndarray
    layers: tuple[LayerSpec, ...]
    loss: str
    title: str | None = None
    description: str | None = None

    @property
    def batch(self) -> bool:
        """True when ``input`` is a list of rows."""
        return self.inputs.ndim == 2

    @property
    def n_samples(self) -> int:
        return int(self.inputs.shape[0]) if self.batch else 1

    @property
    def sizes(self) -> tuple[int, ...]:
        """Width of the input and of every layer, e.g. (2, 2, 1)."""
        return (self.layers[0].n_in, *(layer.n_out for layer in self.layers))

    @property
    def n_parameters(self) -> int:
        return sum(layer.weights.size + layer.bias.size for layer in self.layers)

    def to_dict(self) -> dict[str, Any]:
        """The spec as JSON-ready data, every weight explicit (``size``/``init`` are gone)."""
        out: dict[str, Any] = {}
        if self.title is not None:
            out["title"] = self.title
        if self.description is not None:
            out["description"] = self.description
        out["input"] = self.inputs.tolist()
        out["target"] = self.targets.tolist()
        out["layers"] = [
            {"weights": layer.weights.tolist(), "bias": layer.bias.tolist(), "activation": layer.activation}
            for layer in self.layers
        ]
        out["loss"] = self.loss
        return out


# --- the spec ------------------------------------------------------------------------


def looks_like_network(obj: Any) -> bool:
    """True for a JSON object that is meant as a network spec (it has ``layers``, or
    ``"kind": "network"``); parse it with :func:`parse_spec` to check it."""
    return isinstance(obj, dict) and ("layers" in obj or obj.get("kind") == "network")


def parse_spec(obj: Any) -> NetworkSpec:
    """Check a spec (a dict as read from JSON) and materialise its weights.

    A :class:`NetworkSpec` passes through unchanged. Raises
    :class:`~graphviz_app.errors.SpecError` at the first problem.
    """
    if isinstance(obj, NetworkSpec):
        return obj
    if not isinstance(obj, dict):
        raise SpecError(
            "(top level)",
            f"a network spec is a JSON object with keys input, target, layers and loss; got {show_value(obj)}",
        )
    check_keys(obj, SPEC_KEYS, "")
    if "kind" in obj and obj["kind"] != "network":
        raise SpecError("kind", f'expected "network", got {show_value(obj["kind"])}')
    inputs = _parse_input(required(obj, "input", "", "one sample [x1, x2, ...] or a batch of rows"))
    layers_obj = required(obj, "layers", "", 'a list of {"weights": ..., "activation": ...}')
    loss = _parse_loss(required(obj, "loss", "", "one of " + ", ".join(LOSSES)))
    target_obj = required(obj, "target", "", "what the loss compares the prediction with")
    seed, scheme = _parse_init(obj.get("init", {}))
    layers = _parse_layers(layers_obj, int(inputs.shape[-1]), np.random.default_rng(seed), scheme)
    targets = _parse_target(target_obj, loss, layers[-1].n_out, inputs.shape[0] if inputs.ndim == 2 else None)
    return NetworkSpec(
        inputs,
        targets,
        layers,
        loss,
        title=_text(obj.get("title"), "title"),
        description=_text(obj.get("description"), "description"),
    )


def _text(value: Any, path: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(value)
    raise SpecError(path, f"expected text (a string or a list of lines), got {show_value(value)}")


def _parse_input(value: Any) -> np.ndarray:
    if isinstance(value, list) and value and isinstance(value[0], list):
        return number_rows(value, "input", "one row per sample")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return np.array([finite_number(value, "input")])
    return number_list(value, "input", what="numbers (one sample) or rows (a batch)")


def _parse_loss(value: Any) -> str:
    if value not in LOSSES:
        raise SpecError(
            "loss",
            f"unknown loss {show_value(value)}{did_you_mean(value, LOSSES)}; expected one of {', '.join(LOSSES)}",
        )
    return value


def _parse_init(value: Any) -> tuple[int, str]:
    if not isinstance(value, dict):
        raise SpecError("init", f'expected {{"seed": 0, "scheme": "xavier"}}, got {show_value(value)}')
    check_keys(value, INIT_KEYS, "init")
    seed = whole_number(value.get("seed", 0), "init.seed", "a whole number ≥ 0")
    scheme = value.get("scheme", "xavier")
    if scheme not in INIT_SCHEMES:
        raise SpecError(
            "init.scheme",
            f"unknown scheme {show_value(scheme)}{did_you_mean(scheme, INIT_SCHEMES)}; "
            f"expected one of {', '.join(INIT_SCHEMES)}",
        )
    return seed, scheme


def draw_weights(rng: np.random.Generator, scheme: str, n_out: int, n_in: int) -> np.ndarray:
    """An out × in weight matrix drawn by ``scheme`` (see the module docstring)."""
    if scheme == "xavier":
        limit = math.sqrt(6.0 / (n_in + n_out))
        return rng.uniform(-limit, limit, size=(n_out, n_in))
    if scheme == "he":
        return rng.normal(0.0, math.sqrt(2.0 / n_in), size=(n_out, n_in))
    return rng.normal(0.0, 0.1, size=(n_out, n_in))


def _parse_layers(value: Any, n_in: int, rng: np.random.Generator, scheme: str) -> tuple[LayerSpec, ...]:
    if not isinstance(value, list) or not value:
        raise SpecError("layers", f"expected a non-empty list of layers, got {show_value(value)}")
    layers = []
    total = 0
    for i, layer in enumerate(value):
        path = f"layers[{i}]"
        parsed = _parse_layer(layer, path, n_in, rng, scheme, last=i == len(value) - 1, total=total)
        total += parsed.weights.size + parsed.bias.size
        layers.append(parsed)
        n_in = parsed.n_out
    return tuple(layers)


def _parse_layer(
    layer: Any, path: str, n_in: int, rng: np.random.Generator, scheme: str, last: bool, total: int
) -> LayerSpec:
    if not isinstance(layer, dict):
        raise SpecError(
            path, f'expected an object like {{"size": 3, "activation": "relu"}}, got {show_value(layer)}'
        )
    check_keys(layer, LAYER_KEYS, path)
    activation = required(layer, "activation", path, "one of " + ", ".join(ACTIVATIONS))
    if activation not in ACTIVATIONS:
        raise SpecError(
            f"{path}.activation",
            f"unknown activation {show_value(activation)}"
            f"{did_you_mean(activation, ACTIVATIONS)}; "
            f"expected one of {', '.join(ACTIVATIONS)}",
        )
    if activation == "softmax" and not last:
        raise SpecError(f"{path}.activation", "softmax is allowed on the last layer only")
    if "weights" not in layer and "size" not in layer:
        raise SpecError(path, 'missing "weights" (a list of rows, out × in) or "size" (number of neurons)')
    size = (
        whole_number(layer["size"], f"{path}.size", "a whole number ≥ 1", low=1) if "size" in layer else None
    )
    bias = layer.get("bias")
    if isinstance(bias, list):
        n_out = len(bias)
    elif size is not None:
        n_out = size
    else:
        n_out = len(layer["weights"]) if isinstance(layer["weights"], list) else 0
    if size is not None and n_out != size:
        raise SpecError(f"{path}.bias", f'expected {size} numbers ("size" is {size}), got {n_out}')
    if total + n_out * (n_in + 1) > MAX_PARAMETERS:
        raise SpecError(
            path,
            f"the network would have more than {MAX_PARAMETERS:,} weights and biases; "
            "use fewer or smaller layers",
        )
    if "weights" in layer:
        why = (
            f"{path}.bias has {n_out} number{'s' if n_out != 1 else ''}"
            if isinstance(bias, list)
            else f'"size" is {n_out}'
            if size is not None
            else ""
        )
        weights = _parse_weights(layer["weights"], f"{path}.weights", n_out, n_in, why)
    else:
        weights = draw_weights(rng, scheme, n_out, n_in)
    if bias is None:
        bias_values = np.zeros(n_out)
    else:
        bias_values = number_list(bias, f"{path}.bias", what="numbers (one per neuron)")
    return LayerSpec(weights, bias_values, activation)


def _parse_weights(value: Any, path: str, n_out: int, n_in: int, why: str) -> np.ndarray:
    """An out × in matrix; ``why`` says where the expected number of outputs comes from."""
    expected = f"expected {n_out}×{n_in} (out × in)"
    if not isinstance(value, list) or not value or not all(isinstance(r, list) for r in value):
        raise SpecError(
            path, f"{expected}: a list of {n_out} rows of {n_in} numbers, got {show_value(value)}"
        )
    widths = {len(r) for r in value}
    if len(widths) > 1:
        raise SpecError(path, f"{expected}, got rows of different lengths {sorted(widths)}")
    rows, cols = len(value), widths.pop()
    if (rows, cols) != (n_out, n_in):
        hint = ""
        if (rows, cols) == (n_in, n_out):
            hint = "; PyTorch's layout has one row per output neuron: transpose it"
        elif rows != n_out and why:
            hint = f" ({why}, so the layer has {n_out} output{'s' if n_out != 1 else ''})"
        raise SpecError(path, f"{expected}, got {rows}×{cols}{hint}")
    return number_rows(value, path, "out × in")


def _parse_target(value: Any, loss: str, n_out: int, n_rows: int | None) -> np.ndarray:
    if n_rows is None:
        return _sample_target(value, "target", loss, n_out)
    if not isinstance(value, list):
        raise SpecError(
            "target", f"expected a list with one target per input row ({n_rows}), got {show_value(value)}"
        )
    if len(value) != n_rows:
        raise SpecError("target", f"expected {n_rows} targets (one per input row), got {len(value)}")
    rows = [_sample_target(v, f"target[{s}]", loss, n_out) for s, v in enumerate(value)]
    return np.array(rows, dtype=int if loss == "cross_entropy" else float)


def _sample_target(value: Any, path: str, loss: str, n_out: int) -> np.ndarray:
    """The target of one sample: a class index for cross_entropy, else one number per output."""
    if loss == "cross_entropy":
        if isinstance(value, list) and len(value) == 1:
            value, path = value[0], f"{path}[0]"
        if not is_whole(value):
            raise SpecError(
                path, f"expected a class index (a whole number 0 to {n_out - 1}), got {show_value(value)}"
            )
        if not 0 <= value < n_out:
            raise SpecError(
                path,
                f"class index {int(value)} is out of range: the last layer has {n_out} "
                f"output{'s' if n_out != 1 else ''}, so 0 to {n_out - 1}",
            )
        return np.array(int(value))
    if n_out == 1 and not isinstance(value, list):
        target = np.array([finite_number(value, path)])
    else:
        target = number_list(value, path, length=n_out, what="numbers (one per output)")
    if loss == "bce":
        for i, t in enumerate(target):
            if not 0.0 <= t <= 1.0:
                where = f"{path}[{i}]" if isinstance(value, list) else path
                raise SpecError(where, f"a bce target is a probability in [0, 1], got {t:g}")
    return target

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
``data``, ``batch`` (instead of ``input`` and ``target``)
    Points in the plane with class labels, generated (``{"kind": "xor", "n": 200,
    "noise": 0.1, "seed": 0, "test": 0.5}``) or given (``"points"``), the inputs
    computed from them (``features``), and the mini-batch size: see
    :mod:`graphviz_app.builders.data_spec`. ``inputs`` and ``targets`` are then
    the first training point's, until a session shows another.
``layers`` (required)
    Non-empty list. A dense layer is ``{"weights": [[...], ...], "bias": [...],
    "activation": NAME}`` or ``{"size": N, "activation": NAME}``.
    Weights use PyTorch's ``nn.Linear`` layout, **out × in** (one row per output
    neuron): z = W·a + b. ``bias`` is optional (zeros). With ``size`` the weights
    are drawn as ``init`` says. Activations: identity, sigmoid, tanh, relu,
    softplus, softmax (last layer only). ``"residual": true`` adds the layer's
    input to its output. ``{"type": "layernorm"}``, ``{"type": "batchnorm"}`` and
    ``{"type": "attention", "size": d}`` are the other types
    (:mod:`graphviz_app.builders.layer_spec` describes each).
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

from dataclasses import dataclass
from typing import Any

import numpy as np

from graphviz_app.builders.data_spec import DataSpec, parse_data
from graphviz_app.builders.layer_spec import (
    LAYER_KEYS,
    MAX_PARAMETERS,
    LayerSpec,
    draw_weights,
    parse_layer,
)
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
SPEC_KEYS = ("input", "target", "data", "batch", "layers", "loss", "init", "title", "description", "kind")
INIT_KEYS = ("seed", "scheme")


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
    data: DataSpec | None = None
    """The points it learns from (``data`` and ``batch``); ``inputs`` and ``targets`` are then one of them."""

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
        return sum(layer.n_parameters for layer in self.layers)

    def to_dict(self) -> dict[str, Any]:
        """The spec as JSON-ready data, every weight explicit (``size``/``init`` are gone)."""
        out: dict[str, Any] = {}
        if self.title is not None:
            out["title"] = self.title
        if self.description is not None:
            out["description"] = self.description
        if self.data is not None:
            out["data"], out["batch"] = self.data.to_dict(), self.data.batch
        else:
            out["input"] = self.inputs.tolist()
            out["target"] = self.targets.tolist()
        out["layers"] = [layer.to_dict() for layer in self.layers]
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
    data = _parse_data(obj)
    if data is None:
        inputs = _parse_input(required(obj, "input", "", "one sample [x1, x2, ...] or a batch of rows"))
    else:  # the first mini-batch (or its first point) stands for the data until a session shows another
        inputs = data.inputs(data.shown) if data.show == "batch" else data.inputs(data.shown)[0]
    layers_obj = required(obj, "layers", "", 'a list of {"weights": ..., "activation": ...}')
    loss = _parse_loss(required(obj, "loss", "", "one of " + ", ".join(LOSSES)))
    seed, scheme = _parse_init(obj.get("init", {}))
    rows = int(inputs.shape[0]) if inputs.ndim == 2 else None
    layers = _parse_layers(layers_obj, int(inputs.shape[-1]), np.random.default_rng(seed), scheme, rows)
    if data is None:
        target_obj = required(obj, "target", "", "what the loss compares the prediction with")
        targets = _parse_target(target_obj, loss, layers[-1].n_out, rows)
    else:
        data.check_against(loss, layers[-1].n_out)
        targets = data.targets(data.shown, loss)
        targets = targets if data.show == "batch" else targets[0]
    return NetworkSpec(
        inputs,
        targets,
        layers,
        loss,
        title=_text(obj.get("title"), "title"),
        description=_text(obj.get("description"), "description"),
        data=data,
    )


def _parse_data(obj: dict[str, Any]) -> DataSpec | None:
    """The spec's ``data`` (and ``batch``), which replace ``input`` and ``target``; None without them."""
    if "data" not in obj:
        if "batch" in obj:
            raise SpecError("batch", 'mini-batches are taken from data: give "data" too, or remove "batch"')
        return None
    for key in ("input", "target"):
        if key in obj:
            raise SpecError(key, f'"data" gives the inputs and targets: remove "{key}" (or "data")')
    return parse_data(obj["data"], obj.get("batch"))


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


def _parse_layers(
    value: Any, n_in: int, rng: np.random.Generator, scheme: str, samples: int | None
) -> tuple[LayerSpec, ...]:
    if not isinstance(value, list) or not value:
        raise SpecError("layers", f"expected a non-empty list of layers, got {show_value(value)}")
    layers = []
    total = 0
    for i, layer in enumerate(value):
        parsed = parse_layer(
            layer,
            f"layers[{i}]",
            n_in,
            rng,
            scheme,
            last=i == len(value) - 1,
            samples=samples,
            budget=MAX_PARAMETERS - total,
        )
        total += parsed.n_parameters
        layers.append(parsed)
        n_in = parsed.n_out
    return tuple(layers)


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

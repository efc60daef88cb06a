"""One layer of a network spec: its type, its parameters, and the checks of its JSON.

A layer is one of four types (``"type"``, default ``"dense"``):

``dense``
    ``{"weights": [[...]], "bias": [...], "activation": NAME}`` or ``{"size": N, "activation": NAME}``:
    a = act(W·a_prev + b), W out × in (PyTorch's ``nn.Linear`` layout). With ``"residual": true``
    the layer adds its input back, a = a_prev + act(W·a_prev + b), which needs as many
    outputs as inputs.
``layernorm``
    ``{"type": "layernorm"}``: each sample is normalised over its features,
    x̂ = (a − μ)/√(σ² + ε) with the biased variance and ε = 1e-5, then scaled and
    shifted, a = g ⊙ x̂ + beta, as ``torch.nn.LayerNorm``. ``"g"`` and ``"beta"``
    (one number per feature) default to ones and zeros, as PyTorch's.
``batchnorm``
    ``{"type": "batchnorm"}``: the same, with each feature normalised over the
    samples of the batch (training mode: the batch's own mean and biased variance,
    as ``torch.nn.BatchNorm1d`` when training). It needs a batch of at least 2 rows.
``attention``
    ``{"type": "attention", "size": d}``: single-head self-attention over the rows of
    the input, taken as a sequence of tokens: a = softmax(Q Kᵀ/√d) V with Q = A Wqᵀ,
    K = A Wkᵀ, V = A Wvᵀ; ``"Wq"``, ``"Wk"``, ``"Wv"`` are d × in (drawn as ``init``
    says when not given). It needs the input as rows (one per token); ``"residual": true``
    adds the input back when d equals the input size.

:data:`PARAMETERS` names each type's parameters: the JSON key and the family of
the leaves (``W1``, ``g2``, ``Wq3``; ``W1[0,1]`` in the neuron view).

Examples
--------
>>> rng = np.random.default_rng(0)
>>> norm = parse_layer({"type": "layernorm"}, "layers[1]", 3, rng, "xavier", last=False, samples=1)
>>> norm.kind, norm.n_in, norm.n_out, norm.params["g"].tolist()
('layernorm', 3, 3, [1.0, 1.0, 1.0])
>>> parse_layer({"size": 2, "activation": "relu", "residual": True}, "layers[0]", 3, rng, "xavier",
...             last=False, samples=1)
Traceback (most recent call last):
    ...
graphviz_app.errors.SpecError: layers[0].residual: a residual layer adds its input to its output, so they must have the same size; this layer maps 3 inputs to 2 outputs (give it 3 neurons, or drop "residual")
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from graphviz_app.builders.spec_values import (
    check_keys,
    did_you_mean,
    number_list,
    number_rows,
    required,
    show_value,
    whole_number,
)
from graphviz_app.core.optable import ACTIVATIONS
from graphviz_app.errors import SpecError

__all__ = [
    "ATTENTION",
    "BATCHNORM",
    "DENSE",
    "LAYERNORM",
    "LAYER_KEYS",
    "LAYER_TYPES",
    "MAX_PARAMETERS",
    "NORMS",
    "NORM_EPS",
    "PARAMETERS",
    "LayerSpec",
    "draw_weights",
    "parse_layer",
]

DENSE, LAYERNORM, BATCHNORM, ATTENTION = "dense", "layernorm", "batchnorm", "attention"
LAYER_TYPES = (DENSE, LAYERNORM, BATCHNORM, ATTENTION)
NORMS = (LAYERNORM, BATCHNORM)
MAX_PARAMETERS = 1_000_000
"""More weights and biases than this are refused: the app draws networks, it does not train big ones."""
NORM_EPS = 1e-5
"""The ε under a normalisation's square root, PyTorch's default."""
PARAMETERS: dict[str, tuple[tuple[str, str], ...]] = {
    DENSE: (("weights", "W"), ("bias", "b")),
    LAYERNORM: (("g", "g"), ("beta", "beta")),
    BATCHNORM: (("g", "g"), ("beta", "beta")),
    ATTENTION: (("Wq", "Wq"), ("Wk", "Wk"), ("Wv", "Wv")),
}
"""Each type's parameters in order: (the JSON key, the family of its leaves)."""
LAYER_KEYS: dict[str, tuple[str, ...]] = {
    DENSE: ("type", "weights", "bias", "size", "activation", "residual"),
    LAYERNORM: ("type", "g", "beta"),
    BATCHNORM: ("type", "g", "beta"),
    ATTENTION: ("type", "size", "Wq", "Wk", "Wv", "residual"),
}


@dataclass(frozen=True, eq=False)
class LayerSpec:
    """One checked layer with every parameter materialised.

    ``params`` maps each family of :data:`PARAMETERS` (``"W"``, ``"b"``; ``"g"``,
    ``"beta"``; ``"Wq"``, ``"Wk"``, ``"Wv"``) to its array. ``activation`` is the
    dense layer's activation, ``None`` for the other types.
    """

    kind: str
    params: dict[str, np.ndarray] = field(repr=False)
    n_in: int
    n_out: int
    activation: str | None = None
    residual: bool = False

    @property
    def weights(self) -> np.ndarray:
        """A dense layer's W (out × in)."""
        return self.params["W"]

    @property
    def bias(self) -> np.ndarray:
        """A dense layer's b."""
        return self.params["b"]

    @property
    def n_parameters(self) -> int:
        return sum(int(p.size) for p in self.params.values())

    def with_params(self, params: dict[str, np.ndarray]) -> LayerSpec:
        """The same layer with new parameter values (same shapes)."""
        return LayerSpec(self.kind, params, self.n_in, self.n_out, self.activation, self.residual)

    def to_dict(self) -> dict[str, Any]:
        """The layer as JSON-ready data, every parameter explicit."""
        out: dict[str, Any] = {} if self.kind == DENSE else {"type": self.kind}
        for key, family in PARAMETERS[self.kind]:
            out[key] = self.params[family].tolist()
        if self.activation is not None:
            out["activation"] = self.activation
        if self.residual:
            out["residual"] = True
        return out


def draw_weights(rng: np.random.Generator, scheme: str, n_out: int, n_in: int) -> np.ndarray:
    """An out × in weight matrix drawn by ``scheme`` (see :mod:`.network_spec`)."""
    if scheme == "xavier":
        limit = math.sqrt(6.0 / (n_in + n_out))
        return rng.uniform(-limit, limit, size=(n_out, n_in))
    if scheme == "he":
        return rng.normal(0.0, math.sqrt(2.0 / n_in), size=(n_out, n_in))
    return rng.normal(0.0, 0.1, size=(n_out, n_in))


def parse_layer(
    layer: Any,
    path: str,
    n_in: int,
    rng: np.random.Generator,
    scheme: str,
    *,
    last: bool,
    samples: int | None,
    budget: int | None = None,
) -> LayerSpec:
    """Check one layer (a dict from JSON) that receives ``n_in`` features.

    ``samples`` is the number of input rows, ``None`` for a single sample (a list).
    ``budget`` is how many parameters the layer may still have; more raises
    :class:`SpecError` before anything is drawn.
    """
    if not isinstance(layer, dict):
        raise SpecError(
            path, f'expected an object like {{"size": 3, "activation": "relu"}}, got {show_value(layer)}'
        )
    kind = layer.get("type", DENSE)
    if kind not in LAYER_TYPES:
        raise SpecError(
            f"{path}.type",
            f"unknown layer type {show_value(kind)}{did_you_mean(kind, LAYER_TYPES)}; "
            f"expected one of {', '.join(LAYER_TYPES)}",
        )
    check_keys(layer, LAYER_KEYS[kind], path)
    if kind in NORMS:
        parsed = _norm(layer, path, kind, n_in, samples)
    elif kind == ATTENTION:
        parsed = _attention(layer, path, n_in, rng, scheme, samples, budget)
    else:
        parsed = _dense(layer, path, n_in, rng, scheme, last, budget)
    if parsed.residual and parsed.n_out != n_in:
        grow = f"give it {n_in} neurons" if kind == DENSE else f'give it "size": {n_in}'
        raise SpecError(
            f"{path}.residual",
            "a residual layer adds its input to its output, so they must have the same size; this "
            f"layer maps {_count(n_in, 'input')} to {_count(parsed.n_out, 'output')} "
            f'({grow}, or drop "residual")',
        )
    return parsed


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' if n != 1 else ''}"


def _residual(layer: dict, path: str) -> bool:
    value = layer.get("residual", False)
    if not isinstance(value, bool):
        raise SpecError(f"{path}.residual", f"expected true or false, got {show_value(value)}")
    return value


def _too_many(path: str, count: int, budget: int | None) -> None:
    if budget is not None and count > budget:
        raise SpecError(
            path,
            f"the network would have more than {MAX_PARAMETERS:,} weights and biases; "
            "use fewer or smaller layers",
        )


def _norm(layer: dict, path: str, kind: str, n_in: int, samples: int | None) -> LayerSpec:
    if kind == BATCHNORM and (samples or 1) < 2:
        raise SpecError(
            path,
            "batchnorm normalises each feature over the samples of a batch, so it needs a batch "
            "of at least 2 rows as input (as torch.nn.BatchNorm1d when training)",
        )
    params = {
        "g": _vector(layer, "g", path, n_in, 1.0),
        "beta": _vector(layer, "beta", path, n_in, 0.0),
    }
    return LayerSpec(kind, params, n_in, n_in)


def _vector(layer: dict, key: str, path: str, n: int, default: float) -> np.ndarray:
    if key not in layer:
        return np.full(n, default)
    return number_list(layer[key], f"{path}.{key}", length=n, what="numbers (one per feature)")


def _attention(
    layer: dict,
    path: str,
    n_in: int,
    rng: np.random.Generator,
    scheme: str,
    samples: int | None,
    budget: int | None,
) -> LayerSpec:
    if samples is None:
        raise SpecError(
            path,
            "attention takes the rows of the input as a sequence of tokens: give the input as a "
            "list of rows, one per token",
        )
    given = [key for key in ("Wq", "Wk", "Wv") if key in layer]
    if "size" in layer:
        size = whole_number(layer["size"], f"{path}.size", "a whole number ≥ 1", low=1)
    elif given and isinstance(layer[given[0]], list):
        size = len(layer[given[0]])
    else:
        raise SpecError(path, 'missing "size" (d, the size of the queries, keys and values)')
    _too_many(path, 3 * size * n_in, budget)
    params = {}
    for key in ("Wq", "Wk", "Wv"):
        if key in layer:
            params[key] = _matrix(layer[key], f"{path}.{key}", size, n_in, f'"size" is {size}')
        else:
            params[key] = draw_weights(rng, scheme, size, n_in)
    return LayerSpec(ATTENTION, params, n_in, size, residual=_residual(layer, path))


def _dense(
    layer: dict, path: str, n_in: int, rng: np.random.Generator, scheme: str, last: bool, budget: int | None
) -> LayerSpec:
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
    _too_many(path, n_out * (n_in + 1), budget)
    if "weights" in layer:
        why = (
            f"{path}.bias has {n_out} number{'s' if n_out != 1 else ''}"
            if isinstance(bias, list)
            else f'"size" is {n_out}'
            if size is not None
            else ""
        )
        weights = _matrix(layer["weights"], f"{path}.weights", n_out, n_in, why)
    else:
        weights = draw_weights(rng, scheme, n_out, n_in)
    if bias is None:
        bias_values = np.zeros(n_out)
    else:
        bias_values = number_list(bias, f"{path}.bias", what="numbers (one per neuron)")
    params = {"W": weights, "b": bias_values}
    return LayerSpec(DENSE, params, n_in, n_out, activation, _residual(layer, path))


def _matrix(value: Any, path: str, n_out: int, n_in: int, why: str) -> np.ndarray:
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

"""The network form's logic, below Qt: reading its fields, merging them into a spec, its hints.

The form (``graphviz_app.gui.panels.network_form``) only places fields and
tables; what their text means, how the layers typed there combine with the
open network's weights, and what the form says to the user are here, tested
without a display.

Examples
--------
>>> spec = form_spec(None, "0.5, 0.1", "1", [(2, "relu"), (1, "sigmoid")], "bce", 0, "xavier")
>>> [layer.get("size") for layer in spec["layers"]], spec["init"]
([2, 1], {'seed': 0, 'scheme': 'xavier'})
>>> layer_title(1, {"weights": [[1, 2], [3, 4], [5, 6]], "activation": "tanh"})
'Layer 1: 2 → 3, tanh'
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from graphviz_app.errors import SpecError
from graphviz_app.text.leaves import leaf_name, parse_leaf_name
from graphviz_app.text.numbers import format_full

__all__ = [
    "DEFAULT_SPEC",
    "HINT_CHANGED",
    "HINT_EDIT_WEIGHTS",
    "HINT_NO_NETWORK",
    "MAX_LAYER_SIZE",
    "MAX_WEIGHT_CELLS",
    "element_name",
    "form_spec",
    "layer_title",
    "parse_number",
    "parse_numbers",
    "too_many_weights_hint",
    "weight_tip",
]

MAX_LAYER_SIZE = 4096
MAX_WEIGHT_CELLS = 2500
"""Layers with more weights than this are not shown as a table (edit them in a spec file)."""
DEFAULT_SPEC: dict[str, Any] = {
    "input": [0.5, 0.1],
    "target": [0.0],
    "loss": "bce",
    "layers": [{"size": 2, "activation": "relu"}, {"size": 1, "activation": "sigmoid"}],
}
"""What the form shows before any network is open."""


HINT_NO_NETWORK = "no network is open: Apply builds one from this form"
HINT_CHANGED = "changed: press Apply to rebuild the network"
HINT_EDIT_WEIGHTS = "double-click a cell to change a weight: the gradients follow at once"


def parse_number(text: str, path: str) -> float:
    text = text.strip().replace("\u2212", "-")  # accept the true minus sign the app displays
    try:
        value = float(text)
    except ValueError:
        raise SpecError(
            path, f"'{text}' is not a number; separate numbers with commas (and samples with ';')"
        ) from None
    if not math.isfinite(value):
        raise SpecError(path, f"expected a finite number, got '{text}'")
    return value


def parse_numbers(text: str, path: str) -> list[float] | list[list[float]]:
    """Comma-separated numbers, or rows separated by ``;`` (a batch).

    Raises :class:`SpecError` at ``path`` (``"input"``, ``"target"``) naming the bad piece.

    Examples
    --------
    >>> parse_numbers("0.5, −0.1", "input")
    [0.5, -0.1]
    >>> parse_numbers("1, 2; 3, 4", "input")
    [[1.0, 2.0], [3.0, 4.0]]
    >>> parse_numbers("1, x", "input")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    graphviz_app.errors.SpecError: input[1]: 'x' is not a number; separate numbers with commas ...
    """
    if not text.strip():
        raise SpecError(path, "empty: type numbers separated by commas, e.g. 0.5, 0.1")
    if ";" not in text:
        return [parse_number(piece, f"{path}[{i}]") for i, piece in enumerate(text.split(","))]
    rows = [row for row in text.split(";") if row.strip()]
    return [
        [parse_number(piece, f"{path}[{s}][{i}]") for i, piece in enumerate(row.split(","))]
        for s, row in enumerate(rows)
    ]


def element_name(leaf: str, index: tuple[int, ...]) -> str:
    """``W1[0,1]``: the element of a layer-view array, named as the neuron view names its leaf."""
    name = parse_leaf_name(leaf)
    return leaf_name(name.what, name.layer, *index) if name else f"{leaf}{list(index)}"


def form_spec(
    old: Mapping[str, Any] | None,
    input_text: str,
    target_text: str,
    layers: Sequence[tuple[int, str]],
    loss: str,
    seed: int,
    scheme: str,
    redraw: bool = False,
) -> dict[str, Any]:
    """The spec the form's fields describe. Raises :class:`SpecError` for unreadable numbers.

    Layers whose shape matches the open network ``old`` keep its weights unless
    ``redraw``; its title and description are kept.
    """
    inputs = parse_numbers(input_text, "input")
    target = parse_numbers(target_text, "target")
    n_in = len(inputs[0]) if isinstance(inputs[0], list) else len(inputs)
    old_layers = old["layers"] if old is not None else []
    new_layers: list[dict[str, Any]] = []
    for row, (size, activation) in enumerate(layers):
        kept = old_layers[row] if row < len(old_layers) and not redraw else None
        if kept is not None and np.shape(kept["weights"]) == (size, n_in):
            new_layers.append({"weights": kept["weights"], "bias": kept["bias"], "activation": activation})
        else:
            new_layers.append({"size": size, "activation": activation})
        n_in = size
    spec: dict[str, Any] = {
        key: old[key] for key in ("title", "description") if old is not None and key in old
    }
    spec.update(
        {
            "input": inputs,
            "target": target,
            "layers": new_layers,
            "loss": loss,
            "init": {"seed": seed, "scheme": scheme},
        }
    )
    return spec


def layer_title(k: int, layer: Mapping[str, Any]) -> str:
    """``Layer 1: 2 → 3, tanh``: the weights table's choice of layer ``k`` (1-based)."""
    out, n_in = np.shape(layer["weights"])
    return f"Layer {k}: {n_in} → {out}, {layer['activation']}"


def too_many_weights_hint(k: int, out: int, n_in: int) -> str:
    return f"layer {k} has {out}×{n_in} weights, too many for a table; edit them in a spec file"


def weight_tip(name: str, value: float, grad: float | None) -> str:
    """A weight cell's tooltip: its value and its gradient in full precision."""
    tip = f"{name} = {format_full(value)}"
    return tip if grad is None else f"{tip}\n∂L/∂{name} = {format_full(grad)}"

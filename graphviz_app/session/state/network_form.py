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
from typing import Any, NamedTuple

import numpy as np

from graphviz_app.builders.layer_spec import DENSE, LAYER_TYPES, NORMS, PARAMETERS
from graphviz_app.errors import SpecError
from graphviz_app.text.leaves import leaf_name, parse_leaf_name
from graphviz_app.text.numbers import format_full

__all__ = [
    "DEFAULT_SPEC",
    "HINT_CHANGED",
    "HINT_EDIT_WEIGHTS",
    "HINT_NO_NETWORK",
    "LAYER_TYPES",
    "MAX_LAYER_SIZE",
    "MAX_WEIGHT_CELLS",
    "FormLayer",
    "data_summary",
    "element_name",
    "form_layers",
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


class FormLayer(NamedTuple):
    """One row of the form's layers table.

    ``size`` is the number of neurons (a dense layer) or d (attention); a normalisation
    keeps its input's size. ``activation`` is a dense layer's; ``residual`` adds the
    layer's input to its output.
    """

    size: int
    activation: str
    kind: str = DENSE
    residual: bool = False

    @property
    def sized(self) -> bool:
        """Whether the row's size means anything (not for a normalisation)."""
        return self.kind not in NORMS

    @property
    def skippable(self) -> bool:
        """Whether the row may have a residual skip (a dense or an attention layer)."""
        return self.kind not in NORMS

    @property
    def activated(self) -> bool:
        """Whether the row's activation means anything (a dense layer's only)."""
        return self.kind == DENSE


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
    layers: Sequence[tuple],
    loss: str,
    seed: int,
    scheme: str,
    redraw: bool = False,
) -> dict[str, Any]:
    """The spec the form's fields describe. Raises :class:`SpecError` for unreadable numbers.

    ``layers`` are :class:`FormLayer` rows (or tuples of their fields). Layers whose type
    and shapes match the open network ``old`` keep its parameters unless ``redraw``; its
    title and description are kept, and its data (``data`` and ``batch``, when it learns
    from points) in place of the input and target fields.
    """
    data = {key: old[key] for key in ("data", "batch") if old is not None and key in old}
    if data:
        n_in = len(data["data"].get("features", ["x1", "x2"]))
    else:
        inputs = parse_numbers(input_text, "input")
        target = parse_numbers(target_text, "target")
        n_in = len(inputs[0]) if isinstance(inputs[0], list) else len(inputs)
    old_layers = old["layers"] if old is not None else []
    new_layers: list[dict[str, Any]] = []
    for row, fields in enumerate(layers):
        layer = FormLayer(*fields)
        kept = old_layers[row] if row < len(old_layers) and not redraw else None
        new_layers.append(_form_layer(layer, n_in, kept))
        n_in = layer.size if layer.sized else n_in
    spec: dict[str, Any] = {
        key: old[key] for key in ("title", "description") if old is not None and key in old
    }
    spec.update(data or {"input": inputs, "target": target})
    spec.update(
        {
            "layers": new_layers,
            "loss": loss,
            "init": {"seed": seed, "scheme": scheme},
        }
    )
    return spec


def _form_layer(layer: FormLayer, n_in: int, kept: Mapping[str, Any] | None) -> dict[str, Any]:
    """The spec of one row: the open network's parameters ``kept`` when they still fit."""
    out: dict[str, Any] = {"activation": layer.activation} if layer.kind == DENSE else {"type": layer.kind}
    if kept is not None and kept.get("type", DENSE) == layer.kind and _fits(layer, kept, n_in):
        for key, _family in PARAMETERS[layer.kind]:
            out[key] = kept[key]
    elif layer.sized:
        out["size"] = layer.size
    if layer.residual and layer.skippable:
        out["residual"] = True
    return out


def _fits(layer: FormLayer, kept: Mapping[str, Any], n_in: int) -> bool:
    """Whether the open network's parameters of this row have the shapes the row now asks for."""
    first = PARAMETERS[layer.kind][0][0]
    if first not in kept:
        return False
    want = (n_in,) if layer.kind in NORMS else (layer.size, n_in)
    return np.shape(kept[first]) == want


def form_layers(spec: Mapping[str, Any]) -> list[FormLayer]:
    """The rows of the form's layers table for ``spec`` (a spec dict, explicit or with sizes)."""
    rows = []
    data = spec.get("data")
    n_in = (
        len(data.get("features", ["x1", "x2"])) if isinstance(data, Mapping) else np.shape(spec["input"])[-1]
    )
    for layer in spec["layers"]:
        kind = layer.get("type", DENSE)
        if kind in NORMS:
            size = n_in
        elif "size" in layer:
            size = layer["size"]
        else:
            size = len(layer["bias"] if kind == DENSE and "bias" in layer else layer[PARAMETERS[kind][0][0]])
        rows.append(FormLayer(size, layer.get("activation", "identity"), kind, bool(layer.get("residual"))))
        n_in = size
    return rows


def data_summary(spec: Mapping[str, Any]) -> str | None:
    """What the input and target fields say of a network that learns from data (None: it has none).

    >>> data_summary({"data": {"kind": "xor", "n": 200, "test": 0.5}, "batch": 10})
    'the data: xor, 200 points, 50% held out for testing, mini-batches of 10'
    """
    data = spec.get("data")
    if not isinstance(data, Mapping):
        return None
    n = len(data["points"]) if "points" in data else data.get("n", 200)
    return (
        f"the data: {data.get('kind', 'points given')}, {n} points, "
        f"{round(100 * data.get('test', 0.5))}% held out for testing, mini-batches of {spec.get('batch', 10)}"
    )


def layer_title(k: int, layer: Mapping[str, Any]) -> str:
    """``Layer 1: 2 → 3, tanh``: the weights table's choice of layer ``k`` (1-based)."""
    kind = layer.get("type", DENSE)
    skip = ", residual" if layer.get("residual") else ""
    if kind in NORMS:
        return f"Layer {k}: {kind} over {len(layer['g'])} features"
    out, n_in = np.shape(layer[PARAMETERS[kind][0][0]])
    what = layer["activation"] if kind == DENSE else kind
    return f"Layer {k}: {n_in} → {out}, {what}{skip}"


def too_many_weights_hint(k: int, out: int, n_in: int) -> str:
    return f"layer {k} has {out}×{n_in} weights, too many for a table; edit them in a spec file"


def weight_tip(name: str, value: float, grad: float | None) -> str:
    """A weight cell's tooltip: its value and its gradient in full precision."""
    tip = f"{name} = {format_full(value)}"
    return tip if grad is None else f"{tip}\n∂L/∂{name} = {format_full(grad)}"

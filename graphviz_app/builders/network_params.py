"""Writing values back into a network spec, so a trained or edited network can be saved."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import numpy as np

from graphviz_app.builders.leaf_names import parse_leaf_name
from graphviz_app.builders.network_spec import NetworkSpec, parse_spec
from graphviz_app.errors import SpecError

__all__ = ["FoldedSpec", "spec_with_params"]


def spec_with_params(spec: Any, params: Mapping[str, Any]) -> dict[str, Any]:
    """The spec as a dict with new values, so a trained or edited network can be saved.

    ``params`` maps node ids of either view to values: ``W1`` (a whole out × in
    matrix) or ``W1[0,1]`` (one weight), ``b2`` or ``b2[0]`` (and a normalisation's
    ``g2``, ``beta2``, attention's ``Wq3``, ``Wk3``, ``Wv3``), and likewise the
    inputs ``x``/``X``/``x[i]``/``x[s,i]`` and targets ``y``... (cross-entropy
    targets as class indices, ``y``/``Y`` only). Every weight is written out
    explicitly. The result is checked like any spec.

    >>> spec = {"input": [1.0], "target": [0.5], "loss": "mse",
    ...         "layers": [{"weights": [[2.0]], "bias": [0.0], "activation": "identity"}]}
    >>> spec_with_params(spec, {"W1[0,0]": 1.5, "b1": [0.25]})["layers"][0]
    {'weights': [[1.5]], 'bias': [0.25], 'activation': 'identity'}
    """
    return folded_into(parse_spec(spec), params)[1]


def folded_into(spec: NetworkSpec, params: Mapping[str, Any]) -> tuple[NetworkSpec, dict[str, Any]]:
    """:func:`spec_with_params` of a parsed spec: the new spec, parsed (so checked) and as a dict."""
    layer_params = [{family: p.copy() for family, p in layer.params.items()} for layer in spec.layers]
    data = {"x": spec.inputs.astype(float), "y": spec.targets.astype(float)}
    for key, value in params.items():
        name = parse_leaf_name(key)
        if (
            spec.data is not None
            and name is not None
            and name.what in ("x", "X", "y", "Y")
            and name.layer is None
        ):
            continue  # the point on show: the data give every input and target
        array, index = _slot(spec, key, layer_params, data)
        new = np.asarray(value, dtype=float)
        if new.shape != np.shape(array[index]):
            raise SpecError(f"params[{key!r}]", f"expected shape {np.shape(array[index])}, got {new.shape}")
        array[index] = new
    targets = data["y"]
    if spec.loss == "cross_entropy":
        if not np.all(targets == np.round(targets)):
            raise SpecError("target", "class indices must be whole numbers")
        targets = targets.astype(int)
    layers = tuple(layer.with_params(p) for layer, p in zip(spec.layers, layer_params))
    out = replace(spec, inputs=data["x"], targets=targets, layers=layers).to_dict()
    return parse_spec(out), out


class FoldedSpec:
    """A network spec kept up to date with the values of its leaves, folding in only those that
    changed since it was last asked.

    The network form shows the spec after every edit; folding in every weight of a
    thousand-node network for one changed weight took 8 ms of an edit's 16. A value
    counts as changed unless it is the very object last folded in, or equal to a copy of
    it (an array changed in place is caught by the copy).
    """

    def __init__(self, spec: Any) -> None:
        self.source = spec
        self._spec = parse_spec(spec)
        self._dict: dict[str, Any] | None = None  # the spec as spec_with_params writes it, once folded
        self._folded: dict[str, Any] = {}  # leaf -> the value (a copy of an array) last folded in

    def with_values(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The spec as a dict with ``values`` (leaf names of either view, as :func:`spec_with_params`)."""
        folded = self._folded
        changed = {k: v for k, v in values.items() if not _same(folded.get(k, _NOTHING), v)}
        if changed or self._dict is None:
            self._spec, self._dict = folded_into(self._spec, changed)  # SpecError: nothing changes
            folded.update((k, v.copy() if isinstance(v, np.ndarray) else v) for k, v in changed.items())
        return copy.deepcopy(self._dict)  # the caller's to change


_NOTHING = object()


def _same(old: Any, new: Any) -> bool:
    if old is new:  # first: the values an edit left alone are the very objects folded in
        return True
    if isinstance(old, np.ndarray) or isinstance(new, np.ndarray):
        return bool(np.shape(old) == np.shape(new) and np.array_equal(old, new))
    return bool(old == new) if type(old) is type(new) else False


def _slot(spec: NetworkSpec, key: str, layer_params: list[dict], data: dict) -> tuple[np.ndarray, Any]:
    """The array and index that node id ``key`` names, or a SpecError."""
    bad = SpecError(
        f"params[{key!r}]",
        "not a weight, bias, input or target of this network "
        "(names look like W1, W1[0,1], b1, b1[0], g2, beta2[0], Wq3, x[0], y)",
    )
    name = parse_leaf_name(key)
    if name is None or len(name.index) > 2:
        raise bad
    index = name.index
    if name.layer is not None:
        if not 1 <= name.layer <= len(spec.layers) or name.what not in layer_params[name.layer - 1]:
            raise bad
        array = layer_params[name.layer - 1][name.what]
    elif name.what in ("x", "X", "y", "Y"):
        array = data[name.what.lower()]
        if name.what.lower() == "y" and spec.loss == "cross_entropy" and index:
            raise SpecError(f"params[{key!r}]", "cross-entropy targets are class indices: set y (or Y)")
        if name.what.isupper() != spec.batch and not index:
            raise bad
    else:
        raise bad
    if len(index) not in (0, array.ndim) or any(i >= n for i, n in zip(index, array.shape)):
        raise bad
    return array, (index or ...)

"""A network's path count explained: one path per choice of neuron in each layer.

In the neuron view a path from an input (or a weight, bias or neuron of layer k)
to the loss passes through exactly one neuron of each later layer, so the count
is the product of the layer widths when the loss adds its terms. Networks with
skips, normalisations or attention are not explained this way.
"""

from __future__ import annotations

import math
from typing import Any

from graphviz_app.text.leaves import parse_leaf_name
from graphviz_app.text.numbers import count_text

__all__ = ["layer_widths", "width_explanation"]


def layer_widths(spec: Any, source: str, target: str, loss_node: str = "L") -> tuple[list[int], int] | None:
    """Widths of the layers a path from ``source`` to ``target`` chooses a neuron in, and the samples.

    In the neuron view, a path from an input (or a weight, bias or neuron of layer k)
    to the loss passes through exactly one neuron of each later layer, so with a loss
    that adds its terms there is one path per choice. Returns ``None`` when the
    nodes are not neurons of a layered network.

    >>> from graphviz_app.builders.network_spec import parse_spec
    >>> spec = parse_spec({"input": [1, 2], "target": [0], "loss": "mse", "layers": [
    ...     {"size": 2, "activation": "tanh"}, {"size": 2, "activation": "tanh"},
    ...     {"size": 1, "activation": "identity"}]})
    >>> layer_widths(spec, "x[0]", "L"), layer_widths(spec, "W2[0,1]", "a3[0]")
    (([2, 2, 1], 1), ([], 1))
    """
    if any(layer.kind != "dense" or layer.residual for layer in spec.layers):
        return None  # a skip, a normalisation or attention combines the neurons of a layer otherwise
    m = parse_leaf_name(source)
    if m is None or not m.index or m.what not in ("x", "W", "b", "z", "a"):
        return None
    k = m.layer or 0 if m.what != "x" else 0
    if target == loss_node:
        end = len(spec.layers) + 1
    else:
        t = parse_leaf_name(target)
        if t is None or not t.index or t.what not in ("z", "a") or t.layer is None or t.layer <= k:
            return None
        end = t.layer
    samples = spec.n_samples if spec.batch and m.what in ("W", "b") and target == loss_node else 1
    return list(spec.sizes[k + 1 : end]), samples


def width_explanation(spec: Any, source: str, target: str, count: int, loss_node: str = "L") -> str | None:
    """``2 × 2 × 1 = 4 paths: one per choice of neuron in each layer``, when the count is that product.

    >>> from graphviz_app.builders.network_spec import parse_spec
    >>> spec = parse_spec({"input": [1, 2], "target": [0], "loss": "mse", "layers": [
    ...     {"size": 2, "activation": "tanh"}, {"size": 2, "activation": "tanh"},
    ...     {"size": 1, "activation": "identity"}]})
    >>> width_explanation(spec, "x[0]", "L", 4)
    '2 × 2 × 1 = 4 paths: one per choice of neuron in each layer'
    """
    found = layer_widths(spec, source, target, loss_node)
    if found is None:
        return None
    widths, samples = found
    factors = ([f"{samples} samples"] if samples > 1 else []) + [str(w) for w in widths]
    product = samples * math.prod(widths)
    if product == 1 == count:  # one neuron per layer: nothing to choose
        return None
    expression = " × ".join(factors)
    choice = "of sample and of neuron in each later layer" if samples > 1 else "of neuron in each layer"
    if product == count:
        return f"{expression} = {count_text(count)} paths: one per choice {choice}"
    return (
        f"{expression} = {count_text(product)} would be one path per choice {choice}; the other "
        f"{count - product:,} come from where the outputs are combined (a softmax or the loss)"
        if count > product
        else f"{expression} = {count_text(product)} choices of neuron, but {count_text(count)} paths"
    )

"""How much gradient reaches each layer of a network: the numbers behind the vanishing gradient.

For layer l with pre-activation z_l = W_l a_{l−1} + b_l this gives
‖∂L/∂z_l‖₂ (every element of the pre-activation gradient, all samples, as one
vector) and ‖∂L/∂W_l‖_F. Through a sigmoid layer ∂L/∂z_{l−1} = σ'(z_{l−1}) ⊙
(W_lᵀ ∂L/∂z_l), and σ' ≤ ¼, so with weights near 1 each layer back keeps at most
a quarter of the gradient: after ten layers 0.25¹⁰ ≈ 10⁻⁶. :func:`reference_line`
draws that bound from the last layer back, as far as the layers are sigmoids: a ReLU's
slope is 1, and no quarter applies to it.

Both views of a network give the same numbers: the neuron view's ``z2[0]``,
``z2[1]`` are the elements of the layer view's ``z2``; ``W2[0,1]`` of ``W2``.
The nodes are found by their names (:mod:`graphviz_app.text.leaves`), which the
network builder makes.

Examples
--------
>>> from graphviz_app.builders.examples import load_example
>>> from graphviz_app.builders.network import build_network
>>> from graphviz_app.core.evaluate import evaluate
>>> spec = load_example("deep-sigmoid").payload
>>> flow = [layer_gradients(evaluate(build_network(spec, view=v).graph)) for v in ("neuron", "layer")]
>>> all(abs(a.grad_norm - b.grad_norm) <= 1e-12 * b.grad_norm for a, b in zip(*flow))
True
>>> flow[0][0].grad_norm < 1e-3 * flow[0][-1].grad_norm     # the first layer gets almost nothing
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation
from graphviz_app.text.leaves import parse_leaf_name

__all__ = ["SIGMOID", "SIGMOID_BOUND", "LayerGradient", "layer_gradients", "reference_line"]

SIGMOID = "sigmoid"
"""The op of a sigmoid layer's activation nodes (``a3[0]``, ``a3``)."""
SIGMOID_BOUND = 0.25
"""The largest slope of the sigmoid, σ'(0) = ¼: the most a sigmoid layer passes back per unit of weight."""


@dataclass(frozen=True)
class LayerGradient:
    """The gradient one layer receives: ``layer`` is 1-based, as in W1, z1.

    ``activation`` is the op of the layer's activation (``"sigmoid"``, ``"relu"``), None
    when the layer has none (identity).
    """

    layer: int
    grad_norm: float
    weight_grad_norm: float
    activation: str | None = None


def _sum_squares(value: Any) -> float:
    if value is None:
        return 0.0
    arr = np.asarray(value, dtype=float)
    return float(np.sum(arr * arr))


def layer_gradients(ev: Evaluation) -> list[LayerGradient]:
    """‖∂L/∂z_l‖₂ and ‖∂L/∂W_l‖_F for every layer of a network's evaluation, in order.

    Empty for a graph with no nodes named like a network's pre-activations (an expression).
    """
    g = ev.graph
    z: dict[int, float] = {}
    w: dict[int, float] = {}
    activation: dict[int, str] = {}
    for node in ev.order:
        name = parse_leaf_name(node)
        if name is None or name.layer is None:
            continue
        if name.what == "z" and g.nodes[node][G.OP] is not None:
            z[name.layer] = z.get(name.layer, 0.0) + _sum_squares(ev.grads.get(node))
        elif name.what == "W" and g.nodes[node][G.KIND] == G.PARAM:
            w[name.layer] = w.get(name.layer, 0.0) + _sum_squares(ev.grads.get(node))
        elif name.what == "a" and g.nodes[node][G.OP] is not None:
            activation[name.layer] = g.nodes[node][G.OP]
    return [LayerGradient(k, math.sqrt(z[k]), math.sqrt(w.get(k, 0.0)), activation.get(k)) for k in sorted(z)]


def reference_line(layers: list[LayerGradient], factor: float = SIGMOID_BOUND) -> list[float]:
    """The sigmoid's bound (weights ≈ 1): the last layer's ‖∂L/∂z‖ times ``factor`` once per layer back.

    Going from layer l + 1 back to layer l multiplies by layer l's σ′, so the line goes
    back only through sigmoid layers; from the first layer that is not one (and for a
    network with no sigmoid to pass through), the value is nan: no line.

    >>> relu_then_sigmoid = [LayerGradient(1, 1.0, 1.0, "relu"), LayerGradient(2, 1.0, 1.0, "sigmoid"),
    ...                      LayerGradient(3, 0.5, 1.0, "sigmoid")]
    >>> reference_line(relu_then_sigmoid)
    [nan, 0.125, 0.5]
    >>> reference_line(relu_then_sigmoid[:1])
    [nan]
    """
    if not layers:
        return []
    line = [math.nan] * len(layers)
    line[-1] = layers[-1].grad_norm
    for k in range(len(layers) - 2, -1, -1):
        if layers[k].activation != SIGMOID:
            break
        line[k] = line[k + 1] * factor
    if all(math.isnan(v) for v in line[:-1]):
        line[-1] = math.nan  # one point is no line
    return line

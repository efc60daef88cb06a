"""A network spec turned into a computation graph, at two granularities.

The spec format is described in :mod:`graphviz_app.builders.network_spec`. From one
spec this module builds either view; both compute the same loss and the same
gradients, to rounding.

**Neuron view**: every number is a node. For layer k, neuron i of one sample::

    W{k}[i,j] ─┐
               × ── + ── + ── z{k}[i] ── act ── a{k}[i]
    a{k-1}[j] ─┘   (one product per input, summed, then + b{k}[i])

Leaves are ``x[i]`` (INPUT), ``W1[i,j]`` and ``b1[i]`` (PARAM, shared by all
samples) and ``y[i]`` (TARGET). The layer-k pre-activation is the add node
``z{k}[i]`` (it adds the bias), the activation is ``a{k}[i]``; the last one is ŷ.
The loss node is ``L``. With several outputs or samples each one gets a loss term
``L[i]`` (``L[s,i]``; ``L[s]`` for cross-entropy) and ``L`` adds them up and
divides as the loss defines (mse and bce by the number of terms, half_mse and
cross_entropy by the number of samples). A batch has one copy of the forward
computation per sample: ``x[s,i]``, ``z1[s,i]``, ``a1[s,i]``, ``y[s,i]``.
A softmax output is built from scalars: a[i] = exp(z[i]) / Σⱼ exp(z[j]).
Cross-entropy targets become one-hot constants ``y[j]`` (kind CONST: they get
no gradient) and the loss is the textbook −Σⱼ y[j]·log a[j] after a softmax,
or log Σⱼ exp(a[j]) − Σⱼ y[j]·a[j] on logits (PyTorch's CrossEntropyLoss).
These scalar formulas use plain exp, as they read: logits above about 700
overflow in the neuron view (the node is flagged), where the layer view's
softmax and cross_entropy ops shift by the maximum first.
Layout hints: ``layer`` is the rank (x at 0; each layer's weights and biases
share the rank of the activations they multiply, listed after them; then one
rank each for the products, the partial sums, the z's and the activations; then
the loss), so parent rank ≤ child rank on every edge (equal only along a chain
of partial sums). ``index`` orders nodes within a rank, sample by sample and
neuron by neuron.

**Layer view**: one node per tensor. ``x`` (a vector) for one sample and
z{k} = W{k} @ a{k-1} + b{k}; a batch is a matrix ``X`` (n × in) and
z{k} = a{k-1} @ W{k}ᵀ + b{k}, exactly PyTorch's nn.Linear (the ``transpose`` node
keeps W in the out × in layout). Then the activation ``a{k}``, the target ``y``
(``Y`` for a batch) and the loss ``L`` (one op: mse, half_se, bce,
cross_entropy on logits, or nll = −log p[k] after a softmax). Edges carry
tensors; :func:`graphviz_app.core.evaluate.local_jacobian` gives their Jacobians.

:func:`build_both` also returns the *mapping* from each layer-view node to the
neuron-view nodes it stands for: ``W1`` → every ``W1[i,j]``; the matmul node of
layer k → its products and the partial sums before the bias; ``z{k}`` → the
``z{k}[…]`` add nodes; ``a{k}`` → the activation nodes (for softmax the exp,
sum and divide nodes); ``x``/``y`` → their elements; ``L`` → every node of the
loss. Each neuron node appears exactly once; a batch's ``transpose`` nodes map to
nothing (the neuron view needs no transposing).

API
---
``parse_spec(obj) -> NetworkSpec`` and ``looks_like_network(obj) -> bool`` come
from :mod:`.network_spec` (files are read by :func:`graphviz_app.files.load_spec_file`);
``build_network(spec_or_obj, view="neuron"|"layer"|None) -> BuiltNetwork``;
``build_both(spec) -> (BuiltNetwork | None, BuiltNetwork, mapping)``;
``choose_view(spec, requested=None) -> (view, reason)``;
``neuron_node_count(spec) -> int``;
``spec_with_params(spec, params) -> dict`` writes trained or edited values back.

The neuron view grows with the network (its size is
:func:`neuron_node_count`, known before building). Beyond
:data:`NEURON_VIEW_NODE_LIMIT` nodes it is refused; by default the neuron view
is shown up to :data:`DEFAULT_NEURON_VIEW_MAX` nodes (:func:`choose_view`).

Examples
--------
>>> from graphviz_app.core.evaluate import evaluate
>>> spec = {"input": [0.5, 0.1], "target": [0], "loss": "bce", "layers": [
...     {"weights": [[0.5, -0.2], [0.3, 0.8]], "bias": [0.1, -0.1], "activation": "relu"},
...     {"weights": [[0.6, -0.4]], "bias": [0.0], "activation": "sigmoid"}]}
>>> neuron = build_network(spec, view="neuron")
>>> ev = evaluate(neuron.graph)
>>> round(ev.values["a2[0]"], 3), round(ev.grads["z2[0]"], 3), round(ev.grads["W1[0,0]"], 3)
(0.536, 0.536, 0.161)
>>> layer = build_network(spec, view="layer")
>>> round(float(evaluate(layer.graph).grads["W1"][0, 0]), 3)
0.161
>>> choose_view(spec)[0]
'neuron'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from graphviz_app.builders.layer_spec import DENSE, NORMS
from graphviz_app.builders.leaf_names import leaf_name, leaf_names
from graphviz_app.builders.network_blocks import (
    layer_attention,
    layer_norm,
    layer_residual,
    neuron_attention,
    neuron_norm,
    neuron_residual,
)
from graphviz_app.builders.network_nodes import Builder, Role, tag
from graphviz_app.builders.network_params import FoldedSpec, spec_with_params
from graphviz_app.builders.network_size import (
    DEFAULT_NEURON_VIEW_MAX,
    NEURON_VIEW_NODE_LIMIT,
    VIEWS,
    choose_view,
    loss_divisor,
    loss_terms,
    neuron_node_count,
)
from graphviz_app.builders.network_spec import (
    LayerSpec,
    NetworkSpec,
    looks_like_network,
    parse_spec,
)
from graphviz_app.core import graph as G
from graphviz_app.core.optable import NETWORK_LOSSES

__all__ = [
    "DEFAULT_NEURON_VIEW_MAX",
    "NEURON_VIEW_NODE_LIMIT",
    "VIEWS",
    "BuiltNetwork",
    "FoldedSpec",
    "LayerSpec",
    "NetworkSpec",
    "build_both",
    "build_network",
    "choose_view",
    "looks_like_network",
    "neuron_node_count",
    "parse_spec",
    "spec_with_params",
]


@dataclass
class BuiltNetwork:
    """A built view of a network.

    Attributes
    ----------
    graph:
        The computation graph; its output is the loss node.
    view:
        ``"neuron"`` or ``"layer"``.
    spec:
        The checked :class:`NetworkSpec` it was built from.
    loss_node:
        Id of the loss node, ``"L"``.
    prediction_nodes:
        Ids of ŷ: every last-layer activation ``a{K}[i]`` (``a{K}[s,i]``) in the
        neuron view, ``["a{K}"]`` in the layer view.
    """

    graph: nx.DiGraph
    view: str
    spec: NetworkSpec
    loss_node: str
    prediction_nodes: list[str]


# --- building ------------------------------------------------------------------------------


def _tag(what: str, layer: int | None, spec: NetworkSpec, s: int, *index: int) -> str:
    """``x[1]`` for one sample, ``x[s,1]`` in a batch."""
    return tag(what, layer, spec.batch, s, *index)


def _build_neuron(spec: NetworkSpec) -> tuple[BuiltNetwork, dict[Role, list[str]]]:
    b = Builder()
    samples = range(spec.n_samples)
    rows = spec.inputs if spec.batch else spec.inputs[None, :]
    n_in = spec.sizes[0]
    acts = [
        [
            b.leaf(("x",), _tag("x", None, spec, s, i), rows[s, i], G.INPUT, 0, s * n_in + i)
            for i in range(n_in)
        ]
        for s in samples
    ]
    rank = 0
    for k, layer in enumerate(spec.layers, start=1):
        if layer.kind == DENSE:
            acts, rank = _neuron_layer(b, spec, k, layer, acts, rank)
        elif layer.kind in NORMS:
            acts, rank = neuron_norm(b, spec.batch, k, layer, acts, rank)
        else:
            acts, rank = neuron_attention(b, k, layer, acts, rank)
    loss = _neuron_loss(b, spec, acts, rank)
    preds = [a for sample in acts for a in sample]
    g = b.graph()
    K, n_out = len(spec.layers), spec.sizes[-1]
    pairs = {
        _tag("z", K, spec, s, i): (_tag("a", K, spec, s, i), _tag("y", None, spec, s, i))
        for s in samples
        for i in range(n_out)
    }
    _mark_softmax_ce(g, spec, loss, pairs)
    return BuiltNetwork(g, "neuron", spec, loss, preds), b.roles


def _mark_softmax_ce(g: nx.DiGraph, spec: NetworkSpec, loss: str, pairs: dict[str, tuple[str, str]]) -> None:
    """Tell the captions where softmax meets cross-entropy: ∂L/∂z = (ŷ − y)/samples at every z of ``pairs``.

    ``pairs`` maps each z (the softmax's input) to its ŷ and y; in the layer view y holds class
    indices, in the neuron view the one-hot numbers.
    """
    last = spec.layers[-1]
    if spec.loss == "cross_entropy" and last.activation == "softmax" and not last.residual:
        g.graph[G.SOFTMAX_CE] = (loss, pairs, spec.n_samples)


def _neuron_layer(
    b: Builder, spec: NetworkSpec, k: int, layer: LayerSpec, acts: list[list[str]], rank: int
) -> tuple[list[list[str]], int]:
    n_in, n_out = layer.n_in, layer.n_out
    assert layer.activation is not None  # a dense layer always has one
    # The weights and biases share the rank of the activations they multiply, listed after
    # them, so a layer takes four columns (×, Σ, z, a) rather than five: more legible at fit.
    after = len(acts) * n_in
    w = [
        b.leaves(
            ("W", k),
            leaf_names("W", k, i, count=n_in),
            layer.weights[i].tolist(),
            G.PARAM,
            rank,
            range(after + i * (n_in + 1), after + i * (n_in + 1) + n_in),
        )
        for i in range(n_out)
    ]
    bias = [
        b.leaf(("b", k), leaf_name("b", k, i), layer.bias[i], G.PARAM, rank, after + i * (n_in + 1) + n_in)
        for i in range(n_out)
    ]
    out = []
    act_name = None if layer.residual else "a"  # with a skip, a_k is the sum after the activation
    for s, a_prev in enumerate(acts):
        zs = []
        for i in range(n_out):
            at = s * n_out + i
            products = b.ops(
                ("matmul", k),
                "mul",
                list(zip(w[i], a_prev)),
                layer=rank + 1,
                indices=range(at * n_in, at * n_in + n_in),
            )
            total = b.sum(("matmul", k), products, layer=rank + 2, index=at)
            zs.append(
                b.op(("z", k), "add", [total, bias[i]], _tag("z", k, spec, s, i), layer=rank + 3, index=at)
            )
        if layer.activation == "softmax":
            exps = [
                b.op(("act", k), "exp", [z], layer=rank + 4, index=s * n_out + i) for i, z in enumerate(zs)
            ]
            total = b.sum(("act", k), exps, layer=rank + 5, index=s)
            out.append(
                [
                    b.op(
                        ("act", k),
                        "div",
                        [e, total],
                        act_name and _tag(act_name, k, spec, s, i),
                        layer=rank + 6,
                        index=s * n_out + i,
                    )
                    for i, e in enumerate(exps)
                ]
            )
        else:
            out.append(
                [
                    b.op(
                        ("act", k),
                        layer.activation,
                        [z],
                        act_name and _tag(act_name, k, spec, s, i),
                        layer=rank + 4,
                        index=s * n_out + i,
                    )
                    for i, z in enumerate(zs)
                ]
            )
    rank += 6 if layer.activation == "softmax" else 4
    if layer.residual:
        return neuron_residual(b, spec.batch, k, acts, out, rank + 1), rank + 1
    return out, rank


def _neuron_loss(b: Builder, spec: NetworkSpec, acts: list[list[str]], rank: int) -> str:
    n_out = spec.sizes[-1]
    single = loss_terms(spec) == 1
    terms = []
    for s, preds in enumerate(acts):
        target = spec.targets[s] if spec.batch else spec.targets
        if spec.loss != "cross_entropy":
            for i, a in enumerate(preds):
                y = b.leaf(
                    ("y",),
                    _tag("y", None, spec, s, i),
                    target[i],
                    G.TARGET,
                    rank,
                    (len(acts) + s) * n_out + i,
                )  # after the predictions of the rank
                name = "L" if single else _tag("L", None, spec, s, i)
                terms.append(
                    b.op(
                        ("loss",),
                        NETWORK_LOSSES[spec.loss],
                        [a, y],
                        name,
                        layer=rank + 1,
                        index=s * n_out + i,
                    )
                )
            continue
        onehot = [
            b.leaf(
                ("y",), _tag("y", None, spec, s, j), float(j == int(target)), G.CONST, rank + 1, s * n_out + j
            )
            for j in range(n_out)
        ]
        name = "L" if single else _tag("L", None, spec, s)
        if spec.layers[-1].activation == "softmax":  # −Σ y_j·log p_j
            logs = [
                b.op(("loss",), "log", [a], layer=rank + 1, index=s * n_out + j) for j, a in enumerate(preds)
            ]
            picks = [
                b.op(("loss",), "mul", [y, lg], layer=rank + 2, index=s * n_out + j)
                for j, (y, lg) in enumerate(zip(onehot, logs))
            ]
            total = b.sum(("loss",), picks, layer=rank + 3, index=s)
            terms.append(b.op(("loss",), "neg", [total], name, layer=rank + 4, index=s))
        else:  # log Σ exp(z_j) − Σ y_j·z_j
            exps = [
                b.op(("loss",), "exp", [a], layer=rank + 1, index=s * n_out + j) for j, a in enumerate(preds)
            ]
            lse = b.op(
                ("loss",),
                "log",
                [b.sum(("loss",), exps, layer=rank + 2, index=s)],
                layer=rank + 3,
                index=2 * s,
            )
            picks = [
                b.op(("loss",), "mul", [y, a], layer=rank + 2, index=s * n_out + j)
                for j, (y, a) in enumerate(zip(onehot, preds))
            ]
            dot = b.sum(("loss",), picks, layer=rank + 3, index=2 * s + 1)
            terms.append(b.op(("loss",), "sub", [lse, dot], name, layer=rank + 4, index=s))
    if single:
        return terms[0]
    divisor = loss_divisor(spec)
    total = b.sum(("loss",), terms, None if divisor > 1 else "L", layer=rank + 5, index=0)
    if divisor == 1:
        return total
    const = b.constant(("loss",), float(divisor), layer=rank + 5, index=1)
    return b.op(("loss",), "div", [total, const], "L", layer=rank + 6, index=0)


def _build_layer(spec: NetworkSpec) -> tuple[BuiltNetwork, dict[Role, list[str]]]:
    b = Builder()
    prev = b.leaf(("x",), "X" if spec.batch else "x", spec.inputs, G.INPUT, 0, 0)
    rank = 0
    for k, layer in enumerate(spec.layers, start=1):
        if layer.kind in NORMS:
            prev, rank = layer_norm(b, k, layer, prev, rank)
            continue
        if layer.kind != DENSE:
            prev, rank = layer_attention(b, k, layer, prev, rank)
            continue
        assert layer.activation is not None  # a dense layer always has one
        w = b.leaf(("W", k), f"W{k}", layer.weights, G.PARAM, rank + 1, 0)
        bias = b.leaf(("b", k), f"b{k}", layer.bias, G.PARAM, rank + 1, 1)
        if spec.batch:  # Z = A @ Wᵀ + b, one row per sample
            wt = b.op(("transpose", k), "transpose", [w], layer=rank + 2, index=0)
            product = b.op(("matmul", k), "matmul", [prev, wt], layer=rank + 3, index=0)
            rank += 1
        else:  # z = W @ a + b
            product = b.op(("matmul", k), "matmul", [w, prev], layer=rank + 2, index=0)
        z = b.op(("z", k), "add", [product, bias], f"z{k}", layer=rank + 3, index=0)
        act = b.op(
            ("act", k), layer.activation, [z], None if layer.residual else f"a{k}", layer=rank + 4, index=0
        )
        rank += 4
        if layer.residual:
            rank += 1
            act = layer_residual(b, k, prev, act, rank)
        prev = act
    if spec.loss == "cross_entropy":
        y = b.leaf(("y",), "Y" if spec.batch else "y", spec.targets.astype(float), G.CONST, rank, 1)
        op = "nll" if spec.layers[-1].activation == "softmax" else "cross_entropy"
    else:
        y = b.leaf(("y",), "Y" if spec.batch else "y", spec.targets, G.TARGET, rank, 1)
        op = NETWORK_LOSSES[spec.loss]
    loss = b.op(("loss",), op, [prev, y], "L", layer=rank + 1, index=0)
    g = b.graph()
    _mark_softmax_ce(g, spec, loss, {f"z{len(spec.layers)}": (prev, y)})
    return BuiltNetwork(g, "layer", spec, loss, [prev]), b.roles


def build_network(spec_or_obj: Any, view: str | None = "neuron") -> BuiltNetwork:
    """Build the ``"neuron"`` or ``"layer"`` view (``None``/``"auto"``: see :func:`choose_view`).

    Raises :class:`SpecError` for a bad spec or a neuron view over the node limit.
    """
    spec = parse_spec(spec_or_obj)
    view, _ = choose_view(spec, view)
    return (_build_neuron if view == "neuron" else _build_layer)(spec)[0]


def build_both(spec_or_obj: Any) -> tuple[BuiltNetwork | None, BuiltNetwork, dict[str, list[str]]]:
    """Both views and the mapping layer-view node id -> the neuron-view node ids it stands for.

    The neuron view is ``None`` (and the mapping empty) when it is over
    :data:`NEURON_VIEW_NODE_LIMIT` nodes.
    """
    spec = parse_spec(spec_or_obj)
    layer, layer_roles = _build_layer(spec)
    if neuron_node_count(spec) > NEURON_VIEW_NODE_LIMIT:
        return None, layer, {}
    neuron, neuron_roles = _build_neuron(spec)
    mapping = {node: list(neuron_roles.get(role, [])) for role, (node,) in layer_roles.items()}
    return neuron, layer, mapping

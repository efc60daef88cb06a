"""A stack of ``nn.Linear`` layers read from PyTorch, drawn neuron by neuron as our networks are.

The layer view of a PyTorch graph (:mod:`graphviz_app.builders.torch_graph`) is our
graph of tensors. When it is a multilayer perceptron, each layer
``act(a @ Wᵀ + b)`` (or ``act(W @ a + b)`` for one sample) with an elementwise
activation, ending in MSELoss, BCELoss or CrossEntropyLoss, :func:`recognise`
writes it as one of our network specs and the names of its tensors; the neuron
view is then our network's own (:func:`graphviz_app.builders.network.build_network`),
every leaf renamed after the tensor it is an element of: ``hidden.weight[0,1]``,
``hidden.bias[0]``, ``x[0,1]``, ``y[0,0]`` (the sums and activations keep the
network's names, ``z1[0]`` and ``a1[0]``). Anything else is drawn in the layer
view only, and :func:`recognise` says why.

A leaf ``name`` of the layer view and the leaves ``name[i,j]`` of the neuron view
hold the same numbers: :func:`gather` and :func:`element_names` go both ways.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from graphviz_app.builders.leaf_names import parse_leaf_name
from graphviz_app.builders.network import build_network
from graphviz_app.core import graph as G
from graphviz_app.errors import GraphvizAppError

__all__ = ["Mlp", "element_names", "gather", "neuron_graph", "recognise"]

_ACTIVATIONS = ("sigmoid", "tanh", "relu", "softplus", "softmax")
_LOSSES = {"mse": "mse", "bce": "bce"}
_NOT_AN_MLP = "the neuron view draws a stack of nn.Linear layers with elementwise activations"


@dataclass(frozen=True)
class Mlp:
    """A multilayer perceptron found in a layer view: its layers' leaves, activations and loss."""

    x: str
    target: str
    layers: tuple[tuple[str, str, str], ...]  # (weight leaf, bias leaf, activation) from the input on
    loss: str

    def spec(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The network spec of this MLP at ``values`` (layer-view leaf -> number or array)."""
        target = np.asarray(values[self.target])
        return {
            "input": np.asarray(values[self.x]).tolist(),
            "target": target.astype(int).tolist() if self.loss == "cross_entropy" else target.tolist(),
            "layers": [
                {
                    "weights": np.asarray(values[w]).tolist(),
                    "bias": np.asarray(values[b]).tolist(),
                    "activation": act,
                }
                for w, b, act in self.layers
            ],
            "loss": self.loss,
        }

    def renames(self) -> dict[str, str]:
        """Our network's leaf names (``W1``, ``b1``, ``x``, ``y``) -> the PyTorch graph's."""
        names = {"x": self.x, "y": self.target}
        for k, (w, b, _) in enumerate(self.layers, start=1):
            names[f"W{k}"], names[f"b{k}"] = w, b
        return names


def recognise(g: nx.DiGraph, shapes: Mapping[str, tuple[int, ...]]) -> Mlp | str:
    """The :class:`Mlp` the layer view ``g`` draws (``shapes``: every node's), or why it is not one."""
    used: set[str] = set()
    out = G.output_node(g)
    used.add(out)
    op = g.nodes[out][G.OP]
    if op not in (*_LOSSES, "nll_logp"):
        return f"{_NOT_AN_MLP}, ending in MSELoss, BCELoss or CrossEntropyLoss; this graph ends in {op}"
    pred, target = G.parents(g, out)
    if op in _LOSSES:
        loss = _LOSSES[op]
    elif _op(g, pred) == "log_softmax" or (
        _op(g, pred) == "log" and _op(g, G.parents(g, pred)[0]) == "softmax"
    ):
        loss, pred = "cross_entropy", _take(g, pred, used)  # nll of log-probabilities: CrossEntropyLoss
    else:
        return f"{_NOT_AN_MLP}; its NLLLoss must follow log_softmax, or log of a softmax"
    if not G.is_leaf(g, target):
        return f"{_NOT_AN_MLP}; its target must be a tensor of your data, not computed"
    layers: list[tuple[str, str, str]] = []
    node = pred
    while True:
        node = _skip_views(g, node, used, shapes)
        act = "identity"
        if _op(g, node) in _ACTIVATIONS and g.nodes[node][G.KIND] == G.OPNODE:
            act, node = g.nodes[node][G.OP], _skip_views(g, _take(g, node, used), used, shapes)
        found = _linear(g, node, used)
        if found is None:
            return f"{_NOT_AN_MLP}; {G.label_of(g, node)} is not one"
        weight, bias, node = found
        layers.insert(0, (weight, bias, act))
        node = _skip_views(g, node, used, shapes)
        if G.is_leaf(g, node):
            break
    if g.nodes[node][G.KIND] != G.INPUT:
        return f"{_NOT_AN_MLP}; the first layer's input must be an input tensor"
    extra = [n for n in g if g.nodes[n][G.KIND] == G.OPNODE and n not in used]
    if extra:
        return f"{_NOT_AN_MLP}; this graph computes more ({G.label_of(g, extra[0])} is in no layer)"
    return Mlp(node, target, tuple(layers), loss)


def _op(g: nx.DiGraph, node: str) -> str | None:
    return g.nodes[node][G.OP]


def _take(g: nx.DiGraph, node: str, used: set[str]) -> str:
    """Mark ``node`` as part of the network and return its (first) argument."""
    used.add(node)
    return G.parents(g, node)[0]


def _skip_views(g: nx.DiGraph, node: str, used: set[str], shapes: Mapping[str, tuple[int, ...]]) -> str:
    """Past reshapes that only add or drop axes of length 1 (one sample as a row: (2,) and (1, 2))."""
    while _op(g, node) == "reshape":
        source = G.parents(g, node)[0]
        if [n for n in shapes[source] if n != 1] != [n for n in shapes[node] if n != 1]:
            break
        used.add(node)
        node = source
    return node


def _linear(g: nx.DiGraph, node: str, used: set[str]) -> tuple[str, str, str] | None:
    """``a @ Wᵀ + b`` or ``W @ a + b`` at ``node``: (W, b, a), or None."""
    if _op(g, node) != "add":
        return None
    product, bias = G.parents(g, node)
    if _op(g, product) != "matmul":
        product, bias = bias, product
    if _op(g, product) != "matmul" or not _param(g, bias, 1):
        return None
    left, right = G.parents(g, product)
    if _op(g, right) == "transpose" and _param(g, G.parents(g, right)[0], 2):  # a @ Wᵀ: a batch, or (1, in)
        used.update((node, product, right))
        return G.parents(g, right)[0], bias, left
    if _param(g, left, 2) and _op(g, right) != "transpose":  # W @ a: one sample
        used.update((node, product))
        return left, bias, right
    return None


def _param(g: nx.DiGraph, node: str, ndim: int) -> bool:
    return g.nodes[node][G.KIND] == G.PARAM and np.ndim(g.nodes[node][G.VALUE]) == ndim


# --- the neuron view and its names --------------------------------------------------------------

_ELEMENT = re.compile(r"^(?P<base>.+)\[(?P<index>[0-9]+(?:,[0-9]+)*)\]$")


def neuron_graph(mlp: Mlp, values: Mapping[str, Any]) -> nx.DiGraph:
    """Our network's neuron view of ``mlp`` at ``values``, its leaves named after PyTorch's tensors.

    Raises :class:`~graphviz_app.errors.GraphvizAppError` when the numbers make no network
    (the spec's own message) or when a renamed leaf would take the name of another node.
    """
    built = build_network(mlp.spec(values), view="neuron")
    renames = mlp.renames()
    mapping = {}
    for node in G.leaves(built.graph, G.LEAF_KINDS):
        name = built.graph.nodes[node][G.NAME]
        parsed = parse_leaf_name(name) if name else None
        if parsed is None:
            continue
        base = renames.get(parsed.what if parsed.layer is None else f"{parsed.what}{parsed.layer}")
        if base is not None:
            mapping[node] = f"{base}[{','.join(map(str, parsed.index))}]"
    clash = set(mapping.values()) & (set(built.graph) - set(mapping))
    if clash:
        raise GraphvizAppError(f"the neuron view would have two nodes named {sorted(clash)[0]}")
    g = nx.relabel_nodes(built.graph, mapping, copy=True)
    for new in mapping.values():
        g.nodes[new][G.NAME] = g.nodes[new][G.LABEL] = new
    return g


def element_names(name: str, value: Any) -> dict[str, tuple[int, ...]]:
    """The neuron-view names of the elements of a layer-view leaf: ``{"W[0,1]": (0, 1), …}``."""
    return {f"{name}[{','.join(map(str, index))}]": index for index in np.ndindex(np.shape(value))}


def gather(values: Mapping[str, Any], like: Mapping[str, Any]) -> dict[str, Any]:
    """Neuron-view values (``W[0,1]``) put back into the layer view's arrays, shaped as in ``like``.

    A layer-view leaf none of whose elements is in ``values`` keeps its value from ``like``.
    """
    out = {name: np.array(value, dtype=float) for name, value in like.items()}
    for key, value in values.items():
        m = _ELEMENT.match(key)
        if m is not None and m["base"] in out and np.ndim(out[m["base"]]):
            out[m["base"]][tuple(int(i) for i in m["index"].split(","))] = value
    return {name: float(v) if np.ndim(v) == 0 else v for name, v in out.items()}

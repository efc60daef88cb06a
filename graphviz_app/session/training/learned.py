"""What a network with data has learned, as the canvas draws it: a picture per neuron, a colour per weight.

In the neuron view of a network that learns from data, each hidden neuron's activation node ``a{k}[i]``
carries a small picture of its output over the input plane (as TensorFlow Playground draws its neurons), and
the two edges into each product ``W{k}[i,j]·a{k-1}[j]`` (from the weight and from the input it weighs) take
the weight's sign as their colour and its size as their width. Both are worked out from an evaluation's
values alone (:meth:`Learned.pictures`, :meth:`Learned.edge_weights`), so they follow every training step
the canvas is shown, and cost one forward pass of a grid of points through the mini-batch graph.

Examples
--------
>>> from graphviz_app.session.state.session import Session
>>> s = Session()
>>> s.open_source("example:xor")
>>> learned = Learned.of(s.loaded)
>>> sorted(learned.nodes)
['a1[0]', 'a1[1]', 'a1[2]', 'a1[3]']
>>> pictures = learned.pictures(s.evaluation)
>>> pictures["a1[0]"].shape, float(abs(pictures["a1[0]"]).max()) <= 1
((48, 48), True)
>>> signs = learned.edge_weights(s.evaluation)
>>> len(signs), max(abs(v) for v in signs.values())
(24, 1.0)
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

import numpy as np

from graphviz_app.builders.leaf_names import parse_leaf_name
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation
from graphviz_app.session.training.data import GRID, DataFeed, params_from_view

__all__ = ["Learned"]

Edge = tuple[str, str]

_KEPT: weakref.WeakKeyDictionary[Any, Learned] = weakref.WeakKeyDictionary()
"""Each graph's :class:`Learned`, as long as the graph lives."""


@dataclass(eq=False)
class Learned:
    """The neurons with a picture and the edges with a weight, of one neuron view of a network with data."""

    feed: DataFeed
    nodes: dict[str, tuple[int, int]]
    """Activation node -> (layer k from 1, neuron i): the hidden neurons, each with a picture."""
    weights: dict[Edge, str]
    """Edge into a product -> the weight leaf the product multiplies by."""

    @classmethod
    def of(cls, loaded: Any) -> Learned | None:
        """For what is open (a :class:`~graphviz_app.files.sources.Loaded`): None unless it is the neuron
        view of a network with data. Kept with its graph, for :meth:`known`."""
        spec = getattr(loaded, "network_spec", None)
        if spec is None or spec.data is None or loaded.view != "neuron":
            return None
        g = loaded.graph
        if g in _KEPT:
            return _KEPT[g]
        hidden = len(spec.layers) - 1
        nodes = {}
        weights: dict[Edge, str] = {}
        for node in g.nodes:
            name = parse_leaf_name(node)
            if name is None or name.layer is None:
                continue
            if name.what == "a" and name.layer <= hidden and len(name.index) == 1:
                nodes[node] = (name.layer, name.index[0])
            elif name.what == "W" and g.nodes[node][G.KIND] == G.PARAM:
                for product in g.succ[node]:
                    weights.update({(p, product): node for p in g.pred[product]})
        made = _KEPT[g] = cls(DataFeed(spec), nodes, weights)
        return made

    @staticmethod
    def known(graph: Any) -> Learned | None:
        """What :meth:`of` made for ``graph`` (the canvas draws what the layout measured), or None."""
        return _KEPT.get(graph)

    def pictures(self, ev: Evaluation, size: int = GRID) -> dict[str, np.ndarray]:
        """Each pictured neuron's output over the input plane, in [−1, 1], at the parameters of ``ev``."""
        params = params_from_view(self.feed.spec, {k: ev.values[k] for k in G.leaves(ev.graph, (G.PARAM,))})
        made = self.feed.pictures(params, size).neurons
        return {node: made[key] for node, key in self.nodes.items()}

    def edge_weights(self, ev: Evaluation) -> dict[Edge, float]:
        """Each weighted edge's weight divided by the largest |weight|: a sign and a size in [−1, 1]."""
        values = {edge: float(ev.values[w]) for edge, w in self.weights.items()}
        largest = max((abs(v) for v in values.values() if np.isfinite(v)), default=0.0) or 1.0
        return {
            edge: float(np.clip(v / largest, -1.0, 1.0)) if np.isfinite(v) else 0.0
            for edge, v in values.items()
        }

"""What a PyTorch graph was read into, without PyTorch: its views, its values, PyTorch's own gradients.

:func:`graphviz_app.builders.torch_graph.read_torch` makes a :class:`TorchGraph`
once; everything after (the views, a switch between them, the agreement with
PyTorch, training) works on it without importing PyTorch again.

- The **layer view** is the graph as read, one node per tensor; a leaf's id is
  its name (``hidden.weight``) and its value an array.
- The **neuron view** exists for a stack of ``nn.Linear`` layers
  (:mod:`graphviz_app.builders.torch_network`): one node per number,
  ``hidden.weight[0,1]``. Which view opens is decided as for our own networks
  (:func:`graphviz_app.builders.network.choose_view`): the neuron view up to
  :data:`~graphviz_app.builders.network.DEFAULT_NEURON_VIEW_MAX` nodes, refused
  above :data:`~graphviz_app.builders.network.NEURON_VIEW_NODE_LIMIT`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from graphviz_app.builders.network import choose_view
from graphviz_app.builders.torch_network import Mlp, gather, neuron_graph, recognise
from graphviz_app.core import graph as G
from graphviz_app.errors import SourceError

__all__ = ["LAYER", "NEURON", "Reference", "TorchGraph"]

NEURON, LAYER = "neuron", "layer"


@dataclass(frozen=True)
class Reference:
    """What PyTorch computed: the output's dtype and value, and each leaf's gradient (layer-view names)."""

    dtype: str
    output: Any
    grads: dict[str, Any]


@dataclass
class TorchGraph:
    """A PyTorch graph read into ours (see the module docstring).

    Attributes
    ----------
    graph:
        The layer view; its output is the node of PyTorch's output.
    values:
        The inputs, parameters and targets as PyTorch had them (float64), by leaf name.
    reference:
        PyTorch's gradients of the output at those values.
    shapes:
        Every node's shape in the layer view.
    """

    graph: nx.DiGraph
    values: dict[str, Any]
    reference: Reference
    shapes: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        found = recognise(self.graph, self.shapes)
        self.mlp: Mlp | None = found if isinstance(found, Mlp) else None
        self.layer_only: str = found if isinstance(found, str) else ""
        """Why there is no neuron view ("" when there is one)."""

    @property
    def views(self) -> tuple[str, ...]:
        """The views this graph can be drawn in."""
        return (NEURON, LAYER) if self.mlp is not None else (LAYER,)

    def choose_view(self, requested: str | None) -> tuple[str, str]:
        """The view to open and why (as for our networks); a neuron view that cannot be is refused."""
        if self.mlp is None:
            if requested == NEURON:
                raise SourceError(f"--view neuron: {self.layer_only}; use the layer view")
            return LAYER, "the layer view: " + self.layer_only
        return choose_view(self.mlp.spec(self._with_constants(self.values)), requested)

    def view(self, view: str, values: Mapping[str, Any] | None = None) -> tuple[nx.DiGraph, dict[str, Any]]:
        """The graph of ``view`` and its leaf values, at ``values`` (layer-view names; PyTorch's by default)."""
        values = dict(self.values if values is None else values)
        if view == LAYER:
            return self.graph, values
        assert self.mlp is not None, "no neuron view: check views first"
        g = neuron_graph(self.mlp, self._with_constants(values))
        return g, {n: v for n, v in G.leaf_values(g).items() if G.is_differentiable(g, n)}

    def _with_constants(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` and the layer view's constants (class indices are one)."""
        return {**G.leaf_values(self.graph), **values}

    def layer_values(self, view: str, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` of ``view`` as the layer view's (neuron-view numbers gathered into arrays)."""
        if view == LAYER:
            return {n: values[n] for n in self.values if n in values}
        return gather(values, self.values)

    def unchanged(self, view: str, values: Mapping[str, Any]) -> bool:
        """Whether ``values`` (of ``view``) are still the numbers PyTorch computed with."""
        now = self.layer_values(view, values)
        return all(n in now and np.array_equal(now[n], v) for n, v in self.values.items())

"""Our gradients against PyTorch's: the agreement check of a graph read from PyTorch.

PyTorch's gradient of every leaf that requires grad was taken when the graph was
read (:func:`graphviz_app.builders.torch_graph.read_torch`, through
``torch.autograd.grad``, which computes what ``loss.backward()`` puts in ``.grad``).
:func:`agreement` compares ours with them, leaf by leaf: the relative error of a
leaf is max |ours − PyTorch's| over its elements divided by the largest |PyTorch's|
(the absolute error when that is 0), and the agreement is the largest over the
leaves. The app evaluates in float64 whatever dtype PyTorch used: a float64 model
agrees to about 1e-15 (:data:`TOLERANCE` asks 1e-10), a float32 one to float32's
round-off, about 1e-7 to 1e-5 (1e-4 asked).

Once a value is edited (in the window, with ``--at``, by training) PyTorch's numbers
are for other values, and there is nothing to compare: :func:`agreement` says None.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from graphviz_app.builders.torch_model import LAYER, TorchGraph
from graphviz_app.builders.torch_network import gather

__all__ = ["TOLERANCE", "Agreement", "agreement", "tensor_of"]

TOLERANCE = {"float64": 1e-10, "float32": 1e-4}
"""The largest relative error that still agrees, by PyTorch's dtype (any other: 1e-2)."""


@dataclass(frozen=True)
class Agreement:
    """How far our gradients are from PyTorch's (see the module docstring)."""

    dtype: str
    per_leaf: dict[str, float]
    """Layer-view leaf name -> its relative error."""

    @property
    def max_rel_error(self) -> float:
        return max(self.per_leaf.values(), default=0.0)

    @property
    def tolerance(self) -> float:
        return TOLERANCE.get(self.dtype, 1e-2)

    @property
    def agrees(self) -> bool:
        return self.max_rel_error <= self.tolerance


def agreement(
    torch: TorchGraph, view: str, values: Mapping[str, Any], grads: Mapping[str, Any]
) -> Agreement | None:
    """Our ``grads`` (of ``view``, at ``values``) against PyTorch's; None once the values are not PyTorch's."""
    if not torch.unchanged(view, values):
        return None
    reference = torch.reference.grads
    if view == LAYER:
        ours = {name: grads[name] for name in reference}
    else:  # every element of every leaf, or nan where one is missing: never a silent 0
        ours = gather(grads, {name: np.full(np.shape(g), np.nan) for name, g in reference.items()})
    per_leaf = {}
    for name, theirs in reference.items():
        error = np.max(np.abs(np.asarray(ours[name], dtype=float) - theirs), initial=0.0)
        scale = np.max(np.abs(theirs), initial=0.0)
        per_leaf[name] = float(error / scale if scale > 0 else error)
    return Agreement(torch.reference.dtype, per_leaf)


def tensor_of(node: str, tensors: Iterable[str]) -> str | None:
    """The tensor (layer-view leaf) ``node`` is (``hidden.weight``) or is an element of (``hidden.weight[0,1]``)."""
    tensors = set(tensors)
    if node in tensors:
        return node
    base = node.rpartition("[")[0]
    return base if node.endswith("]") and base in tensors else None

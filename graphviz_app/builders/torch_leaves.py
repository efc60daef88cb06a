"""The leaves of a PyTorch graph: which tensor each one is, its value, its kind and its name.

A leaf is a tensor the graph starts from: one that requires grad (``AccumulateGrad``
holds it as ``variable``), or one that does not, read from what a node saved
(``_saved_mat1`` holds the input ``x`` of a batch's first layer). The same tensor
saved twice is one leaf: saved tensors are matched by their storage.

- **Kind**: an ``nn.Parameter`` is a parameter (``train`` trains it); any other
  tensor that requires grad is an input; a saved tensor is a target where a loss
  compares against it, a constant when it holds whole numbers (class indices) or
  is a lone unnamed number (the ``2`` of ``x * 2``), else an input.
- **Name**: the user's (``named`` maps names to tensors, usually
  ``{**dict(model.named_parameters()), "x": x, "y": y}``), else made from the kind:
  ``W1``, ``W2`` for matrices that are parameters, ``b1`` for vectors, ``p1`` for
  others, ``x`` for inputs and ``y`` for targets, numbered from the inputs' side
  (a leaf farther from the output first) when there are several.
- **Value**: float64 NumPy (the app computes in float64 whatever PyTorch used).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from graphviz_app.core import graph as G
from graphviz_app.errors import TorchError

__all__ = ["Leaf", "Leaves", "to_numpy"]


def to_numpy(tensor: Any) -> Any:
    """A tensor's numbers as float64 NumPy (a float for one number), copied off the tensor."""
    if tensor.is_complex():
        raise TorchError(f"a complex tensor of shape {tuple(tensor.shape)}: only real numbers are supported")
    array = np.array(tensor.detach().cpu().double().numpy(), dtype=float)
    return float(array) if array.ndim == 0 else array


def _storage(tensor: Any) -> tuple:
    """Which numbers a tensor is: the same storage, place, shape and strides is the same tensor."""
    return (tensor.data_ptr(), tuple(tensor.shape), tuple(tensor.stride()), tensor.dtype)


def _numbers(tensor: Any) -> tuple:
    """Where a contiguous tensor's numbers are, whatever its shape."""
    return (tensor.data_ptr(), int(tensor.numel()), tensor.dtype)


@dataclass
class Leaf:
    """One leaf tensor, in the order it was found."""

    tensor: Any
    kind: str
    hint: str
    found: int
    name: str | None = None
    depth: int = 0
    """The longest way from the leaf to the output, in autograd nodes: the first layer's are the deepest."""


class Leaves:
    """Every leaf tensor of one walk, found by identity (grad) or storage (saved), and named."""

    def __init__(self, torch: Any, named: Mapping[str, Any] | None) -> None:
        self.torch = torch
        self.leaves: list[Leaf] = []
        self._by_key: dict[Any, Leaf] = {}
        self.named: dict[str, Any] = {}
        for name, tensor in (named or {}).items():
            if not isinstance(name, str) or not isinstance(tensor, torch.Tensor):
                raise TorchError(
                    f"named: {name!r} maps to {type(tensor).__name__}; named maps names (str) to tensors"
                )
            self.named[name] = tensor
        self._names_by_id = {id(t): n for n, t in self.named.items()}
        self._names_by_storage = {_storage(t): n for n, t in self.named.items()}
        self._by_numbers = {_numbers(t): n for n, t in self.named.items() if t.is_contiguous()}

    def variable(self, tensor: Any) -> Leaf:
        """The leaf of a tensor that requires grad (``AccumulateGrad.variable``)."""
        return self._add(id(tensor), tensor, self._name(tensor), self._grad_kind(tensor))

    def saved(self, tensor: Any, attr: str) -> Leaf:
        """The leaf of a tensor that needs no gradient, saved as ``_saved_<attr>``.

        A named tensor seen through a view of other shape (``x`` of shape (2,) as (1, 2), which
        ``nn.Linear`` makes of one sample) is that tensor: the same numbers in the same place.
        """
        name = self._name(tensor)
        if name is None and tensor.is_contiguous() and _numbers(tensor) in self._by_numbers:
            name = self._by_numbers[_numbers(tensor)]
            tensor = self.named[name]
        whole = not tensor.dtype.is_floating_point
        if whole:
            kind = G.CONST
        elif attr == "target":
            kind = G.TARGET
        else:
            kind = G.CONST if tensor.dim() == 0 and name is None else G.INPUT
        return self._add(_storage(tensor), tensor, name, kind, target=attr == "target")

    def matching(self, value: Any, dtype_eps: float) -> tuple[str, Any] | None:
        """A named tensor that needs no gradient whose numbers are ``value`` (a number PyTorch did not keep)."""
        for name, tensor in self.named.items():
            if tensor.requires_grad or tensor.dtype.is_complex:
                continue
            theirs = to_numpy(tensor)
            try:
                spread = np.broadcast_to(theirs, np.shape(value))
            except ValueError:
                continue
            if np.allclose(
                spread, value, rtol=8 * dtype_eps, atol=8 * dtype_eps * np.max(np.abs(value), initial=0)
            ):
                return name, tensor
        return None

    def _name(self, tensor: Any) -> str | None:
        return self._names_by_id.get(id(tensor)) or self._names_by_storage.get(_storage(tensor))

    def _grad_kind(self, tensor: Any) -> str:
        return G.PARAM if isinstance(tensor, self.torch.nn.Parameter) else G.INPUT

    def _add(self, key: Any, tensor: Any, name: str | None, kind: str, target: bool = False) -> Leaf:
        leaf = self._by_key.get(key)
        if leaf is None:
            leaf = Leaf(tensor, kind, _hint(kind, tensor.dim(), target), len(self.leaves), name)
            self._by_key[key] = leaf
            self.leaves.append(leaf)
        return leaf

    def assign_names(self) -> list[Leaf]:
        """Give every unnamed leaf but a lone number a name; the leaves, deepest (first layers) first."""
        ordered = sorted(self.leaves, key=lambda leaf: (-leaf.depth, leaf.found))
        taken = {leaf.name for leaf in ordered if leaf.name}
        unnamed = [leaf for leaf in ordered if leaf.name is None and leaf.hint]
        counts: dict[str, int] = {}
        for leaf in unnamed:
            counts[leaf.hint] = counts.get(leaf.hint, 0) + 1
        numbers: dict[str, int] = {}
        for leaf in unnamed:
            while True:
                numbers[leaf.hint] = numbers.get(leaf.hint, 0) + 1
                single = counts[leaf.hint] == 1 and leaf.hint in "xy"
                name = leaf.hint if single else f"{leaf.hint}{numbers[leaf.hint]}"
                if name not in taken:
                    break
            leaf.name = name
            taken.add(name)
        return ordered

    def parameter_count(self) -> int:
        """How many numbers the leaves that require grad hold."""
        return sum(int(leaf.tensor.numel()) for leaf in self.leaves if leaf.tensor.requires_grad)


def _hint(kind: str, ndim: int, target: bool) -> str:
    """The letter a generated name starts with ("" for a lone number: a constant needs no name)."""
    if kind == G.PARAM:
        return "W" if ndim == 2 else "b" if ndim == 1 else "p"
    if kind == G.CONST:
        return "y" if target else "c" if ndim else ""
    return "y" if kind == G.TARGET else "x"

"""The op spec, the registry, and ``unbroadcast``.

An *op* is one kind of node in a computation graph: ``add``, ``sin``, ``matmul``...
Each op is described once, declaratively, by an :class:`OpSpec` in
:mod:`graphviz_app.core.optable`. This module holds the machinery around those
entries, so the table itself reads like a page of derivative rules.

The backward rule of an op is a *vector-Jacobian product* (VJP): given the
upstream gradient ``g`` = ∂L/∂(output), the output value ``ans`` and the
arguments, it returns ∂L/∂(argument) = g · ∂(output)/∂(argument). For scalars
that is simply ``g`` times the local derivative.

Every VJP receives the namespace ``F`` of differentiable functions as its first
argument and uses only arithmetic operators and functions from ``F``. Today
``F`` is :mod:`graphviz_app.core.functions` (plain NumPy); because the rules never
name NumPy directly, the same rules can later be run with a namespace whose
functions build graph nodes, which gives higher-order derivatives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from graphviz_app.errors import MissingDerivativeError, UnknownOpError

__all__ = ["REGISTRY", "OpSpec", "get_op", "register", "unbroadcast"]


@dataclass(frozen=True)
class OpSpec:
    """Everything the app knows about one op.

    Attributes
    ----------
    name:
        Registry key, e.g. ``"sigmoid"``.
    arity:
        Number of arguments (``None`` for ops that take any number).
    forward:
        ``forward(*args) -> value``, NumPy semantics.
    vjps:
        One backward rule per argument: ``vjp(F, g, ans, *args) -> ∂L/∂arg``.
        ``None`` in a position means "no derivative with respect to this argument"
        (for example the class-index target of cross-entropy).
    symbol:
        What the canvas draws in the node, e.g. ``"σ"`` or ``"+"``.
    derivatives:
        One short formula per argument for captions, e.g. ``"σ(z)(1−σ(z))"``.
    fault:
        A sentence explaining why the result may be nan/inf, shown when it is.
    """

    name: str
    arity: int | None
    forward: Callable[..., Any]
    vjps: tuple[Callable[..., Any] | None, ...]
    symbol: str
    derivatives: tuple[str, ...]
    fault: str = "the result is not a finite number"
    params: tuple[str, ...] = field(default=())

    def vjp(self, position: int) -> Callable[..., Any]:
        """The backward rule for argument ``position``; fails loudly if there is none."""
        rule = self.vjps[position] if position < len(self.vjps) else None
        if rule is None:
            raise MissingDerivativeError(
                f"op '{self.name}' has no derivative with respect to argument {position}"
            )
        return rule

    def differentiable(self, position: int) -> bool:
        """Whether the op declares a derivative for argument ``position``."""
        return position < len(self.vjps) and self.vjps[position] is not None

    def derivative_text(self, position: int) -> str:
        """The caption formula of ∂(output)/∂(argument ``position``)."""
        if position < len(self.derivatives):
            return self.derivatives[position]
        return ""


REGISTRY: dict[str, OpSpec] = {}


def register(spec: OpSpec) -> OpSpec:
    """Add ``spec`` to the registry (names must be unique)."""
    if spec.name in REGISTRY:
        raise ValueError(f"op {spec.name!r} is registered twice")
    REGISTRY[spec.name] = spec
    return spec


def get_op(name: str) -> OpSpec:
    """Look up an op by name, with a clear error for unknown names."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise UnknownOpError(f"unknown op '{name}'") from None


def unbroadcast(grad: Any, shape: tuple[int, ...]) -> Any:
    """Undo NumPy broadcasting: sum ``grad`` down to ``shape``.

    When a value of shape ``shape`` was broadcast to a bigger shape in the
    forward pass (a bias vector added to every row of a batch, a scalar added to
    a matrix), every copy sent gradient back. The gradient of the original is
    the sum over the broadcast axes.

    Examples
    --------
    >>> unbroadcast(np.ones((3, 2)), (2,))
    array([3., 3.])
    >>> float(unbroadcast(np.ones((3, 2)), ()))
    6.0
    """
    grad = np.asarray(grad)
    if grad.shape == tuple(shape):
        return grad
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad

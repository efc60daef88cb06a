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
from typing import Any, NamedTuple

import numpy as np

from graphviz_app.errors import MissingDerivativeError, UnknownOpError

__all__ = [
    "ADD",
    "ARITHMETIC",
    "ATOM",
    "ELEMENTWISE",
    "KINDS",
    "LOOSE",
    "LOSS",
    "MUL",
    "NEG",
    "POW",
    "REGISTRY",
    "TENSOR",
    "Notation",
    "OpSpec",
    "get_op",
    "names",
    "register",
    "unbroadcast",
]


# What kind of op an entry is; lists of names (the language's functions, the network's
# losses, the elementwise ops whose Jacobian is diagonal) are read off these.
ARITHMETIC = "arithmetic"  # the operators + − × ÷ ^ and unary minus
ELEMENTWISE = "elementwise"  # a function of one number, applied to every element
TENSOR = "tensor"  # works on whole arrays: matmul, sum, softmax…
LOSS = "loss"  # prediction first, target second; a number out
KINDS = (ARITHMETIC, ELEMENTWISE, TENSOR, LOSS)

# How tightly written-out notation binds, loosest first: ``a + b`` is ADD, ``a·b`` MUL,
# ``−a`` NEG, ``x²`` POW, a name or ``sin(x)`` ATOM. Captions put an operand in
# parentheses when it binds looser than its place asks for.
LOOSE, ADD, MUL, NEG, POW, ATOM = range(6)


class Notation(NamedTuple):
    """A template of written-out math and how tightly the result binds.

    The template names the op's arguments by its ``params`` in braces; captions
    (:mod:`graphviz_app.session.prose.notation`) fill them with names or numbers:

    ``{a}``
        argument ``a`` as it is;
    ``{a@mul}``
        argument ``a`` as an operand that must bind at least as tightly as a product
        (levels ``add``, ``mul``, ``neg``, ``pow``, ``atom``): parenthesized when it
        binds looser, and after an operator also when it starts with a minus;
    ``{a^b}``, ``{a^b-1}``, ``{a^2}``
        ``a`` to the power ``b``, ``b − 1`` or a whole number, in superscript when it is one;
    ``{#a}``
        the number of elements of ``a`` (``n`` in names);
    ``{g}``
        the upstream gradient ∂L/∂(output), for rules said of whole arrays;
    ``×``
        multiplication: ``·`` between names, `` × `` between numbers.
    """

    template: str
    binds: int = ATOM


@dataclass(frozen=True)
class OpSpec:
    """Everything the app knows about one op.

    Attributes
    ----------
    name:
        Registry key, e.g. ``"sigmoid"``.
    arity:
        Number of arguments.
    forward:
        ``forward(*args) -> value``, NumPy semantics.
    vjps:
        One backward rule per argument: ``vjp(F, g, ans, *args) -> ∂L/∂arg``.
        ``None`` in a position means "no derivative with respect to this argument"
        (for example the class-index target of cross-entropy).
    symbol:
        What the canvas draws in the node, e.g. ``"σ"`` or ``"+"``.
    derivatives:
        One :class:`Notation` per argument: the local derivative ∂(output)/∂(argument),
        written with the op's ``params``. Ops on whole arrays may instead say how the
        upstream gradient ``{g}`` flows back.
    fault:
        A sentence explaining why the result may be nan/inf, shown when it is.
    kind:
        One of :data:`KINDS`.
    notation:
        How captions write the op applied to its arguments (``{a} + {b@add}``).
    params:
        The names the templates give the arguments, in order.
    in_language:
        Whether the expression language may call the op by its name: ``sin(x)``.
    activation:
        Whether a network layer may use it as its activation.
    loss_name:
        The name a network spec gives this loss (``half_mse`` for ``half_se``), if any.
    definition:
        For an op the user defined in the expression language (``swish(u) := …``), its
        :class:`~graphviz_app.core.custom_ops.Definition`: the body, the claimed
        derivatives and their text. ``None`` for the ops of the table.
    named_jacobian:
        Whether the derivative template is the Jacobian's own short formula
        (softmax's ``diag(s) − s sᵀ``), which an edge into the op then shows as its label.
    """

    name: str
    arity: int
    forward: Callable[..., Any]
    vjps: tuple[Callable[..., Any] | None, ...]
    symbol: str
    derivatives: tuple[Notation, ...]
    fault: str = "the result is not a finite number"
    kind: str = ELEMENTWISE
    notation: Notation = field(default=Notation(""))
    params: tuple[str, ...] = field(default=())
    in_language: bool = False
    activation: bool = False
    loss_name: str | None = None
    definition: Any = None
    named_jacobian: bool = False

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

    @property
    def title(self) -> str:
        """What messages call the op: its name, or the user's name for an op of their own (whose
        registry name carries a digest no one should read)."""
        return self.name if self.definition is None else self.definition.name

    @property
    def elementwise(self) -> bool:
        """A function of one number applied to each element: its Jacobian is diagonal."""
        return self.arity == 1 and self.kind in (ARITHMETIC, ELEMENTWISE)


REGISTRY: dict[str, OpSpec] = {}


def register(spec: OpSpec) -> OpSpec:
    """Add ``spec`` to the registry (names must be unique)."""
    if spec.name in REGISTRY:
        raise ValueError(f"op {spec.name!r} is registered twice")
    if spec.kind not in KINDS:
        raise ValueError(f"op {spec.name!r}: kind {spec.kind!r} is not one of {', '.join(KINDS)}")
    if not len(spec.vjps) == len(spec.derivatives) == len(spec.params) == spec.arity:
        raise ValueError(f"op {spec.name!r}: give one VJP, one derivative and one name per argument")
    REGISTRY[spec.name] = spec
    return spec


def names(*, kind: str | None = None, where: Callable[[OpSpec], bool] | None = None) -> tuple[str, ...]:
    """Names of the table's ops of ``kind`` (any kind if None) for which ``where`` holds,
    in the order of the table. Every list of op names in the app is made here. Ops a
    user defined (:mod:`.custom_ops`) are registered too, but belong to no list."""
    return tuple(
        name
        for name, spec in REGISTRY.items()
        if spec.definition is None and (kind is None or spec.kind == kind) and (where is None or where(spec))
    )


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

"""Ops of the user's own, with the derivatives the user claims for them.

A lecturer writes, in the expression language (:mod:`graphviz_app.builders.definitions`)::

    swish(u) := u*sigmoid(u)
    swish'(u) := sigmoid(u) + u*sigmoid(u)*(1 - sigmoid(u))

and ``swish(x)`` is then *one* node whose forward value is the body and whose local
derivative is the claim, right or wrong: the chain rule trusts it, as autograd trusts
a custom ``backward``. Only the gradient check (:func:`~.gradcheck.check_claims`) compares
the claim with finite differences of the body.

Such an op is an ordinary entry of the op registry (:func:`~.ops.register`), made from a
:class:`Definition`: one :class:`Formula` for the body and one per argument for the
claimed partial derivatives, each a tree of the table's ops over the arguments. The
forward function evaluates the body with NumPy's functions; the rule for argument i is
``g × claim_i(args)``, evaluated over whatever namespace ``F`` the passes hand it, so the
backward graph (:mod:`.backward_graph`) and second derivatives work as for the table's
ops. Its registry key is the function's name and a digest of all the definitions it was
made with (``swish~3f2a…``), so two graphs that define ``swish`` differently hold two
ops, and a graph made again from the same text finds the same one.

Examples
--------
>>> import graphviz_app.core
>>> from graphviz_app.core import graph as G
>>> from graphviz_app.core.evaluate import evaluate
>>> u = Formula(param=0)
>>> square = Definition("square", ("u",), Formula("mul", (u, u)), (Formula("mul", (Formula(value=3.0, label="3"), u)),))
>>> key = register_custom("square~example", square)
>>> g = G.new_graph()
>>> y = G.add_op(g, key, [G.add_leaf(g, "x", 2.0)])
>>> ev = evaluate(g)
>>> ev.values[y], ev.grads["x"]  # 2², and the claimed (wrong) derivative 3·2
(4.0, 6.0)
>>> from graphviz_app.core.gradcheck import check_claims
>>> [(c.claimed, round(c.numeric, 6), round(c.rel_error, 4), c.ok) for c in check_claims(ev)]
[(6.0, 4.0, 0.3333, False)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graphviz_app.core import functions
from graphviz_app.core.ops import ELEMENTWISE, LOOSE, REGISTRY, Notation, OpSpec, register

__all__ = ["Definition", "Formula", "register_custom"]


@dataclass(frozen=True)
class Formula:
    """An expression over a function's arguments: an argument (``param``, its position), a
    number (``value``, written ``label``), or an op of the registry applied to formulas."""

    op: str | None = None
    args: tuple[Formula, ...] = ()
    param: int | None = None
    value: float = 0.0
    label: str = ""

    def evaluate(self, F: Any, args: Sequence[Any]) -> Any:
        """The formula's value for the arguments ``args``, with the functions of ``F``."""
        if self.param is not None:
            return args[self.param]
        if self.op is None:
            return self.value
        return F.apply(self.op, *(arg.evaluate(F, args) for arg in self.args))


@dataclass(frozen=True)
class Definition:
    """A function the user defined: ``name(params) := body`` and one claimed partial derivative
    per argument, with the text of each as typed (for messages and the inspector)."""

    name: str
    params: tuple[str, ...]
    body: Formula
    claims: tuple[Formula, ...]
    body_text: str = ""
    claim_texts: tuple[str, ...] = ()

    def claim_name(self, position: int, args: Sequence[str] | None = None) -> str:
        """How a claim is written, applied to ``args`` (default: the arguments' own names):
        ``swish′(u)``, or ``∂f/∂a(a, b)`` for one of several arguments."""
        call = "(" + ", ".join(self.params if args is None else args) + ")"
        if len(self.params) == 1:
            return f"{self.name}′{call}"
        return f"∂{self.name}/∂{self.params[position]}{call}"

    def call(self) -> str:
        """``swish(u)``, ``f(a, b)``."""
        return f"{self.name}({', '.join(self.params)})"


def register_custom(key: str, definition: Definition) -> str:
    """Register ``definition`` as the op ``key`` (once: a key names one definition) and return ``key``."""
    if key in REGISTRY:
        return key
    body, claims = definition.body, definition.claims

    def forward(*args: Any) -> Any:
        return body.evaluate(functions, args)

    def rule(position: int) -> Any:
        claim = claims[position]
        return lambda F, g, y, *args: g * claim.evaluate(F, args)

    call = ", ".join(f"{{{p}}}" for p in definition.params)
    register(
        OpSpec(
            name=key,
            arity=len(definition.params),
            forward=forward,
            vjps=tuple(rule(i) for i in range(len(definition.params))),
            symbol=definition.name,
            derivatives=tuple(
                Notation(text or definition.claim_name(i), LOOSE) for i, text in _texts(definition)
            ),
            fault=f"{definition.call()} = {definition.body_text or 'its body'} is not a finite number here",
            kind=ELEMENTWISE,
            notation=Notation(f"{definition.name}({call})"),
            params=definition.params,
            definition=definition,
        )
    )
    return key


def _texts(definition: Definition) -> list[tuple[int, str]]:
    texts = definition.claim_texts or ("",) * len(definition.params)
    return list(enumerate(texts))

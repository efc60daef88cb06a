"""Gradient descent and its three popular refinements, in NumPy.

Training repeats three things: evaluate the loss and its gradient with respect
to every parameter (the leaves of kind PARAM), move each parameter a little
against its gradient, and evaluate again. The optimizers differ only in how
they turn a gradient g into a step. Update formulas and default
hyper-parameters follow PyTorch (``torch.optim``), written per parameter p:

``sgd`` (lr = 0.1)
    p ← p − lr·g. PyTorch's SGD defaults to lr = 0.001, which barely moves the
    small networks drawn here; pass ``lr=0.001`` for PyTorch's behaviour.
``momentum`` (lr = 0.1, μ = 0.9)
    v ← μ·v + g (v starts as g), p ← p − lr·v: a ball rolling downhill keeps
    some of its speed. PyTorch's SGD(momentum=0.9), no dampening, not Nesterov.
``rmsprop`` (lr = 0.01, α = 0.99, ε = 1e-8)
    s ← α·s + (1−α)·g², p ← p − lr·g / (√s + ε): each parameter's step is
    divided by a running size of its own gradients. PyTorch's defaults.
``adam`` (lr = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-8)
    m ← β₁·m + (1−β₁)·g, v ← β₂·v + (1−β₂)·g², m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ),
    p ← p − lr·m̂ / (√v̂ + ε) at step t = 1, 2, ... (m and v start at 0; the
    hats undo that start). PyTorch's defaults.

:func:`train` never changes the graph: parameter values travel as overrides
to :func:`~graphviz_app.core.evaluate.evaluate`, its steps are those of the one
training loop (:class:`~graphviz_app.core.descent.Descent`), and the trained values are
returned (``spec_with_params`` in the network builder writes them back to a spec).

Examples
--------
Minimise (w − 3)² by hand: the gradient at w = 0 is −6, so SGD with lr = 0.1 steps to 0.6.

>>> from graphviz_app.core import graph as G
>>> g = G.new_graph()
>>> w = G.add_leaf(g, "w", 0.0, G.PARAM)
>>> d = G.add_op(g, "sub", [w, G.add_constant(g, 3.0)])
>>> loss = G.add_op(g, "mul", [d, d])
>>> result = train(g, steps=2, optimizer="sgd", lr=0.1)
>>> [round(v, 4) for v in result.losses], round(result.params["w"], 4)
([9.0, 5.76, 3.6864], 1.08)
>>> g.nodes["w"][G.VALUE]          # the graph keeps its value
0.0
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from graphviz_app.core import graph as G
from graphviz_app.core.descent import Descent
from graphviz_app.errors import GraphError

__all__ = [
    "OPTIMIZERS",
    "SGD",
    "Adam",
    "Momentum",
    "Optimizer",
    "RMSProp",
    "TrainResult",
    "make_optimizer",
    "train",
]


def _clean(value: Any) -> Any:
    arr = np.asarray(value, dtype=float)
    return float(arr) if arr.ndim == 0 else arr


class Optimizer:
    """Turns gradients into parameter updates; keeps per-parameter state between steps.

    Subclasses implement :meth:`update` for one parameter; :meth:`step` applies it
    to every parameter that has a gradient. Parameters are node ids mapped to
    numbers or arrays; the dicts passed in are never modified.
    """

    name = "optimizer"
    default_lr = 0.1

    def __init__(self, lr: float | None = None) -> None:
        lr = self.default_lr if lr is None else lr
        if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not math.isfinite(lr) or lr <= 0:
            raise GraphError(f"the learning rate must be a positive number, got {lr!r}")
        self.lr = float(lr)
        self.state: dict[str, dict[str, Any]] = {}

    def step(self, params: Mapping[str, Any], grads: Mapping[str, Any]) -> dict[str, Any]:
        """New values for ``params`` after one update with ``grads`` (missing or ``None``: unchanged)."""
        new = {}
        for node, value in params.items():
            grad = grads.get(node)
            if grad is None:
                new[node] = value
                continue
            state = self.state.setdefault(node, {})
            p, g = np.asarray(value, dtype=float), np.asarray(grad, dtype=float)
            new[node] = _clean(self.update(p, g, state))
        return new

    def update(self, p: np.ndarray, g: np.ndarray, state: dict[str, Any]) -> np.ndarray:
        raise NotImplementedError

    def reset(self) -> None:
        """Forget the running averages, as if no step had been taken."""
        self.state.clear()


class SGD(Optimizer):
    """Plain gradient descent: p ← p − lr·g."""

    name = "sgd"
    default_lr = 0.1

    def update(self, p, g, state):
        return p - self.lr * g


class Momentum(Optimizer):
    """SGD with momentum (PyTorch's form): v ← μ·v + g, p ← p − lr·v."""

    name = "momentum"
    default_lr = 0.1

    def __init__(self, lr: float | None = None, momentum: float = 0.9) -> None:
        super().__init__(lr)
        self.momentum = momentum

    def update(self, p, g, state):
        v = g if "v" not in state else self.momentum * state["v"] + g
        state["v"] = v
        return p - self.lr * v


class RMSProp(Optimizer):
    """RMSProp (PyTorch's form): s ← α·s + (1−α)·g², p ← p − lr·g / (√s + ε)."""

    name = "rmsprop"
    default_lr = 0.01

    def __init__(self, lr: float | None = None, alpha: float = 0.99, eps: float = 1e-8) -> None:
        super().__init__(lr)
        self.alpha, self.eps = alpha, eps

    def update(self, p, g, state):
        s = self.alpha * state.get("s", 0.0) + (1 - self.alpha) * g * g
        state["s"] = s
        return p - self.lr * g / (np.sqrt(s) + self.eps)


class Adam(Optimizer):
    """Adam (PyTorch's form) with bias-corrected first and second moments."""

    name = "adam"
    default_lr = 0.001

    def __init__(
        self, lr: float | None = None, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8
    ) -> None:
        super().__init__(lr)
        self.beta1, self.beta2 = betas
        self.eps = eps

    def update(self, p, g, state):
        t = state.get("t", 0) + 1
        m = self.beta1 * state.get("m", 0.0) + (1 - self.beta1) * g
        v = self.beta2 * state.get("v", 0.0) + (1 - self.beta2) * g * g
        state.update(t=t, m=m, v=v)
        m_hat = m / (1 - self.beta1**t)
        v_hat = v / (1 - self.beta2**t)
        return p - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


OPTIMIZERS: dict[str, type[Optimizer]] = {cls.name: cls for cls in (SGD, Momentum, RMSProp, Adam)}


def make_optimizer(name: str, lr: float | None = None, **options: Any) -> Optimizer:
    """The optimizer called ``name`` (sgd, momentum, rmsprop, adam) with learning rate ``lr``.

    ``lr=None`` takes the optimizer's default; ``options`` are its other
    hyper-parameters (``momentum``, ``alpha``, ``betas``, ``eps``).
    """
    cls = OPTIMIZERS.get(str(name).lower())
    if cls is None:
        close = difflib.get_close_matches(str(name).lower(), OPTIMIZERS, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise GraphError(f"unknown optimizer '{name}'{hint}; choose one of {', '.join(OPTIMIZERS)}")
    return cls(lr, **options)


@dataclass
class TrainResult:
    """What :func:`train` did.

    Attributes
    ----------
    losses:
        The loss before each step and after the last one (``steps + 1`` numbers),
        or fewer if the loss stopped being a finite number: training stops there,
        and the last entry is that nan or inf.
    params:
        Parameter id -> trained value (the values that gave ``losses[-1]``).
    optimizer, lr:
        The optimizer's name and the learning rate used (its default unless given).
    """

    losses: list[float]
    params: dict[str, Any]
    optimizer: str = "sgd"
    lr: float = SGD.default_lr


def train(
    graph: nx.DiGraph,
    steps: int,
    optimizer: str | Optimizer = "sgd",
    lr: float | None = None,
    values: Mapping[str, Any] | None = None,
) -> TrainResult:
    """Run ``steps`` optimizer steps on the graph's PARAM leaves, minimising its output.

    Parameters
    ----------
    graph:
        A computation graph whose output is a scalar loss. It is not modified.
    steps:
        Number of updates (0 just evaluates).
    optimizer:
        A name for :func:`make_optimizer`, or an :class:`Optimizer` to continue with.
    lr:
        Learning rate for a named optimizer (``None``: its default).
    values:
        Leaf overrides by id or name, as for ``evaluate``: other inputs, or starting
        values of parameters.
    """
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
        raise GraphError(f"steps must be a whole number ≥ 0, got {steps!r}")
    opt = optimizer if isinstance(optimizer, Optimizer) else make_optimizer(optimizer, lr)
    values = dict(values or {})
    for p in G.leaves(graph, (G.PARAM,)):
        value = values.get(p, graph.nodes[p][G.VALUE])
        values[p] = value if value is None else _clean(value)
    descent = Descent(graph, values, opt)
    losses = [descent.loss, *descent.run(steps)]
    return TrainResult(losses, {p: values[p] for p in descent.names}, opt.name, opt.lr)

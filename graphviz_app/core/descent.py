"""The one training loop: an optimizer walks a graph's parameters downhill, one evaluation per step.

A :class:`Descent` holds a graph, the leaf values it trains and an optimizer of
:mod:`graphviz_app.core.optim`. :meth:`Descent.run` repeats one step: hand the
gradients of the evaluation at the current parameters to the optimizer, write the
new parameters into the values, and evaluate there (that evaluation serves the
next step, so each step costs one forward and one backward pass). It stops early
once the loss is not a finite number, and when asked to (a deadline).

Training on data learns from a different mini-batch at each step: a ``feed`` gives the values of the
other leaves (the inputs and targets of the batch) for the evaluation after ``k`` steps, so the step
after it descends along that batch's gradient.

The values are the caller's own mapping, written in place: whoever owns them (the
window's session, the command line) holds the one copy of the parameters. Every
way of training goes through here: :func:`graphviz_app.core.optim.train`, the
session's trainer (:mod:`graphviz_app.session.training.runs`) that the window and the
``train`` command share, so the numbers agree to the last bit.

Examples
--------
>>> from graphviz_app.core import graph as G
>>> from graphviz_app.core.optim import make_optimizer
>>> g = G.new_graph()
>>> w = G.add_leaf(g, "w", 0.0, G.PARAM)
>>> d = G.add_op(g, "sub", [w, G.add_constant(g, 3.0)])
>>> loss = G.add_op(g, "mul", [d, d])
>>> values = {}
>>> descent = Descent(g, values, make_optimizer("sgd", 0.1))
>>> [round(v, 4) for v in descent.run(2)], round(values["w"], 4)
([5.76, 3.6864], 1.08)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation, evaluate, is_scalar
from graphviz_app.errors import GraphError

if TYPE_CHECKING:
    from graphviz_app.core.optim import Optimizer

__all__ = ["Descent", "Update"]


@dataclass(frozen=True)
class Update:
    """What one step did to one parameter: its value, gradient and optimizer state, before and after."""

    node: str
    old: Any
    grad: Any
    new: Any
    state_before: dict[str, Any]
    state_after: dict[str, Any]


class Descent:
    """Optimizer steps on the PARAM leaves of ``graph``, written into ``values``.

    Parameters
    ----------
    graph:
        A graph whose output is a scalar loss; it is never modified.
    values:
        Leaf values by id, written in place: the inputs, targets and the parameters.
        A parameter missing here starts at the graph's value (and is added).
    optimizer:
        The optimizer that turns gradients into steps (its state carries on).
    names:
        The leaves to train (default: the PARAM leaves); an expression's inputs, say.
    feed:
        ``feed(k)``: values of other leaves for the evaluation after ``k`` steps (a mini-batch),
        written into ``values`` before it; None: they stay.
    """

    def __init__(
        self,
        graph: nx.DiGraph,
        values: MutableMapping[str, Any],
        optimizer: Optimizer,
        names: list[str] | None = None,
        feed: Callable[[int], Mapping[str, Any]] | None = None,
    ) -> None:
        self.graph = graph
        self.names = G.leaves(graph, (G.PARAM,)) if names is None else list(names)
        if not self.names:
            raise GraphError("nothing to train: the graph has no parameters (leaves of kind param)")
        for p in self.names:
            if p not in graph or not G.is_leaf(graph, p) or graph.nodes[p][G.KIND] == G.CONST:
                raise GraphError(
                    f"cannot train '{p}': only inputs and parameters of the graph can be trained"
                )
            if values.get(p, graph.nodes[p][G.VALUE]) is None:
                raise GraphError(f"no value for parameter '{p}': give one, e.g. {p}=0.5")
            values.setdefault(p, graph.nodes[p][G.VALUE])
        self.values = values
        self.optimizer = optimizer
        self.feed = feed
        self.steps = 0
        """Steps taken since the start (or the last :meth:`restart`): which batch ``feed`` gives next."""
        self.last: dict[str, Update] = {}
        """What the last step did to every parameter (empty before the first)."""
        self.evaluation = self.evaluate()

    @property
    def loss(self) -> float:
        return float(self.evaluation.output_value)

    @property
    def finite(self) -> bool:
        """False once the loss is nan or infinite: stepping further would change nothing useful."""
        return math.isfinite(self.loss)

    def run(self, n: int, stop: Callable[[], bool] | None = None) -> list[float]:
        """Up to ``n`` steps; the loss after each.

        Fewer once the loss is not finite, or when ``stop()``, asked after each step
        (so a call takes at least one step), says to stop: a deadline.
        """
        out: list[float] = []
        for _ in range(n):
            if not self.finite or (stop is not None and out and stop()):
                break
            out.append(self._step())
        return out

    def restart(self) -> None:
        """From the values as they are now, as if no step had been taken (the first batch again)."""
        self.steps, self.last = 0, {}
        self.evaluation = self.evaluate()

    def evaluate(self) -> Evaluation:
        """Forward and backward at the current values (and batch); refuses a loss that is not one number."""
        if self.feed is not None:
            self.values.update(self.feed(self.steps))
        ev = evaluate(self.graph, self.values)
        if not is_scalar(ev.output_value):
            raise GraphError(
                f"training needs a scalar loss; the output {ev.output} has shape {np.shape(ev.output_value)}"
            )
        return ev

    def _step(self) -> float:
        """One step; the values change with their evaluation (Ctrl+C leaves whole steps behind)."""
        ev, names, state = self.evaluation, self.names, self.optimizer.state
        grads = {p: ev.grads[p] for p in names}
        old = {p: self.values[p] for p in names}
        before = {p: dict(state.get(p, {})) for p in names}
        new = self.optimizer.step(old, grads)
        batch = {} if self.feed is None else self.feed(self.steps + 1)
        after = evaluate(self.graph, {**self.values, **new, **batch})
        self.values.update(new)
        self.values.update(batch)
        self.steps += 1
        self.evaluation = after
        self.last = {p: Update(p, old[p], grads[p], new[p], before[p], dict(state.get(p, {}))) for p in names}
        return self.loss

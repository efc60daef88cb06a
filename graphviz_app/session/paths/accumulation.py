"""Where ``+=`` happens: a node's gradient as the sum of what its outgoing edges send back.

The backward pass visits a node's children one by one; each edge node → child
sends back ∂L/∂child · ∂child/∂node, and the node adds it to its gradient::

    ∂L/∂a = Σ over children c of ∂L/∂c · ∂c/∂a

:func:`accumulation` lists those terms in the order the backward pass adds them
(the order the evaluation recorded, ``ev.backward``), with the running total after
each ``+=``. The accumulation panel and the
inspector show it; :mod:`graphviz_app.session.paths.sum_over_paths` shows the same rule as
a sum over whole paths.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from graphviz_app.core.evaluate import Evaluation, is_scalar
from graphviz_app.errors import GraphError
from graphviz_app.session.prose.captions import Captions
from graphviz_app.text.numbers import factor_text, format_shape, summarize

__all__ = ["Accumulation", "Contribution", "accumulation"]


@dataclass(frozen=True)
class Contribution:
    """What one outgoing edge node → child sends back: ∂L/∂child × ∂child/∂node."""

    child: str
    name: str
    upstream: Any
    local: Any  # a number, or None for a tensor edge (see local_text)
    local_text: str
    contribution: Any  # None when no gradient flows along the edge
    running: Any  # the gradient after this +=


@dataclass(frozen=True)
class Accumulation:
    """A node's gradient as the sum of its outgoing edges' contributions, in backward order."""

    node: str
    name: str
    derivative: str  # ∂L/∂a
    rows: tuple[Contribution, ...]
    gradient: Any
    is_output: bool

    @property
    def total(self) -> Any:
        return self.rows[-1].running if self.rows else self.gradient

    def lines(self) -> list[str]:
        """The accumulation as the backward pass does it, one ``+=`` a line."""
        if self.is_output:
            return [f"{self.derivative} = 1: the seed of the backward pass"]
        lines = [f"{self.derivative} = 0"]
        for r in self.rows:
            if r.contribution is not None:
                lines.append(
                    f"{self.derivative} += {summarize(r.upstream)} × {r.local_text} = "
                    f"{summarize(r.contribution)}   (from {r.name}) → {summarize(r.running)}"
                )
        return lines


def accumulation(ev: Evaluation, node: str, names: Captions | None = None) -> Accumulation:
    """The terms of ∂L/∂node = Σ over children c of ∂L/∂c · ∂c/∂node, as the backward pass adds them.

    >>> from graphviz_app.session.state.session import Session
    >>> s = Session()
    >>> s.open_source("example:multipath")
    >>> acc = accumulation(s.evaluation, "x")
    >>> [(r.name, summarize(r.contribution)) for r in acc.rows], summarize(acc.gradient)
    ([('x·y', '0.4794'), ('x²', '1.755')], '2.235')
    """
    names = names if names is not None and names.ev is ev else Captions(ev)
    if node not in ev.graph:
        raise GraphError(f"unknown node '{node}'")
    grad = ev.grads.get(node)
    zero: Any = 0.0 if is_scalar(ev.values[node]) else np.zeros(np.shape(ev.values[node]))
    running: Any = zero
    rows = []
    for child in ev.children_in_backward_order(node):
        edge = (node, child)
        sent = ev.contributions.get(edge)
        local = ev.local.get(edge)
        if local is not None:
            local_text = factor_text(local)
        elif sent is not None:
            local_text = f"J({format_shape(ev.jacobian_shape(edge))})"
        else:
            local_text = "—"
        if sent is not None:
            running = running + sent
        rows.append(
            Contribution(child, names.name(child), ev.grads.get(child), local, local_text, sent, running)
        )
    return Accumulation(
        node,
        names.name(node),
        f"∂{names.out_name}/∂{names.d(node)}",
        tuple(rows),
        grad if grad is not None else None,
        node == ev.output,
    )

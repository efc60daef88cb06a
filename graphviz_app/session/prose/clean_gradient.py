"""Softmax with cross-entropy: the clean gradient ∂L/∂z = ŷ − y, written beside the long product it simplifies.

With ŷ = softmax(z) and L = −Σⱼ yⱼ log ŷⱼ (a one-hot y, averaged over n samples), the
chain rule multiplies ∂L/∂ŷ = −y/ŷ (÷ n) by the softmax Jacobian diag(ŷ) − ŷŷᵀ:

    −(y/ŷ)·(diag(ŷ) − ŷŷᵀ) = −y + ŷ·Σⱼ yⱼ = ŷ − y        (Σⱼ yⱼ = 1)

so the whole product, or in the neuron view the sum over every path through the
exp, the sum and the division, is ŷ − y (÷ n). The network builder marks where a
softmax output meets cross-entropy (:data:`graphviz_app.core.graph.SOFTMAX_CE`);
:func:`clean_gradient` reads the numbers, and :func:`clean_line` writes them for
the backward step's caption, the inspector and ``derive``.

Examples
--------
>>> from graphviz_app.builders.examples import load_example
>>> from graphviz_app.builders.network import build_network
>>> from graphviz_app.core.evaluate import evaluate
>>> from graphviz_app.session.prose.names import Names
>>> ev = evaluate(build_network(load_example("softmax-ce").payload, view="layer").graph)
>>> print(clean_line(ev, Names.of(ev), "z2"))
∂L/∂z2 = ŷ − y = [0.5718, 0.2494, 0.1788] − [0, 1, 0] = [0.5718, −0.7506, 0.1788]
>>> clean_gradient(ev, "a2") is None  # only the softmax's input has it
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from graphviz_app.core import functions as F
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation
from graphviz_app.session.prose.names import Names
from graphviz_app.text.numbers import format_number, summarize

__all__ = ["CLEAN_NOTE", "WRITTEN_OUT", "CleanGradient", "clean_gradient", "clean_line", "clean_parts"]

CLEAN_NOTE = "(softmax with cross-entropy)"
"""What the captions, the inspector and ``derive`` say after the clean gradient (short: a caption is one
line of it, under the long product, and must stay large in presentation mode)."""
WRITTEN_OUT = 12
"""Arrays of up to this many numbers are written out; bigger ones are summarised."""


@dataclass(frozen=True)
class CleanGradient:
    """∂L/∂z = (ŷ − y)/samples for one z: the nodes and their numbers."""

    node: str
    prediction: str
    target: str
    samples: int
    predicted: Any
    onehot: Any
    value: Any

    def formula(self, prediction: str = "ŷ", target: str = "y") -> str:
        """``ŷ − y``, or ``(ŷ − y)/n`` for a batch of n samples, with these names for ŷ and y."""
        difference = f"{prediction} − {target}"
        return difference if self.samples == 1 else f"({difference})/{self.samples}"


def clean_gradient(ev: Evaluation, node: str) -> CleanGradient | None:
    """The clean gradient of ``node`` when it is the input of a softmax under cross-entropy, else None."""
    mark = ev.graph.graph.get(G.SOFTMAX_CE)
    if mark is None:
        return None
    loss, pairs, samples = mark
    if ev.output != loss or node not in pairs:
        return None
    prediction, target = pairs[node]
    predicted, onehot = ev.values[prediction], ev.values[target]
    if np.shape(onehot) != np.shape(predicted):  # the layer view's class indices
        onehot = F.one_hot(onehot, predicted)
    value = (predicted - onehot) / samples
    return CleanGradient(node, prediction, target, samples, predicted, onehot, value)


def _numbers(x: Any) -> str:
    return format_number(x) if np.size(x) <= WRITTEN_OUT else summarize(x)


def clean_line(ev: Evaluation, names: Names, node: str) -> str | None:
    """``∂L/∂z2 = ŷ − y = [0.57, 0.25, 0.18] − [0, 1, 0] = [0.57, −0.75, 0.18]``, or None where it does not apply."""
    parts = clean_parts(ev, names, node)
    return None if parts is None else " = ".join([names.grad_of(node), *parts])


def clean_parts(ev: Evaluation, names: Names, node: str) -> list[str] | None:
    """What ∂L/∂``node`` equals, step by step: ``ŷ − y``, (the names,) the numbers, the result."""
    clean = clean_gradient(ev, node)
    if clean is None:
        return None
    parts = [clean.formula()]
    if np.ndim(clean.predicted) == 0:  # the neuron view: say which ŷ and y
        parts.append(clean.formula(names.name(clean.prediction), names.name(clean.target)))
    parts.append(clean.formula(_numbers(clean.predicted), _numbers(clean.onehot)))
    parts.append(_numbers(clean.value))
    return parts

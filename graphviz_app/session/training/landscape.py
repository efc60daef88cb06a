"""The loss landscape: the loss over a plane through the parameters now, the gradient on it, and where each
optimizer goes from here.

The seeds call the gradient "the direction of steepest ascent in the high-dimensional loss surface". A plane
through the point p₀ (the parameters now) makes that surface something to look at: either two parameters
(every other held where it is: ``Axes.leaves``), or two directions, the gradient and a random one made
orthogonal to it (``Axes.directions``). Over a grid of (a, b) the loss is L(p₀ + a·u + b·v) (:attr:`Landscape.loss`,
evaluated point by point); the gradient at p₀ drawn in the plane is (∇L·u, ∇L·v), steepest ascent, and its
negative the way down. Each optimizer (SGD, momentum, RMSProp, Adam, with their default settings) trains from
p₀ through the one training loop, exactly as ``graphviz-app train`` does (the same mini-batches for a network
with data), and its path is where its parameters are after each step, in the plane's coordinates: for two
parameters, their values; for two directions, the projection (p − p₀)·u, (p − p₀)·v. An optimizer that moves
the other parameters too leaves the plane: the path is its shadow on it.

What is trained and the loss: a network's weights and biases (for a network with data, the loss over every
training point), or an expression's inputs (``graphviz-app train --wrt x,y``).

Examples
--------
>>> from graphviz_app.session.state.session import Session
>>> s = Session()
>>> s.open_source("(x-1)**2 + 10*(y+2)**2", {"x": 0.0, "y": 0.0})
>>> land = landscape(s.graph, s.values, None, Axes.leaves("x", "y"), steps=3, size=5)
>>> land.gradient                                   # ∂L/∂x = 2(x − 1), ∂L/∂y = 20(y + 2) at (0, 0)
(-2.0, 40.0)
>>> [round(v, 4) for v in land.paths["sgd"][1]]     # SGD lr 0.1: x ← 0 − 0.1·(−2), y ← 0 − 0.1·40
[0.2, -4.0]
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from graphviz_app.builders.leaf_names import parse_leaf_name
from graphviz_app.builders.network_spec import NetworkSpec
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate, forward
from graphviz_app.core.optim import OPTIMIZERS
from graphviz_app.errors import GraphvizAppError
from graphviz_app.session.training.runs import Trainer, trainer_for
from graphviz_app.text.numbers import format_scalar

__all__ = ["DEFAULT_STEPS", "GRID", "MAX_GRID", "Axes", "Landscape", "describe", "landscape", "trainable"]

GRID = 41
"""Points along each side of the grid the loss is evaluated on."""
MAX_GRID = 101
DEFAULT_STEPS = 50
"""Steps of each optimizer's path."""
MAX_STEPS = 2000


@dataclass(frozen=True)
class Axes:
    """The plane's two axes: two leaves by name (``kind == "leaves"``), or the gradient and a random direction."""

    kind: str
    first: str = ""
    second: str = ""
    seed: int = 0

    @classmethod
    def leaves(cls, first: str, second: str) -> Axes:
        return cls("leaves", first, second)

    @classmethod
    def directions(cls, seed: int = 0) -> Axes:
        """The gradient, and a random direction (from ``seed``, PCG64) made orthogonal to it."""
        return cls("directions", seed=seed)

    @property
    def names(self) -> tuple[str, str]:
        """What the plane's axes are called."""
        return (self.first, self.second) if self.kind == "leaves" else ("−∇L", "a random direction")


@dataclass
class Landscape:
    """The loss over a grid around the point now, the gradient there, and each optimizer's path (see the module)."""

    axes: Axes
    centre: tuple[float, float]
    """The point now in the plane's coordinates: the two leaves' values, or (0, 0) for directions."""
    a: np.ndarray
    b: np.ndarray
    loss: np.ndarray
    """``loss[j, i]`` at (a[i], b[j])."""
    gradient: tuple[float, float]
    """∇L at the point now, in the plane: steepest ascent (draw its negative for the way down)."""
    paths: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    """Optimizer name -> where it is before the first step and after each, in the plane's coordinates."""


def trainable(graph: nx.DiGraph, spec: NetworkSpec | None) -> list[str]:
    """The leaves a landscape may take as axes: a network's scalar weights and biases (the neuron view's
    names, ``W1[0,1]``), an expression's inputs."""
    if spec is not None:
        return [
            f"{family}{k}[{','.join(map(str, index))}]"
            for k, layer in enumerate(spec.layers, start=1)
            for family, array in layer.params.items()
            for index in np.ndindex(array.shape)
        ]
    return [n for n in G.leaves(graph, (G.PARAM,)) if np.ndim(graph.nodes[n][G.VALUE]) == 0] or G.leaves(
        graph, (G.INPUT,)
    )


class _Objective:
    """The loss as a function of the flat vector of what is trained, and the trainers that step it."""

    def __init__(self, graph: nx.DiGraph, values: Mapping[str, Any], spec: NetworkSpec | None) -> None:
        self.graph, self.values, self.spec = graph, dict(values), spec
        names = None if spec is not None or G.leaves(graph, (G.PARAM,)) else G.leaves(graph, (G.INPUT,))
        self.names = names
        probe = self.trainer()
        self.feed = probe.data
        self.keys = list(probe.names)
        self.shapes = [np.shape(probe.values[k]) for k in self.keys]
        self.start = self.flat(probe.values)

    def trainer(self) -> Trainer:
        return trainer_for(self.graph, dict(self.values), self.spec, self.names)

    def flat(self, values: Mapping[str, Any]) -> np.ndarray:
        return np.concatenate([np.ravel(np.asarray(values[k], dtype=float)) for k in self.keys])

    def unflat(self, vector: np.ndarray) -> dict[str, Any]:
        out, at = {}, 0
        for key, shape in zip(self.keys, self.shapes):
            size = int(np.prod(shape))
            piece = vector[at : at + size]
            out[key] = float(piece[0]) if shape == () else piece.reshape(shape)
            at += size
        return out

    def loss(self, vector: np.ndarray) -> float:
        params = self.unflat(vector)
        if self.feed is not None:  # a network with data: the loss over every training point
            return self.feed.train_loss(params)
        _, values, _ = forward(self.graph, {**self.values, **params})
        return float(values[G.output_node(self.graph)])

    def gradient(self) -> np.ndarray:
        if self.feed is not None:
            ev = evaluate(self.feed.graph, {**self.unflat(self.start), **self.feed.training_set})
        else:
            ev = evaluate(self.graph, self.values)
        return np.concatenate([np.ravel(np.asarray(ev.grads[k], dtype=float)) for k in self.keys])

    def index_of(self, name: str) -> int:
        """Where the leaf called ``name`` (a view's name, or the trainer's own) sits in the flat vector."""
        if name in self.keys and self.shapes[self.keys.index(name)] == ():
            return sum(int(np.prod(s)) for s in self.shapes[: self.keys.index(name)])
        leaf = parse_leaf_name(name)
        key = None if leaf is None or leaf.layer is None else f"{leaf.what}{leaf.layer}"
        if leaf is None or key not in self.keys:
            raise GraphvizAppError(f"'{name}' is not a parameter to draw the landscape over (e.g. W1[0,0])")
        k = self.keys.index(key)
        shape = self.shapes[k]
        if len(leaf.index) != len(shape) or any(i >= n for i, n in zip(leaf.index, shape)):
            raise GraphvizAppError(f"'{name}' is not a parameter to draw the landscape over (e.g. W1[0,0])")
        return sum(int(np.prod(s)) for s in self.shapes[:k]) + int(np.ravel_multi_index(leaf.index, shape))


def landscape(
    graph: nx.DiGraph,
    values: Mapping[str, Any],
    spec: NetworkSpec | None,
    axes: Axes,
    steps: int = DEFAULT_STEPS,
    size: int = GRID,
    span: float | None = None,
) -> Landscape:
    """The landscape of what is open (``graph`` with ``values``; ``spec`` for a network) around its point now.

    ``span`` is half the side of the square drawn, in the plane's units (None: enough for every path, at
    least 1). Raises :class:`GraphvizAppError` for an axis that is not a parameter, or the same one twice.
    """
    if not 2 <= size <= MAX_GRID or not 0 <= steps <= MAX_STEPS:
        raise GraphvizAppError(f"a landscape has 2 to {MAX_GRID} points a side and 0 to {MAX_STEPS:,} steps")
    obj = _Objective(graph, values, spec)
    p0, grad = obj.start, obj.gradient()
    if axes.kind == "leaves":
        i, j = obj.index_of(axes.first), obj.index_of(axes.second)
        if i == j:
            raise GraphvizAppError("choose two different parameters for the landscape's axes")
        u, v = np.zeros_like(p0), np.zeros_like(p0)
        u[i], v[j] = 1.0, 1.0
        centre = (float(p0[i]), float(p0[j]))

        def place(p: np.ndarray) -> tuple[float, float]:
            return float(p[i]), float(p[j])  # the parameters' own values, as train --trajectory prints them
    else:
        u, v = _directions(grad, axes.seed)
        centre = (0.0, 0.0)

        def place(p: np.ndarray) -> tuple[float, float]:
            return float((p - p0) @ u), float((p - p0) @ v)

    paths = {name: _path(obj, name, steps, place) for name in OPTIMIZERS}
    if span is None:
        far = [max(abs(a - centre[0]), abs(b - centre[1])) for path in paths.values() for a, b in path]
        far = [d for d in far if math.isfinite(d)]
        span = max(1.0, 1.2 * min(max(far, default=1.0), 1e3))
    a = np.linspace(centre[0] - span, centre[0] + span, size)
    b = np.linspace(centre[1] - span, centre[1] + span, size)
    loss = np.array([[obj.loss(p0 + (ai - centre[0]) * u + (bj - centre[1]) * v) for ai in a] for bj in b])
    return Landscape(axes, centre, a, b, loss, (float(grad @ u), float(grad @ v)), paths)


def _directions(grad: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """u along −∇L (downhill), v random and orthogonal to it, both of length 1."""
    norm = float(np.linalg.norm(grad))
    rng = np.random.default_rng(seed)
    u = -grad / norm if norm > 0 else _unit(rng.normal(size=grad.shape))
    r = rng.normal(size=grad.shape)
    v = r - (r @ u) * u
    if np.linalg.norm(v) < 1e-12:  # one parameter only: no second direction
        raise GraphvizAppError(
            "a random direction needs at least two parameters; choose two parameters instead"
        )
    return u, _unit(v)


def _unit(x: np.ndarray) -> np.ndarray:
    return x / float(np.linalg.norm(x))


def _path(obj: _Objective, optimizer: str, steps: int, place: Any) -> list[tuple[float, float]]:
    """Where ``optimizer`` (its default settings) takes the parameters from p₀, placed in the plane."""
    trainer = obj.trainer()
    trainer.configure(optimizer)
    out = [place(obj.flat(trainer.values))]
    for _ in range(steps):
        if not trainer.step(1):
            break
        out.append(place(obj.flat(trainer.values)))
    return out


def describe(land: Landscape) -> str:
    """What the plot shows, in words: ``the loss over W1[0,0] and W2[0,1] (the other parameters held);
    ∇L = (0.1609, −0.2): the arrow points uphill, the way down is its negative``."""
    first, second = land.axes.names
    ga, gb = (format_scalar(g, 4) for g in land.gradient)
    if land.axes.kind == "leaves":
        where = (
            f"The loss over {first} and {second}, the other parameters held where they are. ∇L = ({ga}, {gb})"
        )
    else:
        where = (
            "The loss over a plane through the parameters now: across along −∇L, up a random direction square "
            f"to it. ∇L = ({ga}, {gb}) in it"
        )
    return (
        f"{where}: the arrow points uphill, its negative the way down. Each line is an optimizer's path from "
        "here with its default settings, the steps graphviz-app train takes (off the plane: its shadow)."
    )

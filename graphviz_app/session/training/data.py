"""Training on data: the graph a mini-batch flows through, the batches, and what the network has learned.

A network whose spec gives ``data`` (:mod:`graphviz_app.builders.data_spec`) trains on mini-batches. A
:class:`DataFeed` builds its layer view once with a mini-batch as the input matrix ``X`` (one row per
point, PyTorch's ``nn.Linear``): every step writes the next batch into ``X`` and ``Y`` (the ``feed`` of
:class:`~graphviz_app.core.descent.Descent`) and the one training loop does the rest, one forward and one
backward pass of the whole batch per step. The same graph evaluated with every training point, every
test point, or every point of a grid over the input plane, forward only, gives the losses, the
accuracies (:class:`Metrics`), the decision boundary and each hidden neuron's picture (:class:`Pictures`).

The parameters are the layer view's matrices (``W1``, ``b1``...); :func:`params_from_view` and
:meth:`DataFeed.view_params` translate them from and to the names of the graph on the canvas (``W1[0,1]``
in the neuron view), whose input is one point: which one the canvas shows is the session's choice.

Examples
--------
>>> from graphviz_app.builders.network import parse_spec
>>> spec = parse_spec({"data": {"kind": "blobs", "n": 40}, "batch": 4, "loss": "bce",
...                    "layers": [{"size": 1, "activation": "sigmoid"}]})
>>> feed = DataFeed(spec)
>>> feed.batch(0)["X"].shape, sorted(feed.names)
((4, 2), ['W1', 'b1'])
>>> m = feed.metrics(params_from_view(spec, {}))
>>> 0.0 <= m.train_accuracy <= 1.0 and m.test_loss > 0
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import networkx as nx
import numpy as np

from graphviz_app.builders.datasets import feature_matrix
from graphviz_app.builders.leaf_names import parse_leaf_name
from graphviz_app.builders.network import NetworkSpec, build_network
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import forward
from graphviz_app.text.numbers import format_scalar

__all__ = [
    "GRID",
    "DataFeed",
    "Metrics",
    "Pictures",
    "data_status",
    "metrics_text",
    "params_from_view",
    "point_text",
]

GRID = 48
"""Pixels along each side of the pictures of the input plane."""


@dataclass(frozen=True)
class Metrics:
    """Loss and accuracy over every training and every test point (None: there are no test points)."""

    train_loss: float
    test_loss: float | None
    train_accuracy: float
    test_accuracy: float | None

    def to_dict(self) -> dict[str, float | None]:
        return {
            "train_loss": self.train_loss,
            "test_loss": self.test_loss,
            "train_accuracy": self.train_accuracy,
            "test_accuracy": self.test_accuracy,
        }


@dataclass(frozen=True)
class Pictures:
    """What the network computes over the input plane, each value scaled to [−1, 1].

    ``output`` is GRID × GRID: 1 where it says class 1 for sure, −1 for class 0, 0 on the boundary.
    ``neurons`` maps ``(k, i)`` (layer k from 1, neuron i) of every hidden layer to its own picture,
    scaled by its activation's range (tanh: as it is; sigmoid: 2a − 1; others by their largest value).
    Row r is x2 = ``ys[r]``, column c is x1 = ``xs[c]``.
    """

    xs: np.ndarray
    ys: np.ndarray
    output: np.ndarray
    neurons: dict[tuple[int, int], np.ndarray]


def params_from_view(spec: NetworkSpec, values: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """The layer view's parameters (``W1``, ``b1``, ``g2``...) from a view's values (either view's names).

    Parameters not in ``values`` are the spec's.
    """
    params = {
        f"{family}{k}": array.astype(float)
        for k, layer in enumerate(spec.layers, start=1)
        for family, array in layer.params.items()
    }
    for key, value in values.items():
        name = parse_leaf_name(key)
        if name is not None and name.layer is not None and f"{name.what}{name.layer}" in params:
            params[f"{name.what}{name.layer}"][name.index or ...] = value
    return params


class DataFeed:
    """The mini-batch graph of a network with data, its batches, and what it says over every point.

    Parameters
    ----------
    spec:
        A checked spec with ``data``.
    """

    def __init__(self, spec: NetworkSpec) -> None:
        assert spec.data is not None, "a DataFeed needs a spec with data"
        self.spec, self.data = spec, spec.data
        self.batches = self.data.batches
        first = self.indices(0)
        batch_spec = replace(
            spec, inputs=self.data.inputs(first), targets=self.data.targets(first, spec.loss)
        )
        self.graph: nx.DiGraph = build_network(batch_spec, view="layer").graph
        self.names = G.leaves(self.graph, (G.PARAM,))
        self.layers = len(spec.layers)

    # --- batches -------------------------------------------------------------------------------

    def indices(self, step: int) -> np.ndarray:
        """Which points (indices into the data) the evaluation after ``step`` steps learns from."""
        return self.data.train[self.batches.indices(step)]

    def batch(self, step: int) -> dict[str, np.ndarray]:
        """The values of ``X`` and ``Y`` after ``step`` steps: the feed of the training loop."""
        return self._xy(self.indices(step))

    def _xy(self, index: np.ndarray) -> dict[str, np.ndarray]:
        return {"X": self.data.inputs(index), "Y": self.data.targets(index, self.spec.loss).astype(float)}

    # --- what the network says -------------------------------------------------------------------

    @property
    def training_set(self) -> dict[str, np.ndarray]:
        """``X`` and ``Y`` of every training point."""
        return self._sets[0]

    @cached_property
    def _sets(self) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray] | None]:
        test = self._xy(self.data.test) if len(self.data.test) else None
        return self._xy(self.data.train), test

    def metrics(self, params: Mapping[str, Any]) -> Metrics:
        """Loss and accuracy over the training points and the test points, at ``params``."""
        train, test = self._sets
        train_loss, train_acc = self._score(params, train)
        test_loss, test_acc = self._score(params, test) if test is not None else (None, None)
        return Metrics(train_loss, test_loss, train_acc, test_acc)

    def train_loss(self, params: Mapping[str, Any]) -> float:
        """The loss over every training point at ``params`` (what the loss landscape draws)."""
        _, values, _ = forward(self.graph, {**params, **self._sets[0]})
        return float(values["L"])

    def _score(self, params: Mapping[str, Any], xy: dict[str, np.ndarray]) -> tuple[float, float]:
        _, values, _ = forward(self.graph, {**params, **xy})
        out = np.asarray(values[f"a{self.layers}"])
        if self.spec.loss == "cross_entropy":
            predicted = out.argmax(axis=1)
            labels = xy["Y"].astype(int)
        else:
            predicted = (out[:, 0] >= 0.5).astype(int)
            labels = xy["Y"][:, 0].astype(int)
        return float(values["L"]), float(np.mean(predicted == labels))

    def activations(self, params: Mapping[str, Any], inputs: np.ndarray) -> list[np.ndarray]:
        """Every layer's activations for ``inputs`` (one row per point): ``[a1, a2, ...]``."""
        n = len(inputs)
        y = np.zeros(n) if self.spec.loss == "cross_entropy" else np.zeros((n, 1))
        _, values, _ = forward(self.graph, {**params, "X": inputs, "Y": y})
        return [np.asarray(values[f"a{k}"]).reshape(n, -1) for k in range(1, self.layers + 1)]

    def pictures(self, params: Mapping[str, Any], size: int = GRID) -> Pictures:
        """The output and every hidden neuron over the input plane (see :class:`Pictures`)."""
        r = self.data.extent
        xs = ys = np.linspace(-r, r, size)
        gx, gy = np.meshgrid(xs, ys)
        points = np.column_stack([gx.ravel(), gy.ravel()])
        acts = self.activations(params, feature_matrix(points, self.data.features))
        neurons = {}
        for k, a in enumerate(acts[:-1], start=1):
            scaled = _scaled(a, self.spec.layers[k - 1].activation)
            for i in range(a.shape[1]):
                neurons[k, i] = scaled[:, i].reshape(size, size)
        return Pictures(xs, ys, self.class_score(acts[-1]).reshape(size, size), neurons)

    def class_score(self, out: np.ndarray) -> np.ndarray:
        """The network's answer per row scaled to [−1, 1]: −1 surely class 0, 1 surely class 1 (or the last)."""
        if self.spec.loss == "cross_entropy":
            k = out.shape[1]
            if k == 2:
                e = np.exp(out - out.max(axis=1, keepdims=True))
                return 2 * e[:, 1] / e.sum(axis=1) - 1
            return 2 * out.argmax(axis=1) / max(k - 1, 1) - 1
        return np.clip(2 * out[:, 0] - 1, -1.0, 1.0)

    # --- the canvas's graph ------------------------------------------------------------------------

    def view_params(self, view: nx.DiGraph, params: Mapping[str, Any]) -> dict[str, Any]:
        """The parameters of ``view`` (either view of the network: ``W1[0,1]`` or ``W1``) from ``params``."""
        out: dict[str, Any] = {}
        for node in G.leaves(view, (G.PARAM,)):
            name = parse_leaf_name(node)
            if name is not None and f"{name.what}{name.layer}" in params:
                out[node] = _item(params[f"{name.what}{name.layer}"], name.index)
        return out

    def view_point(self, view: nx.DiGraph, point: int) -> dict[str, Any]:
        """The inputs and targets of ``view`` (a graph of one point, either view) for point ``point``."""
        return self.view_rows(view, np.array([point]))

    def view_rows(self, view: nx.DiGraph, index: np.ndarray) -> dict[str, Any]:
        """The inputs and targets of ``view`` for the points at ``index``: a graph of one point (``x[i]``, ``x``)
        takes the first, a graph of a mini-batch (``x[s,i]``, ``X``) every one, row s the s-th."""
        out: dict[str, Any] = {}
        x, labels = self.data.inputs(index), self.data.labels[index].astype(int)
        entropy = self.spec.loss == "cross_entropy"
        t = labels.astype(float) if entropy else labels.astype(float)[:, None]
        for node in G.leaves(view, (G.INPUT, G.TARGET, G.CONST)):
            name, kind = parse_leaf_name(node), view.nodes[node][G.KIND]
            if name is None or name.layer is not None or name.what.lower() not in ("x", "y"):
                continue
            where = name.index if len(name.index) == 2 else (0, *name.index)  # (sample, element)
            whole = name.what.isupper()  # X or Y: the layer view's matrix of a batch
            if name.what.lower() == "x" and kind == G.INPUT:
                out[node] = x if whole else _item(x, where) if name.index else np.array(x[0])
            elif entropy and kind == G.CONST and name.index:  # the neuron view's one-hot constants
                out[node] = float(where[1] == labels[where[0]])
            elif name.what.lower() == "y":
                out[node] = t if whole else _item(t, where) if name.index else np.array(t[0])
        return out


def _item(array: np.ndarray, index: tuple[int, ...]) -> Any:
    return float(array[index]) if index else np.array(array, dtype=float)


def _scaled(a: np.ndarray, activation: str | None) -> np.ndarray:
    if activation == "tanh":
        return a
    if activation == "sigmoid":
        return 2 * a - 1
    top = np.abs(a).max(axis=0, keepdims=True)
    return a / np.where(top > 0, top, 1.0)


# --- what the Data panel says --------------------------------------------------------------------


def data_status(metrics: Metrics) -> str:
    """The loss and accuracy over all the data: ``training loss 0.055, test loss 0.092, test accuracy 0.97``."""
    text = f"training loss {format_scalar(metrics.train_loss, 4)}"
    if metrics.test_loss is not None and metrics.test_accuracy is not None:
        text += f", test loss {format_scalar(metrics.test_loss, 4)}"
        return text + f", test accuracy {format_scalar(metrics.test_accuracy, 3)}"
    return text + f", training accuracy {format_scalar(metrics.train_accuracy, 3)}"


def metrics_text(metrics: Metrics, steps: int) -> str:
    """The accuracies after ``steps`` steps: ``step 2,000: accuracy 1 (training), 0.97 (test)``."""
    text = f"step {steps:,}: accuracy {format_scalar(metrics.train_accuracy, 3)} (training)"
    if metrics.test_accuracy is not None:
        text += f", {format_scalar(metrics.test_accuracy, 3)} (test)"
    return text


def point_text(feed: DataFeed, point: int, following: bool) -> str:
    """What the canvas shows: ``On the canvas: point 17 (clicked; training, label 1, at 0.51, −1.2). …``."""
    data = feed.data
    x1, x2 = data.points[point]
    which = "test" if point in set(data.test.tolist()) else "training"
    where = "the next mini-batch's first" if following else "clicked"
    return (
        f"On the canvas: point {point} ({where}; {which}, label {int(data.labels[point])}, at "
        f"{format_scalar(float(x1), 3)}, {format_scalar(float(x2), 3)}). Click a point to show another."
    )


def frame_steps(steps: int, frames: int) -> list[int]:
    """The step counts a movie of ``steps`` steps shows in ``frames`` frames: 0 and ``steps`` and evenly between.

    >>> frame_steps(10, 4), frame_steps(3, 10)
    ([0, 3, 7, 10], [0, 1, 2, 3])
    """
    frames = max(2, min(frames, steps + 1))
    return sorted({round(k * steps / (frames - 1)) for k in range(frames)})


def batch_text(size: int) -> str:
    """What the canvas shows when its graph is built over a mini-batch."""
    return (
        f"On the canvas: the {size} ringed points of the mini-batch the next step learns from, their loss the "
        "mean: its gradients are the ones the step follows."
    )

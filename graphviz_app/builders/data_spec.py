"""A network spec's ``data`` and ``batch``: the points a network learns from, checked and made.

A spec may give, instead of ``input`` and ``target``::

    "data": {"kind": "xor", "n": 200, "noise": 0.1, "seed": 0, "test": 0.5, "features": ["x1", "x2"]},
    "batch": 10

``kind`` is one of :data:`~graphviz_app.builders.datasets.DATASETS` (``n`` points, ``noise``, drawn from
``seed``: see :mod:`graphviz_app.builders.datasets`), or ``"points": [[x1, x2, label], ...]`` gives them
(a spec file may name a CSV file instead, ``"csv": "file.csv"``, which is read into ``points`` when the file
is opened). ``test`` is the fraction held out for testing (0 to 0.9), ``features`` the network's inputs
computed from each point (default x1 and x2; the first layer takes one input per feature), and ``batch``
the number of training points each step learns from (default 10); ``"show": "batch"`` builds the graph over a
whole mini-batch rather than one point (the canvas then shows the batch mean). The labels are classes: 0 and 1 for a
network with one output and ``bce``, ``mse`` or ``half_mse``; 0 to k−1 for ``cross_entropy`` over k outputs.

The data live in the spec, where the spec is built and checked (the builders' layer), because they decide
the network's inputs and targets as ``input`` and ``target`` do; a CSV file's text is read by
:mod:`graphviz_app.files` (the layer that reads files) and parsed here.

Examples
--------
>>> data = parse_data({"kind": "circles", "n": 20, "test": 0.25}, None)
>>> data.points.shape, len(data.train), len(data.test), data.batch
((20, 2), 15, 5, 10)
>>> data.to_dict()["kind"], data.inputs(data.train[:2]).shape
('circles', (2, 2))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from graphviz_app.builders.datasets import (
    DATASETS,
    MAX_POINTS,
    RADIUS,
    Batches,
    check_feature,
    feature_matrix,
    make_dataset,
    split,
)
from graphviz_app.builders.spec_values import (
    check_keys,
    did_you_mean,
    finite_number,
    is_whole,
    number_rows,
    show_value,
    whole_number,
)
from graphviz_app.errors import SpecError

__all__ = ["DATA_KEYS", "DEFAULTS", "DataSpec", "parse_data"]

DATA_KEYS = ("kind", "n", "noise", "seed", "test", "features", "points", "csv", "show")
SHOWS = ("point", "batch")
"""What the network's graph is built over: one point, or a whole mini-batch (its loss the batch's mean)."""
DEFAULTS: dict[str, Any] = {"n": 200, "noise": 0.1, "seed": 0, "test": 0.5, "features": ["x1", "x2"]}
DEFAULT_BATCH = 10
MAX_TEST = 0.9


@dataclass(frozen=True, eq=False)
class DataSpec:
    """Checked data: every point, its label, which are for training and which for testing.

    ``points`` is n × 2, ``labels`` n whole numbers; ``train`` and ``test`` are indices into them.
    ``source`` is the ``data`` object as the spec writes it back.
    """

    source: dict[str, Any]
    points: np.ndarray
    labels: np.ndarray
    train: np.ndarray
    test: np.ndarray
    features: tuple[str, ...]
    batch: int
    seed: int
    show: str = "point"
    """``"point"``: the graph is the network on one point; ``"batch"``: on a mini-batch, its loss their mean."""

    @property
    def name(self) -> str:
        """What the data are called: the dataset's kind, or ``points`` for points given."""
        return str(self.source.get("kind", "points"))

    @property
    def classes(self) -> int:
        return int(self.labels.max()) + 1

    @property
    def extent(self) -> float:
        """Half the side of the square of the input plane that holds every point, with a margin."""
        return float(max(np.abs(self.points).max() * 1.1, RADIUS * 0.1))

    @property
    def batches(self) -> Batches:
        return Batches(len(self.train), self.batch, self.seed)

    @property
    def first(self) -> np.ndarray:
        """The index of the first point of the first mini-batch (as an array of one)."""
        return self.train[self.batches.indices(0)[:1]]

    @property
    def shown(self) -> np.ndarray:
        """The points the graph is built over until a session shows others: the first of the first
        mini-batch, or that whole mini-batch (``show``)."""
        return self.first if self.show == "point" else self.train[self.batches.indices(0)]

    def inputs(self, index: np.ndarray) -> np.ndarray:
        """The network's inputs (the features) of the points at ``index``, one row each."""
        return feature_matrix(self.points[index], self.features)

    def targets(self, index: np.ndarray, loss: str) -> np.ndarray:
        """The targets of the points at ``index``: class indices for cross_entropy, else one column of labels."""
        labels = self.labels[index]
        return labels.astype(int) if loss == "cross_entropy" else labels.astype(float)[:, None]

    def check_against(self, loss: str, n_out: int) -> None:
        """Refuse a network whose outputs and loss cannot take these labels."""
        if loss == "cross_entropy":
            if self.classes > n_out:
                raise SpecError(
                    "data",
                    f"the labels go up to {self.classes - 1}, but the last layer has {n_out} output"
                    f"{'s' if n_out != 1 else ''} (one per class with cross_entropy)",
                )
            return
        if n_out != 1 or self.classes > 2:
            raise SpecError(
                "data",
                f"with {loss} the labels are 0 and 1 and the last layer has one output "
                f"(it has {n_out}, the labels go up to {self.classes - 1}); "
                "for more classes use cross_entropy with one output per class",
            )

    def to_dict(self) -> dict[str, Any]:
        return dict(self.source)


def parse_data(value: Any, batch: Any) -> DataSpec:
    """Check a spec's ``data`` object and its ``batch``, and make the points (see the module docstring)."""
    if not isinstance(value, dict):
        raise SpecError(
            "data", f'expected an object like {{"kind": "xor", "n": 200}}, got {show_value(value)}'
        )
    check_keys(value, DATA_KEYS, "data")
    if "csv" in value:
        raise SpecError(
            "data.csv",
            "a CSV file is read when a spec file is opened; here give the points themselves: "
            '"points": [[x1, x2, label], ...]',
        )
    given = [k for k in ("kind", "points") if k in value]
    if len(given) != 1:
        raise SpecError(
            "data",
            'give either "kind" (one of '
            + ", ".join(DATASETS)
            + ') or "points" ([[x1, x2, label], ...])'
            + (", not both" if len(given) == 2 else ""),
        )
    seed = whole_number(value.get("seed", DEFAULTS["seed"]), "data.seed", "a whole number ≥ 0")
    test = finite_number(value.get("test", DEFAULTS["test"]), "data.test")
    if not 0.0 <= test <= MAX_TEST:
        raise SpecError(
            "data.test", f"expected the fraction held out for testing, 0 to {MAX_TEST}, got {test:g}"
        )
    features = _features(value.get("features", DEFAULTS["features"]))
    show = value.get("show", "point")
    if show not in SHOWS:
        raise SpecError(
            "data.show", f'expected "point" or "batch" (what the graph is built over), got {show_value(show)}'
        )
    source: dict[str, Any] = {}
    if "kind" in value:
        points, labels = _generated(value, seed, source)
    else:
        points, labels = _points(value["points"], seed, source)
    source.update(
        seed=seed, test=test, features=list(features), **({"show": show} if show != "point" else {})
    )
    train, test_index = split(len(points), test)
    if len(train) < 1:
        raise SpecError("data.test", f"no point is left for training ({len(points)} points, test {test:g})")
    size = DEFAULT_BATCH if batch is None else whole_number(batch, "batch", "a whole number ≥ 1", low=1)
    size = min(size, len(train)) if batch is None else size
    if size > len(train):
        raise SpecError(
            "batch",
            f"a mini-batch of {size} is more than the {len(train)} training points; use {len(train)} or fewer",
        )
    return DataSpec(source, points, labels, train, test_index, features, size, seed, show)


def _features(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise SpecError(
            "data.features", f'expected a non-empty list such as ["x1", "x2"], got {show_value(value)}'
        )
    names = tuple(check_feature(v, f"data.features[{i}]") for i, v in enumerate(value))
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise SpecError("data.features", f"{twice[0]} is listed twice")
    return names


def _generated(value: dict[str, Any], seed: int, source: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    kind = value["kind"]
    if kind not in DATASETS:
        raise SpecError(
            "data.kind",
            f"unknown dataset {show_value(kind)}{did_you_mean(kind, tuple(DATASETS))}; "
            f"expected one of {', '.join(DATASETS)}",
        )
    n = whole_number(value.get("n", DEFAULTS["n"]), "data.n", f"a whole number 4 to {MAX_POINTS:,}", low=4)
    if n > MAX_POINTS:
        raise SpecError("data.n", f"expected at most {MAX_POINTS:,} points, got {n:,}")
    noise = finite_number(value.get("noise", DEFAULTS["noise"]), "data.noise")
    if not 0.0 <= noise <= 1.0:
        raise SpecError(
            "data.noise", f"expected a number 0 to 1 (a fraction of the data's radius), got {noise:g}"
        )
    source.update(kind=kind, n=n, noise=noise)
    return make_dataset(kind, n, noise, seed)


def _points(value: Any, seed: int, source: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(value, list) and len(value) > MAX_POINTS:
        raise SpecError("data.points", f"expected at most {MAX_POINTS:,} points, got {len(value):,}")
    rows = number_rows(value, "data.points", "[x1, x2, label] per point")
    if rows.shape[1] != 3:
        raise SpecError("data.points[0]", f"expected 3 numbers (x1, x2, label), got {rows.shape[1]}")
    if len(rows) < 2:
        raise SpecError("data.points", "expected at least 2 points")
    for i, label in enumerate(rows[:, 2]):
        if not is_whole(float(label)) or label < 0:
            raise SpecError(
                f"data.points[{i}][2]", f"a label is a class, a whole number 0, 1, ...; got {label:g}"
            )
    source["points"] = rows.tolist()  # as given: the order below is made again from the seed
    order = np.random.default_rng(seed).permutation(len(rows))  # a file sorted by label still splits fairly
    return rows[order, :2], rows[order, 2].astype(int)

"""Two-dimensional datasets to train a network on, as in TensorFlow Playground, made the same on every platform.

A dataset is points (x1, x2) in the plane with a class label each. Five are generated from a seed:

``xor``
    Points spread evenly over the square, label 1 where x1 and x2 have the same sign.
``circles``
    A disc of label 1 inside a ring of label 0.
``moons``
    Two interleaving half circles (scikit-learn's ``make_moons``).
``spiral``
    Two spirals wound around each other, one per label.
``blobs``
    Two round clouds, one per label: a straight line separates them.

The points fill about [−3, 3]² (:data:`RADIUS`), so the Playground's extra inputs (x1², x1·x2, sin x1,
see :data:`FEATURES`) vary over more than a straight stretch. ``noise`` is the standard deviation of
Gaussian noise added to every coordinate after the label is chosen, as a fraction of that radius (0.1: 0.3
in the plane's units). Everything is drawn by ``numpy.random.default_rng(seed)``, NumPy's PCG64, whose
streams are the same on every platform: one seed, one dataset. The points come in a random order; a
fraction ``test`` of them (the last ones) is held out for testing (:func:`split`).

A CSV file gives its own points: two feature columns and a label column (:func:`parse_csv`).

Mini-batches (:class:`Batches`) take every training point once per epoch, in an order shuffled from the
seed and the epoch's number, so step t's batch is known without replaying the steps before it.

Examples
--------
>>> points, labels = make_dataset("xor", 6, noise=0.0, seed=0)
>>> points.shape, labels.tolist()
((6, 2), [1, 1, 1, 0, 0, 1])
>>> bool(np.all((points[:, 0] * points[:, 1] > 0) == (labels == 1)))
True
>>> feature_matrix(np.array([[2.0, 3.0]]), ("x1", "x1^2", "x1*x2")).tolist()
[[2.0, 4.0, 6.0]]
>>> Batches(5, 2, seed=0).indices(0).tolist(), Batches(5, 2, seed=0).per_epoch
([2, 4], 2)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from graphviz_app.builders.spec_values import did_you_mean, show_value
from graphviz_app.errors import SpecError

__all__ = [
    "DATASETS",
    "FEATURES",
    "FEATURE_NAMES",
    "MAX_POINTS",
    "RADIUS",
    "Batches",
    "feature_matrix",
    "make_dataset",
    "parse_csv",
    "split",
]

RADIUS = 3.0
"""The generated points fill about [−RADIUS, RADIUS]² (before noise)."""
MAX_POINTS = 10_000
"""The most points a dataset may have: each is drawn, and evaluated at every step."""

Maker = Callable[[np.random.Generator, int], tuple[np.ndarray, np.ndarray]]


def _xor(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    pad = 0.1 * RADIUS  # away from the axes, where the label flips, as the Playground does
    points = rng.uniform(-(RADIUS - pad), RADIUS - pad, size=(n, 2))
    points += np.where(points >= 0, pad, -pad)
    return points, (points[:, 0] * points[:, 1] > 0).astype(int)


def _circles(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    labels = np.arange(n) % 2  # half inside, half in the ring
    inner = rng.uniform(0.0, 0.5 * RADIUS, size=n)
    outer = rng.uniform(0.7 * RADIUS, RADIUS, size=n)
    r = np.where(labels == 1, inner, outer)
    angle = rng.uniform(0.0, 2 * math.pi, size=n)
    return np.column_stack([r * np.cos(angle), r * np.sin(angle)]), labels


def _moons(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    labels = np.arange(n) % 2
    t = rng.uniform(0.0, math.pi, size=n)
    upper = np.column_stack([np.cos(t), np.sin(t)])  # scikit-learn's make_moons, centred
    lower = np.column_stack([1 - np.cos(t), 0.5 - np.sin(t)])
    points = np.where(labels[:, None] == 0, upper, lower) - [0.5, 0.25]
    return points * (RADIUS / 1.5), labels


def _spiral(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    labels = np.arange(n) % 2
    along = rng.uniform(0.0, 1.0, size=n)  # how far along its arm
    angle = 1.75 * 2 * math.pi * along + math.pi * labels
    r = RADIUS * along
    return np.column_stack([r * np.sin(angle), r * np.cos(angle)]), labels


def _blobs(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    labels = np.arange(n) % 2
    centres = np.where(labels[:, None] == 1, RADIUS / 2, -RADIUS / 2) * np.ones((n, 2))
    return centres + rng.normal(0.0, RADIUS / 6, size=(n, 2)), labels


DATASETS: dict[str, Maker] = {
    "xor": _xor,
    "circles": _circles,
    "moons": _moons,
    "spiral": _spiral,
    "blobs": _blobs,
}
"""Each generated dataset by name (see the module docstring)."""


def make_dataset(kind: str, n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points (n × 2) and their labels (0 or 1), in a random order, drawn from ``seed``."""
    rng = np.random.default_rng(seed)
    points, labels = DATASETS[kind](rng, n)
    points = points + rng.normal(0.0, noise * RADIUS, size=points.shape)
    order = rng.permutation(n)
    return points[order], labels[order]


def split(n: int, test: float) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the training and the test points: the last ``round(test · n)`` points are for testing.

    The points are already in a random order, so this holds out a random part.
    """
    n_test = round(test * n)
    return np.arange(n - n_test), np.arange(n - n_test, n)


# --- the Playground's extra inputs ----------------------------------------------------------

FEATURES: dict[str, tuple[str, Callable[[np.ndarray], np.ndarray]]] = {
    "x1": ("x1", lambda p: p[:, 0]),
    "x2": ("x2", lambda p: p[:, 1]),
    "x1^2": ("x1²", lambda p: p[:, 0] ** 2),
    "x2^2": ("x2²", lambda p: p[:, 1] ** 2),
    "x1*x2": ("x1·x2", lambda p: p[:, 0] * p[:, 1]),
    "sin(x1)": ("sin x1", lambda p: np.sin(p[:, 0])),
    "sin(x2)": ("sin x2", lambda p: np.sin(p[:, 1])),
}
"""Each input a network may be given, as a spec writes it: how it reads, and how it is computed from the points."""
FEATURE_NAMES = tuple(FEATURES)


def feature_matrix(points: np.ndarray, features: tuple[str, ...]) -> np.ndarray:
    """One row per point, one column per feature: what the network's inputs are."""
    return np.column_stack([FEATURES[f][1](points) for f in features]).astype(float)


def check_feature(value: object, path: str) -> str:
    """A feature's name as a spec writes it, or a SpecError naming the choices."""
    if not isinstance(value, str) or value not in FEATURES:
        raise SpecError(
            path,
            f"unknown feature {show_value(value)}{did_you_mean(value, FEATURE_NAMES)}; "
            f"expected one of {', '.join(FEATURE_NAMES)}",
        )
    return value


# --- CSV ---------------------------------------------------------------------------------------


def parse_csv(text: str, name: str) -> list[list[float]]:
    """The rows ``[x1, x2, label]`` of a CSV text: two feature columns and a whole-number label.

    A first line that is not numbers is a header and is skipped; so are empty lines. Commas,
    semicolons or tabs separate the columns. A SpecError names the file, the line and what is wrong.

    >>> parse_csv("x1,x2,label\\n0.5,1,0\\n-1,2.5,1\\n", "d.csv")
    [[0.5, 1.0, 0.0], [-1.0, 2.5, 1.0]]
    >>> parse_csv("1,2\\n", "d.csv")
    Traceback (most recent call last):
        ...
    graphviz_app.errors.SpecError: data.csv: d.csv line 1: expected 3 columns (x1, x2, label), got 2
    """
    rows: list[list[float]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fields = [f.strip() for f in line.replace(";", ",").replace("\t", ",").split(",")]
        where = f"{name} line {number}"
        if not rows and number == _first_line(text) and not _numeric(fields[0]):
            continue  # the header
        if len(fields) != 3:
            raise SpecError("data.csv", f"{where}: expected 3 columns (x1, x2, label), got {len(fields)}")
        row = [_number(f, where, column) for f, column in zip(fields, ("x1", "x2", "label"))]
        if not row[2].is_integer() or row[2] < 0:
            raise SpecError(
                "data.csv", f"{where}: the label is a class, a whole number 0, 1, ...; got {fields[2]!r}"
            )
        rows.append(row)
        if len(rows) > MAX_POINTS:
            raise SpecError("data.csv", f"{name}: more than {MAX_POINTS:,} rows; use fewer points")
    if len(rows) < 2:
        raise SpecError("data.csv", f"{name}: expected at least 2 rows of x1, x2, label; got {len(rows)}")
    return rows


def _first_line(text: str) -> int:
    return next((i for i, line in enumerate(text.splitlines(), start=1) if line.strip()), 1)


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _number(text: str, where: str, column: str) -> float:
    try:
        value = float(text) if len(text) <= 40 else math.nan
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise SpecError("data.csv", f"{where}: {column} is {text[:40]!r}, expected a finite number")
    return value


# --- mini-batches ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Batches:
    """Mini-batches of ``size`` training points: each epoch a new order, from ``seed`` and its number.

    An epoch has ``n // size`` batches (the few points left over wait for the next epoch's order), so
    every batch has the same size and the graph that trains on it keeps its shape.
    """

    n: int
    size: int
    seed: int

    @property
    def per_epoch(self) -> int:
        return max(self.n // self.size, 1)

    def indices(self, step: int) -> np.ndarray:
        """Which training points (positions in the training set) step ``step`` (from 0) learns from."""
        epoch, k = divmod(step, self.per_epoch)
        order = np.random.default_rng([self.seed, epoch]).permutation(self.n)
        return order[k * self.size : (k + 1) * self.size]

"""The network form's table of one layer's parameters, below Qt: which leaf each cell edits.

A dense layer's table is W (out × in, PyTorch's layout) with the bias b as its last
column; a normalisation's has two rows, g and beta, one column per feature;
attention's has the rows of Wq, then of Wk, then of Wv. Every cell names its
parameter family (``W``, ``b``, ``g``, ``beta``, ``Wq``…) and its index, so the form
edits the neuron view's leaf ``W1[0,1]`` or the layer view's ``W1`` at (0, 1).

Examples
--------
>>> table = weight_table({"type": "layernorm", "g": [1.0, 2.0], "beta": [0.0, 0.5]})
>>> table.columns, [header for header, _ in table.rows]
(['feature 0', 'feature 1'], ['g', 'beta'])
>>> table.rows[1][1][1]
Cell(family='beta', index=(1,), value=0.5)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from graphviz_app.builders.layer_spec import DENSE, NORMS, PARAMETERS

__all__ = ["Cell", "WeightTable", "weight_table"]


@dataclass(frozen=True)
class Cell:
    """One number of the table: its parameter family, its index in that array, its value."""

    family: str
    index: tuple[int, ...]
    value: float


@dataclass(frozen=True)
class WeightTable:
    """What the form's table shows: a note on the layout, the column headers, the rows."""

    note: str
    columns: list[str]
    rows: list[tuple[str, list[Cell]]]

    @property
    def size(self) -> int:
        """How many cells the table has."""
        return len(self.rows) * len(self.columns)


def _array(layer: Mapping[str, Any], key: str) -> np.ndarray:
    return np.asarray(layer[key], dtype=float)


def weight_table(layer: Mapping[str, Any]) -> WeightTable:
    """The table of ``layer``, a layer of a spec with every parameter explicit."""
    kind = layer.get("type", DENSE)
    if kind == DENSE:
        weights, bias = _array(layer, "weights"), _array(layer, "bias")
        out, n_in = weights.shape
        rows = [
            (
                f"neuron {i}",
                [Cell("W", (i, j), float(weights[i, j])) for j in range(n_in)]
                + [Cell("b", (i,), float(bias[i]))],
            )
            for i in range(out)
        ]
        columns = [f"in {j}" for j in range(n_in)] + ["bias"]
        return WeightTable("z = W·a + b: W is out × in, the bias b its last column.", columns, rows)
    if kind in NORMS:
        rows = []
        for key, family in PARAMETERS[kind]:
            values = _array(layer, key)
            rows.append((family, [Cell(family, (j,), float(v)) for j, v in enumerate(values)]))
        columns = [f"feature {j}" for j in range(len(rows[0][1]))]
        return WeightTable("a = g ⊙ xhat + beta: one scale g and shift beta per feature.", columns, rows)
    rows = []
    for key, family in PARAMETERS[kind]:
        matrix = _array(layer, key)
        for i in range(matrix.shape[0]):
            rows.append((f"{family} {i}", [Cell(family, (i, j), float(v)) for j, v in enumerate(matrix[i])]))
    columns = [f"in {j}" for j in range(len(rows[0][1]))]
    return WeightTable("Q = A·Wqᵀ, K = A·Wkᵀ, V = A·Wvᵀ: each is d × in.", columns, rows)

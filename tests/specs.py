"""Network specs that several test files build on. Each call returns a fresh copy: change it freely."""

from __future__ import annotations

import copy
from typing import Any

_NET_221: dict[str, Any] = {
    "input": [0.5, 0.1],
    "target": [0],
    "loss": "bce",
    "layers": [
        {"weights": [[0.5, -0.2], [0.3, 0.8]], "bias": [0.1, -0.1], "activation": "relu"},
        {"weights": [[0.6, -0.4]], "bias": [0.0], "activation": "sigmoid"},
    ],
}

# Big enough for the overview drawing and for wrapping tall ranks into columns (8-16-12-1, 37 neurons).
_NET_WIDE: dict[str, Any] = {
    "input": [0.1 * i for i in range(8)],
    "target": [0.5],
    "init": {"seed": 0},
    "loss": "mse",
    "layers": [
        {"size": 16, "activation": "tanh"},
        {"size": 12, "activation": "tanh"},
        {"size": 1, "activation": "sigmoid"},
    ],
}


def net_221(**changes: Any) -> dict[str, Any]:
    """The worked 2-2-1 example (the numbers of example:net-221), with top-level fields replaced by ``changes``."""
    return {**copy.deepcopy(_NET_221), **changes}


def net_wide() -> dict[str, Any]:
    """A generated 8-16-12-1 network (seed 0)."""
    return copy.deepcopy(_NET_WIDE)

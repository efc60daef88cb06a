"""Numbers as both passes keep them, and what they say when a number is not finite.

A value is a plain Python ``float`` (every scalar) or a float NumPy array.
Python's ``math`` raises on ``1.0 / 0.0``, ``log(0)`` or ``10.0 ** 400`` where
IEEE arithmetic gives inf or nan; here nothing raises: the number becomes inf
or nan and the node gets a *flag*, a sentence naming the op and the reason.

Both implementations of the passes, the reference in :mod:`.evaluate` and the
fast one in :mod:`.fast_passes`, use these functions, so they compute and word
everything the same way.

Examples
--------
>>> with np.errstate(divide="ignore"):
...     float(ieee_call(lambda a, b: a / b, 1.0, 0.0))
inf
>>> finite(float("nan")), finite(2.0)
(False, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from graphviz_app.core import graph as G
from graphviz_app.errors import GraphError

__all__ = [
    "GRADIENT_NOT_FINITE",
    "clean",
    "finite",
    "given_not_finite",
    "ieee_call",
    "input_not_finite",
    "is_scalar",
    "leaf_value",
    "ones_like",
    "op_fault",
    "zeros_like",
]


def is_scalar(value: Any) -> bool:
    """True for plain numbers and 0-d arrays."""
    return np.ndim(value) == 0


def clean(value: Any) -> Any:
    """A value as the passes keep it: a 0-d array becomes a Python float, anything else a float array."""
    if type(value) is float:
        return value
    arr = np.asarray(value, dtype=float)
    return float(arr) if arr.ndim == 0 else arr


def ieee_call(fn: Any, *args: Any) -> Any:
    """Call ``fn(*args)`` with IEEE semantics even for plain Python floats.

    Scalars travel as Python floats because they are fast, but Python raises on
    ``1.0 / 0.0`` and on ``10.0 ** 400`` where NumPy returns inf. On those two
    exceptions the call is repeated with NumPy scalars, which give inf or nan.
    """
    try:
        return fn(*args)
    except (ZeroDivisionError, OverflowError):
        return fn(*(np.float64(a) if type(a) is float else a for a in args))


def finite(value: Any) -> bool:
    """True when a value holds no inf and no nan."""
    if isinstance(value, float):
        return value - value == 0.0  # False for inf and nan
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        # One sum is a quicker pass than an array of booleans: inf and nan make it
        # inf or nan; only when it is not finite (or overflowed) do we look closer.
        with np.errstate(over="ignore", invalid="ignore"):
            total = float(value.sum())
        if total - total == 0.0:
            return True
    return bool(np.all(np.isfinite(value)))


def zeros_like(value: Any) -> Any:
    """0.0, or an array of zeros of the value's shape: a gradient that has received nothing yet."""
    return 0.0 if type(value) is float or is_scalar(value) else np.zeros(np.shape(value))


def ones_like(value: Any) -> Any:
    """1.0, or an array of ones: the seed ∂out/∂out (a tensor output is summed)."""
    return 1.0 if is_scalar(value) else np.ones(np.shape(value))


def leaf_value(node: str, data: Mapping[str, Any], overrides: Mapping[str, Any]) -> Any:
    """The value of a leaf: the caller's (by node id or by name), else the stored one.

    ``data`` is the leaf's attribute dict. A leaf with neither is an input the
    user has not given yet: that is their error to fix, not a bug.
    """
    if overrides:
        for key in (node, data[G.NAME]):
            if key is not None and key in overrides:
                return clean(overrides[key])
    if data[G.VALUE] is None:
        raise GraphError(f"no value for input '{data[G.LABEL]}': give one, e.g. {data[G.LABEL]}=1.0")
    return data[G.VALUE]


# --- the flags: one sentence for each way a value stops being finite ---------------------------

GRADIENT_NOT_FINITE = "its gradient is not finite"


def given_not_finite(label: str, value: Any) -> str:
    """A leaf whose given value is already inf or nan."""
    return f"{label} is given as {value}"


def input_not_finite(label: str) -> str:
    """An op node that is not finite because one of its arguments is not."""
    return f"not finite because its input {label} is not"


def op_fault(name: str, fault: str) -> str:
    """An op node that made a non-finite number from finite ones: the op's own explanation."""
    return f"{name}: {fault}"

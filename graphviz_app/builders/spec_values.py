"""Reading JSON values for a network spec: each reader checks one shape and names the JSON path when it is wrong."""

from __future__ import annotations

import difflib
import json
import math
from typing import Any

import numpy as np

from graphviz_app.errors import SpecError

__all__ = [
    "check_keys",
    "did_you_mean",
    "finite_number",
    "is_whole",
    "number_list",
    "number_rows",
    "required",
    "show_value",
    "whole_number",
]


def show_value(value: Any) -> str:
    """How a bad value reads in a message: JSON spelling, or what kind of thing it is."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:37] + "..."


def did_you_mean(word: Any, choices: tuple[str, ...]) -> str:
    hits = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    return f" (did you mean '{hits[0]}'?)" if hits else ""


def finite_number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise SpecError(path, f"expected a finite number, got {show_value(value)}")
    return float(value)


def number_list(value: Any, path: str, length: int | None = None, what: str = "numbers") -> np.ndarray:
    if not isinstance(value, list):
        raise SpecError(path, f"expected a list of {what}, got {show_value(value)}")
    if length is not None and len(value) != length:
        raise SpecError(path, f"expected {length} {what}, got {len(value)}")
    if not value:
        raise SpecError(path, f"expected a non-empty list of {what}")
    return np.array([finite_number(v, f"{path}[{i}]") for i, v in enumerate(value)], dtype=float)


def number_rows(value: Any, path: str, what: str) -> np.ndarray:
    """A list of equally long lists of numbers, as a 2-D array."""
    if not isinstance(value, list) or not value or not all(isinstance(r, list) for r in value):
        raise SpecError(path, f"expected a list of rows ({what}), got {show_value(value)}")
    width = len(value[0])
    for i, row in enumerate(value):
        if len(row) != width:
            raise SpecError(f"{path}[{i}]", f"expected {width} numbers like row 0, got {len(row)}")
    return np.array([number_list(r, f"{path}[{i}]") for i, r in enumerate(value)], dtype=float)


def is_whole(value: Any) -> bool:
    """A JSON integer, or a float with nothing after the point (2.0); never true/false."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return isinstance(value, int) or (math.isfinite(value) and value.is_integer())


def whole_number(value: Any, path: str, what: str, low: int = 0) -> int:
    if not is_whole(value) or value < low:
        raise SpecError(path, f"expected {what}, got {show_value(value)}")
    return int(value)


def check_keys(obj: dict, allowed: tuple[str, ...], path: str) -> None:
    for key in obj:
        if key not in allowed:
            where = f"{path}.{key}" if path else str(key)
            raise SpecError(
                where, f"unknown key{did_you_mean(key, allowed)}; allowed keys: {', '.join(allowed)}"
            )


def required(obj: dict, key: str, path: str, hint: str) -> Any:
    if key not in obj:
        raise SpecError(path or "(top level)", f'missing "{key}" ({hint})')
    return obj[key]

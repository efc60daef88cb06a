"""The one check of a value that replaces a leaf's value.

A leaf gets a new value from the command line (``--at NAME=VALUE``), from a
session file (``"at"`` and ``"values"``) and from the window (an edited input or
weight). All three go through :func:`check_leaf_value`:

- the name must be a leaf of the graph the user can set (an input, weight, bias
  or target), not an op node such as ``L`` or ``z2[0]``;
- the value is a number or a rectangular nested list of numbers (``true``,
  ``null``, text and objects are refused);
- when the leaf already has a value (every leaf of a network), the new one has
  its shape;
- a network's targets obey its loss (a ``bce`` target lies in [0, 1]).

The messages name the leaf, the shape wanted and the shape given.

Examples
--------
>>> from graphviz_app.files.sources import load_source
>>> net = load_source("example:net-221")
>>> check_leaf_value(net.graph, "W1[0,0]", [1, 2])
Traceback (most recent call last):
    ...
graphviz_app.errors.SourceError: --at W1[0,0]: W1[0,0] is a number (shape ()), got a value of shape (2,)
>>> check_leaf_value(net.graph, "L", 1.0)
Traceback (most recent call last):
    ...
graphviz_app.errors.SourceError: --at L: L is computed by the graph (an op node), not an input, weight or target
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import networkx as nx
import numpy as np

from graphviz_app.builders import network as net
from graphviz_app.core import graph as G
from graphviz_app.errors import GraphvizAppError, SourceError, SpecError

__all__ = [
    "MAX_DIMENSIONS",
    "check_leaf_value",
    "check_leaf_values",
    "describe",
    "is_finite_value",
    "number_array",
    "settable_node",
]

MAX_DIMENSIONS = 4
"""A value is a number, a vector, a matrix, ... at most this many levels of lists."""
SETTABLE = (G.INPUT, G.PARAM, G.TARGET)

ErrorType = Callable[[str], GraphvizAppError]


def describe(value: Any) -> str:
    """How a bad value reads in a message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value if len(value) <= 30 else value[:27] + "...")
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def _shape_of(value: Any, where: str, error: ErrorType, depth: int = 0) -> tuple[int, ...]:
    """The shape of a number or nested list of numbers; refuses anything else."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "iuf" or value.ndim > MAX_DIMENSIONS - depth:
            raise error(f"{where}: expected numbers, got an array of {value.dtype} with shape {value.shape}")
        return value.shape
    if isinstance(value, (bool, np.bool_)) or value is None:
        raise error(f"{where}: expected a number or a list of numbers, got {describe(value)}")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return ()
    if not isinstance(value, (list, tuple)):
        raise error(f"{where}: expected a number or a list of numbers, got {describe(value)}")
    if depth >= MAX_DIMENSIONS:
        raise error(f"{where}: lists nested more than {MAX_DIMENSIONS} deep; a value is at most a matrix")
    if not value:
        raise error(f"{where}: expected a number or a non-empty list of numbers, got []")
    shapes = [_shape_of(v, f"{where}[{i}]", error, depth + 1) for i, v in enumerate(value)]
    for i, s in enumerate(shapes):
        if s != shapes[0]:
            raise error(
                f"{where}: every entry needs the same shape; [0] has shape {shapes[0]}, [{i}] has shape {s}"
            )
    return (len(value), *shapes[0])


def number_array(value: Any, where: str, error: ErrorType = SourceError) -> float | np.ndarray:
    """A number (float) or an array of floats from ``value``, checked as described above."""
    _shape_of(value, where, error)
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        try:
            return float(value)
        except OverflowError:
            raise error(f"{where}: {describe(value)} is too large for a number") from None
    try:
        array = np.asarray(value, dtype=float)
    except OverflowError:
        raise error(f"{where}: a whole number too large for a float") from None
    return float(array) if array.ndim == 0 else array


def _what(shape: tuple[int, ...]) -> str:
    if not shape:
        return "a number (shape ())"
    if len(shape) == 1:
        return f"a vector of {shape[0]} (shape {shape})"
    return f"a {'×'.join(map(str, shape))} array (shape {shape})"


def check_leaf_value(
    graph: nx.DiGraph,
    leaf: str,
    value: Any,
    *,
    where: str | None = None,
    error: ErrorType = SourceError,
    spec: Any = None,
) -> float | np.ndarray:
    """``value`` as the new value of ``leaf`` (a node id or a leaf name), or an ``error`` saying why not.

    ``where`` prefixes the message (default ``--at LEAF``). With ``spec`` (the
    network spec of ``graph``), a target is also checked against the loss.
    """
    where = where if where is not None else f"--at {leaf}"
    node = settable_node(graph, leaf, where, error)
    new = number_array(value, where, error)
    old = graph.nodes[node][G.VALUE]
    if old is not None and np.shape(new) != np.shape(old):
        raise error(f"{where}: {leaf} is {_what(np.shape(old))}, got a value of shape {np.shape(new)}")
    if spec is not None and graph.nodes[node][G.KIND] == G.TARGET:
        _check_target(spec, node, new, where, error)
    return new


def check_leaf_values(
    graph: nx.DiGraph,
    values: Mapping[str, Any],
    *,
    where: str = "--at",
    error: ErrorType = SourceError,
    spec: Any = None,
) -> dict[str, Any]:
    """:func:`check_leaf_value` for each item; messages start with ``where NAME``."""
    return {
        name: check_leaf_value(graph, name, value, where=f"{where} {name}", error=error, spec=spec)
        for name, value in values.items()
    }


def settable_node(graph: nx.DiGraph, leaf: Any, where: str, error: ErrorType = SourceError) -> str:
    """The node id of the input, weight or target ``leaf`` (an id or a name), or ``error``."""
    if not isinstance(leaf, str):
        raise error(f"{where}: a leaf name is text, got {describe(leaf)}")
    if leaf in graph:
        node = leaf
    else:
        hits = [n for n, name in graph.nodes(data=G.NAME) if name == leaf]
        if len(hits) != 1:
            names = G.leaves(graph)
            shown = ", ".join(names[:12]) + (" ..." if len(names) > 12 else "")
            raise error(f"{where}: this graph has no input, weight or target named '{leaf}' (it has {shown})")
        node = hits[0]
    kind = graph.nodes[node][G.KIND]
    if kind == G.OPNODE:
        raise error(f"{where}: {leaf} is computed by the graph (an op node), not an input, weight or target")
    if kind not in SETTABLE:
        raise error(f"{where}: {leaf} is a constant of the graph, not an input, weight or target")
    return node


def _check_target(spec: Any, node: str, value: Any, where: str, error: ErrorType) -> None:
    if not np.all(np.isfinite(value)):
        raise error(f"{where}: a target must be a finite number")
    try:
        net.spec_with_params(spec, {node: value})
    except SpecError as exc:
        raise error(f"{where}: {exc.reason}") from None


def is_finite_value(value: Any) -> bool:
    """True for a finite number or nested list of them (what a session stores)."""
    try:
        return bool(np.all(np.isfinite(number_array(value, "value"))))
    except GraphvizAppError:
        return False

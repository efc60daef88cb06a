"""The expression language: text -> computation graph, without ever running the text.

The language is a small, Python-like notation for formulas::

    sin(x^2)                          one expression; x is an input
    x = cos(t); y = sin(t)            named steps, separated by ';' or newlines,
    z = x*y + x**2                    reused later: t reaches z along 3 paths
    x**2 + y**2 = 25                  an equation: the implicit curve F = lhs − rhs = 0

- Numbers (``2``, ``.5``, ``1e-3``), the constants ``pi`` and ``e``, and names
  (``x``, ``x1``, ``theta``). A name nobody defines is an *input*.
- ``+ - * /``, powers with ``**`` or ``^`` (both bind tighter than ``*`` and group
  to the right, as in maths: ``x^2 + 1`` is x² + 1), unary minus.
- The functions in :data:`FUNCTIONS`, each with one argument: ``sigmoid(w*x + b)``.
- ``name = expression`` names a step. Each name is defined once, before use. The
  last statement is the output.
- ``lhs = rhs`` with anything but a bare name on the left is an equation; only
  the last statement may be one. Its output is the node ``F`` = lhs − rhs, and
  :func:`implicit_slope` gives dy/dx = −F_x / F_y.
- ``swish(u) := u*sigmoid(u)`` defines a function of one's own and
  ``swish'(u) := …`` claims its derivative (``d/da f(a, b) := …`` one partial of a
  function of several arguments): :mod:`graphviz_app.builders.definitions`.
- At most :data:`MAX_LENGTH` characters. Python's parser also limits nesting
  (about 200 brackets deep) and, on some Python versions, the length of one
  chain of operations (about 3,000 on 3.11); both are reported as errors that
  say to split the text into named steps.

How it is read safely: :func:`ast.parse` turns the text into a syntax tree, and
we build graph nodes from a *whitelist* of tree nodes (numbers, names, the five
operators, calls of known functions). Anything else (attribute access,
indexing, strings, lambda, imports...) is refused with a message. ``eval``,
``exec`` and ``compile`` are never applied to the text, so typing
``__import__('os')`` can do nothing but produce an error.

Two things Python's own grammar gets wrong for maths are fixed on the tokens
before parsing, keeping a column map so error positions stay those of the text
you typed: ``^`` becomes ``**`` (Python's ``^`` is XOR, with the wrong
precedence), and the ``=`` of an equation becomes ``<``, whose precedence is
below all arithmetic, so both sides parse as whole expressions.

Examples
--------
>>> from graphviz_app.core.evaluate import evaluate
>>> p = parse("sin(x^2)", {"x": 1.5})
>>> ev = evaluate(p.graph)
>>> round(ev.output_value, 4), round(ev.grads["x"], 4)
(0.7781, -1.8845)
>>> p = parse("x = cos(t); y = sin(t); z = x*y + x**2")
>>> p.inputs, p.names, p.output
(['t'], ['x', 'y', 'z'], 'z')
>>> circle = parse("x**2 + y**2 = 25", {"x": 3, "y": 4})
>>> implicit_slope(circle, evaluate(circle.graph))["dydx"]
-0.75
>>> parse("x = 1\\ny = sinn(x)")
Traceback (most recent call last):
...
graphviz_app.errors.ExpressionError: line 2, column 5: unknown function 'sinn' — did you mean 'sin'?
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graphviz_app.builders.definitions import read_definitions
from graphviz_app.builders.expression_builder import CONSTANTS, Builder
from graphviz_app.builders.expression_text import SourceText, parse_tree, scan
from graphviz_app.builders.implicit_curve import ImplicitInfo, choose_variables, implicit_slope
from graphviz_app.core import graph as G
from graphviz_app.core.custom_ops import Definition
from graphviz_app.core.optable import FUNCTIONS
from graphviz_app.errors import ExpressionError, GraphError

__all__ = [
    "CONSTANTS",
    "FUNCTIONS",
    "MAX_LENGTH",
    "ImplicitInfo",
    "ParsedExpression",
    "build",
    "implicit_slope",
    "missing_inputs",
    "parse",
]

MAX_LENGTH = 10_000
"""Longest text :func:`parse` accepts, in characters."""


@dataclass
class ParsedExpression:
    """What :func:`parse` built.

    Attributes
    ----------
    graph:
        The computation graph; its recorded output is ``output``.
    inputs:
        Free names, in order of first appearance.
    output:
        Node id of the last statement's value (the node ``"F"`` for an equation).
    names:
        Named intermediates, in order of definition.
    text:
        The text as given.
    implicit:
        For an equation, which variable depends on which; else ``None``.
    definitions:
        The user's own functions, by name (see :mod:`graphviz_app.builders.definitions`).
    """

    graph: nx.DiGraph
    inputs: list[str]
    output: str
    names: list[str]
    text: str
    implicit: ImplicitInfo | None = None
    definitions: dict[str, Definition] = field(default_factory=dict)


def parse(
    text: str,
    values: Mapping[str, float] | None = None,
    *,
    dependent: str | None = None,
    independent: str | None = None,
) -> ParsedExpression:
    """Read expression text into a computation graph.

    Parameters
    ----------
    text:
        Statements separated by newlines or ';' (see the module docstring).
    values:
        Values of inputs by name; they become the leaves' values. Names that are
        not inputs are ignored. Inputs without a value keep ``None`` (see
        :func:`missing_inputs`).
    dependent, independent:
        For an equation: the variable the curve gives as a function of the other
        (default ``"y"``) and that other one (default: the only remaining input,
        else ``"x"``).

    Raises
    ------
    ExpressionError
        For every problem in the text, with a 1-based line and column when there
        is a place to point at. Nothing else escapes, whatever the text.
    """
    if not isinstance(text, str):
        raise ExpressionError(f"the expression must be text, not {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the text is {len(text):,} characters long; the limit is {MAX_LENGTH:,}")
    if "\x00" in text:
        raise ExpressionError("the text contains a null character; remove it")
    if not text.strip():
        raise ExpressionError("empty input: type an expression such as sin(x**2)")
    found = read_definitions(text.replace("\r\n", "\n").replace("\r", "\n"))
    source = SourceText(found.program)
    equations = scan(source)
    module = parse_tree(source)
    builder = Builder(source, values or {}, equations, found.functions, found.skipped)
    try:
        output, equation = builder.program(module)
    except GraphError as exc:  # the checks above should make this unreachable
        raise ExpressionError(str(exc)) from None
    g = builder.g
    g.graph[G.OUTPUT] = output
    implicit = None
    if equation:
        implicit = choose_variables(
            builder.inputs, dependent, independent, builder.equals_in(module.body[-1])
        )
    return ParsedExpression(g, builder.inputs, output, builder.names, text, implicit, found.definitions)


def missing_inputs(parsed: ParsedExpression, values: Mapping[str, Any] | None = None) -> list[str]:
    """Inputs that have neither a stored value nor one in ``values``, in order."""
    given = values or {}
    nodes = parsed.graph.nodes
    return [n for n in parsed.inputs if nodes[n][G.VALUE] is None and n not in given]


def build(
    text: str,
    values: Mapping[str, float] | None = None,
    *,
    dependent: str | None = None,
    independent: str | None = None,
) -> ParsedExpression:
    """:func:`parse`, then insist that every input has a value.

    >>> build("x*y", {"x": 2})
    Traceback (most recent call last):
    ...
    graphviz_app.errors.ExpressionError: no value for input 'y'; give one with --at y=VALUE
    """
    parsed = parse(text, values, dependent=dependent, independent=independent)
    missing = missing_inputs(parsed)
    if len(missing) == 1:
        raise ExpressionError(f"no value for input '{missing[0]}'; give one with --at {missing[0]}=VALUE")
    if missing:
        names = ", ".join(f"'{m}'" for m in missing)
        flags = " ".join(f"--at {m}=VALUE" for m in missing)
        raise ExpressionError(f"no value for inputs {names}; give them with {flags}")
    return parsed

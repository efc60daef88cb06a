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

import ast
import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from graphviz_app.builders.expression_text import Located, SourceText, parse_tree, scan
from graphviz_app.core import graph as G
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

CONSTANTS = {"pi": math.pi, "e": math.e}
MAX_LENGTH = 10_000
"""Longest text :func:`parse` accepts, in characters."""

_CONSTANT_LABELS = {"pi": "π", "e": "e"}
_ALIASES = {"ln": "log"}
_BINARY = {
    ast.Add: "add",
    ast.Sub: "sub",
    ast.Mult: "mul",
    ast.Div: "div",
    ast.Pow: "pow",
    ast.BitXor: "pow",
}  # BitXor only if the token pass could not turn ^ into ** first
_OPERATOR_TEXT = {
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.MatMult: "@",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitAnd: "&",
    ast.Not: "not",
    ast.Invert: "~",
}
_WHAT_IS_ALLOWED = "use numbers, names, + - * / ** ^ and the functions " + ", ".join(FUNCTIONS)


# How a message names each refused construct; {like} becomes " like 'x.real'".
_REFUSED = {
    "Attribute": "attribute access{like} is",
    "Subscript": "indexing{like} is",
    "Lambda": "lambda functions are",
    "ListComp": "comprehensions{like} are",
    "SetComp": "comprehensions{like} are",
    "DictComp": "comprehensions{like} are",
    "GeneratorExp": "comprehensions{like} are",
    "JoinedStr": "strings like {src} are",
    "Compare": "comparisons{like} are",
    "BoolOp": "'and' / 'or'{like} are",
    "IfExp": "if-expressions{like} are",
    "Starred": "starred arguments{like} are",
    "Tuple": "tuples{like} are",
    "List": "lists{like} are",
    "Set": "sets{like} are",
    "Dict": "dictionaries{like} are",
    "Slice": "slices are",
    "Import": "import statements are",
    "ImportFrom": "import statements are",
    "FunctionDef": "function definitions are",
    "AsyncFunctionDef": "function definitions are",
    "ClassDef": "class definitions are",
    "AnnAssign": "type annotations{like} are",
    "For": "loops are",
    "AsyncFor": "loops are",
    "While": "loops are",
    "If": "'if' statements are",
    "With": "'with' statements are",
    "Try": "'try' statements are",
    "Match": "'match' statements are",
    "Return": "'return' is",
    "Await": "'await' is",
    "Yield": "'yield' is",
    "YieldFrom": "'yield' is",
    "Delete": "'del' is",
    "Raise": "'raise' is",
    "Assert": "'assert' is",
    "Global": "'global' is",
    "Nonlocal": "'nonlocal' is",
    "Pass": "'pass' is",
    "Break": "'break' is",
    "Continue": "'continue' is",
}
_REFUSED_HINT = {
    "Compare": "an equation is written with a single '=', e.g. x**2 + y**2 = 25",
    "Tuple": "commas only separate the arguments of a function",
}
_REFUSED_WHOLE = {
    "NamedExpr": "':=' is not part of the language; write 'name = expression' as a statement",
    "AugAssign": "'{src}' changes a name, but each name is defined once; give the new value a new name, "
    "e.g. 'x2 = x + 1'",
    "Assign": "'{src}' assigns several names at once; define one name per statement",
}


def _refusal(node: ast.AST, src: str) -> str:
    """Say plainly which construct ``node`` is, that the language lacks it, and what it has."""
    kind = type(node).__name__
    if kind in _REFUSED_WHOLE:
        return _REFUSED_WHOLE[kind].format(src=src)
    what = _REFUSED.get(kind, "'{src}' is").format(like=f" like '{src}'" if src else "", src=src)
    return f"{what} not part of the language; {_REFUSED_HINT.get(kind, _WHAT_IS_ALLOWED)}"


@dataclass
class ImplicitInfo:
    """The variables of an equation F(x, y) = lhs − rhs = 0, read as a curve y(x)."""

    dependent: str
    independent: str


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
    """

    graph: nx.DiGraph
    inputs: list[str]
    output: str
    names: list[str]
    text: str
    implicit: ImplicitInfo | None = None


def _number(node: ast.Constant, source: SourceText, negate: bool = False) -> float:
    """The value of a numeric literal; every other kind of literal is refused."""
    value = node.value
    src = source.segment(node)
    if isinstance(value, bool):
        raise source.error(f"'{src}' is not a number here; write 1 or 0", node)
    if isinstance(value, complex):
        raise source.error(
            f"complex numbers like '{src}' are not supported; the app works with real numbers", node
        )
    if not isinstance(value, (int, float)):
        if isinstance(value, (str, bytes)):
            raise source.error(f"strings like {src} are not part of the language", node)
        raise source.error(f"'{src}' is not a number; {_WHAT_IS_ALLOWED}", node)
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise source.error(f"the number '{src}' is too large for a float (the limit is about 1.8e308)", node)
    return -number if negate else number


def _step(stmt: ast.stmt) -> tuple[ast.Name, ast.expr] | None:
    """The name and the expression of ``name = expression``; None for any other statement."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
        return stmt.targets[0], stmt.value
    return None


class _Builder:
    """Walks the whitelisted syntax tree statement by statement and adds graph nodes."""

    def __init__(self, source: SourceText, values: Mapping[str, Any], equations: list[tuple[int, int]]):
        self.source = source
        self.values = values
        self.equations = equations
        self.g = G.new_graph()
        self.inputs: list[str] = []
        self.names: list[str] = []
        self.defined_on: dict[str, int] = {}
        self.assigned_in: dict[str, tuple[int, int]] = {}  # name -> (statement index, line)
        self.statement = 0

    def program(self, module: ast.Module) -> tuple[str, bool]:
        """Build every statement; return (output node, whether it is an equation)."""
        body = module.body
        if not body:
            raise ExpressionError("empty input: type an expression such as sin(x**2)")
        for index, stmt in enumerate(body):
            if step := _step(stmt):
                self.assigned_in.setdefault(step[0].id, (index, stmt.lineno))
        output, equation = "", False
        for index, stmt in enumerate(body):
            self.statement = index
            comparison = self._equation_in(stmt)
            equation = comparison is not None
            if equation and index != len(body) - 1:
                line, col = self.equals_in(stmt)
                raise ExpressionError("only the last statement may be an equation", line, col + 1)
            if comparison is not None:
                output = self._equation(comparison)
            elif isinstance(stmt, ast.Expr):
                output = self.expression(stmt.value)
            elif step := _step(stmt):
                output = self._assign(*step)
            else:
                raise self.source.error(_refusal(stmt, self.source.segment(stmt)), stmt)
        return output, equation

    # --- statements ---------------------------------------------------------------

    def equals_in(self, node: Located) -> tuple[int, int]:
        """Where the equation's '=' is inside ``node`` (else where ``node`` starts)."""
        start, end = self.source.start(node), self.source.end(node)
        return next((p for p in self.equations if start <= p < end), start)

    def _equation_in(self, stmt: ast.stmt) -> ast.Compare | None:
        """The comparison the scanner made of ``lhs = rhs`` when ``stmt`` is an equation, else None."""
        if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Compare)):
            return None
        cmp = stmt.value
        if len(cmp.ops) != 1 or not isinstance(cmp.ops[0], ast.Lt):
            return None
        left_end, right_start = self.source.end(cmp.left), self.source.start(cmp.comparators[0])
        return cmp if any(left_end <= p < right_start for p in self.equations) else None

    def _equation(self, cmp: ast.Compare) -> str:
        lhs = self.expression(cmp.left)
        rhs = self.expression(cmp.comparators[0])
        if "F" in self.g:
            line, col = self.equals_in(cmp)
            raise ExpressionError(
                "the name 'F' is reserved for lhs − rhs of the equation; rename 'F'", line, col + 1
            )
        return G.add_op(self.g, "sub", [lhs, rhs], name="F")

    def _assign(self, target: ast.Name, value: ast.expr) -> str:
        name = target.id
        if name in FUNCTIONS:
            raise self.source.error(f"'{name}' is a function name; choose another name", target)
        if name in CONSTANTS:
            raise self.source.error(
                f"'{name}' is the constant {_CONSTANT_LABELS[name]} = "
                f"{CONSTANTS[name]:.6g}; choose another name",
                target,
            )
        if name in self.defined_on:
            raise self.source.error(
                f"'{name}' is already defined on line {self.defined_on[name]}; each "
                f"name is defined once, so choose a new name such as '{name}2'",
                target,
            )
        while isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.UAdd):
            value = value.operand
        node = self.expression(value, name)
        if node != name:  # a bare name or a number: give the name a node of its own
            node = G.add_op(self.g, "identity", [node], name=name)
        self.defined_on[name] = target.lineno
        self.names.append(name)
        return node

    # --- expressions ----------------------------------------------------------------

    def expression(self, root: ast.expr, name: str | None = None) -> str:
        """Build ``root`` bottom-up with an explicit stack (no recursion: deep trees are fine).

        The op made for ``root`` itself is given ``name``.
        """
        done: dict[int, str] = {}
        stack: list[tuple[ast.expr, list[ast.expr] | None]] = [(root, None)]
        while stack:
            node, children = stack.pop()
            if children is None:
                children = self._children(node)
                stack.append((node, children))
                stack.extend((child, None) for child in reversed(children))
            else:
                args = [done.pop(id(child)) for child in children]
                done[id(node)] = self._make(node, args, name if node is root else None)
        return done[id(root)]

    def _children(self, node: ast.expr) -> list[ast.expr]:
        """Check ``node`` against the whitelist; return its operands in order."""
        src = self.source.segment
        if isinstance(node, ast.BinOp):
            if type(node.op) not in _BINARY:
                op = _OPERATOR_TEXT.get(type(node.op), "?")
                raise self.source.error(
                    f"the operator '{op}' in '{src(node)}' is not part of the language; "
                    "use + - * / and ** or ^ for powers",
                    node,
                )
            return [node.left, node.right]
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, (ast.USub, ast.UAdd)):
                literal = isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant)
                return [] if literal else [node.operand]
            op = _OPERATOR_TEXT.get(type(node.op), "?")
            raise self.source.error(
                f"'{op}' in '{src(node)}' is not part of the language; {_WHAT_IS_ALLOWED}", node
            )
        if isinstance(node, ast.Call):
            self._check_call(node)
            return [node.args[0]]
        if isinstance(node, (ast.Name, ast.Constant)):
            return []
        raise self.source.error(_refusal(node, src(node)), node)

    def _check_call(self, node: ast.Call) -> None:
        func = node.func
        if not isinstance(func, ast.Name):
            if isinstance(func, (ast.Attribute, ast.Subscript, ast.Lambda)):
                raise self.source.error(_refusal(func, self.source.segment(func)), func)
            raise self.source.error(
                f"only the functions {', '.join(FUNCTIONS)} can be called; "
                f"'{self.source.segment(func)}' is not one of them",
                func,
            )
        name = func.id
        if name not in FUNCTIONS:
            raise self.source.error(self._unknown_function(name), func)
        if node.keywords:
            kw = node.keywords[0]
            raise self.source.error(
                f"keyword arguments like '{self.source.segment(kw)}' are not part of "
                f"the language; write {name}(x)",
                kw,
            )
        starred = [a for a in node.args if isinstance(a, ast.Starred)]
        if starred:
            raise self.source.error(_refusal(starred[0], self.source.segment(starred[0])), starred[0])
        if len(node.args) != 1:
            raise self.source.error(
                f"{name} takes exactly one argument, got {len(node.args)}; write e.g. {name}(x)", node
            )

    def _unknown_function(self, name: str) -> str:
        if name in CONSTANTS:
            return f"'{name}' is a constant, not a function; to multiply, write {name}*(...)"
        if name in self.defined_on or name in self.inputs:
            return f"'{name}' is not a function; to multiply, write {name}*(...)"
        guess = _ALIASES.get(name) or next(iter(difflib.get_close_matches(name, FUNCTIONS, n=1)), None)
        if guess:
            return f"unknown function '{name}' — did you mean '{guess}'?"
        return (
            f"unknown function '{name}' (to multiply, write {name}*(...)); "
            f"the functions are {', '.join(FUNCTIONS)}"
        )

    def _make(self, node: ast.expr, args: list[str], name: str | None) -> str:
        g = self.g
        if isinstance(node, ast.BinOp):
            return G.add_op(g, _BINARY[type(node.op)], args, name=name)
        if isinstance(node, ast.UnaryOp):
            if not args:  # -2: a negative literal is one constant
                assert isinstance(node.operand, ast.Constant)  # _children made no operand only for one
                return G.add_constant(g, _number(node.operand, self.source, negate=True))
            if isinstance(node.op, ast.UAdd):
                return args[0]
            return G.add_op(g, "neg", args, name=name)
        if isinstance(node, ast.Call):
            assert isinstance(node.func, ast.Name)  # _children admits calls of a function by name only
            return G.add_op(g, node.func.id, args, name=name)
        if isinstance(node, ast.Constant):
            return G.add_constant(g, _number(node, self.source))
        assert isinstance(node, ast.Name)  # the last kind of node _children admits
        return self._name(node)

    def _name(self, node: ast.Name) -> str:
        name = node.id
        if name in CONSTANTS:
            return G.add_constant(self.g, CONSTANTS[name], label=_CONSTANT_LABELS[name])
        if name in FUNCTIONS:
            raise self.source.error(f"'{name}' is a function; call it with an argument, like {name}(x)", node)
        if name in self.defined_on or name in self.inputs:
            return name
        if name in self.assigned_in:
            index, line = self.assigned_in[name]
            where = (
                "in its own definition"
                if index == self.statement
                else f"before its definition on line {line}"
            )
            raise self.source.error(f"'{name}' is used {where}; define a name before using it", node)
        value = self.values.get(name)
        try:
            G.add_leaf(self.g, name, value, G.INPUT)
        except (TypeError, ValueError):
            raise ExpressionError(f"the value given for '{name}' is not a number: {value!r}") from None
        self.inputs.append(name)
        return name


def _implicit(
    inputs: list[str], dependent: str | None, independent: str | None, where: tuple[int, int]
) -> ImplicitInfo:
    """Decide which variable of an equation is y (dependent) and which is x."""
    line, col = where[0], where[1] + 1
    dep = dependent or "y"
    listed = ", ".join(f"'{i}'" for i in inputs) or "none"
    if dep not in inputs:
        raise ExpressionError(
            f"the equation has no variable '{dep}' to treat as the dependent one "
            f"(its variables: {listed}); name the dependent variable",
            line,
            col,
        )
    others = [i for i in inputs if i != dep]
    if independent is not None:
        if independent not in others:
            raise ExpressionError(
                f"'{independent}' cannot be the independent variable (the equation's "
                f"variables: {listed}; the dependent one is '{dep}')",
                line,
                col,
            )
        return ImplicitInfo(dep, independent)
    if len(others) == 1:
        return ImplicitInfo(dep, others[0])
    if "x" in others:
        return ImplicitInfo(dep, "x")
    if not others:
        raise ExpressionError(
            f"an implicit curve needs two variables, but the equation has only '{dep}'", line, col
        )
    raise ExpressionError(
        f"the equation has several variables besides '{dep}' "
        f"({', '.join(others)}); name the independent variable",
        line,
        col,
    )


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
    source = SourceText(text.replace("\r\n", "\n").replace("\r", "\n"))
    equations = scan(source)
    module = parse_tree(source)
    builder = _Builder(source, values or {}, equations)
    try:
        output, equation = builder.program(module)
    except GraphError as exc:  # the checks above should make this unreachable
        raise ExpressionError(str(exc)) from None
    g = builder.g
    g.graph[G.OUTPUT] = output
    implicit = None
    if equation:
        implicit = _implicit(builder.inputs, dependent, independent, builder.equals_in(module.body[-1]))
    return ParsedExpression(g, builder.inputs, output, builder.names, text, implicit)


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


def implicit_slope(parsed: ParsedExpression, evaluation: Any) -> dict[str, Any]:
    """The slope dy/dx of the curve F(x, y) = 0 through the evaluated point.

    Implicit differentiation: along the curve F stays 0, so
    dF = F_x dx + F_y dy = 0 and dy/dx = −F_x / F_y. F_x and F_y are the
    gradients of the two inputs from one backward pass through F = lhs − rhs.

    Returns a dict with ``dependent``, ``independent``, ``point`` (their
    values), ``F`` (lhs − rhs here: 0 on the curve), ``F_x``, ``F_y`` and
    ``dydx``. If F_y = 0, ``dydx`` is ``None`` and ``reason`` says why; if the
    point is not on the curve, ``warning`` says so.
    """
    info = parsed.implicit
    if info is None:
        raise ExpressionError(f"'{parsed.text[:40]}' is not an equation; write 'lhs = rhs' to get a curve")
    if evaluation.output != parsed.output:
        raise GraphError(f"the slope needs the gradients of '{parsed.output}'; evaluate at that output")
    g, ind, dep = parsed.graph, info.independent, info.dependent
    lhs, rhs = G.parents(g, parsed.output)
    numbers = [evaluation.values[n] for n in (parsed.output, lhs, rhs, ind, dep)]
    numbers += [evaluation.grads[ind], evaluation.grads[dep]]
    if not all(np.ndim(v) == 0 for v in numbers):
        raise GraphError("the implicit slope needs single numbers, not arrays, for the variables")
    f, left, right, xv, yv, fx, fy = (float(v) for v in numbers)
    result: dict[str, Any] = {
        "dependent": dep,
        "independent": ind,
        "point": {ind: xv, dep: yv},
        "F": f,
        "F_x": fx,
        "F_y": fy,
        "dydx": None,
    }
    if not (math.isfinite(fx) and math.isfinite(fy)):
        result["reason"] = "F_x or F_y is not a finite number at this point, so there is no slope"
    elif fy == 0.0:
        result["reason"] = (
            f"F_y = 0 (∂F/∂{dep} vanishes here): the tangent is vertical or the point is "
            f"singular, so d{dep}/d{ind} = −F_x/F_y is undefined"
        )
    else:
        result["dydx"] = -fx / fy
    scale = max(1.0, abs(left), abs(right))
    if not (math.isfinite(f) and abs(f) <= 1e-9 * scale):
        result["warning"] = (
            f"the point ({ind} = {xv:g}, {dep} = {yv:g}) is not on the curve: "
            f"lhs − rhs = {f:g}, not 0; the slope is that of the level curve "
            f"F = {f:g} through this point"
        )
    return result

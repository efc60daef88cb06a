"""Expression text to graph: the walk over Python's syntax tree that checks each construct and adds its node.

:mod:`graphviz_app.builders.expression` is the public face (parse, build); this is its machinery.
:class:`Walker` checks every construct against the whitelist and builds bottom-up; :class:`Builder`
makes graph nodes of a program, and :mod:`graphviz_app.builders.definitions` makes formulas of the
bodies of the user's own functions with the same checks.
"""

from __future__ import annotations

import ast
import difflib
import math
from collections.abc import Mapping
from typing import Any, Generic, NamedTuple, TypeVar

from graphviz_app.builders.expression_refusals import WHAT_IS_ALLOWED, refusal
from graphviz_app.builders.expression_text import Located, SourceText
from graphviz_app.core import graph as G
from graphviz_app.core.optable import FUNCTIONS
from graphviz_app.errors import ExpressionError

__all__ = ["ALIASES", "BINARY", "CONSTANTS", "CONSTANT_LABELS", "Builder", "Signature", "Walker", "number"]

CONSTANTS = {"pi": math.pi, "e": math.e}
CONSTANT_LABELS = {"pi": "π", "e": "e"}
ALIASES = {"ln": "log"}
BINARY = {
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


def number(node: ast.Constant, source: SourceText, negate: bool = False) -> float:
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
        raise source.error(f"'{src}' is not a number; {WHAT_IS_ALLOWED}", node)
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


T = TypeVar("T")


class Signature(NamedTuple):
    """A function of the user's that the text may call: its op's registry key and its arguments."""

    key: str
    params: tuple[str, ...]


class Walker(Generic[T]):
    """Walks a whitelisted expression bottom-up, checking each construct, and makes a ``T`` of each:
    a graph node (:class:`Builder`) or a formula (:mod:`graphviz_app.builders.definitions`).

    ``functions`` are the user's own functions in scope, by name; the table's functions
    (:data:`FUNCTIONS`) are always there.
    """

    def __init__(self, source: SourceText, functions: Mapping[str, Signature]):
        self.source = source
        self.functions = functions

    def is_function(self, name: str) -> bool:
        """Whether ``name`` is a function: the table's or the user's."""
        return name in FUNCTIONS or name in self.functions

    def arity(self, name: str) -> int:
        return len(self.functions[name].params) if name in self.functions else 1

    def op_of(self, name: str) -> str:
        """The op a call of the function ``name`` makes."""
        return self.functions[name].key if name in self.functions else name

    def _make(self, node: ast.expr, args: list[T], name: str | None) -> T:
        raise NotImplementedError

    def _is_variable(self, name: str) -> bool:
        """Whether ``name`` is a value here (a step or an input), for the messages of a wrong call."""
        return False

    # --- expressions ----------------------------------------------------------------

    def expression(self, root: ast.expr, name: str | None = None) -> T:
        """Build ``root`` bottom-up with an explicit stack (no recursion: deep trees are fine).

        The op made for ``root`` itself is given ``name``.
        """
        done: dict[int, T] = {}
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
            if type(node.op) not in BINARY:
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
                f"'{op}' in '{src(node)}' is not part of the language; {WHAT_IS_ALLOWED}", node
            )
        if isinstance(node, ast.Call):
            self._check_call(node)
            return list(node.args)
        if isinstance(node, (ast.Name, ast.Constant)):
            return []
        raise self.source.error(refusal(node, src(node)), node)

    def _check_call(self, node: ast.Call) -> None:
        func = node.func
        if not isinstance(func, ast.Name):
            if isinstance(func, (ast.Attribute, ast.Subscript, ast.Lambda)):
                raise self.source.error(refusal(func, self.source.segment(func)), func)
            raise self.source.error(
                f"only the functions {', '.join(self._known())} can be called; "
                f"'{self.source.segment(func)}' is not one of them",
                func,
            )
        name = func.id
        if not self.is_function(name):
            raise self.source.error(self._unknown_function(name), func)
        if node.keywords:
            kw = node.keywords[0]
            raise self.source.error(
                f"keyword arguments like '{self.source.segment(kw)}' are not part of "
                f"the language; write {self._example(name)}",
                kw,
            )
        starred = [a for a in node.args if isinstance(a, ast.Starred)]
        if starred:
            raise self.source.error(refusal(starred[0], self.source.segment(starred[0])), starred[0])
        if len(node.args) != self.arity(name):
            wanted = "exactly one argument" if self.arity(name) == 1 else f"{self.arity(name)} arguments"
            raise self.source.error(
                f"{name} takes {wanted}, got {len(node.args)}; write e.g. {self._example(name)}", node
            )

    def _example(self, name: str) -> str:
        """A call of ``name`` to show: ``sin(x)``, ``f(a, b)``."""
        return f"{name}({', '.join(self.functions[name].params)})" if name in self.functions else f"{name}(x)"

    def _known(self) -> list[str]:
        return [*FUNCTIONS, *self.functions]

    def _unknown_function(self, name: str) -> str:
        if name in CONSTANTS:
            return f"'{name}' is a constant, not a function; to multiply, write {name}*(...)"
        if self._is_variable(name):
            return f"'{name}' is not a function; to multiply, write {name}*(...)"
        guess = ALIASES.get(name) or next(iter(difflib.get_close_matches(name, self._known(), n=1)), None)
        if guess:
            return f"unknown function '{name}' — did you mean '{guess}'?"
        return (
            f"unknown function '{name}' (to multiply, write {name}*(...)); "
            f"the functions are {', '.join(self._known())}"
        )


class Builder(Walker[str]):
    """Walks the whitelisted syntax tree statement by statement and adds graph nodes.

    ``skipped`` are the (line, column) where the statements start that are the user's function
    definitions, which :mod:`graphviz_app.builders.definitions` has read already (each stands
    in the text as a ``0``).
    """

    def __init__(
        self,
        source: SourceText,
        values: Mapping[str, Any],
        equations: list[tuple[int, int]],
        functions: Mapping[str, Signature] | None = None,
        skipped: frozenset[tuple[int, int]] = frozenset(),
    ):
        super().__init__(source, functions or {})
        self.values = values
        self.equations = equations
        self.skipped = skipped
        self.g = G.new_graph()
        self.inputs: list[str] = []
        self.names: list[str] = []
        self.defined_on: dict[str, int] = {}
        self.assigned_in: dict[str, tuple[int, int]] = {}  # name -> (statement index, line)
        self.statement = 0

    def program(self, module: ast.Module) -> tuple[str, bool]:
        """Build every statement; return (output node, whether it is an equation)."""
        body = [stmt for stmt in module.body if self.source.start(stmt) not in self.skipped]
        if not body and module.body:
            name, signature = next(iter(self.functions.items()))
            call = f"{name}({', '.join('xyzw'[i % 4] for i in range(len(signature.params)))})"
            raise ExpressionError(
                f"the text only defines functions: add an expression that uses them, e.g. {call}"
            )
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
                raise self.source.error(refusal(stmt, self.source.segment(stmt)), stmt)
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
        if self.is_function(name):
            raise self.source.error(f"'{name}' is a function name; choose another name", target)
        if name in CONSTANTS:
            raise self.source.error(
                f"'{name}' is the constant {CONSTANT_LABELS[name]} = "
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

    # --- nodes --------------------------------------------------------------------------

    def _make(self, node: ast.expr, args: list[str], name: str | None) -> str:
        g = self.g
        if isinstance(node, ast.BinOp):
            return G.add_op(g, BINARY[type(node.op)], args, name=name)
        if isinstance(node, ast.UnaryOp):
            if not args:  # -2: a negative literal is one constant
                assert isinstance(node.operand, ast.Constant)  # _children made no operand only for one
                return G.add_constant(g, number(node.operand, self.source, negate=True))
            if isinstance(node.op, ast.UAdd):
                return args[0]
            return G.add_op(g, "neg", args, name=name)
        if isinstance(node, ast.Call):
            assert isinstance(node.func, ast.Name)  # _children admits calls of a function by name only
            return G.add_op(g, self.op_of(node.func.id), args, name=name)
        if isinstance(node, ast.Constant):
            return G.add_constant(g, number(node, self.source))
        assert isinstance(node, ast.Name)  # the last kind of node _children admits
        return self._name(node)

    def _name(self, node: ast.Name) -> str:
        name = node.id
        if name in CONSTANTS:
            return G.add_constant(self.g, CONSTANTS[name], label=CONSTANT_LABELS[name])
        if self.is_function(name):
            raise self.source.error(
                f"'{name}' is a function; call it with its arguments, like {self._example(name)}", node
            )
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

    def _is_variable(self, name: str) -> bool:
        return name in self.defined_on or name in self.inputs

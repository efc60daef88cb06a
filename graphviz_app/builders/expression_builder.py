"""Expression text to graph: the walk over Python's syntax tree that checks each construct and adds its node.

:mod:`graphviz_app.builders.expression` is the public face (parse, build); this is its machinery.
"""

from __future__ import annotations

import ast
import difflib
import math
from collections.abc import Mapping
from typing import Any

from graphviz_app.builders.expression_refusals import WHAT_IS_ALLOWED, refusal
from graphviz_app.builders.expression_text import Located, SourceText
from graphviz_app.core import graph as G
from graphviz_app.core.optable import FUNCTIONS
from graphviz_app.errors import ExpressionError

__all__ = ["CONSTANTS", "Builder"]

CONSTANTS = {"pi": math.pi, "e": math.e}
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


class Builder:
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
                f"'{op}' in '{src(node)}' is not part of the language; {WHAT_IS_ALLOWED}", node
            )
        if isinstance(node, ast.Call):
            self._check_call(node)
            return [node.args[0]]
        if isinstance(node, (ast.Name, ast.Constant)):
            return []
        raise self.source.error(refusal(node, src(node)), node)

    def _check_call(self, node: ast.Call) -> None:
        func = node.func
        if not isinstance(func, ast.Name):
            if isinstance(func, (ast.Attribute, ast.Subscript, ast.Lambda)):
                raise self.source.error(refusal(func, self.source.segment(func)), func)
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
            raise self.source.error(refusal(starred[0], self.source.segment(starred[0])), starred[0])
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

"""Functions of the user's own in the expression language, with the derivatives they claim.

::

    swish(u) := u*sigmoid(u)                                  a function: name(arguments) := body
    swish'(u) := sigmoid(u) + u*sigmoid(u)*(1 - sigmoid(u))   its derivative, as the user claims it
    f(a, b) := a*b^2                                          several arguments...
    d/da f(a, b) := b^2                                       ...one claimed partial derivative each
    d/db f(a, b) := 2*a*b
    y = swish(w*x + b) + f(x, 2)                              then use them as any function

A definition is one statement (it ends at the end of its line or at a ``;``) and may
stand anywhere in the text: functions are known everywhere. A body is one expression of
the function's arguments, numbers, ``pi``, ``e`` and functions (the table's and the
user's, if that makes no cycle: a function may not call itself, directly or through
others). A claim is an expression of the same arguments and may call any function,
the function itself included (``g(u) := exp(u)`` and ``g'(u) := g(u)``). Every
argument of every function needs its claim.

``swish(x)`` is then one node of the graph, an op of the registry
(:mod:`graphviz_app.core.custom_ops`) whose local derivative is the claim, right or
wrong: the graph draws and animates with it, and the gradient check tests it. Every
mistake gets a message with its line and column that says what to fix.

How it is read: :func:`read_definitions` finds the statements with ``:=`` outside
brackets (Python has no such statement, so none is ambiguous), reads each head with a
regular expression and each body with the language's own whitelist
(:class:`~graphviz_app.builders.expression_builder.Walker`), and puts ``0`` in the
program text where each definition stood, padded to its length, so every other
position is unchanged; the program's builder skips those statements.

Examples
--------
>>> found = read_definitions("sq(u) := u^2; sq'(u) := 3*u\\nsq(x) + 1")
>>> found.program
'0           ;0             \\nsq(x) + 1'
>>> sorted(found.functions), found.functions["sq"].params
(['sq'], ('u',))
>>> read_definitions("sin(u) := u")
Traceback (most recent call last):
...
graphviz_app.errors.ExpressionError: line 1, column 1: 'sin' is a built-in function; give yours another name, such as my_sin
"""

from __future__ import annotations

import ast
import hashlib
import keyword
import re
from dataclasses import dataclass, field

from graphviz_app.builders.expression_builder import (
    ALIASES,
    BINARY,
    CONSTANT_LABELS,
    CONSTANTS,
    Signature,
    Walker,
    number,
)
from graphviz_app.builders.expression_text import SourceText, parse_tree, scan
from graphviz_app.core.custom_ops import Definition, Formula, register_custom
from graphviz_app.core.ops import REGISTRY
from graphviz_app.errors import ExpressionError

__all__ = ["Definitions", "read_definitions"]

_NAME = r"[^\W\d]\w*"
_FUNCTION = re.compile(rf"\s*(?P<name>{_NAME})\s*\((?P<params>[^()]*)\)\s*")
_PRIME = re.compile(rf"\s*(?P<name>{_NAME})\s*(?P<primes>'+)\s*\((?P<params>[^()]*)\)\s*")
_PARTIAL = re.compile(rf"\s*d\s*/\s*d\s*(?P<wrt>{_NAME})\s+(?P<name>{_NAME})\s*\((?P<params>[^()]*)\)\s*")
_CALLED_PRIME = re.compile(rf"(?P<name>{_NAME})'+\s*\(")
_HEADS = (
    "the left of ':=' must be a function with its arguments, such as swish(u), or a claimed derivative, "
    "such as swish'(u) or d/da f(a, b)"
)


@dataclass
class Definitions:
    """What :func:`read_definitions` found: the program text without the definitions (a ``0`` in
    place of each), where those stand, and the functions by name."""

    program: str
    skipped: frozenset[tuple[int, int]] = frozenset()
    functions: dict[str, Signature] = field(default_factory=dict)
    definitions: dict[str, Definition] = field(default_factory=dict)


@dataclass
class _Statement:
    """One definition as typed: where it starts (line, 0-based column), its text, and its two sides."""

    line: int
    col: int
    text: str
    head: str
    body: str
    body_col: int

    def error(self, message: str, col: int | None = None) -> ExpressionError:
        return ExpressionError(message, self.line, (self.col if col is None else col) + 1)


def read_definitions(text: str) -> Definitions:
    """Find, check and register the functions defined in ``text`` (see the module)."""
    program, statements = _split(text)
    if not statements:
        return Definitions(text)
    functions: dict[str, tuple[_Statement, re.Match[str]]] = {}
    claims: dict[tuple[str, str], tuple[_Statement, re.Match[str]]] = {}
    for statement in statements:
        _read_head(statement, functions, claims)
    _check_claims(functions, claims)
    digest = hashlib.sha256("\n".join(s.text.strip() for s in statements).encode()).hexdigest()[:10]
    signatures = {
        name: Signature(f"{name}~{digest}", _params(statement, match))
        for name, (statement, match) in functions.items()
    }
    definitions, calls = {}, {}
    for name, (statement, _) in functions.items():
        params = signatures[name].params
        body, calls[name] = _formula(statement, signatures, params, name)
        wanted = [claims[name, p][0] for p in params]
        claimed = tuple(_formula(claim, signatures, params, name)[0] for claim in wanted)
        definitions[name] = Definition(
            name, params, body, claimed, statement.body, tuple(c.body for c in wanted)
        )
    _refuse_recursion(calls, functions)
    for name, definition in definitions.items():
        register_custom(signatures[name].key, definition)
    skipped = frozenset((s.line, s.col) for s in statements)
    return Definitions(program, skipped, signatures, definitions)


# --- finding the definitions -------------------------------------------------------------------


def _split(text: str) -> tuple[str, list[_Statement]]:
    """The statements with ``:=`` outside brackets, and the text with ``0`` in place of each."""
    lines = text.split("\n")
    found: list[_Statement] = []
    depth = 0
    for number_, line in enumerate(lines, 1):
        start = 0 if depth == 0 else None  # a line inside brackets continues the statement before it
        assign, i = None, 0
        ends: list[tuple[int, int, int | None]] = []  # (start, end, position of ':=')
        while i <= len(line):
            char = line[i] if i < len(line) else "\n"
            if char in "([{":
                depth += 1
            elif char in ")]}":
                depth = max(depth - 1, 0)
            elif char == ":" and line[i + 1 : i + 2] == "=" and depth == 0:
                if assign is not None:
                    raise ExpressionError(
                        "a second ':=' in one statement: put each definition on a line of its own, or end "
                        "the one before with ';'",
                        number_,
                        i + 1,
                    )
                assign = i
            if char == "#" or char == "\n" or (char == ";" and depth == 0):
                if start is not None and (depth == 0 or assign is not None):
                    ends.append((start, i, assign))
                if assign is not None:
                    depth = 0  # a definition ends with its line, balanced or not
                if char != ";":
                    break
                start, assign = i + 1, None
            i += 1
        for begin, end, at in ends:
            if at is None:
                _refuse_called_prime(line[begin:end], number_, begin)
                continue
            body_start = at + 2 + len(line[at + 2 : end]) - len(line[at + 2 : end].lstrip())
            found.append(
                _Statement(
                    number_, begin, line[begin:end], line[begin:at], line[body_start:end].rstrip(), body_start
                )
            )
            line = line[:begin] + "0" + " " * (end - begin - 1) + line[end:]
        lines[number_ - 1] = line
    return "\n".join(lines), found


def _refuse_called_prime(segment: str, line: int, col: int) -> None:
    if match := _CALLED_PRIME.search(segment):
        name = match.group("name")
        raise ExpressionError(
            f"{name}'(…) is a claimed derivative: it is written only on the left of ':=' (as {name}'(u) := …); "
            f"to use a derivative, define it as a function of its own, e.g. d{name}(u) := …",
            line,
            col + match.start() + 1,
        )


# --- heads ------------------------------------------------------------------------------------------


def _read_head(
    statement: _Statement,
    functions: dict[str, tuple[_Statement, re.Match[str]]],
    claims: dict[tuple[str, str], tuple[_Statement, re.Match[str]]],
) -> None:
    head = statement.head
    if match := _PARTIAL.fullmatch(head):
        kind = "partial"
    elif match := _PRIME.fullmatch(head):
        kind = "prime"
    elif match := _FUNCTION.fullmatch(head):
        kind = "function"
    else:
        raise statement.error(_HEADS)
    name = match.group("name")
    at = statement.col + match.start("name")
    _check_name(statement, name, at)
    if not statement.body:
        raise statement.error(
            f"nothing on the right of ':='; write the {'body' if kind == 'function' else 'claim'}"
        )
    params = _params(statement, match)
    if kind == "function":
        if name in functions:
            raise statement.error(
                f"{name} is already defined on line {functions[name][0].line}; each function is defined once",
                at,
            )
        functions[name] = (statement, match)
        return
    if kind == "prime" and len(match.group("primes")) > 1:
        raise statement.error(
            "only first derivatives are claimed: write one ' (the app works out the rest)", at
        )
    wrt = match.group("wrt") if kind == "partial" else params[0]
    key = (name, wrt)
    if key in claims:
        raise statement.error(
            f"this derivative of {name} is already claimed on line {claims[key][0].line}", at
        )
    claims[key] = (statement, match)


def _check_claims(
    functions: dict[str, tuple[_Statement, re.Match[str]]],
    claims: dict[tuple[str, str], tuple[_Statement, re.Match[str]]],
) -> None:
    """Every claim is of a defined function, with its arguments, one per argument; none is missing."""
    for (name, wrt), (statement, match) in claims.items():
        at = statement.col + match.start("name")
        if name not in functions:
            raise statement.error(
                f"{statement.head.strip()} claims a derivative of {name}, which is not defined: define it "
                f"with {name}(…) := …",
                at,
            )
        params = _params(*functions[name])
        if _params(statement, match) != params:
            raise statement.error(
                f"{name} is defined as {name}({', '.join(params)}): claim its derivative with the same "
                f"arguments, {_claim_head(name, params, 0)} := …",
                at,
            )
        if len(params) > 1 and "primes" in match.groupdict():
            heads = " and ".join(f"{_claim_head(name, params, i)} := …" for i in range(len(params)))
            raise statement.error(
                f"{name} has {len(params)} arguments: claim one partial derivative for each, {heads}", at
            )
        if wrt not in params:
            raise statement.error(
                f"d/d{wrt} {name}(…): {wrt} is not an argument of {name}({', '.join(params)})",
                statement.col + match.start("wrt"),
            )
    for name, (statement, match) in functions.items():
        params = _params(statement, match)
        missing = [p for p in params if (name, p) not in claims]
        if missing:
            raise statement.error(_missing_claim(name, params, missing), statement.col + match.start("name"))


def _params(statement: _Statement, match: re.Match[str]) -> tuple[str, ...]:
    text = match.group("params")
    params = tuple(p.strip() for p in text.split(","))
    at = statement.col + match.start("params")
    if not text.strip():
        raise statement.error("a function takes at least one argument, such as f(u)", at)
    for param in params:
        if not param.isidentifier() or keyword.iskeyword(param):
            raise statement.error(f"'{param}' is not a name: arguments are names separated by commas", at)
        if param in CONSTANTS or param in REGISTRY or param in ALIASES:
            raise statement.error(
                f"'{param}' is a constant or a built-in function; name the argument otherwise", at
            )
    if len(set(params)) < len(params):
        raise statement.error("the arguments of a function need different names", at)
    return params


def _check_name(statement: _Statement, name: str, at: int) -> None:
    if keyword.iskeyword(name):
        raise statement.error(f"'{name}' is a word of Python's grammar; choose another name", at)
    if name in CONSTANTS:
        raise statement.error(f"'{name}' is the constant {CONSTANT_LABELS[name]}; choose another name", at)
    if name in REGISTRY or name in ALIASES:
        raise statement.error(
            f"'{name}' is a built-in function; give yours another name, such as my_{name}", at
        )


def _claim_head(name: str, params: tuple[str, ...], position: int) -> str:
    call = f"{name}({', '.join(params)})"
    return f"{name}'{call[len(name) :]}" if len(params) == 1 else f"d/d{params[position]} {call}"


def _missing_claim(name: str, params: tuple[str, ...], missing: list[str]) -> str:
    if len(params) == 1:
        return (
            f"the derivative of {name} is not claimed: add {_claim_head(name, params, 0)} := … (your claim; "
            "the gradient check tests it)"
        )
    heads = " and ".join(f"{_claim_head(name, params, params.index(p))} := …" for p in missing)
    which = f"by {', '.join(missing)} {'is' if len(missing) == 1 else 'are'}"
    return (
        f"the partial derivative{'s' if len(missing) > 1 else ''} of {name} {which} not claimed: add {heads}"
    )


# --- bodies ----------------------------------------------------------------------------------------


class _FormulaBuilder(Walker[Formula]):
    """The language's checks on one body or claim, making a :class:`Formula` of it."""

    def __init__(
        self, source: SourceText, functions: dict[str, Signature], params: tuple[str, ...], owner: str
    ):
        super().__init__(source, functions)
        self.params, self.owner = params, owner
        self.called: set[str] = set()

    def _make(self, node: ast.expr, args: list[Formula], name: str | None) -> Formula:
        if isinstance(node, ast.BinOp):
            return Formula(BINARY[type(node.op)], tuple(args))
        if isinstance(node, ast.UnaryOp):
            if not args:  # -2: a negative literal is one number
                assert isinstance(node.operand, ast.Constant)
                return Formula(value=number(node.operand, self.source, negate=True))
            return args[0] if isinstance(node.op, ast.UAdd) else Formula("neg", tuple(args))
        if isinstance(node, ast.Call):
            assert isinstance(node.func, ast.Name)
            if node.func.id in self.functions:
                self.called.add(node.func.id)
            return Formula(self.op_of(node.func.id), tuple(args))
        if isinstance(node, ast.Constant):
            return Formula(value=number(node, self.source))
        assert isinstance(node, ast.Name)
        return self._name(node)

    def _name(self, node: ast.Name) -> Formula:
        name = node.id
        if name in CONSTANTS:
            return Formula(value=CONSTANTS[name], label=CONSTANT_LABELS[name])
        if name in self.params:
            return Formula(param=self.params.index(name))
        if self.is_function(name):
            raise self.source.error(
                f"'{name}' is a function; call it with its arguments, like {self._example(name)}", node
            )
        call = f"{self.owner}({', '.join(self.params)})"
        raise self.source.error(
            f"'{name}' is not an argument of {call}: a function uses only its arguments, numbers, pi, e and "
            f"functions (to use {name}, make it an argument)",
            node,
        )

    def _is_variable(self, name: str) -> bool:
        return name in self.params


def _formula(
    statement: _Statement, functions: dict[str, Signature], params: tuple[str, ...], owner: str
) -> tuple[Formula, set[str]]:
    """The body (or claim) of ``statement`` as a formula, and the user's functions it calls."""
    source = SourceText(statement.body)
    try:
        if scan(source):
            raise ExpressionError("a body is one expression, without '='; write name(u) := expression", 1, 1)
        module = parse_tree(source)
        if len(module.body) != 1 or not isinstance(module.body[0], ast.Expr):
            raise ExpressionError("a body is one expression; write name(u) := expression", 1, 1)
        builder = _FormulaBuilder(source, functions, params, owner)
        return builder.expression(module.body[0].value), builder.called
    except ExpressionError as exc:  # positions in the body alone (one line): as in the text
        raise ExpressionError(exc.reason, statement.line, statement.body_col + (exc.column or 1)) from None


def _refuse_recursion(
    calls: dict[str, set[str]], functions: dict[str, tuple[_Statement, re.Match[str]]]
) -> None:
    """A function whose body calls itself, directly or through others, is refused (it would never end)."""
    for start in calls:
        stack = [(start, [start])]
        seen: set[str] = set()
        while stack:
            name, path = stack.pop()
            for callee in sorted(calls[name]):
                if callee == start:
                    statement, match = functions[start]
                    chain = " → ".join([*path, start])
                    raise statement.error(
                        f"{start} calls itself ({chain}): a function may use only functions that do not use it",
                        statement.col + match.start("name"),
                    )
                if callee not in seen:
                    seen.add(callee)
                    stack.append((callee, [*path, callee]))

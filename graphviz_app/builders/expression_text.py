"""The text side of the expression language: positions, token rewrites, syntax errors.

Python's grammar is close to the notation of formulas but not the same, so two
things are fixed on the *tokens* before :func:`ast.parse` sees the text:
``^`` becomes ``**`` (Python's ``^`` is XOR, with the wrong precedence) and the
``=`` of an equation becomes ``<``, whose precedence is below all arithmetic, so
both sides parse as whole expressions. :class:`SourceText` keeps a column map
between the text as typed and the rewritten text, so every error points at the
character the user typed. :func:`parse_tree` turns every way ``ast.parse`` can
fail (syntax errors, too deep nesting, memory) into an
:class:`~graphviz_app.errors.ExpressionError` with a line and column.

:mod:`graphviz_app.builders.expression` builds the graph from the tree.
"""

from __future__ import annotations

import ast
import io
import keyword
import tokenize
import warnings
from typing import Protocol

from graphviz_app.errors import ExpressionError

__all__ = ["Located", "SourceText", "parse_tree", "scan"]

_STATEMENT_KEYWORDS = frozenset(keyword.kwlist) - {"True", "False", "None"}


class Located(Protocol):
    """A syntax-tree node with a position: an ``ast.expr``, ``ast.stmt``, ``ast.keyword``..."""

    @property
    def lineno(self) -> int: ...
    @property
    def col_offset(self) -> int: ...
    @property
    def end_lineno(self) -> int | None: ...
    @property
    def end_col_offset(self) -> int | None: ...


class SourceText:
    """The text as typed and as given to ``ast.parse``, with a column map between them.

    Positions inside this module are (line, column) with 1-based lines and
    0-based *character* columns; ``ast`` reports columns in UTF-8 bytes, and
    edits such as ``^`` -> ``**`` shift the columns that follow them.
    """

    def __init__(self, text: str):
        self.original = text.split("\n")
        self.lines = list(self.original)
        self.maps: dict[int, list[int]] = {}  # line -> original column of each edited column

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def edit(self, edits: list[tuple[int, int, str, str]]) -> None:
        """Apply (line, column, old, new) replacements given in original columns."""
        by_line: dict[int, list[tuple[int, str, str]]] = {}
        for line, col, old, new in edits:
            by_line.setdefault(line, []).append((col, old, new))
        for line, items in by_line.items():
            src = self.original[line - 1]
            pieces: list[str] = []
            cols: list[int] = []
            pos = 0
            for col, old, new in sorted(items):
                pieces += [src[pos:col], new]
                cols += [*range(pos, col), *[col] * len(new)]
                pos = col + len(old)
            pieces.append(src[pos:])
            cols += range(pos, len(src) + 1)
            self.lines[line - 1] = "".join(pieces)
            self.maps[line] = cols

    def original_column(self, line: int, col: int) -> int:
        cols = self.maps.get(line)
        if cols is None:
            return col
        return cols[col] if col < len(cols) else cols[-1] + col - len(cols) + 1

    def at(self, line: int, byte_col: int) -> tuple[int, int]:
        """An ``ast`` position (line, UTF-8 byte column) as (line, original character column)."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        col = byte_col if text.isascii() else len(text.encode()[:byte_col].decode(errors="ignore"))
        return line, self.original_column(line, col)

    def start(self, node: Located) -> tuple[int, int]:
        return self.at(node.lineno, node.col_offset)

    def end(self, node: Located) -> tuple[int, int]:
        if node.end_lineno is None or node.end_col_offset is None:  # ast.parse always sets both
            return self.start(node)
        return self.at(node.end_lineno, node.end_col_offset)

    def segment(self, node: Located, limit: int = 40) -> str:
        """The text of ``node`` as typed, shortened to ``limit`` characters."""
        (l0, c0), (l1, c1) = self.start(node), self.end(node)
        if l0 == l1:
            text = self.original[l0 - 1][c0:c1]
        else:
            text = "\n".join(
                [self.original[l0 - 1][c0:], *self.original[l0 : l1 - 1], self.original[l1 - 1][:c1]]
            )
        text = " ".join(text.split())
        return text if len(text) <= limit else text[: limit - 3] + "..."

    def error(self, message: str, node: Located) -> ExpressionError:
        line, col = self.start(node)
        return ExpressionError(message, line, col + 1)


def scan(source: SourceText) -> list[tuple[int, int]]:
    """Token pass: turn ``^`` into ``**`` and an equation's ``=`` into ``<``.

    Returns the original (line, column) of every equation's ``=``. If the text
    cannot even be tokenized, nothing is changed: ``ast.parse`` then reports the
    problem with its position.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tokens = list(tokenize.generate_tokens(io.StringIO(source.text).readline))
    except Exception:  # tokenize.TokenError, SyntaxError, IndentationError...
        return []
    edits, equations = [], []
    statements: list[list[tuple[tokenize.TokenInfo, int]]] = [[]]
    depth = 0
    for tok in tokens:
        if tok.type in (tokenize.NEWLINE, tokenize.ENDMARKER) or (tok.string == ";" and depth == 0):
            statements.append([])
        elif tok.type not in (tokenize.COMMENT, tokenize.NL, tokenize.INDENT, tokenize.DEDENT):
            if tok.type == tokenize.OP:
                if tok.string in ("(", "[", "{"):
                    depth += 1
                elif tok.string in (")", "]", "}"):
                    depth = max(depth - 1, 0)
                if tok.string == "^":
                    edits.append((*tok.start, "^", "**"))
            statements[-1].append((tok, depth))
    for stmt in statements:
        if any(t.type == tokenize.NAME and t.string in _STATEMENT_KEYWORDS for t, _ in stmt):
            continue  # def, lambda, import...: let the whitelist refuse them by name
        equals = [i for i, (t, d) in enumerate(stmt) if t.string == "=" and d == 0]
        if not equals or (equals[0] == 1 and stmt[0][0].type == tokenize.NAME):
            continue  # no '=', or 'name = ...' (an assignment)
        first = stmt[equals[0]][0]
        line, col = first.start
        if len(equals) > 1:
            second = stmt[equals[1]][0].start
            raise ExpressionError("an equation has exactly one '='", second[0], second[1] + 1)
        if equals[0] == 0:
            raise ExpressionError(
                "nothing on the left of '='; write 'lhs = rhs' or 'name = expression'", line, col + 1
            )
        if equals[0] == len(stmt) - 1:
            raise ExpressionError("nothing on the right of '='; write 'lhs = rhs'", line, col + 1)
        edits.append((line, col, "=", "<"))
        equations.append((line, col))
    source.edit(edits)
    return equations


_SYNTAX_HINTS = [
    ("invalid decimal literal", "a number runs into a name; put an operator between them (2*x, not 2x)"),
    ("forgot a comma", "two values stand side by side; put an operator between them (x*y, not x y)"),
    ("was never closed", "{msg}; add the closing bracket"),
    ("unmatched", "{msg}; remove it or add the opening bracket"),
    ("does not match", "{msg}; make the brackets match"),
    ("indent", "unexpected indentation; start every statement at the beginning of its line"),
    (
        "too many nested parentheses",
        "too many nested parentheses (the parser allows about 200 levels); "
        "split the expression into named steps like 'a = ...'",
    ),
    ("unexpected EOF", "the text ends in the middle of an expression; finish it"),
    ("invalid character", "{msg}; use plain operators: * for ×, - for −, ** or ^ for powers"),
    ("instead of '='", "'=' must stand outside all brackets: write 'lhs = rhs' or 'name = expression'"),
    (
        "cannot assign",
        "the left side of '=' must be one name (to name a step) or, in an equation, an arithmetic expression",
    ),
    ("Exceeds the limit", "a number with too many digits; write it with an exponent, e.g. 1e40"),
    ("null bytes", "the text contains a null character; remove it"),
    ("string literal", "strings are not part of the language; close or remove the quote"),
]


def _syntax_error(exc: SyntaxError, source: SourceText) -> ExpressionError:
    msg = str(exc.msg or "invalid syntax")
    text = next(
        (hint.format(msg=msg) for key, hint in _SYNTAX_HINTS if key in msg),
        f"syntax error ({msg}); check the text at this position",
    )
    if not exc.lineno:
        return ExpressionError(text)
    line = exc.lineno
    col = max((exc.offset or 1) - 1, 0)  # SyntaxError offsets count characters, from 1
    return ExpressionError(text, line, source.original_column(line, col) + 1)


def parse_tree(source: SourceText) -> ast.Module:
    """``ast.parse`` with every failure turned into an :class:`ExpressionError`."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(source.text, mode="exec")
    except SyntaxError as exc:
        raise _syntax_error(exc, source) from None
    except (RecursionError, MemoryError):
        raise ExpressionError(
            "the expression is nested too deeply (or is too long a chain of operations) for the "
            "parser; split it into named steps, one per line: 'a = ...', then 'b = a + ...'"
        ) from None
    except Exception as exc:  # ValueError, OverflowError, a warning turned into an error
        raise ExpressionError(f"the text cannot be read as an expression ({exc})") from None

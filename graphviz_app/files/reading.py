"""Reading a file or a JSON text safely: one size limit, a nesting limit, bounded integers.

Every file the app reads (expression text, network spec, session) goes through
:func:`read_text`, and every JSON text (those files, and ``--at`` values) through
:func:`parse_json`. Both raise the caller's own error type (``error`` turns a
message into an exception), so a spec file reports a
:class:`~graphviz_app.errors.SpecError` and a session a
:class:`~graphviz_app.errors.SessionFileError`; nothing else escapes:

- a file larger than :data:`MAX_FILE_BYTES` is refused before it is read (saving
  refuses to write such a file too, so what the app saves it can open again);
- JSON nested deeper than :data:`MAX_NESTING` is refused before the decoder
  recurses (Python's decoder would raise RecursionError);
- an integer longer than :data:`MAX_INT_DIGITS` digits is refused (Python's
  4,300-digit conversion limit would raise ValueError, and a float conversion
  OverflowError).

Examples
--------
>>> from graphviz_app.errors import SourceError
>>> parse_json('{"a": [1, 2.5]}', SourceError, "x.json")
{'a': [1, 2.5]}
>>> parse_json("[" * 100 + "]" * 100, SourceError, "x.json")
Traceback (most recent call last):
    ...
graphviz_app.errors.SourceError: x.json: nested more than 64 levels deep at line 1, column 65
>>> parse_json("1" * 5000, SourceError, "--at x")
Traceback (most recent call last):
    ...
graphviz_app.errors.SourceError: --at x: a whole number with 5000 digits at line 1, column 1; at most 50 digits (write 1e4999 for a huge number)
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graphviz_app.errors import GraphvizAppError

__all__ = ["MAX_FILE_BYTES", "MAX_INT_DIGITS", "MAX_NESTING", "megabytes", "parse_json", "read_text"]

MAX_FILE_BYTES = 50_000_000
"""The largest file the app reads or writes. A 1,000,000-parameter network (the
spec's limit) saves as about 25 MB of compact JSON."""
MAX_NESTING = 64
"""Deepest nesting of JSON arrays and objects (a spec needs 4 levels, a session 6)."""
MAX_INT_DIGITS = 50
"""Longest whole number in JSON; any count, size or step is far shorter."""

ErrorType = Callable[[str], GraphvizAppError]

_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[][{}]')


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def read_text(path: str | os.PathLike, error: ErrorType, what: str = "file", verb: str = "read") -> str:
    """The text of ``path``, refused before reading when it is larger than :data:`MAX_FILE_BYTES`."""
    path = Path(path)
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise error(_too_big(path, size, what))
            raw = f.read(MAX_FILE_BYTES + 1)  # a file that grows (or lies about its size) stops here
    except OSError as exc:
        raise error(f"cannot {verb} {path}: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise error(_too_big(path, len(raw), what))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise error(f"cannot {verb} {path.name}: it is not a {what} (it is not text)") from None


def _too_big(path: Path, size: int, what: str) -> str:
    return (
        f"{path.name} is {megabytes(size)}; a {what} is at most {megabytes(MAX_FILE_BYTES)} "
        "(graphviz-app draws small networks; use fewer or smaller layers)"
    )


class _LongIntegerError(Exception):
    def __init__(self, digits: str):
        self.digits = digits


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise _LongIntegerError(digits)
    return int(digits)


def _line_col(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    return f"line {line}, column {index - (text.rfind(chr(10), 0, index) + 1) + 1}"


def _too_deep_at(text: str) -> int | None:
    """Index of the first bracket nested deeper than MAX_NESTING (strings skipped), or None."""
    if text.count("[") + text.count("{") <= MAX_NESTING:
        return None
    depth = 0
    for m in _BRACKETS.finditer(text):
        c = m.group()
        if c in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return m.start()
        elif c in "]}":
            depth -= 1
    return None


def parse_json(text: str, error: ErrorType, origin: str, *, damaged: str = "is not valid JSON") -> Any:
    """Parse JSON ``text``; every problem is ``error(message)`` with line and column."""
    deep = _too_deep_at(text)
    if deep is not None:
        raise error(f"{origin}: nested more than {MAX_NESTING} levels deep at {_line_col(text, deep)}")
    try:
        return json.loads(text, parse_int=_bounded_int)
    except _LongIntegerError as exc:
        digits = exc.digits.lstrip("-")
        where = text.find(exc.digits)
        raise error(
            f"{origin}: a whole number with {len(digits)} digits at {_line_col(text, max(where, 0))}; "
            f"at most {MAX_INT_DIGITS} digits (write 1e{len(digits) - 1} for a huge number)"
        ) from None
    except json.JSONDecodeError as exc:
        raise error(f"{origin} {damaged}: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:  # not reachable after the depth check; kept so it can never escape
        raise error(f"{origin}: nested too deeply") from None

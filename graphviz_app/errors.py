"""One exception hierarchy for everything a user can get wrong.

Every failure a user can cause (a typo in an expression, a bad network spec, a
corrupt session file, a graph too big to lay out) raises a subclass of
:class:`GraphvizAppError` with a message that says what to fix. The CLI prints
that message on one line and exits with status 2; the GUI shows it inline or in
the status bar. Any other exception is a bug in the app (exit status 1).
"""

from __future__ import annotations

__all__ = [
    "ExpressionError",
    "GraphError",
    "GraphvizAppError",
    "LayoutCancelled",
    "LayoutError",
    "LayoutTimeout",
    "MissingDerivativeError",
    "SessionFileError",
    "SourceError",
    "SpecError",
    "TorchError",
    "UnknownOpError",
]


class GraphvizAppError(Exception):
    """Base class of every error the user can cause and fix."""


class ExpressionError(GraphvizAppError):
    """Bad expression text. ``line`` and ``column`` are 1-based, when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.line = line
        self.column = column
        self.reason = message
        where = f"line {line}, column {column}: " if line is not None and column is not None else ""
        super().__init__(where + message)


class SpecError(GraphvizAppError):
    """Bad network spec. ``path`` is the JSON path of the offending field."""

    def __init__(self, path: str, message: str):
        self.path = path
        self.reason = message
        super().__init__(f"{path}: {message}" if path else message)


class GraphError(GraphvizAppError):
    """A request that does not fit the graph (unknown node, no path, no value)."""


class UnknownOpError(GraphError):
    """An op name that is not in the op table."""


class MissingDerivativeError(GraphError):
    """An op without a backward rule for the requested argument."""


class LayoutError(GraphvizAppError):
    """Graphviz could not lay the graph out (too big, too slow, or crashed)."""


class LayoutCancelled(LayoutError):  # noqa: N818 (a cancellation, not an error of the graph)
    """The caller cancelled a layout that was still running."""


class LayoutTimeout(LayoutError):  # noqa: N818 (a time limit, like TimeoutError)
    """Graphviz did not finish within its time limit (the layout falls back to a cheaper one)."""


class SessionFileError(GraphvizAppError):
    """A session file that cannot be read or written."""


class SourceError(GraphvizAppError):
    """A SOURCE argument that names nothing usable."""


class TorchError(GraphvizAppError):
    """A PyTorch graph the app cannot read (an autograd node it does not know, a freed graph),
    the user's own code failing, or PyTorch not installed."""

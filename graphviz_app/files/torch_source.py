"""A ``torch:PATH.py[:FUNCTION]`` SOURCE: the user's own PyTorch code, run, and its graph read.

``torch:model.py:loss`` imports ``model.py`` (its folder first on ``sys.path``, so it
can import its neighbours) and calls ``loss()``; ``torch:model.py`` calls ``main()``.
The function returns the output tensor (usually the loss), or ``(output, named)``
with ``named`` mapping names to tensors, as :func:`graphviz_app.from_torch` takes
them. Only this prefix runs code: opening ``model.py`` as a file says to use it.

An exception in the user's code is reported as the last lines of its traceback (a
:class:`~graphviz_app.errors.TorchError`: the command line prints it and exits 2);
without PyTorch installed the code is not run, and the message says how to install it.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from graphviz_app.builders.torch_graph import import_torch, read_torch
from graphviz_app.builders.torch_model import TorchGraph
from graphviz_app.errors import SourceError, TorchError

__all__ = ["DEFAULT_FUNCTION", "PREFIX", "TRACEBACK_FRAMES", "parse_torch_source", "run_torch_source"]

PREFIX = "torch:"
DEFAULT_FUNCTION = "main"
TRACEBACK_FRAMES = 3
"""How many of the last frames of the user's traceback a failure shows."""
_WITH_FUNCTION = re.compile(r"^(?P<path>.+\.py):(?P<function>[A-Za-z_][A-Za-z0-9_]*)$")


def parse_torch_source(source: str) -> tuple[Path, str]:
    """``torch:PATH.py:FUNCTION`` -> (path, function); ``torch:PATH.py`` calls ``main``.

    >>> parse_torch_source("torch:nets/model.py:loss")
    (PosixPath('nets/model.py'), 'loss')
    >>> parse_torch_source("torch:model.py")
    (PosixPath('model.py'), 'main')
    """
    rest = source.removeprefix(PREFIX)
    m = _WITH_FUNCTION.match(rest)
    path, function = (m["path"], m["function"]) if m else (rest, DEFAULT_FUNCTION)
    if not path.endswith(".py"):
        raise SourceError(
            f"{source}: expected torch:PATH.py or torch:PATH.py:FUNCTION (a Python file and the function "
            "that returns the loss)"
        )
    return Path(path), function


def run_torch_source(source: str) -> TorchGraph:
    """Import the file, call the function, read the graph of what it returned."""
    path, function = parse_torch_source(source)
    if not path.is_file():
        raise SourceError(f"{source}: no such file: {path}")
    import_torch()  # before the user's code, which would fail at its own `import torch`
    folder = str(path.resolve().parent)
    sys.path.insert(0, folder)
    try:
        module = _import(path)
        fn = getattr(module, function, None)
        if not callable(fn):
            found = sorted(
                n
                for n, v in vars(module).items()
                if callable(v) and getattr(v, "__module__", "") == module.__name__
            )
            raise SourceError(
                f"{source}: {path.name} has no function {function}()"
                + (f" (it has {', '.join(found)})" if found else "")
            )
        result = _call_users(fn, path)
    finally:
        if folder in sys.path:
            sys.path.remove(folder)
    output, named = _returned(result, f"{path.name}: {function}()")
    return read_torch(output, named)


def _import(path: Path) -> Any:
    name = f"graphviz_app_user_{abs(hash(str(path.resolve())))}"
    spec = importlib.util.spec_from_file_location(name, path)
    loader = None if spec is None else spec.loader
    if spec is None or loader is None:
        raise SourceError(f"{path}: cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # a fresh module each time: an edited file is read again
    _call_users(lambda: loader.exec_module(module), path)
    return module


def _call_users(fn: Any, path: Path) -> Any:
    """Run the user's code; what it raises becomes a TorchError with the last lines of its traceback."""
    try:
        return fn()
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # their SystemExit too: it is their code failing, not a request to quit
        raise TorchError(f"{path.name} raised an exception:\n{_tail(exc)}") from None


def _tail(exc: BaseException) -> str:
    """The last frames of the traceback inside the user's code, and the exception."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not _ours(f.filename)]
    lines = traceback.format_list(frames[-TRACEBACK_FRAMES:])
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines).rstrip()


def _ours(filename: str) -> bool:
    """A frame of the app's or of importlib's machinery, not of the user's code."""
    return filename.startswith(str(Path(__file__).resolve().parent.parent)) or "importlib" in filename


def _returned(result: Any, what: str) -> tuple[Any, Mapping[str, Any] | None]:
    """``output`` or ``(output, named)``, checked."""
    if isinstance(result, tuple | list) and len(result) == 2 and isinstance(result[1], Mapping):
        return result[0], result[1]
    if isinstance(result, tuple | list) or not hasattr(result, "grad_fn"):
        got = (
            f"a {type(result).__name__} of {len(result)}"
            if isinstance(result, tuple | list)
            else type(result).__name__
        )
        raise SourceError(
            f"{what} returned {got}; return the output tensor (the loss), "
            "or (loss, named) with named a dict of names to tensors"
        )
    return result, None

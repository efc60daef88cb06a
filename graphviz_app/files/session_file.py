"""Session files: what the user was looking at, saved as JSON.

A session file records the source (an expression with its input values, or a
network spec), the values the user edited, the view settings and the current
animation step::

    {"graphviz_app_session": 1,
     "source": {"kind": "expression", "source": "sin(x**2)", "at": {"x": 1.5}},
     "values": {}, "settings": {"direction": "LR"}, "step": 12}

``graphviz_app_session`` is the schema version. ``settings`` may name collapsed
layers (``"collapsed": ["layer 2"]``); files written before that have none and
open with every layer expanded. Saving writes a temporary file
next to the target and renames it over the target (an atomic operation on every
platform we support), so a crash or a full disk never leaves a half-written
session; an existing file keeps its permissions. Small sessions are indented
for people to read; big ones (a network with many weights) are written compact.
Reading and writing share one size limit (:data:`~graphviz_app.files.reading.MAX_FILE_BYTES`),
so a session the app saved it can always open. Loading checks every field and
raises :class:`~graphviz_app.errors.SessionFileError` naming the field (its JSON
path) and what was expected there.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from graphviz_app.builders.network import looks_like_network
from graphviz_app.errors import SessionFileError
from graphviz_app.files import reading
from graphviz_app.files.reading import megabytes, parse_json, read_text
from graphviz_app.files.values import describe, number_array

__all__ = [
    "KEY",
    "SCHEMA_VERSION",
    "SessionData",
    "is_session",
    "load_session",
    "save_session",
    "session_from_dict",
    "session_to_dict",
    "session_to_text",
]

SCHEMA_VERSION = 1
KEY = "graphviz_app_session"
INDENT_BELOW = 200_000
"""Sessions whose compact JSON is shorter than this many characters are written indented."""


@dataclass
class SessionData:
    """The contents of a session file.

    ``source`` is either ``{"kind": "expression", "source": TEXT, "at": {...}}``
    or a network spec dict. ``values`` holds leaf values the user edited
    (leaf id -> number or nested list).
    """

    source: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    step: int = 0


def is_session(obj: Any) -> bool:
    """True for parsed JSON that says it is a session file (check it with :func:`session_from_dict`)."""
    return isinstance(obj, dict) and KEY in obj


def session_to_dict(data: SessionData) -> dict[str, Any]:
    return {
        KEY: SCHEMA_VERSION,
        "source": data.source,
        "values": data.values,
        "settings": data.settings,
        "step": int(data.step),
    }


def session_to_text(data: SessionData) -> str:
    """The file's text: indented when small, compact when big; refused beyond the size limit."""
    obj = session_to_dict(data)
    try:
        text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise SessionFileError(f"cannot save: the session holds a value JSON cannot store ({exc})") from None
    if len(text) < INDENT_BELOW:
        text = json.dumps(obj, indent=2, ensure_ascii=False, allow_nan=False)
    size = len(text.encode("utf-8"))
    if size > reading.MAX_FILE_BYTES:  # the limit open applies: what is saved can be opened again
        raise SessionFileError(
            f"cannot save: the session would be {megabytes(size)}, and a session file is at most "
            f"{megabytes(reading.MAX_FILE_BYTES)} (it could not be opened again); use fewer or smaller layers"
        )
    return text


def save_session(path: str | os.PathLike, data: SessionData) -> None:
    """Write ``data`` to ``path`` atomically (temporary file + rename), keeping its permissions."""
    path = Path(path)
    text = session_to_text(data)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise SessionFileError(f"cannot save to {folder}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise SessionFileError(f"cannot save {path}: {exc.strerror or exc}") from None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def load_session(path: str | os.PathLike) -> SessionData:
    """Read and check a session file."""
    path = Path(path)
    text = read_text(path, SessionFileError, "session file", verb="open")
    obj = parse_json(text, SessionFileError, path.name, damaged="is damaged or not a session file")
    return session_from_dict(obj, origin=path.name)


def session_from_dict(obj: Any, origin: str = "session") -> SessionData:
    """Check a parsed session object and return its data."""

    def bad(message: str) -> SessionFileError:
        return SessionFileError(f"{origin}: {message}")

    if not is_session(obj):
        raise SessionFileError(f"{origin} is not a graphviz-app session file (no '{KEY}' key)")
    version = obj[KEY]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise bad(f"'{KEY}' must be a schema version number (1), got {_shown(version)}")
    if version > SCHEMA_VERSION:
        raise SessionFileError(
            f"{origin} was written by a newer graphviz-app (schema {version}); "
            f"this version reads schema {SCHEMA_VERSION}: please update"
        )
    source = obj.get("source")
    if not isinstance(source, dict):
        raise bad(f"'source' must be an expression record or a network spec, got {_shown(source)}")
    if source.get("kind") == "expression":
        _check_expression_record(source, bad)
    elif not looks_like_network(source):
        raise bad(
            "'source' must be an expression record "
            '{"kind": "expression", "source": TEXT, "at": {...}} or a network spec (with "layers")'
        )
    values = _check_values(obj.get("values", {}), "values", bad)
    settings = obj.get("settings", {})
    if not isinstance(settings, dict):
        raise bad(f"'settings' must be an object, got {_shown(settings)}")
    step = obj.get("step", 0)
    if not isinstance(step, int) or isinstance(step, bool) or step < 0:
        raise bad(f"'step' must be a whole number ≥ 0, got {_shown(step)}")
    return SessionData(source, values, settings, step)


def _check_expression_record(source: dict, bad) -> None:
    if not isinstance(source.get("source"), str):
        raise bad(f"source.source must be the expression text, got {_shown(source.get('source'))}")
    _check_values(source.get("at", {}), "source.at", bad)
    dependent = source.get("dependent")
    if dependent is not None and not isinstance(dependent, str):
        raise bad(f"source.dependent must be a variable name, got {_shown(dependent)}")


def _check_values(values: Any, path: str, bad) -> dict[str, Any]:
    if not isinstance(values, dict):
        raise bad(f"'{path}' must map names to finite numbers, got {_shown(values)}")

    def element(message: str) -> SessionFileError:
        return bad(f"'{path}' must map names to finite numbers; {message}")

    for name, value in values.items():
        if not _all_finite(number_array(value, f"{path}.{name}", element)):
            raise element(f"{path}.{name} is not finite")
    return values


def _all_finite(array: Any) -> bool:
    return bool(np.all(np.isfinite(array)))


def _shown(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, list):
        return "a list"
    return describe(value)

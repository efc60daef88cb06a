"""Session files: what the user was looking at, saved as JSON.

A session file records the source (an expression with its input values, or a
network spec), the values the user edited, the view settings and the current
animation step::

    {"graphviz_app_session": 1,
     "source": {"kind": "expression", "source": "sin(x**2)", "at": {"x": 1.5}},
     "values": {}, "settings": {"direction": "LR"}, "step": 12}

``graphviz_app_session`` is the schema version. Saving writes a temporary file
next to the target and renames it over the target (an atomic operation on every
platform we support), so a crash or a full disk never leaves a half-written
session. Loading checks everything and raises
:class:`~graphviz_app.errors.SessionFileError` with a message a user can act on.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphviz_app.errors import SessionFileError

__all__ = [
    "SCHEMA_VERSION",
    "SessionData",
    "load_session",
    "save_session",
    "session_from_dict",
    "session_to_dict",
]

SCHEMA_VERSION = 1
MAX_FILE_BYTES = 20_000_000
KEY = "graphviz_app_session"


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


def session_to_dict(data: SessionData) -> dict[str, Any]:
    return {
        KEY: SCHEMA_VERSION,
        "source": data.source,
        "values": data.values,
        "settings": data.settings,
        "step": int(data.step),
    }


def save_session(path: str | os.PathLike, data: SessionData) -> None:
    """Write ``data`` to ``path`` atomically (temporary file + rename)."""
    path = Path(path)
    try:
        text = json.dumps(session_to_dict(data), indent=2, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise SessionFileError(f"cannot save: the session holds a value JSON cannot store ({exc})") from None
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise SessionFileError(f"cannot save to {folder}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise SessionFileError(f"cannot save {path}: {exc.strerror or exc}") from None


def load_session(path: str | os.PathLike) -> SessionData:
    """Read and check a session file."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SessionFileError(
                f"{path.name} is {size // 1_000_000} MB; a session file is at most "
                f"{MAX_FILE_BYTES // 1_000_000} MB"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise SessionFileError(f"cannot open {path}: {exc.strerror or exc}") from None
    try:
        obj = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SessionFileError(f"{path.name} is not a session file (it is not text)") from None
    except json.JSONDecodeError as exc:
        raise SessionFileError(
            f"{path.name} is damaged or not a session file: {exc.msg} at line "
            f"{exc.lineno}, column {exc.colno}"
        ) from None
    return session_from_dict(obj, origin=path.name)


def session_from_dict(obj: Any, origin: str = "session") -> SessionData:
    """Check a parsed session object and return its data."""
    if not isinstance(obj, dict) or KEY not in obj:
        raise SessionFileError(f"{origin} is not a graphviz-app session file (no '{KEY}' key)")
    version = obj[KEY]
    if not isinstance(version, int) or isinstance(version, bool):
        raise SessionFileError(f"{origin}: '{KEY}' must be a schema version number")
    if version > SCHEMA_VERSION:
        raise SessionFileError(
            f"{origin} was written by a newer graphviz-app (schema {version}); "
            f"this version reads schema {SCHEMA_VERSION}: please update"
        )
    source = obj.get("source")
    if not isinstance(source, dict):
        raise SessionFileError(f"{origin}: 'source' must be an expression record or a network spec")
    if source.get("kind") == "expression" and not isinstance(source.get("source"), str):
        raise SessionFileError(f"{origin}: source.source must be the expression text")
    values = obj.get("values", {})
    if not isinstance(values, dict) or not all(_is_value(v) for v in values.values()):
        raise SessionFileError(f"{origin}: 'values' must map names to finite numbers")
    settings = obj.get("settings", {})
    if not isinstance(settings, dict):
        raise SessionFileError(f"{origin}: 'settings' must be an object")
    step = obj.get("step", 0)
    if not isinstance(step, int) or isinstance(step, bool) or step < 0:
        raise SessionFileError(f"{origin}: 'step' must be a whole number ≥ 0")
    return SessionData(source, values, settings, step)


def _is_value(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, (int, float)):
        return math.isfinite(v)
    if isinstance(v, list):
        return all(_is_value(x) for x in v)
    return False

"""SOURCE: what the user points the app at, turned into a graph.

A SOURCE is, in this order of checks:

1. ``example:NAME`` — a built-in example;
2. the path of an existing file — expression text, a network spec (JSON), or a
   saved session (JSON);
3. otherwise, expression text itself, such as ``"sin(x**2)"``.

:func:`load_source` returns a :class:`Loaded` with the graph and everything the
CLI and the GUI need to describe it. Everything that can go wrong raises a
:class:`~graphviz_app.errors.GraphvizAppError` with a message saying what to fix.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.builders import examples, expression, network
from graphviz_app.errors import SourceError, SpecError

__all__ = ["Loaded", "build_loaded", "is_existing_file", "load_object", "load_source", "parse_assignments"]

EXPRESSION = "expression"
NETWORK = "network"


@dataclass
class Loaded:
    """A SOURCE turned into a graph.

    Attributes
    ----------
    kind:
        ``"expression"`` or ``"network"``.
    graph:
        The computation graph to evaluate.
    values:
        Leaf values to evaluate with (inputs from ``--at`` or from the example).
    origin:
        Where it came from, for messages: the expression, ``example:NAME`` or a path.
    parsed:
        The :class:`~graphviz_app.builders.expression.ParsedExpression` (expressions).
    network:
        The :class:`~graphviz_app.builders.network.BuiltNetwork` (networks).
    view, view_reason:
        For networks: which view was built and why.
    title, description:
        For examples.
    """

    kind: str
    graph: nx.DiGraph
    values: dict[str, Any]
    origin: str
    text: str | None = None
    spec: Any = None
    parsed: Any = None
    network: Any = None
    view: str | None = None
    view_reason: str | None = None
    title: str | None = None
    description: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)


def parse_assignments(items: list[str] | None) -> dict[str, Any]:
    """``["x=1.5", "w=[1, 2]"]`` -> ``{"x": 1.5, "w": [1.0, 2.0]}``, with clear errors."""
    values: dict[str, Any] = {}
    for item in items or []:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise SourceError(f"--at {item!r}: expected NAME=VALUE, for example --at x=1.5")
        try:
            value = json.loads(text.strip())
        except json.JSONDecodeError:
            value = text.strip()
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                raise SourceError(f"--at {item!r}: {text.strip()!r} is not a number") from None
        if isinstance(value, bool) or not isinstance(value, (int, float, list)):
            raise SourceError(f"--at {item!r}: {text.strip()!r} is not a number")
        values[name] = value
    return values


def load_source(
    source: str, at: Mapping[str, Any] | None = None, *, view: str | None = None, dependent: str | None = None
) -> Loaded:
    """Resolve SOURCE (example, file or expression text) and build its graph."""
    at = dict(at or {})
    if not source or not source.strip():
        raise SourceError("SOURCE is empty: give an expression such as 'sin(x**2)', a file, or example:NAME")
    if source.startswith("example:"):
        ex = examples.load_example(source[len("example:") :])
        if ex.kind == EXPRESSION:
            loaded = build_loaded(
                EXPRESSION,
                ex.payload["source"],
                {**ex.payload.get("at", {}), **at},
                origin=source,
                dependent=dependent or ex.payload.get("dependent"),
            )
        else:
            loaded = build_loaded(NETWORK, ex.payload, at, origin=source, view=view)
        loaded.title, loaded.description = ex.title, ex.description
        return loaded
    path = Path(source)
    if is_existing_file(source):
        return _load_file(path, at, view=view, dependent=dependent)
    if _looks_like_file(source) and source.endswith((".json", ".txt", ".expr")):
        raise SourceError(f"no such file: {source}")
    return build_loaded(EXPRESSION, source, at, origin=source, dependent=dependent)


def _looks_like_file(source: str) -> bool:
    return "\n" not in source and "\0" not in source and len(source) < 4096


def is_existing_file(source: str) -> bool:
    """True when ``source`` names an existing file (never raises, even on odd text)."""
    if not _looks_like_file(source):
        return False
    try:
        return Path(source).is_file()
    except (OSError, ValueError):
        return False


def _load_file(path: Path, at: dict[str, Any], *, view: str | None, dependent: str | None) -> Loaded:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read {path}: {exc}") from None
    stripped = text.lstrip()
    if path.suffix.lower() == ".json" or stripped.startswith("{"):
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SpecError(
                "", f"{path} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
            ) from None
        return load_object(obj, at, origin=str(path), view=view, dependent=dependent)
    return build_loaded(EXPRESSION, text, at, origin=str(path), dependent=dependent)


def load_object(
    obj: Any,
    at: Mapping[str, Any] | None = None,
    *,
    origin: str,
    view: str | None = None,
    dependent: str | None = None,
) -> Loaded:
    """Build from parsed JSON: a session file, a network spec, or an expression record."""
    at = dict(at or {})
    if isinstance(obj, dict) and "graphviz_app_session" in obj:
        from graphviz_app.session import storage  # sessions sit above builders; import lazily

        session = storage.session_from_dict(obj, origin=origin)
        return load_object(
            session.source,
            {**session.values, **at},
            origin=origin,
            view=view or session.settings.get("view"),
            dependent=dependent,
        )
    if isinstance(obj, dict) and obj.get("kind") == EXPRESSION:
        text = obj.get("source")
        if not isinstance(text, str):
            raise SourceError(f"{origin}: an expression record needs a 'source' string")
        return build_loaded(
            EXPRESSION,
            text,
            {**obj.get("at", {}), **at},
            origin=origin,
            dependent=dependent or obj.get("dependent"),
        )
    if network.looks_like_network(obj):
        return build_loaded(NETWORK, obj, at, origin=origin, view=view)
    raise SourceError(
        f"{origin}: not a network spec, expression or session file "
        "(a network spec has 'input', 'layers' and 'loss')"
    )


def build_loaded(
    kind: str,
    payload: Any,
    at: Mapping[str, Any],
    *,
    origin: str,
    view: str | None = None,
    dependent: str | None = None,
) -> Loaded:
    """Build the graph of an expression (text) or a network (spec) with values ``at``."""
    at = dict(at)
    if kind == EXPRESSION:
        parsed = expression.parse(payload, dependent=dependent)
        missing = expression.missing_inputs(parsed, at)
        if missing:
            shown = " ".join(f"{m}=VALUE" for m in missing)
            raise SourceError(
                f"no value for input{'s' if len(missing) > 1 else ''} "
                f"{', '.join(repr(m) for m in missing)}: give {shown} (CLI: --at {shown})"
            )
        unknown = sorted(set(at) - set(parsed.inputs))
        if unknown:
            raise SourceError(
                f"--at {unknown[0]}: the expression has no input named '{unknown[0]}' "
                f"(inputs: {', '.join(parsed.inputs) or 'none'})"
            )
        return Loaded(
            EXPRESSION, parsed.graph, {k: at[k] for k in parsed.inputs}, origin, text=payload, parsed=parsed
        )
    spec = network.parse_spec(payload)
    chosen, reason = network.choose_view(spec, view)
    built = network.build_network(spec, view=chosen)
    unknown = sorted(set(at) - set(built.graph.nodes))
    if unknown:
        raise SourceError(f"--at {unknown[0]}: the {chosen} view has no leaf named '{unknown[0]}'")
    return Loaded(
        NETWORK, built.graph, at, origin, spec=payload, network=built, view=chosen, view_reason=reason
    )

"""SOURCE: what the user points the app at, turned into a graph.

A SOURCE is, in this order of checks:

1. ``example:NAME`` — a built-in example;
   ``torch:PATH.py[:FUNCTION]`` — the graph of the user's own PyTorch code
   (:mod:`graphviz_app.files.torch_source`, which runs it);
2. the path of an existing file — expression text, a network spec (JSON), a
   saved session (JSON), or an interactive page (HTML, which carries its session);
3. otherwise, expression text itself, such as ``"sin(x**2)"``.

:func:`load_source` returns a :class:`Loaded` with the graph and everything the
CLI and the GUI need to describe it. Everything that can go wrong raises a
:class:`~graphviz_app.errors.GraphvizAppError` with a message saying what to fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.builders import datasets, examples, expression, network
from graphviz_app.errors import SessionFileError, SourceError, SpecError
from graphviz_app.files import session_file
from graphviz_app.files.embedded import looks_like_page, session_in_page
from graphviz_app.files.reading import parse_json, read_text
from graphviz_app.files.torch_source import DEFAULT_FUNCTION, parse_torch_source, run_torch_source
from graphviz_app.files.torch_source import PREFIX as TORCH_PREFIX
from graphviz_app.files.values import check_leaf_values, describe, number_array

__all__ = [
    "DEFAULT_INPUT",
    "EXPRESSION",
    "NETWORK",
    "TORCH",
    "Loaded",
    "build_loaded",
    "check_view",
    "in_view",
    "is_existing_file",
    "load_object",
    "load_source",
    "load_spec_file",
    "parse_assignments",
]

EXPRESSION = "expression"
NETWORK = "network"
TORCH = "torch"
DEFAULT_INPUT = 1.0
"""The value an input starts at when none is given (typed text, and files opened in the window)."""


@dataclass
class Loaded:
    """A SOURCE turned into a graph.

    Attributes
    ----------
    kind:
        ``"expression"``, ``"network"`` or ``"torch"``.
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
    session:
        The :class:`~graphviz_app.files.session_file.SessionData` when it came from a session file.
    defaulted:
        Inputs that got the default value 1.0 because none was given (``defaults=True``).
    torch:
        The :class:`~graphviz_app.builders.torch_model.TorchGraph` a PyTorch graph was read into.
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
    session: session_file.SessionData | None = None
    defaulted: list[str] = field(default_factory=list)
    torch: Any = None

    @property
    def views(self) -> tuple[str, ...]:
        """The views this can be drawn in: a network's two, a PyTorch graph's one or two, else none."""
        if self.kind == NETWORK:
            return network.VIEWS
        return self.torch.views if self.kind == TORCH else ()

    @property
    def network_spec(self) -> network.NetworkSpec | None:
        """The checked spec of a network (None for an expression)."""
        return None if self.network is None else self.network.spec


def parse_assignments(items: list[str] | None) -> dict[str, Any]:
    """``["x=1.5", "w=[1, 2]"]`` -> ``{"x": 1.5, "w": [1.0, 2.0]}``, with clear errors.

    A value is a number (``nan`` and ``inf`` too) or JSON: a list, or lists of lists.
    Which leaves exist and which shapes they take is checked once the graph is built.
    """
    values: dict[str, Any] = {}
    for item in items or []:
        name, sep, text = item.partition("=")
        name, text = name.strip(), text.strip()
        if not sep or not name:
            raise SourceError(f"--at {_short(item)}: expected NAME=VALUE, for example --at x=1.5")
        where = f"--at {name}"
        value: Any
        try:
            value = float(text) if len(text) <= 40 else None
        except ValueError:
            value = None
        if value is None:
            if not text or text[0] not in "[-0123456789":
                raise SourceError(f"{where}: {_short(text)!r} is not a number (or a list of numbers)")
            damaged = f"= {_short(text)!r} is not a number or a list of numbers"
            value = number_array(parse_json(text, SourceError, where, damaged=damaged), where)
        values[name] = value.tolist() if hasattr(value, "tolist") else value
    return values


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def load_source(
    source: str,
    at: Mapping[str, Any] | None = None,
    *,
    view: str | None = None,
    dependent: str | None = None,
    defaults: bool = False,
) -> Loaded:
    """Resolve SOURCE (example, file or expression text) and build its graph.

    With ``defaults``, inputs of an expression file that have no value start at
    :data:`DEFAULT_INPUT` (the window does this; the command line asks for ``--at``).
    ``view`` is refused for anything but a network (:func:`check_view`).
    """
    loaded = _resolve(source, dict(at or {}), view=view, dependent=dependent, defaults=defaults)
    check_view(loaded.kind, view)
    return loaded


def check_view(kind: str, view: str | None) -> None:
    """Refuse ``--view`` for a SOURCE that is not a network (the command line and the window alike).

    >>> check_view(EXPRESSION, "neuron")
    Traceback (most recent call last):
        ...
    graphviz_app.errors.SourceError: --view applies to networks only; this SOURCE is an expression
    """
    if view and kind not in (NETWORK, TORCH):
        raise SourceError("--view applies to networks only; this SOURCE is an expression")


def _resolve(
    source: str, at: dict[str, Any], *, view: str | None, dependent: str | None, defaults: bool
) -> Loaded:
    if not source or not source.strip():
        raise SourceError("SOURCE is empty: give an expression such as 'sin(x**2)', a file, or example:NAME")
    if source.startswith(TORCH_PREFIX):
        path, function = parse_torch_source(source)
        loaded = build_loaded(TORCH, run_torch_source(source), at, origin=source, view=view)
        loaded.title = f"{path.name}:{function}"
        return loaded
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
        return _load_file(path, at, view=view, dependent=dependent, defaults=defaults)
    if _looks_like_file(source) and source.endswith((".json", ".txt", ".expr")):
        raise SourceError(f"no such file: {source}")
    return build_loaded(EXPRESSION, source, at, origin=source, dependent=dependent)


def is_reference(source: str) -> bool:
    """``example:NAME``, ``torch:FILE.py`` or an existing file: a SOURCE that is not expression text."""
    return source.startswith(("example:", TORCH_PREFIX)) or is_existing_file(source)


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


def _load_file(
    path: Path, at: dict[str, Any], *, view: str | None, dependent: str | None, defaults: bool = False
) -> Loaded:
    if path.suffix.lower() == ".py":
        raise SourceError(
            f"{path} is Python code: open it as {TORCH_PREFIX}{path} (which runs it and reads the graph of what "
            f"its {DEFAULT_FUNCTION}() returns) or {TORCH_PREFIX}{path}:FUNCTION"
        )
    text = read_text(path, SourceError)
    if path.suffix.lower() in (".html", ".htm") or looks_like_page(text):  # an interactive page's session
        return load_object(
            session_in_page(text, str(path)), at, origin=str(path), view=view, dependent=dependent
        )
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        obj = _with_csv_points(parse_json(text, lambda m: SpecError("", m), str(path)), path.parent)
        return load_object(obj, at, origin=str(path), view=view, dependent=dependent)
    return build_loaded(EXPRESSION, text, at, origin=str(path), dependent=dependent, defaults=defaults)


def _with_csv_points(obj: Any, folder: Path) -> Any:
    """A spec whose ``data`` names a CSV file (relative to the spec's folder) gets its rows as ``points``."""
    data = obj.get("data") if isinstance(obj, dict) else None
    if not isinstance(data, dict) or "csv" not in data:
        return obj
    name = data["csv"]
    if not isinstance(name, str) or not name.strip():
        raise SpecError("data.csv", f"expected the name of a CSV file, got {name!r}")
    path = folder / name
    rows = datasets.parse_csv(read_text(path, lambda m: SpecError("data.csv", m), "CSV file"), path.name)
    return {**obj, "data": {**{k: v for k, v in data.items() if k != "csv"}, "points": rows}}


def load_spec_file(path: str | Path) -> dict:
    """Read a network spec file into a dict, with a :class:`SpecError` naming the file, line and column."""
    path = Path(path)
    obj = parse_json(
        read_text(path, lambda m: SpecError("", m), "network spec"), lambda m: SpecError("", m), str(path)
    )
    if not isinstance(obj, dict):
        got = "a list" if isinstance(obj, list) else describe(obj)
        raise SpecError("", f"{path}: a network spec is a JSON object {{...}}, got {got}")
    return obj


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
    if session_file.is_session(obj):
        return _load_session(session_file.session_from_dict(obj, origin=origin), at, origin, view, dependent)
    if isinstance(obj, dict) and obj.get("kind") == EXPRESSION:
        text = obj.get("source")
        if not isinstance(text, str):
            raise SourceError(f"{origin}: an expression record needs a 'source' string")
        record_at = obj.get("at", {})
        if not isinstance(record_at, dict):
            raise SourceError(f"{origin}: 'at' must map input names to numbers")
        if not isinstance(obj.get("dependent", ""), str):
            raise SourceError(f"{origin}: 'dependent' must be a variable name")
        return build_loaded(
            EXPRESSION,
            text,
            {**record_at, **at},
            origin=origin,
            dependent=dependent or obj.get("dependent"),
            where=f"{origin}: value of",
        )
    if network.looks_like_network(obj):
        return build_loaded(NETWORK, obj, at, origin=origin, view=view)
    raise SourceError(
        f"{origin}: not a network spec, expression or session file "
        "(a network spec has 'input', 'layers' and 'loss')"
    )


def _load_session(
    data: session_file.SessionData,
    at: dict[str, Any],
    origin: str,
    view: str | None,
    dependent: str | None,
) -> Loaded:
    """A checked session's graph; every problem is a SessionFileError naming the field."""
    saved_view = data.settings.get("view")
    view = view or (saved_view if saved_view in network.VIEWS else None)
    source = data.source
    try:
        if source.get("kind") == EXPRESSION:
            loaded = build_loaded(
                EXPRESSION,
                source["source"],
                {**source.get("at", {}), **data.values, **at},
                origin=origin,
                dependent=dependent or source.get("dependent"),
                where=f"{origin}: value of",
            )
        else:
            loaded = build_loaded(
                NETWORK, source, {**data.values, **at}, origin=origin, view=view, where=f"{origin}: value of"
            )
    except SpecError as exc:
        where = f"source.{exc.path}" if exc.path and exc.path != "(top level)" else "source"
        raise SessionFileError(f"{origin}: {where}: {exc.reason}") from None
    loaded.session = data
    return loaded


def build_loaded(
    kind: str,
    payload: Any,
    at: Mapping[str, Any],
    *,
    origin: str,
    view: str | None = None,
    dependent: str | None = None,
    where: str = "--at",
    defaults: bool = False,
) -> Loaded:
    """Build the graph of an expression (text) or a network (spec) with values ``at``.

    Every value is checked against its leaf (:func:`~graphviz_app.files.values.check_leaf_value`);
    ``where`` starts the messages about them (``--at`` on the command line).
    With ``defaults``, expression inputs without a value get :data:`DEFAULT_INPUT`. A ``view`` is
    refused for an expression (:func:`check_view`).
    """
    check_view(kind, view)
    at = dict(at)
    if kind == EXPRESSION:
        parsed = expression.parse(payload, dependent=dependent)
        missing = expression.missing_inputs(parsed, at)
        if defaults:
            at.update(dict.fromkeys(missing, DEFAULT_INPUT))
        elif missing:
            shown = " ".join(f"{m}=VALUE" for m in missing)
            raise SourceError(
                f"no value for input{'s' if len(missing) > 1 else ''} "
                f"{', '.join(repr(m) for m in missing)}: give {shown} (CLI: --at {shown})"
            )
        unknown = sorted(set(at) - set(parsed.inputs))
        if unknown:
            raise SourceError(
                f"{where} {unknown[0]}: the expression has no input named '{unknown[0]}' "
                f"(inputs: {', '.join(parsed.inputs) or 'none'})"
            )
        values = check_leaf_values(parsed.graph, at, where=where)
        return Loaded(
            EXPRESSION,
            parsed.graph,
            {k: values[k] for k in parsed.inputs if k in values},
            origin,
            text=payload,
            parsed=parsed,
            defaulted=missing if defaults else [],
        )
    if kind == TORCH:
        chosen, reason = payload.choose_view(view)
        return _torch_loaded(payload, chosen, payload.view(chosen), at, origin, where, reason)
    spec = network.parse_spec(payload)
    chosen, reason = network.choose_view(spec, view)
    built = network.build_network(spec, view=chosen)
    unknown = sorted(set(at) - set(built.graph.nodes))
    if unknown:
        raise SourceError(f"{where} {unknown[0]}: the {chosen} view has no leaf named '{unknown[0]}'")
    values = check_leaf_values(built.graph, at, where=where, spec=spec)
    return Loaded(
        NETWORK, built.graph, values, origin, spec=payload, network=built, view=chosen, view_reason=reason
    )


def in_view(loaded: Loaded, view: str, values: Mapping[str, Any], spec: Any = None) -> Loaded:
    """A network (its ``spec``, every edit folded in) or a PyTorch graph (at ``values``, of the view it is in)
    built again in ``view``, with its title."""
    if loaded.kind == NETWORK:
        new = build_loaded(NETWORK, spec, {}, origin=loaded.origin, view=view)
    else:
        tg = loaded.torch
        if view not in tg.views:
            raise SourceError(f"--view {view}: {tg.layer_only}; use the layer view")
        graph = tg.view(view, tg.layer_values(loaded.view, values))
        new = _torch_loaded(tg, view, graph, {}, loaded.origin, "--at", "as requested")
    new.title, new.description = loaded.title, loaded.description
    return new


def _torch_loaded(
    tg: Any,
    view: str,
    graph_values: tuple[nx.DiGraph, dict[str, Any]],
    at: Mapping[str, Any],
    origin: str,
    where: str,
    reason: str,
) -> Loaded:
    graph, values = graph_values
    unknown = sorted(set(at) - set(graph.nodes))
    if unknown:
        raise SourceError(f"{where} {unknown[0]}: the {view} view has no leaf named '{unknown[0]}'")
    values = {**values, **check_leaf_values(graph, at, where=where)}
    return Loaded(TORCH, graph, values, origin, view=view, view_reason=reason, torch=tg)

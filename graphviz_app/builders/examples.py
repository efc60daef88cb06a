"""The built-in examples, shipped as JSON files in ``resources/examples/``.

Each example is one file ``NAME.json`` in the package ``graphviz_app.resources``
(read with :mod:`importlib.resources`, so it works from a wheel too). The name is
short and stable: it is what ``example:NAME`` on the command line refers to.

File format
-----------
An expression example::

    {"kind": "expression",
     "title": "sin(x²): a chain of two functions",
     "description": ["first line", "second line"],
     "source": "sin(x**2)",
     "at": {"x": 1.5},
     "dependent": "y"}

``source`` is text in the expression language, ``at`` gives a value to every
input, and the optional ``dependent`` names the dependent variable of an
equation (implicit differentiation). A network example is a network spec (see
:mod:`graphviz_app.builders.network_spec`) with ``"kind": "network"``, a
``title`` and a ``description``; such a file can be opened as a spec directly.
``description`` is a list of two lines.

The :class:`Example` payload is ``{"source", "at"[, "dependent"]}`` for an
expression and the spec (without kind, title and description) for a network.

Examples
--------
>>> list(EXAMPLES)[:3]
['sin-square', 'cube', 'neuron']
>>> load_example("net-111").payload["loss"]
'half_mse'
>>> load_example("circel")  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
graphviz_app.errors.SourceError: no example named 'circel' (did you mean circle, circles, spiral?); the examples are: ...
"""

from __future__ import annotations

import copy
import difflib
import json
from dataclasses import dataclass, replace
from importlib.resources import files
from typing import Any

from graphviz_app.errors import SourceError

__all__ = [
    "COMPARE_WITH",
    "EXAMPLES",
    "KINDS",
    "ORDER",
    "Example",
    "example_names",
    "load_example",
    "read_example_file",
]

ORDER = (
    "sin-square",
    "cube",
    "neuron",
    "multipath",
    "circle",
    "net-221",
    "net-111",
    "net-221-mse",
    "deep-sigmoid",
    "deep-relu",
    "deep-sigmoid-residual",
    "layernorm",
    "batchnorm",
    "softmax-ce",
    "attention",
    "second-derivative",
    "implicit-curvature",
    "maml",
    "own-derivative",
    "xor",
    "circles",
    "spiral",
)
"""The examples in the order a lesson would meet them; each has a file NAME.json."""
COMPARE_WITH = {
    "deep-sigmoid": "deep-relu",
    "deep-relu": "deep-sigmoid",
    "deep-sigmoid-residual": "deep-sigmoid",
}
"""The example the gradient flow panel puts beside an example when it opens: the same chain, one change."""
KINDS = ("expression", "network")
_META = ("kind", "title", "description")


@dataclass(frozen=True)
class Example:
    """One built-in example.

    Attributes
    ----------
    name:
        Short stable name, used as ``example:NAME``.
    title:
        One line for lists and window titles.
    description:
        Two lines, joined by a newline: what it shows and the numbers to look for.
    kind:
        ``"expression"`` or ``"network"``.
    payload:
        For expressions ``{"source": str, "at": {name: value}}`` (plus
        ``"dependent"`` for an equation); for networks the spec dict.
    """

    name: str
    title: str
    description: str
    kind: str
    payload: dict[str, Any]


def read_example_file(name: str) -> Example:
    """Read ``resources/examples/NAME.json`` into an :class:`Example`."""
    resource = files("graphviz_app.resources") / "examples" / f"{name}.json"
    data = json.loads(resource.read_text(encoding="utf-8"))
    kind = data.get("kind")
    if kind not in KINDS:
        raise ValueError(f"example file {name}.json: kind must be one of {KINDS}, got {kind!r}")
    description = data["description"]
    if isinstance(description, list):
        description = "\n".join(description)
    payload = {key: value for key, value in data.items() if key not in _META}
    return Example(name, data["title"], description, kind, payload)


EXAMPLES: dict[str, Example] = {name: read_example_file(name) for name in ORDER}
"""Every example by name, in :data:`ORDER`."""


def example_names() -> list[str]:
    """The names of the built-in examples, in order."""
    return list(EXAMPLES)


def load_example(name: str) -> Example:
    """The example called ``name`` (a copy: editing its payload changes nothing here).

    An unknown name raises :class:`SourceError`, suggesting the closest names.
    """
    if name in EXAMPLES:
        example = EXAMPLES[name]
        return replace(example, payload=copy.deepcopy(example.payload))  # callers may edit their copy
    close = difflib.get_close_matches(name, ORDER, n=3, cutoff=0.5)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise SourceError(f"no example named '{name}'{hint}; the examples are: {', '.join(ORDER)}")

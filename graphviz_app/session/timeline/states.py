"""What the canvas shows at one step of the timeline: node states, tokens, steps, frames.

Pure data, shared by the plan (:mod:`.timeline_plan`), the numbers of one
evaluation (:mod:`.timeline_frames`) and the timeline itself (:mod:`.timeline`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

import numpy as np

__all__ = [
    "BACKWARD",
    "DONE_BACKWARD",
    "DONE_FORWARD",
    "FORWARD",
    "GRADIENT",
    "PHASES",
    "VALUE",
    "Edge",
    "FrameState",
    "NodeState",
    "Step",
    "Token",
    "frozen",
    "node_state",
]

Edge = tuple[str, str]

PHASES = ("start", "forward", "backward", "end")
# edge highlights (None: not lit yet)
FORWARD, BACKWARD = "forward", "backward"  # tokens are travelling on the edge now
DONE_FORWARD, DONE_BACKWARD = "done-forward", "done-backward"
# token colour roles
VALUE, GRADIENT = "value", "gradient"


def _same(a: Any, b: Any) -> bool:
    """Equality for numbers and arrays, with nan equal to nan."""
    if a is None or b is None:
        return a is b
    if np.ndim(a) == 0 and np.ndim(b) == 0:
        a, b = float(a), float(b)
        return a == b or (math.isnan(a) and math.isnan(b))
    return np.shape(a) == np.shape(b) and bool(np.array_equal(a, b, equal_nan=True))


@dataclass(frozen=True, eq=False)
class NodeState:
    """What one node shows.

    Attributes
    ----------
    value:
        The node's value once computed (leaves from the start), else None.
    grad:
        Its gradient so far: the sum of the contributions that have arrived, or
        None before the first one (and always for nodes that get no gradient).
    grad_final:
        True once every contribution has arrived.
    received, expected:
        Contributions arrived so far, out of how many ("2 of 3").
    """

    value: Any = None
    grad: Any = None
    grad_final: bool = False
    received: int = 0
    expected: int = 0

    @property
    def value_shown(self) -> bool:
        return self.value is not None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NodeState):
            return NotImplemented
        return (
            _same(self.value, other.value)
            and _same(self.grad, other.grad)
            and (self.grad_final, self.received, self.expected)
            == (other.grad_final, other.received, other.expected)
        )


def node_state(value: Any, grad: Any, grad_final: bool, received: int, expected: int) -> NodeState:
    """``NodeState(value, grad, grad_final, received, expected)``, made about five times faster.

    A snapshot of a big graph makes one per node; the frozen dataclass's own
    ``__init__`` sets each field through ``object.__setattr__``. This fills the
    new instance's ``__dict__`` at once, which gives the same object.
    """
    state = object.__new__(NodeState)
    state.__dict__.update(value=value, grad=grad, grad_final=grad_final, received=received, expected=expected)
    return state


class Token(NamedTuple):
    """A token moving along ``edge`` during a step.

    ``direction`` is ``"forward"`` (parent to child) or ``"backward"`` (child to
    parent); ``text`` is the number it carries; ``role`` picks its colour:
    ``"value"`` or ``"gradient"``.
    """

    edge: Edge
    direction: str
    text: str
    role: str


@dataclass(frozen=True)
class Step:
    """One step of the plan and what it changes.

    ``node_changes`` and ``edge_changes`` hold the *new* states of the nodes and
    edges this step touches, so applying a step is an update, never arithmetic.
    ``active`` is the op node the step is about (the node computed, or the node
    sending a gradient back); ``edge`` is the edge a backward step sends a
    gradient along.
    """

    index: int
    phase: str
    kind: str  # "start", "forward", "seed", "backward", "end"
    active: str | None
    edge: Edge | None
    tokens: tuple[Token, ...]
    node_changes: Mapping[str, NodeState]
    edge_changes: Mapping[Edge, str | None]
    write_caption: Callable[[], str] = field(repr=False, compare=False, default=lambda: "")

    @cached_property
    def caption(self) -> str:
        """The step's caption, written the first time it is asked for.

        Captions are the costly part of a plan, and a viewer reads one at a time,
        so building a timeline of a big graph writes none of them.
        """
        return self.write_caption()

    @property
    def key(self) -> tuple[str, str | None, Edge | None]:
        """What the step is about, independent of the numbers (kept across edits)."""
        return self.kind, self.active, self.edge


@dataclass(frozen=True)
class FrameState:
    """Everything the canvas shows at one step: an immutable snapshot.

    ``nodes`` maps every node id to its :class:`NodeState`; ``edges`` maps every
    edge to its highlight (None, "forward", "backward", "done-forward",
    "done-backward"); ``tokens`` are the tokens that travel during this step;
    ``phase`` is "start", "forward", "backward" or "end"; ``active`` is the node
    the step is about (see the module docstring).
    """

    index: int
    phase: str
    kind: str
    caption: str
    active: str | None
    nodes: Mapping[str, NodeState]
    edges: Mapping[Edge, str | None]
    tokens: tuple[Token, ...] = field(default=())


def frozen(value: Any) -> Any:
    if type(value) is not float and isinstance(value, np.ndarray):
        value = value.copy()
        value.flags.writeable = False
    return value

"""The animation plan: an ordered list of steps, and what the canvas shows at each.

The timeline is pure data. Step ``k`` fully determines the picture: which node
values are shown, each node's gradient so far, which edges are lit, which tokens
travel, the caption. Scrubbing back to ``k`` restores exactly that picture,
whichever steps were visited before.

The plan, for one evaluation:

- **step 0, start** – the leaves (inputs, parameters, targets, constants) are
  shown with their values from the start; nothing is computed yet.
- **forward** – one step per op node, in topological order: its incoming edges
  light up, tokens carry the parents' values along them, and its value appears.
- **backward** – a seed step (``∂L/∂L = 1``), then one step per edge, visiting the
  op nodes upstream of the output in reverse topological order and, for each, its
  incoming edges in argument order. A token carries upstream × local back to the
  parent, whose gradient grows by that amount (``+=``) and becomes *final* when
  its last contribution arrives. One edge per step makes every ``+=`` visible.
  Edges into nodes that need no gradient (constants) get no step.
- **end** – every gradient is final and equals the evaluation's (nodes that need
  a gradient but do not lie upstream of the output show their 0 here).

The *active* node of a step is the node it is about: the node computed in a
forward step, the output in the seed step, and in a backward step the node that
sends its gradient back (the token travels from it to ``step.edge[0]``).

A step's state is its *resting* state, after its tokens arrived: the GUI moves a
token from 0 to 1 along its edge while animating into step ``k``.

Each step records what it changes (``node_changes``, ``edge_changes``); a GUI
stepping forward need only redraw that (:meth:`Timeline.changed_between` for a
jump). For random access the timeline keeps a full snapshot every ``interval``
steps; ``state_at(k)`` copies the nearest snapshot and replays at most
``interval`` small diffs.

Nothing is made before it is needed, because an edited number rebuilds the
whole timeline and must feel instant. *What* the steps are about (their kinds,
nodes, edges, which contribution arrives when) depends only on the graph, so it
is worked out once per graph (:class:`_Skeleton`) and shared by every timeline
of that graph. The *numbers* are filled in on demand: a :class:`Step` is made
the first time it is read, a snapshot is computed straight from the evaluation
(a node's value is shown once its forward step has passed, its gradient is the
sum of the contributions that have arrived), and captions are written the first
time they are read. After an edit :meth:`Timeline.carry_over` finds the step
matching the one on screen.

Examples
--------
>>> import graphviz_app.core
>>> from graphviz_app.core import graph as G
>>> from graphviz_app.core.evaluate import evaluate
>>> g = G.new_graph()
>>> x = G.add_leaf(g, "x", 1.5)
>>> u = G.add_op(g, "pow", [x, G.add_constant(g, 2)])
>>> f = G.add_op(g, "sin", [u])
>>> tl = build_timeline(evaluate(g))
>>> [s.kind for s in tl.steps]
['start', 'forward', 'forward', 'seed', 'backward', 'backward', 'end']
>>> tl.index_of_phase("backward")
3
>>> tl.state_at(5).nodes["x"].grad == evaluate(g).grads["x"]
True
"""

from __future__ import annotations

import math
import weakref
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from types import MappingProxyType
from typing import Any, NamedTuple

import networkx as nx
import numpy as np

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation
from graphviz_app.session.captions import Captions, Names
from graphviz_app.text.numbers import format_number

__all__ = [
    "BACKWARD",
    "DONE_BACKWARD",
    "DONE_FORWARD",
    "FORWARD",
    "GRADIENT",
    "PHASES",
    "VALUE",
    "FrameState",
    "NodeState",
    "Step",
    "Timeline",
    "Token",
    "build_timeline",
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


def _state(value: Any, grad: Any, grad_final: bool, received: int, expected: int) -> NodeState:
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


class Timeline:
    """The steps of one evaluation, with random access to the state at any step.

    Build one with :func:`build_timeline`. ``len(timeline)`` is the number of
    steps; valid indices are ``0 .. len - 1``. ``steps`` is a read-only sequence
    whose :class:`Step` objects are made when first read.
    """

    def __init__(self, evaluation: Evaluation, skeleton: _Skeleton, interval: int):
        self.evaluation = evaluation
        self.interval = interval
        self._skeleton = skeleton
        self._numbers = _Numbers(evaluation, skeleton)
        self.steps: Sequence[Step] = _Steps(self)
        self._checkpoints: dict[int, tuple[dict[str, NodeState], dict[Edge, str | None]]] = {}
        self._last: FrameState | None = None

    def __len__(self) -> int:
        return self._skeleton.n_steps

    def state_at(self, k: int) -> FrameState:
        """The state after step ``k``, computed from the nearest snapshot at or before it.

        Cost: one copy of the snapshot (C speed) plus at most ``interval`` small
        updates; the result does not depend on earlier calls.
        """
        if not 0 <= k < len(self):
            raise IndexError(f"step {k} is outside the timeline (0 .. {len(self) - 1})")
        if self._last is not None and self._last.index == k:
            return self._last
        base = k // self.interval
        snapshot = self._checkpoints.get(base)
        if snapshot is None:
            snapshot = self._checkpoints[base] = self._numbers.snapshot(base * self.interval)
        nodes, edges = dict(snapshot[0]), dict(snapshot[1])
        for step in self.steps[base * self.interval + 1 : k + 1]:
            nodes.update(step.node_changes)
            edges.update(step.edge_changes)
        step = self.steps[k]
        self._last = FrameState(
            k,
            step.phase,
            step.kind,
            step.caption,
            step.active,
            MappingProxyType(nodes),
            MappingProxyType(edges),
            step.tokens,
        )
        return self._last

    def phase_of(self, k: int) -> str:
        return self._skeleton.phase_of(k)

    def index_of_phase(self, phase: str) -> int:
        """First step of ``phase`` ("start", "forward", "backward", "end"), for the jump buttons.

        A phase with no steps (a graph with no op node has no forward steps)
        gives the first step of the next phase.
        """
        if phase not in PHASES:
            raise ValueError(f"unknown phase '{phase}'; use one of {', '.join(PHASES)}")
        return self._skeleton.phase_starts.get(phase, len(self) - 1)

    def forward_steps(self) -> Mapping[str, int]:
        """The step at which each op node computes its value."""
        return MappingProxyType(self._skeleton.forward_step)

    def backward_steps(self) -> Mapping[Edge, int]:
        """The step at which each edge sends its contribution back."""
        return MappingProxyType(self._skeleton.back_step)

    def changed_between(self, a: int, b: int) -> tuple[frozenset[str], frozenset[Edge]]:
        """Nodes and edges whose state may differ between steps ``a`` and ``b``.

        A canvas moving from ``a`` to ``b`` redraws only these (plus tokens and
        caption, which belong to the step).
        """
        lo, hi = min(a, b), max(a, b)
        nodes: set[str] = set()
        edges: set[Edge] = set()
        skeleton = self._skeleton
        for k in range(lo + 1, hi + 1):
            changed_nodes, changed_edges = skeleton.changes(k)
            nodes.update(changed_nodes)
            edges.update(changed_edges)
        return frozenset(nodes), frozenset(edges)

    def carry_over(self, old: Timeline, k: int) -> int:
        """The step of this timeline that matches step ``k`` of ``old``.

        After an edit the timeline is rebuilt; the same step (same kind, node and
        edge) keeps the user's place, else the same relative place in the same phase.
        """
        k = max(0, min(k, len(old) - 1))
        if old._skeleton is self._skeleton:
            return k  # same graph, same plan: step k is about the same thing
        key = old._skeleton.key(k)
        keys = self._skeleton.keys()
        if key in keys:
            return keys[key]
        phase = old.phase_of(k)
        first, last = old._phase_span(phase)
        fraction = (k - first) / max(1, last - first)
        first, last = self._phase_span(phase)
        return min(len(self) - 1, first + round(fraction * max(0, last - first)))

    def _phase_span(self, phase: str) -> tuple[int, int]:
        """First and last step of ``phase``."""
        first = self.index_of_phase(phase)
        after = PHASES.index(phase) + 1
        stop = self.index_of_phase(PHASES[after]) if after < len(PHASES) else len(self)
        return first, max(first, stop - 1)


class _Steps(Sequence):
    """``Timeline.steps``: a read-only sequence that makes each :class:`Step` when first read."""

    def __init__(self, timeline: Timeline):
        self._timeline = timeline
        self._made: list[Step | None] = [None] * len(timeline)

    def __len__(self) -> int:
        return len(self._made)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self._made)))]
        step = self._made[k]
        if step is None:
            if k < 0:
                k += len(self._made)
            step = self._made[k] = self._timeline._numbers.step(k)
        return step

    def __iter__(self):
        return (self[k] for k in range(len(self._made)))


class _Skeleton:
    """What each step of a graph's timeline is about, without any number.

    The plan: step 0 is the start; then one forward step per op node
    (``op_nodes``, in topological order); the seed; one backward step per edge of
    ``back``; the end. Worked out once per graph and output (see
    :func:`_skeleton_of`): an edited number changes no step, only what the steps
    show.
    """

    def __init__(self, ev: Evaluation):
        g, grads = ev.graph, ev.grads
        self.order = list(ev.order)
        self.out = ev.output
        self.edges = tuple(g.edges)
        self.parents = {node: G.parents(g, node) for node in self.order if not G.is_leaf(g, node)}
        self.op_nodes = [n for n in self.order if n in self.parents]
        self.incoming = {
            node: tuple((p, node) for p in dict.fromkeys(self.parents[node])) for node in self.op_nodes
        }
        self.back = _backward_edges(ev, self.parents)
        self.expected: dict[str, int] = {}
        self.arrivals: dict[str, list[int]] = {}  # parent -> the backward steps that bring it a contribution
        self.seed = 1 + len(self.op_nodes)
        self.end = self.seed + len(self.back) + 1
        self.n_steps = self.end + 1
        for j, (parent, _) in enumerate(self.back):
            self.expected[parent] = self.expected.get(parent, 0) + 1
            self.arrivals.setdefault(parent, []).append(self.seed + 1 + j)
        self.has_seed = grads[self.out] is not None
        self.rest = [
            n
            for n in self.order
            if grads[n] is not None and n not in self.arrivals and not (n == self.out and self.has_seed)
        ]
        self.shown_at = {node: 0 for node in self.order}  # the step at which a node's value appears
        for i, node in enumerate(self.op_nodes, start=1):
            self.shown_at[node] = i
        self.back_step = {edge: self.seed + 1 + j for j, edge in enumerate(self.back)}
        self.forward_step = {node: i for i, node in enumerate(self.op_nodes, start=1)}
        self.phase_starts = {"start": 0, "forward": 1, "backward": self.seed, "end": self.end}
        self.with_grad = frozenset(n for n in self.order if grads[n] is not None)
        self.edge_snapshots: dict[int, dict[Edge, str | None]] = {}
        self._names: Names | None = None  # what captions call each node, shared by every evaluation
        self._keys: dict[tuple, int] | None = None

    def kind(self, k: int) -> str:
        if k == 0:
            return "start"
        if k < self.seed:
            return "forward"
        if k == self.seed:
            return "seed"
        return "backward" if k < self.end else "end"

    def phase_of(self, k: int) -> str:
        kind = self.kind(k)
        return "backward" if kind == "seed" else kind

    def key(self, k: int) -> tuple[str, str | None, Edge | None]:
        """What step ``k`` is about: :attr:`Step.key`."""
        kind = self.kind(k)
        if kind == "forward":
            return kind, self.op_nodes[k - 1], None
        if kind == "seed":
            return kind, self.out, None
        if kind == "backward":
            edge = self.back[k - self.seed - 1]
            return kind, edge[1], edge
        return kind, None, None

    def captions_for(self, ev: Evaluation) -> Captions:
        """A caption writer for ``ev``; the names of the nodes, which depend on the graph
        alone, are worked out once for every evaluation of it."""
        if self._names is None:
            self._names = Names.of(ev)
        return Captions(ev, names=self._names)

    def keys(self) -> dict[tuple, int]:
        if self._keys is None:
            self._keys = {self.key(k): k for k in range(self.n_steps)}
        return self._keys

    def lit(self, k: int) -> tuple[tuple[Edge, ...], str]:
        """The edges step ``k`` lights, and how."""
        kind = self.kind(k)
        if kind == "forward":
            return self.incoming[self.op_nodes[k - 1]], FORWARD
        if kind == "backward":
            return (self.back[k - self.seed - 1],), BACKWARD
        return (), FORWARD

    def changes(self, k: int) -> tuple[Iterable[str], list[Edge]]:
        """Nodes and edges whose state step ``k`` sets."""
        kind = self.kind(k)
        if kind == "start":
            return self.order, list(self.edges)
        edges = list(self.lit(k - 1)[0]) + list(self.lit(k)[0])  # the previous step's edges turn "done"
        if kind == "forward":
            return (self.op_nodes[k - 1],), edges
        if kind == "seed":
            return ((self.out,) if self.has_seed else ()), edges
        if kind == "backward":
            return (self.back[k - self.seed - 1][0],), edges
        return self.rest, edges


_SKELETONS: weakref.WeakKeyDictionary[nx.DiGraph, _Skeleton] = weakref.WeakKeyDictionary()


def _skeleton_of(ev: Evaluation) -> _Skeleton:
    """The graph's skeleton, reused while the graph, its order, output and gradient-free nodes stay."""
    skeleton = _SKELETONS.get(ev.graph)
    if (
        skeleton is not None
        and skeleton.out == ev.output
        and skeleton.order == ev.order
        and len(skeleton.edges) == len(ev.local)
        and all((grad is not None) == (node in skeleton.with_grad) for node, grad in ev.grads.items())
    ):
        return skeleton
    skeleton = _SKELETONS[ev.graph] = _Skeleton(ev)
    return skeleton


class _Numbers:
    """The numbers of one timeline: node states, partial sums, token texts, captions, made on demand."""

    def __init__(self, ev: Evaluation, skeleton: _Skeleton):
        self.ev = ev
        self.sk = skeleton
        self._captions: Captions | None = None
        self._values: dict[str, Any] = {}
        self._partials: dict[str, list[Any]] | None = None
        self._texts: dict[str, str] = {}

    def captions(self) -> Captions:
        if self._captions is None:
            self._captions = self.sk.captions_for(self.ev)
        return self._captions

    def value(self, node: str) -> Any:
        """The node's value, frozen (arrays are copied once and made read-only)."""
        try:
            return self._values[node]
        except KeyError:
            value = self._values[node] = _frozen(self.ev.values[node])
            return value

    def value_text(self, node: str) -> str:
        text = self._texts.get(node)
        if text is None:
            text = self._texts[node] = format_number(self.ev.values[node])
        return text

    def partial(self, parent: str, count: int) -> Any:
        """The gradient ``parent`` shows after its ``count``-th contribution (the last: the evaluation's)."""
        if count == self.sk.expected[parent]:
            return _frozen(self.ev.grads[parent])
        if self._partials is None:
            # running sums, in the order contributions arrive
            sums: dict[str, list[Any]] = {}
            contributions = self.ev.contributions
            with np.errstate(all="ignore"):
                for edge in self.sk.back:
                    sent = contributions[edge]
                    running = sums.setdefault(edge[0], [])
                    running.append(sent if not running else running[-1] + sent)
            self._partials = sums
        return _frozen(self._partials[parent][count - 1])

    def node_state(self, node: str, k: int) -> NodeState:
        """What ``node`` shows after step ``k``, straight from the evaluation."""
        sk = self.sk
        value = self.value(node) if sk.shown_at[node] <= k else None
        if node == sk.out and sk.has_seed and k >= sk.seed:
            return _state(value, _frozen(self.ev.grads[node]), True, 0, 0)
        arrivals = sk.arrivals.get(node)
        received = bisect_right(arrivals, k) if arrivals else 0
        if received:
            expected = sk.expected[node]
            return _state(value, self.partial(node, received), received == expected, received, expected)
        if k >= sk.end and self.ev.grads[node] is not None:
            return _state(value, _frozen(self.ev.grads[node]), True, 0, 0)
        return _state(value, None, False, 0, sk.expected.get(node, 0))

    def edge_state(self, edge: Edge, k: int) -> str | None:
        back = self.sk.back_step.get(edge)
        if back is not None and k >= back:
            return BACKWARD if k == back else DONE_BACKWARD
        lit = self.sk.shown_at[edge[1]]
        if k >= lit > 0:
            return FORWARD if k == lit else DONE_FORWARD
        return None

    def snapshot(self, k: int) -> tuple[dict[str, NodeState], dict[Edge, str | None]]:
        """The full state after step ``k``, computed directly.

        The edges' highlights depend on ``k`` alone, so they are shared by every
        timeline of the graph; the nodes' states are this evaluation's.
        """
        edges = self.sk.edge_snapshots.get(k)
        if edges is None:
            edges = self.sk.edge_snapshots[k] = {edge: self.edge_state(edge, k) for edge in self.sk.edges}
        # node_state() for every node, inlined: a snapshot of a big graph is thousands of them
        sk, ev = self.sk, self.ev
        values, grads = ev.values, ev.grads
        shown_at, arrivals, expected = sk.shown_at, sk.arrivals, sk.expected
        seeded = sk.out if sk.has_seed and k >= sk.seed else None
        at_end = k >= sk.end
        nodes: dict[str, NodeState] = {}
        for node in sk.order:
            if shown_at[node] <= k:
                value = values[node]
                if type(value) is not float:
                    value = self.value(node)
            else:
                value = None
            mine = arrivals.get(node)
            received = bisect_right(mine, k) if mine else 0
            if received:
                total = expected[node]
                if received == total:
                    grad = grads[node]
                    grad = grad if type(grad) is float else _frozen(grad)
                    nodes[node] = _state(value, grad, True, received, total)
                else:
                    nodes[node] = _state(value, self.partial(node, received), False, received, total)
            elif node == seeded or (at_end and grads[node] is not None):
                grad = grads[node]
                nodes[node] = _state(value, grad if type(grad) is float else _frozen(grad), True, 0, 0)
            else:
                nodes[node] = _state(value, None, False, 0, expected.get(node, 0))
        return nodes, edges

    def step(self, k: int) -> Step:
        """Step ``k`` with its numbers."""
        sk, ev = self.sk, self.ev
        kind = sk.kind(k)
        nodes_changed, edges_changed = sk.changes(k)
        node_changes = {node: self.node_state(node, k) for node in nodes_changed}
        edge_changes = {edge: self.edge_state(edge, k) for edge in edges_changed}
        tokens: tuple[Token, ...] = ()
        active = edge = None
        if kind == "start":
            write: Callable[[], str] = partial(self._caption, "start")
        elif kind == "forward":
            active = sk.op_nodes[k - 1]
            tokens = tuple(Token(e, FORWARD, self.value_text(e[0]), VALUE) for e in sk.incoming[active])
            write = partial(self._caption, "forward", active)
        elif kind == "seed":
            active = sk.out
            write = partial(self._caption, "seed")
        elif kind == "backward":
            edge = sk.back[k - sk.seed - 1]
            active = edge[1]
            state = node_changes[edge[0]]
            tokens = (Token(edge, BACKWARD, format_number(ev.contributions[edge]), GRADIENT),)
            write = partial(self._caption, "backward", edge, state.received, state.expected, state.grad)
        else:
            write = partial(self._caption, "end")
        return Step(
            k,
            sk.phase_of(k),
            kind,
            active,
            edge,
            tokens,
            MappingProxyType(node_changes),
            MappingProxyType(edge_changes),
            write,
        )

    def _caption(self, what: str, *args: Any) -> str:
        return getattr(self.captions(), what)(*args)


_SNAPSHOT_ENTRIES = 100_000


def _backward_edges(ev: Evaluation, parents: dict[str, list[str]]) -> list[Edge]:
    """Edges that carry a gradient, in the order the backward pass visits them."""
    g, grads = ev.graph, ev.grads
    if grads[ev.output] is None:
        return []
    upstream = nx.ancestors(g, ev.output) | {ev.output}
    edges: list[Edge] = []
    for node in reversed(ev.order):
        if node not in upstream or grads[node] is None or node not in parents:
            continue
        for parent in dict.fromkeys(parents[node]):  # argument order, each parent once
            if grads[parent] is not None:
                edges.append((parent, node))
    return edges


def _frozen(value: Any) -> Any:
    if type(value) is not float and isinstance(value, np.ndarray):
        value = value.copy()
        value.flags.writeable = False
    return value


def build_timeline(evaluation: Evaluation, interval: int | None = None) -> Timeline:
    """Plan the animation of ``evaluation``: start, forward, backward, end.

    Parameters
    ----------
    evaluation:
        A forward + backward pass from :func:`graphviz_app.core.evaluate.evaluate`.
    interval:
        Take a full snapshot every ``interval`` steps. The default keeps all
        snapshots together to about 100,000 entries (a few MB) and replays at most
        a few hundred small diffs per :meth:`Timeline.state_at`, well under a
        millisecond.

    Building costs little whatever the graph's size: steps, snapshots and
    captions are made when first read (see the module docstring).
    """
    skeleton = _skeleton_of(evaluation)
    if interval is None:
        # about _SNAPSHOT_ENTRIES node and edge states in all snapshots together
        count = max(1, _SNAPSHOT_ENTRIES // (len(skeleton.order) + len(skeleton.edges) + 1))
        interval = max(16, -(-skeleton.n_steps // count))
    return Timeline(evaluation, skeleton, interval)

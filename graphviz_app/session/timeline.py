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

For random access the timeline stores what each step changes (``node_changes``,
``edge_changes``) and a full snapshot every ``interval`` steps; ``state_at(k)``
copies the nearest snapshot and replays at most ``interval`` small diffs. A GUI
stepping forward need only redraw what ``steps[k]`` changes
(:meth:`Timeline.changed_between` for a jump). Captions are written the first
time they are read. After an edit the timeline is rebuilt and
:meth:`Timeline.carry_over` finds the step matching the one on screen.

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
from dataclasses import dataclass, field
from functools import cached_property, partial
from types import MappingProxyType
from typing import Any, Callable, Mapping, NamedTuple

import networkx as nx
import numpy as np

from graphviz_app.core.evaluate import Evaluation
from graphviz_app.session.captions import Captions
from graphviz_app.session.numbers import format_number

__all__ = [
    "PHASES", "FORWARD", "BACKWARD", "DONE_FORWARD", "DONE_BACKWARD", "VALUE", "GRADIENT",
    "NodeState", "Token", "Step", "FrameState", "Timeline", "build_timeline",
]

Edge = tuple[str, str]

PHASES = ("start", "forward", "backward", "end")
# edge highlights (None: not lit yet)
FORWARD, BACKWARD = "forward", "backward"          # tokens are travelling on the edge now
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
        return (_same(self.value, other.value) and _same(self.grad, other.grad)
                and (self.grad_final, self.received, self.expected)
                == (other.grad_final, other.received, other.expected))


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
    steps; valid indices are ``0 .. len - 1``.
    """

    def __init__(self, evaluation: Evaluation, steps: list[Step],
                 checkpoints: list[tuple[dict[str, NodeState], dict[Edge, str | None]]], interval: int):
        self.evaluation = evaluation
        self.steps = steps
        self.interval = interval
        self._checkpoints = checkpoints
        self._last: FrameState | None = None
        self._keys: dict[tuple, int] | None = None
        self._phase_starts: dict[str, int] = {}
        for step in reversed(steps):
            for phase in PHASES[:PHASES.index(step.phase) + 1]:
                self._phase_starts[phase] = step.index

    def __len__(self) -> int:
        return len(self.steps)

    def state_at(self, k: int) -> FrameState:
        """The state after step ``k``, computed from the nearest snapshot at or before it.

        Cost: one copy of the snapshot (C speed) plus at most ``interval`` small
        updates; the result does not depend on earlier calls.
        """
        if not 0 <= k < len(self.steps):
            raise IndexError(f"step {k} is outside the timeline (0 .. {len(self.steps) - 1})")
        if self._last is not None and self._last.index == k:
            return self._last
        base = k // self.interval
        nodes, edges = (dict(m) for m in self._checkpoints[base])
        for step in self.steps[base * self.interval + 1:k + 1]:
            nodes.update(step.node_changes)
            edges.update(step.edge_changes)
        step = self.steps[k]
        self._last = FrameState(k, step.phase, step.kind, step.caption, step.active,
                                MappingProxyType(nodes), MappingProxyType(edges), step.tokens)
        return self._last

    def phase_of(self, k: int) -> str:
        return self.steps[k].phase

    def index_of_phase(self, phase: str) -> int:
        """First step of ``phase`` ("start", "forward", "backward", "end"), for the jump buttons.

        A phase with no steps (a graph with no op node has no forward steps)
        gives the first step of the next phase.
        """
        if phase not in PHASES:
            raise ValueError(f"unknown phase '{phase}'; use one of {', '.join(PHASES)}")
        return self._phase_starts.get(phase, len(self.steps) - 1)

    def changed_between(self, a: int, b: int) -> tuple[frozenset[str], frozenset[Edge]]:
        """Nodes and edges whose state may differ between steps ``a`` and ``b``.

        A canvas moving from ``a`` to ``b`` redraws only these (plus tokens and
        caption, which belong to the step).
        """
        lo, hi = min(a, b), max(a, b)
        nodes: set[str] = set()
        edges: set[Edge] = set()
        for step in self.steps[lo + 1:hi + 1]:
            nodes.update(step.node_changes)
            edges.update(step.edge_changes)
        return frozenset(nodes), frozenset(edges)

    def carry_over(self, old: Timeline, k: int) -> int:
        """The step of this timeline that matches step ``k`` of ``old``.

        After an edit the timeline is rebuilt; the same step (same kind, node and
        edge) keeps the user's place, else the same relative place in the same phase.
        """
        if self._keys is None:
            self._keys = {step.key: step.index for step in self.steps}
        k = max(0, min(k, len(old) - 1))
        step = old.steps[k]
        if step.key in self._keys:
            return self._keys[step.key]
        first, last = old._phase_span(step.phase)
        fraction = (k - first) / max(1, last - first)
        first, last = self._phase_span(step.phase)
        return min(len(self.steps) - 1, first + round(fraction * max(0, last - first)))

    def _phase_span(self, phase: str) -> tuple[int, int]:
        """First and last step of ``phase``."""
        first = self.index_of_phase(phase)
        after = PHASES.index(phase) + 1
        stop = self.index_of_phase(PHASES[after]) if after < len(PHASES) else len(self.steps)
        return first, max(first, stop - 1)


class _Planner:
    """Builds the steps while keeping the running state, taking snapshots as it goes."""

    def __init__(self, interval: int):
        self.interval = interval
        self.steps: list[Step] = []
        self.nodes: dict[str, NodeState] = {}
        self.edges: dict[Edge, str | None] = {}
        self.checkpoints: list[tuple[dict[str, NodeState], dict[Edge, str | None]]] = []
        self.lit: dict[Edge, str] = {}  # edges lit by the previous step -> their "done" highlight

    def emit(self, phase: str, kind: str, caption: Callable[[], str], active: str | None = None,
             edge: Edge | None = None, tokens: tuple[Token, ...] = (),
             nodes: dict[str, NodeState] | None = None, lit: tuple[Edge, ...] = (),
             highlight: str = FORWARD, dark: tuple[Edge, ...] = ()) -> None:
        """Add a step that lights the edges ``lit`` with ``highlight``.

        The edges the previous step lit turn "done"; ``dark`` edges are set to no
        highlight (the start step sets every edge).
        """
        node_changes = nodes or {}
        edge_changes: dict[Edge, str | None] = dict.fromkeys(dark)
        edge_changes.update(self.lit)
        edge_changes.update(dict.fromkeys(lit, highlight))
        self.lit = dict.fromkeys(lit, DONE_FORWARD if highlight == FORWARD else DONE_BACKWARD)
        self.nodes.update(node_changes)
        self.edges.update(edge_changes)
        index = len(self.steps)
        self.steps.append(Step(index, phase, kind, active, edge, tokens, MappingProxyType(node_changes),
                               MappingProxyType(edge_changes), caption))
        if index % self.interval == 0:
            self.checkpoints.append((dict(self.nodes), dict(self.edges)))


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
    """
    ev = evaluation
    g = ev.graph
    captions = Captions(ev)
    parents = captions.parents
    op_nodes = [n for n in ev.order if n in parents]
    back = _backward_edges(ev, parents)
    expected: dict[str, int] = {}
    for parent, _ in back:
        expected[parent] = expected.get(parent, 0) + 1
    total = len(op_nodes) + len(back) + 3
    if interval is None:
        # about _SNAPSHOT_ENTRIES node and edge states in all snapshots together
        count = max(1, _SNAPSHOT_ENTRIES // (g.number_of_nodes() + g.number_of_edges() + 1))
        interval = max(16, -(-total // count))
    plan = _Planner(interval)

    # start: leaves shown with their values, everything else blank
    start: dict[str, NodeState] = {}
    for node in ev.order:
        value = None if node in parents else _frozen(ev.values[node])
        start[node] = NodeState(value=value, expected=expected.get(node, 0))
    plan.emit("start", "start", captions.start, nodes=start, dark=tuple(g.edges))

    # forward: each op node receives its parents' values
    for node in op_nodes:
        incoming = list(dict.fromkeys(parents[node]))
        tokens = tuple(Token((p, node), FORWARD, captions.value_text(p), VALUE) for p in incoming)
        shown = NodeState(value=_frozen(ev.values[node]), expected=expected.get(node, 0))
        plan.emit("forward", "forward", partial(captions.forward, node), active=node, tokens=tokens,
                  nodes={node: shown}, lit=tuple((p, node) for p in incoming))

    # backward: the seed, then one edge at a time
    out = ev.output
    seed: dict[str, NodeState] = {}
    if ev.grads[out] is not None:
        seed[out] = NodeState(plan.nodes[out].value, _frozen(ev.grads[out]), True, 0, 0)
    plan.emit("backward", "seed", captions.seed, active=out, nodes=seed)
    sums: dict[str, Any] = {}
    received: dict[str, int] = {}
    with np.errstate(all="ignore"):
        for edge in back:
            parent, child = edge
            sent = ev.contributions[edge]
            count = received[parent] = received.get(parent, 0) + 1
            final = count == expected[parent]
            # the last contribution shows the evaluation's own sum, so the end state is exact
            total_so_far = ev.grads[parent] if final else (
                sent if parent not in sums else sums[parent] + sent)
            sums[parent] = total_so_far
            state = NodeState(plan.nodes[parent].value, _frozen(total_so_far), final, count, expected[parent])
            token = Token(edge, BACKWARD, format_number(sent), GRADIENT)
            write = partial(captions.backward, edge, count, expected[parent], total_so_far)
            plan.emit("backward", "backward", write, active=child, edge=edge, tokens=(token,),
                      nodes={parent: state}, lit=(edge,), highlight=BACKWARD)

    # end: nodes that need a gradient but receive none (not upstream of the output) show 0
    rest = {n: NodeState(plan.nodes[n].value, _frozen(ev.grads[n]), True, 0, 0)
            for n in ev.order if ev.grads[n] is not None and n not in received and n not in seed}
    plan.emit("end", "end", captions.end, nodes=rest)
    return Timeline(ev, plan.steps, plan.checkpoints, interval)

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
is worked out once per graph (:class:`~graphviz_app.session.timeline.plan.Plan`) and shared by every timeline
of that graph. The *numbers* are filled in on demand: a :class:`Step` is made
the first time it is read, a snapshot is computed straight from the evaluation
(a node's value is shown once its forward step has passed, its gradient is the
sum of the contributions that have arrived), and captions are written the first
time they are read. After an edit :meth:`Timeline.carry_over` finds the step
matching the one on screen.

Examples
--------
>>> from graphviz_app.builders.expression import parse
>>> from graphviz_app.core.evaluate import evaluate
>>> tl = build_timeline(evaluate(parse("sin(x**2)", {"x": 1.5}).graph))
>>> [s.kind for s in tl.steps]
['start', 'forward', 'forward', 'seed', 'backward', 'backward', 'end']
>>> tl.index_of_phase("backward")
3
>>> tl.state_at(5).nodes["x"].grad == tl.evaluation.grads["x"]
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from graphviz_app.core.evaluate import Evaluation
from graphviz_app.session.timeline.frames import Frames, StatesAt
from graphviz_app.session.timeline.plan import Plan, plan_of
from graphviz_app.session.timeline.states import (
    BACKWARD,
    DONE_BACKWARD,
    DONE_FORWARD,
    FORWARD,
    GRADIENT,
    PHASES,
    VALUE,
    Edge,
    FrameState,
    NodeState,
    Step,
    Token,
)

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


class Timeline:
    """The steps of one evaluation, with random access to the state at any step.

    Build one with :func:`build_timeline`. ``len(timeline)`` is the number of
    steps; valid indices are ``0 .. len - 1``. ``steps`` is a read-only sequence
    whose :class:`Step` objects are made when first read.
    """

    def __init__(self, evaluation: Evaluation, plan: Plan, interval: int):
        self.evaluation = evaluation
        self.interval = interval
        self._skeleton = plan  # the plan of steps (the name tests of its reuse look at)
        self._frames = Frames(evaluation, plan)
        self.steps: Sequence[Step] = _Steps(self)
        self._checkpoints: dict[int, tuple[dict[str, NodeState], dict[Edge, str | None]]] = {}
        self._last: FrameState | None = None
        self._size = len(plan.order) + len(plan.edges)  # entries of a snapshot

    def __len__(self) -> int:
        return self._skeleton.n_steps

    def state_at(self, k: int) -> FrameState:
        """The state after step ``k``, computed from the nearest snapshot at or before it.

        Cost: one copy of the snapshot (C speed) plus at most ``interval`` small
        updates, or, when those would cost more (far from the snapshot in a big
        graph: the end step after an edit), the state computed directly. The result
        does not depend on earlier calls.
        """
        if not 0 <= k < len(self):
            raise IndexError(f"step {k} is outside the timeline (0 .. {len(self) - 1})")
        if self._last is not None and self._last.index == k:
            return self._last
        base = k // self.interval
        if (k - base * self.interval) * _REPLAY_COST > self._size:
            # replaying the steps since would cost more: the state directly, each node's when asked for
            nodes: Mapping[str, NodeState] = StatesAt(self._frames, k)
            edges = self._frames.edge_states(k)
        else:
            snapshot = self._checkpoints.get(base)
            if snapshot is None:
                snapshot = self._checkpoints[base] = self._frames.snapshot(base * self.interval)
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
        plan = self._skeleton
        for k in range(lo + 1, hi + 1):
            changed_nodes, changed_edges = plan.changes(k)
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
            step = self._made[k] = self._timeline._frames.step(k)
        return step

    def __iter__(self):
        return (self[k] for k in range(len(self._made)))


_SNAPSHOT_ENTRIES = 100_000
_REPLAY_COST = 30
"""Replaying one step costs about as much as this many entries of a snapshot computed directly."""


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
    plan = plan_of(evaluation)
    if interval is None:
        # about _SNAPSHOT_ENTRIES node and edge states in all snapshots together
        count = max(1, _SNAPSHOT_ENTRIES // (len(plan.order) + len(plan.edges) + 1))
        interval = max(16, -(-plan.n_steps // count))
    return Timeline(evaluation, plan, interval)

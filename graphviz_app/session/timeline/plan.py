"""The plan of a timeline: what each step is about, worked out once per graph, without numbers.

The backward steps are the evaluation's recorded backward order
(:class:`~graphviz_app.core.plan.BackwardOrder`), one edge a step; the plan of
steps is kept with that order (:func:`plan_of`), so it is made once per graph
and output, and remade when the graph grows.
"""

from __future__ import annotations

from collections.abc import Iterable

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation
from graphviz_app.session.prose.captions import Captions
from graphviz_app.session.prose.names import Names
from graphviz_app.session.timeline.states import BACKWARD, FORWARD, Edge

__all__ = ["Plan", "plan_of"]


class Plan:
    """What each step of a graph's timeline is about, without any number.

    The plan: step 0 is the start; then one forward step per op node
    (``op_nodes``, in topological order); the seed; one backward step per edge of
    ``back``; the end. Worked out once per graph and output (see
    :func:`plan_of`): an edited number changes no step, only what the steps
    show.
    """

    def __init__(self, ev: Evaluation):
        g, backward = ev.graph, ev.backward
        self.order = list(ev.order)
        self.out = ev.output
        self.edges = backward.all_edges
        self.parents = {node: G.parents(g, node) for node in self.order if not G.is_leaf(g, node)}
        self.op_nodes = [n for n in self.order if n in self.parents]
        self.incoming = {
            node: tuple((p, node) for p in dict.fromkeys(self.parents[node])) for node in self.op_nodes
        }
        self.back = list(backward.edges)  # the backward order: one edge a step
        self.expected: dict[str, int] = {}
        self.arrivals: dict[str, list[int]] = {}  # parent -> the backward steps that bring it a contribution
        self.seed = 1 + len(self.op_nodes)
        self.end = self.seed + len(self.back) + 1
        self.n_steps = self.end + 1
        for j, (parent, _) in enumerate(self.back):
            self.expected[parent] = self.expected.get(parent, 0) + 1
            self.arrivals.setdefault(parent, []).append(self.seed + 1 + j)
        self.with_grad = backward.needs
        self.has_seed = self.out in self.with_grad
        self.rest = [
            n
            for n in self.order
            if n in self.with_grad and n not in self.arrivals and not (n == self.out and self.has_seed)
        ]
        self.shown_at = {node: 0 for node in self.order}  # the step at which a node's value appears
        for i, node in enumerate(self.op_nodes, start=1):
            self.shown_at[node] = i
        self.back_step = {edge: self.seed + 1 + j for j, edge in enumerate(self.back)}
        self.forward_step = {node: i for i, node in enumerate(self.op_nodes, start=1)}
        self.phase_starts = {"start": 0, "forward": 1, "backward": self.seed, "end": self.end}
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


def plan_of(ev: Evaluation) -> Plan:
    """The plan of ``ev``'s graph and output: made once, kept with the evaluation's backward order.

    Every evaluation of the same graph and output shares that order (and so this
    plan) until the graph grows; a copy of the graph gets its own.
    """
    plan = ev.backward.views.get("timeline")
    if plan is None:
        plan = ev.backward.views["timeline"] = Plan(ev)
    return plan

"""The numbers of one timeline: node states, partial sums, token texts and captions, made on demand."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from types import MappingProxyType
from typing import Any

import numpy as np

from graphviz_app.core.evaluate import Evaluation
from graphviz_app.session.prose.captions import Captions
from graphviz_app.session.timeline.plan import Plan
from graphviz_app.session.timeline.states import (
    BACKWARD,
    DONE_BACKWARD,
    DONE_FORWARD,
    FORWARD,
    GRADIENT,
    VALUE,
    Edge,
    NodeState,
    Step,
    Token,
    frozen,
    node_state,
)
from graphviz_app.text.numbers import NumberTexts, format_number

__all__ = ["Frames", "StatesAt"]


class Frames:
    """The numbers of one timeline: node states, partial sums, token texts, captions, made on demand."""

    def __init__(self, ev: Evaluation, plan: Plan):
        self.ev = ev
        self.sk = plan
        self._captions: Captions | None = None
        self._values: dict[str, Any] = {}
        self._partials: dict[str, list[Any]] | None = None
        self._texts = NumberTexts(ev.values)

    def captions(self) -> Captions:
        if self._captions is None:
            self._captions = self.sk.captions_for(self.ev)
        return self._captions

    def value(self, node: str) -> Any:
        """The node's value, frozen (arrays are copied once and made read-only)."""
        try:
            return self._values[node]
        except KeyError:
            value = self._values[node] = frozen(self.ev.values[node])
            return value

    def value_text(self, node: str) -> str:
        return self._texts[node]

    def partial(self, parent: str, count: int) -> Any:
        """The gradient ``parent`` shows after its ``count``-th contribution (the last: the evaluation's)."""
        if count == self.sk.expected[parent]:
            return frozen(self.ev.grads[parent])
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
        return frozen(self._partials[parent][count - 1])

    def nodenode_state(self, node: str, k: int) -> NodeState:
        """What ``node`` shows after step ``k``, straight from the evaluation."""
        sk = self.sk
        value = self.value(node) if sk.shown_at[node] <= k else None
        if node == sk.out and sk.has_seed and k >= sk.seed:
            return node_state(value, frozen(self.ev.grads[node]), True, 0, 0)
        arrivals = sk.arrivals.get(node)
        received = bisect_right(arrivals, k) if arrivals else 0
        if received:
            expected = sk.expected[node]
            return node_state(value, self.partial(node, received), received == expected, received, expected)
        if k >= sk.end and self.ev.grads[node] is not None:
            return node_state(value, frozen(self.ev.grads[node]), True, 0, 0)
        return node_state(value, None, False, 0, sk.expected.get(node, 0))

    def edgenode_state(self, edge: Edge, k: int) -> str | None:
        back = self.sk.back_step.get(edge)
        if back is not None and k >= back:
            return BACKWARD if k == back else DONE_BACKWARD
        lit = self.sk.shown_at[edge[1]]
        if k >= lit > 0:
            return FORWARD if k == lit else DONE_FORWARD
        return None

    def snapshot(self, k: int) -> tuple[dict[str, NodeState], dict[Edge, str | None]]:
        """The full state after step ``k``, computed directly (:class:`StatesAt` works the nodes'
        states out as they are asked for).

        The edges' highlights depend on ``k`` alone, so they are shared by every
        timeline of the graph; the nodes' states are this evaluation's.
        """
        return self.node_states(k, self.sk.order), self.edge_states(k)

    def edge_states(self, k: int) -> dict[Edge, str | None]:
        """Every edge's highlight after step ``k`` (shared by every timeline of the graph)."""
        edges = self.sk.edge_snapshots.get(k)
        if edges is None:
            edges = self.sk.edge_snapshots[k] = {edge: self.edgenode_state(edge, k) for edge in self.sk.edges}
        return edges

    def node_states(self, k: int, order: Iterable[str]) -> dict[str, NodeState]:
        """The states of the nodes in ``order`` after step ``k`` (KeyError for a node not in the graph)."""
        # nodenode_state() for every node, inlined: a snapshot of a big graph is thousands of them
        sk, ev = self.sk, self.ev
        values, grads = ev.values, ev.grads
        shown_at, arrivals, expected = sk.shown_at, sk.arrivals, sk.expected
        seeded = sk.out if sk.has_seed and k >= sk.seed else None
        at_end = k >= sk.end
        nodes: dict[str, NodeState] = {}
        for node in order:
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
                    grad = grad if type(grad) is float else frozen(grad)
                    nodes[node] = node_state(value, grad, True, received, total)
                else:
                    nodes[node] = node_state(value, self.partial(node, received), False, received, total)
            elif node == seeded or (at_end and grads[node] is not None):
                grad = grads[node]
                nodes[node] = node_state(value, grad if type(grad) is float else frozen(grad), True, 0, 0)
            else:
                nodes[node] = node_state(value, None, False, 0, expected.get(node, 0))
        return nodes

    def step(self, k: int) -> Step:
        """Step ``k`` with its numbers."""
        sk, ev = self.sk, self.ev
        kind = sk.kind(k)
        nodes_changed, edges_changed = sk.changes(k)
        node_changes = {node: self.nodenode_state(node, k) for node in nodes_changed}
        edge_changes = {edge: self.edgenode_state(edge, k) for edge in edges_changed}
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


class StatesAt(Mapping[str, NodeState]):
    """Every node's state after step ``k``, each worked out when first asked for.

    The same states as :meth:`Frames.snapshot` computes at once; the canvas of a big
    graph asks only for the nodes in view (the rest when they scroll into view), so an
    edit at the end of a 10,000-node timeline no longer writes 10,000 states.
    """

    def __init__(self, frames: Frames, k: int) -> None:
        self._frames, self._k = frames, k
        self._known: dict[str, NodeState] = {}

    def __getitem__(self, node: str) -> NodeState:
        try:
            return self._known[node]
        except KeyError:
            if node not in self._frames.sk.shown_at:
                raise
        state = self._known[node] = self._frames.node_states(self._k, (node,))[node]
        return state

    def __contains__(self, node: object) -> bool:
        return node in self._frames.sk.shown_at

    def __iter__(self) -> Iterator[str]:
        return iter(self._frames.sk.order)

    def __len__(self) -> int:
        return len(self._frames.sk.order)

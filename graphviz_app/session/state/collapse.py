"""Collapsed layers: the picture of a network with some layers (or of a program with some steps) drawn as one box each.

Collapsing changes only what is drawn. The graph, its evaluation, the timeline,
the step and the selection stay those of the whole network; a
:class:`Projection` says which drawn node stands for each node of the graph
(a box for the members of a collapsed layer, the node itself otherwise) and
which drawn edge for each edge (``None`` inside a box). Expanding again
therefore loses no number, no selection and no place in the timeline. Which
layers are collapsed is a display setting (``Settings.collapsed``), saved with
the session.

A layer ``k`` of a neuron view is every node named with ``k``
(``W2[i,j]``, ``b2[i]``, ``z2[i]``, ``a2[i]``) and the unnamed products and
sums that feed them. Its box shows the layer's output vector ``a_k``: its
values and its gradients. A named step of an expression program (``z = x*y + x**2``)
collapses with the operations that compute it into one box showing ``z``.

>>> from graphviz_app.builders.network import build_network
>>> spec = {"input": [0.5, 0.1], "target": [0], "loss": "bce",
...         "layers": [{"size": 2, "activation": "relu"}, {"size": 1, "activation": "sigmoid"}]}
>>> g = build_network(spec, view="neuron").graph
>>> sorted(layers(g))
['layer 1', 'layer 2']
>>> p = project(g, ["layer 1"])
>>> len(g), len(p.graph)
(28, 13)
>>> p.node("W1[0,1]"), p.node("W2[0,0]")
('[layer 1]', 'W2[0,0]')
>>> p.boxes["[layer 1]"].shown
('a1[0]', 'a1[1]')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graphviz_app.core import graph as G
from graphviz_app.session.timeline.states import BACKWARD, DONE_BACKWARD, DONE_FORWARD, FORWARD, NodeState

__all__ = [
    "Box",
    "Projection",
    "box_lines",
    "frame_box_lines",
    "group_of",
    "layer_of",
    "layers",
    "merged_state",
    "project",
]

Edge = tuple[str, str]
_NUMBERED = re.compile(r"^([A-Za-z]+)(\d+)(\[|$)")  # W2[0,1], a2[3], z2[s,i]: family and layer number
_SHOWN = ("a",)  # the family whose vector a layer's box shows: the activations
PREVIEW = 3  # numbers of the vector written on the box (the tooltip has them all)


@dataclass(frozen=True)
class Box:
    """One collapsed layer as drawn: its id, title, members and the vector it shows."""

    id: str
    key: str
    title: str
    members: tuple[str, ...]
    shown: tuple[str, ...]


@dataclass
class Projection:
    """What is drawn for a graph with some layers collapsed (see the module docstring)."""

    graph: nx.DiGraph
    owner: dict[str, str] = field(default_factory=dict)  # member -> box id (collapsed nodes only)
    boxes: dict[str, Box] = field(default_factory=dict)
    merged: dict[Edge, list[Edge]] = field(default_factory=dict)  # drawn edge -> its graph edges, if merged

    def node(self, node: str) -> str:
        """The drawn node that stands for ``node``."""
        return self.owner.get(node, node)

    def edge(self, edge: Edge) -> Edge | None:
        """The drawn edge that stands for ``edge``; ``None`` inside a box."""
        owner = self.owner
        if not owner:
            return edge
        u, v = owner.get(edge[0], edge[0]), owner.get(edge[1], edge[1])
        return None if u == v else (u, v)


def layer_of(graph: nx.DiGraph) -> dict[str, int]:
    """The network layer of each node that belongs to one (inputs, targets and the loss belong to none).

    A named node carries its layer in its name; an unnamed product or sum
    belongs to the layer of what it feeds.
    """
    found: dict[str, int] = {}
    for node in reversed(list(nx.topological_sort(graph))):
        data = graph.nodes[node]
        match = _NUMBERED.match(str(data.get(G.NAME) or ""))
        if match:
            found[node] = int(match.group(2))
        elif data.get(G.KIND) == G.OPNODE and not data.get(G.NAME):
            after = {found[c] for c in graph.succ[node] if c in found}
            if len(after) == 1:
                found[node] = after.pop()
    return found


def layers(graph: nx.DiGraph) -> dict[str, Box]:
    """Everything that can be collapsed, by key: a network's layers (``"layer 2"``), or an
    expression program's named steps (``"step z"``).

    >>> from graphviz_app.builders.expression import parse
    >>> g = parse("x = cos(t); y = sin(t); z = x*y + x**2").graph
    >>> {key: box.members for key, box in layers(g).items()}
    {'step z': ('mul#1', 'const#2', 'pow#3', 'z')}
    """
    if all(data.get(G.LAYER) is None for _, data in graph.nodes(data=True)):
        return _steps(graph)
    members: dict[int, list[str]] = {}
    for node, k in layer_of(graph).items():
        members.setdefault(k, []).append(node)
    boxes = {}
    for k, nodes in sorted(members.items()):
        order = {n: i for i, n in enumerate(graph)}
        nodes.sort(key=order.__getitem__)
        shown = [
            n
            for n in nodes
            if (m := _NUMBERED.match(str(graph.nodes[n].get(G.NAME) or ""))) and m.group(1) in _SHOWN
        ]
        if not shown:
            continue
        shown.sort(key=lambda n: (graph.nodes[n].get(G.INDEX) or 0, order[n]))
        key = f"layer {k}"
        boxes[key] = Box(f"[{key}]", key, f"layer {k} ({len(nodes):,} nodes)", tuple(nodes), tuple(shown))
    return boxes


def _steps(graph: nx.DiGraph) -> dict[str, Box]:
    """A named step of an expression program with the unnamed operations (and constants) that
    compute it for it alone: ``z = x*y + x**2`` is ``z``, the product, the power and the 2."""
    boxes = {}
    for step, data in graph.nodes(data=True):
        if data.get(G.KIND) != G.OPNODE or not data.get(G.NAME):
            continue
        members, changed = {step}, True
        while changed:
            changed = False
            for member in list(members):
                for p in graph.pred[member]:
                    kind, named = graph.nodes[p].get(G.KIND), graph.nodes[p].get(G.NAME)
                    inner = kind == G.CONST or (kind == G.OPNODE and not named)
                    if p not in members and inner and all(c in members for c in graph.succ[p]):
                        members.add(p)
                        changed = True
        if len(members) > 1:
            nodes = tuple(n for n in graph if n in members)
            key = f"step {data[G.NAME]}"
            boxes[key] = Box(f"[{key}]", key, f"{data[G.NAME]} ({len(nodes)} nodes)", nodes, (step,))
    return boxes


def group_of(graph: nx.DiGraph) -> dict[str, str]:
    """Node -> the key of what it is collapsed with (see :func:`layers`)."""
    return {member: key for key, box in layers(graph).items() for member in box.members}


def project(graph: nx.DiGraph, collapsed: Iterable[str]) -> Projection:
    """The graph as drawn with the layers named in ``collapsed`` as one box each (unknown names are ignored)."""
    wanted = set(collapsed)
    if not wanted:
        return Projection(graph)
    boxes = {box.id: box for key, box in layers(graph).items() if key in wanted}
    if not boxes:
        return Projection(graph)
    owner = {m: box.id for box in boxes.values() for m in box.members}
    drawn: nx.DiGraph = nx.DiGraph()
    for node, data in graph.nodes(data=True):
        box_id = owner.get(node)
        if box_id is None:
            drawn.add_node(node, **data)
        elif box_id not in drawn:
            box = boxes[box_id]
            first = graph.nodes[box.shown[0]]
            drawn.add_node(
                box_id,
                **{G.KIND: G.OPNODE, G.OP: None, G.LABEL: box.title, G.NAME: None},
                **{G.LAYER: first.get(G.LAYER), G.INDEX: first.get(G.INDEX)},
            )
    merged: dict[Edge, list[Edge]] = {}
    for u, v in graph.edges:
        edge = (owner.get(u, u), owner.get(v, v))
        if edge[0] == edge[1]:
            continue
        if edge not in merged:
            drawn.add_edge(*edge)
            merged[edge] = []
        merged[edge].append((u, v))
    merged = {e: real for e, real in merged.items() if real != [e]}
    return Projection(drawn, owner, boxes, merged)


def box_lines(
    box: Box,
    value: Callable[[str], Any],
    grad: Callable[[str], tuple[Any, bool]],
    text: Callable[[Any], str],
    show_values: bool = True,
    show_grads: bool = True,
) -> list[tuple[str, str]]:
    """The lines a box shows: its title, the vector of values and of gradients, as far as known.

    ``value(member)`` is the member's value at this step (``None`` before it is
    computed); ``grad(member)`` its gradient so far and whether it is final.
    Lines are ``(text, role)`` pairs, as a node's (``title``, ``value``,
    ``grad``, ``grad-partial``, ``muted``).
    """
    lines = [(box.title, "title")]
    name = str(box.shown[0]).split("[")[0]
    n = len(box.shown)
    if show_values:
        values = [value(m) for m in box.shown]
        if any(v is None for v in values):
            lines.append(("·", "muted"))
        else:
            lines.append((f"{name} = {_vector(values, text)}", "value"))
    if show_grads:
        grads = [grad(m) for m in box.shown]
        final = sum(1 for g, done in grads if g is not None and done)
        if final == n:
            lines.append(("∇ " + _vector([g for g, _ in grads], text), "grad"))
        elif final:
            lines.append((f"∇ ({final}/{n})", "grad-partial"))
        else:
            lines.append(("∇ ·", "muted"))
    return lines


def _vector(numbers: list[Any], text: Callable[[Any], str]) -> str:
    if len(numbers) == 1:  # a step of a program: one number
        return text(numbers[0])
    shown = ", ".join(text(x) for x in numbers[:PREVIEW])
    return f"[{shown}{', …' if len(numbers) > PREVIEW else ''}] ({len(numbers)})"


_STRENGTH = {None: 0, DONE_FORWARD: 1, DONE_BACKWARD: 2, FORWARD: 3, BACKWARD: 3}


def merged_state(edges: list[tuple[str, str]], states: Mapping[tuple[str, str], str | None]) -> str | None:
    """The state a drawn edge shows for the graph edges it stands for: the liveliest one."""
    best = None
    for edge in edges:
        state = states.get(edge)
        if _STRENGTH.get(state, 0) > _STRENGTH.get(best, 0):
            best = state
    return best


def frame_box_lines(
    box: Box,
    states: Mapping[str, NodeState],
    text: Callable[[Any], str],
    show_values: bool,
    show_grads: bool,
) -> list[tuple[str, str]]:
    """A box's lines at a step: the members' values and gradients as the step shows them."""

    def value(member: str) -> Any:
        state = states.get(member)
        return None if state is None else state.value

    def grad(member: str) -> tuple[Any, bool]:
        state = states.get(member)
        if state is None or state.grad is None:
            return None, False
        return state.grad, state.grad_final or state.expected <= 1

    return box_lines(box, value, grad, text, show_values, show_grads)

"""Listing a network view's nodes, each with the *role* it plays, so both views can be matched.

A role such as ``("W", 1)`` or ``("z", 2)`` names the same piece of the network in
both views: the layer view's ``W1`` and the neuron view's ``W1[0,0]``, ``W1[0,1]``…
share it, which is how :func:`graphviz_app.builders.network.build_both` maps one
view onto the other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from typing import Any

import networkx as nx

from graphviz_app.builders.leaf_names import leaf_name
from graphviz_app.core import graph as G
from graphviz_app.core.graph_batch import NodeBatch

__all__ = ["Builder", "Role", "tag"]

Role = tuple[Hashable, ...]


class Builder:
    """Lists the nodes of a view (:class:`~graphviz_app.core.graph_batch.NodeBatch`) and remembers
    which role each node plays; :meth:`graph` adds them all at once."""

    def __init__(self) -> None:
        self.g = G.new_graph()
        self.batch = NodeBatch(self.g)
        self.roles: dict[Role, list[str]] = defaultdict(list)

    def leaf(self, role: Role, name: str, value: Any, kind: str, layer: int, index: int) -> str:
        self.roles[role].append(self.batch.leaf(name, value, kind, layer=layer, index=index))
        return name

    def leaves(
        self, role: Role, names: list[str], values: list[Any], kind: str, layer: int, indices: range
    ) -> list[str]:
        """Leaves of one kind, one per name and value (:meth:`NodeBatch.leaves`)."""
        self.roles[role] += self.batch.leaves(names, values, kind, layer=layer, indices=indices)
        return names

    def constant(self, role: Role, value: float, layer: int, index: int, label: str | None = None) -> str:
        node = self.batch.constant(value, label, layer=layer, index=index)
        self.roles[role].append(node)
        return node

    def op(
        self, role: Role, op: str, args: list[str], name: str | None = None, *, layer: int, index: int
    ) -> str:
        node = self.batch.op(op, args, name, layer=layer, index=index)
        self.roles[role].append(node)
        return node

    def ops(
        self, role: Role, op: str, rows: list[tuple[str, ...]], *, layer: int, indices: range
    ) -> list[str]:
        """Unnamed nodes of one op, one per row of arguments (:meth:`NodeBatch.ops`)."""
        nodes = self.batch.ops(op, rows, layer=layer, indices=indices)
        self.roles[role] += nodes
        return nodes

    def sum(self, role: Role, nodes: list[str], name: str | None = None, *, layer: int, index: int) -> str:
        """Add ``nodes`` left to right with binary adds; the last add gets ``name``."""
        if len(nodes) == 1:
            return nodes[0]
        last = nodes[-1] if name is not None else None
        adds = self.batch.chain("add", nodes if last is None else nodes[:-1], layer=layer, index=index)
        self.roles[role] += adds
        total = adds[-1] if adds else nodes[0]
        if last is not None:
            total = self.op(role, "add", [total, last], name, layer=layer, index=index)
        return total

    def dot(
        self, role: Role, pairs: list[tuple[str, str]], name: str | None, *, layer: int, index: int
    ) -> str:
        """Σ a·b over ``pairs``: the products at rank ``layer``, their sum at ``layer + 1``.

        The last node made gets ``name`` (the product itself when there is only one pair).
        """
        last = len(pairs) == 1
        products = [
            self.op(
                role,
                "mul",
                [a, b],
                name if last else None,
                layer=layer,
                index=index * len(pairs) + j,
            )
            for j, (a, b) in enumerate(pairs)
        ]
        return self.sum(role, products, name, layer=layer + 1, index=index)

    def graph(self) -> nx.DiGraph:
        """The graph, with every node listed so far."""
        self.batch.add_to_graph()
        return self.g


def tag(what: str, layer: int | None, batch: bool, s: int, *index: int) -> str:
    """``x[1]`` for one sample, ``x[s,1]`` in a batch."""
    return leaf_name(what, layer, *((s,) if batch else ()), *index)

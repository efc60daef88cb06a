"""Building a big graph in one go: the nodes are listed first, checked together, then inserted.

:func:`~.graph.add_leaf` and :func:`~.graph.add_op` check each node as it comes
(its name is new and has no ``#``, its arguments exist, its op takes that many)
and insert it. A builder of thousands of nodes (a network's neuron view) pays
for those checks and calls node by node. A :class:`NodeBatch` hands out each
node's id at once, as they do, so that later nodes can use it, but only lists
the node; :meth:`NodeBatch.add_to_graph` then checks the whole list with a few
set operations and inserts it in one loop (:func:`~.graph.insert_nodes`). The
graph is the same, node for node and edge for edge, as the one the functions of
:mod:`.graph` build from the same calls.

Examples
--------
>>> from graphviz_app.core import graph as G
>>> g = G.new_graph()
>>> batch = NodeBatch(g)
>>> x = batch.leaf("x", 1.5)
>>> y = batch.op("sin", [batch.op("pow", [x, batch.constant(2.0)])])
>>> batch.add_to_graph()
>>> G.parents(g, "pow#2"), G.output_node(g)
(['x', 'const#1'], 'sin#3')
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from typing import Any

import networkx as nx

from graphviz_app.core import graph as G
from graphviz_app.core.ops import get_op
from graphviz_app.errors import GraphError

__all__ = ["NodeBatch"]


def _as_value(value: Any) -> Any:
    return None if value is None else G.as_value(value)


class NodeBatch:
    """Nodes to add to ``g`` together; each method returns the id the node will have."""

    def __init__(self, g: nx.DiGraph):
        self.g = g
        self._counter = g.graph[G.COUNTER]
        self._records: list[tuple[str, dict[str, Any], Sequence[str]]] = []
        self._named: list[str] = []
        self._output: str | None = None
        self._ops: dict[str, tuple[int, str]] = {}  # op name -> (arity, symbol)

    def leaf(
        self,
        name: str,
        value: Any = None,
        kind: str = G.INPUT,
        *,
        layer: int | None = None,
        index: int | None = None,
    ) -> str:
        """As :func:`~.graph.add_leaf`."""
        return self.leaves([name], [value], kind, layer=layer, indices=[index])[0]

    def constant(
        self, value: Any, label: str | None = None, *, layer: int | None = None, index: int | None = None
    ) -> str:
        """As :func:`~.graph.add_constant`, with the layout hints of a leaf."""
        self._counter += 1
        node = f"const#{self._counter}"
        value = G.as_value(value)
        attrs = {
            G.KIND: G.CONST,
            G.OP: None,
            G.LABEL: label or G.format_constant(value),
            G.NAME: None,
            G.VALUE: value,
            G.LAYER: layer,
            G.INDEX: index,
        }
        self._records.append((node, attrs, ()))
        return node

    def op(
        self,
        op: str,
        args: Sequence[str],
        name: str | None = None,
        *,
        layer: int | None = None,
        index: int | None = None,
        output: bool = True,
    ) -> str:
        """As :func:`~.graph.add_op`: the node becomes the graph's output unless ``output=False``."""
        arity, symbol = self._op(op)
        if len(args) != arity:
            raise GraphError(f"{op} takes {arity} argument(s), got {len(args)}")
        if name is None:
            self._counter += 1
            node = f"{op}#{self._counter}"
        else:
            node = name
            self._named.append(name)
        attrs = {
            G.KIND: G.OPNODE,
            G.OP: op,
            G.LABEL: name or symbol,
            G.NAME: name,
            G.VALUE: None,
            G.LAYER: layer,
            G.INDEX: index,
        }
        self._records.append((node, attrs, args))
        if output:
            self._output = node
        return node

    def leaves(
        self,
        names: list[str],
        values: Sequence[Any],
        kind: str,
        *,
        layer: int | None = None,
        indices: Sequence[int | None],
    ) -> list[str]:
        """Leaves of one kind, one per name and value: as :meth:`leaf` called on each in turn."""
        if kind not in G.LEAF_KINDS:
            raise GraphError(f"unknown leaf kind '{kind}'")
        self._named += names
        attrs = [
            {
                G.KIND: kind,
                G.OP: None,
                G.LABEL: name,
                G.NAME: name,
                G.VALUE: value,
                G.LAYER: layer,
                G.INDEX: index,
            }
            for name, value, index in zip(names, map(_as_value, values), indices)
        ]
        self._records += zip(names, attrs, repeat(()))
        return names

    def ops(
        self,
        op: str,
        rows: Sequence[Sequence[str]],
        *,
        layer: int | None = None,
        indices: Sequence[int | None],
    ) -> list[str]:
        """Unnamed nodes of one op, one per row of arguments: as :meth:`op` called on each row in turn.

        For a builder of thousands of nodes of a kind (a layer's products): the ids
        and attribute dicts are made in one comprehension each. The last becomes
        the graph's output, as the last of those calls would make it.
        """
        arity, symbol = self._op(op)
        bad = next((row for row in rows if len(row) != arity), None)
        if bad is not None:
            raise GraphError(f"{op} takes {arity} argument(s), got {len(bad)}")
        start = self._counter
        self._counter += len(rows)
        ids = [f"{op}#{n}" for n in range(start + 1, self._counter + 1)]
        self._records += zip(ids, self._attrs(op, symbol, layer, indices), rows)
        if ids:
            self._output = ids[-1]
        return ids

    def chain(
        self, op: str, nodes: Sequence[str], *, layer: int | None = None, index: int | None = None
    ) -> list[str]:
        """Unnamed nodes folding ``nodes`` left to right with a binary op: ((n0 op n1) op n2) op ….

        As :meth:`op` called on each pair in turn (each node's id is known before it
        is listed, so the next can use it); returns the ids, the last the result.
        """
        start = self._counter
        ids = [f"{op}#{n}" for n in range(start + 1, start + len(nodes))]
        return self.ops(
            op, list(zip([nodes[0], *ids[:-1]], nodes[1:])), layer=layer, indices=[index] * len(ids)
        )

    def _op(self, op: str) -> tuple[int, str]:
        known = self._ops.get(op)
        if known is None:
            spec = get_op(op)
            known = self._ops[op] = (spec.arity, spec.symbol)
        return known

    @staticmethod
    def _attrs(
        op: str, symbol: str, layer: int | None, indices: Sequence[int | None]
    ) -> list[dict[str, Any]]:
        return [
            {
                G.KIND: G.OPNODE,
                G.OP: op,
                G.LABEL: symbol,
                G.NAME: None,
                G.VALUE: None,
                G.LAYER: layer,
                G.INDEX: index,
            }
            for index in indices
        ]

    def add_to_graph(self) -> None:
        """Check every node listed, then insert them all; the batch is empty afterwards.

        The checks are :mod:`.graph`'s, with its messages, done together: names
        new, once each and without ``#``; each argument a node of the graph or
        listed before the node that uses it (so no cycle can form). The graph is
        unchanged when one fails.
        """
        g, records = self.g, self._records
        existing = G.dicts(g)[0]
        ids = [node for node, _, _ in records]
        if "#" in "".join(self._named):
            bad = next(n for n in self._named if "#" in n)
            raise GraphError(f"'{bad}': names cannot contain '#'")
        if len(set(ids)) != len(ids) or not existing.keys().isdisjoint(self._named):
            seen: set[str] = set(existing)
            for node in ids:
                if node in seen:
                    raise GraphError(f"'{node}' is defined twice")
                seen.add(node)
        listed = set(existing)  # every argument must be in the graph, or listed before its user
        for node, _, args in records:
            if args and not listed.issuperset(args):
                raise GraphError(f"unknown node '{next(a for a in args if a not in listed)}'")
            listed.add(node)
        G.insert_nodes(g, records)
        g.graph[G.COUNTER] = self._counter
        if self._output is not None:
            g.graph[G.OUTPUT] = self._output
        self._records, self._named, self._output = [], [], None

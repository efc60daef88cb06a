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
from typing import Any

import networkx as nx

from graphviz_app.core import graph as G
from graphviz_app.core.ops import get_op
from graphviz_app.errors import GraphError

__all__ = ["NodeBatch"]


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
        if kind not in G.LEAF_KINDS:
            raise GraphError(f"unknown leaf kind '{kind}'")
        value = None if value is None else G.as_value(value)
        self._named.append(name)
        self._records.append(
            (
                name,
                {
                    G.KIND: kind,
                    G.OP: None,
                    G.LABEL: name,
                    G.NAME: name,
                    G.VALUE: value,
                    G.LAYER: layer,
                    G.INDEX: index,
                },
                (),
            )
        )
        return name

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
        known = self._ops.get(op)
        if known is None:
            spec = get_op(op)
            known = self._ops[op] = (spec.arity, spec.symbol)
        arity, symbol = known
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

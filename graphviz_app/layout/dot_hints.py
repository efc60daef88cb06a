"""What a DOT file says besides nodes and edges: quoted names and the order of a network's layers.

Shared by the layout (:mod:`graphviz_app.layout.graphviz`) and the DOT export
(:mod:`graphviz_app.exports.dot`), so the file a user lays out with their own
Graphviz carries the same ordering hints as the app's own layout.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import networkx as nx

from graphviz_app.core import graph as G

__all__ = ["layer_groups", "ordering_lines", "quote"]


def quote(text: str) -> str:
    r"""``text`` as a quoted DOT string that Graphviz stores as :func:`graphviz_name`.

    Inside quotes DOT treats only ``\"`` (and backslash-newline) specially, so a
    name ending in a backslash cannot be written as it is. Doubling every
    backslash makes any name writable, at the price that Graphviz stores the
    doubled form; :func:`graphviz_name` says which, so results map back exactly.

    >>> print(quote('W1[0,1]'), quote('say "hi"'), quote('a\\'))
    "W1[0,1]" "say \"hi\"" "a\\"
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def layer_groups(graph: nx.DiGraph) -> list[list[str]]:
    """Nodes with a ``LAYER`` hint, grouped by layer and ordered by ``INDEX``.

    Groups come in increasing layer order; nodes without an ``INDEX`` follow the
    indexed ones, in graph order. Nodes whose ``LAYER`` is ``None`` are left out.

    >>> g = nx.DiGraph()
    >>> g.add_nodes_from([("b", {"layer": 1, "index": 1}), ("a", {"layer": 1, "index": 0}),
    ...                   ("x", {"layer": 0, "index": 0}), ("free", {})])
    >>> layer_groups(g)
    [['x'], ['a', 'b']]
    """
    layers: dict[Any, list[tuple[bool, Any, int, str]]] = {}
    for position, (node, data) in enumerate(graph.nodes(data=True)):
        layer = data.get(G.LAYER)
        if layer is not None:
            index = data.get(G.INDEX)
            layers.setdefault(layer, []).append((index is None, index or 0, position, node))
    return [[node for *_, node in sorted(members)] for _, members in sorted(layers.items())]


def ordering_lines(graph: nx.DiGraph, names: Mapping[str, str]) -> list[str]:
    """DOT lines that keep a layered graph's layers in order (see :func:`graphviz_app.layout.graphviz.layout_dot`).

    Each layer is a ``rank=same`` group chained by invisible edges in ``INDEX``
    order, and each layer's first node points invisibly at the next layer's. The
    chain is also what lets stock Graphviz lay out a ``rank=same`` group whose
    edges carry labels: without it, dot 2.x aborts in ``mincross.c``
    (``fixLabelOrder``) from about 800 nodes on.

    >>> g = nx.DiGraph()
    >>> g.add_nodes_from([("a", {"layer": 0, "index": 0}), ("b", {"layer": 0, "index": 1}),
    ...                   ("c", {"layer": 1, "index": 0})])
    >>> print("\\n".join(ordering_lines(g, {n: n for n in g})))
    a -> c [style=invis];
    {rank=same; a; b;
      a -> b [style=invis];
    }
    {rank=same; c;}
    """
    lines = []
    groups = layer_groups(graph)
    for before, after in itertools.pairwise(groups):
        # Layer k+1 comes after layer k even where no edge says so (two layers of
        # sources would otherwise share a column). A real edge says it already,
        # and an invisible twin beside it would bend it.
        if not graph.has_edge(before[0], after[0]):
            lines.append(f"{names[before[0]]} -> {names[after[0]]} [style=invis];")
    for members in groups:
        head = "{rank=same; " + "; ".join(names[node] for node in members) + ";"
        chain = [
            # An invisible edge a -> b inside a rank puts a before b (above in LR,
            # left in TB). Where a real edge joins the two, it decides instead.
            f"  {names[a]} -> {names[b]} [style=invis];"
            for a, b in itertools.pairwise(members)
            if not graph.has_edge(a, b) and not graph.has_edge(b, a)
        ]
        lines += [head, *chain, "}"] if chain else [head + "}"]
    return lines

"""How much layout a graph can afford: a cost estimate, three tiers, and the time budget.

Graphviz's ``dot`` is fast on layered graphs and explodes on graphs whose edges
jump over many ranks. Each edge from rank *i* to rank *j* becomes a chain of
``j - i - 1`` *virtual nodes*, and crossing minimisation (``mincross``) and node
placement (network simplex) work on those. A 300-line program where each step
uses the previous one and a random earlier one has 303 nodes but about 21,000
virtual nodes; dot took over 200 s on it. Node count is not what makes dot slow.

So :func:`virtual_nodes` estimates that number in linear time (ranks by longest
path, sources moved next to their first consumer, as dot's ranking does), and
:func:`first_tier` picks where to start:

``full``
    dot with its default effort (and iteration limits above
    :data:`LARGE_GRAPH_NODES` nodes): the best picture.
``cheap``
    dot with Graphviz's own limits turned down: ``mclimit`` (crossing
    minimisation passes), ``nslimit``/``nslimit1`` (network simplex iterations
    for placing and ranking), ``searchsize``, ``remincross=false``, and straight
    edges (``splines=line``, which skips the spline router). More crossings,
    a fraction of the time: the 300-line program in under a second.
``quick``
    no Graphviz at all: :mod:`graphviz_app.layout.quick`, a layered layout in
    Python whose time is linear in nodes, edges and virtual nodes.

Whatever the start, :func:`graphviz_app.layout.layout` also watches the clock:
a tier that runs past its share of the time budget is killed and the next one
runs, so the whole layout takes at most the budget plus the quick layout's time.

>>> import networkx as nx
>>> chain = nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")])  # a -> c skips rank 1
>>> virtual_nodes(chain)
1
>>> first_tier(chain)
'full'
"""

from __future__ import annotations

import logging
import math
import os

import networkx as nx

__all__ = [
    "BUDGET_ENV",
    "CHEAP_ABOVE",
    "CHEAP_SETTINGS",
    "FULL_SHARE",
    "LARGE_GRAPH_NODES",
    "LARGE_GRAPH_SETTINGS",
    "QUICK_ABOVE",
    "TIERS",
    "TIME_LIMIT",
    "first_tier",
    "ranks",
    "time_budget",
    "virtual_nodes",
]

TIME_LIMIT = 10.0  # seconds of Graphviz per layout, all tiers together (then: the quick layout)
BUDGET_ENV = "GRAPHVIZ_APP_LAYOUT_BUDGET"  # overrides TIME_LIMIT, in seconds (tests, slow machines)
FULL_SHARE = 0.5  # of the budget the full tier may use before the cheap tier gets the rest
CHEAP_ABOVE = 3_000  # estimated virtual nodes above which dot starts with cheap settings
QUICK_ABOVE = 40_000  # ... above which dot is skipped (cheap dot took 10 s on 90,000)
LARGE_GRAPH_NODES = 500  # more nodes than this: even the full tier gets iteration limits
LARGE_GRAPH_SETTINGS = ("mclimit=0.2", "nslimit=0.2")
CHEAP_SETTINGS = (
    "mclimit=0.01",
    "nslimit=0",
    "nslimit1=0",
    "searchsize=10",
    "remincross=false",
    "splines=line",
)
TIERS = ("full", "cheap", "quick")

_log = logging.getLogger(__name__)
_refused: set[str] = set()  # values of BUDGET_ENV already warned about: one line, not one per layout


def time_budget(time_limit: float | None = None) -> float:
    """Seconds Graphviz may take: ``time_limit``, else ``$GRAPHVIZ_APP_LAYOUT_BUDGET``, else :data:`TIME_LIMIT`.

    >>> time_budget(2.5)
    2.5
    """
    if time_limit is not None:
        return float(time_limit)
    text = os.environ.get(BUDGET_ENV, "").strip()
    if not text:
        return TIME_LIMIT
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if math.isfinite(value) and value > 0:
        return value
    if text not in _refused:  # said once (the CLI has no handler: logging prints the line on stderr)
        _refused.add(text)
        shown = text if len(text) <= 20 else text[:17] + "..."
        _log.warning(
            "graphviz-app: warning: %s=%r is not a number of seconds > 0; using the default, %g s",
            BUDGET_ENV,
            shown,
            TIME_LIMIT,
        )
    return TIME_LIMIT


def ranks(graph: nx.DiGraph) -> dict[str, int]:
    """A rank per node, as dot would roughly assign them: longest path from the sources.

    A source (a leaf, a constant) then moves next to its nearest consumer, as dot's
    network simplex ranking puts it, instead of sitting in rank 0.

    Nodes on a cycle (which no builder makes, but dot accepts) share a rank.

    >>> g = nx.DiGraph([("x", "s0"), ("s0", "s1"), ("w", "s1")])
    >>> sorted(ranks(g).items())
    [('s0', 1), ('s1', 2), ('w', 1), ('x', 0)]
    """
    if nx.is_directed_acyclic_graph(graph):
        rank: dict[str, int] = {}
        for node in nx.topological_sort(graph):
            rank[node] = max((rank[p] + 1 for p in graph.pred[node]), default=0)
    else:
        dag = nx.condensation(graph)
        of = dag.graph["mapping"]
        component = ranks(dag)
        rank = {node: component[of[node]] for node in graph}
    for node in graph:
        if not graph.pred[node] and graph.succ[node]:
            rank[node] = min(rank[c] for c in graph.succ[node]) - 1
    return rank


def virtual_nodes(graph: nx.DiGraph, rank: dict[str, int] | None = None) -> int:
    """The number of virtual nodes dot would add for edges that skip ranks (an estimate)."""
    rank = ranks(graph) if rank is None else rank
    return sum(max(0, rank[v] - rank[u] - 1) for u, v in graph.edges)


def first_tier(graph: nx.DiGraph, edge_labels: int = 0) -> str:
    """The tier to start with: ``"full"``, ``"cheap"`` or ``"quick"`` (see the module docstring).

    Edge labels double every edge's length in dot (the label sits on a rank of its
    own), so with labels the estimate doubles.
    """
    cost = virtual_nodes(graph) * (2 if edge_labels else 1) + edge_labels
    if cost > QUICK_ABOVE:
        return "quick"
    if cost > CHEAP_ABOVE:
        return "cheap"
    return "full"

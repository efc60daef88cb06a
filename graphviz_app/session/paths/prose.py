"""The paths panel's sentences, written here so they are tested without a display.

Each function turns a :class:`~graphviz_app.session.paths.sum_over_paths.PathSum` (and what
else it needs) into the text the panel shows. Some are small rich-text strings
(``<b>`` for the figure that matters, ``<br>`` between lines); names and
numbers in them are escaped.

Examples
--------
>>> from graphviz_app.session.state.session import Session
>>> from graphviz_app.session.paths.sum_over_paths import PathSum
>>> s = Session()
>>> s.open_source("x = cos(t); y = sin(t); z = x*y + x**2")
>>> ps = PathSum(s.evaluation, "t", s.evaluation.output)
>>> count_html(ps, True)
'<b>3 paths</b> from t to z'
>>> shown_text(ps, 3)
'showing 3 of 3'
"""

from __future__ import annotations

import html
from typing import Any

from graphviz_app.core import graph as G
from graphviz_app.session.paths.sum_over_paths import LIST_LIMIT, PathSum
from graphviz_app.session.paths.widths import width_explanation
from graphviz_app.text.numbers import count_text, summarize

__all__ = [
    "CHOOSE_SOURCE",
    "count_html",
    "endpoint_items",
    "modes_text",
    "shown_text",
    "tangent_agreement",
    "total_html",
    "widths_text",
]

CHOOSE_SOURCE = "<i>Choose an input or a parameter to follow.</i>"
"""What the panel says while no source is chosen."""


def _e(text: object) -> str:
    return html.escape(str(text))


def count_html(ps: PathSum | None, has_evaluation: bool) -> str:
    """How many paths lead from the source to the target (or why there is nothing to count)."""
    if ps is None:
        return CHOOSE_SOURCE if has_evaluation else ""
    src, tgt = _e(ps.name(ps.source)), _e(ps.name(ps.target))
    if ps.count == 0:
        return (
            f"<b>No path</b> from {src} to {tgt}: {tgt} does not depend on {src}, so {_e(ps.derivative)} = 0."
        )
    plural = "path" if ps.count == 1 else "paths"
    return f"<b>{_e(count_text(ps.count))} {plural}</b> from {src} to {tgt}"


def widths_text(network: Any, ps: PathSum | None) -> str | None:
    """Why a network has this many paths (the product of its layer widths), or None."""
    if network is None or ps is None or not ps.count:
        return None
    if network.view != "neuron":
        return (
            "In the layer view each edge carries a whole tensor, so each path stands for many "
            "neuron-level paths; switch to the neuron view to see them one by one."
        )
    return width_explanation(network.spec, ps.source, ps.target, ps.count, network.loss_node)


def modes_text(graph: Any, ps: PathSum | None) -> str:
    """Forward against reverse mode: how many passes each needs for this graph."""
    if ps is None:
        return ""
    n = len(G.leaves(graph, (G.INPUT, G.PARAM)))
    src = ps.name(ps.source)
    if n <= 1:
        return (
            f"Here one input and one output: each mode needs one pass. The table is forward mode's "
            f"pass from {src} beside the backward pass."
        )
    return (
        f"Here {n:,} inputs and parameters and one output: reverse mode gets all {n:,} gradients in "
        f"one backward pass; forward mode needs {n:,} passes, one per input. The table is the pass "
        f"from {src}."
    )


def shown_text(ps: PathSum | None, listed: int) -> str:
    """How many of the paths are listed so far, and where the list stops."""
    if ps is None:
        return ""
    stop = f" (the list stops at {LIST_LIMIT:,})" if listed >= LIST_LIMIT < ps.count else ""
    return f"showing {listed:,} of {count_text(ps.count)}{stop}"


def total_html(ps: PathSum | None) -> str:
    """The sum of the path products beside backprop's gradient, and whether they agree."""
    if ps is None or not ps.count:
        return ""
    total = ps.total()
    grad = f"backprop {_e(ps.derivative)} = <b>{_e(summarize(ps.gradient))}</b>"
    if total.complete:
        what = f"all {total.summed:,} path products" if total.summed > 1 else "the one path product"
        return f"Sum of {what} = <b>{_e(summarize(total.sum))}</b><br>{grad} &nbsp;{total.verdict}"
    return (
        f"Sum of the first {total.summed:,} shown = {_e(summarize(total.sum))} (too many paths to add them all)"
        f"<br>{grad}: backprop adds them all without walking them"
    )


def tangent_agreement(ps: PathSum, tangent: Any) -> str:
    """Forward mode's derivative at the target beside reverse mode's at the source: the same number."""
    return (
        f"At the target, forward mode gives d{ps.name(ps.target)}/d{ps.name(ps.source)} = "
        f"{summarize(tangent)}; at the source, reverse mode gives {ps.derivative} = "
        f"{summarize(ps.gradient)}: the same number, by two routes."
    )


def endpoint_items(order: Any, name: Any) -> list[tuple[str, str]]:
    """(text, node) for the source and target choices: each node by its name, counted where
    two nodes share a name (the first computed first), never by its internal id.

    >>> endpoint_items(["a", "b", "c"], {"a": "x", "b": "y", "c": "x"}.get)
    [('x  [1 of 2]', 'a'), ('y', 'b'), ('x  [2 of 2]', 'c')]
    """
    total: dict[str, int] = {}
    for node in order:
        total[name(node)] = total.get(name(node), 0) + 1
    seen: dict[str, int] = {}
    items = []
    for node in order:
        text = name(node)
        seen[text] = seen.get(text, 0) + 1
        items.append((text if total[text] == 1 else f"{text}  [{seen[text]} of {total[text]}]", node))
    return items

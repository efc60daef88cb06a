"""A classic mistake run on the session's graph and values, beside the right result.

:func:`run_mistake` runs the reference backward pass once more with one of the
mistakes of :mod:`graphviz_app.core.mistakes` and compares, for every node that
gets a gradient, the right value with the wrong one. For every leaf it adds the
finite-difference derivative (f(v + h) − f(v − h)) / 2h, which knows nothing of
the chain rule, and says which of the two it agrees with: always the right one,
which is how a gradient check catches every one of these bugs. One sentence of
prose, in the captions' notation, says what went wrong (:mod:`.mistake_prose`).
What each mistake is called is in :mod:`.mistake_table`.

Qt-free: the window's Mistakes menu and panel and the CLI's ``mistake`` command
show the same :class:`MistakeReport`.

Examples
--------
>>> from graphviz_app.session.state.session import Session
>>> s = Session()
>>> s.open_source("sin(x**2)", {"x": 1.5})
>>> report = run_mistake(s.evaluation, "forget-inner", ("x", "pow#2"))
>>> [(row.name, round(row.right, 4), round(row.wrong, 4), row.agrees) for row in report.rows if row.leaf]
[('x', -1.8845, -0.6282, 'right')]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation, backward_pass
from graphviz_app.core.gradcheck import TOLERANCE, gradcheck, relative_error
from graphviz_app.core.mistakes import Mistake, MistakeRefused, check_applies
from graphviz_app.session.checks.mistake_prose import harmless, line, prose
from graphviz_app.session.checks.mistake_table import RULES, TITLES
from graphviz_app.session.prose.captions import Captions

__all__ = ["MAX_CHECKED", "RULES", "TITLES", "MistakeReport", "MistakeRow", "resolve_edge", "run_mistake"]

Edge = tuple[str, str]

MAX_CHECKED = 400
"""Leaf elements checked by finite differences (two forward passes each); a larger graph skips the column."""


@dataclass(frozen=True)
class MistakeRow:
    """One node's gradient, right and wrong; for a leaf, the finite difference and which it agrees with.

    ``agrees`` is ``"right"``, ``"wrong"``, ``"both"`` (the mistake did not change this
    gradient), ``"neither"``, or ``""`` (not a leaf, or not checked).
    """

    node: str
    name: str  # what the captions call the node
    grad_name: str  # ∂f/∂node
    right: Any
    wrong: Any
    numeric: Any = None
    agrees: str = ""
    leaf: bool = False

    @property
    def damaged(self) -> bool:
        return not _same(self.right, self.wrong)


@dataclass(frozen=True)
class MistakeReport:
    """A mistake's damage: the rows (output side first), the prose, and the wrong gradients by node."""

    kind: str
    edge: Edge | None
    title: str
    prose: str
    rows: list[MistakeRow]
    wrong: dict[str, Any]
    line: str = ""
    """The mistake in one line, for the caption under the canvas (:func:`.mistake_prose.line`)."""

    @property
    def damaged(self) -> dict[str, Any]:
        """Node -> its wrong gradient, for the nodes whose gradient the mistake changed."""
        return {row.node: row.wrong for row in self.rows if row.damaged}


def run_mistake(ev: Evaluation, kind: str, edge: Edge | None = None) -> MistakeReport:
    """Run the mistake ``kind`` (on ``edge``, or everywhere it applies) against ``ev``.

    Raises :class:`MistakeRefused` with a message that says why where it does not apply.
    """
    g, captions = ev.graph, Captions(ev)
    mistake = Mistake(kind, edge, name=captions.name)  # an unknown kind is refused here
    check_applies(mistake, g, ev.contributions, ev.output)
    with np.errstate(all="ignore"):
        wrong, _, sent = backward_pass(g, ev.values, ev.output, mistake=mistake)
    numeric = _finite_differences(ev)
    rows = []
    for node in reversed(ev.order):
        if ev.grads.get(node) is None or node == ev.output:
            continue
        leaf = G.is_leaf(g, node)
        fd = numeric.get(node) if leaf else None
        rows.append(
            MistakeRow(
                node,
                captions.name(node),
                captions.grad_of(node),
                ev.grads[node],
                wrong[node],
                fd,
                _agrees(ev.grads[node], wrong[node], fd),
                leaf,
            )
        )
    if not any(row.damaged for row in rows):
        raise MistakeRefused(f"{TITLES[kind]}: {harmless(mistake, captions)}")
    said = prose(mistake, ev, captions, (wrong, sent), rows)
    return MistakeReport(kind, edge, TITLES[kind], said, rows, wrong, line(mistake, captions, rows))


# --- the finite-difference column ------------------------------------------------------------


def _finite_differences(ev: Evaluation) -> dict[str, Any]:
    """Leaf -> the central-difference gradient, shaped like the leaf ({} for a graph too big to check)."""
    g = ev.graph
    leaves = G.leaves(g)
    if sum(int(np.size(ev.values[leaf])) for leaf in leaves) > MAX_CHECKED:
        return {}
    given = {leaf: ev.values[leaf] for leaf in leaves}
    numeric: dict[str, Any] = {}
    for check in gradcheck(g, given, ev.output):
        if not check.index:
            numeric[check.leaf] = check.numeric
        else:
            numeric.setdefault(check.leaf, np.zeros(np.shape(ev.values[check.leaf])))[check.index] = (
                check.numeric
            )
    return numeric


def _close(a: Any, n: Any) -> bool:
    """gradcheck's test: relative error |a − n| / max(|a|, |n|, 1e-8) at most TOLERANCE, element by element."""
    a, n = np.asarray(a, dtype=float), np.asarray(n, dtype=float)
    if a.shape != n.shape and a.size != n.size:
        return False
    return bool(np.all(relative_error(a.reshape(n.shape), n) <= TOLERANCE))


def _agrees(right: Any, wrong: Any, numeric: Any) -> str:
    if numeric is None:
        return ""
    r, w = _close(right, numeric), _close(wrong, numeric)
    return "both" if r and w else "right" if r else "wrong" if w else "neither"


def _same(a: Any, b: Any) -> bool:
    return np.shape(a) == np.shape(b) and bool(np.array_equal(a, b, equal_nan=True))


def resolve_edge(ev: Evaluation, parent: str, child: str) -> Edge:
    """The edge named by two nodes, each given by name or as the captions write it (``x²``)."""
    names = Captions(ev).names
    edge = names.find(parent), names.find(child)
    if edge not in ev.graph.edges:
        shown = [
            f"{names.name(a)} → {names.name(b)}"
            for (a, b), sent in ev.contributions.items()
            if sent is not None
        ]
        raise MistakeRefused(
            f"there is no edge {names.name(edge[0])} → {names.name(edge[1])}; edges that carry a gradient: "
            + "; ".join(shown[:8])
            + (" …" if len(shown) > 8 else "")
        )
    return edge

"""The inspector's text, below Qt: every number of a node or an edge and where it came from.

:class:`InspectorText` turns the session's selection into a :class:`Page`: small
rich-text pieces (a title, tables of rows, the gradient and the contributions
it sums) that the inspector widget only places in its labels. Names and numbers
in them are escaped; numbers have every digit (:func:`format_full`).

Examples
--------
>>> from graphviz_app.session.state.session import Session
>>> s = Session()
>>> s.open_source("sin(x**2)", {"x": 1.5})
>>> s.set_step(len(s.timeline) - 1)
>>> page = InspectorText(s).node_page("x")
>>> page.title, page.edit_value
('<b>x</b>', 1.5)
>>> "gradient" in page.gradient
True
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from graphviz_app.builders.torch_agreement import agreement, tensor_of
from graphviz_app.core import graph as G
from graphviz_app.core.custom_ops import Definition
from graphviz_app.core.evaluate import local_jacobian
from graphviz_app.core.ops import get_op
from graphviz_app.errors import GraphvizAppError
from graphviz_app.session.checks.claims import claim_rows
from graphviz_app.session.paths.accumulation import accumulation
from graphviz_app.session.prose.captions import Captions
from graphviz_app.session.prose.clean_gradient import CLEAN_NOTE, clean_line
from graphviz_app.session.second_order.implicit import implicit_text
from graphviz_app.text.agreement import agreement_text
from graphviz_app.text.numbers import format_full, format_number, format_shape, summarize

__all__ = ["EDITABLE", "EMPTY_TEXT", "MAX_ROWS", "SMALL_JACOBIAN", "InspectorText", "Page", "escape"]

SMALL_JACOBIAN = 16
"""Jacobians with at most this many entries are written out; bigger ones by their shape."""
MAX_ROWS = 40
"""At most this many contributions are listed (a weight shared by a whole batch has many)."""
FULL_ARRAY = 16
EMPTY_TEXT = "Select a node or an edge on the canvas to see its numbers and where they came from."

_KIND_WORDS = {
    G.INPUT: "input",
    G.PARAM: "parameter (a weight or a bias)",
    G.TARGET: "target",
    G.CONST: "constant",
    G.OPNODE: "operation",
}
EDITABLE = (G.INPUT, G.PARAM, G.TARGET)


def _num(x: Any) -> str:
    """Every digit of a number; a small array in full, a big one summarised."""
    if x is None:
        return "—"
    if np.ndim(x) == 0 or np.size(x) <= FULL_ARRAY:
        return format_full(x)
    return summarize(x)


def _short(x: Any) -> str:
    """A number for a table cell: 6 significant digits (every digit is in the lines above)."""
    return "—" if x is None else format_number(x, 6)


def _e(text: Any) -> str:
    """Text made safe for a rich-text label, line breaks kept."""
    return html.escape(str(text)).replace("\n", "<br>")


def _table(rows: Iterable[Iterable[str]], header: Iterable[str] | None = None) -> str:
    """An HTML table of already-escaped cells."""
    parts = ['<table cellspacing="0" cellpadding="3">']
    if header is not None:
        parts.append("<tr>" + "".join(f"<th align='left'>{h}</th>" for h in header) + "</tr>")
    for row in rows:
        parts.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>")
    parts.append("</table>")
    return "".join(parts)


def _derivative_row(position: int, arity: int) -> str:
    """The row title of a local derivative: "derivative", or "derivative, arg 1" for several arguments."""
    return "derivative" if arity <= 1 else f"derivative, arg {position}"


@dataclass
class Page:
    """What the inspector shows for one selection: rich-text pieces, "" where there is nothing."""

    title: str = ""
    details: str = ""
    value: str = ""
    flags: str = ""
    """Plain text: one ``⚠ reason`` line per problem with the number."""
    gradient: str = ""
    contributions: str = ""
    implicit: str = ""
    edit_value: float | None = None
    """The value of a scalar input, weight or target (editable there); None for anything else."""

    def set(self, piece: str, text: str) -> None:
        setattr(self, piece, text)


def escape(text: Any) -> str:
    """Text made safe for a rich-text label, line breaks kept."""
    return _e(text)


class InspectorText:
    """The inspector's pages for one session."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self._captions: Captions | None = None

    def page(self, selection: Any) -> Page | None:
        """The page of ``selection`` (a node id or an edge), None when nothing is selected.

        Raises :class:`GraphvizAppError` for a selection that is not in the graph.
        """
        ev = self.session.evaluation
        if selection is None or ev is None:
            return None
        g = ev.graph
        if isinstance(selection, tuple):
            if not g.has_edge(*selection):
                raise GraphvizAppError(f"there is no edge {selection[0]} → {selection[1]} in this graph")
            return self.edge_page(tuple(selection))
        if selection not in g:
            raise GraphvizAppError(f"there is no node '{selection}' in this graph")
        return self.node_page(selection)

    def _local_formula(self, names: Captions, edge: tuple[str, str]) -> str:
        """``∂x/∂t = −sin(t) = −sin(0.5) = −0.4794`` for one edge, with its argument names."""
        parent, child = edge
        symbolic, numeric = names.local_formula(edge)
        local = self.session.evaluation.local.get(edge)
        parts = [
            f"∂{names.d(child)}/∂{names.d(parent)}",
            symbolic,
            numeric,
            _num(local) if local is not None else "",
        ]
        return " = ".join(p for p in dict.fromkeys(parts) if p)

    def names(self) -> Captions:
        ev = self.session.evaluation
        if self._captions is None or self._captions.ev is not ev:
            self._captions = Captions(ev)
        return self._captions

    def _step_index(self) -> tuple[Mapping[str, int], Mapping[tuple[str, str], int]]:
        """Forward step of each op node and backward step of each edge, for the current timeline."""
        timeline = self.session.timeline
        if timeline is None:
            return {}, {}
        return timeline.forward_steps(), timeline.backward_steps()

    def _caption(self, index: int | None) -> str | None:
        timeline = self.session.timeline
        return None if index is None or timeline is None else timeline.steps[index].caption

    def _node_state(self, node: str):
        frame = self.session.frame()
        return None if frame is None else frame.nodes.get(node)

    # --- private: a node ----------------------------------------------------------------------

    def node_page(self, node: str) -> Page:
        page = Page()
        ev, names = self.session.evaluation, self.names()
        g = ev.graph
        data = g.nodes[node]
        kind = data[G.KIND]
        name = names.name(node)
        page.title = f"<b>{_e(name)}</b>"  # what the captions call it, never the internal id

        rows = [["kind", _e(_KIND_WORDS.get(kind, kind))]]
        if node in names.names.generated:  # u₁: a short name for a long expression
            rows.append(["stands for", _e(names.names.generated[node])])
        if node == ev.output:
            rows.append(["role", "the output: the backward pass starts here"])
        if kind == G.OPNODE:
            spec = get_op(data[G.OP])
            if spec.definition is not None:
                rows += self._own_op_rows(spec.definition, node)
            else:
                rows.append(["op", f"{_e(spec.name)} &nbsp;(drawn as {_e(spec.symbol)})"])
            for position, parent in enumerate(dict.fromkeys(G.parents(g, node))):
                rows.append(
                    [
                        _derivative_row(position, len(spec.derivatives)),
                        _e(self._local_formula(names, (parent, node))),
                    ]
                )
        page.set("details", _table(rows))

        value = ev.values[node]
        forward, _ = self._step_index()
        value_rows = [
            [
                "value",
                _e(_num(value)) + (f" &nbsp;{_e(format_shape(np.shape(value)))}" if np.ndim(value) else ""),
            ]
        ]
        if kind == G.OPNODE:
            value_rows.append(["computed", _e(self._caption(forward.get(node)) or "")])
            state = self._node_state(node)
            if state is not None and state.value is None:
                value_rows.append(["at this step", "not computed yet"])
        elif kind == G.CONST:
            written = "your PyTorch code" if self.session.loaded.torch is not None else "the expression"
            value_rows.append(["from", f"a number written in {written}"])
        else:
            value_rows.append(["from", "given (edit it below, or with the inputs)"])
        page.set("value", _table(value_rows))

        flags = ev.flags.get(node, [])
        page.flags = "\n".join(f"⚠ {f}" for f in flags) if flags else ""

        if kind in EDITABLE and np.ndim(self.session.values.get(node, value)) == 0:
            page.edit_value = float(self.session.values.get(node, value))

        self._gradient(page, node)
        self._torch(page, node)
        self._implicit(page, node)
        return page

    def _torch(self, page: Page, node: str) -> None:
        """For a graph read from PyTorch: whether our gradient agrees with PyTorch's (its tensors and the output)."""
        loaded, ev = self.session.loaded, self.session.evaluation
        if loaded is None or loaded.torch is None:
            return
        tensor = tensor_of(node, loaded.torch.reference.grads)
        if tensor is None and node != ev.output:
            return
        found = agreement(loaded.torch, loaded.view, self.session.values, ev.grads)
        page.set("gradient", "<br>".join(filter(None, [page.gradient, _e(agreement_text(found, tensor))])))

    def _implicit(self, page: Page, node: str) -> None:
        """For F of an equation: the slope dy/dx = −F_x / F_y it gives, and a warning off the curve."""
        shown = implicit_text(self.session) if node == self.session.evaluation.output else None
        if shown is None:
            page.set("implicit", "")
            return
        rows = [["implicit slope", _e(shown.formula)], ["here", _e(shown.numbers)]]
        rows += [["", _e(text)] for text in (shown.reason, shown.warning) if text]
        page.set("implicit", _table(rows))

    def _gradient(self, page: Page, node: str) -> None:
        ev, names = self.session.evaluation, self.names()
        grad = ev.grads[node]
        if grad is None:
            page.set(
                "gradient",
                _e(
                    f"no gradient: no input or parameter reaches "
                    f"{names.name(node)}, so nothing to differentiate "
                    "(constants get none)"
                ),
            )
            page.set("contributions", "")
            return
        lines = [f"<b>gradient</b> {_e(names.grad_of(node))} = {_e(_num(grad))}"]
        clean = clean_line(ev, names.names, node)
        if clean is not None:
            lines.append(_e(f"{clean} {CLEAN_NOTE}"))
        state = self._node_state(node)
        if state is not None:
            lines.append(_e(self._progress(state)))
        page.set("gradient", "<br>".join(lines))

        if node == ev.output:
            seed = f"{names.grad_of(node)} = 1: the seed of the backward pass"
            page.set("contributions", _e(seed))
            return
        _, backward = self._step_index()
        acc = accumulation(ev, node, names)
        children = acc.rows
        if not children:
            page.set(
                "contributions",
                _e(f"{names.name(node)} does not lead to {names.out_name}, so its gradient is 0"),
            )
            return
        rows = []
        for row in children[:MAX_ROWS]:
            arrived = backward.get((node, row.child))
            when = "—" if arrived is None else ("arrived" if self.session.step >= arrived else "not yet")
            local_text = _short(row.local) if row.local is not None else row.local_text
            rows.append(
                [
                    _e(row.name),
                    _e(_short(row.upstream)),
                    "×&nbsp;" + _e(local_text),
                    "=&nbsp;" + _e(_short(row.contribution)),
                    _e(when),
                ]
            )
        if len(children) > MAX_ROWS:
            rows.append([_e(f"… and {len(children) - MAX_ROWS} more"), "", "", "", ""])
        rows.append(["<b>sum</b>", "", "", f"<b>=&nbsp;{_e(_short(grad))}</b>", ""])
        header = ["child", _e(f"∂{names.out_name}/∂child"), "× local", "= contribution", "at this step"]
        intro = f"{names.grad_of(node)} is the sum of what each outgoing edge sends back:"
        page.set("contributions", _e(intro) + _table(rows, header))

    @staticmethod
    def _progress(state) -> str:
        if state.grad is None:
            if state.expected:
                return (
                    f"at this step: not arrived yet (0 of {state.expected} contribution"
                    f"{'s' if state.expected > 1 else ''})"
                )
            return "at this step: not computed yet"
        if state.grad_final:
            return "at this step: final"
        return (
            f"at this step: partial {_num(state.grad)} ({state.received} of {state.expected} contributions)"
        )

    def _own_op_rows(self, definition: Definition, node: str) -> list[list[str]]:
        """An op the user defined: its definition, its claims, and what the gradient check says of them here."""
        rows = [["op", _e(f"your own: {definition.call()} := {definition.body_text}")]]
        for position, text in enumerate(definition.claim_texts):
            rows.append(["claimed", _e(f"{definition.claim_name(position)} := {text}")])
        for row in claim_rows(self.session.evaluation):
            if row.check.node == node:
                rows.append(["checked", _e(("✓ " if row.ok else "✗ ") + row.sentence)])
        return rows

    # --- private: an edge ---------------------------------------------------------------------

    def edge_page(self, edge: tuple[str, str]) -> Page:
        page = Page()
        ev, names = self.session.evaluation, self.names()
        g = ev.graph
        parent, child = edge
        page.title = f"<b>{_e(names.name(parent))} → {_e(names.name(child))}</b>"
        spec = get_op(g.nodes[child][G.OP])
        positions = g.edges[edge][G.ARG]
        rows = [["argument", _e(", ".join(str(p) for p in positions) + f" of {spec.title} ({spec.symbol})")]]
        rows.append(["derivative", _e(self._local_formula(names, edge))])
        page.set("details", _table(rows))

        forward, backward = self._step_index()
        value_rows = [["carries", _e(_num(ev.edge_value(edge)))], ["local", self._local_text(edge)]]
        sent = ev.contributions.get(edge)
        if sent is not None:
            upstream = ev.grads.get(child)
            local = ev.local.get(edge)
            if local is not None:
                value_rows.append(
                    [
                        "sends back",
                        _e(
                            f"{names.grad_of(child)} × local = {_num(upstream)} × "
                            f"{_num(local)} = {_num(sent)}"
                        ),
                    ]
                )
            else:
                value_rows.append(["sends back", _e(_num(sent))])
        else:
            value_rows.append(["sends back", "nothing: no gradient flows along this edge"])
        page.set("value", _table(value_rows))

        captions = []
        if child in forward:
            captions.append(f"<b>forward</b><br>{_e(self._caption(forward[child]))}")
        if edge in backward:
            captions.append(f"<b>backward</b><br>{_e(self._caption(backward[edge]))}")
        page.set("gradient", "<br><br>".join(captions))
        page.set("contributions", "")
        flags = ev.flags.get(child, [])
        page.flags = "\n".join(f"⚠ {f}" for f in flags) if flags else ""
        return page

    def _local_text(self, edge: tuple[str, str]) -> str:
        ev = self.session.evaluation
        local = ev.local.get(edge)
        if local is not None:
            return _e(_num(local))
        if ev.contributions.get(edge) is None:
            return "not needed: no gradient flows along this edge"
        shape = ev.jacobian_shape(edge)
        text = f"Jacobian of shape {format_shape(shape)} (the child's shape, then the parent's)"
        try:
            jac = local_jacobian(ev, edge, max_elements=SMALL_JACOBIAN)
        except GraphvizAppError as exc:
            return _e(f"{text}: {exc}")
        if jac is None:
            return _e(text + ", too big to list")
        return _e(text) + f"<pre>{_e(format_full(jac))}</pre>"

"""The inspector: every number of the selected node or edge, and where it came from.

For a **node** it shows what the node is (its name, kind, op and symbol), the
formula of its local derivative with respect to each argument, its value with
the forward step that computed it, and its gradient ∂f/∂node *with the
contributions it is the sum of*: one per outgoing edge, each ∂f/∂child × local
derivative. That sum is the multivariable chain rule, and the table shows its
terms adding up. At the current step of the animation it also says how much of
the gradient has arrived ("partial: 0.3 (2 of 3 contributions)").

For an **edge** parent → child it shows the argument position, the value the
edge carries forward, the local derivative ∂child/∂parent (a number, or the
Jacobian for tensors: its shape, and its entries when it is small), and the
contribution it sends back, with the backward step's caption.

A value that is not finite is explained (``log is only defined for positive
numbers...``) in a warning colour. A scalar input, weight or target can be
edited here. Numbers are shown with every digit (:func:`format_full`) and all
text can be selected and copied.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import local_jacobian
from graphviz_app.core.ops import get_op
from graphviz_app.errors import GraphvizAppError
from graphviz_app.gui.panels.base import SessionPanel
from graphviz_app.gui.panels.message_label import MessageLabel
from graphviz_app.session import session as S
from graphviz_app.session.accumulation import accumulation
from graphviz_app.session.captions import Captions
from graphviz_app.session.implicit import implicit_text
from graphviz_app.text.numbers import format_full, format_number, format_shape, summarize

__all__ = ["MAX_ROWS", "SMALL_JACOBIAN", "Inspector"]

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


def _rich_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    # Ignore the width of long numbers: the label wraps to the dock instead of widening it.
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


class Inspector(SessionPanel):
    """Shows the session's selection: a node id, an edge (parent, child), or nothing.

    Parameters
    ----------
    session:
        The application's :class:`~graphviz_app.session.session.Session`.
    parent:
        The parent widget (the dock).
    """

    # --- signals ---------------------------------------------------------------------

    def __init__(self, session: S.Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._captions: Captions | None = None

        content = QWidget(self)
        self.title_label = _rich_label(content)
        self.details_label = _rich_label(content)
        self.value_label = _rich_label(content)
        self.flags_label = MessageLabel(content)
        self.flags_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.value_spin = QDoubleSpinBox(content)
        self.value_spin.setRange(-1e6, 1e6)
        self.value_spin.setDecimals(8)
        self.value_spin.setSingleStep(0.1)
        self.value_spin.setKeyboardTracking(False)  # send the number when typing is finished
        self.edit_row = QWidget(content)
        edit_form = QFormLayout(self.edit_row)
        edit_form.setContentsMargins(0, 0, 0, 0)
        edit_form.addRow("Edit value", self.value_spin)
        self.gradient_label = _rich_label(content)
        self.contributions_label = _rich_label(content)
        self.implicit_label = _rich_label(content)
        self.error_label = MessageLabel(content)
        column = QVBoxLayout(content)
        for widget in (
            self.title_label,
            self.details_label,
            self.value_label,
            self.flags_label,
            self.edit_row,
            self.gradient_label,
            self.contributions_label,
            self.implicit_label,
            self.error_label,
        ):
            column.addWidget(widget)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )  # wrap, never scroll sideways
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self.value_spin.valueChanged.connect(self._on_value_changed)
        self.refresh()

    # --- public API --------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the session's current selection at the current step."""
        try:
            self._show(self.session.selection)
        except GraphvizAppError as exc:  # e.g. a selection that is not in this graph
            self._clear()
            self.error_label.show_error(str(exc))

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

    def plain_text(self) -> str:
        """Everything shown, as plain text (what a copy of the whole panel gives)."""
        parts = []
        for label in (
            self.title_label,
            self.details_label,
            self.value_label,
            self.flags_label,
            self.gradient_label,
            self.contributions_label,
            self.implicit_label,
            self.error_label,
        ):
            if label.isVisibleTo(self) and label.text():
                if label.textFormat() == Qt.TextFormat.RichText:
                    doc = QTextDocument()
                    doc.setHtml(label.text())
                    parts.append(doc.toPlainText().replace("\u00a0", " "))
                else:
                    parts.append(label.text())
        return "\n".join(parts)

    # --- slots ---------------------------------------------------------------------------

    def on_graph_replaced(self) -> None:
        self.refresh()

    def on_values_changed(self) -> None:
        self.refresh()

    def on_step_changed(self) -> None:
        self.refresh()

    def on_selection_changed(self) -> None:
        self.refresh()

    def _on_value_changed(self, value: float) -> None:
        node = self.session.selection
        if not isinstance(node, str):
            return
        try:
            self.session.set_value(node, value)
        except GraphvizAppError as exc:
            self.error_label.show_error(str(exc))
            self.sig_status.emit(str(exc))
            with QSignalBlocker(self.value_spin):
                self.value_spin.setValue(float(self.session.values[node]))
            return
        self.error_label.clear()
        self.sig_status.emit(f"{node} = {format_full(value)}")

    # --- private: what to show ----------------------------------------------------------------

    def _clear(self) -> None:
        self.title_label.setText(_e(EMPTY_TEXT))
        for label in (
            self.details_label,
            self.value_label,
            self.gradient_label,
            self.contributions_label,
            self.implicit_label,
        ):
            label.clear()
            label.setVisible(False)
        self.flags_label.clear()
        self.error_label.clear()
        self.edit_row.setVisible(False)

    def _show(self, selection: Any) -> None:
        ev = self.session.evaluation
        if selection is None or ev is None:
            self._clear()
            return
        self.error_label.clear()
        g = ev.graph
        if isinstance(selection, tuple):
            if not g.has_edge(*selection):
                raise GraphvizAppError(f"there is no edge {selection[0]} → {selection[1]} in this graph")
            self._show_edge(tuple(selection))
        else:
            if selection not in g:
                raise GraphvizAppError(f"there is no node '{selection}' in this graph")
            self._show_node(selection)

    def _names(self) -> Captions:
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

    def _show_node(self, node: str) -> None:
        ev, names = self.session.evaluation, self._names()
        g = ev.graph
        data = g.nodes[node]
        kind = data[G.KIND]
        name = names.name(node)
        self.title_label.setText(f"<b>{_e(name)}</b>" + ("" if name == node else f" &nbsp;(node {_e(node)})"))

        rows = [["kind", _e(_KIND_WORDS.get(kind, kind))]]
        if node == ev.output:
            rows.append(["role", "the output: the backward pass starts here"])
        if kind == G.OPNODE:
            spec = get_op(data[G.OP])
            rows.append(["op", f"{_e(spec.name)} &nbsp;(drawn as {_e(spec.symbol)})"])
            for position, parent in enumerate(dict.fromkeys(G.parents(g, node))):
                rows.append(
                    [
                        _derivative_row(position, len(spec.derivatives)),
                        _e(self._local_formula(names, (parent, node))),
                    ]
                )
        self._set(self.details_label, _table(rows))

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
            value_rows.append(["from", "a number written in the expression"])
        else:
            value_rows.append(["from", "given (edit it below, or with the inputs)"])
        self._set(self.value_label, _table(value_rows))

        flags = ev.flags.get(node, [])
        self.flags_label.show_warning("\n".join(f"⚠ {f}" for f in flags) if flags else "")

        editable = kind in EDITABLE and np.ndim(self.session.values.get(node, value)) == 0
        self.edit_row.setVisible(editable)
        if editable:
            current = float(self.session.values.get(node, value))
            with QSignalBlocker(self.value_spin):
                self.value_spin.setValue(current if math.isfinite(current) else 0.0)
            self.value_spin.setToolTip(f"{node} = {format_full(current)}")

        self._show_gradient(node)
        self._show_implicit(node)

    def _show_implicit(self, node: str) -> None:
        """For F of an equation: the slope dy/dx = −F_x / F_y it gives, and a warning off the curve."""
        shown = implicit_text(self.session) if node == self.session.evaluation.output else None
        if shown is None:
            self._set(self.implicit_label, "")
            return
        rows = [["implicit slope", _e(shown.formula)], ["here", _e(shown.numbers)]]
        rows += [["", _e(text)] for text in (shown.reason, shown.warning) if text]
        self._set(self.implicit_label, _table(rows))

    def _show_gradient(self, node: str) -> None:
        ev, names = self.session.evaluation, self._names()
        grad = ev.grads[node]
        if grad is None:
            self._set(
                self.gradient_label,
                _e(
                    f"no gradient: no input or parameter reaches "
                    f"{names.name(node)}, so nothing to differentiate "
                    "(constants get none)"
                ),
            )
            self._set(self.contributions_label, "")
            return
        lines = [f"<b>gradient</b> {_e(names.grad_of(node))} = {_e(_num(grad))}"]
        state = self._node_state(node)
        if state is not None:
            lines.append(_e(self._progress(state)))
        self._set(self.gradient_label, "<br>".join(lines))

        if node == ev.output:
            seed = f"{names.grad_of(node)} = 1: the seed of the backward pass"
            self._set(self.contributions_label, _e(seed))
            return
        _, backward = self._step_index()
        acc = accumulation(ev, node, names)
        children = acc.rows
        if not children:
            self._set(
                self.contributions_label,
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
        self._set(self.contributions_label, _e(intro) + _table(rows, header))

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

    # --- private: an edge ---------------------------------------------------------------------

    def _show_edge(self, edge: tuple[str, str]) -> None:
        ev, names = self.session.evaluation, self._names()
        g = ev.graph
        parent, child = edge
        self.title_label.setText(
            f"<b>{_e(names.name(parent))} → {_e(names.name(child))}</b>"
            f" &nbsp;(edge {_e(parent)} → {_e(child)})"
        )
        spec = get_op(g.nodes[child][G.OP])
        positions = g.edges[edge][G.ARG]
        rows = [["argument", _e(", ".join(str(p) for p in positions) + f" of {spec.name} ({spec.symbol})")]]
        rows.append(["derivative", _e(self._local_formula(names, edge))])
        self._set(self.details_label, _table(rows))

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
        self._set(self.value_label, _table(value_rows))

        captions = []
        if child in forward:
            captions.append(f"<b>forward</b><br>{_e(self._caption(forward[child]))}")
        if edge in backward:
            captions.append(f"<b>backward</b><br>{_e(self._caption(backward[edge]))}")
        self._set(self.gradient_label, "<br><br>".join(captions))
        self._set(self.contributions_label, "")
        flags = ev.flags.get(child, [])
        self.flags_label.show_warning("\n".join(f"⚠ {f}" for f in flags) if flags else "")
        self.edit_row.setVisible(False)

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

    @staticmethod
    def _set(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

"""The accumulation panel: where ``+=`` happens.

For the selected node a, the backward pass adds up what each outgoing edge sends
back: ∂L/∂a = Σ over children c of ∂L/∂c · ∂c/∂a. The panel lists those terms in
the order the backward pass adds them, one row per child: the child, its
gradient ∂L/∂c, the local derivative ∂c/∂a, their product (the contribution)
and the gradient after that ``+=``. The last running total is the node's
gradient. For a selected edge the panel shows its parent, with the edge's row
selected. Tensor edges show arrays compactly and Jacobians by their shape.

The numbers come from :func:`graphviz_app.session.paths.accumulation.accumulation`.
"""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from graphviz_app.errors import GraphvizAppError
from graphviz_app.gui.panels.base import SessionPanel
from graphviz_app.gui.panels.message_label import MessageLabel, text_label
from graphviz_app.gui.panels.vertical_scroll import scroll_in
from graphviz_app.session.paths.accumulation import Accumulation, accumulation
from graphviz_app.session.prose.captions import Captions
from graphviz_app.session.state import session as S
from graphviz_app.text.numbers import format_full, summarize

__all__ = ["EMPTY_TEXT", "MAX_ROWS", "AccumulationPanel"]

EMPTY_TEXT = "Select a node on the canvas to see its gradient added up, one outgoing edge at a time."
MAX_ROWS = 500
"""At most this many outgoing edges are listed (a weight shared by a large batch has many)."""


def _tip(value: object) -> str:
    return "—" if value is None else format_full(value)


class AccumulationPanel(SessionPanel):
    """The selected node's gradient as the sum of its outgoing edges' contributions."""

    refresh_on = frozenset({S.Event.STRUCTURE, S.Event.VALUES, S.Event.SELECTION})

    def __init__(self, session: S.Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.accumulation: Accumulation | None = None
        self._names: Captions | None = None

        self.title_label = text_label(self, rich=True)
        self.table = QTableWidget(0, 5, self)
        self.table.setAccessibleName("contributions")
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # columns as wide as their header and cells (Stretch cut "= contribution" to "contributio…");
        # the table scrolls sideways when the dock is narrower than that
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.sum_label = text_label(self, rich=True)
        self.error_label = MessageLabel(self)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.sum_label)
        layout.addWidget(self.error_label)
        # in a short dock, scroll: laid out straight into it, the wrapped title was drawn over the table
        self.scroll_area = scroll_in(self, body, frame=False)

        self.refresh()

    # --- public API --------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the selected node (or the parent of the selected edge)."""
        self.error_label.clear()
        ev = self.session.evaluation
        selection = self.session.selection
        node = selection[0] if isinstance(selection, tuple) else selection
        if ev is None or node is None:
            self._clear(EMPTY_TEXT)
            return
        names = self._names
        if names is None or names.ev is not ev:
            names = self._names = Captions(ev)
        try:
            acc = accumulation(ev, node, names)
        except GraphvizAppError as exc:
            self._clear(EMPTY_TEXT)
            self.error_label.show_error(str(exc))
            return
        self.accumulation = acc
        self._show(acc, names, selection[1] if isinstance(selection, tuple) else None)

    # --- private -------------------------------------------------------------------------

    def _clear(self, text: str) -> None:
        self.accumulation = None
        self.title_label.setText(html.escape(text))
        with QSignalBlocker(self.table):
            self.table.setRowCount(0)
        self.table.setVisible(False)
        self.sum_label.clear()

    def _show(self, acc: Accumulation, names: Captions, child: str | None) -> None:
        d, name = html.escape(acc.derivative), html.escape(acc.name)
        out = html.escape(names.out_name)
        if acc.gradient is None:
            self._clear("")
            self.title_label.setText(
                f"<b>{name}</b> gets no gradient: no input or parameter reaches it (constants get none)."
            )
            return
        if acc.is_output:
            self._clear("")
            self.title_label.setText(
                f"<b>{name}</b> is the output: {d} = 1, the seed the backward pass starts from."
            )
            return
        if not acc.rows:
            self._clear("")
            self.title_label.setText(
                f"<b>{name}</b> has no edge towards {out}, so nothing is added: "
                f"{d} = {html.escape(summarize(acc.gradient))}."
            )
            return
        node = html.escape(names.d(acc.node))
        self.title_label.setText(
            f"<b>{d}</b> is the sum of what each edge out of {name} sends back: "
            f"∂{out}/∂child × ∂child/∂{node}, added with <code>+=</code> in the order "
            "the backward pass visits the children."
        )
        rows = acc.rows[:MAX_ROWS]
        with QSignalBlocker(self.table):
            self.table.setHorizontalHeaderLabels(
                ["child", f"∂{names.out_name}/∂child", "× local", "= contribution", "after +="]
            )
            self.table.setRowCount(len(rows))
            selected = -1
            for i, r in enumerate(rows):
                cells = [
                    (r.name, r.name),  # the whole name where the column cuts it, never the internal id
                    (summarize(r.upstream), _tip(r.upstream)),
                    (r.local_text, _tip(r.local) if r.local is not None else r.local_text),
                    (
                        "no gradient flows" if r.contribution is None else summarize(r.contribution),
                        _tip(r.contribution),
                    ),
                    (summarize(r.running), _tip(r.running)),
                ]
                for j, (text, tip) in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setToolTip(tip)
                    self.table.setItem(i, j, item)
                if r.child == child:
                    selected = i
            self.table.clearSelection()
            if selected >= 0:
                self.table.selectRow(selected)
        self.table.setVisible(True)
        more = f" (and {len(acc.rows) - MAX_ROWS:,} more rows not listed)" if len(acc.rows) > MAX_ROWS else ""
        terms = sum(1 for r in acc.rows if r.contribution is not None)
        same = (
            "✓ equal to the gradient backprop stored"
            if _same(acc.total, acc.gradient)
            else "✗ differs from the stored gradient"
        )
        self.sum_label.setText(
            f"Sum of {terms} contribution{'s' if terms != 1 else ''}{more}: "
            f"<b>{d} = {html.escape(summarize(acc.total))}</b> &nbsp;{same}"
        )


def _same(a: object, b: object) -> bool:
    return bool(
        np.allclose(
            np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=1e-9, atol=1e-12, equal_nan=True
        )
    )

"""Second derivatives in the window: View ▸ Backward graph, the Order control, ∂²f/∂x∂v, y''.

:class:`SecondOrderUi` puts the pieces where a student looks for them, without the
panels having to know about second derivatives:

- View ▸ Backward graph (its command is in the window's command table) shows the backward
  pass as a graph of its own (the forward nodes it reads drawn faded by the canvas);
- an "Order" control (1 or 2) at the foot of the Expression tab;
- at order 2, a section of the inspector below the implicit slope: ∂²f/∂x∂v for the
  selected input x and every input v, each written as the derivative of the
  gradient's expression with what each path adds;
- at order 2, y'' under dy/dx in the implicit slope panel.

The numbers and sentences are Qt-free
(:class:`~graphviz_app.session.second_order.state.SecondOrderState`); this module
only shows them.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from graphviz_app.errors import GraphvizAppError
from graphviz_app.gui.panels.expression_editor import ExpressionEditor
from graphviz_app.gui.panels.implicit_panel import ImplicitPanel
from graphviz_app.gui.panels.inspector import Inspector
from graphviz_app.gui.session_link import subscribe_while_alive
from graphviz_app.session.second_order.backward_view import BackwardSwitch
from graphviz_app.session.second_order.state import SecondOrderState
from graphviz_app.session.state import session as S
from graphviz_app.session.state.session import Session

__all__ = ["SecondOrderUi"]

INSPECTOR_TITLE = "Second derivatives (order 2)"
IMPLICIT_TITLE = "Curvature: y''"


def _section() -> QLabel:
    label = QLabel()
    label.setObjectName("second_order_section")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setVisible(False)
    return label


def _html(title: str, lines: list[str]) -> str:
    rows = "".join(f"<tr><td>{html.escape(line)}</td></tr>" for line in lines)
    return f'<b>{html.escape(title)}</b><table cellspacing="0" cellpadding="3">{rows}</table>'


class SecondOrderUi:
    """The window's second-derivative controls, wired to one :class:`SecondOrderState`.

    ``action`` is View ▸ Backward graph (checked while the backward graph is shown); the Order
    control goes at the foot of ``editor``, the sections into ``inspector`` and ``implicit``.
    """

    def __init__(
        self,
        session: Session,
        action: QAction,
        editor: ExpressionEditor,
        inspector: Inspector,
        implicit: ImplicitPanel,
        show_error: Callable[[str], None],
        show_status: Callable[[str], None],
    ) -> None:
        self.session, self.action = session, action
        self._show_error, self._show_status = show_error, show_status
        self.switch = BackwardSwitch(session)
        self.state = SecondOrderState(session, self.switch)

        self.order_row = QWidget()
        row = QHBoxLayout(self.order_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Order", self.order_row))
        self.order_box = QComboBox(self.order_row)
        self.order_box.setObjectName("order_box")
        self.order_box.addItem("1: gradients", 1)
        self.order_box.addItem("2: second derivatives", 2)
        self.order_box.setToolTip("Order 2 adds ∂²f/∂x∂v to the inspector and y'' to the implicit slope")
        self.order_box.currentIndexChanged.connect(self._on_order_changed)
        row.addWidget(self.order_box, 1)
        editor.add_row(self.order_row)

        self.inspector_section = _section()
        inspector.add_section(self.inspector_section)
        self.implicit_section = _section()
        implicit.add_section(self.implicit_section)
        # the sections go with the panels: from then on there is nothing to refresh
        subscribe_while_alive(self.inspector_section, session, self._on_session_changed)

    # --- public API ------------------------------------------------------------------------

    def set_order(self, order: int) -> None:
        self.order_box.setCurrentIndex(self.order_box.findData(order))

    def refresh(self) -> None:
        inspector_lines = self.state.inspector_lines(self.session.selection)
        self.inspector_section.setText(_html(INSPECTOR_TITLE, inspector_lines) if inspector_lines else "")
        self.inspector_section.setVisible(bool(inspector_lines))
        implicit_lines = self.state.implicit_lines()
        self.implicit_section.setText(_html(IMPLICIT_TITLE, implicit_lines) if implicit_lines else "")
        self.implicit_section.setVisible(bool(implicit_lines))

    def show_backward(self, on: bool) -> None:
        """View ▸ Backward graph turned ``on`` or off: the backward pass as a graph, or the forward graph."""
        try:
            self.switch.show(on)
        except GraphvizAppError as exc:
            self._show_error(str(exc))
            with QSignalBlocker(self.action):
                self.action.setChecked(False)
            return
        self._show_status(
            "Backward graph: the backward pass as a graph; its own backward pass gives second derivatives"
            if on
            else "Forward graph"
        )

    # --- slots -----------------------------------------------------------------------------

    def _on_order_changed(self, _index: int) -> None:
        self.state.order = int(self.order_box.currentData())
        self.refresh()

    def _on_session_changed(self, what: S.Event) -> None:
        if what == S.STRUCTURE and self.action.isChecked() != self.switch.on:
            with QSignalBlocker(self.action):  # another source was opened: the forward graph is shown
                self.action.setChecked(self.switch.on)
        if what in (S.STRUCTURE, S.VALUES, S.SELECTION):
            self.refresh()

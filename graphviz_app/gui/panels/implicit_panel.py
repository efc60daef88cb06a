"""The implicit slope panel: dy/dx = −F_x / F_y of an equation, with this point's numbers.

Shown while an equation (``x**2 + y**2 = 25``) is open. The text comes from
:func:`graphviz_app.session.second_order.implicit.implicit_text` (Qt-free, the CLI's numbers);
this panel only lays it out, with the off-the-curve warning in the warning colour.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from graphviz_app.gui.panels.base import SessionPanel
from graphviz_app.gui.panels.message_label import MessageLabel, text_label
from graphviz_app.session.second_order.implicit import ImplicitText, implicit_text
from graphviz_app.session.state import session as S

__all__ = ["ImplicitPanel", "implicit_html"]


def implicit_html(shown: ImplicitText) -> str:
    """The formula, the numbers and the point, as rich text (the warning is shown apart)."""
    rows = [("rule", shown.formula), ("here", shown.numbers), ("point", shown.point), ("", shown.reason)]
    cells = "".join(f"<tr><td>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>" for k, v in rows if v)
    return f'<table cellspacing="0" cellpadding="3">{cells}</table>'


class ImplicitPanel(SessionPanel):
    """dy/dx of the open equation; empty (and its dock hidden) otherwise."""

    refresh_on = frozenset({S.Event.STRUCTURE, S.Event.VALUES})

    # --- signals ---------------------------------------------------------------------

    sig_relevant = Signal(bool)
    """An equation was opened (True) or something else was (False): show or hide the dock."""

    def __init__(self, session: S.Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.shown: ImplicitText | None = None
        self._relevant: bool | None = None  # unknown until the first source: the dock may be restored shown
        self.title = QLabel("<b>Implicit differentiation</b>", self)
        self.body = text_label(self, rich=True)
        self.explain = QLabel(
            "Along the curve F(x, y) = 0, F stays 0: F_x dx + F_y dy = 0, so dy/dx = −F_x / F_y. "
            "F_x and F_y are the gradients of one backward pass through F = lhs − rhs.",
            self,
        )
        self.explain.setWordWrap(True)
        self.warning = MessageLabel(self)
        self.warning.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        content = QWidget(self)
        column = self._column = QVBoxLayout(content)
        for widget in (self.title, self.body, self.warning, self.explain):
            widget.setParent(content)
            column.addWidget(widget)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # wrap, never sideways
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.refresh()

    # --- public API --------------------------------------------------------------------

    def add_section(self, widget: QWidget) -> None:
        """Another feature's rows, under dy/dx (y'' at order 2)."""
        widget.setParent(self.warning.parentWidget())
        self._column.insertWidget(self._column.indexOf(self.warning), widget)

    def refresh(self) -> None:
        self.shown = implicit_text(self.session)
        if self.shown is None:
            self.body.clear()
            self.warning.clear()
        else:
            self.body.setText(implicit_html(self.shown))
            self.warning.show_warning(f"⚠ {self.shown.warning}" if self.shown.warning else "")
        relevant = self.shown is not None
        if self.session.loaded is not None and relevant != self._relevant:
            self._relevant = relevant
            self.sig_relevant.emit(relevant)

    def sizeHint(self) -> QSize:  # noqa: N802  (Qt's name): room for the numbers and a warning
        return QSize(300, 260)

    def plain_text(self) -> str:
        return "" if self.shown is None else "\n".join(self.shown.lines())

    def works_while_hidden(self) -> bool:
        return True  # it says whether its dock should show (sig_relevant)

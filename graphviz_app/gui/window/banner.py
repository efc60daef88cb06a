"""The message over the canvas: an error the user can act on, and how it goes away again.

A message leaves

- when the user dismisses it: its ✕ button, or Escape (one of the things Escape puts
  away, see :func:`~graphviz_app.gui.window.escape.put_away_one`);
- on its own when what it describes changes: another graph is opened or laid out, a
  value is edited, and for a refused mistake ("click an edge first") another node or
  edge is selected, or a mistake is chosen or cleared (:meth:`Banner.dismiss`).

In presentation mode it is held back (:meth:`Banner.hold`): the room sees the canvas, not
the lecturer's error messages; the presenter view shows it on the lecturer's own screen,
and leaving presentation mode shows it again if it still applies.

Its colours are the theme's ``alert_fill`` and ``alert_text``, chosen for a contrast of
at least 4.5:1 (WCAG AA for text) in both themes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from graphviz_app.gui.session_link import subscribe_while_alive
from graphviz_app.gui.theme import Theme
from graphviz_app.session.state import session as S

__all__ = ["CLEARED_BY", "Banner"]

CLEARED_BY = {
    S.STRUCTURE: None,  # another graph (or the same one laid out again): every message is stale
    S.VALUES: None,  # an edited value: the numbers it was about are gone
    S.SELECTION: ("mistake",),  # "click an edge first" and the like are about the selection
}
"""Which session events make which kinds of message leave (``None``: every kind)."""


class Banner(QFrame):
    """A dismissable message across the top of the canvas."""

    sig_changed = Signal(str)
    """The message now pending ("" when there is none), shown or held back."""

    def __init__(self, session: S.Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.kind = ""
        self._held = False
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setToolTip("Dismiss this message (Escape)")
        self.close_button.setAccessibleName("dismiss the message")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.dismiss)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 4, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.setVisible(False)
        subscribe_while_alive(self, session, self._on_session, tuple(CLEARED_BY))

    # --- public API ----------------------------------------------------------------------------

    def text(self) -> str:
        """The message pending, as shown (``⚠ …``), or "" when there is none."""
        return self.label.text()

    @property
    def pending(self) -> bool:
        return bool(self.kind)

    def show_message(self, message: str, kind: str = "error") -> None:
        self.label.setText(f"⚠ {message}")
        self.kind = kind
        self.setVisible(not self._held)
        self.sig_changed.emit(self.text())

    def dismiss(self, *kinds: str) -> bool:
        """Take the message away (only if it is of one of ``kinds``, when given); True if one was."""
        if not self.kind or (kinds and self.kind not in kinds):
            return False
        self.kind = ""
        self.label.clear()
        self.setVisible(False)
        self.sig_changed.emit("")
        return True

    def hold(self, on: bool) -> None:
        """Presentation mode: keep the message off the projected window (and show it again after)."""
        self._held = on
        self.setVisible(self.pending and not on)

    def set_theme(self, theme: Theme) -> None:
        fill, text = theme.alert_fill.name(), theme.alert_text.name()
        self.setStyleSheet(
            f"QFrame#banner {{ background: {fill}; }}"
            f"QFrame#banner QLabel {{ color: {text}; background: transparent; }}"
            f"QFrame#banner QToolButton {{ color: {text}; background: transparent; border: none;"
            " font-weight: bold; padding: 2px 6px; }"
        )

    # --- session events -------------------------------------------------------------------------

    def _on_session(self, what: S.Event) -> None:
        kinds = CLEARED_BY[what]
        self.dismiss(*(kinds or ()))

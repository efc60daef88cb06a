"""The panels' text: labels that wrap and can be selected, and a line under a field (an error, a warning
or a hint, coloured for the theme)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

from graphviz_app.palette import Palette, palette_named

__all__ = ["MessageLabel", "is_dark", "palette_of", "text_label", "wrapped_text"]

# The palette's role of each kind; a hint has the widget's own text colour.
_ROLES = {"error": "error", "warning": "warning", "hint": ""}


def wrapped_text(label: QLabel, rich: bool = False) -> QLabel:
    """Make ``label`` wrap its words and let its text be selected (and copied); plain text, or ``rich``."""
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def text_label(parent: QWidget, rich: bool = False) -> QLabel:
    """A label for a panel's text, in ``parent``: wrapped and selectable (see :func:`wrapped_text`)."""
    return wrapped_text(QLabel(parent), rich)


def is_dark(widget: QWidget) -> bool:
    """True when ``widget`` is drawn on a dark background (the dark theme)."""
    return widget.palette().color(QPalette.ColorRole.Window).lightness() < 128


def palette_of(widget: QWidget) -> Palette:
    """The palette of the theme ``widget`` is drawn in: its colour roles (error, right, syntax, …)."""
    return palette_named("dark" if is_dark(widget) else "light")


class MessageLabel(QLabel):
    """A line of text under a field: an error in red, a warning in amber, or a hint.

    It hides itself when there is nothing to say, wraps long messages, and its
    text can be selected and copied. The font is the application's, so the main
    window's text size applies to it too.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = "hint"
        wrapped_text(self)
        self.setVisible(False)

    # --- public API --------------------------------------------------------------

    def show_message(self, text: str, kind: str = "error") -> None:
        """Show ``text`` as an ``"error"``, ``"warning"`` or ``"hint"``; empty text hides the label."""
        if kind not in _ROLES:
            raise ValueError(f"unknown message kind '{kind}' (error, warning or hint)")
        self.kind = kind
        self.setText(text)
        self._apply_colour()
        self.setVisible(bool(text))

    def show_error(self, text: str) -> None:
        self.show_message(text, "error")

    def show_warning(self, text: str) -> None:
        self.show_message(text, "warning")

    def show_hint(self, text: str) -> None:
        self.show_message(text, "hint")

    def clear(self) -> None:
        super().clear()
        self.setVisible(False)

    # --- Qt virtual methods --------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt's name)
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange:
            self._apply_colour()

    # --- private -----------------------------------------------------------------------

    def _apply_colour(self) -> None:
        role = _ROLES[self.kind]
        colour = getattr(palette_of(self), role) if role else ""
        sheet = f"color: {colour};" if colour else ""
        if self.styleSheet() != sheet:
            self.setStyleSheet(sheet)

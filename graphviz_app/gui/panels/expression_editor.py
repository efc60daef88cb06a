"""The expression editor: text checked while you type, and a field per input.

Typing restarts a short timer (:data:`DEBOUNCE_MS`); when it fires, the text is
parsed with :func:`graphviz_app.builders.expression.parse`. If it is not valid,
the error is underlined with a red wavy line at its line and column and its
message is shown under the editor — and the graph on the canvas stays the old
one, so half-typed text never wipes what you were looking at. Only valid text
that differs from the session's goes to :meth:`Session.set_expression`.

Under the editor is one row per input: a spin box for the exact value and a
slider for exploring. Both write to the session at once
(:meth:`Session.set_value`), so values and gradients follow the slider.

Only a change of the *text* starts the check: the highlighter recolouring the
text for another theme changes its formats, not its text, and must never
re-apply an old expression over what is open. While a network is open the
editor stays usable: text is checked as you type but replaces the network only
when you press "Use this expression" (an edit that Edit ▸ Undo takes back), and
"New expression" starts afresh as File ▸ New does.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from graphviz_app.builders.expression import parse
from graphviz_app.errors import ExpressionError, GraphvizAppError
from graphviz_app.gui.panels.base import SessionPanel
from graphviz_app.gui.panels.highlighter import ExpressionHighlighter
from graphviz_app.gui.panels.input_field import SLIDER_STEPS, InputField, slider_range
from graphviz_app.gui.panels.message_label import MessageLabel, is_dark, palette_of
from graphviz_app.session.state import session as S
from graphviz_app.text.numbers import summarize

__all__ = ["DEBOUNCE_MS", "SLIDER_STEPS", "ExpressionEditor", "InputField", "slider_range"]

DEBOUNCE_MS = 300
"""Quiet time after the last key press before the text is checked."""
NETWORK_HINT = (
    "A network is open: change it in the Network tab. To work on an expression instead, type it below "
    "and press \u201cUse this expression\u201d, or start a new one."
)


def _error_span(text: str, column: int) -> int:
    """How many characters to underline from 0-based ``column``: the word or number there, else 1."""
    end = column
    while end < len(text) and (text[end].isalnum() or text[end] in "_."):
        end += 1
    return max(1, end - column)


class ExpressionEditor(SessionPanel):
    """Edit the expression: highlighted text, errors while typing, a field per input."""

    # --- signals ---------------------------------------------------------------------

    sig_expression_applied = Signal(str)
    """Valid text was sent to the session (the text)."""
    sig_new_requested = Signal()
    """The user asked for a new expression (the window asks about unsaved changes first)."""

    def __init__(self, session: S.Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.fields: dict[str, InputField] = {}
        self._applying = False
        self._seen_text = ""

        self.editor = QPlainTextEdit(self)
        self.editor.setAccessibleName("expression")
        self.editor.setPlaceholderText("sin(x**2)\n\nu = x*y   # a named step\nz = sin(u) + u")
        self.editor.setTabChangesFocus(True)
        self.editor.setFont(self._code_font())
        self.highlighter = ExpressionHighlighter(self.editor.document(), dark=is_dark(self))
        self.error_label = MessageLabel(self)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)

        self.inputs_box = QGroupBox("Inputs", self)
        self.inputs_form = QFormLayout(self.inputs_box)
        self.inputs_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.inputs_box)

        self.network_bar = QWidget(self)
        self.hint_label = QLabel(NETWORK_HINT, self.network_bar)
        self.hint_label.setWordWrap(True)
        self.use_button = QPushButton("Use this expression", self.network_bar)
        self.use_button.setToolTip("Replace the network by the expression below (Edit ▸ Undo brings it back)")
        self.new_button = QPushButton("New expression", self.network_bar)
        self.new_button.setToolTip("Start a new expression, as File ▸ New does")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        bar = QVBoxLayout(self.network_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.hint_label)
        bar.addLayout(buttons)
        self.inputs_scroll = scroll
        layout = QVBoxLayout(self)
        layout.addWidget(self.network_bar)
        layout.addWidget(self.editor, 3)
        layout.addWidget(self.error_label)
        layout.addWidget(scroll, 2)

        self.use_button.clicked.connect(self.use_expression)
        self.new_button.clicked.connect(self.sig_new_requested.emit)
        self.editor.textChanged.connect(self._on_text_changed)
        self.timer.timeout.connect(self.check_text)
        self._load_from_session()

    # --- public API --------------------------------------------------------------------

    def add_row(self, widget: QWidget) -> None:
        """Another feature's control at the foot of the tab (the Order of derivatives)."""
        column = self.layout()
        assert column is not None  # the editor's column, made with it
        widget.setParent(self)
        column.addWidget(widget)

    @property
    def text(self) -> str:
        return self.editor.toPlainText()

    @property
    def error(self) -> str:
        """The message shown under the editor ("" when the text is valid)."""
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    def set_text(self, text: str) -> None:
        """Replace the text as if typed (the check runs after the debounce)."""
        self.editor.setPlainText(text)

    def check_text(self) -> bool:
        """Parse the text now; mark an error, or send valid new text to the session.

        Returns True when the text is valid.
        """
        self.timer.stop()
        text = self.text
        try:
            parse(text)
        except ExpressionError as exc:
            self._show_error(exc)
            return False
        self._clear_error()
        if self.session.is_network:
            self.sig_status.emit(
                "the expression is valid: press “Use this expression” to replace the network"
            )
            return True
        return self._apply(text)

    def use_expression(self) -> bool:
        """Open the editor's text as the expression, even over a network. True when it was valid."""
        self.timer.stop()
        try:
            parse(self.text)
        except ExpressionError as exc:
            self._show_error(exc)
            return False
        self._clear_error()
        return self._apply(self.text)

    def _apply(self, text: str) -> bool:
        if text == self.session.expression_text:
            return True
        self._applying = True
        try:
            self.session.set_expression(text)
        except ExpressionError as exc:
            self._show_error(exc)
            return False
        except GraphvizAppError as exc:
            self.error_label.show_error(str(exc))
            return False
        finally:
            self._applying = False
        self.sig_expression_applied.emit(text)
        inputs = ", ".join(self.session.inputs())
        self.sig_status.emit(f"expression updated{': inputs ' + inputs if inputs else ''}")
        return True

    # --- Qt virtual methods --------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt's name)
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange:
            self.highlighter.set_dark(is_dark(self))

    # --- slots ----------------------------------------------------------------------------

    def _on_text_changed(self) -> None:
        # textChanged also fires when only the colours change (a theme switch re-highlights):
        # only a different text is an edit.
        if self.text != self._seen_text:
            self._seen_text = self.text
            self.timer.start()

    def on_graph_replaced(self) -> None:
        self._load_from_session()

    def on_values_changed(self) -> None:
        self._update_fields()

    def _on_input_changed(self, name: str, value: float) -> None:
        try:
            self.session.set_value(name, value)
        except GraphvizAppError as exc:
            self.error_label.show_error(str(exc))
            self.sig_status.emit(str(exc))

    # --- private ---------------------------------------------------------------------------

    @staticmethod
    def _code_font() -> QFont:
        """A fixed-pitch family; size and the rest come from the application font."""
        font = QFont()
        font.setFamilies([QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()])
        font.setStyleHint(QFont.StyleHint.Monospace)
        return font

    def _load_from_session(self) -> None:
        """Show what the session holds (a new source, or our own text applied)."""
        session = self.session
        self.network_bar.setVisible(session.is_network)
        self.inputs_scroll.setVisible(not session.is_network)
        if session.is_network:
            self.timer.stop()
            self._rebuild_fields([])
            return
        if not self._applying and session.loaded is not None and self.text != session.expression_text:
            self.timer.stop()
            with QSignalBlocker(self.editor):
                self.editor.setPlainText(session.expression_text)
            self._seen_text = self.text
            self._clear_error()
        parsed = session.loaded.parsed if session.loaded is not None else None
        self._rebuild_fields(list(parsed.inputs) if parsed is not None else [])

    def _rebuild_fields(self, names: list[str]) -> None:
        values = self.session.values  # (a missing value counts as a number)
        if names == list(self.fields) and all(np.ndim(values.get(n, 0.0)) == 0 for n in names):
            self._update_fields()  # same inputs: keep the widgets (and the keyboard focus)
            return
        while self.inputs_form.rowCount():
            self.inputs_form.removeRow(0)
        self.fields = {}
        for name in names:
            value = self.session.values.get(name)
            if value is not None and np.ndim(value) == 0:
                field = InputField(name, float(value), self.inputs_box)
                field.sig_value_changed.connect(self._on_input_changed)
                self.fields[name] = field
                self.inputs_form.addRow(name, field)
            else:
                shown = QLabel(summarize(value) if value is not None else "no value", self.inputs_box)
                shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.inputs_form.addRow(name, shown)
        self.inputs_box.setVisible(bool(names))

    def _update_fields(self) -> None:
        for name, field in self.fields.items():
            value: Any = self.session.values.get(name)
            if value is not None and np.ndim(value) == 0:
                field.set_value(float(value))

    def _show_error(self, exc: ExpressionError) -> None:
        self.error_label.show_error(str(exc))
        selections = []
        if exc.line is not None and exc.column is not None:
            block = self.editor.document().findBlockByNumber(exc.line - 1)
            if block.isValid():
                line_text = block.text()
                column = min(max(exc.column - 1, 0), max(len(line_text) - 1, 0))
                cursor = QTextCursor(block)
                cursor.setPosition(block.position() + column)
                span = min(_error_span(line_text, column), len(line_text) - column)
                cursor.setPosition(block.position() + column + max(span, 0), QTextCursor.MoveMode.KeepAnchor)
                fmt = QTextCharFormat()
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                fmt.setUnderlineColor(QColor(palette_of(self).error))
                selection = QTextEdit.ExtraSelection()
                selection.cursor = cursor
                selection.format = fmt
                selections.append(selection)
        self.editor.setExtraSelections(selections)
        self.sig_status.emit("the expression has an error; the graph shows the last valid one")

    def _clear_error(self) -> None:
        self.error_label.clear()
        self.editor.setExtraSelections([])

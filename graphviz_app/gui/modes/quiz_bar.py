"""The quiz bar above the timeline: the question's number, the guess field, the verdict, the score, the mode.

The question itself is the caption under the canvas (see :meth:`Quiz.caption`),
which presentation mode already makes large; the bar takes the caption's font
for its prompt, field and verdict, so the room can read them too.

The bar only shows. The window's key router leaves keys typed in a field alone, so
the guess field hands each key to the window's command table first
(:meth:`~graphviz_app.gui.window.command_actions.CommandSet.press_in_field`): Enter
checks the guess, PageDown (a clicker) or Space in an empty field reveals the answer,
Escape leaves quiz mode; any other key is typing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from graphviz_app.gui.panels.flow_layout import FlowLayout
from graphviz_app.gui.panels.message_label import palette_of
from graphviz_app.session.quiz.state import MODES

if TYPE_CHECKING:
    from graphviz_app.gui.window.timeline_bar import TimelineBar

__all__ = ["GuessField", "QuizBar"]

_ROLES = {
    "right": "right",
    "wrong": "wrong",
    "hint": "hint",
}  # the palette's role of each outcome; others: plain


class GuessField(QLineEdit):
    """Where a guess is typed; each key goes to ``press`` (with the text so far) before it is typing."""

    def __init__(self, press: Callable[[QKeyEvent, str], bool]) -> None:
        super().__init__()
        self._press = press

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802  (Qt's name)
        if not self._press(event, self.text()):
            super().keyPressEvent(event)


class _WrapLabel(QLabel):
    """One line when there is room; on a narrow window it wraps (QLabel's own hint would wrap it early)."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.setWordWrap(True)

    def sizeHint(self) -> QSize:  # noqa: N802  (Qt's name)
        m = self.contentsMargins()
        one_line = self.fontMetrics().boundingRect(
            QRect(0, 0, 100000, 1000), Qt.AlignmentFlag.AlignLeft, self.text()
        )
        width = one_line.width() + 1 + m.left() + m.right() + 2 * self.margin()  # + 1: a fraction of a pixel
        return QSize(width, self.heightForWidth(width)).expandedTo(self.minimumSizeHint())


class QuizBar(QWidget):
    """The quiz's bar; keys typed in its guess field go to ``press`` first (see :class:`GuessField`)."""

    sig_mode = Signal(str, int)  # a mode of MODES, and k for "every-k"

    def __init__(self, press: Callable[[QKeyEvent, str], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quiz_bar")
        self.prompt = QLabel("Quiz")
        self.prompt.setObjectName("quiz_prompt")
        self.field = GuessField(press)
        self.field.setObjectName("quiz_guess")
        self.field.setPlaceholderText("your guess")
        self.field.setToolTip("Type a guess (0.5, -1.2e-3, 1/2) and press Enter; Space or PageDown reveals")
        self.field.setEnabled(False)
        self.verdict = QLabel("")
        self.verdict.setObjectName("quiz_verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # a long verdict wraps inside the bar instead of widening the window
        self.verdict.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.score = _WrapLabel("")  # the score and the help wrap on a narrow window, not widen it
        self.score.setObjectName("quiz_score")
        self.mode = QComboBox()
        self.mode.setToolTip("Which reveals stop the animation")
        for name, text in MODES.items():
            self.mode.addItem(text, name)
        self.k = QSpinBox()
        self.k.setRange(2, 50)
        self.k.setValue(2)
        self.k.setPrefix("k = ")
        self.k.setToolTip("Every k-th question stops the animation")
        self.marked = _WrapLabel("")
        self.help = _WrapLabel("")  # how to answer: small, so the room's eye stays on the question
        self.help.setObjectName("quiz_help")
        question = QHBoxLayout()
        question.addWidget(self.prompt)
        question.addWidget(self.field)
        question.addWidget(self.verdict, 1)
        stops = QWidget()
        stops_row = QHBoxLayout(stops)
        stops_row.setContentsMargins(0, 0, 0, 0)
        for control in (QLabel("stops at"), self.mode, self.k, self.marked):
            stops_row.addWidget(control)
        settings = FlowLayout(h_gap=16, v_gap=2)  # one line on a wide window; wrapped, never wider than it
        for widget in (self.score, self.help, stops):
            settings.addWidget(widget)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 4, 8, 0)
        column.addLayout(question)
        column.addLayout(settings)
        self.mode.currentIndexChanged.connect(self._on_mode_changed)
        self.k.valueChanged.connect(self._on_mode_changed)
        self._on_mode_changed()
        self.setVisible(False)

    # --- what the controller shows ---------------------------------------------------------------

    def ask(self, number: int, total: int) -> None:
        """A question is open: number ``number`` of ``total`` this mode asks; the field takes the guess."""
        self.prompt.setText(f"Question {number} of {total}:")
        self.field.clear()
        self.field.setEnabled(True)
        self.field.setFocus()

    def idle(self, total: int) -> None:
        """No question open: say how many this mode will ask."""
        self.prompt.setText(f"Quiz: {total} question{'s' if total != 1 else ''}")
        self.field.clear()
        self.field.setEnabled(False)

    def say(self, text: str, outcome: str = "") -> None:
        """A verdict ("right", "wrong", "skipped") or a hint on what to type ("hint")."""
        role = _ROLES.get(outcome, "")
        colour = getattr(palette_of(self), role) if role else ""
        self.verdict.setStyleSheet(f"color: {colour}" if colour else "")
        self.verdict.setText(text)

    def instruct(self, text: str) -> None:
        """How to go on, in the small row; the large verdict is cleared."""
        self.tell(text)
        self.say("")

    def tell(self, text: str) -> None:
        """How to go on, in the small row; the verdict stays."""
        self.help.setText(text)

    def show_score(self, text: str, marked: str) -> None:
        self.score.setText(text)
        self.marked.setText(marked)

    def follow_font(self, bar: TimelineBar) -> None:
        """Take the caption's font of ``bar`` (a TimelineBar) now and whenever it changes (presentation
        mode makes it large). Its size for the band, not a long caption's smaller one: the bar stays put."""
        bar.sig_caption_font.connect(self._apply_font)
        self._apply_font(bar.caption_font)

    def _apply_font(self, font: QFont) -> None:
        for widget in (self.prompt, self.field, self.verdict):  # the score and mode row stays small
            widget.setFont(font)
        self.field.setMinimumWidth(self.field.fontMetrics().horizontalAdvance("−0.00000") + 16)

    # --- slots -------------------------------------------------------------------------------------

    def _on_mode_changed(self, *_) -> None:
        mode = self.mode.currentData()
        self.k.setVisible(mode == "every-k")
        self.marked.setVisible(mode == "marked")
        self.sig_mode.emit(mode, self.k.value())

"""The single keys that steer the animation, as a lecturer's clicker sends them, and the blank screen.

Presenter remotes send PageDown / PageUp (some Right / Left) to step, and B or
"." to black out the screen. Which key does what is the window's command table
(:mod:`graphviz_app.gui.window.commands`); here is how such a key reaches it:
:class:`KeyRouter` hands every key pressed in the window to it, wherever the focus
is, except where the key is typing (:func:`is_typing`). Every step press is one
step: a press that arrives while a step is still animating ends that animation at
once and starts the next (see :meth:`Animator.step_forward`), so N presses always
give N steps.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

__all__ = ["TYPING_WIDGETS", "BlankScreen", "KeyRouter", "is_typing"]

_KEY_PRESS = QEvent.Type.KeyPress

TYPING_WIDGETS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox)
"""Where the animation keys are the user's typing, not commands."""


def is_typing(widget: QWidget | None) -> bool:
    """Whether keys pressed in ``widget`` are typing: a text or number field, or a table whose cell a
    key starts editing (the weights table: "0.5" typed on a cell must not zoom to fit and black out)."""
    if isinstance(widget, TYPING_WIDGETS):
        return True
    if not isinstance(widget, QAbstractItemView):
        return False
    editable = bool(widget.currentIndex().flags() & Qt.ItemFlag.ItemIsEditable)
    return editable and bool(widget.editTriggers() & QAbstractItemView.EditTrigger.AnyKeyPressed)


class BlankScreen(QLabel):
    """A black cover over the whole window, shown and hidden by the blank-screen keys."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._focus_before: QWidget | None = None
        self.setObjectName("blank_screen")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, Qt.GlobalColor.black)
        self.setPalette(palette)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("black screen (press B or . to come back)")
        self.setVisible(False)
        window.installEventFilter(self)

    def toggle(self) -> None:
        self.set_blank(not self.isVisible())

    def set_blank(self, on: bool) -> None:
        window = self._window
        if on:
            self._focus_before = window.focusWidget()
            self.setGeometry(window.rect())
            self.show()
            self.raise_()
            self.setFocus()
        elif self.isVisible():
            self.hide()
            if self._focus_before is not None:
                self._focus_before.setFocus()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt's name)
        if obj is self._window and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._window.rect())
        return False


class KeyRouter(QObject):
    """An application-wide event filter: keys pressed while ``window`` is active go to ``press``
    (the command table's single keys), wherever the focus is, except in a field."""

    def __init__(self, window: QWidget, press: Callable[[QKeyEvent], bool]) -> None:
        super().__init__(window)
        self.window, self.press = window, press
        self._app = QApplication.instance()
        assert self._app is not None, "keys are routed in a running application"
        self._app.installEventFilter(self)

    def detach(self) -> None:
        assert self._app is not None
        self._app.removeEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt's name)
        # Every event of the application comes here (4,348 before the first graph is drawn): all but key
        # presses leave at once, without a second call into Qt (QObject.eventFilter only says False).
        if event.type() != _KEY_PRESS:
            return False
        if self.window.isActiveWindow():
            typing = is_typing(QApplication.focusWidget())
            if not typing and isinstance(event, QKeyEvent) and self.press(event):
                return True
        return False

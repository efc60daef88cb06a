"""The keys that steer the animation, as a lecturer's clicker sends them, and the blank screen.

Presenter remotes send PageDown / PageUp (some Right / Left) to step, and B or
"." to black out the screen; :data:`KEYS` is the one table of what each key
does (the help dialog and the README show it). Every step press is one step:
a press that arrives while a step is still animating ends that animation at
once and starts the next (see :meth:`Animator.step_forward`), so N presses
always give N steps. The jump to the backward pass is on D (for ∂), a key no
remote sends.
"""

from __future__ import annotations

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


__all__ = ["BLANK_KEYS", "KEYS", "MODES", "BlankScreen", "KeyRouter", "handle_key", "put_away_one"]

BLANK_KEYS = (Qt.Key.Key_B, Qt.Key.Key_Period)

MODES = ("the window", "presentation mode", "quiz mode", "the presenter view")
"""Where keys are pressed: the main window, presentation mode (F5), quiz mode (Q) and with the
presenter view focused. Every key works in all of them unless its row in :data:`KEYS` says otherwise."""

KEYS = [
    ("Space", "play / pause"),
    ("Right, PageDown", "step forward: one step per press (presentation clickers send PageDown)"),
    ("Left, PageUp", "step back (clickers send PageUp)"),
    ("Home", "start of the forward pass"),
    ("D", "start of the backward pass (∂)"),
    ("End", "end: every gradient computed"),
    ("B, . (full stop)", "black out the screen, and back (clickers' blank-screen button)"),
    (
        "Escape",
        "put away one thing at a time: the black screen, a mistake, a message, quiz mode, the laser "
        "pointer, then presentation mode and the selection",
    ),
    ("+ / − / 0", "zoom in / out / fit the canvas"),
    ("L", "show or hide the legend: what the colours and marks mean"),
    ("P", "laser pointer: a red dot that follows the mouse, the rest of the canvas dimmed"),
    ("Q", "quiz mode: stop before each reveal and ask for it (predict, then reveal); Q or Escape leaves"),
    (
        "Enter (quiz)",
        "check the guess typed in the quiz bar; Space or PageDown reveals without one",
        ("quiz mode",),
    ),
    ("M", "mark the selected node for the quiz (mode: marked nodes), or unmark it"),
]
"""(keys, what they do[, the modes of :data:`MODES` where they work when not all]), for the help
dialog and the README's table."""


class BlankScreen(QLabel):
    """A black cover over the whole window, shown and hidden by the blank-screen keys."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
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
        window = self.parentWidget()
        if on:
            self._focus_before = window.focusWidget()
            self.setGeometry(window.rect())
            self.show()
            self.raise_()
            self.setFocus()
        elif self.isVisible():
            self.hide()
            before = getattr(self, "_focus_before", None)
            if before is not None:
                before.setFocus()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt's name)
        if obj is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(obj.rect())
        return False


class KeyRouter(QObject):
    """An application-wide event filter: the animation keys work wherever the focus is, except in a field."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        QApplication.instance().installEventFilter(self)

    def detach(self) -> None:
        QApplication.instance().removeEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt's name)
        if event.type() == QEvent.Type.KeyPress and self.window.isActiveWindow():
            typing = is_typing(QApplication.focusWidget())
            if not typing and handle_key(self.window, event):
                return True
        return super().eventFilter(obj, event)


def handle_key(window, event: QKeyEvent) -> bool:
    """Do what ``event``'s key means for ``window`` (a MainWindow); False when it is not ours."""
    key = event.key()
    if event.modifiers() & (
        Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.AltModifier
        | Qt.KeyboardModifier.MetaModifier
    ):
        return False
    blank = window.blank_screen
    if key in BLANK_KEYS:
        blank.toggle()
        return True
    if blank.isVisible() and key == Qt.Key.Key_Escape:
        blank.set_blank(False)
        return True
    if key == Qt.Key.Key_Space:
        window.animator.toggle()
    elif key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown):
        window.step_by(1)
    elif key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp):
        window.step_by(-1)
    elif key == Qt.Key.Key_Home:
        window.jump("start")
    elif key == Qt.Key.Key_End:
        window.jump("end")
    elif key == Qt.Key.Key_D:
        window.jump("backward")
    elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
        window.view.zoom_in()
    elif key == Qt.Key.Key_Minus:
        window.view.zoom_out()
    elif key == Qt.Key.Key_0:
        window.view.fit(whole=True)
    elif key == Qt.Key.Key_L:
        window.actions["legend"].toggle()
    elif key == Qt.Key.Key_P:
        window.spotlight.toggle()
    elif key == Qt.Key.Key_Q:
        window.actions["quiz"].toggle()
    elif key == Qt.Key.Key_M:
        window.quiz.toggle_mark(window.session.selection)
    elif key == Qt.Key.Key_Escape:
        put_away_one(window)
    else:
        return False
    return True


def put_away_one(window) -> None:
    """Escape: put away one thing, the one brought out last first, so a lecturer never loses more.

    (The black screen goes first, above.) Then a mistake shown, a message in the banner, quiz
    mode, the laser pointer; then presentation mode, and the selection and path highlight.
    """
    if window.mistakes.report is not None:  # in the window its own Escape shortcut does this first
        window.mistakes.clear()
    elif window.banner.dismiss():
        pass
    elif window.quiz.active:
        window.actions["quiz"].setChecked(False)
    elif window.spotlight.on:
        window.spotlight.set_on(False)
    else:
        if window.actions["presentation"].isChecked():
            window.set_presentation(False)
        window.session.select(None)
        window.paths_panel.select_path(None)
        window.scene.set_path_highlight(None, None)

"""Every key of the shortcut table works in every mode the table says it does.

The table is :func:`graphviz_app.gui.window.actions.shortcut_rows` (what F1 shows): the animation
keys of :data:`~graphviz_app.gui.modes.presenter_keys.KEYS`, then every action with a shortcut.
A row works in all of :data:`~graphviz_app.gui.modes.presenter_keys.MODES` unless it names the
modes it works in. Each key is pressed through the event loop (QTest runs Qt's shortcut
map, as a real key press does) in each of those modes, and what it does is checked.

Before: in presentation mode the menu bar is hidden, and with it every menu action's
shortcut (Ctrl+Shift+P after F5 did nothing); the presenter view, a window of its own,
had none of them (Ctrl+Shift+P there did not close it).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLabel, QMessageBox

from graphviz_app.gui.modes.presenter_keys import KEYS, MODES
from graphviz_app.gui.window.actions import shortcut_rows
from tests.gui.windows import open_and_wait

SOURCE = "example:net-221"  # a network: the neuron/layer view keys apply


@pytest.fixture
def window(make_window, qtbot, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))  # cancelled
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.Rejected)
    w = make_window(SOURCE)
    w.actions["quit"].triggered.disconnect(w.close)  # pressed here, Ctrl+Q is only counted
    w.animator.set_speed(20)
    return w


def shown_step(w) -> int:
    """The step on screen, or the one whose tokens are on their way."""
    return w.animator._target if w.animator.animating else w.session.step


def enter(qtbot, w, mode: str):
    """Put ``w`` in ``mode`` (and no other); return the widget keys are pressed on."""
    if w.session.graph is not w.scene.graph or w.session.loaded.origin != SOURCE or w.session.modified:
        w.session.modified = False
        open_and_wait(qtbot, w, SOURCE)
    w.animator.stop()
    w.blank_screen.set_blank(False)
    w.spotlight.set_on(False)
    w.session.select(None)
    w.actions["quiz"].setChecked(mode == "quiz mode")
    if w.presentation.active != (mode == "presentation mode"):
        w.set_presentation(mode == "presentation mode")
    w.actions["presenter_view"].setChecked(mode == "the presenter view")
    target = w.presenter_view if mode == "the presenter view" else w.view
    target.activateWindow()
    target.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is target.window())
    return target


# --- what each animation key does: a press, and how to see that it worked -------------------------


def _steps(qtbot, w, target, start, keys, expected):
    for key in keys:
        w.animator.go_to(start(w))
        qtbot.keyClick(target, key)
        assert shown_step(w) == expected(w), key


def _toggles(qtbot, w, target, keys, state):
    for key in keys:
        before = state()
        qtbot.keyClick(target, key)
        assert state() != before, key
        qtbot.keyClick(target, key)
        assert state() == before, key


def check_space(qtbot, w, target, mode):
    w.animator.go_to(0)
    qtbot.keyClick(target, Qt.Key_Space)
    assert w.animator.playing
    qtbot.keyClick(target, Qt.Key_Space)
    assert not w.animator.playing


def check_forward(qtbot, w, target, mode):
    _steps(qtbot, w, target, lambda w: 0, [Qt.Key_Right, Qt.Key_PageDown], lambda w: 1)


def check_back(qtbot, w, target, mode):
    _steps(qtbot, w, target, lambda w: 3, [Qt.Key_Left, Qt.Key_PageUp], lambda w: 2)


def check_home(qtbot, w, target, mode):
    _steps(qtbot, w, target, lambda w: 5, [Qt.Key_Home], lambda w: 0)


def check_backward_start(qtbot, w, target, mode):
    _steps(qtbot, w, target, lambda w: 0, [Qt.Key_D], lambda w: w.session.timeline.index_of_phase("backward"))


def check_end(qtbot, w, target, mode):
    _steps(qtbot, w, target, lambda w: 0, [Qt.Key_End], lambda w: len(w.session.timeline) - 1)


def check_blank(qtbot, w, target, mode):
    _toggles(qtbot, w, target, [Qt.Key_B, Qt.Key_Period], w.blank_screen.isVisible)


def check_escape(qtbot, w, target, mode):
    w.session.select("x[0]")
    qtbot.keyClick(target, Qt.Key_Escape)
    if mode == "presentation mode":
        assert not w.presentation.active  # the last thing left to put away
    elif mode == "quiz mode":
        assert not w.quiz.active
    else:
        assert w.session.selection is None


def check_zoom(qtbot, w, target, mode):
    def scale():
        return w.view.transform().m11()

    before = scale()
    qtbot.keyClick(target, Qt.Key_Plus)
    assert scale() > before
    qtbot.keyClick(target, Qt.Key_Minus)
    qtbot.keyClick(target, Qt.Key_Minus)
    assert scale() < before
    qtbot.keyClick(target, Qt.Key_0)
    shown = w.view.mapToScene(w.view.viewport().rect()).boundingRect()
    assert all(shown.contains(item.sceneBoundingRect()) for item in w.scene.nodes.values())


def check_legend(qtbot, w, target, mode):
    _toggles(qtbot, w, target, [Qt.Key_L], w.actions["legend"].isChecked)


def check_pointer(qtbot, w, target, mode):
    _toggles(qtbot, w, target, [Qt.Key_P], lambda: w.spotlight.on)


def check_quiz(qtbot, w, target, mode):
    before = w.quiz.active
    qtbot.keyClick(target, Qt.Key_Q)
    assert w.quiz.active != before
    w.actions["quiz"].setChecked(before)


def check_guess(qtbot, w, target, mode):
    question = w.quiz.quiz.selected()[0]
    w.animator.go_to(question.step - 1)
    qtbot.keyClick(target, Qt.Key_PageDown)  # the question opens; the guess field takes the focus
    assert w.quiz.quiz.current is question
    field = w.quiz.bar.field
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, "0")
    qtbot.keyClick(field, Qt.Key_Return)
    assert w.quiz.quiz.score.asked >= 1 and w.quiz.bar.verdict.text()


def check_mark(qtbot, w, target, mode):
    w.session.select("x[0]")
    qtbot.keyClick(target, Qt.Key_M)
    assert "x[0]" in w.quiz.marked
    qtbot.keyClick(target, Qt.Key_M)
    assert "x[0]" not in w.quiz.marked


ANIMATION_CHECKS = {
    "Space": check_space,
    "Right, PageDown": check_forward,
    "Left, PageUp": check_back,
    "Home": check_home,
    "D": check_backward_start,
    "End": check_end,
    "B, . (full stop)": check_blank,
    "Escape": check_escape,
    "+ / − / 0": check_zoom,
    "L": check_legend,
    "P": check_pointer,
    "Q": check_quiz,
    "Enter (quiz)": check_guess,
    "M": check_mark,
}


def modes_of(row) -> tuple[str, ...]:
    return row[2] if len(row) > 2 else MODES


def test_every_animation_key_has_a_check_here():
    assert [row[0] for row in KEYS] == list(ANIMATION_CHECKS)


@pytest.mark.parametrize("mode", MODES)
def test_every_animation_key_works_in_every_mode_it_claims(qtbot, window, mode):
    for row in KEYS:
        if mode in modes_of(row):
            target = enter(qtbot, window, mode)
            ANIMATION_CHECKS[row[0]](qtbot, window, target, mode)


# --- every action with a shortcut: its key triggers it ---------------------------------------------------

PREPARE = {
    # the state in which the command makes sense: something to undo, to redo
    "undo": lambda w: w.session.set_value("x[0]", 0.25),
    "redo": lambda w: (w.session.set_value("x[0]", 0.25), w.undo_history.stack.undo()),
}


@pytest.mark.parametrize("mode", MODES)
def test_every_shortcut_of_an_action_works_in_every_mode(qtbot, window, mode):
    rows = {keys: where for keys, _what, where in shortcut_rows(window.actions)}
    for name, action in list(window.actions.items()):
        if action.shortcut().isEmpty():
            continue
        assert rows[action.shortcut().toString()] == "", name  # the help says: everywhere
        target = enter(qtbot, window, mode)
        PREPARE.get(name, lambda w: None)(window)
        assert action.isEnabled(), name
        seen = []

        def spy(*_, seen=seen):
            seen.append(1)

        action.triggered.connect(spy)
        combination = action.shortcut()[0]
        qtbot.keyClick(target, combination.key(), combination.keyboardModifiers())
        action.triggered.disconnect(spy)
        assert seen == [1], f"{action.shortcut().toString()} ({name}) in {mode}"
        for box in QApplication.topLevelWidgets():
            if isinstance(box, (QMessageBox, QDialog)) and box.isVisible():
                box.close()


def test_the_presenter_view_opens_in_presentation_mode_and_its_own_key_closes_it(qtbot, window):
    """The natural order: F5, then Ctrl+Shift+P; then the same key, pressed in the presenter view."""
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_F5)
    assert window.presentation.active
    qtbot.keyClick(window.view, Qt.Key_P, Qt.ControlModifier | Qt.ShiftModifier)
    view = window.presenter_view
    assert view.isVisible()
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    qtbot.keyClick(view, Qt.Key_P, Qt.ControlModifier | Qt.ShiftModifier)
    assert not view.isVisible() and not window.actions["presenter_view"].isChecked()
    assert window.presentation.active  # the room still sees the presentation


def test_the_help_says_where_a_key_works_when_not_everywhere(qtbot, window):
    from graphviz_app.gui.window.dialogs import show_shortcuts

    rows = shortcut_rows(window.actions)
    where = {keys: w for keys, _what, w in rows}
    assert where["Enter (quiz)"] == "only in quiz mode" and where["Space"] == ""
    assert "Ctrl+Shift+B" in where  # the backward graph's key, missing from the help before
    box = show_shortcuts(window, rows)
    text = box.findChild(QLabel, "shortcuts_table").text()
    assert "only in quiz mode" in text and "presentation mode" in text
    box.close()

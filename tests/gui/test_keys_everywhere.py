"""Every key of the command table works in every mode its record says it does.

The table is :data:`graphviz_app.gui.window.commands.COMMANDS`: each command's shortcuts,
single keys and keys of the quiz's guess field, and the modes of
:data:`~graphviz_app.gui.window.command.MODES` it works in. Each key is read from the table and
pressed through the event loop (QTest runs Qt's shortcut map, as a real key press does) in each
of those modes, and what it does is checked.

Before: in presentation mode the menu bar is hidden, and with it every menu action's
shortcut (Ctrl+Shift+P after F5 did nothing); the presenter view, a window of its own,
had none of them (Ctrl+Shift+P there did not close it); the shortcut help left out
Ctrl+Shift+B (View ▸ Backward graph) and Escape (Mistakes ▸ Correct backward pass).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLabel, QMessageBox

from graphviz_app.gui.window.command import MODES, PRESENTATION, PRESENTER, QUIZ
from graphviz_app.gui.window.command_actions import help_rows, sequence
from graphviz_app.gui.window.commands import COMMANDS, command
from tests.gui.windows import open_and_wait

SOURCE = "example:net-221"  # a network: the neuron/layer view keys apply


@pytest.fixture
def window(make_window, qtbot, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))  # cancelled
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.Rejected)
    w = make_window(SOURCE)
    monkeypatch.setattr(w, "close", lambda: True)  # pressed here, Ctrl+Q is only counted
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
    w.mistakes.clear()
    w.blank_screen.set_blank(False)
    w.spotlight.set_on(False)
    w.session.select(None)
    w.actions["quiz"].setChecked(False)  # a new round: no question answered yet
    w.actions["quiz"].setChecked(mode == QUIZ)
    if w.presentation.active != (mode == PRESENTATION):
        w.set_presentation(mode == PRESENTATION)
    w.actions["presenter_view"].setChecked(mode == PRESENTER)
    target = w.presenter_view if mode == PRESENTER else w.view
    target.activateWindow()
    target.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is target.window())
    return target


def codes(keys) -> list[Qt.Key]:
    return [sequence(k)[0].key() for k in keys]


# --- what each single key does: a press, and how to see that it worked -------------------------------


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


def check_play(qtbot, w, target, keys):
    for key in keys:
        w.animator.go_to(0)
        qtbot.keyClick(target, key)
        assert w.animator.playing
        qtbot.keyClick(target, key)
        assert not w.animator.playing


def check_forward(qtbot, w, target, keys):
    _steps(qtbot, w, target, lambda w: 0, keys, lambda w: 1)


def check_back(qtbot, w, target, keys):
    _steps(qtbot, w, target, lambda w: 3, keys, lambda w: 2)


def check_start(qtbot, w, target, keys):
    _steps(qtbot, w, target, lambda w: 5, keys, lambda w: 0)


def check_backward_start(qtbot, w, target, keys):
    _steps(qtbot, w, target, lambda w: 0, keys, lambda w: w.session.timeline.index_of_phase("backward"))


def check_end(qtbot, w, target, keys):
    _steps(qtbot, w, target, lambda w: 0, keys, lambda w: len(w.session.timeline) - 1)


def check_blank(qtbot, w, target, keys):
    _toggles(qtbot, w, target, keys, w.blank_screen.isVisible)


def check_escape(qtbot, w, target, keys):
    for key in keys:
        presenting, quizzing = w.presentation.active, w.quiz.active
        w.session.select("x[0]")
        qtbot.keyClick(target, key)
        if quizzing:
            assert not w.quiz.active  # the first thing to put away
            w.actions["quiz"].setChecked(True)
        elif presenting:
            assert not w.presentation.active  # the last thing left to put away
            w.set_presentation(True)
        else:
            assert w.session.selection is None


def _scale(w) -> float:
    return w.view.transform().m11()


def check_zoom_in(qtbot, w, target, keys):
    for key in keys:
        before = _scale(w)
        qtbot.keyClick(target, key)
        assert _scale(w) > before, key


def check_zoom_out(qtbot, w, target, keys):
    for key in keys:
        before = _scale(w)
        qtbot.keyClick(target, key)
        assert _scale(w) < before, key


def check_zoom_fit(qtbot, w, target, keys):
    for key in keys:
        w.view.zoom_by(3.0)
        qtbot.keyClick(target, key)
        shown = w.view.mapToScene(w.view.viewport().rect()).boundingRect()
        assert all(shown.contains(item.sceneBoundingRect()) for item in w.scene.nodes.values()), key


def check_legend(qtbot, w, target, keys):
    _toggles(qtbot, w, target, keys, w.actions["legend"].isChecked)


def check_pointer(qtbot, w, target, keys):
    _toggles(qtbot, w, target, keys, lambda: w.spotlight.on)


def check_quiz(qtbot, w, target, keys):
    for key in keys:
        before = w.quiz.active
        qtbot.keyClick(target, key)
        assert w.quiz.active != before, key
        w.actions["quiz"].setChecked(before)


def _open_question(qtbot, w, target, number: int):
    """Step into quiz question ``number``: it opens, and the guess field takes the focus."""
    question = w.quiz.quiz.selected()[number]
    w.animator.go_to(question.step - 1)
    qtbot.keyClick(target, Qt.Key.Key_PageDown)
    assert w.quiz.quiz.current is question
    field = w.quiz.bar.field
    qtbot.waitUntil(field.hasFocus)
    return field


def check_quiz_check(qtbot, w, target, keys):
    for number, key in enumerate(keys):
        field = _open_question(qtbot, w, target, number)
        asked = w.quiz.quiz.score.asked
        qtbot.keyClicks(field, "0")
        qtbot.keyClick(field, key)
        assert w.quiz.quiz.score.asked == asked + 1 and w.quiz.bar.verdict.text(), key


def check_quiz_reveal(qtbot, w, target, keys):
    for number, key in enumerate(keys):
        field = _open_question(qtbot, w, target, number)
        skipped = w.quiz.quiz.score.skipped
        if key == Qt.Key.Key_Space:  # a character typed: typing while the field holds text
            qtbot.keyClicks(field, "1")
            qtbot.keyClick(field, key)
            assert field.text() == "1 " and w.quiz.quiz.score.skipped == skipped
            field.clear()
        qtbot.keyClick(field, key)
        assert w.quiz.quiz.score.skipped == skipped + 1, key


def check_quiz_leave(qtbot, w, target, keys):
    for key in keys:
        field = _open_question(qtbot, w, target, 0)
        qtbot.keyClick(field, key)
        assert not w.quiz.active, key
        w.actions["quiz"].setChecked(True)


def check_mark(qtbot, w, target, keys):
    for key in keys:
        w.session.select("x[0]")
        qtbot.keyClick(target, key)
        assert "x[0]" in w.quiz.marked
        qtbot.keyClick(target, key)
        assert "x[0]" not in w.quiz.marked


KEY_CHECKS = {
    "play": check_play,
    "forward": check_forward,
    "back": check_back,
    "start": check_start,
    "backward_start": check_backward_start,
    "end": check_end,
    "blank": check_blank,
    "escape": check_escape,
    "zoom_in": check_zoom_in,
    "zoom_out": check_zoom_out,
    "zoom_fit": check_zoom_fit,
    "legend": check_legend,
    "pointer": check_pointer,
    "quiz": check_quiz,
    "quiz_check": check_quiz_check,
    "quiz_reveal": check_quiz_reveal,
    "quiz_leave": check_quiz_leave,
    "mark": check_mark,
}


def test_every_single_key_of_the_table_has_a_check_here():
    assert [c.name for c in COMMANDS if c.keys or c.field_keys] == list(KEY_CHECKS)


@pytest.mark.parametrize("mode", MODES)
def test_every_single_key_works_in_every_mode_it_claims(qtbot, window, mode):
    for c in COMMANDS:
        if (c.keys or c.field_keys) and mode in c.modes:
            target = enter(qtbot, window, mode)
            KEY_CHECKS[c.name](qtbot, window, target, codes(c.keys or c.field_keys))


def test_a_single_key_with_ctrl_is_not_the_key(qtbot, window):
    target = enter(qtbot, window, MODES[0])
    window.animator.go_to(0)
    qtbot.keyClick(target, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert window.session.step == 0


# --- every shortcut: its key gives its command ----------------------------------------------------------

PREPARE = {
    # the state in which the command makes sense: something to undo, to redo, a mistake to clear
    "undo": lambda w: w.session.set_value("x[0]", 0.25),
    "redo": lambda w: (w.session.set_value("x[0]", 0.25), w.undo_history.stack.undo()),
    "mistake_correct": lambda w: w.actions["mistake_forget_all"].trigger(),
}


@pytest.mark.parametrize("mode", MODES)
def test_every_shortcut_works_in_every_mode_it_claims(qtbot, window, mode):
    where = {keys: where for keys, _what, where in help_rows(COMMANDS)}
    for c in COMMANDS:
        if not c.shortcuts or mode not in c.modes:
            continue
        action = window.actions[c.name]
        assert where[action.shortcut().toString()] == "", c.name  # the help says: everywhere
        for key in c.shortcuts:
            target = enter(qtbot, window, mode)
            PREPARE.get(c.name, lambda w: None)(window)
            assert action.isEnabled(), c.name
            seen = []

            def spy(*_, seen=seen):
                seen.append(1)

            action.triggered.connect(spy)
            combination = sequence(key)[0]
            qtbot.keyClick(target, combination.key(), combination.keyboardModifiers())
            action.triggered.disconnect(spy)
            assert seen == [1], f"{key} ({c.name}) in {mode}"
            for box in QApplication.topLevelWidgets():
                if isinstance(box, (QMessageBox, QDialog)) and box.isVisible():
                    box.close()


def test_the_presenter_view_opens_in_presentation_mode_and_its_own_key_closes_it(qtbot, window):
    """The natural order: F5, then Ctrl+Shift+P; then the same key, pressed in the presenter view."""
    (f5,) = codes(command("presentation").shortcuts)
    ctrl_shift_p = sequence(command("presenter_view").shortcuts[0])[0]
    window.view.setFocus()
    qtbot.keyClick(window.view, f5)
    assert window.presentation.active
    qtbot.keyClick(window.view, ctrl_shift_p.key(), ctrl_shift_p.keyboardModifiers())
    view = window.presenter_view
    assert view.isVisible()
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    qtbot.keyClick(view, ctrl_shift_p.key(), ctrl_shift_p.keyboardModifiers())
    assert not view.isVisible() and not window.actions["presenter_view"].isChecked()
    assert window.presentation.active  # the room still sees the presentation


def test_the_help_lists_every_key_and_says_where_a_key_works_when_not_everywhere(qtbot, window):
    from graphviz_app.gui.window.command import help_intro
    from graphviz_app.gui.window.dialogs import show_shortcuts

    rows = help_rows(COMMANDS)
    where = {keys: w for keys, _what, w in rows}
    assert where["Enter (quiz)"] == "only in quiz mode" and where["Space"] == ""
    assert "Ctrl+Shift+B" in where and "Esc" in where  # Backward graph, Correct backward pass
    listed = ", ".join(where)
    for c in COMMANDS:
        for key in c.shortcuts:
            assert sequence(key).toString() in listed, c.name
    box = show_shortcuts(window, rows, help_intro())
    text = box.findChild(QLabel, "shortcuts_table").text()
    assert "only in quiz mode" in text and "presentation mode" in text
    box.close()

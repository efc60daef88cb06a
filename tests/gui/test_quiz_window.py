"""Quiz mode in the window, driven by the keyboard alone: predict, then reveal, on example:multipath."""

import pytest
from PySide6.QtCore import QPointF, Qt

from graphviz_app.text.numbers import format_number
from tests.gui.windows import open_and_wait


def node_text(window, node):
    return [text for text, _ in window.scene.nodes[node].lines]


def grad_line(window, node):
    return next(t for t in node_text(window, node) if t.startswith("∇"))


def caption(window):
    return window.timeline_bar.caption.text()


def wait_for_question(qtbot, window, step):
    """The step that answers the question has arrived, masked, and the animation waits."""
    qtbot.waitUntil(lambda: window.session.step == step and not window.animator.animating, timeout=10000)
    assert not window.animator.playing
    assert window.quiz.quiz.current is not None and window.quiz.quiz.current.step == step


def type_guess(qtbot, window, text):
    field = window.quiz.bar.field
    assert field.hasFocus()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key_Return)


def test_a_full_quiz_on_multipath_with_the_keyboard(qtbot, window):
    open_and_wait(qtbot, window, "example:multipath")
    s, bar = window.session, window.quiz.bar
    ev = s.evaluation
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_Q)
    assert window.actions["quiz"].isChecked() and bar.isVisible()
    assert bar.prompt.text() == "Quiz: 9 questions"

    # Space plays the forward pass and stops before the first reveal (step 7: ∂z/∂(x·y) arrives)
    window.animator.set_speed(20)
    qtbot.keyClick(window.view, Qt.Key_Space)
    wait_for_question(qtbot, window, 7)
    assert grad_line(window, "mul#1") == "∇ ?"
    assert caption(window) == "What is ∂z/∂(x·y)?"
    assert bar.prompt.text() == "Question 1 of 9:"
    assert "1" not in caption(window)
    type_guess(qtbot, window, "1")
    assert bar.verdict.text() == "✓ right (within 1 %): ∂z/∂(x·y) = 1"
    assert grad_line(window, "mul#1") == "∇ 1"  # revealed
    assert caption(window) == s.caption(7)  # the arithmetic again
    assert window.view.hasFocus()

    # PageDown (a clicker) steps on: the token on its way carries "?"
    window.animator.set_speed(1)
    qtbot.keyClick(window.view, Qt.Key_PageDown)
    assert [t.text for t in window.scene.tokens] == ["?"]
    wait_for_question(qtbot, window, 8)
    assert grad_line(window, "pow#3") == "∇ ?"
    type_guess(qtbot, window, "0.5")  # wrong
    assert bar.verdict.text() == "✗ not quite (within 1 % counts): ∂z/∂(x²) = 1"

    # step 9 asks two questions about x before its first contribution arrives
    qtbot.keyClick(window.view, Qt.Key_PageDown)
    wait_for_question(qtbot, window, 9)
    assert grad_line(window, "x") == "∇ ? (1/2)"
    assert caption(window) == "How many paths lead from x to z?"
    type_guess(qtbot, window, "2")
    assert bar.verdict.text() == "✓ right: 2 paths lead from x to z"
    assert grad_line(window, "x") == "∇ ? (1/2)"  # still masked: the next question is about x
    assert caption(window).startswith("Which edge sends the largest contribution back to x?\n1) x·y → x")
    type_guess(qtbot, window, "abc")  # not an answer: a hint, no mark
    assert "type the number of an edge, 1 to 2" in bar.verdict.text()
    assert window.quiz.quiz.score.asked == 3
    type_guess(qtbot, window, "2")  # the hint selected "abc": typing replaces it
    assert bar.verdict.text() == "✓ right: 2) x² → x sends the largest (in size)"
    assert grad_line(window, "x") == f"∇ {format_number(ev.contributions[('x', 'mul#1')])} (1/2)"

    # step 10: ∂z/∂y, revealed with Space from the canvas (skipped)
    qtbot.keyClick(window.view, Qt.Key_PageDown)
    wait_for_question(qtbot, window, 10)
    assert grad_line(window, "y") == "∇ ?"
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_Space)
    assert bar.verdict.text() == "revealed: ∂z/∂y = 0.8776"
    assert grad_line(window, "y") == "∇ 0.8776"
    assert s.step == 10  # the reveal was the press: the animation did not move on

    # step 11: ∂z/∂x = 2.235, within 1 %
    qtbot.keyClick(window.view, Qt.Key_PageDown)
    wait_for_question(qtbot, window, 11)
    type_guess(qtbot, window, "2.24")
    assert bar.verdict.text() == "✓ right (within 1 %): ∂z/∂x = 2.235"

    # step 12: paths from t, then the larger contribution back to t (PageDown in the field reveals it)
    qtbot.keyClick(window.view, Qt.Key_PageDown)
    wait_for_question(qtbot, window, 12)
    type_guess(qtbot, window, "3")
    qtbot.keyClick(bar.field, Qt.Key_PageDown)  # goes on from the verdict: the next question is asked
    assert window.quiz.quiz.current.kind == "edge" and window.quiz.quiz.score.skipped == 1
    qtbot.keyClick(bar.field, Qt.Key_PageDown)  # and the next press reveals it
    assert bar.verdict.text() == "revealed: 2) x → t sends the largest (in size)"

    # step 13: ∂z/∂t = −0.3012
    qtbot.keyClick(window.view, Qt.Key_PageDown)
    wait_for_question(qtbot, window, 13)
    assert grad_line(window, "t") == "∇ ?"
    assert "0.3012" not in caption(window)
    type_guess(qtbot, window, "-0.301")  # (a Unicode minus works too: tests/session/test_quiz.py)
    assert bar.verdict.text() == "✓ right (within ±0.005): ∂z/∂t = −0.3012"
    assert grad_line(window, "t") == "∇ −0.3012"

    qtbot.keyClick(window.view, Qt.Key_PageDown)
    qtbot.waitUntil(lambda: s.step == len(s.timeline) - 1, timeout=10000)
    assert window.quiz.quiz.current is None
    score = window.quiz.quiz.score
    assert (score.right, score.wrong, score.skipped) == (6, 1, 2)
    assert bar.score.text() == "Score: 6 right of 9 asked, 2 skipped"

    # Escape leaves quiz mode
    qtbot.keyClick(window.view, Qt.Key_Escape)
    assert not window.actions["quiz"].isChecked() and not bar.isVisible()


def test_stepping_back_and_jumping_leave_an_open_question_unasked(qtbot, window):
    open_and_wait(qtbot, window, "example:multipath")
    s = window.session
    window.actions["quiz"].setChecked(True)
    window.animator.go_to(6)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_Right)
    wait_for_question(qtbot, window, 7)
    assert window.inspector_dock.widget().findChild(object, "quiz_cover").isVisible()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_Left)  # back: the question closes, unasked
    assert s.step == 6 and window.quiz.quiz.current is None
    assert window.scene.hidden is None
    assert window.inspector_dock.widget().findChild(object, "quiz_cover").isVisible()  # all quiz long
    assert window.quiz.quiz.score.asked == 0
    qtbot.keyClick(window.view, Qt.Key_Right)  # asked again
    wait_for_question(qtbot, window, 7)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_End)
    assert s.step == len(s.timeline) - 1 and window.scene.hidden is None
    assert all("?" not in t for n in window.scene.nodes for t in node_text(window, n))
    qtbot.keyClick(window.view, Qt.Key_D)  # the backward pass again: step 7 is asked once more
    qtbot.keyClick(window.view, Qt.Key_Right)
    wait_for_question(qtbot, window, 7)
    type_guess(qtbot, window, "1")
    qtbot.keyClick(window.view, Qt.Key_Home)
    qtbot.keyClick(window.view, Qt.Key_D)
    qtbot.keyClick(window.view, Qt.Key_Right)  # answered: not asked again
    qtbot.waitUntil(lambda: s.step == 7 and not window.animator.animating, timeout=10000)
    assert window.quiz.quiz.current is None and grad_line(window, "mul#1") == "∇ 1"
    assert window.quiz.quiz.score.right == 1


def test_marked_mode_asks_only_about_marked_nodes(qtbot, window):
    open_and_wait(qtbot, window, "example:multipath")
    s, bar = window.session, window.quiz.bar
    qtbot.keyClick(window.view, Qt.Key_Q)
    bar.mode.setCurrentIndex(bar.mode.findData("marked"))
    assert bar.prompt.text() == "Quiz: 0 questions"
    s.select("t")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_M)
    assert bar.prompt.text() == "Quiz: 3 questions" and bar.marked.text() == "marked: t"
    window.animator.set_speed(20)
    qtbot.keyClick(window.view, Qt.Key_Space)
    wait_for_question(qtbot, window, 12)  # nothing about x·y, x², x or y stops the animation
    assert caption(window) == "How many paths lead from t to z?"


def test_every_kth_question_and_presentation_mode(qtbot, window):
    open_and_wait(qtbot, window, "example:multipath")
    bar = window.quiz.bar
    window.actions["quiz"].setChecked(True)
    bar.mode.setCurrentIndex(bar.mode.findData("every-k"))
    bar.k.setValue(3)
    assert bar.prompt.text() == "Quiz: 3 questions"  # the 3rd, 6th and 9th
    window.set_presentation(True)
    assert bar.isVisible() and bar.prompt.font().pixelSize() == window.timeline_bar.caption.font().pixelSize()
    window.animator.set_speed(20)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_Space)
    wait_for_question(qtbot, window, 9)
    assert caption(window) == "How many paths lead from x to z?"
    type_guess(qtbot, window, "1/2")
    assert bar.verdict.text() == "type a whole number of paths, such as 2"
    type_guess(qtbot, window, "3")
    assert bar.verdict.text() == "✗ not 3: 2 paths lead from x to z"
    window.set_presentation(False)
    assert bar.isVisible()


def test_an_edit_keeps_quiz_mode_and_the_new_numbers_are_asked(qtbot, window):
    open_and_wait(qtbot, window, "example:multipath")
    s = window.session
    window.actions["quiz"].setChecked(True)
    s.set_value("t", 1.0)
    quiz = window.quiz.quiz
    grad_t = next(q for q in quiz.questions if q.kind == "gradient" and q.node == "t")
    assert grad_t.answer == pytest.approx(s.evaluation.grads["t"])
    window.animator.go_to(12)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_Right)
    wait_for_question(qtbot, window, 13)
    assert grad_line(window, "t") == "∇ ?"


def test_the_context_menu_marks_and_the_help_lists_the_keys(qtbot, window):
    open_and_wait(qtbot, window, "example:multipath")
    (entry,) = window.view.node_menu
    text, mark = entry("x")
    assert text == "Mark for the quiz (M)"
    mark()
    assert window.quiz.marked == {"x"}
    assert entry("x")[0] == "Unmark for the quiz (M)"
    entry("x")[1]()
    assert window.quiz.marked == set()
    from graphviz_app.gui.window.command_actions import help_rows
    from graphviz_app.gui.window.commands import COMMANDS

    keys = {keys: what for keys, what, _where in help_rows(COMMANDS)}
    assert "quiz mode" in keys["Q"] and "mark the selected node" in keys["M"]
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_M)  # nothing selected: a message, no mark
    assert window.quiz.marked == set() and "Select a node first" in window.statusBar().currentMessage()


def test_a_mistake_on_screen_does_not_give_an_open_question_away(qtbot, window):
    open_and_wait(qtbot, window, "example:multipath")
    assert window.mistakes.choose("overwrite")
    assert "✗ ∇ 1.755" in node_text(window, "x")  # the damage, with the right ∇ 2.235 above it
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_Q)
    window.animator.set_speed(20)
    qtbot.keyClick(window.view, Qt.Key_End)  # at the end, every gradient is out: nothing to ask
    qtbot.keyClick(window.view, Qt.Key_Home)
    qtbot.keyClick(window.view, Qt.Key_Space)
    wait_for_question(qtbot, window, 7)
    qtbot.keyClick(window.quiz.bar.field, Qt.Key_PageDown)  # reveal, skip
    qtbot.keyClick(window.view, Qt.Key_PageDown)
    wait_for_question(qtbot, window, 8)
    qtbot.keyClick(window.quiz.bar.field, Qt.Key_PageDown)
    qtbot.keyClick(window.view, Qt.Key_PageDown)
    wait_for_question(qtbot, window, 9)
    assert grad_line(window, "x") == "∇ ? (1/2)"
    assert not any("2.235" in text or "1.755" in text for text in node_text(window, "x"))


def test_gradient_width_does_not_tell_the_size_of_an_open_answer(qtbot, window):
    open_and_wait(qtbot, window, "example:multipath")
    window.actions["grad_width"].setChecked(True)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_Q)
    window.animator.set_speed(20)
    qtbot.keyClick(window.view, Qt.Key_Space)
    wait_for_question(qtbot, window, 7)
    edge = window.session.timeline.steps[7].edge  # the edge whose arrival answers ∂z/∂(x·y)
    assert edge in window.quiz.quiz.hidden.edges
    assert window.scene.edges[edge].weight == 0.0
    qtbot.keyClick(window.quiz.bar.field, Qt.Key_PageDown)  # reveal
    assert window.scene.edges[edge].weight > 0.0


def test_a_marked_node_wears_a_question_mark_that_survives_a_new_layout(qtbot, window):
    open_and_wait(qtbot, window, "example:multipath")
    window.session.select("t")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_M)
    assert [n for n, item in window.scene.nodes.items() if item.badge] == ["t"]
    item = window.scene.nodes["t"]
    disc = item.badge_disc()
    left = item.mapToScene(disc.center() - QPointF(disc.width() * 0.35, 0))  # in the disc, beside the "?"
    shot = window.view.viewport().grab().toImage()
    assert shot.pixelColor(window.view.mapFromScene(left)) == window.theme.selection
    assert not item.box.contains(
        disc.center() + QPointF(disc.width() * 0.3, -disc.width() * 0.3)
    )  # on the corner
    window.actions["dir_tb"].trigger()  # another layout: new items
    qtbot.waitUntil(lambda: window.scene.nodes["t"] is not item, timeout=20000)
    qtbot.waitUntil(lambda: window.scene.nodes["t"].badge == "?", timeout=20000)
    qtbot.keyClick(window.view, Qt.Key_M)  # t is still selected: unmark
    assert not any(item.badge for item in window.scene.nodes.values())


def test_the_space_that_goes_on_after_an_answer_never_skips_the_next_question(qtbot, window):
    """Step 12 asks two questions about t: the Space after the first answer must not reveal the second."""
    open_and_wait(qtbot, window, "example:multipath")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_Q)
    window.animator.go_to(11)
    qtbot.keyClick(window.view, Qt.Key_PageDown)
    wait_for_question(qtbot, window, 12)
    quiz, bar = window.quiz.quiz, window.quiz.bar
    type_guess(qtbot, window, "3")
    assert bar.verdict.text() == "✓ right: 3 paths lead from t to z"
    qtbot.keyClick(bar.field, Qt.Key_Space)  # "go on", as after every answer
    assert quiz.current is not None and quiz.current.kind == "edge"  # asked, not revealed
    assert quiz.score.skipped == 0 and caption(window).startswith("Which edge sends")
    assert bar.verdict.text() == "✓ right: 3 paths lead from t to z"  # the verdict stays to be read
    assert "Another question about this step" in bar.help.text()
    type_guess(qtbot, window, "2")
    assert (quiz.score.right, quiz.score.skipped) == (2, 0)
    assert "Another question" not in bar.help.text()  # answered: the help speaks of going on


def test_a_round_ends_with_a_score_card_per_kind_of_question(qtbot, window):
    open_and_wait(qtbot, window, "example:multipath")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_Q)
    card = window.quiz.card
    window.animator.go_to(11)
    qtbot.keyClick(window.view, Qt.Key_PageDown)
    wait_for_question(qtbot, window, 12)
    type_guess(qtbot, window, "3")  # paths: right
    type_guess(qtbot, window, "1")  # edge: wrong
    qtbot.keyClick(window.view, Qt.Key_PageDown)
    wait_for_question(qtbot, window, 13)
    qtbot.keyClick(window.quiz.bar.field, Qt.Key_Space)  # gradient of t: skipped
    assert not card.isVisible()  # not before the end
    qtbot.keyClick(window.view, Qt.Key_PageDown)
    s = window.session
    qtbot.waitUntil(lambda: s.step == len(s.timeline) - 1, timeout=10000)
    assert card.isVisible()
    assert card.card.lines() == [
        "path counts: 1 right, 0 wrong, 0 skipped",
        "largest contributions: 0 right, 1 wrong, 0 skipped",
        "gradients: 0 right, 0 wrong, 1 skipped",
        "all: 1 right, 1 wrong, 1 skipped (6 not asked)",
    ]
    assert "Score card" in card.text() and "largest contributions" in card.text()
    assert window.view.viewport().geometry().contains(card.geometry())  # all of it on the canvas
    window.animator.go_to(3)
    assert not card.isVisible()
    window.jump("end")
    assert card.isVisible()
    qtbot.keyClick(window.view, Qt.Key_Q)  # leaving quiz mode puts it away
    assert not card.isVisible()

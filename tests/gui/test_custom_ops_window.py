"""A function of one's own typed in the window: one node, the claim in the captions, the check flags it."""

import math

from PySide6.QtGui import QTextCharFormat

from tests.gui.windows import LAYOUT_TIMEOUT_MS

TEXT = "swish(u) := u*sigmoid(u)\nswish'(u) := sigmoid(u)\nf = swish(w*x + b)"
S = 1 / (1 + math.exp(-0.4))  # σ(z), z = 0.6·0.5 + 0.1


def type_text(qtbot, window, text):
    editor = window.expression_editor
    with qtbot.waitSignal(window.sig_layout_done, timeout=LAYOUT_TIMEOUT_MS):
        editor.set_text(text)
        assert editor.check_text(), editor.error


def test_a_typed_function_draws_one_node_and_animates_with_its_claim(qtbot, window):
    type_text(qtbot, window, TEXT)
    s = window.session
    for name, value in {"w": 0.6, "x": 0.5, "b": 0.1}.items():
        s.set_value(name, value)
    assert "f" in window.scene.nodes and "u" not in window.scene.nodes  # the argument is no input
    assert window.scene.nodes["f"].lines[0] == ("f = swish", "title")
    captions = [window.caption_of(k) for k in range(len(s.timeline))]
    assert any("f = swish(w·x + b) = (w·x + b)·σ(w·x + b) = 0.4 × σ(0.4) = 0.2395" in c for c in captions)
    claim = next(c for c in captions if "as claimed" in c)
    assert "∂f/∂(w·x + b) = swish′(w·x + b) = σ(w·x + b) = σ(0.4) = 0.5987, as claimed" in claim
    window.jump("end")
    assert s.evaluation.grads["b"] == S  # the claim flowed back, wrong as it is


def test_the_gradient_check_panel_flags_the_wrong_claim(qtbot, window):
    type_text(qtbot, window, TEXT)
    panel = window.gradcheck_panel
    panel.on_graph_replaced()
    assert panel.claims.isVisibleTo(panel)
    assert panel.claims.text().startswith("✗ swish′(w·x + b) = σ(w·x + b) at w·x + b = ")
    assert "wrong, relative error" in panel.claims.text()
    type_text(
        qtbot, window, TEXT.replace(":= sigmoid(u)\n", ":= sigmoid(u) + u*sigmoid(u)*(1 - sigmoid(u))\n")
    )
    panel.on_graph_replaced()
    assert panel.claims.text().startswith("✓ ") and "agrees: right" in panel.claims.text()
    type_text(qtbot, window, "sin(x)")
    panel.on_graph_replaced()
    assert not panel.claims.isVisibleTo(panel)


def test_a_mistake_in_a_definition_is_shown_under_the_editor_and_the_graph_stays(qtbot, window):
    type_text(qtbot, window, TEXT)
    editor = window.expression_editor
    editor.set_text("swish(u) := u*sigmoid(u)\nswish(x)")
    assert not editor.check_text()
    assert "the derivative of swish is not claimed: add swish'(u) := …" in editor.error
    assert "f" in window.scene.nodes  # the last good graph is still drawn


def test_the_editor_shows_the_defined_name_in_bold(qtbot, window):
    editor = window.expression_editor
    editor.set_text("swish(u) := u*sigmoid(u)")
    editor.timer.stop()
    block = editor.editor.document().firstBlock()
    formats = {(r.start, r.length): QTextCharFormat(r.format) for r in block.layout().formats()}
    assert formats[(0, 5)].fontWeight() == editor.highlighter.format_for("assigned").fontWeight() > 400
    assert formats[(9, 2)].foreground() == editor.highlighter.format_for("operator").foreground()  # :=

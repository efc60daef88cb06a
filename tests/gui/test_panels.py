"""The dock panels: what they show, and what they write to the session."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat

from graphviz_app.builders.examples import EXAMPLES
from graphviz_app.builders.network import build_network, spec_with_params
from graphviz_app.builders.network_spec import draw_weights
from graphviz_app.core.evaluate import evaluate
from graphviz_app.gui.panels.examples_gallery import ExamplesGallery
from graphviz_app.gui.panels.expression_editor import ExpressionEditor, slider_range
from graphviz_app.gui.panels.inspector import Inspector
from graphviz_app.gui.panels.network_form import NetworkForm
from graphviz_app.session.state.network_form import FormLayer
from graphviz_app.text.numbers import format_full

GRAD_X = 2 * 1.5 * math.cos(1.5**2)  # d/dx sin(x²) at 1.5 = −1.8845208...


def _editor(qtbot, session, source="sin(x**2)", at=None):
    session.open_source(source, at if at is not None else {"x": 1.5})
    editor = ExpressionEditor(session)
    qtbot.addWidget(editor)
    return editor


def _network_form(qtbot, session, example="net-221"):
    session.open_source(f"example:{example}")
    form = NetworkForm(session)
    qtbot.addWidget(form)
    return form


def _inspector(qtbot, session, source="sin(x**2)", at=None):
    session.open_source(source, at if at is not None else {"x": 1.5})
    inspector = Inspector(session)
    qtbot.addWidget(inspector)
    return inspector


# --- expression editor ------------------------------------------------------------------------


def test_bad_expression_shows_line_and_column_and_keeps_the_old_graph(qtbot, session):
    editor = _editor(qtbot, session)
    graph, evaluation = session.graph, session.evaluation
    editor.set_text("u = x**2\ny = sinn(u)")
    qtbot.waitUntil(lambda: editor.error != "", timeout=2000)
    assert editor.error == "line 2, column 5: unknown function 'sinn' — did you mean 'sin'?"
    assert session.graph is graph and session.evaluation is evaluation
    assert session.expression_text == "sin(x**2)"
    # the red wavy underline sits under 'sinn' on line 2
    (selection,) = editor.editor.extraSelections()
    cursor = selection.cursor
    assert cursor.block().blockNumber() == 1
    assert cursor.selectedText() == "sinn"
    assert selection.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline


def test_valid_expression_reaches_the_session_after_the_debounce(qtbot, session):
    editor = _editor(qtbot, session)
    editor.set_text("sinn(x")
    qtbot.waitUntil(lambda: editor.error != "", timeout=2000)
    editor.editor.selectAll()
    qtbot.keyClicks(editor.editor, "x*y + sin(x)")  # typed key by key: each key restarts the timer
    assert editor.text == "x*y + sin(x)"
    assert session.expression_text == "sin(x**2)"  # not yet: the timer is running
    qtbot.waitUntil(lambda: session.expression_text == "x*y + sin(x)", timeout=2000)
    assert editor.error == "" and editor.editor.extraSelections() == []
    assert session.values == {"x": 1.5, "y": 1.0}  # x kept its value, the new y starts at 1
    assert session.evaluation.output_value == pytest.approx(1.5 + math.sin(1.5))
    assert list(editor.fields) == ["x", "y"]


def test_an_input_field_per_input_and_editing_one_reevaluates(qtbot, session):
    editor = _editor(qtbot, session, "x*y + sin(x)", {"x": 1.5, "y": -2.0})
    assert list(editor.fields) == ["x", "y"]
    assert editor.fields["y"].value() == -2.0
    editor.fields["x"].spin.setValue(2.0)
    assert session.values["x"] == 2.0
    assert session.evaluation.output_value == pytest.approx(2.0 * -2.0 + math.sin(2.0))
    assert session.evaluation.grads["x"] == pytest.approx(-2.0 + math.cos(2.0))
    # the slider spans slider_range(-2) = (-4, 4) in SLIDER_STEPS positions: 3/4 of the way is 2.0
    field = editor.fields["y"]
    assert field.slider_limits == (-4.0, 4.0)
    field.slider.setValue(750)
    assert session.values["y"] == pytest.approx(2.0)
    assert session.evaluation.grads["x"] == pytest.approx(2.0 + math.cos(2.0))


def test_session_values_update_the_fields_without_writing_back(qtbot, session, monkeypatch):
    editor = _editor(qtbot, session)
    calls = []
    original = session.set_value
    monkeypatch.setattr(session, "set_value", lambda *a: (calls.append(a), original(*a)))
    session.set_value("x", 0.25)
    assert editor.fields["x"].value() == 0.25
    low, high = editor.fields["x"].slider_limits
    assert (low, high) == (-4.0, 4.0)
    assert editor.fields["x"].slider.value() == round((0.25 - low) / (high - low) * 1000)
    assert calls == [("x", 0.25)]  # the field was updated inside a signal blocker


def test_the_editor_steps_aside_for_a_network_and_follows_opened_expressions(qtbot, session):
    editor = _editor(qtbot, session)
    session.open_source("example:net-221")
    assert editor.network_bar.isVisibleTo(editor)  # issue 11: the editor stays, with a way back
    assert "Network tab" in editor.hint_label.text()
    session.open_source("example:multipath")
    assert not editor.network_bar.isVisibleTo(editor)
    assert editor.text == "x = cos(t); y = sin(t); z = x*y + x**2"
    assert list(editor.fields) == ["t"] and editor.fields["t"].value() == 0.5


def test_highlighter_colours_functions_numbers_names_and_comments(qtbot, session):
    editor = _editor(qtbot, session)
    editor.set_text("u = sin(x) + 2.5  # note")
    editor.timer.stop()
    block = editor.editor.document().firstBlock()
    ranges = block.layout().formats()
    formats = {(r.start, r.length): QTextCharFormat(r.format) for r in ranges}
    hl = editor.highlighter
    assert formats[(0, 1)].fontWeight() == hl.format_for("assigned").fontWeight() > 400  # u, bold
    assert formats[(4, 3)].foreground() == hl.format_for("function").foreground()  # sin
    assert formats[(13, 3)].foreground() == hl.format_for("number").foreground()  # 2.5
    assert formats[(18, 6)].fontItalic()  # # note


def test_slider_range_holds_the_value():
    for value in (0.0, 0.3, -1.0, 1.5, 7.0, -30.0, 999.0, 12345.6):
        low, high = slider_range(value)
        assert low < value < high and low == -high


# --- network form -------------------------------------------------------------------------------


def test_apply_with_a_bad_weight_count_shows_the_spec_error_and_keeps_the_network(qtbot, session):
    form = _network_form(qtbot, session)
    graph, before = session.graph, session.network_spec()
    spec = form.spec_from_form()
    spec["layers"][0] = {
        "weights": [[0.5, -0.2, 0.1], [0.3, 0.8, 0.0]],
        "bias": [0.1, -0.1],
        "activation": "relu",
    }
    with qtbot.waitSignal(form.sig_status):
        assert form.apply_spec(spec) is False
    assert form.error_label.isVisibleTo(form)
    assert "layers[0].weights: expected 2×2 (out × in), got 2×3" in form.error_label.text()
    assert session.graph is graph and session.network_spec() == before


def test_apply_with_an_unreadable_or_bad_target_keeps_the_network(qtbot, session):
    form = _network_form(qtbot, session)
    graph = session.graph
    form.target_edit.setText("2")
    qtbot.mouseClick(form.apply_button, Qt.MouseButton.LeftButton)
    assert "target[0]: a bce target is a probability in [0, 1], got 2" in form.error_label.text()
    form.target_edit.setText("0, zero")
    form.apply()
    assert "target[1]: 'zero' is not a number" in form.error_label.text()
    assert session.graph is graph


def test_apply_rebuilds_keeping_weights_whose_shape_is_unchanged(qtbot, session):
    form = _network_form(qtbot, session)
    assert form.layers() == [FormLayer(2, "relu"), FormLayer(1, "sigmoid")]
    assert form.input_edit.text() == "0.5, 0.1" and form.loss_combo.currentText() == "bce"
    old = session.network_spec()
    form.layers_table.cellWidget(1, 1).setCurrentText("tanh")  # an activation: same shapes
    form.loss_combo.setCurrentText("mse")
    qtbot.mouseClick(form.apply_button, Qt.MouseButton.LeftButton)
    assert form.error_label.text() == ""
    new = session.network_spec()
    assert new["loss"] == "mse" and new["layers"][1]["activation"] == "tanh"
    assert [layer["weights"] for layer in new["layers"]] == [layer["weights"] for layer in old["layers"]]
    # a size change draws the changed layers from the seed (layer 1: 3×2, layer 2: 1×3)
    form.layers_table.cellWidget(0, 0).setValue(3)
    form.seed_spin.setValue(7)
    assert form.apply() is True
    assert session.loaded.network.spec.sizes == (2, 3, 1)
    rng = np.random.default_rng(7)
    w1, w2 = draw_weights(rng, "xavier", 3, 2), draw_weights(rng, "xavier", 1, 3)
    new = session.network_spec()
    np.testing.assert_allclose(new["layers"][0]["weights"], w1)
    np.testing.assert_allclose(new["layers"][1]["weights"], w2)
    # the form reloaded from the new network
    assert form.layers() == [FormLayer(3, "relu"), FormLayer(1, "tanh")]


def test_add_and_remove_layers(qtbot, session):
    form = _network_form(qtbot, session)
    form.add_layer(4, "tanh")
    assert form.layers() == [FormLayer(2, "relu"), FormLayer(4, "tanh"), FormLayer(1, "sigmoid")]
    assert form.apply()
    assert session.loaded.network.spec.sizes == (2, 2, 4, 1)
    form.remove_layer(1)
    form.input_edit.setText("1, 2, 3")
    assert form.apply()
    assert session.loaded.network.spec.sizes == (3, 2, 1)


def test_editing_a_weight_cell_changes_the_gradients(qtbot, session):
    form = _network_form(qtbot, session)
    assert form.weights_table.rowCount() == 2 and form.weights_table.columnCount() == 3
    assert form.weight_leaf(0, 0) == ("W1[0,0]", ()) and form.weight_leaf(1, 2) == ("b1[1]", ())
    grad_before = session.evaluation.grads["W1[0,1]"]
    assert grad_before == pytest.approx(0.032186, abs=1e-6)
    form.weights_table.item(0, 0).setText("1.0")
    assert session.values["W1[0,0]"] == 1.0
    spec = EXAMPLES["net-221"].payload
    expected = evaluate(build_network(spec_with_params(spec, {"W1[0,0]": 1.0}), "neuron").graph)
    assert session.evaluation.grads["W1[0,1]"] == pytest.approx(expected.grads["W1[0,1]"])
    assert session.evaluation.grads["W1[0,1]"] != pytest.approx(grad_before)
    # a bad number is refused inline and the cell shows the weight again
    form.weights_table.item(0, 1).setText("abc")
    assert "'abc' is not a number" in form.weights_error.text()
    assert session.values["W1[0,1]"] == -0.2 and form.weights_table.item(0, 1).text() == "-0.2"


def test_weight_cells_in_the_layer_view_set_the_whole_matrix(qtbot, session):
    form = _network_form(qtbot, session)
    session.set_view("layer")
    form.show_weights(2)
    assert form.weight_leaf(0, 1) == ("W2", (0, 1)) and form.weight_leaf(0, 2) == ("b2", (0,))
    form.weights_table.item(0, 1).setText("0.25")
    np.testing.assert_allclose(session.values["W2"], [[0.6, 0.25]])
    spec = EXAMPLES["net-221"].payload
    expected = evaluate(build_network(spec_with_params(spec, {"W2[0,1]": 0.25}), "neuron").graph)
    assert session.evaluation.grads["W1"][1, 0] == pytest.approx(expected.grads["W1[1,0]"])


# --- examples gallery ---------------------------------------------------------------------------


def test_gallery_lists_every_example_and_opens_one_by_double_click(qtbot, session):
    gallery = ExamplesGallery(session)
    qtbot.addWidget(gallery)
    gallery.resize(400, 600)
    gallery.show()
    assert gallery.names() == list(EXAMPLES)
    for row, example in enumerate(EXAMPLES.values()):
        assert example.title in gallery.list.item(row).text()
        assert example.kind in gallery.list.item(row).text()
    item = gallery.list.item(gallery.names().index("net-221"))
    gallery.list.scrollToItem(item)
    rect = gallery.list.visualItemRect(item)
    assert rect.height() > 2 * gallery.fontMetrics().height()  # title and two description lines
    with qtbot.waitSignal(gallery.sig_example_opened) as blocker:
        qtbot.mouseClick(gallery.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(gallery.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["net-221"]
    assert session.is_network and session.loaded.network.spec.sizes == (2, 2, 1)


def test_gallery_open_button_and_errors(qtbot, session):
    gallery = ExamplesGallery(session)
    qtbot.addWidget(gallery)
    gallery.select("cube")
    qtbot.mouseClick(gallery.open_button, Qt.MouseButton.LeftButton)
    assert session.loaded.origin == "example:cube"
    assert gallery.open_example("nope") is False
    assert "no example named 'nope'" in gallery.error_label.text()
    assert session.loaded.origin == "example:cube"


# --- inspector -----------------------------------------------------------------------------------


def test_inspector_shows_the_gradient_and_its_contributions(qtbot, session):
    inspector = _inspector(qtbot, session)
    session.select("x")
    text = inspector.plain_text()
    assert format_full(GRAD_X) == format_full(session.evaluation.grads["x"])
    assert f"∂f/∂x = {format_full(GRAD_X)}" in text
    assert "−1.8845208" in text
    # one outgoing edge, into x²: ∂f/∂(x²) = cos(2.25), local 2x = 3, contribution = the gradient
    # (the table rounds to 6 significant digits; the gradient line above has every digit)
    assert "−0.628174" in text and "× 3\n" in text
    assert "= −1.88452\n" in text
    assert "0 of 1 contribution" in text  # at step 0 nothing has arrived
    session.set_step(len(session.timeline) - 1)
    assert "at this step: final" in inspector.plain_text()
    assert inspector.edit_row.isVisibleTo(inspector) and inspector.value_spin.value() == 1.5


def test_inspector_shows_partial_gradients_and_the_forward_caption(qtbot, session):
    inspector = _inspector(qtbot, session, "x = cos(t); y = sin(t); z = x*y + x**2", {"t": 0.5})
    session.select("x")
    first = next(s for s in session.timeline.steps if s.edge is not None and s.edge[0] == "x")
    session.set_step(first.index)
    partial = session.evaluation.contributions[first.edge]
    text = inspector.plain_text()
    assert f"partial {format_full(partial)} (1 of 2 contributions)" in text
    assert "x = cos(t) = cos(0.5) = 0.8776" in text
    total = sum(session.evaluation.contributions[("x", c)] for c in session.graph.successors("x"))
    assert total == pytest.approx(session.evaluation.grads["x"])


def test_inspector_explains_flags(qtbot, session):
    inspector = _inspector(qtbot, session, "log(x)", {"x": 0.0})
    session.select("log#1")
    assert inspector.flags_label.isVisibleTo(inspector)
    assert "log is only defined for positive numbers" in inspector.flags_label.text()
    assert "−∞" in inspector.plain_text()
    assert not inspector.edit_row.isVisibleTo(inspector)  # an op node has no value to edit


def test_inspector_edits_a_leaf_and_shows_an_edge(qtbot, session):
    inspector = _inspector(qtbot, session)
    session.select("x")
    inspector.value_spin.setValue(2.0)
    assert session.values["x"] == 2.0
    assert format_full(4 * math.cos(4.0)) in inspector.plain_text()
    square = next(iter(session.graph.successors("x")))
    session.select(("x", square))
    text = inspector.plain_text()
    assert "carries\n2.0" in text and "local\n4.0" in text
    assert f"{format_full(math.cos(4.0))} × 4.0 = {format_full(4 * math.cos(4.0))}" in text
    session.select(None)
    assert "Select a node or an edge" in inspector.plain_text()


def test_inspector_shows_a_small_jacobian_in_the_layer_view(qtbot, session):
    inspector = _inspector(qtbot, session, "example:net-221", {})
    session.set_view("layer")
    session.select(("W1", "matmul#1"))
    text = inspector.plain_text()
    assert "Jacobian of shape 2×2×2" in text and "[[[0.5, 0.1]," in text
    session.select("W1")
    assert not inspector.edit_row.isVisibleTo(inspector)  # a matrix is not edited with a spin box

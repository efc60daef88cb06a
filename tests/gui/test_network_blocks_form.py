"""The Network tab with the other layer types: rows of every type, their weights, a refused skip."""

import numpy as np
from PySide6.QtCore import Qt

from graphviz_app.gui.canvas.labels import edge_label
from graphviz_app.gui.panels.network_form import NetworkForm
from graphviz_app.session.state.network_form import FormLayer
from tests.gui.windows import hovered_tip


def _form(qtbot, session, example):
    session.open_source(f"example:{example}")
    form = NetworkForm(session)
    qtbot.addWidget(form)
    return form


def test_a_norm_row_has_no_size_activation_or_skip_and_its_table_edits_g_and_beta(qtbot, session):
    form = _form(qtbot, session, "layernorm")
    assert form.layers()[1] == FormLayer(3, "identity", "layernorm")
    table = form.layers_table
    assert [table.cellWidget(1, column).isEnabled() for column in range(4)] == [False, False, True, False]
    assert [table.cellWidget(0, column).isEnabled() for column in range(4)] == [True, True, True, True]
    form.show_weights(2)
    assert form.weights_table.rowCount() == 2 and form.weights_table.columnCount() == 3
    assert form.weights_table.verticalHeaderItem(1).text() == "beta"
    assert form.weight_leaf(0, 1) == ("g2[1]", ()) and form.weight_leaf(1, 2) == ("beta2[2]", ())
    before = session.evaluation.grads["W1[1,0]"]
    form.weights_table.item(0, 1).setText("2.5")
    assert session.values["g2[1]"] == 2.5 and session.evaluation.grads["W1[1,0]"] != before
    form.show()
    assert "∂L/∂g2[1]" in hovered_tip(form.weights_table, 0, 1)
    # choosing a type enables what it has: a dense row again gets its size and activation
    table.cellWidget(1, 2).setCurrentText("dense")
    assert [table.cellWidget(1, column).isEnabled() for column in range(4)] == [True, True, True, True]


def test_attention_weights_in_the_layer_view_and_a_refused_skip(qtbot, session):
    form = _form(qtbot, session, "attention")
    session.set_view("layer")
    form.show_weights(1)
    assert form.weights_table.rowCount() == 6 and form.weight_leaf(3, 1) == ("Wk1", (1, 1))
    form.weights_table.item(3, 1).setText("0.5")
    np.testing.assert_allclose(session.values["Wk1"], [[0.4, 0.1], [-0.3, 0.5]])
    graph = session.graph
    form.layers_table.cellWidget(1, 3).setChecked(True)  # a skip on the 2 → 1 output layer
    qtbot.mouseClick(form.apply_button, Qt.MouseButton.LeftButton)
    assert "layers[1].residual: a residual layer adds its input to its output" in form.error_label.text()
    assert session.graph is graph
    form.layers_table.cellWidget(1, 3).setChecked(False)
    form.layers_table.cellWidget(0, 3).setChecked(True)  # attention 2 → 2 may have one
    assert form.apply() and session.network_spec()["layers"][0]["residual"] is True


def test_the_attention_softmax_edge_shows_its_jacobian(session):
    session.open_source("example:attention")
    session.set_view("layer")
    ev = session.evaluation
    assert edge_label(ev, ("S1", "P1")) == "J = diag(s) − s sᵀ per row"
    assert edge_label(ev, ("P1", "a1")).startswith("J 3×2×")  # a matmul: its Jacobian's shape

"""A number typed at an ordinary speed is the number you get, in every field that takes one.

Keys go one by one through the real event loop with pauses of 100 to 400 ms between them,
as a person types (the pauses only pace the keys: nothing here measures time). Before the
fix, the Inputs spin box wrote the session's value back into itself after each key: typing
``1.25`` showed ``1.200000`` after the ``2``, the ``5`` was refused, and the input became 1.2.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

PAUSES_MS = (100, 250, 400, 170, 320)
"""Pauses between keys: the range of ordinary typing (the bug showed below 300 ms)."""
TYPED = ("1.25", "0.75", "2.75", "1.3")


def type_slowly(qtbot, widget, text: str, enter: bool = True) -> None:
    """Type ``text`` into ``widget`` (or whatever has the focus once typing starts), key by key."""
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    pauses = itertools.cycle(PAUSES_MS)
    for ch in text:
        target = QApplication.focusWidget() or widget  # a table cell opens its editor on the first key
        qtbot.keyClick(target, ch)
        qtbot.wait(next(pauses))
    if enter:
        qtbot.keyClick(QApplication.focusWidget() or widget, Qt.Key_Return)
        qtbot.wait(50)


def _select_all(qtbot, spin) -> None:
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    spin.selectAll()


@pytest.mark.parametrize("typed", TYPED)
def test_typing_into_an_input_spin_box_keeps_the_decimals(make_window, qtbot, typed):
    w = make_window("x*y + sin(x)")
    w.builder_tabs.setCurrentWidget(w.expression_editor)
    spin = w.expression_editor.fields["x"].spin
    _select_all(qtbot, spin)
    type_slowly(qtbot, spin, typed)
    assert float(w.session.values["x"]) == float(typed)
    assert spin.value() == float(typed)
    assert w.session.evaluation.grads["y"] == pytest.approx(float(typed))  # ∂(x·y + sin x)/∂y = x


def test_typing_a_negative_number_and_a_zero_keeps_them(make_window, qtbot):
    w = make_window("x*y + sin(x)")
    spin = w.expression_editor.fields["y"].spin
    for typed in ("-0.05", "0", "10.5"):
        _select_all(qtbot, spin)
        type_slowly(qtbot, spin, typed)
        assert float(w.session.values["y"]) == float(typed)


def test_the_inspector_edit_value_field_keeps_the_decimals(make_window, qtbot):
    w = make_window("x*y + sin(x)")
    w.session.select("x")
    spin = w.inspector.value_spin
    for typed in TYPED:
        _select_all(qtbot, spin)
        type_slowly(qtbot, spin, typed)
        assert float(w.session.values["x"]) == float(typed)


def test_a_weight_typed_into_the_weights_table_keeps_the_decimals(make_window, qtbot):
    w = make_window("example:net-221")
    w.builder_tabs.setCurrentWidget(w.network_form)
    table = w.network_form.weights_table
    for typed in TYPED:
        table.setFocus()
        table.setCurrentCell(0, 0)
        type_slowly(qtbot, table, typed)
        assert float(w.session.values["W1[0,0]"]) == float(typed)


def test_training_settings_typed_slowly_keep_their_decimals(make_window, qtbot):
    w = make_window("example:net-221")
    w.training_panel.parentWidget().setVisible(True)
    panel = w.training_panel
    panel.optimizer.setCurrentText("momentum")
    for name, typed in (("lr", "0.25"), ("lr", "1.75"), ("momentum", "0.95")):
        _select_all(qtbot, panel.spins[name])
        type_slowly(qtbot, panel.spins[name], typed)
        assert panel.settings()[name] == float(typed)
    _select_all(qtbot, panel.run_steps)
    type_slowly(qtbot, panel.run_steps, "250")
    assert panel.run_steps.value() == 250


def test_network_data_typed_slowly_reaches_the_network(make_window, qtbot):
    w = make_window("example:net-221")
    w.builder_tabs.setCurrentWidget(w.network_form)
    form = w.network_form
    form.input_edit.setFocus()
    form.input_edit.selectAll()
    type_slowly(qtbot, form.input_edit, "1.25, 0.75", enter=False)
    _select_all(qtbot, form.seed_spin)
    type_slowly(qtbot, form.seed_spin, "12", enter=False)
    form.apply_button.click()
    np.testing.assert_array_equal(np.ravel(w.session.network_spec()["input"]), [1.25, 0.75])
    assert form.seed_spin.value() == 12


def test_keys_typed_on_a_weight_cell_are_typing_not_commands(make_window, qtbot):
    """0, + and − zoom and "." blacks out the screen, except where they start a number in a cell."""
    w = make_window("example:net-221")
    w.builder_tabs.setCurrentWidget(w.network_form)
    table = w.network_form.weights_table
    for typed in ("0.5", "-0.25", ".75"):
        table.setFocus()
        table.setCurrentCell(1, 1)
        type_slowly(qtbot, table, typed)
        assert float(w.session.values["W1[1,1]"]) == float(typed)
        assert not w.blank_screen.isVisible()

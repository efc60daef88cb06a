"""Issue 11 in the window: theme keeps the network, the implicit slope, clicker keys, dead ends, Undo."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget

from graphviz_app.gui.panels.expression_editor import DEBOUNCE_MS
from graphviz_app.session.state.network_form import FormLayer
from tests.gui.windows import open_and_wait


def settle(qtbot, window):
    """Let every pending animation finish (no assertion on how long it takes)."""
    qtbot.waitUntil(lambda: not window.animator.animating, timeout=20000)


# --- item 1: a theme switch never touches the graph ----------------------------------------------


@pytest.mark.parametrize("theme", ["theme_dark", "theme_light"])
def test_theme_switch_keeps_the_open_network(qtbot, window, monkeypatch, theme):
    open_and_wait(qtbot, window, "sin(t)")
    open_and_wait(qtbot, window, "example:net-221")
    window.session.set_value("W1[0,0]", 0.9)
    graph, geometry = window.session.graph, window.session.geometry
    layouts = []
    monkeypatch.setattr(window.layout_runner, "request", lambda *a, **k: layouts.append(a))
    if theme == "theme_light":
        window.actions["theme_dark"].trigger()
    window.actions[theme].trigger()
    qtbot.wait(DEBOUNCE_MS * 2)
    assert window.session.is_network and window.session.graph is graph
    assert window.session.geometry is geometry and layouts == []
    assert window.session.values["W1[0,0]"] == 0.9
    assert not window.expression_editor.timer.isActive()


def test_theme_switch_with_an_expression_does_not_reapply_it(qtbot, window, monkeypatch):
    open_and_wait(qtbot, window, "sin(x**2)")
    graph = window.session.graph
    window.actions["theme_dark"].trigger()
    assert not window.expression_editor.timer.isActive()
    assert window.session.graph is graph


# --- item 2: the implicit slope in the window ---------------------------------------------------


def test_implicit_slope_in_panel_caption_and_inspector(qtbot, window):
    open_and_wait(qtbot, window, "example:circle")
    panel = window.implicit_panel
    assert window.implicit_dock.isVisibleTo(window)
    assert "dy/dx = −F_x / F_y" in panel.plain_text()
    assert "dy/dx = −(6) / (8) = −0.75" in panel.plain_text()
    window.jump("end")
    assert "dy/dx = −(6) / (8) = −0.75" in window.timeline_bar.caption.text()
    window.session.select("F")
    assert "dy/dx = −(6) / (8) = −0.75" in window.inspector.plain_text()
    window.session.set_value("x", 2.0)
    assert "F = −5" in panel.plain_text() and "not on the curve" in panel.plain_text()
    assert "F = −5" in window.inspector.plain_text()
    assert "F = −5" in window.timeline_bar.caption.text()
    open_and_wait(qtbot, window, "sin(x)")
    assert not window.implicit_dock.isVisibleTo(window)


# --- item 4: clicker presses ------------------------------------------------------------------------


@pytest.mark.parametrize("key, presses", [(Qt.Key_Right, 4), (Qt.Key_PageDown, 6), (Qt.Key_Right, 10)])
def test_every_step_press_is_one_step(qtbot, window, key, presses):
    open_and_wait(qtbot, window, "example:net-221")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_Home)
    for _ in range(presses):
        qtbot.keyClick(window.view, key)  # each arrives while the last step is still animating
    settle(qtbot, window)
    assert window.session.step == presses


def test_a_back_press_during_an_animation_goes_back_from_the_step_shown(qtbot, window):
    open_and_wait(qtbot, window, "example:net-221")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_Home)
    qtbot.keyClick(window.view, Qt.Key_Right)
    qtbot.keyClick(window.view, Qt.Key_Right)  # step 1 shown, step 2's tokens on their way
    assert window.animator.animating
    qtbot.keyClick(window.view, Qt.Key_Left)
    settle(qtbot, window)
    assert window.session.step == 1


def test_blank_screen_keys_toggle_and_backward_jump_moved(qtbot, window):
    open_and_wait(qtbot, window, "example:sin-square")
    s = window.session
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_B)
    assert window.blank_screen.isVisible() and s.step == 0
    qtbot.keyClick(window.view, Qt.Key_B)
    assert not window.blank_screen.isVisible()
    qtbot.keyClick(window.view, Qt.Key_Period)
    assert window.blank_screen.isVisible()
    qtbot.keyClick(window.blank_screen, Qt.Key_Period)
    assert not window.blank_screen.isVisible() and s.step == 0
    qtbot.keyClick(window.view, Qt.Key_D)
    assert s.step == s.timeline.index_of_phase("backward")


# --- item 6: dead ends ------------------------------------------------------------------------------


def test_expression_tab_offers_a_way_back_from_a_network(qtbot, window):
    open_and_wait(qtbot, window, "example:net-221")
    editor = window.expression_editor
    window.builder_tabs.setCurrentWidget(editor)
    assert editor.editor.isVisibleTo(editor) and editor.new_button.isVisibleTo(editor)
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        editor.new_button.click()
    assert not window.session.is_network and window.session.expression_text == "sin(x**2)"


def test_typing_over_a_network_applies_only_when_asked(qtbot, window):
    open_and_wait(qtbot, window, "example:net-221")
    editor = window.expression_editor
    editor.set_text("cos(u)")
    assert editor.check_text() and window.session.is_network  # checked, not applied
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        editor.use_button.click()
    assert window.session.expression_text == "cos(u)"


def test_view_switch_keeps_the_end(qtbot, window):
    open_and_wait(qtbot, window, "example:net-221")
    window.jump("end")
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        window.actions["view_layer"].trigger()
    s = window.session
    assert s.step == len(s.timeline) - 1
    assert window.timeline_bar.caption.text() == s.caption(s.step)


def _stored(tmp_path):
    ini = tmp_path / "settings.ini"
    return ini.read_text() if ini.exists() else ""


def test_presentation_does_not_store_large_text(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, "example:sin-square")
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        window.actions["presentation"].trigger()
    assert window.fonts_large
    window.settings_store.sync()
    assert "large_text=true" not in _stored(tmp_path)
    window.close()  # closing in presentation mode leaves it first
    window.settings_store.sync()
    assert "large_text=true" not in _stored(tmp_path) and "window_state" in _stored(tmp_path)
    assert not window.fonts_large


def _front_dock(window, docks):
    shown = [d for d in docks if d.isVisible() and not d.visibleRegion().isEmpty()]
    return shown[0] if len(shown) == 1 else shown


def test_leaving_presentation_restores_dock_sizes_and_front_tab(qtbot, window):
    open_and_wait(qtbot, window, "example:sin-square")
    window.resizeDocks([window.builder_dock], [400], Qt.Horizontal)
    window.accumulation_dock.raise_()
    window.builder_tabs.setCurrentWidget(window.gallery)
    qtbot.wait(50)
    docks = window.findChildren(QDockWidget)
    sizes = {d.objectName(): d.size() for d in docks if d.isVisible()}
    front = _front_dock(window, [window.inspector_dock, window.accumulation_dock])
    assert front is window.accumulation_dock
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        window.actions["presentation"].trigger()
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        window.actions["presentation"].trigger()
    # the window manager resizes the window after it leaves full screen; the docks follow
    qtbot.waitUntil(lambda: {d.objectName(): d.size() for d in docks if d.isVisible()} == sizes, timeout=5000)
    assert _front_dock(window, [window.inspector_dock, window.accumulation_dock]) is front
    assert window.builder_tabs.currentWidget() is window.gallery


# --- item 9: Edit ▸ Undo / Redo ------------------------------------------------------------------------


def test_edit_menu_has_undo_and_redo(window):
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    assert "Edit" in menus
    texts = [a.text().replace("&", "") for a in menus["Edit"].actions()]
    assert any(t.startswith("Undo") for t in texts) and any(t.startswith("Redo") for t in texts)
    assert window.actions["undo"].shortcut().toString() == "Ctrl+Z"
    assert window.actions["redo"].shortcut().toString() == "Ctrl+Shift+Z"


def test_undo_redo_an_input_and_the_expression_text(qtbot, window):
    open_and_wait(qtbot, window, "example:sin-square")
    undo, redo = window.actions["undo"], window.actions["redo"]
    assert not undo.isEnabled()
    window.expression_editor.fields["x"].spin.setValue(0.5)
    assert window.session.values["x"] == 0.5 and undo.isEnabled()
    undo.trigger()
    assert window.session.values["x"] == 1.5
    assert window.expression_editor.fields["x"].value() == 1.5
    redo.trigger()
    assert window.session.values["x"] == 0.5
    window.expression_editor.set_text("cos(x) * y")
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        assert window.expression_editor.check_text()
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        undo.trigger()
    assert window.session.expression_text == window.expression_editor.text
    assert window.session.values["x"] == 0.5 and "y" not in window.session.values
    window.view.setFocus()
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        qtbot.keyClick(window.view, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert window.session.expression_text == "cos(x) * y"
    qtbot.keyClick(window.view, Qt.Key_Z, Qt.ControlModifier)
    qtbot.waitUntil(lambda: window.session.expression_text != "cos(x) * y", timeout=20000)


def test_undo_network_weights_and_structure(qtbot, window):
    open_and_wait(qtbot, window, "example:net-221")
    form = window.network_form
    window.inspector.session.set_value("W2[0,1]", 0.25)
    form.layers_table.cellWidget(0, 1).setCurrentText("tanh")
    form.add_layer(3, "sigmoid")
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        assert form.apply()
    assert [layer["activation"] for layer in window.session.network_spec()["layers"]] == [
        "tanh",
        "sigmoid",
        "sigmoid",
    ]
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        window.actions["undo"].trigger()
    spec = window.session.network_spec()
    assert [layer["activation"] for layer in spec["layers"]] == ["relu", "sigmoid"]
    assert form.layers() == [FormLayer(2, "relu"), FormLayer(1, "sigmoid")]
    assert window.session.values["W2[0,1]"] == 0.25
    window.actions["undo"].trigger()
    assert window.session.values["W2[0,1]"] == -0.4
    window.actions["redo"].trigger()
    assert window.session.values["W2[0,1]"] == 0.25


def test_undoing_every_edit_leaves_nothing_to_save(qtbot, window, no_modal_questions):
    open_and_wait(qtbot, window, "example:sin-square")
    window.session.set_value("x", 0.5)
    assert window.session.modified and "•" in window.windowTitle()
    window.actions["undo"].trigger()
    assert not window.session.modified and "•" not in window.windowTitle()
    window.actions["redo"].trigger()
    assert window.session.modified


def test_a_restored_implicit_dock_hides_when_no_equation_is_open(qtbot, window):
    window.implicit_dock.setVisible(True)  # as a saved window state may bring it back
    open_and_wait(qtbot, window, "sin(x)")
    assert not window.implicit_dock.isVisibleTo(window)


def test_leaving_presentation_runs_no_deferred_deletes_and_restores_sizes_at_once(qtbot, window, monkeypatch):
    """Leaving once sent every posted event: an object deleteLater'd elsewhere (even this window) was
    deleted inside the call. Only the font's changes and the layout requests they post are needed.

    (Watching a deleteLater'd object instead depended on when the event loop got to it: flaky under load.)
    """
    from PySide6.QtCore import QEvent

    open_and_wait(qtbot, window, "example:sin-square")
    window.resizeDocks([window.builder_dock], [400], Qt.Horizontal)
    qtbot.wait(50)
    docks = window.findChildren(QDockWidget)
    sizes = {d.objectName(): d.size() for d in docks if d.isVisible()}
    window.presentation.set(True)
    qtbot.wait(50)
    sent: list[tuple] = []
    real = QApplication.sendPostedEvents
    monkeypatch.setattr(QApplication, "sendPostedEvents", lambda *args: (sent.append(args), real(*args))[1])
    window.presentation.set(False)
    assert sent, "leaving delivers the font change and the layouts it posts at once"
    wanted = (QEvent.Type.ApplicationFontChange, QEvent.Type.LayoutRequest)
    assert all(len(args) == 2 and args[1] in wanted for args in sent), sent
    assert {d.objectName(): d.size() for d in docks if d.isVisible()} == sizes  # no event loop needed

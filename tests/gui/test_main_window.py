"""The window end to end: build, animate, scrub, edit, save, reopen, export, keys."""

import json
import math
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from graphviz_app.gui.canvas.labels import edge_label
from graphviz_app.text.numbers import format_number
from tests.gui.windows import open_and_wait


def node_text(window, node):
    return [text for text, _ in window.scene.nodes[node].lines]


def test_expression_builds_a_drawn_graph(qtbot, window):
    open_and_wait(qtbot, window, "sin(x**2)")
    g = window.session.graph
    assert set(window.scene.nodes) == set(g.nodes)
    assert set(window.scene.edges) == set(g.edges)
    # start: the leaf shows its value, the op nodes not yet
    assert "1" in node_text(window, "x")
    out = window.session.evaluation.output
    assert "·" in node_text(window, out)


def test_timeline_through_both_phases_and_scrub_back(qtbot, window):
    open_and_wait(qtbot, window, "example:sin-square")
    s = window.session
    tl = s.timeline
    window.jump("end")
    assert s.step == len(tl) - 1
    grad_x = format_number(s.evaluation.grads["x"])
    assert f"∇ {grad_x}" in node_text(window, "x")
    assert grad_x == "−1.885"
    end_lines = {n: list(item.lines) for n, item in window.scene.nodes.items()}
    # scrub back to the end of the forward phase: values shown, no gradients
    k = tl.index_of_phase("backward") - 1
    window.animator.go_to(k)
    assert "∇" in node_text(window, "x")  # an empty ∇ line: no gradient yet (issue 12: no dot)
    assert any("0.7781" in t for t in node_text(window, s.evaluation.output))
    assert "0.7781" in window.timeline_bar.caption.text() or "0.778" in window.timeline_bar.caption.text()
    forward_lines = {n: list(item.lines) for n, item in window.scene.nodes.items()}
    # forward again to the end and back: identical pictures
    window.jump("end")
    assert {n: list(item.lines) for n, item in window.scene.nodes.items()} == end_lines
    window.animator.go_to(k)
    assert {n: list(item.lines) for n, item in window.scene.nodes.items()} == forward_lines


def test_keys_drive_the_animation(qtbot, window):
    open_and_wait(qtbot, window, "example:sin-square")
    s = window.session
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_End)
    assert s.step == len(s.timeline) - 1
    qtbot.keyClick(window.view, Qt.Key_Home)
    assert s.step == 0
    qtbot.keyClick(window.view, Qt.Key_PageDown)
    qtbot.waitUntil(lambda: s.step == 1, timeout=5000)
    qtbot.keyClick(window.view, Qt.Key_PageUp)
    assert s.step == 0
    qtbot.keyClick(window.view, Qt.Key_D)  # issue 11: B is the clickers' blank-screen key now
    assert s.step == s.timeline.index_of_phase("backward")
    window.animator.set_speed(50)
    qtbot.keyClick(window.view, Qt.Key_Space)
    qtbot.waitUntil(lambda: s.step == len(s.timeline) - 1, timeout=15000)
    qtbot.waitUntil(lambda: not window.animator.playing, timeout=5000)


def test_network_221_backward_numbers_on_the_canvas(qtbot, window):
    open_and_wait(qtbot, window, "example:net-221")
    s = window.session
    assert s.is_network and s.loaded.view == "neuron"
    window.jump("end")
    assert "∇ 0.1609" in node_text(window, "W1[0,0]")
    assert any(t.startswith("∇ 0.5364") for t in node_text(window, "z2[0]"))


def test_editing_a_value_relabels_without_new_layout(qtbot, window):
    open_and_wait(qtbot, window, "example:sin-square")
    window.jump("end")
    geometry = window.session.geometry
    window.session.set_value("x", 0.5)
    assert window.session.geometry is geometry
    expected = format_number(2 * 0.5 * math.cos(0.25))
    assert f"∇ {expected}" in node_text(window, "x")
    assert "0.5" in node_text(window, "x")


def test_an_edit_mid_timeline_keeps_the_edges_highlights_and_renews_their_numbers(qtbot, window):
    """An edit at the same step sets no edge's highlight (the step alone decides them); edges that
    show numbers (local derivatives) get the new ones."""
    open_and_wait(qtbot, window, "example:net-221")
    s = window.session
    s.set_step(len(s.timeline) * 3 // 4)  # in the backward pass: edges lit both ways
    s.set_value("W1[0,0]", 0.9)
    edges = window.scene.edges
    lit = {e: item.highlight for e, item in edges.items()}
    assert lit == {e: s.frame().edges.get(e) for e in edges} and {"done-backward", "done-forward"} <= set(
        lit.values()
    )
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        window.actions["show_locals"].trigger()
    s.set_step(len(s.timeline) - 1)
    edges = window.scene.edges  # drawn anew with their labels
    before = {e: item.label for e, item in edges.items()}
    s.set_value("W2[0,0]", -1.5)  # ∂z2/∂a1[0] = W2[0,0]
    after = {e: item.label for e, item in edges.items()}
    expected = {e: edge_label(s.evaluation, e) for e in edges}
    assert after != before and after == expected


def test_view_toggle_keeps_edited_numbers(qtbot, window):
    open_and_wait(qtbot, window, "example:net-221")
    window.session.set_value("W1[0,0]", 0.9)
    neuron_grad = window.session.evaluation.grads["W1[0,1]"]
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        window.actions["view_layer"].trigger()
    s = window.session
    assert s.loaded.view == "layer"
    assert float(s.evaluation.values["W1"][0, 0]) == 0.9
    assert float(s.evaluation.grads["W1"][0, 1]) == pytest.approx(neuron_grad)


def test_save_reopen_and_compare(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, "example:multipath")
    window.session.set_value("t", 0.25)
    window.animator.go_to(5)
    path = tmp_path / "lesson.json"
    assert window.files.save_to(path)
    saved = json.loads(path.read_text())
    assert saved["step"] == 5 and saved["source"]["at"]["t"] == 0.25
    before = dict(window.session.evaluation.grads)
    open_and_wait(qtbot, window, "sin(x)")
    open_and_wait(qtbot, window, str(path))
    assert window.session.step == 5
    assert window.session.evaluation.grads["t"] == pytest.approx(before["t"])
    assert not window.session.modified


def test_corrupt_file_keeps_the_current_session(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, "example:sin-square")
    graph = window.session.graph
    bad = tmp_path / "broken.json"
    bad.write_text('{"graphviz_app_session": 1, "source": {"kind": "expr')
    assert not window.open_source(str(bad))
    assert window.session.graph is graph
    assert window.banner.isVisible()
    assert "broken.json" in window.banner.text() and "unchanged" in window.banner.text()


def test_bad_expression_source_shows_message(qtbot, window):
    open_and_wait(qtbot, window, "example:sin-square")
    assert not window.open_source("sinn(x)")
    assert "did you mean 'sin'" in window.banner.text()


def test_export_png_svg_pdf(qtbot, window, tmp_path):
    from graphviz_app.gui.export.image import export_scene

    open_and_wait(qtbot, window, "example:sin-square")
    window.jump("end")
    rect = window.scene.sceneRect()
    png = export_scene(window.scene, tmp_path / "g.png", scale=2.0)
    image = QImage(str(png))
    assert (image.width(), image.height()) == (round(rect.width() * 2), round(rect.height() * 2))
    svg = export_scene(window.scene, tmp_path / "g.svg")
    root = ET.parse(svg).getroot()
    text = "".join(root.itertext())
    assert "−1.885" in text and "0.7781" in text
    pdf = export_scene(window.scene, tmp_path / "g.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_settings_toggles_and_theme(qtbot, window):
    open_and_wait(qtbot, window, "example:sin-square")
    window.jump("end")
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        window.actions["show_grads"].trigger()
    assert not any(t.startswith("∇") for t in node_text(window, "x"))
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        window.actions["show_locals"].trigger()
    labels = {e: item.label for e, item in window.scene.edges.items()}
    assert any(label == "∂ 3" for label in labels.values())
    window.actions["theme_dark"].trigger()
    assert window.scene.backgroundBrush().color().name() == "#1e1f22"


@pytest.mark.parametrize("text", ["x" * 300 + " + y", "sin(x)\0", "(" * 600 + "x" + ")" * 600])
def test_odd_text_never_escapes_as_an_exception(qtbot, window, text):
    open_and_wait(qtbot, window, "example:sin-square")
    graph = window.session.graph
    ok = window.open_source(text)
    if not ok:
        assert window.session.graph is graph and window.banner.isVisible()


@pytest.mark.parametrize("answer, closes", [("Discard", True), ("Cancel", False)])
def test_closing_with_unsaved_changes_asks(qtbot, window, monkeypatch, answer, closes):
    from PySide6.QtWidgets import QMessageBox

    open_and_wait(qtbot, window, "example:sin-square")
    window.session.set_value("x", 0.3)
    asked = []
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: asked.append(box.text()) or getattr(QMessageBox, answer)
    )
    assert window.close() is closes
    assert asked and "Save the changes" in asked[0]


def test_gallery_asks_before_replacing_unsaved_changes(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    open_and_wait(qtbot, window, "example:sin-square")
    window.session.set_value("x", 0.3)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.Cancel)
    assert not window.gallery.open_example("net-221")
    assert window.session.evaluation.values["x"] == 0.3
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.Discard)
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        assert window.gallery.open_example("net-221")
    assert window.session.is_network


def test_presentation_mode_hides_panels_and_restores_them(qtbot, window):
    open_and_wait(qtbot, window, "example:sin-square")
    assert window.inspector_dock.isVisible() and not window.fonts_large
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        window.actions["presentation"].trigger()  # larger text lays the graph out again
    assert not window.inspector_dock.isVisible() and not window.builder_dock.isVisible()
    assert window.fonts_large and window.timeline_bar.isVisible()
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        qtbot.keyClick(window.view, Qt.Key_Escape)
    assert window.inspector_dock.isVisible() and window.builder_dock.isVisible()
    assert not window.fonts_large and not window.actions["presentation"].isChecked()


def test_opening_a_saved_session_keeps_the_persons_theme(qtbot, window, tmp_path):
    """A theme is the person's preference: a file (older ones name one) does not switch it."""
    import json

    open_and_wait(qtbot, window, "example:sin-square")
    window.set_theme("dark")
    window.session.save(tmp_path / "mine.json")
    saved = json.loads((tmp_path / "mine.json").read_text())
    assert "theme" not in saved["settings"]  # not written
    saved["settings"]["theme"] = "light"  # as an older file has it
    (tmp_path / "old.json").write_text(json.dumps(saved))
    open_and_wait(qtbot, window, str(tmp_path / "old.json"))
    assert window.theme.name == "dark" and window.actions["theme_dark"].isChecked()
    assert window.scene.backgroundBrush().color().name() == "#1e1f22"


def test_the_unsaved_changes_question_wears_the_dark_theme(qtbot, window, monkeypatch):
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QMessageBox

    open_and_wait(qtbot, window, "example:sin-square")
    window.set_theme("dark")
    window.session.set_value("x", 0.3)
    boxes = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box) or QMessageBox.Cancel)
    assert not window.confirm_discard()
    (box,) = boxes
    assert box.testOption(QMessageBox.Option.DontUseNativeDialog)  # a native box would stay light
    background = box.palette().color(QPalette.ColorRole.Window)
    assert background == window.palette().color(QPalette.ColorRole.Window) and background.lightness() < 128


def test_a_typed_expression_titles_the_window_with_itself(qtbot, window):
    open_and_wait(qtbot, window, "sin(x)*y")
    assert window.windowTitle() == "sin(x)*y — graphviz-app"
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        window.session.set_expression("a = x * y\nb = sin(a) + " + " + ".join(["a"] * 20))
    title = window.windowTitle()
    assert title.startswith("a = x * y; b = sin(a) + a") and "…" in title and "editor" not in title


@pytest.mark.parametrize("name, key", [("legend", "L"), ("pointer", "P"), ("quiz", "Q")])
def test_the_view_menu_shows_the_animation_keys_and_they_do_what_it_says(qtbot, window, name, key):
    from PySide6.QtCore import Qt

    open_and_wait(qtbot, window, "example:sin-square")
    action = window.actions[name]
    assert action in window.view_menu.actions()
    assert action.text().split("\t")[1] == key and "\t" not in action.iconText()
    state = {
        "legend": lambda: window.legend.isVisible(),
        "pointer": lambda: window.spotlight.on,
        "quiz": lambda: window.quiz.active,
    }[name]
    before = state()
    window.view.setFocus()
    qtbot.keyClick(window.view, getattr(Qt, f"Key_{key}"))
    assert state() != before  # the key does it
    action.trigger()
    assert state() == before  # and so does the menu entry


def test_file_export_writes_tikz_and_dot_as_the_command_line_does(qtbot, window, tmp_path, monkeypatch):
    from graphviz_app.gui.export import image_dialog as export_dialog

    open_and_wait(qtbot, window, "example:sin-square")
    window.jump("end")
    export_menu = next(
        a.menu() for a in window.menuBar().actions()[0].menu().actions() if a.menu() and "Export" in a.text()
    )
    listed = [a.objectName() for a in export_menu.actions()]
    assert "action_export_tex" in listed and "action_export_dot" in listed
    for fmt, first in (("tex", "% graphviz-app"), ("dot", "// Computation graph")):
        out = tmp_path / f"graph.{fmt}"
        monkeypatch.setattr(export_dialog, "ask_export", lambda parent, f, folder, out=out: (out, 2.0, False))
        window.actions[f"export_{fmt}"].trigger()
        text = out.read_text(encoding="utf-8")
        assert text.startswith(first), fmt
    assert r"\begin{tikzpicture}" in (tmp_path / "graph.tex").read_text()
    dot = (tmp_path / "graph.dot").read_text()
    assert "digraph computation" in dot and "value 0.7781" in dot and "grad -1.885" in dot
